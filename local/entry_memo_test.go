package local

import (
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestMemoReadsWhatTheJournalSays: the print queue, the orders and the
// tickets' issued entries read through the memos of the entries just
// appended are what decoding the journal gives; an entry of a write that
// failed (rolled back, its sequence number then taken by another entry)
// is not found in the memo.
func TestMemoReadsWhatTheJournalSays(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 3))
	o, err := till.Checkout(cash(), PrintAlso{Receipt: true})
	must(t, err)
	type read struct {
		Queue  []PrintJob
		Order  OrderView
		Issued []ticketIssued
		Times  []string
		Refs   []string
	}
	readAll := func() read {
		var rd read
		var err error
		rd.Queue, err = r.PrintQueue()
		must(t, err)
		rd.Order, _, err = r.Order(o.Number)
		must(t, err)
		must(t, r.read(func(tx *bolt.Tx) error {
			for _, tk := range o.Tickets {
				seq, _, err := issuedSeq(tx, tk.Number)
				if err != nil {
					return err
				}
				p, e, err := issuedAt(tx, seq)
				if err != nil {
					return err
				}
				order, number, err := issuedRefAt(tx, seq)
				if err != nil {
					return err
				}
				rd.Issued = append(rd.Issued, p)
				rd.Times = append(rd.Times, e.Time.String()+" "+e.Type)
				rd.Refs = append(rd.Refs, order+" "+number)
			}
			return nil
		}))
		return rd
	}
	memo := readAll()
	if _, ok := issuedMemo.get(nil); ok {
		t.Fatal("the memo found an entry in nothing")
	}
	must(t, r.read(func(tx *bolt.Tx) error {
		rec, _, err := getRec(view(tx, vOrders), o.Number)
		if _, ok := placedMemo.get(tx.Bucket(bucketJournal).Get(seqKey(rec.Placed))); !ok || err != nil {
			t.Errorf("the order just placed is not in the memo (%v)", err)
		}
		return nil
	}))
	// A reader changes what the memo gave it: the next reader does not see
	// it.
	memo = readAll()
	memo.Order.Order.Lines[0].Name = "changed by its reader"
	memo.Order.Order.Tickets[0].Seat = "Z-99"
	memo.Order.Order.Payments[0].Method = "changed"
	memo = readAll()
	issuedMemo.forget()
	customerMemo.forget()
	recMemo.forget()
	placedMemo.forget()
	decoded := readAll()
	if !reflect.DeepEqual(memo, decoded) {
		t.Fatalf("read through the memo:\n%+v\ndecoded:\n%+v", memo, decoded)
	}
	if len(memo.Queue) != 4 || memo.Refs[0] != o.Number+" "+o.Tickets[0].Number {
		t.Fatalf("queue %d jobs, refs %v", len(memo.Queue), memo.Refs)
	}

	// A write that fails after appending a ticket.issued entry: the next
	// entry takes its number, with other bytes, and is read as itself.
	var failed Entry
	err = r.commit(func(tx *bolt.Tx) error {
		w := r.newWriter(tx, r.now(), "", "claire")
		e, err := w.append(TypeTicketIssued, ticketIssued{Order: o.Number, Ticket: o.Tickets[0]})
		if err != nil {
			return err
		}
		failed = e
		return errTestRollback
	}, nil)
	if err != errTestRollback {
		t.Fatalf("the failing write: %v", err)
	}
	must(t, till.QueueDrawer())
	must(t, r.read(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketJournal).Get(seqKey(failed.Seq))
		if _, ok := issuedMemo.get(v); ok {
			t.Errorf("entry %d (a drawer kick) found in the memo as the ticket.issued rolled back", failed.Seq)
		}
		if _, _, err := issuedAt(tx, failed.Seq); err == nil {
			t.Errorf("entry %d read as a ticket.issued", failed.Seq)
		}
		return nil
	}))
}

var errTestRollback = errorString("rolled back on purpose")

type errorString string

func (e errorString) Error() string { return string(e) }
