package pos

import (
	"errors"
	"time"
)

// Sale is a cart on its way to become an order: priced with its payment
// methods' fees, complete, and paid. NewOrder turns it into an Order once
// the register has given it a number.
type Sale struct {
	Cart       PricedCart
	Settlement Settlement // every payment, the exchange credit's first
	Credit     *CreditUse // nil: no exchange credit
}

// CreditUse is what an exchange credit paid of a sale and what is left of
// it (which the register turns into a credit voucher).
type CreditUse struct {
	Amount Money
	Used   Money
	Left   Money
}

// Tendered is the settlement's payments without the exchange credit's: the
// ones the customer handed over.
func (s Sale) Tendered() []Payment {
	if s.Credit != nil && !s.Credit.Used.IsZero() && len(s.Settlement.Payments) > 0 {
		return s.Settlement.Payments[1:]
	}
	return s.Settlement.Payments
}

// Checkout is the rule by which a cart becomes a paid order, the same at
// every till, in `guichet quote` and in the payment screen's preview. Its
// steps, in order: price the cart with the tenders' payment methods; every
// required form answer given; a promo code typed must apply; the exchange
// credit (nil: none) pays first; the tenders settle the rest. A cart with
// no lines and a credit is an exchange that leaves a credit voucher.
// balances tells what gift and credit vouchers may pay (nil: none can be
// used). On an error after pricing, the Sale still carries the priced cart.
func Checkout(c *Catalog, cart Cart, ctx PricingContext, credit *Money, tenders []Tender, balances Balances) (Sale, error) {
	ctx.Lang = c.Lang(ctx.Lang)
	if len(cart.Lines) == 0 && credit == nil {
		return Sale{}, Errorf("the cart is empty")
	}
	if len(cart.Methods) == 0 {
		for _, t := range tenders {
			if !contains(cart.Methods, t.Method) {
				cart.Methods = append(cart.Methods, t.Method)
			}
		}
	}
	cur := c.Currency()
	pc := PricedCart{Currency: cur, Regular: Zero(cur), Discount: Zero(cur), FeesTotal: Zero(cur), Total: Zero(cur)}
	if len(cart.Lines) > 0 {
		var err error
		if pc, err = Price(c, cart, ctx); err != nil {
			return Sale{}, err
		}
		if err := c.Complete(pc, ctx.Lang); err != nil {
			return Sale{Cart: pc}, err
		}
		if cart.Code != "" && pc.CodeRefused != "" {
			return Sale{Cart: pc}, Errorf("code %s: %w — remove it to sell without it", cart.Code, pc.CodeError())
		}
	}
	return c.Pay(pc, ctx.Seller, credit, tenders, balances, ctx.Now)
}

// Pay is the end of Checkout for a cart already priced (the payment
// screen's preview has the till's priced cart, not its code book): the
// exchange credit (nil: none) pays first, then the tenders settle the rest.
// On an error the Sale holds the payments settled so far, so a preview can
// show them.
func (c *Catalog) Pay(pc PricedCart, s Seller, credit *Money, tenders []Tender, balances Balances, now time.Time) (Sale, error) {
	cur := c.Currency()
	sale := Sale{Cart: pc, Settlement: Settlement{Total: pc.Total, Change: Zero(cur), Rounding: Zero(cur)}}
	st := &sale.Settlement
	due := pc.Total
	if credit != nil {
		used := credit.Min(due)
		sale.Credit = &CreditUse{Amount: *credit, Used: used, Left: credit.Minus(used)}
		if !used.IsZero() {
			m := c.MethodOfKind(KindCredit)
			if m == nil {
				return sale, Errorf("the catalog has no exchange-credit payment method")
			}
			st.Payments = append(st.Payments, Payment{Method: m.ID, Kind: m.Kind, Amount: used, Voucher: ExchangeVoucher})
		}
		due = due.Minus(used)
	}
	if due.IsZero() && (credit != nil || len(pc.Lines) == 0) {
		return sale, nil // the credit paid it all
	}
	if err := c.methodsAvailable(pc, s, credit, tenders, now); err != nil {
		return sale, err
	}
	for _, t := range tenders {
		if m, ok := c.PaymentMethodByID(t.Method); ok {
			if err := pc.CanPayWith(m); err != nil {
				return sale, err
			}
		}
	}
	rest, err := c.Settle(s, due, tenders, balances, now)
	st.Payments = append(st.Payments, rest.Payments...)
	st.Change, st.Rounding, st.Pending, st.Deadline = rest.Change, rest.Rounding, rest.Pending, rest.Deadline
	return sale, err
}

// methodsAvailable checks each tender's method against what the order
// costs before the methods' fees, less the exchange credit: what the
// payment screen offers the methods for (MethodsFor on the cart's
// total). A method's own fee does not bring an order up to its minimum,
// nor make a free order one to pay.
func (c *Catalog) methodsAvailable(pc PricedCart, s Seller, credit *Money, tenders []Tender, now time.Time) error {
	base := pc.Total.Minus(pc.FeesTotal)
	if credit != nil {
		base = base.Minus(credit.Min(base))
		if base.IsZero() && len(tenders) > 0 {
			return Errorf("the exchange credit pays the whole order: take no other payment")
		}
	}
	for _, t := range tenders {
		m, ok := c.PaymentMethodByID(t.Method)
		if !ok {
			continue // Settle names it
		}
		if err := c.MethodAvailable(m, s, base, now); err != nil {
			return Errorf("%s: %w", m.Name, err)
		}
	}
	return nil
}

// ExchangeVoucher is the voucher number of the payment an exchange credit
// makes directly, without a credit voucher.
const ExchangeVoucher = "exchange"

// MethodOfKind is the catalog's first payment method of kind (nil: none).
func (c *Catalog) MethodOfKind(kind string) *PaymentMethod {
	for i := range c.PaymentMethods {
		if c.PaymentMethods[i].Kind == kind {
			return &c.PaymentMethods[i]
		}
	}
	return nil
}

// ErrVoucherBuysVoucher: a gift voucher does not pay for an order that
// sells a gift voucher. The new voucher would hold the old one's money
// valid again from today, so a voucher at the end of its validity would
// become one good for years; pretix refuses it alike ("You cannot pay
// with gift cards when buying a gift card"), and the seeds keep a gift
// voucher's order apart from what reduces its price (seed 000).
var ErrVoucherBuysVoucher = errors.New("a gift voucher cannot pay for another gift voucher (its money would be valid again from today)")

// CanPayWith says whether method m may pay this cart, nil if it may: a
// gift voucher pays no cart that sells a gift voucher (exchange credit
// may, it has no end of validity to renew). The whole order is refused,
// tickets beside the voucher included: the cashier sells the new voucher
// on an order of its own and the old voucher pays the rest.
func (p PricedCart) CanPayWith(m *PaymentMethod) error {
	if m.Kind != KindVoucher {
		return nil
	}
	for _, l := range p.Lines {
		if l.Kind == LineVoucher {
			return Errorf("%s: %w: take another payment method, or sell the new gift voucher on an order of its own", m.Name, ErrVoucherBuysVoucher)
		}
	}
	return nil
}

func init() {
	AddSentences(French, map[string]string{
		"a gift voucher cannot pay for another gift voucher (its money would be valid again from today)": "un bon cadeau ne peut pas payer un autre bon cadeau (son argent serait de nouveau valable à partir d'aujourd'hui)",
		"%s: %w: take another payment method, or sell the new gift voucher on an order of its own":       "%s : %w : prenez un autre moyen de paiement, ou vendez le nouveau bon cadeau sur une commande à part",
	})
}
