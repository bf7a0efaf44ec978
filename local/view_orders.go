package local

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// --- orders ---

// orderRec is how "orders" stores an order: where the order as placed is
// (its order.placed entry: the order is stored once, in the journal, and a
// sale's record is a tenth of the order's size), its state now and, for
// each of its tickets in order, where its ticket.issued entry is and what
// happened to it since. A sale writes this one small value: the order's
// depth in the tree stays low (a sale writes a branch page fewer).
type orderRec struct {
	Placed        uint64        `json:"placed"` // seq of its order.placed entry
	State         string        `json:"state"`
	Tickets       []ticketRec   `json:"tickets"`
	CancelReason  string        `json:"cancel_reason,omitempty"`
	Validated     time.Time     `json:"validated,omitzero"`   // its pending payments were paid then
	Validation    *pos.Payment  `json:"validation,omitempty"` // how: the payment as validated
	ExchangedInto string        `json:"exchanged_into,omitempty"`
	Refunds       []pos.Payment `json:"refunds,omitempty"` // given back so far (cancellations whole or partial)
	// Customer is the order's customer when set or changed after the
	// sale (order.customer; "" taken off); nil: as placed.
	Customer *string `json:"customer,omitempty"`
	// Receipts counts the receipts queued for the order (receipt.queued)
	// since its payment was last validated (payment.validated):
	// the next one is a duplicate numbered so.
	Receipts int `json:"receipts,omitempty"`
	// Cancellations are the order's order.canceled entries, each with
	// the refund slips queued for it.
	Cancellations []CancelRef `json:"cancellations,omitempty"`
}

type ticketRec struct {
	State    string `json:"state,omitempty"`  // empty: valid
	Issued   uint64 `json:"issued,omitempty"` // seq of its ticket.issued entry
	Printed  int    `json:"printed,omitempty"`
	Reprints int    `json:"reprints,omitempty"`
	// PrintedJobs are, once the ticket was reprinted, which of its print
	// jobs (its ticket.issued and ticket.reprinted entries) are recorded
	// printed, Printed of them: a job given back while it printed is
	// recorded once, without reading the journal after it
	// (printJobs.givenBack). A ticket never reprinted has one job.
	PrintedJobs []uint64 `json:"printed_jobs,omitempty"`
}

// state is the ticket's state, read from the record.
func (t ticketRec) state() string {
	if t.State == "" {
		return TicketValid
	}
	return t.State
}

// ticketIndex is where a ticket number is in its order's tickets:
// pos.NewOrder numbers them 01, 02... in order. Readers check the number
// against the ticket.issued entry found there.
func ticketIndex(ticket string) (int, bool) {
	order := pos.OrderOfTicket(ticket)
	if len(order) >= len(ticket) {
		return 0, false
	}
	n, err := strconv.Atoi(ticket[len(order)+1:])
	return n - 1, err == nil && n >= 1
}

// view is the order now: as placed (read from the journal), with the
// record's state, validation, cancellation and tickets' states.
func (rec *orderRec) view(tx *bolt.Tx, number string) (OrderView, error) {
	p, err := placedAt(tx, rec.Placed)
	if err == nil && (p.Order.Number != number || len(rec.Tickets) != len(p.Order.Tickets)) {
		err = fmt.Errorf("journal entry %d is order %s with %d tickets, not order %s with %d", rec.Placed, p.Order.Number, len(p.Order.Tickets), number, len(rec.Tickets))
	}
	if err != nil {
		return OrderView{}, &DamagedViewError{Key: number, Err: err}
	}
	o := p.Order
	o.State = rec.State
	if rec.Customer != nil {
		o.Customer = *rec.Customer
	}
	if !rec.Validated.IsZero() {
		for i := range o.Payments {
			if o.Payments[i].Pending && rec.Validation != nil {
				o.Payments[i] = *rec.Validation // as it was paid
			}
			o.Payments[i].Pending = false
		}
	}
	ov := OrderView{Order: o, CancelReason: rec.CancelReason, Validated: rec.Validated, Validation: rec.Validation, ExchangedInto: rec.ExchangedInto, Refunds: rec.Refunds, Receipts: rec.Receipts, Cancellations: rec.Cancellations}
	ov.Tickets = make([]TicketView, len(rec.Tickets))
	for i, t := range rec.Tickets {
		ov.Tickets[i] = TicketView{Ticket: o.Tickets[i], State: t.state(), Printed: t.Printed, Reprints: t.Reprints}
	}
	ov.ExchangeFee, ov.ExchangedFrom = exchangeOf(tx, rec.Placed, o)
	return ov, nil
}

