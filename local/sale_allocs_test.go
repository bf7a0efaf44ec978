package local

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"weak"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// An anonymous paid sale has no entry in order_index and never had one
// (its number is new): folding its order.placed leaves the view unopened
// and allocates nothing. It opened the view and deleted the number, some
// ten allocations a sale. An order with a customer is still indexed.
func TestAnAnonymousSaleLeavesTheOrderIndexAlone(t *testing.T) {
	r, _ := openTest(t, "")
	errRollback := errors.New("rollback")
	placed := func(number, customer string) Entry {
		return Entry{Type: TypeOrderPlaced, decoded: &orderPlaced{Order: pos.Order{Number: number, State: pos.OrderPaid, Customer: customer}}}
	}
	err := r.db.Update(func(tx *bolt.Tx) error {
		anonymous := placed("K01-009999", "")
		allocs := testing.AllocsPerRun(20, func() {
			if err := applyOrderIndex(tx, anonymous); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("an anonymous paid order.placed folded into order_index: %.0f allocations, want 0", allocs)
		}
		if v := view(tx, vOrderIndex).Get([]byte("K01-009999")); v != nil {
			t.Errorf("an anonymous paid order is indexed: %q", v)
		}
		if err := applyOrderIndex(tx, placed("K01-009998", "C0001")); err != nil {
			return err
		}
		if v := string(view(tx, vOrderIndex).Get([]byte("K01-009998"))); v != pos.OrderPaid+"|C0001" {
			t.Errorf("an order with a customer is indexed as %q, want %q", v, pos.OrderPaid+"|C0001")
		}
		return errRollback
	})
	if err != errRollback {
		t.Fatal(err)
	}
}

// A ticket printed, a receipt printed or a job dropped is folded into
// print_queue from its payload as built: the fold allocates what deleting
// the job allocates, nothing more. It decoded a copy of the payload, which
// escaped to the heap: one more allocation at each ticket printed.
func TestAPrintedJobIsFoldedWithoutCopyingItsPayload(t *testing.T) {
	r, _ := openTest(t, "")
	errRollback := errors.New("rollback")
	err := r.db.Update(func(tx *bolt.Tx) error {
		b := view(tx, vPrintQueue)
		deleting := testing.AllocsPerRun(20, func() {
			if err := b.Delete(jobKey(77)); err != nil {
				t.Fatal(err)
			}
		})
		for _, e := range []Entry{
			{Seq: 90, Type: TypeTicketPrinted, decoded: &ticketPrinted{Job: "77", Ticket: "K01-000001-01"}},
			{Seq: 91, Type: TypeReceiptPrinted, decoded: &jobDone{Job: "77"}},
			{Seq: 92, Type: TypePrintDropped, decoded: &jobDone{Job: "77", Reason: "paper out"}},
		} {
			folding := testing.AllocsPerRun(20, func() {
				if err := applyPrintQueue(tx, e); err != nil {
					t.Fatal(err)
				}
			})
			if folding > deleting {
				t.Errorf("%s folded into print_queue: %.0f allocations, want at most the %.0f of deleting its job", e.Type, folding, deleting)
			}
		}
		return errRollback
	})
	if err != errRollback {
		t.Fatal(err)
	}
}

// On a register's first day (no daily closure yet) every write checks
// whether a closure fell due without decoding the fiscal state: the
// last entry's day is today, nothing can be due. It decoded the state at
// each write (two allocations and some 400 bytes); every benchmark runs on
// a first day.
func TestAFirstDayWriteDoesNotReadTheFiscalState(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 1))
	_, err := a.Checkout(cash())
	must(t, err)
	errRollback := errors.New("rollback")
	err = r.db.Update(func(tx *bolt.Tx) error {
		w := r.newWriter(tx, clk.Now(), "", "")
		last, ok, err := lastEntry(tx)
		if err != nil || !ok {
			t.Fatalf("no last entry: %v", err)
		}
		w.last = last
		if view(tx, vFiscal).Get(lastDayKey) != nil {
			t.Fatal("a daily closure on the register's first day")
		}
		lastDay := testing.AllocsPerRun(20, func() { view(tx, vFiscal).Get(lastDayKey) })
		allocs := testing.AllocsPerRun(20, func() {
			if err := w.closeDue(); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > lastDay {
			t.Errorf("a first day's write checking for closures due: %.0f allocations, want at most the %.0f of reading the last closed day", allocs, lastDay)
		}
		return errRollback
	})
	if err != errRollback {
		t.Fatal(err)
	}
}

// A receipt asks for its order's credit voucher (CreditVoucherOf, and
// PrintWindow for each receipt printed): the answer is found by the
// order's number, at a cost that does not grow with the credit vouchers
// the register made. Every credit voucher of the register was decoded to
// find that a plain sale had none.
func TestFindingAnOrdersCreditVoucherDoesNotGrowWithExchanges(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	var withCredit []pos.Order // each left a credit voucher
	exchange := func() {
		must(t, a.AddTickets("hamlet-04", "galerie", "adult", 1))
		o, err := a.Checkout(cash())
		must(t, err)
		_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number})
		must(t, err)
		must(t, a.AddItem(pos.LineProduct, "programme", 1))
		o2, err := a.Checkout(cash())
		must(t, err)
		withCredit = append(withCredit, o2)
	}
	must(t, a.AddItem(pos.LineProduct, "programme", 1))
	plain, err := a.Checkout(cash())
	must(t, err)
	cost := func() float64 {
		return testing.AllocsPerRun(20, func() {
			if _, ok, err := r.CreditVoucherOf(plain.Number); err != nil || ok {
				t.Fatalf("a plain sale's credit voucher: %v, %v", ok, err)
			}
		})
	}
	for range 8 {
		exchange()
	}
	few := cost()
	for range 24 {
		exchange()
	}
	many := cost()
	if many > few {
		t.Errorf("finding that a plain sale has no credit voucher: %.0f allocations with 8 credit vouchers, %.0f with 32; want no more", few, many)
	}
	for i, o := range withCredit {
		v, ok, err := r.CreditVoucherOf(o.Number)
		if want := fmt.Sprintf("K01-A%04d", i+1); err != nil || !ok || v.Number != want || v.Order != o.Number {
			t.Fatalf("the credit voucher of %s: %+v (%v, %v), want %s", o.Number, v, ok, err, want)
		}
	}
	t.Logf("a plain sale's credit voucher looked up: %.0f allocations with 8 credit vouchers, %.0f with 32", few, many)
	checkJournal(t, r)
}

// A write keeps no entry in memory but its last (the next one chains to
// it): an entry's payload is garbage once the next entry is appended. The
// writer kept every entry of a write, payloads included, in a list nobody
// read, grown at the 2nd, 3rd, 5th and 9th entry: 6.4 kB allocated for
// nothing at each printed sale (of 175 kB).
func TestAWriteKeepsOnlyItsLastEntry(t *testing.T) {
	r, clk := openTest(t, "")
	errRollback := errors.New("rollback")
	err := r.db.Update(func(tx *bolt.Tx) error {
		w := r.newWriter(tx, clk.Now(), "", "")
		first := &drawerQueued{}
		if _, err := w.append(TypeDrawerQueued, first); err != nil {
			return err
		}
		firstKept := weak.Make(first)
		first = nil
		if _, err := w.append(TypeDrawerQueued, &drawerQueued{}); err != nil {
			return err
		}
		runtime.GC()
		if firstKept.Value() != nil {
			t.Error("the first entry's payload is still in memory once a second entry was appended")
		}
		runtime.KeepAlive(w)
		return errRollback
	})
	if err != errRollback {
		t.Fatal(err)
	}
}
