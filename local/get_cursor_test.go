package local

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// get looks keys up through a cursor the committer's transaction keeps
// for each bucket: over random puts, deletes, nested buckets and lookups
// in one transaction run as the committer runs it (withShiftCache), in a
// bucket big enough for three levels and in small inline ones, every
// lookup gives what b.Get gives (a key written since the cursor was
// made, one deleted, a nested bucket's key, a key past the last, an empty
// value), and outside such a transaction too.
func TestGetAsBucketGet(t *testing.T) {
	t.Parallel() // a bbolt file of its own: beside the other parallel tests (helpers_test.go)
	db, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"), 0o600, nil)
	must(t, err)
	defer db.Close()
	rng := rand.New(rand.NewPCG(5, 9))
	names := [][]byte{[]byte("big"), []byte("small"), []byte("tiny")}
	must(t, db.Update(func(tx *bolt.Tx) error {
		big, err := tx.CreateBucket(names[0])
		if err != nil {
			return err
		}
		for i := range 20_000 { // three levels: leaves, branches, a root
			if err := big.Put(seqKey(uint64(2*i)), bytes.Repeat([]byte{byte(i)}, 200)); err != nil {
				return err
			}
		}
		for _, n := range names[1:] {
			if _, err := tx.CreateBucket(n); err != nil {
				return err
			}
		}
		return nil
	}))
	if err := db.View(func(tx *bolt.Tx) error {
		if d := tx.Bucket(names[0]).Stats().Depth; d < 3 {
			return fmt.Errorf("the big bucket has %d levels, want 3", d)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	key := func(big bool) []byte {
		if big {
			return seqKey(rng.Uint64N(41_000))
		}
		return []byte{byte('a' + rng.IntN(12))}
	}
	for round := range 20 {
		committer := round%4 != 3
		check := func(tx *bolt.Tx) error {
			for step := range 3000 {
				i := rng.IntN(len(names))
				b := tx.Bucket(names[i])
				k := key(i == 0)
				switch op := rng.IntN(10); {
				case op < 2:
					v := make([]byte, rng.IntN(3)*rng.IntN(300)) // empty values too
					if err := b.Put(k, v); err != nil && err != bolterrors.ErrIncompatibleValue {
						return err
					}
				case op < 3:
					if err := b.Delete(k); err != nil && err != bolterrors.ErrIncompatibleValue {
						return err
					}
				case op < 4 && i > 0:
					if _, err := b.CreateBucketIfNotExists(k); err != nil && err != bolterrors.ErrIncompatibleValue {
						return err
					}
				default:
					got, want := get(b, k), b.Get(k)
					if !bytes.Equal(got, want) || (got == nil) != (want == nil) {
						return fmt.Errorf("round %d step %d, bucket %s key %x: get %x (nil %v), Get %x (nil %v)", round, step, names[i], k, got, got == nil, want, want == nil)
					}
				}
			}
			return nil
		}
		must(t, db.Update(func(tx *bolt.Tx) error {
			if !committer {
				return check(tx)
			}
			return withShiftCache(tx, nil, func() error { return check(tx) })
		}))
	}
}
