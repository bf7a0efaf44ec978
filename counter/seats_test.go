package counter

import (
	"testing"

	"guichet/fixtures"
	"guichet/pos"
)

// TestFirstFreeSeat: a seat plan's cursor starts on the first seat a
// seller or customer may choose, in reading order; never on a seat blocked
// on the catalog (hamlet-00's for the hall, its B-12 and B-13
// for that performance) or one the seat map names.
func TestFirstFreeSeat(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	perf, _ := cat.PerformanceByID("hamlet-00")
	z, ok := cat.ZoneOf(perf, "parterre")
	if !ok {
		t.Fatal("no stalls for hamlet-00")
	}
	row := func(name string, from, to int, st SeatState) map[string]SeatState {
		m := map[string]SeatState{}
		for n := from; n <= to; n++ {
			m[pos.SeatID(name, n)] = st
		}
		return m
	}
	join := func(ms ...map[string]SeatState) map[string]SeatState {
		out := map[string]SeatState{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	all := map[string]SeatState{}
	for _, r := range z.Rows {
		for _, n := range r.SeatNumbers() {
			all[pos.SeatID(r.Name, n)] = SeatSold
		}
	}
	for _, tc := range []struct {
		name  string
		seats map[string]SeatState
		want  string
	}{
		{"A-1 is blocked", nil, "A-2"},
		{"each state that is not free", map[string]SeatState{"A-2": SeatSold, "A-3": SeatHeldByOther, "A-4": SeatHeldByMe, "A-5": SeatElsewhere, "A-6": SeatBlocked}, "A-7"},
		{"row A taken: the next row, from its left", row("A", 2, 23, SeatSold), "B-1"},
		{"blocked for the performance only", join(row("A", 2, 23, SeatSold), row("B", 1, 11, SeatSold)), "B-14"},
		{"a free seat further on in a row is not chosen over an earlier row", join(row("A", 2, 22, SeatSold), row("B", 1, 24, SeatSold)), "A-23"},
		{"no free seat", all, ""},
	} {
		if got := FirstFreeSeat(cat, perf.ID, z, tc.seats); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// another performance in the hall: B-12 is for sale there
	other, _ := cat.PerformanceByID("hamlet-01")
	if got := FirstFreeSeat(cat, other.ID, z, join(row("A", 2, 23, SeatSold), row("B", 1, 11, SeatSold))); got != "B-12" {
		t.Errorf("hamlet-01 after B-11: %q, want B-12", got)
	}
}
