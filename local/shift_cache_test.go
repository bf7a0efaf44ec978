package local

import (
	"errors"
	"fmt"
	"testing"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// One batch holds a shift's sales, a cash move that reads the drawer's
// expected cash, a write that changes the shift's report and then fails,
// and the Z closure: the figures each write read inside the transaction
// are those of the writes before it (the cached report), the failed one
// leaves nothing, what the batch wrote back is what the journal folds to
// (journal rebuild gives identical views), and the Z equals the report
// the file keeps.
func TestShiftCacheInOneBatch(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "claire", "1234")
	sh, ok, err := a.Shift()
	must(t, err)
	if !ok {
		t.Fatal("no shift")
	}
	before, err := a.XReport()
	must(t, err)
	entered, release, sizes := blockFirstCommit(r)

	must(t, a.AddTickets("hamlet-02", "galerie", "adult", 1))
	must(t, b.AddTickets("hamlet-02", "galerie", "adult", 2))
	aDone := make(chan error, 1)
	go func() { _, err := a.Checkout(cash()); aDone <- err }()
	<-entered

	type sale struct {
		o   pos.Order
		err error
	}
	bDone := make(chan sale, 1)
	go func() { o, err := b.Checkout(cash()); bDone <- sale{o, err} }()
	queued(r, 1)
	moveDone := make(chan error, 1)
	go func() { moveDone <- a.CashMove(chf(-5000), "to the safe") }()
	queued(r, 2)
	boom := errors.New("boom after a cash move")
	badDone := make(chan error, 1)
	go func() {
		badDone <- r.update(r.now(), sh.ID, "claire", func(w *writer) error {
			if _, err := w.append(TypeCashMoved, cashMoved{Amount: chf(7700), Reason: "never"}); err != nil {
				return err
			}
			return boom
		})
	}()
	queued(r, 3)
	type closed struct {
		rep Report
		err error
	}
	zDone := make(chan closed, 1)
	go func() { rep, err := a.CloseShift(chf(0)); zDone <- closed{rep, err} }()
	queued(r, 4)
	close(release)

	must(t, <-aDone)
	sb := <-bDone
	must(t, sb.err)
	must(t, <-moveDone)
	if err := <-badDone; !errors.Is(err, boom) {
		t.Fatalf("the failing write got %v", err)
	}
	z := <-zDone
	must(t, z.err)
	if want := []int{1, 3}; fmt.Sprint(*sizes) != fmt.Sprint(want) {
		t.Fatalf("commits of %v writes, want %v (the batch ran again without the failed write)", *sizes, want)
	}
	if z.rep.Orders != before.Orders+2 || z.rep.Tickets != before.Tickets+3 {
		t.Fatalf("Z: %d orders, %d tickets; want %d, %d", z.rep.Orders, z.rep.Tickets, before.Orders+2, before.Tickets+3)
	}
	if z.rep.CashOut.Cmp(chf(5000)) != 0 || !z.rep.CashIn.IsZero() {
		t.Fatalf("Z: cash in %s, out %s; want 0 in (the failed move left nothing) and 50.00 out", z.rep.CashIn, z.rep.CashOut)
	}
	sold := 0
	for _, s := range z.rep.Detail.Sales {
		sold += s.Tickets
	}
	if sold != 3 {
		t.Fatalf("Z detail: %d tickets sold, want 3", sold)
	}
	kept, ok, err := r.ShiftReport(sh.ID)
	must(t, err)
	if !ok || !kept.Z || kept.Expected != z.rep.Expected || kept.Orders != z.rep.Orders || len(kept.ByMethod) != len(z.rep.ByMethod) {
		t.Fatalf("the file keeps %+v, the Z said %+v", kept, z.rep)
	}
	if inc, reb := viewsAfterRebuild(t, r); inc != reb {
		t.Fatal("the views the batch wrote differ from the journal rebuilt")
	}
	verifyOpen(t, r)
}

// The committer remembers a shift's report decoded from the bytes it read
// or wrote (shiftMemo); a report changed in the file by anything else is
// decoded again, not taken from memory.
func TestShiftMemoFollowsTheFile(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	sh, _, err := till.Shift()
	must(t, err)
	for range 2 { // the second sale finds its report remembered
		must(t, till.AddTickets("hamlet-02", "galerie", "adult", 1))
		_, err := till.Checkout(cash())
		must(t, err)
	}
	// Another writer (no cache, no memo) changes the report and the detail.
	must(t, r.db.Update(func(tx *bolt.Tx) error {
		rep, err := reportRef(tx, sh.ID)
		if err != nil {
			return err
		}
		rep.CashIn = chf(1234)
		d, err := detailRef(tx, sh.ID, "CHF")
		if err != nil {
			return err
		}
		d.Refunds = 7
		if err := putReport(tx, sh.ID, rep); err != nil {
			return err
		}
		return putDetail(tx, sh.ID, d)
	}))
	must(t, till.AddTickets("hamlet-02", "galerie", "adult", 1))
	_, err = till.Checkout(cash())
	must(t, err)
	x, err := till.XReport()
	must(t, err)
	if x.CashIn.Cmp(chf(1234)) != 0 || x.Detail.Refunds != 7 || x.Orders != 3 {
		t.Fatalf("after the file changed: cash in %s, refunds %d, %d orders; want 12.34, 7, 3 (the file's, not memory's)", x.CashIn, x.Detail.Refunds, x.Orders)
	}
}
