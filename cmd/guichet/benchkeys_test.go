//go:build benchkeys

package main

// `make bench-keys` runs TestBenchKeys: the real binary in a pseudo-terminal,
// as a cashier's keyboard drives it, measuring per key the CPU time of the
// whole process and the bytes it writes to the terminal. It is a
// measurement, not a pass/fail test: the renderer is most of a keypress's
// real cost, which the Update+View benchmarks in tui do not see.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// pty is the master side of a pseudo-terminal and what was read from it.
type pty struct {
	master *os.File
	slave  *os.File
	mu     sync.Mutex
	out    bytes.Buffer // everything the program wrote
	last   time.Time    // when it last wrote
}

func openPty(t *testing.T, cols, rows uint16) *pty {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	ioctl := func(fd uintptr, req uintptr, arg unsafe.Pointer) {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg)); e != 0 {
			t.Fatalf("ioctl %#x: %v", req, e)
		}
	}
	var unlock int32
	ioctl(m.Fd(), syscall.TIOCSPTLCK, unsafe.Pointer(&unlock))
	var n uint32
	ioctl(m.Fd(), syscall.TIOCGPTN, unsafe.Pointer(&n))
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	ws := [4]uint16{rows, cols, 0, 0}
	ioctl(s.Fd(), syscall.TIOCSWINSZ, unsafe.Pointer(&ws))
	p := &pty{master: m, slave: s}
	go func() {
		buf := make([]byte, 64<<10)
		for {
			k, err := m.Read(buf)
			if k > 0 {
				p.mu.Lock()
				p.out.Write(buf[:k])
				p.last = time.Now()
				p.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	return p
}

// start runs cmd with the pseudo-terminal as its controlling terminal,
// killed with the test, and gives its pid.
func (p *pty) start(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = p.slave, p.slave, p.slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd.Process.Pid
}

// send types one key (a termKeys name or text).
func (p *pty) send(t *testing.T, k string) {
	if _, err := p.master.WriteString(keyBytes(k)); err != nil {
		t.Fatal(err)
	}
}

// goTo sends keys, each after the screen settles, and checks that the
// screen then shows want (so the measurement is of the right screen).
func (p *pty) goTo(t *testing.T, want string, keys ...string) {
	t.Helper()
	off := p.written()
	for _, k := range keys {
		o := p.written()
		p.send(t, k)
		p.settle(o, 150*time.Millisecond, 3*time.Second)
	}
	p.settle(off, 300*time.Millisecond, 5*time.Second)
	if want != "" && !strings.Contains(p.textSince(off), want) {
		t.Fatalf("after %q the screen does not show %q:\n%s", keys, want, p.textSince(off))
	}
}

// written is the number of bytes the program has written so far.
func (p *pty) written() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Len()
}

var escapeSeq = regexp.MustCompile(`\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])`)

// textSince is what the program wrote from byte off on, escape sequences removed.
func (p *pty) textSince(off int) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return escapeSeq.ReplaceAllString(string(p.out.Bytes()[min(off, p.out.Len()):]), "")
}