// exchangeOf is what the exchange whose credit paid o kept of the
// tickets it took back, and those tickets. Its exchange.made is the entry
// just before o's order.placed (at placed): the sale appends them one
// after the other. Nothing for an order no exchange credit paid, or whose
// exchange is no longer in the journal.
func exchangeOf(tx *bolt.Tx, placed uint64, o pos.Order) (fee pos.Money, from []pos.Ticket) {
	if placed < 2 || !slices.ContainsFunc(o.Payments, func(p pos.Payment) bool { return p.Voucher == pos.ExchangeVoucher }) {
		return fee, nil
	}
	e, err := entryAt(tx, placed-1)
	if err != nil || e.Type != TypeExchangeMade {
		return fee, nil
	}
	var x exchangeMade
	if err := e.decode(&x); err != nil || x.Order != o.Number {
		return fee, nil
	}
	if !x.Fee.IsZero() {
		fee = x.Fee
	}
	return fee, x.Tickets
}

// recOf is the record of an order view, whose order.placed entry and
// tickets' ticket.issued entries were was.
func recOf(ov OrderView, was orderRec) orderRec {
	rec := orderRec{Placed: was.Placed, State: ov.Order.State, CancelReason: ov.CancelReason, Validated: ov.Validated, Validation: ov.Validation, ExchangedInto: ov.ExchangedInto, Refunds: ov.Refunds, Customer: was.Customer, Receipts: ov.Receipts, Cancellations: ov.Cancellations}
	rec.Tickets = make([]ticketRec, len(ov.Tickets))
	for i, t := range ov.Tickets {
		rec.Tickets[i] = ticketRec{State: t.State, Issued: was.Tickets[i].Issued, Printed: t.Printed, Reprints: t.Reprints, PrintedJobs: was.Tickets[i].PrintedJobs}
		if t.State == TicketValid {
			rec.Tickets[i].State = ""
		}
	}
	return rec
}

func getOrderIn(tx *bolt.Tx, b *bolt.Bucket, number string) (OrderView, orderRec, bool, error) {
	rec, ok, err := getRec(b, number)
	if !ok || err != nil {
		return OrderView{}, rec, false, err
	}
	ov, err := rec.view(tx, number)
	return ov, rec, err == nil, err
}

// getOrder is an order as the view has it now: ok is false when there is
// no such order; an error says the view or the journal is damaged.
func getOrder(tx *bolt.Tx, number string) (OrderView, bool, error) {
	ov, _, ok, err := getOrderIn(tx, view(tx, vOrders), number)
	return ov, ok, err
}

