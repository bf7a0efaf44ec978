package local

import (
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// StatementRow is one line of the box office's daily ticket statement
// (CGI Annex IV art. 50 sexies B): for a performance, a ticket category
// and a price, the tickets issued that day from First to Last (every
// ticket of the series is counted, the canceled ones too), those taken
// back, and what they brought in. A free ticket (invitation, comp) has a
// zero price and is counted like a paid one.
type StatementRow struct {
	Performance string    `json:"performance"` // empty for a pass
	Category    string    `json:"category"`    // category id; "pass:ID" for a pass
	Price       pos.Money `json:"price"`       // zero: free
	First       string    `json:"first"`       // first ticket number issued (empty: none issued that day)
	Last        string    `json:"last"`        // last ticket number issued
	Issued      int       `json:"issued"`
	Canceled    int       `json:"canceled"` // canceled or returned that day (sold that day or before)
	Count       int       `json:"count"`    // Issued - Canceled
	Takings     pos.Money `json:"takings"`  // Count's worth: issued less taken back
}

// Free says the row's tickets cost nothing (invitations, comps).
func (r StatementRow) Free() bool { return r.Price.IsZero() }

// statement builds a day's rows from its entries, in journal order.
type statement struct {
	rows map[[3]string]*StatementRow
}

func newStatement() *statement { return &statement{rows: map[[3]string]*StatementRow{}} }

func (s *statement) row(tk pos.Ticket) *StatementRow {
	cat := categoryOf(tk.Kind, tk.Category, tk.Item)
	k := [3]string{tk.Performance, cat, tk.Price.String()}
	r := s.rows[k]
	if r == nil {
		r = &StatementRow{Performance: tk.Performance, Category: cat, Price: tk.Price, Takings: pos.Zero(tk.Price.Currency)}
		s.rows[k] = r
	}
	return r
}

// fold adds an entry's tickets: issued (order.placed) or taken back
// (order.canceled, exchange.made). Gift vouchers are money, not entries.
func (s *statement) fold(e Entry) error {
	if e.Type != TypeOrderPlaced && e.Type != TypeOrderCanceled && e.Type != TypeOrderLapsed && e.Type != TypeExchangeMade {
		return nil
	}
	_, ts, d, err := ticketsMoved(e)
	if err != nil {
		return err
	}
	for _, tk := range ts {
		if tk.Kind != pos.LineTicket && tk.Kind != pos.LinePass {
			continue
		}
		r := s.row(tk)
		if d > 0 {
			if r.First == "" {
				r.First = tk.Number
			}
			r.Last = tk.Number
			r.Issued++
			r.Count++
			r.Takings = r.Takings.Plus(tk.Price)
		} else {
			r.Canceled++
			r.Count--
			r.Takings = r.Takings.Minus(tk.Price)
		}
	}
	return nil
}

// list is the rows by performance, category and price.
func (s *statement) list() []StatementRow {
	out := make([]StatementRow, 0, len(s.rows))
	for _, r := range s.rows {
		out = append(out, *r)
	}
	sortRows(out)
	return out
}

func sortRows(out []StatementRow) {
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Performance != b.Performance {
			return a.Performance < b.Performance
		}
		if a.Category != b.Category {
			return a.Category < b.Category
		}
		return a.Price.Amount > b.Price.Amount
	})
}

