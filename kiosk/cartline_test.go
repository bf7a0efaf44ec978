package kiosk

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/pos"
)

// TestAnOrdersTicketsSayTheirTariffOnce: a ticket whose whole description
// fit the line (120 columns; at 80 a narrow tariff's, "2 × Lake Festival
// · Adult · Fri 25 Dec 12:00 · Lawn   ◀ Adult ▶") said its tariff twice,
// while one cut short said it once: the lines of one order looked
// different. The tariff is said by its selector alone.
func TestAnOrdersTicketsSayTheirTariffOnce(t *testing.T) {
	seated := func(r *rig) {
		r.takeTwo()
		r.keys("left") // A-2 at the next tariff
		r.waitUntil(func() bool { return strings.Count(r.screen(), "◀ Adult ▶") == 1 }, "one line to change its tariff")
	}
	// 2 adults and a child in a zone without seats
	standing := func(show, zone string) func(r *rig) {
		return func(r *rig) {
			r.waitFor("Press any key to buy tickets")
			r.keys("x")
			r.waitFor("CHOOSE A SHOW")
			r.typ(strings.ToLower(show[:4]))
			r.waitFor("Type to search: "+strings.ToLower(show[:4]), show)
			r.keys("enter")
			r.waitFor("WHERE WOULD YOU LIKE TO SIT?", zone)
			if !strings.Contains(r.screen(), "▶  "+zone) { // the next zone
				r.keys("down")
				r.waitFor("▶  " + zone)
			}
			r.keys("enter")
			r.waitFor("HOW MANY TICKETS?")
			r.keys("right", "right", "down", "right", "end", "enter")
			r.waitFor("YOUR ORDER", "2 × "+show, "1 × "+show)
		}
	}
	for _, c := range []struct {
		name  string
		order func(*rig)
		width int
	}{{"seated", seated, 80}, {"seated", seated, 120}, {"standing", standing("Hamlet", "Standing gallery"), 120},
		{"lawn", standing("Lake Festival", "Lawn"), 80}, {"lawn", standing("Lake Festival", "Lawn"), 120}} {
		t.Run(fmt.Sprint(c.name, c.width), func(t *testing.T) {
			r := newRig(t, rigOpts{})
			c.order(r)
			r.tm.Send(tea.WindowSizeMsg{Width: c.width, Height: 24})
			var lines []string
			r.waitUntil(func() bool {
				lines = lines[:0]
				for _, l := range strings.Split(r.screen(), "\n") {
					if (strings.Contains(l, "Hamlet") || strings.Contains(l, "Lake Festival")) && strings.Contains(l, "◀") {
						lines = append(lines, l)
					}
				}
				// the price ends the line, near the window's right (at
				// most 100 columns): the line is laid out at this width
				return len(lines) == 2 && ansi.StringWidth(strings.TrimRight(lines[0], " ")) > min(c.width, 100)-5
			}, "two ticket lines at %d columns", c.width)
			for _, l := range lines {
				i := strings.Index(l, "◀")
				tariff := strings.TrimSpace(l[i+len("◀") : strings.LastIndex(l, "▶")])
				if n := strings.Count(l, tariff); n != 1 {
					t.Errorf("a ticket's line says its tariff %q %d times: %q", tariff, n, l)
				}
				if !strings.Contains(l, ":00 · ") || !strings.Contains(l, "CHF") {
					t.Errorf("a ticket's line lacks its time or price: %q", l)
				}
			}
		})
	}
}

// TestAnOrdersTicketsSayTheirSeatInOneForm: at 80 columns a ticket whose
// whole description fit ("Row A, seat 2", an Adult) sat above one cut
// short for its longer tariff ("A-3", a Student): one order, two ways of
// naming a seat. If one ticket needs the short form, all take it.
func TestAnOrdersTicketsSayTheirSeatInOneForm(t *testing.T) {
	r := newRig(t, rigOpts{catalog: func(c *pos.Catalog) {
		// a zone's name short enough that an Adult's line fits in full
		for _, v := range c.Venues {
			for _, z := range v.Zones {
				if z.Name["en"] == "Stalls" {
					z.Name["en"] = "Pit"
				}
			}
		}
	}})
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.typ("haml")
	r.waitFor("Type to search: haml", "Today 20:00")
	r.keys("enter")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?", "Pit")
	r.keys("enter")
	r.waitFor("CHOOSE YOUR SEATS", "A-2")
	r.keys("enter", "right", "enter")
	r.waitFor("· 2 tickets · ")
	r.keys("end", "enter")
	r.waitFor("YOUR ORDER", "Pay ")
	r.tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	// alone, an Adult's line fits at 80 columns in full
	r.waitFor("1 × Hamlet · Mon 23 Nov 20:00 · Pit · Row A, seat 2")
	r.keys("down")
	r.waitFor("▶  1 × Hamlet · Mon 23 Nov 20:00 · Pit · Row A, seat 3")
	for tariff := "Adult"; tariff != "Student"; { // A-3 a Student
		r.keys("left")
		was := tariff
		r.waitUntil(func() bool {
			l := r.screen()
			l = l[strings.Index(l, "▶  1 × "):]
			l = l[:strings.Index(l, "\n")]
			tariff = strings.TrimSpace(l[strings.Index(l, "◀")+len("◀") : strings.LastIndex(l, "▶")])
			return tariff != was
		}, "A-3's tariff to change from %s", was)
	}
	var tickets []string
	for _, l := range strings.Split(r.screen(), "\n") {
		if strings.Contains(l, "Hamlet") && strings.Contains(l, "◀") {
			tickets = append(tickets, l)
		}
	}
	if len(tickets) != 2 {
		t.Fatalf("want two ticket lines, got %q", tickets)
	}
	for i, seat := range []string{"A-2", "A-3"} {
		if !strings.Contains(tickets[i], "Pit · "+seat+" ") || strings.Contains(tickets[i], "Row A") {
			t.Errorf("ticket %d does not say its seat %s in short like the other: %q", i+1, seat, tickets[i])
		}
	}
}
