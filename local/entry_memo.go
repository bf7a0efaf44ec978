package local

import (
	"encoding/binary"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The payloads a sale's print jobs are read from, kept decoded in memory
// by the hash of their entry: a ticket.issued entry (the ticket, read
// again by the print queue, the print confirmations and the orders view)
// and an order.placed entry's customer (read again for the tickets' name).
// The memo is filled as entries are appended, in this process, with the
// hash the append computed from the entry's bytes; a read finds an entry
// in it by the hash stored after the entry's bytes. A hash names one
// entry's bytes (sequence number, register, payload... all hashed), so the
// memo needs no invalidation: an entry of a transaction rolled back is
// never found, unless the same bytes were written again, and then what the
// memo holds is what they say. A file whose bytes were changed under a
// hash kept is found by verify, which reads the bytes, never the memo.
//
// Two generations of size entries: the older is dropped when the newer
// fills. The memos are read right after the sale that filled them (the
// spooler prints it): they stay small, so the garbage collector has little
// more to scan, and a bigger order falls back to decoding.
type payloadMemo[T any] struct{ gens[Digest, T] }

// gens is a memo of two generations of size entries: the older is dropped
// when the newer fills (the entry memos here, and recMemo).
type gens[K comparable, V any] struct {
	size     int
	mu       sync.Mutex
	cur, old map[K]V
}

func (g *gens[K, V]) put(k K, v V) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cur == nil || len(g.cur) >= g.size {
		// The older generation's map, emptied, takes the new one: a
		// new map each size puts was the memos' largest allocation
		// (recMemo's, some 10 kB every seven sales).
		next := g.old
		if next == nil {
			next = make(map[K]V, g.size)
		} else {
			clear(next)
		}
		g.old, g.cur = g.cur, next
	}
	g.cur[k] = v
}

func (g *gens[K, V]) lookup(k K) (V, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	v, ok := g.cur[k]
	if !ok {
		v, ok = g.old[k]
	}
	return v, ok
}

// forget empties the memo (tests: reads then decode every entry).
func (g *gens[K, V]) forget() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.cur, g.old = nil, nil
}

// get is the payload of the stored entry value v, if the memo has it.
func (m *payloadMemo[T]) get(v []byte) (T, bool) {
	h, ok := storedHash(v)
	if !ok {
		var zero T
		return zero, false
	}
	return m.lookup(h)
}

var (
	issuedMemo   = payloadMemo[ticketIssued]{gens[Digest, ticketIssued]{size: 64}} // ticket.issued payloads (pos.Ticket holds no pointer: copies share nothing)
	customerMemo = payloadMemo[orderCustomerRef]{gens[Digest, orderCustomerRef]{size: 64}}
	// placedMemo keeps order.placed payloads as read: an order just sold
	// is read again for its receipt, its done screen and its print
	// confirmations (a 4-ticket order's payload is 1.5 kB of JSON, some
	// 40 µs to decode here). Filled by the append with the order as
	// decoding gives it back (pos.Order.AsDecoded: the command's own
	// value may say "CHF" where the JSON left a zero amount out), else by
	// the first read of the entry: what decoding gives is what every
	// reader gets. Its orders share slices with nobody: cloned in and out
	// (pos.Order.Clone).
	placedMemo = payloadMemo[orderPlaced]{gens[Digest, orderPlaced]{size: 16}}
)

// orderCustomerRef is what an order.placed entry says of its order's
// number and customer (customerIDIn).
type orderCustomerRef struct{ number, customer string }

// storedHash is the hash stored after an entry's bytes (ok false: too
// short to be an entry).
func storedHash(v []byte) (Digest, bool) {
	var h Digest
	if len(v) < len(encodingMagic)+8+16+8+5*4+32+32 || string(v[:len(encodingMagic)]) != encodingMagic {
		return h, false
	}
	copy(h[:], v[len(v)-32:])
	return h, true
}

// storedTime is the time of a stored entry, as decodeEntry reads it (v
// checked by storedHash).
func storedTime(v []byte) time.Time {
	return time.Unix(0, int64(binary.BigEndian.Uint64(v[len(encodingMagic)+8+16:]))).UTC()
}

// memoize keeps what the memos keep of an entry just appended, whose
// payload the append decoded.
func memoize(e Entry) {
	switch p := e.decoded.(type) {
	case *ticketIssued:
		if e.Type == TypeTicketIssued {
			issuedMemo.put(e.Hash, *p)
		}
	case *orderPlaced:
		if e.Type == TypeOrderPlaced {
			customerMemo.put(e.Hash, orderCustomerRef{p.Order.Number, p.Order.Customer})
			// the spooler reads it right after the commit for its
			// receipt: decoding it there was a tenth of a printed sale
			if o, ok := p.Order.AsDecoded(); ok {
				placedMemo.put(e.Hash, orderPlaced{Order: o, Catalog: p.Catalog})
			}
		}
	}
}

