package local

import (
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// order_index: what FindOrders cannot tell from an order's number alone,
// without decoding whole orders: the orders of a customer and the pending
// ones. An anonymous paid order, most sales, has no entry (a sale writes
// two pages fewer); FindOrders finds it by its number in "orders".
func applyOrderIndex(tx *bolt.Tx, e Entry) error {
	if e.Type == TypeOrderPlaced {
		p, err := payloadOf[orderPlaced](e)
		if err != nil {
			return err
		}
		if p.Order.Customer == "" && p.Order.State != pos.OrderPending {
			// Nothing to delete: an order is placed once, under a number
			// never used before (Checkout draws it from the counters in
			// the same transaction). Opening the view to delete it cost
			// every anonymous sale some ten allocations.
			return nil
		}
	}
	b := view(tx, vOrderIndex)
	b.FillPercent = 1 // order numbers only grow
	set := func(number, state, customer string) error {
		if customer == "" && state != pos.OrderPending {
			return b.Delete([]byte(number))
		}
		return b.Put([]byte(number), []byte(state+"|"+customer))
	}
	switch e.Type {
	case TypeOrderPlaced:
		p, err := payloadOf[orderPlaced](e)
		if err != nil {
			return err
		}
		return set(p.Order.Number, p.Order.State, p.Order.Customer)
	case TypeOrderCustomer:
		var p orderCustomer
		if err := e.decode(&p); err != nil {
			return err
		}
		return set(p.Order, p.State, p.Customer)
	case TypePaymentValidated:
		var p paymentValidated
		if err := e.decode(&p); err != nil {
			return err
		}
		_, customer := splitIndex(b.Get([]byte(p.Order)))
		return set(p.Order, pos.OrderPaid, customer)
	case TypeOrderCanceled, TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Partial {
			return nil
		}
		_, customer := splitIndex(b.Get([]byte(p.Order)))
		state := pos.OrderCanceled
		if e.Type == TypeOrderLapsed {
			state = pos.OrderLapsed
		}
		return set(p.Order, state, customer)
	}
	return nil
}

func splitIndex(v []byte) (state, customer string) {
	for i, c := range v {
		if c == '|' {
			return string(v[:i]), string(v[i+1:])
		}
	}
	return string(v), ""
}

// by_customer: how many orders (not canceled) a customer has, for offers
