package kiosk

import (
	"strings"
	"testing"

	"guichet/printers"
	"guichet/printers/printertest"
)

// TestAnApprovalMarkedRefundedPrintsItsRefundSlip: a card approval the
// kiosk could not turn into an order, refunded on the terminal by staff
// and marked so from the staff menu, left the customer with no paper:
// the kiosk's printer, which prints its tickets and receipts, printed
// nothing. It prints a refund slip now, read back from the printer's
// bytes: the payment's reference, the amount given back to the card,
// why no order was made of it, who refunded it, and the kiosk. The test
// failed before: the printer got no slip.
func TestAnApprovalMarkedRefundedPrintsItsRefundSlip(t *testing.T) {
	r := newRig(t, rigOpts{})
	till, err := r.svc.UnlockKiosk()
	if err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	pc, err := till.PricedWith([]string{"card"})
	if err != nil {
		t.Fatal(err)
	}
	req, err := till.RequestPayment("card", pc.Total)
	if err != nil {
		t.Fatal(err)
	}
	const why = "the show is sold out"
	if err := till.ResolvePayment(req.Ref, "refund", "", why); err != nil {
		t.Fatal(err)
	}
	_ = till.ClearCart()
	_ = till.Close()
	seen := len(r.printer.Printed())

	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Payment "+req.Ref+" was refunded on the terminal")
	r.keys("down", "down", "down", "down", "enter")
	r.waitFor("Payment " + req.Ref + " is marked refunded")
	var doc printers.Document
	r.waitUntil(func() bool {
		doc, err = printers.Decode(r.printer.Printed()[seen:])
		return err == nil && printertest.Sequence(doc) == "refund"
	}, "the refund slip to print")
	r.waitUntil(func() bool {
		q, err := r.svc.Register().PrintQueue()
		return err == nil && len(q) == 0
	}, "the slip to be recorded printed")
	if len(doc.Unknown) > 0 {
		t.Fatalf("unknown bytes: %v", doc.Unknown)
	}
	got := strings.Join(strings.Fields(doc.Plain()), " ")
	for _, w := range []string{"Théâtre du Lac", "Refund", "Payment " + req.Ref, "Refunded", "Credit card",
		pc.Total.Neg().Format("en"), "TOTAL " + pc.Total.Neg().Format("en"), "Reason: " + why,
		"Register K01", "Refunded by Claire Dubois", "Journal "} {
		if !strings.Contains(got, w) {
			t.Errorf("the slip does not say %q:\n%s", w, doc.Plain())
		}
	}
}
