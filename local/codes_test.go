package local

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/pos"
)

// Codes added, disabled and deleted are journal entries: they survive a
// restart, count their uses from the orders in the same file, and a used
// code can only be disabled.
func TestCodesPersistAndCountUsesFromOrders(t *testing.T) {
	r, _ := openTest(t, "")
	path := r.Path()
	must(t, r.AddCodes("claire", "enfants", []pos.Code{{Code: " petits ", MaxUses: 2}, {Code: "KIDS-2"}}))
	gen, err := r.GenerateCodes("claire", "cadeau", 20, 8, 1)
	must(t, err)
	if len(gen) != 20 {
		t.Fatalf("%d random codes", len(gen))
	}
	if err := r.AddCodes("claire", "enfants", []pos.Code{{Code: "NEW-1"}, {Code: "FAMILLE"}}); err == nil || !strings.Contains(err.Error(), "FAMILLE already exists, in offer enfants") {
		t.Fatalf("adding a catalog code again: %v", err)
	}

	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 3))
	pc, err := till.ApplyCode("Petits")
	must(t, err)
	if pc.Offer == nil || pc.Offer.Code != "PETITS" || pc.Discount.Amount != 3*240 {
		t.Fatalf("offer %+v discount %v", pc.Offer, pc.Discount)
	}
	o, err := till.Checkout(cash())
	must(t, err)
	if o.Offer == nil || o.Offer.Code != "PETITS" {
		t.Fatalf("order offer %+v", o.Offer)
	}

	// A used code cannot be deleted, and the refusal names its offer in the
	// register's languages; an unused one can.
	err = r.DeleteCode("claire", "petits")
	if !errors.Is(err, pos.ErrCodeUsed) || !strings.Contains(err.Error(), "code PETITS, in offer enfants, was used by 1 order(s)") ||
		!strings.Contains(pos.Say(err, pos.French), "le code PETITS, de l'offre enfants, a servi à 1 commande(s)") {
		t.Fatalf("delete used code: %v / %s", err, pos.Say(err, pos.French))
	}
	must(t, r.DeleteCode("claire", "kids-2"))
	must(t, r.SetCodeDisabled("claire", "FAMILLE", true)) // a catalog code

	// After a restart everything is still there.
	r.Close()
	r2, _ := openTest(t, path)
	list, err := r2.Codes("enfants")
	must(t, err)
	got := map[string]CodeView{}
	for _, v := range list {
		got[v.Code.Code] = v
	}
	if v := got["PETITS"]; v.Uses != 1 || v.MaxUses != 2 || v.Disabled {
		t.Errorf("PETITS %+v, want 1 / 2 uses, enabled", v)
	}
	if _, ok := got["KIDS-2"]; ok {
		t.Error("KIDS-2 came back after delete")
	}
	if v := got["FAMILLE"]; !v.Disabled || !v.Catalog {
		t.Errorf("FAMILLE %+v, want disabled catalog code", v)
	}
	if list, _ := r2.Codes("cadeau"); len(list) != 25 {
		t.Errorf("cadeau has %d codes, want 5 from the catalog + 20 random", len(list))
	}

	// The disabled code is refused at the till; enabled again, it works.
	till2 := openTill(t, r2, "claire", "1234")
	must(t, till2.AddTickets("hamlet-00", "galerie", "child", 1))
	var refusal *pos.CodeRefusal
	if _, err := till2.ApplyCode("famille"); !errors.As(err, &refusal) || refusal.Reason != pos.RefusedDisabled {
		t.Fatalf("a disabled code: %v", err)
	}
	must(t, r2.SetCodeDisabled("claire", "famille", false))
	if _, err := till2.ApplyCode("famille"); err != nil {
		t.Fatalf("re-enabled code: %v", err)
	}

	// Canceling the order gives the use back.
	must(t, till2.Cancel(o.Number, "test"))
	if list, _ := r2.Codes("enfants"); list[len(list)-1].Code.Code != "PETITS" || list[len(list)-1].Uses != 0 {
		t.Errorf("after cancel: %+v", list)
	}
}

