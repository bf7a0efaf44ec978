package tui

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// TestTheXReportNamesAShowGoneFromTheCatalogAsSold: a shift still open
// when the register was started again on a catalog without the show it
// sold for (the morning's catalog, last night's performance taken out)
// showed its tickets on the X/Z screen under a bare id ("hamlet-01 ·
// Adult"). They are named as the order named them when sold, as guichet
// report x|z and the day's statement name them.
func TestTheXReportNamesAShowGoneFromTheCatalogAsSold(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	r, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	till, err := r.Unlock("claire", "1234")
	if err == nil {
		_, err = till.OpenShift(pos.M(0, "CHF"))
	}
	if err == nil {
		err = till.AddTickets("hamlet-01", "galerie", "adult", 2)
	}
	if err == nil {
		_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	data := bytes.Replace(fixtures.Demo, []byte(`"id": "hamlet-01",`), []byte(`"id": "hamlet-01-moved",`), 1)
	moved, err := pos.ParseCatalog("catalog.json", data, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	s := startSession(t, newTestApp(openRegisterAt(t, path, moved), pos.English), 80, 24)
	s.waitFor(s.tr("unlock.pin"))
	s.typ("1234")
	s.keys("enter")
	s.waitFor("Hamlet")
	s.keys("z")
	s.waitFor(s.tr("report.title"), "Hamlet, ", "· Adult  2  CHF 50.00")
	if strings.Contains(s.screen(), "hamlet-01") {
		t.Fatalf("the X report names the show by its id:\n%s", s.screen())
	}
}
