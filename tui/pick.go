package tui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/pos"
)

// Sections of the sales screen.
const (
	secPerfs = iota
	secPasses
	secVouchers
	secProducts
	nSections
)

// Date ranges the performance list can be narrowed to.
const (
	rangeAll = iota
	rangeToday
	rangeWeek
	rangeMonth
	nRanges
	rangeTyped // a range typed after D: not in d's cycle
)

// perfEntry is one performance with what the list needs, computed once:
// the list never formats a date or folds a name while drawing.
type perfEntry struct {
	p      *pos.Performance
	close  time.Time // when its sales stop
	event  int       // index in catalog events
	day    time.Time
	date   string // day as its header says it, in the staff's language
	search string // folded event name, venue, date in both languages
	text   string // the row as drawn, without capacity
	mark   int    // the bytes of text highlighted when the row is selected: time and name
}

type pickRow struct {
	header bool
	text   string
	mark   int // the bytes of text highlighted when the row is selected
	perf   int // index in entries, for performance rows
	item   int // index in the section's catalog slice
}

// availMsg carries fresh availability for some performances.
type availMsg map[string][]ZoneAvailability

// pickScreen lists what can be sold: performances grouped by day with
// search and filters, then passes, gift vouchers and products.
type notSoldEvent struct{ name, search string }

type pickScreen struct {
	c         *common
	fitted    fitted // its rows as last drawn
	w, h      int
	section   int
	entries   []perfEntry
	rows      []pickRow // the current section, filtered
	cursor    int       // index in rows (never a header)
	offset    int
	search    field
	searching bool
	// the list follows the search on Enter, not as it is typed: a letter
	// that brought a new list into view redrew it (700 bytes a key over
	// SSH at 80x24, issue 14's max is 300); while typing, found says what
	// Enter would show (a count and the names), a few cells a letter.
	query   string // folded: what the list shows
	applied string // the search as typed when the list last followed it
	found   string
	scratch []pickRow // what the search being typed finds, reused
	dates   int
	event   int   // index in catalog events; -1: all events
	events  []int // the events on the list, in catalog order: e's cycle
	// the range typed after D: from its first day to until (exclusive)
	from, until time.Time
	rng         field
	typingRange bool
	rangeErr    string
	avail       map[string][]ZoneAvailability
	// notSold: the events this seller's profile may not sell, their names
	// folded as the search reads them; notYours: the one the search names
	// when it finds nothing else (the list then says so, not "nothing
	// matches": the show exists, another member of staff sells it)
	notSold  []notSoldEvent
	notYours string
	// sellsNone: the tab's catalog has items, and the seller's profile
	// may sell none of them (the list says so, not "nothing matches")
	sellsNone bool
	// askLock: l was pressed with a cart: the flash line asks first
	// (locking empties it), l or Enter locks, another key stays
	askLock bool
	keys    struct {
		up, down, pgup, pgdown, enter, search, tab, dates, typedRange, event, cart, back key.Binding
		show, cancel                                                                     key.Binding
		orders, exchange, cash, report, lock, balance, admin                             key.Binding
		lockYes, stay                                                                    key.Binding
	}
}

func newPick(c *common) *pickScreen {
	s := &pickScreen{c: c, event: -1, avail: map[string][]ZoneAvailability{}}
	s.search.limit = 40
	s.rng.limit = 24
	s.build()
	s.setKeys()
	s.filter()
	return s
}

func (s *pickScreen) setKeys() {
	c := s.c
	s.keys.up = c.key(keyUp)
	s.keys.down = c.key(keyDown)
	s.keys.pgup = c.key(keyPageUp)
	s.keys.pgdown = c.key(keyPageDown)
	s.keys.enter = c.key(keySelect)
	s.keys.search = c.key(keySearch)
	s.keys.show, s.keys.cancel = c.key(keySearchShow), c.key(keySearchCancel)
	s.keys.tab = c.key(keyTab)
	s.keys.dates = c.key(keyDates)
	s.keys.typedRange = c.key(keyDaterange)
	s.keys.event = c.key(keyEvent)
	s.keys.cart = c.key(keyCart)
	s.keys.back = c.key(keyBack)
	s.keys.orders = c.key(keyOrders)
	s.keys.exchange = c.key(keyExchange)
	s.keys.cash = c.key(keyCash)
	s.keys.report = c.key(keyReport)
	s.keys.admin = c.key(keyAdmin)
	s.keys.lock = c.key(keyLock)
	s.keys.lockYes, s.keys.stay = c.key(keyLockYes), c.key(keyCancelQuit)
	s.keys.balance = c.key(keyBalance)
}

