package local

import (
	"encoding/json"
	"fmt"
	"sort"

	"guichet/pos"
)

// FiscalTotals are a period's figures as a closure records them: what was
// sold and what was reversed (a reversal's amounts are negative and show
// with their sign in every total), by payment method, VAT rate and
// category. Net is what the grand totals add up. From fold 4 on, a gift
// voucher sold is in Vouchers and ByMethod only: it is takings when it
// pays.
type FiscalTotals struct {
	Net        pos.Money     `json:"net"`       // Sales + Reversals, VAT included
	Sales      pos.Money     `json:"sales"`     // orders placed
	Reversals  pos.Money     `json:"reversals"` // cancellations and returned tickets (zero or less)
	Orders     int           `json:"orders"`    // orders placed
	Reversed   int           `json:"reversed"`  // cancellations and exchanges recorded
	ByMethod   []MethodSum   `json:"by_method"`
	ByVAT      []VATSum      `json:"by_vat"`
	ByCategory []CategorySum `json:"by_category"`
	// Vouchers are the gift vouchers sold less those taken back, by
	// "gift_voucher:ID" (fold 4 on): money taken for later, not takings —
	// a voucher is taxed, and counts in Net, when it pays.
	Vouchers []CategorySum `json:"vouchers,omitempty"`
}

// MethodSum is what a payment method took (refunds subtract).
type MethodSum struct {
	Method string    `json:"method"`
	Count  int       `json:"count"` // payments less refunds
	Amount pos.Money `json:"amount"`
}

// VATSum is the VAT a rate's takings include (from fold 5 on, rate 0 is
// what was charged without VAT: the rows add up to Net).
type VATSum struct {
	Rate  int64     `json:"rate_bp"`
	Gross pos.Money `json:"gross"`
	VAT   pos.Money `json:"vat"`
}

// CategorySum is what one kind of thing sold: a ticket category (its id),
// "pass:ID", "gift_voucher:ID", "product:ID" or "fee:METHOD".
type CategorySum struct {
	Category string    `json:"category"`
	Count    int       `json:"count"`
	Amount   pos.Money `json:"amount"`
}

func zeroTotals(cur pos.Currency) FiscalTotals {
	z := pos.Zero(cur)
	return FiscalTotals{Net: z, Sales: z, Reversals: z, ByMethod: []MethodSum{}, ByVAT: []VATSum{}, ByCategory: []CategorySum{}}
}

// add adds o to t (a month is the sum of its days).
func (t *FiscalTotals) add(o FiscalTotals) {
	t.Net = t.Net.Plus(o.Net)
	t.Sales = t.Sales.Plus(o.Sales)
	t.Reversals = t.Reversals.Plus(o.Reversals)
	t.Orders += o.Orders
	t.Reversed += o.Reversed
	for _, m := range o.ByMethod {
		t.method(m.Method, m.Count, m.Amount)
	}
	for _, v := range o.ByVAT {
		t.vat(v.Rate, v.Gross, v.VAT)
	}
	for _, c := range o.ByCategory {
		t.category(c.Category, c.Count, c.Amount)
	}
	for _, c := range o.Vouchers {
		t.voucher(c.Category, c.Count, c.Amount)
	}
}

func (t *FiscalTotals) method(m string, n int, amount pos.Money) {
	i := sort.Search(len(t.ByMethod), func(i int) bool { return t.ByMethod[i].Method >= m })
	if i == len(t.ByMethod) || t.ByMethod[i].Method != m {
		t.ByMethod = append(t.ByMethod, MethodSum{})
		copy(t.ByMethod[i+1:], t.ByMethod[i:])
		t.ByMethod[i] = MethodSum{Method: m, Amount: pos.Zero(amount.Currency)}
	}
	t.ByMethod[i].Count += n
	t.ByMethod[i].Amount = t.ByMethod[i].Amount.Plus(amount)
}

func (t *FiscalTotals) vat(rate int64, gross, vat pos.Money) {
	i := sort.Search(len(t.ByVAT), func(i int) bool { return t.ByVAT[i].Rate >= rate })
	if i == len(t.ByVAT) || t.ByVAT[i].Rate != rate {
		t.ByVAT = append(t.ByVAT, VATSum{})
		copy(t.ByVAT[i+1:], t.ByVAT[i:])
		t.ByVAT[i] = VATSum{Rate: rate, Gross: pos.Zero(gross.Currency), VAT: pos.Zero(gross.Currency)}
	}
	t.ByVAT[i].Gross = t.ByVAT[i].Gross.Plus(gross)
	t.ByVAT[i].VAT = t.ByVAT[i].VAT.Plus(vat)
}

