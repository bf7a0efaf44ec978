package sync_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"guichet/fixtures"
	"guichet/pos"
)

// guichetd codes add, generate or import on an automatic offer (it
// applies without a code) is refused with the sentence a register gives:
// added, every register refused the catalog it pulls from then on ("an
// automatic offer applies without a code"), so no change of the catalog
// reached them until someone found the code.
func TestCodesForAnAutomaticOfferAreRefused(t *testing.T) {
	c := newCentral(t)
	ctx := context.Background()
	_, err := c.store.LoadCatalog(ctx, "demo.json", fixtures.Demo)
	must(t, err)
	cat, err := c.store.Catalog(ctx)
	must(t, err)
	if o, ok := cat.OfferByID("festival-auto"); !ok || !o.Automatic {
		t.Fatalf("the premise: festival-auto is an automatic offer: %+v", o)
	}
	before, err := c.store.CatalogVersion(ctx)
	must(t, err)
	for name, add := range map[string]func() error{
		"add": func() error { return c.store.AddCodes(ctx, "admin", "festival-auto", []pos.Code{{Code: "AUTOCODE"}}) },
		"generate": func() error {
			_, err := c.store.GenerateCodes(ctx, "admin", "festival-auto", 2, 10, 1)
			return err
		},
		"import": func() error {
			_, err := c.store.ImportCodes(ctx, "admin", "festival-auto", []byte("code,max_uses\nAUTOCODE,1\n"))
			return err
		},
	} {
		if err := add(); err == nil || !strings.Contains(err.Error(), "automatic") {
			t.Errorf("codes %s on an automatic offer: %v, want it refused", name, err)
		}
	}
	if after, _ := c.store.CatalogVersion(ctx); after != before {
		t.Errorf("the refused codes moved the catalog's version from %d to %d", before, after)
	}
	served := func(when string) {
		t.Helper()
		doc, err := c.store.ServedCatalog(ctx)
		must(t, err)
		if _, err := pos.ParseCatalog("served", doc.Data, testToday); err != nil {
			t.Fatalf("%s: registers refuse the catalog the server serves: %v", when, err)
		}
	}
	served("codes refused")
	// A new catalog makes amis automatic (without its code AMIS, as a
	// catalog must): the server's AMIS is not served with it.
	var doc map[string]any
	must(t, json.Unmarshal(fixtures.Demo, &doc))
	for _, o := range doc["offers"].([]any) {
		if o := o.(map[string]any); o["id"] == "amis" {
			o["automatic"] = true
			delete(o, "codes")
		}
	}
	data, err := json.Marshal(doc)
	must(t, err)
	_, err = c.store.LoadCatalog(ctx, "amis-auto.json", data)
	must(t, err)
	served("amis made automatic")
}
