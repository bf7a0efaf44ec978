package memtmp

import (
	"flag"
	"os"
	"syscall"
	"testing"
)

// Without TMPDIR, on Linux with a roomy tmpfs at /dev/shm, the files go
// there.
func TestUsePutsTheFilesInMemory(t *testing.T) {
	if flag.Lookup("test.bench").Value.String() != "" {
		t.Skip("benchmarks keep their files on the disk")
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs("/dev/shm", &st); err != nil || !roomyTmpfs(int64(st.Type), uint64(st.Bavail), uint64(st.Bsize)) {
		t.Skip("no tmpfs at /dev/shm here, or one too small")
	}
	t.Setenv("TMPDIR", "")
	t.Setenv("GUICHET_TEST_DISK", "")
	dir, err := Use()
	if err != nil || dir != "/dev/shm" || os.Getenv("TMPDIR") != "/dev/shm" || os.TempDir() != "/dev/shm" {
		t.Fatalf("Use: %q %v, TMPDIR %q", dir, err, os.Getenv("TMPDIR"))
	}
}

// A tmpfs too small for the tests (a container's 64 MB /dev/shm) keeps
// them on the disk: full, it would fail them rather than speed them up.
func TestASmallTmpfsIsNotUsed(t *testing.T) {
	const tmpfs = 0x01021994
	for _, tc := range []struct {
		name        string
		typ         int64
		free, block uint64
		want        bool
	}{
		{"a container's 64 MB", tmpfs, 64 << 20 / 4096, 4096, false},
		{"just under 1 GiB", tmpfs, 1<<30/4096 - 1, 4096, false},
		{"1 GiB", tmpfs, 1 << 30 / 4096, 4096, true},
		{"a machine's 24 GB", tmpfs, 24 << 30 / 4096, 4096, true},
		{"a disk (ext4)", 0xef53, 24 << 30 / 4096, 4096, false},
	} {
		if got := roomyTmpfs(tc.typ, tc.free, tc.block); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
