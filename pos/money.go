package pos

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Currency is an ISO 4217 code such as CHF or EUR.
type Currency string

// minorDigits is how many decimals a currency's minor unit has. A currency
// not listed here is refused when a catalog is loaded, so amounts are never
// guessed.
var minorDigits = map[Currency]int{"CHF": 2, "EUR": 2, "USD": 2, "GBP": 2, "JPY": 0}

// ErrCurrencyMismatch is returned when two amounts of different currencies meet.
var ErrCurrencyMismatch = errors.New("amounts in different currencies")

// Known reports whether the currency is one the register can handle.
func (c Currency) Known() bool { _, ok := minorDigits[c]; return ok }

func (c Currency) digits() int {
	if d, ok := minorDigits[c]; ok {
		return d
	}
	return 2
}

// Money is an exact amount: a count of the currency's minor units (centimes,
// cents). There is no float anywhere on the way from catalog to receipt.
type Money struct {
	Amount   int64    // minor units
	Currency Currency // ISO code
}

// M builds an amount from minor units.
func M(minor int64, c Currency) Money { return Money{Amount: minor, Currency: c} }

// Zero is a zero amount in currency c.
func Zero(c Currency) Money { return Money{Currency: c} }

func (m Money) IsZero() bool     { return m.Amount == 0 }
func (m Money) IsNegative() bool { return m.Amount < 0 }
func (m Money) Neg() Money       { return Money{-m.Amount, m.Currency} }

// ErrOverflow is returned when a sum or product of amounts does not fit:
// the register refuses it rather than wrap around to a wrong total.
var ErrOverflow = errors.New("the amount is too large")

// Add returns m+o, or ErrCurrencyMismatch, or ErrOverflow. A zero amount
// with no currency takes the other's currency, so sums can start from Money{}.
func (m Money) Add(o Money) (Money, error) {
	c, err := common(m, o)
	if err != nil {
		return Money{m.Amount, c}, err
	}
	sum := m.Amount + o.Amount
	// math.MinInt64 counts as an overflow too: it has no opposite.
	if (o.Amount > 0 && sum < m.Amount) || (o.Amount < 0 && sum > m.Amount) || sum == math.MinInt64 {
		return Money{m.Amount, c}, ErrOverflow
	}
	return Money{sum, c}, nil
}

// Sub returns m-o, or ErrCurrencyMismatch, or ErrOverflow.
func (m Money) Sub(o Money) (Money, error) {
	if o.Amount == math.MinInt64 {
		return m, ErrOverflow
	}
	return m.Add(o.Neg())
}

// Plus is Add for amounts already known to share a currency and to be small
// (checked when the catalog was loaded and the cart priced). It panics on a
// mismatch or an overflow, which is a programming error.
func (m Money) Plus(o Money) Money {
	r, err := m.Add(o)
	if err != nil {
		panic(fmt.Sprintf("pos: %v: %s + %s", err, m, o))
	}
	return r
}

// Minus is Sub for amounts already known to share a currency.
func (m Money) Minus(o Money) Money { return m.Plus(o.Neg()) }

// Mul multiplies by a quantity, or returns ErrOverflow.
func (m Money) Mul(q int) (Money, error) {
	hi, lo := bits.Mul64(abs64(m.Amount), abs64(int64(q)))
	if hi != 0 || lo > math.MaxInt64 {
		return Money{0, m.Currency}, ErrOverflow
	}
	return Money{m.Amount * int64(q), m.Currency}, nil
}

// Times is Mul for factors known to keep the amount small (a quantity
// checked against MaxQuantity, a sign). It panics on an overflow, which is
// a programming error.
func (m Money) Times(q int) Money {
	r, err := m.Mul(q)
	if err != nil {
		panic(fmt.Sprintf("pos: %v: %s x %d", err, m, q))
	}
	return r
}

func abs64(n int64) uint64 {
	if n < 0 {
		return uint64(-(n + 1)) + 1
	}
	return uint64(n)
}

// Cmp compares two amounts of the same currency: -1, 0 or +1.
func (m Money) Cmp(o Money) int {
	switch {
	case m.Amount < o.Amount:
		return -1
	case m.Amount > o.Amount:
		return 1
	}
	return 0
}

