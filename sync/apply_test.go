package sync_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// TestACodeDisabledAtTheServerIsRefusedWithoutARestart: the running
// register service applies the catalog it pulls between sales: a cart
// open during the pull is checked out on the catalog it started with (its
// code still good), and the next cart is refused the code the server
// disabled, the register never restarted; the journal verifies.
func TestACodeDisabledAtTheServerIsRefusedWithoutARestart(t *testing.T) {
	c := newCentral(t)
	ctx := context.Background()
	_, err := c.store.LoadCatalog(ctx, "demo.json", fixtures.Demo)
	must(t, err)
	start := time.Now()
	clock := func() time.Time { return testToday.Add(time.Since(start)) }
	path := filepath.Join(t.TempDir(), "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: clock})
	must(t, err)
	token, err := c.store.AddRegister(ctx, "K01", reg.PublicKey())
	must(t, err)
	opened := reg.Catalog()
	svc, err := counter.New(reg, counter.Options{Now: clock,
		Central: counter.Central{URL: c.URL(), Token: token, Interval: 20 * time.Millisecond}})
	must(t, err)
	changes, cancel := svc.Changes()
	defer cancel()
	waitFor(t, "the server's catalog to be applied", func() bool { return svc.Catalog() != opened })

	till, err := svc.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	if _, err := till.ApplyCode("AMIS"); err != nil {
		t.Fatalf("AMIS before the server disabled it: %v", err)
	}
	before := svc.Catalog()
	must(t, c.store.SetCodeDisabled(ctx, "admin", "amis", true))
	waitFor(t, "the changed catalog to be pulled", func() bool { return svc.Sync().Catalog })
	time.Sleep(100 * time.Millisecond) // pulls and pokes go on: the cart still holds it back
	if svc.Catalog() != before {
		t.Fatal("the catalog changed under an open cart")
	}
	for len(changes) > 0 {
		<-changes
	}
	sale, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	if err != nil || sale.Order.Offer == nil || sale.Order.Offer.Code != "AMIS" {
		t.Fatalf("the cart opened before the pull, checked out: offer %+v, %v", sale.Order.Offer, err)
	}
	waitFor(t, "the pulled catalog to be applied after the sale", func() bool { return svc.Catalog() != before })
	// A subscriber holds one pending signal at most: the sale's and the
	// catalog's may be one, read after the swap. Either way the screens
	// hear of a change once the new catalog is in place.
	select {
	case <-changes: // the screens are told, and rebuild their lists
	case <-time.After(5 * time.Second):
		t.Fatal("the screens were not told of the new catalog")
	}
	if st := svc.Sync(); st.Catalog || st.CatalogRefused != "" {
		t.Fatalf("sync state %+v after the catalog was applied", st)
	}

	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	var refusal *pos.CodeRefusal
	if _, err := till.ApplyCode("AMIS"); !errors.As(err, &refusal) || refusal.Reason != pos.RefusedDisabled {
		t.Fatalf("AMIS after the server disabled it, no restart: %v", err)
	}
	till.Close()
	must(t, svc.Close())
	must(t, reg.Close())
	if _, err := local.Verify(path); err != nil {
		t.Fatalf("the journal after the catalog was applied: %v", err)
	}
}
