package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/local"
)

// TestDoorRefusesBeforeOpening: a door without a name, or for a
// performance the catalog lacks, says so and creates no journal.
func TestDoorRefusesBeforeOpening(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"door", "--db", db}, "--door"},
		{[]string{"door", "--db", db, "--door", "porte 1", "--performance", "hamlet-99"}, `no performance "hamlet-99"`},
		{[]string{"door", "--db", db, "--door", "porte 1", "--lang", "de"}, "de"},
		{[]string{"door", "--db", db, "--door", "porte 1", "extra"}, `unexpected argument "extra"`},
	} {
		_, stderr, code := runGuichet(t, dir, "", tc.args...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("guichet %s: exit %d, %q (want %q)", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused door left files: %v", entries)
	}
}

// TestDoorInTmux runs the real `guichet door` in a real terminal: a
// scanner types a ticket's code and Enter, the door admits it, and the
// journal it leaves verifies and holds the admission.
func TestDoorInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: `make test` installs it (apt-get install tmux)")
	}
	db, qr := sellOne(t) // two tickets for hamlet-01
	session := fmt.Sprintf("guichet-door-%d-%s", os.Getpid(), filepath.Base(filepath.Dir(db)))
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24",
		"env NO_COLOR=1 "+guichetBin+" door --db "+db+" --door 'porte 1' --performance hamlet-01 --lang en --show 0")
	t.Cleanup(func() { _ = exec.Command("tmux", "kill-session", "-t", session).Run() })
	screen := func() string { return tmux("capture-pane", "-p", "-t", session) }
	waitFor := func(want ...string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			s := screen()
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(s, w)
			}
			if ok {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q:\n%s", want, screen())
	}
	waitFor("porte 1 · Hamlet", "admitted 0 / 2 sold")
	tmux("send-keys", "-t", session, "-l", qr)
	tmux("send-keys", "-t", session, "Enter")
	waitFor("✔ K01-000001-01 · Standing gallery · Adult", "admitted 1 / 2 sold")
	tmux("send-keys", "-t", session, "C-c")
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(db + ".pid"); os.IsNotExist(err) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}

	if _, err := local.Verify(db); err != nil {
		t.Fatalf("the journal does not verify: %v", err)
	}
	var out bytes.Buffer
	if _, err := local.Export(db, 1, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), `"type":"ticket.admitted"`); n != 1 || !strings.Contains(out.String(), `"door":"porte 1"`) {
		t.Errorf("%d ticket.admitted entries, want 1 by porte 1:\n%s", n, out.String())
	}
}
