package local

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/internal/fakeclock"
	"guichet/internal/flatjournal"
	"guichet/pos"

	"pgregory.net/rapid"
)

// flatRecords reads the flat file beside path as it is on disk now: its
// entries and events by seq, and its markers in order.
type flatRead struct {
	entries, events map[uint64][]byte
	markers         []string // "O <boot>", "C"
	batches         int
}

func readFlat(t *testing.T, path string) flatRead {
	t.Helper()
	fr := flatRead{entries: map[uint64][]byte{}, events: map[uint64][]byte{}}
	fj, _, err := flatjournal.Open(flatPath(path), flatjournal.Options{ReadOnly: true, Visit: func(_ uint64, recs [][]byte) error {
		fr.batches++
		for _, rec := range recs {
			switch rec[0] {
			case recEntry:
				fr.entries[binary.BigEndian.Uint64(rec[1:9])] = rec[9:]
			case recEvent:
				fr.events[binary.BigEndian.Uint64(rec[1:9])] = rec[9:]
			case recOpened:
				fr.markers = append(fr.markers, "O "+string(rec[1:]))
			case recClosed:
				fr.markers = append(fr.markers, "C")
			}
		}
		return nil
	}})
	must(t, err)
	fj.Close()
	return fr
}

// boltBuckets reads the journal's and the events' buckets of an open
// register's file.
func boltBuckets(t *testing.T, db *bolt.DB) (entries, events map[uint64][]byte) {
	t.Helper()
	entries, events = map[uint64][]byte{}, map[uint64][]byte{}
	must(t, db.View(func(tx *bolt.Tx) error {
		for name, m := range map[string]map[uint64][]byte{string(bucketJournal): entries, string(bucketEvents): events} {
			if b := tx.Bucket([]byte(name)); b != nil {
				must(t, b.ForEach(func(k, v []byte) error { m[binary.BigEndian.Uint64(k)] = bytes.Clone(v); return nil }))
			}
		}
		return nil
	}))
	return entries, events
}

// sameJournalInBoth checks that the flat file beside path holds exactly
// the entries and events of r's bbolt file, the same bytes.
func sameJournalInBoth(t *testing.T, r *Register, path string) {
	t.Helper()
	entries, events := boltBuckets(t, r.db)
	fr := readFlat(t, path)
	sameRecords(t, "entry", fr.entries, entries)
	sameRecords(t, "event", fr.events, events)
}

func sameRecords(t *testing.T, what string, flat, bolt map[uint64][]byte) {
	t.Helper()
	if len(flat) != len(bolt) {
		t.Fatalf("%s: the flat file holds %d, bbolt's file %d", what, len(flat), len(bolt))
	}
	for seq, v := range bolt {
		if !bytes.Equal(flat[seq], v) {
			t.Fatalf("%s %d differs between the flat file and bbolt's file", what, seq)
		}
	}
}

// sellPlaces places a paid order of two standing places (any number of
// times: no seat to run out of).
func sellPlaces(t *testing.T, r *Register) pos.Order {
	t.Helper()
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
	o, err := till.Checkout(cash())
	must(t, err)
	return o
}

// sellProgramme places a paid order of a programme (no capacity to run
// out of) at a till of claire's (her shift open), for callers that are not
// a *testing.T.
func sellProgramme(r *Register) (pos.Order, error) {
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		return pos.Order{}, err
	}
	if err := till.AddItem(pos.LineProduct, "programme", 1); err != nil {
		return pos.Order{}, err
	}
	return till.Checkout(cash())
}

// withBoot makes the register see boot id as the machine's boot.
func withBoot(t *testing.T, id string) {
	old := bootID
	bootID = func() string { return id }
	t.Cleanup(func() { bootID = old })
}

// kill stops a register as kill -9 would: nothing more is written, what it
// committed stays in the kernel's cache (its files are closed unflushed).
func kill(r *Register) {
	r.warming.Wait()
	r.snap.close()
	r.flat.Close()
	r.db.Close()
}

// afterAStop leaves bbolt's file at path as a stop of the machine may:
// "older" (the bytes given, an earlier state), "torn" (its meta pages
// half written) or "lost".
func afterAStop(t *testing.T, path, how string, older []byte) {
	t.Helper()
	switch how {
	case "older":
		must(t, os.WriteFile(path, older, 0o600))
	case "torn":
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		must(t, err)
		_, err = f.WriteAt(make([]byte, 8192), 0)
		must(t, err)
		must(t, f.Close())
	case "lost":
		must(t, os.Remove(path))
	default:
		t.Fatalf("no stop %q", how)
	}
}

// TestEveryCommitIsInTheFlatFile: what a register commits, entries and
// events, is in its flat file with the same bytes while it runs, with the
// boot it opened on; once closed the flat file says so.
func TestEveryCommitIsInTheFlatFile(t *testing.T) {
	withBoot(t, "boot-1")
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	o1 := sellPlaces(t, r)
	sellPlaces(t, r)
	fr := readFlat(t, path)
	entries, events := boltBuckets(t, r.db)
	if len(entries) < 10 {
		t.Fatalf("only %d entries after two sales", len(entries))
	}
	sameRecords(t, "entry", fr.entries, entries)
	sameRecords(t, "event", fr.events, events)
	if len(fr.markers) != 1 || fr.markers[0] != "O boot-1" {
		t.Fatalf("markers while open: %v", fr.markers)
	}
	if !r.db.NoSync {
		t.Fatal("bbolt's file is flushed at each commit: the flat file makes them durable")
	}
	if st, err := r.Stats(); err != nil || st.FlatSize == 0 {
		t.Fatalf("stats: the flat file's size %d: %v", st.FlatSize, err)
	}
	must(t, r.Close())
	fr = readFlat(t, path)
	if got := fr.markers; len(got) != 2 || got[1] != "C" {
		t.Fatalf("markers once closed: %v", got)
	}
	r2, _ := openTest(t, path)
	if _, ok, err := r2.Order(o1.Number); err != nil || !ok {
		t.Fatalf("order %s after reopening: %v %v", o1.Number, ok, err)
	}
	if n := r2.flatOpened.batches; n != 1 {
		t.Fatalf("reopening read %d batches of the flat file; want 1 (the close's mark), from where the close recorded", n)
	}
	sameJournalInBoth(t, r2, path)
}