// recMemo keeps the orders view's records decoded by their bytes: a sale
// writes its order's record once per ticket issued and once per ticket
// printed, each time reading back what it just wrote. Keyed by the bytes,
// it needs no invalidation either (a record of a transaction rolled back
// is found only where the same bytes are stored).
//
// A generation of 64: a record is read back within its sale (it changes
// at each ticket), so the last orders' are enough.
var recMemo = gens[string, orderRec]{size: 64}

// getRec reads an order's record from the orders view b.
func getRec(b *bolt.Bucket, number string) (orderRec, bool, error) {
	data := get(b, []byte(number))
	if data == nil {
		return orderRec{}, false, nil
	}
	if rec, ok := recMemo.lookup(string(data)); ok {
		rec.Tickets = slices.Clone(rec.Tickets) // the caller's own: it changes tickets in place
		return rec, true, nil
	}
	var rec orderRec
	if err := json.Unmarshal(data, &rec); err != nil {
		return orderRec{}, false, &DamagedViewError{Key: number, Err: err}
	}
	return rec, true, nil
}

// putRec writes an order's record to the orders view b.
func putRec(b *bolt.Bucket, number string, rec orderRec) error {
	data, err := marshalRec(rec)
	if err != nil {
		return err
	}
	if err := b.Put([]byte(number), data); err != nil {
		return err
	}
	if rec.Validation != nil || rec.Refunds != nil || !rec.Validated.IsZero() || rec.Cancellations != nil || reprinted(rec) {
		// Kept only where the record decodes to exactly what was
		// encoded (strings, numbers, the tickets): a payment's or a
		// time's JSON is left to decode.
		return nil
	}
	rec.Tickets = slices.Clone(rec.Tickets)
	recMemo.put(string(data), rec)
	return nil
}

// marshalRec is json.Marshal(rec), written by hand for a record without a
// payment validated nor refunds (a sale's: its record is written again at
// each ticket issued and printed, some ten times a printed sale, each by
// reflection before): the same bytes (TestMarshalRecIsJSON), the other
// records through encoding/json.
func marshalRec(rec orderRec) ([]byte, error) {
	if rec.Validation != nil || rec.Refunds != nil || !rec.Validated.IsZero() || rec.Cancellations != nil || reprinted(rec) {
		return json.Marshal(rec)
	}
	b := make([]byte, 0, 64+32*len(rec.Tickets))
	b = append(b, `{"placed":`...)
	b = strconv.AppendUint(b, rec.Placed, 10)
	b = append(b, `,"state":`...)
	b = appendJSONString(b, rec.State)
	b = append(b, `,"tickets":`...)
	if rec.Tickets == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, t := range rec.Tickets {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			sep := ""
			if t.State != "" {
				b = appendJSONString(append(b, `"state":`...), t.State)
				sep = ","
			}
			if t.Issued != 0 {
				b = strconv.AppendUint(append(append(b, sep...), `"issued":`...), t.Issued, 10)
				sep = ","
			}
			if t.Printed != 0 {
				b = strconv.AppendInt(append(append(b, sep...), `"printed":`...), int64(t.Printed), 10)
				sep = ","
			}
			if t.Reprints != 0 {
				b = strconv.AppendInt(append(append(b, sep...), `"reprints":`...), int64(t.Reprints), 10)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if rec.CancelReason != "" {
		b = appendJSONString(append(b, `,"cancel_reason":`...), rec.CancelReason)
	}
	if rec.ExchangedInto != "" {
		b = appendJSONString(append(b, `,"exchanged_into":`...), rec.ExchangedInto)
	}
	if rec.Customer != nil {
		b = appendJSONString(append(b, `,"customer":`...), *rec.Customer)
	}
	if rec.Receipts != 0 {
		b = strconv.AppendInt(append(b, `,"receipts":`...), int64(rec.Receipts), 10)
	}
	return append(b, '}'), nil
}

// reprinted says whether a ticket of rec lists its print jobs (a ticket
// reprinted and printed since: rare, written by encoding/json and not
// kept in the memo).
func reprinted(rec orderRec) bool {
	for _, t := range rec.Tickets {
		if t.PrintedJobs != nil {
			return true
		}
	}
	return false
}

// appendJSONString appends s as encoding/json writes it: printable ASCII
// but for the characters it escapes as it is, anything else through
// encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
