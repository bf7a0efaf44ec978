package local

import (
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
)

// vKioskRefunds: the kiosk's card approvals to refund on the terminal
// (resolved as PaymentRefund) that staff have not yet marked refunded:
// ref -> seq of its payment.resolved entry (8 bytes).
const vKioskRefunds = "kiosk_refunds"

func applyKioskRefunds(tx *bolt.Tx, e Entry) error {
	b := view(tx, vKioskRefunds)
	switch e.Type {
	case TypePaymentResolved:
		var p paymentResolved
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Outcome != PaymentRefund {
			return nil
		}
		return b.Put([]byte(p.Ref), binary.BigEndian.AppendUint64(nil, e.Seq))
	case TypePaymentRefunded:
		var p paymentRefunded
		if err := e.decode(&p); err != nil {
			return err
		}
		return b.Delete([]byte(p.Ref))
	}
	return nil
}
