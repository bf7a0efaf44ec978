package pos

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// PricingContext is everything besides the catalog and the cart that a price
// depends on. It carries no clock: Now is a value.
type PricingContext struct {
	Now      time.Time
	Lang     Lang
	Seller   Seller
	Customer *CustomerFacts // attached customer, for offers that target customers
	Promo    PromoState     // codes and offer usage from the register's views; nil: none
}

// CustomerFacts is what offers may target about a customer.
type CustomerFacts struct {
	ID            string `json:"id,omitempty"`
	Newsletter    bool   `json:"newsletter,omitempty"`
	PreviousBuyer bool   `json:"previous_buyer,omitempty"` // has ordered before at this box office
}

// PricedLine is a cart line with its prices. Regular is what the line costs
// on the performance's regular price list; Charged is what the customer pays
// after offers. Screens and receipts strike Regular through when they differ.
type PricedLine struct {
	CartLine
	Name      string   `json:"name"`             // what is bought, in the seller's language
	Detail    string   `json:"detail,omitempty"` // date, zone, seat
	Event     string   `json:"event,omitempty"`
	PriceList string   `json:"price_list,omitempty"`      // the list the charged price comes from
	Unit      Money    `json:"unit_regular"`              // regular price of one
	Regular   Money    `json:"regular"`                   // Unit x Quantity
	Charged   Money    `json:"charged"`                   // never below zero
	Discount  Money    `json:"discount"`                  // Regular - Charged (negative when a new list costs more)
	Offer     string   `json:"offer,omitempty"`           // name of the offer that set the price
	Missing   []string `json:"missing_answers,omitempty"` // required form questions not yet answered (ids)
	OfferItem string   `json:"offer_item,omitempty"`      // the offer's scope item it counts under (ScopeItem.Key)
	VATRate   int64    `json:"vat_rate_bp,omitempty"`     // VAT included in Charged, basis points; 0: none (gift vouchers)
	VAT       Money    `json:"vat,omitzero"`              // the VAT Charged includes
	// Expires is when a gift voucher sold on this line stops paying
	// (its catalog's validity from the sale; zero: never).
	Expires time.Time `json:"expires,omitzero"`
}

// Fee is what a payment method adds to the order.
type Fee struct {
	Method  string `json:"method"`
	Name    string `json:"name"`
	Amount  Money  `json:"amount"`
	VATRate int64  `json:"vat_rate_bp,omitempty"` // VAT included in Amount, basis points
	VAT     Money  `json:"vat,omitzero"`
}

// AppliedOffer names the offer in effect on a cart.
type AppliedOffer struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Code        string `json:"code,omitempty"` // as stored (normalised); "" for an automatic offer
	Automatic   bool   `json:"automatic,omitempty"`

	// offer is the offer pricing applied, which may be one made at the
	// register and absent from the catalog's list (OfferedCategories needs
	// its price list). Not kept in the journal: nil once decoded.
	offer *Offer
}

// resolved is the applied offer itself: the one pricing used, else the
// catalog's of that id.
func (a *AppliedOffer) resolved(c *Catalog) (*Offer, bool) {
	if a.offer != nil {
		return a.offer, true
	}
	return c.OfferByID(a.ID)
}

// PricedCart is the result of pricing: every line with regular and charged
// prices, the offer in effect, fees and totals. The sum of Charged over the
// lines plus FeesTotal is Total, always.
type PricedCart struct {
	Currency    Currency      `json:"currency"`
	Lines       []PricedLine  `json:"lines"`
	Offer       *AppliedOffer `json:"offer,omitempty"`
	CodeRefused string        `json:"code_refused,omitempty"` // why the typed code did not apply
	Refusal     *CodeRefusal  `json:"code_refusal,omitempty"` // the same, typed (see CodeError)
	Fees        []Fee         `json:"fees,omitempty"`
	Regular     Money         `json:"regular_total"`
	Discount    Money         `json:"discount_total"`
	FeesTotal   Money         `json:"fees_total"`
	Total       Money         `json:"total"`
	Tickets     int           `json:"tickets"`
	VAT         []VATTotal    `json:"vat,omitempty"` // included in Total, by rate (gift vouchers sold carry none)
	// AutoRefusal is why the automatic offer in effect does not apply when
	// the cart is over its per-order limit or its quota (Code is ""). It is
	// not an error: the cart is sold at regular prices.
	AutoRefusal *CodeRefusal `json:"automatic_refusal,omitempty"`
}

