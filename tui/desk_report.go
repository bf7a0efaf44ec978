package tui

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// The desk: the X report and the Z closure that ends a shift.

type reportMsg struct {
	rep  Report
	sold map[string]string // performances the catalog no longer has, named as sold
	err  error
}

// closedMsg is the Z closure done: the till locks after it is shown.
type closedMsg struct {
	rep  Report
	sold map[string]string
	err  error
}

// lockMsg asks the root to close the till and show the unlock screen;
// idle: the till was released for idleness (an SSH session), and the
// unlock screen says what became of its cart.
type lockMsg struct{ idle bool }

type reportScreen struct {
	c       *common
	rep     Report
	sold    map[string]string // the report's performances the catalog no longer has, named as sold
	loaded  bool
	closing bool // typing the cash counted
	confirm bool // counted typed: Enter closes
	closed  bool // Z done: any key locks
	counted field
	working bool
	err     string
	w, h    int
	off     int // the first detail line shown, when they do not all fit
	keys    struct{ z, enter, back, scroll, print key.Binding }
	// kept: the report above its detail and the detail's lines, built
	// once a report and a size (View, the help and the scroll keys read
	// them at every frame and key)
	kept struct {
		ok    bool
		top   string
		lines []string
	}
}

func newReport(c *common) *reportScreen {
	s := &reportScreen{c: c, counted: field{limit: 12}}
	s.keys.z = c.key(keyZClose)
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
	s.keys.scroll = c.key(keyScrollReport)
	// the X or the Z on paper, through the register's spooler as a
	// receipt: the Z goes into the cash bag with the cash counted
	s.keys.print = c.key(keyPrintReport)
	s.keys.print.SetEnabled(c.svc.HasPrinter())
	return s
}

