package local

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// vOutbox is the e-mail outbox and what the scheduler looks up, in one
// bucket, each kind of key under its own first byte:
//
//	"m" \x00 message id          -> OutboxMessage (JSON)
//	"n" \x00 order \x00 kind     -> messages of that kind queued for the order
//	"t" \x00 ticket              -> times the ticket was sent by e-mail
//	"i" \x00 order               -> "1" while the order waits for its invoice to be paid
//	"p" \x00 perf \x00 order     -> "1" the order has a customer and a valid ticket for the performance
const vOutbox = "outbox"

const (
	outboxMsg     = "m"
	outboxCount   = "n"
	outboxTicket  = "t"
	outboxInvoice = "i"
	outboxPerf    = "p"
)

// outboxTypes are the entry types applyOutbox folds (its row of viewTable).
var outboxTypes = []string{TypeEmailQueued, TypeEmailSent, TypeEmailFailed,
	TypeOrderPlaced, TypePaymentValidated, TypeOrderCanceled, TypeOrderLapsed, TypeOrderCustomer, TypeExchangeMade}

// present is the value of an index key (bbolt tells a nil value from a
// bucket by its nil).
var present = []byte{'1'}

func outboxKey(kind string, parts ...string) []byte { return key(append([]string{kind}, parts...)...) }

func decodeOutbox(k, v []byte, m *OutboxMessage) error {
	if err := json.Unmarshal(v, m); err != nil {
		return fmt.Errorf("the outbox's record %q is damaged: rebuild the views (guichet journal rebuild)", k)
	}
	return nil
}

func outboxMessage(tx *bolt.Tx, id string) (OutboxMessage, error) {
	var m OutboxMessage
	k := outboxKey(outboxMsg, id)
	v := view(tx, vOutbox).Get(k)
	if v == nil {
		return m, pos.Errorf("e-mail %s: %w", id, ErrNotFound)
	}
	return m, decodeOutbox(k, v, &m)
}

func applyOutbox(tx *bolt.Tx, e Entry) error {
	b := lazyView(tx, vOutbox)
	update := func(id string, fn func(m *OutboxMessage)) error {
		m, err := outboxMessage(tx, id)
		if err != nil {
			return fmt.Errorf("entry %d: %w", e.Seq, err)
		}
		fn(&m)
		return putJSON(b(), outboxKey(outboxMsg, id), m)
	}
	switch e.Type {
	case TypeEmailQueued:
		var p emailQueued
		if err := e.decode(&p); err != nil {
			return err
		}
		m := OutboxMessage{ID: p.ID, Kind: p.Kind, Order: p.Order, To: p.To, Name: p.Name, Lang: p.Lang,
			Tickets: p.Tickets, Copy: p.Copy, Performance: p.Performance, Reminder: p.Reminder,
			ToCustomer: p.ToCustomer, Queued: e.Time, Seq: e.Seq, State: EmailWaiting}
		if err := addInt(b(), outboxKey(outboxCount, p.Order, p.Kind), 1); err != nil {
			return err
		}
		return putJSON(b(), outboxKey(outboxMsg, p.ID), m)
	case TypeEmailSent:
		var p emailSent
		if err := e.decode(&p); err != nil {
			return err
		}
		var tickets []string
		at := e.Time
		if !p.At.IsZero() {
			at = p.At // sent by guichetd, learnt later
		}
		if err := update(p.ID, func(m *OutboxMessage) {
			m.State, m.Sent, m.Reply, m.Next = EmailSent, at, p.Reply, at
			tickets = m.Tickets
		}); err != nil {
			return err
		}
		for _, t := range tickets {
			if err := addInt(b(), outboxKey(outboxTicket, t), 1); err != nil {
				return err
			}
		}
	case TypeEmailFailed:
		var p emailFailed
		if err := e.decode(&p); err != nil {
			return err
		}
		return update(p.ID, func(m *OutboxMessage) {
			m.Attempts++
			m.LastError, m.Next = p.Reason, p.Next
			if p.Permanent {
				m.State = EmailRefused
			}
		})
	case TypeOrderPlaced:
		p, err := payloadOf[orderPlaced](e)
		if err != nil {
			return err
		}
		if p.Order.State == pos.OrderPending {
			if err := b().Put(outboxKey(outboxInvoice, p.Order.Number), present); err != nil {
				return err
			}
		}
		if p.Order.Customer == "" {
			return nil // nobody to write to before the show: a sale at the counter leaves the outbox as it was
		}
		indexed := map[string]bool{} // a key once, not once per ticket
		for _, t := range p.Order.Tickets {
			if t.Performance != "" && !indexed[t.Performance] {
				indexed[t.Performance] = true
				if err := b().Put(outboxKey(outboxPerf, t.Performance, p.Order.Number), present); err != nil {
					return err
				}
			}
		}
	case TypePaymentValidated:
		var p paymentValidated
		if err := e.decode(&p); err != nil {
			return err
		}
		return b().Delete(outboxKey(outboxInvoice, p.Order))
	case TypeOrderCanceled, TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if err := b().Delete(outboxKey(outboxInvoice, p.Order)); err != nil {
			return err
		}
		return indexPerformances(tx, b(), p.Order)
	case TypeOrderCustomer:
		var p orderCustomer
		if err := e.decode(&p); err != nil {
			return err
		}
		return indexPerformances(tx, b(), p.Order)
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		done := map[string]bool{}
		for _, t := range p.Tickets {
			if o := pos.OrderOfTicket(t.Number); !done[o] {
				done[o] = true
				if err := indexPerformances(tx, b(), o); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// indexPerformances sets the "p" keys of an order from the orders view
// (folded before this one): one per performance it holds a valid ticket
// for while it has a customer, none else. The before-show e-mail goes to
// the order's customer; an order partly canceled keeps its key while a
// ticket for the performance stays valid, and a lapsed one, whose tickets
// were released, loses it. A key already right is not written again.
func indexPerformances(tx *bolt.Tx, b *bolt.Bucket, number string) error {
	ov, ok, err := getOrder(tx, number)
	if err != nil || !ok {
		return err
	}
	want := map[string]bool{}
	for _, t := range ov.Tickets {
		if t.Ticket.Performance != "" && t.State == TicketValid && ov.Order.Customer != "" {
			want[t.Ticket.Performance] = true
		}
	}
	for _, t := range ov.Tickets {
		perf := t.Ticket.Performance
		if perf == "" {
			continue
		}
		k := outboxKey(outboxPerf, perf, number)
		switch has := b.Get(k) != nil; {
		case want[perf] && !has:
			err = b.Put(k, present)
		case !want[perf] && has:
			err = b.Delete(k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
