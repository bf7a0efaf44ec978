package sync_test

import (
	"context"
	"testing"

	"guichet/pos"
	"guichet/sync/api"
)

// A box office with more limited resources than one grant request may ask
// for (api.MaxBatch: here 2,100 single-use codes generated for a campaign,
// guichetd codes generate's default) is still supplied: the escrow asks in
// requests of at most that many. It sent them all in one, which the server
// refused (413) and the escrow sent again, first, at every ask: the
// register was granted nothing, ever, and sold nothing.
func TestARegisterWithMoreResourcesThanARequestTakesIsSupplied(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	n := api.MaxBatch + 100
	if _, err := c.store.GenerateCodes(ctx, "admin", "bienvenue", n, 8, 1); err != nil {
		t.Fatal(err)
	}
	doc, err := c.store.ServedCatalog(ctx)
	must(t, err)
	cat, err := pos.ParseCatalog("served", doc.Data, testToday)
	must(t, err)
	r := openEscrow(t, c, cat, "K01", true)
	if err := r.e.Refill(ctx); err != nil {
		t.Fatalf("the register's escrow could not ask: %v", err)
	}
	if h := r.holding(t, gallery1); h.Left == 0 {
		t.Fatalf("the register holds %+v of the galerie: nothing to sell", h)
	}
	must(t, r.sellGallery(1))
	// What it asks next goes through too: nothing waits to be sent again.
	if _, err := r.e.AskSeats(ctx, "hamlet-01", "parterre", []string{"C-5"}); err != nil {
		t.Fatalf("a seat asked for after the supply: %v", err)
	}
}
