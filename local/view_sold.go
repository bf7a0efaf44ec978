package local

import (
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// soldKeyOf is what a ticket counts against: a zone of a performance, or a pass.
func soldKeyOf(t pos.Ticket) []byte {
	switch t.Kind {
	case pos.LineTicket:
		return key(t.Performance, t.Zone)
	case pos.LinePass:
		return key("pass", t.Item)
	}
	return nil
}

// ticketsMoved lists the tickets an entry sells (order.placed: d is +1,
// and order is the order placed) or gives back (cancellation, exchange:

// applySold counts tickets sold (pending invoices included) per zone of a
// performance and per pass.
func applySold(tx *bolt.Tx, e Entry) error {
	b := lazyView(tx, vSold)
	_, ts, d, err := ticketsMoved(e)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if k := soldKeyOf(t); k != nil {
			if err := addInt(b(), k, d); err != nil {
				return err
			}
		}
	}
	return nil
}
