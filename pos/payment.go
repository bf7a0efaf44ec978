package pos

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// Kinds of payment method (seed 004).
const (
	KindCash     = "cash"
	KindCard     = "card"
	KindPostcard = "postcard"
	KindTWINT    = "twint"
	KindInvoice  = "invoice"
	KindFree     = "free"    // free / invitation: only a zero total
	KindVoucher  = "voucher" // gift voucher balance
	KindCredit   = "credit"  // exchange credit from returned tickets
)

// PaymentMethod is how an order may be paid, with its own conditions and fees.
type PaymentMethod struct {
	ID           string `json:"id"`
	Kind         string `json:"kind"`
	Name         Text   `json:"name"`
	Description  Text   `json:"description,omitempty"`
	Minimum      Money  `json:"minimum"`                   // smallest order total that may use it
	Customer     bool   `json:"customer"`                  // offered to customers (self-service kiosk)
	Staff        bool   `json:"staff"`                     // offered to resellers and administrators
	FeePerOrder  Money  `json:"fee_per_order"`             // added once to an order paid with it
	FeePerTicket Money  `json:"fee_per_ticket"`            // added per ticket or pass
	DeadlineDays int    `json:"deadline_days,omitempty"`   // invoice: days to pay
	Until        string `json:"available_until,omitempty"` // last day it may be chosen (invoices issued before stay payable)
	// FeePercent is a share of the order's lines added as a fee, in basis
	// points (100 = 1 %), rounded half-up to the centime: seed 004's
	// "0.89 + 1 %" is fee_per_order 0.89 and fee_percent_bp 100.
	FeePercent int64 `json:"fee_percent_bp,omitempty"`
	// KeepAfterDeadline: an invoice of this method keeps its tickets after
	// its deadline (the box office chases the payment itself); otherwise
	// the register releases them when it notices the deadline passed.
	KeepAfterDeadline bool `json:"keep_after_deadline,omitempty"`
	// Invoices only (seed 004): a reminder goes that many days before the
	// deadline, one per entry (M reminders: M entries); nil: [3]; []: none.
	ReminderDays   []int `json:"reminder_days,omitempty"`
	PaymentDetails Text  `json:"payment_details,omitempty"` // IBAN, reference: printed on the invoice
	ClosingMessage Text  `json:"closing_message,omitempty"` // the message at the end of the invoice

	until time.Time
}

func (m *PaymentMethod) check(p *problems, money func(error, Money, bool), today time.Time, loc *time.Location) {
	where := Errorf("payment method %q", m.ID)
	switch m.Kind {
	case KindCash, KindCard, KindPostcard, KindTWINT, KindInvoice, KindFree, KindVoucher, KindCredit:
	default:
		p.add("%s: kind %q is not one of cash, card, postcard, twint, invoice, free, voucher, credit", where, m.Kind)
	}
	money(Errorf("%s minimum", where), m.Minimum, true)
	money(Errorf("%s fee per order", where), m.FeePerOrder, true)
	money(Errorf("%s fee per ticket", where), m.FeePerTicket, true)
	if m.FeePercent < 0 || m.FeePercent > 10000 {
		p.add("%s: fee_percent_bp is between 0 and 10000 (100 %%)", where)
	}
	if m.Kind == KindFree && (!m.FeePerOrder.IsZero() || !m.FeePerTicket.IsZero() || m.FeePercent != 0) {
		// its fee would make the order's total more than zero, which free
		// refuses: no invitation could ever be recorded
		p.add("%s: free / invitation records orders whose total is zero: it takes no fee", where)
	}
	if m.Kind == KindInvoice && m.DeadlineDays <= 0 {
		p.add("%s: an invoice needs deadline_days above zero", where)
	}
	if m.Until != "" {
		t, err := ParseWhen(m.Until, today, loc)
		if err != nil {
			p.add("%s: available_until %v", where, err)
		}
		m.until = t
		if !strings.Contains(m.Until, ":") {
			// a day: to the end of that day. A time of day written is when
			// it closes (it closed at that time the next day)
			m.until = t.AddDate(0, 0, 1)
		}
	}
}

