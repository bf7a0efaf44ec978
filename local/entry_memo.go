package local

import (
	"encoding/binary"
	"sync"
	"time"
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
// Two generations of memoSize: the older is dropped when the newer fills.
type payloadMemo[T any] struct {
	mu       sync.Mutex
	cur, old map[Digest]T
}

const memoSize = 4096

func (m *payloadMemo[T]) put(h Digest, v T) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cur == nil || len(m.cur) >= memoSize {
		m.old, m.cur = m.cur, make(map[Digest]T, 64)
	}
	m.cur[h] = v
}

// get is the payload of the stored entry value v, if the memo has it.
func (m *payloadMemo[T]) get(v []byte) (T, bool) {
	var zero T
	h, ok := storedHash(v)
	if !ok {
		return zero, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.cur[h]
	if !ok {
		p, ok = m.old[h]
	}
	return p, ok
}

var (
	issuedMemo   payloadMemo[ticketIssued] // ticket.issued payloads (pos.Ticket holds no pointer: copies share nothing)
	customerMemo payloadMemo[orderCustomerRef]
)

// orderCustomerRef is what an order.placed entry says of its order's
// number and customer (customerIDOf).
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
		}
	}
}

// forget empties the memo (tests: reads then decode every entry).
func (m *payloadMemo[T]) forget() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur, m.old = nil, nil
}
