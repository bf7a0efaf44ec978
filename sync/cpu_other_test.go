//go:build !unix

package sync_test

import "time"

// cpuSelf: no getrusage here.
func cpuSelf() (time.Duration, bool) { return 0, false }
