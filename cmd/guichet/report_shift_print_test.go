package main

import (
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
