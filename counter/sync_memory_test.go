package counter

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
)

// openCentral opens a register at path that pushes to c, on clk.
func openCentral(t *testing.T, path string, clk *fakeclock.Clock, c Central) *Service {
	t.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := Open(Options{Path: path, Catalog: cat, Now: clk.Now, Central: c})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// sellOne sells one adult ticket of tonight's Hamlet at till, in cash.
func sellOne(t *testing.T, till *Till) {
	t.Helper()
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := till.Checkout([]pos.Tender{cash(10000)}); err != nil {
		t.Fatal(err)
	}
}

// wantSync checks the push state against what the file says (read here,
// by the test, as the status line no longer does).
func wantSync(t *testing.T, svc *Service, now time.Time, after string) SyncState {
	t.Helper()
	st := svc.Sync()
	file, err := svc.Register().PushState()
	if err != nil {
		t.Fatal(err)
	}
	var age time.Duration
	if file.Unpushed() > 0 {
		age = now.Sub(file.Oldest)
	}
	if st.Unpushed != file.Unpushed() || st.Oldest != age {
		t.Fatalf("after %s: the status line says %d waiting for %v, the file %d since %v (now %v)", after, st.Unpushed, st.Oldest, file.Unpushed(), file.Oldest, now)
	}
	return st
}

// TestSyncReadsNoFile: the status line asks Sync at every frame; it reads
// the register's memory only, never its file.
func TestSyncReadsNoFile(t *testing.T) {
	clk := fakeclock.New(saleDay)
	svc := openCentral(t, filepath.Join(t.TempDir(), "g.db"), clk, Central{URL: "http://127.0.0.1:1", Token: "t", Manual: true})
	defer svc.Close()
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	sellOne(t, till)
	clk.Add(20 * time.Minute)
	reads := svc.Register().FileReads()
	var st SyncState
	for range 100 {
		st = svc.Sync()
	}
	if got := svc.Register().FileReads(); got != reads {
		t.Fatalf("100 looks at the push state began %d read transactions on the file", got-reads)
	}
	if !st.On || st.Unpushed == 0 || !st.Alert {
		t.Fatalf("push state %+v: want entries waiting for 20 minutes, an alert", st)
	}
}

// ackServer acknowledges every batch pushed to it, as guichetd does.
func ackServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/push" {
			http.NotFound(w, r)
			return
		}
		var req api.PushRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Entries) == 0 {
			http.Error(w, "not a push", http.StatusBadRequest)
			return
		}
		e, err := local.DecodeEntry(req.Entries[len(req.Entries)-1])
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_ = json.NewEncoder(w).Encode(api.PushResult{Stored: len(req.Entries), Next: e.Seq + 1, Hash: e.Hash})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestSyncCountsFollowSalesPushesAndRestarts: the entries waiting and the
// oldest one's age, kept in memory, are the file's through sales (each
// told to the screens), a push, more sales, and a restart with entries
// still waiting.
func TestSyncCountsFollowSalesPushesAndRestarts(t *testing.T) {
	srv := ackServer(t)
	path := filepath.Join(t.TempDir(), "g.db")
	clk := fakeclock.New(saleDay)
	c := Central{URL: srv.URL, Token: "t", Manual: true}
	svc := openCentral(t, path, clk, c)
	defer func() { svc.Close() }()
	opened := wantSync(t, svc, clk.Now(), "open")
	if opened.Unpushed == 0 {
		t.Fatal("a new register has nothing to push")
	}
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	changed, stop := svc.Changes()
	defer stop()
	clk.Add(3 * time.Minute)
	sellOne(t, till)
	select {
	case <-changed:
	default:
		t.Fatal("a sale was not told to the screens")
	}
	sold := wantSync(t, svc, clk.Now(), "a sale")
	if sold.Unpushed <= opened.Unpushed || sold.Oldest != 3*time.Minute {
		t.Fatalf("after a sale: %+v, want more waiting than %d, the oldest 3 minutes old", sold, opened.Unpushed)
	}

	if err := sync.New(svc.Register(), sync.Options{Central: srv.URL, Token: "t", Now: clk.Now}).CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := wantSync(t, svc, clk.Now(), "a push"); st.Unpushed != 0 || st.Oldest != 0 || st.Alert {
		t.Fatalf("after a push: %+v, want nothing waiting", st)
	}

	clk.Add(time.Minute)
	sellOne(t, till)
	clk.Add(2 * time.Minute)
	sellOne(t, till)
	waiting := wantSync(t, svc, clk.Now(), "two sales after the push")
	if waiting.Unpushed == 0 || waiting.Oldest != 2*time.Minute {
		t.Fatalf("two sales after the push: %+v, want the first one's entries 2 minutes old", waiting)
	}

	till.Close()
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	clk.Add(5 * time.Minute)
	svc = openCentral(t, path, clk, c)
	again := wantSync(t, svc, clk.Now(), "a restart")
	if again.Unpushed != waiting.Unpushed || again.Oldest != 7*time.Minute {
		t.Fatalf("after a restart: %+v, want the %d waiting before, the oldest 7 minutes old", again, waiting.Unpushed)
	}
}

// TestSyncAlertComesOnByItself: offline, with entries waiting, the alert
// comes on once the oldest is older than Alert, with nothing sold nor a
// key pressed: the pusher's rounds tell the screens.
func TestSyncAlertComesOnByItself(t *testing.T) {
	clk := fakeclock.New(saleDay)
	svc := openCentral(t, filepath.Join(t.TempDir(), "g.db"), clk,
		Central{URL: "http://127.0.0.1:1", Token: "t", Alert: 10 * time.Minute, Interval: 20 * time.Millisecond})
	defer svc.Close()
	changed, stop := svc.Changes()
	defer stop()
	waitTold := func(what string, ok func(SyncState) bool) { t.Helper(); waitToldOf(t, svc, changed, what, ok) }
	// the pusher starts with the service: its first round may tell the
	// screens before this test listens (it tells a change once), so the
	// state it left counts here; the later ones come after the test moves
	// the clock, while it listens
	offline := func(st SyncState) bool { return st.On && !st.Online && st.Unpushed > 0 && !st.Alert }
	if !offline(svc.Sync()) {
		waitTold("offline", offline)
	}
	clk.Add(9 * time.Minute)
	waitTold("nine minutes later", func(st SyncState) bool { return st.Oldest >= 9*time.Minute })
	if st := svc.Sync(); st.Alert {
		t.Fatalf("nine minutes offline: %+v, want no alert yet", st)
	}
	clk.Add(2 * time.Minute)
	waitTold("eleven minutes later", func(st SyncState) bool { return st.Alert && st.Oldest >= 11*time.Minute })
}
