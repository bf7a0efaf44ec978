package kiosk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"guichet/internal/syncbuf"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/local"
	"guichet/payterm"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

// saleDay is a Monday morning: Hamlet plays tonight (hamlet-00), first on
// the list.
var saleDay = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// rig is a kiosk running as a real Bubble Tea program (teatest) on a
// register with a network printer (printertest) and the terminal
// simulator. Checks wait until the frame the kiosk drew shows the words.
type rig struct {
	t       *testing.T
	svc     *counter.Service
	m       *Model
	tm      *teatest.TestModel
	sim     *payterm.Simulator
	printer *printertest.Printer
	logs    *logBook
}

// logBook is the kiosk's log, written from its goroutines and read by the
// test.
type logBook struct{ syncbuf.Buffer }

// logger is the kiosk's log into the book, as guichet kiosk --log-format
// json writes it: one JSON record a line.
func (l *logBook) logger() *slog.Logger { return slog.New(slog.NewJSONHandler(&l.Buffer, nil)) }

// record is the first record of the book whose message is msg, its
// fields as JSON gives them (a record that is not JSON fails the test).
func (l *logBook) record(t *testing.T, msg string) (map[string]any, bool) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSuffix(l.String(), "\n"), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("a log line that is not a JSON record: %q (%v)", line, err)
		}
		if rec["msg"] == msg {
			return rec, true
		}
	}
	return nil, false
}

type rigOpts struct {
	idle, countdown time.Duration
	printInterval   time.Duration
	now             func() time.Time             // default: saleDay
	regNow          func() time.Time             // the register's clock; default: saleDay
	term            payterm.Terminal             // default: the simulator
	seen            *msgLog                      // when set: every message the kiosk handles
	catalog         func(*pos.Catalog)           // when set: changes the demo catalog first
	cart            func(*counter.Till) cartTill // when set: the till the cart changes reach
	// when set: what the kiosk reads of the register, given the register's
	reads func(registerReads) registerReads
	// when set: the seat map the plan reads, given the register's
	seatMap func(func(perf, zone string, t *counter.Till) (map[string]counter.SeatState, error)) func(perf, zone string, t *counter.Till) (map[string]counter.SeatState, error)
}

// msgLog records the type of each message the kiosk handles.
type msgLog struct {
	mu    sync.Mutex
	types []string
}

func (l *msgLog) since(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.types[min(n, len(l.types)):]...)
}

// count is how many of types are want.
func count(types []string, want string) int {
	n := 0
	for _, t := range types {
		if t == want {
			n++
		}
	}
	return n
}

func (l *msgLog) len() int { l.mu.Lock(); defer l.mu.Unlock(); return len(l.types) }

// logged is the kiosk as the program runs it, each message recorded.
type logged struct {
	*Model
	log *msgLog
}

func (l logged) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	l.log.mu.Lock()
	l.log.types = append(l.log.types, fmt.Sprintf("%T", msg))
	l.log.mu.Unlock()
	_, cmd := l.Model.Update(msg)
	return l, cmd
}

func newRig(t *testing.T, ro rigOpts) *rig {
	t.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	if ro.catalog != nil {
		ro.catalog(cat)
	}
	fake := printertest.New(t)
	tr := fake.Open()
	if ro.printInterval == 0 {
		ro.printInterval = 20 * time.Millisecond
	}
	if ro.regNow == nil {
		ro.regNow = func() time.Time { return saleDay }
	}
	svc, err := counter.Open(counter.Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: ro.regNow, Lang: pos.English, Printer: tr, PrintInterval: ro.printInterval, Receipts: counter.ReceiptsAlways})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	sim, err := payterm.Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	var term payterm.Terminal
	if ro.term != nil {
		term = ro.term
	} else {
		term, _ = payterm.Open(sim.Spec())
	}
	logs := &logBook{}
	if ro.now == nil {
		ro.now = func() time.Time { return saleDay }
	}
	m, err := New(Options{Service: svc, Terminal: term, Lang: pos.English, Now: ro.now,
		Idle: ro.idle, Countdown: ro.countdown, Log: logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	if ro.cart != nil {
		m.cart = ro.cart(m.till)
	}
	if ro.seatMap != nil {
		m.seatMap = ro.seatMap(m.seatMap)
	}
	if ro.reads != nil {
		m.reads = ro.reads(m.reads)
	}
	var model tea.Model = m
	if ro.seen != nil {
		model = logged{m, ro.seen}
	}
	tm := teatest.NewTestModel(t, model, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithFPS(120), tea.WithEnvironment([]string{"NO_COLOR=1", "TERM=xterm-256color"})))
	r := &rig{t: t, svc: svc, m: m, tm: tm, sim: sim, printer: fake, logs: logs}
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		if t.Failed() {
			t.Logf("kiosk log:\n%s", logs)
		}
	})
	return r
}

func (r *rig) screen() string { return ansi.Strip(r.m.Screen()) }

// waitFor waits until the kiosk's frame shows every one of want.
func (r *rig) waitFor(want ...string) {
	r.t.Helper()
	r.waitUntil(func() bool {
		s := r.screen()
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	}, "the screen to show %q", want)
	r.fits()
}

// waitPay waits until the pay screen shows every one of want and its
// methods came (the register is asked for them off Update: "One moment…"
// meanwhile, and Enter does nothing).
func (r *rig) waitPay(want ...string) {
	r.t.Helper()
	r.waitUntil(func() bool {
		s := r.screen()
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return !strings.Contains(s, "One moment…")
	}, "the screen to show %q and the payment's methods", want)
	r.fits()
}

// waitForSaid waits until the kiosk's frame shows sentence, wrapped over
// lines as it may be.
func (r *rig) waitForSaid(sentence string) {
	r.t.Helper()
	want := strings.Join(strings.Fields(sentence), " ")
	r.waitUntil(func() bool {
		return strings.Contains(strings.Join(strings.Fields(r.screen()), " "), want)
	}, "the screen to say %q", sentence)
	r.fits()
}

// fits fails the test when a line of the screen is wider than the rig's
// 80 columns: the terminal cuts it (a sentence's end, what to do, lost).
func (r *rig) fits() {
	r.t.Helper()
	for _, l := range strings.Split(r.screen(), "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			r.t.Errorf("a line %d cells wide on the kiosk's 80 columns, cut by the terminal: %q", w, l)
		}
	}
}

// waitCartEmptied waits for the kiosk's cart to be empty: a reset empties
// it in the cart's queue (after the changes under way), so the start
// screen may show first.
func (r *rig) waitCartEmptied(when string) {
	r.t.Helper()
	r.waitUntil(func() bool { return len(r.m.Till().Cart().Lines) == 0 }, "the cart to be emptied "+when)
}

func (r *rig) waitUntil(cond func() bool, what string, args ...any) {
	r.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(3 * time.Millisecond) {
		if cond() {
			return
		}
	}
	r.t.Fatalf("waited 5 s for "+what+"; the screen:\n%s", append(args, r.screen())...)
}

func key(k string) tea.KeyPressMsg {
	codes := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "end": tea.KeyEnd, "home": tea.KeyHome, "backspace": tea.KeyBackspace,
		"f2": tea.KeyF2, "f12": tea.KeyF12, "f4": tea.KeyF4}
	if c, ok := codes[k]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func (r *rig) keys(ks ...string) {
	for _, k := range ks {
		r.tm.Send(key(k))
	}
}

func (r *rig) typ(s string) { r.tm.Type(s) }

// toSeats goes from the attract screen to tonight's Hamlet's stalls.
func (r *rig) toSeats() {
	r.t.Helper()
	r.toSeatsOn("A-2") // A-1 is not for sale: the cursor starts on A-2
}

// toSeatsOn is toSeats when the plan opens with its cursor on seat.
func (r *rig) toSeatsOn(seat string) {
	r.t.Helper()
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.typ("haml")
	r.waitFor("Type to search: haml", "Today 20:00")
	r.keys("enter")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?", "Stalls")
	r.keys("enter")
	r.waitFor("CHOOSE YOUR SEATS", seat)
}

// takeTwo takes, then goes on to the order.
func (r *rig) takeTwo() {
	r.t.Helper()
	r.toSeats()
	r.keys("enter", "right", "enter")
	r.waitFor("· 2 tickets · ")
	r.keys("end", "enter")
	r.waitFor("YOUR ORDER", "Pay ")
}

// buyTwo takes two seats and pays them by card, up to the thank-you.
func (r *rig) buyTwo() {
	r.t.Helper()
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	r.keys("enter")
	r.waitFor("Thank you!")
}

// focusCart moves the focus to one of the cart's items after its lines.
func (r *rig) focusCart(lines, item int) {
	for range lines + item {
		r.keys("down")
	}
}

func (r *rig) orders() []counter.OrderView {
	r.t.Helper()
	os, err := r.svc.FindOrders("K01", 10)
	if err != nil {
		r.t.Fatal(err)
	}
	return os
}

func TestACustomerBuysTwoSeatsWithACodeAndPaysOnTheTerminal(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.takeTwo()
	r.focusCart(2, cartCode)
	r.keys("enter")
	r.waitFor("YOUR PROMO CODE")
	r.typ("bienvenue")
	r.keys("enter")
	r.waitFor("The code BIENVENUE is applied.", "Code BIENVENUE applied")
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?", "Card")
	r.keys("enter")
	r.waitFor("Thank you!", "Order K01-000001", "Your tickets are printing")

	os := r.orders()
	if len(os) != 1 {
		t.Fatalf("%d orders, want 1", len(os))
	}
	o := os[0].Order
	if len(o.Tickets) != 2 || o.Offer == nil || o.Offer.Code != "BIENVENUE" || o.Staff != "kiosk" {
		t.Fatalf("order %+v", o)
	}
	if p := o.Payments; len(p) != 1 || p[0].Card == nil || !strings.HasPrefix(p[0].Card.Terminal, "SIM-") || p[0].Amount != o.Total {
		t.Fatalf("payments %+v, total %s", p, o.Total)
	}
	// the tickets come out of the printer
	r.waitUntil(func() bool {
		b := r.printer.Printed()
		return bytes.Contains(b, []byte(o.Tickets[0].Number)) && bytes.Contains(b, []byte(o.Tickets[1].Number))
	}, "the printer to print %s and %s", o.Tickets[0].Number, o.Tickets[1].Number)

	// each ticket's QR alone on the screen, then back to the start
	r.keys("enter")
	r.waitFor("Ticket 1 of 2", "Hamlet", "Today 20:00", o.Tickets[0].Number, "▀")
	if strings.Contains(r.screen(), "Ticket 1 of 2 ·") {
		t.Fatalf("the ticket's title ends in a separator with nothing after it:\n%s", r.screen())
	}
	r.keys("enter")
	r.waitFor("Ticket 2 of 2", o.Tickets[1].Number)
	r.keys("enter")
	r.waitFor("Press any key to buy tickets")
	if c := r.m.Till().Cart(); len(c.Lines) != 0 {
		t.Fatalf("the cart after the sale: %+v", c)
	}
}

