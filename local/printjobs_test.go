package local

import (
	"errors"
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// kinds lists a print queue's jobs as kind:order.
func kinds(jobs []PrintJob) []string {
	out := make([]string, len(jobs))
	for i, j := range jobs {
		out[i] = j.Kind + ":" + j.Order
	}
	return out
}

// TestReceiptsAndDrawerKicksAreJournaled: a sale queues its receipt and a
// drawer kick in its own transaction; they survive a restart in queue
// order with the tickets; a receipt asked for later and a drawer kick
// without a sale queue too; one MarkPrinted confirms a sale's jobs in one
// commit; a dropped kick leaves the queue with its reason journaled; and
// the views rebuild identical.
func TestReceiptsAndDrawerKicksAreJournaled(t *testing.T) {
	r, clk := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
	before := r.Version()
	o, err := till.Checkout(cash(), PrintAlso{Receipt: true, Drawer: true})
	must(t, err)
	if r.Version() != before+1 {
		t.Fatalf("a sale with its receipt and drawer kick took %d commits, want 1", r.Version()-before)
	}
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	o2, err := till.Checkout(cash()) // the old call: tickets only
	must(t, err)
	clk.Add(3 * time.Minute)
	must(t, till.QueueDrawer())
	must(t, till.QueueReceipt(o2.Number))
	if err := till.QueueReceipt("K01-999999"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a receipt of no order: %v", err)
	}

	path := r.Path()
	must(t, r.Close())
	r, _ = openTest(t, path)
	q, err := r.PrintQueue()
	must(t, err)
	want := []string{"ticket:" + o.Number, "ticket:" + o.Number, "receipt:" + o.Number, "drawer:" + o.Number,
		"ticket:" + o2.Number, "drawer:", "receipt:" + o2.Number}
	if got := kinds(q); len(got) != len(want) {
		t.Fatalf("queue after a restart: %v, want %v", got, want)
	} else {
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("queue after a restart: %v, want %v", got, want)
			}
		}
	}
	if !q[5].Queued.Equal(testToday.Add(3*time.Minute)) || q[5].Ticket.Number != "" {
		t.Errorf("the later drawer kick: %+v", q[5])
	}

	// The first sale's four jobs confirmed in one commit.
	before = r.Version()
	must(t, r.MarkPrinted(q[0].ID, q[1].ID, q[2].ID, q[3].ID))
	if r.Version() != before+1 {
		t.Errorf("confirming four jobs took %d commits", r.Version()-before)
	}
	// All or nothing: a job already printed fails the call, recording none.
	if err := r.MarkPrinted(q[4].ID, q[0].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("confirming a job printed already: %v", err)
	}
	must(t, r.DropPrintJob(q[5].ID, "drawer kick older than 2 minutes"))
	q2, err := r.PrintQueue()
	must(t, err)
	if got := kinds(q2); len(got) != 2 || got[0] != "ticket:"+o2.Number || got[1] != "receipt:"+o2.Number {
		t.Fatalf("queue after printing and dropping: %v", got)
	}
	if ov, _, _ := r.Order(o.Number); ov.Tickets[0].Printed != 1 || ov.Tickets[1].Printed != 1 {
		t.Errorf("tickets printed: %+v", ov.Tickets)
	}
	es := journalEntries(t, r)
	if d := ofEntryType(es, TypePrintDropped); len(d) != 1 || !contains([]string{string(d[0].Payload)}, `{"job":"`+q[5].ID+`","reason":"drawer kick older than 2 minutes"}`) {
		t.Errorf("print.dropped entries: %+v", d)
	}
	if n := len(ofEntryType(es, TypeReceiptPrinted)) + len(ofEntryType(es, TypeDrawerOpened)); n != 2 {
		t.Errorf("%d receipt.printed and drawer.opened entries, want 2", n)
	}
	inc, reb := viewsAfterRebuild(t, r)
	if inc != reb {
		t.Fatal("the views differ from a rebuild")
	}
}

