package local

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Closures (CGI art. 286 I-3° bis, BOI-TVA-DECLA-30-10-30): every day,
// month and year of the register is closed by a closure.made entry signed
// with the register's key. A day closes at the Z of its last open shift,
// or else at the register's first action after midnight in the
// organiser's time zone (a day without sales gets its closure too); a
// month and a year close at the first action after their last day. Each
// closure carries its period's totals and two running sums the next one
// continues: the year's grand total (since the fiscal year, a calendar
// year, opened) and the perpetual grand total (since the first entry).
// guichet journal verify adds the entries up again and fails on any
// difference.

// TypeClosureMade is a day's, month's or year's closure.
const TypeClosureMade = "closure.made"

// Closure kinds.
const (
	ClosureDay   = "day"
	ClosureMonth = "month"
	ClosureYear  = "year"
)

// Closure is the payload of closure.made.
type Closure struct {
	Kind     string `json:"kind"`   // day, month, year
	Period   string `json:"period"` // 2026-03-10, 2026-03, 2026
	Number   int    `json:"number"` // closures of this kind so far, this one included
	AtZ      bool   `json:"at_z,omitempty"`
	From     uint64 `json:"from"` // the first entry of the period
	To       uint64 `json:"to"`   // the last entry of the period (the one before this closure)
	TimeZone string `json:"time_zone"`
	// Fold is how a daily closure's entries were added up (see
	// closureFold); none in the closures of the versions before it, added
	// up by one of unnamedFolds. A month or a year adds up its days'
	// closures as they were written.
	Fold int `json:"fold,omitempty"`

	Totals         FiscalTotals `json:"totals"`
	YearTotal      pos.Money    `json:"year_grand_total"`      // net since the fiscal year opened, this period included
	PerpetualTotal pos.Money    `json:"perpetual_grand_total"` // net since the register's first entry

	// Tickets is the day's ticket statement (daily closures only).
	Tickets []StatementRow `json:"tickets,omitempty"`

	// Chain is the hash of the entry before the closure: the signature
	// binds the closure to its place in the chain.
	Chain Digest `json:"chain"`
	// Signature is the register's Ed25519 signature (base64url) of the
	// closure's JSON without it, prefixed with "guichet-closure:".
	Signature string `json:"signature,omitempty"`
}

func init() { registerPayload[Closure](TypeClosureMade) }

const closureSigPrefix = "guichet-closure:"

func (c *Closure) signedBytes() []byte {
	cp := *c
	cp.Signature = ""
	b, _ := json.Marshal(cp)
	return append([]byte(closureSigPrefix), b...)
}

func (c *Closure) sign(key ed25519.PrivateKey) {
	c.Signature = b64.EncodeToString(ed25519.Sign(key, c.signedBytes()))
}

// SignedBy reports whether the closure carries pub's signature.
func (c *Closure) SignedBy(pub ed25519.PublicKey) bool {
	sig, err := b64.DecodeString(c.Signature)
	return err == nil && len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, c.signedBytes(), sig)
}

// Name is how messages name a closure: "daily closure 3 (2026-03-10)".
func (c *Closure) Name() string {
	kind := map[string]string{ClosureDay: "daily", ClosureMonth: "monthly", ClosureYear: "yearly"}[c.Kind]
	return fmt.Sprintf("%s closure %d (%s)", kind, c.Number, c.Period)
}

// name is Name in each language (a ClosureError says it).
func (c *Closure) name() pos.Text {
	fr := map[string]string{ClosureDay: "clôture journalière", ClosureMonth: "clôture mensuelle", ClosureYear: "clôture annuelle"}[c.Kind]
	if fr == "" {
		fr = "clôture " + c.Kind
	}
	return pos.Text{"en": c.Name(), "fr": fmt.Sprintf("%s %d (%s)", fr, c.Number, c.Period)}
}

// --- the view: where the closures stand ---

const vFiscal = "fiscal" // "state" -> fiscalState; "last_day" -> date; kind \x00 period -> seqs of its closures (JSON)

var (
	fiscalStateKey = []byte("state")
	lastDayKey     = []byte("last_day") // the last daily closure's date, read by every write
)

