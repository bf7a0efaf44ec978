package counter

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// TestDoorPerformanceOfTheDay: the demo has Voyage at 18:15 (Cinéma Lux,
// 95 minutes) and Hamlet at 20:00 (Grande salle) today; a door without a
// venue lets in the next show once its doors open, 30 minutes before.
func TestDoorPerformanceOfTheDay(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	at := func(h, m int) time.Time {
		y, mo, d := saleDay.In(cat.Location()).Date()
		return time.Date(y, mo, d, h, m, 0, 0, cat.Location())
	}
	tests := []struct {
		name string
		now  time.Time
		want string
	}{
		{"in the morning, the day's first", at(9, 0), "voyage-00"},
		{"Voyage under way, Hamlet's doors not open", at(19, 0), "voyage-00"},
		{"at 19:40, Hamlet's doors open while Voyage still plays", at(19, 40), "hamlet-00"},
		{"after the last one started", at(23, 30), "hamlet-00"},
	}
	for _, tc := range tests {
		p, err := DoorPerformance(cat, "", tc.now)
		if err != nil || p.ID != tc.want {
			t.Errorf("%s: %v %v, want %s", tc.name, p, err, tc.want)
		}
	}
	if _, err := DoorPerformance(cat, "", at(12, 0).AddDate(0, 0, 300)); err == nil || !strings.Contains(err.Error(), "--performance") {
		t.Errorf("a day without performances: %v", err)
	}
}

// TestDoorPerformanceAtEachVenue: a day of several shows at three venues
// (the catalog ties a performance to a venue by its event), and doors at
// each of them or at none, through the day.
func TestDoorPerformanceAtEachVenue(t *testing.T) {
	var demo map[string]any
	if err := json.Unmarshal(fixtures.Demo, &demo); err != nil {
		t.Fatal(err)
	}
	perf := func(id, event, start, prices string, canceled bool) map[string]any {
		return map[string]any{"id": id, "event": event, "start": "+0d " + start, "price_list": prices, "canceled": canceled}
	}
	// the demo's other days stay (its passes name them); today is this
	var perfs []any
	for _, p := range demo["performances"].([]any) {
		if !strings.HasPrefix(p.(map[string]any)["start"].(string), "+0d ") {
			perfs = append(perfs, p)
		}
	}
	demo["performances"] = append(perfs,
		// Grande salle: Hamlet lasts 170 minutes, Carmen 190
		perf("hamlet-matinee", "hamlet", "14:30", "theatre-week", false),
		perf("carmen-cancelled", "carmen", "17:30", "theatre-week", true),
		perf("hamlet-soir", "hamlet", "20:00", "theatre-week", false),
		// Cinéma Lux: Voyage lasts 95 minutes, Rêves d'été 110
		perf("voyage-1815", "voyage", "18:15", "cinema-week", false),
		perf("reve-2030", "reve", "20:30", "cinema-week", false),
		perf("voyage-2230", "voyage", "22:30", "cinema-week", false),
		// Parc: the festival has no duration (90 minutes of latecomers)
		perf("festival-1700", "festival", "17:00", "festival-day", false),
		perf("festival-2130", "festival", "21:30", "festival-day", false),
	)
	data, err := json.Marshal(demo)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := pos.ParseCatalog("three venues", data, saleDay)
	if err != nil {
		t.Fatal(err)
	}
	at := func(h, m int) time.Time {
		y, mo, d := saleDay.In(cat.Location()).Date()
		return time.Date(y, mo, d, h, m, 0, 0, cat.Location())
	}
	tests := []struct {
		venue string
		h, m  int
		want  string
	}{
		// a door at the theatre
		{"grande-salle", 9, 0, "hamlet-matinee"},   // the day's first, its queue
		{"grande-salle", 14, 10, "hamlet-matinee"}, // doors open
		{"grande-salle", 15, 30, "hamlet-matinee"}, // under way: latecomers
		{"grande-salle", 17, 15, "hamlet-matinee"}, // still playing (ends 17:20), the next not open
		{"grande-salle", 17, 35, "hamlet-soir"},    // Carmen cancelled: the next of the day
		{"grande-salle", 19, 45, "hamlet-soir"},    // the case met: doors of the 20:00 open
		{"grande-salle", 23, 30, "hamlet-soir"},    // all over: the day's last
		{"grande-salle", 20, 5, "hamlet-soir"},     // just begun
		// a door at the cinema
		{"cinema-lux", 19, 45, "voyage-1815"}, // Voyage ends 19:50, Rêve's doors at 20:00
		{"cinema-lux", 19, 55, "reve-2030"},   // Voyage over: the next, early
		{"cinema-lux", 20, 0, "reve-2030"},    // doors open
		{"cinema-lux", 21, 55, "reve-2030"},   // Rêve plays until 22:20, Voyage's doors not open
		{"cinema-lux", 22, 15, "voyage-2230"}, // Voyage's doors open at 22:00: it wins over Rêve's end
		{"cinema-lux", 23, 59, "voyage-2230"}, // the day's last
		// the lawn: no duration, 90 minutes of latecomers
		{"parc", 18, 29, "festival-1700"},
		{"parc", 18, 31, "festival-2130"}, // over: the next, early
		{"parc", 23, 30, "festival-2130"},
		// a door that names no venue: every venue's shows
		{"", 9, 0, "hamlet-matinee"},
		{"", 16, 40, "festival-1700"}, // the festival's doors open, Hamlet still plays
		{"", 17, 15, "festival-1700"}, // two under way: the last begun
		{"", 19, 35, "hamlet-soir"},   // Hamlet's doors open over Voyage's latecomers
		{"", 20, 10, "reve-2030"},     // Rêve's doors open over Hamlet begun
		{"", 20, 45, "reve-2030"},     // two under way: the last begun
	}
	for _, tc := range tests {
		p, err := DoorPerformance(cat, tc.venue, at(tc.h, tc.m))
		if err != nil || p.ID != tc.want {
			t.Errorf("door at %q, %02d:%02d: %v %v, want %s", tc.venue, tc.h, tc.m, p, err, tc.want)
		}
	}
	for _, tc := range []struct {
		venue string
		day   int
		want  []string
	}{
		{"nowhere", 0, []string{`no venue "nowhere"`, "grande-salle, cinema-lux, parc", "--venue"}},
		{"parc", 1, []string{"no performance today at Parc de Milan", "--performance"}},
	} {
		_, err := DoorPerformance(cat, tc.venue, at(12, 0).AddDate(0, 0, tc.day))
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("door at %q: %v, want %q", tc.venue, err, w)
			}
		}
	}
}

