package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
)

// sellMixed records, on Claire's till, an adult's and a child's seat in
// the stalls of tonight's Hamlet, a child's standing place in its gallery,
// the season's subscription and a gift voucher of CHF 40, paid in cash.
func sellMixed(t *testing.T, till *local.Till) pos.Order {
	t.Helper()
	fillMixed(t, till)
	o, err := till.Checkout([]pos.Tender{cashTender})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// fillMixed puts sellMixed's cart on till.
func fillMixed(t *testing.T, till *local.Till) {
	t.Helper()
	for _, err := range []error{
		till.AddSeats("hamlet-00", "parterre", "adult", "F-9"),
		till.AddSeats("hamlet-00", "parterre", "child", "F-10"),
		till.AddTickets("hamlet-00", "galerie", "child", 1),
		till.AddItem(pos.LinePass, "abonnement-saison", 1),
		till.AddVoucher("bon-libre", chf(4000)),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestTheDoneScreenSaysEachTicketsTariffZoneAndSeat: the done screen said
// "K01-000001-01 CHF 40.00 F-9" and "K01-000001-03 CHF 12.00 Galerie
// debout": an adult's ticket from a child's only by its price, a seat
// without its zone. The cashier reads each ticket to the customer: its
// line says its tariff, its zone and its seat, as the cart did, in the
// screen's language; under the ticket, broken at its "·" into the left
// column, where the QR stands beside; a pass and a voucher keep their
// name under them.
func TestTheDoneScreenSaysEachTicketsTariffZoneAndSeat(t *testing.T) {
	r := openRegister(t)
	till := claireAtTill(t, r)
	o := sellMixed(t, till)
	till.Close()
	n := func(i int) string { return o.Tickets[i].Number }
	for _, tc := range []struct {
		lang  pos.Lang
		w, h  int
		lines []string // each a line of the screen (its start, after the cursor's column)
	}{
		{"fr", 80, 21, []string{
			n(0) + " CHF 45.00",
			"  (Adulte · Parterre ·", // beside the QR's note: under it
			"   Rang F, place 9)",
			n(1) + " CHF 20.00 Enfant · Parterre · Rang F, place 10",
			n(2) + " CHF 12.00 Enfant · Galerie debout",
			n(3) + " CHF 180.00", "  (Abonnement saison théâtre)",
			n(4) + " CHF 40.00", "  (bon cadeau)",
		}},
		{"en", 80, 21, []string{
			n(1) + " CHF 20.00 Child · Stalls · Row F, seat 10",
			n(2) + " CHF 12.00 Child · Standing gallery",
		}},
		// wide: the QR beside every ticket, each says it under its number
		{"fr", 160, 47, []string{
			n(0) + " CHF 45.00", "  (Adulte · Parterre ·", "   Rang F, place 9)",
			n(1) + " CHF 20.00", "  (Enfant · Parterre ·", "   Rang F, place 10)",
			n(2) + " CHF 12.00", "  (Enfant · Galerie debout)",
		}},
		{"en", 160, 47, []string{
			n(0) + " CHF 45.00", "  (Adult · Stalls · Row F, seat 9)",
			n(2) + " CHF 12.00", "  (Child · Standing gallery)",
			n(4) + " CHF 40.00", "  (gift voucher)",
		}},
	} {
		app := newTestApp(r, tc.lang)
		s := newDone(app.c, counter.Sale{Order: o})
		s.Update(s.Init()()) // the signed codes: the QR's real size
		s.SetSize(tc.w, tc.h)
		screen := ansi.Strip(s.View())
		var lines []string
		for _, l := range strings.Split(screen, "\n") {
			if len(l) > 0 && (l[0] == '>' || l[0] == ' ') && !strings.HasPrefix(l, "  ") {
				l = l[1:] // the cursor's column
			}
			lines = append(lines, strings.TrimRight(l, " "))
		}
		for _, want := range tc.lines {
			found := false
			for _, l := range lines {
				found = found || strings.HasPrefix(l, want) && (len(l) == len(want) || strings.HasPrefix(l[len(want):], " "))
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

	// an invitation: CHF 0.00 and why, as the cart said it
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	if err := till.SetComp(0, "presse"); err != nil {
		t.Fatal(err)
	}
	comp, err := till.Checkout([]pos.Tender{{Method: "free"}})
	if err != nil {
		t.Fatal(err)
	}
	till.Close()
	for lang, want := range map[pos.Lang]string{"fr": " CHF 0.00 (Adulte · Galerie debout · invitation : presse)", "en": " CHF 0.00 (Adult · Standing gallery · comp: presse)"} {
		app := newTestApp(r, lang)
		s := newDone(app.c, counter.Sale{Order: comp})
		s.SetSize(80, 21)
		// under the ticket, beside the QR: the words of its left column
		var left []string
		for _, l := range strings.Split(ansi.Strip(s.View()), "\n") {
			left = append(left, strings.Fields(ansi.Truncate(l, doneLeftW, ""))...)
		}
		if screen := strings.Join(left, " "); !strings.Contains(screen, comp.Tickets[0].Number+want) {
			t.Errorf("%s: no ticket %q:\n%s", lang, want, screen)
		}
	}
}

// TestGoldenDoneSaysEachTicketsTariffAndPlace: an adult's and a child's
// seat, a child's standing place, the season's subscription and a gift
// voucher sold at the counter, as the done screen shows them at 80x24.
func TestGoldenDoneSaysEachTicketsTariffAndPlace(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.twoSeatsInCart()
	s.keys("esc", "esc")
	s.waitFor(s.tr("pick.left", 484))
	s.keys("enter") // the list's cursor is still on Hamlet
	s.waitFor("Galerie debout")
	s.keys("down", "enter")
	s.waitFor(s.tr("ga.title"))
	s.keys("down", "+", "enter")
	s.waitFor(s.tr("status.cart", 3, "CHF 77.00"))
	s.keys("esc", "esc", "tab")
	s.waitFor("Abonnement saison théâtre")
	s.keys("down", "down", "down", "down", "enter")
	s.waitFor(s.tr("pick.added", "Abonnement saison théâtre"))
	s.keys("tab", "enter")
	s.waitFor(s.tr("pick.added", "Bon cadeau CHF 50"))
	s.keys("c")
	s.toPayment()
	s.keys("enter")
	s.typ("400")
	s.keys("enter")
	s.waitFor(s.tr("done.order", "K01-000001"))
	s.golden(t)
}

// TestGoldenDoneNamesEachTicketsShow: a standing place at tonight's Hamlet
// and one at Carmen, in one cart. The done screen said
// "(Adulte · Galerie debout)" under each: the cashier could not tell which
// ticket was for which show. Each now says its show and, the two being on
// different days, its date, in the order screen's words, at 80x24.
func TestGoldenDoneNamesEachTicketsShow(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.keys("down", "enter")
	s.addGallery(1)
	s.waitFor(s.tr("pick.perfs"), s.tr("pick.added", ""))
	s.keys("/")
	s.typ("carmen")
	s.keys("enter", "enter")
	s.waitFor(s.tr("zone.title"), "Carmen — Opéra")
	s.keys("down", "enter")
	s.waitFor(s.tr("ga.title"))
	s.keys("+", "enter")
	s.waitFor(s.tr("status.cart", 2, ""))
	s.payCashExact("K01-000001")
	s.waitFor("(Hamlet ·", "(Carmen — Opéra ·")
	s.golden(t)
}

// TestTheDoneScreenNamesTheShowOfAnOrderOfSeveral: in an order of one
// performance the tickets' lines stay as they were; of several, each
// ticket names its show, and its performance's date when the order spans
// more than one day or two evenings of one show (the show alone does not
// tell them apart); a pass names no show. The test failed before: no line
// named a show.
func TestTheDoneScreenNamesTheShowOfAnOrderOfSeveral(t *testing.T) {
	r := openRegister(t)
	till := claireAtTill(t, r)
	defer till.Close()
	app := newTestApp(r, "en")
	when := func(perf string) string {
		p, _ := app.c.cat.PerformanceByID(perf)
		return pos.FormatDateTime(p.Start.In(app.c.cat.Location()), "en")
	}
	type place struct{ perf, zone, seat string }
	for _, tc := range []struct {
		name   string
		places []place
		pass   bool
		want   []string // s.whats, ticket by ticket
	}{
		{"one performance: no show named", []place{{"hamlet-00", "galerie", ""}, {"hamlet-00", "galerie", ""}}, false,
			[]string{"Adult · Standing gallery", "Adult · Standing gallery"}},
		{"two shows on two days: each its show and date", []place{{"hamlet-00", "galerie", ""}, {"carmen-01", "galerie", ""}}, false,
			[]string{"Hamlet · " + when("hamlet-00") + " · Adult · Standing gallery", "Carmen — Opéra · " + when("carmen-01") + " · Adult · Standing gallery"}},
		{"two evenings of one show: its dates", []place{{"hamlet-00", "galerie", ""}, {"hamlet-01", "galerie", ""}}, false,
			[]string{"Hamlet · " + when("hamlet-00") + " · Adult · Standing gallery", "Hamlet · " + when("hamlet-01") + " · Adult · Standing gallery"}},
		{"two shows the same day: their names tell them", []place{{"voyage-00", "salle", "C-5"}, {"hamlet-00", "galerie", ""}}, true,
			[]string{"A Trip to the Moon · Adult · Screen 1 · Row C, seat 5", "Hamlet · Adult · Standing gallery", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, p := range tc.places {
				err := till.AddTickets(p.perf, p.zone, "adult", 1)
				if p.seat != "" {
					err = till.AddSeats(p.perf, p.zone, "adult", p.seat)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if tc.pass {
				if err := till.AddItem(pos.LinePass, "abonnement-saison", 1); err != nil {
					t.Fatal(err)
				}
			}
			o, err := till.Checkout([]pos.Tender{cashTender})
			if err != nil {
				t.Fatal(err)
			}
			s := newDone(app.c, counter.Sale{Order: o})
			if strings.Join(s.whats, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("the tickets say\n%q\nwant\n%q", s.whats, tc.want)
			}
		})
	}
}
