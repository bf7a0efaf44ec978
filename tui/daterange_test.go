package tui

import (
	"strings"
	"testing"
	"time"
)

func TestTypedDateRanges(t *testing.T) {
	loc := fixedNow.Location()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	none := time.Time{}
	for _, tc := range []struct {
		rule, text  string
		from, until time.Time
		ok          bool
	}{
		{"one day is that day", "12.12", day(2026, 12, 12), day(2026, 12, 13), true},
		{"a day without a year is the next one", "1.3", day(2027, 3, 1), day(2027, 3, 2), true},
		{"today without a year is today", "23.11", day(2026, 11, 23), day(2026, 11, 24), true},
		{"a day already past this year is next year's", "22.11", day(2027, 11, 22), day(2027, 11, 23), true},
		{"a full year", "12.12.2026", day(2026, 12, 12), day(2026, 12, 13), true},
		{"a two-digit year", "12.12.26", day(2026, 12, 12), day(2026, 12, 13), true},
		{"slashes read as dots", "12/12/2026", day(2026, 12, 12), day(2026, 12, 13), true},
		{"a range includes both days", "12.12-20.12", day(2026, 12, 12), day(2026, 12, 21), true},
		{"a range crosses the new year", "28.12-3.1", day(2026, 12, 28), day(2027, 1, 4), true},
		{"spaces around the dash", " 1.12 - 2.12 ", day(2026, 12, 1), day(2026, 12, 3), true},
		{"an open range has no end", "12.12-", day(2026, 12, 12), none, true},
		{"+7 is the next seven days", "+7", day(2026, 11, 23), day(2026, 11, 30), true},
		{"+0 is today", "+0", day(2026, 11, 23), day(2026, 11, 24), true},
		{"a day that does not exist", "31.11", none, none, false},
		{"the end before the start", "20.12.2026-12.12.2026", none, none, false},
		{"letters", "demain", none, none, false},
		{"a lone number", "12", none, none, false},
		{"a negative count", "+-3", none, none, false},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			from, until, ok := parseDateRange(tc.text, fixedNow)
			if ok != tc.ok || !from.Equal(tc.from) || !until.Equal(tc.until) {
				t.Fatalf("parseDateRange(%q) = %v, %v, %v; want %v, %v, %v", tc.text, from, until, ok, tc.from, tc.until, tc.ok)
			}
		})
	}
}

// TestTheListNarrowsToATypedRange: D then a range shows only its days;
// a range the staff cannot have meant says how to type one; d goes back to
// the presets and Esc clears it.
func TestTheListNarrowsToATypedRange(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 120, 40)
	d.unlock("")
	d.expect("lun. 23 nov. 2026")

	d.keys("D")
	d.expect(tr("fr", "pick.rangehelp"))
	d.typ("2.12-3.12")
	d.keys("enter")
	d.expect("Dates : 02.12.2026–03.12.2026")
	s := d.screen()
	for _, want := range []string{"mer. 2 déc. 2026", "jeu. 3 déc. 2026", "Carmen"} {
		if !strings.Contains(s, want) {
			t.Errorf("the range 2.12-3.12 does not show %q:\n%s", want, s)
		}
	}
	for _, not := range []string{"lun. 23 nov.", "mar. 1 déc.", "sam. 5 déc."} {
		if strings.Contains(s, not) {
			t.Errorf("the range 2.12-3.12 shows %q:\n%s", not, s)
		}
	}

	// a typo is explained, and the list stays as it was
	d.keys("D")
	d.keys("ctrl+u")
	d.typ("31.11")
	d.keys("enter")
	d.expect(tr("fr", "pick.badrange"))
	d.keys("esc")
	d.expect("Dates : 02.12.2026–03.12.2026")

	// one day
	d.keys("D")
	d.keys("ctrl+u")
	d.typ("5.12")
	d.keys("enter")
	d.expect("Dates : 05.12.2026")
	if s := d.screen(); strings.Contains(s, "jeu. 3 déc.") || !strings.Contains(s, "sam. 5 déc. 2026") {
		t.Errorf("the day 5.12 shows:\n%s", s)
	}

	// d goes back to the presets, Esc clears every filter
	d.keys("d")
	d.expect("Dates : aujourd'hui")
	d.keys("D", "ctrl+u")
	d.typ("+7")
	d.keys("enter", "esc")
	d.expect("Dates : toutes   Spectacle : tous")
}
