package local

import (
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Standing is where this journal stands, as a new journal would go on from
// it were this file lost (--new-journal AFTER with --after-total,
// --after-closures and --after-year-total): a register running alone has
// no central server to read them from, and the figures must reach paper
// before the file is lost (the daily statement prints them).
type Standing struct {
	LastOrder uint64 // the last order's number (AFTER)
	// Closed says whether the figures mean anything: a closure was made,
	// or the journal carries a lost one's.
	Closed  bool
	Figures JournalFigures
	// LastDay is the day the last daily closure closed (2026-03-10), or
	// "" when none was made here (a lost journal's figures carried): a
	// statement of a day not closed says whose closure its figures are.
	LastDay string
	// ToDate is the perpetual total through the journal's last entry:
	// Figures.Perpetual and what the entries since the last daily closure
	// add up to (Unclosed), as the next closure will count them. A
	// manager reading a day not closed yet expects the day's sales in
	// it; a new journal goes on from Figures, what closures signed.
	ToDate, Unclosed pos.Money
	// Open says an entry since the last daily closure moves money.
	Open bool
}

// Standing reads where the journal stands now (read-only: the views).
func (r *Register) Standing() (Standing, error) {
	var s Standing
	err := r.read(func(tx *bolt.Tx) error {
		s.LastOrder = nextNumber(tx, "orders") - 1
		st, err := readFiscalState(tx)
		if err != nil {
			return err
		}
		s.Closed = st.Day.Number > 0 || st.Perpetual.Currency != ""
		s.Figures = JournalFigures{Perpetual: st.Perpetual, Closures: map[string]int{}}
		// what the next daily closure adds, counted as closeDay counts it
		since := zeroTotals(r.cat().Currency())
		orders := liveOrders(tx)
		err = forEachEntry(tx, st.Day.Seq+1, func(e Entry) error {
			if !fiscalTypes[e.Type] {
				return nil
			}
			s.Open = true
			return foldFiscal(e, orders, closureFold, &since)
		})
		if err != nil {
			return err
		}
		s.Unclosed = since.Net
		s.ToDate = since.Net
		if st.Perpetual.Currency != "" {
			s.ToDate = st.Perpetual.Plus(since.Net)
		}
		if st.Day.Number > 0 {
			s.LastDay = st.Day.Period
		}
		for _, k := range []string{ClosureDay, ClosureMonth, ClosureYear} {
			if n := st.mark(k).Number; n > 0 {
				s.Figures.Closures[k] = n
			}
		}
		if p := st.Day.Period; len(p) >= 4 {
			s.Figures.Year = p[:4]
			// the year's grand total goes on until its yearly closure
			if st.Year.Period != s.Figures.Year {
				y := st.yearTotal(st.YearTotals.Net)
				if y.Currency != "" && !y.IsZero() {
					s.Figures.YearTotal = &y
				}
			}
		}
		return nil
	})
	return s, err
}

// Flags are the options that start a new journal going on from here, as
// an operator would type them: --new-journal AFTER --after-total "…"
// --after-closures DAY,MONTH,YEAR, and --after-year-total "…" when the
// year's grand total goes on (typed only in that same year: year says it).
func (s Standing) Flags() (flags, yearFlag, year string) {
	c := s.Figures.Closures
	flags = fmt.Sprintf("--new-journal %d --after-total %q --after-closures %d,%d,%d",
		s.LastOrder, s.Figures.Perpetual.String(), c[ClosureDay], c[ClosureMonth], c[ClosureYear])
	if y := s.Figures.YearTotal; y != nil {
		yearFlag = fmt.Sprintf("--after-year-total %q", y.String())
	}
	return flags, yearFlag, s.Figures.Year
}

// standingLine is Standing in words and flags, for tests and logs.
func (s Standing) String() string {
	f, y, year := s.Flags()
	out := []string{f}
	if y != "" {
		out = append(out, y+" (in "+year+")")
	}
	return strings.Join(out, " ")
}
