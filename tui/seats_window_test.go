package tui

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"pgregory.net/rapid"

	"guichet/fixtures"
	"guichet/pos"
)

// On any seated zone (rows of any length, aisles anywhere) in any window,
// whatever keys move the cursor, its seat is drawn: inside the window,
// at least a seat away from an edge the plan goes on past, and the plan's
// rows are cut where the window says; the cursor's row shows its whole
// name and the mark.
func TestSeatCursorAlwaysDrawn(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var rows []any
		prefix := rapid.SampledFrom([]string{"", "R", "RG", "Loge "}).Draw(rt, "row name")
		for r := range rapid.IntRange(1, 6).Draw(rt, "rows") {
			seats := rapid.IntRange(1, 160).Draw(rt, "seats")
			aisles := rapid.SliceOfNDistinct(rapid.IntRange(1, seats), 0, 6, rapid.ID).Draw(rt, "aisles")
			rows = append(rows, map[string]any{"name": fmt.Sprintf("%s%d", prefix, r+1), "seats": seats, "aisles": aisles})
		}
		cat, p, z := hallOf(rt, rows)
		c := &common{cat: cat, lang: "en", st: newStyles(), sale: &sale{}}
		s := newSeats(c, p, z)
		w := rapid.IntRange(30, 220).Draw(rt, "width")
		s.SetSize(w, 30)
		keys := rapid.SliceOf(rapid.SampledFrom([]string{"left", "right", "up", "down", "home", "end"})).Draw(rt, "keys")
		for i, k := range keys {
			s.key(keyMsg(k))
			x := s.rows[s.r].cells[s.i].x - s.left
			avail := w - s.labelW
			if x < 0 || x >= avail {
				rt.Fatalf("after %v the cursor's seat is at column %d of a window of %d", keys[:i+1], x, avail)
			}
			if s.gridW+1 > avail {
				if s.left > 0 && x < 2 || s.left+avail < s.gridW && x > avail-2 {
					rt.Fatalf("after %v the cursor's seat is at column %d of %d, on an edge the plan goes on past", keys[:i+1], x, avail)
				}
			}
			line := strings.Split(s.View(), "\n")[2+s.r-s.top]
			if got := ansi.StringWidth(line); got > w {
				rt.Fatalf("a row of the plan is %d cells wide in a window of %d", got, w)
			}
			if name := s.rows[s.r].name; !strings.HasPrefix(ansi.Strip(line), name+">") && !strings.HasPrefix(ansi.Strip(line), name+" >") {
				rt.Fatalf("the cursor's row is drawn %q: its name %q is cut or its mark missing", ansi.Strip(line)[:min(len(line), 12)], name)
			}
		}
	})
}

// hallOf is the demo catalog with one more hall: venue "v", whose zone "z"
// has rows (as the catalog's JSON writes them), and a performance of it,
// e-1, tomorrow.
func hallOf(t interface{ Fatal(...any) }, rows []any) (*pos.Catalog, *pos.Performance, *pos.Zone) {
	var doc map[string]any
	if err := json.Unmarshal(fixtures.Demo, &doc); err != nil {
		t.Fatal(err)
	}
	doc["venues"] = append(doc["venues"].([]any), map[string]any{"id": "v", "name": "V",
		"zones": []any{map[string]any{"id": "z", "name": "Z", "rows": rows}}})
	doc["events"] = append(doc["events"].([]any), map[string]any{"id": "e", "name": "E", "venue": "v"})
	doc["performances"] = append(doc["performances"].([]any), map[string]any{"id": "e-1", "event": "e",
		"start": "+1d 21:00", "price_list": "theatre-week"})
	data, _ := json.Marshal(doc)
	cat, err := pos.ParseCatalog("hall", data, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := cat.PerformanceByID("e-1")
	z, _ := cat.ZoneOf(p, "z")
	return cat, p, z
}

// TestTheSeatPlanSaysWhichRowsAreOutOfTheWindow: at 80x24 the stalls'
// eighteen rows do not all fit: rows Q–S were cut off with nothing to
// say so, and after G the row drawn under the stage was D, as if it were
// the front row. The stage line says how many rows are above and below
// the window; in a window that holds them all it says nothing.
func TestTheSeatPlanSaysWhichRowsAreOutOfTheWindow(t *testing.T) {
	_, s := startCounter(t, "en")
	s.unlock("100")
	s.keys("down", "enter")
	s.waitFor("426")
	s.keys("enter")
	s.waitFor(s.tr("seat.legend"), "═══ STAGE ═══", "↓ 3 more rows")
	s.keys("G")
	s.waitFor("S >", "↑ 3 more rows")
	s.keys("g")
	s.waitFor("A >", "↓ 3 more rows")
	for range 15 {
		s.keys("down")
	}
	s.waitFor("Q >", "rows: ↑ 1 · ↓ 2")

	r := openRegister(t)
	big := startSession(t, newTestApp(r, "en"), 120, 40)
	big.unlock("100")
	big.keys("down", "enter")
	big.waitFor("426")
	big.keys("enter")
	big.waitFor(big.tr("seat.legend"), "S ")
	if strings.Contains(big.screen(), "more row") || strings.Contains(big.screen(), "rows:") {
		t.Fatalf("every row is in the window, yet some are said out of it:\n%s", big.screen())
	}
}

// A plan wider and taller than the window says the rows beyond it on the
// stage line, beside how many seats are beyond each side, and that line
// fits the window: before, a plan wider than the window said only the
// seats ("3 »"), and a cashier at 80x24 on the 5,000-seat arena, or at 50
// columns on the demo's stalls, had no word of the rows under the window.
func TestAWidePlanSaysItsRowsBeyond(t *testing.T) {
	for _, tc := range []struct {
		w, h  int
		downs int
		want  []string
	}{
		{80, 24, 0, []string{"↓ 35 rangs plus bas", "»"}},
		{80, 24, 20, []string{"rangs : ↑ 6 · ↓ 29", "»"}},
		{100, 20, 49, []string{"↑ 39 rangs plus haut", "53 »"}},
	} {
		d, s := bigPlan(t, tc.w, tc.h)
		for range tc.downs {
			d.send(keyMsg("down"))
		}
		view := s.View()
		stage := strings.Split(view, "\n")[1]
		if got := ansi.StringWidth(stage); got > tc.w {
			t.Errorf("%dx%d: the stage line is %d cells wide: %q", tc.w, tc.h, got, ansi.Strip(stage))
		}
		for _, want := range tc.want {
			if !strings.Contains(ansi.Strip(stage), want) {
				t.Errorf("%dx%d, %d rows down: the stage line %q does not say %q", tc.w, tc.h, tc.downs, ansi.Strip(stage), want)
			}
		}
	}
}
