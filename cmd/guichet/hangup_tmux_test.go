//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"guichet/local"
)

// killedWithTest kills the register on db (its pid file names it) when the
// test ends: one that failed to stop is not left running.
func killedWithTest(t *testing.T, db string) {
	t.Helper()
	b, err := os.ReadFile(db + ".pid")
	if err != nil {
		t.Fatalf("the running register has no pid file: %v", err)
	}
	first, _, _ := strings.Cut(string(b), "\n") // the pid; then what it serves
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := os.Stat(db + ".pid"); err == nil { // still running
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
}

// stoppedWithin reports whether the register on db closed its journal
// (its pid file goes then) within d.
func stoppedWithin(db string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(db + ".pid"); os.IsNotExist(err) {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// TestTheCounterStopsWhenItsTerminalHangsUp: a counter whose terminal went
// away without a SIGHUP reaching it (run under make, or setsid, as here:
// no controlling terminal) read the end of its keys and ran on with nobody
// there, holding the journal, so the cashier who came back was refused.
// It now closes its till and the journal; the journal verifies.
func TestTheCounterStopsWhenItsTerminalHangsUp(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("setsid (util-linux) is not installed")
	}
	// drawn (the default) and Bubble Tea's renderer, which reads the
	// terminal itself, both without a SIGHUP (setsid); and the counter as
	// the terminal's own process, which gets one (the signal's default
	// exit closed nothing: the pid file stayed)
	for _, c := range []struct{ name, run, flags string }{
		{"drawn", "setsid -w ", ""},
		{"tea-renderer", "setsid -w ", " --tea-renderer"},
		{"sighup", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "g.db")
			term := startTmux(t, "hangup", 80, 24, c.run+guichetBin+" --db "+db+" --lang en --printer file:"+filepath.Join(dir, "print.bin")+c.flags)
			term.waitFor("Who is selling?")
			term.keys("1234", "Enter")
			term.waitFor("Cash float")
			term.keys("Enter")
			term.waitFor("Hamlet")
			term.keys("/", "hamlet", "Enter", "Enter")
			term.waitFor("Stalls")
			term.keys("Enter")
			term.waitFor("STAGE")
			term.keys("Space") // a seat held in the cart
			term.waitFor("1 seat in the cart")
			killedWithTest(t, db)
			term.run("kill-session", "-t", term.session)
			if !stoppedWithin(db, 10*time.Second) {
				t.Fatal("the counter had not closed its journal (its pid file is still there) 10 s after its terminal hung up")
			}
			if _, err := local.Verify(db); err != nil {
				t.Fatalf("the journal does not verify: %v", err)
			}
		})
	}
}

// TestTheKioskStopsWhenItsTerminalHangsUp: the kiosk ignores SIGHUP (a
// locked console), so a terminal that hung up left it running for ever,
// holding the journal its supervisor's next kiosk needs. It now stops and
// says why in its log.
func TestTheKioskStopsWhenItsTerminalHangsUp(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	// no payment terminal is needed to show the first screen
	term := startTmux(t, "kiosk-hangup", 80, 24, guichetBin+" kiosk --terminal tcp://127.0.0.1:9 --db "+db+" --lang en")
	term.waitFor("Press any key to buy tickets")
	killedWithTest(t, db)
	term.run("kill-session", "-t", term.session)
	if !stoppedWithin(db, 10*time.Second) {
		t.Fatal("the kiosk had not closed its journal (its pid file is still there) 10 s after its terminal hung up")
	}
	logged, err := os.ReadFile(db + ".kiosk.log")
	if err != nil || !strings.Contains(string(logged), "hung up") {
		t.Fatalf("the kiosk's log does not say its terminal hung up (%v):\n%s", err, logged)
	}
}
