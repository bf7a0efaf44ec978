package local

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/pos"
)

// testToday is the day the tests' registers start on (fakeclock.New(testToday)).
var testToday = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

// Parallel tests. Some of the slowest tests of the package, which wait on
// the disk, call t.Parallel: they run two at a time (-parallel is
// GOMAXPROCS) once the other tests are done, each on files of its own.
// Such a test sets no package variable (flatFlush, flatChunk, bootID,
// createStep, recordedAfter, foldEveryEntry through viewsAfterRebuild...:
// the tests that set one run alone, before them), and checks nothing that
// another register in the same process could change (the memos are keyed
// by the entries' bytes or hashes). Nor does it start a process: a child
// holds the parent's files from its fork to its exec, and their flock with
// them: a register closed and opened again meanwhile is refused ("it is
// open by another register"), as TestKeptPushStateIsTheFiles was beside
// TestAKilledFirstStartLeavesNoHalfRegister and TestSalesToldDoneSurviveAKill.

// childEnv is the environment of a test's child process (this test
// binary started again) that ends on its own, with extra added. Under
// -race a process with more than one thread sleeps a second before it
// exits (GORACE atexit_sleep_ms, 1000 by default, a chance for goroutines
// still running to show a race): a test that waits for its child's end
// waited that second each time. The child's races are still reported
// (and exit 66) for all it ran.
func childEnv(extra ...string) []string {
	env := append(os.Environ(), "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	return append(env, extra...)
}

func demoCatalog(t testing.TB) *pos.Catalog {
	t.Helper()
	c, err := fixtures.DemoCatalog(testToday)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func openTest(t testing.TB, path string) (*Register, *fakeclock.Clock) {
	t.Helper()
	clk := fakeclock.New(testToday)
	if path == "" {
		path = filepath.Join(t.TempDir(), "guichet.db")
	}
	r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r, clk
}

func chf(minor int64) pos.Money { return pos.M(minor, "CHF") }

// openTill unlocks claire's till and opens her shift with a CHF 200 float.
func openTill(t testing.TB, r *Register, staff, pin string) *Till {
	t.Helper()
	till, err := r.Unlock(staff, pin)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := till.Shift(); !ok {
		if _, err := till.OpenShift(chf(20000)); err != nil {
			t.Fatal(err)
		}
	}
	return till
}

func cash() []pos.Tender { return []pos.Tender{{Method: "cash"}} }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func customerNamed(name string) pos.Customer {
	return pos.Customer{Name: name, Email: "zoe@example.ch"}
}

// avail is Availability, failing the test on its error.
func avail(t testing.TB, r *Register, perf string) []ZoneAvailability {
	t.Helper()
	av, err := r.Availability(perf)
	if err != nil {
		t.Fatal(err)
	}
	return av
}

// findOrders is FindOrders, failing the test on its error.
func findOrders(t testing.TB, r *Register, q string, limit int) []OrderView {
	t.Helper()
	ovs, err := r.FindOrders(q, limit)
	if err != nil {
		t.Fatal(err)
	}
	return ovs
}

// verifiesWithTheViewsItGives fails the test unless the closed register's
// file at path verifies and its views are those a rebuild from its journal
// gives.
func verifiesWithTheViewsItGives(t testing.TB, path string) {
	t.Helper()
	if _, err := Verify(path); err != nil {
		t.Fatal(err)
	}
	res, err := Rebuild(path)
	must(t, err)
	if !res.Identical {
		t.Fatal("the views kept are not those a rebuild from the journal gives")
	}
}
