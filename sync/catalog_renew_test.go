package sync_test

import (
	"context"
	"testing"

	"guichet/pos"
	"guichet/sync"
)

// A register that applies a new catalog asks the server about everything
// it holds at once (RenewNow), not half a lease later: a capacity the
// catalog lowered is given back before it sells from the old grant. Two
// registers holding 10 places each of a galerie lowered from 60 to 12,
// each 5 sold, with fresh leases: their next look asked nothing, and
// together they sold 20 places of 12.
func TestANewCatalogRenewsEveryGrantAtOnce(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	a := openEscrow(t, c, cat, "K01", true)
	b := openEscrow(t, c, cat, "K02", true)
	regs := []*escrowRegister{a, b}
	for _, r := range regs {
		if n, err := r.e.Ask(ctx, gallery1, 10, 0); err != nil || n != 10 {
			t.Fatalf("%s got %d (%v)", r.ID(), n, err)
		}
		must(t, r.sellGallery(5))
		must(t, r.e.Refill(ctx)) // a look with fresh leases: nothing to ask
	}
	const lowered = 12
	data := lowerGallery(t, lowered)
	_, err := c.store.LoadCatalog(ctx, "fleet-lowered.json", data)
	must(t, err)
	newCat, err := pos.ParseCatalog("fleet-lowered", data, testToday)
	must(t, err)
	for _, r := range regs {
		must(t, r.SetCatalog(newCat))
		r.e.RenewNow() // as the counter does once it applied the catalog
		must(t, r.e.Refill(ctx))
		must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))
	}
	if total, by := serverGrants(t, c, gallery1); total > lowered {
		t.Errorf("the server grants %d places of the galerie's %d (%v)", total, lowered, by)
	}
	sold := 10
	for _, r := range regs {
		for sold < 100 && r.sellGallery(1) == nil {
			sold++
		}
	}
	if sold > lowered {
		t.Fatalf("the registers sold %d places of a galerie of %d", sold, lowered)
	}
}
