package mail_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/mail"
	"guichet/pos"
)

var today = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// demoWith is the demo catalog with its JSON changed by edit (old -> new).
func demoWith(t *testing.T, old, new string) (*pos.Catalog, error) {
	t.Helper()
	data := fixtures.Demo
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("the demo catalog has no %q", old)
	}
	return pos.ParseCatalog("demo.json", bytes.Replace(data, []byte(old), []byte(new), 1), today)
}

// TestTemplates: the catalog's text replaces the default for its kind
// and language only; a template that does not parse is refused at load,
// one naming an unknown field fails when rendered; a subject is one line.
func TestTemplates(t *testing.T) {
	cat, err := demoWith(t, `"before_show": {`, `"templates": {"tickets": {"en": {"subject": "Tickets {{.Order}}\nBcc: x", "body": "Hi {{.Customer}}"}}},
  "before_show": {`)
	if err != nil {
		t.Fatal(err)
	}
	f := mail.Fields{Organiser: "Théâtre du Lac", Customer: "Zoé", Order: "K01-000001", Tickets: 2}
	subject, body, err := mail.Render(cat, pos.EmailTickets, "en", f)
	if err != nil || subject != "Tickets K01-000001 Bcc: x" || body != "Hi Zoé" {
		t.Fatalf("catalog's template: %q %q %v", subject, body, err)
	}
	subject, body, err = mail.Render(cat, pos.EmailTickets, "fr", f)
	if err != nil || !strings.HasPrefix(subject, "Vos billets — commande K01-000001") || !strings.Contains(body, "Bonjour Zoé") {
		t.Fatalf("default French: %q %q %v", subject, body, err)
	}
	for _, kind := range pos.EmailKinds {
		for _, lang := range pos.Langs {
			if s, b, err := mail.Render(cat, kind, lang, f); err != nil || s == "" || b == "" {
				t.Errorf("default %s %s: %q %q %v", kind, lang, s, b, err)
			}
		}
	}
	if _, err := demoWith(t, `"before_show": {`, `"templates": {"invoice": {"fr": {"subject": "{{.Order", "body": ""}}}, "before_show": {`); err == nil || !strings.Contains(err.Error(), "template invoice") {
		t.Fatalf("a template that does not parse: %v", err)
	}
	cat, err = demoWith(t, `"before_show": {`, `"templates": {"invoice": {"fr": {"subject": "{{.Montant}}", "body": ""}}}, "before_show": {`)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := mail.Render(cat, pos.EmailInvoice, "fr", f); err == nil || !strings.Contains(err.Error(), "Montant") {
		t.Fatalf("an unknown field: %v", err)
	}
}

// TestCatalogEmailSettings: the catalog's e-mail settings are checked
// when it loads.
func TestCatalogEmailSettings(t *testing.T) {
	for _, tc := range []struct{ old, new, want string }{
		{`"email": "billetterie@theatredulac.ch"`, `"email": "billetterie"`, "is not an e-mail address"},
		{`"reminder_days": [`, `"reminder_days": [12, `, "not within its 10 days"},
		{`"days": 2`, `"days": 1`, "at least 2 days before"},
		{`"before_show": {`, `"templates": {"sms": {}}, "before_show": {`, `"sms" is not one of`},
	} {
		if _, err := demoWith(t, tc.old, tc.new); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.new, err, tc.want)
		}
	}
	cat, err := demoWith(t, `"reminder_days": [
    5,
    2
   ],`, ``)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := cat.PaymentMethodByID("invoice")
	if r := m.Reminders(); len(r) != 1 || r[0] != 3 {
		t.Fatalf("default reminders %v", r)
	}
	ev, _ := cat.EventByID("hamlet")
	if d := cat.BeforeShowDays(ev); d != 2 {
		t.Fatalf("before-show days %d", d)
	}
}
