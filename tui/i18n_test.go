package tui

import (
	"guichet/pos"
	"regexp"
	"strings"
	"testing"
)

// TestCountsAgree: a count takes the singular or the plural as each
// language wants it (French: under two).
func TestCountsAgree(t *testing.T) {
	for _, tc := range []struct {
		lang pos.Lang
		key  string
		n    int
		want string
	}{
		{"fr", "pick.left", 0, "0 libre"},
		{"fr", "pick.left", 1, "1 libre"},
		{"fr", "pick.left", 2, "2 libres"},
		{"fr", "done.tickets", 1, "1 billet envoyé à l'imprimante"},
		{"fr", "done.tickets", 3, "3 billets envoyés à l'imprimante"},
		{"fr", "ga.left", 1, "1 place libre"},
		{"en", "ga.left", 0, "0 places left"},
		{"en", "ga.left", 1, "1 place left"},
		{"en", "seat.selected", 2, "2 seats in the cart"},
		{"en", "order.printed", 1, "printed once"},
		{"en", "order.printed", 2, "printed 2 times"},
	} {
		if got := tr(tc.lang, tc.key, tc.n); got != tc.want {
			t.Errorf("%s %s %d = %q, want %q", tc.lang, tc.key, tc.n, got, tc.want)
		}
	}
	if got := tr("fr", "status.cart", 1, "CHF 30.00"); got != "panier : 1 billet · CHF 30.00" {
		t.Errorf("status.cart = %q", got)
	}
}

// TestPluralFormsTakeTheSameArguments: both forms of a message take the
// same arguments (a form may spell its count out: "printed once").
func TestPluralFormsTakeTheSameArguments(t *testing.T) {
	verbs := regexp.MustCompile(`%[a-z]`)
	for lang, msgs := range messages {
		for k, v := range msgs {
			one, many, ok := strings.Cut(v, "|")
			if !ok {
				continue
			}
			a, b := verbs.FindAllString(one, -1), verbs.FindAllString(many, -1)
			if len(b) == 0 || b[0] != "%d" {
				t.Errorf("%s %s: the plural form does not start with its count", lang, k)
			}
			if strings.Join(a, "") != strings.Join(b, "") && strings.Join(a, "") != strings.Join(b[1:], "") {
				t.Errorf("%s %s: %v and %v", lang, k, a, b)
			}
		}
	}
}

// TestFrenchPunctuationHasItsSpace: in French a space comes before : ; ?
// and !, and inside « ».
func TestFrenchPunctuationHasItsSpace(t *testing.T) {
	bad := regexp.MustCompile(`[^ \d][:;?!]|«[^ ]|[^ ]»`)
	for k, v := range fr {
		if m := bad.FindString(v); m != "" {
			t.Errorf("%s: %q has %q", k, v, m)
		}
	}
}

// TestFrenchScreensSayItInFrench: a French message that is the English one
// is a word both languages share, never a forgotten translation.
func TestFrenchScreensSayItInFrench(t *testing.T) {
	shared := map[string]bool{"app.title": true, "key.dates": true, "cart.total": true, "key.report": true,
		"cust.email": true, "seat.cursor": true, "key.page": true, "done.pass": true,
		"order.mail.other": true}
	for k, v := range fr {
		if en[k] == v && !shared[k] {
			t.Errorf("%s is English in French: %q", k, v)
		}
	}
}

// TestEveryKindOfEmailHasAName: the order screen names an e-mail by its
// kind ("E-mail de la facture"); a kind without a name would show its
// outbox id instead ("E-mail K01-000005/invoice").
func TestEveryKindOfEmailHasAName(t *testing.T) {
	for _, kind := range pos.EmailKinds {
		for lang, words := range map[string]map[string]string{"fr": fr, "en": en} {
			if words["order.mail."+kind] == "" {
				t.Errorf("e-mails of kind %q have no name in %s", kind, lang)
			}
		}
	}
}
