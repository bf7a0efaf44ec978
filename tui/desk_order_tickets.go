package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// orderTicketIndent puts the lines under a ticket of the order screen
// under its number: " [ ] ✓ ".
const orderTicketIndent = 7

// layoutTickets lays out each ticket of the order screen once for its
// width (not at each frame): its state, number, price, then the show and
// the performance's date, and what the ticket is as the done screen says
// it (ticketWhat: "Adulte · Parterre · Rang F, place 9") with what became
// of it (printed again, let in at the door). The cashier finds the ticket
// to exchange or cancel by them: "F-9" alone named no zone, and a tariff
// cut to "Étu…" none. Every ticket is laid out the same way, the first of
// these that fits all of them: on its line whole; when the order is of one
// performance, on its line without the date, the show's name cut, then
// without the show (an order of 24 places for a school keeps a line each
// at 80 columns); else the show and its date on the ticket's line and the
// rest under it, whole, rather than cut.
func (s *orderScreen) layoutTickets() {
	c := s.c
	s.layoutW = s.w
	type row struct {
		head, show, when string
		parts            []string
		ticket           bool // a place at a performance: its show may give way
	}
	rows := make([]row, len(s.ov.Tickets))
	perfs := map[string]bool{}
	for i, t := range s.ov.Tickets {
		state := ticketStateWord(c, t.State)
		if t.LetIn != nil && t.State == counter.TicketValid {
			state = c.T("state.letin") // its seat is taken: no cancel, no exchange
		}
		r := row{head: stateGlyph(t.State) + " " + fit(t.Number, 14) + " " + fit(c.money(t.Price), 11) + " " + fit(state, 10) + " "}
		if what := ticketWhat(c, t.Ticket); what != "" {
			r.parts = strings.Split(what, " · ")
		}
		if t.Printed > 1 || t.Reprints > 0 {
			r.parts = append(r.parts, c.T("order.printed", t.Printed))
		}
		if t.LetIn != nil {
			r.parts = append(r.parts, c.T("order.letin", t.LetIn.Door, t.LetIn.At.In(c.cat.Location()).Format("15:04")))
		}
		r.show, r.when = orderTicketShow(c, s.ov.Order, t.Ticket)
		if r.ticket = t.Kind == pos.LineTicket; r.ticket {
			perfs[t.Performance] = true
		}
		rows[i] = r
	}
	// " [ ] " before the head
	avail := func(r row) int { return s.w - 5 - ansi.StringWidth(r.head) }
	join := func(parts ...string) string {
		var out []string
		for _, p := range parts {
			if p != "" {
				out = append(out, p)
			}
		}
		return strings.Join(out, " · ")
	}
	// line is a ticket's line laid out the way-th way, and whether it fits
	line := func(r row, way int) (string, bool) {
		if way == 0 {
			l := join(append([]string{r.show, r.when}, r.parts...)...)
			return l, ansi.StringWidth(l) <= avail(r)
		}
		rest := join(r.parts...)
		if way == 2 && r.ticket || r.show == "" {
			return rest, ansi.StringWidth(rest) <= avail(r)
		}
		if rest == "" {
			return clip(r.show, avail(r)), true // a pass: its name alone
		}
		// the show's name cut ("Carmen —…") rather than the rest
		room := avail(r) - ansi.StringWidth(rest+" · ")
		if room < min(4, ansi.StringWidth(r.show)) {
			return "", false
		}
		return clip(r.show, room) + " · " + rest, true
	}
	ways := 1
	if len(perfs) <= 1 {
		ways = 3
	}
	s.blocks = make([][]string, len(rows))
	for way := range ways {
		fits := true
		for _, r := range rows {
			if _, ok := line(r, way); !ok {
				fits = false
				break
			}
		}
		if fits {
			for i, r := range rows {
				l, _ := line(r, way)
				s.blocks[i] = []string{r.head + l}
			}
			return
		}
	}
	for i, r := range rows {
		if l, ok := line(r, 0); ok && !r.ticket {
			s.blocks[i] = []string{r.head + l} // a pass: its name says it
			continue
		}
		s.blocks[i] = []string{r.head + showWhen(r.show, r.when, avail(r))}
		for _, l := range wrapParts(r.parts, s.w-orderTicketIndent) {
			s.blocks[i] = append(s.blocks[i], strings.Repeat(" ", orderTicketIndent)+l)
		}
	}
}

