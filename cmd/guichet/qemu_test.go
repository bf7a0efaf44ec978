package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestArm64UnderQemu cross-compiles guichet for arm64 (no cgo: a static
// binary, as `make build-arm64` makes) and runs it under qemu-user: quote
// on the demo gives the same bytes as this build, and journal verify and
// export, and ticket verify, accept a journal and a ticket this build wrote
// (the file format is portable). qemu-aarch64 comes from Debian's qemu-user
// (.ci/tools.sh installs it); without it the test fails under CI=true and
// is skipped elsewhere.
func TestArm64UnderQemu(t *testing.T) {
	if runtime.GOARCH == "arm64" {
		t.Skip("this is already an arm64 machine")
	}
	qemu, err := exec.LookPath("qemu-aarch64")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("qemu-aarch64 is missing: install Debian's qemu-user (make tools does)")
		}
		t.Skip("qemu-aarch64 is missing: install Debian's qemu-user (make tools does)")
	}
	arm := filepath.Join(t.TempDir(), "guichet-arm64")
	if arm64Early.ended() {
		arm = arm64Early.path
	} else {
		// stopped where it is, its packages compiled so far are in the
		// build cache: this build compiles the others
		arm64Early.stop()
		if out, err := arm64Build(arm).CombinedOutput(); err != nil {
			t.Fatalf("cross-compiling for arm64: %v\n%s", err, out)
		}
	}

	// run runs a binary (under qemu for arm64) and returns stdout and the exit code.
	run := func(arm64 bool, stdin string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(guichetBin, args...)
		if arm64 {
			cmd = exec.Command(qemu, append([]string{arm}, args...)...)
		}
		cmd.Stdin = bytes.NewBufferString(stdin)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("running %v: %v", cmd.Args, err)
		}
		if code != 0 {
			t.Logf("%v: exit %d: %s", cmd.Args, code, e.String())
		}
		return o.String(), code
	}

	req := `{"now": "` + quoteNow + `", "lang": "fr", "staff": "claire",
	 "cart": {"lines": [
	  {"kind": "ticket", "performance": "hamlet-01", "zone": "parterre", "category": "adult", "seat": "F-10", "quantity": 1},
	  {"kind": "ticket", "performance": "festival-j1", "zone": "pelouse", "category": "adult", "quantity": 3},
	  {"kind": "product", "item": "programme", "quantity": 1}]},
	 "payments": [{"method": "cash", "tendered": "CHF 300.00"}]}`
	want, code := run(false, req, "quote")
	if code != 0 || len(want) < 100 {
		t.Fatalf("amd64 quote: exit %d\n%s", code, want)
	}
	if got, code := run(true, req, "quote"); code != 0 || got != want {
		t.Errorf("arm64 quote differs from amd64 (exit %d):\n%s\nwant:\n%s", code, got, want)
	}

	db, qr := sellOne(t) // a journal written by this (amd64) process
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"journal", "verify", "--db", db},
		{"journal", "export", "--db", db},
		{"ticket", "verify", qr, "--db", db},
	} {
		want, code := run(false, "", args...)
		if code != 0 {
			t.Fatalf("amd64 %v: exit %d", args, code)
		}
		if got, code := run(true, "", args...); code != 0 || got != want {
			t.Errorf("arm64 %v: exit %d\n%s\nwant (amd64):\n%s", args, code, got, want)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the readers changed the journal")
	}
}

// arm64Build is the command that cross-compiles guichet for arm64 to path,
// static as `make build-arm64` builds it.
func arm64Build(path string) *exec.Cmd {
	build := exec.Command("go", "build", "-o", path, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64")
	return build
}

// arm64EarlyBuild is the cross-compile for TestArm64UnderQemu that a run of
// the whole package starts before its first test (startArm64Build).
type arm64EarlyBuild struct {
	path string
	cmd  *exec.Cmd
	done chan struct{} // closed once the build ended
	err  error
}

// arm64Early is the build started before the tests, or nil. From a clean
// clone the cross-compile compiles every package of the module for arm64
// (20 s and more on two cores; minutes where the build cache has no arm64
// standard library yet): started first, under nice -n 19, it compiles on
// the CPU the tests before TestArm64UnderQemu leave idle (they mostly
// wait on their processes) and hardly slows them. Whatever it compiled is
// in the build cache when the test comes.
var arm64Early *arm64EarlyBuild

// startArm64Build starts arm64Early's build into dir when the run is the
// whole package's (no -run, -skip or -list) and qemu-aarch64 is there to
// run its binary. TestMain calls it after flag.Parse and before any test:
// the child is forked and exec'd while no test holds a file, and only
// waited for meanwhile.
func startArm64Build(dir string) {
	for _, name := range []string{"test.run", "test.skip", "test.list"} {
		if f := flag.Lookup(name); f == nil || f.Value.String() != "" {
			return
		}
	}
	if runtime.GOARCH == "arm64" {
		return
	}
	if _, err := exec.LookPath("qemu-aarch64"); err != nil {
		return
	}
	early := &arm64EarlyBuild{path: filepath.Join(dir, "guichet-arm64"), done: make(chan struct{})}
	early.cmd = arm64Build(early.path)
	if nice, err := exec.LookPath("nice"); err == nil {
		early.cmd.Args = append([]string{nice, "-n", "19"}, early.cmd.Args...)
		early.cmd.Path = nice
	}
	// its work files where TestMain removes them, should it be killed
	work := filepath.Join(dir, "arm64-work")
	if err := os.Mkdir(work, 0o700); err != nil {
		return
	}
	early.cmd.Env = append(early.cmd.Env, "GOTMPDIR="+work)
	inItsOwnGroup(early.cmd)
	if err := early.cmd.Start(); err != nil {
		return
	}
	go func() {
		early.err = early.cmd.Wait()
		close(early.done)
	}()
	arm64Early = early
}

// ended says whether the early build ended, and well.
func (b *arm64EarlyBuild) ended() bool {
	if b == nil {
		return false
	}
	select {
	case <-b.done:
		return b.err == nil
	default:
		return false
	}
}

// stop kills the early build and the compilers it runs, if it still runs:
// TestArm64UnderQemu came before its end, or the tests ended without it
// (-failfast). A run that panics or times out leaves it to end alone.
func (b *arm64EarlyBuild) stop() {
	if b == nil {
		return
	}
	select {
	case <-b.done:
	default:
		killGroup(b.cmd)
		<-b.done
	}
}
