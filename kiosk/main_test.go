package kiosk

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"guichet/internal/memtmp"
)

// TestMain puts the tests' files (their registers') on a file system in
// memory when there is one (internal/memtmp): each commit of a register
// is flushed, and no test can see a flush reach the disk.
func TestMain(m *testing.M) {
	flag.Parse()
	if _, err := memtmp.Use(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
