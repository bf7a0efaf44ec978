package mail

import (
	"fmt"
	"strings"
	"text/template"

	"guichet/pos"
)

// Fields are what a template may say. Every text is plain; the HTML part
// escapes it.
type Fields struct {
	Organiser string // the organiser's name
	Customer  string // civility and name, or "" when the order has no customer
	Order     string // the order's number
	Tickets   int    // tickets in the message
	Vouchers  int    // of them, gift vouchers (shown at the till to pay, not at the door)
	Copy      bool   // the tickets were printed or sent before
	Unpaid    bool   // tickets: their order's invoice is not paid yet (the door refuses them until it is, by Deadline)
	Event     string // the event (before_show), or the events of the order
	When      string // before_show: the performance's date and time
	Venue     string // before_show: the venue's name
	Address   string // before_show: the venue's address
	Total     string // the order's total
	Due       string // invoices: what is left to pay (the total less what was paid beside the invoice)
	Deadline  string // invoices: the day it must be paid by
	Days      int    // reminders: days left before the deadline; before_show: days before the show
	Payment   string // invoices: the method's payment details
	Kept      bool   // invoices: the method keeps the tickets after the deadline (keep_after_deadline): nothing is released then
}

// Defaults are the texts shipped with guichet, per kind and language; the
// catalog's emails.templates replace any of them.
var Defaults = map[string]map[string]pos.EmailTemplate{
	pos.EmailTickets: {
		"fr": {Subject: "{{if eq .Vouchers .Tickets}}{{if gt .Tickets 1}}Vos bons cadeaux{{else}}Votre bon cadeau{{end}}{{else}}Vos billets{{end}} — commande {{.Order}}{{if .Copy}} (copie){{end}}",
			Body: "{{if .Customer}}Bonjour {{.Customer}},{{else}}Bonjour,{{end}}\n\n" +
				"{{if eq .Vouchers .Tickets}}" +
				"Voici {{if gt .Tickets 1}}vos bons cadeaux{{else}}votre bon cadeau{{end}} (commande {{.Order}}){{if .Copy}}, en copie{{end}} : un par page du PDF joint. " +
				"Présentez-{{if gt .Tickets 1}}les{{else}}le{{end}} à la caisse pour payer, imprimé{{if gt .Tickets 1}}s{{end}} ou sur votre téléphone." +
				"{{if .Unpaid}} {{if gt .Tickets 1}}Ils ne sont valables{{else}}Il n'est valable{{end}} qu'une fois votre facture payée, à payer jusqu'au {{.Deadline}}.{{end}}\n\n" +
				"{{else}}" +
				"Voici vos billets pour {{.Event}} (commande {{.Order}}){{if .Copy}}, en copie{{end}} : un billet par page du PDF joint. " +
				"Présentez-les à l'entrée, imprimés ou sur votre téléphone." +
				"{{if .Vouchers}} Les bons cadeaux se présentent à la caisse pour payer.{{end}}" +
				"{{if .Unpaid}} Ils ne sont valables qu'une fois votre facture payée, à payer jusqu'au {{.Deadline}}.{{end}}\n\n" +
				"{{end}}" +
				"Au plaisir de vous accueillir,\n{{.Organiser}}"},
		"en": {Subject: "{{if eq .Vouchers .Tickets}}Your gift voucher{{if gt .Tickets 1}}s{{end}}{{else}}Your tickets{{end}} — order {{.Order}}{{if .Copy}} (copy){{end}}",
			Body: "{{if .Customer}}Dear {{.Customer}},{{else}}Hello,{{end}}\n\n" +
				"{{if eq .Vouchers .Tickets}}" +
				"Here {{if gt .Tickets 1}}are your gift vouchers{{else}}is your gift voucher{{end}} (order {{.Order}}){{if .Copy}}, as a copy{{end}}: one per page of the attached PDF. " +
				"Show {{if gt .Tickets 1}}them{{else}}it{{end}} at the box office to pay, printed or on your phone." +
				"{{if .Unpaid}} {{if gt .Tickets 1}}They are{{else}}It is{{end}} valid only once your invoice is paid, payable by {{.Deadline}}.{{end}}\n\n" +
				"{{else}}" +
				"Here are your tickets for {{.Event}} (order {{.Order}}){{if .Copy}}, as a copy{{end}}: one ticket per page of the attached PDF. " +
				"Show them at the door, printed or on your phone." +
				"{{if .Vouchers}} Gift vouchers are shown at the box office to pay.{{end}}" +
				"{{if .Unpaid}} They are valid only once your invoice is paid, payable by {{.Deadline}}.{{end}}\n\n" +
				"{{end}}" +
				"We look forward to seeing you,\n{{.Organiser}}"},
	},
	pos.EmailInvoice: {
		"fr": {Subject: "Facture — commande {{.Order}}",
			Body: "{{if .Customer}}Bonjour {{.Customer}},{{else}}Bonjour,{{end}}\n\n" +
				"Vous trouverez ci-joint la facture de votre commande {{.Order}} ({{.Due}}), à payer jusqu'au {{.Deadline}}.\n" +
				"{{if .Payment}}\n{{.Payment}}\n{{end}}\nMerci,\n{{.Organiser}}"},
		"en": {Subject: "Invoice — order {{.Order}}",
			Body: "{{if .Customer}}Dear {{.Customer}},{{else}}Hello,{{end}}\n\n" +
				"Please find attached the invoice for your order {{.Order}} ({{.Due}}), payable by {{.Deadline}}.\n" +
				"{{if .Payment}}\n{{.Payment}}\n{{end}}\nThank you,\n{{.Organiser}}"},
	},
	pos.EmailReminder: {
		"fr": {Subject: "Rappel : facture {{.Order}} à payer jusqu'au {{.Deadline}}",
			Body: "{{if .Customer}}Bonjour {{.Customer}},{{else}}Bonjour,{{end}}\n\n" +
				"Sauf erreur de notre part, la facture de votre commande {{.Order}} ({{.Due}}) n'est pas encore payée. " +
				"Il reste {{.Days}} jour(s) avant l'échéance du {{.Deadline}}{{if not .Kept}} ; passé ce délai, les places sont libérées{{end}}.\n" +
				"{{if .Payment}}\n{{.Payment}}\n{{end}}\nMerci,\n{{.Organiser}}"},
		"en": {Subject: "Reminder: invoice {{.Order}} payable by {{.Deadline}}",
			Body: "{{if .Customer}}Dear {{.Customer}},{{else}}Hello,{{end}}\n\n" +
				"The invoice for your order {{.Order}} ({{.Due}}) is not paid yet. " +
				"{{.Days}} day(s) are left before its deadline, {{.Deadline}}{{if not .Kept}}; after it, the seats are released{{end}}.\n" +
				"{{if .Payment}}\n{{.Payment}}\n{{end}}\nThank you,\n{{.Organiser}}"},
	},
	pos.EmailBeforeShow: {
		"fr": {Subject: "{{.Event}} — {{.When}}",
			Body: "{{if .Customer}}Bonjour {{.Customer}},{{else}}Bonjour,{{end}}\n\n" +
				"Nous nous réjouissons de vous accueillir à {{.Event}}, le {{.When}}.\n" +
				"Lieu : {{.Venue}}{{if .Address}}, {{.Address}}{{end}}\n\n" +
				"Vos billets sont joints (un par page) : présentez-les à l'entrée, imprimés ou sur votre téléphone.\n\n{{.Organiser}}"},
		"en": {Subject: "{{.Event}} — {{.When}}",
			Body: "{{if .Customer}}Dear {{.Customer}},{{else}}Hello,{{end}}\n\n" +
				"We look forward to seeing you at {{.Event}}, on {{.When}}.\n" +
				"Venue: {{.Venue}}{{if .Address}}, {{.Address}}{{end}}\n\n" +
				"Your tickets are attached (one per page): show them at the door, printed or on your phone.\n\n{{.Organiser}}"},
	},
}

