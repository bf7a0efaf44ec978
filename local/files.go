package local

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// The functions below are the journal tools (guichet journal ...): they
// open a register's file on their own. Verify, Export and FileStats only
// read (openForReading: while the register runs, they read the snapshot
// it sends); Rebuild writes, so the register must be closed.

func openFile(path string, readOnly bool) (*bolt.DB, error) {
	var db *bolt.DB
	var err error
	if readOnly {
		db, err = openForReading(path, false)
	} else {
		db, err = openDB(path, time.Second, false)
		// a file the machine's stop may have left torn (or lost), or one
		// a commit behind its flat file, is the register's to mend first
		if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrEmptyFile) || errors.Is(err, ErrDamaged) {
			if ferr := toolRefusal(path, db, true); ferr != nil {
				if db != nil {
					db.Close()
				}
				return nil, ferr
			}
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		var nf *noRegisterFile
		if errors.As(err, &nf) { // openForReading's
			return nil, nf
		}
		return nil, &noRegisterFile{path: path, err: err}
	case errors.Is(err, ErrEmptyFile):
		return nil, &emptyRegisterFile{path: path}
	}
	return db, err
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
	// Flat is what the journal's flat file holds (nil: there is none).
	Flat *FlatVerified `json:"flat_file,omitempty"`
	// Views: every view was found to be what the journal gives; false,
	// ViewsUnchecked says why they were not compared (the register
	// rebuilds them at its next start).
	Views          bool   `json:"views_checked"`
	ViewsUnchecked string `json:"views_unchecked,omitempty"`
	// Restarted says, for a journal that replaces a lost one
	// (journal.restarted), the figures its closures go on from, which
	// verify takes as they are: the lost journal is not there to add them
	// up.
	Restarted string `json:"restarted,omitempty"`
}

// Verify checks the whole chain of a register's file: sequence without
// gaps, every hash, every link, and that it ends where its head says. A
// bad entry gives a *BadEntryError naming the first one; a journal that
// ends before its head (its last entries removed) a *HeadError. Then it
// folds the journal into views, as a rebuild would, and compares them with
// the views kept (a *ViewsError names those that differ): the file is not
// changed, the fold runs in a scratch copy (checkViews).
func Verify(path string) (VerifyResult, error) { return VerifyAgainst(path, nil) }