// fiscalState is the last closure of each kind and what the month and the
// year add up to so far (their days closed).
type fiscalState struct {
	Day         closureMark  `json:"day"`
	Month       closureMark  `json:"month"`
	Year        closureMark  `json:"year"`
	MonthTotals FiscalTotals `json:"month_totals"`
	YearTotals  FiscalTotals `json:"year_totals"`
	Perpetual   pos.Money    `json:"perpetual"`
	// YearCarried is the year's grand total a new journal took over from
	// the lost one (journal.restarted), until the year closes.
	YearCarried *pos.Money `json:"year_carried,omitempty"`
}

// yearTotal is the year's grand total: net the year's days added up, and
// what a restarted journal carried into the year.
func (s *fiscalState) yearTotal(net pos.Money) pos.Money {
	if s.YearCarried == nil {
		return net
	}
	return net.Plus(*s.YearCarried)
}

// restarted starts the sums where a lost journal's closures left them
// (journal.restarted carrying them), before the journal's first closure.
func (s *fiscalState) restarted(p journalRestarted) {
	perpetual, numbers, year, ok := p.carried()
	if !ok || s.Day.Seq != 0 || s.Month.Seq != 0 || s.Year.Seq != 0 {
		return // restarted from zero, or not at the journal's start
	}
	s.Perpetual = perpetual
	if year.Currency != "" {
		s.YearCarried = &year
	}
	s.Day.Number, s.Month.Number, s.Year.Number = numbers[ClosureDay], numbers[ClosureMonth], numbers[ClosureYear]
}

type closureMark struct {
	Seq    uint64 `json:"seq"`
	Period string `json:"period"`
	Number int    `json:"number"`
	AtZ    bool   `json:"at_z,omitempty"`
}

func (s *fiscalState) mark(kind string) *closureMark {
	switch kind {
	case ClosureDay:
		return &s.Day
	case ClosureMonth:
		return &s.Month
	}
	return &s.Year
}

func readFiscalState(tx *bolt.Tx) (fiscalState, error) {
	var st fiscalState
	_, err := getJSON(view(tx, vFiscal), fiscalStateKey, &st)
	return st, err
}

func applyFiscal(tx *bolt.Tx, e Entry) error {
	if e.Type == TypeJournalRestarted {
		var p journalRestarted
		if err := e.decode(&p); err != nil {
			return err
		}
		st, err := readFiscalState(tx)
		if err != nil {
			return err
		}
		st.restarted(p)
		return putJSON(view(tx, vFiscal), fiscalStateKey, st)
	}
	if e.Type != TypeClosureMade {
		return nil
	}
	var c Closure
	if err := e.decode(&c); err != nil {
		return err
	}
	b := view(tx, vFiscal)
	st, err := readFiscalState(tx)
	if err != nil {
		return err
	}
	*st.mark(c.Kind) = closureMark{Seq: e.Seq, Period: c.Period, Number: c.Number, AtZ: c.AtZ}
	cur := c.Totals.Net.Currency
	switch c.Kind {
	case ClosureDay:
		st.MonthTotals.add(c.Totals)
		st.YearTotals.add(c.Totals)
		st.Perpetual = st.Perpetual.Plus(c.Totals.Net)
	case ClosureMonth:
		st.MonthTotals = zeroTotals(cur)
	case ClosureYear:
		st.YearTotals = zeroTotals(cur)
		st.YearCarried = nil
	}
	if err := putJSON(b, fiscalStateKey, st); err != nil {
		return err
	}
	if c.Kind == ClosureDay {
		if err := b.Put(lastDayKey, []byte(c.Period)); err != nil {
			return err
		}
	}
	k := key(c.Kind, c.Period)
	var seqs []uint64
	if _, err := getJSON(b, k, &seqs); err != nil {
		return err
	}
	return putJSON(b, k, append(seqs, e.Seq))
}

// --- making closures ---

