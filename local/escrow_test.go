package local

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/internal/fakeclock"
	"guichet/pos"
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
	if err := till.AddTickets("hamlet-01", "galerie", "adult", 3); err == nil || !strings.Contains(err.Error(), "2 left beside the 1 in the cart, 3 asked") {
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

// A code added at a register in escrow (the desk, guichet codes add,
// generate or import) is the register's alone: the central server knows
// nothing of it and grants none of its uses, so the register holds all of
// them, as it does without a server. Its uses are its own orders, it sells
// up to its quantity allowed, and an unused one can be deleted.
func TestACodeAddedAtARegisterInEscrowIsWhollyItsOwn(t *testing.T) {
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "k01.db"), Register: "K01", Catalog: demoCatalog(t), Now: clk.Now, Escrow: true})
	must(t, err)
	defer r.Close()
	must(t, r.RecordLeases(time.Now(), []Lease{{Resource: ZoneResource("hamlet-01", "galerie"), Add: 10, TTL: time.Hour, Allot: 10, ID: 1}}))
	must(t, r.AddCodes("claire", "semaine", []pos.Code{{Code: "LUNDI", MaxUses: 2}, {Code: "MARDI-2", MaxUses: 1}}))
	uses := func(code string) int {
		t.Helper()
		list, err := r.Codes("semaine")
		must(t, err)
		for _, v := range list {
			if v.Code.Code == code {
				return v.Uses
			}
		}
		t.Fatalf("no code %s", code)
		return 0
	}
	if n := uses("LUNDI"); n != 0 {
		t.Errorf("LUNDI, never used, reads %d uses", n)
	}
	till := openTill(t, r, "claire", "1234")
	for i := 1; i <= 2; i++ {
		must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
		if _, err := till.ApplyCode("lundi"); err != nil {
			t.Fatalf("order %d with LUNDI (2 allowed): %v", i, err)
		}
		_, err := till.Checkout(cash())
		must(t, err)
	}
	if n := uses("LUNDI"); n != 2 {
		t.Errorf("LUNDI after two orders reads %d uses", n)
	}
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	var refusal *pos.CodeRefusal
	if _, err := till.ApplyCode("lundi"); !errors.As(err, &refusal) || refusal.Reason != pos.RefusedUsedUp {
		t.Errorf("a third order with LUNDI: %v", err)
	}
	must(t, r.DeleteCode("claire", "MARDI-2"))

	// A catalog code without a limit (not granted) limited at the register.
	must(t, r.SetCodeMaxUses("claire", "SEMAINE", 1))
	till.ClearCart()
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	if _, err := till.ApplyCode("semaine"); err != nil {
		t.Errorf("SEMAINE, unlimited in the catalog, one order allowed at the register: %v", err)
	}
}

// An offer's quota changed at a register in escrow (the desk's `m`) does
// not let the register sell more of it than the share the central server
// granted: raised, the register still stops at its share; lowered, at the
// new quota.
func TestAnOfferQuotaChangedAtARegisterInEscrowStopsAtItsShare(t *testing.T) {
	for _, tc := range []struct {
		name       string
		maxTickets int // the quota as changed at the register (the catalog's is 100)
		held       int // the share granted
		n          int // tickets in the cart
		sells      bool
	}{
		{"raised: all it holds", 150, 2, 2, true},
		{"raised: one more than it holds", 150, 2, 3, false},
		{"lowered below its share: the new quota", 3, 10, 4, false},
		{"lowered below its share: up to the new quota", 3, 10, 3, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := fakeclock.New(testToday)
			r, err := Open(Options{Path: filepath.Join(t.TempDir(), "k01.db"), Register: "K01", Catalog: demoCatalog(t), Now: clk.Now, Escrow: true})
			must(t, err)
			defer r.Close()
			hold := func(res string, n int) Lease { return Lease{Resource: res, Add: n, TTL: time.Hour, Allot: n, ID: 1} }
			must(t, r.RecordLeases(time.Now(), []Lease{hold(ZoneResource("hamlet-01", "galerie"), 20),
				hold(CodeResource("BIENVENUE"), 20), hold(OfferResource("bienvenue"), tc.held)}))
			o, ok := r.Catalog().OfferByID("bienvenue")
			if !ok {
				t.Fatal("no offer bienvenue in the demo")
			}
			changed := *o
			changed.Codes, changed.MaxTickets = nil, tc.maxTickets
			_, err = r.SaveOffer("claire", changed)
			must(t, err)
			till := openTill(t, r, "claire", "1234")
			defer till.Close()
			must(t, till.AddTickets("hamlet-01", "galerie", "adult", tc.n))
			_, err = till.ApplyCode("BIENVENUE")
			var refusal *pos.CodeRefusal
			switch {
			case tc.sells && err != nil:
				t.Fatalf("%d tickets: %v", tc.n, err)
			case !tc.sells && (!errors.As(err, &refusal) || refusal.Reason != pos.RefusedQuotaReached):
				t.Fatalf("%d tickets with a share of %d and a quota of %d: %v", tc.n, tc.held, tc.maxTickets, err)
			}
		})
	}
}

// A file the central server granted capacity to sells only that, however
// it is opened: `guichet order place` or a counter started without
// --central opened it as a register on its own, selling its whole
// catalog, places the server had given other registers among them.
func TestALeasedFileSellsInEscrowWhenOpenedWithout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k02.db")
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: path, Register: "K02", Catalog: demoCatalog(t), Now: clk.Now, Escrow: true})
	must(t, err)
	gal := ZoneResource("hamlet-01", "galerie")
	must(t, r.RecordLeases(time.Now(), []Lease{{Resource: gal, Add: 2, TTL: time.Hour, Allot: 2, ID: 1}}))
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	_, err = till.Checkout(cash())
	must(t, err)
	till.Close()
	must(t, r.Close())

	r, err = Open(Options{Path: path, Catalog: demoCatalog(t), Now: clk.Now}) // no Escrow
	must(t, err)
	defer r.Close()
	if !r.Escrow() {
		t.Error("a file holding the central server's leases opened as a register on its own")
	}
	till = openTill(t, r, "claire", "1234")
	defer till.Close()
	if err := till.AddTickets("hamlet-01", "galerie", "adult", 1); err == nil {
		t.Error("a third place sold from a grant of two")
	}
}
