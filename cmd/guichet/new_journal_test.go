package main

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/local"
)

// TestANewJournalTakesTheLostJournalsFigures: guichet --new-journal AFTER
// on a lost journal refuses without the figures of its last closures,
// saying what to type; takes them typed (--after-total, --after-closures,
// --after-year-total) into journal.restarted; and with a central server
// that cannot give them, refuses saying so unless they are typed.
func TestANewJournalTakesTheLostJournalsFigures(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	placeCash(t, db, 2) // order K01-000001
	lose := func() {
		t.Helper()
		os.Remove(db + ".journal")
		must(t, os.Remove(db))
	}
	lose()
	token := filepath.Join(dir, "token")
	must(t, os.WriteFile(token, []byte("gct_x\n"), 0o600))
	central := httptest.NewServer(http.NotFoundHandler()) // a guichetd without GET /v1/closures
	defer central.Close()
	open := func(args ...string) error {
		t.Helper()
		fs := newFlags("counter", "", io.Discard, io.Discard)
		f := addServiceFlags(fs)
		_, err := fs.ParseAll(append([]string{"--db", db, "--new-journal", "1", "--printer", "preview"}, args...))
		must(t, err)
		_, _, closeIt, err := f.open("counter")
		if err == nil {
			closeIt()
		}
		return err
	}

	err := open()
	if !errors.Is(err, local.ErrNoJournalFigures) || !strings.Contains(err.Error(), "--after-total") {
		t.Fatalf("--new-journal without figures: %v, want the figures asked for", err)
	}
	err = open("--central", central.URL, "--token-file", token, "--escrow=false")
	if err == nil || !strings.Contains(err.Error(), "did not give the register's last closures") || !strings.Contains(err.Error(), "--after-total") {
		t.Fatalf("--new-journal with a central server that has no closures to give: %v", err)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("a refused --new-journal left a file")
	}
	err = open("--after-total", "CHF 123.40", "--after-closures", "7,2")
	must(t, err)
	out, stderr, code := guichet(t, "", "journal", "export", "--db", db)
	if code != 0 || !strings.Contains(out, `"after_perpetual":"CHF 123.40","after_closures":{"day":7,"month":2,"year":0}`) {
		t.Fatalf("journal export: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = guichet(t, "", "journal", "verify", "--lang", "en", "--db", db)
	if code != 0 || !strings.Contains(out, "in place of a lost one: its closures go on from the lost journal's (perpetual grand total CHF 123.40, last closures day 7, month 2)") {
		t.Fatalf("journal verify: exit %d\n%s%s", code, out, stderr)
	}
	// the figures in French too: they were the English of JournalFigures
	// inside the French note
	out, stderr, code = guichet(t, "", "journal", "verify", "--lang", "fr", "--db", db)
	if code != 0 || !strings.Contains(out, "l'écriture 2 commence ce journal à la place d'un journal perdu : ses clôtures reprennent celles du journal perdu (grand total perpétuel CHF 123.40, dernières clôtures journalière 7, mensuelle 2), prises telles qu'enregistrées") {
		t.Fatalf("journal verify --lang fr: exit %d\n%s%s", code, out, stderr)
	}
	lose()
	err = open("--central", central.URL, "--token-file", token, "--escrow=false", "--after-total", "CHF 123.40", "--after-closures", "7,2,0", "--after-year-total", "CHF 23.40")
	must(t, err)
	out, stderr, code = guichet(t, "", "journal", "export", "--db", db)
	if code != 0 || !strings.Contains(out, `"after_year_total":"CHF 23.40"`) {
		t.Fatalf("journal export: exit %d\n%s%s", code, out, stderr)
	}
}
