package kiosk

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"guichet/counter"
)

// unreadableReads is the register's reads, its journal unreadable while
// broken is set: the staff menu's last order, refunds owed and the order
// itself fail as a disk's I/O error would.
type unreadableReads struct {
	registerReads
	broken atomic.Bool
}

var errDisk = errors.New("read guichet.db: input/output error")

func (u *unreadableReads) LastKioskOrder() (string, error) {
	if u.broken.Load() {
		return "", errDisk
	}
	return u.registerReads.LastKioskOrder()
}

func (u *unreadableReads) RefundsOwed() ([]counter.RefundOwed, error) {
	if u.broken.Load() {
		return nil, errDisk
	}
	return u.registerReads.RefundsOwed()
}

// TestAnUnreadableJournalIsNotNothingSold: the staff menu read the
// kiosk's last order from the journal, and a read that failed was only
// logged: the menu said "Reprint the last order (none)" and Enter said
// "This kiosk has sold nothing yet", so staff sent away a customer whose
// tickets had jammed. The menu says the journal could not be read and
// what to do; the reprint reads it again, and says when it could. Before
// the fix the test failed on the menu's "(none)".
func TestAnUnreadableJournalIsNotNothingSold(t *testing.T) {
	u := &unreadableReads{}
	u.broken.Store(true)
	r := newRig(t, rigOpts{reads: func(rr registerReads) registerReads { u.registerReads = rr; return u }})
	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("STAFF MENU", "Reprint the last order (journal unreadable: read it again)")
	r.waitForSaid("The journal could not be read (read guichet.db: input/output error): this menu may be incomplete. Choose the reprint to read it again; if it happens again, call the supervisor.")
	r.keys("f2") // the same in French
	r.waitFor("MENU DU PERSONNEL", "Réimprimer la dernière commande (journal illisible : relire)")
	r.waitForSaid("Le journal n'a pas pu être lu (read guichet.db: input/output error) : ce menu peut être incomplet.")
	r.keys("f2")
	r.waitFor("STAFF MENU")
	if s := r.screen(); strings.Contains(s, "(none)") {
		t.Fatalf("the menu says the last order is none while the journal could not be read:\n%s", s)
	}

	r.keys("enter") // still unreadable: said again, never "sold nothing"
	r.waitForSaid("The journal could not be read")
	if s := r.screen(); strings.Contains(s, "sold nothing") {
		t.Fatalf("an unreadable journal is said as nothing sold:\n%s", s)
	}

	u.broken.Store(false)
	r.keys("enter")
	r.waitFor("The journal was read again.", "Reprint the last order (none)")
	r.keys("enter") // read, and empty: now it is true
	r.waitFor("This kiosk has sold nothing yet")
}

// failingQRs is the register's reads whose tickets' codes cannot be read
// while broken is set.
type failingQRs struct {
	registerReads
	broken atomic.Bool
}

func (f *failingQRs) TicketQRs(order string) (map[string]string, error) {
	if f.broken.Load() {
		return nil, errDisk
	}
	return f.registerReads.TicketQRs(order)
}

// TestTicketCodesThatCannotBeReadAreSaidSo: the customer's tickets on
// screen read their QR codes from the journal; a read that failed was only
// logged, and the screen showed each ticket without its code, saying
// nothing, for good (the empty codes were kept). The customer is told
// their tickets are still valid and what to do, and the codes are read
// again at the next ticket. The test failed before: no sentence, and no
// code on the next ticket.
func TestTicketCodesThatCannotBeReadAreSaidSo(t *testing.T) {
	f := &failingQRs{}
	f.broken.Store(true)
	r := newRig(t, rigOpts{reads: func(rr registerReads) registerReads { f.registerReads = rr; return f }})
	r.buyTwo()
	r.waitFor("Enter: see your tickets on screen")
	r.keys("enter")
	r.waitFor("Ticket 1 of 2")
	r.waitForSaid("The codes cannot be shown right now: your tickets are still valid. Take your printed tickets, or ask at the counter.")
	if c := r.m.qrs; c != nil {
		t.Fatalf("the codes not read are kept: %q", c)
	}

	f.broken.Store(false) // the customer goes on to the next ticket
	r.keys("right")
	r.waitFor("Ticket 2 of 2")
	r.waitUntil(func() bool { return strings.Contains(r.screen(), "█") || strings.Contains(r.screen(), "▀") }, "the code to show")
	if s := r.screen(); strings.Contains(s, "cannot be shown") {
		t.Fatalf("still said after the codes were read:\n%s", s)
	}
}

// goneOrders is the register's reads, the kiosk's orders not found while
// gone is set.
type goneOrders struct {
	registerReads
	gone atomic.Bool
}

func (g *goneOrders) Order(number string) (counter.OrderView, bool, error) {
	if g.gone.Load() {
		return counter.OrderView{}, false, nil
	}
	return g.registerReads.Order(number)
}

// TestALastOrderNotFoundIsSaidInTheMenusLanguage: the reprint of a last
// order the register no longer finds said "order K01-000001: not found"
// in English on a French staff menu (fmt.Errorf, which pos.Say cannot
// translate). It is said in French. The test failed before on the
// English.
func TestALastOrderNotFoundIsSaidInTheMenusLanguage(t *testing.T) {
	g := &goneOrders{}
	r := newRig(t, rigOpts{reads: func(rr registerReads) registerReads { g.registerReads = rr; return g }})
	r.buyTwo()
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")
	g.gone.Store(true)
	r.keys("f2")
	r.waitFor("Appuyez sur une touche")
	r.keys("f12", "f12", "f12")
	r.typ("1234")
	r.keys("enter")
	r.waitFor("MENU DU PERSONNEL", "Réimprimer la dernière commande (K01-000001)")
	r.keys("enter")
	r.waitForSaid("Commande K01-000001 : introuvable.")
}

// unreadableOrders is the register's reads whose orders cannot be read
// while broken is set.
type unreadableOrders struct {
	registerReads
	broken atomic.Bool
}

func (u *unreadableOrders) Order(number string) (counter.OrderView, bool, error) {
	if u.broken.Load() {
		return counter.OrderView{}, false, errDisk
	}
	return u.registerReads.Order(number)
}

// TestTheWaitingTicketsReadAgainUnreadableSaySo: the staff menu said the
// last order's tickets wait to print and read the order again when the
// printer changed; a read that failed was dropped, and the menu went on
// saying they wait, though they may have printed. It says the journal
// could not be read, as the menu's other reads do.
func TestTheWaitingTicketsReadAgainUnreadableSaySo(t *testing.T) {
	u := &unreadableOrders{}
	r := soldWithoutPaperWith(t, rigOpts{reads: func(rr registerReads) registerReads { u.registerReads = rr; return u }})
	r.waitFor("Last order K01-000001: its tickets are waiting to print")
	u.broken.Store(true)
	r.printer.SetPaperOut(false)
	r.svc.WakePrinter()
	r.waitForSaid("The journal could not be read (read guichet.db: input/output error)")
}
