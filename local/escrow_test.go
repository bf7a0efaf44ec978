package local

import (
	"guichet/internal/fakeclock"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A register in escrow sells only its allotment (leases less returns), per
// zone, pass, offer quota and code; a return never gives back what a cart
// holds; the allotments rebuild from the journal to the same views, and a
// reopened register keeps its leases' deadlines.
func TestEscrowSellsOnlyTheAllotmentAndItRebuilds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k01.db")
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: clk.Now, Escrow: true})
	must(t, err)
	till := openTill(t, r, "claire", "1234")
	if err := till.AddTickets("hamlet-01", "galerie", "adult", 1); err == nil || !strings.Contains(err.Error(), "sold out") {
		t.Fatalf("a register in escrow holding nothing took a place: %v", err)
	}
	gal, pass, code := ZoneResource("hamlet-01", "galerie"), PassResource("festival-3-jours"), CodeResource("BIENVENUE")
	must(t, r.RecordLeases(time.Now(), []Lease{{Resource: gal, Add: 5, TTL: time.Hour, Allot: 5, ID: 1}, {Resource: pass, Add: 1, TTL: time.Hour, Allot: 1, ID: 1},
		{Resource: code, Add: 1, TTL: time.Hour, Allot: 1, ID: 1}, {Resource: OfferResource("bienvenue"), Add: 2, TTL: time.Hour, Allot: 2, ID: 1}}))
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	if _, err := till.ApplyCode("BIENVENUE"); err != nil {
		t.Fatalf("the code with one use granted: %v", err)
	}
	_, err = till.Checkout(cash())
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	if _, err := till.ApplyCode("BIENVENUE"); err == nil {
		t.Fatal("the code's one granted use was used twice")
	}
	till.RemoveCode()
	if err := till.AddTickets("hamlet-01", "galerie", "adult", 3); err == nil || !strings.Contains(err.Error(), "only 3 left") {
		t.Fatalf("4 places in a cart with 3 granted left: %v", err)
	}
	// One place is in the cart: a return of 5 gives back the other 2.
	got, err := r.Return(map[string]int{gal: 5}, false)
	must(t, err)
	if got[gal] != 2 {
		t.Fatalf("returned %v, want 2 places (one is in a cart)", got)
	}
	_, err = till.Checkout(cash())
	must(t, err)
	if err := till.AddItem("pass", "festival-3-jours", 2); err == nil {
		t.Fatal("two passes with one granted")
	}
	if inc, reb := viewsAfterRebuild(t, r); inc != reb {
		t.Fatal("the allotments differ from a rebuild of the journal")
	}
	till.Close()
	must(t, r.Close())

	r, err = Open(Options{Path: path, Catalog: demoCatalog(t), Now: clk.Now, Escrow: true})
	must(t, err)
	defer r.Close()
	hs, err := r.Holdings()
	must(t, err)
	for _, h := range hs {
		if h.Resource == gal && (h.Allotted != 3 || h.Used != 3 || h.Left != 0 || h.Expired || h.Remaining < 50*time.Minute) {
			t.Fatalf("reopened: %+v", h)
		}
		if h.Resource == pass && (h.Allotted != 1 || h.Left != 1) {
			t.Fatalf("reopened: %+v", h)
		}
	}
}
