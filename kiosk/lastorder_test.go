package kiosk

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"guichet/payterm"
	"guichet/pos"
	"guichet/printers"
)

// TestTheStaffMenuReprintsTheLastOrderAfterARestart: the kiosk kept its
// last order in memory only; started again (a power cut, its supervisor),
// its staff menu said "Reprint the last order (none)" though it had sold,
// and the customer whose tickets jammed got none. The menu reads the
// kiosk's last order from the register when it opens, and reprints it.
func TestTheStaffMenuReprintsTheLastOrderAfterARestart(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.buyTwo()
	r.waitFor("Order K01-000001")
	o := r.orders()[0].Order
	r.waitUntil(func() bool { return bytes.Contains(r.printer.Printed(), []byte(o.Tickets[1].Number)) }, "the tickets to print")
	r.waitUntil(func() bool { q, err := r.svc.Register().PrintQueue(); return err == nil && len(q) == 0 }, "the print queue to empty")

	// the kiosk stops and starts again on the same register file
	if err := r.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	r.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if err := r.m.Close(); err != nil {
		t.Fatal(err)
	}
	term, _ := payterm.Open(r.sim.Spec())
	m, err := New(Options{Service: r.svc, Terminal: term, Lang: pos.English, Now: func() time.Time { return saleDay }, Log: r.logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	r.m = m
	r.tm = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithFPS(120), tea.WithEnvironment([]string{"NO_COLOR=1", "TERM=xterm-256color"})))
	t.Cleanup(func() {
		_ = r.tm.Quit()
		r.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})

	before := len(r.printer.Printed())
	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Reprint the last order (K01-000001)")
	r.keys("enter")
	r.waitFor("Order K01-000001 sent to the printer.")
	r.waitUntil(func() bool {
		doc, err := printers.Decode(r.printer.Printed()[before:])
		p := doc.Plain()
		return err == nil && strings.Contains(p, "Ticket "+o.Tickets[0].Number+" - DUPLICATE 1") && strings.Contains(p, "Ticket "+o.Tickets[1].Number+" - DUPLICATE 1")
	}, "both tickets to print again, marked DUPLICATE")
}

// TestEscFinishesOnTheThankYouScreen: Esc did nothing on the thank-you
// screen and its help line named only Enter (the tickets on screen): a
// customer who wanted to leave waited for the idle timeout, the screen
// showing their order to the next in the queue. Esc finishes, as the help
// line says.
func TestEscFinishesOnTheThankYouScreen(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.buyTwo()
	r.waitFor("Enter: see your tickets on screen · Esc: finish")
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")
	if s := r.screen(); strings.Contains(s, "Thank you!") || strings.Contains(s, "K01-000001") {
		t.Fatalf("the order still shows after Esc:\n%s", s)
	}
	// the next customer starts from an empty cart
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	if s := r.screen(); strings.Contains(s, "2 tickets") {
		t.Fatalf("the last customer's cart shows:\n%s", s)
	}
}
