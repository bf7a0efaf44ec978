package local

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// TestMain puts the tests' files (t.TempDir, os.TempDir) on a file system
// in memory when there is one (memTempDir), rather than on the disk: the
// package's tests commit thousands of transactions, each flushed
// (fdatasync, bbolt's and the flat file's), and a flush costs
// milliseconds on a disk shared with other work. No test can see a flush
// reach the disk: the kills (SIGKILL) leave what was written in the page
// cache, where the next start reads it, and the stops of the machine are
// made by writing bbolt's file back to an older or torn state
// (flat_test.go). The flushes are still made, in the same order (the
// tests that check their order hook flatFlush).
//
// The files stay where they would be when TMPDIR is set (a child process
// of a test inherits its parent's), when GUICHET_TEST_DISK is set (to
// run the tests on the disk), and for benchmarks, which measure what a
// sale costs with its flushes on the disk (make bench, README).
//
// Under -race, the property tests run raceRapidChecks cases rather than
// rapid's 100 when -rapid.checks is not given (rapidChecksAsUnit).
func TestMain(m *testing.M) {
	flag.Parse()
	if raceEnabled {
		given := false
		flag.Visit(func(f *flag.Flag) { given = given || f.Name == "rapid.checks" })
		if !given {
			unitRapidChecks = flag.Lookup("rapid.checks").Value.String()
			if err := flag.Set("rapid.checks", fmt.Sprint(raceRapidChecks)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
		}
	}
	if os.Getenv("TMPDIR") == "" && os.Getenv("GUICHET_TEST_DISK") == "" && flag.Lookup("test.bench").Value.String() == "" {
		if dir := memTempDir(); dir != "" {
			if err := os.Setenv("TMPDIR", dir); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
		}
	}
	os.Exit(m.Run())
}

// raceRapidChecks is how many cases a property test (pgregory.net/rapid)
// runs under -race, unless -rapid.checks is given. The race run checks
// the code the unit run checks with rapid's 100 cases, for races between
// the register's goroutines; TestKeptPushStateIsTheFiles and
// TestQuoteTillAndPreviewAgree, a register made per case, took most of
// their time there on cases of the same kind. Each counts the kinds of
// case it checked and fails when one did not come.
const raceRapidChecks = 25

// unitRapidChecks is -rapid.checks as the unit run has it, when TestMain
// lowered it under -race; "" otherwise.
var unitRapidChecks string

// rapidChecksAsUnit gives the test the unit run's number of cases under
// -race too, where TestMain lowered it: a property whose kinds of case
// come too seldom to show in raceRapidChecks. It sets rapid's flag, so
// only a test that is not parallel calls it (rapid reads it in a
// parallel test: they run once the others are done).
func rapidChecksAsUnit(t *testing.T) {
	if unitRapidChecks == "" {
		return
	}
	must(t, flag.Set("rapid.checks", unitRapidChecks))
	t.Cleanup(func() { must(t, flag.Set("rapid.checks", fmt.Sprint(raceRapidChecks))) })
}
