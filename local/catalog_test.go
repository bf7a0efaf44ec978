package local

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/pos"
)

// newerCatalog is the demo catalog as the central server might send it:
// the gallery holds 80 instead of 60 and the code FAMILLE is disabled.
func newerCatalog(t *testing.T) *pos.Catalog {
	t.Helper()
	data := bytes.Replace(fixtures.Demo, []byte(`"capacity": 60`), []byte(`"capacity": 80`), 1)
	c, err := pos.ParseCatalog("newer", data, testToday)
	must(t, err)
	for i := range c.Offers {
		for j := range c.Offers[i].Codes {
			if c.Offers[i].Codes[j].Code == "FAMILLE" {
				c.Offers[i].Codes[j].Disabled = true
			}
		}
	}
	return c
}

func galerie(t *testing.T, r *Register) ZoneAvailability {
	t.Helper()
	zs, err := r.Availability("hamlet-00")
	must(t, err)
	for _, z := range zs {
		if z.Zone == "galerie" {
			return z
		}
	}
	t.Fatal("no galerie in hamlet-00")
	return ZoneAvailability{}
}

// TestSetCatalogWaitsForTheSaleInProgress: a newer catalog is refused
// while a till has a cart or an exchange credit, applied once the sale is
// checked out; then the register sells from it (its capacity granted in
// the journal, its disabled code refused) and the journal verifies, and
// still opens with the catalog it started with.
func TestSetCatalogWaitsForTheSaleInProgress(t *testing.T) {
	r, _ := openTest(t, "")
	old := r.Catalog()
	till := openTill(t, r, "claire", "1234")
	other := openTill(t, r, "marc", "5678")
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
	if _, err := till.ApplyCode("famille"); err != nil {
		t.Fatalf("FAMILLE before the newer catalog: %v", err)
	}
	newer := newerCatalog(t)
	if err := r.SetCatalog(newer); !errors.Is(err, ErrSaleInProgress) {
		t.Fatalf("SetCatalog with a cart open: %v, want ErrSaleInProgress", err)
	}
	if r.Catalog() != old || galerie(t, r).Capacity != 60 {
		t.Fatal("the catalog changed under an open cart")
	}
	if _, err := till.Checkout(cash()); err != nil {
		t.Fatalf("checkout on the catalog the cart started with: %v", err)
	}
	before := r.Version()
	must(t, r.SetCatalog(newer))
	if r.Catalog() != newer || r.Version() == before {
		t.Fatal("SetCatalog between sales: not applied, or no change told")
	}
	if z := galerie(t, r); z.Capacity != 80 || z.Sold != 2 {
		t.Fatalf("galerie %+v, want capacity 80 (granted by the newer catalog), 2 sold", z)
	}
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 1))
	var refusal *pos.CodeRefusal
	if _, err := till.ApplyCode("famille"); !errors.As(err, &refusal) || refusal.Reason != pos.RefusedDisabled {
		t.Fatalf("FAMILLE after the newer catalog disabled it: %v", err)
	}
	till.ClearCart()

	// An exchange credit is a sale in progress too.
	other.credit = &exchangeCredit{amount: chf(100)}
	if err := r.SetCatalog(old); !errors.Is(err, ErrSaleInProgress) {
		t.Fatalf("SetCatalog with an exchange credit waiting: %v", err)
	}
	other.ClearCart()

	// Another currency is refused, and changes nothing.
	usd := bytes.ReplaceAll(fixtures.Demo, []byte("CHF"), []byte("EUR"))
	eur, err := pos.ParseCatalog("eur", usd, testToday)
	must(t, err)
	if err := r.SetCatalog(eur); err == nil || r.Catalog() != newer {
		t.Fatalf("a catalog in EUR: %v", err)
	}

	path := r.Path()
	r.Close()
	if _, err := Verify(path); err != nil {
		t.Fatalf("the journal after a catalog change: %v", err)
	}
}

