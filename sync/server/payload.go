package server

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"guichet/pos"
)

// The payloads of a sale's entries (order.placed, payment.captured,
// ticket.issued) are most of what a push decodes. They are read here in
// one pass, without reflection: json.Unmarshal scans a payload twice (once
// to check it, once to decode it) and chooses each field's decoder by
// reflection, which cost the ingest a third of its Go time.
//
// The rule that keeps this safe: a reader either answers exactly what
// json.Unmarshal answers into the same struct, or gives up (false), and
// then json.Unmarshal reads the payload as before. It gives up on anything
// it does not need to understand: an escape or a control character in a
// string it keeps, a key that repeats or differs from a field's only in
// case, a number that is not a plain integer, text that is not UTF-8.
// Values of fields the struct does not have are checked as JSON and
// skipped, as json.Unmarshal skips them.

// decodePayload reads data into v with read, or, if read gives up, with
// json.Unmarshal.
func decodePayload[T any](data []byte, v *T, read func(r *jsonReader, v *T) bool) error {
	r := jsonReader{b: data}
	var fast T
	if read(&r, &fast) && r.end() {
		*v = fast
		return nil
	}
	return json.Unmarshal(data, v)
}

func readOrderPlaced(r *jsonReader, v *orderPlaced) bool {
	return r.object([]string{"order"}, func(int) bool {
		o := &v.Order
		return r.object([]string{"number", "state", "total", "customer", "deadline", "offer", "lines", "tickets"}, func(k int) bool {
			switch k {
			case 0:
				return r.str(&o.Number)
			case 1:
				return r.str(&o.State)
			case 2:
				return r.money(&o.Total)
			case 3:
				return r.str(&o.Customer)
			case 4:
				raw, ok := r.skip()
				return ok && o.Deadline.UnmarshalJSON(raw) == nil
			case 5:
				if r.null() {
					o.Offer = nil
					return true
				}
				o.Offer = new(orderOffer)
				return r.object([]string{"id", "code"}, func(k int) bool {
					if k == 0 {
						return r.str(&o.Offer.ID)
					}
					return r.str(&o.Offer.Code)
				})
			case 6:
				return readSlice(r, &o.Lines, func(l *orderLine) bool {
					return r.object([]string{"offer_item"}, func(int) bool { return r.str(&l.OfferItem) })
				})
			default:
				return readSlice(r, &o.Tickets, func(t *orderTicket) bool {
					return r.object([]string{"number", "kind", "line", "performance", "zone", "seat", "category", "item", "offer", "price"}, func(k int) bool {
						switch k {
						case 0:
							return r.str(&t.Number)
						case 1:
							return r.str(&t.Kind)
						case 2:
							return r.integer(&t.Line)
						case 3:
							return r.str(&t.Performance)
						case 4:
							return r.str(&t.Zone)
						case 5:
							return r.str(&t.Seat)
						case 6:
							return r.str(&t.Category)
						case 7:
							return r.str(&t.Item)
						case 8:
							return r.str(&t.Offer)
						default:
							return r.money(&t.Price)
						}
					})
				})
			}
		})
	})
}

func readPaymentCaptured(r *jsonReader, v *paymentCaptured) bool {
	return r.object([]string{"order", "payment"}, func(k int) bool {
		if k == 0 {
			return r.str(&v.Order)
		}
		p := &v.Payment
		return r.object([]string{"method", "kind", "amount", "tendered", "change", "rounding", "card", "voucher", "left", "pending", "reference"}, func(k int) bool {
			switch k {
			case 0:
				return r.str(&p.Method)
			case 1:
				return r.str(&p.Kind)
			case 2:
				return r.money(&p.Amount)
			case 3:
				return r.money(&p.Tendered)
			case 4:
				return r.money(&p.Change)
			case 5:
				return r.money(&p.Rounding)
			case 6:
				if r.null() {
					p.Card = nil
					return true
				}
				p.Card = new(pos.CardRef)
				c := p.Card
				return r.object([]string{"terminal_ref", "approval", "brand", "last4"}, func(k int) bool {
					return r.str([]*string{&c.Terminal, &c.Approval, &c.Brand, &c.Last4}[k])
				})
			case 7:
				return r.str(&p.Voucher)
			case 8:
				if r.null() {
					p.Left = nil
					return true
				}
				p.Left = new(pos.Money)
				return r.money(p.Left)
			case 9:
				return r.boolean(&p.Pending)
			default:
				return r.str(&p.Reference)
			}
		})
	})
}

func readTicketIssued(r *jsonReader, v *ticketIssued) bool {
	return r.object([]string{"ticket", "qr"}, func(k int) bool {
		if k == 1 {
			return r.str(&v.QR)
		}
		return r.object([]string{"number"}, func(int) bool { return r.str(&v.Ticket.Number) })
	})
}

// readSlice reads a JSON array into *s as json.Unmarshal does into a nil
// slice: null leaves it nil, [] makes it empty, each element starts zero.
func readSlice[E any](r *jsonReader, s *[]E, elem func(*E) bool) bool {
	if r.null() {
		*s = nil
		return true
	}
	if !r.eat('[') {
		return false
	}
	*s = make([]E, 0, 1)
	if r.eat(']') {
		return true
	}
	for {
		var e E
		if !elem(&e) {
			return false
		}
		*s = append(*s, e)
		if r.eat(']') {
			return true
		}
		if !r.eat(',') {
			return false
		}
	}
}

// jsonReader reads JSON from b at i.
type jsonReader struct {
	b []byte
	i int
}

