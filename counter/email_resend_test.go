package counter

import (
	"slices"
	"strings"
	"testing"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestARefusedInvoiceGoesAgainOnceTheAddressIsCorrected: an order on an
// invoice whose customer's address was mistyped has its invoice refused by
// the mail server (550). The box office corrects the address and sends the
// order's e-mail again from the desk: the invoice goes with the tickets, to
// the corrected address (not only with the reminders, days later). An
// invoice sent already, or still waiting, is not queued twice.
func TestARefusedInvoiceGoesAgainOnceTheAddressIsCorrected(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, nil)
	o := r.sell("hamlet-05", 2, pos.Customer{Name: "Zoé Müller", Email: "zoe@exmaple.ch", Lang: "fr"}, pos.Tender{Method: "invoice"})
	srv.Refuse(550)
	if p := r.pass(); len(p.Refused) != 1 {
		t.Fatalf("the mistyped invoice: pass %+v", p)
	}
	ov, _, err := r.svc.Order(o.Number)
	if err != nil {
		t.Fatal(err)
	}
	c := *ov.Customer
	c.Email = "zoe@example.ch"
	if _, err := r.svc.SaveCustomer("claire", c); err != nil {
		t.Fatal(err)
	}
	if _, err := r.till.SendTickets(o.Number, ""); err != nil {
		t.Fatal(err)
	}
	r.pass()
	kinds := func() []string {
		var k []string
		for _, m := range srv.Messages() {
			p, err := mailtest.Parse(m.Data)
			if err != nil {
				t.Fatal(err)
			}
			subj := p.Header.Get("Subject")
			if !slices.Equal(m.To, []string{"zoe@example.ch"}) {
				t.Fatalf("%q went to %v", subj, m.To)
			}
			k = append(k, strings.Fields(mustDecode(t, subj))[0])
		}
		slices.Sort(k)
		return k
	}
	if got := kinds(); !slices.Equal(got, []string{"Facture", "Vos"}) {
		t.Fatalf("after the address was corrected and the order sent again: %v, want the invoice and the tickets", got)
	}
	// sent now: sending the tickets again does not send the invoice again
	if _, err := r.till.SendTickets(o.Number, ""); err != nil {
		t.Fatal(err)
	}
	r.pass()
	if got := kinds(); !slices.Equal(got, []string{"Facture", "Vos", "Vos"}) {
		t.Fatalf("a second sending: %v, want the tickets only", got)
	}
}

func mustDecode(t *testing.T, s string) string {
	t.Helper()
	d, err := mimeDecoder{}.decode(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
