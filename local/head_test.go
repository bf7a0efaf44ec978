package local

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// truncated copies the register's file with its last n entries removed,
// and its head as rewrite says: "keep" (left as it was), "remove" (the
// head record deleted too) or "rewrite" (moved to the new last entry, as
// an attacker who knows the layout would).
func truncated(t *testing.T, src string, n int, rewrite string) string {
	t.Helper()
	dst := fmt.Sprintf("%s.cut%d-%s", src, n, rewrite)
	db, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true})
	must(t, err)
	must(t, db.View(func(tx *bolt.Tx) error { return tx.CopyFile(dst, 0o600) }))
	must(t, db.Close())
	db, err = bolt.Open(dst, 0o600, nil)
	must(t, err)
	defer db.Close()
	must(t, db.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket(bucketJournal)
		for i := 0; i < n; i++ {
			k, _ := j.Cursor().Last()
			if err := j.Delete(k); err != nil {
				return err
			}
		}
		switch rewrite {
		case "remove":
			return tx.Bucket(bucketMeta).Delete(headKey)
		case "rewrite":
			last, _, err := lastEntry(tx)
			if err != nil {
				return err
			}
			return putHead(tx, last)
		}
		return nil
	}))
	return dst
}

// TestRemovingTheLastEntriesIsDetected: a journal cut short fails Verify,
// which names the head; with the head record removed too it still fails;
// with the head rewritten to the new end only the anchor written down
// (--expect-head) catches it, even from its 8 first hex characters.
func TestRemovingTheLastEntriesIsDetected(t *testing.T) {
	r, _ := openTest(t, "")
	sellSome(t, r)
	till := openTill(t, r, "claire", "1234")
	for i := 0; i < 4; i++ {
		must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
		_, err := till.Checkout(cash())
		must(t, err)
	}
	seq, hash := r.Head()
	path := r.Path()
	must(t, r.Close())
	res, err := Verify(path)
	must(t, err)
	if res.Entries != seq || res.Last.String() != hash || seq < 12 {
		t.Fatalf("head %d:%s, verify %+v", seq, hash, res)
	}
	anchor, err := ParseAnchor(fmt.Sprintf("%d:%s", seq, strings.ToUpper(hash[:8])))
	must(t, err)
	if _, err := VerifyAgainst(path, &anchor); err != nil {
		t.Fatalf("the untouched journal against its own head: %v", err)
	}

	for _, n := range []int{1, 2, 10} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			cut := truncated(t, path, n, "keep")
			var he *HeadError
			_, err := Verify(cut)
			want := fmt.Sprintf("the journal ends at %d but its head says %d: the last entries were removed", seq-uint64(n), seq)
			if !errors.As(err, &he) || err.Error() != want {
				t.Errorf("cut by %d: %v, want %q", n, err, want)
			}

			cut = truncated(t, path, n, "remove")
			if _, err := Verify(cut); !errors.As(err, &he) || !strings.Contains(err.Error(), "no head record") {
				t.Errorf("cut by %d, head removed: %v", n, err)
			}
			if _, err := VerifyAgainst(cut, &anchor); !errors.As(err, &he) {
				t.Errorf("cut by %d, head removed, against the anchor: %v", n, err)
			}

			cut = truncated(t, path, n, "rewrite")
			// the chain itself cannot tell; the views still count the entries removed
			var ve *ViewsError
			if _, err := Verify(cut); !errors.As(err, &ve) {
				t.Errorf("cut by %d, head rewritten: Verify said %v, want the views found to differ", n, err)
			}
			want = fmt.Sprintf("the journal ends at %d but the head written down (%d:%s) says %d: the last entries were removed", seq-uint64(n), seq, strings.ToLower(hash[:8]), seq)
			if _, err := VerifyAgainst(cut, &anchor); !errors.As(err, &he) || err.Error() != want {
				t.Errorf("cut by %d, head rewritten, against the anchor: %v, want %q", n, err, want)
			}
		})
	}

	// An anchor of an earlier entry still holds; a wrong hash does not.
	early, err := ParseAnchor(fmt.Sprintf("3:%s", strings.Repeat("0", 8)))
	must(t, err)
	if _, err := VerifyAgainst(path, &early); err == nil || !strings.Contains(err.Error(), "entry 3's hash starts") {
		t.Errorf("a wrong anchor: %v", err)
	}
	for _, bad := range []string{"", "12", "12:abc", "x:12345678", "0:12345678", "12:1234567z"} {
		if _, err := ParseAnchor(bad); err == nil {
			t.Errorf("ParseAnchor(%q) accepted", bad)
		}
	}
}

// The committer writes the head once a commit, after the batch's writes
// (append leaves it to runBatch): at every commit, inside its transaction
// before it commits, the head is the journal's last entry, its number and
// hash: after a lone sale with its print jobs, their confirmations, a
// batch of three tills' sales, and a batch run again without a write that
// failed after it appended.
func TestHeadIsTheLastEntryAtEveryCommit(t *testing.T) {
	r, _ := openTest(t, "")
	checked := 0
	var bad []string
	r.committer.hook = func(int) error { // the committing goroutine, inside its transaction
		tx := r.committer.batchTx
		seq, hash, ok, err := readHead(tx)
		last, found, lerr := lastEntry(tx)
		if err != nil || lerr != nil || ok != found || seq != last.Seq || hash != last.Hash {
			bad = append(bad, fmt.Sprintf("head %d %x (%v, %v), last entry %d %x (%v)", seq, hash[:4], ok, err, last.Seq, last.Hash[:4], lerr))
		}
		checked++
		return nil
	}
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-00", "galerie", "adult", 2))
	if _, err := a.Checkout(cash(), PrintAlso{Receipt: true}); err != nil {
		t.Fatal(err)
	}
	jobs, _, _, _, err := r.PrintWindow(32)
	must(t, err)
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	must(t, r.MarkPrintedShared(ids...))

	// three tills' sales and a write that fails after its append, queued
	// behind a commit held open: one batch, run again without the failure
	tills := []*Till{openTill(t, r, "claire", "1234"), openTill(t, r, "claire", "1234"), openTill(t, r, "claire", "1234")}
	for _, till := range tills {
		must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	}
	held, release := make(chan struct{}), make(chan struct{})
	first := true
	check := r.committer.hook
	r.committer.hook = func(n int) error {
		err := check(n)
		if first {
			first = false
			close(held)
			<-release
		}
		return err
	}
	errs := make(chan error, 5)
	go func() {
		errs <- r.update(r.now(), "", "claire", func(w *writer) error {
			_, err := w.append(TypeCustomerSaved, customerSaved{Customer: pos.Customer{ID: "K01-C09999", Name: "Held"}, New: true})
			return err
		})
	}()
	<-held
	boom := errors.New("boom")
	go func() {
		errs <- r.update(r.now(), "", "claire", func(w *writer) error {
			if _, err := w.append(TypeCustomerSaved, customerSaved{Customer: pos.Customer{ID: "K01-C09998", Name: "Failed"}, New: true}); err != nil {
				return err
			}
			return boom
		})
	}()
	queued(r, 1)
	for _, till := range tills {
		go func() { _, err := till.Checkout(cash()); errs <- err }()
	}
	queued(r, 4)
	close(release)
	failed := 0
	for range 5 {
		if err := <-errs; errors.Is(err, boom) {
			failed++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if failed != 1 {
		t.Fatalf("%d writes failed with boom, want 1", failed)
	}
	if len(bad) > 0 || checked < 4 {
		t.Fatalf("%d commits checked; head not the last entry: %v", checked, bad)
	}
	verifyOpen(t, r)
}
