package counter

import (
	"testing"
	"time"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAMessageNotYetSentGoesToTheCustomersCurrentAddress: a message to
// the order's customer that waits (a 4xx, the server down) goes to the
// address the desk corrected since, not to the one it was queued with; a
// message sent to an address typed at the desk keeps it.
func TestAMessageNotYetSentGoesToTheCustomersCurrentAddress(t *testing.T) {
	for _, tc := range []struct {
		name, typed, want string
		invoice           bool
	}{
		{name: "tickets to the customer", want: "zoe.muller@example.ch"},
		{name: "tickets to the customer's address typed", typed: "ZOE@example.ch", want: "zoe.muller@example.ch"},
		{name: "invoice", invoice: true, want: "zoe.muller@example.ch"},
		{name: "tickets to another address typed", typed: "friend@example.ch", want: "friend@example.ch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.New(t)
			r := newMailRig(t, srv, nil)
			srv.Refuse(451)
			var o pos.Order
			if tc.invoice {
				o = r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
			} else {
				o = r.sell("hamlet-01", 1, zoe)
				if _, err := r.till.SendTickets(o.Number, tc.typed); err != nil {
					t.Fatal(err)
				}
			}
			if p := r.pass(); len(p.Retry) != 1 {
				t.Fatalf("first pass %+v", p)
			}
			ov, _, err := r.svc.Order(o.Number)
			if err != nil {
				t.Fatal(err)
			}
			c := *ov.Customer
			c.Email = "zoe.muller@example.ch"
			if _, err := r.svc.SaveCustomer("claire", c); err != nil {
				t.Fatal(err)
			}
			r.clk.Add(time.Hour)
			if p := r.pass(); len(p.Sent) != 1 {
				t.Fatalf("second pass %+v", p)
			}
			k := srv.MessageIDs(t)
			if len(k[tc.want]) != 1 || len(k) != 1 {
				t.Fatalf("received %v, want one message to %s", k, tc.want)
			}
		})
	}
}
