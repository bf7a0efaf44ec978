package remote

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// arenaCatalog is the demo box office plus a 5,000-seat hall (50 rows of
// 100) with one performance tomorrow.
func arenaCatalog(tb testing.TB) *pos.Catalog {
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
	doc["performances"] = append(doc["performances"].([]any), map[string]any{"id": "big-1", "event": "big",
		"start": "+0d 21:00", "price_list": "theatre-week"})
	data, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	cat, err := pos.ParseCatalog("arena", data, fixedNow)
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

// keyBytes sends one key and counts what the server sends back for it:
// until 30 ms pass with nothing more (or 150 ms with nothing at all).
func (c *client) keyCost(key string) int {
	c.t.Helper()
	before := c.sent()
	c.keys(key)
	start, last, seen := time.Now(), time.Now(), before
	for {
		time.Sleep(2 * time.Millisecond)
		n := c.sent()
		if n != seen {
			seen, last = n, time.Now()
			continue
		}
		if seen > before && time.Since(last) >= 30*time.Millisecond || seen == before && time.Since(start) >= 150*time.Millisecond {
			return seen - before
		}
	}
}

// BenchmarkBytesPerKey is what one key costs on an SSH session's channel,
// in an 80x24 terminal, after a key's output: a seat-cursor move on the
// demo hall and on a 5,000-seat arena, a line scrolled on the sales list, a
// letter typed in the search. Target: median < 100 bytes, max < 300.
func BenchmarkBytesPerKey(b *testing.B) {
	kinds := []struct {
		name string
		to   func(c *client)
		keys []string
	}{
		{"list-scroll", func(c *client) {}, []string{"down", "down", "down", "up", "up", "up"}},
		{"search-letter", func(c *client) {
			c.keys("/")
			c.waitFor("Search")
		}, []string{"h", "a", "m", "backspace", "backspace", "backspace"}},
		{"seat-move-demo-hall", func(c *client) {
			c.keys("j", "enter")
			c.waitFor("Stalls — ")
			c.keys("enter")
			c.waitFor("STAGE")
		}, []string{"right", "right", "down", "left", "down", "up"}},
		{"seat-move-arena", func(c *client) {
			c.keys("/")
			c.keys("B", "i", "g", "enter")
			c.waitFor("> 21:00  Big show")
			c.keys("enter")
			c.waitAny("Main — ", "STAGE")
			if !strings.Contains(c.screen(), "STAGE") {
				c.keys("enter")
				c.waitFor("STAGE")
			}
		}, append(append(repeat("right", 60), "down", "down"), repeat("left", 60)...)},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			claire, line := newKey(b, "claire")
			box := startBoxWith(b, arenaCatalog(b), []string{line}, nil)
			c := box.connect(claire, 80, 24)
			c.unlock()
			k.to(c)
			time.Sleep(100 * time.Millisecond)
			var sizes []float64
			for i := 0; b.Loop(); i++ {
				sizes = append(sizes, float64(c.keyCost(k.keys[i%len(k.keys)])))
			}
			slices.Sort(sizes)
			over := 0
			for _, n := range sizes {
				if n >= 300 {
					over++
				}
			}
			b.ReportMetric(sizes[len(sizes)/2], "B/key-median")
			b.ReportMetric(sizes[len(sizes)-1], "B/key-max")
			b.ReportMetric(100*float64(over)/float64(len(sizes)), "%keys>=300B")
		})
	}
}

func repeat(key string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = key
	}
	return out
}