// TestDoorThroughTheService: a door of the service admits a ticket its
// tills sold, once, and counts it.
func TestDoorThroughTheService(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	for _, name := range []string{"", "   ", "door\x07", strings.Repeat("x", 41)} {
		if _, err := svc.OpenDoor(name, "hamlet-00"); err == nil {
			t.Errorf("door %q opened", name)
		}
	}
	if _, err := svc.OpenDoor("porte 1", "nope"); err == nil {
		t.Error("a door opened for a performance the catalog lacks")
	}
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	sale, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	if err != nil {
		t.Fatal(err)
	}
	qrs, err := svc.TicketQRs(sale.Order.Number)
	if err != nil {
		t.Fatal(err)
	}
	d, err := svc.OpenDoor(" porte 2 ", "hamlet-00")
	if err != nil {
		t.Fatal(err)
	}
	v := svc.Version()
	for i, want := range []Verdict{VerdictAdmit, VerdictAlreadyAdmitted} {
		a, err := d.Scan(qrs[sale.Order.Tickets[0].Number])
		if err != nil || a.Verdict != want || a.Door != "porte 2" {
			t.Fatalf("scan %d: %+v %v, want %s by porte 2", i+1, a, err, want)
		}
	}
	if svc.Version() == v {
		t.Error("an admission did not move the version the screens poll")
	}
	if c, err := d.Counts(); err != nil || c.Admitted != 1 || c.Sold != 1 {
		t.Errorf("counts %+v %v", c, err)
	}
}