// newSale starts the list clean for the next sale: no search, the
// performances tab, no date or event filter; the cursor stays on the
// performance just sold, which the next customer in the queue often wants.
func (s *pickScreen) newSale() {
	perf := -1
	if s.section == secPerfs && s.cursor < len(s.rows) && !s.rows[s.cursor].header {
		perf = s.rows[s.cursor].perf
	}
	s.search.Reset()
	s.searching, s.typingRange = false, false
	s.query, s.applied, s.found, s.dates, s.event, s.section = "", "", "", rangeAll, -1, secPerfs
	s.filter()
	for i, r := range s.rows {
		if !r.header && r.perf == perf {
			s.cursor = i
			s.scroll()
			break
		}
	}
}

// build prepares every performance row once, in the staff's language: only
// the events this seller's profile may sell (a cinema cashier sees films).
func (s *pickScreen) build() {
	c := s.c
	cat := c.cat
	loc := cat.Location()
	evIdx := make(map[string]int, len(cat.Events))
	for i := range cat.Events {
		evIdx[cat.Events[i].ID] = i
	}
	perfs := cat.PerformancesByStart()
	s.entries = make([]perfEntry, 0, len(perfs))
	listed := make([]bool, len(cat.Events))
	s.notSold = s.notSold[:0]
	for _, ev := range cat.Events {
		if !c.seller.CanSellEvent(ev.ID) {
			s.notSold = append(s.notSold, notSoldEvent{ev.Name.In(c.lang), pos.Fold(ev.Name.In("fr") + " " + ev.Name.In("en"))})
		}
	}
	for _, p := range perfs {
		ev := &cat.Events[evIdx[p.Event]]
		if !c.seller.CanSellEvent(ev.ID) {
			continue
		}
		venue := ""
		if v, ok := cat.VenueByID(ev.Venue); ok {
			venue = v.Name
		}
		start := p.Start.In(loc)
		name := ev.Name.In(c.lang)
		text := start.Format("15:04") + "  " + name
		mark := len(text)
		text += "  · " + venue
		if p.Canceled {
			text += " (" + c.T("pick.canceled") + ")"
		}
		day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
		s.entries = append(s.entries, perfEntry{
			p: p, event: evIdx[p.Event], close: cat.SalesClose(p),
			day:    day,
			date:   pos.FormatDate(day, c.lang), // once: a letter typed in the search filters again (it was half of that key)
			search: pos.Fold(ev.Name.In("fr") + " " + ev.Name.In("en") + " " + venue + " " + p.ID + " " + pos.FormatDate(start, "fr") + " " + pos.FormatDate(start, "en")),
			text:   text, mark: mark,
		})
		listed[evIdx[p.Event]] = true
	}
	s.events = s.events[:0]
	for i, ok := range listed {
		if ok {
			s.events = append(s.events, i)
		}
	}
}

// nextEvent is the event e narrows the list to after the one shown: each
// event on the list in turn (never one the seller's profile may not sell,
// which would show an empty list), then all of them again.
func (s *pickScreen) nextEvent() int {
	for _, i := range s.events {
		if i > s.event {
			return i
		}
	}
	return -1
}

// filter rebuilds the visible rows after a search or filter change; it is
// the only place the list is walked, and it never sorts (the catalog keeps
// performances in start order).
func (s *pickScreen) filter() {
	s.rows, s.notYours, s.sellsNone = s.rowsFor(s.query, s.rows[:0])
	s.cursor, s.offset = 0, 0
	s.move(0)
}

