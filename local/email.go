package local

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// The outbox (issue 18): a message to send is a journal entry
// (email.queued, with its id), and so is each delivery (email.sent with
// the server's answer) and each failure (email.failed with the reason and
// the next try, or permanent). Nothing is lost while the network or the
// mail server is down, and a message id marked sent is never sent again.
// What a message says is built when it is sent, from the order and the
// catalog: the entry holds who it goes to and what it is about.
const (
	TypeEmailQueued = "email.queued"
	TypeEmailSent   = "email.sent"
	TypeEmailFailed = "email.failed"
)

// States of a message in the outbox.
const (
	EmailWaiting = "waiting" // queued, or failed and to be tried again
	EmailSent    = "sent"
	EmailRefused = "refused" // a permanent refusal (5xx) or nothing left to send: not retried
)

type emailQueued struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"` // pos.EmailTickets, ...
	Order       string   `json:"order"`
	To          string   `json:"to"`
	Name        string   `json:"name,omitempty"`
	Lang        pos.Lang `json:"lang,omitempty"`
	Tickets     []string `json:"tickets,omitempty"` // the tickets it carries (tickets, before_show)
	Copy        bool     `json:"copy,omitempty"`    // the tickets were printed or e-mailed before
	Performance string   `json:"performance,omitempty"`
	Reminder    int      `json:"reminder_days,omitempty"` // a reminder: days before the deadline
	// ToCustomer: it goes to the order's customer, at the address the
	// customer has when it is sent (To is the address when queued).
	// Older entries lack it: their invoices, reminders and e-mails before
	// the show went to the customer alike (OutboxMessage.FollowsCustomer).
	ToCustomer bool `json:"to_customer,omitempty"`
}

type emailSent struct {
	ID    string `json:"id"`
	Reply string `json:"reply,omitempty"` // the server's answer
	// At is when it was sent, when another sent it (guichetd) and the
	// register records it later; else the entry's time.
	At time.Time `json:"at,omitzero"`
}

type emailFailed struct {
	ID        string    `json:"id"`
	Reason    string    `json:"reason"`
	Permanent bool      `json:"permanent,omitempty"`
	Next      time.Time `json:"next,omitzero"` // the next try (not permanent)
}

func init() {
	registerPayload[emailQueued](TypeEmailQueued)
	registerPayload[emailSent](TypeEmailSent)
	registerPayload[emailFailed](TypeEmailFailed)
}

// EmailRequest is a message to queue. ID is given for a message the
// scheduler makes (an invoice, a reminder, the e-mail before a show: one id
// per order and occasion, so it is queued once); a tickets message sent
// from a till gets the next id of its order.
type EmailRequest struct {
	ID          string
	Kind        string
	Order       string
	To          string
	Name        string
	Lang        pos.Lang
	Tickets     []string // tickets messages: nil, every valid ticket of the order
	Performance string   // before_show: its tickets for this performance
	Reminder    int
	// ToCustomer: To is the order's customer's address; a message not yet
	// sent goes to the customer's address of the moment (corrected after
	// a bounce or a retry), not to the one it was queued with.
	ToCustomer bool
}

// OutboxMessage is a message of the outbox and what became of it.
type OutboxMessage struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Order       string    `json:"order"`
	To          string    `json:"to"`
	Name        string    `json:"name,omitempty"`
	Lang        pos.Lang  `json:"lang,omitempty"`
	Tickets     []string  `json:"tickets,omitempty"`
	Copy        bool      `json:"copy,omitempty"`
	Performance string    `json:"performance,omitempty"`
	Reminder    int       `json:"reminder_days,omitempty"`
	ToCustomer  bool      `json:"to_customer,omitempty"`
	Queued      time.Time `json:"queued"`
	Seq         uint64    `json:"seq"` // its email.queued entry
	State       string    `json:"state"`
	Attempts    int       `json:"attempts,omitempty"` // failed tries
	Next        time.Time `json:"next,omitzero"`      // waiting: not before then
	LastError   string    `json:"last_error,omitempty"`
	Sent        time.Time `json:"sent,omitzero"`
	Reply       string    `json:"reply,omitempty"`
}