func (s *reportScreen) Init() tea.Cmd {
	t, svc := s.c.till, s.c.svc
	return func() tea.Msg {
		r, err := t.XReport()
		if err != nil {
			return reportMsg{err: err}
		}
		// a show dropped from the catalog since the shift sold for it:
		// named as sold rather than by a bare id (a name missing is
		// only that: the report stands)
		sold, _ := svc.ReportSoldNames(r)
		return reportMsg{r, sold, nil}
	}
}
func (s *reportScreen) Title() string {
	if s.closed {
		return s.c.T("report.ztitle")
	}
	return s.c.T("report.title")
}
func (s *reportScreen) Typing() bool     { return s.closing && !s.confirm }
func (s *reportScreen) SetSize(w, h int) { s.w, s.h, s.kept.ok = w, h, false }
func (s *reportScreen) ShortHelp() []key.Binding {
	_, _, more := s.detail()
	switch {
	case s.closed && more:
		return []key.Binding{s.keys.enter, s.keys.print, s.keys.scroll}
	case s.closed:
		return []key.Binding{s.keys.enter, s.keys.print}
	case s.closing && more:
		return []key.Binding{s.keys.enter, s.keys.back, s.keys.scroll}
	case s.closing:
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	if !s.loaded {
		return []key.Binding{s.keys.z, s.keys.back}
	}
	if more {
		return []key.Binding{s.keys.z, s.keys.print, s.keys.back, s.keys.scroll}
	}
	return []key.Binding{s.keys.z, s.keys.print, s.keys.back}
}

// printReport queues the report shown on paper: its X, or its Z once
// closed (a second Z prints as a duplicate). The register says it in the
// flash line, or why it did not.
func (s *reportScreen) printReport() tea.Cmd {
	c := s.c
	t, shift, lang := c.till, s.rep.Shift, c.lang
	ok := c.T("report.xsent", shift)
	if s.rep.Z {
		ok = c.T("report.zsent", shift)
	}
	return c.inOrder(func() tea.Msg {
		if err := t.PrintShiftReport(shift); err != nil {
			return flashMsg{sentence(pos.Say(err, lang)), true}
		}
		return flashMsg{ok, false}
	})
}
func (s *reportScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// detail is the report's detail (what was sold, given, refunded and
// lapsed), the lines the window has room for under the drawer and the
// methods, and whether some do not fit: those are scrolled to with ↑/↓
// (guichet report x prints it whole). The cash counted and the Z made
// keep theirs, above the rows the count and the closure take: the
// cashier sees the Z she makes and has made.
func (s *reportScreen) detail() (lines []string, room int, more bool) {
	if !s.loaded {
		return nil, 0, false
	}
	top, lines := s.built()
	tail := 0
	if s.closing || s.closed {
		tail = 4 // the count, the difference and the question; or the Z's counted, difference and closure
	}
	if out := deskOutcome(s.c, s.working, s.err); out != "" {
		// a refusal's lines, only while there is one: kept empty, the two
		// lines were two rows of detail fewer at 80x24
		tail += strings.Count(out, "\n") + 1
	}
	room = max(s.h-strings.Count(top, "\n")-tail, 0)
	return lines, room, room >= 2 && len(lines) > room
}

// built is the report's top and detail lines, built again only when the
// report or the window changed.
func (s *reportScreen) built() (top string, lines []string) {
	if !s.kept.ok {
		s.kept.top, s.kept.lines, s.kept.ok = s.top(), counter.ReportDetailLinesSold(s.c.cat, s.rep.Detail, s.sold, s.c.lang), true
	}
	return s.kept.top, s.kept.lines
}

func (s *reportScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case reportMsg:
		if s.closed || s.working {
			return nil // the Z made or being made is what the screen shows
		}
		if s.closing {
			// the cash counted is being typed: the drawer as it is now
			// (her other till of this shift sold meanwhile). A refusal
			// waits for Enter, which says it (closed at another till).
			if msg.err != nil {
				return nil
			}
			if was := s.rep.Expected; msg.rep.Expected != was {
				// counted against the expected of before: count again, and
				// Enter again once the difference is read
				s.err, s.confirm = c.T("report.expectedchanged", c.money(was), c.money(msg.rep.Expected)), false
			}
			s.rep, s.kept.ok = msg.rep, false
			return nil
		}
		if c.shiftClosed(msg.err, s.Init()) {
			return nil // the new shift's report once its float is in
		}
		if msg.err != nil {
			s.err = s.c.Err(msg.err)
			return nil
		}
		s.rep, s.sold, s.loaded, s.kept.ok = msg.rep, msg.sold, true, false
	case closedMsg:
		s.working = false
		if errors.Is(msg.err, counter.ErrNoShift) {
			// her other till made the Z already: this count closes
			// nothing (a new shift would be closed on the same cash)
			c.hasShft = false
			s.err, s.confirm = c.T("report.closedelsewhere"), false
			return nil
		}
		if errors.Is(msg.err, counter.ErrExpectedChanged) {
			// her other till of this shift sold between the screen's last
			// reading and her Enter: nothing closed. The drawer read again
			// says both amounts and the new difference; she counts again.
			s.err, s.confirm = s.c.Err(msg.err), false
			return s.Init()
		}
		if msg.err != nil {
			s.err, s.confirm = s.c.Err(msg.err), false
			return nil
		}
		s.rep, s.sold, s.closed, s.closing, s.confirm, s.kept.ok = msg.rep, msg.sold, true, false, false, false
	case versionMsg:
		// while the cash is counted too: a sale at her other till of this
		// shift changes the cash expected, and the difference shown (a Z
		// confirmed "even" against the expected of before closed short)
		if !s.closed {
			return s.Init()
		}
	case tea.PasteMsg:
		if s.Typing() {
			s.counted.insert(msg.Content)
		}
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		if lines, room, more := s.detail(); more && key.Matches(msg, s.keys.scroll) {
			step := 1
			switch msg.String() {
			case "pgup", "pgdown":
				step = max(room-1, 1)
			}
			if msg.String() == "up" || msg.String() == "pgup" {
				step = -step
			}
			s.off = min(max(s.off+step, 0), len(lines)-max(room-1, 1))
			return nil
		}
		if s.loaded && !s.closing && key.Matches(msg, s.keys.print) {
			return s.printReport()
		}
		if s.closed {
			if key.Matches(msg, s.keys.enter) || key.Matches(msg, s.keys.back) {
				return func() tea.Msg { return lockMsg{} }
			}
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.back):
			if s.confirm {
				s.confirm = false
				return nil
			}
			if s.closing {
				s.closing, s.err = false, ""
				return nil
			}
			return c.back()
		case !s.closing && key.Matches(msg, s.keys.z):
			if ts := c.sale.tenders; s.loaded && len(ts) > 0 {
				// the Z locks the till, which leaves them with no order
				// after the shift it closes: its list of payments left
				// (what explains a Z over) would not have them
				s.err = c.T("report.zpaid", tendersWords(c, ts))
				return nil
			}
			if s.loaded {
				s.closing, s.err = true, ""
				s.counted.Reset()
				t := c.till // the cash is counted out of the drawer
				return func() tea.Msg { _ = t.OpenDrawer(); return nil }
			}
		case s.closing && key.Matches(msg, s.keys.enter):
			m, err := parseAmount(c, s.counted.Value(), false)
			if err != nil {
				s.err = c.T("report.typecount")
				return nil
			}
			if !s.confirm {
				s.confirm, s.err = true, ""
				return nil
			}
			s.working = true
			t := c.till
			svc := c.svc
			// the cash expected she read the difference against: a sale at
			// her other till since (not yet on this screen) refuses the Z
			seen := s.rep.Expected
			return func() tea.Msg {
				r, err := t.CloseShiftAgainst(m, seen)
				if err != nil {
					return closedMsg{err: err}
				}
				sold, _ := svc.ReportSoldNames(r)
				return closedMsg{r, sold, nil}
			}
		case s.closing && !s.confirm:
			s.err = ""
			s.counted.key(msg)
		}
	}
	return nil
}

