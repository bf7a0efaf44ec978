package local

import (
	"encoding/binary"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// vKioskPayments: the kiosk's charges asked of the payment terminal and
// not yet resolved: ref -> seq of its payment.requested entry (8 bytes);
// kioskCountKey -> charges requested so far (the next reference's number).
const vKioskPayments = "kiosk_payments"

var kioskCountKey = []byte("#count")

func applyKioskPayments(tx *bolt.Tx, e Entry) error {
	b := view(tx, vKioskPayments)
	switch e.Type {
	case TypePaymentRequested:
		var p PaymentRequest
		if err := e.decode(&p); err != nil {
			return err
		}
		if err := b.Put(kioskCountKey, []byte(strconv.Itoa(getInt(b, kioskCountKey)+1))); err != nil {
			return err
		}
		return b.Put([]byte(p.Ref), binary.BigEndian.AppendUint64(nil, e.Seq))
	case TypePaymentResolved:
		var p paymentResolved
		if err := e.decode(&p); err != nil {
			return err
		}
		return b.Delete([]byte(p.Ref))
	}
	return nil
}
