package local

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestEventLog: starting, pinning the key, a failed unlock and stopping
// are logged in order and chained; a changed event is named.
func TestEventLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openTest(t, path)
	if _, err := r.Unlock("claire", "0000"); !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("wrong PIN: %v", err)
	}
	must(t, r.LogEvent(EventPrinterFault, "paper out"))
	r.Close()
	events, err := Events(path)
	must(t, err)
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	want := []string{EventKeyPinned, EventStarted, EventUnlockFailed, EventPrinterFault, EventStopped}
	if len(kinds) != len(want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("events %v, want %v", kinds, want)
		}
	}
	if events[1].Version == "" || events[2].Staff != "claire" {
		t.Errorf("start %+v, failed unlock %+v", events[1], events[2])
	}

	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		v := append([]byte(nil), b.Get(seqKey(3))...)
		v[len(v)-40] ^= 1 // in the payload's neighbourhood: the hash no longer matches
		return b.Put(seqKey(3), v)
	}))
	must(t, db.Close())
	var bad *BadEntryError
	if _, err := Events(path); !errors.As(err, &bad) || bad.Seq != 3 {
		t.Fatalf("a changed event: %v, want event 3 named", err)
	}
}

func TestClockJump(t *testing.T) {
	for _, tc := range []struct {
		wall, mono time.Duration
		jump       bool
	}{
		{time.Hour, time.Hour, false},
		{time.Hour + 30*time.Second, time.Hour, false},
		{time.Hour + 2*time.Minute, time.Hour, true}, // set forward
		{time.Hour - 5*time.Minute, time.Hour, true}, // set back
		{-time.Hour, time.Second, true},              // back an hour
	} {
		if _, got := jumped(tc.wall, tc.mono); got != tc.jump {
			t.Errorf("wall %s, monotonic %s: jump %v, want %v", tc.wall, tc.mono, got, tc.jump)
		}
	}
	now := time.Now()
	if _, j := clockJump(now, now.Add(time.Hour)); j {
		t.Error("an hour on both clocks is a jump")
	}
}