func TestCodesImportIsAllOrNothingAndExportRoundTrips(t *testing.T) {
	r, _ := openTest(t, "")
	bad := []byte("code;max_uses\nAAA-1;1\nAAA-1;2\nSEMAINE;1\nBBB;x\n")
	_, err := r.ImportCodes("claire", "bienvenue", bad)
	var ie *pos.CodesImportError
	if !errors.As(err, &ie) || len(ie.Problems) != 3 {
		t.Fatalf("bad import: %v", err)
	}
	if list, _ := r.Codes("bienvenue"); len(list) != 1 { // only the catalog's BIENVENUE
		t.Fatalf("a refused import added codes: %+v", list)
	}
	good := []byte("\xef\xbb\xbfcode;max_uses;disabled\nalpha-1;3;no\nBETA-2;0;yes\n")
	_, err = r.ImportCodes("claire", "bienvenue", good)
	must(t, err)
	var out bytes.Buffer
	must(t, r.ExportCodes("bienvenue", &out))

	// Into an empty offer of another register: the same codes.
	r2, _ := openTest(t, "")
	must(t, r2.DeleteCode("claire", "BIENVENUE")) // empty the offer first
	_, err = r2.ImportCodes("claire", "bienvenue", out.Bytes())
	must(t, err)
	a, _ := r.Codes("bienvenue")
	b, _ := r2.Codes("bienvenue")
	if len(a) != len(b) {
		t.Fatalf("%d codes exported, %d imported", len(a), len(b))
	}
	for i := range a {
		if a[i].Code != b[i].Code {
			t.Errorf("code %d: %+v exported, %+v imported", i, a[i].Code, b[i].Code)
		}
	}
}

// Tickets benefiting from an offer in another till's cart count against
// its quota until that cart lets them go (seed 000: orders in progress count).
func TestOfferQuotaCountsOtherTillsCarts(t *testing.T) {
	var doc map[string]json.RawMessage
	must(t, json.Unmarshal(fixtures.Demo, &doc))
	doc["offers"] = json.RawMessage(`[{"id":"few","name":"Few","effect":"percent","percent_bp":1000,"max_tickets":4,"codes":[{"code":"FEW"}]}]`)
	data, err := json.Marshal(doc)
	must(t, err)
	c, err := pos.ParseCatalog("test", data, testToday)
	must(t, err)
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "k.db"), Register: "K01", Catalog: c, Now: clk.Now})
	must(t, err)
	defer r.Close()
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-00", "galerie", "adult", 3))
	if _, err := a.ApplyCode("few"); err != nil {
		t.Fatal(err)
	}
	must(t, b.AddTickets("hamlet-00", "galerie", "adult", 2))
	var refusal *pos.CodeRefusal
	if _, err := b.ApplyCode("few"); !errors.As(err, &refusal) || refusal.Reason != pos.RefusedQuotaReached {
		t.Fatalf("second till over the quota: %v", err)
	}
	a.ClearCart()
	if _, err := b.ApplyCode("few"); err != nil {
		t.Fatalf("after the first cart let go: %v", err)
	}
}

// A code imported (or added) disabled is enabled again like any other
// (seed 001: "deactivate (or activate it)"), and changing its quantity
// allowed leaves its state alone; a rebuild gives the same views.
func TestCodeAddedDisabledCanBeEnabledAndStaysSoOnChange(t *testing.T) {
	r, _ := openTest(t, "")
	_, err := r.ImportCodes("claire", "bienvenue", []byte("code,max_uses,disabled\nBETA-2,0,yes\nGAMMA-3,5,yes\n"))
	must(t, err)
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	state := func(code string) (listed bool, applies error) {
		t.Helper()
		list, err := r.Codes("bienvenue")
		must(t, err)
		for _, v := range list {
			if v.Code.Code == code {
				listed = v.Disabled
			}
		}
		_, applies = till.ApplyCode(code)
		till.RemoveCode()
		return listed, applies
	}
	var refusal *pos.CodeRefusal
	if dis, err := state("BETA-2"); !dis || !errors.As(err, &refusal) || refusal.Reason != pos.RefusedDisabled {
		t.Fatalf("imported disabled: listed disabled %v, applying %v", dis, err)
	}
	must(t, r.SetCodeDisabled("claire", "beta-2", false))
	if dis, err := state("BETA-2"); dis || err != nil {
		t.Errorf("enabled again: listed disabled %v, applying %v", dis, err)
	}
	must(t, r.SetCodeDisabled("claire", "beta-2", true))
	if dis, err := state("BETA-2"); !dis || err == nil {
		t.Errorf("disabled again: listed disabled %v, applying %v", dis, err)
	}
	must(t, r.SetCodeMaxUses("claire", "GAMMA-3", 7))
	if dis, err := state("GAMMA-3"); !dis || err == nil {
		t.Errorf("imported disabled, its quantity changed: listed disabled %v, applying %v", dis, err)
	}
	if inc, reb := viewsAfterRebuild(t, r); inc != reb {
		t.Error("views folded as entries came differ from views rebuilt from the journal")
	}
}

