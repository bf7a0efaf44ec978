package local

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// --- gift vouchers and exchange credits ---
//
// "vouchers": voucher number -> voucherRec, and the bucket creditsKey:
// order number -> its credit voucher's number (creditVoucherIn).

type voucherRec struct {
	Kind    string    `json:"kind"` // pos.KindVoucher (gift) or pos.KindCredit
	Order   string    `json:"order"`
	Value   pos.Money `json:"value"`
	Balance pos.Money `json:"balance"`
	Void    bool      `json:"void,omitempty"` // its order was canceled
	Expires time.Time `json:"expires,omitzero"`
	// Customer is the customer of the order it was sold on (a credit
	// voucher: of the order whose tickets were exchanged).
	Customer string       `json:"customer,omitempty"`
	History  []VoucherUse `json:"history,omitempty"`
	// ExchangeFee is what the exchange that made a credit voucher kept of
	// the tickets it took back (exchange.made's Fee), for its slip.
	ExchangeFee pos.Money `json:"exchange_fee,omitzero"`
}

// VoucherUse is one payment by a voucher (Amount positive) or one given
// back to it by a cancellation (negative).
type VoucherUse struct {
	Order  string    `json:"order"`
	Amount pos.Money `json:"amount"`
	At     time.Time `json:"at"`
}

func applyVouchers(tx *bolt.Tx, e Entry) error {
	b := lazyView(tx, vVouchers)
	spend := func(order string, p pos.Payment, sign int) error {
		if p.Kind != pos.KindVoucher && p.Kind != pos.KindCredit || p.Voucher == "" {
			return nil
		}
		var v voucherRec
		if ok, err := getJSON(b(), []byte(p.Voucher), &v); err != nil {
			return err
		} else if !ok {
			return nil // exchange credit used directly by the new order
		}
		v.Balance = v.Balance.Minus(p.Amount.Times(sign))
		v.History = append(v.History, VoucherUse{Order: order, Amount: p.Amount.Times(sign), At: e.Time})
		return putJSON(b(), []byte(p.Voucher), v)
	}
	switch e.Type {
	case TypeTicketIssued:
		p, err := payloadOf[ticketIssued](e)
		if err != nil {
			return err
		}
		if p.Ticket.Kind == pos.LineVoucher {
			var rec orderRec
			customer := ""
			if ok, err := getJSON(view(tx, vOrders), []byte(p.Order), &rec); err != nil {
				return err
			} else if ok {
				ov, err := rec.view(tx, p.Order)
				if err != nil {
					return err
				}
				customer = ov.Order.Customer
			}
			return putJSON(b(), []byte(p.Ticket.Number), voucherRec{Kind: pos.KindVoucher, Order: p.Order, Value: p.Ticket.Regular,
				Balance: p.Ticket.Regular, Expires: p.Ticket.Expires, Customer: customer})
		}
	case TypePaymentCaptured:
		p, err := payloadOf[paymentCaptured](e)
		if err != nil {
			return err
		}
		return spend(p.Order, p.Payment, 1)
	case TypeOrderCanceled, TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		for _, r := range p.Refunds {
			if err := spend(p.Order, r, -1); err != nil {
				return err
			}
		}
		if p.Credit != "" {
			// the exchange credit given back: into the order's credit
			// voucher, made now when it has none
			back := pos.Money{}
			for _, r := range p.Refunds {
				if r.Voucher == pos.ExchangeVoucher {
					back = back.Plus(r.Amount)
				}
			}
			var v voucherRec
			if ok, err := getJSON(b(), []byte(p.Credit), &v); err != nil {
				return err
			} else if !ok {
				v = voucherRec{Kind: pos.KindCredit, Order: p.Order, Value: pos.Zero(back.Currency), Balance: pos.Zero(back.Currency)}
				if ov, found, err := getOrder(tx, p.Order); err != nil {
					return err
				} else if found {
					v.Customer = ov.Order.Customer
				}
				if err := indexCredit(b(), p.Credit, p.Order); err != nil {
					return err
				}
			}
			v.Value, v.Balance = v.Value.Plus(back), v.Balance.Plus(back)
			v.History = append(v.History, VoucherUse{Order: p.Order, Amount: back.Neg(), At: e.Time})
			if err := putJSON(b(), []byte(p.Credit), v); err != nil {
				return err
			}
		}
		for _, t := range p.Tickets {
			var v voucherRec
			if t.Kind != pos.LineVoucher {
				continue
			}
			if ok, err := getJSON(b(), []byte(t.Number), &v); err != nil {
				return err
			} else if ok {
				v.Void, v.Balance = true, pos.Zero(v.Balance.Currency)
				if err := putJSON(b(), []byte(t.Number), v); err != nil {
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
			customer := ""
			if len(p.Tickets) > 0 {
				ov, ok, err := getOrder(tx, pos.OrderOfTicket(p.Tickets[0].Number))
				if err != nil {
					return err
				}
				if ok {
					customer = ov.Order.Customer
				}
			}
			if err := indexCredit(b(), p.Voucher, p.Order); err != nil {
				return err
			}
			return putJSON(b(), []byte(p.Voucher), voucherRec{Kind: pos.KindCredit, Order: p.Order, Value: p.Remainder, Balance: p.Remainder, Customer: customer, ExchangeFee: p.Fee})
		}
	}
	return nil
}