// TestAnOlderFileGetsItsFlatFile: a register's file without a flat file
// (written by an older version, or its flat file moved away) has its whole
// journal and event log copied into a new one at Open.
func TestAnOlderFileGetsItsFlatFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellPlaces(t, r)
	must(t, r.Close())
	must(t, os.Remove(flatPath(path)))
	old := flatChunk
	flatChunk = 512 // a few entries a batch: the copy goes a chunk at a time
	t.Cleanup(func() { flatChunk = old })
	r2, _ := openTest(t, path)
	sameJournalInBoth(t, r2, path)
	if fr := readFlat(t, path); fr.batches < 4 {
		t.Fatalf("the copy took %d batches; want a few of %d bytes", fr.batches, flatChunk)
	}
}

// TestAKilledRegisterLosesNothing: bbolt's file holding a sale its flat
// file lacks (on the same boot: bbolt's file is exact; the register
// appends before it commits, so it is a journal tool's write, or a flat
// file put back older) is found whole by the next start, which appends the
// missing entries to the flat file.
func TestAKilledRegisterLosesNothing(t *testing.T) {
	withBoot(t, "boot-1")
	path := filepath.Join(t.TempDir(), "r.db")
	r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
	must(t, err)
	sellPlaces(t, r)
	before := mustReadFile(t, flatPath(path)) // the flat file before the second sale
	o2 := sellPlaces(t, r)
	kill(r)
	must(t, os.WriteFile(flatPath(path), before, 0o600)) // the flat file without the second sale
	if got := len(readFlat(t, path).entries); got == 0 {
		t.Fatal("the flat file lost the first sale too")
	}

	r2, _ := openTest(t, path)
	if _, ok, err := r2.Order(o2.Number); err != nil || !ok {
		t.Fatalf("order %s after the kill: %v %v", o2.Number, ok, err)
	}
	sameJournalInBoth(t, r2, path)
	if _, err := Verify(path); err != nil {
		t.Fatal(err)
	}
}

// TestAStopOfTheMachineRebuildsFromTheFlatFile: after the machine stopped
// under the register (another boot, no close), bbolt's file may be an
// older state or torn pages; the register sets it aside and rebuilds it
// from the flat file: every sale a till was told was done is there, the
// views are those the journal gives, and selling goes on from there.
func TestAStopOfTheMachineRebuildsFromTheFlatFile(t *testing.T) {
	for _, how := range []string{"older", "torn", "lost"} {
		t.Run(how, func(t *testing.T) {
			withBoot(t, "boot-1")
			dir := t.TempDir()
			path := filepath.Join(dir, "r.db")
			r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
			must(t, err)
			sellPlaces(t, r)
			older := mustReadFile(t, path) // what the disk may hold of bbolt's file after the stop
			var sold []string
			for range 3 {
				sold = append(sold, sellPlaces(t, r).Number)
			}
			want, _ := boltBuckets(t, r.db)
			kill(r)
			afterAStop(t, path, how, older)

			withBoot(t, "boot-2")
			if _, err := Rebuild(path); err == nil || !strings.Contains(err.Error(), "start the register once") {
				t.Fatalf("a journal tool that writes, before the register rebuilt the file: %v", err)
			}
			r2, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
			must(t, err)
			for _, n := range sold {
				if _, ok, err := r2.Order(n); err != nil || !ok {
					t.Fatalf("order %s after the stop: %v %v", n, ok, err)
				}
			}
			got, _ := boltBuckets(t, r2.db)
			for seq, v := range want {
				if !bytes.Equal(got[seq], v) {
					t.Fatalf("entry %d is not the one the register wrote", seq)
				}
			}
			next := sellPlaces(t, r2)
			if last := sold[len(sold)-1]; next.Number <= last {
				t.Fatalf("the next order is %s, after %s", next.Number, last)
			}
			must(t, r2.Close())
			verifiesWithTheViewsItGives(t, path)
			aside, _ := filepath.Glob(path + ".before-recovery-*")
			if how != "lost" && len(aside) != 1 {
				t.Fatalf("the file set aside: %v", aside)
			}
		})
	}
}

// TestAFileThatIsNotTheFlatFilesIsRefused: on the same boot bbolt's file
// must hold the flat file's last entry; an older copy put back is refused,
// naming both ways out, and left as it is.
func TestAFileThatIsNotTheFlatFilesIsRefused(t *testing.T) {
	withBoot(t, "boot-1")
	path := filepath.Join(t.TempDir(), "r.db")
	r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
	must(t, err)
	sellPlaces(t, r)
	must(t, r.Close())
	older := mustReadFile(t, path)
	r, err = Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
	must(t, err)
	sellPlaces(t, r)
	must(t, r.Close())
	must(t, os.WriteFile(path, older, 0o600))
	_, err = Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
	if err == nil || !strings.Contains(err.Error(), "does not hold the journal its flat file") {
		t.Fatalf("an older copy beside a newer flat file: %v", err)
	}
	if !bytes.Equal(mustReadFile(t, path), older) {
		t.Fatal("the refused file was changed")
	}
}

