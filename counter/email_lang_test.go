package counter

import (
	"strings"
	"testing"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAMessageToTheCustomerIsInTheCustomersLanguageWhenItGoes: a message
// to the order's customer goes to the customer's address of the moment it
// goes (a customer corrected, or another put on the order, while it
// waited); it speaks that customer's language too, not the one of the
// customer it was queued for: an English customer put on the order, or
// a customer whose language was corrected to English, gets it in English.
func TestAMessageToTheCustomerIsInTheCustomersLanguageWhenItGoes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		invoice  bool
		replaced bool // another customer put on the order (else the same corrected)
	}{
		{"tickets, customer corrected", false, false},
		{"tickets, customer replaced", false, true},
		{"invoice, customer replaced", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newMailRig(t, nil, nil) // no mail server yet: the outbox fills
			first := pos.Customer{Name: "John Smith", Email: "john@example.ch", Lang: "fr"}
			var o pos.Order
			if tc.invoice {
				o = r.sell("hamlet-05", 2, first, pos.Tender{Method: "invoice"})
			} else {
				o = r.sell("hamlet-01", 2, first)
				if _, err := r.till.SendTickets(o.Number, ""); err != nil {
					t.Fatal(err)
				}
			}
			ov, _, err := r.svc.Order(o.Number)
			if err != nil {
				t.Fatal(err)
			}
			if tc.replaced {
				c, err := r.svc.SaveCustomer("claire", pos.Customer{Name: "Ann Brown", Email: "ann@example.ch", Lang: "en"})
				if err != nil {
					t.Fatal(err)
				}
				if err := r.till.SetOrderCustomer(o.Number, c.ID); err != nil {
					t.Fatal(err)
				}
			} else {
				c := *ov.Customer
				c.Lang = "en"
				if _, err := r.svc.SaveCustomer("claire", c); err != nil {
					t.Fatal(err)
				}
			}
			srv := mailtest.New(t)
			r.svc.Close()
			r.open(srv)
			r.pass()
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("%d messages sent", len(got))
			}
			p, err := mailtest.Parse(got[0].Data)
			if err != nil {
				t.Fatal(err)
			}
			subject := mustDecode(t, p.Header.Get("Subject"))
			if !strings.HasPrefix(subject, "Your") && !strings.HasPrefix(subject, "Invoice") {
				t.Fatalf("to %v, subject %q: not in English, the customer's language", got[0].To, subject)
			}
		})
	}
}