func applyOrders(tx *bolt.Tx, e Entry) error {
	b := view(tx, vOrders)
	b.FillPercent = 1 // order numbers only grow: fill each page
	update := func(number string, fn func(*OrderView)) error {
		ov, rec, ok, err := getOrderIn(tx, b, number)
		if err != nil {
			return fmt.Errorf("entry %d: %w", e.Seq, err)
		}
		if !ok {
			return fmt.Errorf("entry %d: order %s is not in the journal", e.Seq, number)
		}
		fn(&ov)
		return putRec(b, number, recOf(ov, rec))
	}
	ticketsDo := func(ov *OrderView, numbers map[string]bool, fn func(*TicketView)) {
		for i := range ov.Tickets {
			if numbers[ov.Tickets[i].Number] {
				fn(&ov.Tickets[i])
			}
		}
	}
	switch e.Type {
	case TypeOrderPlaced:
		p, err := payloadOf[orderPlaced](e)
		if err != nil {
			return err
		}
		rec := orderRec{Placed: e.Seq, State: p.Order.State, Tickets: make([]ticketRec, len(p.Order.Tickets))}
		return putRec(b, p.Order.Number, rec)
	case TypeTicketIssued:
		p, err := payloadOf[ticketIssued](e)
		if err != nil {
			return err
		}
		// The record only: the order as placed is not read.
		var rec orderRec
		i, ok := ticketIndex(p.Ticket.Number)
		if ok && pos.OrderOfTicket(p.Ticket.Number) == p.Order {
			var err error
			if rec, ok, err = getRec(b, p.Order); err != nil {
				return err
			}
		}
		if !ok || pos.OrderOfTicket(p.Ticket.Number) != p.Order || i >= len(rec.Tickets) {
			return fmt.Errorf("entry %d: ticket %s is not one of order %s", e.Seq, p.Ticket.Number, p.Order)
		}
		rec.Tickets[i].Issued = e.Seq
		return putRec(b, p.Order, rec)
	case TypeOrderCustomer:
		var p orderCustomer
		if err := e.decode(&p); err != nil {
			return err
		}
		rec, ok, err := getRec(b, p.Order)
		if err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("entry %d: order %s is not in the journal", e.Seq, p.Order)
		}
		customer := p.Customer
		rec.Customer = &customer
		return putRec(b, p.Order, rec)
	case TypePaymentValidated:
		var p paymentValidated
		if err := e.decode(&p); err != nil {
			return err
		}
		return update(p.Order, func(ov *OrderView) {
			ov.Order.State, ov.Validated, ov.Validation = pos.OrderPaid, e.Time, &p.Payment
			// the receipt now shows the payment: the next one is
			// another document (an original), not a copy of the
			// invoice printed before
			ov.Receipts = 0
			for i := range ov.Order.Payments {
				if ov.Order.Payments[i].Pending {
					// as it was paid: the method taken at the counter,
					// or the invoice's own for a transfer
					ov.Order.Payments[i] = p.Payment
					break
				}
			}
		})
	case TypeOrderCanceled, TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		return update(p.Order, func(ov *OrderView) {
			ov.Refunds = append(ov.Refunds, p.Refunds...)
			switch {
			case p.Partial:
				// the order stands; its tickets given back say so
			case e.Type == TypeOrderLapsed:
				ov.Order.State, ov.CancelReason = pos.OrderLapsed, p.Reason
			default:
				ov.Order.State, ov.CancelReason = pos.OrderCanceled, p.Reason
			}
			ticketsDo(ov, ticketSet(p.Tickets), func(t *TicketView) { t.State = TicketCanceled })
			if e.Type == TypeOrderCanceled {
				// its refund slip is read from this entry
				ov.Cancellations = append(slices.Clip(ov.Cancellations), CancelRef{Entry: e.Seq})
			}
		})
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		byOrder := map[string]map[string]bool{}
		for _, t := range p.Tickets {
			o := pos.OrderOfTicket(t.Number)
			if byOrder[o] == nil {
				byOrder[o] = map[string]bool{}
			}
			byOrder[o][t.Number] = true
		}
		for _, o := range sortedKeys(byOrder) {
			if err := update(o, func(ov *OrderView) {
				ticketsDo(ov, byOrder[o], func(t *TicketView) { t.State = TicketExchanged })
				ov.ExchangedInto = p.Order
				if p.Order == "" {
					ov.ExchangedInto = p.Voucher
				}
			}); err != nil {
				return err
			}
		}
	case TypeTicketReprinted:
		var p ticketReprinted
		if err := e.decode(&p); err != nil {
			return err
		}
		if err := update(p.Order, func(ov *OrderView) {
			ticketsDo(ov, map[string]bool{p.Ticket: true}, func(t *TicketView) { t.Reprints++ })
		}); err != nil {
			return err
		}
		// Reprinted for the first time: its one job recorded so far, if
		// any, is its ticket.issued, listed from now on (PrintedJobs).
		i, ok := ticketIndex(p.Ticket)
		if !ok {
			return nil
		}
		rec, found, err := getRec(b, p.Order)
		if err != nil || !found || i >= len(rec.Tickets) {
			return err
		}
		if t := &rec.Tickets[i]; t.Reprints == 1 && t.Printed == 1 && len(t.PrintedJobs) == 0 && t.Issued != 0 {
			t.PrintedJobs = []uint64{t.Issued}
			return putRec(b, p.Order, rec)
		}
		return nil
	case TypeTicketPrinted:
		var p ticketPrinted
		if err := e.decode(&p); err != nil {
			return err
		}
		// The record only, as for ticket.issued: the order as placed (the
		// biggest entry of a sale, decoded and checked by update) is not
		// read for a count. The ticket is where its number says when its
		// ticket.issued entry is (that entry holds the number).
		order := pos.OrderOfTicket(p.Ticket)
		if i, ok := ticketIndex(p.Ticket); ok {
			rec, found, err := getRec(b, order)
			if err != nil {
				return fmt.Errorf("entry %d: %w", e.Seq, err)
			}
			if found && i < len(rec.Tickets) && rec.Tickets[i].Issued != 0 {
				if _, number, err := issuedRefAt(tx, rec.Tickets[i].Issued); err == nil && number == p.Ticket {
					t := &rec.Tickets[i]
					t.Printed++
					if n, ok := jobSeq(p.Job); ok && t.Reprints > 0 {
						t.PrintedJobs = append(slices.Clip(t.PrintedJobs), n) // not the memo's array
					}
					return putRec(b, order, rec)
				}
			}
		}
		return update(order, func(ov *OrderView) {
			ticketsDo(ov, map[string]bool{p.Ticket: true}, func(t *TicketView) { t.Printed++ })
		})
	case TypeReceiptQueued:
		var p receiptQueued
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Voucher != "" || p.Payment != "" || p.Shift != "" {
			return nil // a credit voucher's or a card refund's slip, a shift's report: no order's
		}
		rec, found, err := getRec(b, p.Order)
		if err != nil {
			return fmt.Errorf("entry %d: %w", e.Seq, err)
		}
		if !found {
			return nil // QueueReceipt refuses it; the print queue says what it lacks
		}
		if p.Refund != 0 {
			// a cancellation's refund slip: its own copies are counted,
			// the order's receipts are not
			if i := slices.IndexFunc(rec.Cancellations, func(c CancelRef) bool { return c.Entry == p.Refund }); i >= 0 {
				rec.Cancellations = slices.Clone(rec.Cancellations)
				rec.Cancellations[i].Slips++
				return putRec(b, p.Order, rec)
			}
			return nil
		}
		rec.Receipts++
		return putRec(b, p.Order, rec)
	}
	return nil
}

