package local

import (
	"bytes"
	"errors"
	"os"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// sellSome makes a small journal with every kind of entry a sale makes.
func sellSome(t *testing.T, r *Register) {
	t.Helper()
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "C-1"))
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 1))
	o, err := till.Checkout(cash())
	must(t, err)
	c, err := r.SaveCustomer("claire", customerNamed("Zoé Müller"))
	must(t, err)
	must(t, till.SetCustomer(c.ID))
	must(t, till.AddItem("gift_voucher", "bon-50", 1))
	_, err = till.Checkout(cash())
	must(t, err)
	must(t, till.Reprint(o.Tickets[0].Number))
	must(t, till.CashMove(chf(-1000), "change for the bar"))
	must(t, till.Cancel(o.Number, "wrong date"))
}

func TestTamperingWithAnyByteOfAnyEntryIsDetected(t *testing.T) {
	r, _ := openTest(t, "")
	sellSome(t, r)
	flips := 0
	errRollback := errors.New("rollback")
	err := r.db.Update(func(tx *bolt.Tx) error {
		if _, _, err := verifyTx(tx, "K01"); err != nil {
			t.Fatalf("untouched journal: %v", err)
		}
		j := tx.Bucket(bucketJournal)
		var keys, vals [][]byte
		_ = j.ForEach(func(k, v []byte) error {
			keys = append(keys, append([]byte(nil), k...))
			vals = append(vals, append([]byte(nil), v...))
			return nil
		})
		// verifyTx walks the journal from entry 1 and stops at the first
		// entry that does not verify. The entries before entry i+1 are
		// the untouched journal's, which verified above (each is put back
		// after its flips): verifyTx reaches entry i+1 with entry i's
		// hash. So each flip is checked by verifyFrom from there, the loop
		// verifyTx runs, reading only entry i+1 where verifyTx would read
		// the i before it again for each flip (quadratic in the journal:
		// most of this test's time); the first flip of each entry still
		// goes through verifyTx itself.
		var prev Digest
		for i, k := range keys {
			for pos := range vals[i] {
				for _, mask := range []byte{0x01, 0x80} {
					bad := append([]byte(nil), vals[i]...)
					bad[pos] ^= mask
					must(t, j.Put(k, bad))
					var err error
					if pos == 0 && mask == 0x01 {
						_, _, err = verifyTx(tx, "K01")
					} else {
						_, _, err = verifyFrom(tx, "K01", uint64(i), prev)
					}
					var be *BadEntryError
					if !errors.As(err, &be) || be.Seq != uint64(i+1) {
						t.Fatalf("entry %d byte %d ^%#x: verify said %v", i+1, pos, mask, err)
					}
					flips++
				}
			}
			must(t, j.Put(k, vals[i]))
			e, _, err := decodeEntry(vals[i])
			must(t, err)
			prev = e.Hash
		}
		if _, _, err := verifyTx(tx, "K01"); err != nil {
			t.Fatalf("the journal put back as it was: %v", err)
		}
		// Deleting an entry is a gap; swapping two breaks the chain.
		must(t, j.Delete(keys[2]))
		if _, _, err := verifyTx(tx, "K01"); err == nil {
			t.Fatal("a deleted entry went unnoticed")
		}
		must(t, j.Put(keys[2], vals[3]))
		if _, _, err := verifyTx(tx, "K01"); err == nil {
			t.Fatal("a copied entry went unnoticed")
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	t.Logf("%d single-bit flips, all detected", flips)
}

func TestVerifyOnTheFileNamesTheFirstBadEntry(t *testing.T) {
	r, _ := openTest(t, "")
	sellSome(t, r)
	var id []byte
	_ = r.db.View(func(tx *bolt.Tx) error {
		e, _, _ := decodeEntry(tx.Bucket(bucketJournal).Get(seqKey(5)))
		id = append([]byte(nil), e.ID[:]...)
		return nil
	})
	r.Close()
	if _, err := Verify(r.path); err != nil {
		t.Fatalf("good file: %v", err)
	}
	data, err := os.ReadFile(r.path)
	must(t, err)
	// bbolt copies pages on write: flip the entry wherever a copy lies.
	n := 0
	for at := bytes.Index(data, id); at >= 0; at = bytes.Index(data, id) {
		data[at+3] ^= 0x10
		n++
	}
	if n == 0 {
		t.Fatal("entry 5 not found in the file")
	}
	must(t, os.WriteFile(r.path, data, 0o600))
	_, err = Verify(r.path)
	var be *BadEntryError
	if !errors.As(err, &be) || be.Seq != 5 {
		t.Fatalf("verify: %v", err)
	}
}

func TestRebuildGivesIdenticalViews(t *testing.T) {
	r, _ := openTest(t, "")
	sellSome(t, r)
	r.Close()
	res, err := Rebuild(r.path)
	must(t, err)
	if !res.Identical || res.Entries < 10 {
		t.Fatalf("rebuild: %+v", res)
	}
}

// TestViewsOfAnOlderFormatAreRebuiltAtOpen: a file whose views were
// written in another layout (views_format) gets them rebuilt from the
// journal when the register opens it, so an upgrade never reads a stale
// layout (here: an order record in the format 1 shape, QR inside).
func TestViewsOfAnOlderFormatAreRebuiltAtOpen(t *testing.T) {
	path := t.TempDir() + "/guichet.db"
	r, _ := openTest(t, path)
	sellSome(t, r)
	want, _ := viewsAfterRebuild(t, r)
	var number string
	must(t, r.db.Update(func(tx *bolt.Tx) error {
		number = string(mustFirstKey(t, view(tx, vOrders)))
		if err := view(tx, vOrders).Put([]byte(number), []byte(`{"order":{"number":"`+number+`"},"tickets":[{"qr":"G1.old"}]}`)); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put([]byte("views_format"), []byte("1"))
	}))
	r.Close()
	r2, _ := openTest(t, path)
	var got Digest
	must(t, r2.db.View(func(tx *bolt.Tx) error { got = viewsDigest(tx); return nil }))
	if got != want {
		t.Fatal("the views of a format-1 file were not rebuilt at open")
	}
	if ov, ok, _ := r2.Order(number); !ok || len(ov.Tickets) == 0 || ov.Tickets[0].QR == "" || ov.Tickets[0].QR == "G1.old" {
		t.Fatalf("order %s after the upgrade: %+v", number, ov.Tickets)
	}
}

func mustFirstKey(t *testing.T, b *bolt.Bucket) []byte {
	t.Helper()
	k, _ := b.Cursor().First()
	if k == nil {
		t.Fatal("empty view")
	}
	return append([]byte(nil), k...)
}

// TestNestedViewsOfFormat4AreDroppedAtOpen: up to views format 4 every
// view was a sub-bucket of "views"; opening such a file rebuilds the views
// as top-level buckets and drops the old bucket.
func TestNestedViewsOfFormat4AreDroppedAtOpen(t *testing.T) {
	path := t.TempDir() + "/guichet.db"
	r, _ := openTest(t, path)
	sellSome(t, r)
	want, _ := viewsAfterRebuild(t, r)
	must(t, r.db.Update(func(tx *bolt.Tx) error {
		old, err := tx.CreateBucket(legacyViews)
		if err != nil {
			return err
		}
		if _, err := old.CreateBucket([]byte(vOrders)); err != nil {
			return err
		}
		for _, name := range viewBucketNames(tx) {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put([]byte("views_format"), []byte("4"))
	}))
	r.Close()
	r2, _ := openTest(t, path)
	must(t, r2.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(legacyViews) != nil {
			t.Error("the format-4 bucket \"views\" is still in the file")
		}
		if got := viewsDigest(tx); got != want {
			t.Error("the views of a format-4 file were not rebuilt at open")
		}
		return nil
	}))
	if s, err := r2.Stats(); err != nil || s.Orders == 0 {
		t.Fatalf("stats after the upgrade: %+v, %v", s, err)
	}
}

// TestViewsFoldWhatTheJournalReadsBack: a command's payload is folded into
// the views as built, unless its JSON differs from it (encoding/json writes
// invalid UTF-8 as U+FFFD): here a customer id that is not UTF-8 becomes a
// view key, and the rebuilt views must still equal the incremental ones.
func TestViewsFoldWhatTheJournalReadsBack(t *testing.T) {
	r, _ := openTest(t, "")
	c := customerNamed("Zoé")
	c.ID = "K01-C\xff01"
	if _, err := r.SaveCustomer("claire", c); err != nil {
		t.Fatal(err)
	}
	if inc, rebuilt := viewsAfterRebuild(t, r); inc != rebuilt {
		t.Fatal("the views folded a customer id the journal does not read back")
	}
}