// InvoiceDeadline is when an invoice of m placed at now lapses: at the
// end (23:59:59) of its last day, the method's days after the sale's day in
// the organiser's time zone. The invoice, the receipt and the desk print
// that day ("to pay by"), so it may be paid all that day, whatever the hour
// of the sale.
func (c *Catalog) InvoiceDeadline(m *PaymentMethod, now time.Time) time.Time {
	y, mo, d := now.In(c.Location()).Date()
	return time.Date(y, mo, d+m.DeadlineDays, 23, 59, 59, 0, c.Location()).In(now.Location())
}

// NeedsReference reports whether the method is paid on an external terminal
// whose reference must be recorded.
func (m *PaymentMethod) NeedsReference() bool {
	return m.Kind == KindCard || m.Kind == KindPostcard || m.Kind == KindTWINT
}

// Fee is what the method adds to an order of that many tickets whose
// lines come to lines: the fixed parts and FeePercent of lines, rounded
// half-up to the centime; or ErrOverflow.
func (m *PaymentMethod) Fee(tickets int, lines Money) (Money, error) {
	per, err := m.FeePerTicket.Mul(tickets)
	if err != nil {
		return per, err
	}
	f, err := m.FeePerOrder.Add(per)
	if err != nil || m.FeePercent == 0 {
		return f, err
	}
	return f.Add(lines.Percent(m.FeePercent))
}

// Why a payment method is not offered.
var (
	ErrMethodNotForSeller = errors.New("this payment method is not available to you")
	ErrBelowMinimum       = errors.New("the order is below this payment method's minimum")
	ErrMethodExpired      = errors.New("this payment method can no longer be chosen")
	ErrFreeNeedsZero      = errors.New("free / invitation is only for an order whose total is zero")
	ErrZeroNeedsFree      = errors.New("an order whose total is zero is recorded as free / invitation")
)

// MethodAvailable says whether a method may pay an order of this total,
// and if not, why.
func (c *Catalog) MethodAvailable(m *PaymentMethod, s Seller, total Money, now time.Time) error {
	switch {
	case !s.CanTake(m):
		return ErrMethodNotForSeller
	case !m.until.IsZero() && !now.Before(m.until):
		return ErrMethodExpired
	case m.Kind == KindFree && !total.IsZero():
		return ErrFreeNeedsZero
	case m.Kind != KindFree && total.IsZero():
		return ErrZeroNeedsFree
	case total.Cmp(m.Minimum) < 0:
		return Errorf("%w (%s)", ErrBelowMinimum, m.Minimum)
	}
	return nil
}

// MethodsFor lists the methods a seller may offer for an order total, in
// catalog order.
func (c *Catalog) MethodsFor(s Seller, total Money, now time.Time) []*PaymentMethod {
	var out []*PaymentMethod
	for i := range c.PaymentMethods {
		if c.MethodAvailable(&c.PaymentMethods[i], s, total, now) == nil {
			out = append(out, &c.PaymentMethods[i])
		}
	}
	return out
}

// NoMethod says why a seller is offered no method for an order of this
// total, when the reason is one to act on: an order whose total is zero
// (a 100 % offer, invitations) is recorded only as free / invitation,
// which the seller's profile may not take. nil otherwise (a method is
// offered, or the screen's "no payment method for this amount" says it).
func (c *Catalog) NoMethod(s Seller, total Money, now time.Time) error {
	if !total.IsZero() || len(c.MethodsFor(s, total, now)) > 0 {
		return nil
	}
	for i := range c.PaymentMethods {
		m := &c.PaymentMethods[i]
		if m.Kind == KindFree && !s.Kiosk && errors.Is(c.MethodAvailable(m, s, total, now), ErrMethodNotForSeller) {
			return Errorf("%w, which your profile does not take: an administrator, or a profile that takes %s, places it", ErrZeroNeedsFree, m.Name)
		}
	}
	return nil
}

// CardRef is all the register keeps of a card or mobile payment: the card
// data itself stays on the payment terminal.
type CardRef struct {
	Terminal string `json:"terminal_ref"`
	Approval string `json:"approval,omitempty"`
	Brand    string `json:"brand,omitempty"`
	Last4    string `json:"last4,omitempty"`
}

// ErrLooksLikeCardNumber refuses anything that could be a full card number.
var ErrLooksLikeCardNumber = errors.New("this looks like a full card number: record only the terminal reference, approval code, brand and last 4 digits")

