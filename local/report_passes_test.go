package local

import (
	"testing"

	"guichet/pos"
)

// TestTheReportsSalesListThePassesItCounts: two adult tickets and a day
// pass sold; the X report said "tickets: 3" and listed, by performance and
// category, the two tickets only: the pass (CHF 55) was counted and then
// nowhere, while guichetd's report by performance or category lists it.
// The sales list the passes too, each under its pass ("pass:ID"), so its
// rows add up to the tickets counted.
func TestTheReportsSalesListThePassesItCounts(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-04", "galerie", "adult", 2))
	must(t, till.AddItem(pos.LinePass, "festival-jour-1", 1))
	_, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	rep, err := till.XReport()
	must(t, err)
	n, amount := 0, chf(0)
	var pass *SalesTotal
	for i, s := range rep.Detail.Sales {
		n += s.Tickets
		amount = amount.Plus(s.Amount)
		if s.Category == "pass:festival-jour-1" {
			pass = &rep.Detail.Sales[i]
		}
	}
	if rep.Tickets != 3 || n != 3 || amount != chf(2*2500+5500) {
		t.Errorf("the report counts %d tickets, its sales list %d for %s (%+v); want 3 for CHF 105.00", rep.Tickets, n, amount, rep.Detail.Sales)
	}
	if pass == nil || pass.Performance != "" || pass.Tickets != 1 || pass.Amount != chf(5500) {
		t.Errorf("the day pass in the sales list: %+v; want one under pass:festival-jour-1 for CHF 55.00", pass)
	}
}