// rowsFor appends to rows what the list shows for a folded query under the
// current tab and filters: the list's rows when the query is the applied
// one, what the search being typed would find otherwise (its hint).
func (s *pickScreen) rowsFor(query string, rows []pickRow) (_ []pickRow, notYours string, sellsNone bool) {
	c := s.c
	switch s.section {
	case secPerfs:
		now := c.now().In(c.cat.Location())
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
		var until time.Time
		from := today
		switch s.dates {
		case rangeToday:
			until = today.AddDate(0, 0, 1)
		case rangeWeek:
			until = today.AddDate(0, 0, 7)
		case rangeMonth:
			until = today.AddDate(0, 0, 30)
		case rangeTyped:
			until = s.until
			if s.from.After(today) {
				from = s.from // nothing before today is sold, whatever is typed
			}
		}
		words := strings.Fields(query)
		var lastDay time.Time
		for i := range s.entries {
			e := &s.entries[i]
			if e.day.Before(from) || (!until.IsZero() && !e.day.Before(until)) {
				continue
			}
			if !e.p.Canceled && !c.now().Before(e.close) {
				continue // started: its sales are closed
			}
			if s.event >= 0 && e.event != s.event {
				continue
			}
			if !pos.MatchWords(e.search, words) {
				continue
			}
			if !e.day.Equal(lastDay) {
				rows = append(rows, pickRow{header: true, text: e.date})
				lastDay = e.day
			}
			rows = append(rows, pickRow{perf: i, text: e.text, mark: e.mark})
		}
		if len(rows) == 0 && len(words) > 0 {
			for _, ev := range s.notSold {
				if pos.MatchWords(ev.search, words) {
					notYours = ev.name
					break
				}
			}
		}
	// only what the seller's profile may sell (the register refuses the rest)
	case secPasses:
		sellsNone = len(c.cat.Passes) > 0
		for i, p := range c.cat.Passes {
			if c.seller.CanSellItem(pos.LinePass, p.ID) {
				sellsNone = false
				rows = s.addItem(rows, query, i, p.Name.In(c.lang), p.Price)
			}
		}
	case secVouchers:
		sellsNone = len(c.cat.GiftVouchers) > 0
		for i, g := range c.cat.GiftVouchers {
			if !c.seller.CanSellItem(pos.LineVoucher, g.ID) {
				continue // only what the seller's profile may sell
			}
			sellsNone = false
			if g.FreeAmount {
				// its amount is typed: say between what
				if pos.MatchWords(pos.Fold(g.Name.In(c.lang)), strings.Fields(query)) {
					name := g.Name.In(c.lang)
					rows = append(rows, pickRow{item: i, text: name + " · " + c.money(g.MinAmount) + " – " + c.money(g.MaxAmount), mark: len(name)})
				}
				continue
			}
			rows = s.addItem(rows, query, i, g.Name.In(c.lang), g.Value)
		}
	case secProducts:
		sellsNone = len(c.cat.Products) > 0
		for i, p := range c.cat.Products {
			if c.seller.CanSellItem(pos.LineProduct, p.ID) {
				sellsNone = false
				rows = s.addItem(rows, query, i, p.Name.In(c.lang), p.Price)
			}
		}
	}
	return rows, notYours, sellsNone
}

func (s *pickScreen) addItem(rows []pickRow, query string, i int, name string, price pos.Money) []pickRow {
	if !pos.MatchWords(pos.Fold(name), strings.Fields(query)) {
		return rows
	}
	return append(rows, pickRow{item: i, text: name + " · " + s.c.money(price), mark: len(name)})
}

// move steps the cursor by d selectable rows, skipping day headers.
func (s *pickScreen) move(d int) {
	if len(s.rows) == 0 {
		return
	}
	i := s.cursor + d
	i = max(0, min(len(s.rows)-1, i))
	step := 1
	if d < 0 {
		step = -1
	}
	for i >= 0 && i < len(s.rows) && s.rows[i].header {
		i += step
	}
	if i < 0 {
		// past the top's day header: the first performance (PgUp less
		// than a page from the top stayed where it was)
		i = 0
		for i < len(s.rows)-1 && s.rows[i].header {
			i++
		}
	}
	s.cursor = min(i, len(s.rows)-1)
	s.scroll()
}

