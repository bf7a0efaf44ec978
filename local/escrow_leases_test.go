package local

import (
	"path/filepath"
	"testing"
	"time"

	"guichet/internal/fakeclock"
)

// A grant request names each resource's last journaled lease and says
// what the journal holds of it: LeasesAndAllotments reads both in one
// read transaction of the register's file (Leases and Allotments, each
// its own, read the allotments view twice for one request), and says the
// same as they do: the lease given back since still named, a resource
// never granted at 0 with no lease.
func TestLeasesAndAllotmentsReadOnce(t *testing.T) {
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "k01.db"), Register: "K01", Catalog: demoCatalog(t), Now: clk.Now, Escrow: true})
	must(t, err)
	defer r.Close()
	gal, pass, never := ZoneResource("hamlet-01", "galerie"), PassResource("festival-3-jours"), ZoneResource("hamlet-02", "galerie")
	must(t, r.RecordLeases(time.Now(), []Lease{{Resource: gal, Add: 10, TTL: time.Hour, Allot: 10, ID: 7}, {Resource: pass, Add: 2, TTL: time.Hour, Allot: 2, ID: 8}}))
	_, err = r.Return(map[string]int{gal: 4, pass: 2}, false)
	must(t, err)
	names := []string{gal, pass, never}
	reads := r.FileReads()
	leases, allotted, err := r.LeasesAndAllotments(names)
	must(t, err)
	if n := r.FileReads() - reads; n != 1 {
		t.Errorf("LeasesAndAllotments began %d read transactions, want 1", n)
	}
	wantLeases, wantAllotted := map[string]int64{gal: 7, pass: 8}, map[string]int{gal: 6, pass: 0, never: 0}
	if len(leases) != len(wantLeases) || len(allotted) != len(wantAllotted) {
		t.Fatalf("leases %v and allotments %v, want %v and %v", leases, allotted, wantLeases, wantAllotted)
	}
	for res, id := range wantLeases {
		if leases[res] != id {
			t.Errorf("lease of %s: %d, want %d", res, leases[res], id)
		}
	}
	for res, n := range wantAllotted {
		if got, ok := allotted[res]; !ok || got != n {
			t.Errorf("allotment of %s: %d (said %v), want %d", res, got, ok, n)
		}
	}
	onlyLeases, err := r.Leases(names)
	must(t, err)
	onlyAllotted, err := r.Allotments(names)
	must(t, err)
	for res := range wantAllotted {
		if onlyLeases[res] != leases[res] || onlyAllotted[res] != allotted[res] {
			t.Errorf("%s: Leases and Allotments say %d and %d, LeasesAndAllotments %d and %d",
				res, onlyLeases[res], onlyAllotted[res], leases[res], allotted[res])
		}
	}
}
