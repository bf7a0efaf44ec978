package local

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Digest is a SHA-256, written in hex.
type Digest [32]byte

func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// MarshalText writes the digest in hex.
func (d Digest) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a hex digest.
func (d *Digest) UnmarshalText(b []byte) error {
	if hex.DecodedLen(len(b)) != len(d) {
		return fmt.Errorf("a digest is %d hex characters", 2*len(d))
	}
	_, err := hex.Decode(d[:], b)
	return err
}

// Entry is one journal entry. Seq counts from 1 without gaps; Prev is the
// Hash of entry Seq-1 (zero for the first); Hash is the SHA-256 of the
// entry's canonical encoding (see encode).
type Entry struct {
	Seq      uint64          `json:"seq"`
	ID       uuid.UUID       `json:"id"`
	Time     time.Time       `json:"time"`
	Register string          `json:"register"`
	Shift    string          `json:"shift,omitempty"`
	Staff    string          `json:"staff,omitempty"`
	Type     string          `json:"type"`
	Payload  json.RawMessage `json:"payload"`
	Prev     Digest          `json:"prev"`
	Hash     Digest          `json:"hash"`

	// decoded is the payload, as appended or decoded once while the entry
	// is folded into the views (applyAll), shared by every applier through
	// decode.
	decoded any
}

// encodingMagic starts every canonical encoding; a new layout gets a new one.
const encodingMagic = "GJ1"

// encode is the canonical encoding the hash covers, in this fixed order:
//
//	"GJ1"                              3 bytes
//	seq                                8 bytes, big-endian
//	id (UUID)                          16 bytes
//	time                               8 bytes, big-endian Unix nanoseconds (UTC)
//	register, shift, staff, type, payload
//	                                   each a 4-byte big-endian length, then the bytes
//	prev                               32 bytes
//
// The stored value of an entry is this encoding followed by its 32-byte
// hash, so every stored byte is covered: a changed field no longer matches
// the hash, a changed hash no longer matches the fields.
func (e *Entry) encode() []byte {
	n := len(encodingMagic) + 8 + 16 + 8 + 5*4 + len(e.Register) + len(e.Shift) + len(e.Staff) + len(e.Type) + len(e.Payload) + 32
	b := make([]byte, 0, n+32)
	b = append(b, encodingMagic...)
	b = binary.BigEndian.AppendUint64(b, e.Seq)
	b = append(b, e.ID[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixNano()))
	for _, f := range []string{e.Register, e.Shift, e.Staff, e.Type} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Payload)))
	b = append(b, e.Payload...)
	b = append(b, e.Prev[:]...)
	return b
}

// storedType is the type of a stored entry (encode's layout, as
// decodeEntry reads it), read without decoding the rest; "" when the
// value is not an entry.
func storedType(v []byte) string {
	const fixed = len(encodingMagic) + 8 + 16 + 8
	if len(v) < fixed || string(v[:len(encodingMagic)]) != encodingMagic {
		return ""
	}
	p := v[fixed:]
	for i := 0; ; i++ { // register, shift, staff, then the type
		if len(p) < 4 {
			return ""
		}
		n := binary.BigEndian.Uint32(p)
		p = p[4:]
		if uint64(n) > uint64(len(p)) {
			return ""
		}
		if i == 3 {
			return string(p[:n])
		}
		p = p[n:]
	}
}

