package memtmp

import "syscall"

// memDir is /dev/shm when it is a writable tmpfs (Linux's shared memory,
// in RAM), or "". The tests' directories go there directly, each removed by
// its test: a directory of the run's own, inside, would lengthen their
// paths, and a register's snapshot socket (its file's path and ".sock")
// must fit in the 108 bytes of a unix socket's address.
func memDir() string {
	const tmpfsMagic = 0x01021994
	var st syscall.Statfs_t
	if err := syscall.Statfs("/dev/shm", &st); err != nil || st.Type != tmpfsMagic || syscall.Access("/dev/shm", 2|1) != nil {
		return ""
	}
	return "/dev/shm"
}
