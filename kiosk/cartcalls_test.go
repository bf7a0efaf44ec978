package kiosk

import (
	"strings"
	"testing"
	"time"

	"guichet/counter"
)

// slowTill is the kiosk's till with a central server that takes its time:
// AddTickets waits until the test opens the gate (as a till in escrow
// asking the server for places, up to seconds).
type slowTill struct {
	*counter.Till
	asked chan struct{} // an AddTickets is waiting at the gate
	gate  chan struct{}
	open  func() // opens the gate: the server answers
}

func (s *slowTill) AddTickets(perf, zone, category string, qty int) error {
	select {
	case s.asked <- struct{}{}:
	default:
	}
	<-s.gate
	return s.Till.AddTickets(perf, zone, category, qty)
}

func slowRig(t *testing.T) (*rig, *slowTill) {
	t.Helper()
	slow := &slowTill{asked: make(chan struct{}, 1), gate: make(chan struct{})}
	r := newRig(t, rigOpts{cart: func(till *counter.Till) cartTill { slow.Till = till; return slow }})
	open := false
	// a test that fails still lets the program stop (cleanups run last
	// first: this one before the rig's)
	t.Cleanup(func() {
		if !open {
			close(slow.gate)
		}
	})
	slow.open = func() { open = true; close(slow.gate) }
	return r, slow
}

// toGallery goes from the attract screen to the quantities of tonight's
// Hamlet's standing gallery.
func (r *rig) toGallery() {
	r.t.Helper()
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.typ("haml")
	r.waitFor("Type to search: haml", "Today 20:00")
	r.keys("enter")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?")
	r.keys("down", "enter")
	r.waitFor("HOW MANY TICKETS?", "−   0  +")
}

func (s *slowTill) waitAsked(t *testing.T) {
	t.Helper()
	select {
	case <-s.asked:
	case <-time.After(5 * time.Second):
		t.Fatal("the kiosk never asked its till to add the places")
	}
}

// TestAPlaceAskedOfASlowServerDoesNotFreezeTheKiosk: while the till asks
// the central server for a place, the kiosk still answers keys; the
// customer's taps count in order, and the places show once the answer
// comes. The test failed before: the + ran AddTickets inside Update, so F2
// was never handled while it waited (the screen stayed in English).
func TestAPlaceAskedOfASlowServerDoesNotFreezeTheKiosk(t *testing.T) {
	r, slow := slowRig(t)
	r.toGallery()
	// the keys are sent aside: a kiosk frozen in Update would not even
	// take them, and the test would wait for ever instead of failing
	go r.keys("+", "+", "-", "+", "f2") // F2: the language switch, while the first place is asked
	slow.waitAsked(t)
	r.waitFor("COMBIEN DE BILLETS ?", "−   0  +")
	slow.open()
	r.waitFor("−   2  +")
	if c := r.m.Till().Cart(); len(c.Lines) != 1 || c.Lines[0].Quantity != 2 {
		t.Fatalf("+ + - + made the cart %+v; want one line of 2 places", c.Lines)
	}
}

// TestTheOrderOpenedBeforeTheAnswerShowsThePlaces: Continue tapped while
// a place is asked opens the order, which shows the place once it is
// added; Pay chosen meanwhile waits for it.
func TestTheOrderOpenedBeforeTheAnswerShowsThePlaces(t *testing.T) {
	r, slow := slowRig(t)
	r.toGallery()
	go r.keys("+", "end", "enter")
	slow.waitAsked(t)
	r.waitFor("YOUR ORDER")
	if s := r.screen(); strings.Contains(s, "CHF 25.00") {
		t.Fatalf("the order shows a place not added yet:\n%s", s)
	}
	r.focusCart(0, cartPay)
	r.keys("enter") // Pay, before the place is in the order
	slow.open()
	r.waitFor("HOW WOULD YOU LIKE TO PAY?", "To pay: CHF 25.00") // the place, priced
	if n := len(r.m.Till().Cart().Lines); n != 1 {
		t.Fatalf("the cart holds %d lines at the payment; want the place asked", n)
	}
}
