package sync_test

import (
	"context"
	"testing"
	"time"

	"guichet/local"
	"guichet/sync"
	"guichet/sync/api"
)

// slowReturn is a register whose surplus return is slow to reach the disk
// (an SD card): it waits for a grant journaled meanwhile, or a while; the
// grant's journaling then waits for the return to be written.
type slowReturn struct {
	*local.Register
	returning chan struct{} // closed when a surplus return starts
	granted   chan struct{} // closed when a grant is journaled after it
	returned  chan struct{} // closed when the return is written
}

func (h *slowReturn) Return(want map[string]int, expired bool) (map[string]int, error) {
	if expired || len(want) == 0 {
		return h.Register.Return(want, expired)
	}
	close(h.returning)
	select {
	case <-h.granted:
	case <-time.After(300 * time.Millisecond):
	}
	defer close(h.returned)
	return h.Register.Return(want, expired)
}

func (h *slowReturn) RecordLeases(sent time.Time, leases []local.Lease) error {
	err := h.Register.RecordLeases(sent, leases)
	select {
	case <-h.returning:
		select {
		case <-h.granted:
		default:
			close(h.granted)
			<-h.returned
		}
	default:
	}
	return err
}

// The refill's surplus return is written to disk under the lock a till's
// ask and add take (Refill): written after it, the return the refill
// decided on (7 of the 11 held) would land after a till's grant for a
// party of 20 is journaled and before its add, and give back 7 of the
// places just granted for it, the party refused at 13. A till's ask waits
// for that write; it does not lose its places to it.
func TestTheSurplusReturnsWriteNeverGivesBackATillsFreshGrant(t *testing.T) {
	c, cat := escrowCentral(t)
	a := openEscrow(t, c, cat, "K01", true)
	h := &slowReturn{Register: a.Register, returning: make(chan struct{}), granted: make(chan struct{}), returned: make(chan struct{})}
	e := sync.NewEscrow(h, sync.EscrowOptions{Central: c.URL(), Token: a.token, Low: 2, Batch: 4})
	ctx := context.Background()
	if _, err := e.Ask(ctx, gallery1, 11, 0); err != nil {
		t.Fatal(err)
	}
	refilled := make(chan error, 1)
	go func() { refilled <- e.Refill(ctx) }() // 11 held: 7 of them a surplus
	<-h.returning

	const party = 20
	err := e.AskFor(ctx, func() []api.Ask {
		hd, err := a.Holding(gallery1)
		must(t, err)
		if hd.Left >= party {
			return nil
		}
		return []api.Ask{{Resource: gallery1, Want: party - hd.Left, Sold: hd.Used}}
	}, func() error { return a.till.AddTickets("hamlet-01", "galerie", "adult", party) })
	if err != nil {
		t.Fatalf("a party of %d, asked while the refill gave back a surplus: %v", party, err)
	}
	must(t, <-refilled)
	if c := a.till.Cart(); len(c.Lines) != 1 || c.Lines[0].Quantity != party {
		t.Fatalf("the cart: %+v, want the party's %d", c.Lines, party)
	}
}
