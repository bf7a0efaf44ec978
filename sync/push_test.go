package sync_test

import (
	"context"
	"testing"

	"guichet/sync"
)

func TestPushStoresTheJournalOnceAndResendsAreDuplicates(t *testing.T) {
	c := newCentral(t)
	r := newRegister(t, c, "K01")
	r.sell(t, 5)
	p := sync.New(r, sync.Options{Central: c.URL(), Token: r.token, Batch: 3})
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
	must(t, p.ResendFrom(1))
	if p.Status().Unpushed != st.Last {
		t.Fatalf("after ResendFrom(1): %+v", p.Status())
	}
	must(t, p.CatchUp(ctx))
	if after := counts(t, c); after != before {
		t.Fatalf("resending changed the server: %v -> %v", before, after)
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