// FollowsCustomer says whether the message goes to the order's customer
// at the address the customer has when it is sent: marked so when queued,
// or (entries from before the mark) an invoice, a reminder or an e-mail
// before the show, which only ever went to the customer.
func (m OutboxMessage) FollowsCustomer() bool {
	return m.ToCustomer || m.Kind == pos.EmailInvoice || m.Kind == pos.EmailReminder || m.Kind == pos.EmailBeforeShow
}

// Errors of the outbox.
var (
	// ErrEmailQueued: a message with that id is in the outbox already.
	ErrEmailQueued = errors.New("this e-mail is in the outbox already")
	// ErrEmailDone: the message was sent or refused; it is not sent again.
	ErrEmailDone = errors.New("this e-mail was sent or refused already: it is not sent again")
)

// QueueEmail puts a message in the outbox (email.queued), durable when it
// returns. A tickets message carries the order's valid tickets (or those
// asked for) and says "copy" when any was printed or e-mailed before.
func (r *Register) QueueEmail(staff string, q EmailRequest) (OutboxMessage, error) {
	q.To = strings.ToLower(strings.TrimSpace(q.To))
	if err := pos.CheckEmail(q.To); err != nil {
		return OutboxMessage{}, err
	}
	q.Name = strings.Join(strings.Fields(pos.Clean(q.Name, false)), " ")
	if !q.Lang.Known() {
		q.Lang = r.cat().Lang(q.Lang)
	}
	var out OutboxMessage
	err := r.update(r.now(), "", staff, func(w *writer) error {
		tx := w.tx
		ov, ok, err := getOrder(tx, q.Order)
		if err != nil {
			return err
		}
		if !ok {
			return pos.Errorf("order %s: %w", q.Order, ErrNotFound)
		}
		p := emailQueued{ID: q.ID, Kind: q.Kind, Order: q.Order, To: q.To, Name: q.Name, Lang: q.Lang,
			Performance: q.Performance, Reminder: q.Reminder, ToCustomer: q.ToCustomer}
		b := view(tx, vOutbox)
		switch q.Kind {
		case pos.EmailTickets, pos.EmailBeforeShow:
			want := map[string]bool{}
			for _, t := range q.Tickets {
				want[t] = true
			}
			for _, t := range ov.Tickets {
				if t.State != TicketValid || len(want) > 0 && !want[t.Number] ||
					q.Performance != "" && t.Performance != q.Performance {
					continue
				}
				p.Tickets = append(p.Tickets, t.Number)
				if t.Printed > 0 || getInt(b, outboxKey(outboxTicket, t.Number)) > 0 {
					p.Copy = true
				}
			}
			if len(p.Tickets) == 0 {
				return pos.Errorf("order %s has no valid ticket to send", q.Order)
			}
			// the same tickets, waiting to go to the same address: the
			// customer would get two identical messages
			if q.Kind == pos.EmailTickets && q.ID == "" {
				for n := getInt(b, outboxKey(outboxCount, q.Order, q.Kind)); n > 0; n-- {
					m, err := outboxMessage(tx, q.Order+"/"+q.Kind+"-"+strconv.Itoa(n))
					if err != nil || m.State != EmailWaiting || !slices.Equal(m.Tickets, p.Tickets) {
						continue
					}
					if m.ToCustomer && p.ToCustomer || m.To == p.To && !m.FollowsCustomer() && !p.ToCustomer {
						return pos.Errorf("the tickets of order %s already wait in the outbox for %s: they go once, nothing is queued again", q.Order, m.To)
					}
				}
			}
		case pos.EmailInvoice, pos.EmailReminder:
			if ov.Order.State != pos.OrderPending {
				return pos.Errorf("order %s is not waiting for its invoice to be paid", q.Order)
			}
		default:
			return pos.Errorf("e-mail kind %q is not one of %s", q.Kind, strings.Join(pos.EmailKinds, ", "))
		}
		if p.ID == "" {
			p.ID = q.Order + "/" + q.Kind + "-" + strconv.Itoa(getInt(b, outboxKey(outboxCount, q.Order, q.Kind))+1)
		}
		if b.Get(outboxKey(outboxMsg, p.ID)) != nil {
			return ErrEmailQueued
		}
		if _, err := w.append(TypeEmailQueued, p); err != nil {
			return err
		}
		out, err = outboxMessage(tx, p.ID)
		return err
	})
	return out, err
}

