package sync_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
)

// refillInBetween is a register whose escrow, once a grant for a till is
// journaled (before the till's cart takes it), has the background refill
// look at the holdings, as it may at any moment.
type refillInBetween struct {
	*local.Register
	between  atomic.Pointer[func()] // run once, after the next grant journaled
	returned chan map[string]int    // each surplus given back
}

func (h *refillInBetween) RecordLeases(sent time.Time, leases []local.Lease) error {
	err := h.Register.RecordLeases(sent, leases)
	if f := h.between.Swap(nil); err == nil && f != nil {
		(*f)()
	}
	return err
}

func (h *refillInBetween) Return(want map[string]int, expired bool) (map[string]int, error) {
	got, err := h.Register.Return(want, expired)
	if !expired && len(got) > 0 {
		select {
		case h.returned <- got:
		default:
		}
	}
	return got, err
}

// A till adding a party of 12 to its cart asks the server for what the
// register lacks; granted, the register holds more than the refill keeps
// (2×4+2), and a refill looking before the cart takes the places would
// give them back as surplus, the party refused at the 4 it keeps. The
// till's ask and add hold the lock the refill's surplus return takes:
// raced, the refill's return waits for the cart, which gets all 12, and
// the register and the server count the same places granted.
func TestTheRefillsSurplusReturnNeverTakesWhatATillsAskAdds(t *testing.T) {
	c, cat := escrowCentral(t)
	a := openEscrow(t, c, cat, "K01", true)
	h := &refillInBetween{Register: a.Register, returned: make(chan map[string]int, 16)}
	e := sync.NewEscrow(h, sync.EscrowOptions{Central: c.URL(), Token: a.token, Low: 2, Batch: 4})
	ctx := context.Background()
	must(t, e.Refill(ctx))
	const party = 12
	ask := func() []api.Ask {
		hd, err := a.Holding(gallery1)
		must(t, err)
		if hd.Left >= party {
			return nil
		}
		return []api.Ask{{Resource: gallery1, Want: party - hd.Left, Sold: hd.Used}}
	}
	add := func() error { return a.till.AddTickets("hamlet-01", "galerie", "adult", party) }

	// The refill starts between the grant and the add; it is given the
	// time to give back a surplus before the add goes on.
	refilled := make(chan error, 1)
	between := func() {
		go func() { refilled <- e.Refill(ctx) }()
		select {
		case <-h.returned:
		case <-time.After(300 * time.Millisecond):
		}
	}
	h.between.Store(&between)
	if err := e.AskFor(ctx, ask, add); err != nil {
		t.Fatalf("a party of %d, granted, the refill looking meanwhile: %v", party, err)
	}
	must(t, <-refilled)
	sale, err := a.till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	if len(sale.Tickets) != party {
		t.Fatalf("sold %d, want the party's %d", len(sale.Tickets), party)
	}

	// The two raced for a while: a refill looping, parties added and
	// given up (their places a surplus for the refill to return).
	stop := make(chan struct{})
	loop := make(chan error, 1)
	go func() {
		for {
			select {
			case <-stop:
				loop <- nil
				return
			default:
			}
			if err := e.Refill(ctx); err != nil {
				loop <- err
				return
			}
		}
	}()
	for i := range 20 {
		if err := e.AskFor(ctx, ask, add); err != nil {
			t.Errorf("party %d, the refill looping: %v", i, err)
		}
		a.till.ClearCart()
	}
	close(stop)
	must(t, <-loop)
	// What the refill gave back counts on the server once pushed.
	must(t, sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token}).CatchUp(ctx))
	hd := a.holding(t, gallery1)
	if hd.Used != party {
		t.Fatalf("the register used %d of the galerie, want the %d sold", hd.Used, party)
	}
	if total, by := serverGrants(t, c, gallery1); total != hd.Allotted || by["K01"] != hd.Allotted {
		t.Fatalf("the server counts %v granted of the galerie, the register holds %d", by, hd.Allotted)
	}
}
