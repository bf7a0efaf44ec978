package tui

import (
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
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

// TestGoldenZonesSayWhatThisTillMayAdd: the cashier put 3 places of the
// standing gallery in the cart and was away longer than a cart holds
// them. The sales list said 486 left for Hamlet and the zones 60 left in
// the gallery (0 held), though the cart's 3 count again at its next
// change: adding 60 was refused with "only 57 left". Both say what this
// till may add (57 in the gallery, 482 in all once another till holds a
// seat), and the zones say the cart holds 3 of the gallery.
func TestGoldenZonesSayWhatThisTillMayAdd(t *testing.T) {
	var now atomic.Int64
	now.Store(fixedNow.UnixNano())
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	r, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return time.Unix(0, now.Load()).In(fixedNow.Location()) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeServices(r); r.Close() })
	s := startSession(t, newTestApp(r, "en"), 80, 24)
	s.unlock("200")
	s.keys("down", "enter")
	s.addGallery(3)
	s.waitFor(s.tr("pick.added", ""), s.tr("pick.left", 483))
	now.Add(int64(2 * time.Hour)) // the cart's hold ran out
	if av, err := r.Availability("hamlet-00"); err != nil || av[1].Available != 60 {
		t.Fatalf("for any till the gallery has %+v (%v), want 60 left: the hold did not run out", av, err)
	}
	// another till takes a seat of Hamlet: the list reads again (for
	// any till, 485 would be left)
	other, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := other.AddSeats("hamlet-00", "parterre", "adult", "F-9"); err != nil {
		t.Fatal(err)
	}
	s.tm.Send(ChangedMsg()) // as a session is told
	s.waitFor(s.tr("pick.left", 482))
	s.keys("enter")
	s.waitFor(s.tr("zone.line", "Stalls", 425, 426, 0, 1), s.tr("zone.line", "Standing gallery", 57, 60, 0, 3), s.tr("ga.incart", 3))
	s.golden(t)
	s.keys("down", "enter")
	s.waitFor(s.tr("ga.left", 57) + " · " + s.tr("ga.incart", 3))
}
