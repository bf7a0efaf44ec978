//go:build benchkeys

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"guichet/payterm"
)

// TestBenchKioskKeys is `make bench-keys` for `guichet kiosk`: the real
// binary in a pseudo-terminal, idle on the attract screen and on the
// performance list (nothing changes on screen: no redraw, no poll; the
// register's spooler still looks at the printer every 2 s), then the CPU time of the whole process per
// key for a list scroll, a search letter and a seat move.
func TestBenchKioskKeys(t *testing.T) {
	dir := t.TempDir()
	sim, err := payterm.Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	p := openPty(t, 100, 30)
	cmd := exec.Command(guichetBin, "kiosk", "--db", filepath.Join(dir, "k.db"), "--lang", "en",
		"--terminal", sim.Spec(), "--printer", "file:"+filepath.Join(dir, "print.bin"), "--idle", "10m", "--fps", fps())
	pid := p.start(t, cmd)
	send := func(k string) { p.send(t, k) }
	goTo := func(want string, keys ...string) { t.Helper(); p.goTo(t, want, keys...) }
	idle := func() (cpuMs float64, bytes int) {
		off := p.written()
		c0, _ := cpu(t, pid)
		time.Sleep(4 * time.Second)
		c1, _ := cpu(t, pid)
		return float64(c1-c0) / 1e6 / 4, p.written() - off
	}
	type result struct {
		name       string
		cpu, bytes []float64
	}
	var results []result
	measure := func(name string, keys ...string) {
		r := result{name: name}
		for i := range benchKeyCount {
			off := p.written()
			c0, _ := cpu(t, pid)
			send(keys[i%len(keys)])
			p.settle(off, 40*time.Millisecond, 2*time.Second)
			c1, _ := cpu(t, pid)
			r.cpu = append(r.cpu, float64(c1-c0)/1e6)
			r.bytes = append(r.bytes, float64(p.written()-off))
		}
		results = append(results, r)
	}

	goTo("Press any key")
	time.Sleep(time.Second)
	idleAttract, bytesAttract := idle()
	goTo("CHOOSE A SHOW", "x")
	idleList, bytesList := idle()
	measure("list scroll (shows)", "down", "down", "down", "up", "up", "up")
	measure("search letter (shows)", "h", "a", "m", "backspace", "backspace", "backspace")
	goTo("", "backspace", "backspace", "backspace", "backspace") // the search typed so far
	goTo("", "h", "a", "m", "l")                                 // the renderer writes only what changed: "ml"
	goTo("WHERE WOULD YOU LIKE TO SIT?", "enter")
	goTo("CHOOSE YOUR SEATS", "enter")
	measure("seat move (demo hall)", "right", "right", "down", "left", "down", "up")

	fmt.Printf("\nguichet kiosk in a %dx%d pty, %d keys per kind; CPU of the whole process (every thread's run time)\n", 100, 30, benchKeyCount)
	fmt.Printf("idle on the attract screen: %.2f ms CPU per second, %d bytes written in 4 s\n", idleAttract, bytesAttract)
	fmt.Printf("idle on the show list:      %.2f ms CPU per second, %d bytes written in 4 s\n", idleList, bytesList)
	fmt.Printf("%-28s %9s %9s %10s %10s\n", "key", "cpu med", "cpu max", "bytes med", "bytes max")
	for _, r := range results {
		fmt.Printf("%-28s %7.2fms %7.2fms %10.0f %10.0f\n", r.name, median(r.cpu), slices.Max(r.cpu), median(r.bytes), slices.Max(r.bytes))
	}
}

// fps is the kiosk's --fps for the measure (BENCH_KIOSK_FPS, default 30).
func fps() string {
	if v := os.Getenv("BENCH_KIOSK_FPS"); v != "" {
		return v
	}
	return "30"
}