func (s *reportScreen) View() string {
	c := s.c
	r := s.rep
	if !s.loaded {
		return deskOutcome(c, false, s.err)
	}
	var b strings.Builder
	top, _ := s.built()
	b.WriteString(top)
	if lines, room, more := s.detail(); !more {
		for _, l := range lines[:min(len(lines), room)] {
			b.WriteString(clip(l, s.w) + "\n") // titles at the left, rows indented, as the payment methods
		}
	} else {
		// as many as fit from s.off, and a line saying which they are
		shown := max(room-1, 1)
		off := min(s.off, len(lines)-shown)
		for _, l := range lines[off : off+shown] {
			b.WriteString(clip(l, s.w) + "\n")
		}
		b.WriteString(c.st.dim.Render(clip("  "+c.T("report.more", off+1, off+shown, len(lines)), s.w)) + "\n")
	}
	pair := func(name string, m pos.Money) string {
		return "  " + label(name, 28) + amountIn(c.money(m), reportAmountW)
	}
	switch {
	case s.closed:
		b.WriteString(pair(c.T("report.counted"), r.Counted) + "\n")
		b.WriteString(c.st.bold.Render(pair(c.T("report.difference"), r.Difference)+" "+diffWord(c, r.Difference)) + "\n")
		b.WriteString("\n  " + c.st.ok.Render(c.T("report.closed")) + "\n")
	case s.closing:
		b.WriteString("\n  " + fit(c.T("report.count"), 28) + string(c.cat.Currency()) + " " + s.counted.view(c.st, !s.confirm, 14) + "\n")
		if m, err := parseAmount(c, s.counted.Value(), false); err == nil {
			d := m.Minus(r.Expected)
			b.WriteString(c.st.bold.Render(pair(c.T("report.difference"), d)+" "+diffWord(c, d)) + "\n")
		}
		if s.confirm {
			b.WriteString("  " + c.st.bold.Render(c.T("report.confirm")) + "\n")
		}
	}
	b.WriteString(deskOutcome(c, s.working, s.err))
	return b.String()
}

