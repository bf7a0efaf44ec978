package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// TestReportXZPrint: guichet report x|z printed only text; the paper for
// the cash bag came from nowhere. --print lays the report out as the
// till prints it (counter.ReportLayout) and prints it: the X of the open
// shift, then its Z with the cash counted and the difference, the
// amounts those of the text to the cent. The test failed before:
// "flag provided but not defined: -print".
func TestReportXZPrint(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cat, err := fixtures.DemoCatalog(now)
	must(t, err)
	r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, Now: func() time.Time { return now }})
	must(t, err)
	till, err := r.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(20000, "CHF"))
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	_, err = till.Checkout([]pos.Tender{{Method: "cash", Tendered: pos.M(10000, "CHF")}})
	must(t, err)
	x, err := till.XReport()
	must(t, err)
	printed := func(sub string) string {
		t.Helper()
		out := filepath.Join(dir, sub+".bin")
		text, stderr, code := guichet(t, "", "report", sub, "--db", db, "--lang", "fr", "--print", "file:"+out)
		if code != 0 {
			t.Fatalf("report %s --print: exit %d\n%s%s", sub, code, text, stderr)
		}
		b, err := os.ReadFile(out)
		must(t, err)
		doc, err := printers.Decode(b)
		if err != nil || len(doc.Unknown) > 0 {
			t.Fatalf("decoding report %s's paper: %v %v", sub, err, doc.Unknown)
		}
		return strings.Join(strings.Fields(doc.Plain()), " ")
	}
	fr := func(m pos.Money) string { return m.Format(pos.French) }
	got := printed("x")
	for _, w := range []string{"Rapport X", "Service : " + x.Shift, "Caisse K01", "Fond de caisse " + fr(x.Float),
		"Ventes en espèces " + fr(x.CashSales), "Espèces attendues " + fr(x.Expected), "1 x Espèces " + fr(x.ByMethod[0].Amount), "Journal "} {
		if !strings.Contains(got, w) {
			t.Errorf("the X printed does not say %q:\n%s", w, got)
		}
	}
	counted := x.Expected.Minus(pos.M(250, "CHF"))
	_, err = till.CloseShift(counted)
	must(t, err)
	must(t, r.Close())
	got = printed("z")
	for _, w := range []string{"Clôture Z", "Service : " + x.Shift, "Espèces attendues " + fr(x.Expected),
		"Espèces comptées " + fr(counted), "Écart (manque) " + fr(pos.M(-250, "CHF"))} {
		if !strings.Contains(got, w) {
			t.Errorf("the Z printed does not say %q:\n%s", w, got)
		}
	}
}

// TestReportZPrintedAgainSaysDuplicata: a Z the till printed for the
// cash bag, printed again with guichet report z --print, came out as a
// second original: the command reads the journal only, so it neither
// numbered nor marked it. It is marked DUPLICATA now (DUPLICATE in
// English) at the top and the end, without a number: the till numbers
// its duplicates from the papers the journal recorded, and this command
// records none, so the till's next paper keeps DUPLICATA 1 and the file
// is not changed. A Z no till printed prints as the original. The test
// failed before: the Z printed after the till's said no DUPLICATA.
func TestReportZPrintedAgainSaysDuplicata(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cat, err := fixtures.DemoCatalog(now)
	must(t, err)
	open := func() (*local.Register, *local.Till) {
		t.Helper()
		r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, Now: func() time.Time { return now }})
		must(t, err)
		till, err := r.Unlock("claire", "1234")
		must(t, err)
		return r, till
	}
	r, till := open()
	sh, err := till.OpenShift(pos.M(20000, "CHF"))
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	_, err = till.Checkout([]pos.Tender{{Method: "cash", Tendered: pos.M(10000, "CHF")}})
	must(t, err)
	x, err := till.XReport()
	must(t, err)
	_, err = till.CloseShift(x.Expected)
	must(t, err)
	must(t, r.Close())

	n := 0
	printed := func(sub, lang string) string {
		t.Helper()
		n++
		out := filepath.Join(dir, fmt.Sprintf("%s-%d.bin", sub, n))
		text, stderr, code := guichet(t, "", "report", sub, "--db", db, "--lang", lang, "--print", "file:"+out)
		if code != 0 {
			t.Fatalf("report %s --print: exit %d\n%s%s", sub, code, text, stderr)
		}
		b, err := os.ReadFile(out)
		must(t, err)
		doc, err := printers.Decode(b)
		if err != nil || len(doc.Unknown) > 0 {
			t.Fatalf("decoding report %s's paper: %v %v", sub, err, doc.Unknown)
		}
		return strings.Join(strings.Fields(doc.Plain()), " ")
	}
	if got := printed("z", "fr"); !strings.Contains(got, "Clôture Z") || strings.Contains(got, "DUPLICATA") {
		t.Fatalf("the Z no till printed, printed here: want the original, got:\n%s", got)
	}

	// the till prints its Z for the cash bag
	r, till = open()
	must(t, till.QueueShiftReport(sh.ID))
	jobs := zPapers(t, r, sh.ID)
	if len(jobs) != 1 || jobs[0].Copy != 0 {
		t.Fatalf("the till's Z paper: %+v, want one original", jobs)
	}
	must(t, r.MarkPrinted(jobs[0].ID))
	must(t, r.Close())
	before, err := os.ReadFile(db)
	must(t, err)

	for _, tc := range []struct{ sub, lang, title, dup string }{
		{"z", "fr", "Clôture Z", "DUPLICATA"},
		{"z", "fr", "Clôture Z", "DUPLICATA"}, // again: no number taken
		{"z", "en", "Z closure", "DUPLICATE"},
		{"x", "fr", "Clôture Z", "DUPLICATA"}, // report x of a closed shift is its Z
	} {
		got := printed(tc.sub, tc.lang)
		if !strings.Contains(got, tc.title) || strings.Count(got, tc.dup) != 2 {
			t.Errorf("report %s --lang %s of a Z the till printed: want %q at the top and the end, got:\n%s", tc.sub, tc.lang, tc.dup, got)
		}
		if strings.Contains(got, tc.dup+" 1") || strings.Contains(got, tc.dup+" 2") {
			t.Errorf("report %s --lang %s: numbered without recording it:\n%s", tc.sub, tc.lang, got)
		}
	}
	after, err := os.ReadFile(db)
	must(t, err)
	if !bytes.Equal(before, after) {
		t.Error("printing the Z again from the command line changed the register's file")
	}

	// the till's next paper is its first duplicate still
	r, till = open()
	defer r.Close()
	must(t, till.QueueShiftReport(sh.ID))
	if jobs := zPapers(t, r, sh.ID); len(jobs) != 1 || jobs[0].Copy != 1 {
		t.Fatalf("the till's second Z paper: %+v, want DUPLICATA 1", jobs)
	}
}

// zPapers are the papers of a shift's report waiting in the print queue.
func zPapers(t *testing.T, r *local.Register, shift string) []local.PrintJob {
	t.Helper()
	q, err := r.PrintQueue()
	must(t, err)
	var jobs []local.PrintJob
	for _, j := range q {
		if j.Kind == local.JobReport && j.Order == shift {
			jobs = append(jobs, j)
		}
	}
	return jobs
}
