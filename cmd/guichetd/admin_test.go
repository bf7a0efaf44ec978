package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync/server"
	"guichet/sync/server/pgtest"
)

var pg *pgtest.Server

func TestMain(m *testing.M) {
	if os.Getenv(runAsGuichetd) == "1" {
		// The test binary started again as guichetd itself (serve_test.go).
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(pgtest.Run(m, &pg))
}

// guichetd runs one command line in-process, as main does, and gives its
// exit status and streams.
func guichetd(args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errs)
	return code, out.String(), errs.String()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var saleDay = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

// TestTheAdminCommandsWorkOnTheServersDatabase: guichetd register, catalog,
// codes and report, run as an operator types them, on a real PostgreSQL.
func TestTheAdminCommandsWorkOnTheServersDatabase(t *testing.T) {
	db, store := freshStore(t)
	ctx := context.Background()
	dir := t.TempDir()

	// A register, enrolled with the key written beside its file.
	cat, err := fixtures.DemoCatalog(saleDay)
	must(t, err)
	path := filepath.Join(dir, "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	must(t, err)
	defer reg.Close()

	if code, _, errs := guichetd("register", "add", "K01", "--db", db); code == 0 || !strings.Contains(errs, "--key") {
		t.Fatalf("register add without a key: exit %d, %q", code, errs)
	}
	code, out, errs := guichetd("register", "add", "K01", "--key", path+".pub", "--db", db)
	token := strings.TrimSpace(out)
	if code != 0 || strings.Count(out, "\n") != 1 || len(token) < 20 || !strings.Contains(errs, "shown once") {
		t.Fatalf("register add: exit %d, out %q, err %q", code, out, errs)
	}
	r, err := store.Authenticate(ctx, token)
	if err != nil || r.Name != "K01" || !r.PublicKey.Equal(reg.PublicKey()) {
		t.Fatalf("the printed token: %+v %v", r, err)
	}
	if code, _, errs := guichetd("register", "add", "K01", "--key", path+".pub", "--db", db); code == 0 || errs == "" {
		t.Fatal("a register enrolled twice")
	}

	// The catalog: a broken one is refused and loads nothing.
	bad := filepath.Join(dir, "bad.json")
	must(t, os.WriteFile(bad, bytes.Replace(fixtures.Demo, []byte(`"currency": "CHF"`), []byte(`"currency": "XX"`), 1), 0o644))
	if code, _, errs := guichetd("catalog", "load", bad, "--db", db); code == 0 || errs == "" {
		t.Fatalf("a broken catalog: exit %d", code)
	}
	good := filepath.Join(dir, "demo.json")
	must(t, os.WriteFile(good, fixtures.Demo, 0o644))
	if code, out, errs := guichetd("catalog", "load", good, "--db", db); code != 0 || !strings.Contains(out, "version 1") {
		t.Fatalf("catalog load: exit %d, %q %q", code, out, errs)
	}

	// Codes.
	if code, out, errs := guichetd("codes", "add", "--offer", "amis", "--max-uses", "2", "COPAINS", "--staff", "Léa Ops", "--db", db); code != 0 || !strings.Contains(out, "1 code(s) added") {
		t.Fatalf("codes add: exit %d, %q %q", code, out, errs)
	}
	code, out, errs = guichetd("codes", "generate", "--offer", "amis", "--count", "3", "--length", "8", "--staff", "Léa Ops", "--db", db)
	if gen := strings.Fields(out); code != 0 || len(gen) != 3 || len(gen[0]) != 8 {
		t.Fatalf("codes generate: exit %d, %q %q", code, out, errs)
	}
	imp := filepath.Join(dir, "codes.csv")
	must(t, os.WriteFile(imp, []byte("code,max_uses\nIMPORTE-1,1\nIMPORTE-2,0\n"), 0o644))
	if code, out, errs := guichetd("codes", "import", "--offer", "amis", imp, "--staff", "Léa Ops", "--db", db); code != 0 || !strings.Contains(out, "2 code(s) imported") {
		t.Fatalf("codes import: exit %d, %q %q", code, out, errs)
	}
	if code, out, errs := guichetd("codes", "disable", "COPAINS", "--staff", "Léa Ops", "--db", db); code != 0 || !strings.Contains(out, "COPAINS") {
		t.Fatalf("codes disable: exit %d, %q %q", code, out, errs)
	}
	if code, _, errs := guichetd("codes", "delete", "IMPORTE-2", "--staff", "Léa Ops", "--db", db); code != 0 {
		t.Fatalf("codes delete: %q", errs)
	}
	code, out, _ = guichetd("codes", "export", "--offer", "amis", "--db", db)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil {
		t.Fatalf("codes export: exit %d, %v: %q", code, err, out)
	}
	if len(rows) != 1+1+1+3+1 || !strings.Contains(out, "COPAINS") || strings.Contains(out, "IMPORTE-2") {
		t.Fatalf("exported %d rows (want a header, AMIS, COPAINS, 3 generated, IMPORTE-1):\n%s", len(rows), out)
	}
	if code, out, _ := guichetd("codes", "list", "--offer", "amis", "--db", db); code != 0 || !strings.Contains(out, "disabled") {
		t.Fatalf("codes list: %q", out)
	}
	if vs, err := store.Codes(ctx, "amis"); err != nil || len(vs) != 6 {
		t.Fatalf("the server holds %d codes of amis (%v), want 6", len(vs), err)
	}
	if code, _, errs := guichetd("codes", "enable", "COPAINS", "--staff", "Léa Ops", "--db", db); code != 0 {
		t.Fatalf("codes enable: %q", errs)
	}
	if vs, _ := store.Codes(ctx, "amis"); len(vs) != 6 || slices.ContainsFunc(vs, func(v server.CodeView) bool { return v.Disabled }) {
		t.Fatalf("after enable: %+v", vs)
	}
	if code, _, errs := guichetd("codes", "delete", "NOSUCH", "--staff", "Léa Ops", "--db", db); code == 0 || errs == "" {
		t.Fatal("deleting a code the server does not have")
	}

	// Two sales pushed; the report adds them up by method, in JSON and CSV.
	till, err := reg.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	for range 2 {
		must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
		_, err := till.Checkout([]pos.Tender{{Method: "cash"}})
		must(t, err)
	}
	entries, err := reg.Entries(1, 1000)
	must(t, err)
	if _, err := store.Push(ctx, r, entries); err != nil {
		t.Fatal(err)
	}
	code, out, errs = guichetd("report", "sales", "--by", "method", "--json", "--since", "2026-03-10", "--until", "2026-03-11", "--db", db)
	var rep server.SalesReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
		t.Fatalf("report --json: exit %d, %q %q", code, out, errs)
	}
	if rep.Orders != 2 || len(rep.Rows) != 1 || rep.Rows[0].Key != "cash" || rep.Rows[0].Count != 2 || rep.Rows[0].Amount != 5000 {
		t.Fatalf("report: %+v", rep)
	}
	code, out, _ = guichetd("report", "sales", "--by", "register", "--csv", "--db", db)
	rows, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 2 || rows[1][0] != "K01" || rows[1][1] != "CHF" || rows[1][2] != "2" || rows[1][3] != "50.00" {
		t.Fatalf("report --csv: exit %d, %v: %q", code, err, out)
	}
	if code, _, errs := guichetd("report", "sales", "--by", "weather", "--db", db); code == 0 || errs == "" {
		t.Fatal("a report by an unknown dimension")
	}

	// Revoked: the token no longer opens the door.
	if code, out, _ := guichetd("register", "revoke", "K01", "--db", db); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("register revoke: %q", out)
	}
	if _, err := store.Authenticate(ctx, token); err == nil {
		t.Fatal("a revoked register's token still authenticates")
	}
	if code, out, _ := guichetd("register", "list", "--db", db); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("register list: %q", out)
	}
}

