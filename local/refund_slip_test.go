package local

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestARefundSlipIsJournaledWithItsCancellation: a cancellation that gives
// money back, asked for its slip, queues it in its own commit
// (receipt.queued naming its order.canceled entry); the print queue gives
// the job with that entry, RefundOf what it gave back, and each slip
// queued again is a duplicate numbered by the journal, without counting
// as a copy of the order's receipt. A cancellation that gives nothing
// back queues none. Reopened and rebuilt from the journal, the views are
// the same.
func TestARefundSlipIsJournaledWithItsCancellation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openTest(t, path)
	till := openTill(t, r, "claire", "1234")
	o := sellHamlet(t, till, "adult", 3)
	must(t, till.CancelPart(o.Number, "malade", CancelOptions{Tickets: []string{o.Tickets[0].Number}, Slip: true}))
	done := till.LastCancellation()
	if done.Entry == 0 || len(done.Refunds) != 1 {
		t.Fatalf("the cancellation gave %+v", done)
	}
	slip := func(copyNo int) {
		t.Helper()
		q, err := r.PrintQueue()
		must(t, err)
		var jobs []PrintJob
		for _, j := range q {
			if j.Kind == JobReceipt {
				jobs = append(jobs, j)
			}
		}
		if len(jobs) != 1 || jobs[0].Order != o.Number || jobs[0].Refund != done.Entry || jobs[0].Copy != copyNo {
			t.Fatalf("receipt jobs %+v, want the slip of entry %d, copy %d", jobs, done.Entry, copyNo)
		}
		must(t, r.MarkPrinted(jobs[0].ID))
	}
	slip(0)
	rf, ok, err := r.RefundOf(o.Number, done.Entry)
	if err != nil || !ok || len(rf.Tickets) != 1 || rf.Tickets[0].Number != o.Tickets[0].Number || !rf.Partial ||
		len(rf.Refunds) != 1 || rf.Refunds[0].Amount != o.Tickets[0].Price || rf.Staff != "claire" || rf.Reason != "malade" {
		t.Fatalf("RefundOf: %+v, %v, %v", rf, ok, err)
	}
	if _, ok, err := r.RefundOf(o.Number, done.Entry-1); ok || err != nil {
		t.Fatalf("an entry that is not the cancellation: %v, %v", ok, err)
	}
	must(t, till.QueueRefundSlip(o.Number, done.Entry))
	slip(1)
	must(t, till.QueueRefundSlip(o.Number, done.Entry))
	slip(2)
	if err := till.QueueRefundSlip(o.Number, done.Entry+1); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a slip of no cancellation: %v", err)
	}
	ov, _, err := r.Order(o.Number)
	must(t, err)
	if ov.Receipts != 0 || len(ov.Cancellations) != 1 || ov.Cancellations[0] != (CancelRef{Entry: done.Entry, Slips: 3}) {
		t.Fatalf("the order counts receipts %d, cancellations %+v", ov.Receipts, ov.Cancellations)
	}
	// the rest, whole, by a till that asks no slip: none queued
	must(t, till.Cancel(o.Number, "annulé"))
	q, err := r.PrintQueue()
	must(t, err)
	for _, j := range q {
		if j.Kind == JobReceipt {
			t.Fatalf("a cancellation that asked no slip queued %+v", j)
		}
	}
	ov, _, err = r.Order(o.Number)
	must(t, err)
	if len(ov.Cancellations) != 2 || ov.Cancellations[1].Slips != 0 {
		t.Fatalf("cancellations %+v", ov.Cancellations)
	}
	must(t, r.Close())
	verifiesWithTheViewsItGives(t, path)
}

// TestACashRefundQueuesTheDrawerBeforeItsSlip: the drawer's kick of a
// cash refund was queued by a second commit after the cancellation's,
// which had queued the slip: a printer that looked in between printed
// the slip and opened the drawer after it. Asked for both, the
// cancellation queues the kick then the slip in its own commit.
func TestACashRefundQueuesTheDrawerBeforeItsSlip(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	o := sellHamlet(t, till, "adult", 2)
	q, err := r.PrintQueue()
	must(t, err)
	for _, j := range q {
		must(t, r.MarkPrinted(j.ID))
	}
	must(t, till.CancelPart(o.Number, "malade", CancelOptions{Tickets: []string{o.Tickets[0].Number}, Slip: true, Drawer: true}))
	q, err = r.PrintQueue()
	must(t, err)
	if len(q) != 2 || q[0].Kind != JobDrawer || q[0].Order != "" || q[1].Kind != JobReceipt || q[1].Refund != till.LastCancellation().Entry {
		t.Fatalf("the cash refund queued %+v, want the drawer's kick then its slip", q)
	}
}
