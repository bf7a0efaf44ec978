package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"guichet/fixtures"
)

// The commands that only read (report, grants, lists, exports) apply no
// migration: they migrated the database, so a newer guichetd run for a
// report changed the live schema, and a database user that may only read
// could run none of them. On a database whose schema is not this
// guichetd's they say which side to bring up to date.
func TestReadOnlyCommandsDoNotMigrate(t *testing.T) {
	ctx := context.Background()
	readOnly := [][]string{
		{"report", "sales"},
		{"grants"},
		{"register", "list"},
		{"codes", "list", "--offer", "amis"},
		{"codes", "export", "--offer", "amis"},
		{"codes", "history", "AMIS"},
		{"email", "list"},
	}

	// A database with no schema: each command says so and creates nothing.
	empty, err := pg.NewDB()
	must(t, err)
	for _, args := range readOnly {
		code, _, errs := guichetd(append(args, "--db", empty)...)
		if code == 0 || !strings.Contains(errs, "no guichet schema") {
			t.Errorf("%v on an empty database: exit %d, err %q", args, code, errs)
		}
	}
	conn, err := pgx.Connect(ctx, empty)
	must(t, err)
	var tables int
	must(t, conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables))
	conn.Close(ctx)
	if tables != 0 {
		t.Fatalf("read-only commands created %d table(s) in an empty database", tables)
	}

	// A served database, read by a user that may only read.
	db, store := freshStore(t)
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo.json")
	must(t, os.WriteFile(demo, fixtures.Demo, 0o644))
	if code, _, errs := guichetd("catalog", "load", demo, "--db", db); code != 0 {
		t.Fatalf("catalog load: %s", errs)
	}
	role := fmt.Sprintf("reader_%d_%d", os.Getpid(), time.Now().UnixNano())
	for _, q := range []string{
		`CREATE ROLE ` + role + ` LOGIN`,
		`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ` + role,
	} {
		_, err := store.Pool().Exec(ctx, q)
		must(t, err)
	}
	u, err := url.Parse(db)
	must(t, err)
	u.User = url.User(role)
	ro := u.String()
	for _, args := range readOnly {
		if code, _, errs := guichetd(append(args, "--db", ro)...); code != 0 {
			t.Errorf("%v as a read-only user: exit %d, err %q", args, code, errs)
		}
	}

	// A schema newer than this guichetd's: said so, nothing read.
	_, err = store.Pool().Exec(ctx, `INSERT INTO schema_version (version, name) VALUES (999, '999_later.sql')`)
	must(t, err)
	if code, _, errs := guichetd("report", "sales", "--db", ro); code == 0 || !strings.Contains(errs, "newer than this guichetd") {
		t.Errorf("report on a newer schema: exit %d, err %q", code, errs)
	}
}

// guichetd rebuild --dry-run says it writes nothing: it applies no
// migration either (a newer guichetd tried on the live database would
// change its schema), and on a database with no schema it says so and
// creates none.
func TestRebuildDryRunDoesNotMigrate(t *testing.T) {
	ctx := context.Background()
	empty, err := pg.NewDB()
	must(t, err)
	code, _, errs := guichetd("rebuild", "--dry-run", "--db", empty)
	if code == 0 || !strings.Contains(errs, "no guichet schema") {
		t.Errorf("rebuild --dry-run on an empty database: exit %d, err %q", code, errs)
	}
	conn, err := pgx.Connect(ctx, empty)
	must(t, err)
	var tables int
	must(t, conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables))
	conn.Close(ctx)
	if tables != 0 {
		t.Fatalf("rebuild --dry-run created %d table(s) in an empty database", tables)
	}

	// On a served database the dry run still runs.
	db, _ := freshStore(t)
	if code, out, errs := guichetd("rebuild", "--dry-run", "--db", db); code != 0 || !strings.Contains(out, "nothing was written") {
		t.Errorf("rebuild --dry-run on a served database: exit %d, out %q, err %q", code, out, errs)
	}
}
