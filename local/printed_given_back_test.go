package local

import (
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// unlist takes the lists of printed jobs off an order's record, as a
// version before them wrote it.
func unlist(t *testing.T, r *Register, order string) {
	t.Helper()
	must(t, r.db.Update(func(tx *bolt.Tx) error {
		b := view(tx, vOrders)
		rec, _, err := getRec(b, order)
		if err != nil {
			return err
		}
		for i := range rec.Tickets {
			rec.Tickets[i].PrintedJobs = nil
		}
		return putRec(b, order, rec)
	}))
}

// TestAJobGivenBackWhilePrintingIsRecordedPrinted: the spooler read a
// sale's jobs, printed them, and records them together; a ticket canceled
// meanwhile took its job off the queue. Its paper exists, so it is recorded
// printed (ticket.printed after order.canceled) with the sale's other
// jobs in one commit; a job is never recorded twice, and a ticket still
// valid whose job is not waiting is refused as before. The order's record
// says which of a ticket's jobs are recorded: the journal after the job is
// not read (it used to be, to its end, inside the commit), unless the
// record cannot tell (one written before it listed them).
func TestAJobGivenBackWhilePrintingIsRecordedPrinted(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cancel  bool // the first ticket is canceled after the queue was read
		reprint bool // the first ticket was printed, then reprinted: its reprint's job is the one
		twice   bool // the job is recorded once before
		// the job is the first print's, recorded before the reprint (its
		// reprint's job left the queue unprinted)
		original bool
		ok       bool
		printed  int // the first ticket's times printed after
		// the first print is recorded after the reprint was asked for
		late bool
		// the order's record does not list the ticket's printed jobs
		// (written by an older version): the journal is read
		unlisted bool
	}{
		{"canceled while printing", true, false, false, false, true, 1, false, false},
		{"a reprint canceled while printing", true, true, false, false, true, 2, false, false},
		{"canceled, recorded already", true, false, true, false, false, 1, false, false},
		{"canceled, its first print recorded already, its reprint not", true, true, false, true, false, 1, false, false},
		{"valid, recorded already", false, false, true, false, false, 1, false, false},
		{"a reprint canceled while printing, the first print recorded after it was asked", true, true, false, false, true, 2, true, false},
		{"canceled, its first print recorded after the reprint was asked, its reprint not", true, true, false, true, false, 1, true, false},
		{"a reprint canceled while printing, an older record", true, true, false, false, true, 2, false, true},
		{"canceled, its first print recorded, its reprint not, an older record", true, true, false, true, false, 1, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			till := openTill(t, r, "claire", "1234")
			must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
			o, err := till.Checkout(cash(), PrintAlso{Drawer: true})
			must(t, err)
			first := o.Tickets[0].Number
			q, err := r.PrintQueue()
			must(t, err)
			original := q[0].ID
			if tc.reprint {
				if !tc.late {
					must(t, r.MarkPrinted(original))
				}
				must(t, till.Reprint(first))
				if tc.late {
					must(t, r.MarkPrinted(original))
				}
				q, err = r.PrintQueue()
				must(t, err)
			}
			if tc.unlisted {
				unlist(t, r, o.Number)
			}
			scans := 0
			scan := recordedAfter
			recordedAfter = func(tx *bolt.Tx, n uint64, id string) (bool, error) {
				scans++
				return scan(tx, n, id)
			}
			t.Cleanup(func() { recordedAfter = scan })
			// what the spooler read: the first ticket's job, the other
			// ticket's and the drawer's
			ids, job := make([]string, len(q)), ""
			for i, j := range q {
				ids[i] = j.ID
				if j.Ticket.Number == first {
					job = j.ID
					if tc.original {
						ids[i] = original
					}
				}
			}
			if len(q) != 3 || job == "" {
				t.Fatalf("the queue read: %v", kinds(q))
			}
			if tc.twice {
				must(t, r.MarkPrinted(job))
			}
			if tc.cancel {
				must(t, till.CancelPart(o.Number, "one cannot come", CancelOptions{Tickets: []string{first}}))
			}
			before := r.Version()
			err = r.MarkPrinted(ids...)
			if wantScan := tc.unlisted && tc.cancel; (scans > 0) != wantScan {
				t.Errorf("the journal after the job was read %d times; want it read: %v", scans, wantScan)
			}
			if tc.ok {
				must(t, err)
				if r.Version() != before+1 {
					t.Errorf("the sale's jobs took %d commits, want 1", r.Version()-before)
				}
			} else if !errors.Is(err, ErrNotFound) {
				t.Fatalf("recording a job recorded already: %v, want not found", err)
			}
			ov, _, err := r.Order(o.Number)
			must(t, err)
			if got := ov.Tickets[0].Printed; got != tc.printed {
				t.Errorf("%s (%s) printed %d times, want %d", first, ov.Tickets[0].State, got, tc.printed)
			}
			if tc.ok {
				if got := ov.Tickets[1].Printed; got != 1 {
					t.Errorf("the other ticket printed %d times, want 1", got)
				}
				left, err := r.PrintQueue()
				must(t, err)
				if len(left) != 0 {
					t.Errorf("still waiting: %v", kinds(left))
				}
			}
			path := r.Path()
			must(t, r.Close())
			if !tc.unlisted { // a record unlisted by hand is not what the journal gives
				verifiesWithTheViewsItGives(t, path)
			}
		})
	}
}
