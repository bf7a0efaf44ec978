package local

import (
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

// verifyTx walks the whole journal (verifyFrom) and checks that it ends
// at its head (checkHead). It returns the number of entries and the last
// hash.
func verifyTx(tx *bolt.Tx, register string) (uint64, Digest, error) {
	n, last, err := verifyFrom(tx, register, 0, Digest{})
	if err != nil {
		return n, last, err
	}
	if err := checkHead(tx, n, last); err != nil {
		return n, last, err
	}
	return n, last, checkClosures(tx)
}