// civil is a calendar date (at midnight UTC, for arithmetic).
func civil(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (r *Register) location() *time.Location {
	if loc := r.cat().Location(); loc != nil {
		return loc
	}
	return time.UTC
}

// closeDue writes the closures that fell due since the register's last
// action: every day before today not closed yet, each month and year
// whose last day was. It runs before the first entry of every write
// transaction (writer.append), so the closures come before the action
// that noticed midnight had passed.
func (w *writer) closeDue() error {
	tx, r := w.tx, w.reg
	loc := r.location()
	today := civil(w.now, loc)
	last := view(tx, vFiscal).Get(lastDayKey)
	if last != nil && string(last) >= today.Format(time.DateOnly) {
		return nil // today is not over: nothing falls due (the check every write makes)
	}
	if last == nil && !civil(w.last.Time, loc).Before(today) {
		// No daily closure yet (applyFiscal writes last_day with each, so
		// the state's Day.Seq is 0), and the first one, of the last
		// entry's day, is not due: the check every write of a register's
		// first day makes, without decoding the state below.
		return nil
	}
	st, err := readFiscalState(tx)
	if err != nil {
		return err
	}
	var d time.Time
	again := false // close the last closed day again: sales after its Z
	if st.Day.Seq == 0 {
		// The first closure is of the day of the last entry: for a new
		// register, its first day; a journal written before closures
		// existed gets its whole history in it, and no empty closures for
		// the days before it.
		d = civil(w.last.Time, loc)
	} else {
		if d, err = time.Parse(time.DateOnly, st.Day.Period); err != nil {
			return fmt.Errorf("the last daily closure's date %q: %w", st.Day.Period, err)
		}
		if !d.Before(today) {
			return nil
		}
		if st.Day.AtZ {
			if again, err = countedOn(tx, st.Day.Seq, d, loc); err != nil {
				return err
			}
		}
	}
	for first := true; d.Before(today); d, first = d.AddDate(0, 0, 1), false {
		if st.Day.Seq == 0 || !first || again {
			if err := w.closeDay(d, false); err != nil {
				return err
			}
		}
		next := d.AddDate(0, 0, 1)
		if next.Month() != d.Month() {
			if st, err = readFiscalState(tx); err != nil {
				return err
			}
			if p := d.Format("2006-01"); st.Month.Period < p {
				if err := w.closePeriod(ClosureMonth, p); err != nil {
					return err
				}
			}
		}
		if next.Year() != d.Year() {
			if st, err = readFiscalState(tx); err != nil {
				return err
			}
			if p := d.Format("2006"); st.Year.Period < p {
				if err := w.closePeriod(ClosureYear, p); err != nil {
					return err
				}
			}
		}
		if st, err = readFiscalState(tx); err != nil {
			return err
		}
	}
	return nil
}

// countedOn reports whether the first entry after seq that moves money
// was made on day d (sales after the day's Z).
func countedOn(tx *bolt.Tx, seq uint64, d time.Time, loc *time.Location) (bool, error) {
	found := false
	err := forEachEntry(tx, seq+1, func(e Entry) error {
		if fiscalTypes[e.Type] {
			found = civil(e.Time, loc).Equal(d)
			return errStop
		}
		return nil
	})
	if err == errStop {
		err = nil
	}
	return found, err
}

// liveOrders finds orders in the register's views.
func liveOrders(tx *bolt.Tx) orderLookup {
	return func(number string) (pos.Order, bool, error) {
		ov, ok, err := getOrder(tx, number)
		return ov.Order, ok, err
	}
}

// closeDay closes the day d: the entries since the last daily closure.
//
// A day adds up two things apart: its sales (Net, Sales, Reversals, by
// VAT rate and category: the orders placed and taken back that day, the
// documents the register issued) and the money it received (ByMethod:
// payment.captured and payment.validated, refunds less). An order placed
// on invoice and not paid yet counts as a sale of the day it is placed,
// which is right: its tickets are issued and valid that day (they are in the
// day's ticket statement, Tickets, which must agree with the sales) and
// its invoice, with the VAT it includes, is made that day; a sale is
// recorded once, when it is made, and corrected only by a new entry
// (DESIGN: the journal is append-only). Its money is in no method until
// its payment is validated (payment.validated, under the invoice method,
// on that day, which sells nothing more); lapsed or canceled unpaid, the
// lapse or the cancellation reverses the whole order on its own day and
// gives back only what a deposit took. The grand totals add up Net, the
// sales, as a closure's grand total does (CGI art. 286 I-3° bis: the
// cumulative of the transactions, the payments beside them): an invoice
// not paid yet is in Net and in no method; paid, in each once.
// TestAnInvoiceIsASaleTheDayItIsPlacedAndMoneyTheDayItIsPaid holds each
// case.
func (w *writer) closeDay(d time.Time, atZ bool) error {
	st, err := readFiscalState(w.tx)
	if err != nil {
		return err
	}
	totals := zeroTotals(w.currency)
	stmt := newStatement()
	orders := liveOrders(w.tx)
	err = forEachEntry(w.tx, st.Day.Seq+1, func(e Entry) error {
		if fiscalTypes[e.Type] {
			if err := foldFiscal(e, orders, closureFold, &totals); err != nil {
				return err
			}
		}
		return stmt.fold(e)
	})
	if err != nil {
		return err
	}
	year := st.YearTotals
	year.add(totals)
	c := Closure{
		Kind: ClosureDay, Period: d.Format(time.DateOnly), Number: st.Day.Number + 1, AtZ: atZ,
		From: st.Day.Seq + 1, To: w.last.Seq, Fold: closureFold, Totals: totals,
		YearTotal: st.yearTotal(year.Net), PerpetualTotal: st.Perpetual.Plus(totals.Net), Tickets: stmt.list(),
	}
	return w.appendClosure(&c)
}

// closePeriod closes a month or a year: the sum of its days.
func (w *writer) closePeriod(kind, period string) error {
	st, err := readFiscalState(w.tx)
	if err != nil {
		return err
	}
	totals := st.YearTotals
	if kind == ClosureMonth {
		totals = st.MonthTotals
	}
	m := st.mark(kind)
	c := Closure{
		Kind: kind, Period: period, Number: m.Number + 1,
		From: m.Seq + 1, To: w.last.Seq, Totals: totals,
		YearTotal: st.yearTotal(st.YearTotals.Net), PerpetualTotal: st.Perpetual,
	}
	return w.appendClosure(&c)
}

func (w *writer) appendClosure(c *Closure) error {
	c.TimeZone = w.reg.location().String()
	c.Chain = w.last.Hash
	normalizeTotals(&c.Totals)
	fillCurrency(reflect.ValueOf(c).Elem(), w.currency)
	c.sign(w.reg.key)
	shift, staff := w.shift, w.staff
	w.shift, w.staff = "", ""
	_, err := w.append(TypeClosureMade, c)
	w.shift, w.staff = shift, staff
	return err
}

func normalizeTotals(t *FiscalTotals) {
	if t.ByMethod == nil {
		t.ByMethod = []MethodSum{}
	}
	if t.ByVAT == nil {
		t.ByVAT = []VATSum{}
	}
	if t.ByCategory == nil {
		t.ByCategory = []CategorySum{}
	}
}

// closeDayAtZ closes today at the Z of the last shift open.
func (w *writer) closeDayAtZ() error {
	c := view(w.tx, vOpenShifts).Cursor()
	if k, _ := c.First(); k != nil {
		return nil // another shift is still open: the day goes on
	}
	return w.closeDay(civil(w.now, w.reg.location()), true)
}

// --- reading closures ---

// Closures are the closures of a kind (all kinds: ""), oldest first.
func (r *Register) Closures(kind string) ([]Closure, error) {
	var out []Closure
	err := r.read(func(tx *bolt.Tx) error {
		return forEachEntry(tx, 1, func(e Entry) error {
			if e.Type != TypeClosureMade {
				return nil
			}
			var c Closure
			if err := e.decode(&c); err != nil {
				return err
			}
			if kind == "" || c.Kind == kind {
				out = append(out, c)
			}
			return nil
		})
	})
	return out, err
}

// TicketStatement is the daily ticket statement of a date (YYYY-MM-DD in
// the organiser's time zone): as its daily closures recorded it, and, for
// a day not closed yet (closed false), as the entries made that day since
// the last closure say. A past day the register has no entry of has none.
func (r *Register) TicketStatement(date string) (rows []StatementRow, closed bool, err error) {
	day, perr := time.Parse(time.DateOnly, date)
	if perr != nil {
		return nil, false, pos.Errorf("the day %q is not a date: type it YYYY-MM-DD", date)
	}
	err = r.read(func(tx *bolt.Tx) error {
		var seqs []uint64
		if _, err := getJSON(view(tx, vFiscal), key(ClosureDay, date), &seqs); err != nil {
			return err
		}
		st, err := readFiscalState(tx)
		if err != nil {
			return err
		}
		var parts [][]StatementRow
		for _, seq := range seqs {
			e, err := entryAt(tx, seq)
			if err != nil {
				return err
			}
			var c Closure
			if err := e.decode(&c); err != nil {
				return err
			}
			parts = append(parts, c.Tickets)
		}
		loc := r.location()
		stmt, open := newStatement(), false
		err = forEachEntry(tx, st.Day.Seq+1, func(e Entry) error {
			if !civil(e.Time, loc).Equal(day) {
				return nil
			}
			open = open || fiscalTypes[e.Type]
			return stmt.fold(e)
		})
		if err != nil {
			return err
		}
		if open {
			parts = append(parts, stmt.list())
		}
		closed = len(seqs) > 0 && !open
		if len(seqs) == 0 && !open && day.Before(civil(r.now(), loc)) {
			return pos.Errorf("the register has no daily closure for %s", date)
		}
		rows = mergeRows(parts...)
		return nil
	})
	return rows, closed, err
}

// --- checking closures ---

// ClosureError names a closure whose figures are not what its entries add
// up to, or whose signature does not verify.
type ClosureError struct {
	Seq     uint64
	Closure string // its name: "daily closure 3 (2026-03-10)"
	Reason  string // what is wrong, in English (reason's, said in a language by Say)

	name   pos.Text // Closure in each language
	reason error    // what is wrong, as a sentence pos.Say writes in each language
}

func (e *ClosureError) Error() string { return e.Say(pos.English) }

// Say names the closure and says what is wrong with it, in lang.
func (e *ClosureError) Say(lang pos.Lang) string {
	name, reason := any(e.Closure), e.reason
	if e.name != nil {
		name = e.name
	}
	if reason == nil { // a ClosureError made elsewhere: its Reason as it is
		reason = errors.New(e.Reason)
	}
	return pos.Say(pos.Errorf("journal entry %d, %s: %w", e.Seq, name, reason), lang)
}

// closureCheck adds the entries up again, independently of the running
// sums the register kept, and compares each closure with them: a day's
// entries with every fold (day[fold]), each daily closure with the fold it
// names; a month and a year are the sums of their days' closures.
type closureCheck struct {
	orders    map[string]pos.Order
	day       [closureFold + 1]FiscalTotals
	month     FiscalTotals
	year      FiscalTotals
	perpetual pos.Money
	// yearCarried is the year's grand total a restarted journal took over
	// from the lost one, until the year closes.
	yearCarried pos.Money
	stmt        *statement
	numbers     map[string]int
	starts      map[string]uint64
	pub         ed25519.PublicKey
	prev        Digest
	closures    int
}

func newClosureCheck() *closureCheck {
	return &closureCheck{orders: map[string]pos.Order{}, stmt: newStatement(), numbers: map[string]int{},
		starts: map[string]uint64{ClosureDay: 1, ClosureMonth: 1, ClosureYear: 1}}
}

// opening starts the sums where an archive's first entry takes over from
// the year before: the perpetual total so far.
func (k *closureCheck) opening(perpetual pos.Money, numbers map[string]int, starts map[string]uint64) {
	k.perpetual = perpetual
	for kind, n := range numbers {
		k.numbers[kind] = n
	}
	for kind, from := range starts {
		k.starts[kind] = from
	}
}

// AmountsError is an entry whose amounts cannot be added up with those of
// the entries before it (another currency, a sum past the largest
// amount): the chain holds, so the entry, or one before it, was changed
// and the hashes made again, which anyone can do without the key.
type AmountsError struct {
	Seq    uint64
	Reason string // what could not be added: "amounts in different currencies: EUR 50.00 + CHF 12.00"
}

func (e *AmountsError) Error() string { return e.Say(pos.English) }

// Say is what is wrong with the entry, in lang: what pos said of the
// amounts (its words, "amounts in different currencies", translated; the
// amounts as they are).
func (e *AmountsError) Say(lang pos.Lang) string {
	var reason error = errors.New(e.Reason)
	if what, amounts, ok := strings.Cut(e.Reason, ": "); ok {
		var words error = errors.New(what)
		if m := currenciesNamed.FindStringSubmatch(what); m != nil {
			// pos's "amounts in different currencies (EUR and CHF)"
			words = pos.Errorf("%w (%s and %s)", errors.New(m[1]), m[2], m[3])
		}
		reason = pos.Errorf("%w: %s", words, amounts)
	}
	return pos.Say(pos.Errorf("journal entry %d: its amounts cannot be added up with those of the entries before it (%w): it, or an entry before it, was changed and the chain's hashes made again", e.Seq, reason), lang)
}

// currenciesNamed is pos's words of two amounts that cannot be added,
// with their currencies: "amounts in different currencies (EUR and CHF)".
var currenciesNamed = regexp.MustCompile(`^(.*) \(([A-Z]{3}) and ([A-Z]{3})\)$`)

// entry adds one entry up. pos.Money panics on amounts it cannot add:
// written by the register they never occur, so an entry that holds them
// was changed, which is said (AmountsError), not taken for a fault of the
// program.
func (k *closureCheck) entry(e Entry) (err error) {
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprint(p)
			if _, money := p.(string); !money || !strings.HasPrefix(msg, "pos: ") {
				panic(p) // not an amount: a fault of the program, said as one
			}
			err = &AmountsError{Seq: e.Seq, Reason: strings.TrimPrefix(msg, "pos: ")}
		}
	}()
	return k.add(e)
}