// --- issued tickets: where each ticket's ticket.issued entry is ---

// An order's record in the orders view holds, for each of its tickets, the
// sequence number of its ticket.issued entry (the ticket and, in older
// journals, its QR).

// issuedSeq is the sequence number of a ticket's ticket.issued entry, as
// its order's record says (0, false: none).
func issuedSeq(tx *bolt.Tx, ticket string) (uint64, bool, error) {
	i, ok := ticketIndex(ticket)
	if !ok {
		return 0, false, nil
	}
	rec, ok, err := getRec(view(tx, vOrders), pos.OrderOfTicket(ticket))
	if !ok || err != nil {
		return 0, false, err
	}
	if i >= len(rec.Tickets) || rec.Tickets[i].Issued == 0 {
		return 0, false, nil
	}
	return rec.Tickets[i].Issued, true, nil
}

// issuedEntry is the ticket.issued entry of a ticket (ok false: none).
func issuedEntry(tx *bolt.Tx, ticket string) (ticketIssued, uint64, bool, error) {
	seq, ok, err := issuedSeq(tx, ticket)
	if !ok || err != nil {
		return ticketIssued{}, 0, false, err
	}
	p, _, err := issuedAt(tx, seq)
	if err == nil && p.Ticket.Number != ticket {
		err = &DamagedViewError{Key: ticket, Err: fmt.Errorf("journal entry %d issued ticket %s", seq, p.Ticket.Number)}
	}
	return p, seq, err == nil, err
}

// issuedAt reads the ticket.issued entry seq.
// The entry returned carries its sequence number, time, type and hash;
// its other fields only when it was not in issuedMemo.
// placedAt is the order.placed payload of journal entry seq, the caller's
// own (placedMemo keeps a copy).
func placedAt(tx *bolt.Tx, seq uint64) (orderPlaced, error) {
	v := tx.Bucket(bucketJournal).Get(seqKey(seq))
	if p, ok := placedMemo.get(v); ok {
		p.Order = p.Order.Clone()
		return p, nil
	}
	var p orderPlaced
	e, err := entryAt(tx, seq)
	if err == nil && e.Type != TypeOrderPlaced {
		err = fmt.Errorf("journal entry %d is a %s, not an order.placed", e.Seq, e.Type)
	}
	if err == nil {
		err = e.decode(&p)
	}
	if h, ok := storedHash(v); ok && err == nil {
		placedMemo.put(h, orderPlaced{Order: p.Order.Clone(), Catalog: p.Catalog})
	}
	return p, err
}