func TestADeclinedPaymentKeepsTheCartThenAnApprovalRecordsIt(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	if err := r.sim.SetNext(payterm.Declined); err != nil {
		t.Fatal(err)
	}
	r.keys("enter")
	r.waitFor("The payment was declined.")
	if n := len(r.orders()); n != 0 {
		t.Fatalf("%d orders after a decline", n)
	}
	if c := r.m.Till().Cart(); len(c.Lines) != 2 {
		t.Fatalf("the cart after a decline: %+v", c)
	}
	if st, _ := r.svc.SeatMap("hamlet-00", "parterre", nil); st["A-2"] == counter.SeatFree {
		t.Fatal("a decline released the seats")
	}
	r.keys("enter") // try again
	r.waitFor("Thank you!", "Order K01-000001")
	if n := len(r.orders()); n != 1 || r.sim.Approvals() != 1 {
		t.Fatalf("%d orders, %d approvals", n, r.sim.Approvals())
	}
}

func TestIdleResetReleasesTheHolds(t *testing.T) {
	r := newRig(t, rigOpts{idle: time.Second, countdown: 300 * time.Millisecond})
	r.toSeats()
	r.keys("enter")
	r.waitFor("· 1 ticket · ")
	// another till sees the seat held
	other, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := r.svc.SeatMap("hamlet-00", "parterre", other); st["A-2"] != counter.SeatHeldByOther {
		t.Fatalf("A-2 is %v to another till, want held", st["A-2"])
	}
	r.waitFor("Are you still there?")
	r.waitFor("Press any key to buy tickets")
	r.waitCartEmptied("after the reset") // its holds with it
	if st, _ := r.svc.SeatMap("hamlet-00", "parterre", other); st["A-2"] != counter.SeatFree {
		t.Fatalf("A-2 is %v to another till after the reset, want free", st["A-2"])
	}
	if err := other.AddSeats("hamlet-00", "parterre", "adult", "A-2"); err != nil {
		t.Fatalf("another till cannot take A-2 after the reset: %v", err)
	}
}

// TestTheSeatPlanShowsASeatTakenElsewhere: the plan follows the register
// (a key that moves the cursor reads nothing): a seat another till takes
// shows as taken on the kiosk at once, without a key, and one it lets go
// shows free again.
func TestTheSeatPlanShowsASeatTakenElsewhere(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.toSeats()
	rowA := func() string {
		for _, l := range strings.Split(r.screen(), "\n") {
			if strings.HasSuffix(strings.TrimSpace(l), "A-2") {
				return l
			}
		}
		return ""
	}
	before := strings.Count(rowA(), "×")
	other, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := other.AddSeats("hamlet-00", "parterre", "adult", "A-3"); err != nil {
		t.Fatal(err)
	}
	r.waitUntil(func() bool { return strings.Count(rowA(), "×") == before+1 }, "A-3 to show taken")
	if err := other.ClearCart(); err != nil {
		t.Fatal(err)
	}
	r.waitUntil(func() bool { return strings.Count(rowA(), "×") == before }, "A-3 to show free again")
}

func TestAKeyAnswersStillThere(t *testing.T) {
	r := newRig(t, rigOpts{idle: time.Second, countdown: 5 * time.Second})
	r.toSeats()
	r.keys("enter")
	r.waitFor("· 1 ticket · ")
	r.waitFor("Are you still there?")
	r.keys("x")
	r.waitFor("CHOOSE YOUR SEATS")
	if c := r.m.Till().Cart(); len(c.Lines) != 1 {
		t.Fatalf("the cart after answering: %+v", c)
	}
}

// TestTheKeyThatAnswersStillThereDoesNothingElse: Enter (or a touch)
// answering "Are you still there?" only answers it; the screen under it
// does not take it too. The test failed before: the key was also the
// screen's, and Enter on the seat plan gave back the seat the customer
// had chosen (on the payment it would have started a charge).
func TestTheKeyThatAnswersStillThereDoesNothingElse(t *testing.T) {
	for _, answer := range []string{"enter", "click"} {
		t.Run(answer, func(t *testing.T) {
			r := newRig(t, rigOpts{idle: 2 * time.Second, countdown: 5 * time.Second})
			r.toSeats()
			r.keys("enter")
			r.waitFor("· 1 ticket · ")
			r.waitFor("Are you still there?")
			if answer == "enter" {
				r.keys("enter")
			} else {
				r.tm.Send(tea.MouseClickMsg{X: 8, Y: 3, Button: tea.MouseLeft}) // on A-2
			}
			r.waitFor("CHOOSE YOUR SEATS")
			r.keys("right", "enter") // A-3 too, after whatever the answer did
			r.waitFor("· 2 tickets · ")
		})
	}
}

// TestTheSearchFindsTheShowsThatBeginWithTheTyping: a customer's "h"
// lists Hamlet alone (every show with an h in its name before: "A Trip to
// the Moon"); "moon" finds the film by a word of its name; "oon" nothing.
func TestTheSearchFindsTheShowsThatBeginWithTheTyping(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW", "A Trip to the Moon")
	r.typ("h")
	r.waitFor("Type to search: h", "Hamlet")
	if s := r.screen(); strings.Contains(s, "A Trip to the Moon") {
		t.Fatalf("h finds a show no word of whose name begins with h:\n%s", s)
	}
	r.keys("backspace")
	r.typ("moon")
	r.waitFor("Type to search: moon", "A Trip to the Moon")
	r.keys("backspace", "backspace", "backspace", "backspace")
	r.typ("oon")
	r.waitFor("Type to search: oon")
	if s := r.screen(); strings.Contains(s, "A Trip to the Moon") || strings.Contains(s, "Hamlet") {
		t.Fatalf("oon finds a show:\n%s", s)
	}
}

func TestCtrlCAndTheOtherEscapesDoNothing(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	for _, k := range []tea.KeyPressMsg{
		{Code: 'c', Mod: tea.ModCtrl}, {Code: 'z', Mod: tea.ModCtrl}, {Code: '\\', Mod: tea.ModCtrl},
		{Code: 'd', Mod: tea.ModCtrl}, {Code: tea.KeyF4, Mod: tea.ModAlt}, {Code: tea.KeyF1, Mod: tea.ModAlt},
	} {
		r.tm.Send(k)
	}
	time.Sleep(50 * time.Millisecond)
	if !strings.Contains(r.screen(), "Press any key to buy tickets") {
		t.Fatalf("the escapes moved the kiosk:\n%s", r.screen())
	}
	// still running: a key still works
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
}

