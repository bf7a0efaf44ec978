package local

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TypeJournalRestarted starts a journal that replaces a lost one under the
// same key (Options.NewJournalAfter): orders are numbered after the last
// one the lost journal sold, so no ticket is ever signed twice; credit
// vouchers, shifts and customers after that number too, so a credit slip
// of the lost journal does not name a new voucher. Their own last numbers
// are lost with the journal; a box office makes fewer of them than
// orders (a credit comes from an exchange or a cancellation, a shift from
// a day at a till, a customer mostly from a sale).
//
// It also carries where the lost journal's closures stood
// (Options.NewJournalFrom): the new journal's closures go on with its
// perpetual grand total, its closure numbers and its year's grand total,
// as the fiscal rules ask. A journal restarted before they were carried
// has none: its closures start again from zero, and verify as such.
const TypeJournalRestarted = "journal.restarted"

// journalRestarted is the payload of journal.restarted. Journals restarted
// before the other counters were carried have only after_order; those
// restarted before the closures' figures were carried have no
// after_perpetual, after_closures nor after_year_total.
type journalRestarted struct {
	AfterOrder    uint64 `json:"after_order"`              // the last order number of the lost journal
	AfterCredit   uint64 `json:"after_credit,omitempty"`   // credit vouchers are numbered after it
	AfterShift    uint64 `json:"after_shift,omitempty"`    // shifts are numbered after it
	AfterCustomer uint64 `json:"after_customer,omitempty"` // customers are numbered after it
	PublicKey     string `json:"public_key"`               // the key kept (base64url, as in register.key)

	// AfterPerpetual is the perpetual grand total of the lost journal's
	// last closure: the first daily closure adds its day to it.
	AfterPerpetual *pos.Money `json:"after_perpetual,omitempty"`
	// AfterClosures are the numbers of the lost journal's last closure of
	// each kind (day, month, year): the next of a kind is one more.
	AfterClosures map[string]int `json:"after_closures,omitempty"`
	// AfterYearTotal is the year's grand total of the lost journal's last
	// closure, when that closure is of the year the new journal starts
	// in: the year's grand total goes on from it until the year closes.
	AfterYearTotal *pos.Money `json:"after_year_total,omitempty"`
}

func init() { registerPayload[journalRestarted](TypeJournalRestarted) }

// JournalFigures are where a lost journal's closures stood: the figures of
// its last closures, which a new journal (Options.NewJournalAfter) goes on
// from.
type JournalFigures struct {
	// Perpetual is the perpetual grand total of the last closure.
	Perpetual pos.Money
	// Closures are the numbers of the last closure of each kind
	// (ClosureDay, ClosureMonth, ClosureYear); a kind missing is 0 (none
	// made yet).
	Closures map[string]int
	// YearTotal is the year's grand total of the last closure; nil: none
	// carried (the year's total starts again).
	YearTotal *pos.Money
	// Year is the year of the last closure ("2026"): its year total is
	// carried only into that year. "": the year the new journal starts in
	// (the operator typed it for this year).
	Year string
}

// ErrNoJournalFigures is the refusal to start a new journal without the
// lost one's closure figures (Options.NewJournalFrom).
var ErrNoJournalFigures = errors.New("a new journal must go on from the lost journal's last closure: the perpetual grand total and the closure numbers never start again from zero (CGI art. 286). " +
	"With the central server the lost journal was pushed to, start with --central URL --token-file FILE as usual: the register reads them there. " +
	"Otherwise type them from the lost journal's last closures (closure.made, in guichet journal export of a backup of the journal, or closures.jsonl of its last yearly archive): " +
	"--after-total \"CHF 12345.60\" (perpetual_grand_total of the last closure), --after-closures DAY,MONTH,YEAR (the number of the last daily, monthly and yearly closure; 0 for a kind never made) " +
	"and, if the last closure is of this year, --after-year-total \"CHF 2345.60\" (its year_grand_total)")

// ParseClosureNumbers reads "DAY,MONTH,YEAR" (the numbers of the last
// daily, monthly and yearly closures; "DAY" alone: no monthly nor yearly
// closure yet).
func ParseClosureNumbers(s string) (map[string]int, error) {
	parts := strings.Split(s, ",")
	if len(parts) > 3 || strings.TrimSpace(s) == "" {
		return nil, pos.Errorf("closure numbers %q: type the numbers of the last daily, monthly and yearly closures, e.g. 412,13,1", s)
	}
	out := map[string]int{}
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 {
			return nil, pos.Errorf("closure numbers %q: %q is not a number; type the numbers of the last daily, monthly and yearly closures, e.g. 412,13,1", s, p)
		}
		if n > 0 {
			out[[]string{ClosureDay, ClosureMonth, ClosureYear}[i]] = n
		}
	}
	return out, nil
}

// closureKindWords name a closure's kind inside a sentence ("the lost
// journal's last daily closure number").
var closureKindWords = map[string]pos.Text{
	ClosureDay:   {"en": "daily", "fr": "journalière"},
	ClosureMonth: {"en": "monthly", "fr": "mensuelle"},
	ClosureYear:  {"en": "yearly", "fr": "annuelle"},
}