// TestAFailedFlushStopsTheRegister: when the flat file cannot be flushed,
// the till is not told its sale is done, the register takes no more
// writes, nothing of the sale can be read (its transaction was not
// committed), and the next start finds what was written to the flat file
// (whether a failed flush reached the disk cannot be known: here it did).
func TestAFailedFlushStopsTheRegister(t *testing.T) {
	withBoot(t, "boot-1")
	var failing atomic.Bool
	flatFlush = func(f *os.File) error {
		if failing.Load() {
			return errors.New("input/output error")
		}
		return f.Sync()
	}
	t.Cleanup(func() { flatFlush = nil })
	path := filepath.Join(t.TempDir(), "r.db")
	r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
	must(t, err)
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
	failing.Store(true)
	_, err = till.Checkout(cash())
	var fe *FlatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "start the register again") {
		t.Fatalf("a sale whose flush failed: %v", err)
	}
	failing.Store(false)
	if err := r.LogEvent("test", "after"); !errors.As(err, &fe) {
		t.Fatalf("a write after the failed flush: %v", err)
	}
	if st, err := r.Stats(); err != nil || st.Orders != 0 {
		t.Fatalf("orders readable after the failed flush: %d (%v)", st.Orders, err)
	}
	kill(r)

	r2, _ := openTest(t, path)
	st, err := r2.Stats()
	must(t, err)
	if st.Orders != 1 {
		t.Fatalf("orders after the restart: %d (the sale was written to the flat file: rolled forward)", st.Orders)
	}
	entries, _ := boltBuckets(t, r2.db)
	sameRecords(t, "entry", readFlat(t, path).entries, entries)
}

// TestSalesToldDoneSurviveAKill: a process whose four tills sell as fast as
// they can is killed (SIGKILL) at a random moment; every sale a till was
// told was done is in the journal the next start opens, the journal
// verifies, and the flat file holds exactly what bbolt's file holds.
func TestSalesToldDoneSurviveAKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes: skipped in -short")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for run := range 6 {
		path := filepath.Join(t.TempDir(), "r.db")
		r, _ := openTest(t, path) // made, with claire's shift open, and closed: the child sells there
		openTill(t, r, "claire", "1234")
		must(t, r.Close())
		cmd := exec.Command(os.Args[0], "-test.run=^TestSellUntilKilledChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GUICHET_KILL_DB="+path)
		out, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		sc := bufio.NewScanner(out)
		var told []string
		killAt := 5 + rng.IntN(60)
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "done "); ok {
				told = append(told, n)
				if len(told) == killAt {
					_ = cmd.Process.Signal(syscall.SIGKILL)
				}
			} else if strings.HasPrefix(line, "error") {
				cmd.Process.Kill()
				t.Fatalf("run %d: child: %s", run, line)
			}
		}
		_ = cmd.Wait()
		if len(told) < killAt {
			t.Fatalf("run %d: the child stopped after %d sales, before it was killed", run, len(told))
		}

		r2, _ := openTest(t, path)
		for _, n := range told {
			if _, ok, err := r2.Order(n); err != nil || !ok {
				t.Fatalf("run %d: order %s was told done before the kill and is not there: %v", run, n, err)
			}
		}
		sameJournalInBoth(t, r2, path)
		must(t, r2.Close())
		if _, err := Verify(path); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
}

// TestSellUntilKilledChild is the process TestSalesToldDoneSurviveAKill
// kills: four tills selling, a line "done <order>" once each sale returned.
func TestSellUntilKilledChild(t *testing.T) {
	path := os.Getenv("GUICHET_KILL_DB")
	if path == "" {
		t.Skip("run by TestSalesToldDoneSurviveAKill")
	}
	r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
	if err != nil {
		fmt.Println("error", err)
		return
	}
	var mu sync.Mutex
	say := func(a ...any) { mu.Lock(); fmt.Println(a...); mu.Unlock() }
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			till, err := r.Unlock("claire", "1234")
			for err == nil {
				if err = till.AddItem(pos.LineProduct, "programme", 1); err != nil {
					break
				}
				var o pos.Order
				if o, err = till.Checkout(cash()); err == nil {
					say("done", o.Number)
				}
			}
			say("error", err)
		})
	}
	wg.Wait()
}

// TestADamagedFileIsRebuiltFromItsFlatFile: a register's file damaged
// after a clean close (a failing disk, not a stop) is rebuilt from its flat
// file too; until then a reader says how to get it back.
func TestADamagedFileIsRebuiltFromItsFlatFile(t *testing.T) {
	withBoot(t, "boot-1")
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	o := sellPlaces(t, r)
	must(t, r.Close())
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	must(t, err)
	_, err = f.WriteAt(make([]byte, 8192), 0) // both meta pages
	must(t, err)
	f.Close()
	if _, err := Verify(path); err == nil || !strings.Contains(err.Error(), "move it aside (keep it) and start the register: it rebuilds the file from its flat file") {
		t.Fatalf("verify of the damaged file: %v", err)
	}
	r2, _ := openTest(t, path)
	if _, ok, err := r2.Order(o.Number); err != nil || !ok {
		t.Fatalf("order %s after the rebuild: %v %v", o.Number, ok, err)
	}
	if aside, _ := filepath.Glob(path + ".before-recovery-*"); len(aside) != 1 {
		t.Fatalf("the damaged file set aside: %v", aside)
	}
}

