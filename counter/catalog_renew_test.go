package counter

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	gosync "sync"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/sync/api"
)

// A catalog pulled from the central server and applied makes the escrow
// ask the server about everything the register holds at once: a capacity
// the box office lowered is given back, and the lists count what is left
// to grant, before the till sells from the old grant. The escrow asked
// again only half a lease later (5 minutes by default): the zones pane
// said "Galerie debout (40)" of a galerie lowered to 5, and the register
// could sell its 20 places.
func TestAnAppliedCatalogAsksTheServerAtOnce(t *testing.T) {
	var mu gosync.Mutex
	var asked []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/grants":
			var req api.GrantRequest
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			ans := api.GrantAnswer{TTLMillis: time.Hour.Milliseconds()}
			for _, a := range req.Asks {
				ans.Grants = append(ans.Grants, api.Granted{Resource: a.Resource, Add: a.Want, Allot: a.Want, Lease: time.Now().Add(time.Hour).UnixMicro()})
			}
			mu.Lock()
			asked = append(asked, time.Now())
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(ans)
		case "/v1/catalog":
			w.Header().Set("ETag", `"2"`)
			_, _ = w.Write(fixtures.Demo)
		default:
			http.Error(w, "not in this test", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	asks := func() int { mu.Lock(); defer mu.Unlock(); return len(asked) }
	waitAsks := func(n int) bool {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if asks() >= n {
				return true
			}
		}
		return false
	}
	// Manual: the test pulls the catalog itself; the escrow looks every
	// hour, so only the catalog can make it ask again.
	svc := openCentral(t, filepath.Join(t.TempDir(), "g.db"), fakeclock.New(saleDay),
		Central{URL: srv.URL, Token: "t", Manual: true, Escrow: true, Interval: time.Hour})
	defer svc.Close()
	if svc.Escrow() == nil {
		t.Fatal("the register has no escrow")
	}
	if !waitAsks(1) {
		t.Fatal("the escrow never asked for its first grants")
	}
	first := asks()
	if err := svc.push.p.PullCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !waitAsks(first + 1) {
		t.Fatalf("the catalog was applied and the escrow did not ask the server (%d requests, all before it)", first)
	}
}
