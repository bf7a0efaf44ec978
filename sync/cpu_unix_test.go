//go:build unix

package sync_test

import (
	"syscall"
	"time"
)

// cpuSelf is the CPU time this process has used so far.
func cpuSelf() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
