package sync_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"

	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
)

// refusingGrants stands between an escrow and the server: it refuses
// the grant requests refuse picks (by their number, counted from 1, and
// what they ask) with the status it returns; the others pass.
type refusingGrants struct {
	srv    *httptest.Server
	n      atomic.Int64
	refuse atomic.Pointer[func(n int64, req api.GrantRequest) int]
}

func newRefusingGrants(t *testing.T, c *central) *refusingGrants {
	t.Helper()
	target, err := url.Parse(c.URL())
	must(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	g := &refusingGrants{}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/grants" {
			body, _ := io.ReadAll(r.Body)
			var req api.GrantRequest
			_ = json.Unmarshal(body, &req)
			if f := g.refuse.Load(); f != nil {
				if status := (*f)(g.n.Add(1), req); status != 0 {
					http.Error(w, "refused", status)
					return
				}
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

// behindRefusingGrants opens K01, its escrow asking the central server
// through g (what g refuses, K01's requests meet), and K02, asking it
// directly. Low 1: the catalog's single-use codes, one each, are not low.
func behindRefusingGrants(t *testing.T, c *central, cat *pos.Catalog) (g *refusingGrants, a, b *escrowRegister) {
	t.Helper()
	g = newRefusingGrants(t, c)
	a = openEscrow(t, c, cat, "K01", true)
	a.e = sync.NewEscrow(a.Register, sync.EscrowOptions{Central: g.srv.URL, Token: a.token, Low: 1, Batch: 4})
	return g, a, openEscrow(t, c, cat, "K02", true)
}

// set refuses from now on what refuse says, counting requests from 1.
func (g *refusingGrants) set(refuse func(n int64, req api.GrantRequest) int) {
	g.n.Store(0)
	g.refuse.Store(&refuse)
}

// A register that gave back what the server asked back tells it at once
// (a renewal saying what its journal holds). When that renewal does not
// reach the server, it was said only at the register's next ask, which a
// register with fresh leases and enough left makes half a lease later (5
// minutes by default): another register renewing meanwhile was asked the
// whole excess again, and the two gave back twice what the box office took
// out of sale. The next look (Refill, every 2 s) sends it now.
func TestAGiveBackNotConfirmedIsConfirmedAtTheNextLook(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	g, a, b := behindRefusingGrants(t, c, cat)
	must(t, a.e.Refill(ctx)) // every resource supplied: the next look asks for nothing
	if n, err := a.e.Ask(ctx, gallery1, fleetGallery/2-4, 0); err != nil || n != fleetGallery/2-4 {
		t.Fatalf("K01 got %d (%v)", n, err)
	}
	if n, err := b.e.Ask(ctx, gallery1, fleetGallery/2, 0); err != nil || n != fleetGallery/2 {
		t.Fatalf("K02 got %d (%v)", n, err)
	}
	must(t, a.sellGallery(5))
	const lowered = 40 // 20 too many
	_, err := c.store.LoadCatalog(ctx, "fleet-lowered.json", lowerGallery(t, lowered))
	must(t, err)
	// K01 renews: asked back the 20, it gives them back; its confirming
	// renewal is refused on the way.
	// (503: a balancer whose server went away).
	g.set(func(n int64, _ api.GrantRequest) int {
		if n == 2 {
			return http.StatusServiceUnavailable
		}
		return 0
	})
	if _, err := a.e.Ask(ctx, gallery1, 0, 5); err != nil {
		t.Fatalf("K01 renews: %v", err)
	}
	if h := a.holding(t, gallery1); h.Allotted != 10 {
		t.Fatalf("the premise: K01 holds %d after its renewal, want 10 (20 given back)", h.Allotted)
	}
	if g.n.Load() != 2 {
		t.Fatalf("the premise: K01 sent %d grant requests, want its renewal and the refused confirmation", g.n.Load())
	}
	// Its next look: nothing to ask, the confirmation is sent.
	must(t, a.e.Refill(ctx))
	if _, held := grantHeld(t, c, "K01", gallery1); held == nil || *held != 10 {
		t.Fatalf("after K01's next look the server has it holding %s, want the 10 it kept", heldString(held))
	}
	// K02 renews: the excess was given back already.
	if _, err := b.e.Ask(ctx, gallery1, 0, 0); err != nil {
		t.Fatalf("K02 renews: %v", err)
	}
	if h := b.holding(t, gallery1); h.Allotted != fleetGallery/2 {
		t.Fatalf("K02 holds %d of its %d after K01 gave back the galerie's whole excess: asked it again", h.Allotted, fleetGallery/2)
	}
}

// holdingsAfterGiveBack fails the first look at the holdings after the
// first give-back (once armed), as a register's file that could not be
// read once: the first confirmation fails before it is sent.
type holdingsAfterGiveBack struct {
	*local.Register
	armed, gave, failed atomic.Bool
}

func (h *holdingsAfterGiveBack) Return(want map[string]int, expired bool) (map[string]int, error) {
	got, err := h.Register.Return(want, expired)
	if h.armed.Load() && len(got) > 0 {
		h.gave.Store(true)
	}
	return got, err
}

func (h *holdingsAfterGiveBack) Holdings() ([]local.Holding, error) {
	if h.gave.Load() && h.failed.CompareAndSwap(false, true) {
		return nil, errors.New("the register's file could not be read")
	}
	return h.Register.Holdings()
}

// The box office deletes the single-use codes of a campaign, each held by
// a register, more than one grant request asks for (api.MaxBatch, 2,000;
// here 4, and the server's refusal of more stood in by a proxy). Renewing
// them all, the register is asked back every one and gives them back, a
// request's worth at a time; the first renewal that says so fails (the
// register's file could not be read). It was forgotten: the server counted
// those codes as held by the register until its return was pushed. What is
// left to say now goes with the next confirmation, which then covers more
// resources than a request takes (that confirmation gave up: nothing was
// said), in requests of at most as many.
func TestAGiveBackOfMoreResourcesThanARequestTakesIsConfirmedWhole(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	const n, maxAsks = 10, 4
	generated, err := c.store.GenerateCodes(ctx, "admin", "bienvenue", n, 8, 1)
	must(t, err)
	doc, err := c.store.ServedCatalog(ctx)
	must(t, err)
	cat, err := pos.ParseCatalog("served", doc.Data, testToday)
	must(t, err)
	g := newRefusingGrants(t, c)
	g.set(func(_ int64, req api.GrantRequest) int {
		if len(req.Asks) > maxAsks {
			return http.StatusRequestEntityTooLarge
		}
		return 0
	})
	r := openEscrow(t, c, cat, "K01", true)
	h := &holdingsAfterGiveBack{Register: r.Register}
	r.e = sync.NewEscrow(h, sync.EscrowOptions{Central: g.srv.URL, Token: r.token, Low: 2, Batch: 4})
	sync.SetMaxAsks(r.e, maxAsks)
	must(t, r.e.Refill(ctx))
	codes := make([]string, len(generated))
	for i, k := range generated {
		codes[i] = local.CodeResource(k.Code)
	}
	counted := func() (rows, said int) {
		t.Helper()
		must(t, c.store.Pool().QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE held = 0) FROM grants
			WHERE register = 'K01' AND resource = ANY($1) AND allot = 1`, codes).Scan(&rows, &said))
		return rows, said
	}
	if rows, _ := counted(); rows != n {
		t.Fatalf("the premise: K01 holds %d of the %d codes on the server", rows, n)
	}
	_, err = c.store.Pool().Exec(ctx, `UPDATE codes SET deleted = true WHERE source = 'random'`)
	must(t, err)
	h.armed.Store(true)
	r.e.RenewNow()
	must(t, r.e.Refill(ctx))
	if !h.failed.Load() {
		t.Fatal("the premise: no look at the holdings failed after a give-back")
	}
	allotted, err := r.Allotments(codes)
	must(t, err)
	for res, k := range allotted {
		if k != 0 {
			t.Fatalf("the premise: K01 still holds %d of %s, deleted", k, res)
		}
	}
	if rows, said := counted(); rows != n || said != n {
		t.Fatalf("the server counts %d deleted codes for K01 (until its return is pushed), and knows it gave back %d of them; want %d and %d",
			rows, said, n, n)
	}
}
