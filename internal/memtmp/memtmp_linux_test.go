package memtmp

import (
	"flag"
	"os"
	"syscall"
	"testing"
)

// Without TMPDIR, on Linux with a tmpfs at /dev/shm, the files go there.
func TestUsePutsTheFilesInMemory(t *testing.T) {
	if flag.Lookup("test.bench").Value.String() != "" {
		t.Skip("benchmarks keep their files on the disk")
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs("/dev/shm", &st); err != nil || st.Type != 0x01021994 {
		t.Skip("no tmpfs at /dev/shm here")
	}
	t.Setenv("TMPDIR", "")
	t.Setenv("GUICHET_TEST_DISK", "")
	dir, err := Use()
	if err != nil || dir != "/dev/shm" || os.Getenv("TMPDIR") != "/dev/shm" || os.TempDir() != "/dev/shm" {
		t.Fatalf("Use: %q %v, TMPDIR %q", dir, err, os.Getenv("TMPDIR"))
	}
}