// decodeEntry reads a stored value: canonical encoding then hash. It checks
// the layout, not the hash (verify does).
func decodeEntry(v []byte) (Entry, []byte, error) {
	var e Entry
	bad := func(what pos.Text) (Entry, []byte, error) {
		return e, nil, pos.Errorf("the stored entry is damaged (%s)", what)
	}
	if len(v) < len(encodingMagic)+8+16+8+5*4+32+32 || string(v[:3]) != encodingMagic {
		return bad(pos.Text{"en": "header", "fr": "en-tête"})
	}
	p := v[3:]
	e.Seq = binary.BigEndian.Uint64(p)
	copy(e.ID[:], p[8:24])
	e.Time = time.Unix(0, int64(binary.BigEndian.Uint64(p[24:32]))).UTC()
	p = p[32:]
	var fields [5][]byte
	for i := range fields {
		if len(p) < 4 {
			return bad(pos.Text{"en": "field length", "fr": "longueur d'un champ"})
		}
		n := binary.BigEndian.Uint32(p)
		p = p[4:]
		if uint64(n) > uint64(len(p)) {
			return bad(pos.Text{"en": "field length", "fr": "longueur d'un champ"})
		}
		fields[i], p = p[:n], p[n:]
	}
	if len(p) != 64 {
		return bad(pos.Text{"en": "trailer", "fr": "empreintes de fin"})
	}
	e.Register, e.Shift, e.Staff, e.Type = string(fields[0]), string(fields[1]), string(fields[2]), string(fields[3])
	e.Payload = append(json.RawMessage(nil), fields[4]...)
	copy(e.Prev[:], p[:32])
	copy(e.Hash[:], p[32:])
	return e, v[:len(v)-32], nil
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// payloadTypes makes, for each entry type, a new value of its payload
// struct: applyAll decodes an entry's payload into it once, and every
// applier reads that one value (a sale's order.placed was decoded by eight
// views before). Register a payload with registerPayload.
var payloadTypes = map[string]func() any{}

// payloadGoTypes is the *T registered for each entry type.
var payloadGoTypes = map[string]reflect.Type{}

// registerPayload declares the payload struct of an entry type. Call it
// from an init function; an applier then decodes into a *T at no cost.
func registerPayload[T any](typ string) {
	if _, dup := payloadTypes[typ]; dup {
		panic("local: payload registered twice: " + typ)
	}
	payloadTypes[typ] = func() any { return new(T) }
	payloadGoTypes[typ] = reflect.TypeFor[*T]()
}

// decode reads an entry's payload. When the entry carries its payload
// already decoded into v's type (applyAll), v gets a shallow copy: an
// applier must not change what the payload's slices and maps hold.
func (e *Entry) decode(v any) error {
	if e.decoded != nil {
		if dv, rv := reflect.ValueOf(e.decoded), reflect.ValueOf(v); dv.Type() == rv.Type() {
			rv.Elem().Set(dv.Elem())
			return nil
		}
	}
	if err := json.Unmarshal(e.Payload, v); err != nil {
		return fmt.Errorf("entry %d (%s): payload: %w", e.Seq, e.Type, err)
	}
	return nil
}

// payloadOf is e's payload: the value append built or applyAll decoded,
// shared by every applier of the entry (which only read it), else decoded
// afresh. An applier decoding a copy of a sale's order.placed (a
// pos.Order, escaping to the heap through decode's any) made nine of
// them a sale.
func payloadOf[T any](e Entry) (*T, error) {
	if p, ok := e.decoded.(*T); ok {
		return p, nil
	}
	p := new(T)
	return p, e.decode(p)
}

// entryAt reads the journal entry seq.
func entryAt(tx *bolt.Tx, seq uint64) (Entry, error) {
	return entryOf(tx.Bucket(bucketJournal).Get(seqKey(seq)), seq)
}

// entryOf is entryAt of the stored value v of entry seq (nil: missing).
func entryOf(v []byte, seq uint64) (Entry, error) {
	if v == nil {
		return Entry{}, fmt.Errorf("journal entry %d is missing", seq)
	}
	e, _, err := decodeEntry(v)
	return e, err
}

// lastEntry is the newest entry of the journal.
func lastEntry(tx *bolt.Tx) (Entry, bool, error) {
	k, v := tx.Bucket(bucketJournal).Cursor().Last()
	if k == nil {
		return Entry{}, false, nil
	}
	e, _, err := decodeEntry(v)
	return e, true, err
}

// forEachEntry calls fn for every entry from seq from on, in order.
func forEachEntry(tx *bolt.Tx, from uint64, fn func(e Entry) error) error {
	c := tx.Bucket(bucketJournal).Cursor()
	for k, v := c.Seek(seqKey(max(from, 1))); k != nil; k, v = c.Next() {
		e, _, err := decodeEntry(v)
		if err != nil {
			return badEntry(binary.BigEndian.Uint64(k), err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}