// Check refuses a missing terminal reference and anything that looks like
// card data the register must not keep.
func (r CardRef) Check() error {
	if strings.TrimSpace(r.Terminal) == "" {
		return Errorf("type the reference shown on the payment terminal")
	}
	for _, f := range []string{r.Terminal, r.Approval, r.Brand, r.Last4} {
		if longestDigitRun(f) >= 12 {
			return ErrLooksLikeCardNumber
		}
		if len(f) > 40 {
			return Errorf("a payment reference is at most 40 characters")
		}
	}
	if r.Last4 != "" && (len(r.Last4) != 4 || longestDigitRun(r.Last4) != 4) {
		return Errorf("last 4 digits: type exactly four digits")
	}
	return nil
}

// longestDigitRun counts digits in a row, ignoring the spaces and dashes
// people type inside card numbers.
func longestDigitRun(s string) int {
	best, run := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			run++
			best = max(best, run)
		case r == ' ' || r == '-':
		default:
			run = 0
		}
	}
	return best
}

// Tender is one payment the customer offers for an order.
type Tender struct {
	Method   string   `json:"method"`
	Amount   Money    `json:"amount"`            // what it pays of the order; zero: the rest
	Tendered Money    `json:"tendered,omitzero"` // cash handed over
	Card     *CardRef `json:"card,omitempty"`
	Voucher  string   `json:"voucher,omitempty"` // gift voucher or credit number
	// Reference is how an invoice was paid when no terminal took it: a
	// bank transfer's reference.
	Reference string `json:"reference,omitempty"`
}

// Payment is a tender as settled: what it pays, change and rounding.
type Payment struct {
	Method   string   `json:"method"`
	Kind     string   `json:"kind"`
	Amount   Money    `json:"amount"`            // counted against the order
	Tendered Money    `json:"tendered,omitzero"` // cash handed over
	Change   Money    `json:"change,omitzero"`   // cash handed back
	Rounding Money    `json:"rounding,omitzero"` // CHF cash rounding: paid minus due
	Card     *CardRef `json:"card,omitempty"`
	Voucher  string   `json:"voucher,omitempty"`
	// Left is what the voucher still holds after this payment (the
	// receipt tells the customer), zero included; nil: not a voucher, or
	// paid before payments recorded it.
	Left    *Money `json:"left,omitempty"`
	Pending bool   `json:"pending,omitempty"` // invoice not yet validated
	// Reference is a bank transfer's reference (an invoice paid later).
	Reference string `json:"reference,omitempty"`
}

// VoucherLeft is what a voucher that paid an order still holds after it.
type VoucherLeft struct {
	Voucher string
	Left    Money
}

// VouchersLeft are the numbered vouchers that paid payments, in the order
// they first paid, each with what its last payment left (a voucher that
// paid twice is named once). Payments recorded before payments kept it,
// and an exchange credit paid directly, have none.
func VouchersLeft(payments []Payment) []VoucherLeft {
	var out []VoucherLeft
	for _, p := range payments {
		if p.Voucher == "" || p.Voucher == ExchangeVoucher || p.Left == nil {
			continue
		}
		i := slices.IndexFunc(out, func(v VoucherLeft) bool { return v.Voucher == p.Voucher })
		if i < 0 {
			out = append(out, VoucherLeft{Voucher: p.Voucher})
			i = len(out) - 1
		}
		out[i].Left = *p.Left
	}
	return out
}

// Cash is what goes into the drawer for this payment.
func (p Payment) Cash() Money {
	if p.Kind != KindCash {
		return Zero(p.Amount.Currency)
	}
	return p.Amount.Plus(p.Rounding)
}

// Settlement is how an order's total is covered.
type Settlement struct {
	Total    Money     `json:"total"`
	Payments []Payment `json:"payments"`
	Change   Money     `json:"change"`
	Rounding Money     `json:"rounding"`
	Pending  bool      `json:"pending"`           // an invoice is waiting for payment
	Deadline time.Time `json:"deadline,omitzero"` // invoice deadline
}

// Voucher is a gift voucher or an exchange-credit voucher as the register
// knows it.
type Voucher struct {
	Number  string // as issued: recorded on the payment, whatever the case typed
	Kind    string // KindVoucher (a gift voucher) or KindCredit (an exchange credit)
	Balance Money  // what it may still pay
	// Expires is when a gift voucher stops paying (zero: never).
	Expires time.Time
	// Unpaid: it was sold on an invoice still waiting for its payment; it
	// pays nothing until the invoice is validated.
	Unpaid bool
	Order  string // the order it was sold on (or the exchange's)
}

