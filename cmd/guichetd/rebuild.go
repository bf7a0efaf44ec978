package main

import (
	"context"
	"fmt"
	"io"
)

func init() {
	register("rebuild", "recompute the projections (orders, tickets, payments, shifts, customers) from the stored journals (--dry-run)", runRebuild)
}

const rebuildUsage = `usage: guichetd rebuild [--dry-run] [--db URL]
Recomputes every projection the server derives from the registers' journals (shifts, orders,
tickets, payments, customers) from the stored entries alone, register by register in journal
order, with the rules a push applies now: rows stored before a projection rule was fixed get the
fixed rule. Kept as they are: the journals and registers (tokens, keys), grants, catalogs, codes,
the e-mail outbox, and the tickets' signatures (pushed beside the journal, not in it).
One transaction: all rebuilt or nothing changed. Pushes and grants wait while it runs (it may run
beside guichetd serve); reports read the rows as they were until it ends.
--dry-run does the same, says what would change, and writes nothing.`

func runRebuild(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("rebuild", rebuildUsage, stdout, stderr)
	db := dbFlag(fs)
	dryRun := fs.Bool("dry-run", false, "say what would change, write nothing")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("guichetd rebuild takes no argument (%q): see guichetd rebuild --help", rest[0])
	}
	ctx := context.Background()
	store, err := openStoreFor(ctx, *db, *dryRun) // the dry run rolls back: it applies no migration either
	if err != nil {
		return err
	}
	defer store.Close()
	rep, err := store.Rebuild(ctx, *dryRun)
	if err != nil {
		if *dryRun {
			return fmt.Errorf("the dry run failed (nothing was written): %w", err)
		}
		return fmt.Errorf("nothing was rebuilt: %w", err)
	}
	fmt.Fprintf(stdout, "%d registers, %d entries replayed\n", rep.Registers, rep.Entries)
	fmt.Fprintf(stdout, "%-10s %8s %8s %8s %8s %8s\n", "TABLE", "BEFORE", "AFTER", "ADDED", "REMOVED", "CHANGED")
	for _, t := range rep.Tables {
		fmt.Fprintf(stdout, "%-10s %8d %8d %8d %8d %8d\n", t.Name, t.Before, t.After, t.Added, t.Removed, t.Changed)
	}
	switch n := rep.Changed(); {
	case *dryRun:
		fmt.Fprintf(stdout, "dry run: %d rows would change; nothing was written\n", n)
	case n == 0:
		fmt.Fprintln(stdout, "the projections already were what the journals say: nothing changed")
	default:
		fmt.Fprintf(stdout, "rebuilt: %d rows changed\n", n)
	}
	return nil
}
