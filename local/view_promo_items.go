package local

import (
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// applyPromoItems counts tickets per offer scope item (PricedLine.OfferItem
// of the ticket's line), for quotas per event, zone, category or pass.
func applyPromoItems(tx *bolt.Tx, e Entry) error {
	b := lazyView(tx, vPromoItems)
	count := func(o pos.Order, ts []pos.Ticket, d int) error {
		if o.Offer == nil {
			return nil
		}
		for _, t := range ts {
			if t.Offer == "" || t.Line < 0 || t.Line >= len(o.Lines) || (t.Kind != pos.LineTicket && t.Kind != pos.LinePass) {
				continue
			}
			if item := o.Lines[t.Line].OfferItem; item != "" {
				if err := addInt(b(), key(o.Offer.ID, item), d); err != nil {
					return err
				}
			}
		}
		return nil
	}
	placed, ts, d, err := ticketsMoved(e)
	if err != nil {
		return err
	}
	if d > 0 {
		return count(*placed, ts, 1)
	}
	// Given back: each ticket counts against the offer of its own order.
	byOrder := map[string][]pos.Ticket{}
	for _, t := range ts {
		o := pos.OrderOfTicket(t.Number)
		byOrder[o] = append(byOrder[o], t)
	}
	for _, number := range sortedKeys(byOrder) {
		ov, ok, err := getOrder(tx, number)
		if err != nil {
			return err
		}
		if ok {
			if err := count(ov.Order, byOrder[number], -1); err != nil {
				return err
			}
		}
	}
	return nil
}