// freshStore is a database of its own for a command test, and the store
// open on it (closed with the test): the command runs on db, the test
// reads and writes through store.
func freshStore(t *testing.T) (db string, store *server.Store) {
	t.Helper()
	db, err := newMigratedDB()
	must(t, err)
	store, err = server.Open(context.Background(), db)
	must(t, err)
	t.Cleanup(store.Close)
	return db, store
}

// newMigratedDB is a database of its own for a test, as the server's
// migrations leave it: a copy of one database migrated once, made while
// the test before ran (a database from template1, or a schema, migrated
// again at each test cost the test server two to three times the CPU
// time). A test of what guichetd does to a database the migrations have
// not reached starts from pg.NewDB instead.
func newMigratedDB() (string, error) { return migrated()() }

// migrated makes the copies; made at the first test that needs one, once
// pg is started.
var migrated = gosync.OnceValue(func() func() (string, error) { return pg.MigratedCentral() })

// TestTheSalesReportsDaysAreTheOrganisers: --since 2026-03-11 is midnight
// where the box office is (the catalog's time zone, Europe/Zurich), as its
// registers' daily closures and Z reports count days, not midnight where
// the server runs: on a server kept in UTC, a sale at 00:30 in Zurich
// (23:30 UTC the day before) belongs to the 11th, not the 10th.
func TestTheSalesReportsDaysAreTheOrganisers(t *testing.T) {
	was := time.Local
	time.Local = time.UTC // a server kept in UTC
	defer func() { time.Local = was }()
	db, store := freshStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	at := time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC) // 00:30 on the 11th in Zurich
	cat, err := fixtures.DemoCatalog(at)
	must(t, err)
	path := filepath.Join(dir, "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return at }})
	must(t, err)
	defer reg.Close()
	code, out, errs := guichetd("register", "add", "K01", "--key", path+".pub", "--db", db)
	if code != 0 {
		t.Fatalf("register add: %s", errs)
	}
	good := filepath.Join(dir, "demo.json")
	must(t, os.WriteFile(good, fixtures.Demo, 0o644))
	if code, _, errs := guichetd("catalog", "load", good, "--db", db); code != 0 {
		t.Fatalf("catalog load: %s", errs)
	}
	r, err := store.Authenticate(ctx, strings.TrimSpace(out))
	must(t, err)
	till, err := reg.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	entries, err := reg.Entries(1, 1000)
	must(t, err)
	if _, err := store.Push(ctx, r, entries); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		since, until string
		orders       int
	}{
		{"2026-03-10", "2026-03-11", 0},
		{"2026-03-11", "2026-03-12", 1},
		{"2026-03-11T00:00", "2026-03-11T01:00", 1},
		{"2026-03-10T23:00", "2026-03-11T00:00", 0},
		{"2026-03-10T23:30:00Z", "2026-03-10T23:31:00Z", 1}, // RFC 3339 says its own offset
	} {
		code, out, errs := guichetd("report", "sales", "--json", "--since", tc.since, "--until", tc.until, "--db", db)
		var rep server.SalesReport
		if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
			t.Fatalf("report --since %s --until %s: exit %d, %q %q", tc.since, tc.until, code, out, errs)
		}
		if rep.Orders != tc.orders {
			t.Errorf("report --since %s --until %s: %d orders, want %d (since %s)", tc.since, tc.until, rep.Orders, tc.orders, rep.Since)
		}
	}
}