func TestTheExitSequenceWithAWrongPINKeepsTheKioskRunning(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("9999")
	r.waitFor("••••")
	r.keys("enter")
	r.waitFor("Wrong PIN.", "Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	// the right PIN opens the staff menu, and leaving ends the program
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Leave the kiosk")
	r.keys("down", "down", "enter")
	r.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if !r.m.Left() {
		t.Fatal("the kiosk ended without being left by staff")
	}
}

func TestPaperOutShowsTheCustomerScreenAndStopsSales(t *testing.T) {
	// The spooler looks at the printer only when woken (a sale) here, so
	// the paper runs out between the payment and the printing.
	r := newRig(t, rigOpts{printInterval: time.Hour})
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	r.printer.SetPaperOut(true)
	r.keys("enter")
	r.waitFor("Your tickets are safe: order K01-000001.", "Please ask at the counter")
	q, err := r.svc.Register().PrintQueue()
	tickets := 0
	for _, j := range q {
		if j.Order == "K01-000001" && j.Ticket.Number != "" {
			tickets++
		}
	}
	if err != nil || tickets != 2 {
		t.Fatalf("print queue %+v (%v), want the order's 2 tickets", q, err)
	}
	r.keys("enter")
	r.waitFor("Sales are paused")
	r.keys("x", "enter")
	time.Sleep(50 * time.Millisecond)
	if s := r.screen(); !strings.Contains(s, "Sales are paused") {
		t.Fatalf("a key started a sale while the printer cannot print:\n%s", s)
	}
	// staff: reopening waits for paper
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Last order K01-000001: its tickets are waiting to print", "out of paper: load a new roll")
	r.keys("down", "enter")
	r.waitFor("The printer still cannot print")
	r.printer.SetPaperOut(false)
	r.waitUntil(func() bool { r.svc.WakePrinter(); return r.svc.Printer().CanPrint() }, "the printer to have paper")
	r.keys("enter")
	r.waitFor("Sales are open again.")
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")
}

func TestASelfServiceExchangeLeavesACreditVoucher(t *testing.T) {
	r := newRig(t, rigOpts{})
	// a customer bought two stalls seats for tonight at the counter
	o := r.soldAtTheCounter()
	// at the kiosk: exchange one for a cheaper standing place in the gallery
	// they scan the ticket's QR code, then Enter on the empty line
	r.waitFor("Exchange tickets")
	r.keys("down", "enter")
	r.waitFor("EXCHANGE TICKETS", "Scan the QR code of each ticket", "No ticket scanned yet.")
	r.scan(r.code(o.Number, 0))
	r.waitFor("Ticket K01-000001-01 added.", "K01-000001-01 · Hamlet · Today 20:00 · Stalls · F-9")
	r.keys("enter")
	r.waitFor("1 ticket taken back", "CHOOSE A SHOW")
	r.typ("haml")
	r.waitFor("Type to search: haml")
	r.keys("enter")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?")
	r.keys("down", "enter")
	r.waitFor("HOW MANY TICKETS?")
	r.keys("right", "end", "enter")
	// the place's line first: the cursor is moved among the lines shown
	r.waitFor("YOUR ORDER", "1 × Hamlet", "Your exchanged tickets", "Confirm the exchange")
	r.focusCart(1, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?", "Confirm the exchange")
	r.keys("enter")
	r.waitFor("Thank you!", "Credit voucher K01-A0001")
	v, ok, _ := r.svc.VoucherBalance("K01-A0001")
	if !ok || v.IsZero() {
		t.Fatalf("voucher balance %s %v", v, ok)
	}
	ov, _, _ := r.svc.Order(o.Number)
	if ov.Tickets[0].State != "exchanged" {
		t.Fatalf("the ticket exchanged is still valid: %+v", ov.Tickets[0])
	}
	r.waitUntil(func() bool { return bytes.Contains(r.printer.Printed(), []byte("K01-A0001")) }, "the credit voucher to print")
	if r.sim.Approvals() != 0 {
		t.Fatalf("the terminal charged %d times for an exchange paid by its credit", r.sim.Approvals())
	}
}

// panicky is a terminal adapter with a bug.
type panicky struct{}

func (panicky) Charge(context.Context, pos.Money, string) (payterm.Result, error) {
	panic("the adapter broke")
}
func (panicky) Status(context.Context, string) (payterm.Result, error) {
	return payterm.Result{Outcome: payterm.Unknown}, nil
}

func TestAPanicShowsAFriendlyScreenAndStartsAgain(t *testing.T) {
	r := newRig(t, rigOpts{term: panicky{}})
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	r.keys("enter")
	r.waitFor("Oops, something went wrong.", "Let's start again. You were not charged.")
	// a record with fields (kiosk.Options.Log is a *slog.Logger): the
	// panic's value and its stack apart from the message, where the log
	// was one string, "kiosk: panic: the adapter broke\n<stack>"
	rec, ok := r.logs.record(t, "panic")
	if stack, _ := rec["stack"].(string); !ok || rec["level"] != "ERROR" || rec["panic"] != "the adapter broke" || !strings.Contains(stack, "goroutine ") {
		t.Fatalf("the panic's record: %v\n%s", rec, r.logs)
	}
	r.waitCartEmptied("after the panic")
	r.keys("enter")
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
}

func TestF2AndAClickSwitchTheLanguageOnEveryScreen(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets", "F2 · Français")
	r.keys("f2")
	r.waitFor("Appuyez sur une touche pour acheter des billets", "F2 · English")
	r.tm.Send(tea.MouseClickMsg{X: 70, Y: 0, Button: tea.MouseLeft}) // the switch on the top line
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.keys("f2")
	r.waitFor("CHOISISSEZ UN SPECTACLE")
	r.typ("haml")
	r.keys("enter")
	r.waitFor("OÙ VOULEZ-VOUS ÊTRE ?", "Parterre")
	r.keys("f2")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?", "Stalls")
	// a click on the second zone chooses it
	var y int
	for i, l := range strings.Split(r.screen(), "\n") {
		if strings.Contains(l, "Standing gallery") {
			y = i
		}
	}
	r.tm.Send(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft})
	r.waitFor("HOW MANY TICKETS?")
	r.keys("f2")
	r.waitFor("COMBIEN DE BILLETS ?")
}

func TestTheNumericKeypadMovesAndChooses(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	r.keys("5") // any key
	r.waitFor("CHOOSE A SHOW")
	r.typ("haml")
	r.waitFor("Type to search: haml")
	r.keys("2", "8", "5") // down, up, Enter: tonight's Hamlet
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?", "Today 20:00")
	r.keys("2", "5") // the gallery
	r.waitFor("HOW MANY TICKETS?")
	r.keys("6", "+") // two adults
	r.waitFor("−   2  +")
	r.keys("0") // back
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?")
}

func TestTheKioskReconcilesAtStartAChargeLeftUnanswered(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "guichet.db")
	svc, err := counter.Open(counter.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	sim, err := payterm.Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	term, _ := payterm.Open(sim.Spec())
	// a kiosk asked for a charge, the terminal approved it, and the power went
	till, err := svc.UnlockKiosk()
	if err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	pc, err := till.PricedWith([]string{"card"})
	if err != nil {
		t.Fatal(err)
	}
	req, err := till.RequestPayment("card", pc.Total)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.Charge(context.Background(), req.Amount, req.Ref); err != nil {
		t.Fatal(err)
	}
	svc.Close()
	// the kiosk starts again: its first screen asks the terminal
	svc, err = counter.Open(counter.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	m, err := New(Options{Service: svc, Terminal: term, Lang: pos.English, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	defer func() { _ = tm.Quit(); tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second)) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ov, ok, err := svc.Order("K01-000001")
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			if len(ov.Tickets) != 2 || ov.Order.Payments[0].Card == nil {
				t.Fatalf("the order recorded at start: %+v", ov.Order)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the approval whose answer was lost never became its order")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for { // the request is resolved just after its order is recorded
		p, err := svc.Register().PendingPayments()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still pending: %+v", p)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if sim.Approvals() != 1 {
		t.Fatalf("%d approvals, want 1", sim.Approvals())
	}
}

// TestTheSeatPlanOpensOnTheFirstFreeSeat: the customer's cursor starts on
// the first seat they can choose (A-1 is blocked, A-2 to A-4 are taken at
// the counter), and Enter there takes it.
func TestTheSeatPlanOpensOnTheFirstFreeSeat(t *testing.T) {
	r := newRig(t, rigOpts{})
	other, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := other.AddSeats("hamlet-00", "parterre", "adult", "A-2", "A-3", "A-4"); err != nil {
		t.Fatal(err)
	}
	r.toSeatsOn("A-5")
	r.keys("enter")
	r.waitFor("· 1 ticket · ")
	pc, err := r.m.Till().Priced()
	if err != nil || len(pc.Lines) != 1 || pc.Lines[0].Seat != "A-5" {
		t.Fatalf("Enter on the plan as it opened took %+v (%v), want A-5", pc.Lines, err)
	}
}

// TestASeatPlanWithNoFreeSeatStartsOnItsFirstSeat: with every seat taken
// the cursor stays where it always started: the first seat for sale.
func TestASeatPlanWithNoFreeSeatStartsOnItsFirstSeat(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	perf, _ := cat.PerformanceByID("hamlet-00")
	z, _ := cat.ZoneOf(perf, "parterre")
	p := newSeatPlan(cat, perf, z)
	p.states = map[string]counter.SeatState{}
	for _, row := range z.Rows {
		for _, n := range row.SeatNumbers() {
			p.states[pos.SeatID(row.Name, n)] = counter.SeatSold
		}
	}
	p.place(counter.FirstFreeSeat(cat, perf.ID, z, p.states))
	if id, ok := p.current(); id != "A-2" || !ok {
		t.Fatalf("on a full plan the cursor starts on %s (for sale: %v), want A-2", id, ok)
	}
}

// TestThePrinterGoingOfflineShowsWithoutAKey: an idle kiosk does no
// printer work of its own. While the register's spooler asks the ready
// printer for its status again and again, the kiosk on its attract screen
// handles no message at all; when the paper runs out, the register tells
// the kiosk (no key pressed, no timer of the kiosk's), which says at once
// that sales are paused; a roll loaded is told the same way.
func TestThePrinterGoingOfflineShowsWithoutAKey(t *testing.T) {
	seen := &msgLog{}
	r := newRig(t, rigOpts{seen: seen}) // the spooler looks every 20 ms
	r.waitFor("Press any key to buy tickets")
	asked := func(n int) {
		t.Helper()
		from := r.printer.StatusRequests()
		r.waitUntil(func() bool { return r.printer.StatusRequests() >= from+n }, "the spooler to ask the printer %d times", n)
	}
	// the kiosk's start is over before it counts as idle: its environment
	// and the terminal's reconciliation handled, then whatever the register
	// told meanwhile (the printer found ready: the kiosk reads it), which a
	// loaded machine may hand over late; quiet over three looks, then
	r.waitUntil(func() bool {
		s := seen.since(0)
		return slices.Contains(s, "tea.EnvMsg") && slices.Contains(s, "kiosk.reconciledMsg")
	}, "the kiosk to handle its start")
	idle := seen.len()
	for tries := 0; ; tries++ {
		asked(3)
		if seen.len() == idle {
			break
		}
		if tries == 10 {
			t.Fatalf("the kiosk never went quiet after its start: it handled %v", seen.since(0))
		}
		idle = seen.len()
	}
	asked(30)
	if got := seen.since(idle); len(got) > 0 {
		t.Fatalf("the idle kiosk handled %v while the spooler looked at a ready printer", got)
	}

	r.printer.SetPaperOut(true)
	r.waitFor("Sales are paused: the printer needs a member of staff.")
	for _, m := range seen.since(idle) {
		if m != "kiosk.changedMsg" && m != "kiosk.printingMsg" { // the register's, and its printer's, word
			t.Fatalf("the kiosk handled %s before it showed the fault (all: %v): only the register's word should wake it", m, seen.since(idle))
		}
	}
	r.printer.SetPaperOut(false)
	r.waitUntil(func() bool { return !strings.Contains(r.screen(), "Sales are paused") }, "the paused sales to reopen")
	r.waitFor("Press any key to buy tickets")
}

// TestTheShowListLinesUpItsTitles: the titles start in one column whatever
// the date's length in the language ("jeu. 3 déc. 2026", "jeu. 10 déc.
// 2026", "Aujourd'hui"); a 22-wide date column pushed the two-digit days'
// titles one to the right.
func TestTheShowListLinesUpItsTitles(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	r.keys("f2", "x")
	r.waitFor("CHOISISSEZ UN SPECTACLE")
	cols := map[int][]string{}
	for _, l := range strings.Split(r.screen(), "\n") {
		for _, name := range []string{"Hamlet", "Carmen", "Le Voyage", "Rêves d'été"} {
			if i := strings.Index(l, name); i >= 0 && strings.Contains(l, ":") {
				col := utf8.RuneCountInString(l[:i])
				cols[col] = append(cols[col], l)
			}
		}
	}
	short, long := false, false
	for _, ls := range cols {
		for _, l := range ls {
			short = short || strings.Contains(l, " 3 déc.")
			long = long || strings.Contains(l, " 10 déc.")
		}
	}
	if !short || !long {
		t.Fatalf("the list has no one- and two-digit days to compare:\n%s", r.screen())
	}
	if len(cols) != 1 {
		t.Fatalf("the titles start in %d columns: %v\n%s", len(cols), cols, r.screen())
	}
}

// TestTheOrderShowsEachTicketsSeatTariffAndPriceAt80Columns: a ticket's
// whole description ran past 80 columns and cut its tariff and price
// ("◀ Adul"); now it says its seat in short and the price shows, in one
// column for every line.
func TestTheOrderShowsEachTicketsSeatTariffAndPriceAt80Columns(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			r := newRig(t, rigOpts{})
			if lang == "fr" {
				r.waitFor("Press any key to buy tickets")
				r.keys("f2")
				r.waitFor("Appuyez sur une touche")
				r.keys("x")
				r.waitFor("CHOISISSEZ UN SPECTACLE")
				r.typ("haml")
				r.keys("enter")
				r.waitFor("Parterre")
				r.keys("enter")
				r.waitFor("CHOISISSEZ VOS PLACES")
				r.keys("enter", "right", "enter", "end", "enter")
				r.waitFor("VOTRE COMMANDE", "Payer CHF 90.00") // both seats answered
			} else {
				r.takeTwo()
			}
			ends := map[int]bool{}
			n := 0
			for _, l := range strings.Split(r.screen(), "\n") {
				if !strings.Contains(l, "Hamlet") {
					continue
				}
				n++
				if lipgloss.Width(l) > 80 {
					t.Errorf("a line is %d wide: %q", lipgloss.Width(l), l)
				}
				seat := strings.Contains(l, "A-2") || strings.Contains(l, "A-3") || strings.Contains(l, "place 2") || strings.Contains(l, "place 3")
				if !seat || !strings.Contains(l, "45.00") || !strings.Contains(l, "▶") {
					t.Errorf("a ticket's line lacks its seat, tariff or price: %q", l)
				}
				ends[lipgloss.Width(l[:strings.Index(l, "CHF")])] = true
			}
			if n != 2 || len(ends) != 1 {
				t.Fatalf("%d ticket lines, prices in %d columns:\n%s", n, len(ends), r.screen())
			}
		})
	}
}

