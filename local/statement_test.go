package local

import (
	"path/filepath"
	"testing"
	"time"

	"guichet/pos"
)

// TestTicketStatementMatchesAHandCount: a day with paid, free and
// canceled tickets, then the statement the daily closure kept, compared
// row by row with what the cashier counts by hand.
func TestTicketStatementMatchesAHandCount(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	zurich, _ := time.LoadLocation("Europe/Zurich")
	r, clk := openAt(t, path, time.Date(2026, 12, 30, 10, 0, 0, 0, zurich), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")

	o1 := sellHamlet(t, till, "adult", 2) // K01-000001-01, -02
	o2 := sellHamlet(t, till, "child", 1) // K01-000002-01
	must(t, till.AddTickets("hamlet-01", "galerie", "invitation", 2))
	must(t, till.SetAnswers(0, map[string]string{"guest_of": "the director"}))
	o3, err := till.Checkout([]pos.Tender{{Method: "free"}}) // K01-000003-01, -02
	must(t, err)
	o4 := sellHamlet(t, till, "adult", 1) // K01-000004-01
	must(t, till.Cancel(o2.Number, "changed their mind"))
	must(t, till.Cancel(o4.Number, "wrong performance"))

	live, closed, err := r.TicketStatement("2026-12-30")
	must(t, err)
	if closed {
		t.Fatal("today's statement says it is closed")
	}
	clk.Add(24 * time.Hour)
	sellHamlet(t, till, "adult", 1) // the next day: closes the 30th
	rows, closed, err := r.TicketStatement("2026-12-30")
	must(t, err)
	if !closed {
		t.Fatal("the 30th is not closed after midnight")
	}
	adult := o1.Tickets[0].Price
	hand := []StatementRow{
		{Performance: "hamlet-01", Category: "adult", Price: adult, First: o1.Tickets[0].Number, Last: o4.Tickets[0].Number,
			Issued: 3, Canceled: 1, Count: 2, Takings: adult.Times(2)},
		{Performance: "hamlet-01", Category: "child", Price: o2.Tickets[0].Price, First: o2.Tickets[0].Number, Last: o2.Tickets[0].Number,
			Issued: 1, Canceled: 1, Count: 0, Takings: chf(0)},
		{Performance: "hamlet-01", Category: "invitation", Price: chf(0), First: o3.Tickets[0].Number, Last: o3.Tickets[1].Number,
			Issued: 2, Canceled: 0, Count: 2, Takings: chf(0)},
	}
	for name, got := range map[string][]StatementRow{"closed": rows, "live": live} {
		if len(got) != len(hand) {
			t.Fatalf("%s: %d rows, want %d: %+v", name, len(got), len(hand), got)
		}
		for i := range hand {
			if got[i] != hand[i] {
				t.Errorf("%s row %d:\n got %+v\nwant %+v", name, i, got[i], hand[i])
			}
		}
	}
	if !rows[2].Free() || rows[0].Free() {
		t.Error("Free() is wrong")
	}
	if _, _, err := r.TicketStatement("2026-12-20"); err == nil {
		t.Error("a day before the register's first gives a statement")
	}
}
