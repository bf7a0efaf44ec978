package spelling

import "testing"

func TestNearest(t *testing.T) {
	names := []string{"catalog", "db", "lang", "register", "time_zone", "duration"}
	for _, tc := range []struct{ word, want string }{
		{"catalgo", "catalog"},    // two letters swapped: 2
		{"Catalog", "catalog"},    // case
		{"timezone", "time_zone"}, // one missing
		{"dbb", "db"},             // short: one extra
		{"lan", "lang"},           // short: one missing
		{"lgx", ""},               // short: two away is too far
		{"registr", "register"},
		{"rgstrr", ""}, // three away
		{"price", ""},
		{"duraton", "duration"},
	} {
		if got := Nearest(tc.word, names); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