// TestTheAttractScreenLinesUpItsTitles: the attract screen's list of shows
// put each title two spaces after its date, so "Today 18:15" and "Thu 3
// Dec 2026 21:00" started their titles in different columns.
func TestTheAttractScreenLinesUpItsTitles(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	cols := map[int]bool{}
	n := 0
	for _, l := range strings.Split(r.screen(), "\n") {
		for _, name := range []string{"Hamlet", "Carmen", "A Trip to the Moon", "Summer Dreams"} {
			if i := strings.Index(l, name); i >= 0 && strings.Contains(l, ":") {
				cols[utf8.RuneCountInString(l[:i])] = true
				n++
			}
		}
	}
	if n < 3 || len(cols) != 1 {
		t.Fatalf("%d shows, titles in %d columns:\n%s", n, len(cols), r.screen())
	}
}

// TestAnExchangeScansEachTicketAndSaysWhyACodeIsRefused: at the kiosk a
// customer exchanged tickets by typing an order number and "01 02"; order
// numbers run in sequence, so anyone could exchange someone else's. Each
// ticket's QR code is now scanned, one after another: each one taken is
// listed with its show and seat, a code refused (altered, or a number
// typed) says why and keeps the list, Enter on the empty line goes on.
// (It replaces TestAnExchangeTakesTheTicketsOwnNumbersAfterTheOrder: the
// kiosk no longer takes numbers typed.)
func TestAnExchangeScansEachTicketAndSaysWhyACodeIsRefused(t *testing.T) {
	r := newRig(t, rigOpts{})
	o := r.soldAtTheCounter()
	r.waitFor("Exchange tickets")
	r.keys("down", "enter")
	r.waitFor("Scan the QR code of each ticket")
	r.keys("enter")
	r.waitFor("Scan a ticket's QR code first.")
	first := r.code(o.Number, 0)
	// Esc leaves and gives the tickets back
	r.scan(first)
	r.waitFor("Ticket K01-000001-01 added.")
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")
	// the reset empties the cart in the cart's queue, after the attract
	// screen may have shown (waitCartEmptied)
	r.waitUntil(func() bool { return r.m.Till().Credit().IsZero() }, "the credit to leave the cart after Esc")
	r.keys("down", "enter")
	r.waitFor("No ticket scanned yet.")
	r.scan(strings.ToLower(first)) // a scanner with caps lock
	r.waitFor("Ticket K01-000001-01 added.", "Stalls · F-9", "Value taken back: CHF 45.00")
	// the order's number, typed as before
	r.typ(o.Number)
	r.keys("enter")
	r.waitFor("At the kiosk, scan your tickets' QR codes", "Stalls · F-9", "Value taken back: CHF 45.00")
	r.waitFor("ask at the box office") // the sentence's end, wrapped at 80 columns
	// the second ticket's code with one character changed
	second := r.code(o.Number, 1)
	i := len("G2:") + 12
	swap := "A"
	if second[i] == 'A' {
		swap = "B"
	}
	r.scan(second[:i] + swap + second[i+1:])
	r.waitFor("The code scanned is not signed by this register", "Stalls · F-9", "Value taken back: CHF 45.00")
	if strings.Contains(r.screen(), "F-10") {
		t.Fatalf("a refused code is listed:\n%s", r.screen())
	}
	r.scan(first)
	r.waitFor("is listed twice", "Value taken back: CHF 45.00")
	r.scan(second)
	r.waitFor("Ticket K01-000001-02 added.", "Stalls · F-9", "Stalls · F-10", "Value taken back: CHF 90.00")
	r.keys("enter")
	r.waitFor("2 tickets taken back: CHF 90.00", "CHOOSE A SHOW")
	if got := r.m.Till().CreditTickets(); len(got) != 2 {
		t.Fatalf("the cart's credit takes back %+v", got)
	}
}

// code is the QR code of an order's i-th ticket, as printed on it.
func (r *rig) code(order string, i int) string {
	r.t.Helper()
	ov, ok, err := r.svc.Order(order)
	if err != nil || !ok || i >= len(ov.Tickets) || ov.Tickets[i].QR == "" {
		r.t.Fatalf("order %s: %v %v, no code for its ticket %d", order, ok, err, i)
	}
	return ov.Tickets[i].QR
}

// scan is a ticket's code as the kiosk's scanner gives it: typed like a
// keyboard, Enter ending it.
func (r *rig) scan(code string) {
	r.typ(code)
	r.keys("enter")
}

// soldAtTheCounter sells two stalls seats for tonight (F-9, F-10) at the
// counter, by card, as a customer who then comes to the kiosk did.
func (r *rig) soldAtTheCounter() pos.Order {
	r.t.Helper()
	return r.counterSells("F-9", "F-10")
}

// approvalRefunded is a card approval of one standing place the kiosk
// resolved as to refund (no order: why), on a kiosk till of its own.
func (r *rig) approvalRefunded(why string) local.PaymentRequest {
	r.t.Helper()
	till, err := r.svc.UnlockKiosk()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		r.t.Fatal(err)
	}
	pc, err := till.PricedWith([]string{"card"})
	if err != nil {
		r.t.Fatal(err)
	}
	req, err := till.RequestPayment("card", pc.Total)
	if err != nil {
		r.t.Fatal(err)
	}
	if err := till.ResolvePayment(req.Ref, "refund", "", why); err != nil {
		r.t.Fatal(err)
	}
	_ = till.ClearCart()
	_ = till.Close()
	return req
}

// counterSells has Claire sell Hamlet tonight's stalls seats at the
// counter, by card, on a shift of her own.
func (r *rig) counterSells(seats ...string) pos.Order {
	r.t.Helper()
	claire, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := claire.OpenShift(pos.M(0, "CHF")); err != nil {
		r.t.Fatal(err)
	}
	if err := claire.AddSeats("hamlet-00", "parterre", "adult", seats...); err != nil {
		r.t.Fatal(err)
	}
	sale, err := claire.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T1"}}})
	if err != nil {
		r.t.Fatal(err)
	}
	return sale.Order
}

// TestThePayScreenShowsWhatTheTerminalWillCharge: a customer method with
// fees (seed 004's "0.89 + 1 %") charged CHF 91.79 on the terminal for two
// seats the pay screen said were CHF 90.00. Each method now shows what it
// charges, its fees included, and the order records that amount; so does
// the screen shown while the customer taps ("Amount: CHF 90.00" before).
func TestThePayScreenShowsWhatTheTerminalWillCharge(t *testing.T) {
	r := newRig(t, rigOpts{catalog: func(c *pos.Catalog) {
		m, _ := c.PaymentMethodByID("card")
		m.FeePerOrder, m.FeePercent = pos.M(89, "CHF"), 100
	}})
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?", "Credit card")
	r.waitFor("Credit card  CHF 91.79", "fees CHF 1.79 included")
	r.sim.Delay = 300 * time.Millisecond
	r.keys("enter")
	// while the customer taps: the terminal's amount, not the seats' CHF 90.00
	r.waitFor("Follow the instructions on the payment terminal.", "Amount: CHF 91.79")
	r.waitFor("Thank you!", "Order K01-000001")
	o := r.orders()[0].Order
	if o.Total != pos.M(9179, "CHF") || o.Payments[0].Amount != o.Total {
		t.Fatalf("order total %s, paid %s; want CHF 91.79", o.Total, o.Payments[0].Amount)
	}
}

// TestACustomerWhoWalksAwayFromTheStaffPINScreenLeavesNothing: a customer
// who chose a seat, then opened the staff PIN screen (F12 three times, by
// chance or curiosity) and walked away: the idle countdown still comes,
// the seat goes back to every other till, and the next customer finds the
// attract screen, not the PIN screen whose Esc showed the previous
// customer's order. A staff menu left open times out the same way.
func TestACustomerWhoWalksAwayFromTheStaffPINScreenLeavesNothing(t *testing.T) {
	for _, from := range []string{"seats", "attract", "staff menu"} {
		t.Run(from, func(t *testing.T) {
			r := newRig(t, rigOpts{idle: time.Second, countdown: 300 * time.Millisecond})
			if from == "seats" {
				r.toSeats()
				r.keys("enter")
				r.waitFor("· 1 ticket · ")
			} else {
				r.waitFor("Press any key to buy tickets")
			}
			r.keys("f12", "f12", "f12")
			r.waitFor("Staff PIN:")
			if from == "staff menu" { // and staff who left their menu open
				r.typ("1234")
				r.keys("enter")
				r.waitFor("STAFF MENU", "Leave the kiosk")
			} else {
				r.typ("12")
				r.waitFor("••")
			}
			r.waitFor("Are you still there?")
			r.waitFor("Press any key to buy tickets")
			r.waitCartEmptied("after the customer walked away")
			other, err := r.svc.Unlock("claire", "1234")
			if err != nil {
				t.Fatal(err)
			}
			if st, _ := r.svc.SeatMap("hamlet-00", "parterre", other); st["A-2"] != counter.SeatFree {
				t.Fatalf("A-2 is %v to another till after the customer walked away, want free", st["A-2"])
			}
		})
	}
}

// TestAKioskLeftRunningListsTheShowsOfItsDay: the kiosk runs for days
// without a restart; the shows it lists, on the attract screen and the
// show list, are those of the clock now: a show over is no longer listed,
// and "Today" is today, not the day the kiosk started.
func TestAKioskLeftRunningListsTheShowsOfItsDay(t *testing.T) {
	var mu sync.Mutex
	now := saleDay
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	r := newRig(t, rigOpts{now: clock})
	r.waitFor("Press any key to buy tickets", "Today 20:00")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	first := func() string {
		for _, l := range strings.Split(r.screen(), "\n") {
			if strings.HasPrefix(l, " ▶ ") {
				return l
			}
		}
		return ""
	}
	if l := first(); !strings.Contains(l, "Today 18:15") || !strings.Contains(l, "A Trip to the Moon") {
		t.Fatalf("the first show on the day the kiosk starts: %q", l)
	}
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")

	mu.Lock()
	now = saleDay.Add(24 * time.Hour) // the next morning, the kiosk still running
	mu.Unlock()
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	if l := first(); !strings.Contains(l, "Today 21:00") || !strings.Contains(l, "A Trip to the Moon") {
		t.Fatalf("the next morning the first show listed is %q, want tonight's A Trip to the Moon:\n%s", l, r.screen())
	}
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")
	if s := r.screen(); strings.Contains(s, "Today 18:15") || strings.Contains(s, "Today 20:00") {
		t.Fatalf("the next morning the attract screen still lists last night's show as today's:\n%s", s)
	}
}