// LineError is a problem with one line of a cart (Line counts from 1).
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Problems with a cart line.
var (
	ErrUnknownItem      = errors.New("not in the catalog")
	ErrNotOnSale        = errors.New("not on sale")
	ErrSeatRequired     = errors.New("this zone is seated: choose a seat")
	ErrSeatBlocked      = errors.New("this seat is not for sale")
	ErrSeatTwice        = errors.New("this seat is already in the cart")
	ErrNoSeatHere       = errors.New("this zone has free placement: no seat to choose")
	ErrBadQuantity      = errors.New("the quantity must be at least 1")
	ErrTooMany          = errors.New("too many for one line")
	ErrAnswerRequired   = errors.New("the form needs an answer")
	ErrNotYourEvent     = errors.New("your profile does not allow selling this event")
	ErrPerformanceEnded = errors.New("this performance was canceled")
	// ErrSalesClosed: the performance has started (or its sales closed
	// before, per its event).
	ErrSalesClosed = errors.New("this performance is no longer on sale")
)

// maxCustomText is what fits on a ticket's custom line.
const maxCustomText = 80

// MaxQuantity is the most one cart line may hold: more is a typing mistake
// (or an attack on the arithmetic), never a sale.
const MaxQuantity = 10000

// Price prices a cart. Its steps run in the order DESIGN.md gives them:
// regular prices from the performance's price list, then promotions (a code
// or the automatic offer), then payment-method fees, then totals, then the
// VAT each line includes. A cart
// with a line that cannot be sold returns a *LineError; a promo code that
// cannot be used is not an error: the cart is priced without it and
// CodeRefused says why.
func Price(c *Catalog, cart Cart, ctx PricingContext) (PricedCart, error) {
	ctx.Lang = c.Lang(ctx.Lang)
	pc := PricedCart{Currency: c.Currency(), Tickets: cart.Tickets()}
	lines, err := regularPrices(c, cart, ctx)
	if err != nil {
		return pc, err
	}
	pc.Lines = lines
	if err := applyPromotions(c, cart, ctx, &pc); err != nil {
		return pc, err
	}
	if err := applyComps(ctx, &pc); err != nil {
		return pc, err
	}
	if err := checkPriced(&pc); err != nil {
		return pc, err
	}
	if err := addFees(c, cart, ctx.Lang, &pc); err != nil {
		return pc, err
	}
	if err := totals(&pc); err != nil {
		return pc, err
	}
	addVAT(c, &pc)
	return pc, nil
}