// Balances finds a voucher by its number as typed (in any case).
type Balances func(number string) (Voucher, bool)

// Settle checks tenders against an order total (fees included) and works out
// change and cash rounding. Tenders are taken in order; a tender with a zero
// Amount pays the rest. Cash that settles the rest in CHF is rounded to 0.05;
// the order total itself is never changed, the rounding is recorded on the
// payment. Only cash may be handed more than it pays. An invoice pays the
// rest and leaves the order pending until validated.
func (c *Catalog) Settle(s Seller, total Money, tenders []Tender, balances Balances, now time.Time) (Settlement, error) {
	st := Settlement{Total: total, Change: Zero(total.Currency), Rounding: Zero(total.Currency)}
	if len(tenders) == 0 {
		return st, Errorf("choose a payment method")
	}
	rest := total
	// what each voucher already pays of this order: a voucher offered
	// twice pays at most its balance in all
	used := map[string]Money{}
	for i, t := range tenders {
		m, ok := c.PaymentMethodByID(t.Method)
		if !ok {
			return st, Errorf("payment %d: unknown payment method %q", i+1, t.Method)
		}
		name := m.Name
		if err := c.MethodAvailable(m, s, total, now); err != nil {
			return st, Errorf("%s: %w", name, err)
		}
		if rest.IsZero() && !total.IsZero() {
			return st, Errorf("%s: the order is already paid; remove this payment", name)
		}
		if t.Amount.Currency == "" {
			t.Amount = Zero(total.Currency)
		}
		if t.Amount.Currency != total.Currency || (t.Tendered.Currency != "" && t.Tendered.Currency != total.Currency) {
			return st, Errorf("%s: amounts must be in %s", name, total.Currency)
		}
		if t.Amount.IsNegative() || t.Tendered.IsNegative() {
			return st, Errorf("%s: an amount cannot be negative", name)
		}
		pay := Payment{Method: m.ID, Kind: m.Kind, Amount: t.Amount, Voucher: t.Voucher}
		if pay.Amount.IsZero() || pay.Amount.Cmp(rest) > 0 && m.Kind == KindCash {
			pay.Amount = rest
		}
		if pay.Amount.Cmp(rest) > 0 {
			return st, Errorf("%s: %s is more than the %s left to pay", name, pay.Amount, rest)
		}
		switch m.Kind {
		case KindCash:
			// a part of the order, or the money handed over, is coins:
			// in CHF, a multiple of 0.05 (the rest is rounded below)
			for i, a := range []Money{t.Amount, t.Tendered} {
				if a.Currency == "" || i == 0 && a == rest {
					continue
				}
				if err := CheckCoins(a); err != nil {
					return st, Errorf("%s: %w", name, err)
				}
			}
			pay.Tendered = t.Tendered
			due := pay.Amount
			if pay.Amount == rest {
				due = rest.CashRounded()
			}
			if pay.Tendered.Currency == "" || pay.Tendered.IsZero() {
				pay.Tendered = due // exact money
			}
			if pay.Tendered.Cmp(due) < 0 {
				// Cash short of the rest pays what was handed over; another
				// method must cover the remainder.
				pay.Amount, due = pay.Tendered, pay.Tendered
			}
			pay.Rounding = due.Minus(pay.Amount)
			pay.Change = pay.Tendered.Minus(due)
			st.Change = st.Change.Plus(pay.Change)
			st.Rounding = st.Rounding.Plus(pay.Rounding)
		case KindCard, KindPostcard, KindTWINT:
			if t.Card == nil {
				return st, Errorf("%s: type the reference shown on the payment terminal", name)
			}
			ref := *t.Card
			ref.Terminal, ref.Approval = Clean(ref.Terminal, false), Clean(ref.Approval, false)
			ref.Brand, ref.Last4 = Clean(ref.Brand, false), Clean(ref.Last4, false)
			if err := ref.Check(); err != nil {
				return st, Errorf("%s: %w", name, err)
			}
			pay.Card = &ref
		case KindInvoice:
			pay.Amount = rest
			pay.Pending = true
			st.Pending = true
			st.Deadline = c.InvoiceDeadline(m, now)
		case KindVoucher, KindCredit:
			if balances == nil {
				return st, Errorf("%s: no balance can be checked here", name)
			}
			v, ok := balances(t.Voucher)
			if !ok {
				return st, Errorf("%s: no voucher or credit numbered %q", name, t.Voucher)
			}
			if v.Kind != m.Kind {
				return st, c.wrongVoucher(name, v)
			}
			pay.Voucher = v.Number
			if v.Unpaid {
				return st, Errorf("%s: voucher %s was sold on order %s, whose invoice is not paid yet: validate the payment first", name, v.Number, v.Order)
			}
			if VoucherExpired(v.Expires, now, c.Location()) {
				return st, Errorf("%s: voucher %s expired on %s", name, v.Number, v.Expires.In(c.Location()).Format("2006-01-02"))
			}
			left := v.Balance
			if u, ok := used[v.Number]; ok {
				left = left.Minus(u)
			}
			if left.Amount <= 0 {
				if _, ok := used[v.Number]; ok {
					return st, Errorf("%s: voucher %s already pays all it holds (%s) of this order", name, v.Number, v.Balance)
				}
				return st, Errorf("%s: voucher %s has nothing left", name, v.Number)
			}
			if pay.Amount.Cmp(left) > 0 {
				pay.Amount = left
			}
			used[v.Number] = used[v.Number].Plus(pay.Amount)
			after := left.Minus(pay.Amount)
			pay.Left = &after
		case KindFree:
		}
		rest = rest.Minus(pay.Amount)
		st.Payments = append(st.Payments, pay)
	}
	if !rest.IsZero() {
		return st, Errorf("%s is still to be paid", rest)
	}
	if err := c.depositCanGoBack(st); err != nil {
		return st, err
	}
	return st, nil
}

