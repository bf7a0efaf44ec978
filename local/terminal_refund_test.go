package local

import (
	"testing"
)

// TestACardRefundsSlipIsQueuedWithItsMark: a kiosk's approval marked
// refunded with its slip queues a print job in the same commit, read back
// with the payment's amount, method, why no order was made of it and who
// refunded it, though the views forgot the payment once refunded; the
// views rebuilt from the journal are the same (journal verify), in the
// queue and once printed; a mark without the slip queues nothing. The
// test failed before: RefundedPayment queued no slip.
func TestACardRefundsSlipIsQueuedWithItsMark(t *testing.T) {
	r, _ := openTest(t, "")
	k, err := r.UnlockKiosk()
	must(t, err)
	owe := func() (PaymentRequest, string) {
		must(t, k.AddTickets("hamlet-01", "galerie", "adult", 2))
		pc, err := k.Priced()
		must(t, err)
		req, err := k.RequestPayment("card", pc.Total)
		must(t, err)
		k.ClearCart()
		// another charge between the request and its resolution
		other, err := k.RequestPayment("card", chf(100))
		must(t, err)
		must(t, k.ResolvePayment(other.Ref, PaymentDeclined, "", ""))
		must(t, k.ResolvePayment(req.Ref, PaymentRefund, "", "sold out meanwhile"))
		return req, req.Ref
	}
	first, ref := owe()
	must(t, k.RefundedPayment(ref, "refunded on the terminal by claire", true))
	q, err := r.PrintQueue()
	must(t, err)
	if len(q) != 1 || q[0].Kind != JobPaymentRefund || q[0].Order != ref {
		t.Fatalf("the print queue after the mark: %+v", q)
	}
	tr, err := r.TerminalRefundOf(q[0].ID)
	must(t, err)
	if tr.Ref != ref || tr.Amount != first.Amount || tr.Method != "card" || tr.Why != "sold out meanwhile" ||
		tr.Note != "refunded on the terminal by claire" || tr.Register != "K01" || tr.Time.IsZero() {
		t.Fatalf("the slip's refund: %+v", tr)
	}
	verified := func(when string) {
		t.Helper()
		res, err := Verify(r.Path())
		if err != nil || !res.Views {
			t.Fatalf("%s: journal verify: %+v %v", when, res, err)
		}
	}
	verified("queued")
	must(t, r.MarkPrinted(q[0].ID))
	verified("printed")
	_, ref2 := owe()
	must(t, k.RefundedPayment(ref2, "refunded on the terminal by claire", false))
	if q, err := r.PrintQueue(); err != nil || len(q) != 0 {
		t.Fatalf("a mark without its slip queued %+v (%v)", q, err)
	}
}
