package tui

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/mdp/qrterminal/v3"

	"guichet/counter"
	"guichet/pos"
)

// doneScreen shows the order once it is durable in the journal: its number,
// the tickets queued for printing, a receipt preview and each ticket's QR.
type doneScreen struct {
	c        *common
	o        pos.Order
	ticket   int
	qr       [][]string // drawn once per ticket, one string per line
	payloads map[string]string
	receipt  string
	rcp      viewport.Model // the receipt, scrolled when taller than the window
	showRcp  bool
	fullQR   bool         // the ticket's QR alone fills the window
	sale     counter.Sale // what the printer does besides the tickets
	printed  int          // receipts asked for with the key
	w, h     int
	keys     struct{ next, ticket, receipt, print, fullQR, scroll, email, up, down key.Binding }
	// what each ticket is, said once (not at each frame): its tariff,
	// zone and seat (ticketWhat), "" for a pass or a gift voucher; and
	// the lines that say it under the ticket, a pass's or a voucher's
	// name in brackets
	whats  []string
	unders [][]string
	// askAddr: the order has no customer address; one is typed into addr
	askAddr bool
	addr    field

	voucher CreditVoucher // what an exchange credit left: the customer keeps its number
	// vouchersLeft say what each voucher that paid still holds (the
	// customer asks), wrapped to the left column once
	vouchersLeft []string
}

// doneLeftW is the width of the done screen's left column.
const doneLeftW = 34

// newDone shows an order, and the credit voucher its checkout made of an
// exchange credit's remainder (zero: none). An exchange with no new order
// has an order with no number: only the voucher is shown.
func newDone(c *common, done counter.Sale) *doneScreen {
	o := done.Order
	s := &doneScreen{c: c, o: o, qr: make([][]string, len(o.Tickets)), voucher: done.Voucher, sale: done}
	if rcp, err := c.svc.ReceiptPreview(o, c.lang); err != nil {
		s.receipt = c.Err(err)
	} else {
		s.receipt = rcp
	}
	s.keys.next = c.key(keyNextSale)
	s.keys.ticket = c.key(keyTicket)
	s.keys.up, s.keys.down = c.key(keyUp), c.key(keyDown)
	s.keys.receipt = c.key(keyShowReceipt)
	s.keys.scroll = c.key(keyScrollReceipt)
	s.keys.email = c.key(keyEmailTickets)
	s.keys.email.SetEnabled(len(o.Tickets) > 0 && o.Number != "")
	s.addr.limit = 120
	s.rcp = viewport.New(viewport.WithWidth(40), viewport.WithHeight(10))
	s.rcp.SetContent(s.receipt)
	s.keys.print = c.key(keyPrintReceipt)
	s.keys.fullQR = c.key(keyFullqr)
	s.keys.fullQR.SetEnabled(len(o.Tickets) > 0 && o.Number != "")
	s.keys.ticket.SetEnabled(len(o.Tickets) > 1)  // another ticket: there is one
	s.keys.receipt.SetEnabled(len(o.Tickets) > 0) // no QR: the receipt is all there is
	// only a durable order has a receipt to print
	s.keys.print.SetEnabled(c.svc.HasPrinter() && o.Number != "")
	s.whats, s.unders = make([]string, len(o.Tickets)), make([][]string, len(o.Tickets))
	shows := ticketShows(c, o)
	for i, t := range o.Tickets {
		s.whats[i] = ticketWhat(c, t)
		switch {
		case shows == nil || shows[i] == "":
		case s.whats[i] == "":
			s.whats[i] = shows[i]
		default:
			s.whats[i] = shows[i] + " · " + s.whats[i] // which show first: the cashier reads it first
		}
		switch {
		case s.whats[i] != "":
			s.unders[i] = underTicket(s.whats[i])
		case t.Kind == pos.LineVoucher:
			s.unders[i] = underTicket(c.T("done.giftvoucher")) // its number is the voucher's code
		case t.Kind == pos.LinePass:
			// which pass: a festival day pass is no subscription, and
			// the season's subscription says so in its name
			kind := c.T("done.pass")
			if p, ok := c.cat.PassByID(t.Item); ok {
				kind = p.Name.In(c.lang)
			}
			s.unders[i] = underTicket(kind)
		}
	}
	for _, v := range pos.VouchersLeft(o.Payments) {
		// the amount is held whole (no-break spaces while it is wrapped)
		for _, l := range wrapLines(c.T("done.voucherleft", v.Voucher, strings.ReplaceAll(c.money(v.Left), " ", "\u00a0")), doneLeftW) {
			s.vouchersLeft = append(s.vouchersLeft, strings.ReplaceAll(l, "\u00a0", " "))
		}
	}
	return s
}

