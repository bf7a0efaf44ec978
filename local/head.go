package local

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// The head of the chain. Every entry's hash covers the one before, so a
// changed or removed entry in the middle breaks the chain; removing the
// last entries does not. So meta holds the head (the last entry's sequence
// number and hash), written in the transaction that appends each entry:
// Verify fails when the journal ends before its head. Whoever rewrites the
// head as well passes that check, which is why the head's short hash is
// printed on paper (Z reports, receipts): VerifyAgainst checks the journal
// against such an anchor, which the machine cannot rewrite.

var headKey = []byte("head")

// putHead records e as the head of the chain (in e's transaction).
func putHead(tx *bolt.Tx, e Entry) error {
	v := binary.BigEndian.AppendUint64(make([]byte, 0, 40), e.Seq)
	return tx.Bucket(bucketMeta).Put(headKey, append(v, e.Hash[:]...))
}

// readHead is the head meta records (ok false: none).
func readHead(tx *bolt.Tx) (seq uint64, hash Digest, ok bool, err error) {
	v := tx.Bucket(bucketMeta).Get(headKey)
	if v == nil {
		return 0, Digest{}, false, nil
	}
	if len(v) != 40 {
		return 0, Digest{}, false, headError(0, 0, pos.Errorf("the head record is damaged (%d bytes)", len(v)))
	}
	copy(hash[:], v[8:])
	return binary.BigEndian.Uint64(v), hash, true, nil
}

// ensureHead records the head of a journal written before heads were kept
// (at Open, by the register holding the file).
func ensureHead(tx *bolt.Tx) error {
	if _, _, ok, err := readHead(tx); ok || err != nil {
		return err
	}
	last, ok, err := lastEntry(tx)
	if !ok || err != nil {
		return err
	}
	return putHead(tx, last)
}

// checkHead compares the journal verifyTx walked (n entries, the last
// hash last) with its head.
func checkHead(tx *bolt.Tx, n uint64, last Digest) error {
	seq, hash, ok, err := readHead(tx)
	switch {
	case err != nil:
		return err
	case !ok && n > 0:
		return headError(n, 0, pos.Errorf("the journal has %d entries but no head record: it was removed (or the file was never opened by this version: open it once with guichet counter)", n))
	case !ok:
		return nil
	case seq > n:
		return headError(n, seq, pos.Errorf("the journal ends at %d but its head says %d: the last entries were removed", n, seq))
	case seq < n:
		return headError(n, seq, pos.Errorf("the journal goes on to %d but its head says %d: entries were added outside the register", n, seq))
	case hash != last:
		return headError(n, seq, pos.Errorf("entry %d is not the one its head recorded (hash %s, the head says %s): the end of the journal was rewritten", n, short(last), short(hash)))
	}
	return nil
}

// HeadError says the journal and its head (or a paper anchor) disagree:
// entries at its end were removed or rewritten.
type HeadError struct {
	Entries uint64 // entries in the journal
	Head    uint64 // the sequence number the head or anchor names
	Reason  string // what is wrong, in English (reason's, said in a language by Say)

	reason error // what is wrong, as a sentence pos.Say writes in each language
}

// headError is the *HeadError of a journal of entries entries whose head
// (or anchor) names head; reason says what is wrong (a pos.Errorf
// sentence, said in each language).
func headError(entries, head uint64, reason error) *HeadError {
	return &HeadError{Entries: entries, Head: head, Reason: reason.Error(), reason: reason}
}

func (e *HeadError) Error() string { return e.Reason }

// Say is what is wrong and what to do, in lang: a journal whose end was
// removed or rewritten is told to a French cashier in French.
func (e *HeadError) Say(lang pos.Lang) string {
	if e.reason == nil { // a HeadError made elsewhere: its Reason as it is
		return e.Reason
	}
	return pos.Say(e.reason, lang)
}

// Head is the head of the register's chain: the last entry's sequence
// number and hash (hex). Its first 8 or more characters, printed with the
// sequence number on a Z report or a receipt, are an anchor that
// guichet journal verify --expect-head SEQ:HASH checks the journal against.
// It is (0, "") when the file has no head yet or it cannot be read: the
// paper then shows no anchor rather than a wrong one (Verify reports why).
func (r *Register) Head() (seq uint64, hash string) {
	_ = r.read(func(tx *bolt.Tx) error {
		s, h, ok, err := readHead(tx)
		if ok && err == nil {
			seq, hash = s, h.String()
		}
		return nil
	})
	return seq, hash
}

// short is the first 12 hex characters of a hash, as messages give it.
func short(d Digest) string { return d.String()[:12] }

// Anchor is a head written down elsewhere (on a Z report, a receipt): an
// entry's sequence number and the start of its hash.
type Anchor struct {
	Seq  uint64
	Hash string // at least 8 hex characters, lower case
}

// ParseAnchor reads "SEQ:HASH" (HASH: the first 8 or more hex characters).
func ParseAnchor(s string) (Anchor, error) {
	seqText, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	seq, err := strconv.ParseUint(seqText, 10, 64)
	hash = strings.ToLower(hash)
	if _, herr := hex.DecodeString(hash + strings.Repeat("0", len(hash)%2)); !ok || err != nil || seq == 0 || len(hash) < 8 || len(hash) > 64 || herr != nil {
		return Anchor{}, pos.Errorf("the head %q is not SEQ:HASH (an entry number, a colon, and at least 8 hex characters of its hash, as printed on the Z report)", s)
	}
	return Anchor{Seq: seq, Hash: hash}, nil
}

func (a Anchor) String() string { return fmt.Sprintf("%d:%s", a.Seq, a.Hash) }

// checkAnchor checks the journal's entry a.Seq against the anchor.
func checkAnchor(tx *bolt.Tx, n uint64, a Anchor) error {
	if a.Seq > n {
		return headError(n, a.Seq, pos.Errorf("the journal ends at %d but the head written down (%s) says %d: the last entries were removed", n, a.String(), a.Seq))
	}
	e, err := entryAt(tx, a.Seq)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(e.Hash.String(), a.Hash) {
		return headError(n, a.Seq, pos.Errorf("entry %d's hash starts %s, the head written down says %s: the journal was rewritten", a.Seq, e.Hash.String()[:len(a.Hash)], a.Hash))
	}
	return nil
}