// TestAnOrdersSecondReceiptIsANumberedDuplicate: the first receipt queued
// for an order (at the sale or later) is the original; each one after it
// is a duplicate whose number receipt.queued records and the print job
// carries; a credit voucher's slip does not count; the count survives a
// restart and the views rebuild identical.
func TestAnOrdersSecondReceiptIsANumberedDuplicate(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	o, err := till.Checkout(cash(), PrintAlso{Receipt: true})
	must(t, err)
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	o2, err := till.Checkout(cash())
	must(t, err)
	must(t, till.QueueReceipt(o.Number))
	must(t, till.QueueReceipt(o2.Number))
	path := r.Path()
	must(t, r.Close())
	r, _ = openTest(t, path)
	till = openTill(t, r, "claire", "1234")
	must(t, till.QueueReceipt(o.Number))

	copies := map[string][]int{}
	q, err := r.PrintQueue()
	must(t, err)
	for _, j := range q {
		if j.Kind == JobReceipt {
			if j.Duplicate != (j.Copy > 0) {
				t.Errorf("receipt job %s: duplicate %v, copy %d", j.ID, j.Duplicate, j.Copy)
			}
			copies[j.Order] = append(copies[j.Order], j.Copy)
		}
	}
	if got := copies[o.Number]; len(got) != 3 || got[0] != 0 || got[1] != 1 || got[2] != 2 {
		t.Errorf("order %s's receipts are copies %v, want [0 1 2]", o.Number, got)
	}
	if got := copies[o2.Number]; len(got) != 1 || got[0] != 0 {
		t.Errorf("order %s's receipts are copies %v, want [0]", o2.Number, got)
	}
	n := 0
	for _, e := range ofEntryType(journalEntries(t, r), TypeReceiptQueued) {
		if strings.Contains(string(e.Payload), `"copy":`) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d receipt.queued entries say their copy, want 2", n)
	}
	inc, reb := viewsAfterRebuild(t, r)
	if inc != reb {
		t.Fatal("the views differ from a rebuild")
	}
}

// TestMarkPrintedTwiceInOneCall: a job named twice in one confirmation is
// confirmed by the first and not waiting any more for the second (the
// queue is looked up through one cursor, which sees the transaction's own
// writes): the call fails, recording none.
func TestMarkPrintedTwiceInOneCall(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
	_, err := till.Checkout(cash(), PrintAlso{Receipt: true})
	must(t, err)
	q, err := r.PrintQueue()
	must(t, err)
	before := r.Version()
	for _, ids := range [][]string{{q[0].ID, q[1].ID, q[0].ID}, {q[2].ID, q[2].ID}} {
		if err := r.MarkPrinted(ids...); !errors.Is(err, ErrNotFound) {
			t.Errorf("MarkPrinted(%v): %v, want not waiting", ids, err)
		}
	}
	if r.Version() != before {
		t.Errorf("the failed confirmations committed")
	}
	q2, err := r.PrintQueue()
	must(t, err)
	if len(q2) != len(q) {
		t.Fatalf("%d jobs wait after the failed confirmations, want %d", len(q2), len(q))
	}
	must(t, r.MarkPrinted(q[0].ID, q[1].ID, q[2].ID))
	if q3, err := r.PrintQueue(); err != nil || len(q3) != 0 {
		t.Fatalf("after the confirmation: %d jobs wait, %v", len(q3), err)
	}
}

// TestPrintWindowOfASaleAllocates: the spooler's read of a printed sale
// (4 tickets and the receipt, the order and the QR payloads in the memos)
// allocates at most 85 times. It allocated 95 times when every job's
// entries were looked up through a bucket opened and a cursor made for
// each, and the list of jobs (half a kilobyte each) was copied as it grew:
// garbage that a sale's printing gave the collector.
func TestPrintWindowOfASaleAllocates(t *testing.T) {
	r, err := Open(Options{Path: t.TempDir() + "/guichet.db", Register: "K01", Catalog: bigLawnCatalog(t), Now: func() time.Time { return testToday }})
	must(t, err)
	defer r.Close()
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("festival-j1", "pelouse", "adult", 4))
	_, err = till.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}}, PrintAlso{Receipt: true})
	must(t, err)
	read := func() {
		jobs, receipts, _, _, err := r.PrintWindow(32)
		if err != nil || len(jobs) != 5 || len(receipts) != 1 {
			t.Fatalf("%d jobs, %d receipts, %v", len(jobs), len(receipts), err)
		}
	}
	read() // the memos filled
	if raceEnabled {
		t.Skip("the race detector allocates for itself")
	}
	if n := testing.AllocsPerRun(20, read); n > 85 {
		t.Errorf("a sale's print window: %.0f allocations, want at most 85", n)
	}
}