// guichetd codes list of an offer the catalog does not have (a mistyped
// id) says so, as export does: it printed an empty table, as if the offer
// had no code.
func TestCodesListOfAnOfferNotInTheCatalogSaysSo(t *testing.T) {
	db, _ := freshStore(t)
	good := filepath.Join(t.TempDir(), "demo.json")
	must(t, os.WriteFile(good, fixtures.Demo, 0o644))
	if code, _, errs := guichetd("catalog", "load", good, "--db", db); code != 0 {
		t.Fatalf("catalog load: %s", errs)
	}
	if code, _, errs := guichetd("codes", "add", "--offer", "amis", "COPAINS", "--staff", "Léa Ops", "--db", db); code != 0 {
		t.Fatalf("codes add: %s", errs)
	}
	if code, out, _ := guichetd("codes", "list", "--offer", "amis", "--db", db); code != 0 || !strings.Contains(out, "COPAINS") {
		t.Fatalf("codes list: exit %d %q", code, out)
	}
	code, out, errs := guichetd("codes", "list", "--offer", "ami", "--db", db)
	if code == 0 || !strings.Contains(errs, `no offer "ami"`) {
		t.Fatalf("codes list of an offer the catalog does not have: exit %d, out %q, err %q", code, out, errs)
	}
}

