package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync/server"
)

// guichetd rebuild, as an operator types it, on an order whose state a
// projection once got wrong (stored as paid, canceled in the journal):
// --dry-run says one row would change and leaves it; the rebuild fixes
// it, a revoked register's journal included; run again it changes
// nothing.
func TestRebuildFixesAWrongOrderStateAndDryRunWritesNothing(t *testing.T) {
	db, store := freshStore(t)
	ctx := context.Background()
	cat, err := fixtures.DemoCatalog(saleDay)
	must(t, err)
	reg, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "K01.db"), Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	must(t, err)
	defer reg.Close()
	_, err = store.AddRegister(ctx, "K01", reg.PublicKey())
	must(t, err)
	till, err := reg.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	var sold []pos.Order
	for range 2 {
		must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
		o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
		must(t, err)
		sold = append(sold, o)
	}
	must(t, till.Cancel(sold[1].Number, "changed plans"))
	entries, err := reg.Entries(1, 1000)
	must(t, err)
	_, err = store.Push(ctx, server.Register{Name: "K01", PublicKey: reg.PublicKey()}, entries)
	must(t, err)
	must(t, store.RevokeRegister(ctx, "K01"))
	if _, err := store.Pool().Exec(ctx, `UPDATE orders SET state = 'paid' WHERE number = $1`, sold[1].Number); err != nil {
		t.Fatal(err)
	}
	state := func() string {
		var s string
		must(t, store.Pool().QueryRow(ctx, `SELECT state FROM orders WHERE number = $1`, sold[1].Number).Scan(&s))
		return s
	}

	code, out, errs := guichetd("rebuild", "--dry-run", "--db", db)
	if code != 0 || !strings.Contains(out, "dry run: 1 rows would change; nothing was written") ||
		!strings.Contains(out, "1 registers, ") || !tableRow(out, "orders", "2", "2", "0", "0", "1") || state() != "paid" {
		t.Fatalf("rebuild --dry-run: exit %d, out %q, err %q, state %s", code, out, errs, state())
	}
	code, out, errs = guichetd("rebuild", "--db", db)
	if code != 0 || !strings.Contains(out, "rebuilt: 1 rows changed") || state() != pos.OrderCanceled {
		t.Fatalf("rebuild: exit %d, out %q, err %q, state %s", code, out, errs, state())
	}
	code, out, _ = guichetd("rebuild", "--db", db)
	if code != 0 || !strings.Contains(out, "nothing changed") {
		t.Fatalf("rebuild again: exit %d, out %q", code, out)
	}
	if code, _, errs := guichetd("rebuild", "orders", "--db", db); code == 0 || !strings.Contains(errs, "takes no argument") {
		t.Fatalf("rebuild with an argument: exit %d, err %q", code, errs)
	}
}

// tableRow: out has a line of these fields, in order, separated by spaces.
func tableRow(out string, fields ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.Join(strings.Fields(line), " ") == strings.Join(fields, " ") {
			return true
		}
	}
	return false
}
