package local

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestAnEntryChangedWithItsChainMadeAgainIsBadNotAProgramError: anyone
// with the file can change an entry and make the chain's hashes and the
// head again (no key is needed; the flat file set aside). Changed into
// amounts of another currency, journal verify said "an error in the
// program stopped this ..., its journal is intact (do not move its file
// aside)", and wrote guichet.db.errors beside a file it must only read:
// pos.Money panics on amounts it cannot add, and the check took it for a
// fault of the program. It names the entry where the amounts stop adding
// up and says the journal was changed.
func TestAnEntryChangedWithItsChainMadeAgainIsBadNotAProgramError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	zurich, _ := time.LoadLocation("Europe/Zurich")
	r, clk := openAt(t, path, time.Date(2026, 12, 30, 10, 0, 0, 0, zurich), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")
	first := sellHamlet(t, till, "adult", 2)
	sellHamlet(t, till, "child", 1)
	clk.Add(24 * time.Hour) // closes the 30th
	sellHamlet(t, till, "child", 1)
	must(t, r.Close())
	must(t, os.Remove(flatPath(path)))

	changed := uint64(0)
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket(bucketJournal)
		var last Entry
		for seq := uint64(1); j.Get(seqKey(seq)) != nil; seq++ {
			e, _, err := decodeEntry(j.Get(seqKey(seq)))
			if err != nil {
				return err
			}
			if e.Type == TypeOrderPlaced && changed == 0 {
				changed = seq
				e.Payload = []byte(strings.ReplaceAll(string(e.Payload), "CHF ", "EUR "))
			}
			if seq > 1 {
				e.Prev = last.Hash
			}
			enc := e.encode()
			e.Hash = sha256.Sum256(enc)
			if err := j.Put(seqKey(seq), append(enc, e.Hash[:]...)); err != nil {
				return err
			}
			last = e
		}
		return putHead(tx, last)
	}))
	must(t, db.Close())
	if changed == 0 || first.Total.Currency != "CHF" {
		t.Fatalf("no order changed (%d), or the sale was not in CHF (%s)", changed, first.Total)
	}

	_, err = Verify(path)
	var amounts *AmountsError
	var program *ProgramError
	switch {
	case errors.As(err, &program):
		t.Fatalf("a changed journal is taken for a fault of the program: %v", err)
	case !errors.As(err, &amounts) || amounts.Seq < changed || !strings.Contains(err.Error(), "was changed"):
		t.Fatalf("verify of a journal whose entry %d was changed, the chain made again: %v", changed, err)
	}
	if _, err := os.Stat(path + ".errors"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("verify wrote %s.errors beside the file it reads: %v", path, err)
	}
}
