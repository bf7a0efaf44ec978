package tui

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/printers"
	"guichet/sync/api"
)

// onlineApp runs the counter screens on r through a service that pushes
// to a fake central server: it answers (so the status line says online)
// but refuses the journal, and serves catalog (nil: none) as its own.
func onlineApp(t *testing.T, r *local.Register, catalog []byte) *App {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		switch {
		case req.URL.Path == "/v1/catalog" && catalog != nil:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(catalog)
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
	// what the counter answers online in escrow: the box office's count
	// is what is left (counter.Service.AvailabilityFor)
	free := 0
	for i, z := range s.avail[p.ID] {
		if !z.Seated {
			s.avail[p.ID][i].BoxOffice = z.Available
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