func (t *FiscalTotals) category(c string, n int, amount pos.Money) {
	t.ByCategory = addCategory(t.ByCategory, c, n, amount)
}

func (t *FiscalTotals) voucher(c string, n int, amount pos.Money) {
	t.Vouchers = addCategory(t.Vouchers, c, n, amount)
}

func addCategory(sums []CategorySum, c string, n int, amount pos.Money) []CategorySum {
	i := sort.Search(len(sums), func(i int) bool { return sums[i].Category >= c })
	if i == len(sums) || sums[i].Category != c {
		sums = append(sums, CategorySum{})
		copy(sums[i+1:], sums[i:])
		sums[i] = CategorySum{Category: c, Amount: pos.Zero(amount.Currency)}
	}
	sums[i].Count += n
	sums[i].Amount = sums[i].Amount.Plus(amount)
	return sums
}

// same reports whether two totals say the same (compared as the journal
// writes them).
func (t FiscalTotals) same(o FiscalTotals) bool {
	a, _ := json.Marshal(t)
	b, _ := json.Marshal(o)
	return string(a) == string(b)
}

// categoryOf is the key a ticket or line counts under.
func categoryOf(kind, category, item string) string {
	if kind == pos.LineTicket && category != "" {
		return category
	}
	return kind + ":" + item
}

// orderLookup finds an order as it was placed (for a reversal, which names
// it only).
type orderLookup func(number string) (pos.Order, bool, error)

// Folds: the ways foldFiscal has added entries up. A daily closure
// records the fold its figures were made with (Closure.Fold), and journal
// verify adds each closure up again with its own fold: a closure an older
// version of the program signed still verifies after an upgrade. A change
// to what the figures count is a new fold, never a change to an old one.
const (
	// foldPartial: a partial cancellation reverses its tickets at their
	// price, a lapsed invoice its whole order (9e6780f, December 2026).
	foldPartial = 1
	// foldOnce: an order canceled whole after some of its tickets were
	// canceled or exchanged is reversed once, not those tickets twice
	// (35dba64).
	foldOnce = 2
	// foldFee: an exchange's fee stays takings (ff97c9a).
	foldFee = 3
	// foldVoucher: a gift voucher sold is money taken for later, not
	// takings (Vouchers): it counts in Net, Sales and by category once,
	// as the order it pays, whose tickets carry the VAT.
	foldVoucher = 4
	// foldZeroRate: what was charged at no VAT rate (an item or a fee
	// whose rate is 0) is a 0 % row of ByVAT, so the rows add up to Net.
	foldZeroRate = 5
	// foldShare: a ticket taken back takes back its share of its line's
	// VAT (ticketVAT), not the VAT of its own price rounded: a line's
	// tickets taken back together take back the VAT the line included.
	foldShare = 6

	// closureFold is the fold the register closes its days with.
	closureFold = foldShare
)

// unnamedFolds are the folds of the versions whose closures name none,
// newest first: such a closure verifies if one of them adds up to it.
var unnamedFolds = []int{foldFee, foldOnce, foldPartial}

