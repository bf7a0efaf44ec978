package local

import (
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Failed PINs (issue 10): after PINTries wrong PINs in a row for a member
// of staff, the next try waits PINWait, doubling with each further failure;
// a right PIN clears the count. Every failure is journaled with the till
// it came from, so the count survives a restart and an administrator sees
// who tried.
const (
	TypePINFailed  = "pin.failed"  // pinFailed
	TypePINCleared = "pin.cleared" // pinFailed: the right PIN after failures
)

// PINTries is how many wrong PINs in a row are allowed before the wait.
const PINTries = 5

// PINWait is the first wait after PINTries failures.
const PINWait = 30 * time.Second

// pinWaitMax caps the doubling (a typo-prone colleague is not locked out
// for days).
const pinWaitMax = 24 * time.Hour

// KioskPINWaitMax caps the kiosk's wait. Its exit sequence is open to any
// customer and its wrong PINs count under the kiosk, not under who typed
// them: a customer who keeps trying makes the staff who come to reopen
// sales wait at most this long after their last try.
const KioskPINWaitMax = 5 * time.Minute

type pinFailed struct {
	Staff string `json:"staff"`
	Till  string `json:"till"` // the register, and the session when there are several
	// By: the administrator who cleared the failures at the desk (a
	// pin.cleared not written by the right PIN)
	By string `json:"by,omitempty"`
}

// vPINFailures: staff id -> PINFailures (JSON), consecutive failures.
const vPINFailures = "pin_failures"

// PINFailures is a member of staff's wrong PINs in a row.
type PINFailures struct {
	Staff string    `json:"staff"`
	Count int       `json:"count"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	Till  string    `json:"till"` // where the last one was typed
}

// Until is when the next try is allowed (zero: now).
func (f PINFailures) Until() time.Time {
	if f.Count < PINTries {
		return time.Time{}
	}
	most := pinWaitMax
	if f.Staff == KioskStaffID {
		most = KioskPINWaitMax
	}
	wait := PINWait
	for i := PINTries; i < f.Count && wait < most; i++ {
		wait *= 2
	}
	return f.Last.Add(min(wait, most))
}

func applyPINFailures(tx *bolt.Tx, e Entry) error {
	if e.Type != TypePINFailed && e.Type != TypePINCleared {
		return nil
	}
	var p pinFailed
	if err := e.decode(&p); err != nil {
		return err
	}
	b := view(tx, vPINFailures)
	if e.Type == TypePINCleared {
		return b.Delete([]byte(p.Staff))
	}
	var f PINFailures
	if _, err := getJSON(b, []byte(p.Staff), &f); err != nil {
		return err
	}
	if f.Count == 0 {
		f.First = e.Time
	}
	f.Staff, f.Last, f.Till = p.Staff, e.Time, p.Till
	f.Count++
	return putJSON(b, []byte(p.Staff), f)
}

// PINWaitError is a refused unlock: too many wrong PINs, wait until Until.
type PINWaitError struct {
	Staff string
	Until time.Time
	Now   time.Time
}

func (e *PINWaitError) Error() string { return pos.Say(e.problem(), pos.English) }

// Seconds is the wait left, rounded up.
func (e *PINWaitError) Seconds() int {
	return int((e.Until.Sub(e.Now) + time.Second - 1) / time.Second)
}

func (e *PINWaitError) problem() error {
	return pos.Errorf("too many wrong PINs: wait %d s before trying again", e.Seconds())
}

// Say is the refusal in the seller's language.
func (e *PINWaitError) Say(lang pos.Lang) string { return pos.Say(e.problem(), lang) }

// checkPIN checks a member of staff's PIN against the throttle, journals a
// failure and clears the count on success. An unknown staff id is a wrong
// PIN with nothing journaled (there is no one to lock). A read-only
// register checks without journaling.
func (r *Register) checkPIN(staffID, pin, till string) (*pos.Staff, error) {
	s, ok := r.cat().StaffByID(staffID)
	if !ok {
		return nil, ErrWrongPIN
	}
	if err := r.throttlePIN(staffID, till, func() bool { return s.CheckPIN(pin) }); err != nil {
		return nil, err
	}
	return s, nil
}

// throttlePIN is checkPIN's rule for the failures counted under key: a
// *PINWaitError during the wait (right is not asked then), a failure
// journaled, the count cleared by a right PIN after failures. One check
// at a time: the failures read are those of every try before it.
func (r *Register) throttlePIN(key, till string, right func() bool) error {
	r.pinMu.Lock()
	defer r.pinMu.Unlock()
	if till == "" {
		till = r.id
	}
	now := r.now()
	var f PINFailures
	if err := r.read(func(tx *bolt.Tx) error {
		_, err := getJSON(view(tx, vPINFailures), []byte(key), &f)
		return err
	}); err != nil {
		return err
	}
	if until := f.Until(); now.Before(until) {
		return &PINWaitError{Staff: key, Until: until, Now: now}
	}
	ok := right()
	if r.readOnly || (ok && f.Count == 0) {
		if !ok {
			return ErrWrongPIN
		}
		return nil
	}
	typ := TypePINFailed
	if ok {
		typ = TypePINCleared
	}
	if err := r.update(now, "", key, func(w *writer) error {
		_, err := w.append(typ, pinFailed{Staff: key, Till: till})
		return err
	}); err != nil {
		return err
	}
	if ok {
		return nil
	}
	f.Staff, f.Count, f.Last = key, f.Count+1, now.UTC()
	if until := f.Until(); now.Before(until) {
		return &PINWaitError{Staff: key, Until: until, Now: now}
	}
	return ErrWrongPIN
}

// ClearPINWait ends a member of staff's wrong PINs in a row, and so their
// wait, as their right PIN would (pin.cleared, with who cleared them): an
// administrator's act at the desk for a colleague who has to sell now
// (the wait doubles up to a day). The kiosk's wrong PINs (KioskStaffID)
// are cleared the same way. Durable when it returns.
func (t *Till) ClearPINWait(staffID string) error {
	r := t.r
	r.pinMu.Lock()
	defer r.pinMu.Unlock()
	return r.update(r.now(), "", t.staff.ID, func(w *writer) error {
		var f PINFailures
		if _, err := getJSON(view(w.tx, vPINFailures), []byte(staffID), &f); err != nil {
			return err
		}
		if f.Count == 0 {
			name := staffID
			if s, ok := r.cat().StaffByID(staffID); ok {
				name = s.Name
			}
			return pos.Errorf("%s has no wrong PINs to clear", name)
		}
		_, err := w.append(TypePINCleared, pinFailed{Staff: staffID, Till: r.id, By: t.staff.ID})
		return err
	})
}

// PINFailures lists the members of staff with wrong PINs in a row, the
// most recent first (an administrator's desk).
func (r *Register) PINFailures() ([]PINFailures, error) {
	var out []PINFailures
	err := r.read(func(tx *bolt.Tx) error {
		b := view(tx, vPINFailures)
		return b.ForEach(func(k, _ []byte) error {
			var f PINFailures
			if _, err := getJSON(b, k, &f); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Last.After(out[j].Last) })
	return out, err
}