// top is the report above its detail: the title, the counts, the drawer
// and the payment methods.
func (s *reportScreen) top() string {
	c := s.c
	r := s.rep
	var b strings.Builder
	pair := func(name string, m pos.Money) string {
		return "  " + label(name, 28) + amountIn(c.money(m), reportAmountW)
	}
	title := c.T("report.x", r.Shift)
	if r.Z {
		title = c.T("report.z", r.Shift)
	}
	loc := c.cat.Location()
	b.WriteString(c.st.title.Render(clip(title+" · "+pos.FormatDateTime(r.Opened.In(loc), c.lang)+" → "+pos.FormatDateTime(r.At.In(loc), c.lang), s.w)) + "\n")
	// tickets and passes apart, as the done screen counted them
	var sold []string
	for _, n := range counter.SoldCounts(r, c.lang) {
		sold = append(sold, c.T("report.sold", lowerFirst(n.Name), n.N))
	}
	counts := c.T("report.counts", r.Orders, strings.Join(sold, ", "), counter.Cancellations(r, c.lang))
	var head string
	if r.Head != "" {
		// the journal's head on the report: write it down, or keep the
		// printed Z; journal verify --expect-head checks the file against
		// it, so it is never cut: on its own line when it does not fit
		head = c.T("report.head", r.Head)
		if ansi.StringWidth(counts+" · "+head) <= s.w-2 {
			counts, head = counts+" · "+head, ""
		}
	}
	b.WriteString("  " + clip(counts, s.w-2) + "\n")
	if head != "" {
		b.WriteString("  " + clip(head, s.w-2) + "\n")
	}
	var left []string
	for _, d := range counter.DrawerRows(r, c.lang) { // as guichet report x|z says them
		if d.Total {
			left = append(left, c.st.bold.Render(pair(d.Name, d.Amount)))
		} else {
			left = append(left, pair(d.Name, d.Amount))
		}
	}
	// the methods' amounts line up at the right, as guichet report x|z
	// and the drawer's rows have them: "CHF 0.00" under "CHF 141.00"
	amountW := 0
	for _, m := range r.ByMethod {
		amountW = max(amountW, ansi.StringWidth(c.money(m.Amount)))
	}
	for _, m := range r.Left {
		amountW = max(amountW, ansi.StringWidth(c.money(m.Amount)))
	}
	if !r.CashRounding.IsZero() {
		amountW = max(amountW, ansi.StringWidth(c.money(r.CashRounding)))
	}
	var right []string
	if len(r.ByMethod) > 0 { // a shift with no payment has no heading over nothing
		right = append(right, c.T("report.bymethod"))
	}
	for _, m := range r.ByMethod {
		name := m.Method
		if pm, ok := c.cat.PaymentMethodByID(m.Method); ok {
			name = pm.Name.In(c.lang)
		}
		row := "  " + label(name, 18) + label(itoa(m.Count)+"×", 5) + amountIn(c.money(m.Amount), amountW)
		if m.Refunds > 0 { // the amount is net of them: said, not counted as payments
			row += "  " + c.T("report.methodrefunds", m.Refunds)
		}
		right = append(right, row)
	}
	if !r.CashRounding.IsZero() {
		// the cash above is the orders' amounts; with its rounding, the
		// cash sales less refunds on the left
		right = append(right, "  "+label(c.T("pay.rounding"), 23)+amountIn(c.money(r.CashRounding), amountW))
	}
	if len(r.Left) > 0 { // not in the cash expected: a Z over by them is them kept
		right = append(right, c.T("report.left"))
		for _, m := range r.Left {
			right = append(right, "  "+label(counter.MethodName(c.cat, m.Method, c.lang), 18)+label(itoa(m.Count)+"×", 5)+amountIn(c.money(m.Amount), amountW))
		}
	}
	if s.w >= 100 {
		for i := 0; i < max(len(left), len(right)); i++ {
			l, rr := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				rr = right[i]
			}
			b.WriteString(clip(fit(l, 44)+rr, s.w) + "\n") // a method's refunds said may be long
		}
	} else {
		b.WriteString(strings.Join(left, "\n") + "\n")
		b.WriteString(strings.Join(right, "\n") + "\n")
	}
	return b.String()
}

// reportAmountW is the drawer's column of amounts, right-aligned: wide
// enough for "CHF -1234.50"; a wider amount pushes out, never cut.
const reportAmountW = 12

// amountIn right-aligns an amount in w cells (a wider one is kept whole).
func amountIn(m string, w int) string {
	return strings.Repeat(" ", max(w-ansi.StringWidth(m), 0)) + m
}

// diffWord says whether the drawer is short or over, with a glyph.
func diffWord(c *common, d pos.Money) string {
	switch {
	case d.IsZero():
		return "= " + c.T("report.even")
	case d.IsNegative():
		return "▼ " + c.T("report.short")
	}
	return "▲ " + c.T("report.over")
}

// lowerFirst is s with its first letter in lower case ("Billets":
// "billets"), for a name in the middle of a sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
