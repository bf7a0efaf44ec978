package sync_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
	"guichet/sync"
)

// An idle register (running, nothing to push: the box office closed for
// the night) and an offline one (unplugged) looked the same in /metrics:
// neither pushes, so their last push and last entry aged alike, and an
// alert on them fired for every register of a quiet evening. The idle one
// still reaches the server (its pusher pulls the catalog every round):
// guichet_register_last_contact_age_seconds says so, and grows only for
// the one that is offline.
func TestTheMetricsTellAnIdleRegisterFromAnOfflineOne(t *testing.T) {
	// Mostly asleep (1.5 s of quiet), on a database of its own: it runs
	// beside the fleet. A slower machine only ages the offline one more.
	t.Parallel()
	ctx := context.Background()
	c := newCentral(t)
	_, err := c.store.LoadCatalog(ctx, "demo.json", fixtures.Demo)
	must(t, err)
	idle, offline := newRegister(t, c, "K01"), newRegister(t, c, "K02")
	pushers := map[string]*sync.Pusher{}
	for _, r := range []*register{idle, offline} {
		r.sell(t, 1)
		pushers[r.ID()] = sync.New(r, sync.Options{Central: c.URL(), Token: r.token,
			OnCatalog: func(*pos.Catalog) error { return nil }})
		must(t, pushers[r.ID()].CatchUp(ctx))
	}
	const quiet = 1500 * time.Millisecond
	time.Sleep(quiet)
	// The idle register's round: nothing to push, the catalog asked for.
	p := pushers["K01"]
	must(t, p.CatchUp(ctx))
	must(t, p.PullCatalog(ctx))
	if s := p.Status(); s.Unpushed != 0 {
		t.Fatalf("the premise: the idle register has %d entries to push", s.Unpushed)
	}
	resp, err := http.Get(c.URL() + "/metrics")
	must(t, err)
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	must(t, err)
	age := func(register string) (float64, bool) {
		for _, l := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(l, `guichet_register_last_contact_age_seconds{register="`+register+`"} `); ok {
				f, err := strconv.ParseFloat(v, 64)
				return f, err == nil
			}
		}
		return 0, false
	}
	a, okA := age("K01")
	b, okB := age("K02")
	if !okA || !okB || b-a < (quiet-200*time.Millisecond).Seconds() {
		t.Fatalf("last contact: idle K01 %v (%v), offline K02 %v (%v); want K02's older by %v\n%s", a, okA, b, okB, quiet, data)
	}
}