// VerifyAgainst is Verify, and checks too that the journal holds the
// entry an anchor written down earlier names, with that hash (a
// *HeadError otherwise): an anchor on paper catches a journal whose end
// was removed and its head rewritten.
func VerifyAgainst(path string, anchor *Anchor) (VerifyResult, error) {
	db, err := openForReading(path, true)
	if err != nil {
		return VerifyResult{}, err
	}
	defer db.Close()
	var res VerifyResult
	// where the flat file says the journal ends (not a running register's
	// copy: it appends on after the copy)
	st, sterr := flatStateOf(path, readFlatAt(db))
	err = viewFile(path, db, func(tx *bolt.Tx) error {
		reg, err := registerOf(tx)
		if err != nil {
			return err
		}
		res.Register = reg
		res.Entries, res.Last, err = verifyTx(tx, reg)
		if err == nil {
			res.Restarted, err = restartAnchor(tx)
		}
		if err == nil && anchor != nil {
			err = checkAnchor(tx, res.Entries, *anchor)
		}
		if err == nil {
			res.Flat, err = verifyFlat(path, tx)
		}
		if err == nil && res.Flat != nil && sterr == nil && db.Path() == path {
			err = beforeItsFlatFile(path, tx, st)
		}
		switch {
		case err != nil:
		case sterr == nil && st.lastEntry > 0 && !st.trusted():
			// pages of different moments: the next start rebuilds the
			// file from its flat file, views and all
			res.ViewsUnchecked = "the machine stopped while the register had the file open: its next start rebuilds the file, views included, from its flat file"
		default:
			if res.Views, err = checkViews(tx); err == nil && !res.Views {
				res.ViewsUnchecked = "they are of an older version, or one is missing: the register rebuilds them all from the journal at its next start"
			}
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
	err = viewFile(path, db, func(tx *bolt.Tx) error {
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
	if err := viewFile(path, db, func(*bolt.Tx) error { return nil }); err != nil {
		return res, err
	}
	err = safely(path, func() error {
		return db.Update(func(tx *bolt.Tx) error {
			reg, err := registerOf(tx)
			if err != nil {
				return err
			}
			if _, _, err := verifyTx(tx, reg); err != nil {
				return pos.Errorf("the journal does not verify, views not rebuilt: %w", err)
			}
			res.Before = viewsDigest(tx)
			if res.Entries, err = rebuildViews(tx); err != nil {
				return err
			}
			res.After = viewsDigest(tx)
			res.Identical = res.Before == res.After
			return tx.Bucket(bucketMeta).Put([]byte("views_format"), []byte(viewsFormat))
		})
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
	err = viewFile(path, db, func(tx *bolt.Tx) error {
		if _, err := registerOf(tx); err != nil {
			return err
		}
		s = statsTx(tx)
		return nil
	})
	if fi, err := os.Stat(path); err == nil {
		s.Size = fi.Size()
	}
	if fi, err := os.Stat(flatPath(path)); err == nil {
		s.FlatSize = fi.Size()
	}
	return s, err
}

// viewFile runs fn in a read transaction after reading every page of the
// file (walkFile): a tool says the file is damaged rather than report on
// part of it, and never panics or faults on it.
func viewFile(path string, db *bolt.DB, fn func(tx *bolt.Tx) error) error {
	return safely(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			if err := walkFile(path, tx); err != nil {
				return err
			}
			return fn(tx)
		})
	})
}

// PinnedKey is the public key the register's journal at path recorded
// (register.key); ok is false for a journal written before keys were
// pinned. The file is opened read-only and not changed.
func PinnedKey(path string) (pub ed25519.PublicKey, ok bool, err error) {
	db, err := openFile(path, true)
	if err != nil {
		return nil, false, err
	}
	defer db.Close()
	err = safely(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			if _, err := registerOf(tx); err != nil {
				return err
			}
			if view(tx, vKey) == nil {
				return nil
			}
			pub, ok, err = recordedKey(tx)
			return err
		})
	})
	return pub, ok, err
}

// WritePublicKey writes <db>.pub, the public key door scanners read, whole.
func WritePublicKey(db string, pub ed25519.PublicKey) error {
	tmp, err := writeTemp(db+".pub", []byte(pubPrefix+b64.EncodeToString(pub)+"\n"), 0o644)
	if err == nil {
		if err = publish(tmp, db+".pub"); err != nil {
			os.Remove(tmp)
		}
	}
	return err
}

// noRegisterFile is a register's file that is not there: it says so in the
// person's language (Say); Error keeps the system's reason for logs, and
// errors.Is(err, fs.ErrNotExist) holds when it was that.
type noRegisterFile struct {
	path string
	err  error // the system's reason
	// askDB: the refusal says to give the file with --db FILE, as the
	// command line's own does (guichet's registerFileThere)
	askDB bool
}

func (e *noRegisterFile) Error() string {
	return fmt.Sprintf("%s: %v", e.problem(), e.err)
}

func (e *noRegisterFile) Unwrap() error { return e.err }

func (e *noRegisterFile) Say(lang pos.Lang) string { return pos.Say(e.problem(), lang) }

func (e *noRegisterFile) problem() error {
	if e.askDB {
		return pos.Errorf("no register file at %s: give it with --db FILE", e.path)
	}
	return pos.Errorf("no register file at %s", e.path)
}

// emptyRegisterFile is a command's refusal of a register's file of 0
// bytes (ErrEmptyFile), in the person's language.
type emptyRegisterFile struct{ path string }

func (e *emptyRegisterFile) problem() error {
	return pos.Errorf("the register's file %s is empty (0 bytes): it holds no journal; restore it from a backup or the central server", e.path)
}

func (e *emptyRegisterFile) Error() string            { return e.problem().Error() }
func (e *emptyRegisterFile) Unwrap() error            { return ErrEmptyFile }
func (e *emptyRegisterFile) Say(lang pos.Lang) string { return pos.Say(e.problem(), lang) }
