package counter

import (
	"testing"

	"guichet/pos"
	"guichet/printers/printertest"
)

// TestAnInvoicePaidInCashOpensTheDrawer: an invoice's payment validated
// at the counter in cash (the customer hands over CHF 200: change to
// give) goes into the drawer and its X/Z figures, but the
// drawer stayed shut: the cashier had to record a cash movement or count
// for a Z to put the money in and give the change. It opens, as for a
// sale paid in cash or a cash refund; a bank transfer opens nothing.
func TestAnInvoicePaidInCashOpensTheDrawer(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	var orders []string
	for _, seats := range [][]string{{"F-9", "F-10"}, {"F-11", "F-12"}} {
		if err := r.till.AddSeats("hamlet-00", "parterre", "adult", seats...); err != nil {
			t.Fatal(err)
		}
		sale, err := r.till.Checkout([]pos.Tender{{Method: "invoice"}})
		if err != nil {
			t.Fatal(err)
		}
		orders = append(orders, sale.Order.Number)
	}
	r.printed()
	if err := r.till.ValidatePayment(orders[0], pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	if got := printertest.Sequence(r.printed()); got != "" {
		t.Fatalf("a bank transfer validated printed %q, want nothing", got)
	}
	if err := r.till.ValidatePayment(orders[1], cash(20000)); err != nil {
		t.Fatal(err)
	}
	if got := printertest.Sequence(r.printed()); got != "drawer" {
		t.Fatalf("an invoice paid in cash printed %q, want the drawer kick", got)
	}
}
