package sync_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/server"
)

// withCodeUses is the fleet catalog with code BIENVENUE allowed n orders.
func withCodeUses(t *testing.T, n int) []byte {
	t.Helper()
	var doc map[string]any
	must(t, json.Unmarshal(fleetCatalog(t), &doc))
	for _, o := range doc["offers"].([]any) {
		if o := o.(map[string]any); o["id"] == "bienvenue" {
			o["codes"] = []any{map[string]any{"code": "BIENVENUE", "max_uses": n}}
		}
	}
	data, err := json.Marshal(doc)
	must(t, err)
	return data
}

// The box office changes the quantity allowed of a code its catalog
// defines and loads the catalog again: guichetd takes the new quantity,
// as a register alone does with a new catalog (a code disabled with
// guichetd codes disable stays disabled). guichetd kept the first
// catalog's quantity for good, without a word, and has no other way to
// change it: registers went on refusing the code at its old limit.
func TestACatalogLoadedAgainChangesItsCodesQuantityAllowed(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	for _, n := range []int{fleetCodeUses + 12, 3} {
		_, err := c.store.LoadCatalog(ctx, "fleet.json", withCodeUses(t, n))
		must(t, err)
		vs, err := c.store.Codes(ctx, "bienvenue")
		must(t, err)
		if len(vs) != 1 || vs[0].MaxUses != n || vs[0].Disabled {
			t.Fatalf("after loading the catalog with %d uses, guichetd has %+v", n, vs)
		}
	}
	// What the registers are granted follows it.
	r := openEscrow(t, c, cat, "K01", true)
	if got, err := r.e.Ask(ctx, local.CodeResource("BIENVENUE"), 20, 0); err != nil || got != 3 {
		t.Fatalf("K01 got %d uses (%v), want the catalog's 3", got, err)
	}
	// A code disabled on the server stays disabled when the catalog is
	// loaded again.
	must(t, c.store.SetCodeDisabled(ctx, "admin", "BIENVENUE", true))
	_, err := c.store.LoadCatalog(ctx, "fleet.json", withCodeUses(t, 5))
	must(t, err)
	vs, err := c.store.Codes(ctx, "bienvenue")
	must(t, err)
	if len(vs) != 1 || vs[0].MaxUses != 5 || !vs[0].Disabled {
		t.Fatalf("a disabled code after loading the catalog again: %+v", vs)
	}
}

// A code's quantity allowed lowered by a catalog loaded again, below what
// a register holds of it: the register gives back what it has not used at
// its next ask, and uses the code no more than the new quantity allows.
func TestACodesQuantityLoweredByTheCatalogIsGivenBack(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	code := local.CodeResource("BIENVENUE")
	r := openEscrow(t, c, cat, "K01", true)
	if got, err := r.e.Ask(ctx, code, fleetCodeUses, 0); err != nil || got != fleetCodeUses {
		t.Fatalf("K01 got %d uses (%v)", got, err)
	}
	use := func() error {
		defer r.till.ClearCart()
		must(t, r.till.AddTickets("hamlet-01", "galerie", "adult", 1))
		if _, err := r.till.ApplyCode("BIENVENUE"); err != nil {
			return err
		}
		_, err := r.till.Checkout([]pos.Tender{{Method: "cash"}})
		return err
	}
	for res, want := range map[string]int{gallery1: 10, local.OfferResource("bienvenue"): fleetOffer,
		local.OfferItemResource("bienvenue", "performance=hamlet-01,zone=galerie"): fleetOfferZone} {
		if n, err := r.e.Ask(ctx, res, want, 0); err != nil || n != want {
			t.Fatalf("K01 got %d of %s (%v)", n, res, err)
		}
	}
	must(t, use())
	must(t, use())
	_, err := c.store.LoadCatalog(ctx, "fleet.json", withCodeUses(t, 3))
	must(t, err)
	if _, err := r.e.Ask(ctx, code, 0, r.holding(t, code).Used); err != nil {
		t.Fatal(err)
	}
	if h := r.holding(t, code); h.Allotted != 3 || h.Left != 1 {
		t.Fatalf("K01 holds %+v of the code, want 3 with 1 left", h)
	}
	must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))
	if total, _ := serverGrants(t, c, code); total != 3 {
		t.Fatalf("the server grants %d uses of a code allowed 3", total)
	}
	must(t, use())
	if err := use(); err == nil {
		t.Fatal("K01 used the code a fourth time: it is allowed 3")
	}
}

