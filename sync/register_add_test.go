package sync_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"

	"guichet/sync/server"
)

// guichetd register add of a name already enrolled says what to do, and
// doing it works: it said "revoke it first to give it a new token", but a
// revoked register is refused the same way (its journal is kept under its
// name): the box office went round in circles. renew gives a new token;
// a retired name cannot come back.
func TestEnrollingANameTwiceSaysHowToGiveItANewToken(t *testing.T) {
	c := newCentral(t)
	ctx := context.Background()
	pub, _, _ := ed25519.GenerateKey(nil)
	_, err := c.store.AddRegister(ctx, "K01", pub)
	must(t, err)
	for _, revoked := range []bool{false, true} {
		if revoked {
			must(t, c.store.RevokeRegister(ctx, "K01"))
		}
		_, err := c.store.AddRegister(ctx, "K01", pub)
		if !errors.Is(err, server.ErrRegisterExists) || !strings.Contains(err.Error(), "guichetd register renew K01") || strings.Contains(err.Error(), "revoke it first") {
			t.Fatalf("revoked %v: enrolling K01 again: %v, want it to say guichetd register renew K01", revoked, err)
		}
	}
	token, err := c.store.RenewRegister(ctx, "K01")
	must(t, err)
	if r, err := c.store.Authenticate(ctx, token); err != nil || r.Name != "K01" {
		t.Fatalf("the renewed token: %+v %v", r, err)
	}
	_, err = c.store.RetireRegister(ctx, "K01", server.RetireOptions{Force: true})
	must(t, err)
	_, err = c.store.AddRegister(ctx, "K01", pub)
	if err == nil || strings.Contains(err.Error(), "renew") || !strings.Contains(err.Error(), "retired") || !strings.Contains(err.Error(), "new name") {
		t.Fatalf("enrolling a retired name again: %v, want it to say it was retired and to use a new name", err)
	}
}
