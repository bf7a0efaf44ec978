package kiosk

import (
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"guichet/counter"
	"guichet/pos"
)

// gatedReads is what the kiosk reads of the register, the read named
// (AvailabilityFor, RefundsOwed, OldestLostPayment, LastKioskOrder) waiting until the test
// opens the gate: a central server slow to answer, a journal on a slow
// disk. calls counts the reads made.
type gatedReads struct {
	registerReads
	waits string
	calls atomic.Int32
	asked chan struct{} // the read is waiting at the gate
	gate  chan struct{}
	open  func()
}

func (g *gatedReads) wait(call string) {
	g.calls.Add(1)
	if call != g.waits {
		return
	}
	select {
	case g.asked <- struct{}{}:
	default:
	}
	<-g.gate
}

func (g *gatedReads) AvailabilityFor(perf string, t *counter.Till) ([]counter.ZoneAvailability, error) {
	g.wait("AvailabilityFor")
	return g.registerReads.AvailabilityFor(perf, t)
}

func (g *gatedReads) RefundsOwed() ([]counter.RefundOwed, error) {
	g.wait("RefundsOwed")
	return g.registerReads.RefundsOwed()
}

func (g *gatedReads) OldestLostPayment() (string, error) {
	g.wait("OldestLostPayment")
	return g.registerReads.OldestLostPayment()
}

func (g *gatedReads) LastKioskOrder() (string, error) {
	g.wait("LastKioskOrder")
	return g.registerReads.LastKioskOrder()
}

func (g *gatedReads) waitAsked(t *testing.T) {
	t.Helper()
	select {
	case <-g.asked:
	case <-time.After(5 * time.Second):
		t.Fatalf("the kiosk never read %s", g.waits)
	}
}

func gatedReadsRig(t *testing.T, call string, ro rigOpts) (*rig, *gatedReads) {
	t.Helper()
	g := &gatedReads{waits: call, asked: make(chan struct{}, 1), gate: make(chan struct{})}
	ro.reads = func(r registerReads) registerReads { g.registerReads = r; return g }
	r := newRig(t, ro)
	opened := false
	g.open = func() { opened = true; close(g.gate) }
	t.Cleanup(func() { // before the rig's: a failed test still stops
		if !opened {
			close(g.gate)
		}
	})
	return r, g
}

// TestChoosingAShowDoesNotWaitForItsPlacesInUpdate: with a central
// server, a show's places may ask its escrow (up to seconds). While they
// are counted the kiosk still answers keys and says "one moment"; the
// places show once the answer comes. The test failed before: the places
// were counted inside Update, so F2 was never handled while it waited.
func TestChoosingAShowDoesNotWaitForItsPlacesInUpdate(t *testing.T) {
	r, g := gatedReadsRig(t, "AvailabilityFor", rigOpts{})
	r.waitFor("Press any key to buy tickets")
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.typ("haml")
	r.waitFor("Type to search: haml", "Today 20:00")
	go r.keys("enter", "f2") // aside: a frozen kiosk would not take them
	g.waitAsked(t)
	r.waitFor("CHOISISSEZ UN SPECTACLE", "Un instant…")
	g.open()
	r.waitFor("OÙ VOULEZ-VOUS ÊTRE ?", "Parterre")
}

