package tui

import (
	"strings"
	"testing"
)

// TestGoldenFreePlacementAllOrNothing: 5 places are left in the standing
// gallery and the cart holds 2 adults; the cashier counts 2 more adults
// and 2 children. The screen says what is left beside the cart and that
// the cart holds 2 (before, "3 places left" and nothing of the cart),
// and Enter adds nothing at all, saying why and what was asked. Before,
// the adults went into the cart and the children were refused: 4 adults
// held for a sale nobody asked for.
func TestGoldenFreePlacementAllOrNothing(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("200")
	s.sellGallery(55, "K01-000001")
	s.keys("enter") // the list keeps its place on Hamlet
	s.addGallery(2)
	s.waitFor(s.tr("pick.added", ""))
	s.keys("enter")
	s.waitFor(s.tr("zone.title"))
	s.keys("down", "enter")
	s.waitFor(s.tr("ga.left", 3) + " · " + s.tr("ga.incart", 2))
	s.keys("2", "down", "2")
	s.waitFor(s.tr("ga.total", 4), s.tr("ga.over", 3))
	s.keys("enter")
	s.waitFor("nothing was added", "3 left beside the 2 in the cart, 4 asked")
	s.golden(t)
	av, err := r.Availability("hamlet-00")
	if err != nil {
		t.Fatal(err)
	}
	if len(av) != 2 || av[1].Held != 2 {
		t.Fatalf("the gallery after the refusal: %+v, want the cart's 2 held", av)
	}
}

// TestFreePlacementSaysNothingOfAnEmptyCart: with nothing of the zone in
// the cart, the screen says only what is left.
func TestFreePlacementSaysNothingOfAnEmptyCart(t *testing.T) {
	_, s := startCounter(t, "en")
	s.unlock("200")
	s.keys("down", "enter")
	s.waitFor(s.tr("zone.title"))
	s.keys("down", "enter")
	s.waitFor(s.tr("ga.left", 60))
	if strings.Contains(s.screen(), s.tr("ga.incart", 0)) {
		t.Fatalf("an empty cart is named:\n%s", s.screen())
	}
}
