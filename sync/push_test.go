package sync_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"guichet/sync"
)

func TestPushStoresTheJournalOnceAndResendsAreDuplicates(t *testing.T) {
	c := newCentral(t)
	r := newRegister(t, c, "K01")
	r.sell(t, 5)
	pushes := &countPushes{next: http.DefaultTransport}
	p := sync.New(r, sync.Options{Central: c.URL(), Token: r.token, Batch: 3, Client: &http.Client{Transport: pushes}})
	ctx := context.Background()
	must(t, p.CatchUp(ctx))
	st := p.Status()
	if st.Unpushed != 0 || !st.Online || st.Last == 0 {
		t.Fatalf("status after catching up: %+v", st)
	}
	seq, hash, err := c.store.Where(ctx, "K01")
	must(t, err)
	mine, err := r.EntryHash(st.Last)
	must(t, err)
	if seq != st.Last || hash != mine {
		t.Fatalf("server holds %d (%s), the register %d (%s)", seq, hash, st.Last, mine)
	}
	before := counts(t, c)
	must(t, p.ResendFrom(1)) // as a cursor lost with a rebuild of the file
	if p.Status().Unpushed != st.Last {
		t.Fatalf("after ResendFrom(1): %+v", p.Status())
	}
	pushes.n.Store(0)
	must(t, p.CatchUp(ctx))
	if after := counts(t, c); after != before {
		t.Fatalf("resending changed the server: %v -> %v", before, after)
	}
	// The server's answer to the first batch says where its copy ends: the
	// journal is not sent again whole.
	if n := pushes.n.Load(); n != 1 || p.Status().Unpushed != 0 || st.Last <= 3 {
		t.Fatalf("catching up from entry 1 on a server that holds all %d took %d pushes of 3 (status %+v)", st.Last, n, p.Status())
	}
	if before.entries != int(st.Last) || before.orders != 5 {
		t.Fatalf("server state %+v for %d entries, 5 orders", before, st.Last)
	}
}

type state struct {
	entries, orders, tickets, payments int
	total                              int64
}

func counts(t testing.TB, c *central) state {
	t.Helper()
	var s state
	err := c.store.Pool().QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM entries), (SELECT count(*) FROM orders), (SELECT count(*) FROM tickets),
		(SELECT count(*) FROM payments), (SELECT coalesce(sum(amount), 0) FROM payments)`).Scan(&s.entries, &s.orders, &s.tickets, &s.payments, &s.total)
	must(t, err)
	return s
}

// countPushes counts the pushes a client makes.
type countPushes struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (c *countPushes) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && r.URL.Path == "/v1/push" {
		c.n.Add(1)
	}
	return c.next.RoundTrip(r)
}
