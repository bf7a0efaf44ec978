package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"guichet/pos"
)

// TestTheOrderSaysEachTicketsTariffZoneAndSeat: a cashier finding a
// customer's order to exchange or cancel one of its tickets read
// "Hamlet · Adulte F-9" and "Hamlet · Enfant F-10": a seat with no zone,
// in the register's code for it, while the done screen of the same sale
// had said "Adulte · Parterre · Rang F, place 9". Each ticket now says
// its show and performance, its tariff, its zone and its seat in the done
// screen's words; at 80 columns what does not fit on the ticket's line
// goes under it, whole, and every ticket of the order is laid out alike;
// at 160 columns each is one line. A pass and a gift voucher keep their
// name on their line. The test failed before: no line said "Parterre" or
// "Rang F, place 9".
func TestTheOrderSaysEachTicketsTariffZoneAndSeat(t *testing.T) {
	r := openRegister(t)
	till := claireAtTill(t, r)
	o := sellMixed(t, till)
	till.Close()
	ov, ok, err := r.Order(o.Number)
	if err != nil || !ok {
		t.Fatalf("order %s: %v, %v", o.Number, ok, err)
	}
	n := func(i int) string { return o.Tickets[i].Number }
	app := newTestApp(r, "fr")
	perf, _ := app.c.cat.PerformanceByID("hamlet-00")
	when := func(lang pos.Lang) string { return pos.FormatDateTime(perf.Start.In(app.c.cat.Location()), lang) }
	for _, tc := range []struct {
		lang  pos.Lang
		w, h  int
		lines []string // each a whole line of the screen, after the cursor's column
	}{
		{"fr", 80, 21, []string{
			"[ ] ✓ " + n(0) + "  CHF 45.00   valable    Hamlet · " + when("fr"),
			"       Adulte · Parterre · Rang F, place 9",
			"[ ] ✓ " + n(1) + "  CHF 20.00   valable    Hamlet · " + when("fr"),
			"       Enfant · Parterre · Rang F, place 10",
			"[ ] ✓ " + n(2) + "  CHF 12.00   valable    Hamlet · " + when("fr"),
			"       Enfant · Galerie debout",
			"[ ] ✓ " + n(3) + "  CHF 180.00  valable    Abonnement saison théâtre",
		}},
		{"en", 160, 47, []string{
			"[ ] ✓ " + n(0) + "  CHF 45.00   valid      Hamlet · " + when("en") + " · Adult · Stalls · Row F, seat 9",
			"[ ] ✓ " + n(1) + "  CHF 20.00   valid      Hamlet · " + when("en") + " · Child · Stalls · Row F, seat 10",
			"[ ] ✓ " + n(2) + "  CHF 12.00   valid      Hamlet · " + when("en") + " · Child · Standing gallery",
			"[ ] ✓ " + n(3) + "  CHF 180.00  valid      Theatre season subscription",
		}},
	} {
		app := newTestApp(r, tc.lang)
		s := newOrder(app.c, ov)
		s.SetSize(tc.w, tc.h)
		screen := ansi.Strip(s.View())
		var lines []string
		for _, l := range strings.Split(screen, "\n") {
			if strings.HasPrefix(l, ">") || strings.HasPrefix(l, " [") {
				l = l[1:] // the cursor's column
			}
			lines = append(lines, strings.TrimRight(l, " "))
		}
		for _, want := range tc.lines {
			found := false
			for _, l := range lines {
				found = found || l == want
			}
			if !found {
				t.Errorf("%s %dx%d: no line %q:\n%s", tc.lang, tc.w, tc.h, want, screen)
			}
		}
		for _, l := range strings.Split(screen, "\n") {
			if ansi.StringWidth(l) > tc.w {
				t.Errorf("%s %dx%d: a line of %d cells: %q", tc.lang, tc.w, tc.h, ansi.StringWidth(l), l)
			}
		}
	}
}

// TestGoldenOrderSaysEachTicketsPlace: the order of an adult's and a
// child's seat in the stalls, a child's standing place, the season's
// subscription and a gift voucher, as the desk shows it at 80x24: each
// ticket's tariff, zone and seat under its show and date.
func TestGoldenOrderSaysEachTicketsPlace(t *testing.T) {
	r := openRegister(t)
	till := claireAtTill(t, r)
	o := sellMixed(t, till)
	till.Close()
	s := claireSignedIn(t, r, "fr")
	s.waitFor("o commandes")
	s.toOrder(o.Number, "Rang F, place 10")
	s.golden(t)
}
