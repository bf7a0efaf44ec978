package counter

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
	"guichet/sync/api"
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

// The screens draw only what changes: the service tells them when what the
// status line says of the push changes, with no key pressed and nothing
// sold (here: found offline at start, then refused by the server).
func TestPushStateChangesAreTold(t *testing.T) {
	var refusing atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !refusing.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_ = json.NewEncoder(w).Encode(api.ErrorBody{Error: "register K01 was written off", Code: "retired"})
	}))
	defer srv.Close()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "g.db"), Catalog: cat, Now: func() time.Time { return saleDay },
		Central: Central{URL: srv.URL, Token: "t", Interval: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	changed, stop := svc.Changes()
	defer stop()
	waitTold := func(what string, ok func(SyncState) bool) { t.Helper(); waitToldOf(t, svc, changed, what, ok) }
	offline := func(st SyncState) bool { return st.On && !st.Online && st.Unpushed > 0 }
	// The pusher starts with the service: under load it may find the
	// server down before the screens listen (Changes), which then have
	// nothing more to be told. The refusal below comes after they listen.
	if !offline(svc.Sync()) {
		waitTold("offline", offline)
	}
	refusing.Store(true)
	waitTold("refused", func(st SyncState) bool { return st.Refused == "register K01 was written off" })
}

// waitToldOf waits until the screens are told (changed) of a push state
// ok accepts, or fails the test after 5 s.
func waitToldOf(t *testing.T, svc *Service, changed <-chan struct{}, what string, ok func(SyncState) bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case <-changed:
			if ok(svc.Sync()) {
				return
			}
		case <-deadline:
			t.Fatalf("%s: the screens were not told (push state %+v)", what, svc.Sync())
		}
	}
}
