package memtmp

import (
	"os"
	"testing"
)

// Use leaves a TMPDIR that is set, and one asked to stay on the disk.
func TestUseLeavesATMPDIRGiven(t *testing.T) {
	t.Setenv("TMPDIR", "/somewhere/else")
	if dir, err := Use(); dir != "" || err != nil || os.Getenv("TMPDIR") != "/somewhere/else" {
		t.Fatalf("Use with TMPDIR set: %q %v, TMPDIR %q", dir, err, os.Getenv("TMPDIR"))
	}
	t.Setenv("TMPDIR", "")
	t.Setenv("GUICHET_TEST_DISK", "1")
	if dir, err := Use(); dir != "" || err != nil || os.Getenv("TMPDIR") != "" {
		t.Fatalf("Use with GUICHET_TEST_DISK set: %q %v, TMPDIR %q", dir, err, os.Getenv("TMPDIR"))
	}
}
