package sync_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"guichet/sync"
	"guichet/sync/api"
)

// A till's ask for a party reaches a central server slower than the
// till's 2 s: the till's add goes on as offline, but the escrow said the
// whole register was offline ("the central server does not answer:
// context deadline exceeded"), and every other till stopped asking until
// the next good refill. The till's own deadline is not the server's
// silence: the register stays online, and the request, pending, is sent
// again first (with its ID: granted once) at the next ask.
func TestATillsDeadlineDoesNotTakeTheRegisterOffline(t *testing.T) {
	c, cat := escrowCentral(t)
	a := openEscrow(t, c, cat, "K01", true)
	stub := newHangingGrants(t, c)
	stub.hang.Store(false)
	e := sync.NewEscrow(a.Register, sync.EscrowOptions{Central: stub.srv.URL, Token: a.token, Low: 2, Batch: 4,
		Client: &http.Client{Timeout: 10 * time.Second}})
	must(t, e.Refill(context.Background()))
	if !e.Online() {
		t.Fatal("offline after a good refill")
	}
	stub.hang.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := e.AskFor(ctx, func() []api.Ask { return []api.Ask{{Resource: gallery1, Want: 8}} },
		func() error { return a.till.AddTickets("hamlet-01", "galerie", "adult", 12) })
	if err == nil {
		t.Fatal("a party of 12 was added from the 4 places the register holds, its ask unanswered")
	}
	<-stub.held
	if !e.Online() {
		t.Fatalf("one till's deadline took the register offline: %+v", e.Status())
	}
	// the next ask sends the lost request again, with its ID, first
	ids := len(stub.seen())
	must(t, e.AskFor(context.Background(), func() []api.Ask { return []api.Ask{{Resource: gallery1, Want: 8}} },
		func() error { return a.till.AddTickets("hamlet-01", "galerie", "adult", 12) }))
	seen := stub.seen()
	if len(seen) < ids+1 || seen[ids] != seen[ids-1] {
		t.Fatalf("the lost request was not sent again first with its ID: %v", seen)
	}
}
