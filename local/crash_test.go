package local

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
)

var crashKills = flag.Int("crash.kills", 200, "how many times the crash test kills the selling process")

// TestCrashChild is the selling process of TestCrashKillsLoseNoSale: it
// sells in a loop and prints each order number once Checkout returned.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("GUICHET_CRASH_DB")
	if path == "" {
		t.Skip("helper process for TestCrashKillsLoseNoSale")
	}
	// The register sells on the real clock: the catalog's dates hang on
	// today, so the festival it sells is weeks ahead, never over.
	cat, err := fixtures.DemoCatalog(time.Now())
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	r, err := Open(Options{Path: path, Catalog: cat, LockTimeout: 5 * time.Second})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	till, err := r.Unlock("claire", "1234")
	if err == nil {
		if _, ok, _ := till.Shift(); !ok {
			_, err = till.OpenShift(chf(10000))
		}
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(out, "ready")
	out.Flush()
	perfs := []string{"festival-j1", "festival-j2", "festival-j3"}
	for i := 0; ; i++ {
		if err := till.AddTickets(perfs[i%3], "pelouse", "adult", 1+i%3); err != nil {
			fmt.Fprintln(out, "error", err)
			out.Flush()
			os.Exit(3)
		}
		_ = till.AddItem("product", "programme", 1)
		o, err := till.Checkout(cash())
		if err != nil {
			fmt.Fprintln(out, "error", err)
			out.Flush()
			os.Exit(3)
		}
		fmt.Fprintln(out, "committed", o.Number, len(o.Tickets))
		out.Flush()
		if i%7 == 3 {
			_ = till.Cancel(o.Number, "crash test frees the lawn")
		}
	}
}

// TestCrashKillsLoseNoSale kills a selling process with SIGKILL at random
// points, many times: after each kill the file opens, the journal
// verifies, and every order the process had reported committed is there.
func TestCrashKillsLoseNoSale(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: skipped in -short")
	}
	kills := *crashKills
	window := 8000 // µs after "ready": a sale takes one to two ms
	if raceEnabled {
		kills = min(kills, 20) // the race run checks the same code, slower
		window = 40000         // and a sale takes ten times as long: kills that all came before the first commit tested nothing
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	committed := map[string]bool{}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GUICHET_CRASH_DB="+path)
		stdout, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		sc := bufio.NewScanner(stdout)
		if !sc.Scan() || sc.Text() != "ready" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("kill %d: child did not start: %q", k, sc.Text())
		}
		lines := make(chan string, 1024)
		go func() {
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		time.Sleep(time.Duration(rng.IntN(window)) * time.Microsecond)
		must(t, cmd.Process.Signal(syscall.SIGKILL))
		for l := range lines {
			f := strings.Fields(l)
			switch {
			case len(f) >= 2 && f[0] == "committed":
				committed[f[1]] = true
			case len(f) > 0 && f[0] == "error":
				t.Fatalf("kill %d: child: %s", k, l)
			}
		}
		_ = cmd.Wait()

		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second, ReadOnly: true})
		must(t, err)
		err = db.View(func(tx *bolt.Tx) error {
			n, _, err := verifyTx(tx, "K01")
			if err != nil {
				return fmt.Errorf("after kill %d (%d entries): %w", k, n, err)
			}
			for o := range committed {
				if _, ok, _ := getOrder(tx, o); !ok {
					return fmt.Errorf("after kill %d: order %s was reported committed and is gone", k, o)
				}
			}
			return nil
		})
		db.Close()
		must(t, err)
	}
	if len(committed) == 0 {
		t.Fatal("the child never committed a sale: kills came too early to test anything")
	}
	// The last kill may have come between a commit's append to the flat
	// file and its commit to bbolt's: a writing tool then asks for a start.
	r, _ := openTest(t, path)
	must(t, r.Close())
	res, err := Rebuild(path)
	must(t, err)
	if !res.Identical {
		t.Fatalf("after %d kills the views differ from a rebuild", kills)
	}
	t.Logf("%d kills in %s, %d orders committed, %d entries, views identical after rebuild", kills, time.Since(start).Round(time.Millisecond), len(committed), res.Entries)
}
