// Package vterm is a small terminal for tests: it reads what a Bubble Tea
// program writes (cursor moves, erases, scrolls, styles dropped) and gives
// the screen as text, as a person would read it. The screens' tests (tui,
// remote, door) share it.
package vterm

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Term is the smallest terminal that reads what Bubble Tea's renderer
// writes (text, cursor moves, erases, scrolls) and keeps the cells, without
// colour. teatest hands us the program's raw output: the renderer only
// writes what changed, so a phrase on screen is often not a phrase in the
// bytes, and the tests read the screen this builds instead.
type Term struct {
	w, h      int
	cells     [][]rune
	x, y      int
	top, bot  int // scroll region, inclusive
	savedX    int
	savedY    int
	p         *ansi.Parser
	lastPrint rune
	wrapNext  bool // the last column was written: the next character wraps
}

func New(w, h int) *Term {
	t := &Term{w: w, h: h, p: ansi.NewParser()}
	t.cells = make([][]rune, h)
	for i := range t.cells {
		t.cells[i] = blank(w)
	}
	t.top, t.bot = 0, h-1
	t.p.SetHandler(ansi.Handler{
		Print:     t.print,
		Execute:   t.execute,
		HandleCsi: t.csi,
		HandleEsc: t.esc,
	})
	return t
}

func blank(w int) []rune {
	r := make([]rune, w)
	for i := range r {
		r[i] = ' '
	}
	return r
}

func (t *Term) Write(b []byte) { t.p.Parse(b) }

// Screen is the terminal's text, one line per row, trailing blanks cut.
func (t *Term) Screen() string {
	out := make([]string, t.h)
	for i, row := range t.cells {
		var b strings.Builder
		for _, r := range row {
			if r != 0 { // 0: the right half of a wide character
				b.WriteRune(r)
			}
		}
		out[i] = strings.TrimRight(b.String(), " ")
	}
	return strings.Join(out, "\n")
}

func (t *Term) clampCursor() {
	t.x = max(0, min(t.x, t.w-1))
	t.y = max(0, min(t.y, t.h-1))
}

func (t *Term) print(r rune) {
	wd := ansi.StringWidth(string(r))
	if wd == 0 {
		return
	}
	if t.wrapNext || t.x+wd > t.w {
		t.x, t.wrapNext = 0, false
		t.lineFeed()
	}
	t.cells[t.y][t.x] = r
	if wd == 2 && t.x+1 < t.w {
		t.cells[t.y][t.x+1] = 0
	}
	t.x += wd
	if t.x >= t.w {
		t.x, t.wrapNext = t.w-1, true
	}
	t.lastPrint = r
}

func (t *Term) lineFeed() {
	if t.y == t.bot {
		t.scrollUp(1)
		return
	}
	t.y = min(t.y+1, t.h-1)
}

func (t *Term) scrollUp(n int) {
	for range n {
		copy(t.cells[t.top:t.bot], t.cells[t.top+1:t.bot+1])
		t.cells[t.bot] = blank(t.w)
	}
}

func (t *Term) scrollDown(n int) {
	for range n {
		copy(t.cells[t.top+1:t.bot+1], t.cells[t.top:t.bot])
		t.cells[t.top] = blank(t.w)
	}
}

func (t *Term) execute(b byte) {
	t.wrapNext = false
	switch b {
	case '\r':
		t.x = 0
	case '\n', '\v', '\f':
		// The tty turns \n into \r\n (ONLCR), and the renderer counts on it.
		t.x = 0
		t.lineFeed()
	case '\b':
		t.x = max(0, t.x-1)
	case '\t':
		t.x = min(t.w-1, (t.x/8+1)*8)
	}
}

func (t *Term) esc(cmd ansi.Cmd) {
	t.wrapNext = false
	switch cmd.Final() {
	case '7':
		t.savedX, t.savedY = t.x, t.y
	case '8':
		t.x, t.y = t.savedX, t.savedY
	case 'D':
		t.lineFeed()
	case 'E':
		t.x = 0
		t.lineFeed()
	case 'M':
		if t.y == t.top {
			t.scrollDown(1)
		} else {
			t.y = max(0, t.y-1)
		}
	case 'c':
		*t = *New(t.w, t.h)
	}
}

