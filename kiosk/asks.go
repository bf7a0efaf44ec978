package kiosk

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/pos"
)

// registerReads is what the kiosk reads of the register in a tea.Cmd,
// never in Update: a show's places may ask the central server's escrow
// (up to seconds), the staff menu's lists read the journal. The
// register's is serviceReads; a test's may be slow.
type registerReads interface {
	AvailabilityFor(perf string, t *counter.Till) ([]counter.ZoneAvailability, error)
	RefundsOwed() ([]counter.RefundOwed, error)
	// OldestLostPayment is the oldest charge whose answer the kiosk
	// never recorded ("": none).
	OldestLostPayment() (string, error)
	// LastKioskOrder is the newest order the kiosk sold, as the register
	// recorded it ("": none): the staff menu's reprint after a restart.
	LastKioskOrder() (string, error)
	// Order is an order as it stands: the staff menu says whether the
	// last one still has tickets to reprint.
	Order(number string) (counter.OrderView, bool, error)
	// TicketQRs are the QR codes of an order's tickets, by number: the
	// customer's tickets on screen.
	TicketQRs(order string) (map[string]string, error)
}

// serviceReads is registerReads on the register service.
type serviceReads struct{ *counter.Service }

func (s serviceReads) OldestLostPayment() (string, error) {
	pend, err := s.Register().PendingPayments()
	if err != nil || len(pend) == 0 {
		return "", err
	}
	return pend[0].Ref, nil
}

func (s serviceReads) LastKioskOrder() (string, error) { return s.Register().LastKioskOrder() }

// zonesMsg is a show's places as the register counted them for the
// kiosk's till (askZones).
type zonesMsg struct {
	perf  *pos.Performance
	zones []counter.ZoneAvailability
	err   error
	seq   uint64 // the ask's number: only the newest ask's answer is shown
	open  bool   // asked by choosing the show: its places open with the answer
}

// askZones counts the places of show p off Update. open: the show was
// chosen on the list, which stays until the answer opens its places
// ("one moment" meanwhile); else the places' screen shows and the
// answer counts them again.
func (m *Model) askZones(p *pos.Performance, open bool) tea.Cmd {
	m.zonesAsked++
	m.zonesWait = open
	if open {
		m.say("wait.moment")
	}
	n, reads, till := m.zonesAsked, m.reads, m.till
	return safe(func() tea.Msg {
		// what this customer may add: their order's own places are
		// theirs (InCart), not another's, even once its hold ran out
		zs, err := reads.AvailabilityFor(p.ID, till)
		return zonesMsg{perf: p, zones: zs, err: err, seq: n, open: open}
	})
}

// zonesAnswered shows a show's places, unless the customer moved on
// since (another show chosen, another screen) or a newer ask is under
// way.
func (m *Model) zonesAnswered(msg zonesMsg) tea.Cmd {
	if msg.seq != m.zonesAsked {
		return nil
	}
	if !msg.open {
		if m.scr != scrZones || m.perf != msg.perf {
			return nil
		}
		if msg.err != nil {
			m.sayErr(msg.err)
			return nil
		}
		m.zones = msg.zones
		m.focus = min(m.focus, max(len(m.zones)-1, 0))
		return nil
	}
	if !m.zonesWait || m.scr != scrPerfs {
		// the customer left the list (to() ends the wait); back on it
		// (the staff PIN's Esc), it no longer waits
		if m.scr == scrPerfs && m.msg == T(m.lang, "wait.moment") {
			m.msg = ""
		}
		return nil
	}
	m.zonesWait = false
	if msg.err != nil {
		m.sayErr(msg.err)
		return nil
	}
	m.perf, m.zones = msg.perf, msg.zones
	if len(m.zones) == 1 {
		m.openZone(0)
		return nil
	}
	m.to(scrZones)
	return nil
}

// backToZones leaves a zone's seats or quantities for the show's places,
// as last counted, counted again off Update; a show of one zone goes
// back to the show list.
func (m *Model) backToZones() tea.Cmd {
	if len(m.zones) <= 1 {
		m.openPerfs()
		return nil
	}
	m.to(scrZones)
	return m.askZones(m.perf, false)
}

// staffLists is the staff menu's lists as the register read them.
type staffLists struct {
	refunds  []counter.RefundOwed // the approvals to refund on the terminal
	lost     string               // the oldest charge never answered, to settle
	withLost bool                 // lost was asked (else the menu keeps its own)
	// lastOrder is the kiosk's newest order in the register ("": none):
	// a kiosk started again remembers no sale of its own
	lastOrder string
	// last is how it stands (its number "": not read)
	last lastOrder
	// lastErr: the last order could not be read (its number, or how it
	// stands): "none" would be a lie, and staff would send the customer
	// away without their tickets
	lastErr error
	err     error  // the first read that failed (lastErr's, or a list's)
	seq     uint64 // the read's number: an older never replaces a newer
	// again: staff chose the reprint to read a journal that failed
	// again: the menu says whether it could this time
	again bool
}

// lastOrder is how the kiosk's last order stands for a reprint, as the
// register read it: the staff menu says so before staff choose it (a
// canceled order offered for reprint printed nothing, and said so only
// once chosen; tickets still waiting for paper printed twice).
type lastOrder struct {
	number   string
	valid    int  // its tickets neither canceled nor exchanged
	waiting  int  // of those, the ones whose last copy has not printed yet
	canceled bool // the whole order was canceled
}

