package counter

import (
	"path/filepath"
	"testing"
	"time"

	"guichet/fixtures"
)

// TestAvailabilityForATillSaysItsCart: the free-placement screen asks the
// service what its till may still add (AvailabilityFor): the places its
// own cart holds are counted and named (InCart), so "N places left" is
// what the till's next AddTicketCounts takes, and another till's cart is
// not named as this one's. Asked for no till, it is Availability.
func TestAvailabilityForATillSaysItsCart(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	one, two := unlockOpen(t, svc, "claire", "1234"), unlockOpen(t, svc, "claire", "1234")
	if err := one.AddTicketCounts("hamlet-00", "galerie", []TicketCount{{Category: "adult", Quantity: 2}, {Category: "child", Quantity: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := two.AddTicketCounts("hamlet-00", "galerie", []TicketCount{{Category: "student", Quantity: 5}}); err != nil {
		t.Fatal(err)
	}
	gallery := func(till *Till) ZoneAvailability {
		t.Helper()
		av, err := svc.AvailabilityFor("hamlet-00", till)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range av {
			if a.Zone == "galerie" {
				return a
			}
		}
		t.Fatal("no gallery")
		return ZoneAvailability{}
	}
	for _, tc := range []struct {
		name               string
		till               *Till
		left, held, inCart int
	}{
		{"the first till", one, 52, 8, 3},
		{"the second till", two, 52, 8, 5},
		{"no till", nil, 52, 8, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := gallery(tc.till)
			if a.Available != tc.left || a.Held != tc.held || a.InCart != tc.inCart {
				t.Fatalf("%+v; want %d left, %d held, %d in the cart, box office unknown", a, tc.left, tc.held, tc.inCart)
			}
		})
	}
	av, err := svc.Availability("hamlet-00")
	if err != nil {
		t.Fatal(err)
	}
	if a := gallery(nil); len(av) != 2 || av[1].Zone != "galerie" || av[1].Available != a.Available || av[1].Held != a.Held || av[1].InCart != 0 {
		t.Fatalf("Availability %+v, AvailabilityFor(nil) %+v", av, a)
	}
}
