package local

import (
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestTheLastShiftOpenedAfterShiftTenThousand: guichet report x without
// --shift reads the shift opened last, also once the register's shift
// numbers grew a fifth digit (K01-S10000 sorts before K01-S9999).
func TestTheLastShiftOpenedAfterShiftTenThousand(t *testing.T) {
	r, _ := openTest(t, "")
	// 9 998 shifts opened and closed before, as the counter says
	must(t, r.db.Update(func(tx *bolt.Tx) error { return addInt(view(tx, vCounters), []byte("shifts"), 9998) }))
	claire := openTill(t, r, "claire", "1234")
	_, err := claire.CloseShift(chf(20000))
	must(t, err)
	marc := openTill(t, r, "marc", "5678")
	sh, ok, err := marc.Shift()
	must(t, err)
	if !ok || sh.ID != "K01-S10000" {
		t.Fatalf("marc's shift: %+v, %v", sh, ok)
	}
	rep, ok, err := r.ShiftReport("")
	must(t, err)
	if !ok || rep.Shift != sh.ID || rep.Z {
		t.Fatalf("the last shift opened reads %s (Z %v), want marc's %s still open", rep.Shift, rep.Z, sh.ID)
	}
}