// A code the catalog itself disables (the organiser's file, or the central
// server's guichetd codes disable) is not enabled by the register: enabling
// it there is refused with a sentence saying where to do it, rather than
// recorded and said done while the code stays refused.
func TestEnablingACodeTheCatalogDisablesSaysWhere(t *testing.T) {
	var doc map[string]json.RawMessage
	must(t, json.Unmarshal(fixtures.Demo, &doc))
	doc["offers"] = json.RawMessage(`[{"id":"x","name":"X","effect":"percent","percent_bp":1000,"codes":[{"code":"OFF-1","disabled":true},{"code":"ON-1"}]}]`)
	data, err := json.Marshal(doc)
	must(t, err)
	c, err := pos.ParseCatalog("test", data, testToday)
	must(t, err)
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "k.db"), Register: "K01", Catalog: c, Now: fakeclock.New(testToday).Now})
	must(t, err)
	defer r.Close()
	err = r.SetCodeDisabled("claire", "off-1", false)
	if err == nil || !strings.Contains(err.Error(), "catalog") {
		t.Fatalf("enabling a code the catalog disables: %v", err)
	}
	if fr := pos.Say(err, pos.French); !strings.Contains(fr, "catalogue") {
		t.Errorf("in French: %q", fr)
	}
	h, err := r.CodeHistory("OFF-1")
	must(t, err)
	if len(h) != 1 || h[0].What != "catalog" { // the catalog's code, nothing more
		t.Errorf("the refused enabling was recorded: %+v", h)
	}
	// a code disabled at the register is enabled there, as before
	must(t, r.SetCodeDisabled("claire", "on-1", true))
	must(t, r.SetCodeDisabled("claire", "on-1", false))
}

// TestAnUnpricedCartCountsAgainstTheOfferQuota: a cart another till just
// changed counts against an automatic offer's quota from that change, not
// from the next time that till prices it (a script's SetCart never prices
// it): the other till's cart is not given the tickets the first one holds
// (seed 000: orders in progress count until canceled).
func TestAnUnpricedCartCountsAgainstTheOfferQuota(t *testing.T) {
	var doc map[string]json.RawMessage
	must(t, json.Unmarshal(fixtures.Demo, &doc))
	doc["offers"] = json.RawMessage(`[{"id":"few","name":"Few","effect":"percent","percent_bp":1000,"max_tickets":4,"automatic":true}]`)
	data, err := json.Marshal(doc)
	must(t, err)
	c, err := pos.ParseCatalog("test", data, testToday)
	must(t, err)
	three := pos.CartLine{Kind: pos.LineTicket, Performance: "hamlet-00", Zone: "galerie", Category: "adult", Quantity: 3}
	for _, tc := range []struct {
		name   string
		change func(a *Till) error
	}{
		{"a script's whole cart", func(a *Till) error { return a.SetCart(pos.Cart{Lines: []pos.CartLine{three}}) }},
		{"tickets added", func(a *Till) error { return a.AddTickets("hamlet-00", "galerie", "adult", 3) }},
		{"a priced cart changed", func(a *Till) error {
			must(t, a.AddTickets("hamlet-00", "galerie", "adult", 2))
			if _, err := a.Priced(); err != nil {
				return err
			}
			return a.SetQuantity(0, 3)
		}},
		{"a priced cart's language changed", func(a *Till) error {
			// the kiosk's language key, in the middle of a sale
			must(t, a.AddTickets("hamlet-00", "galerie", "adult", 3))
			if _, err := a.Priced(); err != nil {
				return err
			}
			other := pos.French
			if a.Lang() == pos.French {
				other = pos.English
			}
			a.SetLang(other)
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Open(Options{Path: filepath.Join(t.TempDir(), "k.db"), Register: "K01", Catalog: c, Now: fakeclock.New(testToday).Now})
			must(t, err)
			defer r.Close()
			a := openTill(t, r, "claire", "1234")
			b := openTill(t, r, "claire", "1234")
			must(t, tc.change(a))
			must(t, b.AddTickets("hamlet-00", "galerie", "adult", 3))
			pb, err := b.Priced()
			must(t, err)
			if n := pos.OfferUsage(pb.Lines)[""]; n > 1 || pb.AutoRefusal == nil || pb.AutoRefusal.Reason != pos.RefusedQuotaReached {
				t.Fatalf("the second till's cart has %d tickets of the offer (discount %v, refusal %+v) while the first holds 3 of its 4", n, pb.Discount, pb.AutoRefusal)
			}
			oa, err := a.Checkout(cash())
			must(t, err)
			if n := pos.OfferUsage(oa.Lines)[""]; n != 3 {
				t.Fatalf("the first till sold %d tickets of the offer, want 3", n)
			}
		})
	}
}