// A catalog whose offer defines a code the server already has for another
// offer (added with guichetd codes add) is refused, as a register refuses
// one code in two offers: it was loaded without a word, and registers
// went on giving the other offer's discount for that code.
func TestACatalogCodeTheServerHasForAnotherOfferIsRefused(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	must(t, c.store.AddCodes(ctx, "admin", "amis", []pos.Code{{Code: "NOEL"}}))
	before, err := c.store.CatalogVersion(ctx)
	must(t, err)
	var doc map[string]any
	must(t, json.Unmarshal(fleetCatalog(t), &doc))
	for _, o := range doc["offers"].([]any) {
		if o := o.(map[string]any); o["id"] == "bienvenue" {
			o["codes"] = []any{map[string]any{"code": "BIENVENUE"}, map[string]any{"code": "noel"}}
		}
	}
	data, err := json.Marshal(doc)
	must(t, err)
	_, err = c.store.LoadCatalog(ctx, "fleet-noel.json", data)
	if err == nil || !strings.Contains(err.Error(), "NOEL") || !strings.Contains(err.Error(), `"amis"`) {
		t.Fatalf("a catalog giving bienvenue the code NOEL of amis: %v, want it refused naming NOEL and amis", err)
	}
	if after, _ := c.store.CatalogVersion(ctx); after != before {
		t.Fatalf("the refused catalog moved the version from %d to %d", before, after)
	}
	vs, err := c.store.Codes(ctx, "amis")
	must(t, err)
	if !slices.ContainsFunc(vs, func(v server.CodeView) bool { return v.Code.Code == "NOEL" }) {
		t.Fatalf("amis lost NOEL: %+v", vs)
	}
	// A code an earlier catalog defined follows the catalog to another
	// offer, as at a register alone: it stayed with its first offer.
	for _, o := range doc["offers"].([]any) {
		switch o := o.(map[string]any); o["id"] {
		case "bienvenue":
			o["codes"] = []any{}
		case "amis":
			o["codes"] = []any{map[string]any{"code": "BIENVENUE", "max_uses": 4}}
		}
	}
	data, err = json.Marshal(doc)
	must(t, err)
	_, err = c.store.LoadCatalog(ctx, "fleet-moved.json", data)
	must(t, err)
	vs, err = c.store.Codes(ctx, "amis")
	must(t, err)
	if !slices.ContainsFunc(vs, func(v server.CodeView) bool { return v.Code.Code == "BIENVENUE" && v.MaxUses == 4 }) {
		t.Fatalf("BIENVENUE moved to amis by the catalog: amis has %+v", vs)
	}
	served, err := c.store.ServedCatalog(ctx)
	must(t, err)
	cat, err := pos.ParseCatalog("served", served.Data, testToday)
	must(t, err)
	if o, _ := cat.OfferByID("bienvenue"); len(o.Codes) != 0 {
		t.Fatalf("registers still get %+v for bienvenue", o.Codes)
	}
}

// A code the organiser takes out of the catalog (a newer catalog without
// it) is no longer a code, as at a register alone: guichetd kept it and
// served it with its offer, so every register went on accepting it.
func TestACodeTakenOutOfTheCatalogIsNoLongerServed(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	must(t, c.store.AddCodes(ctx, "admin", "bienvenue", []pos.Code{{Code: "MAISON"}})) // made on the server: stays
	var doc map[string]any
	must(t, json.Unmarshal(fleetCatalog(t), &doc))
	for _, o := range doc["offers"].([]any) {
		if o := o.(map[string]any); o["id"] == "bienvenue" {
			delete(o, "codes")
		}
	}
	data, err := json.Marshal(doc)
	must(t, err)
	_, err = c.store.LoadCatalog(ctx, "fleet-nocode.json", data)
	must(t, err)
	served, err := c.store.ServedCatalog(ctx)
	must(t, err)
	cat, err := pos.ParseCatalog("served", served.Data, testToday)
	must(t, err)
	o, _ := cat.OfferByID("bienvenue")
	if len(o.Codes) != 1 || o.Codes[0].Code != "MAISON" {
		t.Fatalf("registers get %+v for bienvenue, want MAISON alone (BIENVENUE was taken out of the catalog)", o.Codes)
	}
	vs, err := c.store.Codes(ctx, "bienvenue")
	must(t, err)
	if len(vs) != 1 || vs[0].Code.Code != "MAISON" {
		t.Fatalf("guichetd codes list: %+v, want MAISON alone", vs)
	}
	// Put back in a catalog, it is a code again.
	_, err = c.store.LoadCatalog(ctx, "fleet.json", fleetCatalog(t))
	must(t, err)
	if vs, _ := c.store.Codes(ctx, "bienvenue"); len(vs) != 2 {
		t.Fatalf("BIENVENUE put back in the catalog: %+v", vs)
	}
}

