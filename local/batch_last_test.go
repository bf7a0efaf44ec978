package local

import (
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestABatchsWritersChainOnTheEntryBeforeThem: each sale of a batch had
// its writer read the journal's last entry back and decode it whole; a
// writer in the committer's transaction now chains on the entry the
// writers before it appended, and reads the journal only when it is the
// first (or writes in another transaction). A batch rolled back leaves
// nothing for the next: the journal verifies.
func TestABatchsWritersChainOnTheEntryBeforeThem(t *testing.T) {
	r, _ := openTest(t, "")
	openTill(t, r, "claire", "1234")
	pin := pinFailed{Staff: "claire", Till: "K01"}
	must(t, r.commit(func(tx *bolt.Tx) error {
		w1 := r.newWriter(tx, r.now(), "", "")
		if _, ok := w1.lastInBatch(); ok {
			t.Error("the first writer of a transaction found an entry appended before it in it")
		}
		e1, err := w1.append(TypePINFailed, pin)
		if err != nil {
			return err
		}
		w2 := r.newWriter(tx, r.now(), "", "")
		if last, ok := w2.lastInBatch(); !ok || last.Seq != e1.Seq || last.Hash != e1.Hash || !last.Time.Equal(e1.Time) {
			t.Errorf("the second writer chains on %d %x (%v), want entry %d %x", last.Seq, last.Hash[:4], ok, e1.Seq, e1.Hash[:4])
		}
		e2, err := w2.append(TypePINFailed, pin)
		if err == nil && (e2.Seq != e1.Seq+1 || e2.Prev != e1.Hash) {
			t.Errorf("entry %d follows %x, want entry %d after %x", e2.Seq, e2.Prev[:4], e1.Seq+1, e1.Hash[:4])
		}
		return err
	}, nil))
	err := r.commit(func(tx *bolt.Tx) error {
		if _, err := r.newWriter(tx, r.now(), "", "").append(TypePINFailed, pin); err != nil {
			return err
		}
		return errTestRollback
	}, nil)
	if err != errTestRollback {
		t.Fatalf("the failing write: %v", err)
	}
	must(t, r.commit(func(tx *bolt.Tx) error {
		w := r.newWriter(tx, r.now(), "", "")
		if _, ok := w.lastInBatch(); ok {
			t.Error("a writer found the entry of a transaction rolled back")
		}
		_, err := w.append(TypePINFailed, pin)
		return err
	}, nil))
	must(t, r.db.Update(func(tx *bolt.Tx) error { // not the committer's
		if _, ok := r.newWriter(tx, r.now(), "", "").lastInBatch(); ok {
			t.Error("a writer outside the committer's transaction found an entry of it")
		}
		return nil
	}))
	verifyOpen(t, r)
}
