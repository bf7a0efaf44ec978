package local

import (
	"bytes"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestDeadlineKeysSortAsTheTimes: the "t" keys of view deadlines are read
// in key order up to now, so their 12 bytes must sort as the times do
// (before 1970, within a second, far ahead) and read back exactly.
func TestDeadlineKeysSortAsTheTimes(t *testing.T) {
	times := []time.Time{
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Unix(0, 0),
		time.Unix(0, 1),
		testToday,
		testToday.Add(time.Nanosecond),
		testToday.Add(time.Second - time.Nanosecond),
		testToday.Add(time.Second),
		time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), // past int64 nanoseconds
	}
	for i, a := range times {
		if got := deadlineOf(deadlineKey(a)); !got.Equal(a) {
			t.Errorf("%v reads back as %v", a, got)
		}
		for _, b := range times[i+1:] {
			if bytes.Compare(deadlineKey(a), deadlineKey(b)) >= 0 {
				t.Errorf("the key of %v does not sort before the key of %v", a, b)
			}
		}
	}
}

// TestDueDeadlinesReadsOnlyThoseDue: the orders whose deadline is now or
// past, in number order; a deadline changed or removed leaves no key behind.
func TestDueDeadlinesReadsOnlyThoseDue(t *testing.T) {
	r, _ := openTest(t, "")
	at := func(h int) time.Time { return testToday.Add(time.Duration(h) * time.Hour) }
	due := func(now time.Time) []string {
		var got []string
		must(t, r.db.View(func(tx *bolt.Tx) error {
			var err error
			got, err = dueDeadlines(tx, now)
			return err
		}))
		return got
	}
	must(t, r.db.Update(func(tx *bolt.Tx) error {
		b := view(tx, vDeadlines)
		for _, d := range []struct {
			order string
			at    time.Time
		}{{"K01-000003", at(1)}, {"K01-000001", at(2)}, {"K01-000002", at(1)}, {"K01-000004", at(5)}, {"K01-000005", at(-30)}} {
			if err := setDeadline(b, d.order, d.at); err != nil {
				return err
			}
		}
		if err := setDeadline(b, "K01-000005", at(3)); err != nil { // moved: its old key goes
			return err
		}
		return setDeadline(b, "K01-000004", time.Time{}) // paid
	}))
	for _, c := range []struct {
		now  time.Time
		want []string
	}{
		{at(0), nil},
		{at(1).Add(-time.Nanosecond), nil},
		{at(1), []string{"K01-000002", "K01-000003"}},
		{at(2), []string{"K01-000001", "K01-000002", "K01-000003"}},
		{at(9), []string{"K01-000001", "K01-000002", "K01-000003", "K01-000005"}},
	} {
		if got := due(c.now); !slices.Equal(got, c.want) {
			t.Errorf("due at %v: %v, want %v", c.now, got, c.want)
		}
	}
	n := 0
	must(t, r.db.View(func(tx *bolt.Tx) error {
		return view(tx, vDeadlines).ForEach(func(k, v []byte) error { n++; return nil })
	}))
	if n != 8 {
		t.Errorf("%d keys in the view, want 8 (4 orders, twice)", n)
	}
}
