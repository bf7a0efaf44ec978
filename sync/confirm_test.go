package sync_test

import (
	"context"
	"strings"
	"testing"

	"guichet/sync"
)

// guichet sync push on a file with everything pushed sent nothing and
// said "every entry pushed" whatever the URL or token: a wrong token, or
// another register's, passed for a working set-up. Confirm asks the
// server where its copy ends: a token unknown or another register's is
// said, and a copy that ends before what the file counts as pushed (the
// server's database restored from an older backup) gets the rest again.
func TestConfirmChecksTheServersCopyWhenNothingIsLeftToPush(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	a := openEscrow(t, c, cat, "K01", false)
	b := openEscrow(t, c, cat, "K02", false)
	for _, r := range []*escrowRegister{a, b} {
		must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))
	}
	if resend, err := sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token}).Confirm(ctx); err != nil || resend {
		t.Fatalf("its own token, everything pushed: resend %v, %v", resend, err)
	}
	for _, tc := range []struct{ token, says string }{
		{"gct_not-a-token", "unknown or was revoked"},
		{b.token, "is the token this register's"},
	} {
		p := sync.New(a.Register, sync.Options{Central: c.URL(), Token: tc.token})
		if err := p.CatchUp(ctx); err != nil {
			t.Fatalf("nothing to push sends nothing: %v", err)
		}
		if _, err := p.Confirm(ctx); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("token %.12s…: %v, want it to say %q", tc.token, err, tc.says)
		}
	}
	// Entries the file counts as pushed that the server does not hold.
	stored, err := a.PushState()
	must(t, err)
	must(t, a.sellGallery(1))
	st, err := a.PushState()
	must(t, err)
	must(t, a.SetPushed(st.Last))
	p := sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token})
	resend, err := p.Confirm(ctx)
	if err != nil || !resend {
		t.Fatalf("a server copy ending at %d, the file at %d counted pushed: resend %v, %v", stored.Last, st.Last, resend, err)
	}
	if got := p.Status().Pushed; got != stored.Last {
		t.Fatalf("the cursor is at %d, want the server's end %d", got, stored.Last)
	}
	must(t, p.CatchUp(ctx))
	if seq, _, err := c.store.Where(ctx, "K01"); err != nil || seq != st.Last {
		t.Fatalf("the server holds K01 to %d (%v), want %d", seq, err, st.Last)
	}
}
