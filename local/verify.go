package local

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// BadEntryError names the first journal entry that fails verification.
type BadEntryError struct {
	Seq    uint64 // the entry's key (its sequence number)
	Reason string // what is wrong, in English (reason's, said in a language by Say)

	reason error // what is wrong, as a sentence pos.Say writes in each language
}

// badEntry is the *BadEntryError of entry seq; reason says what is wrong
// with it (a pos.Errorf sentence, said in each language).
func badEntry(seq uint64, reason error) *BadEntryError {
	return &BadEntryError{Seq: seq, Reason: reason.Error(), reason: reason}
}

func (e *BadEntryError) Error() string {
	return fmt.Sprintf("journal entry %d: %s", e.Seq, e.Reason)
}

// Say is the entry and what is wrong with it, in lang: a journal that does
// not verify is told to a French manager in French.
func (e *BadEntryError) Say(lang pos.Lang) string {
	return pos.Say(pos.Errorf("journal entry %d: %w", e.Seq, e.why()), lang)
}

// why is what is wrong with the entry, as an error said in each language.
func (e *BadEntryError) why() error {
	if e.reason == nil { // a BadEntryError made elsewhere: its Reason as it is
		return errors.New(e.Reason)
	}
	return e.reason
}

// verifyTx walks the whole journal (verifyFrom) and checks that it ends
// at its head (checkHead). It returns the number of entries and the last
// hash.
func verifyTx(tx *bolt.Tx, register string) (uint64, Digest, error) {
	n, last, err := verifyFrom(tx, register, 0, Digest{})
	if err != nil {
		return n, last, err
	}
	if err := checkHead(tx, n, last); err != nil {
		return n, last, err
	}
	return n, last, checkClosures(tx)
}

// ViewsError is a file whose views do not say what its journal does, the
// chain being intact: a view's value was changed (or added, or removed)
// outside the register, or the journal's last entries were removed and
// its head rewritten (the views still count them). The register would
// sell, refund and report from those views; guichet journal rebuild makes
// them again from the journal.
type ViewsError struct {
	Diffs []ViewDiff // the first key that differs in each view that differs, in the views' order
}

// ViewDiff is the first key of a view whose value is not the one the
// journal gives (nil: no value there).
type ViewDiff struct {
	View          string
	Key           string
	Kept, Journal []byte
}

func (e *ViewsError) Error() string { return e.Say(pos.English) }

// Say is the views that differ and what to do, in lang.
func (e *ViewsError) Say(lang pos.Lang) string {
	const shown = 3 // views told in full, the others only named
	var told []string
	var others []string
	for i, d := range e.Diffs {
		if i >= shown {
			others = append(others, d.View)
			continue
		}
		told = append(told, pos.Say(pos.Errorf("view %s, key %q: kept %s, the journal gives %s", d.View, d.Key, shownValue(d.Kept), shownValue(d.Journal)), lang))
	}
	if others != nil {
		told = append(told, pos.Say(pos.Errorf("views %s differ too", strings.Join(others, ", ")), lang))
	}
	sep := "; "
	if lang == pos.French {
		sep = " ; " // French spaces its semicolons
	}
	return pos.Say(pos.Errorf("the register's views do not say what its journal does (%s): the file was changed outside the register (its views, or the journal's last entries removed with its head); keep a copy of the file, then rebuild the views from the journal (guichet journal rebuild, the register closed)", strings.Join(told, sep)), lang)
}

// shownValue is a view's value as the error shows it, cut short.
func shownValue(v []byte) any {
	if v == nil {
		return pos.Text{"en": "nothing", "fr": "rien"}
	}
	const most = 60
	if len(v) > most {
		return strconv.Quote(string(v[:most])) + "..."
	}
	return strconv.Quote(string(v))
}

