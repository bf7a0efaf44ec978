package counter

import (
	"testing"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAnInvoiceNoLongerToPaySaysItWillNotGo: an invoice e-mail still in
// the outbox (the sender's next pass not come yet) when its order is paid
// at the counter, or canceled, is not sent: it asks for a payment no
// longer due. The order's screen said it was "waiting to be sent" until
// the pass recorded it refused; OutboxOf now says at once what the pass
// will record, with the same reason. An invoice still to pay still waits.
func TestAnInvoiceNoLongerToPaySaysItWillNotGo(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(r *mailRig, number string) error
		want string // "" waiting
	}{
		{"still to pay", func(*mailRig, string) error { return nil }, ""},
		{"paid", func(r *mailRig, n string) error { return r.till.ValidatePayment(n, pos.Tender{Reference: "VIR-1"}) },
			"the invoice was paid"},
		{"canceled", func(r *mailRig, n string) error { return r.till.Cancel(n, "the customer called") },
			"the order was canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.New(t)
			r := newMailRig(t, srv, nil)
			o := r.sell("hamlet-05", 2, zoe, pos.Tender{Method: "invoice"})
			if err := tc.do(r, o.Number); err != nil {
				t.Fatal(err)
			}
			said := func(when string) OutboxMessage {
				t.Helper()
				ob, err := r.svc.OutboxOf(o.Number)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range ob {
					if m.Kind == pos.EmailInvoice {
						return m
					}
				}
				t.Fatalf("%s: no invoice e-mail in %+v", when, ob)
				return OutboxMessage{}
			}
			before := said("before the pass")
			if tc.want == "" {
				if before.State != EmailWaiting {
					t.Fatalf("an invoice still to pay says %+v", before)
				}
				return
			}
			if before.State != EmailRefused || before.LastError != tc.want {
				t.Fatalf("before the pass, the invoice's e-mail says %s %q, want refused %q (the pass will not send it)", before.State, before.LastError, tc.want)
			}
			r.pass()
			after := said("after the pass")
			if after.State != before.State || after.LastError != before.LastError {
				t.Fatalf("the pass recorded %s %q, the screen said %s %q", after.State, after.LastError, before.State, before.LastError)
			}
			if k := srv.MessageIDs(t); len(k) != 0 {
				t.Fatalf("sent %v", k)
			}
		})
	}
}
