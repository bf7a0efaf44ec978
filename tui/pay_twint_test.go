package tui

import (
	"strings"
	"testing"
)

// TestTWINTAsksNoCardDetails: a TWINT payment is made in an app, with no
// card: the payment screen asks its terminal's reference, the amount and
// the approval code, not "the card's brand" and "its last 4 digits" (it
// asked them, as for a card). A card still asks them.
func TestTWINTAsksNoCardDetails(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("100")
	s.twoSeatsInCart()
	s.keys("c")
	s.toPayment()
	s.selectLine("Carte de crédit")
	s.keys("enter")
	s.waitFor("Référence du terminal", "Code d'autorisation (facultatif)", "Marque de la carte (facultatif)", "4 derniers chiffres (facultatif)")
	s.keys("esc")
	s.waitFor(s.tr("pay.methods"))
	s.selectLine("TWINT")
	s.keys("enter")
	s.waitFor("Référence du terminal", "Code d'autorisation (facultatif)")
	if scr := s.screen(); strings.Contains(scr, "Marque de la carte") || strings.Contains(scr, "4 derniers chiffres") {
		t.Fatalf("a TWINT payment asks for a card's details:\n%s", scr)
	}
	s.typ("TW-7")
	s.keys("tab", "tab")
	s.typ("A1B2")
	s.keys("tab") // from the last field, back to the reference
	s.typ("0")
	s.keys("enter")
	s.waitFor("Commande K01-000001")
	ov, ok, err := r.Order("K01-000001")
	if err != nil || !ok || len(ov.Order.Payments) != 1 {
		t.Fatalf("order K01-000001: %v %v %+v", ok, err, ov.Order.Payments)
	}
	if c := ov.Order.Payments[0].Card; c == nil || c.Terminal != "TW-70" || c.Approval != "A1B2" || c.Brand != "" || c.Last4 != "" {
		t.Fatalf("the TWINT payment recorded %+v, want terminal TW-70 and approval A1B2", c)
	}
}
