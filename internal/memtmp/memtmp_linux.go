package memtmp

import "syscall"

// minFree is the room /dev/shm must have for the tests' files. The
// packages that use it run at once (go test runs two and more packages
// side by side), and their journals of thousands of entries take tens of
// megabytes each; a container's /dev/shm is often 64 MB, where a full
// tmpfs would fail the tests (no space left on the device) rather than
// slow them: there, they stay on the disk.
const minFree = 1 << 30

// memDir is /dev/shm when it is a writable tmpfs (Linux's shared memory,
// in RAM) with minFree free, or "". The tests' directories go there
// directly, each removed by its test: a directory of the run's own,
// inside, would lengthen their paths, and a register's snapshot socket
// (its file's path and ".sock") must fit in the 108 bytes of a unix
// socket's address.
func memDir() string {
	var st syscall.Statfs_t
	if err := syscall.Statfs("/dev/shm", &st); err != nil || !roomyTmpfs(int64(st.Type), uint64(st.Bavail), uint64(st.Bsize)) || syscall.Access("/dev/shm", 2|1) != nil {
		return ""
	}
	return "/dev/shm"
}

// roomyTmpfs says whether a file system (statfs's type, free blocks and
// block size: their Go types differ from one architecture to another) is
// a tmpfs with minFree free.
func roomyTmpfs(typ int64, free, block uint64) bool {
	const tmpfsMagic = 0x01021994
	return typ == tmpfsMagic && free*block >= minFree
}
