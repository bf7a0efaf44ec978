package counter

import (
	"slices"
	"strings"
	"testing"
	"time"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestNoEmailBeforeTheShowForAnUnpaidInvoice: an order whose invoice is
// not paid has tickets the door refuses (unpaid), so the e-mail before
// the show does not go to it while it waits; once the payment is
// validated, before the show, the next pass sends it.
func TestNoEmailBeforeTheShowForAnUnpaidInvoice(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, func(c *pos.Catalog) {
		c.Emails.BeforeShow = pos.BeforeShow{Enabled: true, Days: 2}
	})
	paid := r.sell("hamlet-01", 1, pos.Customer{Name: "Marc Favre", Email: "marc@example.ch"})
	unpaid := r.sell("hamlet-01", 3, zoe, pos.Tender{Method: "invoice"})
	r.pass() // the invoice
	perf, _ := r.cat.PerformanceByID("hamlet-01")
	r.clk.Set(perf.Start.AddDate(0, 0, -2).Add(time.Minute))
	if p := r.pass(); !slices.Equal(beforeShow(p.Queued), []string{BeforeShowID(paid.Number, "hamlet-01")}) {
		t.Fatalf("queued %v while %s waits for its invoice; want only %s's", p.Queued, unpaid.Number, paid.Number)
	}
	if err := r.till.ValidatePayment(unpaid.Number, pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	r.clk.Add(time.Hour)
	if p := r.pass(); !slices.Equal(beforeShow(p.Queued), []string{BeforeShowID(unpaid.Number, "hamlet-01")}) || len(p.Sent) != 1 {
		t.Fatalf("after the payment: %+v", p)
	}
}

// beforeShow are the e-mails before the show among ids.
func beforeShow(ids []string) []string {
	var out []string
	for _, id := range ids {
		if strings.Contains(id, "/before-") {
			out = append(out, id)
		}
	}
	return out
}

// TestTicketsByEmailOfAnUnpaidInvoiceSayTheyWaitForIt: the tickets of an
// order waiting for its invoice, e-mailed from the desk, went with "Voici
// vos billets … Présentez-les à l'entrée", though the door refuses them
// until the invoice is paid (unpaid): the customer came to a door that
// turned them away. The message says the tickets are valid once the
// invoice is paid, and by when; a paid order's says nothing of it.
func TestTicketsByEmailOfAnUnpaidInvoiceSayTheyWaitForIt(t *testing.T) {
	r := newMailRig(t, nil, nil)
	unpaid := r.sell("hamlet-01", 3, zoe, pos.Tender{Method: "invoice"})
	deadline := pos.FormatDate(unpaid.Deadline.In(r.cat.Location()), pos.French)
	p, err := r.svc.EmailPreview(pos.EmailTickets, unpaid.Number)
	if err != nil {
		t.Fatal(err)
	}
	want := "Ils ne sont valables qu'une fois votre facture payée, à payer jusqu'au " + deadline
	if !strings.Contains(p.Text, want) {
		t.Errorf("the tickets of an unpaid invoice do not say %q:\n%s", want, p.Text)
	}
	if err := r.till.ValidatePayment(unpaid.Number, pos.Tender{Reference: "VIR-2026-0042"}); err != nil { // a bank transfer, its reference
		t.Fatal(err)
	}
	if p, err = r.svc.EmailPreview(pos.EmailTickets, unpaid.Number); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(p.Text, "facture") {
		t.Errorf("the tickets of a paid invoice still speak of it:\n%s", p.Text)
	}
}

// TestAReminderOfAnInvoiceKeptAfterItsDeadlineReleasesNothing: the
// reminder of an invoice whose method keeps its tickets after the deadline
// (keep_after_deadline: the box office chases the payment itself) said
// "passé ce délai, les places sont libérées", which the register does not
// do for it. Its reminder says the deadline only; an invoice that lapses
// still warns.
func TestAReminderOfAnInvoiceKeptAfterItsDeadlineReleasesNothing(t *testing.T) {
	for _, keep := range []bool{false, true} {
		r := newMailRig(t, nil, func(c *pos.Catalog) {
			for i := range c.PaymentMethods {
				if c.PaymentMethods[i].ID == "invoice" {
					c.PaymentMethods[i].KeepAfterDeadline = keep
				}
			}
		})
		o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
		p, err := r.svc.EmailPreview(pos.EmailReminder, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if released := strings.Contains(p.Text, "les places sont libérées"); released == keep {
			t.Errorf("keep_after_deadline %v: the reminder reads:\n%s", keep, p.Text)
		}
	}
}
