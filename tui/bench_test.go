package tui

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"guichet/fixtures"
	"guichet/pos"
)

// BigCatalog is the demo box office plus a 5,000-seat hall (50 rows of 100)
// and performances up to n in all, for benchmarks and `make bench-startup`.
func bigCatalog(tb testing.TB, n int) *pos.Catalog {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(fixtures.Demo, &doc); err != nil {
		tb.Fatal(err)
	}
	var rows []any
	for r := 0; r < 50; r++ {
		rows = append(rows, map[string]any{"name": fmt.Sprintf("R%02d", r+1), "seats": 100, "aisles": []int{25, 50, 75}})
	}
	doc["venues"] = append(doc["venues"].([]any), map[string]any{"id": "arena", "name": "Arena",
		"zones": []any{map[string]any{"id": "main", "name": "Main", "rows": rows}}})
	doc["events"] = append(doc["events"].([]any), map[string]any{"id": "big", "name": "Big show", "venue": "arena"})
	perfs := doc["performances"].([]any)
	for i := len(perfs); i < n; i++ {
		perfs = append(perfs, map[string]any{"id": fmt.Sprintf("big-%04d", i), "event": "big",
			"start": fmt.Sprintf("+%dd %02d:%02d", i/8, 10+i%8, (i*7)%60), "price_list": "theatre-week"})
	}
	doc["performances"] = perfs
	data, _ := json.Marshal(doc)
	cat, err := pos.ParseCatalog("big", data, fixedNow)
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

// bigPlan is a w×h French counter, unlocked, showing the 5,000-seat plan
// of bigCatalog's big-0050.
func bigPlan(tb testing.TB, w, h int) (*driver, *seatScreen) {
	tb.Helper()
	cat := bigCatalog(tb, 100)
	r := openRegisterWith(tb, cat)
	d := newDriver(tb, newTestApp(r, "fr"), w, h)
	d.unlock("0")
	p, _ := cat.PerformanceByID("big-0050")
	z, _ := cat.ZoneOf(p, "main")
	s := newSeats(d.app.c, p, z)
	d.app.c.push(s)
	d.send(nil)
	return d, s
}

// BenchmarkSeatPlanKeypress is one arrow key on a 5,000-seat plan: its
// Update, the tea.Cmd it returns run and its answer handled, and View.
// Target: under 2 ms.
func BenchmarkSeatPlanKeypress(b *testing.B) {
	d, _ := bigPlan(b, 120, 40)
	// as many moves each way: the cursor wanders around the middle
	keys := []string{"right", "right", "down", "left", "down", "up", "left", "up"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d.send(keyMsg(keys[i%len(keys)]))
		_ = d.app.View()
	}
}

// BenchmarkPerformanceListKeypress is one key on a list of 2,000
// performances (its Update, the tea.Cmd it returns — availability of the
// rows in view — and View): moving goes down a page and back up, so the
// cursor never sits at the bottom; searching types and erases letters, the
// whole list filtered each time for what the search line says it finds. Both start from the same state on every
// run (-count N). Target: under 2 ms.
func BenchmarkPerformanceListKeypress(b *testing.B) {
	cat := bigCatalog(b, 2000)
	r := openRegisterWith(b, cat)
	d := newDriver(b, newTestApp(r, "fr"), 120, 40)
	d.unlock("0")
	list := d.app.top().(*pickScreen)
	for _, name := range []string{"move", "search"} {
		b.Run(name, func(b *testing.B) {
			list.newSale() // no search, top of the list
			d.send(nil)
			keys := []string{"down", "down", "pgdown", "down", "up", "pgup", "up", "up"}
			if name == "search" {
				d.keys("/")
				if !list.searching {
					b.Fatal("/ did not open the search")
				}
				keys = []string{"b", "i", "backspace", "backspace"}
			}
			for i := 0; b.Loop(); i++ {
				d.send(keyMsg(keys[i%len(keys)]))
				_ = d.app.View()
			}
			b.StopTimer()
			if name == "search" && (len(list.rows) == 0 || strings.Contains(list.search.Value(), "/")) {
				b.Fatalf("the search ended on %q with %d rows", list.search.Value(), len(list.rows))
			}
			if name == "move" && list.cursor > 2*list.listHeight() {
				b.Fatalf("the cursor drifted to row %d", list.cursor)
			}
		})
	}
}

var benchCatalog = flag.String("write-bench-catalog", "", "write the 2,000-performance catalog of `make bench-startup` to this file")

// TestWriteBenchCatalog writes the catalog `make bench-startup` opens.
func TestWriteBenchCatalog(t *testing.T) {
	if *benchCatalog == "" {
		t.Skip("only for make bench-startup")
	}
	cat := bigCatalog(t, 2000)
	data, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*benchCatalog, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A wide plan shifts by a block of seats when the cursor leaves it, not by
// a seat: 60 moves right on a 100-seat row at 80 columns (aisles after
// seats 25, 50 and 75) redraw the grid twice, each time from the first seat
// after an aisle with the cursor in the left half (room to go on), and the
// stage line says how many seats are beyond each side; going back left
// shifts to the block before, the cursor in the right half.
func TestWidePlanShiftsByABlock(t *testing.T) {
	d, s := bigPlan(t, 80, 24)
	blockStart := map[int]int{0: 1, 52: 26, 104: 51, 156: 76} // grid column: its first seat
	walk := func(key string, n int, wantFirst []int, leftHalf bool) {
		t.Helper()
		var firsts []int
		left := s.left
		for range n {
			d.app.Update(keyMsg(key))
			if s.left == left {
				continue
			}
			left = s.left
			first, ok := blockStart[s.left]
			if !ok {
				t.Fatalf("%s: the window starts at grid column %d, not after an aisle", key, s.left)
			}
			firsts = append(firsts, first)
			x := s.rows[s.r].cells[s.i].x - s.left
			if leftHalf && x >= s.w/2 || !leftHalf && x < s.w/2 {
				t.Fatalf("%s: after a shift the cursor is at column %d of %d", key, x, s.w)
			}
			stage := ansi.Strip(strings.Split(d.app.View().Content, "\n")[2])
			if want := "« " + itoa(first-1); !strings.HasPrefix(stage, want) && first > 1 {
				t.Fatalf("%s: the stage line does not start with %q: %q", key, want, stage)
			}
		}
		if fmt.Sprint(firsts) != fmt.Sprint(wantFirst) {
			t.Fatalf("%s x%d: the window started at seats %v, want %v", key, n, firsts, wantFirst)
		}
	}
	walk("right", 60, []int{26, 51}, true)
	walk("left", 60, []int{26, 1}, false)
}
