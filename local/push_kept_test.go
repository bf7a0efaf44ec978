package local

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"pgregory.net/rapid"

	"guichet/internal/fakeclock"
)

// TestKeptPushStateIsTheFiles: through random commits (entries written,
// the pushed cursor moved back and forth by an acknowledgement, the clock
// moving, the register closed and opened again), the push state the
// register keeps in memory is the one its file gives, and reading it
// begins no read transaction on the file.
func TestKeptPushStateIsTheFiles(t *testing.T) {
	t.Parallel() // a register of its own per case, on a fake clock: beside the other parallel tests (helpers_test.go)
	cat := demoCatalog(t)
	dir := t.TempDir()
	n := 0
	done := map[string]int{} // the kinds of step the cases made, each checked after
	rapid.Check(t, func(rt *rapid.T) {
		n++
		path := filepath.Join(dir, fmt.Sprintf("p%d.db", n))
		clk := fakeclock.New(testToday)
		open := func() *Register {
			r, err := Open(Options{Path: path, Catalog: cat, Now: clk.Now})
			if err != nil {
				rt.Fatal(err)
			}
			return r
		}
		r := open()
		defer func() { r.Close() }()
		check := func(after string) {
			reads := r.FileReads()
			kept := r.KeptPushState()
			if got := r.FileReads(); got != reads {
				rt.Fatalf("after %s: KeptPushState began %d read transactions", after, got-reads)
			}
			file, err := r.PushState()
			if err != nil {
				rt.Fatal(err)
			}
			if !kept.Oldest.Equal(file.Oldest) || kept.Last != file.Last || kept.Pushed != file.Pushed || kept.Register != file.Register {
				rt.Fatalf("after %s: kept %+v, the file says %+v", after, kept, file)
			}
		}
		check("open")
		for i, steps := 0, rapid.IntRange(1, 25).Draw(rt, "steps"); i < steps; i++ {
			clk.Add(time.Duration(rapid.IntRange(1, 120).Draw(rt, "seconds")) * time.Second)
			var what string
			switch op := rapid.IntRange(0, 5).Draw(rt, "op"); op {
			case 0, 1, 2:
				what = "an entry"
				must(t, r.RecordSession(TillSession{Event: "login", Till: "ssh-1", Staff: "claire"}))
				done["an entry"]++
			case 3, 4:
				last := r.KeptPushState().Last
				seq := rapid.Uint64Range(0, last).Draw(rt, "pushed")
				what = fmt.Sprintf("pushed up to %d of %d", seq, last)
				must(t, r.SetPushed(seq))
				if seq < last {
					done["pushed back"]++ // behind the last entry: an acknowledgement of less than all
				} else {
					done["pushed to the last"]++
				}
			case 5:
				what = "a restart"
				must(t, r.Close())
				r = open()
				done["a restart"]++
			}
			check(what)
		}
	})
	// Fewer cases under -race (main_test.go): each kind of step still came.
	for _, kind := range []string{"an entry", "pushed back", "pushed to the last", "a restart"} {
		if done[kind] == 0 {
			t.Errorf("no case made %s: %v", kind, done)
		}
	}
	t.Logf("steps checked, by kind: %v", done)
}