func (s *pickScreen) listHeight() int { return max(s.h-4, 3) }

func (s *pickScreen) scroll() {
	lh := s.listHeight()
	if s.cursor < s.offset+1 {
		s.offset = max(0, s.cursor-1) // keep the day header above in view
	}
	if s.cursor >= s.offset+lh {
		s.offset = s.cursor - lh + 1
	}
}

func (s *pickScreen) Init() tea.Cmd { return s.fetchAvail(true) }

// grown reads the availability of the rows a taller window brought into
// view (they showed none until a key moved the list).
func (s *pickScreen) grown() tea.Cmd { return s.fetchAvail(false) }

func (s *pickScreen) Title() string { return s.c.T("pick.title") }
func (s *pickScreen) Typing() bool  { return s.searching || s.typingRange }
func (s *pickScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.scroll()
}
func (s *pickScreen) ShortHelp() []key.Binding {
	if s.askLock {
		// the flash line's question: any other key keeps the cart
		return []key.Binding{s.keys.lockYes, s.keys.stay}
	}
	if s.searching {
		return []key.Binding{s.keys.show, s.keys.cancel}
	}
	if s.typingRange {
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	desk := s.c.allowed([]key.Binding{s.keys.cart, s.keys.orders, s.keys.exchange, s.keys.cash, s.keys.report},
		map[int]pos.Action{2: pos.ActExchange, 3: pos.ActCash})
	if s.w < 110 {
		// at 80 columns the desk's keys come first: tab, d and e are on
		// the filter line above and in ? help
		return append([]key.Binding{s.keys.search}, desk...)
	}
	if s.c.seller.May(pos.ActCodes) {
		desk = append(desk, s.keys.admin)
	}
	return append([]key.Binding{s.keys.enter, s.keys.search, s.keys.tab, s.keys.dates, s.keys.event}, desk...)
}
func (s *pickScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.up, s.keys.down, s.keys.pgup, s.keys.pgdown}, {s.keys.enter, s.keys.search, s.keys.tab, s.keys.back}, {s.keys.dates, s.keys.typedRange, s.keys.event, s.keys.cart},
		s.c.allowed([]key.Binding{s.keys.orders, s.keys.exchange, s.keys.cash, s.keys.report, s.keys.balance, s.keys.lock, s.keys.admin},
			map[int]pos.Action{1: pos.ActExchange, 2: pos.ActCash, 6: pos.ActCodes})}
}