func issuedAt(tx *bolt.Tx, seq uint64) (ticketIssued, Entry, error) {
	return issuedOf(tx.Bucket(bucketJournal).Get(seqKey(seq)), seq)
}

// issuedOf is issuedAt of the stored value v of entry seq (nil: missing).
func issuedOf(v []byte, seq uint64) (ticketIssued, Entry, error) {
	if p, ok := issuedMemo.get(v); ok {
		e := Entry{Seq: seq, Time: storedTime(v), Type: TypeTicketIssued, decoded: &p}
		copy(e.Hash[:], v[len(v)-32:])
		return p, e, nil
	}
	var p ticketIssued
	e, err := entryOf(v, seq)
	if err == nil && e.Type != TypeTicketIssued {
		err = fmt.Errorf("journal entry %d is a %s, not a ticket.issued", seq, e.Type)
	}
	if err == nil {
		err = e.decode(&p)
	}
	return p, e, err
}

// withQRs fills in the QR payload of each ticket of an order view: the one
// its ticket.issued entry stored, or derived with the register's key.
func (r *Register) withQRs(tx *bolt.Tx, ov *OrderView) error {
	for i := range ov.Tickets {
		p, _, ok, err := issuedEntry(tx, ov.Tickets[i].Number)
		if err != nil {
			return err
		}
		if ok {
			ov.Tickets[i].QR, _ = r.ticketQR(p) // a ticket whose fields cannot be signed: no QR rather than no order
		}
	}
	return nil
}

// issuedRef is which ticket a ticket.issued entry issued, in which order:
// all a print confirmation needs of it, read without decoding the rest of
// the payload (prices, placement, QR).
type issuedRef struct {
	Order  string `json:"order"`
	Ticket struct {
		Number string `json:"number"`
	} `json:"ticket"`
}

// issuedRefAt reads the order and the ticket number of the ticket.issued
// entry seq (issuedAt reads the whole ticket).
func issuedRefAt(tx *bolt.Tx, seq uint64) (order, ticket string, err error) {
	return issuedRefOf(get(tx.Bucket(bucketJournal), seqKey(seq)), seq)
}

// issuedRefOf is issuedRefAt of the stored value v of entry seq (nil:
// missing).
func issuedRefOf(v []byte, seq uint64) (order, ticket string, err error) {
	if p, ok := issuedMemo.get(v); ok {
		return p.Order, p.Ticket.Number, nil
	}
	e, err := entryOf(v, seq)
	if err == nil && e.Type != TypeTicketIssued {
		err = fmt.Errorf("journal entry %d is a %s, not a ticket.issued", seq, e.Type)
	}
	if err != nil {
		return "", "", err
	}
	if order, ticket, ok := issuedRefFast(e.Payload); ok {
		return order, ticket, nil
	}
	var p issuedRef
	if err := e.decode(&p); err != nil {
		return "", "", err
	}
	return p.Order, p.Ticket.Number, nil
}

// issuedRefFast reads the order and the ticket number off the front of a
// ticket.issued payload as encoding/json writes ticketIssued:
// {"order":"K01-000001","ticket":{"number":"K01-000001-01",... . Anything
// else (an escape in a string, another field order) is not read here
// (ok false): issuedRefAt then decodes the JSON.
func issuedRefFast(payload []byte) (order, ticket string, ok bool) {
	const head, mid = `{"order":"`, `","ticket":{"number":"`
	p, ok := bytes.CutPrefix(payload, []byte(head))
	if !ok {
		return "", "", false
	}
	i := bytes.IndexByte(p, '"')
	if i < 0 || bytes.IndexByte(p[:i], '\\') >= 0 {
		return "", "", false
	}
	o := p[:i]
	if p, ok = bytes.CutPrefix(p[i:], []byte(mid)); !ok {
		return "", "", false
	}
	j := bytes.IndexByte(p, '"')
	if j < 0 || bytes.IndexByte(p[:j], '\\') >= 0 || j+1 >= len(p) || p[j+1] != ',' && p[j+1] != '}' {
		return "", "", false
	}
	return string(o), string(p[:j]), true
}
