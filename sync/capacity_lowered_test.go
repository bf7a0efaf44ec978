package sync_test

import (
	"context"
	"encoding/json"
	"testing"

	"guichet/sync"
)

// lowerGallery is the fleet catalog with the galerie of hamlet-01 lowered
// to n places (the box office took rows out of sale).
func lowerGallery(t *testing.T, n int) []byte {
	t.Helper()
	var doc map[string]any
	must(t, json.Unmarshal(fleetCatalog(t), &doc))
	for _, p := range doc["performances"].([]any) {
		if p := p.(map[string]any); p["id"] == "hamlet-01" {
			p["capacity"] = map[string]any{"galerie": n}
		}
	}
	data, err := json.Marshal(doc)
	must(t, err)
	return data
}

// The box office lowers a zone's capacity (a new catalog) after it granted
// the whole zone to two registers: each is told at its next ask to give
// back what it has not sold beyond the new capacity, so the two together
// sell no more than the hall now has. The server kept their grants whole,
// and each sold out its share: 60 places sold in a galerie of 20.
func TestALoweredCapacityTakesBackWhatTheRegistersHaveNotSold(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	a := openEscrow(t, c, cat, "K01", true)
	b := openEscrow(t, c, cat, "K02", true)
	for _, r := range []*escrowRegister{a, b} {
		if n, err := r.e.Ask(ctx, gallery1, fleetGallery/2, 0); err != nil || n != fleetGallery/2 {
			t.Fatalf("%s got %d (%v)", r.ID(), n, err)
		}
		must(t, r.sellGallery(5))
	}
	const lowered = 20
	_, err := c.store.LoadCatalog(ctx, "fleet-lowered.json", lowerGallery(t, lowered))
	must(t, err)
	// Each renews its lease (as its escrow does every half lease) and pushes.
	for _, r := range []*escrowRegister{a, b} {
		if _, err := r.e.Ask(ctx, gallery1, 0, r.holding(t, gallery1).Used); err != nil {
			t.Fatalf("%s renews: %v", r.ID(), err)
		}
		must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))
	}
	if total, by := serverGrants(t, c, gallery1); total > lowered {
		t.Errorf("the server grants %d places of the galerie's %d (%v)", total, lowered, by)
	}
	sold := 10
	for _, r := range []*escrowRegister{a, b} {
		for sold < 100 && r.sellGallery(1) == nil {
			sold++
		}
	}
	if sold > lowered {
		t.Fatalf("the registers sold %d places of a galerie of %d", sold, lowered)
	}
}

// guichetd grants shows each resource's capacity in the catalog loaded
// now: a capacity lowered since the last ask was shown as it was then, so
// the box office read the registers holding 60 "of 60" in a galerie of 20.
func TestGrantsShowTheCapacityOfTheLoadedCatalog(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	a := openEscrow(t, c, cat, "K01", true)
	if n, err := a.e.Ask(ctx, gallery1, fleetGallery, 0); err != nil || n != fleetGallery {
		t.Fatalf("K01 got %d (%v)", n, err)
	}
	const lowered = 20
	_, err := c.store.LoadCatalog(ctx, "fleet-lowered.json", lowerGallery(t, lowered))
	must(t, err)
	rows, err := c.store.Grants(ctx)
	must(t, err)
	for _, g := range rows {
		if g.Resource == gallery1 && g.Capacity != lowered {
			t.Fatalf("guichetd grants shows %s held %d of %d, the catalog has %d places", g.Resource, g.Allot, g.Capacity, lowered)
		}
	}
}