// mergeRows adds rows of several closures of one day (a day closed at the
// Z, then sales after it closed at midnight).
func mergeRows(parts ...[]StatementRow) []StatementRow {
	byKey := map[[3]string]*StatementRow{}
	var order [][3]string
	for _, rows := range parts {
		for _, r := range rows {
			k := [3]string{r.Performance, r.Category, r.Price.String()}
			have := byKey[k]
			if have == nil {
				c := r
				byKey[k] = &c
				order = append(order, k)
				continue
			}
			if have.First == "" {
				have.First = r.First
			}
			if r.Last != "" {
				have.Last = r.Last
			}
			have.Issued += r.Issued
			have.Canceled += r.Canceled
			have.Count += r.Count
			have.Takings = have.Takings.Plus(r.Takings)
		}
	}
	out := make([]StatementRow, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	sortRows(out)
	return out
}

// SoldNames names performances as the orders that sold their tickets
// named them ("Hamlet, 12.01.2027 20:00": the order's line, in the
// language of the till that sold it), found among the entries of a day's
// statement (date, as TicketStatement): a past day's statement names a
// performance removed from the catalog since as it was sold, not by a
// bare id. A performance none of the day's tickets names is left out.
func (r *Register) SoldNames(date string, perfs []string) (map[string]string, error) {
	out := map[string]string{}
	want := map[string]bool{}
	for _, p := range perfs {
		if p != "" {
			want[p] = true
		}
	}
	day, perr := time.Parse(time.DateOnly, date)
	if len(want) == 0 || perr != nil {
		return out, nil
	}
	err := r.read(func(tx *bolt.Tx) error {
		visit := func(e Entry) error {
			if e.Type != TypeOrderPlaced && e.Type != TypeOrderCanceled && e.Type != TypeOrderLapsed && e.Type != TypeExchangeMade {
				return nil
			}
			order, ts, _, err := ticketsMoved(e)
			if err != nil {
				return err
			}
			for _, tk := range ts {
				if tk.Kind != pos.LineTicket || !want[tk.Performance] || out[tk.Performance] != "" {
					continue
				}
				o := order
				if o == nil { // a ticket taken back: the order that sold it
					if o, err = placedOrder(tx, pos.OrderOfTicket(tk.Number)); err != nil || o == nil {
						return err
					}
				}
				if name := soldName(*o, tk.Number); name != "" {
					out[tk.Performance] = name
				}
			}
			if len(out) == len(want) {
				return errStop
			}
			return nil
		}
		// the day's closed periods, then what is not closed yet
		var seqs []uint64
		if _, err := getJSON(view(tx, vFiscal), key(ClosureDay, date), &seqs); err != nil {
			return err
		}
		for _, seq := range seqs {
			ce, err := entryAt(tx, seq)
			if err != nil {
				return err
			}
			var c Closure
			if err := ce.decode(&c); err != nil {
				return err
			}
			err = forEachEntry(tx, c.From, func(e Entry) error {
				if e.Seq > c.To {
					return errStop
				}
				return visit(e)
			})
			if err == errStop && len(out) == len(want) {
				return nil
			}
			if err != nil && err != errStop {
				return err
			}
		}
		st, err := readFiscalState(tx)
		if err != nil {
			return err
		}
		loc := r.location()
		err = forEachEntry(tx, st.Day.Seq+1, func(e Entry) error {
			if !civil(e.Time, loc).Equal(day) {
				return nil
			}
			return visit(e)
		})
		if err == errStop {
			err = nil
		}
		return err
	})
	return out, err
}

// placedOrder is the order number as its order.placed entry holds it (nil:
// the journal has no such order).
func placedOrder(tx *bolt.Tx, number string) (*pos.Order, error) {
	var rec orderRec
	if ok, err := getJSON(view(tx, vOrders), []byte(number), &rec); err != nil || !ok {
		return nil, err
	}
	e, err := entryAt(tx, rec.Placed)
	if err != nil {
		return nil, err
	}
	p, err := payloadOf[orderPlaced](e)
	if err != nil {
		return nil, err
	}
	return &p.Order, nil
}

// soldName is the performance of ticket number as its order's line named
// it: the event of the line's name ("Hamlet · Adult") and the date of its
// detail ("12.01.2027 20:00 · Stalls · Row A seat 3"), as a statement
// names a performance.
func soldName(o pos.Order, number string) string {
	for _, t := range o.Tickets {
		if t.Number != number || t.Line < 0 || t.Line >= len(o.Lines) {
			continue
		}
		l := o.Lines[t.Line]
		event, date := l.Name, l.Detail
		if i := strings.LastIndex(event, " · "); i > 0 {
			event = event[:i]
		}
		if i := strings.Index(date, " · "); i > 0 {
			date = date[:i]
		}
		if event == "" || date == "" {
			return event
		}
		return event + ", " + date
	}
	return ""
}
