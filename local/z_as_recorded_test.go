package local

import (
	"encoding/json"
	"testing"
	"time"
)

// TestAClosedShiftsZIsTheOneRecorded: a Z never changes. A file an older
// version left (testdata/closures: its shift closed at a Z that counted a
// partial cancellation among the canceled orders, before the detail knew
// some of what it counts now) opened by this version rebuilds its views;
// the Z that `report z` and the X/Z screen show is then the one journaled
// in shift.closed, as printed that night, not the old shift added up again
// by this version's rules.
func TestAClosedShiftsZIsTheOneRecorded(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	for _, commit := range []string{"1a42359", "35dba64", "7588fca"} {
		t.Run(commit, func(t *testing.T) {
			path := journalLeftBy(t, commit)
			r, _ := openAt(t, path, time.Date(2026, 12, 31, 10, 0, 0, 0, zurich), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
			closed := ofEntryType(journalEntries(t, r), TypeShiftClosed)
			if len(closed) == 0 {
				t.Fatal("the file has no Z")
			}
			for _, e := range closed {
				var p shiftClosed
				must(t, e.decode(&p))
				shown, ok, err := r.ShiftReport(e.Shift)
				if err != nil || !ok {
					t.Fatalf("report z %s: %v (found %v)", e.Shift, err, ok)
				}
				want, got := zJSON(t, p.Report), zJSON(t, shown)
				if got != want {
					t.Errorf("the Z of %s as shown:\n%s\nas journaled at its closure:\n%s", e.Shift, got, want)
				}
			}
		})
	}
}

// zJSON is a Z's figures as JSON, with what the reading adds or normalizes
// left out (the head, the currency of a zero count).
func zJSON(t *testing.T, rep Report) string {
	t.Helper()
	rep.Head = ""
	if rep.Counted.IsZero() {
		rep.Counted.Currency = ""
	}
	if rep.Difference.IsZero() {
		rep.Difference.Currency = ""
	}
	b, err := json.MarshalIndent(rep, "", " ")
	must(t, err)
	return string(b)
}
