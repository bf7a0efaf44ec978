package local

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"guichet/fixtures"
)

// TestCreateChild is the process TestAKilledFirstStartLeavesNoHalfRegister
// kills: it opens a new register, killing itself (SIGKILL) after the step
// named by GUICHET_CREATE_STOP, if any.
func TestCreateChild(t *testing.T) {
	path := os.Getenv("GUICHET_CREATE_DB")
	if path == "" {
		t.Skip("helper process for TestAKilledFirstStartLeavesNoHalfRegister")
	}
	stop := os.Getenv("GUICHET_CREATE_STOP")
	createStep = func(step string) {
		if step == stop {
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				_ = p.Kill() // SIGKILL: no deferred function, no flush
			}
			select {}
		}
	}
	cat, err := fixtures.DemoCatalog(testToday)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	fmt.Println("start")
	r, err := Open(Options{Path: path, Catalog: cat})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	r.Close()
	fmt.Println("opened")
}

// createSteps are the steps create reports, in order.
var createSteps = []string{"key written", "file created", "entries committed", "file in place", "key in place", "pub written"}

// TestAKilledFirstStartLeavesNoHalfRegister kills a process during its
// very first start after each step of creating the register's file, then
// at random moments: afterwards there is no register file or its journal
// verifies, the next start works, and no temporary file is left.
func TestAKilledFirstStartLeavesNoHalfRegister(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes: skipped in -short")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	runs := append([]string(nil), createSteps...)
	for range 24 {
		runs = append(runs, "") // killed at a random moment
	}
	seen := map[bool]int{} // file present after the kill
	for i, stop := range runs {
		dir := filepath.Join(t.TempDir(), fmt.Sprint(i))
		must(t, os.Mkdir(dir, 0o700))
		path := filepath.Join(dir, "r.db")
		cmd := exec.Command(os.Args[0], "-test.run=^TestCreateChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GUICHET_CREATE_DB="+path, "GUICHET_CREATE_STOP="+stop)
		out, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		sc := bufio.NewScanner(out)
		if !sc.Scan() || sc.Text() != "start" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("run %d: the child did not start: %q", i, sc.Text())
		}
		if stop == "" {
			time.Sleep(time.Duration(rng.IntN(6000)) * time.Microsecond)
			_ = cmd.Process.Signal(syscall.SIGKILL)
		}
		var last string
		for sc.Scan() {
			last = sc.Text()
		}
		err = cmd.Wait()
		if stop != "" && (err == nil || last != "") {
			t.Fatalf("run %d: the child was to be killed after %q: %v, %q", i, stop, err, last)
		}
		if len(last) > 5 && last[:5] == "error" {
			t.Fatalf("run %d: child: %s", i, last)
		}

		_, statErr := os.Stat(path)
		seen[statErr == nil]++
		if statErr == nil {
			if res, err := Verify(path); err != nil || res.Entries == 0 {
				t.Fatalf("run %d (killed after %q): the file left does not verify: %v (%d entries)", i, stop, err, res.Entries)
			}
		}
		r, err := Open(Options{Path: path, Catalog: demoCatalog(t)})
		if err != nil {
			t.Fatalf("run %d (killed after %q, file present %v): the next start fails: %v", i, stop, statErr == nil, err)
		}
		pub := r.PublicKey()
		must(t, r.Close())
		if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(left) != 0 {
			t.Fatalf("run %d (killed after %q): left behind: %v", i, stop, left)
		}
		if got, err := LoadPublicKey(path + ".pub"); err != nil || !got.Equal(pub) {
			t.Fatalf("run %d (killed after %q): %s.pub: %v", i, stop, path, err)
		}
		if _, err := Verify(path); err != nil {
			t.Fatalf("run %d: after the next start: %v", i, err)
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Fatalf("every kill left the file %v: the kills did not cover the creation", seen)
	}
}
