package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// TestTheDoneScreenSaysEachFreePlacementZone: places without a seat said
// only their number and price on the done screen, the cashier could not
// tell a lawn's from a grandstand's. Each says its zone: on its line when
// it fits (at 80x24 the QR's column ends above the tickets: they have the
// whole width), under it when the QR stands beside and every ticket still
// fits, else cut on its line: as many tickets shown as without it. An
// order of two shows on different days names each ticket's show and date
// first (TestGoldenDoneNamesEachTicketsShow).
func TestTheDoneScreenSaysEachFreePlacementZone(t *testing.T) {
	r := openRegister(t)
	till := claireAtTill(t, r)
	for _, l := range []struct {
		perf, zone string
		n          int
	}{{"hamlet-00", "galerie", 2}, {"festival-j1", "pelouse", 1}, {"festival-j1", "tribune", 1}} {
		if err := till.AddTickets(l.perf, l.zone, "adult", l.n); err != nil {
			t.Fatal(err)
		}
	}
	four, err := till.Checkout([]pos.Tender{cashTender})
	if err != nil {
		t.Fatal(err)
	}
	thirty := sellAt(t, till, "hamlet-00", "galerie", "adult", 30, cashTender)
	till.Close()
	app := newTestApp(r, "fr")
	ticket := func(o pos.Order, i int, rest string) string { return o.Tickets[i].Number + " " + rest }
	when := func(perf string) string {
		p, _ := app.c.cat.PerformanceByID(perf)
		return pos.FormatDateTime(p.Start.In(app.c.cat.Location()), "fr")
	}
	hamlet, festival := "Hamlet · "+when("hamlet-00"), "Festival du Lac · "+when("festival-j1")

	// h: the terminal's height less the title, the keys and the status
	// lines. Paid exactly in cash, the order has no change line: its
	// first ticket stands beside the QR's note at 80x24.
	for _, tc := range []struct {
		name  string
		o     pos.Order
		w, h  int
		on    []string // ticket lines that say their zone on them
		cut   string   // a ticket line cut in its zone
		notOn []int    // tickets whose line does not say their zone
		under int      // lines under a ticket that say its zone
		what  string   // how they say it: "\n  (Adulte · Galerie debout)" unless given
		shown int      // ticket lines shown
	}{
		{"80x24, the QR does not fit", four, 80, 21,
			[]string{ticket(four, 1, "CHF 25.00 "+hamlet+" · Adulte · Galerie debout"), ticket(four, 2, "CHF 60.00 "+festival+" · Adulte · Pelouse"), ticket(four, 3, "CHF 85.00 "+festival+" · Adulte · Tribune")}, "",
			[]int{0}, 1, "\n  (" + hamlet + " ·", 4},
		// with its tariff, no zone fits beside the QR: each goes under
		{"80x40, the QR beside", four, 80, 37,
			[]string{"\n  (Festival du Lac ·", "\n   " + when("festival-j1") + " · Adulte ·", "\n   Pelouse)", "\n   Tribune)"}, "",
			[]int{0, 1}, 2, "\n  (" + hamlet + " ·", 4},
		{"80x24, thirty places: as many shown as without zones", thirty, 80, 21,
			[]string{ticket(thirty, 1, "CHF 25.00 Adulte · Galerie debout"), ticket(thirty, 16, "CHF 25.00 Adulte · Galerie debout")}, ticket(thirty, 0, "CHF 25.00 Adulte ·…"),
			nil, 0, "", 17},
		{"80x40, thirty places beside the QR", thirty, 80, 37,
			[]string{ticket(thirty, 29, "CHF 25.00 Adulte · Galerie debout")}, ticket(thirty, 0, "CHF 25.00 Adulte ·…"),
			nil, 0, "", 30},
		{"80x60, thirty places beside the QR and under it", thirty, 80, 57,
			[]string{ticket(thirty, 10, "CHF 25.00 Adulte · Galerie debout"), ticket(thirty, 29, "CHF 25.00 Adulte · Galerie debout")}, "",
			[]int{0, 9}, 10, "", 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newDone(app.c, counter.Sale{Order: tc.o})
			s.Update(s.Init()()) // the signed codes: the QR's real size
			s.SetSize(tc.w, tc.h)
			screen := ansi.Strip(s.View())
			lines := strings.Split(screen, "\n")
			for _, want := range tc.on {
				if !strings.Contains(screen, want) {
					t.Errorf("no line %q:\n%s", want, screen)
				}
			}
			if tc.cut != "" && !strings.Contains(screen, tc.cut) {
				t.Errorf("no line cut %q:\n%s", tc.cut, screen)
			}
			for _, i := range tc.notOn {
				for _, l := range lines {
					if strings.Contains(l, tc.o.Tickets[i].Number+" ") && strings.Contains(l, "Galerie") {
						t.Errorf("ticket %d says its zone on its line %q:\n%s", i, l, screen)
					}
				}
			}
			what := tc.what
			if what == "" {
				what = "\n  (Adulte · Galerie debout)"
			}
			if n := strings.Count(screen, what); n != tc.under {
				t.Errorf("%d zones under their ticket, want %d:\n%s", n, tc.under, screen)
			}
			n := 0
			for _, l := range lines {
				if len(l) > 1 && strings.HasPrefix(l[1:], tc.o.Number+"-") {
					n++
				}
			}
			if n != tc.shown {
				t.Errorf("%d tickets shown, want %d:\n%s", n, tc.shown, screen)
			}
		})
	}
}

// TestGoldenDoneSaysEachPlacesZone: two standing places of the Grande
// salle's gallery sold at 80x24: the done screen said "K01-000001-01 CHF
// 25.00" and nothing of where, a seat's line says its seat. Each line
// says "Galerie debout", after its tariff.
func TestGoldenDoneSaysEachPlacesZone(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.toStandingGallery()
	s.keys("+", "+", "enter")
	s.waitFor(s.tr("status.cart", 2, "CHF 50.00"))
	s.keys("c", "enter")
	s.waitFor(s.tr("pay.title"))
	s.keys("enter")
	s.typ("100")
	s.keys("enter")
	s.waitFor("K01-000001-02 CHF 25.00 Adulte · Galerie debout")
	s.golden(t)
}

// TestTheOrderSaysEachFreePlacementZone: an order of a lawn's and a
// grandstand's places at the festival said "Festival du Lac · Adulte" on
// both lines: which is which? Each says its zone, at 80 columns.
func TestTheOrderSaysEachFreePlacementZone(t *testing.T) {
	r := openRegister(t)
	till := claireAtTill(t, r)
	for _, zone := range []string{"pelouse", "tribune"} {
		if err := till.AddTickets("festival-j1", zone, "adult", 1); err != nil {
			t.Fatal(err)
		}
	}
	o, err := till.Checkout([]pos.Tender{cashTender})
	if err != nil {
		t.Fatal(err)
	}
	till.Close()
	s := claireSignedIn(t, r, "fr")
	s.waitFor("o commandes")
	s.toOrder(o.Number, "Commande "+o.Number+" · payée")
	s.waitFor(o.Tickets[0].Number+"  CHF 60.00   valable    Festival du Lac · Adulte · Pelouse",
		o.Tickets[1].Number+"  CHF 85.00   valable    Festival du Lac · Adulte · Tribune")
}
