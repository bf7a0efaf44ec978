// Package gctune holds the garbage collector's settings a register
// process runs with.
//
// A register's heap is small (1 to 2 MB live selling on the demo box
// office: the journal and its views are bbolt's memory map, not Go's
// heap), so with Go's defaults the collector runs at its 4 MB floor:
// every 20 sales or so, about a fifth of the CPU a printed sale costs on
// two cores (BenchmarkTillSalePrinted, README "Tills commit together").
// Letting the heap grow to five times what is live, under a ceiling,
// runs it about seven times less often.
package gctune

import (
	"os"
	"runtime/debug"
)

const (
	// Percent is GOGC: the heap grows to 1+Percent/100 times what is
	// live before the next collection.
	Percent = 400
	// Limit is GOMEMLIMIT: past it the collector runs as often as it
	// must, whatever Percent says, so a large box office (many SSH
	// tills, 20,000 customers) stays within a small board's memory.
	Limit = 256 << 20
)

// Apply sets Percent and Limit, each unless the environment sets it
// (GOGC, GOMEMLIMIT: an operator's choice wins), and gives a function
// that puts back what was there before.
func Apply() (restore func()) {
	var undo []func()
	if os.Getenv("GOGC") == "" {
		was := debug.SetGCPercent(Percent)
		undo = append(undo, func() { debug.SetGCPercent(was) })
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		was := debug.SetMemoryLimit(Limit)
		undo = append(undo, func() { debug.SetMemoryLimit(was) })
	}
	return func() {
		for _, u := range undo {
			u()
		}
	}
}
