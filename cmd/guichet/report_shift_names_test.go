package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"guichet/fixtures"
)

// TestAShiftsReportNamesAPerformanceGoneAsSold: a shift's X or Z read
// after the catalog dropped the show it sold for (the next morning's
// catalog, past shows taken out) listed its tickets under a bare id
// ("hamlet-01 · Adulte  2  CHF 50.00"). They are named as the orders
// named them when sold, as the day's statement names them.
func TestAShiftsReportNamesAPerformanceGoneAsSold(t *testing.T) {
	db, _ := sellOne(t)
	data := bytes.Replace(fixtures.Demo, []byte(`"id": "hamlet-01",`), []byte(`"id": "hamlet-01-moved",`), 1)
	catalog := filepath.Join(t.TempDir(), "catalog.json")
	must(t, os.WriteFile(catalog, data, 0o644))
	out, stderr, code := guichet(t, "", "report", "x", "--db", db, "--catalog", catalog)
	if code != 0 || strings.Contains(out, "hamlet-01") || !regexp.MustCompile(`(?m)^  Hamlet, .+ · Adulte +2 +CHF 50\.00$`).MatchString(out) {
		t.Fatalf("report x with the show gone from the catalog: exit %d\n%s%s", code, out, stderr)
	}
	// with the catalog that has it, as before
	out, stderr, code = guichet(t, "", "report", "x", "--db", db)
	if code != 0 || !regexp.MustCompile(`(?m)^  Hamlet [^,]+ · Adulte +2 +CHF 50\.00$`).MatchString(out) {
		t.Fatalf("report x: exit %d\n%s%s", code, out, stderr)
	}
}
