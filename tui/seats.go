package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// seatCell is one seat on the drawn plan; x is its column in the grid.
type seatCell struct {
	id string
	x  int
}

type planRow struct {
	name  string
	cells []seatCell
}

// seatMapMsg carries the seats of the zone that are not free.
type seatMapMsg map[string]SeatState

// seatScreen draws a seated zone as a grid with the stage marked, and puts
// seats in the cart (held at once, so no other till can take them) as they
// are chosen, each with the category chosen at that moment.
type seatScreen struct {
	c      *common
	p      *pos.Performance
	z      *pos.Zone
	rows   []planRow
	screen bool           // a cinema: a screen in front, not a stage
	rowOf  map[string]int // seat -> row index
	gridW  int
	labelW int                  // cells before the grid: the row's name, the cursor's mark, a space (a name is never cut)
	taken  map[string]SeatState // from the register: sold, held, blocked
	mine   map[string]int       // seat -> cart line
	eff    map[string]SeatState // what each non-free seat shows
	cats   []*pos.Category
	cat    int
	r, i   int  // cursor: row, seat in row
	placed bool // the first seat map put the cursor on the first free seat, or a key came first
	top    int  // first row drawn
	left   int  // first grid column drawn
	cache  []string
	w, h   int
	keys   struct{ up, down, left, right, pgup, pgdown, first, last, home, end, toggle, cat, cart, back key.Binding }
	styles [6]lipgloss.Style
	glyphs [6]string
}

func newSeats(c *common, p *pos.Performance, z *pos.Zone) *seatScreen {
	s := &seatScreen{c: c, p: p, z: z, rowOf: map[string]int{}, taken: map[string]SeatState{},
		mine: map[string]int{}, eff: map[string]SeatState{}, cats: c.cat.OfferedCategories(p, z.ID, c.sale.priced.Offer)}
	if ev, ok := c.cat.EventByID(p.Event); ok {
		if v, ok := c.cat.VenueByID(ev.Venue); ok {
			s.screen = v.Screen
		}
	}
	for ri, r := range z.Rows {
		pr := planRow{name: r.Name}
		aisle := map[int]bool{}
		for _, a := range r.Aisles {
			aisle[a] = true
		}
		x := 0
		for _, n := range r.SeatNumbers() {
			id := pos.SeatID(r.Name, n)
			pr.cells = append(pr.cells, seatCell{id: id, x: x})
			s.rowOf[id] = ri
			x += 2
			if aisle[n] {
				x += 2
			}
			if c.cat.SeatBlocked(p.ID, z.ID, id) {
				s.taken[id] = SeatBlocked
			}
		}
		s.gridW = max(s.gridW, x)
		s.rows = append(s.rows, pr)
		s.labelW = max(s.labelW, ansi.StringWidth(r.Name)+2)
	}
	s.labelW = max(s.labelW, 4)
	s.cache = make([]string, len(s.rows))
	st := c.st
	s.styles = [6]lipgloss.Style{SeatFree: st.free, SeatSold: st.sold, SeatHeldByOther: st.held, SeatHeldByMe: st.mine, SeatBlocked: st.blocked, SeatElsewhere: st.held}
	s.glyphs = [6]string{SeatFree: "o", SeatSold: "x", SeatHeldByOther: "~", SeatHeldByMe: "@", SeatBlocked: "#", SeatElsewhere: "~"}
	s.syncCart()
	s.recompute()
	s.setKeys()
	// The first seat not blocked until the seat map comes (then the first
	// free one): keys typed before it start from here.
	s.place(counter.FirstFreeSeat(c.cat, p.ID, z, nil))
	return s
}

func (s *seatScreen) setKeys() {
	c := s.c
	s.keys.up = c.key(keyUp)
	s.keys.down = c.key(keyDown)
	s.keys.left = c.key(keyLeft)
	s.keys.right = c.key(keyRight)
	s.keys.pgup = c.key(keyPageUp)
	s.keys.pgdown = c.key(keyPageDown)
	s.keys.first = c.key(keyFirstRow)
	s.keys.last = c.key(keyLastRow)
	s.keys.home = c.key(keyRowStart)
	s.keys.end = c.key(keyRowEnd)
	s.keys.toggle = c.key(keySeat)
	s.keys.cat = c.key(keyCategoryDigit)
	s.keys.cart = c.key(keyCart)
	s.keys.back = c.key(keyBack)
}

