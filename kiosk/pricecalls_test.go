package kiosk

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// countedTill is the kiosk's till counting what it is asked about the
// cart (each of these takes the register's lock, which a journal write's
// pricing holds, and prices the cart).
type countedTill struct {
	*counter.Till
	mu    sync.Mutex
	calls []string
}

func (c *countedTill) count(call string) {
	c.mu.Lock()
	c.calls = append(c.calls, call)
	c.mu.Unlock()
}

func (c *countedTill) made() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.calls...)
}

func (c *countedTill) Cart() pos.Cart { c.count("Cart"); return c.Till.Cart() }
func (c *countedTill) Credit() pos.Money {
	c.count("Credit")
	return c.Till.Credit()
}
func (c *countedTill) CreditTickets() []pos.Ticket {
	c.count("CreditTickets")
	return c.Till.CreditTickets()
}
func (c *countedTill) Priced() (pos.PricedCart, error) {
	c.count("Priced")
	return c.Till.Priced()
}
func (c *countedTill) PaymentMethods() ([]*pos.PaymentMethod, error) {
	c.count("PaymentMethods")
	return c.Till.PaymentMethods()
}
func (c *countedTill) PricedWith(methods []string) (pos.PricedCart, error) {
	c.count("PricedWith")
	return c.Till.PricedWith(methods)
}

// askedNothing drives a model as the program would, one message at a
// time, and fails when its Update or its View asks the till about the
// cart; the Cmds they return run (and may ask), their answers given back.
type askedNothing struct {
	t    *testing.T
	m    *Model
	till *countedTill
	lock *heldLock // when set: Update and View run while another till holds the register's lock
}

func (a *askedNothing) step(msgs ...tea.Msg) {
	a.t.Helper()
	var cmds []tea.Cmd
	release := func() {}
	if a.lock != nil {
		release = a.lock.hold(a.t)
	}
	for _, msg := range msgs {
		before := len(a.till.made())
		done := make(chan tea.Cmd, 1)
		go func() { _, cmd := a.m.Update(msg); _ = a.m.View(); done <- cmd }()
		select {
		case cmd := <-done:
			cmds = append(cmds, cmd)
		case <-time.After(2 * time.Second):
			release()
			<-done
			a.t.Fatalf("Update(%v) or View on screen %v waited for the register's lock", msg, a.m.scr)
		}
		if calls := a.till.made()[before:]; len(calls) > 0 {
			release()
			a.t.Fatalf("Update(%v) or View on screen %v asked the till %v", msg, a.m.scr, calls)
		}
	}
	release()
	for _, cmd := range cmds {
		a.run(cmd)
	}
}

// run runs cmd and gives its answers back; a timer (idle) is left.
func (a *askedNothing) run(cmd tea.Cmd) {
	a.t.Helper()
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(200 * time.Millisecond): // a timer
		return
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			a.run(c)
		}
	default:
		a.step(msg)
	}
}

func (a *askedNothing) keys(ks ...string) {
	a.t.Helper()
	for _, k := range ks {
		a.step(key(k))
	}
}

// typ types s, the register's lock held (when held) throughout.
func (a *askedNothing) typ(s string) {
	a.t.Helper()
	var msgs []tea.Msg
	for _, r := range s {
		msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	a.step(msgs...)
}

func (a *askedNothing) shows(want ...string) {
	a.t.Helper()
	s := ansi.Strip(a.m.Screen())
	for _, w := range want {
		if !strings.Contains(s, w) {
			a.t.Fatalf("the screen does not show %q:\n%s", w, s)
		}
	}
}

// heldLock makes another till hold the register's lock: the register's
// clock, which that till reads under the lock (KeepHolds), stops until
// released, as a till's sale priced in its commit holds the lock.
type heldLock struct {
	mu    sync.Mutex
	gate  chan struct{} // nil: the clock runs
	other *counter.Till
}

func (h *heldLock) now() time.Time {
	h.mu.Lock()
	gate := h.gate
	h.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return saleDay
}

// hold returns once the other till holds the register's lock, and the
// function that lets it go.
func (h *heldLock) hold(t *testing.T) (release func()) {
	t.Helper()
	gate := make(chan struct{})
	h.mu.Lock()
	h.gate = gate
	h.mu.Unlock()
	go h.other.KeepHolds(0) // takes the lock, then reads the clock
	release = func() {
		h.mu.Lock()
		if h.gate == gate {
			h.gate = nil
			close(gate)
		}
		h.mu.Unlock()
	}
	// held once the other till's cart waits for it
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		looked := make(chan struct{})
		go func() { h.other.Cart(); close(looked) }()
		select {
		case <-looked:
		case <-time.After(20 * time.Millisecond):
			return release
		}
		if time.Now().After(deadline) {
			release()
			t.Fatal("the other till never held the register's lock")
		}
	}
}

