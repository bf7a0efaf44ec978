package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
)

// tmuxTerm is a real terminal (tmux) running a command, for the tests that
// drive the real binaries as a person would: keys in, the screen read back.
type tmuxTerm struct {
	t       testing.TB
	session string
	wait    time.Duration // how long waitFor waits
}

var tmuxSessions int

// tmuxSocket is this test process's own tmux server: another user's
// `tmux kill-server` on a shared machine cannot end its sessions, and its
// sessions start from this process's environment, not from a server
// someone started earlier with other variables.
var tmuxSocket = fmt.Sprintf("guichet-test-%d", os.Getpid())

// startTmux runs command in a w×h tmux session, killed with the test. The
// session's name is unique on a shared machine.
func startTmux(t testing.TB, name string, w, h int, command string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: `make test` installs it (apt-get install tmux)")
	}
	tmuxSessions++
	m := &tmuxTerm{t: t, session: fmt.Sprintf("guichet-%s-%d-%d", name, os.Getpid(), tmuxSessions), wait: 10 * time.Second}
	m.run("new-session", "-d", "-s", m.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), command)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tmuxSocket, "kill-session", "-t", m.session).Run() })
	return m
}

func (m *tmuxTerm) run(args ...string) string {
	m.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tmuxSocket}, args...)...).CombinedOutput()
	if err != nil {
		m.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// screen is what the terminal shows now.
func (m *tmuxTerm) screen() string { return m.run("capture-pane", "-p", "-t", m.session) }

// keys types keys as tmux names them ("Enter", "C-c") or as text.
func (m *tmuxTerm) keys(k ...string) { m.run(append([]string{"send-keys", "-t", m.session}, k...)...) }

// waitFor waits until the screen shows every want at once, or fails with
// the screen.
func (m *tmuxTerm) waitFor(want ...string) {
	m.t.Helper()
	shows := func() bool {
		s := m.screen()
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	}
	deadline := time.Now().Add(m.wait)
	for time.Now().Before(deadline) {
		if shows() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	m.t.Fatalf("the screen never showed %q:\n%s", want, m.screen())
}

// sellTwoInGallery, from the zones of a Hamlet performance, sells two
// adult places in its standing gallery (CHF 50.00) for CHF 60.00 in cash,
// and waits for the done screen of order K01-000001 with its change.
func (m *tmuxTerm) sellTwoInGallery() {
	m.waitFor("Standing gallery")
	m.keys("j", "Enter")
	m.waitFor("Free placement")
	m.keys("+", "+", "Enter")
	m.waitFor("Added to the cart")
	m.keys("c")
	m.waitFor("CHF 50.00")
	m.keys("Enter")
	m.waitFor("Payment methods")
	m.keys("Enter")
	m.waitFor("Cash received")
	m.keys("60", "Enter")
	m.waitFor("Order K01-000001")
	m.waitFor("Change: CHF 10.00")
}

// waitStopped waits (5 s at most) until the register on db has stopped:
// its pid file is gone once it has closed the journal.
func waitStopped(db string) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(db + ".pid"); os.IsNotExist(err) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// reopenDemo opens the journal a stopped register left on db, on the demo
// box office, to read back what the test sold; it is closed with the test.
func reopenDemo(t testing.TB, db string) *local.Register {
	t.Helper()
	cat, err := fixtures.DemoCatalog(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, LockTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// The tests' sessions live on their own tmux server: a person's
// `tmux kill-server` on the machine ended them mid-test (seen while several
// engineers worked at once), and the default server's environment leaked
// into the commands the tests run.
func TestTmuxSessionsAreOnTheTestsOwnServer(t *testing.T) {
	m := startTmux(t, "own-server", 40, 5, "sleep 30")
	if !strings.Contains(m.run("list-sessions", "-F", "#{session_name}"), m.session) {
		t.Fatalf("session %s is not on the tests' server", m.session)
	}
	if out, err := exec.Command("tmux", "has-session", "-t", m.session).CombinedOutput(); err == nil {
		t.Fatalf("session %s is on the default tmux server: %s", m.session, out)
	}
}
