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
func TestMain(m *testing.M) {
	flag.Parse()
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
