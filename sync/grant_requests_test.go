package sync_test

import (
	"context"
	"crypto/ed25519"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"guichet/sync/api"
	"guichet/sync/server"
)

// A register low on a sold-out resource asks for it at every look (every
// two seconds), each time under a new request id: the server keeps only
// the answer a retry may still need (each register's last), so the table
// of answered requests stays as small as the fleet while a lost answer,
// asked again, is still the same answer and grants nothing twice.
func TestAnsweredGrantRequestsStayBoundedAndARetryGetsTheSameAnswer(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	var regs []server.Register
	for _, name := range []string{"K01", "K02"} {
		pub, _, _ := ed25519.GenerateKey(nil)
		_, err := c.store.AddRegister(ctx, name, pub)
		must(t, err)
		regs = append(regs, server.Register{Name: name, PublicKey: pub})
	}
	countRows := func() int {
		var n int
		must(t, c.store.Pool().QueryRow(ctx, `SELECT count(*) FROM grant_requests`).Scan(&n))
		return n
	}
	ask := func(reg server.Register, req api.GrantRequest) api.GrantAnswer {
		t.Helper()
		ans, err := c.store.Grant(ctx, reg, req)
		must(t, err)
		return ans
	}
	for i := range 40 {
		for _, reg := range regs {
			req := api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gallery1, Want: 2}}}
			first := ask(reg, req)
			// The answer was lost: the register sends the same request again.
			if again := ask(reg, req); !reflect.DeepEqual(again, first) {
				t.Fatalf("look %d, %s: asked again, the answer %+v differs from %+v", i, reg.Name, again, first)
			}
		}
		if n := countRows(); n > len(regs) {
			t.Fatalf("after %d looks of %d registers the server keeps %d answered requests", i+1, len(regs), n)
		}
	}
	total, by := serverGrants(t, c, gallery1)
	if total != fleetGallery || by["K01"]+by["K02"] != fleetGallery {
		t.Fatalf("the registers hold %v (%d) of the galerie's %d", by, total, fleetGallery)
	}
}