func (s *seatScreen) fetch() tea.Cmd {
	svc, t, perf, zone, lang := s.c.svc, s.c.till, s.p.ID, s.z.ID, s.c.lang
	return func() tea.Msg {
		m, err := svc.SeatMap(perf, zone, t)
		if err != nil {
			return queryFailed(lang, err)
		}
		return seatMapMsg(m)
	}
}

// Init runs when the plan opens and when it is in front again (back from
// the cart, where a seat may have been taken off): it reads the cart as
// well as the seat map, whose answer redraws what changed.
func (s *seatScreen) Init() tea.Cmd {
	s.syncCart()
	return s.fetch()
}
func (s *seatScreen) Title() string { return s.c.T("seat.title") }
func (s *seatScreen) Typing() bool  { return false }
func (s *seatScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.scroll()
}
func (s *seatScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.toggle, s.keys.cat, s.keys.cart, s.keys.back, s.keys.first, s.keys.home}
}
func (s *seatScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.up, s.keys.down, s.keys.left, s.keys.right}, {s.keys.pgup, s.keys.pgdown, s.keys.first, s.keys.home}, {s.keys.toggle, s.keys.cat, s.keys.cart, s.keys.back}}
}

// syncCart reads which seats of this zone are in the cart, from the cart as
// last priced.
func (s *seatScreen) syncCart() {
	s.mine = map[string]int{}
	for i, l := range s.c.sale.priced.Lines {
		if l.Kind == pos.LineTicket && l.Performance == s.p.ID && l.Zone == s.z.ID && l.Seat != "" {
			s.mine[l.Seat] = i
		}
	}
}

// recompute works out what each seat shows and redraws only the rows
// whose seats changed.
func (s *seatScreen) recompute() {
	eff := make(map[string]SeatState, len(s.taken)+len(s.mine))
	for id, st := range s.taken {
		if st != SeatHeldByMe {
			eff[id] = st
		}
	}
	for id := range s.mine {
		eff[id] = SeatHeldByMe
	}
	for id, st := range eff {
		if s.eff[id] != st {
			s.dirty(id)
		}
	}
	for id := range s.eff {
		if _, ok := eff[id]; !ok {
			s.dirty(id)
		}
	}
	s.eff = eff
}

func (s *seatScreen) dirty(seat string) {
	if r, ok := s.rowOf[seat]; ok {
		s.cache[r] = ""
	}
}

func (s *seatScreen) gridHeight() int { return max(s.h-5, 1) }

func (s *seatScreen) scroll() {
	gh := s.gridHeight()
	if s.r < s.top {
		s.top = s.r
	}
	if s.r >= s.top+gh {
		s.top = s.r - gh + 1
	}
	s.top = max(0, min(s.top, len(s.rows)-gh))
	s.top = max(s.top, 0)
	avail := s.w - s.labelW
	if s.gridW <= avail || len(s.rows) == 0 || len(s.rows[s.r].cells) == 0 {
		s.left = 0
		return
	}
	// Leaving the window shifts it by a block of seats, not a seat: a wide
	// plan is redrawn once every block of moves, not at each (over SSH a
	// redraw of the grid is a kilobyte a key).
	x := s.rows[s.r].cells[s.i].x
	if x < s.left+4 || x > s.left+avail-6 {
		s.left = s.shift(x, avail, x < s.left+4)
	}
}

// shift is the first grid column drawn once the cursor, at column x, left
// the window (leftwards or not). The window starts at a block of seats,
// just after an aisle of the cursor's row, so it shows whole blocks and the
// aisles keep their columns on the screen from one window to the next:
// the cursor gets as much room as there is in the way it was going (on the
// left of the window when going right). With no block that fits (no
// aisles, or blocks wider than the window), the cursor is centred.
func (s *seatScreen) shift(x, avail int, leftwards bool) int {
	fits := func(start int) bool {
		return (start == 0 || x >= start+4) && x <= start+avail-6
	}
	cells := s.rows[s.r].cells
	best := -1
	for i, cell := range cells {
		if i > 0 && cell.x == cells[i-1].x+2 {
			continue // not after an aisle
		}
		start := cell.x
		if i == 0 {
			start = 0
		}
		if !fits(start) {
			continue
		}
		if best < 0 || !leftwards {
			best = start // going right: the last block that fits
		}
		if leftwards {
			break // going left: the first one
		}
	}
	if best >= 0 {
		return best
	}
	return max(0, min(s.gridW-avail, x-avail/2))
}