// depositCanGoBack refuses money taken beside an invoice that may lapse
// (a cash or card deposit) when the catalog has no credit method: a lapsed
// invoice gives its deposit back as the customer's credit voucher, which
// then could not be, and the deposit would go back nowhere.
func (c *Catalog) depositCanGoBack(st Settlement) error {
	if !st.Pending || c.MethodOfKind(KindCredit) != nil {
		return nil
	}
	lapses, deposit := false, false
	for _, p := range st.Payments {
		switch p.Kind {
		case KindInvoice:
			if m, ok := c.PaymentMethodByID(p.Method); ok && !m.KeepAfterDeadline {
				lapses = true
			}
		case KindCash, KindCard, KindPostcard, KindTWINT:
			deposit = deposit || p.Amount.Amount > 0
		}
	}
	if lapses && deposit {
		return Errorf("a deposit beside an invoice goes back as a credit voucher if the invoice lapses, and this box office has no credit method: put the whole amount on the invoice, or take it all now")
	}
	return nil
}

// wrongVoucher refuses a voucher offered under the other voucher method
// (gift voucher vs exchange credit), naming the method that takes it: the
// two are different money in the books (X and Z count them apart).
func (c *Catalog) wrongVoucher(method Text, v Voucher) error {
	right := c.MethodOfKind(v.Kind)
	switch {
	case v.Kind == KindVoucher && right != nil:
		return Errorf("%s: %s is a gift voucher: take it with %s", method, v.Number, right.Name)
	case v.Kind == KindVoucher:
		return Errorf("%s: %s is a gift voucher, which this box office does not take", method, v.Number)
	case right != nil:
		return Errorf("%s: %s is an exchange credit voucher: take it with %s", method, v.Number, right.Name)
	}
	return Errorf("%s: %s is an exchange credit voucher, which this box office does not take", method, v.Number)
}

// VoucherExpired says whether a voucher expiring at expires (zero: never)
// no longer pays at now. It pays through the whole day its slip and the
// screens name ("valid until 4 Dec 2028"), in the box office's time zone:
// it stopped at the time of day it was sold, and a customer coming that
// afternoon with a voucher sold in the morning was refused on the date it
// says it is valid until.
func VoucherExpired(expires, now time.Time, loc *time.Location) bool {
	if expires.IsZero() {
		return false
	}
	d := expires.In(loc)
	return !now.Before(time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc))
}
