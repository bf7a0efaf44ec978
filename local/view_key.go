package local

import (
	"crypto/ed25519"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// --- the register's signing key, as its journal recorded it ---

var keyRecorded = []byte(TypeRegisterKey)

func applyKey(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeRegisterKey {
		return nil
	}
	return view(tx, vKey).Put(keyRecorded, seqKey(e.Seq))
}

// recordedKey is the public key the journal recorded (register.key), and
// whether it has one.
func recordedKey(tx *bolt.Tx) (ed25519.PublicKey, bool, error) {
	v := view(tx, vKey).Get(keyRecorded)
	if v == nil {
		return nil, false, nil
	}
	if len(v) != 8 {
		return nil, false, fmt.Errorf("the view of the register's key is damaged: rebuild the views (guichet journal rebuild)")
	}
	e, err := entryAt(tx, binary.BigEndian.Uint64(v))
	var p registerKey
	if err == nil && e.Type != TypeRegisterKey {
		err = fmt.Errorf("journal entry %d is a %s, not a register.key", e.Seq, e.Type)
	}
	if err == nil {
		err = e.decode(&p)
	}
	if err != nil {
		return nil, false, err
	}
	pub, err := b64.DecodeString(p.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, false, fmt.Errorf("journal entry %d: the register's public key is not an Ed25519 key", e.Seq)
	}
	return ed25519.PublicKey(pub), true, nil
}
