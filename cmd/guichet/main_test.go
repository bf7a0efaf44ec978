package main

import (
	"bytes"
	"flag"
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
	flag.Parse()
	startArm64Build(dir)
	code := m.Run()
	arm64Early.stop()
	_ = exec.Command("tmux", "-L", tmuxSocket, "kill-server").Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runGuichet runs the binary with args and stdin, in dir when not empty.
func runGuichet(t *testing.T, dir, stdin string, args ...string) (stdout, stderr string, exit int) {
	t.Helper()
	return startGuichet(t, dir, stdin, args...).wait(t)
}

// guichetRun is a run of the binary started by startGuichet.
type guichetRun struct {
	cmd    *exec.Cmd
	o, e   bytes.Buffer
	waited bool
}

// startGuichet starts the binary as runGuichet runs it, and returns
// without waiting for its end: wait says what it said. A test whose
// commands each wait out the lock of a register's file held beside them
// (a second, local.Options' default LockTimeout, before the refusal it
// checks) starts them all, then waits for each, so the seconds pass
// together. The test's goroutine starts them one after the other:
// exec.Cmd.Start returns once the child has exec'd, so no child holds
// this process's files (and their flocks) while the test goes on, as a
// child forked by a parallel test could (local/helpers_test.go). A run
// not waited for is killed when the test ends.
func startGuichet(t *testing.T, dir, stdin string, args ...string) *guichetRun {
	t.Helper()
	r := &guichetRun{cmd: exec.Command(guichetBin, args...)}
	r.cmd.Dir = dir
	r.cmd.Stdin = strings.NewReader(stdin)
	r.cmd.Stdout, r.cmd.Stderr = &r.o, &r.e
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("running guichet %v: %v", args, err)
	}
	t.Cleanup(func() {
		if !r.waited {
			_ = r.cmd.Process.Kill()
			_ = r.cmd.Wait()
		}
	})
	return r
}

// wait waits for the run's end and returns its output and exit status.
func (r *guichetRun) wait(t *testing.T) (stdout, stderr string, exit int) {
	t.Helper()
	r.waited = true
	err := r.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		exit = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running guichet %v: %v", r.cmd.Args[1:], err)
	}
	return r.o.String(), r.e.String(), exit
}