// TestAnOlderShowsPlacesNeverReplaceANewerScreen: the places are counted
// in a tea.Cmd, not in Update; the answer for a show chosen first, coming
// after the customer chose another, or after they walked away, changes
// nothing.
func TestAnOlderShowsPlacesNeverReplaceANewerScreen(t *testing.T) {
	r := newRig(t, rigOpts{})
	m, err := New(Options{Service: r.svc, Lang: pos.English, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	g := &gatedReads{registerReads: m.reads}
	m.reads = g
	m.openPerfs()
	find := func(name string) int {
		for i, p := range m.perfs {
			if strings.Contains(m.perfName(p), name) {
				return i
			}
		}
		t.Fatalf("no %s on the show list", name)
		return -1
	}
	m.focus = find("Hamlet")
	hamlet := m.perfs[m.focus]
	first := m.perfsKey("enter", "")
	if n := g.calls.Load(); n != 0 || first == nil {
		t.Fatalf("Enter on a show read the register %d times inside Update (its Cmd: %v)", n, first != nil)
	}
	if m.scr != scrPerfs || m.msg != "One moment…" {
		t.Fatalf("while its places are counted: screen %v, message %q; want the list, one moment", m.scr, m.msg)
	}
	m.focus = find("Moon")
	moon := m.perfs[m.focus]
	second := m.perfsKey("enter", "")
	m.update(second())
	if m.perf != moon || m.scr == scrPerfs {
		t.Fatalf("the Moon's places answered: on screen %v of %v", m.scr, m.perf)
	}
	scr, focus := m.scr, m.focus
	m.update(first()) // Hamlet's, late
	if m.perf != moon || m.scr != scr || m.focus != focus {
		t.Fatalf("Hamlet's places, answered after the Moon's, replaced them: screen %v of %v", m.scr, m.perf)
	}

	m.openPerfs()
	m.focus = find("Hamlet")
	late := m.perfsKey("enter", "")
	m.reset() // the customer walked away
	m.update(late())
	if m.scr != scrAttract {
		t.Fatalf("a show's places answered after the customer walked away opened screen %v", m.scr)
	}

	// back from a zone: its places show at once, counted again
	m.openPerfs()
	m.focus = find("Hamlet")
	m.update(m.perfsKey("enter", "")())
	if m.perf != hamlet || m.scr != scrZones || len(m.zones) < 2 {
		t.Fatalf("Hamlet's places: screen %v, %d zones", m.scr, len(m.zones))
	}
	m.openZone(1) // the standing gallery
	calls := g.calls.Load()
	again := m.qtyKey("esc")
	if m.scr != scrZones || g.calls.Load() != calls || again == nil {
		t.Fatalf("Esc on the quantities: screen %v, %d reads inside Update", m.scr, g.calls.Load()-calls)
	}
	m.zones = nil // as if counted before
	m.update(again())
	if len(m.zones) < 2 {
		t.Fatalf("the places counted again did not show: %+v", m.zones)
	}
}

// TestTheStaffPINIsCheckedOffUpdate: a staff PIN is checked (its hash
// compared, a wrong one journaled) in a tea.Cmd: the PIN screen still
// answers keys and says "one moment", a second Enter meanwhile checks
// nothing again, and the menu opens with the answer. The test failed
// before: the PIN was checked inside Update, on the till itself (the
// gated till was never asked, F2 waited for the check).
func TestTheStaffPINIsCheckedOffUpdate(t *testing.T) {
	r, g := gatedRig(t, "OpenStaffMenu")
	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	go r.keys("enter", "enter", "f2") // aside: a frozen kiosk would not take them
	g.waitAsked(t)
	r.waitFor("Code du personnel :", "Un instant…")
	g.open()
	r.waitFor("MENU DU PERSONNEL", "Réimprimer la dernière commande")
	if n := g.calls.Load(); n != 1 {
		t.Fatalf("the PIN was checked %d times; want once (the second Enter came during the check)", n)
	}
}

// TestAStaffPINLeftDuringItsCheckLeavesTheTillTheCustomers: staff type
// their PIN and leave (Esc) while it is checked; the check, right, comes
// after: the menu does not open over the customer's screen, and the till
// under it keeps the customer's rights.
func TestAStaffPINLeftDuringItsCheckLeavesTheTillTheCustomers(t *testing.T) {
	seen := &msgLog{}
	r, g := gatedRigWith(t, "OpenStaffMenu", rigOpts{seen: seen})
	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	r.keys("enter")
	g.waitAsked(t)
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")
	g.open()
	r.waitUntil(func() bool { return slices.Contains(seen.since(0), "kiosk.pinMsg") }, "the PIN's answer")
	r.keys("x") // after the answer, in Update's order
	r.waitFor("CHOOSE A SHOW")
	if err := r.m.Till().MarkRefunded("no-such-ref"); !errors.Is(err, counter.ErrStaffMenuClosed) {
		t.Fatalf("the till under the customer's screen, after the PIN's late answer: %v; want the staff menu closed", err)
	}
}

// TestTheStaffMenusListsAreReadOffUpdate: the staff menu's lists (the
// approvals to refund, the payment lost) are read from the journal in the
// PIN's tea.Cmd; a reconcile's refunds, listed while the menu is open,
// too. The test failed before: they were read inside Update, from the
// register itself.
func TestTheStaffMenusListsAreReadOffUpdate(t *testing.T) {
	r, g := gatedReadsRig(t, "RefundsOwed", rigOpts{})
	r.waitFor("Press any key to buy tickets")
	r.keys("f12", "f12", "f12")
	r.waitFor("Staff PIN:")
	r.typ("1234")
	go r.keys("enter", "f2") // aside: a frozen kiosk would not take them
	g.waitAsked(t)
	r.waitFor("Code du personnel :", "Un instant…")
	g.open()
	r.waitFor("MENU DU PERSONNEL", "Retour au client")

	// a reconcile that ends while the menu is open: its lists are read in
	// a Cmd, and an older read answered after a newer is not shown
	m, err := New(Options{Service: r.svc, Lang: pos.English, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	counted := &gatedReads{registerReads: m.reads}
	m.reads = counted
	m.scr = scrStaff
	cmd := m.update(reconciledMsg{r: []counter.Reconciled{{Ref: "K01-P000009", Outcome: "refund"}}})
	if n := counted.calls.Load(); n != 0 || cmd == nil {
		t.Fatalf("a reconcile's refunds read the register %d times inside Update (its Cmd: %v)", n, cmd != nil)
	}
	older := m.staffReader(false)
	m.update(cmd()) // the reconcile's read, asked first
	m.update(listsMsg{seq: m.listsAsked + 1, refunds: []counter.RefundOwed{{Ref: "K01-P000002"}}})
	m.update(listsMsg(older()))
	if len(m.refunds) != 1 || m.refunds[0].Ref != "K01-P000002" {
		t.Fatalf("the menu lists %+v; want the newest read's K01-P000002", m.refunds)
	}
}