// TestNoStopLosesASaleToldDone is a property over random runs of sales,
// clean closes, kills, kills between a commit and its append, and stops
// of the machine that leave bbolt's file at an earlier state or torn:
// after each start, every sale a till was told was done is there, the
// flat file holds exactly what bbolt's file holds, and the journal
// verifies. The runs are counted to show each kind of stop happened.
func TestNoStopLosesASaleToldDone(t *testing.T) {
	if raceEnabled {
		// one goroutine's sequence of starts and stops: nothing for the
		// race detector, which makes it a minute long
		t.Skip("sequential: run without -race")
	}
	seen := map[string]int{}
	boot := 0
	withBoot(t, "boot-0")
	arm := holdFlush(t)
	rapid.Check(t, func(rt *rapid.T) {
		path := filepath.Join(t.TempDir(), "r.db")
		open := func() *Register {
			r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
			if err != nil {
				rt.Fatal(err)
			}
			return r
		}
		r := open()
		openTill(t, r, "claire", "1234")
		var told []string // sales a till was told were done
		var older []byte  // bbolt's file as it was at some earlier moment
		check := func(kind string) {
			seen[kind]++
			r = open()
			for _, n := range told {
				if _, ok, err := r.Order(n); err != nil || !ok {
					rt.Fatalf("after %s: order %s, told done, is not there (%v)", kind, n, err)
				}
			}
			entries, events := boltBuckets(t, r.db)
			fr := readFlat(t, path)
			if len(fr.entries) != len(entries) || len(fr.events) != len(events) {
				rt.Fatalf("after %s: the flat file holds %d entries and %d events, bbolt's file %d and %d", kind, len(fr.entries), len(fr.events), len(entries), len(events))
			}
			for seq, v := range entries {
				if !bytes.Equal(fr.entries[seq], v) {
					rt.Fatalf("after %s: entry %d differs", kind, seq)
				}
			}
		}
		for range rapid.IntRange(3, 9).Draw(rt, "steps") {
			switch rapid.IntRange(0, 5).Draw(rt, "op") {
			case 0, 1: // a sale
				o, err := sellProgramme(r)
				if err != nil {
					rt.Fatal(err)
				}
				told = append(told, o.Number)
				if older == nil || rapid.Bool().Draw(rt, "remember") {
					b, err := os.ReadFile(path)
					if err != nil {
						rt.Fatal(err)
					}
					older = b
				}
			case 2: // closed and started again
				if err := r.Close(); err != nil {
					rt.Fatal(err)
				}
				check("close")
			case 3: // killed
				kill(r)
				check("kill")
			case 4: // killed between a sale's append and its commit
				var behind []byte
				var rerr error
				arm(func() { behind, rerr = os.ReadFile(path) }) // bbolt's file before the commit
				o, err := sellProgramme(r)
				if err != nil || rerr != nil {
					rt.Fatal(err, rerr)
				}
				kill(r)
				if err := os.WriteFile(path, behind, 0o600); err != nil {
					rt.Fatal(err)
				}
				told = append(told, o.Number) // never told in truth, but in the flat file: rolled forward
				check("kill between the append and the commit")
			case 5: // the machine stopped: bbolt's file older, or torn
				kill(r)
				if older != nil && rapid.Bool().Draw(rt, "older") {
					if err := os.WriteFile(path, older, 0o600); err != nil {
						rt.Fatal(err)
					}
				} else {
					f, err := os.OpenFile(path, os.O_RDWR, 0)
					if err != nil {
						rt.Fatal(err)
					}
					_, _ = f.WriteAt(make([]byte, 8192), 0)
					f.Close()
				}
				boot++
				bootID = func() string { return fmt.Sprint("boot-", boot) }
				older = nil
				check("stop of the machine")
			}
		}
		if err := r.Close(); err != nil {
			rt.Fatal(err)
		}
		if _, err := Verify(path); err != nil {
			rt.Fatal(err)
		}
	})
	for _, kind := range []string{"close", "kill", "kill between the append and the commit", "stop of the machine"} {
		if seen[kind] == 0 {
			t.Errorf("no run had a %s: %v", kind, seen)
		}
	}
	t.Logf("starts after: %v", seen)
}

// TestADamagedFlatFileIsRefusedWithTheWayOut: a flat file damaged before
// its end (not a torn last write) where Open reads it stops the register,
// which says how to start again from its bbolt file; moved aside, it is
// made again. (Batches before the position the last start or close
// recorded are read again only by a rebuild.)
func TestADamagedFlatFileIsRefusedWithTheWayOut(t *testing.T) {
	withBoot(t, "boot-1")
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	o := sellPlaces(t, r)
	sellPlaces(t, r)
	kill(r) // the position is the start's: its batches and the sales' after it
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	must(t, err)
	at := readFlatAt(db)
	db.Close()
	if at == nil {
		t.Fatal("the start recorded no position of the flat file")
	}
	f, err := os.OpenFile(flatPath(path), os.O_RDWR, 0)
	must(t, err)
	_, err = f.WriteAt([]byte("garbage!"), at.pos.End+24) // inside the start's first batch, whole batches after it
	must(t, err)
	f.Close()
	_, err = Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
	if !errors.Is(err, flatjournal.ErrDamaged) || !strings.Contains(err.Error(), "move "+flatPath(path)+" aside") {
		t.Fatalf("a damaged flat file: %v", err)
	}
	must(t, os.Rename(flatPath(path), flatPath(path)+".damaged"))
	r2, _ := openTest(t, path)
	if _, ok, err := r2.Order(o.Number); err != nil || !ok {
		t.Fatalf("order %s with a new flat file: %v %v", o.Number, ok, err)
	}
	entries, _ := boltBuckets(t, r2.db)
	sameRecords(t, "entry", readFlat(t, path).entries, entries)
}

