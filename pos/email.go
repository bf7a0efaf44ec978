package pos

import (
	"net/mail"
	"strings"
	"text/template"
)

// Kinds of e-mail the box office sends (issue 18, seeds 003 and 004).
const (
	EmailTickets    = "tickets"     // the order's tickets, as PDF (print at home)
	EmailInvoice    = "invoice"     // an order paid by invoice, when it is placed
	EmailReminder   = "reminder"    // days before the invoice's deadline
	EmailBeforeShow = "before_show" // days before a performance, with the tickets
)

// EmailKinds lists every kind, in the order a person reads them.
var EmailKinds = []string{EmailTickets, EmailInvoice, EmailReminder, EmailBeforeShow}

// Emails is the catalog's e-mail section: the automatic e-mail before the
// show, and the texts of every kind (the defaults shipped with guichet
// apply where a kind or a language has none).
type Emails struct {
	BeforeShow BeforeShow `json:"before_show,omitzero"`
	// Templates: kind -> language -> text. Subject and body are Go
	// templates (text/template) over the fields documented in
	// fixtures/README.md ({{.Customer}}, {{.Order}}, {{.Event}}...).
	Templates map[string]map[string]EmailTemplate `json:"templates,omitempty"`
}

// BeforeShow is the automatic e-mail to buyers before a performance.
type BeforeShow struct {
	Enabled bool `json:"enabled,omitempty"` // for every event, unless the event says otherwise
	Days    int  `json:"days,omitempty"`    // how many days before (at least 2; default 2)
}

// EmailTemplate is one kind's text in one language.
type EmailTemplate struct {
	Subject string `json:"subject"`
	Body    string `json:"body"` // plain text; the HTML part is made from it
}

// DefaultBeforeShowDays is how many days before a performance its e-mail
// goes when the catalog does not say.
const DefaultBeforeShowDays = 2

// BeforeShowDays is how many days before a performance of ev its e-mail
// goes, or 0 when none goes.
func (c *Catalog) BeforeShowDays(ev *Event) int {
	on := c.Emails.BeforeShow.Enabled
	if ev != nil && ev.BeforeShowEmail != nil {
		on = *ev.BeforeShowEmail
	}
	if !on {
		return 0
	}
	return max(c.Emails.BeforeShow.Days, DefaultBeforeShowDays)
}

// Reminders is how many days before an invoice's deadline each reminder
// goes, as the method says (nil: one reminder 3 days before).
func (m *PaymentMethod) Reminders() []int {
	if m.Kind != KindInvoice {
		return nil
	}
	if m.ReminderDays == nil {
		return []int{3}
	}
	return m.ReminderDays
}

// CheckEmail says whether an address can be written to: one address, no
// display name, no spaces or line breaks, a domain with a dot. Its error
// is a sentence for the person who typed it.
func CheckEmail(addr string) error {
	bad := Errorf("the e-mail address %q does not look right (name@example.ch)", addr)
	if addr == "" || len(addr) > 254 || strings.ContainsAny(addr, " \t\r\n,;<>\"") {
		return bad
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || a.Name != "" {
		return bad
	}
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || !strings.Contains(addr[at+1:], ".") || strings.HasSuffix(addr, ".") {
		return bad
	}
	return nil
}

// checkEmails checks the e-mail settings of the organiser, the invoice
// methods and the templates (the body of a template is parsed, not run:
// its fields are checked when it is previewed).
func (c *Catalog) checkEmails(p *problems) {
	o := &c.Organiser
	for _, f := range []struct {
		what string
		a    *string
	}{{"email", &o.Email}, {"reply_to", &o.ReplyTo}} {
		*f.a = strings.ToLower(strings.TrimSpace(*f.a))
		if *f.a != "" && CheckEmail(*f.a) != nil {
			p.add("organiser: %s %q is not an e-mail address", f.what, *f.a)
		}
	}
	if d := c.Emails.BeforeShow.Days; d != 0 && d < 2 {
		p.add("emails: before_show days is %d; the e-mail before the show goes at least 2 days before", d)
	}
	for i := range c.PaymentMethods {
		m := &c.PaymentMethods[i]
		for _, d := range m.ReminderDays {
			if m.Kind != KindInvoice {
				p.add("payment method %q: only an invoice has reminder_days", m.ID)
				break
			}
			if d < 1 || d >= m.DeadlineDays {
				p.add("payment method %q: a reminder %d days before the deadline is not within its %d days", m.ID, d, m.DeadlineDays)
			}
		}
		txt := func(t Text) {
			for k, v := range t {
				t[k] = Clean(v, true)
			}
		}
		txt(m.PaymentDetails)
		txt(m.ClosingMessage)
	}
	for kind, langs := range c.Emails.Templates {
		known := false
		for _, k := range EmailKinds {
			known = known || k == kind
		}
		if !known {
			p.add("emails: template %q is not one of %s", kind, strings.Join(EmailKinds, ", "))
			continue
		}
		for lang, t := range langs {
			if lang != "fr" && lang != "en" {
				p.add("emails: template %s: language %q is not fr or en", kind, lang)
			}
			// A subject is one line, whatever the file says: no header
			// can be added through it.
			t.Subject = strings.Join(strings.Fields(Clean(t.Subject, false)), " ")
			t.Body = Clean(t.Body, true)
			langs[lang] = t
			for part, s := range map[string]string{"subject": t.Subject, "body": t.Body} {
				if _, err := template.New(kind).Parse(s); err != nil {
					p.add("emails: template %s (%s) %s: %v", kind, lang, part, err)
				}
			}
		}
	}
}