type qrsMsg map[string]string

// Init fetches the tickets' signed QR payloads; until they arrive (or when
// the register has none) the QR carries the ticket number.
func (s *doneScreen) Init() tea.Cmd {
	if s.payloads == nil && s.o.Number != "" {
		svc, n, lang := s.c.svc, s.o.Number, s.c.lang
		return func() tea.Msg {
			qrs, err := svc.TicketQRs(n)
			if err != nil {
				return queryFailed(lang, err)
			}
			return qrsMsg(qrs)
		}
	}
	return nil
}
func (s *doneScreen) Title() string { return s.c.T("done.title") }

// Typing is true while the QR fills the window: every key, ? included,
// comes here and closes it.
func (s *doneScreen) Typing() bool { return s.fullQR || s.askAddr }
func (s *doneScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.rcp.SetHeight(max(h-2, 3)) // under the voucher line and the receipt's title
	s.rcp.SetWidth(40)
}

// receiptShown reports whether the receipt is on screen (instead of, or
// beside, the QR): ↑/↓ scroll it then.
func (s *doneScreen) receiptShown() bool {
	return len(s.o.Tickets) == 0 || s.showRcp || s.w >= 130
}

func (s *doneScreen) ShortHelp() []key.Binding {
	s.keys.scroll.SetEnabled(s.receiptShown() && s.rcp.TotalLineCount() > s.rcp.Height())
	if s.w < 110 {
		// tab and ←/→ wait in ? help: at 80 columns the footer holds
		// four keys, and the line where the QR would be names tab; the
		// receipt's scroll comes first while it is taller than the window
		if s.keys.scroll.Enabled() {
			return []key.Binding{s.keys.next, s.keys.scroll, s.keys.print}
		}
		return []key.Binding{s.keys.next, s.keys.fullQR, s.keys.print}
	}
	return []key.Binding{s.keys.next, s.keys.fullQR, s.keys.print, s.keys.email, s.keys.receipt, s.keys.ticket, s.keys.scroll}
}
func (s *doneScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.next, s.keys.print, s.keys.email}, {s.keys.fullQR, s.keys.receipt, s.keys.ticket}}
}

func (s *doneScreen) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(qrsMsg); ok {
		s.payloads = m
		s.qr = make([][]string, len(s.o.Tickets))
	}
	if m, ok := msg.(emailMsg); ok {
		if errors.Is(m.err, counter.ErrNoAddress) {
			s.askAddr = true // the order has no address: type one
			s.addr.Reset()
			return nil
		}
		if m.err != nil {
			return flash(s.c.Err(m.err), true)
		}
		s.askAddr = false
		return flash(s.c.T("done.emailed", s.o.Number, m.to), false)
	}
	if msg, ok := msg.(tea.PasteMsg); ok && s.askAddr {
		s.addr.insert(msg.Content)
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		if s.fullQR {
			s.fullQR = false // any key: back to the order
			return nil
		}
		if s.askAddr {
			switch msg.String() {
			case "esc":
				s.askAddr = false
			case "enter":
				return s.sendTickets(strings.TrimSpace(s.addr.Value()))
			default:
				s.addr.key(msg)
			}
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.email):
			return s.sendTickets("")
		case key.Matches(msg, s.keys.fullQR):
			s.fullQR = true
		case key.Matches(msg, s.keys.next):
			s.c.sale = &sale{} // a new sale starts clean
			s.c.home()
			return s.c.tillDo("", func(Till) error { return nil })
		case key.Matches(msg, s.keys.ticket):
			if n := len(s.o.Tickets); n > 0 {
				if msg.String() == "left" || msg.String() == "h" {
					s.ticket = (s.ticket + n - 1) % n
				} else {
					s.ticket = (s.ticket + 1) % n
				}
			}
		case key.Matches(msg, s.keys.receipt):
			s.showRcp = !s.showRcp
		case s.receiptShown() && key.Matches(msg, s.keys.scroll):
			s.rcp, _ = s.rcp.Update(msg)
		case len(s.o.Tickets) > 0 && key.Matches(msg, s.keys.up):
			// the tickets are a list down the left: ↑/↓ move in it as
			// ←/→ do while the receipt, which they scroll, is not shown
			s.ticket = max(s.ticket-1, 0)
		case len(s.o.Tickets) > 0 && key.Matches(msg, s.keys.down):
			s.ticket = min(s.ticket+1, len(s.o.Tickets)-1)
		case key.Matches(msg, s.keys.print):
			s.printed++
			t, n, lang := s.c.till, s.o.Number, s.c.lang
			ok := s.c.T("done.receiptsent", n)
			return s.c.inOrder(func() tea.Msg {
				if err := t.PrintReceipt(n); err != nil {
					return flashMsg{sentence(pos.Say(err, lang)), true}
				}
				return flashMsg{ok, false}
			})
		}
	}
	return nil
}