// TestVerifyReadsTheFlatFileWhole: journal verify checks every entry of
// the flat file against the journal, says what it holds, and refuses the
// flat file of another register.
func TestVerifyReadsTheFlatFileWhole(t *testing.T) {
	dir := t.TempDir()
	path, other := filepath.Join(dir, "r.db"), filepath.Join(dir, "other.db")
	for _, p := range []string{path, other} {
		r, _ := openTest(t, p)
		sellPlaces(t, r)
		must(t, r.Close())
	}
	res, err := Verify(path)
	must(t, err)
	if res.Flat == nil || res.Flat.Entries != res.Entries || res.Flat.Events == 0 || res.Flat.Behind != 0 || res.Flat.Ahead != 0 {
		t.Fatalf("verify's flat file: %+v (journal: %d entries)", res.Flat, res.Entries)
	}
	must(t, os.Rename(flatPath(other), flatPath(path)))
	_, err = Verify(path)
	var mismatch *FlatMismatchError
	if !errors.As(err, &mismatch) || mismatch.Seq != 1 {
		t.Fatalf("verify beside another register's flat file: %v", err)
	}
}

// TestVerifyRefusesEntriesBeyondTheJournalThatDoNotFollowIt: the flat file
// may hold entries bbolt's file does not (the register stopped between the
// two writes); verify used only count them, so a flat file given an entry
// that does not follow the journal (another link, bytes that are not its
// hash's, a number skipped) read "ok ... the register's next start
// completes the file from it", and the register then refused to start.
// Each must be named as not the journal's; one that does follow it is
// still counted as ahead.
func TestVerifyRefusesEntriesBeyondTheJournalThatDoNotFollowIt(t *testing.T) {
	for _, tc := range []struct {
		name  string
		forge func(e *Entry, last Entry) // e follows last, hashed
		bad   bool
	}{
		{"it follows the journal", func(e *Entry, last Entry) {}, false},
		{"another link", func(e *Entry, last Entry) { e.Prev = last.Prev; e.Hash = sha256.Sum256(e.encode()) }, true},
		{"a number skipped", func(e *Entry, last Entry) { e.Seq++; e.Hash = sha256.Sum256(e.encode()) }, true},
		{"bytes that are not its hash's", func(e *Entry, last Entry) { e.Payload = []byte(`{"amount":"CHF 5000.00","reason":"forged"}`) }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.db")
			r, _ := openTest(t, path)
			sellPlaces(t, r)
			var last Entry
			must(t, r.db.View(func(tx *bolt.Tx) error {
				var err error
				last, _, err = lastEntry(tx)
				return err
			}))
			must(t, r.Close())
			e := last
			e.Seq, e.Prev, e.Type, e.Payload = last.Seq+1, last.Hash, TypeCashMoved, []byte(`{"amount":"CHF 500.00","reason":"forged"}`)
			e.Hash = sha256.Sum256(e.encode())
			tc.forge(&e, last)
			rec := append([]byte{recEntry}, binary.BigEndian.AppendUint64(nil, e.Seq)...)
			rec = append(rec, append(e.encode(), e.Hash[:]...)...)
			fj, _, err := flatjournal.Open(flatPath(path), flatjournal.Options{})
			must(t, err)
			_, err = fj.Append(rec)
			must(t, err)
			must(t, fj.Close())

			res, err := Verify(path)
			var mismatch *FlatMismatchError
			switch {
			case tc.bad && (!errors.As(err, &mismatch) || mismatch.Seq != e.Seq):
				t.Fatalf("verify, the flat file holding entry %d that does not follow the journal: %+v, %v", e.Seq, res.Flat, err)
			case !tc.bad && (err != nil || res.Flat == nil || res.Flat.Ahead != 1):
				t.Fatalf("verify, the flat file holding the journal's next entry: %+v, %v", res.Flat, err)
			}
		})
	}
}

// TestVerifyRefusesAFlatFileMissingAnEntry: the flat file alone rebuilds
// the journal's file, so one whose entries skip a number (a sale's entry
// taken out of it) cannot: verify said "ok: flat file ... each the
// journal's own bytes" of it. It must name the entry missing.
func TestVerifyRefusesAFlatFileMissingAnEntry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellPlaces(t, r)
	sellPlaces(t, r)
	must(t, r.Close())
	const missing = 5
	var batches [][][]byte
	fj, _, err := flatjournal.Open(flatPath(path), flatjournal.Options{ReadOnly: true, Visit: func(_ uint64, recs [][]byte) error {
		var keep [][]byte
		for _, rec := range recs {
			if rec[0] == recEntry && binary.BigEndian.Uint64(rec[1:9]) == missing {
				continue
			}
			keep = append(keep, bytes.Clone(rec))
		}
		if len(keep) > 0 {
			batches = append(batches, keep)
		}
		return nil
	}})
	must(t, err)
	must(t, fj.Close())
	must(t, os.Remove(flatPath(path)))
	fj, _, err = flatjournal.Open(flatPath(path), flatjournal.Options{})
	must(t, err)
	for _, b := range batches {
		_, err := fj.Append(b...)
		must(t, err)
	}
	must(t, fj.Close())
	if n := len(readFlat(t, path).entries); n == 0 || readFlat(t, path).entries[missing] != nil {
		t.Fatalf("the flat file rewritten holds %d entries, entry %d among them", n, missing)
	}

	res, err := Verify(path)
	var mismatch *FlatMismatchError
	if !errors.As(err, &mismatch) || mismatch.Seq != missing {
		t.Fatalf("verify, the flat file missing entry %d: %+v, %v", missing, res.Flat, err)
	}
}

