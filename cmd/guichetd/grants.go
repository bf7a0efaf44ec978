package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

func init() {
	register("grants", "what each register holds of each zone, seat, pass, quota and code (escrow)", runGrants)
}

func runGrants(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("grants", "usage: guichetd grants [--json] [--db URL]", stdout, stderr)
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := fs.ParseAll(args); err != nil {
		return err
	}
	ctx := context.Background()
	store, err := openStoreReadOnly(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	rows, err := store.Grants(ctx)
	if err != nil {
		return fmt.Errorf("read the grants: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	z, err := boxOfficeZone(ctx, store)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RESOURCE\tREGISTER\tHOLDS\tOF\tUNTIL")
	for _, g := range rows {
		of := strconv.Itoa(g.Capacity)
		if g.Unlimited {
			of = "unlimited"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", g.Resource, g.Register, g.Allot, of, z.when(g.Expires))
	}
	return tw.Flush()
}