// String is how messages name the figures.
func (f JournalFigures) String() string {
	var kinds []string
	for k, n := range f.Closures {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(kinds)
	s := fmt.Sprintf("perpetual grand total %s, last closures %s", f.Perpetual, strings.Join(kinds, ", "))
	if f.YearTotal != nil {
		s += fmt.Sprintf(", year's grand total %s", *f.YearTotal)
	}
	return s
}

// restartJournal records that this journal replaces a lost one and goes
// on numbering orders after the given one, and its closures from fig.
func (r *Register) restartJournal(tx *bolt.Tx, after uint64, fig JournalFigures) error {
	w := r.newWriter(tx, r.now(), "", "")
	if fig.Perpetual.Currency != w.currency {
		return pos.Errorf("the lost journal's perpetual grand total %s is not in %s, the catalog's currency: type it as the closure wrote it, e.g. \"%s 12345.60\"", fig.Perpetual.String(), string(w.currency), string(w.currency))
	}
	p := journalRestarted{AfterOrder: after, AfterCredit: after, AfterShift: after, AfterCustomer: after, PublicKey: b64.EncodeToString(r.pub),
		AfterPerpetual: &fig.Perpetual, AfterClosures: map[string]int{}}
	for _, kind := range []string{ClosureDay, ClosureMonth, ClosureYear} {
		if n := fig.Closures[kind]; n < 0 {
			return pos.Errorf("the lost journal's last %s closure number %d: type 0 or more", closureKindWords[kind], n)
		}
		p.AfterClosures[kind] = fig.Closures[kind]
	}
	if y := fig.YearTotal; y != nil && (fig.Year == "" || fig.Year == civil(r.now(), r.location()).Format("2006")) {
		if y.Currency != w.currency {
			return pos.Errorf("the lost journal's year grand total %s is not in %s, the catalog's currency", y.String(), string(w.currency))
		}
		p.AfterYearTotal = y
	}
	if _, err := w.append(TypeJournalRestarted, p); err != nil {
		return err
	}
	return logEventTx(tx, r.id, r.now(), EventRestored, fmt.Sprintf(restoredDetail, after, fig))
}

// carried reports the closure figures a journal.restarted entry carries
// (ok false: a journal restarted before they were carried).
func (p journalRestarted) carried() (perpetual pos.Money, numbers map[string]int, year pos.Money, ok bool) {
	if p.AfterPerpetual == nil {
		return pos.Money{}, nil, pos.Money{}, false
	}
	if p.AfterYearTotal != nil {
		year = *p.AfterYearTotal
	}
	return *p.AfterPerpetual, p.AfterClosures, year, true
}

// newJournalFigures asks Options.NewJournalFrom where the lost journal's
// closures stood, before a new journal is started: without them it is
// refused (ErrNoJournalFigures).
func newJournalFigures(o Options, pub ed25519.PublicKey) (JournalFigures, error) {
	if o.NewJournalFrom == nil {
		return JournalFigures{}, ErrNoJournalFigures
	}
	return o.NewJournalFrom(pub)
}

// TypedFigures are the figures an operator typed from the lost journal's
// last closures: total its perpetual grand total ("CHF 12345.60", or the
// number alone in cur), closures the numbers of the last daily, monthly
// and yearly closures ("412,13,1"), yearTotal ("" none) the year's grand
// total of the last closure, if it is of this year.
func TypedFigures(total, closures, yearTotal string, cur pos.Currency) (JournalFigures, error) {
	money := func(s string) (pos.Money, error) {
		s = strings.TrimSpace(s)
		if !strings.ContainsAny(s, " :") {
			s = string(cur) + " " + s
		}
		return pos.ParseMoney(strings.Replace(s, ":", " ", 1))
	}
	if strings.TrimSpace(total) == "" || strings.TrimSpace(closures) == "" {
		return JournalFigures{}, ErrNoJournalFigures
	}
	var fig JournalFigures
	var err error
	if fig.Perpetual, err = money(total); err != nil {
		return JournalFigures{}, err
	}
	if fig.Closures, err = ParseClosureNumbers(closures); err != nil {
		return JournalFigures{}, err
	}
	if strings.TrimSpace(yearTotal) != "" {
		y, err := money(yearTotal)
		if err != nil {
			return JournalFigures{}, err
		}
		fig.YearTotal = &y
	}
	return fig, nil
}

// GivenFigures is an Options.NewJournalFrom that gives fig.
func GivenFigures(fig JournalFigures) func(ed25519.PublicKey) (JournalFigures, error) {
	return func(ed25519.PublicKey) (JournalFigures, error) { return fig, nil }
}

// restartAnchor says, for a journal that replaces a lost one, what its
// closures go on from ("": it replaces none).
func restartAnchor(tx *bolt.Tx) (string, error) {
	c := tx.Bucket(bucketJournal).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		e, _, err := decodeEntry(v)
		if err != nil {
			return "", err
		}
		if e.Type == TypeRegisterKey {
			continue
		}
		if e.Type != TypeJournalRestarted {
			return "", nil
		}
		var p journalRestarted
		if err := e.decode(&p); err != nil {
			return "", err
		}
		perpetual, numbers, year, ok := p.carried()
		if !ok {
			return fmt.Sprintf("entry %d starts this journal in place of a lost one, before the lost journal's closure figures were carried: its closures started again from zero", e.Seq), nil
		}
		fig := JournalFigures{Perpetual: perpetual, Closures: map[string]int{}}
		for kind, n := range numbers {
			if n > 0 {
				fig.Closures[kind] = n
			}
		}
		if year.Currency != "" {
			fig.YearTotal = &year
		}
		return fmt.Sprintf("entry %d starts this journal in place of a lost one: its closures go on from the lost journal's (%s), taken as recorded, as verify cannot add up a journal that is lost: compare them with the lost journal's last closure (exported, archived, or on the central server)", e.Seq, fig), nil
	}
	return "", nil
}