// foldFiscal adds one entry's effect to the totals, as fold counts it:
// every entry type that moves money counts here, and only here (closures,
// verify and the archive's check all add up through it). Other types
// change nothing.
func foldFiscal(e Entry, orders orderLookup, fold int, ts ...*FiscalTotals) error {
	each := func(fn func(t *FiscalTotals)) {
		for _, t := range ts {
			fn(t)
		}
	}
	placed := func(o pos.Order, sign int) {
		total := o.Total
		if fold >= foldVoucher {
			for _, l := range o.Lines {
				if l.Kind == pos.LineVoucher {
					total = total.Minus(l.Charged)
				}
			}
		}
		total = total.Times(sign)
		each(func(t *FiscalTotals) {
			t.Net = t.Net.Plus(total)
			if sign > 0 {
				t.Sales = t.Sales.Plus(total)
				t.Orders++
			} else {
				t.Reversals = t.Reversals.Plus(total)
				t.Reversed++
			}
			for _, v := range o.VAT {
				t.vat(v.Rate, v.Gross.Times(sign), v.Amount.Times(sign))
			}
			if fold >= foldZeroRate {
				if untaxed := untaxedIn(o); !untaxed.IsZero() {
					t.vat(0, untaxed.Times(sign), pos.Zero(untaxed.Currency))
				}
			}
			for _, l := range o.Lines {
				if l.Kind == pos.LineProduct {
					t.category(categoryOf(l.Kind, l.Category, l.Item), sign*l.Quantity, l.Charged.Times(sign))
				}
			}
			for _, tk := range o.Tickets {
				if fold >= foldVoucher && tk.Kind == pos.LineVoucher {
					t.voucher(categoryOf(tk.Kind, tk.Category, tk.Item), sign, tk.Price.Times(sign))
					continue
				}
				t.category(categoryOf(tk.Kind, tk.Category, tk.Item), sign, tk.Price.Times(sign))
			}
			for _, f := range o.Fees {
				t.category("fee:"+f.Method, sign, f.Amount.Times(sign))
			}
		})
	}
	reverse := fiscalReverse(orders, each, fold, -1)
	restore := func(o pos.Order, canceled []pos.Ticket) error {
		now := map[string]bool{}
		for _, tk := range canceled {
			now[tk.Number] = true
		}
		var before []pos.Ticket
		for _, tk := range o.Tickets {
			if !now[tk.Number] {
				before = append(before, tk)
			}
		}
		return fiscalReverse(orders, each, fold, 1)(before)
	}
	switch e.Type {
	case TypeOrderPlaced:
		var p orderPlaced
		if err := e.decode(&p); err != nil {
			return err
		}
		placed(p.Order, 1)
	case TypePaymentCaptured, TypePaymentValidated:
		var p paymentCaptured
		if err := e.decode(&p); err != nil {
			return err
		}
		each(func(t *FiscalTotals) { t.method(p.Payment.Method, 1, p.Payment.Amount) })
	case TypeOrderCanceled, TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		o, ok, err := orders(p.Order)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("entry %d cancels order %s, which the journal never placed", e.Seq, p.Order)
		}
		if p.Partial {
			// some tickets only: reversed at the price they were sold for
			if err := reverse(p.Tickets); err != nil {
				return err
			}
			each(func(t *FiscalTotals) { t.Reversed++ })
		} else {
			placed(o, -1)
			// the tickets the order no longer held (canceled some at a
			// time, exchanged) were reversed then: the whole order's
			// reversal takes each back once, not twice
			if fold >= foldOnce {
				if err := restore(o, p.Tickets); err != nil {
					return err
				}
			}
		}
		for _, r := range p.Refunds {
			each(func(t *FiscalTotals) { t.method(r.Method, -1, r.Amount.Neg()) })
		}
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		// The returned tickets are reversed at the price they were sold
		// for; the credit then pays the new order, counted as a sale.
		// The fee kept stays takings: what was reversed is the credit.
		if err := reverse(p.Tickets); err != nil {
			return err
		}
		if fold >= foldFee {
			if err := keepFee(orders, each, fold, p.Tickets, p.Fee); err != nil {
				return err
			}
		}
		each(func(t *FiscalTotals) { t.Reversed++ })
	}
	return nil
}

// fiscalReverse is the reversal of tickets at the price they were sold
// for (an exchange, a partial cancellation): sign -1. Sign 1 undoes it
// exactly (a whole order's reversal, for tickets reversed before).
func fiscalReverse(orders func(string) (pos.Order, bool, error), each func(func(*FiscalTotals)), fold, sign int) func([]pos.Ticket) error {
	return func(ts []pos.Ticket) error {
		for _, tk := range ts {
			if fold >= foldVoucher && tk.Kind == pos.LineVoucher {
				price := tk.Price.Times(sign)
				each(func(t *FiscalTotals) { t.voucher(categoryOf(tk.Kind, tk.Category, tk.Item), sign, price) })
				continue
			}
			o, ok, err := orders(pos.OrderOfTicket(tk.Number))
			if err != nil {
				return err
			}
			rate := lineRate(o, ok, tk)
			price := tk.Price.Times(sign)
			vat := pos.VATIncluded(tk.Price.Neg(), rate).Times(-sign)
			if share, known := ticketVAT(o, ok, tk); known && fold >= foldShare {
				vat = share.Times(sign)
			}
			each(func(t *FiscalTotals) {
				t.Net = t.Net.Plus(price)
				t.Reversals = t.Reversals.Plus(price)
				t.category(categoryOf(tk.Kind, tk.Category, tk.Item), sign, price)
				if rate > 0 || (rate == 0 && ok && fold >= foldZeroRate) {
					t.vat(rate, price, vat)
				}
			})
		}
		return nil
	}
}

