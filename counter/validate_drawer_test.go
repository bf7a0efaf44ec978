package counter

import (
	"strings"
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

// TestAPaidInvoicesReceiptSaysWhenAndHow: the receipt printed after an
// invoice's payment was validated said "Payé: Sur facture CHF 130.00",
// and nothing of when nor how it was paid: not the bank transfer's
// reference the accountant matches, nor that the customer paid in cash at
// the counter. It says so under the payments; an invoice not paid yet, or
// an order paid at the sale, says nothing of it.
func TestAPaidInvoicesReceiptSaysWhenAndHow(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	var orders []string
	for _, seats := range [][]string{{"F-9", "F-10"}, {"F-11", "F-12"}, {"F-13", "F-14"}} {
		if err := r.till.AddSeats("hamlet-00", "parterre", "adult", seats...); err != nil {
			t.Fatal(err)
		}
		sale, err := r.till.Checkout([]pos.Tender{{Method: "invoice"}})
		if err != nil {
			t.Fatal(err)
		}
		orders = append(orders, sale.Order.Number)
	}
	if err := r.till.ValidatePayment(orders[0], pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	if err := r.till.ValidatePayment(orders[1], cash(20000)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		order     int
		lang      pos.Lang
		want, not string
	}{
		{0, pos.French, "Payée le lun. 23 nov. 2026 : virement bancaire, réf. VIR-1", ""},
		{0, pos.English, "Paid on Mon 23 Nov 2026: bank transfer, ref. VIR-1", ""},
		{1, pos.French, "Payée le lun. 23 nov. 2026 : Espèces", "réf."},
		{2, pos.French, "", "Payée le"}, // not paid yet
	} {
		n := orders[tc.order]
		ov, ok, err := r.svc.Order(n)
		if err != nil || !ok {
			t.Fatalf("order %s: %v", n, err)
		}
		text, err := r.svc.ReceiptPreview(ov.Order, tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(text), " ")
		if !strings.Contains(flat, tc.want) || tc.not != "" && strings.Contains(flat, tc.not) {
			t.Errorf("%s's receipt (%s): want %q, not %q, in\n%s", n, tc.lang, tc.want, tc.not, text)
		}
	}
}
