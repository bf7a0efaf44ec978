package local

import (
	bolt "go.etcd.io/bbolt"
)

// open_shifts: each staff member's open shift.
func applyOpenShifts(tx *bolt.Tx, e Entry) error {
	b := view(tx, vOpenShifts)
	switch e.Type {
	case TypeShiftOpened:
		var p shiftOpened
		if err := e.decode(&p); err != nil {
			return err
		}
		return b.Put([]byte(p.Staff), []byte(p.Shift))
	case TypeShiftClosed:
		var p shiftClosed
		if err := e.decode(&p); err != nil {
			return err
		}
		return b.Delete([]byte(p.Report.Staff))
	}
	return nil
}