// moveTo puts the cursor on row r at the seat nearest to column x.
func (s *seatScreen) moveTo(r int) {
	r = max(0, min(len(s.rows)-1, r))
	if r == s.r || len(s.rows) == 0 {
		return
	}
	x := 0
	if len(s.rows[s.r].cells) > 0 {
		x = s.rows[s.r].cells[s.i].x
	}
	s.cache[s.r], s.cache[r] = "", ""
	s.r = r
	best, bd := 0, 1<<30
	for i, cell := range s.rows[r].cells {
		d := cell.x - x
		if d < 0 {
			d = -d
		}
		if d < bd {
			best, bd = i, d
		}
	}
	s.i = best
}

// place puts the cursor on a seat of the plan ("": on its first seat, as
// when no seat is free); the caller scrolls once the screen has its size.
func (s *seatScreen) place(id string) {
	r, ok := s.rowOf[id]
	if !ok {
		if len(s.rows) > 0 {
			s.cache[s.r], s.cache[0] = "", ""
			s.r, s.i = 0, 0
		}
		return
	}
	for i, cell := range s.rows[r].cells {
		if cell.id == id {
			s.cache[s.r], s.cache[r] = "", ""
			s.r, s.i = r, i
			return
		}
	}
}

func (s *seatScreen) seat() string {
	if len(s.rows) == 0 || len(s.rows[s.r].cells) == 0 {
		return ""
	}
	return s.rows[s.r].cells[s.i].id
}

// refreshCats follows the cart's offer: a price-list code applied (or
// removed) in the cart changes the categories offered (seed 002); the
// category chosen stays chosen while it is still offered.
func (s *seatScreen) refreshCats() {
	cats := s.c.cat.OfferedCategories(s.p, s.z.ID, s.c.sale.priced.Offer)
	if sameCategories(cats, s.cats) {
		return
	}
	chosen := ""
	if s.cat < len(s.cats) {
		chosen = s.cats[s.cat].ID
	}
	s.cats, s.cat = cats, 0
	for i, c := range cats {
		if c.ID == chosen {
			s.cat = i
		}
	}
}

func sameCategories(a, b []*pos.Category) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}

