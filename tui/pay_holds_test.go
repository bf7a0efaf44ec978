package tui

import (
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// TestThePaymentScreenHoldsTheCartAgainBeforeAnyMoney: a till left on its
// cart until its hold ran out (the console has no idle release) opens the
// payment screen: the cart is held again then, before the card is charged
// on the terminal, so no other till takes its seats while the customer
// pays; and a seat another till took meanwhile is said there, with no
// method offered, rather than after the card was charged ("already sold"
// at checkout, the card to refund).
func TestThePaymentScreenHoldsTheCartAgainBeforeAnyMoney(t *testing.T) {
	r, clk := openMoving(t, fixedNow)
	s := startSession(t, newTestApp(r, "fr"), 80, 24)
	s.unlock("100")
	s.twoSeatsInCart()
	other, err := r.Unlock("claire", "1234") // a second screen of the register
	if err != nil {
		t.Fatal(err)
	}

	clk.Add(21 * time.Minute) // the hold ran out, the cart still shows F-9 and F-10
	s.keys("c", "enter")
	s.waitFor(s.tr("pay.methods"), "Carte de crédit")
	if err := other.AddSeats("hamlet-00", "parterre", "adult", "F-10"); err == nil {
		t.Fatal("another till took F-10 while the payment screen was open on the cart holding it")
	}

	s.keys("esc")
	s.waitFor(s.tr("status.cart", 2, "CHF 65.00"))
	clk.Add(21 * time.Minute)
	if err := other.AddSeats("hamlet-00", "parterre", "adult", "F-9"); err != nil {
		t.Fatal(err)
	}
	s.keys("enter")
	s.waitFor("Rang F, place 9 : dans le panier d'une autre caisse, choisissez-en une autre")
	if scr := s.screen(); strings.Contains(scr, "Carte de crédit") || strings.Contains(scr, s.tr("pay.nomethod")) {
		t.Fatalf("a payment method is offered for a cart whose seat another till holds:\n%s", scr)
	}
}

// TestThePaymentScreenSaysACodeUsedMeanwhileAtAnotherTill: two tills put
// the same single-use code (a CHF 20 gift code) on their carts; one sells
// first. The other's payment screen, opened after, says the code can no
// longer be used, with no method offered, before the card is charged on
// the terminal for a sale the checkout would then refuse.
func TestThePaymentScreenSaysACodeUsedMeanwhileAtAnotherTill(t *testing.T) {
	r, _ := openMoving(t, fixedNow)
	s := startSession(t, newTestApp(r, "fr"), 80, 24)
	s.unlock("100")
	s.twoSeatsInCart()
	s.keys("c")
	s.waitFor("CHF 65.00")
	s.code("K7PXM3QH", "Offre appliquée")
	s.keys("esc")

	other, err := r.Unlock("claire", "1234") // a second screen of the register
	if err != nil {
		t.Fatal(err)
	}
	if err := other.AddSeats("hamlet-00", "parterre", "adult", "F-12"); err != nil {
		t.Fatal(err)
	}
	if _, err := other.ApplyCode("K7PXM3QH"); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Checkout([]pos.Tender{{Method: "cash"}}); err != nil {
		t.Fatal(err)
	}

	s.keys("enter")
	s.waitFor("K7PXM3QH", "retirez-le pour vendre sans lui")
	if scr := s.screen(); strings.Contains(scr, "Carte de crédit") || strings.Contains(scr, s.tr("pay.nomethod")) {
		t.Fatalf("a payment method is offered for a cart whose single-use code another till used:\n%s", scr)
	}
}
