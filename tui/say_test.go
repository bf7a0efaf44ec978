package tui

import "testing"

// TestRefusalsSpeakFrench: a wrong PIN, a seat another till took after
// this screen drew the plan, and a card amount above what is left to pay,
// are refused in the staff's French, not in English.
func TestRefusalsSpeakFrench(t *testing.T) {
	r, s := startCounter(t, "fr")
	// A wrong PIN is said, and the screen takes the next try.
	s.waitFor(s.tr("unlock.pin"))
	s.typ("0000")
	s.keys("enter")
	s.waitFor("! " + s.tr("unlock.badpin"))
	s.unlock("100")
	s.keys("down", "enter")
	s.waitFor("426")
	s.keys("enter")
	s.waitFor(s.tr("seat.legend"))

	other, err := r.Unlock("claire", "1234") // a second screen of the register
	if err != nil {
		t.Fatal(err)
	}
	if err := other.AddSeats("hamlet-00", "parterre", "adult", "F-9"); err != nil {
		t.Fatal(err)
	}
	s.toSeatF9()
	s.keys("space")
	s.waitFor("! Rang F, place 9 : dans le panier d'une autre caisse, choisissez-en une autre")

	s.keys("l", "space")
	s.waitFor(s.tr("status.cart", 1, "CHF 45.00"))
	s.keys("c", "enter")
	s.waitFor(s.tr("pay.methods"), "Carte de crédit")
	s.keys("down", "enter")
	s.waitFor("Référence du terminal")
	s.typ("TRM-1")
	s.keys("tab")
	s.typ("999")
	s.keys("enter")
	s.waitFor("Carte de crédit : CHF 999.00, c'est plus que les CHF 45.00 qui restent à payer")
}

// TestAnErrorShownAloneStartsWithACapital: pos writes its reasons to be
// quoted; on the screen alone, they start as a sentence does.
func TestAnErrorShownAloneStartsWithACapital(t *testing.T) {
	for in, want := range map[string]string{
		"le code promo NOPE n'existe pas": "Le code promo NOPE n'existe pas",
		"élément inconnu":                 "Élément inconnu",
		"Already a sentence.":             "Already a sentence.",
		"":                                "",
	} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
