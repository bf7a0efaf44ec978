package kiosk

import (
	"strings"

	"guichet/counter"
	"guichet/pos"
)

// seatPlan is a seated zone as the customer sees it: one line a row, front
// row first, a cursor on one seat, and a Continue button under the plan
// (the cursor's row len(rows)).
type seatPlan struct {
	rows   []planRow
	r, i   int                          // the cursor: row, seat in row
	states map[string]counter.SeatState // seats not free, as the kiosk sees them
	top    int                          // the screen line of the first row drawn
	first  int                          // the first row drawn
	shown  int                          // rows drawn
}

type planRow struct {
	name  string
	seats []planSeat
}

type planSeat struct {
	id      string
	x       int // column within the row's cells
	blocked bool
}

func newSeatPlan(cat *pos.Catalog, perf *pos.Performance, z *pos.Zone) seatPlan {
	var p seatPlan
	for _, row := range z.Rows {
		pr := planRow{name: row.Name}
		aisles := map[int]bool{}
		for _, a := range row.Aisles {
			aisles[a] = true
		}
		x := 0
		for _, n := range row.SeatNumbers() {
			id := pos.SeatID(row.Name, n)
			pr.seats = append(pr.seats, planSeat{id: id, x: x, blocked: cat.SeatBlocked(perf.ID, z.ID, id)})
			x += 2
			if aisles[n] {
				x += 2
			}
		}
		p.rows = append(p.rows, pr)
	}
	p.clamp()
	return p
}

// place puts the cursor on a seat of the plan (none: it stays).
func (p *seatPlan) place(id string) {
	for r, row := range p.rows {
		for i, s := range row.seats {
			if s.id == id {
				p.r, p.i = r, i
				return
			}
		}
	}
}

func (p *seatPlan) onContinue() bool { return p.r >= len(p.rows) }

func (p *seatPlan) current() (string, bool) {
	if p.onContinue() || p.i >= len(p.rows[p.r].seats) {
		return "", false
	}
	s := p.rows[p.r].seats[p.i]
	return s.id, !s.blocked
}

func (p *seatPlan) move(dir string) {
	switch dir {
	case "left":
		p.step(-1)
	case "right":
		p.step(+1)
	case "up":
		if p.r > 0 {
			p.r--
			p.clamp()
		}
	case "down":
		if p.r < len(p.rows) {
			p.r++
			p.clamp()
		}
	case "home":
		p.r, p.i = 0, 0
		p.clamp()
	case "end":
		p.r = len(p.rows)
	}
}

// step moves along the row to the next seat that is for sale.
func (p *seatPlan) step(d int) {
	if p.onContinue() {
		return
	}
	seats := p.rows[p.r].seats
	for i := p.i + d; i >= 0 && i < len(seats); i += d {
		if !seats[i].blocked {
			p.i = i
			return
		}
	}
}

// clamp keeps the cursor in its row, on a seat for sale when the row has
// one (the nearest).
func (p *seatPlan) clamp() {
	if p.onContinue() {
		return
	}
	seats := p.rows[p.r].seats
	p.i = min(p.i, max(len(seats)-1, 0))
	for d := 0; d < len(seats); d++ {
		for _, i := range []int{p.i - d, p.i + d} {
			if i >= 0 && i < len(seats) && !seats[i].blocked {
				p.i = i
				return
			}
		}
	}
}

var glyphs = map[counter.SeatState]string{
	counter.SeatFree: "○", counter.SeatSold: "×", counter.SeatHeldByOther: "×", counter.SeatHeldByMe: "●", counter.SeatBlocked: " ",
}

// render draws the rows that fit in room lines, the cursor's row shown,
// then the Continue button.
func (p *seatPlan) render(room int, cont string) []string {
	room = max(room, 1)
	if p.r < p.first {
		p.first = p.r
	}
	if last := min(p.r, len(p.rows)-1); last >= p.first+room {
		p.first = last - room + 1
	}
	var out []string
	for r := p.first; r < len(p.rows) && r < p.first+room; r++ {
		row := p.rows[r]
		var b strings.Builder
		b.WriteString("  ")
		b.WriteString(pad(row.name, 3))
		b.WriteString(" ")
		x := 0
		for i, s := range row.seats {
			for ; x < s.x; x++ {
				b.WriteByte(' ')
			}
			st := p.states[s.id]
			g := glyphs[st]
			if s.blocked {
				g = " "
			}
			if r == p.r && i == p.i {
				b.WriteString(stFocus.Render(g))
			} else {
				b.WriteString(g)
			}
			x++
		}
		if r == p.r && p.i < len(row.seats) {
			b.WriteString("   " + row.seats[p.i].id)
		}
		out = append(out, b.String())
	}
	p.shown = len(out)
	if p.onContinue() {
		out = append(out, " ▶ "+stFocus.Render(" "+cont+" "))
	} else {
		out = append(out, "    "+cont)
	}
	return out
}

// clickAt moves the cursor to the seat (or the button) at a screen cell;
// it reports whether there was one.
func (p *seatPlan) clickAt(x, y int) bool {
	line := y - p.top
	if line == p.shown {
		p.r = len(p.rows)
		return true
	}
	if line < 0 || line >= p.shown {
		return false
	}
	r := p.first + line
	col := x - 6 // "  " + row name (3) + " "
	for i, s := range p.rows[r].seats {
		if s.x == col {
			p.r, p.i = r, i
			return true
		}
	}
	return false
}

func pad(s string, n int) string {
	if w := len([]rune(s)); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}
