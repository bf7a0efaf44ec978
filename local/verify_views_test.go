package local

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TestVerifyFindsAViewChangedOutsideTheRegister: journal verify folds the
// journal into views, as a rebuild does, and names each view whose value
// is not the journal's (a voucher's balance raised, tickets sold lowered,
// a seat freed, an order added), saying to rebuild; an untouched file
// verifies, its views checked. Verify never changes the file's bytes.
func TestVerifyFindsAViewChangedOutsideTheRegister(t *testing.T) {
	tests := []struct {
		name    string
		view    string // the view changed, named in the error
		keyPart string // in the key the error names
		change  func(t *testing.T, b *bolt.Bucket)
	}{
		{"a gift voucher's balance raised", vVouchers, "K01-000002-01", func(t *testing.T, b *bolt.Bucket) {
			k := []byte("K01-000002-01")
			v := b.Get(k)
			if !bytes.Contains(v, []byte(`"balance":"CHF 50.00"`)) {
				t.Fatalf("voucher %s kept as %s", k, v)
			}
			must(t, b.Put(k, bytes.Replace(v, []byte(`"balance":"CHF 50.00"`), []byte(`"balance":"CHF 500.00"`), 1)))
		}},
		{"tickets sold lowered", vSold, "galerie", func(t *testing.T, b *bolt.Bucket) {
			k := key("hamlet-00", "galerie")
			if string(b.Get(k)) != "2" {
				t.Fatalf("sold %q kept as %q", k, b.Get(k))
			}
			must(t, b.Put(k, []byte("1")))
		}},
		{"a sold seat freed", vSeats, "D-1", func(t *testing.T, b *bolt.Bucket) {
			k := key("hamlet-00", "parterre", "D-1")
			if b.Get(k) == nil {
				t.Fatalf("seat %q not kept", k)
			}
			must(t, b.Delete(k))
		}},
		{"an order the journal never placed", vOrders, "K01-999999", func(t *testing.T, b *bolt.Bucket) {
			must(t, b.Put([]byte("K01-999999"), []byte(`{}`)))
		}},
	}
	sell := func(t *testing.T) string {
		r, _ := openTest(t, "")
		till := openTill(t, r, "claire", "1234")
		must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-1"))
		must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
		_, err := till.Checkout(cash())
		must(t, err)
		sellGift50(t, till)
		path := r.Path()
		must(t, r.Close())
		return path
	}
	// verifyReadOnly verifies path and fails the test if it changed a byte.
	verifyReadOnly := func(t *testing.T, path string) (VerifyResult, error) {
		before, err := os.ReadFile(path)
		must(t, err)
		res, verr := Verify(path)
		after, err := os.ReadFile(path)
		must(t, err)
		if !bytes.Equal(before, after) {
			t.Fatal("verify changed the file")
		}
		return res, verr
	}

	path := sell(t)
	if res, err := verifyReadOnly(t, path); err != nil || !res.Views {
		t.Fatalf("an untouched file: %+v, %v; want its views checked, no error", res, err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := sell(t)
			db, err := bolt.Open(path, 0o600, nil)
			must(t, err)
			must(t, db.Update(func(tx *bolt.Tx) error {
				tc.change(t, view(tx, tc.view))
				return nil
			}))
			must(t, db.Close())

			_, err = verifyReadOnly(t, path)
			var ve *ViewsError
			if !errors.As(err, &ve) || len(ve.Diffs) != 1 || ve.Diffs[0].View != tc.view || !strings.Contains(ve.Diffs[0].Key, tc.keyPart) {
				t.Fatalf("verify: %v; want the view %s named at a key with %q", err, tc.view, tc.keyPart)
			}
			if !strings.Contains(err.Error(), "guichet journal rebuild") {
				t.Fatalf("the error does not say what to do: %v", err)
			}
			// the rebuild mends it
			res, err := Rebuild(path)
			must(t, err)
			if res.Identical {
				t.Fatal("rebuild found the views identical")
			}
			if res, err := verifyReadOnly(t, path); err != nil || !res.Views {
				t.Fatalf("after the rebuild: %+v, %v", res, err)
			}
		})
	}
}

// TestVerifyLeavesTheViewsOfAFileTheMachineStoppedUnder: a file the
// machine stopped under may hold pages of different moments, views
// included; the register's next start rebuilds it from its flat file,
// and `journal rebuild` refuses it until then. Verify checks its chain
// but does not send the reader to a rebuild over its views: it says why
// they were not compared.
func TestVerifyLeavesTheViewsOfAFileTheMachineStoppedUnder(t *testing.T) {
	withBoot(t, "boot-1")
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellFour(t, r)
	kill(r)
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error { return view(tx, vSold).Put(key("hamlet-00", "galerie"), []byte("7")) }))
	must(t, db.Close())
	withBoot(t, "boot-2")

	res, err := Verify(path)
	if err != nil || res.Views || !strings.Contains(res.ViewsUnchecked, "the machine stopped") {
		t.Fatalf("verify: %+v, %v; want the chain checked, the views not, saying why", res, err)
	}
	if _, err := Rebuild(path); err == nil || !strings.Contains(err.Error(), "the machine stopped") {
		t.Fatalf("rebuild: %v", err)
	}
}

// TestVerifyOfAFileMissingAViewSaysTheStartRebuildsThem: a view's bucket
// gone, the register rebuilds every view at its next start: verify does
// not compare them, and says so.
func TestVerifyOfAFileMissingAViewSaysTheStartRebuildsThem(t *testing.T) {
	r, _ := openTest(t, "")
	sellFour(t, r)
	path := r.Path()
	must(t, r.Close())
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(viewBuckets[vSeats]) }))
	must(t, db.Close())
	res, err := Verify(path)
	if err != nil || res.Views || !strings.Contains(res.ViewsUnchecked, "one is missing: the register rebuilds them all") {
		t.Fatalf("verify: %+v, %v", res, err)
	}
}

// TestVerifyWithoutRoomForItsScratchCopySaysSo: the views are folded in
// a scratch copy in the temporary directory; where none can be made,
// verify says the views could not be checked and how to give it room.
func TestVerifyWithoutRoomForItsScratchCopySaysSo(t *testing.T) {
	r, _ := openTest(t, "")
	sellFour(t, r)
	path := r.Path()
	must(t, r.Close())
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "gone"))
	_, err := Verify(path)
	if err == nil || !strings.Contains(err.Error(), "the views could not be checked") || !strings.Contains(err.Error(), "set TMPDIR") {
		t.Fatalf("verify: %v", err)
	}
	// guichet journal verify --lang fr said it in English
	if fr := pos.Say(err, pos.French); !strings.HasPrefix(fr, "les vues n'ont pas pu être vérifiées : une copie de travail du fichier (") || !strings.HasSuffix(fr, " (donnez à TMPDIR un dossier où il y a de la place)") {
		t.Errorf("in French: %q", fr)
	}
}
