package local

import (
	"errors"
	"testing"

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
