package sync_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"guichet/internal/cputime"
)

// cpuUsed is the CPU time this process and the test PostgreSQL (the
// postmaster pg, its children and the children it reaped) have used so
// far; ok is false where it cannot be read (no /proc, an external
// database). On a machine shared with other work, the wall clock measures
// the neighbours too; CPU time measures what the work itself cost.
func cpuUsed(pg int) (time.Duration, bool) {
	self := cputime.Self() // 0 where it cannot be read
	if pg == 0 || self == 0 {
		return 0, false
	}
	total := self
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	found := false
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // gone meanwhile
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(s[i+1:]) // from field 3 (state) on
		if len(fields) < 15 {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		ppid, _ := strconv.Atoi(fields[1])
		tick := func(n int) time.Duration {
			v, _ := strconv.ParseInt(fields[n-3], 10, 64)
			return time.Duration(v) * 10 * time.Millisecond
		}
		switch {
		case pid == pg:
			found = true
			total += tick(14) + tick(15) + tick(16) + tick(17)
		case ppid == pg:
			total += tick(14) + tick(15)
		}
	}
	return total, found
}
