package kiosk

import (
	"bytes"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

// openStaffMenu opens the staff menu with Claire's PIN (the PIN screen
// is titled "Staff menu" too: its last item shows).
func (r *rig) openStaffMenu() {
	r.t.Helper()
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Back to the customer")
}

// TestTheStaffMenuSaysTheLastOrderWasCanceled: the kiosk's last order was
// canceled at the counter (the customer whose tickets jammed was refunded
// there); the staff menu still offered "Reprint the last order
// (K01-000001)", and said only once chosen that nothing would print. The
// item says the order is canceled before staff choose it, offers no
// older order instead (its tickets, valid at the door, would go to
// whoever stands at the kiosk), and choosing it prints nothing.
func TestTheStaffMenuSaysTheLastOrderWasCanceled(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.buyTwo()
	r.waitFor("Order K01-000001")
	o := r.orders()[0].Order
	r.waitUntil(func() bool { return bytes.Contains(r.printer.Printed(), []byte(o.Tickets[1].Number)) }, "the tickets to print")
	claire, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := claire.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := claire.Cancel(o.Number, "tickets jammed, refunded at the counter"); err != nil {
		t.Fatal(err)
	}
	r.waitUntil(func() bool { q, err := r.svc.Register().PrintQueue(); return err == nil && len(q) == 0 }, "the print queue to empty")
	before := len(r.printer.Printed())
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")
	r.openStaffMenu()
	r.waitFor("Last order K01-000001: canceled, nothing to reprint")
	if s := r.screen(); strings.Contains(s, "Reprint the last order") {
		t.Fatalf("a canceled order is offered for reprint:\n%s", s)
	}
	r.keys("enter")
	r.waitFor("Order K01-000001 has no valid ticket left")
	r.svc.WakePrinter()
	time.Sleep(50 * time.Millisecond)
	if got := r.printer.Printed()[before:]; len(got) > 0 {
		doc, _ := printers.Decode(got)
		t.Fatalf("a canceled order printed:\n%s", doc.Plain())
	}
	ov, _, err := r.svc.Order(o.Number)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range ov.Tickets {
		if tk.Reprints != 0 {
			t.Fatalf("ticket %s of a canceled order reprinted %d times", tk.Number, tk.Reprints)
		}
	}
}

// soldWithoutPaper sells two tickets with the printer out of paper (its
// spooler looks only when woken) and opens the staff menu.
func soldWithoutPaper(t *testing.T) *rig {
	t.Helper()
	return soldWithoutPaperWith(t, rigOpts{})
}

// soldWithoutPaperWith is soldWithoutPaper on a rig with these options
// (its printer looked at once an hour).
func soldWithoutPaperWith(t *testing.T, o rigOpts) *rig {
	t.Helper()
	o.printInterval = time.Hour
	r := newRig(t, o)
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	r.printer.SetPaperOut(true)
	r.keys("enter")
	r.waitFor("Your tickets are safe: order K01-000001.")
	r.openStaffMenu()
	return r
}

// TestTicketsWaitingForPaperAreNotReprinted: the paper ran out as a sale
// printed; the staff menu offered "Reprint the last order (K01-000001)"
// though its tickets were still in the print queue, and a reprint queued
// a copy of each: with paper loaded the customer got every ticket twice.
// The menu says the tickets wait, a reprint then queues nothing, and once
// they printed the menu offers the reprint again.
func TestTicketsWaitingForPaperAreNotReprinted(t *testing.T) {
	r := soldWithoutPaper(t)
	r.waitFor("Last order K01-000001: its tickets are waiting to print", "Waiting to print: 3 (they will print by themselves; do not reprint)") // and the receipt
	r.keys("enter")
	r.waitForSaid("Order K01-000001's tickets are still waiting to print: they will come out by themselves, nothing is printed again.")
	ov, _, err := r.svc.Order("K01-000001")
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range ov.Tickets {
		if tk.Reprints != 0 {
			t.Fatalf("ticket %s, still waiting for paper, was queued again (%d copies)", tk.Number, tk.Reprints)
		}
	}
	// paper loaded: each ticket prints once, and the menu says it
	r.printer.SetPaperOut(false)
	r.svc.WakePrinter()
	r.waitFor("Reprint the last order (K01-000001)", "Printer: ready")
	// the receipt prints after the tickets
	r.waitUntil(func() bool { return !strings.Contains(r.screen(), "Waiting to print") }, "the menu to say nothing waits")
	doc, err := printers.Decode(r.printer.Printed())
	if err != nil {
		t.Fatal(err)
	}
	if seq := printertest.Sequence(doc); seq != "ticket ticket receipt" || strings.Contains(doc.Plain(), "DUPLICATE") {
		t.Fatalf("printed %q, want each ticket once and the receipt:\n%s", seq, doc.Plain())
	}
	// now out, a jammed ticket can be reprinted
	r.keys("enter")
	r.waitFor("Order K01-000001 sent to the printer.")
	r.svc.WakePrinter()
	r.waitUntil(func() bool {
		doc, err := printers.Decode(r.printer.Printed())
		return err == nil && strings.Count(doc.Plain(), "DUPLICATE 1") >= 2
	}, "both tickets to print again, marked DUPLICATE")
}

// TestTheLastOrdersTicketsAsAReprintSeesThem: a valid ticket printed fewer
// times than asked (its original, then each copy) still waits to print;
// canceled and exchanged ones do not count.
func TestTheLastOrdersTicketsAsAReprintSeesThem(t *testing.T) {
	tk := func(state string, printed, reprints int) counter.TicketView {
		return counter.TicketView{State: state, Printed: printed, Reprints: reprints}
	}
	for _, c := range []struct {
		name    string
		state   string
		tickets []counter.TicketView
		want    lastOrder
	}{
		{"printed", pos.OrderPaid, []counter.TicketView{tk(counter.TicketValid, 1, 0), tk(counter.TicketValid, 1, 0)}, lastOrder{valid: 2}},
		{"waiting for paper", pos.OrderPaid, []counter.TicketView{tk(counter.TicketValid, 0, 0), tk(counter.TicketValid, 1, 0)}, lastOrder{valid: 2, waiting: 1}},
		{"a copy waiting", pos.OrderPaid, []counter.TicketView{tk(counter.TicketValid, 1, 1)}, lastOrder{valid: 1, waiting: 1}},
		{"a copy printed", pos.OrderPaid, []counter.TicketView{tk(counter.TicketValid, 2, 1)}, lastOrder{valid: 1}},
		{"one canceled, unprinted", pos.OrderPaid, []counter.TicketView{tk(counter.TicketCanceled, 0, 0), tk(counter.TicketValid, 1, 0)}, lastOrder{valid: 1}},
		{"exchanged", pos.OrderPaid, []counter.TicketView{tk(counter.TicketExchanged, 1, 0)}, lastOrder{}},
		{"canceled", pos.OrderCanceled, []counter.TicketView{tk(counter.TicketCanceled, 1, 0)}, lastOrder{canceled: true}},
	} {
		ov := counter.OrderView{Order: pos.Order{Number: "K01-000007", State: c.state}, Tickets: c.tickets}
		c.want.number = "K01-000007"
		if got := lastOrderOf(ov); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// countedReads counts the staff menu's reads of the refunds owed.
type countedReads struct {
	registerReads
	refunds atomic.Int32
}

func (c *countedReads) RefundsOwed() ([]counter.RefundOwed, error) {
	c.refunds.Add(1)
	return c.registerReads.RefundsOwed()
}

// TestTheWaitingTicketsAreReadAgainAlone: while the menu says the last
// order's tickets wait to print, each change of the printer reads that
// order again, and only it: a read of the refunds owed begun before a
// refund's mark and answered after it would list the refund again.
func TestTheWaitingTicketsAreReadAgainAlone(t *testing.T) {
	c := &countedReads{}
	r := newRig(t, rigOpts{printInterval: time.Hour, reads: func(rr registerReads) registerReads { c.registerReads = rr; return c }})
	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	r.printer.SetPaperOut(true)
	r.keys("enter")
	r.waitFor("Your tickets are safe: order K01-000001.")
	r.openStaffMenu()
	r.waitFor("Last order K01-000001: its tickets are waiting to print")
	before := c.refunds.Load()
	r.printer.SetPaperOut(false)
	r.svc.WakePrinter()
	r.waitFor("Reprint the last order (K01-000001)")
	if n := c.refunds.Load() - before; n != 0 {
		t.Fatalf("the refunds owed were read %d times as the tickets printed", n)
	}
}

// TestTheReprintItemSaysHowTheLastOrderStands: each state of the last
// order has its item, in both languages, and fits the menu at 80 columns
// (the focused item takes 5 more).
func TestTheReprintItemSaysHowTheLastOrderStands(t *testing.T) {
	n := "K01-000012"
	for _, c := range []struct {
		last   string
		state  lastOrder
		en, fr string
	}{
		{"", lastOrder{}, "Reprint the last order (none)", "Réimprimer la dernière commande (aucune)"},
		{n, lastOrder{}, "Reprint the last order (K01-000012)", "Réimprimer la dernière commande (K01-000012)"}, // not read yet
		{n, lastOrder{number: n, valid: 2}, "Reprint the last order (K01-000012)", "Réimprimer la dernière commande (K01-000012)"},
		{n, lastOrder{number: n, canceled: true}, "Last order K01-000012: canceled, nothing to reprint", "Dernière commande K01-000012 : annulée, rien à réimprimer"},
		{n, lastOrder{number: n}, "Last order K01-000012: no valid ticket left, nothing to reprint", "Dernière commande K01-000012 : plus de billet valable, rien à réimprimer"},
		{n, lastOrder{number: n, valid: 3, waiting: 3}, "Last order K01-000012: its tickets are waiting to print", "Dernière commande K01-000012 : ses billets attendent l'imprimante"},
		{n, lastOrder{number: n, valid: 3, waiting: 1}, "Reprint 2 tickets of K01-000012 (the others are waiting to print)", "Réimprimer 2 billets de K01-000012 (les autres attendent l'imprimante)"},
		{n, lastOrder{number: n, valid: 2, waiting: 1}, "Reprint 1 ticket of K01-000012 (the others are waiting to print)", "Réimprimer 1 billet de K01-000012 (les autres attendent l'imprimante)"},
		// an older order's state is not the new one's
		{n, lastOrder{number: "K01-000011", canceled: true}, "Reprint the last order (K01-000012)", "Réimprimer la dernière commande (K01-000012)"},
	} {
		for lang, want := range map[pos.Lang]string{pos.English: c.en, pos.French: c.fr} {
			m := &Model{lang: lang, lastOrder: c.last, lastState: c.state}
			got := m.reprintItem()
			if got != want {
				t.Errorf("%s %+v: %q, want %q", lang, c.state, got, want)
			}
			if w := ansi.StringWidth(got); w > 75 {
				t.Errorf("%q is %d columns: wider than the menu's item at 80", got, w)
			}
		}
	}
}

// TestTheStaffMenuCountsJobsQueuedWhileItShows: the staff menu's jobs
// waiting follow the printer's queue, though no key is pressed. The menu
// was drawn again only when the register changed, and a job is journaled
// (queued, or printed) before the spooler counts it: the menu said a count
// one behind, "Waiting to print: 1" after every job had printed (the
// spooler counting before the menu read was a race it usually won; here
// the test holds the spooler in its look at the printer until the menu has
// read).
func TestTheStaffMenuCountsJobsQueuedWhileItShows(t *testing.T) {
	r := soldWithoutPaper(t)
	r.waitFor("Waiting to print: 3")
	// the spooler looks at the printer, which does not answer yet
	asked := r.printer.StatusRequests()
	release := r.printer.HoldStatus()
	defer release()
	r.svc.WakePrinter()
	r.printer.StatusRequested(asked)
	// meanwhile the box office prints the order's receipt again: the
	// register changes, and the menu reads the printer before the spooler
	// has counted the new job
	other, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.PrintReceipt("K01-000001"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the menu's read (if it came later, the test proves less, never fails)
	release()
	r.waitUntil(func() bool { return r.svc.Printer().Pending == 4 }, "the spooler to count the receipt asked again")
	r.waitFor("Waiting to print: 4")
}