func (k *closureCheck) add(e Entry) error {
	defer func() { k.prev = e.Hash }()
	switch e.Type {
	case TypeRegisterKey:
		var p registerKey
		if err := json.Unmarshal(e.Payload, &p); err == nil && k.pub == nil {
			if pub, err := b64.DecodeString(p.PublicKey); err == nil {
				k.pub = pub
			}
		}
	case TypeJournalRestarted:
		var p journalRestarted
		if err := json.Unmarshal(e.Payload, &p); err == nil && k.pub == nil {
			if pub, err := b64.DecodeString(p.PublicKey); err == nil {
				k.pub = pub
			}
		}
		// The lost journal's figures are the anchor the closures go on
		// from, honoured before the journal's first closure only (as the
		// register does, fiscalState.restarted). What they say cannot be
		// checked here: the lost journal is not here to add them up. The
		// first closure's signature binds them (its chain covers this
		// entry): changed afterwards, the closures no longer verify.
		if perpetual, numbers, year, ok := p.carried(); ok && k.closures == 0 {
			k.perpetual, k.yearCarried = perpetual, year
			for _, kind := range []string{ClosureDay, ClosureMonth, ClosureYear} {
				k.numbers[kind] = numbers[kind]
			}
		}
	case TypeOrderPlaced:
		var p orderPlaced
		if err := e.decode(&p); err != nil {
			return err
		}
		k.orders[p.Order.Number] = p.Order
	case TypeClosureMade:
		return k.closure(e)
	}
	if fiscalTypes[e.Type] {
		lookup := func(n string) (pos.Order, bool, error) { o, ok := k.orders[n]; return o, ok, nil }
		for fold := 1; fold <= closureFold; fold++ {
			if err := foldFiscal(e, lookup, fold, &k.day[fold]); err != nil {
				return err
			}
		}
	}
	return k.stmt.fold(e)
}