// TestADoorDoesNotOpenOnACanceledPerformance: `guichet door --performance`
// naming a canceled performance says so and how to name another, rather
// than open a door that would let people in to a show that is not on.
func TestADoorDoesNotOpenOnACanceledPerformance(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := cat.PerformanceByID("hamlet-01")
	p.Canceled = true
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	_, err = svc.OpenDoor("porte 1", "hamlet-01")
	if err == nil || !strings.Contains(err.Error(), "canceled") || !strings.Contains(err.Error(), "--performance") {
		t.Fatalf("a door on a canceled performance: %v", err)
	}
	if _, err := svc.OpenDoor("porte 1", "hamlet-00"); err != nil {
		t.Fatal(err)
	}
}

// TestDoorPerformancePastMidnight: a door opened after midnight lets in the
// latecomers of a show begun the evening before and still under way, then
// the day's shows. Before, only the day's shows were looked at: at 00:10
// the theatre's door opened for the afternoon's matinée while the 23:30
// Hamlet played, and the park's door, with no show that day, found none.
func TestDoorPerformancePastMidnight(t *testing.T) {
	var demo map[string]any
	if err := json.Unmarshal(fixtures.Demo, &demo); err != nil {
		t.Fatal(err)
	}
	perf := func(id, event, start, prices string) map[string]any {
		return map[string]any{"id": id, "event": event, "start": start, "price_list": prices}
	}
	var perfs []any
	for _, p := range demo["performances"].([]any) {
		if s := p.(map[string]any)["start"].(string); !strings.HasPrefix(s, "+0d ") && !strings.HasPrefix(s, "+1d ") {
			perfs = append(perfs, p)
		}
	}
	demo["performances"] = append(perfs,
		perf("hamlet-late", "hamlet", "+0d 23:30", "theatre-week"),    // 170 minutes: until 02:20
		perf("hamlet-matinee", "hamlet", "+1d 14:30", "theatre-week"), // the next day's
		perf("voyage-late", "voyage", "+0d 23:00", "cinema-week"),     // 95 minutes: until 00:35
		perf("voyage-next", "voyage", "+1d 21:00", "cinema-week"),
		perf("festival-late", "festival", "+0d 23:30", "festival-day"), // no duration: until 01:00
	)
	data, err := json.Marshal(demo)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := pos.ParseCatalog("past midnight", data, saleDay)
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, h, m int) time.Time {
		y, mo, d := saleDay.In(cat.Location()).Date()
		return time.Date(y, mo, d+day, h, m, 0, 0, cat.Location())
	}
	for _, tc := range []struct {
		venue     string
		day, h, m int
		want      string // "" : refused
	}{
		{"grande-salle", 0, 23, 45, "hamlet-late"},
		{"grande-salle", 1, 0, 10, "hamlet-late"},    // the case met: latecomers past midnight
		{"grande-salle", 1, 2, 15, "hamlet-late"},    // still playing
		{"grande-salle", 1, 2, 25, "hamlet-matinee"}, // over: the day's next
		{"grande-salle", 1, 14, 5, "hamlet-matinee"}, // its doors open
		{"cinema-lux", 1, 0, 30, "voyage-late"},
		{"cinema-lux", 1, 0, 40, "voyage-next"}, // over at 00:35
		{"parc", 1, 0, 10, "festival-late"},     // no show that day: the one under way
		{"parc", 1, 1, 5, ""},                   // over, and none that day
		{"", 1, 1, 10, "hamlet-late"},           // the only one still under way
		{"", 1, 3, 0, "hamlet-matinee"},
	} {
		p, err := DoorPerformance(cat, tc.venue, at(tc.day, tc.h, tc.m))
		got := ""
		if p != nil {
			got = p.ID
		}
		switch {
		case tc.want == "" && (err == nil || !strings.Contains(err.Error(), "no performance today")):
			t.Errorf("door at %q, +%dd %02d:%02d: %q %v, want no performance today", tc.venue, tc.day, tc.h, tc.m, got, err)
		case tc.want != "" && (err != nil || got != tc.want):
			t.Errorf("door at %q, +%dd %02d:%02d: %q %v, want %s", tc.venue, tc.day, tc.h, tc.m, got, err, tc.want)
		}
	}
}