// regularPrices is step 1: check each line against the catalog and price it
// on the performance's regular price list. A ticket whose category is not on
// the regular list keeps a zero price here: a price-list change may offer it;
// checkPriced refuses it if nothing did.
func regularPrices(c *Catalog, cart Cart, ctx PricingContext) ([]PricedLine, error) {
	cur := c.Currency()
	lines := make([]PricedLine, 0, len(cart.Lines))
	seats := map[string]bool{}
	for i, l := range cart.Lines {
		fail := func(err error) ([]PricedLine, error) { return nil, &LineError{Line: i + 1, Err: err} }
		if l.Quantity < 1 {
			return fail(ErrBadQuantity)
		}
		if l.Quantity > MaxQuantity {
			return fail(Errorf("quantity %d: %w (at most %d)", l.Quantity, ErrTooMany, MaxQuantity))
		}
		l.CustomText = Clean(l.CustomText, false)
		if len([]rune(l.CustomText)) > maxCustomText {
			return fail(Errorf("custom text is longer than %d characters", maxCustomText))
		}
		pl := PricedLine{CartLine: l, Unit: Zero(cur)}
		switch l.Kind {
		case LineTicket:
			perf, ok := c.PerformanceByID(l.Performance)
			if !ok {
				return fail(Errorf("performance %q: %w", l.Performance, ErrUnknownItem))
			}
			if perf.Canceled {
				return fail(ErrPerformanceEnded)
			}
			if end := c.SalesClose(perf); !ctx.Now.IsZero() && !ctx.Now.Before(end) {
				return fail(Errorf("%w: sales closed at %s", ErrSalesClosed, end.In(c.Location()).Format("15:04")))
			}
			ev, _ := c.EventByID(perf.Event)
			if !ctx.Seller.CanSellEvent(ev.ID) {
				return fail(ErrNotYourEvent)
			}
			zone, ok := c.ZoneOf(perf, l.Zone)
			if !ok {
				return fail(Errorf("zone %q: %w", l.Zone, ErrUnknownItem))
			}
			cat, ok := c.CategoryByID(l.Category)
			if !ok {
				return fail(Errorf("category %q: %w", l.Category, ErrUnknownItem))
			}
			if zone.Seated() {
				switch {
				case l.Seat == "":
					return fail(ErrSeatRequired)
				case l.Quantity != 1:
					return fail(Errorf("a seat is sold one ticket at a time: quantity must be 1"))
				case !c.SeatExists(zone, l.Seat):
					return fail(Errorf("seat %q: %w", l.Seat, ErrUnknownItem))
				case c.SeatBlocked(perf.ID, zone.ID, l.Seat):
					return fail(Errorf("seat %s: %w", l.Seat, ErrSeatBlocked))
				case seats[perf.ID+"/"+zone.ID+"/"+l.Seat]:
					return fail(Errorf("seat %s: %w", l.Seat, ErrSeatTwice))
				}
				seats[perf.ID+"/"+zone.ID+"/"+l.Seat] = true
			} else if l.Seat != "" {
				return fail(ErrNoSeatHere)
			} else if n := c.Capacity(perf.ID, zone.ID); l.Quantity > n {
				return fail(Errorf("quantity %d: %w (zone %q has %d places)", l.Quantity, ErrTooMany, zone.Name, n))
			}
			answers, missing, err := checkAnswers(cat, l.Answers, ctx.Lang)
			if err != nil {
				return fail(err)
			}
			pl.Answers, pl.Missing = answers, missing
			pl.Event = ev.ID
			pl.Name, pl.Detail = c.Describe(l, ctx.Lang)
			if m, ok := c.PriceFor(perf.PriceList, cat.ID, zone.ID); ok {
				pl.Unit, pl.PriceList = m, perf.PriceList
			}
		case LinePass:
			p, ok := c.PassByID(l.Item)
			if !ok {
				return fail(Errorf("pass %q: %w", l.Item, ErrUnknownItem))
			}
			if !ctx.Seller.CanSellItem(l.Kind, l.Item) {
				return fail(Errorf("pass %q: %w", l.Item, ErrNotYourItem))
			}
			pl.Name, pl.Unit = p.Name.In(ctx.Lang), p.Price
		case LineVoucher:
			g, ok := c.GiftVoucherByID(l.Item)
			if !ok {
				return fail(Errorf("gift voucher %q: %w", l.Item, ErrUnknownItem))
			}
			if !ctx.Seller.CanSellItem(l.Kind, l.Item) {
				return fail(Errorf("gift voucher %q: %w", l.Item, ErrNotYourItem))
			}
			pl.Name, pl.Unit = g.Name.In(ctx.Lang), g.Value
			if err := g.amountOf(l.Amount); err != nil {
				return fail(err)
			}
			if !l.Amount.IsZero() {
				pl.Unit = l.Amount
			}
			if g.ValidityMonths > 0 && !ctx.Now.IsZero() {
				pl.Expires = ctx.Now.In(c.loc).AddDate(0, g.ValidityMonths, 0).UTC()
			}
		case LineProduct:
			p, ok := c.ProductByID(l.Item)
			if !ok {
				return fail(Errorf("product %q: %w", l.Item, ErrUnknownItem))
			}
			if !ctx.Seller.CanSellItem(l.Kind, l.Item) {
				return fail(Errorf("product %q: %w", l.Item, ErrNotYourItem))
			}
			pl.Name, pl.Unit = p.Name.In(ctx.Lang), p.Price
		default:
			return fail(Errorf("kind %q is not ticket, pass, gift_voucher or product", l.Kind))
		}
		var err error
		if pl.Regular, err = pl.Unit.Mul(l.Quantity); err != nil {
			return fail(err)
		}
		pl.Charged = pl.Regular
		lines = append(lines, pl)
	}
	return lines, nil
}

