package local

import "time"

// A till's holds run out HoldFor after its cart last changed or its last
// key (KeepHolds; longer when a till asks so), without any call to the
// register: the register tells its screens then (OnChange), so a seat held
// at one till shows as free at the others without a till polling. One timer serves every till: it is armed for the earliest
// deadline and, when it fires, looks for the next one.

// armExpiry makes sure the screens are told by until. The caller holds
// r.mu.
func (r *Register) armExpiry(now, until time.Time) {
	if r.expiry != nil && !r.expiryAt.After(until) {
		return // an earlier one is armed: it looks for this one when it fires
	}
	if r.expiry != nil {
		r.expiry.Stop()
	}
	r.expiryAt = until
	r.expiry = time.AfterFunc(until.Sub(now), r.holdsRanOut)
}

// holdsRanOut tells the screens when a hold ran out since the last time,
// and arms the timer for the next deadline. The register's clock decides
// (a timer may fire before its deadline by that clock: it looks again).
func (r *Register) holdsRanOut() {
	r.mu.Lock()
	r.expiry = nil
	now := r.now()
	ran := false
	var next time.Time
	for t := range r.tills {
		// A cart with a code and no line yet holds too (SetCatalog waits
		// behind it): its run-out is told as any cart's.
		empty := len(t.cart.Lines) == 0 && t.cart.Code == ""
		if t.closed.Load() || empty || !t.holdUntil.After(r.expired) {
			continue
		}
		if !now.Before(t.holdUntil) {
			ran = true
		} else if next.IsZero() || t.holdUntil.Before(next) {
			next = t.holdUntil
		}
	}
	if ran {
		r.expired = now
	}
	if !next.IsZero() {
		r.armExpiry(now, next)
	}
	r.mu.Unlock()
	if ran {
		r.changed()
	}
}
