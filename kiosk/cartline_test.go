package kiosk

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
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