func (r *jsonReader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// eat consumes c (after spaces) if it comes next.
func (r *jsonReader) eat(c byte) bool {
	r.ws()
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

// end: nothing but spaces is left.
func (r *jsonReader) end() bool {
	r.ws()
	return r.i == len(r.b)
}

// null consumes a null if one comes next.
func (r *jsonReader) null() bool {
	r.ws()
	if bytes.HasPrefix(r.b[r.i:], []byte("null")) {
		r.i += 4
		return true
	}
	return false
}

// object reads an object (or null: nothing to set) whose fields are keys:
// field(k) reads the value of keys[k]. Another key's value is skipped; a
// key that repeats one of keys, or matches one only ignoring case, gives
// up (json.Unmarshal's rules for those are its own).
func (r *jsonReader) object(keys []string, field func(k int) bool) bool {
	if r.null() {
		return true
	}
	if !r.eat('{') {
		return false
	}
	if r.eat('}') {
		return true
	}
	var seen uint64
	for {
		r.ws()
		key, ok := r.raw()
		if !ok || !r.eat(':') {
			return false
		}
		k := -1
		for j, want := range keys {
			if string(key) == want {
				k = j
				break
			}
		}
		if k < 0 && keys != nil && !otherKey(key, keys) {
			return false
		}
		if k >= 0 {
			if seen&(1<<k) != 0 {
				return false
			}
			seen |= 1 << k
			r.ws()
			if !field(k) {
				return false
			}
		} else {
			if _, ok := r.skip(); !ok {
				return false
			}
		}
		if r.eat('}') {
			return true
		}
		if !r.eat(',') {
			return false
		}
	}
}

// otherKey: key is none of keys even ignoring case, as json.Unmarshal
// matches keys to fields (false as well for a key beyond ASCII, whose
// Unicode folding is left to json.Unmarshal).
func otherKey(key []byte, keys []string) bool {
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	for _, want := range keys {
		if len(want) == len(key) && strings.EqualFold(string(key), want) {
			return false
		}
	}
	return true
}

// raw is the bytes of a string without escapes or control characters,
// in UTF-8, which json.Unmarshal would decode to the same bytes.
func (r *jsonReader) raw() ([]byte, bool) {
	if r.i >= len(r.b) || r.b[r.i] != '"' {
		return nil, false
	}
	ascii := true
	for j := r.i + 1; j < len(r.b); j++ {
		switch c := r.b[j]; {
		case c == '"':
			s := r.b[r.i+1 : j]
			if !ascii && !utf8.Valid(s) {
				return nil, false
			}
			r.i = j + 1
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

// str reads a string into *s (null leaves it).
func (r *jsonReader) str(s *string) bool {
	if r.null() {
		return true
	}
	v, ok := r.raw()
	if ok {
		*s = string(v)
	}
	return ok
}

// money reads an amount as pos.Money's UnmarshalText does (null leaves it).
func (r *jsonReader) money(m *pos.Money) bool {
	if r.null() {
		return true
	}
	v, ok := r.raw()
	return ok && m.UnmarshalText(v) == nil
}

// integer reads a plain integer into *n (null leaves it).
func (r *jsonReader) integer(n *int) bool {
	if r.null() {
		return true
	}
	start := r.i
	if r.i < len(r.b) && r.b[r.i] == '-' {
		r.i++
	}
	digits := r.i
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		r.i++
	}
	if r.i == digits || (r.b[digits] == '0' && r.i > digits+1) {
		return false
	}
	if r.i < len(r.b) && (r.b[r.i] == '.' || r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		return false
	}
	v, err := strconv.ParseInt(string(r.b[start:r.i]), 10, strconv.IntSize)
	if err != nil {
		return false
	}
	*n = int(v)
	return true
}

// boolean reads true or false into *b (null leaves it).
func (r *jsonReader) boolean(b *bool) bool {
	switch {
	case r.null():
		return true
	case r.lit("true"):
		*b = true
		return true
	case r.lit("false"):
		*b = false
		return true
	}
	return false
}

func (r *jsonReader) lit(s string) bool {
	if bytes.HasPrefix(r.b[r.i:], []byte(s)) {
		r.i += len(s)
		return true
	}
	return false
}

// skip passes over one value, checked as JSON, and returns its bytes.
func (r *jsonReader) skip() ([]byte, bool) {
	r.ws()
	start := r.i
	if r.i >= len(r.b) {
		return nil, false
	}
	ok := false
	switch c := r.b[r.i]; {
	case c == '"':
		ok = r.skipString()
	case c == '{':
		ok = r.object(nil, nil)
	case c == '[':
		r.i++
		if ok = r.eat(']'); !ok {
			for {
				if _, ok = r.skip(); !ok {
					break
				}
				if ok = r.eat(']'); ok {
					break
				}
				if !r.eat(',') {
					break
				}
			}
		}
	case c == '-' || (c >= '0' && c <= '9'):
		ok = r.skipNumber()
	default:
		ok = r.lit("true") || r.lit("false") || r.lit("null")
	}
	return r.b[start:r.i], ok
}

// skipString passes over a string, escapes included, as JSON allows it.
func (r *jsonReader) skipString() bool {
	for j := r.i + 1; j < len(r.b); j++ {
		switch c := r.b[j]; {
		case c == '"':
			r.i = j + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			j++
			if j >= len(r.b) {
				return false
			}
			switch r.b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(r.b) {
					return false
				}
				for _, h := range r.b[j+1 : j+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				j += 4
			default:
				return false
			}
		}
	}
	return false
}

// skipNumber passes over a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *jsonReader) skipNumber() bool {
	b := r.b
	i := r.i
	digits := func() bool {
		s := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > s
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	r.i = i
	return true
}