// lastOrderOf counts ov's tickets as a reprint sees them. A valid ticket
// printed fewer times than it was asked for (its original and each
// duplicate) still waits in the print queue: it comes out by itself once
// the printer can print, and another copy would print it twice.
func lastOrderOf(ov counter.OrderView) lastOrder {
	l := lastOrder{number: ov.Order.Number, canceled: ov.Order.State == pos.OrderCanceled}
	for _, tk := range ov.Tickets {
		if tk.State != counter.TicketValid {
			continue
		}
		l.valid++
		if tk.Printed < 1+tk.Reprints {
			l.waiting++
		}
	}
	return l
}

// listsMsg: the staff menu's lists read again (a reconcile's refunds).
type listsMsg staffLists

// staffReader numbers a read of the staff menu's lists and returns it, to
// run in a tea.Cmd (it reads the journal). withLost: the lost payment
// too, which the menu offers to settle unless it opened over a charge
// under way (that charge's answer is still to come) or the kiosk has no
// terminal.
func (m *Model) staffReader(withLost bool) func() staffLists {
	m.listsAsked++
	n, reads := m.listsAsked, m.reads
	lostToo := withLost && m.before != scrPaying && m.o.Terminal != nil
	return func() staffLists {
		l := staffLists{seq: n, withLost: withLost}
		l.refunds, l.err = reads.RefundsOwed()
		if last, err := reads.LastKioskOrder(); err == nil {
			l.lastOrder = last
		} else {
			l.lastErr = err
		}
		if l.lastOrder != "" {
			ov, ok, err := reads.Order(l.lastOrder)
			switch {
			case err != nil:
				l.lastErr = err
			case ok:
				l.last = lastOrderOf(ov)
			}
		}
		if l.err == nil {
			l.err = l.lastErr
		}
		if lostToo {
			lost, err := reads.OldestLostPayment()
			if err == nil {
				l.lost = lost
			} else if l.err == nil {
				l.err = err
			}
		}
		return l
	}
}

// showLists makes the lists read the staff menu's, unless a newer read's
// are shown. A read that failed is said on the menu, with what to do: its
// lists empty, the menu said "none" of the last order, the refunds owed
// and the lost payment, and "this kiosk has sold nothing yet" to a
// reprint, while the journal could not be read.
func (m *Model) showLists(l staffLists) {
	if l.err != nil {
		m.o.Log.Warn("staff menu's lists not read", "err", l.err)
	}
	if l.seq < m.listsShown {
		return
	}
	m.listsShown = l.seq
	m.refunds = l.refunds
	if l.lastOrder != "" {
		m.lastOrder = l.lastOrder
	}
	if l.last.number != "" {
		m.lastState = l.last
	}
	m.lastErr = l.lastErr
	if l.withLost {
		m.lost = l.lost
	}
	switch err := l.err; {
	case err != nil:
		m.sayIn(true, func(lang pos.Lang) string { return T(lang, "staff.unread", pos.Say(err, lang)) })
	case l.again:
		m.say("staff.readagain")
	}
}

// pinMsg is a staff PIN's check (checkPIN) and, when it is right, the
// staff menu's lists.
type pinMsg struct {
	screen uint64 // the PIN screen it was typed on (pinScreen)
	err    error
	lists  staffLists
}

// checkPIN checks the PIN typed off Update (its hash compared, a wrong
// one journaled and counted) and reads the staff menu's lists with it:
// the menu opens complete with the answer. One check at a time (the
// caller sees to it): a second Enter would count a wrong PIN twice.
func (m *Model) checkPIN() tea.Cmd {
	m.pinChecking = true
	m.say("wait.moment")
	n, t, pin, exit := m.pinScreen, m.cart, m.input, m.o.ExitPIN
	read := m.staffReader(true)
	return safe(func() tea.Msg {
		msg := pinMsg{screen: n, err: t.OpenStaffMenu(pin, exit)}
		if msg.err == nil {
			msg.lists = read()
		}
		return msg
	})
}

// pinAnswered opens the staff menu, or says why not, on the PIN screen
// the PIN was typed on; closed since (Esc, the charge's answer, the
// customer's idle), the till stays the customer's.
func (m *Model) pinAnswered(msg pinMsg) tea.Cmd {
	m.pinChecking = false
	if msg.err != nil {
		m.o.Log.Info("staff PIN refused", "err", msg.err)
	}
	if m.scr != scrPin || msg.screen != m.pinScreen {
		if msg.err == nil && m.scr != scrStaff {
			m.till.CloseStaffMenu() // the check opened it after the screen closed
		}
		return nil
	}
	if msg.err == nil {
		m.to(scrStaff)
		m.showLists(msg.lists)
		return nil
	}
	m.back()
	var wait *counter.PINWaitError
	switch {
	case errors.As(msg.err, &wait):
		m.msg, m.msgErr = wait.Say(m.lang), true
	case errors.Is(msg.err, counter.ErrWrongPIN):
		m.tell(true, "staff.wrong")
	default:
		m.sayErr(msg.err)
	}
	return nil
}
