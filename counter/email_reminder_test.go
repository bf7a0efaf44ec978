package counter

import (
	"slices"
	"strings"
	"testing"
	"time"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAReminderSentLateSaysTheDaysLeft: an invoice due in 5 days, with
// reminders 3 and 1 days before. The register is off the day of the first
// reminder (the box office closed) and sends it the next morning: it says
// the days left then, 2, beside the deadline's date, not the 3 it was set
// for (the customer would think there is a day more than there is).
// The preview of a reminder says the days of its day.
func TestAReminderSentLateSaysTheDaysLeft(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, func(c *pos.Catalog) {
		m, _ := c.PaymentMethodByID("invoice")
		m.DeadlineDays, m.ReminderDays = 5, []int{3, 1}
		c.Emails.Templates = map[string]map[string]pos.EmailTemplate{
			pos.EmailReminder: {"fr": {Subject: "Rappel {{.Order}}", Body: "Il reste {{.Days}} jour(s)."}},
		}
	})
	o := r.sell("hamlet-05", 2, zoe, pos.Tender{Method: "invoice"})
	r.pass() // the invoice
	y, mo, d := o.Deadline.In(r.cat.Location()).Date()
	deadline := time.Date(y, mo, d, 0, 0, 0, 0, r.cat.Location())
	r.clk.Set(deadline.AddDate(0, 0, -2).Add(9 * time.Hour)) // off the day before
	r.pass()
	r.clk.Set(deadline.AddDate(0, 0, -1).Add(9 * time.Hour)) // on time
	r.pass()
	var texts []string
	for _, m := range srv.Messages()[1:] {
		p, err := mailtest.Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.TrimSpace(p.Text))
	}
	if want := []string{"Il reste 2 jour(s).", "Il reste 1 jour(s)."}; !slices.Equal(texts, want) {
		t.Fatalf("the reminders say %q, want %q", texts, want)
	}
	// the preview of the reminder is the last one, as it goes on its day
	if p, err := r.svc.EmailPreview(pos.EmailReminder, o.Number); err != nil || strings.TrimSpace(p.Text) != "Il reste 1 jour(s)." {
		t.Fatalf("the reminder's preview: %q, %v", p.Text, err)
	}
}