// TestTheKioskSellsFromTheRegistersNewerCatalog: a newer catalog the
// register takes between sales (pulled from the central server) is the
// kiosk's at once: its shows are listed under their new names, and an
// administrator's PIN it changed is the one that opens the staff menu.
func TestTheKioskSellsFromTheRegistersNewerCatalog(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets", "Hamlet")
	data := bytes.Replace(fixtures.Demo, []byte(`"en": "Hamlet"`), []byte(`"en": "Macbeth"`), 1)
	data = bytes.Replace(data, []byte(`"pin": "1234"`), []byte(`"pin": "4321"`), 1)
	newer, err := pos.ParseCatalog("newer", data, saleDay)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.svc.Register().SetCatalog(newer); err != nil {
		t.Fatal(err)
	}
	r.keys("x")
	r.waitFor("CHOOSE A SHOW", "Macbeth")
	if s := r.screen(); strings.Contains(s, "Hamlet") {
		t.Fatalf("the show list after the newer catalog:\n%s", s)
	}
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("Wrong PIN.")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("4321")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Back to the customer") // the PIN screen has the same title
}

// TestThePINScreenOpenedWhileTheCustomerPaysDoesNotEmptyTheCart: the
// staff PIN screen times out like every screen, but not while the
// customer is at the terminal: the charge under way records its order.
func TestThePINScreenOpenedWhileTheCustomerPaysDoesNotEmptyTheCart(t *testing.T) {
	r := newRig(t, rigOpts{idle: time.Second, countdown: 100 * time.Millisecond})
	r.sim.Delay = 3 * time.Second // the customer takes their time to tap
	r.staffPINOverACharge()
	r.waitFor("Thank you!", "Order K01-000001")
	if os := r.orders(); len(os) != 1 || len(os[0].Order.Tickets) != 2 {
		t.Fatalf("orders after the payment: %+v", os)
	}
}

// gatedTerminal is a terminal whose status answers wait for open.
type gatedTerminal struct {
	payterm.Terminal
	open chan struct{}
}

func (g gatedTerminal) Status(ctx context.Context, ref string) (payterm.Result, error) {
	<-g.open
	return g.Terminal.Status(ctx, ref)
}

// TestACustomerWhoStartsWhileTheKioskReconcilesKeepsTheirCart: at start
// the kiosk asks the terminal about a charge left unanswered (a power
// cut); a customer who begins meanwhile (the terminal is slow to answer)
// keeps what they chose, and the approval still becomes its own order.
func TestACustomerWhoStartsWhileTheKioskReconcilesKeepsTheirCart(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "guichet.db")
	open := func() *counter.Service {
		svc, err := counter.Open(counter.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	sim, err := payterm.Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	term, _ := payterm.Open(sim.Spec())
	svc := open()
	till, err := svc.UnlockKiosk()
	if err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	pc, err := till.PricedWith([]string{"card"})
	if err != nil {
		t.Fatal(err)
	}
	req, err := till.RequestPayment("card", pc.Total)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.Charge(context.Background(), req.Amount, req.Ref); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	svc = open()
	defer svc.Close()
	gate := gatedTerminal{term, make(chan struct{})}
	m, err := New(Options{Service: svc, Terminal: gate, Lang: pos.English, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	defer func() { _ = tm.Quit(); tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second)) }()
	// the next customer chooses a ticket while the terminal has not answered
	time.Sleep(50 * time.Millisecond)
	if err := m.Till().AddSeats("hamlet-00", "parterre", "adult", "C-5"); err != nil {
		t.Fatal(err)
	}
	close(gate.open)
	deadline := time.Now().Add(5 * time.Second)
	for {
		p, err := svc.Register().PendingPayments()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still pending: %+v", p)
		}
		time.Sleep(5 * time.Millisecond)
	}
	ov, ok, err := svc.Order("K01-000001")
	if err != nil || !ok || len(ov.Tickets) != 2 {
		t.Fatalf("the approval's order: %+v %v %v", ov, ok, err)
	}
	if c := m.Till().Cart(); len(c.Lines) != 1 || c.Lines[0].Seat != "C-5" {
		t.Fatalf("the customer's cart after the kiosk reconciled: %+v", c)
	}
}

// TestTheStaffPINWaitsAfterFiveWrongTries: the exit sequence is open to any
// customer, so the staff PIN follows the counter's rule: five wrong PINs in
// a row, journaled, and the next try waits, even with the right PIN.
func TestTheStaffPINWaitsAfterFiveWrongTries(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	for i := 0; i < 5; i++ {
		r.keys("f12", "f12", "f12")
		r.waitFor("Staff PIN:")
		r.typ("9999")
		r.waitFor("••••")
		r.keys("enter")
		if i < 4 {
			r.waitFor("Wrong PIN.")
		} else {
			r.waitFor("too many wrong PINs: wait 30 s")
		}
		r.keys("x")
		r.waitFor("CHOOSE A SHOW")
		r.keys("esc")
		r.waitFor("Press any key to buy tickets")
	}
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.waitFor("••••")
	r.keys("enter")
	r.waitFor("too many wrong PINs: wait")
	if strings.Contains(r.screen(), "STAFF MENU") {
		t.Fatal("the right PIN opened the staff menu during the wait")
	}
	fs, err := r.svc.Register().PINFailures()
	if err != nil || len(fs) != 1 || fs[0].Staff != "kiosk" || fs[0].Count != 5 {
		t.Fatalf("journaled failures: %+v, %v", fs, err)
	}
}

// TestLeavingTheStaffMenuDuringAChargeKeepsTheCart: staff called to the
// kiosk while the customer pays leave the menu (esc or "Back to the
// customer"): the charge still records its order, not a refund.
func TestLeavingTheStaffMenuDuringAChargeKeepsTheCart(t *testing.T) {
	for _, leave := range [][]string{{"esc"}, {"down", "down", "down", "enter"}} {
		t.Run(leave[0], func(t *testing.T) {
			r := newRig(t, rigOpts{idle: time.Second, countdown: 100 * time.Millisecond})
			r.sim.Delay = 3 * time.Second
			r.takeTwo()
			r.focusCart(2, cartPay)
			r.keys("enter")
			r.waitPay("HOW WOULD YOU LIKE TO PAY?", "Card")
			r.keys("enter")
			r.waitFor("Follow the instructions on the payment terminal.")
			r.keys("f12", "f12", "f12")
			r.waitFor("Staff PIN:")
			r.typ("1234")
			r.keys("enter")
			r.waitFor("STAFF MENU", "Back to the customer") // the PIN screen has the same title
			r.keys(leave...)
			r.waitFor("Thank you!", "Order K01-000001")
			if os := r.orders(); len(os) != 1 || len(os[0].Order.Tickets) != 2 {
				t.Fatalf("orders after the payment: %+v", os)
			}
		})
	}
}

// TestTheAttractScreenTurnsToTheNewDayByItself: a kiosk left on its
// attract screen overnight lists the new day's shows as "Today" at
// midnight, without a key or a sale.
func TestTheAttractScreenTurnsToTheNewDayByItself(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	d := saleDay.In(cat.Location())
	midnight := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, cat.Location())
	start, base := time.Now(), midnight.Add(-2*time.Second)
	r := newRig(t, rigOpts{now: func() time.Time { return base.Add(time.Since(start)) }})
	r.waitFor("Press any key to buy tickets", "Tue 24 Nov 2026 21:00")
	r.waitFor("Press any key to buy tickets", "Today 21:00")
}

// staffReprint sells at the kiosk by card, waits for the
// tickets to print, runs between (the counter acting on the order), then
// reprints the last order from the staff menu and gives the order and
// what the printer printed since.
func (r *rig) staffReprint(between func(o pos.Order)) (pos.Order, func() []byte) {
	r.t.Helper()
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	r.keys("enter")
	r.waitFor("Thank you!", "Order K01-000001")
	o := r.orders()[0].Order
	r.waitUntil(func() bool { return bytes.Contains(r.printer.Printed(), []byte(o.Tickets[1].Number)) }, "the tickets to print")
	if between != nil {
		between(o)
	}
	r.waitUntil(func() bool { q, err := r.svc.Register().PrintQueue(); return err == nil && len(q) == 0 }, "the print queue to empty")
	before := len(r.printer.Printed())
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Reprint the last order (K01-000001)")
	r.keys("enter")
	r.waitFor("Order K01-000001 sent to the printer.")
	return o, func() []byte { return r.printer.Printed()[before:] }
}

// TestTheStaffMenuReprintsTheLastOrder: the staff menu (an
// administrator's PIN) reprints the kiosk's last order, each ticket marked
// DUPLICATE. The kiosk's till sells as the customer, who may not reprint,
// and the menu said "your profile does not allow reprinting" whoever typed
// the PIN.
func TestTheStaffMenuReprintsTheLastOrder(t *testing.T) {
	r := newRig(t, rigOpts{})
	o, since := r.staffReprint(nil)
	r.waitUntil(func() bool {
		doc, err := printers.Decode(since())
		p := doc.Plain()
		return err == nil && strings.Contains(p, "Ticket "+o.Tickets[0].Number+" - DUPLICATE 1") && strings.Contains(p, "Ticket "+o.Tickets[1].Number+" - DUPLICATE 1")
	}, "both tickets to print again, marked DUPLICATE")
	// the customer after the staff left may not reprint
	r.keys("esc")
	r.waitFor("Thank you!")
	if err := r.m.till.Reprint(o.Tickets[0].Number); !errors.Is(err, pos.ErrNotAllowed) {
		t.Fatalf("the kiosk's customer reprinted a ticket: %v", err)
	}
}

// TestTheStaffReprintSkipsACanceledTicket: the last order's first ticket
// was canceled at the counter since; the staff menu's reprint stopped at
// it ("it cannot be printed again") and the customer's valid ticket never
// came out. The valid one prints, the canceled one does not.
func TestTheStaffReprintSkipsACanceledTicket(t *testing.T) {
	r := newRig(t, rigOpts{})
	o, since := r.staffReprint(func(o pos.Order) {
		claire, err := r.svc.Unlock("claire", "1234")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := claire.OpenShift(pos.M(0, "CHF")); err != nil {
			t.Fatal(err)
		}
		if err := claire.CancelPart(o.Number, "one cannot come", counter.CancelOptions{Tickets: []string{o.Tickets[0].Number}}); err != nil {
			t.Fatal(err)
		}
	})
	r.waitUntil(func() bool {
		doc, err := printers.Decode(since())
		return err == nil && strings.Contains(doc.Plain(), "Ticket "+o.Tickets[1].Number+" - DUPLICATE 1")
	}, "the valid ticket %s to print again", o.Tickets[1].Number)
	if doc, _ := printers.Decode(since()); strings.Contains(doc.Plain(), o.Tickets[0].Number) {
		t.Fatalf("the canceled ticket %s printed again:\n%s", o.Tickets[0].Number, doc.Plain())
	}
	// the other canceled too: nothing to print, and the menu says why
	claire, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := claire.CancelPart(o.Number, "neither can come", counter.CancelOptions{Tickets: []string{o.Tickets[1].Number}}); err != nil {
		t.Fatal(err)
	}
	r.keys("enter")
	r.waitFor("Order K01-000001 has no valid ticket left")
}