// TestSetCatalogRestaffsOpenTills: a newer catalog that makes marc an
// administrator and drops lea changes what marc's open till may do at
// once, and closes lea's: her next action is refused, and she cannot
// unlock again. Claire, unchanged, sells on.
func TestSetCatalogRestaffsOpenTills(t *testing.T) {
	r, _ := openTest(t, "")
	claire := openTill(t, r, "claire", "1234")
	marc := openTill(t, r, "marc", "5678")
	lea, err := r.Unlock("lea", "2468")
	must(t, err)
	if marc.Seller().Staff.Role == pos.RoleAdmin {
		t.Fatal("marc is an administrator before the swap")
	}
	var doc map[string]any
	must(t, json.Unmarshal(fixtures.Demo, &doc))
	var kept []any
	for _, s := range doc["staff"].([]any) {
		s := s.(map[string]any)
		switch s["id"] {
		case "lea":
			continue
		case "marc":
			s["role"] = "admin"
			delete(s, "profile")
		}
		kept = append(kept, s)
	}
	doc["staff"] = kept
	data, err := json.Marshal(doc)
	must(t, err)
	newer, err := pos.ParseCatalog("newer", data, testToday)
	must(t, err)
	must(t, r.SetCatalog(newer))
	if got := marc.Seller(); got.Staff.Role != pos.RoleAdmin || got.Profile != nil {
		t.Fatalf("marc's till after the swap: %+v, want an administrator with no profile", got)
	}
	if marc.Staff().Role != pos.RoleAdmin {
		t.Fatal("marc's Staff() still has the old role")
	}
	if err := lea.AddTickets("hamlet-00", "galerie", "adult", 1); !errors.Is(err, ErrTillClosed) {
		t.Fatalf("lea, dropped from the catalog, added tickets: %v", err)
	}
	if _, err := r.Unlock("lea", "2468"); err == nil {
		t.Fatal("lea unlocked again after the catalog dropped her")
	}
	must(t, claire.AddTickets("hamlet-00", "galerie", "adult", 1))
	if _, err := claire.Checkout(cash()); err != nil {
		t.Fatalf("claire after the swap: %v", err)
	}
}

// TestACartWhoseHoldRanOutDoesNotHoldUpANewCatalog: a till left on a cart
// (the console walked away from) whose hold ran out holds nothing: it does
// not keep a newer catalog from being applied. Its cart is priced and
// checked against the new catalog at its next change or payment: the code
// the new catalog disables is refused, the places are taken again from
// the new capacity. A cart still holding waits as before.
func TestACartWhoseHoldRanOutDoesNotHoldUpANewCatalog(t *testing.T) {
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: demoCatalog(t),
		Now: clk.Now, HoldFor: time.Minute})
	must(t, err)
	defer r.Close()
	left := openTill(t, r, "claire", "1234")
	busy := openTill(t, r, "claire", "1234")
	must(t, left.AddTickets("hamlet-00", "galerie", "child", 2))
	if _, err := left.ApplyCode("famille"); err != nil {
		t.Fatalf("FAMILLE before the newer catalog: %v", err)
	}
	newer := newerCatalog(t)
	if err := r.SetCatalog(newer); !errors.Is(err, ErrSaleInProgress) {
		t.Fatalf("SetCatalog while the cart still holds: %v, want ErrSaleInProgress", err)
	}
	clk.Add(2 * time.Minute) // the hold ran out: nobody came back
	must(t, busy.AddTickets("hamlet-00", "galerie", "adult", 1))
	if err := r.SetCatalog(newer); !errors.Is(err, ErrSaleInProgress) {
		t.Fatalf("SetCatalog while another till's cart holds: %v, want ErrSaleInProgress", err)
	}
	busy.ClearCart()
	if err := r.SetCatalog(newer); err != nil {
		t.Fatalf("SetCatalog with only a cart whose hold ran out: %v", err)
	}
	if r.Catalog() != newer || galerie(t, r).Capacity != 80 {
		t.Fatal("the newer catalog was not applied")
	}
	var refusal *pos.CodeRefusal
	if _, err := left.Checkout(cash()); !errors.As(err, &refusal) || refusal.Reason != pos.RefusedDisabled {
		t.Fatalf("checkout of the old cart with FAMILLE, which the newer catalog disables: %v", err)
	}
	must(t, left.RemoveCode())
	if _, err := left.Checkout(cash()); err != nil {
		t.Fatalf("checkout of the old cart on the newer catalog: %v", err)
	}
	if z := galerie(t, r); z.Capacity != 80 || z.Sold != 2 {
		t.Fatalf("galerie %+v, want capacity 80, 2 sold", z)
	}
}
