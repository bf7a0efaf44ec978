package counter

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"guichet/local"
	"guichet/pos"
)

// Door is a till at the entrance: it scans tickets for one performance and
// lets them in. Each admission is a ticket.admitted entry of the register's
// journal, so a door works offline on that journal and its admissions go
// to the central server with the journal's push, like a sale.
type Door struct {
	s    *Service
	name string
	perf *pos.Performance
}

// Admission is the door's answer for one scan.
type (
	Admission  = local.Admission
	Verdict    = local.Verdict
	DoorCounts = local.DoorCounts
)

// The door's verdicts.
const (
	VerdictAdmit            = local.VerdictAdmit
	VerdictAlreadyAdmitted  = local.VerdictAlreadyAdmitted
	VerdictCanceled         = local.VerdictCanceled
	VerdictExchanged        = local.VerdictExchanged
	VerdictWrongPerformance = local.VerdictWrongPerformance
	VerdictForged           = local.VerdictForged
	VerdictUnknown          = local.VerdictUnknown
	VerdictNotATicket       = local.VerdictNotATicket
	VerdictUnreadable       = local.VerdictUnreadable
	VerdictUnpaid           = local.VerdictUnpaid
	VerdictLostJournal      = local.VerdictLostJournal
)

// maxDoorName bounds a door's name: it is journaled with every admission
// and shown in "already admitted by …".
const maxDoorName = 40

// OpenDoor opens a door named name (what "already admitted by …" says)
// for performance perf.
func (s *Service) OpenDoor(name, perf string) (*Door, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > maxDoorName || strings.ContainsFunc(name, unicode.IsControl) {
		return nil, fmt.Errorf("the door's name must be 1 to %d characters without control characters (--door \"porte 1\")", maxDoorName)
	}
	p, ok := s.Catalog().PerformanceByID(perf)
	if !ok {
		return nil, fmt.Errorf("there is no performance %q in the catalog", perf)
	}
	if p.Canceled {
		return nil, fmt.Errorf("performance %s was canceled: no one is let in to it (name another with --performance ID)", perf)
	}
	return &Door{s: s, name: name, perf: p}, nil
}

// Name is the door's name.
func (d *Door) Name() string { return d.name }

// Performance is the performance the door lets in.
func (d *Door) Performance() *pos.Performance { return d.perf }

// Scan judges what the scanner typed (a ticket's code) or a ticket number
// typed by hand, and records the admission when the ticket may go in
// (durable when Scan returns).
func (d *Door) Scan(input string) (Admission, error) {
	return d.s.reg.Admit(d.name, d.perf.ID, input)
}

// Counts is the performance's tickets sold and admitted so far.
func (d *Door) Counts() (DoorCounts, error) { return d.s.reg.DoorCounts(d.perf.ID) }

// doorLate is how long after its start a performance is still the one a
// door lets in (latecomers), before the next one of the day is.
const doorLate = 90 * time.Minute

// DoorPerformance is the performance a door lets in today when none is
// named: of the day's performances (in the organiser's time zone, not
// cancelled), the first that started less than 90 minutes ago or has yet
// to start, else the day's last one.
func DoorPerformance(cat *pos.Catalog, now time.Time) (*pos.Performance, error) {
	now = now.In(cat.Location())
	y, m, dd := now.Date()
	var today []*pos.Performance
	for _, p := range cat.PerformancesByStart() {
		if py, pm, pd := p.Start.In(cat.Location()).Date(); py == y && pm == m && pd == dd && !p.Canceled {
			today = append(today, p)
		}
	}
	if len(today) == 0 {
		return nil, fmt.Errorf("no performance today (%s): name one with --performance ID", now.Format("2006-01-02"))
	}
	for _, p := range today {
		if now.Before(p.Start.Add(doorLate)) {
			return p, nil
		}
	}
	return today[len(today)-1], nil
}