// guichetd codes export --out FILE with a mistyped offer says so and
// leaves FILE as it was: it emptied it first (a previous export lost).
func TestCodesExportToAFileLosesNothingOnAMistake(t *testing.T) {
	db, _ := freshStore(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "demo.json")
	must(t, os.WriteFile(good, fixtures.Demo, 0o644))
	if code, _, errs := guichetd("catalog", "load", good, "--db", db); code != 0 {
		t.Fatalf("catalog load: %s", errs)
	}
	out := filepath.Join(dir, "amis.csv")
	if code, _, errs := guichetd("codes", "export", "--offer", "amis", "--out", out, "--db", db); code != 0 {
		t.Fatalf("codes export: %s", errs)
	}
	before, err := os.ReadFile(out)
	must(t, err)
	if !strings.Contains(string(before), "AMIS") {
		t.Fatalf("the export: %q", before)
	}
	code, _, errs := guichetd("codes", "export", "--offer", "ami", "--out", out, "--db", db)
	if code == 0 || !strings.Contains(errs, `no offer "ami"`) {
		t.Fatalf("export of an offer the catalog does not have: exit %d, %q", code, errs)
	}
	if after, err := os.ReadFile(out); err != nil || string(after) != string(before) {
		t.Fatalf("the refused export changed %s: %q (%v), was %q", out, after, err, before)
	}
}

// guichetd codes disable/enable/delete of several codes, one of which
// fails, says which were done: it changed the ones before the failing one
// and said only the failure, so the box office believed nothing changed.
func TestCodesChangedOneByOneSayWhichWereDone(t *testing.T) {
	db, store := freshStore(t)
	ctx := context.Background()
	good := filepath.Join(t.TempDir(), "demo.json")
	must(t, os.WriteFile(good, fixtures.Demo, 0o644))
	if code, _, errs := guichetd("catalog", "load", good, "--db", db); code != 0 {
		t.Fatalf("catalog load: %s", errs)
	}
	if code, _, errs := guichetd("codes", "add", "--offer", "amis", "UNO", "DEUX", "--staff", "Léa Ops", "--db", db); code != 0 {
		t.Fatalf("codes add: %s", errs)
	}
	for _, sub := range []string{"disable", "enable", "delete"} {
		code, out, errs := guichetd("codes", sub, "UNO", "NOSUCH", "DEUX", "--staff", "Léa Ops", "--db", db)
		if code == 0 || !strings.Contains(errs, "there is no code NOSUCH") || !strings.Contains(out, "UNO") || strings.Contains(out, "DEUX") {
			t.Fatalf("codes %s UNO NOSUCH DEUX: exit %d, out %q, err %q; want UNO said done, the error, DEUX not done", sub, code, out, errs)
		}
	}
	vs, err := store.Codes(ctx, "amis")
	must(t, err)
	for _, v := range vs {
		if v.Code.Code == "UNO" || v.Code.Code == "DEUX" && v.Disabled {
			t.Fatalf("after the three commands: %+v", vs)
		}
	}
}

