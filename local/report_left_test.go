package local

import (
	"slices"
	"testing"

	"guichet/pos"
)

// TestTheReportListsThePaymentsATillLeft: CHF 20 in cash and CHF 5 by
// card taken for a sale that was never recorded (the till closed, or the
// cart was emptied) are journaled as payments.left and the cashier is
// told to give them back. The X/Z said nothing of them, so a drawer kept
// CHF 20 over with no line to explain it. The shift's report lists them
// by method, apart from the cash expected (which they are not in), and
// the Z keeps them; a member of staff with no shift open adds nothing.
func TestTheReportListsThePaymentsATillLeft(t *testing.T) {
	path := t.TempDir() + "/guichet.db"
	r, _ := openTest(t, path)
	till := openTill(t, r, "claire", "1234")
	before, err := till.XReport()
	must(t, err)
	must(t, r.RecordSession(TillSession{Event: EventPaymentsLeft, Staff: "claire", Till: "ssh-2",
		Payments: []pos.Tender{{Method: "cash", Amount: chf(2000), Tendered: chf(5000)}, {Method: "card", Amount: chf(500)}}}))
	must(t, r.RecordSession(TillSession{Event: EventPaymentsLeft, Staff: "claire",
		Payments: []pos.Tender{{Method: "cash", Tendered: chf(1000)}}}))
	must(t, r.RecordSession(TillSession{Event: EventPaymentsLeft, Staff: "marc",
		Payments: []pos.Tender{{Method: "cash", Amount: chf(700)}}}))
	must(t, r.RecordSession(TillSession{Event: "login", Staff: "claire", Till: "ssh-3"}))
	want := []MethodTotal{{Method: "card", Count: 1, Amount: chf(500)}, {Method: "cash", Count: 2, Amount: chf(3000)}}
	x, err := till.XReport()
	must(t, err)
	if !slices.Equal(x.Left, want) {
		t.Fatalf("the X report's payments left: %+v, want %+v", x.Left, want)
	}
	if x.Expected != before.Expected {
		t.Fatalf("payments left changed the cash expected: %s, was %s", x.Expected, before.Expected)
	}
	z, err := till.CloseShift(x.Expected.Plus(chf(2000)))
	must(t, err)
	if !slices.Equal(z.Left, want) || z.Difference != chf(2000) {
		t.Fatalf("the Z: left %+v, difference %s", z.Left, z.Difference)
	}
	r.Close()
	res, err := Rebuild(path)
	must(t, err)
	if !res.Identical {
		t.Fatalf("rebuild: %+v", res)
	}
}
