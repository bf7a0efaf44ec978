package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// sellAFewOrders makes a register file with real sales: paid and invoiced
// orders, a customer, a code, a reprint, printed tickets and a
// cancellation. It returns the file and a ticket's QR payload.
func sellAFewOrders(t *testing.T) (db, qr string) {
	t.Helper()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	db = filepath.Join(t.TempDir(), "guichet.db")
	r := openDemoAt(t, db, "K01", now)
	defer r.Close()
	till, err := r.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(20000, "CHF"))
	must(t, err)
	must(t, r.AddCodes("claire", "enfants", []pos.Code{{Code: "PETITS", MaxUses: 5}}))
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	paid, err := till.Checkout([]pos.Tender{{Method: "cash", Tendered: pos.M(10000, "CHF")}})
	must(t, err)
	c, err := r.SaveCustomer("claire", pos.Customer{Name: "Zoé Müller", Email: "zoe@example.ch"})
	must(t, err)
	must(t, till.SetCustomer(c.ID))
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 5))
	_, err = till.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	canceled, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	must(t, till.Reprint(paid.Tickets[0].Number))
	jobs, err := r.PrintQueue()
	must(t, err)
	for _, j := range jobs[:3] {
		must(t, r.MarkPrinted(j.ID))
	}
	must(t, till.Cancel(canceled.Number, "wrong date"))
	ov, ok, err := r.Order(paid.Number)
	if !ok || err != nil {
		t.Fatalf("order %s: %v", paid.Number, err)
	}
	return db, ov.Tickets[0].QR
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// snapshotFiles is every file beside the register's (name and bytes).
func snapshotFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	must(t, err)
	out := map[string][]byte{}
	for _, e := range entries {
		if e.Type()&os.ModeSocket != 0 {
			out[e.Name()] = nil // the running register's socket: there, not read
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		must(t, err)
		out[e.Name()] = data
	}
	return out
}

// TestReadersNeverWriteTheFile runs every command that only reads a
// register's file, in-process, on a journal of real sales — once with the
// register closed, once with it open (its snapshot is read then) — and
// compares every byte of every file beside it before and after: nothing
// is written, no pid file, no key. quote --db with another catalog and a
// request dated 2020 used to append a capacity.granted entry.
func TestReadersNeverWriteTheFile(t *testing.T) {
	db, qr := sellAFewOrders(t)
	dir := filepath.Dir(db)
	otherCatalog := filepath.Join(t.TempDir(), "other.json")
	must(t, os.WriteFile(otherCatalog, fixtures.Demo, 0o644)) // dated from the day it is read: other performances than the register's
	quoteReq := `{"now": "2020-01-01T10:00:00Z", "lang": "en", "staff": "claire", "cart": {"code": "PETITS", "lines": [
	  {"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "child", "quantity": 1}]}}`
	readers := []struct {
		args  []string
		stdin string
		exit  int
		out   string
	}{
		{[]string{"journal", "verify", "--lang", "en", "--db", db}, "", 0, "gapless"},
		{[]string{"journal", "export", "--db", db}, "", 0, `"type":"order.canceled"`},
		{[]string{"journal", "stats", "--db", db}, "", 0, `"orders": 3`},
		{[]string{"quote", "--db", db}, quoteReq, 0, `"total"`},
		{[]string{"quote", "--db", db, "--catalog", otherCatalog}, quoteReq, 0, `"total"`},
		{[]string{"quote", "--db", db}, strings.Replace(quoteReq, `"cart"`, `"payments": [{"method": "cash", "tendered": "CHF 50.00"}], "cart"`, 1), 0, `"change"`},
		{[]string{"ticket", "verify", "--lang", "en", qr, "--db", db}, "", 0, "valid: ticket"},
		{[]string{"codes", "list", "--lang", "en", "--offer", "enfants", "--db", db}, "", 0, "PETITS"},
		{[]string{"codes", "export", "--offer", "enfants", "--db", db}, "", 0, "PETITS"},
		{[]string{"order", "show", "K01-000001", "--db", db}, "", 0, `"order": "K01-000001"`},
		{[]string{"order", "list", "--db", db}, "", 0, `"order": "K01-000001"`},
		{[]string{"order", "list", "--db", db, "--staff", "marc", "--pin", "5678"}, "", 0, `[]`},
		{[]string{"order", "show", "K01-000001", "--db", db, "--staff", "marc", "--pin", "0000"}, "", 1, `"error"`},
		{[]string{"codes", "history", "--lang", "en", "PETITS", "--db", db}, "", 0, "created"},
		{[]string{"customers", "list", "--lang", "en", "--db", db}, "", 0, "NEWSLETTER"},
		{[]string{"order", "invoice", "K01-000002", "--db", db}, "", 0, "FACTURE"},
		{[]string{"report", "x", "--db", db, "--json"}, "", 0, `"shift": "K01-S0001"`},
		{[]string{"report", "x", "--db", db, "--shift", "K01-S0001"}, "", 0, "Rapport X"},
		{[]string{"voucher", "find", "Zoé", "--db", db}, "", 0, "[]"},
		{[]string{"voucher", "show", "K01-000009-01", "--db", db}, "", 1, "il n'y a pas d'avoir K01-000009-01"}, // the demo's French
		{[]string{"report", "tickets", "--day", "2026-11-23", "--csv", "--db", db}, "", 0, "2026-11-23,hamlet-01,"},
		{[]string{"report", "tickets", "--day", "2026-11-23", "--db", db}, "", 0, "pas encore clôturé"}, // the statement speaks the demo's French
		// the day's sales in the perpetual total, added up from the entries
		{[]string{"report", "tickets", "--day", "2026-11-23", "--db", db}, "", 0, "Total perpétuel à ce jour (non clôturé) : CHF "},
		// no day closed yet: said on stderr
		{[]string{"report", "closures", "--db", db}, "", 1, ""},
		{[]string{"order", "list", "--search", "zoé", "--day", "2026-11-23", "--db", db}, "", 0, "["},
	}
	runAll := func(when string) {
		t.Helper()
		before := snapshotFiles(t, dir)
		for _, rd := range readers {
			var out, errOut bytes.Buffer
			code := run(rd.args, strings.NewReader(rd.stdin), &out, &errOut)
			if code != rd.exit || !strings.Contains(out.String(), rd.out) {
				t.Errorf("%s: guichet %s: exit %d, want %d with %q\n%s%s", when, strings.Join(rd.args, " "), code, rd.exit, rd.out, out.String(), errOut.String())
			}
		}
		after := snapshotFiles(t, dir)
		if len(after) != len(before) {
			t.Errorf("%s: files beside the register before %d, after %d", when, len(before), len(after))
		}
		for name, b := range before {
			if a, ok := after[name]; !ok || !bytes.Equal(a, b) {
				t.Errorf("%s: the readers changed %s", when, name)
			}
		}
	}
	runAll("register closed")

	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	r := openDemoAt(t, db, "K01", now)
	defer r.Close()
	runAll("register running")

	// Changing codes beside the running register is refused, and says how.
	var out, errOut bytes.Buffer
	if code := run([]string{"codes", "disable", "PETITS", "--db", db, "--lang", "en", "--staff", "claire", "--pin", "1234"}, strings.NewReader(""), &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "stop it, run guichet codes disable again, then start it again") {
		t.Errorf("codes disable beside the running register: exit %d\n%s%s", code, out.String(), errOut.String())
	}
}
