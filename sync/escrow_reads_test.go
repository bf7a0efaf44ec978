package sync_test

import (
	"context"
	"testing"
)

// A grant request names each resource's last journaled lease and says
// what the journal holds of it (sendNew). It read them with Leases and
// then Allotments, two read transactions of the register's file for one
// request, the allotments view read twice; now one (local's
// LeasesAndAllotments). A renewal of a resource the register holds,
// nothing given back to say after it: its only reads of the file are the
// request's.
func TestAGrantRequestReadsTheRegistersFileOnce(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	a := openEscrow(t, c, cat, "K01", true)
	if n, err := a.e.Ask(ctx, gallery1, 4, 0); err != nil || n != 4 {
		t.Fatalf("the premise: K01 got %d (%v), want 4", n, err)
	}
	reads := a.FileReads()
	if n, err := a.e.Ask(ctx, gallery1, 1, 0); err != nil || n != 1 {
		t.Fatalf("the premise: K01 got %d more (%v), want 1", n, err)
	}
	if n := a.FileReads() - reads; n != 1 {
		t.Fatalf("one grant request began %d read transactions of the register's file, want 1", n)
	}
}
