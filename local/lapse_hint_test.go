package local

import (
	"testing"
	"time"

	"guichet/pos"
)

// TestACartChangeReadsTheFileOnceUntilADeadlinePasses: a till adding to
// its cart asked the file in a read of its own whether an invoice had
// lapsed, at every change, though none had (the read before its cart's
// own: two a change); it now reads once, until a pending invoice's
// deadline passes, and then the invoice lapses as before, at the next
// change of any till's cart.
func TestACartChangeReadsTheFileOnceUntilADeadlinePasses(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	readsOf := func(what string, fn func() error) int {
		t.Helper()
		before := r.FileReads()
		must(t, fn())
		n := r.FileReads() - before
		t.Logf("%s: %d reads", what, n)
		return n
	}
	addProgramme := func() error { return a.AddItem(pos.LineProduct, "programme", 1) }
	if n := readsOf("no invoice", addProgramme); n != 1 {
		t.Errorf("a cart change with no invoice pending read the file %d times, want 1", n)
	}
	a.ClearCart()
	must(t, a.AddSeats("hamlet-04", "parterre", "adult", "C-1", "C-2"))
	o, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	if o.Deadline.IsZero() {
		t.Fatal("the invoice has no deadline")
	}
	clk.Add(o.Deadline.Sub(clk.Now()) - time.Minute)
	if n := readsOf("before its deadline", addProgramme); n != 1 {
		t.Errorf("a cart change before the invoice's deadline read the file %d times, want 1", n)
	}
	clk.Add(2 * time.Minute)
	b, err := r.Unlock("claire", "1234") // another till
	must(t, err)
	must(t, b.AddSeats("hamlet-04", "parterre", "adult", "C-1")) // its seat is free again
	ov, _, err := r.Order(o.Number)
	must(t, err)
	if ov.Order.State != pos.OrderLapsed {
		t.Fatalf("after its deadline the invoice is %s, want lapsed", ov.Order.State)
	}
	if n, err := r.LapseDue(); err != nil || n != 0 {
		t.Fatalf("lapsed again: %d, %v", n, err)
	}
	checkJournal(t, r)
}