// EmailSent records that the mail server took the message (email.sent).
// A message already sent or refused is refused: it is never marked twice.
func (r *Register) EmailSent(id, reply string) error {
	return r.EmailSentAt(id, reply, time.Time{})
}

// EmailSentAt records that another sender (guichetd) had the message
// taken at at, learnt now: the outbox says it was sent at at (zero: now).
func (r *Register) EmailSentAt(id, reply string, at time.Time) error {
	p := emailSent{ID: id, Reply: pos.Clean(reply, false)}
	if !at.IsZero() {
		p.At = at.UTC()
	}
	return r.emailDone(id, TypeEmailSent, p)
}

// EmailFailed records a failed try (email.failed): tried again from next
// on, or never when permanent.
func (r *Register) EmailFailed(id, reason string, permanent bool, next time.Time) error {
	p := emailFailed{ID: id, Reason: pos.Clean(reason, false), Permanent: permanent}
	if !permanent {
		p.Next = next.UTC()
	}
	return r.emailDone(id, TypeEmailFailed, p)
}

func (r *Register) emailDone(id, typ string, payload any) error {
	return r.update(r.now(), "", "", func(w *writer) error {
		m, err := outboxMessage(w.tx, id)
		if err != nil {
			return err
		}
		if m.State != EmailWaiting {
			return ErrEmailDone
		}
		_, err = w.append(typ, payload)
		return err
	})
}

// Outbox lists every message, oldest first.
func (r *Register) Outbox() ([]OutboxMessage, error) {
	return r.outbox(func(OutboxMessage) bool { return true })
}

// DueEmails lists the messages waiting whose next try is due at now,
// oldest first.
func (r *Register) DueEmails(now time.Time) ([]OutboxMessage, error) {
	return r.outbox(func(m OutboxMessage) bool { return m.State == EmailWaiting && !m.Next.After(now) })
}

// OutboxMessage is one message of the outbox.
func (r *Register) OutboxMessage(id string) (OutboxMessage, error) {
	var m OutboxMessage
	err := r.read(func(tx *bolt.Tx) error {
		var err error
		m, err = outboxMessage(tx, id)
		return err
	})
	return m, err
}

func (r *Register) outbox(keep func(OutboxMessage) bool) ([]OutboxMessage, error) {
	var out []OutboxMessage
	err := r.read(func(tx *bolt.Tx) error {
		c := view(tx, vOutbox).Cursor()
		pre := outboxKey(outboxMsg, "")
		for k, v := c.Seek(pre); k != nil && strings.HasPrefix(string(k), string(pre)); k, v = c.Next() {
			var m OutboxMessage
			if err := decodeOutbox(k, v, &m); err != nil {
				return err
			}
			if keep(m) {
				out = append(out, m)
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, err
}

// PendingInvoices lists the orders waiting for their invoice to be paid.
func (r *Register) PendingInvoices() ([]string, error) {
	return r.outboxKeys(outboxKey(outboxInvoice, ""))
}

// OrdersFor lists the orders that had tickets for a performance when they
// were placed (not canceled since).
func (r *Register) OrdersFor(perf string) ([]string, error) {
	return r.outboxKeys(outboxKey(outboxPerf, perf, ""))
}

// EmailedTickets says how many times each ticket of an order was sent by
// e-mail (a ticket never sent is absent).
func (r *Register) EmailedTickets(order string) (map[string]int, error) {
	out := map[string]int{}
	err := r.read(func(tx *bolt.Tx) error {
		pre := outboxKey(outboxTicket, order+"-")
		c := view(tx, vOutbox).Cursor()
		for k, _ := c.Seek(pre); k != nil && strings.HasPrefix(string(k), string(pre)); k, _ = c.Next() {
			out[string(k[len(outboxKey(outboxTicket, "")):])] = getInt(view(tx, vOutbox), k)
		}
		return nil
	})
	return out, err
}

func (r *Register) outboxKeys(pre []byte) ([]string, error) {
	var out []string
	err := r.read(func(tx *bolt.Tx) error {
		c := view(tx, vOutbox).Cursor()
		for k, _ := c.Seek(pre); k != nil && strings.HasPrefix(string(k), string(pre)); k, _ = c.Next() {
			out = append(out, string(k[len(pre):]))
		}
		return nil
	})
	return out, err
}