// newAskedNothing is a kiosk model of its own on r's register (not the
// one r's program runs), its till counted.
func newAskedNothing(t *testing.T, r *rig) *askedNothing {
	t.Helper()
	m, err := New(Options{Service: r.svc, Terminal: r.m.o.Terminal, Lang: pos.English, Now: func() time.Time { return saleDay }, Log: r.logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	till := &countedTill{Till: m.till}
	m.cart = till
	a := &askedNothing{t: t, m: m, till: till}
	a.step(tea.WindowSizeMsg{Width: 80, Height: 24})
	return a
}

// TestTheCartIsPricedOffUpdateAndView: the seat plan and the
// quantities priced the cart on every frame (View), the order priced it
// when it opened, the payment asked for its methods and their fees, and
// Esc on the show list read the cart, all inside Update or View, each
// taking the register's lock. The screens now draw the last answer and
// ask again in a tea.Cmd. The test failed before: View on the
// quantities asked the till for its cart (Cart) at every frame.
func TestTheCartIsPricedOffUpdateAndView(t *testing.T) {
	r := newRig(t, rigOpts{})
	a := newAskedNothing(t, r)
	a.keys("x")
	a.typ("haml")
	a.keys("enter")
	a.shows("WHERE WOULD YOU LIKE TO SIT?")
	a.keys("down", "enter")
	a.shows("HOW MANY TICKETS?")
	a.keys("+", "+")
	a.shows("−   2  +", "· 2 tickets · CHF 50.00")
	a.keys("end", "enter")
	a.shows("YOUR ORDER", "Pay CHF 50.00")
	a.keys("esc") // the show list
	a.shows("CHOOSE A SHOW")
	a.keys("esc") // the cart holds places: the order, not the start
	a.shows("YOUR ORDER", "Pay CHF 50.00")
	a.keys("down", "down", "down", "enter")
	a.shows("HOW WOULD YOU LIKE TO PAY?", "To pay: CHF 50.00", "Credit card")
	if len(a.till.made()) == 0 {
		t.Fatal("the till was never asked: the screens drew from the till itself")
	}
}

// TestUpdateAndViewNeverWaitForTheRegistersLock: every key and answer,
// through a sale's screens, an exchange's and the language switch, is
// handled and drawn while another till holds the register's lock (as its
// sale, priced in its commit, does). The test failed before: every key
// waited for the lock (touch kept the cart's holds, KeepHolds, even with
// nothing held), and F2 did (SetLang prices the cart under it).
func TestUpdateAndViewNeverWaitForTheRegistersLock(t *testing.T) {
	h := &heldLock{}
	r := newRig(t, rigOpts{regNow: h.now})
	o := r.soldAtTheCounter()
	other, err := r.svc.Unlock("marc", "5678")
	if err != nil {
		t.Fatal(err)
	}
	h.other = other
	a := newAskedNothing(t, r)
	a.lock = h
	// the exchange: two tickets scanned, on to the shows
	a.keys("down", "enter")
	a.shows("Scan the QR code of each ticket")
	for i := range 2 {
		a.typ(r.code(o.Number, i))
		a.keys("enter")
	}
	a.shows("F-9", "F-10", "CHF 90.00")
	a.keys("enter")
	a.shows("CHOOSE A SHOW")
	a.keys("f2", "f2")
	a.typ("haml")
	a.keys("enter")
	a.shows("WHERE WOULD YOU LIKE TO SIT?")
	a.keys("enter") // the stalls' plan
	a.shows("CHOOSE YOUR SEATS")
	a.keys("enter")
	a.shows("· 1 ticket · CHF 45.00")
	a.keys("end", "enter")
	a.shows("YOUR ORDER", "Confirm")
	a.keys("f2", "f2", "esc", "esc")
	a.shows("YOUR ORDER")
	a.keys("down", "down", "down", "enter")
	a.shows("HOW WOULD YOU LIKE TO PAY?", "To pay: CHF 0.00", "Confirm the exchange")
}
