package sync_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// A central server that serves another organiser's catalog (loaded there
// by mistake) does not make the register sell it: the catalog is not
// applied, the status line says why, and the register sells on from its
// own catalog.
func TestTheCentralServersCatalogOfAnotherOrganiserIsNotApplied(t *testing.T) {
	c := newCentral(t)
	ctx := context.Background()
	other := bytes.Replace(fixtures.Demo, []byte(`"name": "Théâtre du Lac",`), []byte(`"name": "Théâtre des Vernets",`), 1)
	_, err := c.store.LoadCatalog(ctx, "vernets.json", other)
	must(t, err)
	start := time.Now()
	clock := func() time.Time { return testToday.Add(time.Since(start)) }
	reg, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "K01.db"), Register: "K01", Catalog: demoCatalog(t), Now: clock})
	must(t, err)
	defer reg.Close()
	token, err := c.store.AddRegister(ctx, "K01", reg.PublicKey())
	must(t, err)
	own := reg.Catalog()
	svc, err := counter.New(reg, counter.Options{Now: clock,
		Central: counter.Central{URL: c.URL(), Token: token, Interval: 20 * time.Millisecond}})
	must(t, err)
	defer svc.Close()
	waitFor(t, "the other organiser's catalog to be refused", func() bool { return svc.Sync().CatalogRefused != "" })
	st := svc.Sync()
	if want := "the new catalog is Théâtre des Vernets's and this register sells for Théâtre du Lac: it was not applied"; !strings.HasPrefix(st.CatalogRefused, want) || !st.Alert {
		t.Errorf("status %+v, want an alert saying %q", st, want)
	}
	if svc.Catalog() != own {
		t.Fatal("the other organiser's catalog was applied")
	}
	till, err := svc.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	if _, err := till.Checkout([]pos.Tender{{Method: "cash"}}); err != nil {
		t.Fatalf("a sale after the refusal: %v", err)
	}
	till.Close()
}