// Min returns the smaller of two amounts.
func (m Money) Min(o Money) Money {
	if o.Amount < m.Amount {
		return o
	}
	return m
}

func common(a, b Money) (Currency, error) {
	switch {
	case a.Currency == b.Currency:
		return a.Currency, nil
	case a.Currency == "" && a.Amount == 0:
		return b.Currency, nil
	case b.Currency == "" && b.Amount == 0:
		return a.Currency, nil
	}
	return a.Currency, Errorf("%w (%s and %s)", ErrCurrencyMismatch, a.Currency, b.Currency)
}

// Percent returns bp basis points (1/100 of a percent: 2000 = 20 %) of m,
// rounded half-up to the minor unit: half a centime or more goes up, away
// from zero for negative amounts. 20 % of CHF 12.55 is CHF 2.51 (2.51 exactly);
// 15 % of CHF 0.10 is 0.015, so CHF 0.02.
func (m Money) Percent(bp int64) Money {
	return Money{mulDivRoundHalfUp(m.Amount, bp, 10000), m.Currency}
}

// mulDivRoundHalfUp is n*mul/div with halves rounded away from zero, in
// 128 bits so that n*mul cannot overflow; mul and div are positive and the
// result is at most n in size when mul <= div (percentages, VAT).
func mulDivRoundHalfUp(n, mul, div int64) int64 {
	neg := (n < 0) != (mul < 0)
	hi, lo := bits.Mul64(abs64(n), abs64(mul))
	d := abs64(div)
	if hi >= d {
		panic(fmt.Sprintf("pos: %d x %d / %d does not fit", n, mul, div))
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r { // 2r >= d without overflowing
		q++
	}
	if neg {
		return -int64(q)
	}
	return int64(q)
}

// divRoundHalfUp divides with halves rounded away from zero.
func divRoundHalfUp(n, d int64) int64 { return mulDivRoundHalfUp(n, 1, d) }

// CheckCoins refuses an amount of cash no coins make (CHF has none under
// 5 centimes), naming the nearest amounts that coins make: typed as cash
// handed over, put in the drawer or counted, it is a slip of the keys,
// and the drawer would be expected to hold what no count finds.
func CheckCoins(m Money) error {
	if m == m.CashRounded() {
		return nil
	}
	a := m
	if a.IsNegative() {
		a = a.Neg()
	}
	below := a.Minus(M(a.Amount%5, a.Currency))
	if below.IsZero() {
		return Errorf("there is no coin for %s: type %s", a, below.Plus(M(5, a.Currency)))
	}
	return Errorf("there is no coin for %s: type %s or %s", a, below, below.Plus(M(5, a.Currency)))
}

// CashRounded returns the amount a customer pays in cash. Swiss francs have
// no coin under 5 centimes, so CHF is rounded to the nearest 0.05: .01-.02
// go down, .03-.07 to .05, .08-.09 up (2.5 centimes rounds up). Other
// currencies are returned unchanged.
func (m Money) CashRounded() Money {
	if m.Currency != "CHF" {
		return m
	}
	return Money{divRoundHalfUp(m.Amount, 5) * 5, m.Currency}
}

// String is the canonical form used in files and JSON: "CHF 12.50".
func (m Money) String() string {
	return string(m.Currency) + " " + m.decimal(".", "")
}

// Number is the amount alone as a plain decimal number, "1250.00" or
// "-0.05" (a point, no thousands separator, no currency): the form CSV
// exports write so that a spreadsheet adds the column up, the currency in
// a column of its own.
func (m Money) Number() string { return m.decimal(".", "") }

// decimal renders the amount with a decimal mark and a thousands separator.
func (m Money) decimal(mark, thousands string) string {
	d := m.Currency.digits()
	a := m.Amount
	sign := ""
	if a < 0 {
		sign, a = "-", -a
	}
	s := strconv.FormatInt(a, 10)
	for len(s) <= d {
		s = "0" + s
	}
	whole, frac := s[:len(s)-d], s[len(s)-d:]
	if thousands != "" && len(whole) > 3 {
		var b strings.Builder
		pre := len(whole) % 3
		if pre > 0 {
			b.WriteString(whole[:pre])
		}
		for i := pre; i < len(whole); i += 3 {
			if b.Len() > 0 {
				b.WriteString(thousands)
			}
			b.WriteString(whole[i : i+3])
		}
		whole = b.String()
	}
	if d == 0 {
		return sign + whole
	}
	return sign + whole + mark + frac
}

// Format renders the amount for a person reading language lang ("fr", "en"):
// "CHF 12.50" and "CHF 1’250.00" in Switzerland for both languages,
// "12,50 €" in French, "€12.50" in English.
func (m Money) Format(lang Lang) string {
	switch m.Currency {
	case "CHF":
		return "CHF " + m.decimal(".", "’")
	case "EUR":
		if lang.decimalComma() {
			return m.decimal(",", " ") + " €"
		}
		return "€" + m.decimal(".", ",")
	}
	if lang.decimalComma() {
		return m.decimal(",", " ") + " " + string(m.Currency)
	}
	return string(m.Currency) + " " + m.decimal(".", ",")
}

// ParseMoney reads the canonical form "CHF 12.50" (also "CHF 12", "CHF -3.5").
func ParseMoney(s string) (Money, error) {
	cur, num, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		return Money{}, Errorf("amount %q: write it as currency and number, e.g. \"CHF 12.50\"", s)
	}
	c := Currency(strings.ToUpper(cur))
	if !c.Known() {
		return Money{}, Errorf("amount %q: unknown currency %q", s, cur)
	}
	minor, err := ParseMinor(strings.TrimSpace(num), c)
	if err != nil {
		return Money{}, Errorf("amount %q: %w", s, err)
	}
	return Money{minor, c}, nil
}

