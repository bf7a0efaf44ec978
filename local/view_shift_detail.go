package local

import (
	"sort"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// ReportDetail is what an X or Z report adds to the drawer's figures
// (issue 12): what was sold by performance and category, the products
// sold, the payment methods' fees, offers and code
// uses, comps with their reasons, refunds, invoices validated, lapsed and
// canceled unpaid, gift vouchers sold and spent, exchanges with the credit
// vouchers they left, exchange fees kept. It is kept beside the
// shift's report, changed by the shift's own entries (and an invoice it
// placed that lapsed while it was open). Its view: open shift id ->
// ReportDetail; a closed shift's is in shift_detail_closed.
type ReportDetail struct {
	Sales             []SalesTotal `json:"sales"`  // tickets by performance and category, passes by pass
	Offers            []OfferTotal `json:"offers"` // discounts by offer
	Comps             []CompLine   `json:"comps"`
	Refunds           int          `json:"refunds"`
	RefundsAmount     pos.Money    `json:"refunds_amount"`
	InvoicesValidated int          `json:"invoices_validated"`
	ValidatedAmount   pos.Money    `json:"invoices_validated_amount"`
	InvoicesLapsed    int          `json:"invoices_lapsed"`
	LapsedAmount      pos.Money    `json:"invoices_lapsed_amount"`
	VouchersSold      int          `json:"vouchers_sold"`
	VouchersSoldValue pos.Money    `json:"vouchers_sold_amount"`
	VouchersSpent     pos.Money    `json:"vouchers_spent"`
	ExchangeFees      pos.Money    `json:"exchange_fees"`
	// Exchanged: tickets and passes taken back by exchanges, and the
	// credit they gave (what they cost less the fees kept)
	Exchanged      int       `json:"exchanged"`
	ExchangeCredit pos.Money `json:"exchange_credit"`
	// CreditVouchers are the credit vouchers exchanges left (the credit
	// not spent on the new order), and what they hold: with the exchange
	// credit paid, what "Exchanged" gave.
	CreditVouchers       int       `json:"credit_vouchers,omitempty"`
	CreditVouchersAmount pos.Money `json:"credit_vouchers_amount,omitzero"`
	// InvoicesCanceled are the invoices canceled before they were paid,
	// and what they asked (as a lapse counts it).
	InvoicesCanceled int       `json:"invoices_canceled,omitempty"`
	CanceledAmount   pos.Money `json:"invoices_canceled_amount,omitzero"`
	// Products are the products sold (programmes, tote bags), by product
	// in the order of their first sale: they have no ticket, so Sales
	// does not list them.
	Products []ProductTotal `json:"products,omitempty"`
	// Fees are what the payment methods' fees (an invoice's per order
	// and per ticket) brought, by method in the order of their first
	// order: with the sales and products, what the methods took.
	Fees []FeeTotal `json:"fees,omitempty"`
}

// FeeTotal is what one payment method's fees brought: the orders that
// paid them, and how much.
type FeeTotal struct {
	Method string    `json:"method"`
	Orders int       `json:"orders"`
	Amount pos.Money `json:"amount"`
}

// SalesTotal is the tickets of one category of one performance.
type SalesTotal struct {
	Performance string    `json:"performance"`
	Category    string    `json:"category"`
	Tickets     int       `json:"tickets"`
	Amount      pos.Money `json:"amount"`
}

// ProductTotal is what one product sold: how many, and for how much.
type ProductTotal struct {
	Item     string    `json:"item"`
	Quantity int       `json:"quantity"`
	Amount   pos.Money `json:"amount"`
}

// OfferTotal is what one offer gave: tickets that benefited, the discount,
// and the orders that used a code of it.
type OfferTotal struct {
	Offer    string    `json:"offer"`
	Tickets  int       `json:"tickets"`
	Discount pos.Money `json:"discount"`
	CodeUses int       `json:"code_uses"`
}

// CompLine is a ticket (or item) given free, and why.
type CompLine struct {
	Order  string `json:"order"`
	Ticket string `json:"ticket"`
	// Product is the product given (its id) when the comp is not a ticket.
	Product string `json:"product,omitempty"`
	Reason  string `json:"reason"`
}

const vShiftDetail = "shift_detail"

func detailKey(shift string) []byte { return []byte(shift) }

func zeroDetail(cur pos.Currency) ReportDetail {
	z := pos.Zero(cur)
	return ReportDetail{Sales: []SalesTotal{}, Offers: []OfferTotal{}, Comps: []CompLine{}, RefundsAmount: z,
		ValidatedAmount: z, LapsedAmount: z, VouchersSoldValue: z, VouchersSpent: z, ExchangeFees: z, ExchangeCredit: z,
		CreditVouchersAmount: z, CanceledAmount: z}
}

// applyShiftDetail folds an entry into its shift's detail. Only entries of
// a shift change it, and an invoice that lapsed changes the detail of the
// shift that placed it, while that shift is open.
func applyShiftDetail(tx *bolt.Tx, e Entry) error {
	switch e.Type { // the only entries the detail counts: skip reading it for the others
	case TypeOrderPlaced, TypePaymentValidated, TypeOrderCanceled, TypeOrderLapsed, TypeExchangeMade:
	case TypePaymentCaptured: // a gift voucher spent only (most sales are paid otherwise)
		p, err := payloadOf[paymentCaptured](e)
		if err != nil || p.Payment.Kind != pos.KindVoucher {
			return err
		}
	default:
		return nil
	}
	shift := e.Shift
	var asked pos.Money // what a lapsed, or canceled unpaid, invoice asked
	if e.Type == TypeOrderCanceled {
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if !p.Partial {
			// an invoice not paid yet asked its pending payments
			var rec orderRec
			if ok, err := getJSON(view(tx, vOrders), []byte(p.Order), &rec); err != nil || !ok {
				return err
			}
			if rec.Validated.IsZero() { // paid since: a refund, not an invoice canceled
				op, err := placedAt(tx, rec.Placed)
				if err != nil {
					return err
				}
				asked = pendingOf(op.Order)
			}
		}
	}
	if e.Type == TypeOrderLapsed {
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		placed, ok, err := placedEntryOf(tx, p.Order)
		if err != nil || !ok {
			return err
		}
		shift = placed.Shift
		if open := view(tx, vOpenShifts).Get([]byte(placed.Staff)); string(open) != shift {
			return nil // closed since: a Z never changes
		}
		var op orderPlaced
		if err := placed.decode(&op); err != nil {
			return err
		}
		asked = pendingOf(op.Order)
	}
	if shift == "" {
		return nil
	}
	rep, err := reportRef(tx, shift)
	if err != nil || rep == nil {
		return err
	}
	d, err := detailRef(tx, shift, rep.Float.Currency)
	if err != nil {
		return err
	}
	switch e.Type {
	case TypeOrderPlaced:
		p, err := payloadOf[orderPlaced](e)
		if err != nil {
			return err
		}
		for _, t := range p.Order.Tickets {
			switch t.Kind {
			case pos.LineTicket:
				d.addSale(t.Performance, t.Category, t.Price)
			case pos.LinePass: // counted with the tickets: listed under its pass
				d.addSale("", categoryOf(t.Kind, t.Category, t.Item), t.Price)
			case pos.LineVoucher:
				d.VouchersSold++
				d.VouchersSoldValue = d.VouchersSoldValue.Plus(t.Price)
			}
			if t.Comp != "" {
				d.Comps = append(d.Comps, CompLine{Order: p.Order.Number, Ticket: t.Number, Reason: t.Comp})
			}
		}
		for _, l := range p.Order.Lines {
			if l.Kind != pos.LineProduct {
				continue
			}
			d.addProduct(l.Item, l.Quantity, l.Charged)
			if l.Comp != "" {
				d.Comps = append(d.Comps, CompLine{Order: p.Order.Number, Product: l.Item, Reason: l.Comp})
			}
		}
		for _, f := range p.Order.Fees {
			d.addFee(f.Method, f.Amount)
		}
		if o := p.Order.Offer; o != nil {
			ot := d.offer(o.ID)
			for _, t := range p.Order.Tickets {
				if t.Offer != "" {
					ot.Tickets++
				}
			}
			for _, l := range p.Order.Lines {
				if l.Offer != "" {
					ot.Discount = ot.Discount.Plus(l.Discount)
				}
			}
			if o.Code != "" {
				ot.CodeUses++
			}
		}
	case TypePaymentCaptured:
		p, err := payloadOf[paymentCaptured](e)
		if err != nil {
			return err
		}
		if p.Payment.Kind != pos.KindVoucher {
			return nil
		}
		d.VouchersSpent = d.VouchersSpent.Plus(p.Payment.Amount)
	case TypePaymentValidated:
		var p paymentValidated
		if err := e.decode(&p); err != nil {
			return err
		}
		d.InvoicesValidated++
		d.ValidatedAmount = d.ValidatedAmount.Plus(p.Payment.Amount)
	case TypeOrderCanceled:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if asked.Currency != "" {
			d.InvoicesCanceled++
			d.CanceledAmount = d.CanceledAmount.Plus(asked)
		}
		if len(p.Refunds) == 0 {
			if asked.Currency == "" {
				return nil
			}
			break
		}
		d.Refunds++
		for _, r := range p.Refunds {
			d.RefundsAmount = d.RefundsAmount.Plus(r.Amount)
		}
	case TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		d.InvoicesLapsed++
		// what the invoice asked, as a validation counts it: its fees and
		// products included, a deposit paid beside it not
		d.LapsedAmount = d.LapsedAmount.Plus(asked)
		// what was paid beside it and given back (to its voucher, or as
		// credit): refunds, as a cancellation's, which the shift's
		// methods list (applyLapseRefunds)
		if len(p.Refunds) > 0 {
			d.Refunds++
			for _, r := range p.Refunds {
				d.RefundsAmount = d.RefundsAmount.Plus(r.Amount)
			}
		}
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		d.Exchanged += len(p.Tickets)
		d.ExchangeCredit = d.ExchangeCredit.Plus(p.Credit)
		if !p.Fee.IsZero() {
			d.ExchangeFees = d.ExchangeFees.Plus(p.Fee)
		}
		if p.Voucher != "" && !p.Remainder.IsZero() {
			d.CreditVouchers++
			d.CreditVouchersAmount = d.CreditVouchersAmount.Plus(p.Remainder)
		}
	default:
		return nil
	}
	return putDetail(tx, shift, d)
}

func (d *ReportDetail) addProduct(item string, qty int, amount pos.Money) {
	for i := range d.Products {
		if p := &d.Products[i]; p.Item == item {
			p.Quantity += qty
			p.Amount = p.Amount.Plus(amount)
			return
		}
	}
	d.Products = append(d.Products, ProductTotal{Item: item, Quantity: qty, Amount: amount})
}

func (d *ReportDetail) addFee(method string, amount pos.Money) {
	for i := range d.Fees {
		if f := &d.Fees[i]; f.Method == method {
			f.Orders++
			f.Amount = f.Amount.Plus(amount)
			return
		}
	}
	d.Fees = append(d.Fees, FeeTotal{Method: method, Orders: 1, Amount: amount})
}

func (d *ReportDetail) addSale(perf, category string, price pos.Money) {
	for i := range d.Sales {
		if s := &d.Sales[i]; s.Performance == perf && s.Category == category {
			s.Tickets++
			s.Amount = s.Amount.Plus(price)
			return
		}
	}
	d.Sales = append(d.Sales, SalesTotal{Performance: perf, Category: category, Tickets: 1, Amount: price})
	sort.Slice(d.Sales, func(i, j int) bool {
		a, b := d.Sales[i], d.Sales[j]
		return a.Performance < b.Performance || a.Performance == b.Performance && a.Category < b.Category
	})
}

func (d *ReportDetail) offer(id string) *OfferTotal {
	for i := range d.Offers {
		if d.Offers[i].Offer == id {
			return &d.Offers[i]
		}
	}
	d.Offers = append(d.Offers, OfferTotal{Offer: id, Discount: pos.Zero(d.RefundsAmount.Currency)})
	sort.Slice(d.Offers, func(i, j int) bool { return d.Offers[i].Offer < d.Offers[j].Offer })
	return d.offer(id)
}

// pendingOf is what an order's invoice asked: its pending payments.
func pendingOf(o pos.Order) pos.Money {
	var asked pos.Money
	for _, pay := range o.Payments {
		if pay.Pending {
			asked = asked.Plus(pay.Amount)
		}
	}
	return asked
}

// placedEntryOf is the order.placed entry of order number (ok false: no
// such order), with who placed it in which shift.
func placedEntryOf(tx *bolt.Tx, number string) (Entry, bool, error) {
	var rec orderRec
	if ok, err := getJSON(view(tx, vOrders), []byte(number), &rec); err != nil || !ok {
		return Entry{}, false, err
	}
	e, err := entryAt(tx, rec.Placed)
	return e, err == nil, err
}
