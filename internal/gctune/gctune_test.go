package gctune

import (
	"runtime/debug"
	"testing"
)

// current reads the collector's settings (each setter gives what was).
func current() (percent int, limit int64) {
	percent = debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

func TestApplySetsBothAndRestores(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	p0, l0 := current()
	restore := Apply()
	if p, l := current(); p != Percent || l != Limit {
		t.Fatalf("after Apply: GOGC %d, limit %d; want %d, %d", p, l, Percent, Limit)
	}
	restore()
	if p, l := current(); p != p0 || l != l0 {
		t.Fatalf("after restore: GOGC %d, limit %d; want %d, %d", p, l, p0, l0)
	}
}

func TestTheEnvironmentWins(t *testing.T) {
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "1GiB")
	p0, l0 := current() // the runtime's, read at the start (Percent and Limit are not)
	defer Apply()()
	if p, l := current(); p != p0 || l != l0 {
		t.Fatalf("GOGC and GOMEMLIMIT set: Apply changed them to %d, %d (was %d, %d)", p, l, p0, l0)
	}
}
