package sync_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"guichet/local"
	"guichet/pos"
	"guichet/sync"
)

// A register offline uses a code while the box office, seeing no use of
// it on the server, deletes it. The push is stored: the order happened.
// The code must not vanish from guichetd codes list and export with its
// use ("a code that was used cannot be deleted, only disabled"): it stays
// listed, deleted, with its use, and is neither served nor granted again.
func TestACodeDeletedWhileARegisterUsedItOfflineStaysListedWithItsUse(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	r := openEscrow(t, c, cat, "K01", false) // offline: it holds its whole catalog
	must(t, r.till.AddTickets("hamlet-01", "galerie", "adult", 1))
	_, err := r.till.ApplyCode("BIENVENUE")
	must(t, err)
	_, err = r.till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)

	must(t, c.store.DeleteCode(ctx, "admin", "BIENVENUE")) // no use on the server yet
	must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))

	vs, err := c.store.Codes(ctx, "bienvenue")
	must(t, err)
	if len(vs) != 1 || vs[0].Code.Code != "BIENVENUE" || vs[0].Uses != 1 || !vs[0].Deleted {
		t.Fatalf("guichetd codes list after the offline use of a deleted code: %+v, want BIENVENUE deleted with 1 use", vs)
	}
	var csv bytes.Buffer
	must(t, c.store.ExportCodes(ctx, "bienvenue", &csv))
	if !strings.Contains(csv.String(), "BIENVENUE,") || !strings.Contains(csv.String(), ",yes,1") {
		t.Fatalf("the export leaves out the used code, or shows it usable:\n%s", csv.String())
	}
	// Deleted: not served, not granted, not enabled again.
	doc, err := c.store.ServedCatalog(ctx)
	must(t, err)
	served, err := pos.ParseCatalog("served", doc.Data, testToday)
	must(t, err)
	if o, ok := served.OfferByID("bienvenue"); !ok || len(o.Codes) != 0 {
		t.Fatalf("the served catalog has %+v for the offer, want no code", o.Codes)
	}
	b := openEscrow(t, c, cat, "K02", true)
	if n, err := b.e.Ask(ctx, local.CodeResource("BIENVENUE"), 3, 0); err != nil || n != 0 {
		t.Fatalf("K02 was granted %d uses of a deleted code (%v)", n, err)
	}
	if err := c.store.SetCodeDisabled(ctx, "admin", "BIENVENUE", false); err == nil {
		t.Fatal("a deleted code was enabled again")
	}
	if err := c.store.DeleteCode(ctx, "admin", "BIENVENUE"); err == nil {
		t.Fatal("a deleted code was deleted again")
	}
	// Its text may be added again, as before: the use still counts.
	must(t, c.store.AddCodes(ctx, "admin", "bienvenue", []pos.Code{{Code: "bienvenue", MaxUses: 5}}))
	vs, err = c.store.Codes(ctx, "bienvenue")
	must(t, err)
	if len(vs) != 1 || vs[0].Uses != 1 || vs[0].MaxUses != 5 || vs[0].Deleted || vs[0].Disabled {
		t.Fatalf("BIENVENUE added again: %+v, want it usable with 1 use of 5", vs)
	}
}

// Seed 002: "if it has been used by customers it cannot be destroyed". An
// order placed with a code and canceled since gave its use back (the list
// says 0 uses), but it was made with the code and the server keeps it
// naming it: guichetd codes delete refuses, as the register does.
func TestACodeWhoseOnlyOrderWasCanceledCannotBeDeletedOnTheServer(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	r := openEscrow(t, c, cat, "K01", false)
	must(t, r.till.AddTickets("hamlet-01", "galerie", "adult", 1))
	_, err := r.till.ApplyCode("BIENVENUE")
	must(t, err)
	o, err := r.till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	must(t, r.till.Cancel(o.Number, "wrong date"))
	must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))

	vs, err := c.store.Codes(ctx, "bienvenue")
	must(t, err)
	if len(vs) != 1 || vs[0].Uses != 0 {
		t.Fatalf("codes list after the cancellation: %+v, want BIENVENUE with its use given back", vs)
	}
	// Refused naming the offer that holds it (guichetd codes delete said
	// only "code BIENVENUE was used by 1 order(s)").
	if err := c.store.DeleteCode(ctx, "admin", "BIENVENUE"); !errors.Is(err, pos.ErrCodeUsed) || !strings.Contains(err.Error(), "code BIENVENUE, in offer bienvenue, was used by 1 order(s)") {
		t.Fatalf("deleting a code a canceled order was placed with: %v, want it refused (disable it), naming offer bienvenue", err)
	}
	if vs, err := c.store.Codes(ctx, "bienvenue"); err != nil || len(vs) != 1 || vs[0].Deleted {
		t.Fatalf("after the refused delete: %+v (%v), want BIENVENUE still there", vs, err)
	}
}

// A code deleted on the server while a register used it offline stays
// listed once that use is pushed, and still once the order is canceled:
// the order was placed with it (it counts for codes delete too). It
// dropped out of guichetd codes list and export, which counted only the
// orders standing.
func TestACodeDeletedWhileUsedOfflineStaysListedOnceThatOrderIsCanceled(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	r := openEscrow(t, c, cat, "K01", false)
	must(t, r.till.AddTickets("hamlet-01", "galerie", "adult", 1))
	_, err := r.till.ApplyCode("BIENVENUE")
	must(t, err)
	o, err := r.till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	must(t, c.store.DeleteCode(ctx, "admin", "BIENVENUE")) // no use on the server yet
	must(t, r.till.Cancel(o.Number, "wrong date"))
	must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))

	vs, err := c.store.Codes(ctx, "bienvenue")
	must(t, err)
	if len(vs) != 1 || vs[0].Code.Code != "BIENVENUE" || vs[0].Uses != 0 || !vs[0].Deleted {
		t.Fatalf("guichetd codes list: %+v, want BIENVENUE deleted, its use given back", vs)
	}
	var csv bytes.Buffer
	must(t, c.store.ExportCodes(ctx, "bienvenue", &csv))
	if !strings.Contains(csv.String(), "BIENVENUE,") {
		t.Fatalf("the export leaves out a code an order was placed with:\n%s", csv.String())
	}
}
