package local

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// vLeftToTell: the payments.left entries a member of staff is still to be
// told of at their next unlock: staff \x00 entry seq (8 bytes) -> leftRec.
// The journal keeps them, so a till ended by a restart (SIGTERM during a
// sale) still tells the cashier who comes back.
const vLeftToTell = "left_to_tell"

// leftRec is a payments.left entry to tell: when, and what was taken.
type leftRec struct {
	At       time.Time    `json:"at"`
	Payments []pos.Tender `json:"payments"`
}

// PaymentsLeftNote is payments a till of the staff member's left with no
// order (payments.left), when it was journaled.
type PaymentsLeftNote struct {
	At       time.Time
	Payments []pos.Tender
}

func leftKey(staff string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(staff), 0), seq)
}

// applyLeftToTell keeps the payments.left entries to tell (Tell) until a
// payments.told entry of the same staff member says they were told.
func applyLeftToTell(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeTillSession {
		return nil
	}
	var s TillSession
	if err := e.decode(&s); err != nil {
		return err
	}
	b := view(tx, vLeftToTell)
	switch {
	case s.Event == EventPaymentsLeft && s.Tell && len(s.Payments) > 0:
		return putJSON(b, leftKey(s.Staff, e.Seq), leftRec{At: e.Time, Payments: s.Payments})
	case s.Event == EventPaymentsTold:
		prefix := append([]byte(s.Staff), 0)
		var told [][]byte // deleted after the walk: a cursor's Delete skips a key
		c := b.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if binary.BigEndian.Uint64(k[len(prefix):]) > s.Through {
				break
			}
			told = append(told, bytes.Clone(k))
		}
		for _, k := range told {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// PaymentsLeftToTell is what the staff member's tills left with no order
// (payments.left entries to tell) that they were not told of yet, oldest
// first; in the same commit it journals that they are told now
// (payments.told), so they are told once, a restart or not. Nothing to
// tell writes nothing. Durable when it returns.
func (r *Register) PaymentsLeftToTell(staff string) ([]PaymentsLeftNote, error) {
	var some bool
	prefix := append([]byte(staff), 0)
	if err := r.read(func(tx *bolt.Tx) error {
		k, _ := view(tx, vLeftToTell).Cursor().Seek(prefix)
		some = k != nil && bytes.HasPrefix(k, prefix)
		return nil
	}); err != nil || !some {
		return nil, err
	}
	var out []PaymentsLeftNote
	err := r.update(r.now(), "", staff, func(w *writer) error {
		out = out[:0]
		var through uint64
		c := view(w.tx, vLeftToTell).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var rec leftRec
			if err := json.Unmarshal(v, &rec); err != nil {
				return &DamagedViewError{Key: string(k), Err: err}
			}
			out = append(out, PaymentsLeftNote(rec))
			through = binary.BigEndian.Uint64(k[len(prefix):])
		}
		if through == 0 {
			return nil // told at another till meanwhile
		}
		_, err := w.append(TypeTillSession, TillSession{Event: EventPaymentsTold, Staff: staff, Through: through})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