// TestVerifyFailsOnEventsRemovedFromTheLog: the event log has no head; the
// last events taken out of it (a failed unlock, a clock jump) left
// `journal events` and verify saying nothing, though the flat file beside
// it still holds them. verify must say so.
func TestVerifyFailsOnEventsRemovedFromTheLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellPlaces(t, r)
	must(t, r.LogEvent(EventUnlockFailed, "marc: wrong PIN"))
	must(t, r.LogEvent(EventUnlockFailed, "marc: wrong PIN"))
	must(t, r.Close())
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		for range 3 { // the two failed unlocks and the stop
			k, _ := b.Cursor().Last()
			if err := b.Delete(bytes.Clone(k)); err != nil {
				return err
			}
		}
		return nil
	}))
	must(t, db.Close())
	if _, err := Events(path); err != nil {
		t.Fatalf("the event log's own check: %v", err)
	}
	res, err := Verify(path)
	var head *HeadError
	if !errors.As(err, &head) || !strings.Contains(err.Error(), "event") || !strings.Contains(err.Error(), "removed") {
		t.Fatalf("verify, the last events removed from the log: %+v, %v", res.Flat, err)
	}
}

// TestVerifyComparesTheFlatFilesEvents: verify said the flat file's
// entries "and events" were "each the journal's own bytes", but compared
// the entries only: an event changed in the flat file (which a rebuild
// from it would bring back) passed. It must name the event.
func TestVerifyComparesTheFlatFilesEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellPlaces(t, r)
	must(t, r.Close())
	const changed = 1
	var batches [][][]byte
	fj, _, err := flatjournal.Open(flatPath(path), flatjournal.Options{ReadOnly: true, Visit: func(_ uint64, recs [][]byte) error {
		var keep [][]byte
		for _, rec := range recs {
			rec = bytes.Clone(rec)
			if rec[0] == recEvent && binary.BigEndian.Uint64(rec[1:9]) == changed {
				e, _, err := decodeEntry(rec[9:])
				must(t, err)
				e.Payload = []byte(`{"detail":"another version"}`)
				e.Hash = sha256.Sum256(e.encode())
				rec = append(rec[:9:9], append(e.encode(), e.Hash[:]...)...)
			}
			keep = append(keep, rec)
		}
		batches = append(batches, keep)
		return nil
	}})
	must(t, err)
	must(t, fj.Close())
	must(t, os.Remove(flatPath(path)))
	fj, _, err = flatjournal.Open(flatPath(path), flatjournal.Options{})
	must(t, err)
	for _, b := range batches {
		_, err := fj.Append(b...)
		must(t, err)
	}
	must(t, fj.Close())

	res, err := Verify(path)
	var mismatch *FlatMismatchError
	if !errors.As(err, &mismatch) || mismatch.Seq != changed || !strings.Contains(err.Error(), "event") {
		t.Fatalf("verify, event %d changed in the flat file: %+v, %v", changed, res.Flat, err)
	}
}

// TestVerifyFailsOnAnOlderCopyBesideItsFlatFile: an older copy of the
// register's file put back beside its flat file (the last sales gone from
// it, its own head consistent) is refused by the register's start, but
// verify read "ok ... it holds 8 entries the journal does not: the
// register's next start completes or rebuilds the file from it". The flat
// file shows the journal's last entries were removed: verify must say so.
func TestVerifyFailsOnAnOlderCopyBesideItsFlatFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellPlaces(t, r)
	must(t, r.Close())
	older := mustReadFile(t, path)
	r, _ = openTest(t, path)
	sellPlaces(t, r)
	sellPlaces(t, r)
	must(t, r.Close())
	must(t, os.WriteFile(path, older, 0o600))

	res, err := Verify(path)
	var head *HeadError
	if !errors.As(err, &head) || !strings.Contains(err.Error(), "removed") {
		t.Fatalf("verify of an older copy beside its flat file: %+v, %v", res.Flat, err)
	}
	if _, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t)}); err == nil || !strings.Contains(err.Error(), "older copy") {
		t.Fatalf("the register's start on an older copy beside its flat file: %v", err)
	}

	// The one commit a stop leaves out of the file is not that: verify
	// still says what the flat file holds beyond it.
	withBoot(t, "boot-1")
	path = filepath.Join(t.TempDir(), "r.db")
	r, _ = openTest(t, path)
	sellPlaces(t, r)
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
	r.committer.hook = func(int) error { return errors.New("no space left on device") }
	if _, err := till.Checkout(cash()); err == nil {
		t.Fatal("a sale whose commit failed after its append was told done")
	}
	kill(r)
	if res, err := Verify(path); err != nil || res.Flat == nil || res.Flat.Ahead == 0 {
		t.Fatalf("verify of a file one commit behind its flat file: %+v, %v", res.Flat, err)
	}
}

