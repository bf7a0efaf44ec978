package local

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"guichet/pos"
)

// TestWrongPINsWaitAndDouble: five wrong PINs are refused as wrong; the
// sixth try within 30 s is refused without looking at the PIN (even the
// right one), then each further failure doubles the wait; a right PIN
// clears the count. Every failure is journaled with its till, the count
// survives a restart, and a rebuild gives the same views.
func TestWrongPINsWaitAndDouble(t *testing.T) {
	path := t.TempDir() + "/guichet.db"
	r, clk := openTest(t, path)
	for i := range PINTries - 1 {
		if _, err := r.UnlockAt("marc", "0000", "K01/ssh-2"); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("try %d: %v, want a wrong PIN", i+1, err)
		}
	}
	_, err := r.UnlockAt("marc", "0000", "K01/ssh-2")
	var wait *PINWaitError
	if !errors.As(err, &wait) || wait.Seconds() != 30 {
		t.Fatalf("5th wrong PIN: %v, want a 30 s wait", err)
	}
	if fr := wait.Say(pos.French); fr != "trop de codes PIN erronés : attendez 30 s avant de réessayer" {
		t.Errorf("French: %q", fr)
	}
	clk.Add(10 * time.Second)
	if _, err := r.Unlock("marc", "5678"); !errors.As(err, &wait) || wait.Seconds() != 20 {
		t.Fatalf("the right PIN during the wait: %v, want 20 s left", err)
	}
	// another member of staff is not held back
	if _, err := r.Unlock("claire", "1234"); err != nil {
		t.Fatal(err)
	}
	clk.Add(21 * time.Second)
	if _, err := r.Unlock("marc", "1111"); !errors.As(err, &wait) || wait.Seconds() != 60 {
		t.Fatalf("6th wrong PIN: %v, want the wait doubled to 60 s", err)
	}
	fails, err := r.PINFailures()
	must(t, err)
	if len(fails) != 1 || fails[0].Staff != "marc" || fails[0].Count != 6 || fails[0].Till != "K01" {
		t.Fatalf("failures on the desk: %+v", fails)
	}
	es := ofEntryType(journalEntries(t, r), TypePINFailed)
	if n := len(es); n != 6 || es[0].Staff != "marc" {
		t.Errorf("%d pin.failed entries, want 6 of marc's", n)
	}
	// restart: the count is the journal's
	r.Close()
	r, clk2 := openTest(t, path)
	clk2.Add(31 * time.Second)
	if _, err := r.Unlock("marc", "5678"); !errors.As(err, &wait) {
		t.Fatalf("after a restart the wait is forgotten: %v", err)
	}
	clk2.Add(60 * time.Second)
	if _, err := r.Unlock("marc", "5678"); err != nil {
		t.Fatalf("the right PIN after the wait: %v", err)
	}
	if fails, _ := r.PINFailures(); len(fails) != 0 {
		t.Errorf("a right PIN leaves failures: %+v", fails)
	}
	if _, err := r.Unlock("marc", "0000"); !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("count starts again: %v", err)
	}
	r.Close()
	if _, err := Verify(path); err != nil {
		t.Fatal(err)
	}
	res, err := Rebuild(path)
	must(t, err)
	if !res.Identical {
		t.Fatalf("rebuild: %+v", res)
	}
}

// Wrong PINs typed at the same moment at several tills (SSH sessions) are
// counted one after the other: no more than PINTries are checked before
// the wait, however many arrive together.
func TestWrongPINsAtOnceStillWait(t *testing.T) {
	r, _ := openTest(t, t.TempDir()+"/guichet.db")
	const tries = 4 * PINTries
	var checked atomic.Int32
	var wg sync.WaitGroup
	errs := make([]error, tries)
	for i := range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = r.throttlePIN("marc", fmt.Sprintf("K01/ssh-%d", i), func() bool {
				checked.Add(1)
				time.Sleep(20 * time.Millisecond) // a PIN hash takes a while
				return false
			})
		}()
	}
	wg.Wait()
	if n := checked.Load(); n > PINTries {
		t.Errorf("%d wrong PINs checked at once, want at most %d before the wait", n, PINTries)
	}
	waits := 0
	for _, err := range errs {
		var wait *PINWaitError
		switch {
		case errors.As(err, &wait):
			waits++
		case !errors.Is(err, ErrWrongPIN):
			t.Fatalf("%v, want a wrong PIN or a wait", err)
		}
	}
	if waits < tries-PINTries+1 {
		t.Errorf("%d tries told to wait, want at least %d", waits, tries-PINTries+1)
	}
}
