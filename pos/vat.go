package pos

import (
	"fmt"
	"sort"
	"strings"
)

// VATTotal is the VAT included in an order at one rate: Gross is what was
// charged at that rate (VAT included), Amount the VAT it holds. Swiss VAT is
// worked out on each rate's total, rounded half up to the centime, not
// summed from rounded lines.
type VATTotal struct {
	Rate   int64 `json:"rate_bp"` // basis points: 810 = 8.1 %
	Gross  Money `json:"gross"`
	Amount Money `json:"vat"`
}

// Format writes a VAT total as a receipt prints it: "8,1 % CHF 4.30" in
// French, "8.1% CHF 4.30" in English.
func (v VATTotal) Format(lang Lang) string {
	sep := ""
	if lang.spaceBeforeSign() {
		sep = " "
	}
	return FormatRate(v.Rate, lang) + sep + "% " + v.Amount.Format(lang)
}

// FormatRate writes a rate in basis points as a percentage number without
// its sign: 810 is "8.1" ("8,1" in French), 770 is "7.7", 800 is "8".
func FormatRate(bp int64, lang Lang) string {
	s := fmt.Sprint(bp / 100)
	if f := bp % 100; f != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%02d", f), "0")
	}
	if lang.decimalComma() {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// vatRateOf is the VAT rate included in a line's price: the item's own
// rate when the catalog gives one, else the organiser's. A gift voucher
// carries none: it is money, taxed when it is spent.
func (c *Catalog) vatRateOf(l CartLine) int64 {
	rate := c.Organiser.VATRate
	var own *int64
	switch l.Kind {
	case LineVoucher:
		return 0
	case LineTicket:
		if perf, ok := c.PerformanceByID(l.Performance); ok {
			if ev, ok := c.EventByID(perf.Event); ok {
				own = ev.VATRate
			}
		}
	case LinePass:
		if p, ok := c.PassByID(l.Item); ok {
			own = p.VATRate
		}
	case LineProduct:
		if p, ok := c.ProductByID(l.Item); ok {
			own = p.VATRate
		}
	}
	if own != nil {
		rate = *own
	}
	return max(rate, 0)
}

// addVAT is the last pricing step: each line and fee gets the VAT its
// charged amount includes, and the cart its totals by rate. A fee is taxed
// at the organiser's rate. The lines' VAT add up exactly to their rate's
// total: each takes the rounded VAT of the running sum less what the lines
// before it took.
func addVAT(c *Catalog, pc *PricedCart) {
	for i := range pc.Lines {
		pc.Lines[i].VATRate = c.vatRateOf(pc.Lines[i].CartLine)
	}
	for i := range pc.Fees {
		pc.Fees[i].VATRate = max(c.Organiser.VATRate, 0)
	}
	pc.VAT = vatTotals(pc.Currency, pc.Lines, pc.Fees)
}

// vatTotals works out the VAT of lines and fees whose rates are set, and
// returns the totals by rate, lowest rate first (empty, not nil, when
// nothing is taxed: worked out, and none).
func vatTotals(cur Currency, lines []PricedLine, fees []Fee) []VATTotal {
	type part struct {
		rate   int64
		gross  Money
		vat    *Money
		ofRate *VATTotal
	}
	byRate := map[int64]*VATTotal{}
	var parts []part
	add := func(rate int64, gross Money, vat *Money) {
		*vat = Zero(cur)
		if rate <= 0 {
			return
		}
		t := byRate[rate]
		if t == nil {
			t = &VATTotal{Rate: rate, Gross: Zero(cur), Amount: Zero(cur)}
			byRate[rate] = t
		}
		parts = append(parts, part{rate, gross, vat, t})
	}
	for i := range lines {
		add(lines[i].VATRate, lines[i].Charged, &lines[i].VAT)
	}
	for i := range fees {
		add(fees[i].VATRate, fees[i].Amount, &fees[i].VAT)
	}
	for _, p := range parts {
		t := p.ofRate
		t.Gross = t.Gross.Plus(p.gross)
		running := M(vatIncluded(t.Gross.Amount, t.Rate), cur)
		*p.vat = running.Minus(t.Amount)
		t.Amount = running
	}
	out := []VATTotal{}
	for _, t := range byRate {
		if !t.Gross.IsZero() {
			out = append(out, *t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rate < out[j].Rate })
	return out
}

// vatIncluded is the VAT a gross amount includes at rate bp, half up:
// gross x rate / (10000 + rate).
func vatIncluded(gross, bp int64) int64 { return mulDivRoundHalfUp(gross, bp, 10000+bp) }

// VATTotals is the VAT an order includes, by rate: as recorded when it was
// priced, or, for an order recorded before VAT was a pricing step, worked
// out again from its lines and fees with the catalog's rates.
func (c *Catalog) VATTotals(o Order) []VATTotal {
	if o.VAT != nil {
		return o.VAT
	}
	pc := PricedCart{Currency: o.Total.Currency, Lines: append([]PricedLine(nil), o.Lines...), Fees: append([]Fee(nil), o.Fees...)}
	addVAT(c, &pc)
	return pc.VAT
}

// VATIncluded is the VAT a gross amount (VAT included) holds at rate bp,
// rounded half up: what one returned ticket takes back of its rate's VAT.
func VATIncluded(gross Money, bp int64) Money {
	if bp <= 0 {
		return Zero(gross.Currency)
	}
	return M(vatIncluded(gross.Amount, bp), gross.Currency)
}
