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

// backCentral is a fake central server that takes the register's journal
// and has no new catalog, until down says otherwise: then it answers 503
// (the server there, failing), or, with cut, closes the connection
// unanswered (the server or the network away). Each request it cuts
// calls cutCalled.
type backCentral struct {
	srv       *httptest.Server
	down, cut atomic.Bool
	cutCalled func(n int)
	cuts      atomic.Int32
}

func newBackCentral(t *testing.T, reg func() *Service) *backCentral {
	t.Helper()
	c := &backCentral{cutCalled: func(int) {}}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case c.down.Load() && c.cut.Load():
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			c.cutCalled(int(c.cuts.Add(1)))
			return
		case c.down.Load():
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		switch r.URL.Path {
		case "/v1/push":
			var push api.PushRequest
			s := reg()
			ps, err := s.Register().PushState()
			if err != nil || json.NewDecoder(r.Body).Decode(&push) != nil {
				http.Error(w, "bad batch", http.StatusBadRequest)
				return
			}
			last := ps.Pushed + uint64(len(push.Entries))
			h, err := s.Register().EntryHash(last)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(api.PushResult{Stored: len(push.Entries), Next: last + 1, Hash: h})
		case "/v1/catalog":
			w.WriteHeader(http.StatusNotModified)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// TestTheStatusSaysOnlineOnceTheServerAnswersAgain: a register whose
// journal was all pushed stayed "offline" after an outage, however long
// the server had been back: with nothing to push, the rounds only pulled
// the catalog, and a pull answered ("unchanged") did not count as the
// server reached; only the next sale's push did. The round that hears the
// server again says online, and the screens are told.
func TestTheStatusSaysOnlineOnceTheServerAnswersAgain(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	var svc atomic.Pointer[Service]
	central := newBackCentral(t, svc.Load)
	central.down.Store(true)
	s, err := Open(Options{Path: filepath.Join(t.TempDir(), "g.db"), Catalog: cat, Now: func() time.Time { return saleDay },
		Central: Central{URL: central.srv.URL, Token: "t", Interval: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	svc.Store(s)
	defer s.Close()
	changed, stop := s.Changes()
	defer stop()
	central.down.Store(false)
	pushed := func(st SyncState) bool { return st.Online && st.Unpushed == 0 }
	if !pushed(s.Sync()) {
		waitToldOf(t, s, changed, "pushed", pushed)
	}
	central.down.Store(true)
	waitToldOf(t, s, changed, "offline", func(st SyncState) bool { return !st.Online })
	central.down.Store(false)
	waitToldOf(t, s, changed, "back online with nothing to push", func(st SyncState) bool { return st.Online })
}

// TestAServerBackIsLookedForWithinAnInterval: while the central server
// did not answer at all (stopped, the network down), the pusher waited
// longer after each try, up to six intervals (a minute by default), and
// the status line said "offline" that long after the server was back. A
// server that does not answer is looked for again every interval: here
// it is back just after the register's sixth try, which is followed
// within an interval by the push, not three to six intervals later.
func TestAServerBackIsLookedForWithinAnInterval(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	const interval = 400 * time.Millisecond
	var svc atomic.Pointer[Service]
	central := newBackCentral(t, svc.Load)
	var back atomic.Pointer[time.Time]
	central.cutCalled = func(n int) {
		if n == 6 {
			now := time.Now()
			back.Store(&now)
			central.down.Store(false)
		}
	}
	central.down.Store(true)
	central.cut.Store(true)
	s, err := Open(Options{Path: filepath.Join(t.TempDir(), "g.db"), Catalog: cat, Now: func() time.Time { return saleDay },
		Central: Central{URL: central.srv.URL, Token: "t", Interval: interval}})
	if err != nil {
		t.Fatal(err)
	}
	svc.Store(s)
	defer s.Close()
	deadline := time.Now().Add(30 * time.Second)
	for !s.Sync().Online {
		if time.Now().After(deadline) {
			t.Fatalf("never back online: %+v", s.Sync())
		}
		time.Sleep(5 * time.Millisecond)
	}
	// the try after the sixth waits half to all of an interval; before, it
	// waited at least three
	at := back.Load()
	if at == nil {
		t.Fatalf("online before the server was back: %+v", s.Sync())
	}
	if d := time.Since(*at); d > 2*interval {
		t.Fatalf("the server back was seen %v later, with an interval of %v", d.Round(time.Millisecond), interval)
	}
}