func (k *closureCheck) closure(e Entry) error {
	var c Closure
	if err := json.Unmarshal(e.Payload, &c); err != nil {
		return badEntry(e.Seq, pos.Errorf("its closure does not read: %s", err.Error()))
	}
	k.closures++
	bad := func(reason error) error {
		return &ClosureError{Seq: e.Seq, Closure: c.Name(), Reason: reason.Error(), name: c.name(), reason: reason}
	}
	cur := c.Totals.Net.Currency
	settle := func(t FiscalTotals) FiscalTotals {
		normalizeTotals(&t)
		fillCurrency(reflect.ValueOf(&t).Elem(), cur)
		return t
	}
	var want FiscalTotals
	switch c.Kind {
	case ClosureDay:
		folds := unnamedFolds
		if c.Fold != 0 {
			if c.Fold < 0 || c.Fold > closureFold {
				return bad(pos.Errorf("it was added up by a newer version of the program (fold %d, this one knows %d): verify the journal with that version", c.Fold, closureFold))
			}
			folds = []int{c.Fold}
		}
		// the first fold that adds up to it, else the newest (to say how
		// it differs)
		want = settle(k.day[folds[0]])
		for _, fold := range folds {
			if t := settle(k.day[fold]); t.same(c.Totals) {
				want = t
				break
			}
		}
	case ClosureMonth:
		want = settle(k.month)
	case ClosureYear:
		want = settle(k.year)
	default:
		return bad(pos.Errorf("unknown kind %q", c.Kind))
	}
	perpetual, yearNet := k.perpetual, k.year.Net
	if k.yearCarried.Currency != "" {
		yearNet = yearNet.Plus(k.yearCarried)
	}
	if c.Kind == ClosureDay {
		perpetual, yearNet = perpetual.Plus(want.Net), yearNet.Plus(want.Net)
	}
	if perpetual.Currency == "" {
		perpetual = pos.Zero(cur)
	}
	if yearNet.Currency == "" {
		yearNet = pos.Zero(cur)
	}
	switch {
	case c.Number != k.numbers[c.Kind]+1:
		return bad(pos.Errorf("it is number %d, the one before was %d (a closure is missing)", c.Number, k.numbers[c.Kind]))
	case c.From != k.starts[c.Kind]:
		return bad(pos.Errorf("its period starts at entry %d, the previous closure ended at %d", c.From, k.starts[c.Kind]-1))
	case c.To != e.Seq-1 || c.Chain != k.prev:
		return bad(pos.Errorf("it does not close the entries before it (to %d, chain %s)", c.To, short(c.Chain)))
	case want.Net != c.Totals.Net:
		return bad(pos.Errorf("its net total says %s, its entries add up to %s", c.Totals.Net, want.Net))
	case !want.same(c.Totals):
		return bad(pos.Errorf("its totals by method, VAT rate or category differ from what its entries add up to"))
	case yearNet != c.YearTotal:
		return bad(pos.Errorf("its year's grand total says %s, the entries since the year opened add up to %s", c.YearTotal, yearNet))
	case perpetual != c.PerpetualTotal:
		return bad(pos.Errorf("its perpetual grand total says %s, the entries since the first add up to %s", c.PerpetualTotal, perpetual))
	}
	if c.Kind == ClosureDay {
		if got, want := mustJSON(c.Tickets), mustJSON(nilIfEmpty(k.stmt.list())); got != want {
			return bad(pos.Errorf("its ticket statement differs from the tickets its entries issued and took back"))
		}
	}
	if k.pub == nil {
		return bad(pos.Errorf("no register key precedes it: its signature cannot be checked"))
	}
	if !c.SignedBy(k.pub) {
		return bad(pos.Errorf("its signature does not verify with the register's key (the closure was changed)"))
	}
	k.numbers[c.Kind] = c.Number
	k.starts[c.Kind] = e.Seq + 1
	switch c.Kind {
	case ClosureDay:
		k.perpetual = perpetual
		k.month.add(c.Totals)
		k.year.add(c.Totals)
		k.day = [closureFold + 1]FiscalTotals{}
		k.stmt = newStatement()
	case ClosureMonth:
		k.month = FiscalTotals{}
	case ClosureYear:
		k.year = FiscalTotals{}
		k.yearCarried = pos.Money{}
	}
	return nil
}

func nilIfEmpty(rows []StatementRow) []StatementRow {
	if len(rows) == 0 {
		return nil
	}
	return rows
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// checkClosures walks the whole journal and checks every closure.
func checkClosures(tx *bolt.Tx) error {
	k := newClosureCheck()
	return forEachEntry(tx, 1, k.entry)
}