// ticketVAT is a ticket's share of the VAT its line included, spread over
// the line's tickets by their prices in the order's order: each takes the
// rounded share of the running sum less what the tickets before it took,
// so a line's tickets, taken back together or one at a time, take back the
// line's VAT exactly. Not known (false) for an order not found or priced
// before lines carried their VAT.
func ticketVAT(o pos.Order, found bool, tk pos.Ticket) (pos.Money, bool) {
	if !found || tk.Line < 0 || tk.Line >= len(o.Lines) {
		return pos.Money{}, false
	}
	vat := o.Lines[tk.Line].VAT
	var whole, before, upto int64
	seen := false
	for _, x := range o.Tickets {
		if x.Line != tk.Line {
			continue
		}
		if x.Price.Amount < 0 || x.Price.Currency != vat.Currency {
			return pos.Money{}, false
		}
		if x.Number == tk.Number && !seen {
			seen, before, upto = true, whole, whole+x.Price.Amount
		}
		whole += x.Price.Amount
	}
	if !seen || whole <= 0 || vat.Amount <= 0 {
		return pos.Money{}, false
	}
	part := func(n int64) int64 { return (2*vat.Amount*n + whole) / (2 * whole) } // half up
	return pos.M(part(upto)-part(before), vat.Currency), true
}

// untaxedIn is what an order charged at no VAT rate: its lines and fees
// whose rate is 0, gift vouchers sold aside (money, not takings).
func untaxedIn(o pos.Order) pos.Money {
	sum := pos.Zero(o.Total.Currency)
	for _, l := range o.Lines {
		if l.VATRate <= 0 && l.Kind != pos.LineVoucher {
			sum = sum.Plus(l.Charged)
		}
	}
	for _, f := range o.Fees {
		if f.VATRate <= 0 {
			sum = sum.Plus(f.Amount)
		}
	}
	return sum
}

// lineRate is the VAT rate of the line ticket tk was sold on (0: none
// known).
func lineRate(o pos.Order, found bool, tk pos.Ticket) int64 {
	if found && tk.Line >= 0 && tk.Line < len(o.Lines) {
		return o.Lines[tk.Line].VATRate
	}
	return 0
}

// keepFee counts an exchange's fee as takings ("fee:exchange"), with the
// VAT of the tickets it was kept from: taken from each ticket in turn, at
// most its price (the fee is kept ticket by ticket, never more than a
// ticket's value; the entry records its sum).
func keepFee(orders orderLookup, each func(func(*FiscalTotals)), fold int, ts []pos.Ticket, fee pos.Money) error {
	left := fee
	for _, tk := range ts {
		if left.Amount <= 0 {
			return nil
		}
		k := left.Min(tk.Price)
		if k.Amount <= 0 {
			continue
		}
		o, ok, err := orders(pos.OrderOfTicket(tk.Number))
		if err != nil {
			return err
		}
		rate := lineRate(o, ok, tk)
		each(func(t *FiscalTotals) {
			t.Net = t.Net.Plus(k)
			t.Reversals = t.Reversals.Plus(k)
			t.category("fee:exchange", 1, k)
			if rate > 0 || (rate == 0 && ok && fold >= foldZeroRate) {
				t.vat(rate, k, pos.VATIncluded(k, rate))
			}
		})
		left = left.Minus(k)
	}
	return nil
}

// fiscalTypes are the entry types foldFiscal counts.
var fiscalTypes = map[string]bool{
	TypeOrderPlaced: true, TypePaymentCaptured: true, TypePaymentValidated: true,
	TypeOrderCanceled: true, TypeExchangeMade: true, TypeOrderLapsed: true,
}

// TicketVAT is the VAT rate of the line ticket tk of order o was sold on
// and the ticket's share of that line's VAT, as the fiscal totals reverse
// it when the ticket is taken back (a refund slip prints the same).
func TicketVAT(o pos.Order, tk pos.Ticket) (rate int64, vat pos.Money) {
	rate = lineRate(o, true, tk)
	if v, ok := ticketVAT(o, true, tk); ok {
		return rate, v
	}
	return rate, pos.VATIncluded(tk.Price, rate)
}