// TestAFileDeletedUnderARunningRegisterIsNotRebuiltBesideIt: the register's
// file removed while the register runs (it keeps writing to it and to the
// flat file), a second start does not rebuild a file from the flat file
// the first one is still appending to: it is refused, and the flat file is
// left to the first.
func TestAFileDeletedUnderARunningRegisterIsNotRebuiltBesideIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellPlaces(t, r)
	must(t, os.Remove(path))
	_, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
	if !errors.Is(err, flatjournal.ErrInUse) {
		t.Fatalf("a second start beside a running register whose file was removed: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file was made beside the running register: %v", err)
	}
	sellPlaces(t, r) // the first goes on
}

// holdFlush makes the next flush of the flat file, once armed, call during
// (with the flat file written but not yet flushed, bbolt's transaction not
// yet committed) before it flushes.
func holdFlush(t *testing.T) (arm func(during func())) {
	var next atomic.Pointer[func()]
	flatFlush = func(f *os.File) error {
		if fn := next.Swap(nil); fn != nil {
			(*fn)()
		}
		return f.Sync()
	}
	t.Cleanup(func() { flatFlush = nil })
	return func(during func()) { next.Store(&during) }
}

// TestNothingIsReadBeforeItIsDurable: while a sale is being made durable
// nothing of it can be read: not by another till (the seat plan, the
// figures), not by the printer's queue or the mailer, not by a push to the
// central server. A push of an entry that a stop of the machine then
// loses would give the server a chain the register no longer has (its
// next sale would take the same number with another hash).
func TestNothingIsReadBeforeItIsDurable(t *testing.T) {
	withBoot(t, "boot-1")
	arm := holdFlush(t)
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellPlaces(t, r)
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
	before, err := r.Entries(0, 1<<20)
	must(t, err)
	stBefore, err := r.Stats()
	must(t, err)

	flushing, release := make(chan struct{}), make(chan struct{})
	arm(func() { close(flushing); <-release })
	done := make(chan error, 1)
	go func() {
		_, err := till.Checkout(cash())
		done <- err
	}()
	<-flushing
	read := make(chan error, 1)
	var during [][]byte
	var stDuring Stats
	go func() { // reads never wait for the disk: this must not block on the held flush
		var err error
		if during, err = r.Entries(0, 1<<20); err == nil {
			stDuring, err = r.Stats()
		}
		read <- err
	}()
	select {
	case err := <-read:
		must(t, err)
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("a read waited for the flush of another till's sale")
	}
	close(release)
	must(t, <-done)
	if len(during) != len(before) || stDuring.Orders != stBefore.Orders {
		t.Fatalf("while the sale was being flushed a reader saw %d entries and %d orders; before it %d and %d: it read a sale not yet durable",
			len(during), stDuring.Orders, len(before), stBefore.Orders)
	}
	after, err := r.Entries(0, 1<<20)
	must(t, err)
	if stAfter, err := r.Stats(); err != nil || len(after) <= len(before) || stAfter.Orders != stBefore.Orders+1 {
		t.Fatalf("once durable: %d entries (before %d), %d orders (%v)", len(after), len(before), stAfter.Orders, err)
	}
}

// TestAKillBetweenTheAppendAndTheCommitLosesNothing: a commit is appended
// to the flat file, then bbolt's transaction commits; a register killed
// between the two leaves bbolt's file one batch behind its flat file, and
// the next start rolls that batch forward: the sale is there, with its
// views, and both files hold the same journal.
func TestAKillBetweenTheAppendAndTheCommitLosesNothing(t *testing.T) {
	withBoot(t, "boot-1")
	arm := holdFlush(t)
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellPlaces(t, r)
	var behind []byte
	arm(func() { behind = mustReadFile(t, path) }) // bbolt's file as it is before the commit
	o2 := sellPlaces(t, r)
	stWas, err := r.Stats()
	must(t, err)
	kill(r)
	copyPath := filepath.Join(t.TempDir(), "behind.db")
	must(t, os.WriteFile(copyPath, behind, 0o600))
	if lastThen := lastSeq(t, copyPath); lastThen >= stWas.LastSeq {
		t.Fatalf("bbolt's file read during the flush ends at entry %d, the sale's last is %d: the commit came before its append", lastThen, stWas.LastSeq)
	}
	must(t, os.WriteFile(path, behind, 0o600))
	if _, err := Rebuild(path); err == nil || !strings.Contains(err.Error(), "start the register once") {
		t.Fatalf("a journal tool that writes, on a file one commit behind its flat file: %v", err)
	}

	r2, _ := openTest(t, path)
	if _, ok, err := r2.Order(o2.Number); err != nil || !ok {
		t.Fatalf("order %s, appended to the flat file before the kill: %v %v", o2.Number, ok, err)
	}
	st, err := r2.Stats()
	must(t, err)
	if st.Orders != stWas.Orders || st.PrintQueue != stWas.PrintQueue || st.LastSeq != stWas.LastSeq {
		t.Fatalf("after rolling forward: %+v; before the kill %+v", st, stWas)
	}
	sameJournalInBoth(t, r2, path)
	sellPlaces(t, r2) // and it sells on from there
	must(t, r2.Close())
	verifiesWithTheViewsItGives(t, path)
}

