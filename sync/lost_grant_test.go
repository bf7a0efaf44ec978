package sync_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"guichet/sync"
	"guichet/sync/api"
	"guichet/sync/server"
)

// A register killed after the server granted it places but before it
// journaled the answer never sells them, yet the server counted them for
// it; renewing its lease, it kept them counted until it was retired, and
// the box office could not sell them. Its next request (a new id) names
// the last lease it journaled, older than the lost one: the server takes
// back what it added under the lost lease. A copy of the lost request,
// arriving late, still gets its answer and grants nothing.
func TestAGrantTheRegisterNeverJournaledIsTakenBackAtItsNextAsk(t *testing.T) {
	for _, tc := range []struct {
		name  string
		first int // what K01 journaled before the lost answer (0: nothing, its first ask is lost)
	}{
		{"after a journaled grant", 4},
		{"its first grant", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, cat := escrowCentral(t)
			a := openEscrow(t, c, cat, "K01", true)
			ctx := context.Background()
			if tc.first > 0 {
				if got, err := a.e.Ask(ctx, gallery1, tc.first, 0); err != nil || got != tc.first {
					t.Fatalf("K01 got %d of %d: %v", got, tc.first, err)
				}
			}
			leases, err := a.Leases([]string{gallery1})
			must(t, err)
			// K01 asks for 10 more; the server answers; K01 dies before it
			// journals the answer.
			lost := api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gallery1, Want: 10, Lease: leases[gallery1]}}}
			lostAns, err := c.store.Grant(ctx, server.Register{Name: "K01"}, lost)
			must(t, err)
			if len(lostAns.Grants) != 1 || lostAns.Grants[0].Add != 10 {
				t.Fatalf("the lost answer: %+v, want 10 added", lostAns)
			}
			// Started again, K01 renews its lease: a new request.
			if _, err := a.e.Ask(ctx, gallery1, 0, 0); err != nil {
				t.Fatal(err)
			}
			h := a.holding(t, gallery1)
			if h.Allotted != tc.first {
				t.Fatalf("K01 holds %d in its journal, want %d", h.Allotted, tc.first)
			}
			if _, by := serverGrants(t, c, gallery1); by["K01"] != h.Allotted {
				t.Fatalf("the server counts %d for K01, which holds %d: the lost grant's places are never sold", by["K01"], h.Allotted)
			}
			if free, _ := a.e.Free(gallery1); free != fleetGallery-h.Allotted {
				t.Fatalf("the box office has %d free, want %d", free, fleetGallery-h.Allotted)
			}
			// A late copy of the lost request: its answer, nothing granted.
			again, err := c.store.Grant(ctx, server.Register{Name: "K01"}, lost)
			must(t, err)
			if !reflect.DeepEqual(again, lostAns) {
				t.Fatalf("the lost request again: %+v, want its answer %+v", again, lostAns)
			}
			if total, by := serverGrants(t, c, gallery1); by["K01"] != h.Allotted || total != h.Allotted {
				t.Fatalf("after a copy of the lost request the server counts %v", by)
			}
			// K01 asks again (journaled this time): it holds what the
			// server counts.
			if got, err := a.e.Ask(ctx, gallery1, 6, 0); err != nil || got != 6 {
				t.Fatalf("K01 got %d of 6: %v", got, err)
			}
			// Renewed under the lease it journaled: nothing taken back.
			if _, err := a.e.Ask(ctx, gallery1, 0, 0); err != nil {
				t.Fatal(err)
			}
			if _, by := serverGrants(t, c, gallery1); by["K01"] != tc.first+6 || a.holding(t, gallery1).Allotted != tc.first+6 {
				t.Fatalf("the server counts %d for K01, which holds %d: want the %d it journaled", by["K01"], a.holding(t, gallery1).Allotted, tc.first+6)
			}
		})
	}
}

// What the register's pushed journal shows journaled is never taken back,
// even asked for under an older lease (its file put back to an older
// copy): it may have sold from it. Nor is anything taken back from a
// register that does not say its asks name its journaled leases (one of
// an older version sends no lease).
func TestAJournaledGrantIsNotTakenBackUnderAnOlderLease(t *testing.T) {
	c, cat := escrowCentral(t)
	a := openEscrow(t, c, cat, "K01", true)
	ctx := context.Background()
	if got, err := a.e.Ask(ctx, gallery1, 4, 0); err != nil || got != 4 {
		t.Fatalf("K01 got %d of 4: %v", got, err)
	}
	older, err := a.Leases([]string{gallery1})
	must(t, err)
	if got, err := a.e.Ask(ctx, gallery1, 6, 0); err != nil || got != 6 {
		t.Fatalf("K01 got %d of 6: %v", got, err)
	}
	must(t, a.sellGallery(5))
	must(t, sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token}).CatchUp(ctx))
	for _, req := range []api.GrantRequest{
		{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gallery1, Sold: 5, Lease: older[gallery1]}}, NamesLeases: true},
		{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gallery1, Sold: 5}}},
	} {
		_, err := c.store.Grant(ctx, server.Register{Name: "K01"}, req)
		must(t, err)
		if _, by := serverGrants(t, c, gallery1); by["K01"] != 10 {
			t.Fatalf("asked under lease %d (names leases: %v), the server counts %d for K01, which journaled 10 and sold 5",
				req.Asks[0].Lease, req.NamesLeases, by["K01"])
		}
	}
}

// A register of an older version names no lease: its last grant, however
// recent, is never taken for a lost one.
func TestARequestNamingNoLeasesTakesNothingBack(t *testing.T) {
	c, cat := escrowCentral(t)
	a := openEscrow(t, c, cat, "K01", true)
	ctx := context.Background()
	if got, err := a.e.Ask(ctx, gallery1, 4, 0); err != nil || got != 4 {
		t.Fatalf("K01 got %d of 4: %v", got, err)
	}
	_, err := c.store.Grant(ctx, server.Register{Name: "K01"}, api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gallery1}}})
	must(t, err)
	if _, by := serverGrants(t, c, gallery1); by["K01"] != 4 {
		t.Fatalf("the server counts %d for K01, which holds 4", by["K01"])
	}
}
