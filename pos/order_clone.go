package pos

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// Clone is a copy of o that shares no slice, map or pointer with it (time
// locations aside, which nobody changes): a memo of orders can hand one
// out, and its reader change it, without the next reader seeing that.
func (o Order) Clone() Order {
	o.Lines = slices.Clone(o.Lines)
	for i := range o.Lines {
		o.Lines[i].Answers = maps.Clone(o.Lines[i].Answers)
		o.Lines[i].Missing = slices.Clone(o.Lines[i].Missing)
	}
	if o.Offer != nil {
		a := *o.Offer
		o.Offer = &a
	}
	o.Fees = slices.Clone(o.Fees)
	o.Tickets = slices.Clone(o.Tickets)
	o.Payments = slices.Clone(o.Payments)
	for i := range o.Payments {
		if c := o.Payments[i].Card; c != nil {
			card := *c
			o.Payments[i].Card = &card
		}
		if l := o.Payments[i].Left; l != nil {
			left := *l
			o.Payments[i].Left = &left
		}
	}
	o.VAT = slices.Clone(o.VAT)
	return o
}

// AsDecoded is what encoding/json gives back from o's JSON, worked out
// without the JSON: a copy sharing nothing with o, where the JSON leaves
// out an empty list, a zero amount or time of an omitzero field, an
// offer's pricing, and where a time comes back without its monotonic
// reading, in UTC ("Z"), time.Local or a zone of its offset. The register
// keeps an order just sold so for its receipt and print confirmations,
// instead of decoding its 1.5 kB of JSON there (some 40 µs and 150
// allocations a sale). ok is false where only decoding can tell: an
// amount whose text does not read back (a currency not known or not in
// capitals, more than 15 digits), a time with seconds in its offset or
// outside years 0-9999. Strings are kept: the caller knows they are
// valid UTF-8 (encoding/json writes invalid bytes as \ufffd).
func (o Order) AsDecoded() (Order, bool) {
	d := decoder{ok: true}
	o.Placed = d.time(o.Placed, false)
	o.Lines = listAsDecoded(o.Lines, false, func(l *PricedLine) {
		l.Answers = mapAsDecoded(l.Answers)
		l.Amount = d.money(l.Amount, true)
		l.Missing = listAsDecoded(l.Missing, true, nil)
		l.Unit, l.Regular = d.money(l.Unit, false), d.money(l.Regular, false)
		l.Charged, l.Discount = d.money(l.Charged, false), d.money(l.Discount, false)
		l.VAT = d.money(l.VAT, true)
		l.Expires = d.time(l.Expires, true)
	})
	if o.Offer != nil {
		a := *o.Offer
		a.offer = nil // not in the JSON
		o.Offer = &a
	}
	o.Fees = listAsDecoded(o.Fees, true, func(f *Fee) {
		f.Amount, f.VAT = d.money(f.Amount, false), d.money(f.VAT, true)
	})
	o.Total = d.money(o.Total, false)
	o.Tickets = listAsDecoded(o.Tickets, false, func(t *Ticket) {
		t.Price, t.Regular = d.money(t.Price, false), d.money(t.Regular, false)
		t.Expires = d.time(t.Expires, true)
	})
	o.Payments = listAsDecoded(o.Payments, false, func(p *Payment) {
		p.Amount = d.money(p.Amount, false)
		p.Tendered, p.Change, p.Rounding = d.money(p.Tendered, true), d.money(p.Change, true), d.money(p.Rounding, true)
		if p.Card != nil {
			c := *p.Card
			p.Card = &c
		}
		if p.Left != nil {
			l := d.money(*p.Left, false)
			p.Left = &l
		}
	})
	o.Deadline = d.time(o.Deadline, true)
	o.VAT = listAsDecoded(o.VAT, true, func(v *VATTotal) {
		v.Gross, v.Amount = d.money(v.Gross, false), d.money(v.Amount, false)
	})
	return o, d.ok
}

// decoder works out what JSON gives back of amounts and times
// (Order.AsDecoded); ok turns false at the first it cannot tell.
type decoder struct{ ok bool }

// money is m read back from its text (MarshalText, UnmarshalText), or
// left out when zero and omitzero.
func (d *decoder) money(m Money, omitzero bool) Money {
	switch {
	case m.Currency == "" || omitzero && m.IsZero():
		// "0" (an amount without currency other than zero does not
		// encode) or nothing: Money{}
		return Money{}
	case !m.Currency.Known() || strings.ToUpper(string(m.Currency)) != string(m.Currency) ||
		m.Amount <= -1e15 || m.Amount >= 1e15:
		d.ok = false
	}
	return m
}

// time is t read back from its RFC 3339 text, or left out when zero and
// omitzero, as time.Time's UnmarshalJSON reads it: "Z" in UTC, an offset
// time.Local has at that instant in time.Local, another in a zone of that
// offset without a name; never a monotonic reading.
func (d *decoder) time(t time.Time, omitzero bool) time.Time {
	if omitzero && t.IsZero() {
		return time.Time{}
	}
	t = t.Round(0)
	_, off := t.Zone()
	switch {
	case off%60 != 0 || t.Year() < 0 || t.Year() > 9999:
		d.ok = false
		return t
	case off == 0:
		return t.UTC()
	}
	if l := t.In(time.Local); zoneOffset(l) == off {
		return l
	}
	return t.In(time.FixedZone("", off))
}

func zoneOffset(t time.Time) int {
	_, off := t.Zone()
	return off
}

// listAsDecoded is a copy of s as JSON gives it back: an empty list is
// nil when omitempty (left out) or when nil ("null"), an empty one when
// not; each element then goes through each (nil: as it is).
func listAsDecoded[T any](s []T, omitempty bool, each func(*T)) []T {
	switch {
	case s == nil || omitempty && len(s) == 0:
		return nil
	case len(s) == 0:
		return []T{}
	}
	s = slices.Clone(s)
	if each != nil {
		for i := range s {
			each(&s[i])
		}
	}
	return s
}

// mapAsDecoded is a copy of an omitempty map as JSON gives it back.
func mapAsDecoded(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}
