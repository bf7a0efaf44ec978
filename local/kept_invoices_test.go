package local

import (
	"testing"
	"time"

	"guichet/internal/fakeclock"
	"guichet/pos"
)

// keptInvoicesRegister is a register whose invoice method keeps its
// orders after their deadline, with n invoices placed and their deadline
// passed.
func keptInvoicesRegister(t *testing.T, n int) (*Register, *Till, []pos.Order) {
	t.Helper()
	cat := demoCatalog(t)
	m, _ := cat.PaymentMethodByID("invoice")
	m.KeepAfterDeadline = true
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: t.TempDir() + "/g.db", Register: "K01", Catalog: cat, Now: clk.Now})
	must(t, err)
	t.Cleanup(func() { r.Close() })
	a := openTill(t, r, "claire", "1234")
	var orders []pos.Order
	for i := range n {
		must(t, a.AddTickets([]string{"hamlet-04", "hamlet-05"}[i%2], "galerie", "adult", 2))
		o, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
		must(t, err)
		orders = append(orders, o)
	}
	clk.Add(30 * 24 * time.Hour)
	return r, a, orders
}

// TestKeptInvoicesAreNotDecodedAtEveryCartChange: invoices past their
// deadline that their method keeps stay due for good; every cart change
// and every checkout read each of them again as a whole order (30
// invoices: 584 allocations a call of LapseDue, their order.placed still in
// memory; 110 an invoice beyond the 32 that memory keeps). They are
// remembered kept now, while their records and the catalog are the same.
func TestKeptInvoicesAreNotDecodedAtEveryCartChange(t *testing.T) {
	r, _, _ := keptInvoicesRegister(t, 30)
	if n, err := r.LapseDue(); err != nil || n != 0 {
		t.Fatalf("kept invoices: %d lapsed, %v", n, err)
	}
	allocs := testing.AllocsPerRun(10, func() {
		if n, err := r.LapseDue(); err != nil || n != 0 {
			t.Fatalf("kept invoices: %d lapsed, %v", n, err)
		}
	})
	if allocs > 30*5 {
		t.Errorf("LapseDue with 30 kept invoices past their deadline: %.0f allocations, want at most %d (5 an invoice)", allocs, 30*5)
	}
}

// TestKeptInvoicesLapseOnceTheirMethodNoLongerKeepsThem: what is
// remembered of kept invoices holds for one catalog; a catalog whose
// invoice method keeps nothing after the deadline lapses them at the next
// look, and an invoice validated meanwhile stays paid.
func TestKeptInvoicesLapseOnceTheirMethodNoLongerKeepsThem(t *testing.T) {
	r, a, orders := keptInvoicesRegister(t, 3)
	must(t, a.AddItem(pos.LineProduct, "programme", 1)) // a cart change: they are found kept
	if n, err := r.LapseDue(); err != nil || n != 0 {
		t.Fatalf("kept invoices: %d lapsed, %v", n, err)
	}
	must(t, a.ValidatePayment(orders[0].Number, pos.Tender{Reference: "VIR-1"}))
	a.ClearCart()
	must(t, r.SetCatalog(demoCatalog(t))) // its invoice method keeps nothing
	if n, err := r.LapseDue(); err != nil || n != 2 {
		t.Fatalf("under a catalog that keeps nothing: %d lapsed, want 2 (%v)", n, err)
	}
	for i, want := range []string{pos.OrderPaid, pos.OrderLapsed, pos.OrderLapsed} {
		ov, _, err := r.Order(orders[i].Number)
		must(t, err)
		if ov.Order.State != want {
			t.Errorf("invoice %d: %s, want %s", i, ov.Order.State, want)
		}
	}
	checkJournal(t, r)
}
