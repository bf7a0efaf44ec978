package local

import (
	"errors"
	"testing"
)

// TestAJobGivenBackWhilePrintingIsRecordedPrinted: the spooler read a
// sale's jobs, printed them, and records them together; a ticket canceled
// meanwhile took its job off the queue. Its paper exists, so it is recorded
// printed (ticket.printed after order.canceled) with the sale's other
// jobs in one commit; a job is never recorded twice, and a ticket still
// valid whose job is not waiting is refused as before.
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
	}{
		{"canceled while printing", true, false, false, false, true, 1},
		{"a reprint canceled while printing", true, true, false, false, true, 2},
		{"canceled, recorded already", true, false, true, false, false, 1},
		{"canceled, its first print recorded already, its reprint not", true, true, false, true, false, 1},
		{"valid, recorded already", false, false, true, false, false, 1},
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
				must(t, r.MarkPrinted(original))
				must(t, till.Reprint(first))
				q, err = r.PrintQueue()
				must(t, err)
			}
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
			verifiesWithTheViewsItGives(t, path)
		})
	}
}
