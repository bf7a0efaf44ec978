// Package memtmp puts a test binary's files (t.TempDir, os.TempDir) on a
// file system in memory, where the tests that commit registers' files
// wait on no disk: a register flushes each commit (fdatasync), and a
// flush costs milliseconds on a disk shared with other work. No test can
// see a flush reach the disk (a kill leaves what was written in the page
// cache; the stops of the machine are simulated by writing files back), and
// the flushes are still made, in the same order.
package memtmp

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// Use, called by a TestMain after flag.Parse, sets TMPDIR to a file system
// in memory (Linux: /dev/shm, when it is a tmpfs and writable), and says
// where. It leaves TMPDIR as it is, and says "", when TMPDIR is set (a
// test's child process inherits its parent's), when GUICHET_TEST_DISK is
// set (to run the tests on the disk), and when benchmarks are asked for:
// they measure what a commit costs with its flushes on the disk (make
// bench, README).
func Use() (string, error) {
	if os.Getenv("TMPDIR") != "" || os.Getenv("GUICHET_TEST_DISK") != "" {
		return "", nil
	}
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		return "", nil
	}
	dir := memDir()
	if dir == "" {
		return "", nil
	}
	return dir, os.Setenv("TMPDIR", dir)
}

// Main is a test package's TestMain that does nothing but Use: it parses
// the flags, puts the files in memory and runs the tests.
func Main(m *testing.M) {
	flag.Parse()
	if _, err := Use(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