// TestASeatSoldElsewhereAfterTheHoldRanOutIsNotCharged: a customer at the
// pay screen 21 minutes after choosing A-2 and A-3 (the cart's holds ran
// out) while the counter sold A-2. Paying says so, and the card is not
// charged. Before, the terminal charged the card and the customer was told
// to ask at the counter for a refund.
func TestASeatSoldElsewhereAfterTheHoldRanOutIsNotCharged(t *testing.T) {
	var mu sync.Mutex
	now := saleDay
	r := newRig(t, rigOpts{regNow: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	mu.Lock()
	now = now.Add(21 * time.Minute)
	mu.Unlock()
	r.counterSells("A-2")
	r.keys("enter")
	r.waitFor("Row A, seat 2: already sold")
	if s := r.screen(); strings.Contains(s, "efunded") || strings.Contains(s, "does not answer") {
		t.Fatalf("the customer is told of a payment that was never asked:\n%s", s)
	}
	if n := r.sim.Approvals(); n != 0 {
		t.Fatalf("the terminal charged the card %d times for a seat sold at the counter", n)
	}
	if n := len(r.orders()); n != 1 {
		t.Fatalf("%d orders, want the counter's only", n)
	}
}

// TestACustomerStillChoosingKeepsTheirSeats: a customer who took a seat
// and goes on using the kiosk (reading, choosing another show) for longer
// than a cart holds without a change keeps the seat: the counter cannot
// take it. Before, it went back on sale 20 minutes after the seat was
// taken, the kiosk still showing it in the customer's cart.
func TestACustomerStillChoosingKeepsTheirSeats(t *testing.T) {
	var mu sync.Mutex
	now := saleDay
	seen := &msgLog{}
	r := newRig(t, rigOpts{seen: seen, regNow: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	r.toSeats()
	r.keys("enter")
	r.waitFor("· 1 ticket · ")
	claire, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // 45 minutes, a key every 15
		mu.Lock()
		now = now.Add(15 * time.Minute)
		mu.Unlock()
		n := seen.len()
		r.keys("right", "left")
		// the holds are kept off Update, in a Cmd that answers: the
		// clock moves on only once both keys' have run
		r.waitUntil(func() bool { return count(seen.since(n), "kiosk.holdsKeptMsg") >= 2 }, "the keys to keep the cart's holds")
	}
	if err := claire.AddSeats("hamlet-00", "parterre", "adult", "A-2"); err == nil {
		t.Fatal("the counter took the seat of a customer still choosing at the kiosk")
	}
}

// cutTerminal is a terminal whose status answers can be cut.
type cutTerminal struct {
	payterm.Terminal
	mu  sync.Mutex
	cut bool
}

func (c *cutTerminal) set(cut bool) { c.mu.Lock(); c.cut = cut; c.mu.Unlock() }

func (c *cutTerminal) Status(ctx context.Context, ref string) (payterm.Result, error) {
	c.mu.Lock()
	cut := c.cut
	c.mu.Unlock()
	if cut {
		return payterm.Result{}, &payterm.ErrUnreachable{Err: errors.New("cable out")}
	}
	return c.Terminal.Status(ctx, ref)
}

// TestStaffSettleALostPaymentFromTheStaffMenu: a card approval's answer is
// lost and the customer walks away; the kiosk would refuse every later
// customer until a restart. Staff check the terminal and say from the
// staff menu it was charged: its order is recorded (once), and the kiosk
// sells again.
func TestStaffSettleALostPaymentFromTheStaffMenu(t *testing.T) {
	term := &cutTerminal{cut: true}
	r := newRig(t, rigOpts{idle: time.Second, countdown: 300 * time.Millisecond, term: term})
	term.Terminal, _ = payterm.Open(r.sim.Spec())
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	if err := r.sim.SetNext(payterm.Lost); err != nil {
		t.Fatal(err)
	}
	r.keys("enter")
	r.waitFor("The payment terminal does not answer", "K01-P000001")
	term.set(false)
	r.waitFor("Are you still there?")
	r.waitFor("Press any key to buy tickets") // the customer walked away
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Payment K01-P000001 was charged", "Payment K01-P000001 was not charged")
	r.keys("down", "down", "down", "down", "down", "enter") // not charged: the terminal says otherwise
	r.waitFor("The terminal says payment K01-P000001 was approved")
	r.keys("up", "enter")
	r.waitFor("Payment K01-P000001 settled: its order K01-000001 is recorded")
	if s := r.screen(); strings.Contains(s, "was not charged") {
		t.Fatalf("the settled payment is still offered:\n%s", s)
	}
	if p, err := r.svc.Register().PendingPayments(); err != nil || len(p) != 0 {
		t.Fatalf("still pending: %+v (%v)", p, err)
	}
	if os := r.orders(); len(os) != 1 || len(os[0].Tickets) != 2 || r.sim.Approvals() != 1 {
		t.Fatalf("%d orders, %d approvals: want the lost approval's order, once", len(os), r.sim.Approvals())
	}
}

// TestAPaymentLeftPendingAtStartIsSettledFromTheStaffMenu: the terminal did
// not answer at start about a charge left unanswered; staff, having
// checked it, say it was not charged: it is closed, and no longer listed
// as one to check.
func TestAPaymentLeftPendingAtStartIsSettledFromTheStaffMenu(t *testing.T) {
	term := &cutTerminal{cut: true}
	r := newRig(t, rigOpts{term: term})
	term.Terminal, _ = payterm.Open(r.sim.Spec())
	r.waitFor("Press any key to buy tickets")
	// a charge asked before this start, its answer never recorded
	till, err := r.svc.UnlockKiosk()
	if err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	pc, err := till.PricedWith([]string{"card"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.RequestPayment("card", pc.Total); err != nil {
		t.Fatal(err)
	}
	_ = till.ClearCart()
	_ = till.Close()
	// what a start's reconcile with a silent terminal tells the kiosk
	r.tm.Send(reconciledMsg{r: []counter.Reconciled{{Ref: "K01-P000001", Note: "the payment terminal did not answer"}}})
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("Payments to check on the terminal: K01-P000001 (no answer)", "Payment K01-P000001 was not charged")
	r.keys("down", "down", "down", "down", "down", "enter")
	r.waitFor("Payment K01-P000001 settled: nothing was charged")
	if s := r.screen(); strings.Contains(s, "Payments to check") || strings.Contains(s, "Payment K01-P000001 was") {
		t.Fatalf("the settled payment is still listed:\n%s", s)
	}
	if p, err := r.svc.Register().PendingPayments(); err != nil || len(p) != 0 || r.sim.Approvals() != 0 {
		t.Fatalf("still pending: %+v (%v), %d approvals", p, err, r.sim.Approvals())
	}
}

// overTerminal approves every charge for one franc more than asked.
type overTerminal struct{ payterm.Terminal }

func (o overTerminal) Charge(ctx context.Context, amount pos.Money, ref string) (payterm.Result, error) {
	res, err := o.Terminal.Charge(ctx, amount, ref)
	res.Amount = res.Amount.Plus(pos.M(100, amount.Currency))
	return res, err
}

// TestAnApprovalToRefundIsListedInTheStaffMenu: the terminal approved a
// charge the kiosk could not turn into an order (it charged another
// amount); the customer is told to ask at the counter for a refund, and
// the staff menu lists that payment among those to check on the terminal.
func TestAnApprovalToRefundIsListedInTheStaffMenu(t *testing.T) {
	term := &overTerminal{}
	r := newRig(t, rigOpts{term: term})
	term.Terminal, _ = payterm.Open(r.sim.Spec())
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	r.keys("enter")
	r.waitFor("Your payment was accepted but the order could not be recorded", "K01-P000001")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Payments to check on the terminal: K01-P000001 (to refund)")
	// in French too: the list said "K01-P000001 refund", the register's code
	r.keys("f2")
	r.waitFor("Paiements à vérifier sur le terminal : K01-P000001 (à rembourser)")
	if s := r.screen(); strings.Contains(s, "refund") {
		t.Fatalf("the French staff menu says the register's code:\n%s", s)
	}
}

// TestACartAGiftCodeMakesFreeAtTheKiosk: a gift code takes CHF 20 off a
// CHF 20 child's seat. Where the catalog lets customers take free /
// invitation, the kiosk records the order with nothing to pay; where it
// does not, the customer is told to ask at the counter, not to "choose a
// payment method" with none on the screen.
func TestACartAGiftCodeMakesFreeAtTheKiosk(t *testing.T) {
	for _, forCustomers := range []bool{true, false} {
		t.Run(fmt.Sprint("free for customers ", forCustomers), func(t *testing.T) {
			r := newRig(t, rigOpts{catalog: func(c *pos.Catalog) {
				for i := range c.PaymentMethods {
					if c.PaymentMethods[i].Kind == pos.KindFree {
						c.PaymentMethods[i].Customer = forCustomers
					}
				}
			}})
			r.toSeats()
			r.keys("enter")
			r.waitFor("· 1 ticket · ")
			r.keys("end", "enter")
			r.waitFor("YOUR ORDER", "Pay ")
			for range 3 { // adult, student, child
				r.keys("left")
			}
			r.waitFor("CHF 20.00")
			r.focusCart(1, cartCode)
			r.keys("enter")
			r.waitFor("YOUR PROMO CODE")
			r.typ("K7PXM3QH")
			r.keys("enter")
			r.waitFor("The code K7PXM3QH is applied.")
			r.focusCart(1, cartPay)
			r.keys("enter")
			r.waitPay("HOW WOULD YOU LIKE TO PAY?", "To pay: CHF 0.00")
			r.keys("enter")
			if forCustomers {
				r.waitFor("Thank you!", "Order K01-000001")
				return
			}
			r.waitFor("Please ask at the counter.")
			if s := r.screen(); strings.Contains(s, "hoose a payment method") || len(r.orders()) != 0 {
				t.Fatalf("%d orders; the screen:\n%s", len(r.orders()), s)
			}
		})
	}
}

// TestAnApprovalRefundedIsMarkedFromTheStaffMenu: staff who refunded on
// the terminal an approval the kiosk could not turn into an order mark it
// refunded from the staff menu: it is journaled with who did it and no
// longer listed; until then it stays listed, a restart included.
func TestAnApprovalRefundedIsMarkedFromTheStaffMenu(t *testing.T) {
	term := &overTerminal{}
	r := newRig(t, rigOpts{term: term})
	term.Terminal, _ = payterm.Open(r.sim.Spec())
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	r.keys("enter")
	r.waitFor("Your payment was accepted but the order could not be recorded", "K01-P000001")
	// the kiosk starts again on the same register file
	_ = r.tm.Quit()
	r.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	m, err := New(Options{Service: r.svc, Terminal: term, Lang: pos.English, Now: func() time.Time { return saleDay }, Log: r.logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	r.m = m
	r.tm = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithFPS(120), tea.WithEnvironment([]string{"NO_COLOR=1", "TERM=xterm-256color"})))
	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Payments to check on the terminal: K01-P000001 (to refund)", "Payment K01-P000001 was refunded on the terminal")
	r.keys("down", "down", "down", "down", "enter")
	r.waitFor("Payment K01-P000001 is marked refunded")
	if s := r.screen(); strings.Contains(s, "Payments to check") || strings.Contains(s, "K01-P000001 was refunded") {
		t.Fatalf("the refunded payment is still listed:\n%s", s)
	}
	if owed, err := r.svc.RefundsOwed(); err != nil || len(owed) != 0 {
		t.Fatalf("still owed: %+v (%v)", owed, err)
	}
	raw, err := r.svc.Register().Entries(1, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var note string
	for _, v := range raw {
		e, err := local.DecodeEntry(v)
		if err != nil {
			t.Fatal(err)
		}
		if e.Type == local.TypePaymentRefunded {
			note = string(e.Payload)
		}
	}
	if !strings.Contains(note, "K01-P000001") || !strings.Contains(note, "by claire") {
		t.Fatalf("the refund is not journaled with who did it: %q", note)
	}
}

// TestAReconcileThatEndsWhileTheStaffMenuIsOpenListsItsRefund: staff open
// the staff menu while the start's reconcile still waits for the terminal;
// it then finds an approval no order can be made of: the menu, still open,
// lists it among the payments to check and offers to mark it refunded,
// without being closed and opened again.
func TestAReconcileThatEndsWhileTheStaffMenuIsOpenListsItsRefund(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Back to the customer") // the PIN screen has the same title
	if s := r.screen(); strings.Contains(s, "Payments to check") {
		t.Fatalf("a payment to check before any:\n%s", s)
	}
	// what the start's reconcile did meanwhile, on a till of its own
	const note = "the cart now costs CHF 30.00, the terminal charged CHF 22.50"
	req := r.approvalRefunded(note)
	r.tm.Send(reconciledMsg{r: []counter.Reconciled{{Ref: req.Ref, Outcome: "refund", Note: note}}})
	r.waitFor("Payments to check on the terminal: "+req.Ref+" (to refund)", req.Ref)
}

// TestADeclineWhileTheStaffMenuIsOpenGivesTheTillBackToTheCustomer: staff
// called to a kiosk open their menu while the customer's card is being
// charged; the terminal declines. The customer's pay screen comes back with
// its method, and the till no longer has the staff's rights (reprints, the
// refunds owed) under the customer's screen.
func TestADeclineWhileTheStaffMenuIsOpenGivesTheTillBackToTheCustomer(t *testing.T) {
	r := newRig(t, rigOpts{idle: time.Second, countdown: 100 * time.Millisecond})
	r.sim.Delay = 2 * time.Second
	if err := r.sim.SetNext(payterm.Declined); err != nil {
		t.Fatal(err)
	}
	r.staffPINOverACharge()
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Back to the customer") // the PIN screen has the same title
	r.waitFor("The payment was declined.", "HOW WOULD YOU LIKE TO PAY?")
	if err := r.m.Till().MarkRefunded("no-such-ref"); !errors.Is(err, counter.ErrStaffMenuClosed) {
		t.Fatalf("the till after the decline, under the customer's pay screen: %v; want the staff menu closed", err)
	}
	if c := r.m.Till().Cart(); len(c.Lines) != 2 {
		t.Fatalf("the cart after the decline: %+v", c)
	}
}

// TestTheKioskListsOnlyShowsStillOnSale: once a show's sales closed (the
// demo's at its start), the kiosk no longer lists it; it listed it for
// half an hour more, the customer chose seats and was then told "no
// longer on sale". Typing its name finds its next performance.
func TestTheKioskListsOnlyShowsStillOnSale(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	at := time.Date(saleDay.Year(), saleDay.Month(), saleDay.Day(), 20, 5, 0, 0, zurich)
	r := newRig(t, rigOpts{now: func() time.Time { return at }})
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	if s := r.screen(); strings.Contains(s, "Today 20:00") || strings.Contains(s, "Today 18:15") {
		t.Fatalf("at 20:05 the kiosk lists shows whose sales closed:\n%s", s)
	}
	r.typ("haml")
	r.waitFor("Type to search: haml")
	r.keys("enter")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?")
	if s := r.screen(); strings.Contains(s, "Today") {
		t.Fatalf("Hamlet chosen at 20:05 is tonight's, whose sales closed:\n%s", s)
	}
}

// TestF2TranslatesTheMessageOnTheScreen: a customer who switched to
// French after typing a code read "The code BIENVENUE is applied." (or a
// refusal, or "payment declined") in English under the French order: the
// message line stayed in the language it was written in.
func TestF2TranslatesTheMessageOnTheScreen(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.takeTwo()
	r.focusCart(2, cartCode)
	r.keys("enter")
	r.waitFor("YOUR PROMO CODE")
	r.typ("nope")
	r.keys("enter")
	r.waitFor("There is no promo code NOPE")
	r.keys("f2")
	r.waitFor("VOTRE CODE PROMO")
	if fr := r.screen(); strings.Contains(fr, "here is no promo code") {
		t.Fatalf("a refusal stays in English after F2:\n%s", fr)
	}
	r.keys("esc")
	r.waitFor("VOTRE COMMANDE")
	r.focusCart(2, cartCode)
	r.keys("enter")
	r.waitFor("VOTRE CODE PROMO")
	r.typ("bienvenue")
	r.keys("enter")
	r.waitFor("Le code BIENVENUE est appliqué.")
	r.keys("f2")
	r.waitFor("YOUR ORDER", "The code BIENVENUE is applied.")
}

// TestTheFrenchOrderWritesItsTotalTheFrenchWay: every French sentence of
// the kiosk puts a space before its colon ("À payer : CHF 90.00") but the
// order's total read "Total: CHF 90.00".
func TestTheFrenchOrderWritesItsTotalTheFrenchWay(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.takeTwo()
	r.keys("f2")
	r.waitFor("VOTRE COMMANDE", "Total : CHF")
	if s := r.screen(); strings.Contains(s, "Total: ") {
		t.Fatalf("the French total without its space:\n%s", s)
	}
	r.keys("f2")
	r.waitFor("YOUR ORDER", "Total: CHF")
}

// TestAWrongPINOverATicketsQRSaysSo: staff called to the kiosk while a
// customer's QR codes were on the screen typed a PIN that was wrong and
// were sent back to the code with nothing said: the QR screen showed no
// message, so they could not tell a wrong PIN (or a wait) from a key lost.
func TestAWrongPINOverATicketsQRSaysSo(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.buyTwo()
	r.keys("enter")
	r.waitFor("Ticket 1 of 2")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("9999")
	r.keys("enter")
	r.waitFor("Ticket 1 of 2", "Wrong PIN.")
	r.fits()
	r.keys("f2")
	r.waitFor("Billet 1 sur 2", "Code erroné.")
	r.fits()
	r.keys("enter")
	r.waitFor("Billet 2 sur 2")
	if strings.Contains(r.screen(), "Code erroné.") {
		t.Fatalf("the message stays on the next ticket:\n%s", r.screen())
	}
}

// TestThePINCutShortByTheTerminalsAnswerDoesNotActOnTheCustomersScreen:
// staff called to a customer paying at the terminal open the PIN screen;
// the terminal answers while they type it. The customer's screen comes
// back, and the rest of the PIN (digits and its Enter) acted on it as the
// keypad's keys: on a decline, "5" chose the card again and started a new
// charge; on an approval, Enter showed the tickets' QR codes. The rest is
// let fall, the screen tells staff why, and the customer's next key acts.
func TestThePINCutShortByTheTerminalsAnswerDoesNotActOnTheCustomersScreen(t *testing.T) {
	for _, tc := range []struct {
		name    string
		outcome payterm.Outcome
		shows   []string // the customer's screen after the rest of the PIN, in French
		next    string   // the customer's key then, and what it shows
		after   string
	}{
		{"declined", payterm.Declined, []string{"COMMENT VOULEZ-VOUS PAYER ?", "Le paiement a été refusé.",
			"Personnel : saisie du code arrêtée, le terminal a répondu."}, "5", "Suivez les instructions sur le terminal de paiement."},
		{"approved", payterm.Approved, []string{"Merci !", "Commande K01-000001",
			"Personnel : saisie du code arrêtée, le terminal a répondu."}, "enter", "Billet 1 sur 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, rigOpts{idle: time.Minute, countdown: time.Second})
			r.sim.Delay = time.Second
			if err := r.sim.SetNext(tc.outcome); err != nil {
				t.Fatal(err)
			}
			r.takeTwo()
			r.focusCart(2, cartPay)
			r.keys("enter")
			r.waitPay("HOW WOULD YOU LIKE TO PAY?", "Card")
			r.keys("enter")
			r.waitFor("Follow the instructions on the payment terminal.")
			r.keys("f12", "f12", "f12")
			r.waitFor("Staff PIN:")
			r.keys("1")
			r.waitFor("•")
			r.waitUntil(func() bool { return !strings.Contains(r.screen(), "Staff PIN:") }, "the terminal's answer")
			r.keys("2", "3", "4", "5", "enter", "f2") // the rest of the PIN; F2 is the customer's
			r.waitFor(tc.shows...)
			if tc.outcome == payterm.Declined {
				r.waitForSaid("Le paiement a été refusé. Réessayez, choisissez un autre moyen, ou Échap pour revenir à votre commande.")
			}
			if s := r.screen(); strings.Contains(s, "Suivez les instructions") || strings.Contains(s, "Billet 1") {
				t.Fatalf("the rest of the PIN acted on the customer's screen:\n%s", s)
			}
			want := 0
			if tc.outcome == payterm.Approved {
				want = 1
			}
			if n := r.sim.Approvals(); n != want || len(r.orders()) != want {
				t.Fatalf("after the rest of the PIN: %d approvals, %d orders; want %d", n, len(r.orders()), want)
			}
			r.keys(tc.next)
			r.waitFor(tc.after)
		})
	}
}

// TestAPaymentNotMadeSaysWhatEscDoes: after a decline, a cancel on the
// terminal or a timeout, the pay screen said "Échap pour annuler" / "Esc
// to cancel"; Esc goes back to the order, its tickets still held. A
// customer who pressed it to give up found their order again (and one who
// walked away left its seats held until the kiosk gave up on them). The
// sentence now says where Esc goes, and the help line says "Entrée" in
// French as the other sentences do.
func TestAPaymentNotMadeSaysWhatEscDoes(t *testing.T) {
	for _, o := range []payterm.Outcome{payterm.Declined, payterm.Cancelled, payterm.TimedOut} {
		t.Run(string(o), func(t *testing.T) {
			r := newRig(t, rigOpts{})
			r.sim.TimeoutAfter = 10 * time.Millisecond
			r.takeTwo()
			r.focusCart(2, cartPay)
			r.keys("enter")
			r.waitPay("HOW WOULD YOU LIKE TO PAY?")
			if err := r.sim.SetNext(o); err != nil {
				t.Fatal(err)
			}
			r.keys("enter")
			r.waitForSaid("or press Esc to go back to your order.")
			r.keys("f2")
			r.waitForSaid("ou Échap pour revenir à votre commande.")
			r.waitFor("↑ ↓ · Entrée · Échap : retour")
			r.keys("esc")
			r.waitFor("VOTRE COMMANDE", "Payer CHF 90.00")
			if c := r.m.Till().Cart(); len(c.Lines) != 2 {
				t.Fatalf("the cart after Esc: %+v", c)
			}
		})
	}
}

// TestTheSeatPlanCountsTheTicketsInWords: beside the seat plan's legend
// (and the quantities' Continue), what the cart holds read "· 2 × · CHF
// 90.00", a multiplication with nothing to multiply; it says "2 tickets"
// ("2 billets"; "1 billet", "1 ticket").
func TestTheSeatPlanCountsTheTicketsInWords(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.toSeats()
	r.keys("enter")
	r.waitFor("× taken   · 1 ticket · CHF 45.00")
	r.keys("right", "enter")
	r.waitFor("× taken   · 2 tickets · CHF 90.00")
	r.keys("f2")
	r.waitFor("× pris   · 2 billets · CHF 90.00")
	r.keys("enter") // A-3 given back
	r.waitFor("× pris   · 1 billet · CHF 45.00")
}

// TestALongCartLineKeepsItsSeat: at 80 columns in French, a Carmen ticket
// at the student tariff ("◀ Étudiant·e ▶") did not fit even in short, and
// its end was cut: "Carmen — Opéra · mer. 25 nov. 19:30 · Parter…", the
// seat gone, so the customer could not tell which of their seats had the
// student tariff. The show's name is cut instead.
func TestALongCartLineKeepsItsSeat(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.typ("carm")
	r.waitFor("Type to search: carm", "Carmen")
	r.keys("enter")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?", "Stalls")
	r.keys("enter")
	r.waitFor("CHOOSE YOUR SEATS")
	r.keys("enter", "right", "enter")
	r.waitFor("· 2 tickets · ")
	r.keys("end", "enter")
	r.waitFor("YOUR ORDER")
	r.keys("f2", "down")
	r.waitFor("VOTRE COMMANDE")
	r.keys("left", "left") // Adulte, AVS, Étudiant·e
	r.waitFor("· Parterre · A-3  ◀ Étudiant·e ▶", "1 × Carm", "· Parterre · A-2  ◀ Adulte ▶")
}

// TestARefusalAtTheKioskIsASentence: the register's refusals are worded
// as errors; the kiosk showed them so, "le billet K01-000001-01 est entré
// … il ne peut plus être échangé": no capital, no full stop, beside the
// kiosk's own sentences. They begin with a capital and end with a stop.
func TestARefusalAtTheKioskIsASentence(t *testing.T) {
	r := newRig(t, rigOpts{})
	o := r.soldAtTheCounter()
	d, err := r.svc.OpenDoor("porte 1", "hamlet-00")
	if err != nil {
		t.Fatal(err)
	}
	if a, err := d.Scan(r.code(o.Number, 0)); err != nil || !a.Admitted() {
		t.Fatalf("the door: %+v %v", a, err)
	}
	r.waitFor("Exchange tickets")
	r.keys("f2", "down", "enter")
	r.waitFor("ÉCHANGER DES BILLETS")
	r.scan(r.code(o.Number, 0))
	r.waitForSaid("! Le billet K01-000001-01 est entré")
	r.waitForSaid("il ne peut plus être échangé.")
	r.keys("f2")
	r.waitForSaid("! Ticket K01-000001-01 was let in")
	r.waitForSaid("it can no longer be exchanged.")
}

// TestTheStaffMenusEnterAsTheTerminalAnswersDoesNotChargeAgain: staff in
// their menu over a customer's charge press Enter as the terminal
// declines: the menu closed under it, and the Enter chose the card again
// on the customer's pay screen, a new charge. It falls, the screen says
// why, and the next Enter is the customer's.
func TestTheStaffMenusEnterAsTheTerminalAnswersDoesNotChargeAgain(t *testing.T) {
	r := newRig(t, rigOpts{idle: time.Minute, countdown: time.Second})
	r.sim.Delay = time.Second
	if err := r.sim.SetNext(payterm.Declined); err != nil {
		t.Fatal(err)
	}
	r.staffPINOverACharge()
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Back to the customer") // the PIN screen has the same title
	r.waitFor("The payment was declined.", "Staff: menu closed, the terminal answered.")
	r.keys("enter", "f2") // the staff's Enter; F2 the customer's
	r.waitFor("COMMENT VOULEZ-VOUS PAYER ?", "Le paiement a été refusé.")
	if s := r.screen(); strings.Contains(s, "Suivez les instructions") {
		t.Fatalf("the staff's Enter started a new charge:\n%s", s)
	}
	r.keys("enter")
	r.waitFor("Suivez les instructions sur le terminal de paiement.")
}

// TestALongShowNameFitsEveryScreen: a show whose name is long (a
// programme's full title) on every screen of a purchase at 80 columns:
// no line is wider than the terminal, which cuts it.
func TestALongShowNameFitsEveryScreen(t *testing.T) {
	long := "Hamlet, prince de Danemark — nouvelle mise en scène intégrale"
	r := newRig(t, rigOpts{catalog: func(c *pos.Catalog) {
		for i := range c.Events {
			if c.Events[i].ID == "hamlet" {
				c.Events[i].Name = pos.Text{"fr": long, "en": long}
			}
		}
	}})
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.typ("haml")
	r.waitFor("Type to search: haml", "Today 20:00")
	r.keys("enter")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?", "Stalls")
	r.keys("enter")
	r.waitFor("CHOOSE YOUR SEATS", "A-2")
	r.keys("enter", "right", "enter")
	r.waitFor("· 2 tickets · ")
	r.keys("end", "enter")
	r.waitFor("YOUR ORDER", "Pay ")
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?", "Card")
	r.keys("enter")
	r.waitFor("Thank you!", "Order K01-000001")
	r.keys("enter")
	r.waitFor("Ticket 1 of 2", "A-2")
	r.keys("f2")
	r.waitFor("Billet 1 sur 2", "A-2")
}

// TestStillThereShowsNoOldMessage: "Are you still there?" showed the
// message of the screen under it ("Your order is empty.") below the
// question, as if it were about the question.
func TestStillThereShowsNoOldMessage(t *testing.T) {
	r := newRig(t, rigOpts{idle: time.Second, countdown: 5 * time.Second})
	r.toSeats()
	for range 25 {
		r.keys("down")
	}
	r.keys("enter")
	r.waitFor("Your order is empty.")
	r.waitFor("Are you still there?")
	if s := r.screen(); strings.Contains(s, "Your order is empty.") {
		t.Fatalf("the question shows the message of the screen under it:\n%s", s)
	}
	r.keys("x")
	r.waitFor("Your order is empty.") // back on its screen, its message with it
}

// staffPINOverACharge takes two places, pays by card and, while the
// terminal charges (the simulator's Delay), opens the staff PIN screen
// over the customer's: staff called to the kiosk mid-payment.
func (r *rig) staffPINOverACharge() {
	r.t.Helper()
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?", "Card")
	r.keys("enter")
	r.waitFor("Follow the instructions on the payment terminal.")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
}

// TestTheLastPlacesInTheOrderAreTheCustomersNotSoldOut: a customer who
// took the last 3 places of the standing gallery went back to the zones.
// The list said "sold out", as if another had them, and choosing the
// gallery to lower them was refused ("sold out"); pressing + on them was
// told "only 3 left". The list says the places are in their order, the
// gallery opens and they lower them there, and + says nothing more may go
// beside the 3. ("1 place left", not "1 places left".)
func TestTheLastPlacesInTheOrderAreTheCustomersNotSoldOut(t *testing.T) {
	r := newRig(t, rigOpts{})
	// the counter sold 57 of the gallery's 60
	claire, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := claire.OpenShift(pos.M(10000, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := claire.AddTickets("hamlet-00", "galerie", "adult", 57); err != nil {
		t.Fatal(err)
	}
	if _, err := claire.Checkout([]pos.Tender{{Method: "cash"}}); err != nil {
		t.Fatal(err)
	}
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.typ("haml")
	r.waitFor("Type to search: haml", "Today 20:00")
	r.keys("enter")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?", "3 places left")
	r.keys("down", "enter")
	r.waitFor("HOW MANY TICKETS?")
	r.keys("+", "+", "+")
	r.waitFor("−   3  +")
	r.keys("+")
	r.waitForSaid("Standing gallery: 0 left beside the 3 in the cart, 1 asked")
	r.keys("esc")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?", "sold out · 3 in your order")
	r.keys("f2")
	r.waitFor("complet · 3 dans votre commande")
	r.keys("f2", "down", "enter")
	r.waitFor("HOW MANY TICKETS?", "−   3  +")
	r.keys("-")
	r.waitFor("−   2  +")
	r.keys("esc")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?", "1 place left · 2 in your order")
}

// TestTheOrdersTariffsLineUp: 2 adults at CHF 40.00 and a child at CHF
// 7.00 (the code taken off) put the child's tariff arrows a column right of
// the adults': the price, right-aligned, was shorter. Prices are
// right-aligned in a column of their own, so the arrows line up.
func TestTheOrdersTariffsLineUp(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.typ("haml")
	r.waitFor("Type to search: haml")
	r.keys("enter")
	r.waitFor("WHERE WOULD YOU LIKE TO SIT?")
	r.keys("down", "enter")
	r.waitFor("HOW MANY TICKETS?")
	r.keys("right", "right", "down", "right", "end", "enter")
	r.waitFor("YOUR ORDER", "2 × Hamlet", "1 × Hamlet") // both lines answered
	r.focusCart(2, cartCode)
	r.keys("enter")
	r.waitFor("YOUR PROMO CODE")
	r.typ("bienvenue")
	r.keys("enter")
	r.waitFor("Code BIENVENUE applied", "CHF 7.00")
	cols := map[int]bool{}
	n := 0
	for _, l := range strings.Split(r.screen(), "\n") {
		if i := strings.Index(l, "◀"); i >= 0 {
			cols[utf8.RuneCountInString(l[:i])] = true
			n++
		}
	}
	if n != 2 || len(cols) != 1 {
		t.Fatalf("%d tariff lines, arrows in %d columns:\n%s", n, len(cols), r.screen())
	}
}