// ticketLines are the order's tickets in room lines at most: all of them
// when they fit, else those around the cursor's and a line that says how
// many are above and below.
func (s *orderScreen) ticketLines(room int) []string {
	tickets := s.ov.Tickets
	if len(tickets) == 0 {
		return nil
	}
	if s.blocks == nil || s.layoutW != s.w || len(s.blocks) != len(tickets) {
		s.layoutTickets()
	}
	total := 0
	for _, b := range s.blocks {
		total += len(b)
	}
	if total > room {
		room = max(room-1, 1) // for the line that says how many are beyond
	}
	// the cursor's ticket at the bottom, as far up as they fit; then down
	first, used := s.cursor, len(s.blocks[s.cursor])
	for first > 0 && used+len(s.blocks[first-1]) <= room {
		first--
		used += len(s.blocks[first])
	}
	end := s.cursor + 1
	for end < len(s.blocks) && used+len(s.blocks[end]) <= room {
		used += len(s.blocks[end])
		end++
	}
	c := s.c
	var out []string
	for i := first; i < end; i++ {
		mark := "[ ]"
		if s.picked[tickets[i].Number] {
			mark = "[x]"
		}
		blk := s.blocks[i]
		if i == s.cursor {
			// its lines under it too: they are the same ticket's
			out = append(out, c.st.sel.Render(">"+fit(mark+" "+blk[0], s.w-1)))
			for _, l := range blk[1:min(len(blk), room)] {
				out = append(out, c.st.sel.Render(fit(l, s.w)))
			}
			continue
		}
		out = append(out, clip(" "+mark+" "+blk[0], s.w))
		out = append(out, blk[1:]...)
	}
	if beyond := beyond(c, "order.tickets", first, len(tickets)-end); beyond != "" {
		out = append(out, " "+c.st.dim.Render(beyond))
	}
	return out
}

// orderTicketShow is what a ticket of the order is for: its show and its
// performance's date and time (an order may hold two evenings of the same
// show), in the screen's language; a pass's or a gift voucher's name,
// with no date. A ticket whose performance the catalog no longer has is
// named as it was priced.
func orderTicketShow(c *common, o pos.Order, t pos.Ticket) (show, when string) {
	if t.Kind == pos.LineTicket {
		if perf, ok := c.cat.PerformanceByID(t.Performance); ok {
			if ev, _ := c.cat.EventByID(perf.Event); ev != nil {
				return ev.Name.In(c.lang), pos.FormatDateTime(perf.Start.In(c.cat.Location()), c.lang)
			}
		}
	}
	if l := t.Line; l >= 0 && l < len(o.Lines) {
		name, _ := c.cat.Named(o.Lines[l], c.lang)
		if i := strings.LastIndex(name, " · "); i > 0 && t.Kind == pos.LineTicket {
			name = name[:i] // "Hamlet · Adulte": ticketWhat says the tariff
		}
		return name, ""
	}
	return "", ""
}

// showWhen is a show and its date in w columns: the show's name is cut
// rather than the date, and gives way to it below 4 columns.
func showWhen(show, when string, w int) string {
	switch {
	case when == "":
		return clip(show, w)
	case show == "":
		return clip(when, w)
	}
	rest := " · " + when
	if sw := w - ansi.StringWidth(rest); sw >= 4 {
		return clip(show, sw) + rest
	}
	return clip(when, w)
}

// wrapParts joins parts with " · " into lines of at most w columns,
// broken between parts; a part longer than a line is cut.
func wrapParts(parts []string, w int) []string {
	var out []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case ansi.StringWidth(cur+" · "+p) <= w:
			cur += " · " + p
		default:
			out = append(out, clip(cur+" ·", w))
			cur = p
		}
	}
	if cur != "" {
		out = append(out, clip(cur, w))
	}
	return out
}
