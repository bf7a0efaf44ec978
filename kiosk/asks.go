package kiosk

import (
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
