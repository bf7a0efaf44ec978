package local

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ShiftReport is a shift's report read from the file, without a till: an
// open shift's figures now (an X), a closed one's Z. shift "" is the last
// shift opened. ok is false when there is no such shift. It writes
// nothing: it works on a register opened read-only.
func (r *Register) ShiftReport(shift string) (rep Report, ok bool, err error) {
	err = r.read(func(tx *bolt.Tx) error {
		if n := getInt(view(tx, vCounters), []byte("shifts")); shift == "" && n > 0 {
			// the shift numbered last (OpenShift's id): the view's last key
			// would be K01-S9999 once K01-S10000 was opened
			shift = fmt.Sprintf("%s-S%04d", r.id, n)
		}
		if shift == "" || !reportExists(tx, shift) {
			return nil
		}
		ok = true
		rep, err = r.report(tx, shift, r.now())
		return err
	})
	return rep, ok, err
}

// Comped is what comps gave away in a report: how many and why (for a
// screen's summary line).
func (d *ReportDetail) Comped() (n int, reasons []string) {
	seen := map[string]bool{}
	for _, c := range d.Comps {
		n++
		if !seen[c.Reason] {
			seen[c.Reason] = true
			reasons = append(reasons, c.Reason)
		}
	}
	return n, reasons
}

// ZPapers is how many papers of a shift's Z closure tills queued
// (QueueShiftReport): the till numbers its next one DUPLICATA with it
// (0: none yet, the next is the original). A paper queued counts once it
// is in the journal, printed yet or not, as the till counts it: it is
// never dropped, and one still waiting for the printer prints as the
// original, before any paper queued after it (applyCounters says why). A
// paper printed elsewhere while it waits is a duplicate of it. Reads only.
func (r *Register) ZPapers(shift string) (n int, err error) {
	err = r.read(func(tx *bolt.Tx) error {
		n = getInt(view(tx, vCounters), zPapersKey(shift))
		return nil
	})
	return n, err
}
