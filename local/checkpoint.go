package local

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// ErrBrokenJournal: the journal's chain does not verify; the register
// sells nothing on it (a new entry could take a number already used).
// Errors that wrap it are *BrokenJournalError.
var ErrBrokenJournal = errors.New("the journal does not verify")

// BrokenJournalError is why Open refuses a journal: its first bad entry.
// The file can still be read (OpenReadOnly, guichet journal export).
type BrokenJournalError struct {
	Path string
	Bad  *BadEntryError
}

// Seq is the first entry that does not verify.
func (e *BrokenJournalError) Seq() uint64 { return e.Bad.Seq }

func (e *BrokenJournalError) Error() string { return e.Say(pos.English) }

// Say is why the register refuses the journal and what to do, in lang: a
// French register's start screen says it in French.
func (e *BrokenJournalError) Say(lang pos.Lang) string {
	if e.Path == "" {
		return pos.Say(pos.Errorf("the journal does not verify from entry %d (%w): no sale is possible on it; it can still be read and exported; restore it from a backup or the central server", e.Bad.Seq, e.Bad.why()), lang)
	}
	return pos.Say(pos.Errorf("the journal %s does not verify from entry %d (%w): no sale is possible on it; it can still be read and exported; restore it from a backup or the central server", e.Path, e.Bad.Seq, e.Bad.why()), lang)
}

// Is makes errors.Is(err, ErrBrokenJournal) true.
func (e *BrokenJournalError) Is(target error) bool { return target == ErrBrokenJournal }

// Unwrap gives the bad entry.
func (e *BrokenJournalError) Unwrap() error { return e.Bad }

// checkpointKey, in meta, is the last entry whose chain Open verified:
// its sequence number (8 bytes, big-endian) then its hash. Open verifies
// only what was appended since, so it stays fast on a large journal;
// guichet journal verify checks the whole chain.
var checkpointKey = []byte("verified")

// verifySinceCheckpoint verifies the chain from the checkpoint to the last
// entry and moves the checkpoint there. The checkpoint's own entry must
// still be the one verified (same hash, same content).
func verifySinceCheckpoint(tx *bolt.Tx, path, register string) error {
	jb, meta := tx.Bucket(bucketJournal), tx.Bucket(bucketMeta)
	if jb == nil || meta == nil {
		return nil // a new file: nothing written yet
	}
	var after uint64
	var prev Digest
	if v := meta.Get(checkpointKey); len(v) == 8+len(prev) {
		after = binary.BigEndian.Uint64(v)
		copy(prev[:], v[8:])
		e, enc, err := decodeEntry(jb.Get(seqKey(after)))
		if err != nil || e.Seq != after || e.Hash != prev || sha256.Sum256(enc) != e.Hash {
			return &BrokenJournalError{Path: path, Bad: badEntry(after, pos.Errorf("it changed since the register last verified it"))}
		}
	}
	last, hash, err := verifyFrom(tx, register, after, prev)
	var bad *BadEntryError
	if errors.As(err, &bad) {
		return &BrokenJournalError{Path: path, Bad: bad}
	}
	if err != nil || last == after {
		return err
	}
	return meta.Put(checkpointKey, append(binary.BigEndian.AppendUint64(nil, last), hash[:]...))
}

// verifyFrom checks the journal after entry after, whose hash is prev (0
// and a zero digest: the whole journal): keys are after+1, after+2...
// without gaps, each entry decodes, carries its own key as Seq and the
// register's id, its hash matches its canonical encoding, its Prev is the
// previous entry's hash and its payload is JSON. It returns the number of
// the last good entry and its hash.
func verifyFrom(tx *bolt.Tx, register string, after uint64, prev Digest) (uint64, Digest, error) {
	want := after + 1
	c := tx.Bucket(bucketJournal).Cursor()
	k, v := c.First()
	if after > 0 {
		k, v = c.Seek(seqKey(want))
	}
	for ; k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return want - 1, prev, badEntry(want, pos.Errorf("a key of %d bytes where entry %d should be", len(k), want))
		}
		seq := binary.BigEndian.Uint64(k)
		if seq != want {
			return want - 1, prev, badEntry(want, pos.Errorf("missing: the next key is %d (a gap in the sequence)", seq))
		}
		e, enc, err := decodeEntry(v)
		switch {
		case err != nil:
			return want - 1, prev, badEntry(seq, err)
		case e.Seq != seq:
			return want - 1, prev, badEntry(seq, pos.Errorf("stored under key %d but says it is entry %d", seq, e.Seq))
		case sha256.Sum256(enc) != e.Hash:
			return want - 1, prev, badEntry(seq, pos.Errorf("its hash does not match its content (the entry was changed)"))
		case e.Prev != prev:
			return want - 1, prev, badEntry(seq, pos.Errorf("it does not chain to the entry before (previous hash differs)"))
		case register != "" && e.Register != register:
			return want - 1, prev, badEntry(seq, pos.Errorf("it belongs to register %q, not %q", e.Register, register))
		case e.Type == "":
			return want - 1, prev, badEntry(seq, pos.Errorf("it has no type"))
		case !json.Valid(e.Payload):
			return want - 1, prev, badEntry(seq, pos.Errorf("its payload is not JSON"))
		}
		prev = e.Hash
		want++
	}
	return want - 1, prev, nil
}
