package sync_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"guichet/local"
	"guichet/sync/server"
)

// TestAPushOvertakenByAnotherIsCheckedAgain: a batch is stored in one
// statement when it continues the journal where it ended as the request
// was authenticated; when another push of the same register got there
// first, nothing is stored twice: the batch is checked again under the
// register's lock (duplicates acknowledged, the rest stored), and a gap is
// refused with where the server's copy really ends.
func TestAPushOvertakenByAnotherIsCheckedAgain(t *testing.T) {
	c := newCentral(t)
	r := newRegister(t, c, "K01")
	r.sell(t, 4)
	ctx := context.Background()
	all, err := r.Entries(1, 1000)
	must(t, err)
	first, rest := all[:5], all[5:]

	stale, err := c.store.Authenticate(ctx, r.token) // sees an empty journal
	must(t, err)
	fresh, err := c.store.Authenticate(ctx, r.token)
	must(t, err)
	if res, err := c.store.Push(ctx, fresh, first); err != nil || res.Stored != 5 {
		t.Fatalf("the first push: %+v %v", res, err)
	}
	res, err := c.store.Push(ctx, stale, all)
	if err != nil || res.Duplicates != 5 || res.Stored != len(rest) || res.Next != uint64(len(all))+1 {
		t.Fatalf("the overtaken push: %+v %v, want 5 duplicates and %d stored", res, err, len(rest))
	}
	if s := counts(t, c); s.entries != len(all) || s.orders != 4 || s.payments != 4 {
		t.Fatalf("server state %+v, want %d entries, 4 orders and payments", s, len(all))
	}
	for _, v := range []int{0, len(all) - 1} { // stored by each path
		e, err := local.DecodeEntry(all[v])
		must(t, err)
		var id string
		var data []byte
		must(t, c.store.Pool().QueryRow(ctx, `SELECT id::text, data FROM entries WHERE register = 'K01' AND seq = $1`, int64(e.Seq)).Scan(&id, &data))
		if id != e.ID.String() || !bytes.Equal(data, all[v]) {
			t.Fatalf("entry %d stored as %s (%d bytes), pushed as %s (%d bytes)", e.Seq, id, len(data), e.ID, len(all[v]))
		}
	}

	// Stale again, and the batch leaves a gap after what the server holds.
	r.sell(t, 2)
	more, err := r.Entries(uint64(len(all))+3, 100)
	must(t, err)
	_, err = c.store.Push(ctx, stale, more)
	var refused *server.RefusedError
	if !errors.As(err, &refused) || refused.Code != "gap" || refused.Expected != uint64(len(all))+1 {
		t.Fatalf("a gap pushed with a stale view: %v, want a gap from %d", err, len(all)+1)
	}
	if s := counts(t, c); s.entries != len(all) {
		t.Fatalf("the refused batch stored something: %+v", s)
	}
}