// fetchAvail asks for the availability of the performances on screen that
// are not known yet (all of them when the register's version moved).
func (s *pickScreen) fetchAvail(all bool) tea.Cmd {
	if s.section != secPerfs {
		return nil
	}
	var ids []string
	end := min(len(s.rows), s.offset+s.listHeight())
	for i := s.offset; i < end; i++ {
		r := s.rows[i]
		if r.header {
			continue
		}
		id := s.entries[r.perf].p.ID
		if _, ok := s.avail[id]; all || !ok {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	// what this till may add: its own cart's places are counted as its
	// own even once their hold ran out (the next add counts them), so
	// the list never says more than the cashier can sell
	svc, t, lang := s.c.svc, s.c.till, s.c.lang
	return func() tea.Msg {
		out := make(availMsg, len(ids))
		for _, id := range ids {
			av, err := svc.AvailabilityFor(id, t)
			if err != nil {
				return queryFailed(lang, err)
			}
			out[id] = av
		}
		return out
	}
}

func (s *pickScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case availMsg:
		for k, v := range msg {
			s.avail[k] = v
		}
	case versionMsg:
		return s.fetchAvail(true)
	case tea.PasteMsg:
		if s.searching {
			s.search.insert(msg.Content)
			s.typed()
		}
	case tea.KeyPressMsg:
		if s.askLock {
			s.askLock = false
			if key.Matches(msg, s.keys.lock) || msg.String() == "enter" {
				return func() tea.Msg { return lockMsg{} }
			}
			return nil // stay: the cart as it was
		}
		if s.typingRange {
			return s.rangeKey(msg)
		}
		if s.searching {
			switch msg.String() {
			case "esc":
				// never mind: the field says again what the list shows
				s.searching, s.found = false, ""
				s.search.Set(s.applied)
				return nil
			case "enter", "down", "up":
				return s.showFound()
			}
			if s.search.key(msg) {
				s.typed()
			}
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.up):
			s.move(-1)
		case key.Matches(msg, s.keys.down):
			s.move(1)
		case key.Matches(msg, s.keys.pgup):
			s.move(-s.listHeight())
		case key.Matches(msg, s.keys.pgdown):
			s.move(s.listHeight())
		case key.Matches(msg, s.keys.search):
			s.searching = true
			s.typed()
			return nil
		case key.Matches(msg, s.keys.tab):
			s.section = (s.section + 1) % nSections
			s.filter()
		case key.Matches(msg, s.keys.dates):
			if s.dates == rangeTyped {
				s.dates = rangeAll
			}
			s.dates = (s.dates + 1) % nRanges
			s.filter()
		case key.Matches(msg, s.keys.typedRange):
			s.typingRange, s.rangeErr = true, ""
			return nil
		case key.Matches(msg, s.keys.event):
			s.event = s.nextEvent()
			s.filter()
		case key.Matches(msg, s.keys.cart):
			return s.c.push(newCart(s.c))
		case key.Matches(msg, s.keys.balance):
			return s.c.push(newVoucherLookup(s.c))
		case key.Matches(msg, s.keys.orders):
			return s.c.push(newOrders(s.c))
		case key.Matches(msg, s.keys.exchange):
			if err := s.c.seller.Check(pos.ActExchange); err != nil {
				return flash(s.c.Err(err), true)
			}
			return s.c.push(newExchange(s.c))
		case key.Matches(msg, s.keys.cash):
			if err := s.c.seller.Check(pos.ActCash); err != nil {
				return flash(s.c.Err(err), true)
			}
			return s.c.push(newCash(s.c))
		case key.Matches(msg, s.keys.admin):
			if !s.c.seller.May(pos.ActCodes) {
				return nil // a reseller has no such screen: the key does nothing
			}
			return s.c.push(newOffers(s.c))
		case key.Matches(msg, s.keys.report):
			return s.c.push(newReport(s.c))
		case key.Matches(msg, s.keys.lock):
			// locked, not closed: the shift stays open for the next unlock
			if c := s.c; len(c.sale.priced.Lines) > 0 || !c.sale.credit.IsZero() || len(c.sale.tenders) > 0 {
				// the till closes: its cart is emptied and its seats
				// released, which a key pressed in passing must not do
				s.askLock = true
				return flash(c.T("pick.lockask", strings.Join(c.closingWords(), " ")), true)
			}
			return func() tea.Msg { return lockMsg{} }
		case key.Matches(msg, s.keys.back):
			if s.query != "" || s.dates != rangeAll || s.event != -1 {
				s.search.Reset()
				s.query, s.applied, s.dates, s.event = "", "", rangeAll, -1
				s.filter()
			}
		case key.Matches(msg, s.keys.enter):
			return s.choose()
		}
		return s.fetchAvail(false)
	}
	return nil
}

// typed says what the search being typed would show: how many
// performances (or items) and their names, the events' once each, as many
// as the line holds.
func (s *pickScreen) typed() {
	c := s.c
	rows, notYours, sellsNone := s.rowsFor(pos.Fold(s.search.Value()), s.scratch[:0])
	s.scratch = rows
	n, more := 0, false
	var names []string
	for _, r := range rows {
		if r.header {
			continue
		}
		n++
		name := r.text[:r.mark]
		if s.section == secPerfs {
			name = c.cat.Events[s.entries[r.perf].event].Name.In(c.lang)
		}
		switch {
		case slices.Contains(names, name):
		case len(names) == 6: // more than a line holds: the rest is "…"
			more = true
		default:
			names = append(names, name)
		}
	}
	if more {
		names = append(names, "…")
	}
	switch {
	case n > 0 && s.section == secPerfs:
		s.found = c.T("pick.foundperfs", n, strings.Join(names, ", "))
	case n > 0:
		s.found = c.T("pick.founditems", n, strings.Join(names, ", "))
	case notYours != "":
		s.found = c.T("pick.notyours", notYours)
	case sellsNone:
		s.found = c.T("pick.notyourstab", []string{c.T("pick.perfs"), c.T("pick.passes"), c.T("pick.vouchers"), c.T("pick.products")}[s.section])
	default:
		s.found = c.T("pick.nothingfound")
	}
}