// checkAnswers cleans the per-price form answers and lists the required
// questions still unanswered: a ticket goes into the cart before its form
// is filled in, and the order cannot be placed until it is (Complete).
func checkAnswers(cat *Category, answers map[string]string, lang Lang) (map[string]string, []string, error) {
	if len(answers) == 0 && len(cat.Form) == 0 {
		return nil, nil, nil
	}
	var missing []string
	out := make(map[string]string, len(answers))
	known := map[string]bool{}
	for _, q := range cat.Form {
		known[q.ID] = true
		a := strings.TrimSpace(Clean(answers[q.ID], false))
		if q.Required && a == "" {
			missing = append(missing, q.ID)
		}
		if len([]rune(a)) > 200 {
			return nil, nil, Errorf("%q: the answer is longer than 200 characters", q.Label)
		}
		if a != "" {
			out[q.ID] = a
		}
	}
	for id := range answers {
		if !known[id] {
			return nil, nil, Errorf("the form of %q has no question %q", cat.Name, id)
		}
	}
	return out, missing, nil
}

// Complete says whether the cart can become an order: every ticket's
// required form questions answered. The error names the first line and
// question left, as LineError wrapping ErrAnswerRequired.
func (c *Catalog) Complete(pc PricedCart, lang Lang) error {
	for i, l := range pc.Lines {
		if len(l.Missing) == 0 {
			continue
		}
		label := Text{"": l.Missing[0]}
		if cat, ok := c.CategoryByID(l.Category); ok {
			for _, q := range cat.Form {
				if q.ID == l.Missing[0] {
					label = q.Label
				}
			}
		}
		return &LineError{Line: i + 1, Err: Errorf("%q: %w", label, ErrAnswerRequired)}
	}
	return nil
}

// checkPriced is the end of the price steps: every ticket must have found a
// price on the regular list or on an offer's list.
func checkPriced(pc *PricedCart) error {
	for i, l := range pc.Lines {
		if l.Kind == LineTicket && l.PriceList == "" {
			if r := pc.Refusal; r != nil {
				// a category only a price-list code offers: say why the code no longer applies
				return &LineError{Line: i + 1, Err: Errorf("category %q: %w for this performance and zone without the code %s, which does not apply: %v", l.Category, ErrNotOnSale, r.Code, r)}
			}
			return &LineError{Line: i + 1, Err: Errorf("category %q: %w for this performance and zone", l.Category, ErrNotOnSale)}
		}
		if l.Charged.IsNegative() {
			// A discount never takes a line below zero; reaching here is a bug.
			return &LineError{Line: i + 1, Err: Errorf("internal: negative price")}
		}
	}
	return nil
}

// addFees is step 3: each payment method chosen adds its fees (the
// exchange-credit method's fee per ticket excepted: see ExchangeFee). A
// fee per ticket counts the tickets and passes paid for: an invitation,
// given with a reason or in a category priced nothing, carries none (seed
// 004: "invitation: gratuit").
func addFees(c *Catalog, cart Cart, lang Lang, pc *PricedCart) error {
	paid := 0
	for _, l := range pc.Lines {
		if (l.Kind == LineTicket || l.Kind == LinePass) && l.Charged.Amount > 0 {
			paid += l.Quantity
		}
	}
	for _, id := range cart.Methods {
		m, ok := c.PaymentMethodByID(id)
		if !ok {
			return Errorf("payment method %q: %w", id, ErrUnknownItem)
		}
		lines := Zero(pc.Currency)
		for _, l := range pc.Lines {
			lines = lines.Plus(l.Charged)
		}
		tickets := paid
		if m.Kind == KindCredit {
			// the exchange-credit method's fee per ticket is the exchange
			// fee (ExchangeFee), kept from the credit when the tickets were
			// exchanged: spending the credit does not pay it again
			tickets = 0
		}
		f, err := m.Fee(tickets, lines)
		if err != nil {
			return Errorf("%s: %w", m.Name, err)
		}
		if !f.IsZero() {
			pc.Fees = append(pc.Fees, Fee{Method: m.ID, Name: m.Name.In(lang), Amount: f})
		}
	}
	return nil
}

