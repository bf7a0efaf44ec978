package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"guichet/fixtures"
	"guichet/local"
	"guichet/sync/api"
	"guichet/sync/server"
)

// guichetd register retire, as an operator types it: refused with a
// sentence while the register's grant runs, done with --force (saying
// what it set aside and what went back), then listed as retired and never
// renewed.
func TestRegisterRetireRefusesThenForces(t *testing.T) {
	db, store := freshStore(t)
	ctx := context.Background()
	_, err := store.LoadCatalog(ctx, "demo.json", fixtures.Demo)
	must(t, err)
	cat, err := fixtures.DemoCatalog(saleDay)
	must(t, err)
	path := filepath.Join(t.TempDir(), "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat})
	must(t, err)
	pub := reg.PublicKey()
	must(t, reg.Close())
	_, err = store.AddRegister(ctx, "K01", pub)
	must(t, err)
	gal := local.ZoneResource("hamlet-01", "galerie")
	_, err = store.Grant(ctx, server.Register{Name: "K01", PublicKey: pub}, api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gal, Want: 5}}})
	must(t, err)

	if code, _, _ := guichetd("register", "retire", "--db", db); code == 0 {
		t.Fatal("register retire without a name succeeded")
	}
	code, out, errs := guichetd("register", "retire", "K01", "--db", db)
	if code == 0 || !strings.Contains(errs, "register K01 was not retired: its grants run until") || !strings.Contains(errs, "--force") || out != "" {
		t.Fatalf("retire while its grant runs: exit %d, out %q, err %q", code, out, errs)
	}
	code, out, errs = guichetd("register", "retire", "K01", "--force", "--db", db)
	if code != 0 || !strings.Contains(errs, "retired with --force although its grants run until") ||
		!strings.Contains(out, gal) || !strings.Contains(out, "register K01 retired: back to the box office 5 place(s);") {
		t.Fatalf("retire --force: exit %d, out %q, err %q", code, out, errs)
	}
	if code, out, _ := guichetd("register", "list", "--db", db); code != 0 || !strings.Contains(out, "retired") {
		t.Fatalf("register list after retire: %q", out)
	}
	if code, _, errs := guichetd("register", "renew", "K01", "--db", db); code == 0 || !strings.Contains(errs, "was retired (written off)") {
		t.Fatalf("a retired register renewed: exit %d, %q", code, errs)
	}
}

// guichetd serve may run with a wider --grant-margin (registers' clocks
// further off): retire must wait that margin too, and takes it as serve
// does. It had no such flag and used the default 2 min: a register whose
// grant ended 5 min ago, still selling by a clock 8 min off, was retired
// without --force.
func TestRegisterRetireWaitsTheServersGrantMargin(t *testing.T) {
	db, store := freshStore(t)
	ctx := context.Background()
	_, err := store.LoadCatalog(ctx, "demo.json", fixtures.Demo)
	must(t, err)
	cat, err := fixtures.DemoCatalog(saleDay)
	must(t, err)
	path := filepath.Join(t.TempDir(), "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat})
	must(t, err)
	pub := reg.PublicKey()
	must(t, reg.Close())
	_, err = store.AddRegister(ctx, "K01", pub)
	must(t, err)
	gal := local.ZoneResource("hamlet-01", "galerie")
	_, err = store.Grant(ctx, server.Register{Name: "K01", PublicKey: pub}, api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gal, Want: 5}}})
	must(t, err)
	// Its grant ended 5 min ago; it last pushed 2 h ago an entry written now.
	_, err = store.Pool().Exec(ctx, `UPDATE grants SET expires = now() - interval '5 minutes'`)
	must(t, err)
	_, err = store.Pool().Exec(ctx, `UPDATE registers SET last_time = now(), last_push = now() - interval '2 hours'`)
	must(t, err)

	code, out, errs := guichetd("register", "retire", "K01", "--grant-margin", "10m", "--db", db)
	if code == 0 || !strings.Contains(errs, "its grants run until") || !strings.Contains(errs, "10m0s margin") {
		t.Fatalf("retire within serve's 10 min margin: exit %d, out %q, err %q", code, out, errs)
	}
	code, out, errs = guichetd("register", "retire", "K01", "--db", db)
	if code != 0 || !strings.Contains(out, "register K01 retired: back to the box office 5 place(s);") {
		t.Fatalf("retire past the default 2 min margin: exit %d, out %q, err %q", code, out, errs)
	}
}

// register retire's last line says what went back kind by kind: it added
// places, offer quota and code uses into one "N went back", so a ticket
// sold with a code under an offer's quota was counted three times.
func TestRegisterRetireSaysPlacesQuotasAndCodeUsesApart(t *testing.T) {
	db, store := freshStore(t)
	ctx := context.Background()
	_, err := store.LoadCatalog(ctx, "demo.json", fixtures.Demo)
	must(t, err)
	cat, err := fixtures.DemoCatalog(saleDay)
	must(t, err)
	path := filepath.Join(t.TempDir(), "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat})
	must(t, err)
	pub := reg.PublicKey()
	must(t, reg.Close())
	_, err = store.AddRegister(ctx, "K01", pub)
	must(t, err)
	asks := []api.Ask{
		{Resource: local.ZoneResource("hamlet-01", "galerie"), Want: 4},
		{Resource: local.OfferResource("bienvenue"), Want: 4},
		{Resource: local.CodeResource("BIENVENUE"), Want: 4},
	}
	_, err = store.Grant(ctx, server.Register{Name: "K01", PublicKey: pub}, api.GrantRequest{ID: uuid.NewString(), Asks: asks})
	must(t, err)
	code, out, errs := guichetd("register", "retire", "K01", "--force", "--db", db)
	if code != 0 {
		t.Fatalf("retire --force: exit %d, err %q", code, errs)
	}
	if strings.Contains(out, "12 went back") || !strings.Contains(out, "4 place(s)") || !strings.Contains(out, "4 of offer quotas") || !strings.Contains(out, "4 code use(s)") {
		t.Fatalf("retire --force:\n%s", out)
	}
}
