package local

import (
	"errors"
	"testing"
	"time"

	"guichet/pos"
)

// TestTicketCountsAreAddedAllOrNone: a cashier adding 2 adults and 3
// children in the standing gallery gets all five or none. Before, the
// categories were added one call each: with 4 places left the adults went
// into the cart and the children were refused, and the cart held a sale
// nobody asked for. A refusal says nothing was added and names the
// category refused, or what was asked when the zone is short for them
// together.
func TestTicketCountsAreAddedAllOrNone(t *testing.T) {
	adults, children := TicketCount{"adult", 2}, TicketCount{"child", 3}
	for _, tc := range []struct {
		name   string
		left   int // places left in the gallery (the rest sold)
		inCart []TicketCount
		counts []TicketCount
		want   string // the refusal in English, then in French; "": added
		wantFr string
	}{
		{"room for all", 5, nil, []TicketCount{adults, children}, "", ""},
		{"room for all beside the cart's own", 7, []TicketCount{{"adult", 2}}, []TicketCount{adults, children}, "", ""},
		{"one short for both together", 4, nil, []TicketCount{adults, children},
			"Standing gallery: only 4 left — nothing was added (asked: 2 Adult, 3 Child)",
			"Galerie debout : il n'en reste que 4 — rien n'a été ajouté (demandé : 2 Adulte, 3 Enfant)"},
		{"the cart's own places count", 6, []TicketCount{{"child", 2}}, []TicketCount{adults, children},
			"Standing gallery: 4 left beside the 2 in the cart, 5 asked (2 Adult, 3 Child) — nothing was added",
			"Galerie debout : il en reste 4 en plus des 2 du panier, demandé : 5 (2 Adulte, 3 Enfant) — rien n'a été ajouté"},
		{"a category not on sale here", 20, nil, []TicketCount{adults, {"friend", 1}},
			`Friend of the theatre: category "friend": not on sale for this performance and zone — nothing was added`,
			`Ami·e du théâtre : catégorie « friend » : pas en vente pour cette représentation et cette zone — rien n'a été ajouté`},
		{"one category short alone keeps the register's words", 2, nil, []TicketCount{children},
			"Standing gallery: only 2 left", "Galerie debout : il n'en reste que 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			till := openTill(t, r, "claire", "1234")
			if sold := 60 - tc.left; sold > 0 {
				must(t, till.AddTickets("hamlet-00", "galerie", "adult", sold))
				_, err := till.Checkout(cash())
				must(t, err)
			}
			for _, w := range tc.inCart {
				must(t, till.AddTickets("hamlet-00", "galerie", w.Category, w.Quantity))
			}
			before := till.Cart()
			err := till.AddTicketCounts("hamlet-00", "galerie", tc.counts)
			if tc.want == "" {
				must(t, err)
				got := map[string]int{}
				for _, l := range till.Cart().Lines {
					got[l.Category] += l.Quantity
				}
				want := map[string]int{}
				for _, w := range append(append([]TicketCount(nil), tc.inCart...), tc.counts...) {
					want[w.Category] += w.Quantity
				}
				if len(got) != len(want) || got["adult"] != want["adult"] || got["child"] != want["child"] {
					t.Fatalf("cart holds %v, want %v", got, want)
				}
				return
			}
			if err == nil {
				t.Fatal("added")
			}
			if got := pos.Say(err, "en"); got != tc.want {
				t.Errorf("en: %q\nwant %q", got, tc.want)
			}
			if got := pos.Say(err, "fr"); got != tc.wantFr {
				t.Errorf("fr: %q\nwant %q", got, tc.wantFr)
			}
			if after := till.Cart(); len(after.Lines) != len(before.Lines) || cartCounts(after)[string(key("hamlet-00", "galerie"))] != cartCounts(before)[string(key("hamlet-00", "galerie"))] {
				t.Fatalf("the refused call changed the cart: %+v, before %+v", after.Lines, before.Lines)
			}
		})
	}
	t.Run("a quantity below one", func(t *testing.T) {
		r, _ := openTest(t, "")
		till := openTill(t, r, "claire", "1234")
		if err := till.AddTicketCounts("hamlet-00", "galerie", []TicketCount{adults, {"child", 0}}); !errors.Is(err, pos.ErrBadQuantity) {
			t.Fatalf("err = %v", err)
		}
		if len(till.Cart().Lines) != 0 {
			t.Fatal("a refused call added lines")
		}
	})
}

// TestAvailabilityForATillCountsItsOwnCart: what is left for a till is
// what its next AddTickets may add, no more, no less. Before, a till's
// cart whose hold ran out (the cashier away longer than HoldFor) was
// counted nowhere: the free-placement screen said 60 places left, and
// adding 60 was refused with "only 57 left" (the cart's 3 count again at
// its next change).
func TestAvailabilityForATillCountsItsOwnCart(t *testing.T) {
	r, clk := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	other := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 3))
	must(t, other.AddTickets("hamlet-00", "galerie", "child", 5))
	gallery := func(av []ZoneAvailability, err error) ZoneAvailability {
		t.Helper()
		must(t, err)
		for _, a := range av {
			if a.Zone == "galerie" {
				return a
			}
		}
		t.Fatal("no gallery")
		return ZoneAvailability{}
	}
	for _, tc := range []struct {
		name           string
		wait           time.Duration
		available, in  int
		anyTillAvail   int
		othersStillHld bool
	}{
		{"both carts hold", 0, 52, 3, 52, true},
		{"both holds ran out", 2 * time.Hour, 57, 3, 60, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk.Add(tc.wait)
			a := gallery(r.AvailabilityFor("hamlet-00", till))
			if a.Available != tc.available || a.InCart != tc.in {
				t.Fatalf("for the till: %d left, %d in its cart; want %d, %d (%+v)", a.Available, a.InCart, tc.available, tc.in, a)
			}
			if any := gallery(r.Availability("hamlet-00")); any.Available != tc.anyTillAvail || any.InCart != 0 {
				t.Fatalf("for any till: %+v, want %d left", any, tc.anyTillAvail)
			}
			// one more than is left is refused, what is left is added
			if err := till.AddTickets("hamlet-00", "galerie", "adult", a.Available+1); err == nil {
				t.Fatalf("%d added where %d are left", a.Available+1, a.Available)
			}
			must(t, till.AddTickets("hamlet-00", "galerie", "adult", a.Available))
			must(t, till.SetQuantity(0, 3)) // back to its 3
		})
	}
}
