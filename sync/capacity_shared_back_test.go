package sync_test

import (
	"context"
	"testing"

	"guichet/pos"
	"guichet/sync"
)

// The box office lowers the galerie from 60 to 30 places while three
// registers hold 20 each (2, 5 and 8 sold): 30 too many. Each renews in
// turn before any of them pushed its return: together they are asked to
// give back the 30, not 30 each. Each was asked the whole excess, bounded
// by what it had not sold: 18 + 15 + 12 = 45 given back, 15 places out of
// sale that the box office still had, until later asks granted them again.
func TestALoweredCapacityIsAskedBackOnceAmongTheRegisters(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	var regs []*escrowRegister
	for i, name := range []string{"K01", "K02", "K03"} {
		r := openEscrow(t, c, cat, name, true)
		if n, err := r.e.Ask(ctx, gallery1, fleetGallery/3, 0); err != nil || n != fleetGallery/3 {
			t.Fatalf("%s got %d (%v)", name, n, err)
		}
		must(t, r.sellGallery(2+3*i))
		regs = append(regs, r)
	}
	const lowered = 30
	excess := fleetGallery - lowered
	_, err := c.store.LoadCatalog(ctx, "fleet-lowered.json", lowerGallery(t, lowered))
	must(t, err)
	given := 0
	for _, r := range regs {
		before := r.holding(t, gallery1)
		if _, err := r.e.Ask(ctx, gallery1, 0, before.Used); err != nil {
			t.Fatalf("%s renews: %v", r.ID(), err)
		}
		after := r.holding(t, gallery1)
		given += before.Allotted - after.Allotted
		if given > excess {
			t.Fatalf("after %s renewed, the registers gave back %d places of a galerie lowered by %d", r.ID(), given, excess)
		}
		// Nothing counted off on the server before a return is stored: a
		// register sells from its grant until it journals the return.
		if total, by := serverGrants(t, c, gallery1); total != fleetGallery {
			t.Fatalf("after %s renewed, before any push, the server counts %d granted (%v), want the %d it granted", r.ID(), total, by, fleetGallery)
		}
	}
	if given != excess {
		t.Fatalf("the registers gave back %d places of a galerie lowered by %d", given, excess)
	}
	for _, r := range regs {
		must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))
	}
	total, by := serverGrants(t, c, gallery1)
	if total != lowered {
		t.Errorf("once the returns are stored, the server counts %d granted of %d (%v)", total, lowered, by)
	}
	sold := 0
	for _, r := range regs {
		h := r.holding(t, gallery1)
		sold += h.Used
		if by[r.ID()] != h.Allotted {
			t.Errorf("%s holds %d, the server counts %d for it", r.ID(), h.Allotted, by[r.ID()])
		}
	}
	// Each sells what it holds, without asking for more: the 30 places.
	for _, r := range regs {
		for sold <= lowered && r.sellGallery(1) == nil {
			sold++
		}
	}
	if sold != lowered {
		t.Fatalf("the registers sold %d places of a galerie lowered to %d", sold, lowered)
	}
}

// A register asked back more than it can give (places in a cart) gives
// back what it can; once its return is stored, the rest of the excess is
// asked of the next register that asks, so the registers never hold more
// than the lowered galerie once all have asked and pushed.
func TestWhatARegisterCouldNotGiveBackIsAskedOfTheNext(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	a := openEscrow(t, c, cat, "K01", true)
	b := openEscrow(t, c, cat, "K02", true)
	for _, r := range []*escrowRegister{a, b} {
		if n, err := r.e.Ask(ctx, gallery1, fleetGallery/2, 0); err != nil || n != fleetGallery/2 {
			t.Fatalf("%s got %d (%v)", r.ID(), n, err)
		}
	}
	must(t, a.till.AddTickets("hamlet-01", "galerie", "adult", 25)) // in a cart: 5 free
	const lowered = 40
	_, err := c.store.LoadCatalog(ctx, "fleet-lowered.json", lowerGallery(t, lowered))
	must(t, err)
	pushed := func(r *escrowRegister) {
		must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))
	}
	_, err = a.e.Ask(ctx, gallery1, 0, 0)
	must(t, err)
	if h := a.holding(t, gallery1); h.Allotted != 25 {
		t.Fatalf("K01, 25 places in a cart, asked back 20 of its 30, holds %d; want 25", h.Allotted)
	}
	pushed(a)
	_, err = b.e.Ask(ctx, gallery1, 0, 0)
	must(t, err)
	if h := b.holding(t, gallery1); h.Allotted != 15 {
		t.Fatalf("K02, asked back what K01 could not give, holds %d; want 15", h.Allotted)
	}
	_, err = a.till.Checkout([]pos.Tender{{Method: "cash"}})
	if err != nil {
		t.Fatalf("K01 sells its cart: %v", err)
	}
	pushed(b)
	if total, by := serverGrants(t, c, gallery1); total != lowered {
		t.Fatalf("the server counts %d granted of %d (%v)", total, lowered, by)
	}
}
