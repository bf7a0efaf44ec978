package sync_test

import (
	"context"
	"crypto/ed25519"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"guichet/local"
	"guichet/sync/api"
	"guichet/sync/server"
)

// A register low on a sold-out resource asks for it at every look (every
// two seconds), each time under a new request id: the server keeps each
// register's last answer and those younger than a while (a copy of an
// older request may come late), so the table of answered requests stays
// bounded, while a lost answer asked again, or a late copy of an older
// request, is still the same answer and grants nothing twice.
func TestAnsweredGrantRequestsStayBoundedAndARetryGetsTheSameAnswer(t *testing.T) {
	// Mostly asleep (12 looks 200 ms apart), on a database of its own: it
	// runs beside the fleet. A slower machine only lets more answers age.
	t.Parallel()
	c, _ := escrowCentral(t)
	const kept = 100 * time.Millisecond
	c.store.SetGrantAnswersKept(kept)
	ctx := context.Background()
	var regs []server.Register
	for _, name := range []string{"K01", "K02"} {
		pub, _, _ := ed25519.GenerateKey(nil)
		_, err := c.store.AddRegister(ctx, name, pub)
		must(t, err)
		regs = append(regs, server.Register{Name: name, PublicKey: pub})
	}
	countRows := func() int {
		var n int
		must(t, c.store.Pool().QueryRow(ctx, `SELECT count(*) FROM grant_requests`).Scan(&n))
		return n
	}
	ask := func(reg server.Register, req api.GrantRequest) api.GrantAnswer {
		t.Helper()
		ans, err := c.store.Grant(ctx, reg, req)
		must(t, err)
		return ans
	}
	newReq := func() api.GrantRequest {
		return api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gallery1, Want: 3}}}
	}
	for i := range 12 {
		for _, reg := range regs {
			req := newReq()
			first := ask(reg, req)
			// The answer was lost: the register sends the same request again.
			if again := ask(reg, req); !reflect.DeepEqual(again, first) {
				t.Fatalf("look %d, %s: asked again, the answer %+v differs from %+v", i, reg.Name, again, first)
			}
		}
		if n := countRows(); i > 0 && n > 2*len(regs) {
			t.Fatalf("after %d looks of %d registers %s apart the server keeps %d answered requests", i+1, len(regs), 2*kept, n)
		}
		time.Sleep(2 * kept)
	}
	// A copy of an older request comes late, after a newer one, within
	// the time answers are kept: the same answer, nothing granted twice.
	// Kept a minute now: kept 100 ms, a loaded machine (the race
	// detector, the clean-clone run) took longer than that between the
	// two asks, and the older answer was gone as designed.
	c.store.SetGrantAnswersKept(time.Minute)
	other := local.ZoneResource("hamlet-02", "galerie")
	olderReq := api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: other, Want: 3}}}
	older := ask(regs[0], olderReq)
	ask(regs[0], api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: other, Want: 3}}})
	if late := ask(regs[0], olderReq); !reflect.DeepEqual(late, older) {
		t.Fatalf("a late copy of an older request: %+v, want its answer %+v", late, older)
	}
	if total, by := serverGrants(t, c, other); total != 6 {
		t.Fatalf("K01 asked twice for 3 of %s, the server counts %v for it", other, by)
	}
	total, by := serverGrants(t, c, gallery1)
	if total != fleetGallery || by["K01"]+by["K02"] != fleetGallery {
		t.Fatalf("the registers hold %v (%d) of the galerie's %d", by, total, fleetGallery)
	}
}
