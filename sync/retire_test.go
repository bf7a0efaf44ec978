package sync_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/server"
)

// A register gone for good is written off: refused while it may still be
// selling from its grants, then retired, its unsold grants go back to the
// pool and to another register, its pushes are refused with a sentence,
// and what it pushed before stays stored. What it said its journal held
// (grants.held) is forgotten, whether something went back (galerie of
// hamlet-01: 7 of 10) or not (hamlet-03: both sold). With --force a
// register whose grants still run is retired too, and says what was set
// aside.
func TestARetiredRegistersGrantsGoBackAndItsPushesAreRefused(t *testing.T) {
	c, cat, a, b := realClockPair(t, shortGrant, shortMargin)
	ctx := context.Background()
	var err error
	pushA := sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token})
	gallery3 := local.ZoneResource("hamlet-03", "galerie")
	if n, _ := a.e.Ask(ctx, gallery1, 10, 0); n != 10 {
		t.Fatalf("K01 got %d", n)
	}
	if n, _ := a.e.Ask(ctx, gallery3, 2, 0); n != 2 {
		t.Fatalf("K01 got %d of hamlet-03", n)
	}
	past := time.Now().Add(shortGrant + shortMargin + 100*time.Millisecond)
	must(t, a.sellGallery(3))
	must(t, a.till.AddTickets("hamlet-03", "galerie", "adult", 2))
	_, err = a.till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	for res, n := range map[string]int{gallery1: 10, gallery3: 2} {
		if allot, held := grantHeld(t, c, "K01", res); allot != n || held == nil || *held != n {
			t.Fatalf("the premise: K01's grant of %s on the server is %d, held %s; want %d and %d", res, allot, heldString(held), n, n)
		}
	}
	must(t, pushA.CatchUp(ctx))

	refused := func(o server.RetireOptions, why string) {
		t.Helper()
		_, err := c.store.RetireRegister(ctx, "K01", o)
		var re *server.RetireRefusedError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), why) || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("retire %+v: want a refusal saying %q and --force, got %v", o, why, err)
		}
	}
	// It just pushed, and its grant runs.
	refused(server.RetireOptions{}, "it pushed")
	refused(server.RetireOptions{Idle: time.Millisecond}, "its grants run until")
	waitUntil(past) // past the grant's end and the margin
	// Its stored journal ends with the sale, before the grant ended: it
	// may have sold more offline.
	refused(server.RetireOptions{Idle: time.Millisecond}, "what it sold after its last push is not known")

	// It wrote something after the end (by its clock) and pushed it: all it
	// sold from the grant is stored.
	_, err = a.till.CloseShift(pos.M(0, "CHF"))
	must(t, err)
	must(t, pushA.CatchUp(ctx))
	// Idle is 1 ms: retired within a millisecond of that push, it was
	// refused for having just pushed (seen once in a run of ./sync).
	waitUntil(time.Now().Add(2 * time.Millisecond))
	stored, _, err := c.store.Where(ctx, "K01")
	must(t, err)
	rep, err := c.store.RetireRegister(ctx, "K01", server.RetireOptions{Idle: time.Millisecond})
	must(t, err)
	retired := []server.RetiredGrant{{Resource: gallery1, Held: 10, Sold: 3, Returned: 7}, {Resource: gallery3, Held: 2, Sold: 2}}
	if len(rep.Grants) != 2 || rep.Grants[0] != retired[0] || rep.Grants[1] != retired[1] || len(rep.Overrode) != 0 {
		t.Fatalf("retired: %+v", rep)
	}
	for _, g := range retired {
		if allot, held := grantHeld(t, c, "K01", g.Resource); allot != g.Sold || held != nil {
			t.Fatalf("retired K01's grant of %s: %d, held %s; want its %d sold and what it said it held forgotten",
				g.Resource, allot, heldString(held), g.Sold)
		}
	}
	if _, err := c.store.RetireRegister(ctx, "K01", server.RetireOptions{Force: true}); err == nil || !strings.Contains(err.Error(), "was retired") {
		t.Fatalf("retired twice: %v", err)
	}
	if _, by := serverGrants(t, c, gallery1); by["K01"] != 3 {
		t.Fatalf("K01 still holds %d on the server, want its 3 sold", by["K01"])
	}
	// The 7 are granted to another register.
	if n, _ := b.e.Ask(ctx, gallery1, fleetGallery, 0); n != fleetGallery-3 {
		t.Fatalf("K02 got %d, want all but K01's 3 sold", n)
	}

	// K01 comes back: its push is refused with a sentence, and so is its ask.
	_, err = a.till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	err = pushA.CatchUp(ctx)
	if !errors.Is(err, sync.ErrRefused) || !strings.Contains(err.Error(), "register K01 was retired (written off)") || !strings.Contains(pushA.Status().Refused, "refuses its pushes") {
		t.Fatalf("a retired register's push: %v (status %+v)", err, pushA.Status())
	}
	if _, err := a.e.Ask(ctx, gallery1, 1, 3); err == nil || !strings.Contains(err.Error(), "retired") {
		t.Fatalf("a retired register's ask: %v", err)
	}
	if _, err := c.store.RenewRegister(ctx, "K01"); err == nil || !strings.Contains(err.Error(), "retired") {
		t.Fatalf("a retired register renewed: %v", err)
	}
	// What it pushed before stays: its journal to the end it had, its orders.
	if seq, _, err := c.store.Where(ctx, "K01"); err != nil || seq != stored {
		t.Fatalf("K01's journal on the server ends at %d, was %d (%v)", seq, stored, err)
	}
	var entries, orders int
	must(t, c.store.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM entries WHERE register = 'K01'), (SELECT count(*) FROM orders WHERE register = 'K01')`).Scan(&entries, &orders))
	if entries != int(stored) || orders != 2 {
		t.Fatalf("K01's stored entries %d (of %d), orders %d (want 2)", entries, stored, orders)
	}
	regs, err := c.store.Registers(ctx)
	must(t, err)
	for _, r := range regs {
		if r.Name == "K01" && (r.Retired.IsZero() || r.Revoked.IsZero()) {
			t.Fatalf("K01 listed as %+v", r)
		}
	}
	// Written off, it is no longer an enrolled register that lags: an
	// alert on the age of its last push would fire for good.
	resp, err := http.Get(c.URL() + "/metrics")
	must(t, err)
	metrics, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	must(t, err)
	if strings.Contains(string(metrics), `register="K01"`) || !strings.Contains(string(metrics), "guichet_registers_seen 0") {
		t.Fatalf("a retired register in /metrics:\n%s", metrics)
	}

	// --force: a register whose grant runs, that never pushed, is retired
	// anyway, and the reasons set aside are told.
	gallery2 := local.ZoneResource("hamlet-02", "galerie")
	k3 := openEscrowAt(t, c, cat, "K03", true, time.Now)
	if n, _ := k3.e.Ask(ctx, gallery2, 20, 0); n != 20 {
		t.Fatalf("K03 got %d", n)
	}
	if _, err := c.store.RetireRegister(ctx, "K03", server.RetireOptions{}); err == nil {
		t.Fatal("K03 retired while its grant runs, without --force")
	}
	rep, err = c.store.RetireRegister(ctx, "K03", server.RetireOptions{Force: true})
	must(t, err)
	// It just asked for its grant: it reached the server too.
	if len(rep.Grants) != 1 || rep.Grants[0].Returned != 20 || len(rep.Overrode) != 3 || !strings.HasPrefix(rep.Overrode[0], "it reached the server") {
		t.Fatalf("K03 forced: %+v", rep)
	}
	if n, _ := b.e.Ask(ctx, gallery2, fleetGallery, 0); n != fleetGallery {
		t.Fatalf("K02 got %d of hamlet-02, want all %d", n, fleetGallery)
	}
}

// A register running with nothing to push (the box office quiet for the
// evening) pushes nothing, but still reaches the server every round (its
// catalog pull): retire judged it by its last push alone, so with --idle
// 1h it wrote off a register still selling, whose sales to come would be
// sold a second time. Its last contact counts too; a register silent as
// long is retired.
func TestRetireCountsTheLastContactOfAnIdleRegister(t *testing.T) {
	ctx := context.Background()
	c := newCentral(t)
	_, err := c.store.LoadCatalog(ctx, "demo.json", fixtures.Demo)
	must(t, err)
	idle, silent := newRegister(t, c, "K01"), newRegister(t, c, "K02")
	pushers := map[string]*sync.Pusher{}
	for _, r := range []*register{idle, silent} {
		r.sell(t, 1)
		pushers[r.ID()] = sync.New(r, sync.Options{Central: c.URL(), Token: r.token,
			OnCatalog: func(*pos.Catalog) error { return nil }})
		must(t, pushers[r.ID()].CatchUp(ctx))
	}
	// Both pushed, and last reached the server, two hours ago.
	for _, q := range []string{
		`UPDATE registers SET last_push = last_push - interval '2 hours'`,
		`UPDATE register_contacts SET at = at - interval '2 hours'`,
	} {
		_, err := c.store.Pool().Exec(ctx, q)
		must(t, err)
	}
	// The idle register's round now: nothing to push, the catalog asked for.
	p := pushers["K01"]
	must(t, p.CatchUp(ctx))
	must(t, p.PullCatalog(ctx))
	if s := p.Status(); s.Unpushed != 0 {
		t.Fatalf("the premise: the idle register has %d entries to push", s.Unpushed)
	}

	_, err = c.store.RetireRegister(ctx, "K01", server.RetireOptions{Idle: time.Hour})
	var re *server.RetireRefusedError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "it reached the server") || !strings.Contains(err.Error(), "less than 1h0m0s") {
		t.Fatalf("retire an idle register that reached the server just now: want a refusal saying so, got %v", err)
	}
	if _, ok, err := c.store.Retired(ctx, "K01"); err != nil || ok {
		t.Fatalf("the idle register refused, yet retired: %v %v", ok, err)
	}
	rep, err := c.store.RetireRegister(ctx, "K02", server.RetireOptions{Idle: time.Hour})
	if err != nil || len(rep.Overrode) != 0 {
		t.Fatalf("retire a register silent for two hours: %+v %v", rep, err)
	}
}
