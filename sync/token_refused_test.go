package sync_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
)

// A register whose token was revoked (guichetd register revoke K02) said
// "! hors ligne" on its status line: the server answered 401, which the
// pusher took for a network fault, and the box office looked for one.
// It is a refusal now, said as the server says it, in the till's
// language, with what to do.
func TestARevokedTokenIsARefusalNotOffline(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	a := openEscrow(t, c, cat, "K02", false)
	must(t, c.store.RevokeRegister(ctx, "K02"))
	p := sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token})
	if err := p.CatchUp(ctx); !errors.Is(err, sync.ErrRefused) {
		t.Fatalf("push with a revoked token: %v, want a refusal", err)
	}
	st := p.Status()
	if st.Refused != api.TokenRefused {
		t.Fatalf("the status says refused %q (online %v, last error %q), want the server's sentence", st.Refused, st.Online, st.LastError)
	}
	if fr := pos.Say(errors.New(st.Refused), pos.French); !strings.Contains(fr, "révoqué") || !strings.Contains(fr, "redémarrez") {
		t.Errorf("in French: %q", fr)
	}
}