// totals is step 4: sums, computed from the lines so they always agree. A
// sum too large for the register is refused (ErrOverflow), never wrapped.
func totals(pc *PricedCart) error {
	z := Zero(pc.Currency)
	pc.Regular, pc.Discount, pc.FeesTotal, pc.Total = z, z, z, z
	var err error
	add := func(to *Money, m Money) {
		if err == nil {
			*to, err = to.Add(m)
		}
	}
	for i := range pc.Lines {
		l := &pc.Lines[i]
		l.Discount, err = l.Regular.Sub(l.Charged)
		add(&pc.Regular, l.Regular)
		add(&pc.Discount, l.Discount)
		add(&pc.Total, l.Charged)
		if err != nil {
			return &LineError{Line: i + 1, Err: err}
		}
	}
	for _, f := range pc.Fees {
		add(&pc.FeesTotal, f.Amount)
	}
	add(&pc.Total, pc.FeesTotal)
	return err
}

// SeatLabel writes a seat id for a person: "Row F, seat 12" / "Rang F, place 12".
func SeatLabel(seat string, lang Lang) string {
	row, n, ok := SplitSeatID(seat)
	if !ok {
		return seat
	}
	if lang == French {
		return fmt.Sprintf("Rang %s, place %d", row, n)
	}
	return fmt.Sprintf("Row %s, seat %d", row, n)
}

var (
	daysFR   = []string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."}
	monthsFR = []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
)

// FormatDateTime writes a performance time for a person:
// "sam. 12 déc. 20:00" in French, "Sat 12 Dec 20:00" in English.
func FormatDateTime(t time.Time, lang Lang) string {
	if lang == French {
		return fmt.Sprintf("%s %d %s %02d:%02d", daysFR[t.Weekday()], t.Day(), monthsFR[t.Month()-1], t.Hour(), t.Minute())
	}
	return t.Format("Mon 2 Jan 15:04")
}

// FormatDate writes a day for a person: "sam. 12 déc. 2026" / "Sat 12 Dec 2026".
func FormatDate(t time.Time, lang Lang) string {
	if lang == French {
		return fmt.Sprintf("%s %d %s %d", daysFR[t.Weekday()], t.Day(), monthsFR[t.Month()-1], t.Year())
	}
	return t.Format("Mon 2 Jan 2006")
}

// Describe names a cart line in lang, as screens, receipts and tickets
// show it: "Hamlet · Adulte" and "sam. 12 déc. 20:00 · Parterre · Rang F,
// place 9" for a ticket, the item's name for the rest. An order placed in
// one language reads in another by asking again; a line the catalog no
// longer knows keeps an empty name.
func (c *Catalog) Describe(l CartLine, lang Lang) (name, detail string) {
	switch l.Kind {
	case LineTicket:
		perf, ok := c.PerformanceByID(l.Performance)
		if !ok {
			return "", ""
		}
		ev, _ := c.EventByID(perf.Event)
		cat, _ := c.CategoryByID(l.Category)
		zone, _ := c.ZoneOf(perf, l.Zone)
		if ev == nil || cat == nil || zone == nil {
			return "", ""
		}
		name = ev.Name.In(lang) + " · " + cat.Name.In(lang)
		detail = FormatDateTime(perf.Start.In(c.loc), lang) + " · " + zone.Name.In(lang)
		if l.Seat != "" {
			detail += " · " + SeatLabel(l.Seat, lang)
		}
		return name, detail
	case LinePass:
		if p, ok := c.PassByID(l.Item); ok {
			return p.Name.In(lang), ""
		}
	case LineVoucher:
		if g, ok := c.GiftVoucherByID(l.Item); ok {
			return g.Name.In(lang), ""
		}
	case LineProduct:
		if p, ok := c.ProductByID(l.Item); ok {
			return p.Name.In(lang), ""
		}
	}
	return "", ""
}

// Named is the line named in lang (Describe), or as it was priced when
// the catalog no longer knows it.
func (c *Catalog) Named(l PricedLine, lang Lang) (name, detail string) {
	if n, d := c.Describe(l.CartLine, lang); n != "" {
		return n, d
	}
	return l.Name, l.Detail
}
