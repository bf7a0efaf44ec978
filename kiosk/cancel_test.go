package kiosk

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/counter"
)

// lineWith is the screen line showing s (-1: none).
func (r *rig) lineWith(s string) int {
	for y, l := range strings.Split(r.screen(), "\n") {
		if strings.Contains(l, s) {
			return y
		}
	}
	return -1
}

func (r *rig) tap(y int) { r.tm.Send(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft}) }

// cartKept fails unless the cart still holds the two seats takeTwo took.
func (r *rig) cartKept(when string) {
	r.t.Helper()
	if c := r.m.Till().Cart(); len(c.Lines) != 2 || c.Lines[0].Seat != "A-2" || c.Lines[1].Seat != "A-3" {
		r.t.Fatalf("%s: the cart is %+v, want A-2 and A-3 still in it", when, c)
	}
}

const (
	askCancelEN = "Cancel everything? Enter to confirm, Esc to keep it"
	askTouchEN  = "Touch screen: touch the question to confirm, elsewhere to keep your order."
)

// TestCancelEverythingAsksFirst: "Cancel everything" with the keyboard
// asks once; Esc or a key moving away keeps the order (Esc stays on it,
// not back to the shows); Enter on the question empties it and lets its
// seats go. Before, one Enter on the item emptied the order at once.
func TestCancelEverythingAsksFirst(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.takeTwo()
	r.focusCart(2, cartCancel) // two seats, two lines
	r.keys("enter")
	r.waitFor("YOUR ORDER", askCancelEN, askTouchEN)
	if strings.Contains(r.screen(), "Esc: back") {
		t.Errorf("under the question, the keys say Esc goes back:\n%s", r.screen())
	}
	r.cartKept("asked")

	r.keys("esc")
	r.waitUntil(func() bool {
		s := r.screen()
		return strings.Contains(s, "YOUR ORDER") && strings.Contains(s, "▶  Cancel everything ") && !strings.Contains(s, askTouchEN) &&
			strings.Contains(s, "Esc: back")
	}, "Esc to keep the order, on the order")
	r.cartKept("Esc")

	r.keys("enter")
	r.waitFor(askCancelEN)
	r.keys("up") // a key by mistake answers no, and moves as it would
	r.waitUntil(func() bool {
		s := r.screen()
		return strings.Contains(s, "▶  Pay ") && !strings.Contains(s, askCancelEN)
	}, "up to keep the order and move to Pay")
	r.cartKept("up")

	r.keys("down", "enter")
	r.waitFor(askCancelEN)
	r.keys("enter")
	r.waitFor("Press any key to buy tickets")
	r.waitCartEmptied("after the cancel confirmed")
	other, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := r.svc.SeatMap("hamlet-00", "parterre", other); st["A-2"] != counter.SeatFree {
		t.Fatalf("A-2 is %v after the cancel, want free", st["A-2"])
	}
}

// TestCancelEverythingByTouch: a tap on "Cancel everything" asks; a tap
// off the question keeps the order; a tap on the question empties it.
func TestCancelEverythingByTouch(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.takeTwo()
	r.tap(r.lineWith("Cancel everything"))
	r.waitFor(askCancelEN, askTouchEN)
	r.cartKept("asked by a tap")

	r.tap(r.lineWith("Total: ")) // not an item
	r.waitUntil(func() bool { return !strings.Contains(r.screen(), askCancelEN) }, "a tap off the question to keep the order")
	r.waitFor("YOUR ORDER", "Cancel everything")
	r.cartKept("tap off the question")

	r.tap(r.lineWith("Cancel everything"))
	r.waitFor(askCancelEN)
	r.tap(r.lineWith(askCancelEN))
	r.waitFor("Press any key to buy tickets")
	r.waitCartEmptied("after the cancel confirmed by a tap")
}

// TestCancelEverythingUnansweredTimesOut: the question left unanswered
// is a screen like any: "still there?", then the start, the order empty.
func TestCancelEverythingUnansweredTimesOut(t *testing.T) {
	r := newRig(t, rigOpts{idle: time.Second, countdown: 300 * time.Millisecond})
	r.takeTwo()
	r.focusCart(2, cartCancel) // two seats, two lines
	r.keys("enter")
	r.waitFor(askCancelEN)
	r.waitFor("Are you still there?")
	r.waitFor("Press any key to buy tickets")
	r.waitCartEmptied("after the time out")
}
