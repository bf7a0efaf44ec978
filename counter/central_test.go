package counter

import (
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// TestSellingGoesOnWhileTheCentralServerIsAway: a register whose central
// server does not answer sells as usual; the push state says offline with
// the entries waiting, and an alert once the oldest is past its threshold.
func TestSellingGoesOnWhileTheCentralServerIsAway(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	var now atomic.Pointer[time.Time] // the pusher reads the clock from its goroutine
	now.Store(&saleDay)
	clock := func() time.Time { return *now.Load() }
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "g.db"), Catalog: cat, Now: clock,
		Central: Central{URL: "http://127.0.0.1:1", Token: "t", Alert: 10 * time.Minute}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := till.AddSeats("hamlet-00", "parterre", "adult", "F-9"); err != nil {
		t.Fatal(err)
	}
	if _, err := till.Checkout([]pos.Tender{cash(10000)}); err != nil {
		t.Fatalf("a sale with the central server away: %v", err)
	}
	st := svc.Sync()
	if !st.On || st.Online || st.Unpushed == 0 || st.Alert {
		t.Fatalf("push state %+v: want on, offline, entries waiting, no alert yet", st)
	}
	later := saleDay.Add(11 * time.Minute)
	now.Store(&later)
	if st := svc.Sync(); !st.Alert || st.Oldest < 10*time.Minute {
		t.Fatalf("eleven minutes later: %+v, want an alert", st)
	}
	alone, err := New(svc.Register(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if alone.Sync().On {
		t.Fatal("a register without a central server says it pushes")
	}
}
