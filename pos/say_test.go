package pos

import (
	"errors"
	"regexp"
	"testing"
)

var anyVerb = regexp.MustCompile(`%(\[\d\])?[sqdvw]`)

// Each French sentence takes as many arguments as its English one.
func TestSentencesTranslatedWithTheSameArguments(t *testing.T) {
	for en, fr := range frenchSentences {
		if a, b := len(anyVerb.FindAllString(en, -1)), len(anyVerb.FindAllString(fr, -1)); a != b {
			t.Errorf("%q has %d arguments, its French %q has %d", en, a, fr, b)
		}
	}
}

func TestSayWritesCounterErrorsInTheSellersLanguage(t *testing.T) {
	c := testCatalog(t)
	_, settleErr := c.Settle(admin(t, c), chf(3000), []Tender{{Method: "card", Amount: chf(1000), Card: &CardRef{Terminal: "T-1"}}}, nil, testToday)
	_, lineErr := Price(c, Cart{Lines: []CartLine{ticket("p1", "stalls", "adult", "A-1", 1)}}, PricingContext{})
	_, refErr := c.Settle(admin(t, c), chf(3000), []Tender{{Method: "card", Card: &CardRef{Terminal: "4111 1111 1111 1111"}}}, nil, testToday)
	for _, tc := range []struct {
		err    error
		fr, en string
	}{
		{settleErr, "il reste CHF 20.00 à payer", "CHF 20.00 is still to be paid"},
		{lineErr, "ligne 1 : place A-1 : cette place n'est pas en vente", "line 1: seat A-1: this seat is not for sale"},
		{refErr, "Card : cela ressemble à un numéro de carte complet : n'enregistrez que la référence du terminal, le code d'autorisation, la marque et les 4 derniers chiffres", "Card: this looks like a full card number: record only the terminal reference, approval code, brand and last 4 digits"},
		{errors.New("something else"), "something else", "something else"},
	} {
		if got := Say(tc.err, "en"); got != tc.en {
			t.Errorf("en: %q, want %q", got, tc.en)
		}
		if tc.err.Error() != tc.en {
			t.Errorf("Error(): %q, want %q", tc.err.Error(), tc.en)
		}
		if got := Say(tc.err, "fr"); got != tc.fr {
			t.Errorf("fr: %q, want %q", got, tc.fr)
		}
	}
	if !errors.Is(lineErr, ErrSeatBlocked) || !errors.Is(refErr, ErrLooksLikeCardNumber) {
		t.Error("translated errors must still wrap their sentinels")
	}
}
