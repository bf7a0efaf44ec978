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

// TestTheStatementOfADayNotClosedCountsItsSalesInThePerpetualTotal: sold
// on the 23rd (CHF 50.00), then on the 24th (a programme and a place, CHF
// 30.00, closing the 23rd): the 24th's statement ended with "perpetual
// total CHF 50.00", the 23rd's closure's, and nowhere the CHF 80.00 a
// manager reading the day expects. Under the last closure's line it says
// the perpetual total to date, not closed, and what the days since add;
// on paper too; the options a new journal goes on from keep the closure's
// figures. The next closure's perpetual total is that total to date. The
// file is only read: its bytes do not change. A journal with no closure
// yet says its total to date alone.
func TestTheStatementOfADayNotClosedCountsItsSalesInThePerpetualTotal(t *testing.T) {
	db, _ := sellOne(t)
	dir := filepath.Dir(db)
	out, stderr, code := guichet(t, "", "report", "tickets", "--db", db, "--day", "2026-11-23", "--lang", "fr")
	if code != 0 || !strings.Contains(out, "\nTotal perpétuel à ce jour (non clôturé) : CHF 50.00\n") || strings.Contains(out, "dont") || strings.Contains(out, "--new-journal") {
		t.Errorf("a journal with no closure: exit %d\n%s%s", code, out, stderr)
	}

	r := openDemoAt(t, db, "K01", time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	till, err := r.Unlock("claire", "1234")
	must(t, err)
	must(t, till.AddItem(pos.LineProduct, "programme", 1))
	_, err = till.Checkout([]pos.Tender{{Method: "cash"}}) // closes the 23rd
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	must(t, r.Close())

	before := snapshotFiles(t, dir)
	for _, tc := range []struct{ lang, closure, toDate, lost string }{
		{"fr", "Journal : dernière clôture journalière n° 1 (2026-11-23), total perpétuel CHF 50.00",
			"Total perpétuel à ce jour (non clôturé) : CHF 80.00, dont CHF 30.00 depuis la dernière clôture",
			`--new-journal 3 --after-total "CHF 50.00"`},
		{"en", "Journal: last daily closure no. 1 (2026-11-23), perpetual total CHF 50.00",
			"Perpetual total to date (not closed): CHF 80.00, of which CHF 30.00 since the last closure",
			`--new-journal 3 --after-total "CHF 50.00"`},
	} {
		out, stderr, code := guichet(t, "", "report", "tickets", "--db", db, "--day", "2026-11-24", "--lang", tc.lang)
		if code != 0 || !strings.Contains(out, "\n"+tc.closure+"\n"+tc.toDate+"\n") || !strings.Contains(out, tc.lost) {
			t.Errorf("report tickets --lang %s of the 24th: exit %d\n%s%s\nwant %q then %q", tc.lang, code, out, stderr, tc.closure, tc.toDate)
		}
	}
	p := printertest.New(t)
	if out, stderr, code := guichet(t, "", "report", "tickets", "--db", db, "--day", "2026-11-24", "--lang", "en", "--print", p.Spec()); code != 0 {
		t.Fatalf("--print: exit %d\n%s%s", code, out, stderr)
	}
	doc, err := printers.Decode(p.Printed())
	must(t, err)
	if paper := strings.Join(strings.Fields(doc.Plain()), " "); !strings.Contains(paper, "Perpetual total to date (not closed): CHF 80.00, of which CHF 30.00 since the last closure") {
		t.Errorf("the printed statement does not say the total to date:\n%s", doc.Plain())
	}
	after := snapshotFiles(t, dir)
	for name, b := range before {
		if a, ok := after[name]; !ok || !bytes.Equal(a, b) {
			t.Errorf("report tickets changed %s", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("files beside the register: %d before, %d after", len(before), len(after))
	}

	// the 24th closed: its closure's perpetual total is what was said
	must(t, openDemoAt(t, db, "K01", time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)).Close())
	out, stderr, code = guichet(t, "", "report", "tickets", "--db", db, "--day", "2026-11-24", "--lang", "en")
	if code != 0 || !strings.Contains(out, "Journal: last daily closure no. 2 (2026-11-24), perpetual total CHF 80.00\n") || strings.Contains(out, "to date") {
		t.Errorf("report tickets of the 24th closed: exit %d\n%s%s", code, out, stderr)
	}
}