// settle waits until the program has written something after byte off and
// then nothing for quiet, or until max has passed.
func (p *pty) settle(off int, quiet, max time.Duration) {
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		p.mu.Lock()
		done := p.out.Len() > off && time.Since(p.last) >= quiet
		p.mu.Unlock()
		if done {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// cpu is the process's CPU time: every thread's run time from
// /proc/PID/task/*/schedstat, in nanoseconds (/proc/PID/stat's utime and
// stime count 10 ms ticks, too coarse for one key), and the ticks.
func cpu(t *testing.T, pid int) (ns int64, ticks int64) {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // a thread that just ended
		}
		if v, err := strconv.ParseInt(strings.Fields(string(b))[0], 10, 64); err == nil {
			ns += v
		}
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return ns, u + s
}

// Key sequences as a terminal sends them.
var termKeys = map[string]string{
	"up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
	"enter": "\r", "esc": "\x1b", "backspace": "\x7f", "pgdown": "\x1b[6~", "pgup": "\x1b[5~",
}

func keyBytes(k string) string {
	if s, ok := termKeys[k]; ok {
		return s
	}
	return k
}

const benchKeyCount = 50

func TestBenchKeys(t *testing.T) {
	dir := t.TempDir()
	p := openPty(t, 100, 30)
	cmd := exec.Command(guichetBin, "--db", filepath.Join(dir, "g.db"), "--lang", "en",
		"--unlock", "claire:1234", "--printer", "file:"+filepath.Join(dir, "print.bin"))
	pid := p.start(t, cmd)

	send := func(k string) { p.send(t, k) }
	goTo := func(want string, keys ...string) { t.Helper(); p.goTo(t, want, keys...) }
	// measure sends benchKeyCount keys of a kind, cycling through keys, and
	// reports each one's CPU time and bytes written.
	type result struct {
		name       string
		cpu, bytes []float64
		ticks      int64
		window     time.Duration // from each key to the end of its output, summed
	}
	var results []result
	measure := func(name string, keys ...string) {
		r := result{name: name}
		_, t0 := cpu(t, pid)
		for i := range benchKeyCount {
			off := p.written()
			c0, _ := cpu(t, pid)
			start := time.Now()
			send(keys[i%len(keys)])
			p.settle(off, 40*time.Millisecond, 2*time.Second)
			c1, _ := cpu(t, pid)
			r.window += time.Since(start)
			r.cpu = append(r.cpu, float64(c1-c0)/1e6)
			r.bytes = append(r.bytes, float64(p.written()-off))
		}
		_, t1 := cpu(t, pid)
		r.ticks = t1 - t0
		results = append(results, r)
	}

	goTo("Cash float") // --unlock opens the till; a new shift asks for its float
	goTo("Hamlet", "2", "0", "0", "enter")

	// Idle: what the process burns with nothing to draw, over the same
	// windows a key is measured in (Bubble Tea's frame ticker, once a
	// second when the counter draws its own frames; anything that polls).
	// Issue 15's target: < 1 ms a second.
	c0, _ := cpu(t, pid)
	time.Sleep(2 * time.Second)
	c1, _ := cpu(t, pid)
	idle := float64(c1-c0) / 1e6 / 2

	measure("list scroll (sales list)", "down", "down", "down", "up", "up", "up")
	goTo("", "/") // the search field (already drawn: only the cursor changes)
	measure("search letter (sales list)", "h", "a", "m", "backspace", "backspace", "backspace")
	goTo("Dates: all", "esc")              // the search typed forgotten: the list never followed it
	goTo("", "pgup")                       // the list's top: the scroll left its cursor two rows down
	goTo("Standing gallery", "j", "enter") // the zones of the second performance
	goTo("o free", "enter")                // the stalls' seat plan
	measure("seat move (demo hall)", "right", "right", "down", "left", "down", "up")

	fmt.Printf("\nguichet in a %dx%d pty, %d keys per kind; CPU of the whole process per key (every thread's run time, from /proc/PID/task/*/schedstat), bytes written to the terminal\n",
		100, 30, benchKeyCount)
	fmt.Printf("idle: %.2f ms CPU per second with nothing to draw\n", idle)
	fmt.Printf("%-28s %9s %9s %11s %9s %10s %10s\n", "key", "cpu med", "cpu max", "cpu (stat)", "of idle", "bytes med", "bytes max")
	for _, r := range results {
		window := r.window.Seconds() / benchKeyCount
		fmt.Printf("%-28s %7.2fms %7.2fms %9.2fms %7.2fms %10.0f %10.0f\n", r.name, median(r.cpu), slices.Max(r.cpu),
			float64(r.ticks)*10/benchKeyCount, idle*window, median(r.bytes), slices.Max(r.bytes))
	}
	fmt.Println("cpu (stat): utime+stime from /proc/PID/stat over the 50 keys, divided by 50 (10 ms ticks: a cross-check)")
	fmt.Println("of idle: the idle CPU of the window a key is measured in (the key's output, then 40 ms of quiet), included in cpu")
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