func (s *seatScreen) Update(msg tea.Msg) tea.Cmd {
	s.refreshCats()
	switch msg := msg.(type) {
	case seatMapMsg:
		s.taken = map[string]SeatState(msg)
		for id := range s.rowOf {
			if s.c.cat.SeatBlocked(s.p.ID, s.z.ID, id) {
				s.taken[id] = SeatBlocked
			}
		}
		s.recompute()
		if !s.placed {
			s.placed = true
			s.place(counter.FirstFreeSeat(s.c.cat, s.p.ID, s.z, msg))
			s.scroll()
		}
	case versionMsg:
		return s.fetch()
	case cartMsg:
		s.syncCart()
		s.recompute()
		return s.fetch()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *seatScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	s.placed = true // the seller's key: the first seat map moves the cursor no more
	if len(s.rows) == 0 {
		if key.Matches(msg, s.keys.back) {
			return s.c.back()
		}
		return nil
	}
	row := &s.rows[s.r]
	switch {
	case key.Matches(msg, s.keys.up):
		s.moveTo(s.r - 1)
	case key.Matches(msg, s.keys.down):
		s.moveTo(s.r + 1)
	case key.Matches(msg, s.keys.left):
		s.i = max(0, s.i-1)
		s.cache[s.r] = ""
	case key.Matches(msg, s.keys.right):
		s.i = min(len(row.cells)-1, s.i+1)
		s.cache[s.r] = ""
	case key.Matches(msg, s.keys.pgup):
		s.moveTo(s.r - s.gridHeight())
	case key.Matches(msg, s.keys.pgdown):
		s.moveTo(s.r + s.gridHeight())
	case key.Matches(msg, s.keys.first):
		s.moveTo(0)
	case key.Matches(msg, s.keys.last):
		s.moveTo(len(s.rows) - 1)
	case key.Matches(msg, s.keys.home):
		s.i = 0
		s.cache[s.r] = ""
	case key.Matches(msg, s.keys.end):
		s.i = len(row.cells) - 1
		s.cache[s.r] = ""
	case key.Matches(msg, s.keys.cat):
		n := int(msg.Text[0] - '1')
		if n < len(s.cats) {
			s.cat = n
			if line, ok := s.mine[s.seat()]; ok {
				cat := s.cats[n].ID
				return s.c.tillDo("", func(t Till) error { return t.SetCategory(line, cat) })
			}
		}
	case key.Matches(msg, s.keys.toggle):
		return s.toggle()
	case key.Matches(msg, s.keys.cart):
		return s.c.push(newCart(s.c))
	case key.Matches(msg, s.keys.back):
		return s.c.back()
	}
	s.scroll()
	return nil
}

// toggle takes a free seat into the cart, or gives back one of ours. The
// till decides which on the cart as it is (ToggleSeat): a key typed before
// the last answer came back still toggles what it means to.
func (s *seatScreen) toggle() tea.Cmd {
	id := s.seat()
	c := s.c
	if _, ok := s.mine[id]; ok || s.eff[id] == SeatFree {
		if len(s.cats) == 0 {
			return nil
		}
		perf, zone, cat := s.p.ID, s.z.ID, s.cats[s.cat].ID
		return c.tillDo("", func(t Till) error { _, err := t.ToggleSeat(perf, zone, cat, id); return err })
	}
	return flash(pos.SeatLabel(id, c.lang)+" : "+s.stateName(s.eff[id]), true)
}

func (s *seatScreen) stateName(st SeatState) string {
	return s.c.T([]string{"seat.free", "seat.sold", "seat.held", "seat.mine", "seat.blocked", "seat.elsewhere"}[st])
}

// renderRow draws one row of the plan, one styled run per state so a row
// of a hundred seats is a handful of style calls.
func (s *seatScreen) renderRow(r int) string {
	row := s.rows[r]
	var b strings.Builder
	x := 0
	runState, run := SeatState(-1), strings.Builder{}
	flush := func() {
		if run.Len() > 0 {
			b.WriteString(s.styles[runState].Render(run.String()))
			run.Reset()
		}
	}
	for i, cell := range row.cells {
		// a terminal that takes no style (TERM=dumb) would show no
		// cursor: brackets around its seat, in the spaces beside it
		bracket := s.c.plain && r == s.r && i == s.i
		for x < cell.x {
			if bracket && x == cell.x-1 {
				flush()
				runState = -1
				b.WriteByte('[')
				x++
				continue
			}
			if run.Len() > 0 {
				run.WriteByte(' ')
			} else {
				b.WriteByte(' ')
			}
			x++
		}
		st := s.eff[cell.id]
		if r == s.r && i == s.i {
			flush()
			runState = -1
			b.WriteString(s.c.st.cursor.Render(s.glyphs[st]))
			x++
			if bracket {
				b.WriteByte(']')
				x++
			}
			continue
		}
		if st != runState {
			flush()
			runState = st
		}
		run.WriteString(s.glyphs[st])
		x++
	}
	flush()
	return b.String()
}

func (s *seatScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString(clip(c.st.title.Render(perfTitle(c, s.p)+" · "+s.z.Name.In(c.lang)), s.w) + "\n")
	avail := max(s.w-s.labelW, 1)
	front := c.T("seat.stage")
	if s.screen {
		front = c.T("seat.screen")
	}
	stage := c.st.bold.Render(centre("═══ "+front+" ═══", min(s.gridW, avail)+s.labelW))
	end := min(len(s.rows), s.top+s.gridHeight())
	if s.gridW+1 > avail {
		stage = s.edges(stage, avail, s.rowsBeyond(end))
	} else if note := s.rowsBeyond(end); note != "" {
		// rows the window does not show, at the stage line's end: the
		// first row drawn under the stage is not always its front row
		if w := min(s.gridW+s.labelW, s.w); ansi.StringWidth(stage)+2+ansi.StringWidth(note) <= w {
			stage = fit(stage, w-ansi.StringWidth(note)) + c.st.dim.Render(note)
		} else if ansi.StringWidth(stage)+2+ansi.StringWidth(note) <= s.w {
			stage = fit(stage, s.w-ansi.StringWidth(note)) + c.st.dim.Render(note)
		}
	}
	if s.z.Stage != "bottom" {
		b.WriteString(stage + "\n")
	}
	for r := s.top; r < end; r++ {
		if s.cache[r] == "" {
			s.cache[r] = s.renderRow(r)
		}
		line := s.cache[r]
		if s.gridW+1 > avail {
			line = ansi.Cut(line, s.left, s.left+avail)
		}
		label := fit(s.rows[r].name, s.labelW-1) + " "
		if r == s.r {
			label = c.st.bold.Render(fit(s.rows[r].name, s.labelW-2) + "> ")
		}
		b.WriteString(label + line + "\n")
	}
	if s.z.Stage == "bottom" {
		b.WriteString(stage + "\n")
	}
	if id := s.seat(); id != "" {
		price := ""
		if len(s.cats) > 0 {
			cat := s.cats[s.cat]
			if line, ok := s.mine[id]; ok && line < len(c.sale.priced.Lines) {
				if cc, ok := c.cat.CategoryByID(c.sale.priced.Lines[line].Category); ok {
					cat = cc
				}
			}
			m, _ := c.cat.OfferedPrice(s.p, s.z.ID, cat.ID, c.sale.priced.Offer)
			price = cat.Name.In(c.lang) + " " + c.money(m)
		}
		b.WriteString(clip(c.T("seat.cursor", pos.SeatLabel(id, c.lang), s.stateName(s.eff[id]), price), s.w) + "\n")
	}
	names := make([]string, len(s.cats))
	for i, cat := range s.cats {
		names[i] = itoa(i+1) + " " + cat.Name.In(c.lang)
		if i == s.cat {
			names[i] = c.st.sel.Render("[" + names[i] + "]")
		}
	}
	b.WriteString(clip(strings.Join(names, "  ")+"  · "+c.T("seat.selected", len(s.mine)), s.w) + "\n")
	b.WriteString(c.st.dim.Render(clip(c.T("seat.legend"), s.w)))
	return b.String()
}

// rowsBeyond says how many rows of the plan are above and below the
// window (end: the first row not drawn), "" when it shows them all.
func (s *seatScreen) rowsBeyond(end int) string {
	return beyond(s.c, "seat.rows", s.top, len(s.rows)-end)
}

// edges puts on the stage line of a plan wider than the window how many
// seats of the cursor's row are beyond each side ("« 25", "37 »"): a window
// shifted by a block of seats looks like the last one when the seats are
// all free, and this says where it is. The rows beyond the window (note,
// "↓ 13 more rows") go before the right edge's count when the stage's
// words still show whole: a plan both wider and taller than the window (an
// arena at 80x24, the demo's stalls at 50 columns) said nothing of the
// rows under it.
func (s *seatScreen) edges(stage string, avail int, note string) string {
	before, after := 0, 0
	for _, cell := range s.rows[s.r].cells {
		switch {
		case cell.x < s.left:
			before++
		case cell.x >= s.left+avail:
			after++
		}
	}
	left, right := "", ""
	if before > 0 {
		left = "« " + itoa(before)
	}
	if after > 0 {
		right = itoa(after) + " »"
	}
	w := avail + s.labelW
	line := fit(left, s.labelW+1) + ansi.Cut(stage, s.labelW+1, w-len(right)-1)
	if note != "" {
		end := w - len(right) - ansi.StringWidth(note) - 2
		if short := fit(left, s.labelW+1) + ansi.Cut(stage, s.labelW+1, end); end > s.labelW+1 &&
			strings.TrimSpace(ansi.Strip(short)) == strings.TrimSpace(ansi.Strip(line)) {
			return fit(short, end+1) + s.c.st.dim.Render(note) + " " + right
		}
	}
	return fit(line, w-len(right)) + right
}

func centre(s string, w int) string {
	n := (w - ansi.StringWidth(s)) / 2
	if n <= 0 {
		return s
	}
	return strings.Repeat(" ", n) + s
}
