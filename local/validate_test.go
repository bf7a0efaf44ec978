package local

import (
	"strings"
	"testing"

	"guichet/pos"
)

// TestAnInvoicePaidAtTheCounterIsCountedHowItWasPaid: validating an invoice
// records how it was paid: cash goes into the validating shift's drawer
// (the X report expects it), a card keeps its terminal reference, a bank
// transfer its reference; the order's payment says so, and a rebuild of
// the views agrees.
func TestAnInvoicePaidAtTheCounterIsCountedHowItWasPaid(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	invoice := func() (string, pos.Money) {
		t.Helper()
		must(t, till.AddTickets("hamlet-01", "galerie", "adult", 3))
		o, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
		must(t, err)
		if o.State != pos.OrderPending {
			t.Fatalf("order %s is %s, want pending", o.Number, o.State)
		}
		return o.Number, o.Payments[0].Amount
	}
	before, err := till.XReport()
	must(t, err)

	inCash, due := invoice()
	must(t, till.ValidatePayment(inCash, pos.Tender{Method: "cash", Tendered: due.Plus(chf(500))}))
	x, err := till.XReport()
	must(t, err)
	if got := x.Expected.Minus(before.Expected); got != due {
		t.Fatalf("the drawer expects %s more after an invoice of %s paid in cash", got, due)
	}
	ov, _, err := r.Order(inCash)
	must(t, err)
	if p := ov.Order.Payments[0]; ov.Order.State != pos.OrderPaid || p.Kind != pos.KindCash || p.Pending || p.Change != chf(500) {
		t.Fatalf("the order's payment after cash validation: %+v (%s)", p, ov.Order.State)
	}

	byCard, _ := invoice()
	must(t, till.ValidatePayment(byCard, pos.Tender{Method: "card", Card: &pos.CardRef{Terminal: "T-77"}}))
	ov, _, err = r.Order(byCard)
	must(t, err)
	if p := ov.Order.Payments[0]; p.Kind != pos.KindCard || p.Card == nil || p.Card.Terminal != "T-77" {
		t.Fatalf("card validation: %+v", p)
	}

	byTransfer, _ := invoice()
	must(t, till.ValidatePayment(byTransfer, pos.Tender{Reference: "BANK-2026-0042"}))
	ov, _, err = r.Order(byTransfer)
	must(t, err)
	if p := ov.Order.Payments[0]; p.Kind != pos.KindInvoice || p.Reference != "BANK-2026-0042" || p.Pending {
		t.Fatalf("transfer validation: %+v", p)
	}
	x2, err := till.XReport()
	must(t, err)
	if x2.Expected != x.Expected {
		t.Fatalf("a card and a transfer changed the cash expected: %s → %s", x.Expected, x2.Expected)
	}

	other, _ := invoice()
	if err := till.ValidatePayment(other, pos.Tender{Method: "free"}); err == nil {
		t.Fatal("an invoice was validated as free")
	}
	path := r.Path()
	must(t, r.Close())
	res, err := Rebuild(path)
	must(t, err)
	if !res.Identical {
		t.Fatal("the views differ from a rebuild after validations")
	}
}

// TestATransferIsValidatedWithItsReference: an invoice paid by bank
// transfer is found again by the transfer's reference; a validation
// without one (or only spaces) is refused with a sentence saying to type
// it, and the invoice still waits.
func TestATransferIsValidatedWithItsReference(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 3))
	o, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	for _, how := range []pos.Tender{{}, {Reference: "   "}, {Method: "invoice"}, {Method: "invoice", Reference: "\t"}} {
		err := till.ValidatePayment(o.Number, how)
		if err == nil || !strings.Contains(err.Error(), "reference") {
			t.Fatalf("transfer validated with reference %q: %v", how.Reference, err)
		}
		ov, _, err := r.Order(o.Number)
		must(t, err)
		if ov.Order.State != pos.OrderPending {
			t.Fatalf("after a refused validation the order is %s", ov.Order.State)
		}
	}
	must(t, till.ValidatePayment(o.Number, pos.Tender{Method: "invoice", Reference: " VIR-7 "}))
	ov, _, err := r.Order(o.Number)
	must(t, err)
	if p := ov.Order.Payments[0]; ov.Order.State != pos.OrderPaid || p.Reference != "VIR-7" {
		t.Fatalf("transfer validation: %+v (%s)", p, ov.Order.State)
	}
}
