package counter

import (
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
	name, p, err := CheckDoor(s.Catalog(), name, perf)
	if err != nil {
		return nil, err
	}
	return &Door{s: s, name: name, perf: p}, nil
}

// CheckDoor is what OpenDoor refuses, said from the catalog alone: a
// command opens the register's file only once its door may open (a
// refused door writes nothing, not even the register's start). It returns
// the name trimmed and the performance.
func CheckDoor(cat *pos.Catalog, name, perf string) (string, *pos.Performance, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > maxDoorName || strings.ContainsFunc(name, unicode.IsControl) {
		return "", nil, pos.Errorf("the door's name must be 1 to %d characters without control characters (--door \"porte 1\")", maxDoorName)
	}
	p, ok := cat.PerformanceByID(perf)
	if !ok {
		return "", nil, pos.Errorf("there is no performance %q in the catalog", perf)
	}
	if p.Canceled {
		return "", nil, pos.Errorf("performance %s was canceled: no one is let in to it (name another with --performance ID)", perf)
	}
	return name, p, nil
}

// DoorFor is what a door named name at venue ("": any) opens on, said from
// the catalog alone, as guichet door and a door over SSH take them: the
// performance perf, or when perf is "" the one DoorPerformance picks at
// now. It returns the name trimmed and the performance, or why the door
// may not open.
func DoorFor(cat *pos.Catalog, name, venue, perf string, now time.Time) (string, *pos.Performance, error) {
	if perf == "" {
		p, err := DoorPerformance(cat, venue, now)
		if err != nil {
			return "", nil, err
		}
		perf = p.ID
	} else if p, ok := cat.PerformanceByID(perf); !ok {
		return "", nil, pos.Errorf("there is no performance %q in the catalog", perf)
	} else if ev, _ := cat.EventByID(p.Event); venue != "" && (ev == nil || ev.Venue != venue) {
		return "", nil, pos.Errorf("performance %s is not at venue %q: name this door's venue's performance, or leave --venue out", perf, venue)
	}
	return CheckDoor(cat, name, perf)
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

// doorsOpen is how long before its start a performance's doors open: from
// then on a door lets its audience in rather than the latecomers of the
// one still playing (an attendant at 19:45 expects the 20:00 show, not the
// 18:15 one).
const doorsOpen = 30 * time.Minute

// doorLate is how long after its start a performance whose event has no
// duration is still under way (its latecomers still come).
const doorLate = 90 * time.Minute

// DoorPerformance is the performance a door at venue ("": any venue) lets
// in when none is named. Of the day's performances there (in the
// organiser's time zone, not cancelled), and those of the day before still
// under way past midnight, by start:
//   - the next to start once its doors are open (30 minutes before);
//   - else the one under way, the last begun if several (latecomers, until
//     its end: its event's duration, or 90 minutes when it has none);
//   - else the next of the day (the early ones queue for it);
//   - else the day's last.
func DoorPerformance(cat *pos.Catalog, venue string, now time.Time) (*pos.Performance, error) {
	now = now.In(cat.Location())
	day := now.Format("2006-01-02")
	at := "" // the venue's name
	if venue != "" {
		v, ok := cat.VenueByID(venue)
		if !ok {
			ids := make([]string, len(cat.Venues))
			for i := range cat.Venues {
				ids[i] = cat.Venues[i].ID
			}
			return nil, pos.Errorf("there is no venue %q in the catalog: name one of %s with --venue", venue, strings.Join(ids, ", "))
		}
		at = v.Name
	}
	y, m, dd := now.Date()
	yy, ym, yd := now.AddDate(0, 0, -1).Date()
	var today []*pos.Performance
	var next, playing *pos.Performance
	for _, p := range cat.PerformancesByStart() {
		if p.Canceled {
			continue
		}
		if ev, ok := cat.EventByID(p.Event); venue != "" && (!ok || ev.Venue != venue) {
			continue
		}
		py, pm, pd := p.Start.In(cat.Location()).Date()
		isToday := py == y && pm == m && pd == dd
		// a show begun the day before still plays past midnight: its
		// latecomers come to a door opened after it (00:10 for 23:30)
		if !isToday && (py != yy || pm != ym || pd != yd) {
			continue
		}
		switch {
		case p.Start.After(now):
			if next == nil {
				next = p
			}
		case now.Before(doorEnd(cat, p)):
			playing = p // by start: the last begun wins
		}
		if isToday {
			today = append(today, p)
		}
	}
	switch {
	case next != nil && !now.Before(next.Start.Add(-doorsOpen)):
		return next, nil
	case playing != nil:
		return playing, nil
	case next != nil:
		return next, nil
	case len(today) == 0 && at != "":
		return nil, pos.Errorf("no performance today at %s (%s): name one with --performance ID", at, day)
	case len(today) == 0:
		return nil, pos.Errorf("no performance today (%s): name one with --performance ID", day)
	}
	return today[len(today)-1], nil
}

// doorEnd is when a performance is over: latecomers no longer come.
func doorEnd(cat *pos.Catalog, p *pos.Performance) time.Time {
	if ev, ok := cat.EventByID(p.Event); ok && ev.Minutes > 0 {
		return p.Start.Add(time.Duration(ev.Minutes) * time.Minute)
	}
	return p.Start.Add(doorLate)
}
