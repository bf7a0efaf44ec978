package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// guichetBin is the real binary, built once for the tests that run it as a
// person or a script would.
var guichetBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "guichet-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	guichetBin = filepath.Join(dir, "guichet")
	out, err := exec.Command("go", "build", "-o", guichetBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building guichet: %v\n%s", err, out)
		os.Exit(1)
	}
	if _, err := exec.LookPath("tmux"); err == nil {
		// The test process's tmux server stays up between the tests'
		// sessions: started by a session and gone with the last, a
		// session started as another test's last one ended met a server
		// on its way out ("server exited unexpectedly").
		_ = exec.Command("tmux", "-L", tmuxSocket, "start-server", ";", "set-option", "-g", "exit-empty", "off").Run()
	}
	code := m.Run()
	_ = exec.Command("tmux", "-L", tmuxSocket, "kill-server").Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runGuichet runs the binary with args and stdin, in dir when not empty.
func runGuichet(t *testing.T, dir, stdin string, args ...string) (stdout, stderr string, exit int) {
	t.Helper()
	cmd := exec.Command(guichetBin, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		exit = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running guichet %v: %v", args, err)
	}
	return o.String(), e.String(), exit
}
