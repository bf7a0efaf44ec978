package counter

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// TestDoorPerformanceOfTheDay: the demo has Voyage at 18:15 and Hamlet at
// 20:00 today; a door lets in the first not over by 90 minutes.
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
		{"Voyage under way", at(19, 0), "voyage-00"},
		{"Voyage started 90 minutes ago", at(19, 45), "hamlet-00"},
		{"after the last one started", at(23, 30), "hamlet-00"},
	}
	for _, tc := range tests {
		p, err := DoorPerformance(cat, tc.now)
		if err != nil || p.ID != tc.want {
			t.Errorf("%s: %v %v, want %s", tc.name, p, err, tc.want)
		}
	}
	if _, err := DoorPerformance(cat, at(12, 0).AddDate(0, 0, 300)); err == nil || !strings.Contains(err.Error(), "--performance") {
		t.Errorf("a day without performances: %v", err)
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
