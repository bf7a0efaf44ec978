package counter

import (
	"strings"
	"testing"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAMessageToTheCustomerDoesNotGoToTheCustomerTakenOff: an order sold
// to the wrong customer, its tickets (or its invoice) queued to that
// customer while the mail server is away, then the customer taken off the
// order or replaced by one without an e-mail: the message, which follows
// the order's customer, is not sent to the address it was queued with (a
// stranger would get valid tickets); it is refused with a sentence.
func TestAMessageToTheCustomerDoesNotGoToTheCustomerTakenOff(t *testing.T) {
	for _, tc := range []struct {
		name    string
		invoice bool
		then    pos.Customer // "": taken off
	}{
		{"tickets, customer taken off", false, pos.Customer{}},
		{"tickets, customer without e-mail", false, pos.Customer{Name: "Léa Roth"}},
		{"invoice, customer taken off", true, pos.Customer{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newMailRig(t, nil, nil) // no mail server yet: the outbox fills
			wrong := pos.Customer{Name: "Wrong Person", Email: "wrong@example.ch"}
			var o pos.Order
			if tc.invoice {
				o = r.sell("hamlet-05", 3, wrong, pos.Tender{Method: "invoice"})
			} else {
				o = r.sell("hamlet-01", 2, wrong)
				if _, err := r.till.SendTickets(o.Number, ""); err != nil {
					t.Fatal(err)
				}
			}
			id := ""
			if tc.then.Name != "" {
				c, err := r.svc.SaveCustomer("claire", tc.then)
				if err != nil {
					t.Fatal(err)
				}
				id = c.ID
			}
			if err := r.till.SetOrderCustomer(o.Number, id); err != nil {
				t.Fatal(err)
			}
			srv := mailtest.New(t)
			r.svc.Close()
			r.open(srv)
			p := r.pass()
			if got := srv.Messages(); len(got) != 0 {
				t.Fatalf("sent to %v after the customer was changed", got[0].To)
			}
			box, err := r.svc.OutboxOf(o.Number)
			if err != nil {
				t.Fatal(err)
			}
			if len(box) != 1 || box[0].State != EmailRefused || !strings.Contains(box[0].LastError, "e-mail address") || len(p.Refused) != 1 {
				t.Fatalf("outbox %+v, pass %+v", box, p)
			}
		})
	}
}
