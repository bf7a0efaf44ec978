package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

// sellTraining makes a training register beside db (where the counter
// opens it: counter.TrainingPath, register K01T) with one sale.
func sellTraining(t *testing.T, db string) string {
	t.Helper()
	path := counter.TrainingPath(db)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cat, err := fixtures.DemoCatalog(now)
	must(t, err)
	// as the counter's training mode opens it (counter.Service.Training)
	r, err := local.Open(local.Options{Path: path, Register: "K01T", Catalog: cat, Now: func() time.Time { return now }, Training: true})
	must(t, err)
	defer r.Close()
	till, err := r.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(20000, "CHF"))
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	_, err = till.Checkout([]pos.Tender{{Method: "cash", Tendered: pos.M(10000, "CHF")}})
	must(t, err)
	return path
}

// TestTheTrainingStatementIsMarked: guichet report tickets --db
// guichet.db.training showed, gave as JSON and printed the training
// register's statement with no mark, so it could pass for the real one.
// It says FORMATION — NON VALABLE on screen (first and last), training in
// JSON and CSV, and on paper; a copy under another name still does (its
// file says so); the real register's says none of it.
func TestTheTrainingStatementIsMarked(t *testing.T) {
	real := filepath.Join(t.TempDir(), "guichet.db")
	training := sellTraining(t, real)
	copied := filepath.Join(t.TempDir(), "copy.db")
	data, err := os.ReadFile(training)
	must(t, err)
	must(t, os.WriteFile(copied, data, 0o600))
	realDB, _ := sellOne(t)

	for _, tc := range []struct {
		db       string
		training bool
	}{{training, true}, {copied, true}, {realDB, false}} {
		out, stderr, code := guichet(t, "", "report", "tickets", "--db", tc.db, "--day", "2026-11-23")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		marked := lines[0] == "FORMATION — NON VALABLE" && strings.Count(out, "FORMATION — NON VALABLE") == 2
		if code != 0 || marked != tc.training || !tc.training && strings.Contains(out, "FORMATION") {
			t.Errorf("%s: report tickets (training %v): exit %d\n%s%s", tc.db, tc.training, code, out, stderr)
		}
		out, stderr, code = guichet(t, "", "report", "tickets", "--db", tc.db, "--day", "2026-11-23", "--json")
		var rep map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || (rep["training"] == true) != tc.training {
			t.Errorf("%s: report tickets --json (training %v): exit %d\n%s%s", tc.db, tc.training, code, out, stderr)
		}
		if _, has := rep["training"]; !tc.training && has {
			t.Errorf("the real register's JSON changed: %s", out)
		}
		out, stderr, code = guichet(t, "", "report", "tickets", "--db", tc.db, "--day", "2026-11-23", "--csv")
		csvLines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(csvLines) != 2 || strings.HasSuffix(csvLines[0], ",training") != tc.training || strings.HasSuffix(csvLines[1], ",true") != tc.training {
			t.Errorf("%s: report tickets --csv (training %v): exit %d\n%s%s", tc.db, tc.training, code, out, stderr)
		}
		p := printertest.New(t)
		if out, stderr, code := guichet(t, "", "report", "tickets", "--db", tc.db, "--day", "2026-11-23", "--print", p.Spec()); code != 0 {
			t.Fatalf("%s: --print: exit %d\n%s%s", tc.db, code, out, stderr)
		}
		doc, err := printers.Decode(p.Printed())
		must(t, err)
		printed := doc.Plain()
		if n := strings.Count(printed, "FORMATION - NON VALABLE"); tc.training && n != 2 || !tc.training && n != 0 {
			t.Errorf("%s: the printed statement (training %v) says FORMATION - NON VALABLE %d times:\n%s", tc.db, tc.training, n, printed)
		}
	}
}

// TestAPastStatementNamesAPerformanceGoneAsSold: a performance removed
// from the catalog since its day showed on the statement as a bare id
// ("hamlet-01"). It is named as the order named it when sold; the
// performances the catalog has keep its names.
func TestAPastStatementNamesAPerformanceGoneAsSold(t *testing.T) {
	db, _ := sellOne(t)
	// started the next day: 23 November is closed
	must(t, openDemoAt(t, db, "K01", time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)).Close())
	out, stderr, code := guichet(t, "", "report", "tickets", "--db", db, "--day", "2026-11-23", "--json")
	var before struct {
		Rows []struct {
			Name string `json:"performance_name"`
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &before) != nil || len(before.Rows) != 1 || !strings.HasPrefix(before.Rows[0].Name, "Hamlet, ") {
		t.Fatalf("with the catalog: exit %d\n%s%s", code, out, stderr)
	}
	// the same box office's catalog, hamlet-01 taken out of it
	data := bytes.Replace(fixtures.Demo, []byte(`"id": "hamlet-01",`), []byte(`"id": "hamlet-01-moved",`), 1)
	catalog := filepath.Join(t.TempDir(), "catalog.json")
	must(t, os.WriteFile(catalog, data, 0o644))
	out, stderr, code = guichet(t, "", "report", "tickets", "--db", db, "--day", "2026-11-23", "--catalog", catalog)
	lines := strings.Split(out, "\n")
	if code != 0 || len(lines) < 2 || !strings.HasPrefix(lines[1], "Hamlet, ") || strings.Contains(out, "\nhamlet-01\n") || strings.Contains(lines[0], "pas encore") {
		t.Fatalf("the performance gone from the catalog: exit %d\n%s%s", code, out, stderr)
	}
	// named as sold: the day and time it was sold for
	var sold struct {
		Rows []struct {
			Name string `json:"performance_name"`
		}
	}
	out, _, _ = guichet(t, "", "report", "tickets", "--db", db, "--day", "2026-11-23", "--catalog", catalog, "--json")
	if json.Unmarshal([]byte(out), &sold) != nil || len(sold.Rows) != 1 || sold.Rows[0].Name != lines[1] {
		t.Fatalf("JSON names it %+v, the text %q", sold, lines[1])
	}
}
