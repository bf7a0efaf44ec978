package tui

import (
	"strings"
	"testing"
)

// An invitation's form ("Guest of") is required: the ticket goes into the
// cart, the cart says the form is to be filled in, paying is refused with
// the reason, and once answered the order goes through.
func TestRequiredFormIsAskedBeforePaying(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 100, 30)
	d.unlock("0")
	d.keys("down", "enter", "down", "enter", "down", "down", "down", "down", "+", "enter", "c")
	d.expect("form to fill in before paying (f)")
	d.keys("enter", "enter", "enter")
	if !strings.Contains(d.screen(), `"Guest of": the form needs an answer`) {
		t.Fatalf("paying should be refused with the reason:\n%s", d.screen())
	}
	if _, ok, _ := r.Order("K01-000001"); ok {
		t.Fatal("an order was placed with its form unanswered")
	}
	d.keys("esc", "esc", "c")
	d.expect("form to fill in before paying (f)")
	d.keys("f")
	d.typ("Mme Rossi")
	d.keys("enter")
	if strings.Contains(d.screen(), "form to fill in") {
		t.Fatalf("the answered form is still asked for:\n%s", d.screen())
	}
	d.keys("enter", "enter", "enter")
	d.expect("Order K01-000001")
	ov, ok, _ := r.Order("K01-000001")
	if !ok || ov.Order.Lines[0].Answers["guest_of"] != "Mme Rossi" {
		t.Fatalf("order %+v", ov)
	}
}
