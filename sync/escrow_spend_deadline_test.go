package sync_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"guichet/sync"
	"guichet/sync/api"
)

// Two tills of a register in escrow: the first asks the central server
// for a party's places and the network swallows the answer; the second,
// adding one ticket the register holds, waited behind the first's ask and
// add (the lock the refill's surplus return takes), past its own 2 s: the
// seller looked at a frozen screen though the register held the place.
// The second till gives up the lock at its deadline, asks nothing, and
// adds as offline (its refusal would say what is left). The test failed
// before: the second till came back only once the first's ask ended.
func TestASecondTillsAskGivesUpAtItsDeadlineBehindAnotherTills(t *testing.T) {
	c, cat := escrowCentral(t)
	a := openEscrow(t, c, cat, "K01", true)
	stub := newHangingGrants(t, c)
	stub.hang.Store(false)
	flight := &inFlight{next: http.DefaultTransport}
	e := sync.NewEscrow(a.Register, sync.EscrowOptions{Central: stub.srv.URL, Token: a.token, Low: 2, Batch: 4,
		Client: &http.Client{Transport: flight, Timeout: 10 * time.Second}})
	must(t, e.Refill(context.Background())) // the register holds 4 of the galerie
	if h := a.holding(t, gallery1); h.Left != 4 {
		t.Fatalf("the register holds %d of the galerie, want the refill's 4", h.Left)
	}
	stub.hang.Store(true)

	// The first till asks for a party of 12; its answer never comes.
	const party = 12
	firstCtx, stopFirst := context.WithCancel(context.Background())
	defer stopFirst()
	first := make(chan error, 1)
	go func() {
		first <- e.AskFor(firstCtx, func() []api.Ask {
			return []api.Ask{{Resource: gallery1, Want: party - 4}}
		}, func() error { return a.till.AddTickets("hamlet-01", "galerie", "adult", party) })
	}()
	<-stub.held
	sent := len(stub.seen()) // the first refill's and the first till's

	second, err := a.Unlock("claire", "1234")
	must(t, err)
	var asked atomic.Bool
	secondCtx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- e.AskFor(secondCtx, func() []api.Ask { asked.Store(true); return nil },
			func() error { return second.AddTickets("hamlet-01", "galerie", "adult", 1) })
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the second till adding a place the register holds: %v", err)
		}
	case <-time.After(10 * time.Second): // a guard, far past the second's deadline
		stopFirst()
		<-done
		t.Fatal("the second till came back only once the first till's ask ended")
	}
	if n := flight.n.Load(); n != 1 {
		t.Fatalf("the second till came back with %d requests out, want the first's still out", n)
	}
	if asked.Load() || len(stub.seen()) != sent {
		t.Fatalf("the second till asked the server (%v, requests %v): it held no lock to ask under", asked.Load(), stub.seen())
	}
	if c := second.Cart(); len(c.Lines) != 1 || c.Lines[0].Quantity != 1 {
		t.Fatalf("the second till's cart: %+v, want its one place", c.Lines)
	}
	// The first till gives up: its party is refused at what is left.
	stopFirst()
	if err := <-first; err == nil {
		t.Fatal("the first till's party of 12, unanswered, was added from the 3 places left")
	}
}
