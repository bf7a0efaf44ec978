package local

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"reflect"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// writer appends entries in one write transaction. Every command builds
// one, appends its entries with w.append, and returns only after the
// transaction commits: everything it appended is then durable together.
type writer struct {
	reg      *Register // nil: no closures fall due (tools)
	tx       *bolt.Tx
	register string
	currency pos.Currency
	now      time.Time
	shift    string
	staff    string
	last     Entry // the entry before the next one (Seq 0: none yet)
	loaded   bool
	// journal looks up, before each append, that the entry's number is
	// free: one cursor for the writer's entries (a Get made a cursor and
	// grew its stack, three allocations, for each of a sale's dozen).
	journal *bolt.Cursor
}

// load reads the last entry before the transaction's first append, and
// writes the closures that fell due since the register's last action
// (closeDue): they come before the action that noticed midnight passed.
func (w *writer) load() error {
	if w.loaded {
		return nil
	}
	if l, ok := w.lastInBatch(); ok {
		w.last = l
	} else {
		last, ok, err := lastEntry(w.tx)
		if err != nil {
			return err
		}
		if ok {
			w.last = last
		}
	}
	w.loaded = true
	if w.reg != nil && w.reg.key != nil && w.last.Seq > 0 {
		return w.closeDue()
	}
	return nil
}

func (r *Register) newWriter(tx *bolt.Tx, now time.Time, shift, staff string) *writer {
	return &writer{reg: r, tx: tx, register: r.id, currency: r.cat().Currency(), now: now, shift: shift, staff: staff}
}

// append writes one entry (payload as JSON) at the end of the journal,
// chained to the one before, and folds it into every view. It is durable
// when the transaction commits, together with the rest of the command.
func (w *writer) append(typ string, payload any) (Entry, error) {
	if err := w.load(); err != nil {
		return Entry{}, err
	}
	payload = asPointer(payload)
	// data is in a pooled buffer (buf) until the entry's encoding copied
	// it: the entry's Payload is then cut from its encoding.
	data, buf, err := payloadBytes(payload)
	if err == nil && bytes.Contains(data, []byte(`"0"`)) {
		// Only a zero amount without a currency is written "0" (or a text
		// that is "0"): give such amounts the register's currency. Most
		// payloads have none, and are not walked.
		releasePayload(buf, data)
		payload = withCurrency(payload, w.currency)
		data, buf, err = payloadBytes(payload)
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
	releasePayload(buf, data)
	// the payload as encode copied it (before the previous hash): the
	// entry keeps its bytes there, with no room to append into the hash
	at := len(enc) - len(e.Prev) - len(data)
	e.Payload = enc[at : at+len(data) : at+len(data)]
	e.Hash = sha256.Sum256(enc)
	jb := w.tx.Bucket(bucketJournal)
	jb.FillPercent = 1 // keys only ever grow: fill each page before starting the next
	if w.journal == nil {
		w.journal = jb.Cursor()
	}
	key := seqKey(e.Seq)
	// Seek finds a key again after the writes before it (a Get's test)
	if k, v := w.journal.Seek(key); bytes.Equal(k, key) && v != nil {
		// The last key does not hold the last entry (entries moved): an
		// entry is never overwritten.
		return Entry{}, &BrokenJournalError{Bad: badEntry(e.Seq-1, pos.Errorf("the last entry is not stored under its own number"))}
	}
	if err := jb.Put(key, append(enc, e.Hash[:]...)); err != nil {
		return Entry{}, err
	}
	if c := w.committer(); c != nil {
		// The committer writes the head once, after the batch's last
		// entry (runBatch): a sale appends a dozen entries, and each
		// head written over the one before cost a Put.
		c.lastAppended, c.hasLast = Entry{Seq: e.Seq, Time: e.Time, Hash: e.Hash}, true
	} else if err := putHead(w.tx, e); err != nil {
		return Entry{}, err
	}
	if err := applyAll(w.tx, e); err != nil {
		return Entry{}, err
	}
	memoize(e)
	w.last = e
	return e, nil
}

// lastInBatch is the entry the writers before this one in the committer's
// transaction appended last, if any: the journal's last, which a writer
// read again and decoded whole (payload included) for each of the batch's
// sales. It holds what the chain needs of it: its number, time and hash.
func (w *writer) lastInBatch() (Entry, bool) {
	if c := w.committer(); c != nil && c.hasLast {
		return c.lastAppended, true
	}
	return Entry{}, false
}

// committer is the register's committer when w writes in the transaction
// it is running (nil: another transaction, or no register).
func (w *writer) committer() *committer {
	if w.reg == nil || w.reg.committer.batchTx != w.tx {
		return nil
	}
	return &w.reg.committer
}

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