// Render writes a kind's subject and body in lang, from the catalog's
// template when it has one, else the default. The subject is one line:
// line breaks a field brings in become spaces.
func Render(cat *pos.Catalog, kind string, lang pos.Lang, f Fields) (subject, body string, err error) {
	t, ok := cat.Emails.Templates[kind][string(lang)]
	if !ok {
		t, ok = Defaults[kind][string(lang)]
	}
	if !ok {
		t, ok = Defaults[kind]["en"]
	}
	if !ok {
		return "", "", fmt.Errorf("no e-mail text for %q", kind)
	}
	run := func(part, src string) (string, error) {
		tpl, err := template.New(kind).Option("missingkey=error").Parse(src)
		if err != nil {
			return "", fmt.Errorf("the %s e-mail's %s (%s): %w", kind, part, lang, err)
		}
		var b strings.Builder
		if err := tpl.Execute(&b, f); err != nil {
			return "", fmt.Errorf("the %s e-mail's %s (%s): %w", kind, part, lang, err)
		}
		return b.String(), nil
	}
	if subject, err = run("subject", t.Subject); err != nil {
		return "", "", err
	}
	if body, err = run("body", t.Body); err != nil {
		return "", "", err
	}
	return OneLine(subject), body, nil
}

// OneLine makes a header's text safe: control characters (CR and LF
// first) become spaces, runs of spaces one. No header can be added through
// a name or a subject, whoever typed it.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
