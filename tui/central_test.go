package tui

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
	"guichet/sync/api"
)

// onlineApp runs the counter screens on r through a service that pushes
// to a fake central server: it answers (so the status line says online);
// without a catalog it refuses the journal, with one it takes the journal
// and serves catalog as its own.
func onlineApp(t *testing.T, r *local.Register, catalog []byte) *App {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		switch {
		case req.URL.Path == "/v1/catalog" && catalog != nil:
			if req.Header.Get("If-None-Match") == `"1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("ETag", `"1"`)
			_, _ = w.Write(catalog)
		case req.URL.Path == "/v1/push" && catalog != nil:
			// takes the batch: the server's copy ends at its last entry
			var push api.PushRequest
			ps, err := r.PushState()
			if err != nil || json.NewDecoder(req.Body).Decode(&push) != nil {
				http.Error(w, "bad batch", http.StatusBadRequest)
				return
			}
			last := ps.Pushed + uint64(len(push.Entries))
			h, err := r.EntryHash(last)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(api.PushResult{Stored: len(push.Entries), Next: last + 1, Hash: h})
		case req.URL.Path == "/v1/push":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_ = json.NewEncoder(w).Encode(api.ErrorBody{Error: "the test server keeps nothing", Code: "retired"})
		default:
			http.NotFound(w, req)
		}
	}))
	t.Cleanup(srv.Close)
	svc := newTestServiceWith(r, counter.Options{Printer: printers.NewPreview(), PrintInterval: 20 * time.Millisecond,
		Central: counter.Central{URL: srv.URL, Token: "t", Interval: 20 * time.Millisecond}})
	deadline := time.Now().Add(5 * time.Second)
	for !svc.Sync().Online || catalog != nil && svc.Sync().CatalogRefused == "" {
		if time.Now().After(deadline) {
			t.Fatalf("the fake central server was never heard: %+v", svc.Sync())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return New(Options{Service: svc, Lang: "fr", Now: func() time.Time { return fixedNow }, Poll: time.Hour})
}

// TestTheZonesPaneSaysOneNumberLeftOnline: online with a central server,
// a free-placement zone said "12 libres" and under it "billetterie : 12",
// the same number twice (what is left counts what the box office has not
// granted since the till asks for the places its cart lacks), and the
// cashier wondered which to believe. The pane says what is left once.
func TestTheZonesPaneSaysOneNumberLeftOnline(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, onlineApp(t, r, nil), 120, 30)
	d.unlock("0")
	s, ok := d.app.top().(*pickScreen)
	if !ok {
		t.Fatalf("the screen in front is %T, want the sales list", d.app.top())
	}
	// down to a performance with a free-placement zone (the theatre's
	// galerie)
	for i := 0; i < 40 && (s.current() == nil || s.current().ID != "hamlet-00"); i++ {
		d.keys("down")
	}
	p := s.current()
	if p == nil || p.ID != "hamlet-00" {
		t.Fatalf("the cursor never reached hamlet-00:\n%s", d.screen())
	}
	// online in escrow, what is left counts what the box office has not
	// granted (counter.Service.AvailabilityFor)
	free := 0
	for _, z := range s.avail[p.ID] {
		if !z.Seated {
			free++
		}
	}
	if free == 0 {
		t.Fatalf("the premise: %s has a free-placement zone (%+v)", p.ID, s.avail[p.ID])
	}
	screen := d.screen()
	if strings.Contains(screen, "billetterie") {
		t.Errorf("the zones pane says the box office's count beside what is left:\n%s", screen)
	}
	for _, z := range s.avail[p.ID] {
		if want := zoneName(d.app.c, p, z.Zone) + "  " + d.app.c.T("pick.left", z.Available); !strings.Contains(screen, want) {
			t.Errorf("the zones pane does not say %q:\n%s", want, screen)
		}
	}
}

// TestGoldenTheStatusLineSaysWhereToReadACatalogRefusal: a catalog of
// another organiser pulled from the central server is refused with a
// sentence giving both ways out (give the server the box office's own
// catalog, or stop the register and run guichet journal organiser). The
// status line said it after the staff, shift and printer: at 80 columns
// it read "central : ! catalogue non…" and the way out was never seen.
// It says, ahead of what is well, that the catalog was not applied and
// where to read why; the event log holds the whole sentence.
func TestGoldenTheStatusLineSaysWhereToReadACatalogRefusal(t *testing.T) {
	r := openRegister(t)
	data := bytes.Replace(fixtures.Demo, []byte(`"name": "Théâtre du Lac"`), []byte(`"name": "Salle des Fêtes"`), 1)
	app := onlineApp(t, r, data)
	s := startSession(t, app, 80, 24)
	s.waitFor(s.tr("unlock.pin"))
	s.typ("1234")
	s.keys("enter")
	s.waitFor(s.tr("float.title"))
	s.typ("0")
	s.keys("enter")
	s.waitFor("guichet journal events", "o commandes")
	s.golden(t)

	events, err := local.Events(r.Path())
	if err != nil {
		t.Fatal(err)
	}
	var said []string
	for _, e := range events {
		if e.Kind == local.EventCatalogRefused {
			said = append(said, e.Detail)
		}
	}
	if len(said) != 1 || !strings.Contains(said[0], "guichet journal organiser") || !strings.Contains(said[0], "give the central server") {
		t.Errorf("the event log holds %q, want the refusal once with its ways out", said)
	}
}

// TestTheStatusLineSaysOfflineAt80Columns: the central server's part of
// the status line came last, after the staff, the shift and a printer
// that is well; offline with no alert yet, an 80-column line read
// "central : hors…". Not being online is what changed: it is said after
// the register, before what the cashier knows, and fits.
// TestTheStatusLineSaysCheckingBeforeTheFirstAnswer: at start, before the
// pusher's first round has ended, the register does not know whether the
// central server is there: the status line said "hors ligne" (before the
// staff, as an offline server is) until the round ended, online as often
// as not. It says "vérification…", then what the round found.
func TestTheStatusLineSaysCheckingBeforeTheFirstAnswer(t *testing.T) {
	// a server that takes the connection and never answers: the round
	// waits
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	r := openRegister(t)
	svc := newTestServiceWith(r, counter.Options{Printer: printers.NewPreview(), PrintInterval: 20 * time.Millisecond,
		Central: counter.Central{URL: "http://" + ln.Addr().String(), Token: "t", Interval: 20 * time.Millisecond}})
	d := newDriver(t, New(Options{Service: svc, Lang: pos.French, Now: func() time.Time { return fixedNow }, Poll: time.Hour}), 80, 24)
	d.unlock("0")
	shows := func(want string) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !strings.Contains(d.screen(), want); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the screen does not show %q:\n%s", want, d.screen())
			}
		}
	}
	shows("central : vérification…")
	if sy := svc.Sync(); !sy.Checking || sy.Online {
		t.Fatalf("before the first answer: %+v", sy)
	}
	lines := strings.Split(d.screen(), "\n")
	if status := lines[len(lines)-1]; strings.Contains(status, "hors ligne") || !strings.HasPrefix(status, " K01 · central : vérification…, 3 à envoyer · Claire Dubois") {
		t.Errorf("before the first answer the status line is %q, want it to say it checks, where 80 columns do not cut it", status)
	}
	// the server goes: the round ends, unanswered
	ln.Close()
	mu.Lock()
	for _, c := range conns {
		c.Close()
	}
	mu.Unlock()
	shows("central : hors ligne")
}

func TestTheStatusLineSaysOfflineAt80Columns(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"fr", " K01 · central : hors ligne, "},
		{"en", " K01 · central: offline, "},
	} {
		r := openRegister(t)
		svc := newTestServiceWith(r, counter.Options{Printer: printers.NewPreview(), PrintInterval: 20 * time.Millisecond,
			Central: counter.Central{URL: "http://127.0.0.1:1", Token: "t", Interval: 20 * time.Millisecond}})
		d := newDriver(t, New(Options{Service: svc, Lang: pos.Lang(tc.lang), Now: func() time.Time { return fixedNow }, Poll: time.Hour}), 80, 24)
		d.unlock("0")
		deadline := time.Now().Add(5 * time.Second)
		for !svc.Printer().Online || svc.Sync().Unpushed == 0 || svc.Sync().Checking {
			if time.Now().After(deadline) {
				t.Fatalf("the premise: a printer ready, entries waiting, the first round over: %+v %+v", svc.Printer(), svc.Sync())
			}
			time.Sleep(5 * time.Millisecond)
		}
		lines := strings.Split(d.screen(), "\n")
		status := lines[len(lines)-1]
		if !strings.HasPrefix(status, tc.want) {
			t.Errorf("%s: the status line at 80 columns is %q, want it to start %q", tc.lang, status, tc.want)
		}
	}
}
