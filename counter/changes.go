package counter

import (
	"slices"
	"sync"
	"time"

	"guichet/local"
	"guichet/pos"
)

// changes tells every subscribed till that the register changed (a commit,
// a hold taken or released): a seat taken at one till shows as held at the
// others at once, and no till polls.
type changes struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

func (c *changes) tell() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ch := range c.subs {
		select {
		case ch <- struct{}{}:
		default: // one is pending already: the till reads the newest state once
		}
	}
}

// Changes returns a channel that receives after every change to the
// register (holding one pending signal at most), until cancel, which
// closes it.
func (s *Service) Changes() (<-chan struct{}, func()) { return s.changes.subscribe() }

// PrinterChanges returns a channel that receives after every change of
// what a status line says of the printer (a job printing or done, the
// jobs waiting, online or not, its fault), until cancel. Nothing to read
// again but the printer's state (Printer, from memory): a screen only
// draws its status line anew, where Changes makes it read the register.
func (s *Service) PrinterChanges() (<-chan struct{}, func()) { return s.printing.subscribe() }

func (c *changes) subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	c.mu.Lock()
	if c.subs == nil {
		c.subs = map[chan struct{}]struct{}{}
	}
	c.subs[ch] = struct{}{}
	c.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			c.mu.Lock()
			delete(c.subs, ch)
			c.mu.Unlock()
			close(ch)
		})
	}
}

// HoldFor is how long a till's cart holds its seats after its last change
// or its till's last key.
func (s *Service) HoldFor() time.Duration { return s.reg.HoldFor() }

// TillSession is a till's login or logout from elsewhere than the
// register's own console (an SSH session), for the journal.
type TillSession = local.TillSession

// RecordSession journals a till's login or logout: who sold on which
// till from where.
func (s *Service) RecordSession(t TillSession) error { return s.reg.RecordSession(t) }

// LeftPayments are payments taken at a till for a sale it closed without
// recording (the session ended, or idle released the cart): the cash is
// in the drawer, the card charged, and no order holds them.
type LeftPayments struct {
	At       time.Time
	Payments []pos.Tender
	note     *LeftNote // the screen's that kept them (RememberPaymentsLeft)
}

// LeftNote is payments a screen closing its till keeps to tell at once
// (RememberPaymentsLeft), until its command journals them
// (JournalRemembered).
type LeftNote struct {
	staff string
	left  LeftPayments
}

// LeavePayments journals the payments typed at a till of staff's for a
// sale the till is closing without recording, to tell staff at their next
// unlock (PaymentsLeft), after a restart too. When the journal refuses
// them they are kept in memory to tell all the same. Durable when it
// returns nil.
func (s *Service) LeavePayments(staff string, payments []pos.Tender) error {
	if len(payments) == 0 {
		return nil
	}
	s.leftMu.Lock()
	defer s.leftMu.Unlock()
	err := s.reg.RecordSession(TillSession{Event: local.EventPaymentsLeft, Staff: staff, Payments: payments, Tell: true})
	if err != nil {
		s.keepLeft(staff, LeftPayments{At: s.now(), Payments: payments})
	}
	return err
}

// RememberPaymentsLeft keeps payments left at a till of staff's to tell
// them at their next unlock (PaymentsLeft), in memory, until
// JournalRemembered journals them: a screen closing its till keeps them
// at once, before its command journals them (an unlock typed meanwhile
// hears of them).
func (s *Service) RememberPaymentsLeft(staff string, payments []pos.Tender) *LeftNote {
	if len(payments) == 0 {
		return nil
	}
	n := &LeftNote{staff: staff, left: LeftPayments{At: s.now(), Payments: payments}}
	s.leftMu.Lock()
	defer s.leftMu.Unlock()
	s.keepLeft(staff, LeftPayments{At: n.left.At, Payments: payments, note: n})
	return n
}

// keepLeft keeps payments left in memory to tell; s.leftMu is held.
func (s *Service) keepLeft(staff string, l LeftPayments) {
	if s.left == nil {
		s.left = map[string][]LeftPayments{}
	}
	s.left[staff] = append(s.left[staff], l)
}

// JournalRemembered journals payments a screen kept (RememberPaymentsLeft):
// still untold, they leave memory for the journal, which tells them at the
// next unlock, after a restart too; told already (an unlock came first),
// they are journaled as told. A journal that refuses them leaves them in
// memory. Durable when it returns nil.
func (s *Service) JournalRemembered(n *LeftNote) error {
	if n == nil {
		return nil
	}
	// held through the commit: an unlock (PaymentsLeft) sees them in
	// memory or in the journal, never in both nor in neither
	s.leftMu.Lock()
	defer s.leftMu.Unlock()
	kept := s.left[n.staff]
	i := slices.IndexFunc(kept, func(l LeftPayments) bool { return l.note == n })
	err := s.reg.RecordSession(TillSession{Event: local.EventPaymentsLeft, Staff: n.staff, Payments: n.left.Payments, Tell: i >= 0})
	if err == nil && i >= 0 {
		s.left[n.staff] = slices.Delete(kept, i, i+1)
	}
	return err
}

// JournalPaymentsLeft journals payments taken at staff's till for a sale
// that will record no order (payments.left), without keeping them to tell
// at the next unlock: the screen that gave them up says so at once (a
// cart emptied after part of it was paid).
func (s *Service) JournalPaymentsLeft(staff string, payments []pos.Tender) error {
	if len(payments) == 0 {
		return nil
	}
	return s.reg.RecordSession(TillSession{Event: local.EventPaymentsLeft, Staff: staff, Payments: payments})
}

// PaymentsLeft is the payments staff's tills closed without recording
// that staff was not told of yet, oldest first: those the journal keeps
// to tell (a till ended by a restart included), journaled as told in the
// same commit, and those kept in memory; both are forgotten. A journal
// that cannot be read or written keeps its own for the next unlock. Call
// it from a command: it may write.
func (s *Service) PaymentsLeft(staff string) []LeftPayments {
	s.leftMu.Lock()
	defer s.leftMu.Unlock()
	var out []LeftPayments
	if notes, err := s.reg.PaymentsLeftToTell(staff); err == nil {
		for _, n := range notes {
			out = append(out, LeftPayments{At: n.At, Payments: n.Payments})
		}
	}
	out = append(out, s.left[staff]...)
	delete(s.left, staff)
	slices.SortStableFunc(out, func(a, b LeftPayments) int { return a.At.Compare(b.At) })
	return out
}
