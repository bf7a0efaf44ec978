package local

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// What the pusher (package sync) needs of a register's file: entries in
// their stored form (the canonical encoding followed by the hash, byte for
// byte), and the pushed cursor, the last sequence the central server
// acknowledged. The cursor is no journal entry: it is where this copy of the
// journal stands with one server, kept in bucket "sync" (not a view, so a
// rebuild leaves it alone), and it is written in a transaction of its own
// that touches nothing else.

var bucketSync = []byte("sync")

var keyPushed = []byte("pushed")

// PushState is how far a register's journal has been pushed.
type PushState struct {
	Register string    `json:"register"`
	Last     uint64    `json:"last_seq"`   // the journal's last entry
	Pushed   uint64    `json:"pushed_seq"` // acknowledged by the central server
	Oldest   time.Time `json:"oldest_unpushed,omitzero"`
}

// Unpushed is the number of entries the server has not acknowledged.
func (s PushState) Unpushed() uint64 {
	if s.Last <= s.Pushed {
		return 0
	}
	return s.Last - s.Pushed
}

// Canonical is the entry as stored and pushed: its canonical encoding then
// its 32-byte hash.
func (e *Entry) Canonical() []byte {
	enc := e.encode()
	return append(enc, e.Hash[:]...)
}

// Seal sets the entry's hash from its fields (tests and tools that build
// entries outside a register).
func (e *Entry) Seal() { e.Hash = sha256.Sum256(e.encode()) }

// ErrEntryHash: a pushed or stored entry whose hash does not match its
// content.
var ErrEntryHash = errors.New("its hash does not match its content (the entry was changed)")

// DecodeEntry reads an entry in its stored form (canonical encoding then
// hash) and checks that the hash matches.
func DecodeEntry(v []byte) (Entry, error) {
	e, enc, err := decodeEntry(v)
	if err != nil {
		return Entry{}, err
	}
	if sha256.Sum256(enc) != e.Hash {
		return Entry{}, fmt.Errorf("entry %d: %w", e.Seq, ErrEntryHash)
	}
	return e, nil
}

// Entries returns up to max entries from sequence from on, in stored form.
func (r *Register) Entries(from uint64, max int) ([][]byte, error) { return entriesIn(r.db, from, max) }

// EntryHash is the hash of entry seq (zero for 0).
func (r *Register) EntryHash(seq uint64) (Digest, error) { return entryHashIn(r.db, seq) }

// PushState is how far the journal has been pushed.
func (r *Register) PushState() (PushState, error) { return pushStateIn(r.db) }

// SetPushed records the last sequence the server acknowledged.
func (r *Register) SetPushed(seq uint64) error {
	if r.readOnly {
		return setPushedIn(r.db, seq) // refused by the file, as before
	}
	return r.write(func(tx *bolt.Tx) error { return setPushedTx(tx, seq) }) // in the tills' next commit
}

// SignPush signs a push request's body with the register's key: the server
// checks it with the key pinned at enrolment.
func (r *Register) SignPush(body []byte) []byte { return ed25519.Sign(r.key, body) }

// PushFile is a register's file opened for pushing alone (guichet sync
// push): it takes the file's lock, so the register must be closed.
type PushFile struct {
	db  *bolt.DB
	id  string
	key ed25519.PrivateKey
}

// OpenPushFile opens a register's file and its signing key for pushing.
func OpenPushFile(path string) (*PushFile, error) {
	db, err := openFile(path, false)
	if err != nil {
		return nil, err
	}
	var id string
	err = db.View(func(tx *bolt.Tx) error {
		id, err = registerOf(tx)
		return err
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	key, err := loadKey(path, false)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &PushFile{db: db, id: id, key: key}, nil
}

// ID is the register's id.
func (f *PushFile) ID() string { return f.id }

// Close closes the file.
func (f *PushFile) Close() error { return f.db.Close() }

// Entries returns up to max entries from sequence from on, in stored form.
func (f *PushFile) Entries(from uint64, max int) ([][]byte, error) { return entriesIn(f.db, from, max) }

// EntryHash is the hash of entry seq (zero for 0).
func (f *PushFile) EntryHash(seq uint64) (Digest, error) { return entryHashIn(f.db, seq) }

// PushState is how far the journal has been pushed.
func (f *PushFile) PushState() (PushState, error) { return pushStateIn(f.db) }

// SetPushed records the last sequence the server acknowledged.
func (f *PushFile) SetPushed(seq uint64) error { return setPushedIn(f.db, seq) }

// SignPush signs a push request's body with the register's key.
func (f *PushFile) SignPush(body []byte) []byte { return ed25519.Sign(f.key, body) }

// ReadPushState reads how far a closed register's file has been pushed,
// opening it read-only (guichet sync status): it writes nothing.
func ReadPushState(path string) (PushState, error) {
	db, err := openFile(path, true)
	if err != nil {
		return PushState{}, err
	}
	defer db.Close()
	return pushStateIn(db)
}

func entriesIn(db *bolt.DB, from uint64, max int) ([][]byte, error) {
	var out [][]byte
	err := db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketJournal).Cursor()
		for k, v := c.Seek(seqKey(max1(from))); k != nil && len(out) < max; k, v = c.Next() {
			out = append(out, append([]byte(nil), v...))
		}
		return nil
	})
	return out, err
}