// The codes made on the server for an offer a newer catalog took out are
// still listed and exported, with their uses (the box office counts what
// the offer did); only an offer neither in the catalog nor with a code on
// the server is refused as unknown.
func TestTheCodesOfAnOfferTakenOutOfTheCatalogAreStillListed(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	must(t, c.store.AddCodes(ctx, "admin", "amis", []pos.Code{{Code: "COPAINS"}}))
	var doc map[string]any
	must(t, json.Unmarshal(fleetCatalog(t), &doc))
	var kept []any
	for _, o := range doc["offers"].([]any) {
		if o.(map[string]any)["id"] != "amis" {
			kept = append(kept, o)
		}
	}
	doc["offers"] = kept
	data, err := json.Marshal(doc)
	must(t, err)
	_, err = c.store.LoadCatalog(ctx, "fleet-noamis.json", data)
	must(t, err)
	vs, err := c.store.Codes(ctx, "amis")
	if err != nil || len(vs) != 1 || vs[0].Code.Code != "COPAINS" {
		t.Fatalf("codes of amis once out of the catalog: %+v %v", vs, err)
	}
	var csv strings.Builder
	if err := c.store.ExportCodes(ctx, "amis", &csv); err != nil || !strings.Contains(csv.String(), "COPAINS") {
		t.Fatalf("export of amis once out of the catalog: %v %q", err, csv.String())
	}
	if _, err := c.store.Codes(ctx, "ami"); err == nil || !strings.Contains(err.Error(), `no offer "ami"`) {
		t.Fatalf("codes of an unknown offer: %v", err)
	}
}

// guichetd codes add with the same code twice on one line (as typed:
// "noel NOEL") says it is listed twice, as a register does, and adds
// nothing; it said the code "exists already", which it did not.
func TestCodesAddedTwiceInOneCommandAreRefusedAsListedTwice(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	err := c.store.AddCodes(ctx, "admin", "amis", []pos.Code{{Code: "noel"}, {Code: "NOEL "}, {Code: "PAQUES"}})
	if err == nil || !strings.Contains(err.Error(), "NOEL is listed twice") {
		t.Fatalf("codes add noel NOEL PAQUES: %v, want NOEL listed twice", err)
	}
	vs, err := c.store.Codes(ctx, "amis")
	must(t, err)
	for _, v := range vs {
		if v.Code.Code == "NOEL" || v.Code.Code == "PAQUES" {
			t.Fatalf("a refused add added %+v", vs)
		}
	}
}

// guichetd codes add and import refuse a code that exists already naming
// the offer that holds it, as a register does (guichet codes add and
// import): "code NOEL exists already" left the box office to search every
// offer for it. The catalog's own codes (the demo's K7PXM3QH is cadeau's)
// and those added on the server alike.
func TestACodeThatExistsIsRefusedWithTheOfferThatHoldsIt(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	must(t, c.store.AddCodes(ctx, "admin", "amis", []pos.Code{{Code: "NOEL"}}))
	for _, tc := range []struct {
		name string
		err  func() error
		want []string
	}{
		{"add", func() error {
			return c.store.AddCodes(ctx, "admin", "semaine", []pos.Code{{Code: "PAQUES"}, {Code: "noel"}, {Code: "K7PXM3QH"}})
		}, []string{"code NOEL already exists, in offer amis", "code K7PXM3QH already exists, in offer cadeau"}},
		{"import", func() error {
			_, err := c.store.ImportCodes(ctx, "admin", "semaine", []byte("code\nPAQUES\nNOEL\nK7PXM3QH\n"))
			return err
		}, []string{"line 3: code NOEL already exists, in offer amis", "line 4: code K7PXM3QH already exists, in offer cadeau"}},
	} {
		err := tc.err()
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v, want %q", tc.name, err, w)
			}
		}
	}
	vs, err := c.store.Codes(ctx, "semaine")
	must(t, err)
	if slices.ContainsFunc(vs, func(v server.CodeView) bool { return v.Code.Code == "PAQUES" }) {
		t.Fatalf("a refused add or import added PAQUES: %+v", vs)
	}
}
