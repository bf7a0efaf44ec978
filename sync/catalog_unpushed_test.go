package sync_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
	"guichet/sync/server"
)

// A register hears of the central server's new catalog even when its
// journal's push fails: the catalog was pulled only after a push went
// through, so a register whose journal the server refused (enrolled
// under another name, the journal changed) or could not store never
// heard of a catalog, which may be the very fix. The catalog is the box
// office's, the same for all its registers, and the register checks its
// organiser before applying it. A push the server never answered skips
// the catalog (its request would wait as long for nothing); a retired
// register's catalog request is refused for good, as its push is.
func TestTheCatalogIsPulledWhateverBecameOfThePush(t *testing.T) {
	for _, tc := range []struct {
		name    string
		enrol   string // the name the register's key is enrolled under
		retire  bool   // retired on the server after its first push
		push    string // what the stub does with a push: "" the server answers, "503", "hang up"
		catalog bool   // the register hears of the catalog
		refused string // Status.Refused says this
	}{
		{name: "the journal refused", enrol: "K02", catalog: true, refused: "belongs to register"},
		{name: "the journal not stored", enrol: "K01", push: "503", catalog: true},
		{name: "the push pushed", enrol: "K01", catalog: true},
		{name: "the push unanswered", enrol: "K01", push: "hang up"},
		{name: "the register retired", enrol: "K01", retire: true, refused: "retired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCentral(t)
			ctx := context.Background()
			_, err := c.store.LoadCatalog(ctx, "demo.json", fixtures.Demo)
			must(t, err)
			r, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "K01.db"), Register: "K01", Catalog: demoCatalog(t), Now: func() time.Time { return testToday }})
			must(t, err)
			defer r.Close()
			token, err := c.store.AddRegister(ctx, tc.enrol, r.PublicKey())
			must(t, err)
			if tc.retire {
				must(t, sync.New(r, sync.Options{Central: c.URL(), Token: token}).CatchUp(ctx))
				_, err := c.store.RetireRegister(ctx, "K01", server.RetireOptions{Force: true})
				must(t, err)
			}
			reg := &register{Register: r}
			reg.sell(t, 1) // something to push

			target, err := url.Parse(c.URL())
			must(t, err)
			proxy := httputil.NewSingleHostReverseProxy(target)
			var catalogAsked atomic.Int64
			stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				switch {
				case req.URL.Path == "/v1/catalog":
					catalogAsked.Add(1)
				case req.URL.Path == "/v1/push" && tc.push == "503":
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusServiceUnavailable)
					_ = json.NewEncoder(w).Encode(api.ErrorBody{Error: "the batch was not stored; send it again", Code: "database"})
					return
				case req.URL.Path == "/v1/push" && tc.push == "hang up":
					conn, _, err := w.(http.Hijacker).Hijack()
					if err == nil {
						conn.Close()
					}
					return
				}
				proxy.ServeHTTP(w, req)
			}))
			defer stub.Close()

			var got atomic.Pointer[pos.Catalog]
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			p := sync.New(r, sync.Options{Central: stub.URL, Token: token,
				OnCatalog: func(cat *pos.Catalog) error { got.Store(cat); return nil },
				OnRound:   cancel}) // one round
			_ = p.Run(ctx)

			if heard := got.Load() != nil; heard != tc.catalog {
				t.Errorf("the register heard of the catalog: %v, want %v (asked %d times)", heard, tc.catalog, catalogAsked.Load())
			}
			if tc.push == "hang up" && catalogAsked.Load() != 0 {
				t.Errorf("the catalog was asked for %d times after a push the server never answered", catalogAsked.Load())
			}
			st := p.Status()
			if tc.refused == "" && st.Refused != "" || !strings.Contains(st.Refused, tc.refused) {
				t.Errorf("status refused %q, want %q", st.Refused, tc.refused)
			}
			if tc.refused != "" && !st.Online {
				t.Errorf("the server answered, refusing: status %+v says offline", st)
			}
		})
	}
}
