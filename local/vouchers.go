package local

import (
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// VoucherView is a gift voucher or credit voucher as a balance lookup shows
// it: its value, what was spent, what is left, until when, and each use.
type VoucherView struct {
	Number   string        `json:"number"`
	Kind     string        `json:"kind"` // pos.KindVoucher (gift) or pos.KindCredit
	Order    string        `json:"order"`
	Customer *pos.Customer `json:"customer,omitempty"`
	Value    pos.Money     `json:"value"`
	Spent    pos.Money     `json:"spent"`
	Balance  pos.Money     `json:"balance"`
	Expires  time.Time     `json:"expires,omitzero"`
	Expired  bool          `json:"expired,omitempty"`
	Void     bool          `json:"void,omitempty"`   // its order was canceled
	Unpaid   bool          `json:"unpaid,omitempty"` // sold on an invoice not paid yet
	History  []VoucherUse  `json:"history"`
	// ExchangeFee is what the exchange that made a credit voucher kept of
	// the tickets it took back.
	ExchangeFee pos.Money `json:"exchange_fee,omitzero"`
}

// VoucherInfo looks a voucher up by its number typed in any case (ok
// false: no such voucher).
func (r *Register) VoucherInfo(number string) (vv VoucherView, ok bool, err error) {
	if _, err := r.LapseDue(); err != nil {
		return vv, false, err
	}
	now := r.now()
	err = r.read(func(tx *bolt.Tx) error {
		pv, found, err := r.voucherIn(tx, number)
		if err != nil || !found {
			return err
		}
		var v voucherRec
		if _, err := getJSON(view(tx, vVouchers), []byte(pv.Number), &v); err != nil {
			return err
		}
		vv = voucherViewOf(pv.Number, v, now, r.cat().Location())
		vv.Unpaid = pv.Unpaid
		vv.Customer, err = customerOf(tx, v.Customer)
		ok = true
		return err
	})
	return vv, ok, err
}

func voucherViewOf(number string, v voucherRec, now time.Time, loc *time.Location) VoucherView {
	vv := VoucherView{Number: number, Kind: v.Kind, Order: v.Order, Value: v.Value, Balance: v.Balance,
		Spent: v.Value.Minus(v.Balance), Expires: v.Expires, Void: v.Void, History: v.History, ExchangeFee: v.ExchangeFee}
	if v.Void {
		vv.Spent = pos.Zero(v.Value.Currency)
	}
	vv.Expired = pos.VoucherExpired(v.Expires, now, loc)
	if vv.History == nil {
		vv.History = []VoucherUse{}
	}
	return vv
}

// VouchersOf lists the vouchers of the customers found by a name or
// e-mail search (every word, ignoring case and accents): a credit voucher
// an exchange left is found by the customer's name.
func (r *Register) VouchersOf(query string) ([]VoucherView, error) {
	q := pos.Fold(strings.TrimSpace(query))
	if q == "" {
		return nil, nil
	}
	now := r.now()
	var out []VoucherView
	err := r.read(func(tx *bolt.Tx) error {
		customers := map[string]*pos.Customer{}
		if err := customersMatching(tx, q, func(id []byte) error {
			c, err := searchedCustomer(tx, id)
			if err != nil {
				return err
			}
			customers[c.ID] = &c
			return nil
		}); err != nil || len(customers) == 0 {
			return err
		}
		return view(tx, vVouchers).ForEach(func(k, data []byte) error {
			if data == nil {
				return nil // the index of credit vouchers (creditsKey)
			}
			var v voucherRec
			if _, err := getJSON(view(tx, vVouchers), k, &v); err != nil {
				return err
			}
			if c := customers[v.Customer]; c != nil {
				vv := voucherViewOf(string(k), v, now, r.cat().Location())
				vv.Customer = c
				out = append(out, vv)
			}
			return nil
		})
	})
	return out, err
}

// CreditVoucherOf is the credit voucher an exchange left when its credit
// paid order (ok false: none), for the order's receipt.
func (r *Register) CreditVoucherOf(order string) (vv VoucherView, ok bool, err error) {
	if order == "" {
		return vv, false, nil
	}
	now := r.now()
	err = r.read(func(tx *bolt.Tx) error {
		number, v, found, err := creditVoucherIn(tx, order)
		if err != nil || !found {
			return err
		}
		vv, ok = voucherViewOf(number, v, now, r.cat().Location()), true
		return nil
	})
	return vv, ok, err
}

// creditVoucherIn is order's credit voucher in tx, its number and record: what an
// exchange that paid it left, or what its cancellation gave back of an
// exchange credit.
//
// Credit vouchers are numbered "K01-A0001" after the register whose order
// made them, gift vouchers "K01-000001-01": only a credit voucher of the
// order's register is the order's. It is found by the order's number in
// the view's index of credit vouchers (creditsKey): every receipt printed
// asks, and reading each credit voucher the register ever made to find
// none grew with every exchange.
func creditVoucherIn(tx *bolt.Tx, order string) (number string, v voucherRec, ok bool, err error) {
	if strings.LastIndexByte(order, '-') < 0 {
		return "", v, false, nil
	}
	b := view(tx, vVouchers)
	idx := b.Bucket(creditsKey)
	if idx == nil {
		return "", v, false, nil // no credit voucher yet
	}
	k := idx.Get([]byte(order))
	if k == nil {
		return "", v, false, nil
	}
	found, err := getJSON(b, k, &v)
	if err == nil && (!found || v.Kind != pos.KindCredit || v.Order != order) {
		err = &DamagedViewError{Key: string(k), Err: fmt.Errorf("not the credit voucher of order %s that the index of credit vouchers names", order)}
	}
	if err != nil {
		return "", voucherRec{}, false, err
	}
	return string(k), v, true, nil
}

// creditsKey is the bucket, within the vouchers view, that indexes credit
// vouchers by their order: order number -> the voucher's number. Its name
// is no voucher number, and a lookup by number (Get) finds no value there.
var creditsKey = []byte("\x00credits")

// indexCredit records the credit voucher number just made for order: as
// creditVoucherIn read them before the index, only one numbered after the
// order's register, and the first in key order when an order has more.
func indexCredit(b *bolt.Bucket, number, order string) error {
	i := strings.LastIndexByte(order, '-')
	if i < 0 || !strings.HasPrefix(number, order[:i]+"-A") {
		return nil
	}
	idx, err := b.CreateBucketIfNotExists(creditsKey)
	if err != nil {
		return err
	}
	if old := idx.Get([]byte(order)); old != nil && string(old) <= number {
		return nil
	}
	return idx.Put([]byte(order), []byte(number))
}
