package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"guichet/pos"
)

func TestMessageCatalogsHaveTheSameKeys(t *testing.T) {
	for k, v := range fr {
		if en[k] == "" || v == "" {
			t.Errorf("message %q is missing in one language", k)
		}
	}
	for k := range en {
		if _, ok := fr[k]; !ok {
			t.Errorf("message %q has no French", k)
		}
	}
}

// sellTwoSeats takes a register from unlocked to two seats in the cart.
func sellTwoSeats(d *driver) {
	d.typ("1234")
	d.keys("enter")
	d.typ("200")
	d.keys("enter")
	d.expect("Hamlet")
	d.keys("down", "enter") // Hamlet tonight
	d.expect("426")
	d.keys("enter") // stalls
	for range 5 {
		d.keys("j")
	}
	for range 8 {
		d.keys("l")
	}
	d.keys("space", "l", "space")
}

// TestGoldenScreens renders the key screens without colour at 80x24.
func TestGoldenScreens(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 80, 24)
	shot := func(name string) {
		t.Run(name, func(t *testing.T) { golden.RequireEqual(t, d.screen()) })
	}
	shot("unlock")
	d.typ("1234")
	d.keys("enter")
	shot("float")
	d.typ("200")
	d.keys("enter")
	shot("pick")
	d.keys("down", "enter", "enter")
	for range 5 {
		d.keys("j")
	}
	for range 8 {
		d.keys("l")
	}
	d.keys("space", "l", "2", "space")
	shot("seats")
	d.keys("c")
	shot("cart")
	d.keys("p")
	d.typ("BIENVENUE")
	d.keys("enter")
	shot("promo")
	d.keys("esc", "enter")
	shot("payment")
	d.keys("enter")
	d.typ("100")
	shot("cash")
	d.keys("enter")
	shot("done")
}

// TestSaleTwoSeatsCodeAndCash: two seats, the BIENVENUE code, cash with change;
// then the journal holds the order with its discount and change.
func TestSaleTwoSeatsCodeAndCash(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 80, 24)
	sellTwoSeats(d)
	d.keys("c", "p")
	d.typ("BIENVENUE")
	d.keys("enter")
	d.expect("Offre appliquée : Bienvenue")
	d.expect("CHF 45.00 → CHF 40.00")
	d.keys("esc", "enter", "enter")
	d.typ("100")
	d.expect("Rendu           CHF 20.00")
	d.keys("enter")
	d.expect("Commande K01-000001")
	d.expect("Rendre : CHF 20.00")

	ov, ok := r.Order("K01-000001")
	if !ok {
		t.Fatal("the journal has no order K01-000001")
	}
	o := ov.Order
	if len(o.Tickets) != 2 || o.Total != pos.M(8000, "CHF") || o.Offer == nil || o.Offer.ID != "bienvenue" {
		t.Fatalf("order = %d tickets, total %s, offer %+v", len(o.Tickets), o.Total, o.Offer)
	}
	if len(o.Payments) != 1 || o.Payments[0].Kind != pos.KindCash || o.Payments[0].Change != pos.M(2000, "CHF") {
		t.Fatalf("payments = %+v", o.Payments)
	}
	seats := map[string]bool{}
	for _, tk := range o.Tickets {
		seats[tk.Seat] = true
	}
	if !seats["F-9"] || !seats["F-10"] {
		t.Fatalf("seats sold = %v, want F-9 and F-10", seats)
	}
	// the next sale starts on the list, and the plan shows the seats sold
	d.keys("n")
	d.expect("Représentations")
	d.keys("enter", "enter") // the list kept its place: Hamlet tonight
	for range 5 {
		d.keys("j")
	}
	for range 8 {
		d.keys("l")
	}
	d.expect("Rang F, place 9 · vendue")
}

// TestSaleGeneralAdmissionCard: 3 tickets in the standing gallery, paid by
// card with the terminal reference.
func TestSaleGeneralAdmissionCard(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.typ("1234")
	d.keys("enter")
	d.typ("0")
	d.keys("enter")
	d.keys("down", "enter", "down", "enter") // Hamlet tonight, gallery
	d.expect("Standing gallery")
	d.keys("+", "+", "down", "+", "enter")
	d.keys("c")
	d.expect("CHF 62.00")
	d.keys("enter", "down", "enter")
	d.typ("TRM-4711")
	d.keys("enter")
	d.expect("Order K01-000001")
	ov, ok := r.Order("K01-000001")
	if !ok {
		t.Fatal("no order in the journal")
	}
	p := ov.Order.Payments
	if len(p) != 1 || p[0].Kind != pos.KindCard || p[0].Card == nil || p[0].Card.Terminal != "TRM-4711" {
		t.Fatalf("payments = %+v", p)
	}
	if ov.Order.Total != pos.M(6200, "CHF") || len(ov.Order.Tickets) != 3 {
		t.Fatalf("total %s, %d tickets", ov.Order.Total, len(ov.Order.Tickets))
	}
	av := r.Availability("hamlet-00")
	for _, z := range av {
		if z.Zone == "galerie" && z.Sold != 3 {
			t.Fatalf("gallery sold = %d, want 3", z.Sold)
		}
	}
}

// TestSalePass sells the 3-day festival pass with its code, cash exact.
func TestSalePass(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.typ("1234")
	d.keys("enter")
	d.typ("0")
	d.keys("enter")
	d.keys("tab")
	d.expect("Festival pass — 3 days")
	d.keys("down", "down", "down", "enter")
	d.expect("Added to the cart: Festival pass — 3 days")
	d.keys("c", "p")
	d.typ("PASS20")
	d.keys("enter")
	// Names come priced by the register, in the catalog's first language.
	d.expect("Offer applied: Pass festival −CHF 20")
	d.keys("esc", "enter", "enter", "enter")
	d.expect("Order K01-000001")
	ov, _ := r.Order("K01-000001")
	if len(ov.Order.Tickets) != 1 || ov.Order.Tickets[0].Kind != pos.LinePass || ov.Order.Total != pos.M(12000, "CHF") {
		t.Fatalf("order = %+v", ov.Order)
	}
}

// TestRefusedCodeShowsTheReason: an unknown code is refused with pos's
// reason, word for word, and the cart keeps its price.
func TestRefusedCodeShowsTheReason(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	sellTwoSeats(d)
	d.keys("c", "p")
	d.typ("NOPE")
	d.keys("enter")
	s := d.screen()
	if !strings.Contains(s, "Code refused: ") || !strings.Contains(s, "NOPE") {
		t.Fatalf("no refusal on screen:\n%s", s)
	}
	d.expect("Total CHF 90.00")
	if n := r.FindOrders("", 10); len(n) != 0 {
		t.Fatalf("a refused code placed %d orders", len(n))
	}
}
