package main

import (
	"bufio"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"guichet/local"
)

// TestKioskInTmux runs the real binaries: guichet terminal-sim, and
// guichet kiosk in a real terminal (tmux) for one whole purchase paid on
// the simulated terminal; ctrl+c does nothing, staff leave with the hidden
// keys and a PIN; then the journal is read.
func TestKioskInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: `make test` installs it (apt-get install tmux)")
	}
	dir := t.TempDir()
	bin := guichetBin
	// the terminal simulator, on a port of its choosing
	sim := exec.Command(bin, "terminal-sim", "--listen", "127.0.0.1:0")
	simOut, err := sim.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	simIn, err := sim.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = simIn.Close(); _ = sim.Process.Kill(); _ = sim.Wait() })
	lines := bufio.NewScanner(simOut)
	if !lines.Scan() {
		t.Fatal("terminal-sim said nothing")
	}
	spec := regexp.MustCompile(`tcp://127\.0\.0\.1:\d+`).FindString(lines.Text())
	if spec == "" {
		t.Fatalf("terminal-sim: %q", lines.Text())
	}
	charges := make(chan string, 10)
	go func() {
		for lines.Scan() {
			charges <- lines.Text()
		}
	}()

	db := filepath.Join(dir, "k.db")
	term := startTmux(t, "kiosk", 80, 24, "env NO_COLOR=1 "+bin+" kiosk --db "+db+" --lang en --terminal "+spec+" --printer file:"+filepath.Join(dir, "print.bin"))
	waitFor, keys := term.waitFor, term.keys

	waitFor("Press any key to buy tickets")
	keys("C-c", "C-z", `C-\`)
	time.Sleep(200 * time.Millisecond)
	waitFor("Press any key to buy tickets") // still there
	keys("x")
	waitFor("CHOOSE A SHOW")
	keys("h", "a", "m", "l")
	waitFor("Type to search: haml")
	keys("Enter")
	waitFor("WHERE WOULD YOU LIKE TO SIT?")
	keys("Enter")
	waitFor("CHOOSE YOUR SEATS")
	keys("Enter")
	waitFor("1 ticket ·")
	keys("End", "Enter")
	waitFor("YOUR ORDER")
	keys("Down", "Down", "Down", "Enter") // past the line, the code and "add more": pay
	waitFor("HOW WOULD YOU LIKE TO PAY?")
	keys("Enter")
	waitFor("Order K01-000001")
	select {
	case c := <-charges:
		if !strings.Contains(c, "approved") {
			t.Fatalf("the terminal says %q", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the terminal saw no charge")
	}
	keys("Enter")
	waitFor("Ticket 1 of 1")
	keys("Enter")
	waitFor("Press any key to buy tickets")
	keys("F12", "F12", "F12")
	waitFor("Staff PIN:")
	keys("1234", "Enter")
	waitFor("Leave the kiosk")
	keys("Down", "Down", "Enter")
	waitStopped(db)
	r := reopenDemo(t, db)
	ov, ok, _ := r.Order("K01-000001")
	if !ok {
		t.Fatal("the journal has no order K01-000001")
	}
	if o := ov.Order; len(o.Tickets) != 1 || o.Staff != local.KioskStaffID || o.Payments[0].Card == nil || !strings.HasPrefix(o.Payments[0].Card.Terminal, "SIM-") {
		t.Fatalf("order = %+v", o)
	}
	if p, err := r.PendingPayments(); err != nil || len(p) != 0 {
		t.Fatalf("payments left pending: %+v %v", p, err)
	}
}
