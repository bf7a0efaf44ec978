package kiosk

import (
	"strings"
	"testing"
)

// TestTheOrdersArrowsSayTheyChangeTheLinesTickets: on the order, ← → change
// the price category of every ticket of the focused line (three adults of
// the standing gallery become three children, as the customer counted
// them on the screen before). The help said "to change a ticket's price",
// and a customer with one child among three adults found all three
// changed. It now says the line's tickets.
func TestTheOrdersArrowsSayTheyChangeTheLinesTickets(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.toGallery()
	r.keys("+", "+", "+")
	r.waitFor("−   3  +")
	r.keys("end", "enter")
	r.waitFor("YOUR ORDER", "3 × Hamlet", "◀ Adult ▶", "to change the price of the line's tickets.")
	r.keys("right")
	r.waitFor("YOUR ORDER", "3 × Hamlet", "◀ Child ▶")
	if s := r.screen(); strings.Contains(s, "Adult ▶") || strings.Contains(s, "a ticket's price") {
		t.Fatalf("→ changed one ticket of the three, or the help still says a ticket's:\n%s", s)
	}
}
