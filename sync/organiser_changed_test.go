package sync_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
)

// A register re-pointed to its organiser's new name (organiser.changed, a
// journal entry type the central server has no projection for) pushes its
// journal as before: the server stores the entry with the others, takes
// the sales after it, and a rebuild of its projections from the stored
// entries finds nothing to change.
func TestTheCentralServerStoresAnOrganiserChange(t *testing.T) {
	c := newCentral(t)
	ctx := context.Background()
	r := newRegister(t, c, "K01")
	r.sell(t, 2)
	r.till.Close()
	must(t, r.Close())
	data := bytes.Replace(fixtures.Demo, []byte(`"name": "Théâtre du Lac",`), []byte(`"name": "Théâtre du Lac SA",`), 1)
	renamed, err := pos.ParseCatalog("lac-sa.json", data, testToday)
	must(t, err)
	now := func() time.Time { return testToday }
	ch, err := local.RepointOrganiser(local.Options{Path: r.path, Register: "K01", Catalog: renamed, Now: now}, "claire")
	must(t, err)
	reg, err := local.Open(local.Options{Path: r.path, Register: "K01", Catalog: renamed, Now: now})
	must(t, err)
	t.Cleanup(func() { reg.Close() })
	again := &register{Register: reg, path: r.path, token: r.token}
	again.sell(t, 1)

	p := sync.New(again, sync.Options{Central: c.URL(), Token: r.token})
	must(t, p.CatchUp(ctx))
	st := p.Status()
	if st.Unpushed != 0 || st.Refused != "" || st.Last <= ch.Seq {
		t.Fatalf("push after the re-point: %+v", st)
	}
	var typ string
	must(t, c.store.Pool().QueryRow(ctx, `SELECT type FROM entries WHERE register = 'K01' AND seq = $1`, int64(ch.Seq)).Scan(&typ))
	if typ != local.TypeOrganiserChanged {
		t.Errorf("the server stored entry %d as %q", ch.Seq, typ)
	}
	if s := counts(t, c); s.orders != 3 || s.entries != int(st.Last) {
		t.Errorf("the server holds %+v, want 3 orders and %d entries", s, st.Last)
	}
	rep, err := c.store.Rebuild(ctx, true)
	must(t, err)
	if rep.Changed() != 0 {
		t.Errorf("a rebuild of the server's projections would change %d rows: %+v", rep.Changed(), rep.Tables)
	}
}
