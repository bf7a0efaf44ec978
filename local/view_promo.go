package local

import (
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// --- promo usage: tickets that benefited from each offer (orders not
// canceled), orders that used each code (not canceled: the quantity
// allowed), orders ever placed with each code (a code one was placed with
// cannot be deleted) ---

func applyPromo(tx *bolt.Tx, e Entry) error {
	b := lazyView(tx, vPromo)
	benefited := func(ts []pos.Ticket) int {
		n := 0
		for _, t := range ts {
			if t.Offer != "" && (t.Kind == pos.LineTicket || t.Kind == pos.LinePass) {
				n++
			}
		}
		return n
	}
	switch e.Type {
	case TypeOrderPlaced:
		p, err := payloadOf[orderPlaced](e)
		if err != nil {
			return err
		}
		if o := p.Order.Offer; o != nil {
			if err := addInt(b(), key("offer", o.ID), benefited(p.Order.Tickets)); err != nil {
				return err
			}
			if o.Code != "" {
				if err := addInt(b(), key("placed", o.Code), 1); err != nil {
					return err
				}
				return addInt(b(), key("code", o.Code), 1)
			}
		}
	case TypeOrderCanceled, TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Offer != "" {
			if err := addInt(b(), key("offer", p.Offer), -benefited(p.Tickets)); err != nil {
				return err
			}
		}
		if p.Code != "" {
			return addInt(b(), key("code", p.Code), -1)
		}
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		// Returned tickets no longer benefit; the code's order still counts.
		byOffer := map[string]int{}
		for _, t := range p.Tickets {
			ov, ok, err := getOrder(tx, pos.OrderOfTicket(t.Number))
			if err != nil {
				return err
			}
			if ok && ov.Order.Offer != nil {
				byOffer[ov.Order.Offer.ID] += benefited([]pos.Ticket{t})
			}
		}
		for _, id := range sortedKeys(byOffer) {
			if err := addInt(b(), key("offer", id), -byOffer[id]); err != nil {
				return err
			}
		}
	}
	return nil
}

// OfferUsage is how many tickets benefited from an offer (orders not
// canceled, exchanged tickets given back), read in tx.
func offerUsage(tx *bolt.Tx, offer string) int { return getInt(view(tx, vPromo), key("offer", offer)) }

// codeUsage is how many orders used a code (not canceled), read in tx.
func codeUsage(tx *bolt.Tx, code string) int { return getInt(view(tx, vPromo), key("code", code)) }

// codePlaced is how many orders were ever placed with a code in this file,
// canceled and lapsed ones included, read in tx.
func codePlaced(tx *bolt.Tx, code string) int {
	return getInt(view(tx, vPromo), key("placed", code))
}
