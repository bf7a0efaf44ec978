package local

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"guichet/fixtures"
	"guichet/pos"
)

// TestHolderChild is the other process of TestReadersWhileTheRegisterRuns:
// it opens the file as a running register does (GUICHET_HOLD=register) or
// only takes bbolt's write lock (GUICHET_HOLD=bolt), says "open", and
// holds it until its standard input closes.
func TestHolderChild(t *testing.T) {
	path := os.Getenv("GUICHET_HOLD_DB")
	if path == "" {
		t.Skip("helper process for TestReadersWhileTheRegisterRuns")
	}
	var closeIt func() error
	switch os.Getenv("GUICHET_HOLD") {
	case "register":
		cat, err := fixtures.DemoCatalog(testToday)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		r, err := Open(Options{Path: path, Catalog: cat, LockTimeout: 5 * time.Second, Now: func() time.Time { return testToday }})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		closeIt = r.Close
	default:
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		closeIt = db.Close
	}
	fmt.Println("open")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := closeIt(); err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	os.Exit(0)
}

// holdInAnotherProcess runs TestHolderChild on path and returns once it
// has the file open; the cleanup closes it.
func holdInAnotherProcess(t *testing.T, path, how string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHolderChild$", "-test.count=1")
	cmd.Env = childEnv("GUICHET_HOLD_DB="+path, "GUICHET_HOLD="+how)
	stdin, err := cmd.StdinPipe()
	must(t, err)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "open" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the other process did not open %s: %q", path, sc.Text())
	}
	t.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("the other process: %v", err)
		}
	})
}

// TestReadersWhileTheRegisterRuns: with the register open in another
// process, bbolt's shared lock cannot be had (the register's exclusive
// flock refuses it), yet every reader works, on the snapshot the register
// sends, and the file does not change by one byte. A process that holds
// the lock without serving snapshots makes readers fail with ErrLocked,
// in bounded time.
func TestReadersWhileTheRegisterRuns(t *testing.T) {
	r, _ := openTest(t, "")
	sellSome(t, r)
	path := r.Path()
	must(t, r.Close())
	want, err := Verify(path)
	must(t, err)

	holdInAnotherProcess(t, path, "register")
	before, err := os.ReadFile(path)
	must(t, err)

	// What bbolt does: a read-only open waits for the writer's lock.
	if db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 300 * time.Millisecond}); !errors.Is(err, bolterrors.ErrTimeout) {
		if err == nil {
			db.Close()
		}
		t.Fatalf("a read-only bbolt open beside the running register: %v, want a lock timeout", err)
	}

	got, err := Verify(path)
	if err != nil || got.Register != want.Register || got.Entries != want.Entries || got.Last != want.Last ||
		got.Flat == nil || want.Flat == nil || got.Flat.Entries != want.Flat.Entries {
		t.Fatalf("verify while the register runs: %+v, %v; want %+v", got, err, want)
	}
	var exp bytes.Buffer
	if n, err := Export(path, 1, &exp); err != nil || n != want.Entries {
		t.Fatalf("export while the register runs: %d entries, %v", n, err)
	}
	if s, err := FileStats(path); err != nil || s.Entries != want.Entries || s.Orders != 2 {
		t.Fatalf("stats while the register runs: %+v, %v", s, err)
	}
	ro, err := Open(Options{Path: path, Catalog: demoCatalog(t), ReadOnly: true})
	must(t, err)
	if ov, ok, err := ro.Order("K01-000001"); !ok || err != nil || ov.Order.State != pos.OrderCanceled || ov.Tickets[0].QR == "" {
		t.Fatalf("a read-only register's order: %+v ok %v error %v", ov.Order, ok, err)
	}
	if _, err := ro.Price(pos.Cart{Lines: []pos.CartLine{{Kind: pos.LineTicket, Performance: "hamlet-00", Zone: "galerie", Category: "adult", Quantity: 1}}}, pos.PricingContext{Now: testToday}); err != nil {
		t.Fatalf("a read-only register prices: %v", err)
	}
	if err := ro.AddCodes("", "enfants", []pos.Code{{Code: "READONLY1"}}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("a read-only register recorded codes: %v", err)
	}
	must(t, ro.Close())

	after, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(before, after) {
		t.Fatal("reading while the register runs changed the file")
	}
	for _, f := range []string{pidPath(path), snapshotSocket(path)} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("the running register's %s is gone after the readers: %v", f, err)
		}
	}

	// A holder that serves no snapshot: readers are refused, and say so.
	other := filepath.Join(t.TempDir(), "other.db")
	r2, _ := openTest(t, other)
	must(t, r2.Close())
	holdInAnotherProcess(t, other, "bolt")
	start := time.Now()
	if _, err := Verify(other); !errors.Is(err, ErrLocked) {
		t.Fatalf("verify beside a holder without snapshots: %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the refusal took %s", d)
	}
}

// TestReadOnlyOpenWritesNothing: a read-only open of a closed register
// creates no pid file, no key and no socket, appends nothing (not even the
// capacity a different catalog would grant), and leaves every byte as it
// was.
func TestReadOnlyOpenWritesNothing(t *testing.T) {
	r, _ := openTest(t, "")
	sellSome(t, r)
	path := r.Path()
	must(t, r.Close())
	before, err := os.ReadFile(path)
	must(t, err)
	entries, _ := os.ReadDir(filepath.Dir(path))

	other, err := fixtures.DemoCatalog(testToday.AddDate(1, 0, 0)) // other performances: Open would grant them
	must(t, err)
	ro, err := Open(Options{Path: path, Catalog: other, ReadOnly: true, Now: func() time.Time { return testToday.AddDate(-6, 0, 0) }})
	must(t, err)
	if _, err := ro.Price(pos.Cart{}, pos.PricingContext{Now: testToday}); err != nil {
		t.Fatal(err)
	}
	must(t, ro.Close())

	after, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(before, after) {
		t.Fatal("a read-only open changed the file")
	}
	now, _ := os.ReadDir(filepath.Dir(path))
	if len(now) != len(entries) {
		t.Fatalf("a read-only open left files: %d before, %d after", len(entries), len(now))
	}
}

// TestAnOlderFileReadOnlyIsRefusedInTheReadersLanguage: a file whose views
// an older version wrote is refused to a command that only reads (it may
// not rebuild them); the refusal was English to a French box office
// ("/x/guichet.db: its views were written by another version...").
func TestAnOlderFileReadOnlyIsRefusedInTheReadersLanguage(t *testing.T) {
	r, _ := openTest(t, "")
	path := r.Path()
	must(t, r.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte("views_format"), []byte("1"))
	}))
	must(t, r.Close())
	_, err := Open(Options{Path: path, Catalog: demoCatalog(t), ReadOnly: true})
	if err == nil {
		t.Fatal("a file of an older version opened read-only")
	}
	for lang, want := range map[pos.Lang]string{
		"fr": path + " : ses vues ont été écrites par une autre version de guichet : ouvrez-le une fois avec guichet counter",
		"en": path + ": its views were written by another version of guichet: open it once with guichet counter",
	} {
		if got := pos.Say(err, lang); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want it to begin %q", lang, got, want)
		}
	}
}
