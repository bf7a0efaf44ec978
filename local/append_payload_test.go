package local

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// An entry's payload is written in a pooled buffer and kept where the
// entry's encoding copied it, not copied out first: the journal holds the
// bytes it held before, and each entry append returns still says them.
// Over random payloads of the three paths (written by hand, an amount
// with no currency written again with the register's, encoding/json's),
// invalid UTF-8 included, several entries a transaction: the Payload
// append returned is what marshalPayload gave before (with the currency
// step), it is the stored entry's payload, the stored bytes hash to the
// entry's hash, and appending to it writes into nothing else. The first
// entries of a transaction are checked after the last was appended (a
// payload left in the pooled buffer would be overwritten by then).
func TestAppendedPayloadAsMarshalled(t *testing.T) {
	r, _ := openTest(t, "")
	rng := rand.New(rand.NewPCG(3, 14))
	text := func() string {
		const letters = "abcé\xff0\"\\ <"
		b := make([]byte, rng.IntN(30))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	for round := range 60 {
		var payloads []any
		var entries []Entry
		must(t, r.update(r.now(), "", "claire", func(w *writer) error {
			payloads, entries = nil, nil
			for range 1 + rng.IntN(6) {
				var p any
				switch rng.IntN(3) {
				case 0:
					p = &ticketIssued{Order: text(), Ticket: pos.Ticket{Number: text(), Kind: "ticket", Zone: text(), Seat: text(), Price: pos.M(rng.Int64N(5000), "CHF")}, QR: text()}
				case 1: // a change with no currency: "0"
					p = &paymentCaptured{Order: text(), Payment: pos.Payment{Method: "cash", Kind: text(), Amount: pos.M(rng.Int64N(3), "CHF")}}
				default: // not written by hand: encoding/json
					p = &customerSaved{Customer: pos.Customer{ID: text(), Name: text()}}
				}
				e, err := w.append("test.payload", p)
				if err != nil {
					return err
				}
				payloads, entries = append(payloads, p), append(entries, e)
			}
			jb := w.tx.Bucket(bucketJournal)
			for i, e := range entries {
				want, err := marshalPayload(payloads[i])
				if err != nil {
					return err
				}
				if bytes.Contains(want, []byte(`"0"`)) {
					if want, err = marshalPayload(withCurrency(payloads[i], w.currency)); err != nil {
						return err
					}
				}
				stored, enc, err := decodeEntry(jb.Get(seqKey(e.Seq)))
				if err != nil {
					return err
				}
				if !bytes.Equal(e.Payload, want) || !bytes.Equal(stored.Payload, want) {
					return fmt.Errorf("round %d entry %d: payload %q, stored %q, want %q", round, i, e.Payload, stored.Payload, want)
				}
				if sha256.Sum256(enc) != e.Hash || stored.Hash != e.Hash {
					return fmt.Errorf("round %d entry %d: the stored bytes do not hash to the entry's hash", round, i)
				}
				if cap(e.Payload) != len(e.Payload) {
					return fmt.Errorf("round %d entry %d: the payload has room to append into (%d > %d)", round, i, cap(e.Payload), len(e.Payload))
				}
			}
			return nil
		}))
	}
	must(t, r.read(func(tx *bolt.Tx) error { _, _, err := verifyTx(tx, r.ID()); return err }))
}

// An entry is never written over one already stored under its number:
// append refuses (BrokenJournalError) when the journal's last key does not
// hold the last entry (entries moved), and when the number it is about to
// use was taken after the writer's first append, which the writer's one
// journal cursor must see (it looks the number up again after writes).
func TestAppendNeverOverwritesAnEntry(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before int // entries the writer appends before the journal is changed
		change func(jb *bolt.Bucket, last uint64) error
	}{
		{"the last key holds the entry before it", 0, func(jb *bolt.Bucket, last uint64) error {
			return jb.Put(seqKey(last), bytes.Clone(jb.Get(seqKey(last-1))))
		}},
		{"the next number taken after an append", 1, func(jb *bolt.Bucket, last uint64) error {
			return jb.Put(seqKey(last+1), bytes.Clone(jb.Get(seqKey(last))))
		}},
		{"the next number taken after three appends", 3, func(jb *bolt.Bucket, last uint64) error {
			return jb.Put(seqKey(last+1), bytes.Clone(jb.Get(seqKey(last))))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			sellSome(t, r)
			before := len(journalEntries(t, r))
			err := r.update(r.now(), "", "claire", func(w *writer) error {
				for i := range tc.before {
					if _, err := w.append("test.payload", &customerSaved{Customer: pos.Customer{ID: fmt.Sprint(i)}}); err != nil {
						return err
					}
				}
				jb := w.tx.Bucket(bucketJournal)
				k, _ := jb.Cursor().Last()
				if err := tc.change(jb, binary.BigEndian.Uint64(k)); err != nil {
					return err
				}
				_, err := w.append("test.payload", &customerSaved{Customer: pos.Customer{ID: "next"}})
				return err
			})
			var broken *BrokenJournalError
			if !errors.As(err, &broken) {
				t.Fatalf("append over a stored entry: %v, want a BrokenJournalError", err)
			}
			if n := len(journalEntries(t, r)); n != before {
				t.Fatalf("%d entries after the refused write, want %d", n, before)
			}
		})
	}
}