// TestACommitThatFailsAfterItsAppendStopsTheRegister: bbolt's commit
// failing after the batch was appended to the flat file (a full disk, say)
// leaves the flat file ahead: the till is not told its sale is done,
// nothing of it can be read, the register takes no more writes (they would
// follow a batch bbolt's file does not hold), and the next start rolls the
// batch forward.
func TestACommitThatFailsAfterItsAppendStopsTheRegister(t *testing.T) {
	withBoot(t, "boot-1")
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellPlaces(t, r)
	stBefore, err := r.Stats()
	must(t, err)
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
	r.committer.hook = func(int) error { return errors.New("no space left on device") }
	_, err = till.Checkout(cash())
	var fe *FlatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "start the register again") || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("a sale whose commit failed after its append: %v", err)
	}
	r.committer.hook = nil
	if err := r.LogEvent("test", "after"); !errors.As(err, &fe) {
		t.Fatalf("a write after the failed commit: %v", err)
	}
	if st, err := r.Stats(); err != nil || st.Orders != stBefore.Orders || st.LastSeq != stBefore.LastSeq {
		t.Fatalf("after the failed commit a reader sees %+v (before it %+v, %v)", st, stBefore, err)
	}
	if ahead := readFlat(t, path).entries; uint64(len(ahead)) <= stBefore.LastSeq {
		t.Fatalf("the flat file holds %d entries, bbolt's file %d: the batch was not appended", len(ahead), stBefore.LastSeq)
	}
	kill(r)

	r2, _ := openTest(t, path)
	if st, err := r2.Stats(); err != nil || st.Orders != stBefore.Orders+1 {
		t.Fatalf("after the restart: %+v (%v); the sale was in the flat file", st, err)
	}
	sameJournalInBoth(t, r2, path)
	must(t, r2.Close())
	verifiesWithTheViewsItGives(t, path)
}

// TestReadersWaitForTheRebuildAfterAStopOfTheMachine: after a stop of the
// machine under the register, bbolt's file may hold pages of different
// moments: a tool that reads it (a report, an export, a read-only
// register) is refused, naming the start that rebuilds it, and changes
// nothing; journal verify still reads it as it is; once the register has
// started, they read it.
func TestReadersWaitForTheRebuildAfterAStopOfTheMachine(t *testing.T) {
	withBoot(t, "boot-1")
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	o := sellPlaces(t, r)
	kill(r)
	withBoot(t, "boot-2")
	file, flat := mustReadFile(t, path), mustReadFile(t, flatPath(path))

	if _, err := Export(path, 0, io.Discard); err == nil || !strings.Contains(err.Error(), "start the register once") {
		t.Fatalf("an export after a stop of the machine: %v", err)
	}
	_, err := Open(Options{Path: path, Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now, ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "start the register once") {
		t.Fatalf("a read-only register after a stop of the machine: %v", err)
	}
	if _, err := Verify(path); err != nil {
		t.Fatalf("journal verify after a stop of the machine: %v", err)
	}
	if !bytes.Equal(mustReadFile(t, path), file) || !bytes.Equal(mustReadFile(t, flatPath(path)), flat) {
		t.Fatal("a refused reader changed the files")
	}

	r2, _ := openTest(t, path) // rebuilds
	must(t, r2.Close())
	if _, err := Export(path, 0, io.Discard); err != nil {
		t.Fatalf("an export once the register started: %v", err)
	}
	ro, err := Open(Options{Path: path, Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now, ReadOnly: true})
	must(t, err)
	defer ro.Close()
	if _, ok, err := ro.Order(o.Number); err != nil || !ok {
		t.Fatalf("order %s read once the register started: %v %v", o.Number, ok, err)
	}
}

// TestTwoStartsAfterAStopRebuildOnce: two registers started at once after
// a stop of the machine (the SSH service and a till on the console) both
// find bbolt's file lost or torn. The first rebuilds it and opens it; the
// second, rebuilding on its own, older judgement before the first has its
// flat file open (whose lock would stop it), must not set the first's
// fresh file aside: the first would go on writing a file no start reads.
// It rebuilds nothing, and its start then meets the first's lock.
func TestTwoStartsAfterAStopRebuildOnce(t *testing.T) {
	for _, how := range []string{"torn", "lost"} {
		t.Run(how, func(t *testing.T) {
			withBoot(t, "boot-1")
			path := filepath.Join(t.TempDir(), "r.db")
			r, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
			must(t, err)
			o := sellPlaces(t, r)
			kill(r)
			afterAStop(t, path, how, nil)
			withBoot(t, "boot-2")
			judged, _ := os.Stat(path) // what both starts found

			// The first start: rebuilt, and its file open (locked), its flat file not yet.
			must(t, rebuildFromFlat(path, judged, time.Second, testToday))
			db, err := openDB(path, time.Second, false)
			must(t, err)
			fresh, err := os.Stat(path)
			must(t, err)

			if err := rebuildFromFlat(path, judged, time.Second, testToday); !errors.Is(err, errRebuiltMeanwhile) {
				t.Fatalf("the second start's rebuild: %v", err)
			}
			now, err := os.Stat(path)
			must(t, err)
			if !os.SameFile(fresh, now) {
				t.Fatal("the second start set aside the file the first has open")
			}
			aside, _ := filepath.Glob(path + ".before-recovery-*")
			if want := map[string]int{"torn": 1, "lost": 0}[how]; len(aside) != want {
				t.Fatalf("files set aside: %v, want %d (the torn one alone)", aside, want)
			}
			_, err = Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now, LockTimeout: 50 * time.Millisecond})
			if !errors.Is(err, ErrLocked) {
				t.Fatalf("the second start beside the first: %v", err)
			}
			must(t, db.Close())

			again, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: fakeclock.New(testToday).Now})
			must(t, err)
			if _, ok, err := again.Order(o.Number); err != nil || !ok {
				t.Fatalf("order %s after the two starts: %v %v", o.Number, ok, err)
			}
			sellPlaces(t, again)
			must(t, again.Close())
			verifiesWithTheViewsItGives(t, path)
		})
	}
}
