package local

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// oldRecords is newRecords as it was, each record allocated alone: the
// reference the committer's reused scratch is checked against.
func oldRecords(tx *bolt.Tx, j, v uint64, limit int) (recs [][]byte, lastJ, lastV uint64) {
	size := 0
	collect := func(b *bolt.Bucket, kind byte, after uint64) uint64 {
		if b == nil {
			return after
		}
		c := b.Cursor()
		for k, val := c.Seek(seqKey(after + 1)); k != nil && (limit <= 0 || size < limit); k, val = c.Next() {
			rec := make([]byte, 0, 1+len(k)+len(val))
			rec = append(append(append(rec, kind), k...), val...)
			recs = append(recs, rec)
			size += len(rec)
			after = binary.BigEndian.Uint64(k)
		}
		return after
	}
	lastJ = collect(tx.Bucket(bucketJournal), recEntry, j)
	lastV = collect(tx.Bucket(bucketEvents), recEvent, v)
	return recs, lastJ, lastV
}

// The records the committer builds in its scratch, reused commit after
// commit, are the records newRecords built one allocation each: the same
// bytes in the same order and the same last numbers, over random journals
// and events (values of 0 to 20 kB, so the scratch grows, moves and
// passes the size it keeps), random starting points and limits; and a
// call's records stay as they were until the next call.
func TestFlatScratchRecordsAsBefore(t *testing.T) {
	t.Parallel() // a bbolt file of its own: beside the other parallel tests (helpers_test.go)
	db, err := bolt.Open(filepath.Join(t.TempDir(), "r.db"), 0o600, nil)
	must(t, err)
	defer db.Close()
	db.NoSync = true // records are read in the transaction; 300 flushes were most of the test's time
	rng := rand.New(rand.NewPCG(17, 4))
	var s flatScratch
	nj, nv := uint64(0), uint64(0)
	rounds := 300
	if raceEnabled {
		// one goroutine: nothing for the race detector, and each round
		// reads about half of a journal that grows by the round (the
		// rounds shown below still come)
		rounds = 100
	}
	seen := map[string]int{} // the kinds of call the rounds made
	for round := range rounds {
		must(t, db.Update(func(tx *bolt.Tx) error {
			jb, err := tx.CreateBucketIfNotExists(bucketJournal)
			if err != nil {
				return err
			}
			eb, err := tx.CreateBucketIfNotExists(bucketEvents)
			if err != nil {
				return err
			}
			for range rng.IntN(6) {
				nj++
				if err := jb.Put(seqKey(nj), randBytes(rng)); err != nil {
					return err
				}
			}
			for range rng.IntN(3) {
				nv++
				if err := eb.Put(seqKey(nv), randBytes(rng)); err != nil {
					return err
				}
			}
			// inside the writing transaction, as the committer calls it
			j, v := rng.Uint64N(nj+2), rng.Uint64N(nv+2)
			limit := 0
			if rng.IntN(3) == 0 {
				limit = rng.IntN(40_000)
			}
			want, wj, wv := oldRecords(tx, j, v, limit)
			kept := cap(s.buf)
			got, gj, gv := s.records(tx, j, v, limit)
			size := 0
			for _, rec := range got {
				size += len(rec)
			}
			switch {
			case size > keepScratch:
				seen["past the size kept"]++
			case kept > 0 && size > kept:
				seen["grown past the buffer kept"]++
			case kept > 0 && size > 0:
				seen["in the buffer kept"]++
			}
			if gj != wj || gv != wv || len(got) != len(want) {
				return fmt.Errorf("round %d from %d/%d limit %d: %d records to %d/%d, want %d to %d/%d", round, j, v, limit, len(got), gj, gv, len(want), wj, wv)
			}
			copies := make([][]byte, len(got))
			for i := range got {
				if !bytes.Equal(got[i], want[i]) {
					return fmt.Errorf("round %d: record %d differs", round, i)
				}
				copies[i] = bytes.Clone(got[i])
			}
			// a record appended to by its reader does not run into the next
			for i := range got {
				_ = append(got[i], 0xEE)
			}
			for i := range got {
				if !bytes.Equal(got[i], copies[i]) {
					return fmt.Errorf("round %d: record %d changed by an append to the one before", round, i)
				}
			}
			return nil
		}))
	}
	for _, kind := range []string{"past the size kept", "grown past the buffer kept", "in the buffer kept"} {
		if seen[kind] == 0 {
			t.Errorf("no round read records %s: %v", kind, seen)
		}
	}
	t.Logf("%d rounds, %d entries and %d events; records read: %v", rounds, nj, nv, seen)
}

func randBytes(rng *rand.Rand) []byte {
	n := rng.IntN(200)
	if rng.IntN(8) == 0 {
		n = rng.IntN(20_000)
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}
