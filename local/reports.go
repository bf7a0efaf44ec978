package local

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// ShiftReport is a shift's report read from the file, without a till: an
// open shift's figures now (an X), a closed one's Z. shift "" is the last
// shift opened. ok is false when there is no such shift. It writes
// nothing: it works on a register opened read-only.
func (r *Register) ShiftReport(shift string) (rep Report, ok bool, err error) {
	err = r.read(func(tx *bolt.Tx) error {
		b := view(tx, vShifts)
		if shift == "" {
			c := b.Cursor()
			for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
				if !bytes.Contains(k, []byte{0}) {
					shift = string(k)
					break
				}
			}
		}
		if shift == "" || b.Get([]byte(shift)) == nil {
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