// A ticket's QR is drawn with qrterminal's half blocks (two modules per
// line), at level L with a one-module quiet zone: the signed payload (about
// 145 bytes) is a version 7 code of 45 modules, 47 columns and 24 lines
// with its quiet zone, which an 80x24 terminal holds when the QR is alone
// on it. Level L is enough on a screen (it does not get dirty); more would
// not fit.
//
// Polarity. The glyphs draw the light modules and the quiet zone as
// foreground blocks (█ ▀ ▄) and leave the dark modules to the background;
// the qr style then paints that foreground bright white on a black
// background, so with colour the code is dark on light whatever the
// terminal's theme. Without colour (NO_COLOR, a terminal that strips it)
// the terminal's own pair shows through: right on a dark terminal (the
// Linux console, most counters), and on a light one the whole code,
// quiet zone included, comes out in negative, which most phone cameras
// still read. What must never happen is a mix — dark modules as blocks in
// a quiet zone left to the background — which reads on neither. Light is
// the foreground rather than dark because a 16-colour console has bright
// foregrounds but only 8 backgrounds. Nothing asks the terminal for its
// colours (a console that does not answer would stall).
//
// qrCode draws the code as qrterminal does, with no sixel probe
// (qrterminal's Generate writes a query to stdout).
func qrCode(payload string) []string {
	var b bytes.Buffer
	qrterminal.GenerateWithConfig(payload, qrterminal.Config{
		Level: qrterminal.L, Writer: &b, HalfBlocks: true, QuietZone: 1,
		BlackChar: qrterminal.BLACK_BLACK, WhiteChar: qrterminal.WHITE_WHITE,
		BlackWhiteChar: qrterminal.BLACK_WHITE, WhiteBlackChar: qrterminal.WHITE_BLACK,
	})
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

// styledQR paints a drawn code: its first line's upper halves lie outside
// the quiet zone and keep the terminal's background.
func styledQR(st styles, raw []string) []string {
	out := make([]string, len(raw))
	for i, l := range raw {
		if i == 0 {
			out[i] = st.qrEdge.Render(l)
		} else {
			out[i] = st.qr.Render(l)
		}
	}
	return out
}

// ticketQR is the current ticket's code, drawn once: its signed payload,
// or its number until the payload arrives.
func (s *doneScreen) ticketQR() []string {
	if s.qr[s.ticket] == nil {
		t := s.o.Tickets[s.ticket]
		payload := t.Number
		if p := s.payloads[t.Number]; p != "" {
			payload = p
		}
		s.qr[s.ticket] = styledQR(s.c.st, qrCode(payload))
	}
	return s.qr[s.ticket]
}

// qrName says whose QR code is shown: a ticket's, a pass's (the header
// counts it a pass, not a ticket) or a gift voucher's.
func (s *doneScreen) qrName() string {
	t := s.o.Tickets[s.ticket]
	switch t.Kind {
	case pos.LineVoucher:
		return s.c.T("done.qrvoucher", t.Number)
	case pos.LinePass:
		return s.c.T("done.qrpass", t.Number)
	}
	return s.c.T("done.qr", t.Number)
}

// FullView is the current ticket's QR alone, centred in the whole window
// (no header, help or status line: at 80x24 the code needs every line),
// with the ticket's number under it when a line is left.
func (s *doneScreen) FullView(w, h int) (string, bool) {
	if !s.fullQR || len(s.o.Tickets) == 0 {
		return "", false
	}
	qr := s.ticketQR()
	qw, qh := ansi.StringWidth(qr[0]), len(qr)
	if w < qw || h < qh {
		msg := strings.Split(s.c.T("done.qrfullsmall", qw, qh), "\n")
		for i := range msg {
			msg[i] = clip(msg[i], w)
		}
		return strings.Join(msg, "\n"), true
	}
	block := qr
	if h >= qh+2 {
		name := s.qrName()
		block = append(append(block[:qh:qh], ""), strings.Repeat(" ", max(0, (qw-ansi.StringWidth(name))/2))+name)
	}
	out := make([]string, (h-len(block))/2, h)
	pad := strings.Repeat(" ", (w-qw)/2)
	for _, l := range block {
		out = append(out, clip(pad+l, w))
	}
	return strings.Join(out, "\n"), true
}

func (s *doneScreen) View() string {
	c := s.c
	var left []string
	if s.o.Number != "" {
		left = append(left, c.st.title.Render(c.T("done.order", s.o.Number)))
	}
	if s.o.State == pos.OrderPending {
		left = append(left, wrapLines(c.T("done.pending", pos.FormatDate(s.o.Deadline.In(c.cat.Location()), c.lang)), doneLeftW)...)
	}
	var change pos.Money
	for _, p := range s.o.Payments {
		change = change.Plus(p.Change)
	}
	if !change.IsZero() {
		left = append(left, c.st.bold.Render(c.T("done.change", c.money(change))))
	}
	left = append(left, s.vouchersLeft...)
	// The credit voucher gets the whole width: its number is what the
	// customer must keep.
	var top string
	if s.voucher.Number != "" {
		top = c.st.bold.Render(clip(c.T("done.voucher", c.money(s.voucher.Balance), s.voucher.Number), s.w)) + "\n"
	}
	if s.o.Number == "" {
		// the whole credit became a voucher: no order, no ticket; its
		// slip is what the customer takes away
		if s.sale.Slip {
			word := "done.voucherslip"
			if !s.sale.Printer.CanPrint() {
				word += "queued"
			}
			top += c.T(word) + "\n"
		}
		return top
	}
	if n := len(s.o.Tickets); n > 0 {
		left = append(left, wrapLines(ticketsWord(c, s.o.Tickets, s.sale.Printer), doneLeftW)...)
	}
	if s.sale.Receipt || s.printed > 0 {
		left = append(left, wrapLines(c.T("done.receiptprinting"), doneLeftW)...)
	}
	if s.askAddr {
		left = append(left, "", c.T("done.emailto"), s.addr.view(c.st, true, doneLeftW-2), c.st.dim.Render(c.T("done.emailkeys")))
	}
	left = append(left, "")
	tickets := len(left)
	var right []string
	showQR := len(s.o.Tickets) > 0 && !s.showRcp
	wide := s.w >= 130
	if (showQR || wide) && len(s.o.Tickets) > 0 {
		right = append(right, s.qrName())
		qr := s.ticketQR()
		room := s.w - doneLeftW - 1
		if wide {
			room = 60
		}
		if len(right)+len(qr) > s.h-strings.Count(top, "\n") || ansi.StringWidth(qr[0]) > room {
			// A cut QR code does not scan: offer the whole window rather
			// than draw half of one.
			right = append(append(right, ""), strings.Split(c.T("done.qrsmall"), "\n")...)
		} else {
			right = append(right, qr...)
		}
	}
	var third []string
	if !showQR || wide {
		third = append([]string{c.st.title.Render(c.T("done.receipt"))}, strings.Split(s.rcp.View(), "\n")...)
	}
	if !wide && !showQR {
		right, third = third, nil
	}
	// a ticket's line runs on over the right columns where these have
	// ended (at 80x24 the QR does not fit: its column is 4 lines)
	widthAt := func(row int) int {
		if row += tickets; row < len(right) || row < len(third) {
			return doneLeftW
		}
		return s.w
	}
	left = append(left, s.ticketLines(s.h-strings.Count(top, "\n")-tickets, widthAt)...)
	var b strings.Builder
	b.WriteString(top)
	n := max(len(left), len(right), len(third))
	for i := 0; i < n && i < s.h-strings.Count(top, "\n"); i++ {
		l, r, t := "", "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		if i < len(third) {
			t = third[i]
		}
		line := fit(l, doneLeftW) + " " + r
		switch {
		case r == "" && t == "":
			line = l // nothing beside it
		case wide:
			line = fit(l, doneLeftW) + " " + fit(r, 60) + " " + t
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	return b.String()
}

// ticketLines are the sale's tickets, each with what it is: a ticket's
// tariff, zone and seat (ticketWhat: the price alone does not tell an
// adult's from a child's, nor a seat's number its zone), a pass's name, a
// gift voucher; in room lines at most: when they do not all fit, those
// around the ticket chosen, and a line that says how many are above and
// below. A ticket's tariff and place go on its line when they fit in the
// line's widthAt(row) columns, else under it when every ticket still
// fits, else cut on its line: they never take the room of a ticket.
func (s *doneScreen) ticketLines(room int, widthAt func(row int) int) []string {
	blocks, total := s.ticketBlocks(widthAt)
	if total > room {
		blocks, total = s.ticketBlocks(nil)
	}
	if total <= room || room < 3 {
		return slices.Concat(blocks...)
	}
	room-- // for the line that says how many are beyond
	// the chosen ticket at the bottom, as far up as they fit; then down
	first, used := s.ticket, len(blocks[s.ticket])
	for first > 0 && used+len(blocks[first-1]) <= room {
		first--
		used += len(blocks[first])
	}
	end := s.ticket + 1
	for end < len(blocks) && used+len(blocks[end]) <= room {
		used += len(blocks[end])
		end++
	}
	lines := slices.Concat(blocks[first:end]...)
	return append(lines, s.c.st.dim.Render(beyond(s.c, "order.tickets", first, len(blocks)-end)))
}

// ticketBlocks are ticketLines' lines of each ticket, and how many in all;
// a ticket's tariff and place that do not fit in widthAt(its row) go
// under it, wrapped to the left column (nil: on its line whatever the
// width).
func (s *doneScreen) ticketBlocks(widthAt func(row int) int) ([][]string, int) {
	c := s.c
	blocks := make([][]string, len(s.o.Tickets))
	total := 0
	for i, t := range s.o.Tickets {
		line := t.Number + " " + c.money(t.Price)
		under := s.unders[i] // a pass's, a voucher's name: always under
		if what := s.whats[i]; what != "" && (widthAt == nil || 1+ansi.StringWidth(line)+1+ansi.StringWidth(what) <= widthAt(total)) {
			line, under = line+" "+what, nil
		}
		if i == s.ticket {
			line = c.st.sel.Render(">" + line)
		} else {
			line = " " + line
		}
		blocks[i] = append([]string{line}, under...)
		total += len(blocks[i])
	}
	return blocks, total
}

// underTicket is what a ticket is, on the lines under it: in brackets,
// broken at its " · " into lines of the left column ("(Adulte ·
// Parterre ·" then "Rang F, place 10)"), a part too long for one cut.
func underTicket(what string) []string {
	const indent = "  "
	room := doneLeftW - len(indent)
	parts := strings.Split("("+what+")", " · ")
	var out []string
	cur := ""
	for i, p := range parts {
		if i < len(parts)-1 {
			p += " ·"
		}
		switch {
		case cur == "":
			cur = p
		case ansi.StringWidth(cur)+1+ansi.StringWidth(p) <= room:
			cur += " " + p
		default:
			out = append(out, indent+clip(cur, room))
			cur = " " + p // under the bracket
		}
	}
	return append(out, indent+clip(cur, room))
}

// ticketWhat is what a ticket is, in the screen's language: its tariff,
// its zone and its seat ("Adulte · Parterre · Rang F, place 10", "Enfant
// · Galerie debout"), and an invitation's reason, as the cart said them;
// "" for a pass or a gift voucher (their name says it).
func ticketWhat(c *common, t pos.Ticket) string {
	if t.Kind != pos.LineTicket {
		return ""
	}
	var parts []string
	if t.Category != "" {
		name := t.Category // a catalog that no longer has it: its id still tells
		if cc, ok := c.cat.CategoryByID(t.Category); ok {
			name = cc.Name.In(c.lang)
		}
		parts = append(parts, name)
	}
	if z := ticketZone(c, t); z != "" {
		parts = append(parts, z)
	}
	if t.Seat != "" {
		parts = append(parts, pos.SeatLabel(t.Seat, c.lang))
	}
	if t.Comp != "" {
		// free: its price says CHF 0.00, not why (the cart said it)
		parts = append(parts, c.T("comp.mark", t.Comp))
	}
	return strings.Join(parts, " · ")
}

// ticketShows is, for an order of more than one performance, what each
// of its tickets is for, in the order screen's words (orderTicketShow):
// its show, and its performance's date when the order spans more than one
// day or holds two performances of one show ("Hamlet · sam. 5 déc.
// 20:00"); "" for a pass or a gift voucher. nil for an order of one
// performance: the cashier sold it from that performance, and its
// tickets' lines stay short.
func ticketShows(c *common, o pos.Order) []string {
	perfs := map[string]bool{}
	for _, t := range o.Tickets {
		if t.Kind == pos.LineTicket {
			perfs[t.Performance] = true
		}
	}
	if len(perfs) < 2 {
		return nil
	}
	shows, whens := make([]string, len(o.Tickets)), make([]string, len(o.Tickets))
	days := map[string]bool{}
	perfOf := map[string]string{} // a show's name: one of its performances
	dated := false
	for i, t := range o.Tickets {
		if t.Kind != pos.LineTicket {
			continue
		}
		shows[i], whens[i] = orderTicketShow(c, o, t)
		if p, ok := c.cat.PerformanceByID(t.Performance); ok {
			days[p.Start.In(c.cat.Location()).Format(time.DateOnly)] = true
		}
		if other, ok := perfOf[shows[i]]; ok && other != t.Performance {
			dated = true // two evenings of one show: its name does not tell them apart
		}
		perfOf[shows[i]] = t.Performance
	}
	if dated || len(days) > 1 {
		for i := range shows {
			if shows[i] != "" && whens[i] != "" {
				shows[i] += " · " + whens[i]
			}
		}
	}
	return shows
}

// ticketZone is a ticket's zone in the screen's language, seated or not; ""
// for a pass, a gift voucher.
func ticketZone(c *common, t pos.Ticket) string {
	if t.Kind != pos.LineTicket || t.Zone == "" {
		return ""
	}
	if perf, ok := c.cat.PerformanceByID(t.Performance); ok {
		if z, ok := c.cat.ZoneOf(perf, t.Zone); ok {
			return z.Name.In(c.lang)
		}
	}
	return t.Zone // a catalog that no longer has it: its id still tells
}

// ticketsWord says where the sale's tickets went: to the printer, or into
// its queue while it cannot print (the status line says why). Before the
// spooler's first look a sale said "waiting" though it printed a moment
// later. Counted by
// a word true of tickets, passes and vouchers together ("titres") when
// any is not a ticket: the header names a pass "pass", a voucher "bon
// cadeau", and "articles" are the products, which are never printed here.
func ticketsWord(c *common, tickets []pos.Ticket, p PrinterState) string {
	word := "done.tickets"
	if slices.ContainsFunc(tickets, func(t pos.Ticket) bool { return t.Kind != pos.LineTicket }) {
		word = "done.items"
	}
	if !p.CanPrint() { // as the kiosk judges it: a printer not looked at yet prints
		word += "queued"
	}
	return c.T(word, len(tickets))
}

// wrapLines breaks a sentence into lines of at most w columns, at spaces.
func wrapLines(text string, w int) []string {
	return strings.Split(ansi.Wrap(text, w, " "), "\n")
}

// emailMsg is the answer to sending the order's tickets by e-mail.
type emailMsg struct {
	to  string
	err error
}

// sendTickets queues the order's tickets by e-mail, to address or (empty)
// the order's customer: the message goes through the journal's outbox.
func (s *doneScreen) sendTickets(address string) tea.Cmd {
	return emailCmd(s.c, s.o.Number, address)
}