// checkViews folds the journal of tx into fresh views and compares them
// with the views tx holds. tx is only read: the fold runs in a scratch
// copy of the file (unlinked at once, in the temporary directory), in a
// transaction rolled back. It costs a copy of the file and a rebuild's
// fold. Views of an older layout (which the register rebuilds at its next
// start) are not compared: checked is false.
func checkViews(tx *bolt.Tx) (checked bool, err error) {
	if !viewsCurrent(tx) {
		return false, nil
	}
	scratchErr := func(err error) error {
		return pos.Errorf("the views could not be checked: a scratch copy of the file (%d bytes) in %s: %w (set TMPDIR to a directory with room)", tx.Size(), os.TempDir(), err)
	}
	f, err := os.CreateTemp("", "guichet-verify-*.db")
	if err != nil {
		return false, scratchErr(err)
	}
	os.Remove(f.Name())
	if _, err := tx.WriteTo(f); err != nil {
		f.Close()
		return false, scratchErr(err)
	}
	opts := boltOptions(time.Second, false)
	opts.NoSync = true
	opts.OpenFile = func(string, int, os.FileMode) (*os.File, error) { return f, nil }
	scratch, err := bolt.Open(f.Name(), 0o600, opts)
	if err != nil {
		f.Close()
		return false, scratchErr(err)
	}
	defer scratch.Close()
	stx, err := scratch.Begin(true)
	if err != nil {
		return false, err
	}
	defer stx.Rollback()
	if _, err := rebuildViews(stx); err != nil {
		return false, err
	}
	var diffs []ViewDiff
	kept, built := viewBucketNames(tx), viewBucketNames(stx)
	for _, name := range sortedKeys(nameSet(kept, built)) {
		if d, ok := firstDiff(tx.Bucket([]byte(name)), stx.Bucket([]byte(name)), nil); ok {
			d.View = strings.TrimPrefix(name, viewPrefix)
			diffs = append(diffs, d)
		}
	}
	if diffs != nil {
		return true, &ViewsError{Diffs: diffs}
	}
	return true, nil
}

func nameSet(lists ...[][]byte) map[string]bool {
	m := map[string]bool{}
	for _, l := range lists {
		for _, n := range l {
			m[string(n)] = true
		}
	}
	return m
}

// firstDiff walks buckets a (kept) and b (rebuilt; either may be nil) in
// key order, nested buckets included, and returns the first key whose
// value differs (a nested bucket's key is its path, parts joined by "/").
func firstDiff(a, b *bolt.Bucket, path []byte) (ViewDiff, bool) {
	var ca, cb *bolt.Cursor
	var ka, va, kb, vb []byte
	if a != nil {
		ca = a.Cursor()
		ka, va = ca.First()
	}
	if b != nil {
		cb = b.Cursor()
		kb, vb = cb.First()
	}
	name := func(k []byte) string {
		if path == nil {
			return string(k)
		}
		return string(path) + "/" + string(k)
	}
	for ka != nil || kb != nil {
		switch c := compareKeys(ka, kb); {
		case c < 0: // kept only
			return ViewDiff{Key: name(ka), Kept: shownOrBucket(va)}, true
		case c > 0: // rebuilt only
			return ViewDiff{Key: name(kb), Journal: shownOrBucket(vb)}, true
		}
		switch {
		case va == nil && vb == nil:
			if d, ok := firstDiff(a.Bucket(ka), b.Bucket(kb), []byte(name(ka))); ok {
				return d, true
			}
		case va == nil || vb == nil || !bytes.Equal(va, vb):
			return ViewDiff{Key: name(ka), Kept: shownOrBucket(va), Journal: shownOrBucket(vb)}, true
		}
		ka, va = ca.Next()
		kb, vb = cb.Next()
	}
	return ViewDiff{}, false
}

// compareKeys orders two cursors' keys, a finished cursor (nil) last.
func compareKeys(a, b []byte) int {
	switch {
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return bytes.Compare(a, b)
}

// shownOrBucket is a value, or "(a bucket)" for a nested bucket's nil.
func shownOrBucket(v []byte) []byte {
	if v == nil {
		return []byte("(a bucket)")
	}
	return append([]byte(nil), v...)
}