func (t *Term) erase(y, from, to int) {
	for x := max(0, from); x < min(to, t.w); x++ {
		t.cells[y][x] = ' '
	}
}

func (t *Term) csi(cmd ansi.Cmd, params ansi.Params) {
	if cmd.Prefix() != 0 || cmd.Intermediate() != 0 {
		return // private modes, queries, cursor style: nothing on screen
	}
	if f := cmd.Final(); f != 'm' && f != 'b' {
		t.wrapNext = false
	}
	n := func(i, def int) int {
		v, _, _ := params.Param(i, def)
		if v == 0 && def > 0 {
			return def
		}
		return v
	}
	switch cmd.Final() {
	case 'A':
		t.y -= n(0, 1)
	case 'B', 'e':
		t.y += n(0, 1)
	case 'C', 'a':
		t.x += n(0, 1)
	case 'D':
		t.x -= n(0, 1)
	case 'E':
		t.x, t.y = 0, t.y+n(0, 1)
	case 'F':
		t.x, t.y = 0, t.y-n(0, 1)
	case 'G', '`':
		t.x = n(0, 1) - 1
	case 'd':
		t.y = n(0, 1) - 1
	case 'H', 'f':
		t.y, t.x = n(0, 1)-1, n(1, 1)-1
	case 'I':
		t.x = min(t.w-1, (t.x/8+n(0, 1))*8)
	case 'Z':
		t.x = max(0, (t.x-1)/8*8)
	case 'K':
		switch n(0, 0) {
		case 0:
			t.erase(t.y, t.x, t.w)
		case 1:
			t.erase(t.y, 0, t.x+1)
		case 2:
			t.erase(t.y, 0, t.w)
		}
	case 'J':
		switch n(0, 0) {
		case 0:
			t.erase(t.y, t.x, t.w)
			for y := t.y + 1; y < t.h; y++ {
				t.erase(y, 0, t.w)
			}
		case 1:
			for y := 0; y < t.y; y++ {
				t.erase(y, 0, t.w)
			}
			t.erase(t.y, 0, t.x+1)
		case 2, 3:
			for y := 0; y < t.h; y++ {
				t.erase(y, 0, t.w)
			}
		}
	case 'X':
		t.erase(t.y, t.x, t.x+n(0, 1))
	case '@':
		k := n(0, 1)
		row := t.cells[t.y]
		copy(row[min(t.x+k, t.w):], row[t.x:])
		t.erase(t.y, t.x, t.x+k)
	case 'P':
		k := n(0, 1)
		row := t.cells[t.y]
		if t.x+k < t.w {
			copy(row[t.x:], row[t.x+k:])
		}
		t.erase(t.y, t.w-k, t.w)
	case 'L', 'M':
		if t.y < t.top || t.y > t.bot {
			return
		}
		top := t.top
		t.top = t.y
		if cmd.Final() == 'L' {
			t.scrollDown(n(0, 1))
		} else {
			t.scrollUp(n(0, 1))
		}
		t.top = top
	case 'S':
		t.scrollUp(n(0, 1))
	case 'T':
		t.scrollDown(n(0, 1))
	case 'b':
		for range n(0, 1) {
			t.print(t.lastPrint)
		}
	case 'r':
		t.top, t.bot = n(0, 1)-1, n(1, t.h)-1
		if t.top >= t.bot || t.bot >= t.h {
			t.top, t.bot = 0, t.h-1
		}
		t.x, t.y = 0, 0
	case 's':
		t.savedX, t.savedY = t.x, t.y
	case 'u':
		t.x, t.y = t.savedX, t.savedY
	}
	t.clampCursor()
}

// Size is the terminal's width and height.
func (t *Term) Size() (w, h int) { return t.w, t.h }

// Cursor is where the cursor is: column and row from 0.
func (t *Term) Cursor() (x, y int) { return t.x, t.y }
