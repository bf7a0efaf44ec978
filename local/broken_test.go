package local

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// swapEntries swaps the stored values of journal entries a and b.
func swapEntries(t *testing.T, tx *bolt.Tx, a, b uint64) {
	t.Helper()
	jb := tx.Bucket(bucketJournal)
	va, vb := bytes.Clone(jb.Get(seqKey(a))), bytes.Clone(jb.Get(seqKey(b)))
	must(t, jb.Put(seqKey(a), vb))
	must(t, jb.Put(seqKey(b), va))
}

func lastSeq(t *testing.T, path string) uint64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	must(t, err)
	defer db.Close()
	var n uint64
	must(t, db.View(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketJournal).Cursor().Last()
		n = binary.BigEndian.Uint64(k)
		return nil
	}))
	return n
}

// TestOpenRefusesToSellOnASwappedJournal: two entries swapped since the
// last start: Open refuses with ErrBrokenJournal naming the first bad
// entry, writes nothing, and the journal can still be exported.
func TestOpenRefusesToSellOnASwappedJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	n0 := lastSeq2(t, r)
	sellFour(t, r)
	must(t, r.Close())
	n := lastSeq(t, path)
	if n < n0+3 {
		t.Fatalf("the sale wrote %d entries", n-n0)
	}
	for _, swap := range [][2]uint64{{n - 1, n}, {n0 + 1, n0 + 2}, {n0, n0 + 1}} {
		t.Run("", func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "r.db")
			copyRegister(t, path, p)
			db, err := bolt.Open(p, 0o600, nil)
			must(t, err)
			must(t, db.Update(func(tx *bolt.Tx) error { swapEntries(t, tx, swap[0], swap[1]); return nil }))
			must(t, db.Close())
			before := fileDigest(t, p)
			_, err = Open(Options{Path: p, Catalog: demoCatalog(t)})
			var broken *BrokenJournalError
			if !errors.Is(err, ErrBrokenJournal) || !errors.As(err, &broken) || broken.Seq() != swap[0] {
				t.Fatalf("entries %v swapped: %v", swap, err)
			}
			if fileDigest(t, p) != before {
				t.Fatal("Open wrote to a broken journal")
			}
			if got, err := Export(p, 1, io.Discard); err != nil || got != n {
				t.Fatalf("export of the broken journal: %d entries, %v", got, err)
			}
		})
	}
}

// TestASaleNeverReusesANumber: even on a journal broken while the
// register runs, a sale takes no number already stored.
func TestASaleNeverReusesANumber(t *testing.T) {
	r, _ := openTest(t, "")
	sellFour(t, r)
	n := lastSeq2(t, r)
	must(t, r.db.Update(func(tx *bolt.Tx) error { swapEntries(t, tx, n-1, n); return nil }))
	var before []byte
	must(t, r.db.View(func(tx *bolt.Tx) error { before = bytes.Clone(tx.Bucket(bucketJournal).Get(seqKey(n))); return nil }))
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	if _, err := till.Checkout(cash()); !errors.Is(err, ErrBrokenJournal) {
		t.Fatalf("a sale on a broken journal: %v", err)
	}
	must(t, r.db.View(func(tx *bolt.Tx) error {
		if got := tx.Bucket(bucketJournal).Get(seqKey(n)); !bytes.Equal(got, before) {
			t.Error("entry overwritten")
		}
		if k, _ := tx.Bucket(bucketJournal).Cursor().Last(); binary.BigEndian.Uint64(k) != n {
			t.Errorf("last entry %d, want %d", binary.BigEndian.Uint64(k), n)
		}
		return nil
	}))
}

// TestOpenMovesTheCheckpoint: Open records the last entry it verified,
// so the next Open verifies only what came after.
func TestOpenMovesTheCheckpoint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellFour(t, r)
	must(t, r.Close())
	n := lastSeq(t, path)
	r2, _ := openTest(t, path)
	var cp uint64
	must(t, r2.db.View(func(tx *bolt.Tx) error {
		cp = binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(checkpointKey))
		return nil
	}))
	if cp != n {
		t.Fatalf("checkpoint at %d, want %d (the last entry at Open)", cp, n)
	}
}

func lastSeq2(t *testing.T, r *Register) uint64 {
	t.Helper()
	var n uint64
	must(t, r.db.View(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketJournal).Cursor().Last()
		n = binary.BigEndian.Uint64(k)
		return nil
	}))
	return n
}

func copyRegister(t *testing.T, from, to string) {
	t.Helper()
	for _, ext := range []string{"", ".key", ".pub"} {
		must(t, os.WriteFile(to+ext, mustReadFile(t, from+ext), 0o600))
	}
}
