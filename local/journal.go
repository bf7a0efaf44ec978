package local

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Top-level buckets of the file. The journal is the source of truth; meta
// holds the register's identity. Each view is a top-level bucket of its
// own, named viewPrefix + its name, derived from the journal and rebuilt
// from it when needed: not nested under one "views" bucket, whose page a
// sale would otherwise write once more.
var (
	bucketJournal = []byte("journal")
	bucketMeta    = []byte("meta")
)

// viewPrefix starts the bucket name of every view.
const viewPrefix = "v."

// legacyViews is the bucket that held every view up to views format 4; it
// is dropped when the views are rebuilt.
var legacyViews = []byte("views")

// Journal entry types. Payloads are the JSON of the Go structs in
// views.go; a type is never renamed, a payload only gains fields.
const (
	TypeRegisterKey      = "register.key"
	TypeCapacityGranted  = "capacity.granted"
	TypeShiftOpened      = "shift.opened"
	TypeCashMoved        = "cash.moved"
	TypeOrderPlaced      = "order.placed"
	TypePaymentCaptured  = "payment.captured"
	TypePaymentValidated = "payment.validated"
	TypeOrderCanceled    = "order.canceled"
	TypeTicketIssued     = "ticket.issued"
	TypeTicketPrinted    = "ticket.printed"
	TypeTicketReprinted  = "ticket.reprinted"
	TypeExchangeMade     = "exchange.made"
	TypeCustomerSaved    = "customer.saved"
	TypeShiftClosed      = "shift.closed"
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

// decodeEntry reads a stored value: canonical encoding then hash. It checks
// the layout, not the hash (verify does).
func decodeEntry(v []byte) (Entry, []byte, error) {
	var e Entry
	bad := func(what string) (Entry, []byte, error) {
		return e, nil, fmt.Errorf("the stored entry is damaged (%s)", what)
	}
	if len(v) < len(encodingMagic)+8+16+8+5*4+32+32 || string(v[:3]) != encodingMagic {
		return bad("header")
	}
	p := v[3:]
	e.Seq = binary.BigEndian.Uint64(p)
	copy(e.ID[:], p[8:24])
	e.Time = time.Unix(0, int64(binary.BigEndian.Uint64(p[24:32]))).UTC()
	p = p[32:]
	var fields [5][]byte
	for i := range fields {
		if len(p) < 4 {
			return bad("field length")
		}
		n := binary.BigEndian.Uint32(p)
		p = p[4:]
		if uint64(n) > uint64(len(p)) {
			return bad("field length")
		}
		fields[i], p = p[:n], p[n:]
	}
	if len(p) != 64 {
		return bad("trailer")
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

func init() {
	registerPayload[registerKey](TypeRegisterKey)
	registerPayload[capacityGranted](TypeCapacityGranted)
	registerPayload[shiftOpened](TypeShiftOpened)
	registerPayload[cashMoved](TypeCashMoved)
	registerPayload[orderPlaced](TypeOrderPlaced)
	registerPayload[paymentCaptured](TypePaymentCaptured)
	registerPayload[paymentValidated](TypePaymentValidated)
	registerPayload[orderCanceled](TypeOrderCanceled)
	registerPayload[ticketIssued](TypeTicketIssued)
	registerPayload[ticketPrinted](TypeTicketPrinted)
	registerPayload[ticketReprinted](TypeTicketReprinted)
	registerPayload[exchangeMade](TypeExchangeMade)
	registerPayload[customerSaved](TypeCustomerSaved)
	registerPayload[shiftClosed](TypeShiftClosed)
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

// An applier folds one entry into a view. It runs in the transaction that
// appends the entry, and again for every entry when views are rebuilt, so
// it must depend on nothing but the entry and the views (no clock, no
// catalog, no map order).
type applier struct {
	name  string // the view's name; its bucket is viewPrefix + name
	apply func(tx *bolt.Tx, e Entry) error
	types map[string]bool // the entry types it folds; nil: every type
}

var appliers []applier

// viewBuckets maps a view's name to its bucket's name (filled by
// registerView at init, read-only after).
var viewBuckets = map[string][]byte{}

// registerView adds a view: a top-level bucket viewPrefix + name, and the
// function that folds each entry into it. Call it from an init function.
// Adding a view to a file that has none yet rebuilds every view at Open.
// When types are given, the applier sees only entries of those types (a
// sale then neither calls nor opens the views it cannot change); it must
// ignore every other type, which the tests check by folding the journal
// again with every applier seeing every entry (foldEveryEntry).
func registerView(name string, apply func(tx *bolt.Tx, e Entry) error, types ...string) {
	for _, a := range appliers {
		if a.name == name {
			panic("local: view registered twice: " + name)
		}
	}
	var set map[string]bool
	if len(types) > 0 {
		set = map[string]bool{}
		for _, t := range types {
			set[t] = true
		}
	}
	appliers = append(appliers, applier{name, apply, set})
	viewBuckets[name] = []byte(viewPrefix + name)
}

// view is a view's bucket in tx.
func view(tx *bolt.Tx, name string) *bolt.Bucket {
	return tx.Bucket(viewBuckets[name])
}

// writer appends entries in one write transaction. Every command builds
// one, appends its entries with w.append, and returns only after the
// transaction commits: everything it appended is then durable together.
type writer struct {
	tx       *bolt.Tx
	register string
	currency pos.Currency
	now      time.Time
	shift    string
	staff    string
	last     Entry // the entry before the next one (Seq 0: none yet)
	loaded   bool
	appended []Entry
}

func (r *Register) newWriter(tx *bolt.Tx, now time.Time, shift, staff string) *writer {
	return &writer{tx: tx, register: r.id, currency: r.cat.Currency(), now: now, shift: shift, staff: staff}
}

// append writes one entry (payload as JSON) at the end of the journal,
// chained to the one before, and folds it into every view. It is durable
// when the transaction commits, together with the rest of the command.
func (w *writer) append(typ string, payload any) (Entry, error) {
	if !w.loaded {
		last, ok, err := lastEntry(w.tx)
		if err != nil {
			return Entry{}, err
		}
		if ok {
			w.last = last
		}
		w.loaded = true
	}
	payload = asPointer(payload)
	data, err := json.Marshal(payload)
	if err == nil && bytes.Contains(data, []byte(`"0"`)) {
		// Only a zero amount without a currency is written "0" (or a text
		// that is "0"): give such amounts the register's currency. Most
		// payloads have none, and are not walked.
		payload = withCurrency(payload, w.currency)
		data, err = json.Marshal(payload)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("%s: %w", typ, err)
	}
	e := Entry{
		Seq: w.last.Seq + 1, ID: uuid.New(), Time: w.now.UTC(), Register: w.register,
		Shift: w.shift, Staff: w.staff, Type: typ, Payload: data, Prev: w.last.Hash,
	}
	if w.last.Seq == 0 {
		e.Prev = Digest{}
	}
	// The views fold the payload as the command built it: decoding the
	// JSON just written gives the same value (a rebuild, which decodes,
	// yields byte-identical views: tested), except where encoding/json
	// replaced invalid UTF-8, which it writes as \ufffd: then the views
	// fold what the journal reads back.
	if reflect.TypeOf(payload) == payloadGoTypes[typ] && !bytes.Contains(data, []byte(`\ufffd`)) {
		e.decoded = payload
	}
	enc := e.encode()
	e.Hash = sha256.Sum256(enc)
	jb := w.tx.Bucket(bucketJournal)
	jb.FillPercent = 1 // keys only ever grow: fill each page before starting the next
	if jb.Get(seqKey(e.Seq)) != nil {
		// The last key does not hold the last entry (entries moved): an
		// entry is never overwritten.
		return Entry{}, &BrokenJournalError{Bad: &BadEntryError{e.Seq - 1, "the last entry is not stored under its own number"}}
	}
	if err := jb.Put(seqKey(e.Seq), append(enc, e.Hash[:]...)); err != nil {
		return Entry{}, err
	}
	if err := applyAll(w.tx, e); err != nil {
		return Entry{}, err
	}
	w.last = e
	w.appended = append(w.appended, e)
	return e, nil
}

// applyAll folds one entry into every view, its payload decoded once from
// the stored JSON unless append handed it the payload as built.
func applyAll(tx *bolt.Tx, e Entry) error {
	if newPayload, ok := payloadTypes[e.Type]; ok && e.decoded == nil {
		p := newPayload()
		if err := json.Unmarshal(e.Payload, p); err != nil {
			return fmt.Errorf("entry %d (%s): payload: %w", e.Seq, e.Type, err)
		}
		e.decoded = p
	}
	for _, a := range appliers {
		if a.types != nil && !a.types[e.Type] && !foldEveryEntry {
			continue
		}
		if err := a.apply(tx, e); err != nil {
			return fmt.Errorf("view %s: %w", a.name, err)
		}
	}
	return nil
}

// foldEveryEntry makes applyAll hand every entry to every applier, whatever
// types it registered: tests set it to check those types miss nothing.
var foldEveryEntry bool

// entryAt reads the journal entry seq.
func entryAt(tx *bolt.Tx, seq uint64) (Entry, error) {
	v := tx.Bucket(bucketJournal).Get(seqKey(seq))
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
	return verifyFrom(tx, register, 0, Digest{})
}

// forEachEntry calls fn for every entry from seq from on, in order.
func forEachEntry(tx *bolt.Tx, from uint64, fn func(e Entry) error) error {
	c := tx.Bucket(bucketJournal).Cursor()
	for k, v := c.Seek(seqKey(max(from, 1))); k != nil; k, v = c.Next() {
		e, _, err := decodeEntry(v)
		if err != nil {
			return &BadEntryError{binary.BigEndian.Uint64(k), err.Error()}
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// ensureViews creates every registered view's bucket. It reports whether
// any was missing (then the views must be rebuilt).
func ensureViews(tx *bolt.Tx) (missing bool, err error) {
	for _, a := range appliers {
		if tx.Bucket(viewBuckets[a.name]) == nil {
			missing = true
			if _, err := tx.CreateBucket(viewBuckets[a.name]); err != nil {
				return false, err
			}
		}
	}
	return missing, nil
}

// viewBucketNames lists the file's view buckets (registered or not), in
// key order.
func viewBucketNames(tx *bolt.Tx) [][]byte {
	var names [][]byte
	c := tx.Cursor()
	for k, _ := c.Seek([]byte(viewPrefix)); k != nil && bytes.HasPrefix(k, []byte(viewPrefix)); k, _ = c.Next() {
		names = append(names, append([]byte(nil), k...))
	}
	return names
}

// rebuildViews drops every view (and the older layout's "views" bucket)
// and folds the whole journal into fresh ones. It returns the number of
// entries replayed.
func rebuildViews(tx *bolt.Tx) (uint64, error) {
	for _, name := range append(viewBucketNames(tx), legacyViews) {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return 0, err
			}
		}
	}
	if _, err := ensureViews(tx); err != nil {
		return 0, err
	}
	var n uint64
	err := forEachEntry(tx, 1, func(e Entry) error {
		n++
		return applyAll(tx, e)
	})
	return n, err
}

// viewsDigest is a SHA-256 over every key and value of every view, in key
// order: two files with the same digest have byte-identical views.
func viewsDigest(tx *bolt.Tx) Digest {
	h := sha256.New()
	var walk func(b *bolt.Bucket, depth int)
	walk = func(b *bolt.Bucket, depth int) {
		_ = b.ForEach(func(k, v []byte) error {
			var hdr [9]byte
			hdr[0] = byte(depth)
			binary.BigEndian.PutUint32(hdr[1:], uint32(len(k)))
			binary.BigEndian.PutUint32(hdr[5:], uint32(len(v)))
			if v == nil {
				hdr[0] |= 0x80
			}
			h.Write(hdr[:])
			h.Write(k)
			h.Write(v)
			if v == nil {
				walk(b.Bucket(k), depth+1)
			}
			return nil
		})
	}
	for _, name := range viewBucketNames(tx) {
		var hdr [9]byte
		hdr[0] = 0x80
		binary.BigEndian.PutUint32(hdr[1:], uint32(len(name)))
		h.Write(hdr[:])
		h.Write(name)
		walk(tx.Bucket(name), 1)
	}
	var d Digest
	copy(d[:], h.Sum(nil))
	return d
}

var errStop = errors.New("stop")

var moneyType = reflect.TypeFor[pos.Money]()

// asPointer is a pointer to the payload (a copy of it when given by value),
// the shape applyAll hands to the views.
func asPointer(payload any) any {
	v := reflect.ValueOf(payload)
	if v.Kind() == reflect.Pointer {
		return payload
	}
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	return p.Interface()
}

// withCurrency gives every zero amount without a currency (a card payment's
// change, say) the register's currency, so the journal says "CHF 0.00"
// rather than "0".
func withCurrency(payload any, cur pos.Currency) any {
	v := reflect.ValueOf(payload)
	if v.Kind() != reflect.Pointer {
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		fillCurrency(p.Elem(), cur)
		return p.Interface()
	}
	fillCurrency(v.Elem(), cur)
	return payload
}

func fillCurrency(v reflect.Value, cur pos.Currency) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == moneyType {
			if m := v.Addr().Interface().(*pos.Money); m.Currency == "" && m.Amount == 0 {
				m.Currency = cur
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fillCurrency(v.Field(i), cur)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fillCurrency(v.Index(i), cur)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			fillCurrency(v.Elem(), cur)
		}
	}
}