// showFound makes the list follow the search typed (Enter, or an arrow
// that leaves the field for the list).
func (s *pickScreen) showFound() tea.Cmd {
	s.searching, s.found = false, ""
	s.applied = s.search.Value()
	if q := pos.Fold(s.applied); q != s.query {
		s.query = q
		s.filter()
		return s.fetchAvail(false)
	}
	return nil
}

// choose opens the zone, seat or quantity screen for a performance, or
// adds one pass, voucher or product to the cart.
func (s *pickScreen) choose() tea.Cmd {
	if len(s.rows) == 0 {
		return nil
	}
	r := s.rows[s.cursor]
	c := s.c
	switch s.section {
	case secPerfs:
		p := s.entries[r.perf].p
		zones := c.cat.ZonesOf(p)
		if len(zones) == 1 {
			return s.c.push(zoneScreenFor(c, p, &zones[0]))
		}
		return s.c.push(newZones(c, p))
	case secPasses:
		p := c.cat.Passes[r.item]
		return c.tillDo(c.T("pick.added", p.Name.In(c.lang)), func(t Till) error { return t.AddItem(pos.LinePass, p.ID, 1) })
	case secVouchers:
		g := &c.cat.GiftVouchers[r.item]
		if g.FreeAmount {
			return s.c.push(amountPrompt(c, g))
		}
		return c.tillDo(c.T("pick.added", g.Name.In(c.lang)), func(t Till) error { return t.AddItem(pos.LineVoucher, g.ID, 1) })
	case secProducts:
		p := c.cat.Products[r.item]
		return c.tillDo(c.T("pick.added", p.Name.In(c.lang)), func(t Till) error { return t.AddItem(pos.LineProduct, p.ID, 1) })
	}
	return nil
}

func (s *pickScreen) View() string {
	c := s.c
	var b strings.Builder
	tabs := []string{c.T("pick.perfs"), c.T("pick.passes"), c.T("pick.vouchers"), c.T("pick.products")}
	for i, t := range tabs {
		if i == s.section {
			b.WriteString(c.st.sel.Render("[" + t + "]"))
		} else {
			b.WriteString(" " + t + " ")
		}
		b.WriteByte(' ')
	}
	b.WriteString("\n")
	// While typing, the field keeps 16 cells whatever is in it: the filters
	// after it stay in their columns, so a letter typed changes two cells.
	query := s.search.view(c.st, s.searching, 30)
	if s.searching {
		query = fit(query, max(16, ansi.StringWidth(query)))
	}
	search := c.T("pick.search") + query
	if s.section == secPerfs {
		var rng string
		if s.dates == rangeTyped {
			rng = rangeText(s.from, s.until)
		} else {
			rng = []string{c.T("pick.alldates"), c.T("pick.today"), c.T("pick.week"), c.T("pick.month")}[s.dates]
		}
		ev := c.T("pick.allevents")
		if s.event >= 0 {
			ev = c.cat.Events[s.event].Name.In(c.lang)
		}
		search += "   " + c.T("pick.dates", rng) + "   " + c.T("pick.event", ev)
	}
	if s.searching {
		// what Enter would show, where the filters were (they still apply)
		search = c.T("pick.search") + query + "  " + c.st.dim.Render(s.found)
	}
	if s.typingRange || s.rangeErr != "" {
		// the range being typed replaces the filter line until Enter
		search = c.T("pick.range") + s.rng.view(c.st, s.typingRange, 24) + "  " + c.st.dim.Render(c.T("pick.rangehelp"))
		if s.rangeErr != "" {
			search = c.T("pick.range") + s.rng.view(c.st, s.typingRange, 24) + "  " + c.st.err.Render("! "+s.rangeErr)
		}
	}
	b.WriteString(clip(search, s.w) + "\n")

	listW := s.w
	side := s.w >= 100 && s.section == secPerfs && len(s.rows) > 0 // nothing listed: no pane, no lone "│"
	if side {
		listW = s.w - 36
	}
	var list []string
	if len(s.rows) == 0 {
		none := c.T("pick.none")
		switch {
		case s.notYours != "":
			none = c.T("pick.notyours", s.notYours)
		case s.section != secPerfs && s.sellsNone:
			none = c.T("pick.notyourstab", tabs[s.section])
		}
		for _, l := range wrapLines(none, max(listW-1, 20)) {
			list = append(list, c.st.dim.Render(l))
		}
	}
	end := min(len(s.rows), s.offset+s.listHeight())
	for i := s.offset; i < end; i++ {
		r := s.rows[i]
		switch {
		case r.header:
			list = append(list, s.fitted.get(fitKey{r.text, listW, 1}, func() string { return c.st.title.Render(clip(r.text, listW)) }))
		default:
			right := ""
			if s.section == secPerfs {
				right = s.left(s.entries[r.perf].p.ID)
			}
			row := s.fitted.fit("  "+r.text, listW-len([]rune(right))-1) + " " + right
			if i == s.cursor {
				row = s.selected(row, r)
			}
			list = append(list, row)
		}
	}
	if !side {
		b.WriteString(strings.Join(list, "\n"))
		if s.section == secPerfs && len(s.rows) > 0 {
			b.WriteString("\n" + clip(c.st.dim.Render(s.zonesLine()), s.w))
		}
		return b.String()
	}
	pane := s.zonesPane()
	for i := 0; i < max(len(list), len(pane)); i++ {
		l, p := "", ""
		if i < len(list) {
			l = list[i]
		}
		if i < len(pane) {
			p = pane[i]
		}
		b.WriteString(s.fitted.fit(l, listW) + " │ " + p + "\n")
	}
	return b.String()
}

