package local

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"guichet/internal/memtmp"
)

// TestMain puts the tests' files on a file system in memory when there is
// one (internal/memtmp): the package's tests commit thousands of
// transactions, each flushed, and no test can see a flush reach the disk.
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
	if _, err := memtmp.Use(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
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
