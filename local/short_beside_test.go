package local

import (
	"testing"
	"time"

	"guichet/pos"
)

// TestPlacesAddedBesideTheCartAreToldWhatMayGoBeside: a till adding
// places to a zone its cart already holds places in is refused with what
// may go beside them, the number the free-placement screen and the kiosk
// show. Before, the refusal counted the cart's own places in "only N
// left": a cashier with 2 in the cart adding 4 read "only 5 left" where 3
// may be added, and a kiosk customer holding the last 3 pressing + read
// "only 3 left". A checkout (nothing added) keeps the register's words.
func TestPlacesAddedBesideTheCartAreToldWhatMayGoBeside(t *testing.T) {
	for _, tc := range []struct {
		name   string
		left   int // places left in the gallery (the rest sold)
		inCart int // adults in the till's cart
		other  int // places another till's cart holds
		lapse  bool
		// after the cart's hold ran out, another till sells this many
		takenAfter int
		add        func(t *Till) error
		want       string // in English, then French
		wantFr     string
	}{
		{"nothing in the cart", 5, 0, 0, false, 0,
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "child", 6) },
			"Standing gallery: only 5 left", "Galerie debout : il n'en reste que 5"},
		{"beside the cart's own", 5, 2, 0, false, 0,
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "child", 4) },
			"Standing gallery: 3 left beside the 2 in the cart, 4 asked",
			"Galerie debout : il en reste 3 en plus des 2 du panier, demandé : 4"},
		{"one more at the kiosk beside the last ones", 3, 3, 0, false, 0,
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 1) },
			"Standing gallery: 0 left beside the 3 in the cart, 1 asked",
			"Galerie debout : il en reste 0 en plus des 3 du panier, demandé : 1"},
		{"a line's quantity raised", 5, 2, 0, false, 0,
			func(t *Till) error { return t.SetQuantity(0, 7) },
			"Standing gallery: 3 left beside the 2 in the cart, 5 asked",
			"Galerie debout : il en reste 3 en plus des 2 du panier, demandé : 5"},
		{"one category of several", 5, 2, 0, false, 0,
			func(t *Till) error {
				return t.AddTicketCounts("hamlet-00", "galerie", []TicketCount{{"child", 4}})
			},
			"Standing gallery: 3 left beside the 2 in the cart, 4 asked",
			"Galerie debout : il en reste 3 en plus des 2 du panier, demandé : 4"},
		{"more in another till's cart", 10, 2, 4, false, 0,
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "child", 6) },
			"Standing gallery: 4 left beside the 2 in the cart, 6 asked, 4 more in another till's cart",
			"Galerie debout : il en reste 4 en plus des 2 du panier, demandé : 6, et 4 dans le panier d'une autre caisse"},
		{"the cart's hold ran out and another till sold", 5, 3, 0, true, 3,
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 1) },
			"Standing gallery: only 2 left, fewer than the 3 in the cart",
			"Galerie debout : il n'en reste que 2, moins que les 3 du panier"},
		{"several categories after the cart's hold ran out", 5, 3, 0, true, 3,
			func(t *Till) error {
				return t.AddTicketCounts("hamlet-00", "galerie", []TicketCount{{"adult", 1}, {"child", 1}})
			},
			"Standing gallery: only 2 left, fewer than the 3 in the cart (1 Adult, 1 Child) — nothing was added",
			"Galerie debout : il n'en reste que 2, moins que les 3 du panier (1 Adulte, 1 Enfant) — rien n'a été ajouté"},
		{"several categories beside the cart's own", 5, 2, 0, false, 0,
			func(t *Till) error {
				return t.AddTicketCounts("hamlet-00", "galerie", []TicketCount{{"adult", 2}, {"child", 2}})
			},
			"Standing gallery: 3 left beside the 2 in the cart, 4 asked (2 Adult, 2 Child) — nothing was added",
			"Galerie debout : il en reste 3 en plus des 2 du panier, demandé : 4 (2 Adulte, 2 Enfant) — rien n'a été ajouté"},
		// a cart set as a whole (a script's order, the kiosk settling a
		// charge again) replaces the places it does not repeat: before,
		// "3 left beside the 2 in the cart" for a cart without those 2
		{"a cart set as a whole replacing the cart's own", 5, 2, 0, false, 0,
			func(t *Till) error {
				return t.SetCart(pos.Cart{Lines: []pos.CartLine{{Kind: pos.LineTicket, Performance: "hamlet-00", Zone: "galerie", Category: "child", Quantity: 6}}})
			},
			"Standing gallery: only 5 left", "Galerie debout : il n'en reste que 5"},
		{"a cart set as a whole keeping the cart's own", 5, 2, 0, false, 0,
			func(t *Till) error {
				return t.SetCart(pos.Cart{Lines: []pos.CartLine{
					{Kind: pos.LineTicket, Performance: "hamlet-00", Zone: "galerie", Category: "adult", Quantity: 2},
					{Kind: pos.LineTicket, Performance: "hamlet-00", Zone: "galerie", Category: "child", Quantity: 4}}})
			},
			"Standing gallery: 3 left beside the 2 in the cart, 4 asked",
			"Galerie debout : il en reste 3 en plus des 2 du panier, demandé : 4"},
		{"a checkout keeps the register's words", 5, 3, 0, true, 3,
			func(t *Till) error { _, err := t.Checkout(cash()); return err },
			"Standing gallery: only 2 left", "Galerie debout : il n'en reste que 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, clk := openTest(t, "")
			till := openTill(t, r, "claire", "1234")
			other := openTill(t, r, "claire", "1234")
			if sold := 60 - tc.left; sold > 0 {
				must(t, other.AddTickets("hamlet-00", "galerie", "adult", sold))
				_, err := other.Checkout(cash())
				must(t, err)
			}
			if tc.inCart > 0 {
				must(t, till.AddTickets("hamlet-00", "galerie", "adult", tc.inCart))
			}
			if tc.other > 0 {
				must(t, other.AddTickets("hamlet-00", "galerie", "adult", tc.other))
			}
			if tc.lapse {
				clk.Add(2 * time.Hour)
				must(t, other.AddTickets("hamlet-00", "galerie", "adult", tc.takenAfter))
				_, err := other.Checkout(cash())
				must(t, err)
			}
			before := till.Cart()
			err := tc.add(till)
			if err == nil {
				t.Fatal("added")
			}
			if got := pos.Say(err, "en"); got != tc.want {
				t.Errorf("en: %q\nwant %q", got, tc.want)
			}
			if got := pos.Say(err, "fr"); got != tc.wantFr {
				t.Errorf("fr: %q\nwant %q", got, tc.wantFr)
			}
			if after := till.Cart(); len(after.Lines) != len(before.Lines) || places(after) != places(before) {
				t.Fatalf("the refusal changed the cart: %+v, before %+v", after.Lines, before.Lines)
			}
			if tc.inCart == 0 || tc.lapse {
				return
			}
			// what the refusal says may go beside the cart is what the
			// screens show for the till, and it goes in
			for _, a := range func() []ZoneAvailability {
				av, err := r.AvailabilityFor("hamlet-00", till)
				must(t, err)
				return av
			}() {
				if a.Zone != "galerie" {
					continue
				}
				if a.InCart != tc.inCart || a.Available != tc.left-tc.inCart-tc.other {
					t.Fatalf("AvailabilityFor: %+v, want %d beside %d", a, tc.left-tc.inCart-tc.other, tc.inCart)
				}
				if a.Available > 0 {
					must(t, till.AddTickets("hamlet-00", "galerie", "child", a.Available))
				}
			}
		})
	}
}

// places is how many general-admission places a cart holds.
func places(c pos.Cart) int {
	n := 0
	for _, l := range c.Lines {
		if l.Kind == pos.LineTicket && l.Seat == "" {
			n += l.Quantity
		}
	}
	return n
}
