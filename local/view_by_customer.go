package local

import (
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// by_customer: how many orders (not canceled) a customer has, for offers
// that target previous buyers.
func applyByCustomer(tx *bolt.Tx, e Entry) error {
	b := lazyView(tx, vByCustomer)
	switch e.Type {
	case TypeOrderPlaced:
		p, err := payloadOf[orderPlaced](e)
		if err != nil {
			return err
		}
		if p.Order.Customer != "" {
			return addInt(b(), []byte(p.Order.Customer), 1)
		}
	case TypeOrderCustomer:
		var p orderCustomer
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.State == pos.OrderCanceled || p.State == pos.OrderLapsed {
			return nil // a canceled or lapsed order counts for nobody
		}
		if p.Previous != "" {
			if err := addInt(b(), []byte(p.Previous), -1); err != nil {
				return err
			}
		}
		if p.Customer != "" {
			return addInt(b(), []byte(p.Customer), 1)
		}
	case TypeOrderCanceled, TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Partial {
			return nil // the order stands
		}
		_, customer := splitIndex(view(tx, vOrderIndex).Get([]byte(p.Order)))
		if customer != "" {
			return addInt(b(), []byte(customer), -1)
		}
	}
	return nil
}