// selected marks the row under the cursor: a ">" and its time and name in
// reverse video, not the whole line. Moving the cursor then changes only
// those cells on two lines, which is what an SSH client is sent for a key
// (a full-width bar is a whole line rewritten twice a key); the ">" shows
// the row without colour.
func (s *pickScreen) selected(row string, r pickRow) string {
	head := ansi.Truncate(row, 2+ansi.StringWidth(r.text[:r.mark]), "")
	return "> " + s.c.st.sel.Render(head[2:]) + row[len(head):]
}

// left is the capacity column of a performance row.
func (s *pickScreen) left(perf string) string {
	av, ok := s.avail[perf]
	if !ok {
		return ""
	}
	n, held := 0, 0
	for _, z := range av {
		n, held = n+z.Available, held+z.Held
	}
	if n == 0 && held > 0 {
		// the places left are in other tills' carts: they may come
		// back on sale in minutes, as the zone's refusal says
		return s.c.T("pick.allheld")
	}
	if n == 0 {
		return s.c.T("pick.soldout")
	}
	return s.c.T("pick.left", n)
}

func (s *pickScreen) current() *pos.Performance {
	if len(s.rows) == 0 || s.rows[s.cursor].header || s.section != secPerfs {
		return nil
	}
	return s.entries[s.rows[s.cursor].perf].p
}

func (s *pickScreen) zonesLine() string {
	p := s.current()
	if p == nil {
		return ""
	}
	var parts []string
	for _, z := range s.avail[p.ID] {
		// "Salle 1 (139)": "Salle 1 139" read as 1139 seats, or a salle 1139
		parts = append(parts, zoneName(s.c, p, z.Zone)+" ("+itoa(z.Available)+")")
	}
	return s.c.T("pick.zonesline", strings.Join(parts, " · "))
}

func (s *pickScreen) zonesPane() []string {
	p := s.current()
	if p == nil {
		return nil
	}
	out := []string{s.c.st.title.Render(s.c.T("pick.zones"))}
	for _, z := range s.avail[p.ID] {
		// under what is left, what is sold of the zone in words: "3/426"
		// under "423 libres" read as 3 places of 426 left
		// Online in escrow, what is left counts what the box office has
		// not granted (counter's AvailabilityFor): one number.
		out = append(out, clip(zoneName(s.c, p, z.Zone), 20)+"  "+s.c.T("pick.left", z.Available), s.c.st.dim.Render("  "+s.c.T("pick.sold", z.Sold, z.Capacity)))
	}
	return out
}