// ParseMinor reads a decimal number ("12.50", "12,5", "-3") as minor units
// of currency c, refusing more decimals than the currency has.
func ParseMinor(num string, c Currency) (int64, error) {
	d := c.digits()
	num = strings.ReplaceAll(num, ",", ".")
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	whole, frac, _ := strings.Cut(num, ".")
	if whole == "" && frac == "" {
		return 0, Errorf("no number")
	}
	if len(frac) > d {
		return 0, Errorf("more than %d decimals", d)
	}
	for len(frac) < d {
		frac += "0"
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, Errorf("%q is not a number", num)
		}
	}
	if len(whole+frac) > 15 {
		return 0, Errorf("amount too large")
	}
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, err
	}
	if neg {
		v = -v
	}
	return v, nil
}

// MarshalText writes the canonical form, so JSON carries "CHF 12.50". The
// zero Money (no currency yet) is written "0" and reads back the same.
func (m Money) MarshalText() ([]byte, error) {
	if m.Currency == "" {
		if m.Amount != 0 {
			return nil, fmt.Errorf("amount %d has no currency", m.Amount)
		}
		return []byte("0"), nil
	}
	return m.appendString(make([]byte, 0, len(m.Currency)+24)), nil
}

// AppendText appends MarshalText's text to b (encoding.TextAppender): the
// register's journal encoder writes the thirty amounts of a sale so,
// without an allocation each.
func (m Money) AppendText(b []byte) ([]byte, error) {
	if m.Currency == "" {
		if m.Amount != 0 {
			return b, fmt.Errorf("amount %d has no currency", m.Amount)
		}
		return append(b, '0'), nil
	}
	return m.appendString(b), nil
}

// appendString appends String's text to b: MarshalText writes every
// amount of every journal entry and view record (a 4-ticket sale's order
// holds some thirty), and String's concatenations cost four allocations an
// amount where this costs none but b.
func (m Money) appendString(b []byte) []byte {
	b = append(append(b, m.Currency...), ' ')
	d := m.Currency.digits()
	a := m.Amount
	if a < 0 {
		b, a = append(b, '-'), -a
	}
	var num, padded [32]byte
	s := strconv.AppendInt(num[:0], a, 10)
	if len(s) <= d { // as decimal: zeros before, so there is a whole part
		p := padded[:0]
		for range d + 1 - len(s) {
			p = append(p, '0')
		}
		s = append(p, s...)
	}
	b = append(b, s[:len(s)-d]...)
	if d == 0 {
		return b
	}
	return append(append(b, '.'), s[len(s)-d:]...)
}

// UnmarshalText reads the canonical form.
func (m *Money) UnmarshalText(b []byte) error {
	if s := strings.TrimSpace(string(b)); s == "0" || s == "" {
		*m = Money{}
		return nil
	}
	v, err := ParseMoney(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
