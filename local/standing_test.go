package local

import (
	"os"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
)

// TestTheStandingIsWhatANewJournalGoesOnFrom: a register running alone
// whose file is lost must type the lost journal's last order and closure
// figures (--new-journal AFTER --after-total … --after-closures …), which
// nothing gave on paper. Standing gives them as the closures left them,
// and typed into a new journal they carry on: its first closure is
// numbered one more and adds its day to the perpetual total.
func TestTheStandingIsWhatANewJournalGoesOnFrom(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	path := t.TempDir() + "/guichet.db"
	start := time.Date(2026, 12, 28, 10, 0, 0, 0, zurich)
	r, clk := openAt(t, path, start, start)
	if s, err := r.Standing(); err != nil || s.Closed || s.Open {
		t.Fatalf("a journal with no closure stands %+v (%v), want nothing closed", s, err)
	}
	till := openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "adult", 1)
	sellHamlet(t, till, "child", 2)
	clk.Add(24 * time.Hour)
	after := sellHamlet(t, till, "adult", 1) // closes the 28th
	day := closureOf(t, r, ClosureDay, "2026-12-28")
	s, err := r.Standing()
	must(t, err)
	// the 29th's sale is in the total to date, not in what a new journal
	// goes on from (no closure signed it)
	if !s.Open || s.Unclosed != after.Total || s.ToDate != day.PerpetualTotal.Plus(after.Total) {
		t.Fatalf("standing to date %s (%s since the closure, open %v), want %s and %s", s.ToDate, s.Unclosed, s.Open, day.PerpetualTotal.Plus(after.Total), after.Total)
	}
	flags, yearFlag, year := s.Flags()
	want := `--new-journal 3 --after-total "` + day.PerpetualTotal.String() + `" --after-closures 1,0,0`
	if !s.Closed || flags != want || year != "2026" || yearFlag != `--after-year-total "`+day.YearTotal.String()+`"` {
		t.Fatalf("standing %q %q %q, want %q and the year's total %s in 2026", flags, yearFlag, year, want, day.YearTotal)
	}
	must(t, r.Close())

	// the file lost: the figures typed as the standing said them
	key, err := os.ReadFile(path + ".key")
	must(t, err)
	dir := t.TempDir()
	lost := dir + "/guichet.db"
	must(t, os.WriteFile(lost+".key", key, 0o600))
	fig, err := TypedFigures(strings.Trim(strings.SplitN(strings.SplitN(flags, "--after-total ", 2)[1], " --", 2)[0], `"`),
		strings.SplitN(flags, "--after-closures ", 2)[1], strings.Trim(strings.TrimPrefix(yearFlag, "--after-year-total "), `"`), "CHF")
	must(t, err)
	cat, err := fixtures.DemoCatalog(start)
	must(t, err)
	clk2 := fakeclock.New(start.Add(29 * time.Hour)) // the 29th, 15:00: the file lost after the 28th closed
	r2, err := Open(Options{Path: lost, Register: "K01", Catalog: cat, NewJournalAfter: s.LastOrder, NewJournalFrom: GivenFigures(fig), Now: clk2.Now})
	must(t, err)
	till2 := openTill(t, r2, "claire", "1234")
	o := sellHamlet(t, till2, "adult", 1)
	if o.Number != "K01-000004" {
		t.Fatalf("the new journal's first order is %s, want K01-000004", o.Number)
	}
	clk2.Add(24 * time.Hour)
	sellHamlet(t, till2, "adult", 1) // closes the 29th
	next := closureOf(t, r2, ClosureDay, "2026-12-29")
	if next.Number != 2 || next.PerpetualTotal != day.PerpetualTotal.Plus(o.Total) {
		t.Fatalf("the new journal's first closure: number %d, perpetual %s; want 2 and %s", next.Number, next.PerpetualTotal, day.PerpetualTotal.Plus(o.Total))
	}
	must(t, r2.Close())
}
