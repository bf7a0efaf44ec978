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
}

func (a *askedNothing) step(msg tea.Msg) {
	a.t.Helper()
	before := len(a.till.made())
	_, cmd := a.m.Update(msg)
	if calls := a.till.made()[before:]; len(calls) > 0 {
		a.t.Fatalf("Update(%v) on screen %v asked the till %v", msg, a.m.scr, calls)
	}
	_ = a.m.View()
	if calls := a.till.made()[before:]; len(calls) > 0 {
		a.t.Fatalf("View after %v on screen %v asked the till %v", msg, a.m.scr, calls)
	}
	a.run(cmd)
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

func (a *askedNothing) typ(s string) {
	a.t.Helper()
	for _, r := range s {
		a.step(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
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

// newAskedNothing is a kiosk model of its own on r's register (not the
// one r's program runs), its till counted.
func newAskedNothing(t *testing.T, r *rig) *askedNothing {
	t.Helper()
	m, err := New(Options{Service: r.svc, Terminal: r.m.o.Terminal, Lang: pos.English, Now: func() time.Time { return saleDay }, Log: r.logs.add})
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
