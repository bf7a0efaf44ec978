package local

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestAPanicOfTheProgramIsNotReportedAsADamagedFile: a bug of the
// program that panics in a read or in a commit (not bbolt finding a page
// that does not hold together) reaches the cashier as an error in the
// program, to note and restart the register on, never as a damaged file to
// move aside (a new journal, its numbers started again); its stack is kept
// in a log beside the register's file.
func TestAPanicOfTheProgramIsNotReportedAsADamagedFile(t *testing.T) {
	bugs := []struct {
		name string
		bug  func()
	}{
		{"panic", func() { panic("a bug in the program") }},
		{"nil pointer", func() {
			var p *struct{ n int }
			p.n++
		}},
		{"index", func() {
			s := []int{}
			i := len(os.Args) + 1
			_ = s[i]
		}},
	}
	check := func(t *testing.T, path, what string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s that panicked was told done", what)
		}
		var de *DamagedError
		if errors.Is(err, ErrDamaged) || errors.As(err, &de) || strings.Contains(err.Error(), "move it aside") || strings.Contains(err.Error(), "damaged:") {
			t.Fatalf("%s that panicked is reported as a damaged file: %v", what, err)
		}
		if !errors.Is(err, ErrProgram) || !strings.Contains(err.Error(), "an error in the program") || !strings.Contains(err.Error(), "start the register again") {
			t.Fatalf("%s that panicked does not say it is an error in the program: %v", what, err)
		}
		log, rerr := os.ReadFile(path + ".errors")
		if rerr != nil || !strings.Contains(string(log), "TestAPanicOfTheProgramIsNotReportedAsADamagedFile") || !strings.Contains(err.Error(), path+".errors") {
			t.Fatalf("%s: the stack is not in the log %s (%v): %q", what, path+".errors", rerr, log)
		}
	}
	for _, b := range bugs {
		t.Run(b.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.db")
			r, _ := openTest(t, path)
			err := r.read(func(*bolt.Tx) error { b.bug(); return nil })
			check(t, path, "a read", err)

			till := openTill(t, r, "claire", "1234")
			must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
			r.committer.hook = func(int) error { b.bug(); return nil }
			_, err = till.Checkout(cash())
			r.committer.hook = nil
			check(t, path, "a sale", err)
			st, serr := r.Stats()
			must(t, serr)
			kill(r)
			r2, _ := openTest(t, path) // a restart: the same journal, the sale as the message says
			if st2, err := r2.Stats(); err != nil || st2.Orders != st.Orders+1 {
				t.Fatalf("after the restart %+v (before %+v, %v)", st2, st, err)
			}
		})
	}
}
