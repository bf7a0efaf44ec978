package tui

import (
	"testing"

	"guichet/fixtures"
	"guichet/pos"
)

// TestATypedAmountRefusedIsASentence: parseAmount refused with the bare
// words "empty" and "bad amount", which a screen showing its error
// (c.Err) would have shown as they are, in English. They are sentences in
// the seller's language, which say what to type.
func TestATypedAmountRefusedIsASentence(t *testing.T) {
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang  pos.Lang
		typed string
		want  string
	}{
		{pos.French, "", "Tapez un montant : par exemple 50 ou 12.50"},
		{pos.French, "douze", "Montant invalide : tapez par exemple 50 ou 12.50"},
		{pos.French, "-5", "Montant invalide : tapez par exemple 50 ou 12.50"},
		{pos.English, "", "Type an amount: for example 50 or 12.50"},
		{pos.English, "twelve", "Not an amount: type for example 50 or 12.50"},
	} {
		c := &common{cat: cat, lang: tc.lang, st: newStyles(), sale: &sale{}}
		_, err := parseAmount(c, tc.typed, false)
		if err == nil || c.Err(err) != tc.want {
			t.Errorf("%s: %q refused with %v (said %q), want %q", tc.lang, tc.typed, err, c.Err(err), tc.want)
		}
	}
	c := &common{cat: cat, lang: pos.French, st: newStyles(), sale: &sale{}}
	if m, err := parseAmount(c, " ", true); err != nil || !m.IsZero() {
		t.Errorf("empty where zero is allowed: %v %v", m, err)
	}
}
