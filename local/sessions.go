package local

import (
	"strings"

	"guichet/pos"
)

// TypeTillSession records a till opened or closed from elsewhere than the
// register's own console (an SSH session): who, with which key, from where,
// and why it ended. The journal holds who sold on which till from where.
const TypeTillSession = "till.session"

// TillSession is a till's login or logout.
type TillSession struct {
	Event  string `json:"event"` // "login" or "logout"
	Till   string `json:"till"`  // the session's name ("ssh-3")
	Staff  string `json:"staff"`
	Key    string `json:"key,omitempty"`    // the proven key's fingerprint
	Remote string `json:"remote,omitempty"` // the client's address
	Reason string `json:"reason,omitempty"` // why it ended
	// Payments (event "payments.left") are payments typed at the till
	// for a sale it never recorded: its till closed (the session ended,
	// idle) before the sale was paid in full. Money taken (cash in the
	// drawer, a card charged) that no order holds: the journal keeps it.
	Payments []pos.Tender `json:"payments,omitempty"`
	// Tell (payments.left): the staff member is told of them at their
	// next unlock (PaymentsLeftToTell), even after a restart; false, a
	// screen said them at once (a cart emptied after part of it was
	// paid). Entries journaled before it existed are not told again.
	Tell bool `json:"tell,omitempty"`
	// Through (payments.told): the last payments.left entry of the staff
	// member's that they were told of.
	Through uint64 `json:"through,omitempty"`
}

// EventPaymentsLeft is a till session's event that records payments taken
// for a sale the till closed without recording.
const EventPaymentsLeft = "payments.left"

// EventPaymentsTold records that a member of staff was told, at their
// unlock, of the payments their tills left (PaymentsLeftToTell): they are
// not told again, after a restart either.
const EventPaymentsTold = "payments.told"

func init() { registerPayload[TillSession](TypeTillSession) }

// RecordSession appends a till's login or logout to the journal, outside
// any shift. Durable when it returns.
func (r *Register) RecordSession(s TillSession) error {
	if s.Event != "login" && s.Event != "logout" && s.Event != EventPaymentsLeft {
		return pos.Errorf("a till session is a login, a logout or payments left, not %q", s.Event)
	}
	for _, f := range []*string{&s.Till, &s.Staff, &s.Key, &s.Remote, &s.Reason} {
		*f = strings.TrimSpace(pos.Clean(*f, false))
	}
	s.Payments = append([]pos.Tender(nil), s.Payments...)
	for i := range s.Payments {
		p := &s.Payments[i]
		p.Voucher = strings.TrimSpace(pos.Clean(p.Voucher, false))
		if p.Card != nil {
			c := *p.Card
			for _, f := range []*string{&c.Terminal, &c.Approval, &c.Brand, &c.Last4} {
				*f = strings.TrimSpace(pos.Clean(*f, false))
			}
			p.Card = &c
		}
	}
	return r.update(r.now(), "", s.Staff, func(w *writer) error {
		_, err := w.append(TypeTillSession, s)
		return err
	})
}
