package local

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// BadEntryError names the first journal entry that fails verification.
type BadEntryError struct {
	Seq    uint64 // the entry's key (its sequence number)
	Reason string
}

func (e *BadEntryError) Error() string {
	return fmt.Sprintf("journal entry %d: %s", e.Seq, e.Reason)
}

// verifyTx walks the whole journal: keys are 1, 2, 3... without gaps, each
// entry decodes, carries its own key as Seq and the register's id, its hash
// matches its canonical encoding, its Prev is the previous entry's hash and
// its payload is JSON. It returns the number of entries and the last hash.
func verifyTx(tx *bolt.Tx, register string) (uint64, Digest, error) {
	var prev Digest
	var want uint64 = 1
	c := tx.Bucket(bucketJournal).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return want - 1, prev, &BadEntryError{want, fmt.Sprintf("a key of %d bytes where entry %d should be", len(k), want)}
		}
		seq := binary.BigEndian.Uint64(k)
		if seq != want {
			return want - 1, prev, &BadEntryError{want, fmt.Sprintf("missing: the next key is %d (a gap in the sequence)", seq)}
		}
		e, enc, err := decodeEntry(v)
		switch {
		case err != nil:
			return want - 1, prev, &BadEntryError{seq, err.Error()}
		case e.Seq != seq:
			return want - 1, prev, &BadEntryError{seq, fmt.Sprintf("stored under key %d but says it is entry %d", seq, e.Seq)}
		case sha256.Sum256(enc) != e.Hash:
			return want - 1, prev, &BadEntryError{seq, "its hash does not match its content (the entry was changed)"}
		case e.Prev != prev:
			return want - 1, prev, &BadEntryError{seq, "it does not chain to the entry before (previous hash differs)"}
		case register != "" && e.Register != register:
			return want - 1, prev, &BadEntryError{seq, fmt.Sprintf("it belongs to register %q, not %q", e.Register, register)}
		case e.Type == "":
			return want - 1, prev, &BadEntryError{seq, "it has no type"}
		case !json.Valid(e.Payload):
			return want - 1, prev, &BadEntryError{seq, "its payload is not JSON"}
		}
		prev = e.Hash
		want++
	}
	return want - 1, prev, checkHead(tx, want-1, prev)
}
