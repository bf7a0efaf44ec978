package counter

import (
	"testing"

	"guichet/mail/mailtest"
)

// TestTicketsSentAgainWhileTheFirstWaitsAreNotQueuedTwice: staff press
// "e" on an order, then again before the mail server was reached: the
// same tickets to the same address are waiting already, and the customer
// would get two identical messages. The second is refused, saying so; to
// another address, or once the first went, it is queued.
func TestTicketsSentAgainWhileTheFirstWaitsAreNotQueuedTwice(t *testing.T) {
	cases := []struct {
		name        string
		first, then string // addresses ("": the customer's)
		sentBefore  bool   // the first went before the second is asked
		queued      bool   // the second is queued
	}{
		{"again to the customer", "", "", false, false},
		{"the customer's address typed", "", "Zoe@Example.ch", false, false},
		{"again to a typed address", "box@example.ch", "box@example.ch", false, false},
		{"to another address", "", "box@example.ch", false, true},
		{"once the first went", "", "", true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.New(t)
			r := newMailRig(t, srv, nil)
			o := r.sell("hamlet-01", 2, zoe)
			if _, err := r.till.SendTickets(o.Number, tc.first); err != nil {
				t.Fatal(err)
			}
			if tc.sentBefore {
				r.pass()
			}
			_, err := r.till.SendTickets(o.Number, tc.then)
			if tc.queued != (err == nil) {
				t.Fatalf("the second sending: err %v, want queued %v", err, tc.queued)
			}
			r.pass()
			want := 1
			if tc.queued {
				want = 2
			}
			if got := len(srv.Messages()); got != want {
				t.Fatalf("%d messages went, want %d", got, want)
			}
		})
	}
}
