package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
)

// TestCounterInTmux drives the real binary in a real terminal (tmux) through
// one whole sale by keyboard, then reads the journal it wrote.
func TestCounterInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: `make test` installs it (apt-get install tmux)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "guichet")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "g.db")
	session := fmt.Sprintf("guichet-test-%d-%s", os.Getpid(), filepath.Base(dir)) // unique on a shared machine
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24",
		"env NO_COLOR=1 "+bin+" --db "+db+" --lang en --printer file:"+filepath.Join(dir, "print.bin"))
	t.Cleanup(func() { _ = exec.Command("tmux", "kill-session", "-t", session).Run() })
	screen := func() string { return tmux("capture-pane", "-p", "-t", session) }
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			if strings.Contains(screen(), want) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q:\n%s", want, screen())
	}
	keys := func(k ...string) { tmux(append([]string{"send-keys", "-t", session}, k...)...) }

	waitFor("Who is selling?")
	keys("1234", "Enter")
	waitFor("Cash float")
	keys("200", "Enter")
	waitFor("Hamlet")
	// the first Hamlet still on sale (tonight's closes at 20:00)
	keys("/", "hamlet", "Enter", "Enter")
	waitFor("Standing gallery")
	keys("j", "Enter")
	waitFor("Free placement")
	keys("+", "+", "Enter")
	waitFor("Added to the cart")
	keys("c")
	waitFor("CHF 50.00")
	keys("Enter")
	waitFor("Payment methods")
	keys("Enter")
	waitFor("Cash received")
	keys("60", "Enter")
	waitFor("Order K01-000001")
	waitFor("Change: CHF 10.00")
	keys("C-c")
	waitFor("The shift stays open") // an open shift: ctrl+c asks first
	keys("C-c")
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(db + ".pid"); os.IsNotExist(err) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}

	cat, err := fixtures.DemoCatalog(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, LockTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ov, ok, _ := r.Order("K01-000001")
	if !ok {
		t.Fatal("the journal has no order K01-000001")
	}
	if len(ov.Order.Tickets) != 2 || ov.Order.Payments[0].Change.Amount != 1000 {
		t.Fatalf("order = %+v", ov.Order)
	}
}
