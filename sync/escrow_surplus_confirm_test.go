package sync_test

import (
	"context"
	"net/http"
	gosync "sync"
	"testing"

	"guichet/local"
	"guichet/sync"
	"guichet/sync/api"
)

// A register's look at its holdings (Refill) gives back what it holds
// beyond twice the batch (a surplus). It did not say so: the give-backs
// the server asked were confirmed at once (a renewal saying what the
// journal holds), a surplus only at the register's next ask or push, half
// a lease later for a register with fresh leases and enough left. The
// server meanwhile counted those places as held by it, and a capacity
// lowered in between was asked whole of the other registers: K02 gave
// back 20 places of the galerie although K01 had given back 26, and the
// box office lost 26 places of sale until the returns were pushed. Now a
// surplus is confirmed as the others are: whole, in requests of at most
// api.MaxBatch (here 1: one request per galerie), and sent again at the
// next look when the confirmation fails.
func TestASurplusGivenBackIsConfirmedToTheServer(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	g, a, b := behindRefusingGrants(t, c, cat)
	const maxAsks = 1
	sync.SetMaxAsks(a.e, maxAsks)
	gallery2 := local.ZoneResource("hamlet-02", "galerie")
	must(t, a.e.Refill(ctx)) // every resource supplied (4 of each galerie): the next look asks for nothing
	for _, res := range []string{gallery1, gallery2} {
		if n, err := a.e.Ask(ctx, res, 26, 0); err != nil || n != 26 {
			t.Fatalf("the premise: K01 got %d of %s (%v), want 26", n, res, err)
		}
	}
	if n, err := b.e.Ask(ctx, gallery1, fleetGallery-30, 0); err != nil || n != fleetGallery-30 {
		t.Fatalf("the premise: K02 got %d (%v), want %d", n, err, fleetGallery-30)
	}
	// K01's look: 30 of each galerie, more than 2×4+1, is a surplus of 26
	// each. Its confirmation is refused (503: a balancer whose server
	// went away), and one request said more than maxAsks would be too.
	var mu gosync.Mutex
	var asked [][]string // the resources of each request, as sent
	requests := func() [][]string {
		mu.Lock()
		defer mu.Unlock()
		return append([][]string(nil), asked...)
	}
	g.set(func(n int64, req api.GrantRequest) int {
		var names []string
		for _, a := range req.Asks {
			names = append(names, a.Resource)
		}
		mu.Lock()
		asked = append(asked, names)
		mu.Unlock()
		switch {
		case len(req.Asks) > maxAsks:
			return http.StatusRequestEntityTooLarge
		case n == 1:
			return http.StatusServiceUnavailable
		}
		return 0
	})
	_ = a.e.Refill(ctx) // the refused confirmation's error
	for _, res := range []string{gallery1, gallery2} {
		if h := a.holding(t, res); h.Allotted != 4 {
			t.Fatalf("the premise: K01 holds %d of %s after its look, want 4 (26 given back)", h.Allotted, res)
		}
	}
	if asked := requests(); len(asked) != 1 {
		t.Fatalf("K01 gave back a surplus of 26 places of each galerie and sent %d grant requests %v, want its confirmation (refused)", len(asked), asked)
	}
	// The next look: nothing to ask, nothing more to give back; the
	// confirmation is sent again, one galerie a request.
	must(t, a.e.Refill(ctx))
	if asked := requests(); len(asked) != 3 {
		t.Fatalf("K01's next look sent %d grant requests %v, want 2 (one galerie each)", len(asked)-1, asked[1:])
	}
	for _, res := range []string{gallery1, gallery2} {
		if allot, held := grantHeld(t, c, "K01", res); allot != 30 || held == nil || *held != 4 {
			t.Fatalf("after K01's looks the server counts %d of %s for it, held %s; want 30 (the return not pushed) and the 4 it kept",
				allot, res, heldString(held))
		}
	}
	// The box office lowers the galerie to 40 (20 too many): K01 gave back
	// 26 already, K02 is asked nothing.
	_, err := c.store.LoadCatalog(ctx, "fleet-lowered.json", lowerGallery(t, 40))
	must(t, err)
	if _, err := b.e.Ask(ctx, gallery1, 0, 0); err != nil {
		t.Fatalf("K02 renews: %v", err)
	}
	if h := b.holding(t, gallery1); h.Allotted != fleetGallery-30 {
		t.Fatalf("K02 holds %d of its %d after K01 gave back more than the galerie's excess: asked it again", h.Allotted, fleetGallery-30)
	}
}
