package pos

import (
	"regexp"
	"strings"
	"testing"
)

var verb = regexp.MustCompile(`%(\[\d\])?[sqd]`)

// Each French refusal takes the same arguments as its English sentence.
func TestRefusalsTranslatedWithTheSameArguments(t *testing.T) {
	for en, fr := range frenchRefusals {
		if a, b := len(verb.FindAllString(en, -1)), len(verb.FindAllString(fr, -1)); a != b {
			t.Errorf("%q has %d arguments, its French %q has %d", en, a, fr, b)
		}
		if strings.Contains(fr, "%q") {
			t.Errorf("%q: French quotes are « », not %%q", fr)
		}
	}
}

func TestRefusalComesInTheSellersLanguage(t *testing.T) {
	c := testCatalog(t)
	cart := Cart{Lines: []CartLine{ticket("p1", "standing", "adult", "", 1)}, Code: "nope"}
	for lang, want := range map[Lang]string{
		"fr": "le code promo NOPE n'existe pas : vérifiez son orthographe",
		"en": "there is no promo code NOPE: check how it is spelled",
	} {
		pc, err := Price(c, cart, PricingContext{Now: testToday, Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		if pc.CodeRefused != want {
			t.Errorf("%s: %q, want %q", lang, pc.CodeRefused, want)
		}
	}
}