func max1(n uint64) uint64 { return max(n, 1) }

func entryHashIn(db *bolt.DB, seq uint64) (Digest, error) {
	if seq == 0 {
		return Digest{}, nil
	}
	var d Digest
	err := db.View(func(tx *bolt.Tx) error {
		e, err := entryAt(tx, seq)
		d = e.Hash
		return err
	})
	return d, err
}

func pushStateIn(db *bolt.DB) (PushState, error) {
	var s PushState
	err := db.View(func(tx *bolt.Tx) error {
		reg, err := registerOf(tx)
		if err != nil {
			return err
		}
		s.Register = reg
		if b := tx.Bucket(bucketSync); b != nil {
			if v := b.Get(keyPushed); len(v) == 8 {
				s.Pushed = binary.BigEndian.Uint64(v)
			}
		}
		last, ok, err := lastEntry(tx)
		if err != nil || !ok {
			return err
		}
		s.Last = last.Seq
		if s.Pushed < s.Last {
			e, err := entryAt(tx, s.Pushed+1)
			if err != nil {
				return err
			}
			s.Oldest = e.Time
		}
		return nil
	})
	return s, err
}

func setPushedIn(db *bolt.DB, seq uint64) error {
	return db.Update(func(tx *bolt.Tx) error { return setPushedTx(tx, seq) })
}

func setPushedTx(tx *bolt.Tx, seq uint64) error {
	b, err := tx.CreateBucketIfNotExists(bucketSync)
	if err != nil {
		return err
	}
	return b.Put(keyPushed, seqKey(seq))
}

// pushKept is how far the journal has been pushed, kept in memory by the
// register holding the file (KeptPushState): read once at Open, then
// moved by each of its commits (new entries, the pushed cursor SetPushed
// moved), so a status line drawn on every frame reads no file.
type pushKept struct {
	mu sync.Mutex
	st PushState
}

// KeptPushState is PushState as the register keeps it in memory: it reads
// nothing of the file, so a status line may ask at every frame. It is
// exact once each of the register's commits returned (Last its journal's
// last entry, Pushed the cursor SetPushed recorded, Oldest the time of
// the entry after it); a read-only register's is the file's at Open.
func (r *Register) KeptPushState() PushState {
	r.pushed.mu.Lock()
	defer r.pushed.mu.Unlock()
	return r.pushed.st
}

// keepPushState records s as the push state the last commit left.
func (r *Register) keepPushState(s PushState) {
	r.pushed.mu.Lock()
	r.pushed.st = s
	r.pushed.mu.Unlock()
}

// pushStateAfter is the push state a write transaction leaves, from prev,
// the one before it: the head (one key) gives the last entry and bucket
// "sync" the cursor; the first unpushed entry is read only when the cursor
// moved or the journal was caught up before, not at every commit.
func pushStateAfter(tx *bolt.Tx, prev PushState) (PushState, error) {
	s := prev
	seq, _, ok, err := readHead(tx)
	if err != nil {
		return prev, err
	}
	if !ok {
		last, found, err := lastEntry(tx)
		if err != nil {
			return prev, err
		}
		seq = 0
		if found {
			seq = last.Seq
		}
	}
	s.Last, s.Pushed = seq, 0
	if b := tx.Bucket(bucketSync); b != nil {
		if v := b.Get(keyPushed); len(v) == 8 {
			s.Pushed = binary.BigEndian.Uint64(v)
		}
	}
	switch {
	case s.Pushed >= s.Last:
		s.Oldest = time.Time{}
	case s.Pushed != prev.Pushed || prev.Oldest.IsZero():
		e, err := entryAt(tx, s.Pushed+1)
		if err != nil {
			return prev, err
		}
		s.Oldest = e.Time
	}
	return s, nil
}

// FileReads counts the read transactions begun on the register's file since
// it was opened (tests: what reads no file leaves it unchanged).
func (r *Register) FileReads() int { return r.db.Stats().TxN }
