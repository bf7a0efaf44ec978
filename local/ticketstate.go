package local

import (
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TicketStatus is a ticket's state in a register's journal, as the door
// needs it.
type TicketStatus struct {
	Number string    `json:"number"`
	State  string    `json:"state"`       // TicketValid, TicketUnpaid, TicketCanceled, TicketExchanged, TicketLostJournal; "" : unknown to this journal
	At     time.Time `json:"at,omitzero"` // when it was cancelled or exchanged
}

// TicketUnpaid is the state TicketState gives a valid ticket of an
// invoice not paid yet: the door refuses it until the payment is
// validated.
const TicketUnpaid = "unpaid"

// TicketLostJournal is the state TicketState gives a genuine code (a
// claim) of a ticket the lost journal this one replaced sold: its state
// went with that journal (VerdictLostJournal).
const TicketLostJournal = "lost_journal"

// TicketState is the state of ticket number in the register's file at
// path: valid, unpaid (its invoice), cancelled or exchanged (with the
// time), TicketLostJournal for a signed claim of a ticket the lost journal
// this one replaced sold, or State "" when this journal never issued it. A signed claim
// (nil: the number alone) must match the ticket issued under its number,
// as at the door (Admit): a code for another performance, seat or
// category is unknown to this journal. The file is opened read-only.
func TicketState(path, number string, claim *TicketClaim) (TicketStatus, error) {
	st := TicketStatus{Number: number}
	err := readFile(path, func(tx *bolt.Tx) error {
		p, _, ok, err := issuedEntry(tx, number)
		if !ok && err == nil && claim != nil {
			lost, err := lostOrders(tx)
			if n, ok := orderSeq(number); ok && n <= lost {
				st.State = TicketLostJournal
			}
			return err
		}
		if !ok || err != nil || claim != nil && claimOf(p.Ticket) != *claim {
			return err
		}
		ov, ok, err := getOrder(tx, pos.OrderOfTicket(number))
		if !ok || err != nil {
			return err
		}
		for _, t := range ov.Tickets {
			if t.Number == number {
				st.State = t.State
			}
		}
		if st.State == TicketValid && ov.Order.State == pos.OrderPending {
			st.State = TicketUnpaid // as the door judges it (Admit)
		}
		if st.State == "" || st.State == TicketValid || st.State == TicketUnpaid {
			return nil
		}
		at, err := revocationTimes(tx)
		st.At = at[number]
		return err
	})
	return st, err
}

// RevokedTickets lists the tickets of the register's file at path that a
// door must refuse: cancelled and exchanged ones, by number, with when,
// and those of invoices not paid yet (TicketUnpaid, no time: a door that
// works offline from this list refuses them as the register's door does,
// until the list is read again after the payment is validated). The file
// is opened read-only.
func RevokedTickets(path string) ([]TicketStatus, error) {
	var out []TicketStatus
	err := readFile(path, func(tx *bolt.Tx) error {
		at, err := revocationTimes(tx)
		if err != nil {
			return err
		}
		return view(tx, vOrders).ForEach(func(k, v []byte) error {
			var rec orderRec
			if err := json.Unmarshal(v, &rec); err != nil {
				return &DamagedViewError{Key: string(k), Err: err}
			}
			for _, t := range rec.Tickets {
				state := t.state()
				if state == TicketValid && rec.State == pos.OrderPending {
					state = TicketUnpaid
				}
				if state == TicketValid || t.Issued == 0 {
					continue
				}
				p, _, err := issuedAt(tx, t.Issued)
				if err != nil {
					return err
				}
				out = append(out, TicketStatus{Number: p.Ticket.Number, State: state, At: at[p.Ticket.Number]})
			}
			return nil
		})
	})
	return out, err
}

// revocationTimes is when each cancelled or exchanged ticket was, read
// from the journal's order.canceled and exchange.made entries.
func revocationTimes(tx *bolt.Tx) (map[string]time.Time, error) {
	at := map[string]time.Time{}
	err := forEachEntry(tx, 1, func(e Entry) error {
		var tickets []pos.Ticket
		switch e.Type {
		case TypeOrderCanceled, TypeOrderLapsed:
			var p orderCanceled
			if err := e.decode(&p); err != nil {
				return err
			}
			tickets = p.Tickets
		case TypeExchangeMade:
			var p exchangeMade
			if err := e.decode(&p); err != nil {
				return err
			}
			tickets = p.Tickets
		}
		for _, t := range tickets {
			at[t.Number] = e.Time
		}
		return nil
	})
	return at, err
}

// readFile runs fn in a read transaction on the register's file at path,
// opened read-only (the register may not be running on it), after checking
// it is a register's file.
func readFile(path string, fn func(tx *bolt.Tx) error) error {
	db, err := openFile(path, true)
	if err != nil {
		return err
	}
	defer db.Close()
	return safely(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			if _, err := registerOf(tx); err != nil {
				return err
			}
			return fn(tx)
		})
	})
}
