package local

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// The functions below are the journal tools (guichet journal ...): they
// open a register's file on their own. Verify, Export and FileStats only
// read (openForReading: while the register runs, they read the snapshot
// it sends); Rebuild writes, so the register must be closed.

func openFile(path string, readOnly bool) (*bolt.DB, error) {
	if readOnly {
		return openForReading(path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no register file at %s: %w", path, err)
	}
	db, err := bolt.Open(path, 0o600, boltOptions(time.Second, readOnly))
	if errors.Is(err, bolterrors.ErrTimeout) {
		if pid := readPID(path); pid > 0 {
			return nil, fmt.Errorf("%s is %w (pid %d): close it first", path, ErrLocked, pid)
		}
		return nil, fmt.Errorf("%s is %w: close it first", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	return db, nil
}

func registerOf(tx *bolt.Tx) (string, error) {
	if tx.Bucket(bucketJournal) == nil || tx.Bucket(bucketMeta) == nil {
		return "", errors.New("this file has no journal: it is not a guichet register file")
	}
	return string(tx.Bucket(bucketMeta).Get([]byte("register"))), nil
}

// VerifyResult is what a good journal looks like.
type VerifyResult struct {
	Register string `json:"register"`
	Entries  uint64 `json:"entries"`
	Last     Digest `json:"last_hash"` // the head's hash: entry Entries's
}

// Verify checks the whole chain of a register's file: sequence without
// gaps, every hash, every link, and that it ends where its head says. A
// bad entry gives a *BadEntryError naming the first one; a journal that
// ends before its head (its last entries removed) a *HeadError.
func Verify(path string) (VerifyResult, error) { return VerifyAgainst(path, nil) }

// VerifyAgainst is Verify, and checks too that the journal holds the
// entry an anchor written down earlier names, with that hash (a
// *HeadError otherwise): an anchor on paper catches a journal whose end
// was removed and its head rewritten.
func VerifyAgainst(path string, anchor *Anchor) (VerifyResult, error) {
	db, err := openFile(path, true)
	if err != nil {
		return VerifyResult{}, err
	}
	defer db.Close()
	var res VerifyResult
	err = db.View(func(tx *bolt.Tx) error {
		reg, err := registerOf(tx)
		if err != nil {
			return err
		}
		res.Register = reg
		res.Entries, res.Last, err = verifyTx(tx, reg)
		if err == nil && anchor != nil {
			err = checkAnchor(tx, res.Entries, *anchor)
		}
		return err
	})
	return res, err
}

// Export writes every entry from seq from on as one JSON object per line.
func Export(path string, from uint64, w io.Writer) (uint64, error) {
	db, err := openFile(path, true)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n uint64
	enc := json.NewEncoder(w)
	err = db.View(func(tx *bolt.Tx) error {
		if _, err := registerOf(tx); err != nil {
			return err
		}
		return forEachEntry(tx, from, func(e Entry) error {
			n++
			return enc.Encode(e)
		})
	})
	return n, err
}

// RebuildResult says what a rebuild found.
type RebuildResult struct {
	Entries   uint64 `json:"entries"`
	Before    Digest `json:"views_before"`
	After     Digest `json:"views_after"`
	Identical bool   `json:"identical"`
}

// Rebuild verifies the journal, drops every view and folds the journal
// into fresh ones, in one transaction (durable when it returns). Identical
// tells whether the new views are byte for byte the old ones.
func Rebuild(path string) (RebuildResult, error) {
	db, err := openFile(path, false)
	if err != nil {
		return RebuildResult{}, err
	}
	defer db.Close()
	var res RebuildResult
	err = db.Update(func(tx *bolt.Tx) error {
		reg, err := registerOf(tx)
		if err != nil {
			return err
		}
		if _, _, err := verifyTx(tx, reg); err != nil {
			return fmt.Errorf("the journal does not verify, views not rebuilt: %w", err)
		}
		res.Before = viewsDigest(tx)
		if res.Entries, err = rebuildViews(tx); err != nil {
			return err
		}
		res.After = viewsDigest(tx)
		res.Identical = res.Before == res.After
		return tx.Bucket(bucketMeta).Put([]byte("views_format"), []byte(viewsFormat))
	})
	return res, err
}

// FileStats describes a register's file.
func FileStats(path string) (Stats, error) {
	db, err := openFile(path, true)
	if err != nil {
		return Stats{}, err
	}
	defer db.Close()
	var s Stats
	err = db.View(func(tx *bolt.Tx) error {
		if _, err := registerOf(tx); err != nil {
			return err
		}
		s = statsTx(tx)
		return nil
	})
	if fi, err := os.Stat(path); err == nil {
		s.Size = fi.Size()
	}
	return s, err
}
