package local

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// vDeadlines: order number -> its invoice's deadline (RFC 3339, UTC), for
// the pending orders only; the register reads it to notice the ones that
// lapsed without scanning every order.
const vDeadlines = "deadlines"

func applyDeadlines(tx *bolt.Tx, e Entry) error {
	b := lazyView(tx, vDeadlines)
	switch e.Type {
	case TypeOrderPlaced:
		var p orderPlaced
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Order.State == pos.OrderPending && !p.Order.Deadline.IsZero() {
			return b().Put([]byte(p.Order.Number), []byte(p.Order.Deadline.UTC().Format(time.RFC3339Nano)))
		}
	case TypePaymentValidated:
		var p paymentValidated
		if err := e.decode(&p); err != nil {
			return err
		}
		return b().Delete([]byte(p.Order))
	case TypeOrderCanceled, TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if !p.Partial {
			return b().Delete([]byte(p.Order))
		}
	}
	return nil
}
