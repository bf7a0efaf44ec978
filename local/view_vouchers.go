package local

import (
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// --- gift vouchers and exchange credits ---

type voucherRec struct {
	Kind    string    `json:"kind"` // pos.KindVoucher (gift) or pos.KindCredit
	Order   string    `json:"order"`
	Value   pos.Money `json:"value"`
	Balance pos.Money `json:"balance"`
	Void    bool      `json:"void,omitempty"` // its order was canceled
}

func applyVouchers(tx *bolt.Tx, e Entry) error {
	b := view(tx, vVouchers)
	spend := func(p pos.Payment, sign int) error {
		if p.Kind != pos.KindVoucher && p.Kind != pos.KindCredit || p.Voucher == "" {
			return nil
		}
		var v voucherRec
		if ok, err := getJSON(b, []byte(p.Voucher), &v); err != nil {
			return err
		} else if !ok {
			return nil // exchange credit used directly by the new order
		}
		v.Balance = v.Balance.Minus(p.Amount.Times(sign))
		return putJSON(b, []byte(p.Voucher), v)
	}
	switch e.Type {
	case TypeTicketIssued:
		var p ticketIssued
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Ticket.Kind == pos.LineVoucher {
			return putJSON(b, []byte(p.Ticket.Number), voucherRec{Kind: pos.KindVoucher, Order: p.Order, Value: p.Ticket.Regular, Balance: p.Ticket.Regular})
		}
	case TypePaymentCaptured:
		var p paymentCaptured
		if err := e.decode(&p); err != nil {
			return err
		}
		return spend(p.Payment, 1)
	case TypeOrderCanceled:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		for _, r := range p.Refunds {
			if err := spend(r, -1); err != nil {
				return err
			}
		}
		for _, t := range p.Tickets {
			var v voucherRec
			if t.Kind != pos.LineVoucher {
				continue
			}
			if ok, err := getJSON(b, []byte(t.Number), &v); err != nil {
				return err
			} else if ok {
				v.Void, v.Balance = true, pos.Zero(v.Balance.Currency)
				if err := putJSON(b, []byte(t.Number), v); err != nil {
					return err
				}
			}
		}
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Voucher != "" {
			return putJSON(b, []byte(p.Voucher), voucherRec{Kind: pos.KindCredit, Order: p.Order, Value: p.Remainder, Balance: p.Remainder})
		}
	}
	return nil
}