// TestCodesChangedOnTheServerRecordWhoChangedThem: guichetd codes add,
// generate, import, disable, enable and delete recorded no one, where a
// register's journal records who changed each code (guichet codes
// history). They need --staff NAME (the server has no staff list nor PIN:
// the name is recorded as given), refused without it before anything
// changes; guichetd codes history lists each change with its name, and the
// commands that only read refuse --staff rather than seem to record it.
func TestCodesChangedOnTheServerRecordWhoChangedThem(t *testing.T) {
	db, store := freshStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo.json")
	must(t, os.WriteFile(demo, fixtures.Demo, 0o644))
	if code, _, errs := guichetd("catalog", "load", demo, "--db", db); code != 0 {
		t.Fatalf("catalog load: %s", errs)
	}
	version, err := store.CatalogVersion(ctx)
	must(t, err)
	imp := filepath.Join(dir, "codes.csv")
	must(t, os.WriteFile(imp, []byte("code,max_uses\nIMPORTE-1,1\n"), 0o644))
	writes := [][]string{
		{"add", "--offer", "amis", "--max-uses", "2", "COPAINS"},
		{"generate", "--offer", "amis", "--count", "1"},
		{"import", "--offer", "amis", imp},
		{"disable", "COPAINS"},
		{"enable", "COPAINS"},
		{"delete", "IMPORTE-1"},
	}
	for _, w := range writes {
		for _, staff := range [][]string{nil, {"--staff", " "}} {
			code, _, errs := guichetd(append(append([]string{"codes"}, w...), append(staff, "--db", db)...)...)
			if code != 1 || !strings.Contains(errs, "say who changes the codes with --staff NAME: it is recorded with each change") {
				t.Errorf("codes %s %v: exit %d, %q", w[0], staff, code, errs)
			}
		}
	}
	if v, err := store.CatalogVersion(ctx); err != nil || v != version {
		t.Fatalf("the refused changes moved the catalog's version from %d to %d (%v)", version, v, err)
	}
	if vs, err := store.Codes(ctx, "amis"); err != nil || len(vs) != 1 {
		t.Fatalf("after the refused changes the server holds %+v (%v), want AMIS alone", vs, err)
	}
	for i, w := range writes {
		staff := []string{"Léa Ops", "Marc"}[i%2]
		if code, _, errs := guichetd(append(append([]string{"codes"}, w...), "--staff", staff, "--db", db)...); code != 0 {
			t.Fatalf("codes %s --staff %s: exit %d, %q", w[0], staff, code, errs)
		}
	}
	var got []string
	for _, k := range []string{"COPAINS", "IMPORTE-1"} {
		h, err := store.CodeHistory(ctx, k)
		must(t, err)
		for _, c := range h {
			got = append(got, fmt.Sprintf("%s %s %s %d %s by %s", c.Code, c.Offer, c.What, c.MaxUses, c.Source, c.Staff))
			if c.At.IsZero() {
				t.Errorf("%s %s: no time", c.Code, c.What)
			}
		}
	}
	want := []string{
		"COPAINS amis created 2 custom by Léa Ops",
		"COPAINS amis disabled 0  by Marc",
		"COPAINS amis enabled 0  by Léa Ops",
		"IMPORTE-1 amis created 1 import by Léa Ops",
		"IMPORTE-1 amis deleted 0  by Marc",
	}
	if !slices.Equal(got, want) {
		t.Errorf("the codes' histories:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	code, out, errs := guichetd("codes", "history", "copains", "AMIS", "--db", db)
	if code != 0 || !strings.Contains(out, "disabled") || !strings.Contains(out, "Marc") || !strings.Contains(out, "created (custom, 2)") ||
		!strings.Contains(out, "created (catalog, 500)") {
		t.Errorf("codes history COPAINS AMIS: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := guichetd("codes", "history", "NOSUCH", "--db", db); code != 1 || !strings.Contains(errs, "there is no code NOSUCH") {
		t.Errorf("codes history NOSUCH: exit %d, %q", code, errs)
	}
	for _, r := range [][]string{{"list", "--offer", "amis"}, {"export", "--offer", "amis"}, {"history", "COPAINS"}} {
		code, _, errs := guichetd(append(append([]string{"codes"}, r...), "--staff", "Marc", "--db", db)...)
		if code != 1 || !strings.Contains(errs, r[0]+" only reads: it records no one; run it again without --staff") {
			t.Errorf("codes %s --staff Marc: exit %d, %q", r[0], code, errs)
		}
	}
}

// TestCatalogLoadRecordsTheCodesItChanges: guichetd catalog load creates
// the codes its catalog defines, gives one an earlier catalog defined its
// new quantity allowed, and deletes one it no longer defines, and recorded
// none of it in code_changes: guichetd codes history said nothing of when
// or why a catalog's code stopped working (a code of the catalog's had "no
// change recorded"). Each is recorded in the load's transaction with the
// version the load printed, the file's name and, with catalog load's
// optional --staff, who loaded it; a load of the file loaded last that
// changes no code records nothing and makes no new version, and a blank
// --staff is refused before anything is loaded.
func TestCatalogLoadRecordsTheCodesItChanges(t *testing.T) {
	db, store := freshStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo.json")
	must(t, os.WriteFile(demo, fixtures.Demo, 0o644))
	// The next season's catalog: AMIS allows 100 uses, MARDI became MARDI2.
	next := filepath.Join(dir, "saison-2.json")
	v2 := bytes.Replace(fixtures.Demo, []byte(`"max_uses": 500`), []byte(`"max_uses": 100`), 1)
	v2 = bytes.Replace(v2, []byte(`"code": "MARDI"`), []byte(`"code": "MARDI2"`), 1)
	if bytes.Equal(v2, fixtures.Demo) || bytes.Count(v2, []byte("MARDI2")) != 1 {
		t.Fatal("the demo catalog no longer has AMIS with 500 uses and MARDI: change the test")
	}
	must(t, os.WriteFile(next, v2, 0o644))

	load := func(file string, staff ...string) {
		t.Helper()
		if code, _, errs := guichetd(append([]string{"catalog", "load", file, "--db", db}, staff...)...); code != 0 {
			t.Fatalf("catalog load %s %v: exit %d, %q", file, staff, code, errs)
		}
	}
	load(demo)                                                                                           // version 1, no one named
	if code, _, errs := guichetd("codes", "disable", "AMIS", "--staff", "Marc", "--db", db); code != 0 { // version 2
		t.Fatalf("codes disable: %q", errs)
	}
	for _, blank := range []string{"", " "} {
		code, _, errs := guichetd("catalog", "load", next, "--staff", blank, "--db", db)
		if code != 1 || !strings.Contains(errs, "--staff is blank: give the name of who loads the catalog") {
			t.Errorf("catalog load --staff %q: exit %d, %q", blank, code, errs)
		}
	}
	if v, err := store.CatalogVersion(ctx); err != nil || v != 2 {
		t.Fatalf("the refused loads moved the catalog's version to %d (%v), want 2", v, err)
	}
	load(next, "--staff", "Léa Ops") // version 3
	// The same file again, its codes as it defines them: nothing changes,
	// no version a register would fetch and apply again.
	if code, out, errs := guichetd("catalog", "load", next, "--staff", "Marc", "--db", db); code != 0 ||
		!strings.Contains(out, "catalog "+next+" is the one loaded already (version 3), its codes as it defines them: nothing changed, registers keep it") {
		t.Errorf("the same catalog loaded again: exit %d, %q %q", code, out, errs)
	}
	if v, err := store.CatalogVersion(ctx); err != nil || v != 3 {
		t.Errorf("the same catalog loaded again moved the version to %d (%v), want 3", v, err)
	}
	load(demo) // version 4

	var got []string
	for _, k := range []string{"AMIS", "MARDI", "MARDI2", "FAMILLE"} {
		h, err := store.CodeHistory(ctx, k)
		must(t, err)
		for _, c := range h {
			got = append(got, fmt.Sprintf("%s %s %s %d %s by %q catalog %d %s", c.Code, c.Offer, c.What, c.MaxUses, c.Source, c.Staff, c.Catalog, filepath.Base(c.CatalogFile)))
			if c.At.IsZero() {
				t.Errorf("%s %s: no time", c.Code, c.What)
			}
		}
	}
	want := []string{
		`AMIS amis created 500 catalog by "" catalog 1 demo.json`,
		`AMIS amis disabled 0  by "Marc" catalog 0 .`,
		`AMIS amis changed 100  by "Léa Ops" catalog 3 saison-2.json`,
		`AMIS amis changed 500  by "" catalog 4 demo.json`,
		`MARDI mardi created 0 catalog by "" catalog 1 demo.json`,
		`MARDI mardi deleted 0  by "Léa Ops" catalog 3 saison-2.json`,
		`MARDI mardi created 0 catalog by "" catalog 4 demo.json`,
		`MARDI2 mardi created 0 catalog by "Léa Ops" catalog 3 saison-2.json`,
		`MARDI2 mardi deleted 0  by "" catalog 4 demo.json`,
		`FAMILLE enfants created 0 catalog by "" catalog 1 demo.json`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("the codes' histories:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	code, out, errs := guichetd("codes", "history", "MARDI", "--db", db)
	var lines []string // each line's words, the columns' spaces as one
	for _, l := range strings.Split(out, "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	for _, line := range []string{
		"created (catalog, unlimited) mardi catalog load " + demo + " (version 1)",
		"deleted (not in the catalog loaded) mardi catalog load " + next + " (version 3) by Léa Ops",
	} {
		if code != 0 || !slices.ContainsFunc(lines, func(l string) bool { return strings.HasSuffix(l, " "+line) }) {
			t.Errorf("codes history MARDI: exit %d, no line %q in\n%s%s", code, line, out, errs)
		}
	}
}

// guichetd report sales with --until not after --since (the two dates
// swapped) says so: it printed a report of nothing, as if nothing sold.
func TestReportSalesWithTheDatesSwappedSaysSo(t *testing.T) {
	db, _ := freshStore(t)
	code, out, errs := guichetd("report", "sales", "--since", "2026-03-11", "--until", "2026-03-10", "--db", db)
	if code == 0 || !strings.Contains(errs, "--until") || !strings.Contains(errs, "--since") {
		t.Fatalf("report with the dates swapped: exit %d, out %q, err %q", code, out, errs)
	}
	if code, _, errs := guichetd("report", "sales", "--since", "2026-03-10", "--until", "2026-03-11", "--db", db); code != 0 {
		t.Fatalf("report of one day: %s", errs)
	}
}

// TestReportSalesSaysTheRefundsByMethodApart: by method, guichetd report
// sales counts the payments and, in a column of its own, the refunds (as
// the Z reports do); by performance there is no refunds column.
func TestReportSalesSaysTheRefundsByMethodApart(t *testing.T) {
	rep := server.SalesReport{By: "method", Rows: []server.SalesRow{{Key: "cash", Currency: "CHF", Count: 2, Refunds: 1, Amount: 2500}}}
	var text, csvOut bytes.Buffer
	must(t, printSales(&text, rep, false, false))
	must(t, printSales(&csvOut, rep, false, true))
	if !strings.Contains(text.String(), "refunds") || !strings.Contains(text.String(), "CHF 25.00        1") {
		t.Errorf("text: no refunds column with 1 in\n%s", text.String())
	}
	if want := "method,currency,count,amount,refunds\ncash,CHF,2,25.00,1\n"; csvOut.String() != want {
		t.Errorf("csv:\n%s\nwant\n%s", csvOut.String(), want)
	}
	rep.By, rep.Rows = "performance", []server.SalesRow{{Key: "hamlet-04", Currency: "CHF", Count: 2, Amount: 5000}}
	text.Reset()
	must(t, printSales(&text, rep, false, false))
	if strings.Contains(text.String(), "refunds") {
		t.Errorf("by performance, a refunds column:\n%s", text.String())
	}
}

// guichetd report sales said "tickets 3" for two tickets and a pass: its
// first line now counts the passes apart, as the registers' reports do,
// and says none when none was sold.
func TestReportSalesSaysThePassesApart(t *testing.T) {
	rep := server.SalesReport{By: "method", Orders: 2, Tickets: 2, Passes: 1}
	var text bytes.Buffer
	must(t, printSales(&text, rep, false, false))
	if first := strings.SplitN(text.String(), "\n", 2)[0]; first != "orders 2, tickets 2, passes 1, canceled 0, lapsed 0" {
		t.Errorf("first line %q", first)
	}
	rep.Passes = 0
	text.Reset()
	must(t, printSales(&text, rep, false, false))
	if first := strings.SplitN(text.String(), "\n", 2)[0]; first != "orders 2, tickets 2, canceled 0, lapsed 0" {
		t.Errorf("no pass sold: first line %q", first)
	}
}

// By offer, the tickets no offer changed are a row of their own: its head
// was blank in the text table ("  6  CHF 180.00" under OFFER), which the
// box office read as a fault or as part of the row above. CSV and JSON
// keep "" for scripts.
func TestReportSalesByOfferNamesTheTicketsWithoutOne(t *testing.T) {
	rep := server.SalesReport{By: "offer", Rows: []server.SalesRow{
		{Key: "", Currency: "CHF", Count: 6, Amount: 18000},
		{Key: "bienvenue", Currency: "CHF", Count: 2, Amount: 4000}}}
	var text, csvOut bytes.Buffer
	must(t, printSales(&text, rep, false, false))
	must(t, printSales(&csvOut, rep, false, true))
	lines := strings.Split(text.String(), "\n")
	if len(lines) < 4 || !strings.HasPrefix(strings.TrimSpace(lines[3]), "(no offer)") || !strings.Contains(lines[3], "CHF 180.00") {
		t.Errorf("the tickets without an offer are not a row named so:\n%s", text.String())
	}
	if want := "offer,currency,count,amount\n,CHF,6,180.00\nbienvenue,CHF,2,40.00\n"; csvOut.String() != want {
		t.Errorf("csv:\n%s\nwant\n%s", csvOut.String(), want)
	}
}

// guichetd register list shows each register's last contact beside its
// last push: a register running with nothing to push (it still pulls the
// catalog) and one gone both pushed long ago, and the list showed only
// that, so an operator could not tell which to retire.
func TestRegisterListShowsTheLastContact(t *testing.T) {
	db, store := freshStore(t)
	ctx := context.Background()
	cat, err := fixtures.DemoCatalog(saleDay)
	must(t, err)
	for _, name := range []string{"K01", "K02"} {
		reg, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), name+".db"), Register: name, Catalog: cat})
		must(t, err)
		pub := reg.PublicKey()
		must(t, reg.Close())
		_, err = store.AddRegister(ctx, name, pub)
		must(t, err)
	}
	// Both pushed at 14:00; K01 reached the server since (idle), K02 never did again (gone).
	must(t, store.Contacted(ctx, "K01"))
	must(t, store.Contacted(ctx, "K02"))
	for _, q := range []string{
		`UPDATE registers SET last_push = '2026-03-10 14:00:00Z'`,
		`UPDATE register_contacts SET at = '2026-03-10 16:30:00Z' WHERE register = 'K01'`,
		`UPDATE register_contacts SET at = '2026-03-10 14:00:00Z' WHERE register = 'K02'`,
	} {
		_, err = store.Pool().Exec(ctx, q)
		must(t, err)
	}

	code, out, errs := guichetd("register", "list", "--db", db)
	if code != 0 {
		t.Fatalf("register list: exit %d, %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "LAST PUSH") || !strings.Contains(lines[0], "LAST CONTACT") {
		t.Fatalf("register list:\n%s", out)
	}
	col, push := strings.Index(lines[0], "LAST CONTACT"), strings.Index(lines[0], "LAST PUSH")
	for _, tc := range []struct{ line, contact string }{
		{lines[1], "2026-03-10 16:30:00 UTC"}, // K01: idle, still in touch
		{lines[2], "2026-03-10 14:00:00 UTC"}, // K02: silent since its push
	} {
		if len(tc.line) <= col || !strings.HasPrefix(tc.line[col:], tc.contact) || !strings.HasPrefix(tc.line[push:], "2026-03-10 14:00:00 UTC") {
			t.Errorf("want its last push at 14:00 and its last contact %q under LAST CONTACT:\n%s", tc.contact, out)
		}
	}

	// --json: the same, for a monitoring script; K02 revoked shows as such
	must(t, store.RevokeRegister(ctx, "K02"))
	code, out, errs = guichetd("register", "list", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("register list --json: exit %d, %s", code, errs)
	}
	var listed []struct {
		Name        string    `json:"name"`
		State       string    `json:"state"`
		LastPush    time.Time `json:"last_push"`
		LastContact time.Time `json:"last_contact"`
		Revoked     *string   `json:"revoked"`
	}
	if err := json.Unmarshal([]byte(out), &listed); err != nil {
		t.Fatalf("register list --json is not JSON (%v):\n%s", err, out)
	}
	if len(listed) != 2 || listed[0].Name != "K01" || listed[0].State != "enrolled" || listed[0].Revoked != nil ||
		!listed[0].LastContact.Equal(time.Date(2026, 3, 10, 16, 30, 0, 0, time.UTC)) || !listed[0].LastPush.Equal(time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)) ||
		listed[1].Name != "K02" || listed[1].State != "revoked" || listed[1].Revoked == nil || !strings.HasSuffix(*listed[1].Revoked, "Z") {
		t.Fatalf("register list --json:\n%s", out)
	}
}
