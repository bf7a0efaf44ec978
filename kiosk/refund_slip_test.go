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
	const why = "the show is sold out"
	req := r.approvalRefunded(why)
	seen := len(r.printer.Printed())

	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Payment "+req.Ref+" was refunded on the terminal")
	r.keys("down", "down", "down", "down", "enter")
	r.waitFor("Payment " + req.Ref + " is marked refunded")
	var (
		doc printers.Document
		err error
	)
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
		req.Amount.Neg().Format("en"), "TOTAL " + req.Amount.Neg().Format("en"), "Reason: " + why,
		"Register K01", "Refunded by Claire Dubois", "Journal "} {
		if !strings.Contains(got, w) {
			t.Errorf("the slip does not say %q:\n%s", w, doc.Plain())
		}
	}
}