func zoneName(c *common, p *pos.Performance, zone string) string {
	if z, ok := c.cat.ZoneOf(p, zone); ok {
		return z.Name.In(c.lang)
	}
	return zone
}

// rangeKey edits the typed date range: Enter applies it, Esc leaves it as
// it was.
func (s *pickScreen) rangeKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		s.typingRange, s.rangeErr = false, ""
		return nil
	case "enter":
		text := strings.TrimSpace(s.rng.Value())
		if text == "" {
			s.typingRange, s.rangeErr, s.dates = false, "", rangeAll
			s.filter()
			return s.fetchAvail(false)
		}
		now := s.c.now().In(s.c.cat.Location())
		from, until, ok := parseDateRange(text, now)
		if !ok {
			s.rangeErr = s.c.T("pick.badrange")
			return nil
		}
		s.typingRange, s.rangeErr = false, ""
		s.dates, s.from, s.until = rangeTyped, from, until
		s.filter()
		return s.fetchAvail(false)
	}
	s.rangeErr = ""
	s.rng.key(msg)
	return nil
}

// parseDateRange reads a range of days typed at the counter, in the
// register's time zone (now's location):
//
//	12.12          that day (the next 12 December from today)
//	12.12.2026     that day (also 12.12.26)
//	12.12-20.12    from the first day to the second, both included
//	12.12-         from that day on
//	+7             the next 7 days, today included (+0: today)
//
// "/" may stand for ".". until is the day after the last one (zero: no
// end). A day without a year is the next such day on or after today (or
// after the range's first day).
func parseDateRange(text string, now time.Time) (from, until time.Time, ok bool) {
	loc := now.Location()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	text = strings.ReplaceAll(strings.TrimSpace(text), " ", "")
	if n, found := strings.CutPrefix(text, "+"); found {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 || days > 3660 {
			return time.Time{}, time.Time{}, false
		}
		return today, today.AddDate(0, 0, max(days, 1)), true
	}
	a, b, isRange := strings.Cut(text, "-")
	if !isRange {
		b = a
	}
	from, ok = parseDay(a, today)
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	if isRange && b == "" {
		return from, time.Time{}, true
	}
	last, ok := parseDay(b, from)
	if !ok || last.Before(from) {
		return time.Time{}, time.Time{}, false
	}
	return from, last.AddDate(0, 0, 1), true
}

// parseDay reads "d.m", "d.m.yy" or "d.m.yyyy"; without a year it is the
// first such day on or after notBefore.
func parseDay(s string, notBefore time.Time) (time.Time, bool) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '/' })
	if len(parts) < 2 || len(parts) > 3 {
		return time.Time{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return time.Time{}, false
		}
		n[i] = v
	}
	day, month, year := n[0], n[1], n[2]
	if len(parts) == 2 {
		year = notBefore.Year()
	} else if year < 100 {
		year += 2000
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, notBefore.Location())
	if t.Day() != day || int(t.Month()) != month || year < 2000 || year > 2999 {
		return time.Time{}, false // 31.2 does not exist
	}
	if len(parts) == 2 && t.Before(notBefore) {
		t = time.Date(year+1, time.Month(month), day, 0, 0, 0, 0, notBefore.Location())
		if t.Day() != day {
			return time.Time{}, false // 29.2 with no leap year ahead
		}
	}
	return t, true
}

// rangeText shows a typed range as dates: "12.12.2026", "12.12.2026–20.12.2026"
// or "12.12.2026–" with no end.
func rangeText(from, until time.Time) string {
	const layout = "02.01.2006"
	switch {
	case until.IsZero():
		return from.Format(layout) + "–"
	case until.Equal(from.AddDate(0, 0, 1)):
		return from.Format(layout)
	}
	return from.Format(layout) + "–" + until.AddDate(0, 0, -1).Format(layout)
}
