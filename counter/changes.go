package counter

import (
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
}

// LeavePayments journals the payments typed at a till of staff's for a
// sale the till is closing without recording, and keeps them to tell
// staff at their next unlock (PaymentsLeft). Durable when it returns nil.
func (s *Service) LeavePayments(staff string, payments []pos.Tender) error {
	if len(payments) == 0 {
		return nil
	}
	s.RememberPaymentsLeft(staff, payments)
	return s.JournalPaymentsLeft(staff, payments)
}

// RememberPaymentsLeft keeps payments left at a till of staff's to tell
// them at their next unlock (PaymentsLeft), without journaling them: in
// memory only, so a screen closing its till keeps them at once, before
// its command journals them (an unlock typed meanwhile hears of them).
func (s *Service) RememberPaymentsLeft(staff string, payments []pos.Tender) {
	if len(payments) == 0 {
		return
	}
	s.leftMu.Lock()
	defer s.leftMu.Unlock()
	if s.left == nil {
		s.left = map[string][]LeftPayments{}
	}
	s.left[staff] = append(s.left[staff], LeftPayments{At: s.now(), Payments: payments})
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
// since staff last asked (LeavePayments), and forgets them.
func (s *Service) PaymentsLeft(staff string) []LeftPayments {
	s.leftMu.Lock()
	defer s.leftMu.Unlock()
	out := s.left[staff]
	delete(s.left, staff)
	return out
}
