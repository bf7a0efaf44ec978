package flatjournal_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"guichet/internal/flatjournal"

	"pgregory.net/rapid"
)

// tb is what the helpers need of a test (rapid.T is no testing.TB).
type tb interface {
	Helper()
	Fatal(...any)
}

// batches reads every batch of the file at path back.
func batches(t tb, path string, o flatjournal.Options) ([][][]byte, flatjournal.Opened) {
	t.Helper()
	j, op, err := flatjournal.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	var got [][][]byte
	want := uint64(1)
	err = j.Each(1, func(seq uint64, records [][]byte) error {
		if seq != want {
			return fmt.Errorf("batch %d came as number %d", want, seq)
		}
		want++
		got = append(got, records)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if uint64(len(got)) != op.Batches || j.Seq() != op.Batches {
		t.Fatal(fmt.Sprintf("Open counted %d batches, Seq says %d, Each read %d", op.Batches, j.Seq(), len(got)))
	}
	return got, op
}

func appendAll(t tb, path string, o flatjournal.Options, bs [][][]byte) {
	t.Helper()
	j, _, err := flatjournal.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for _, b := range bs {
		if _, err := j.Append(b...); err != nil {
			t.Fatal(err)
		}
	}
}

func equal(a, b [][][]byte) bool {
	return slices.EqualFunc(a, b, func(x, y [][]byte) bool { return slices.EqualFunc(x, y, bytes.Equal) })
}

func TestBatchesComeBackInOrderAcrossGrowth(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.flat")
	o := flatjournal.Options{Grow: 100} // a few batches a chunk: the file grows often
	var want [][][]byte
	for i := range 40 {
		b := [][]byte{[]byte(fmt.Sprintf("order %d", i)), bytes.Repeat([]byte{byte(i)}, i*7), {}}
		want = append(want, b)
	}
	appendAll(t, path, o, want[:25])
	appendAll(t, path, o, want[25:]) // opened again: appends after what is there
	got, op := batches(t, path, o)
	if !equal(got, want) {
		t.Fatalf("read back %d batches unlike the %d appended", len(got), len(want))
	}
	if op.Records != 120 || op.Torn != 0 {
		t.Fatalf("Open found %+v, want 120 records and nothing torn", op)
	}
	st, _ := os.Stat(path)
	if st.Size() < op.End || st.Size()%8 != 0 {
		t.Fatalf("the file is %d bytes for data ending at %d", st.Size(), op.End)
	}
}

// TestOnlyTheTornLastBatchIsLost is the crash: the file as it would be
// had the machine stopped while the next batch was being written, some of
// its 512-byte sectors on the disk and others not. Open keeps every batch
// flushed before it, keeps the new one only when all of it got there, and
// the file takes appends after that as if nothing happened.
func TestOnlyTheTornLastBatchIsLost(t *testing.T) {
	var torn, whole, none atomic.Int64
	dir := t.TempDir()
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		path := filepath.Join(dir, fmt.Sprintf("j%d.flat", n))
		o := flatjournal.Options{Grow: rapid.Int64Range(8, 5000).Draw(rt, "grow")}
		// records of any length up to a few sectors (rapid's own byte
		// slices stay short: a batch would seldom span two sectors)
		record := rapid.Custom(func(t *rapid.T) []byte {
			b := make([]byte, rapid.IntRange(0, 1500).Draw(t, "length"))
			seed := rapid.Byte().Draw(t, "seed")
			for i := range b {
				b[i] = byte(i)*31 + seed
			}
			return b
		})
		batch := rapid.SliceOfN(record, 1, 4)
		flushed := rapid.SliceOfN(batch, 0, 6).Draw(rt, "flushed")
		next := batch.Draw(rt, "next")
		appendAll(rt, path, o, flushed)

		// the next batch's bytes and the file's size once grown for it, from
		// a copy that got it whole
		before, err := os.ReadFile(path)
		if err != nil {
			rt.Fatal(err)
		}
		_, op := batches(rt, path, o)
		cp := path + ".whole"
		if err := os.WriteFile(cp, before, 0o600); err != nil {
			rt.Fatal(err)
		}
		appendAll(rt, cp, o, [][][]byte{next})
		after, err := os.ReadFile(cp)
		if err != nil {
			rt.Fatal(err)
		}
		_, op2 := batches(rt, cp, o)
		frame := after[op.End:op2.End]

		// the crash: the grown size, and a chosen set of the frame's sectors
		crashed := append([]byte(nil), before...)
		crashed = append(crashed, make([]byte, len(after)-len(before))...)
		for s := op.End / 512 * 512; s < op2.End; s += 512 {
			if rapid.Bool().Draw(rt, "sector written") {
				from, to := max(s, op.End), min(s+512, op2.End)
				copy(crashed[from:to], frame[from-op.End:to-op.End])
			}
		}
		if err := os.WriteFile(path, crashed, 0o600); err != nil {
			rt.Fatal(err)
		}
		got := crashed[op.End:op2.End]
		want := slices.Clone(flushed)
		wantTorn := false
		switch {
		case bytes.Equal(got, frame):
			want = append(want, next)
			whole.Add(1)
		case !slices.ContainsFunc(got, func(b byte) bool { return b != 0 }):
			none.Add(1)
		default:
			wantTorn = true
			torn.Add(1)
		}

		// read-only: told, nothing written
		ro, op := batches(rt, path, flatjournal.Options{ReadOnly: true})
		if !equal(ro, want) || (op.Torn > 0) != wantTorn {
			rt.Fatalf("read-only: %d batches (torn %d at %d), want %d (torn: %v)", len(ro), op.Torn, op.TornAt, len(want), wantTorn)
		}
		if b, _ := os.ReadFile(path); !bytes.Equal(b, crashed) {
			rt.Fatal("a read-only open changed the file")
		}
		got2, op := batches(rt, path, o)
		if !equal(got2, want) || (op.Torn > 0) != wantTorn {
			rt.Fatalf("%d batches (torn %d at %d), want %d (torn: %v)", len(got2), op.Torn, op.TornAt, len(want), wantTorn)
		}
		// and it goes on: one more batch, then all of it read back
		more := [][]byte{[]byte("after the crash")}
		appendAll(rt, path, o, [][][]byte{more})
		if got3, op := batches(rt, path, o); !equal(got3, append(want, more)) || op.Torn != 0 {
			rt.Fatalf("after the crash and one more batch: %d batches (torn %d), want %d", len(got3), op.Torn, len(want)+1)
		}
	})
	t.Logf("crashes with the next batch torn: %d, whole: %d, not written: %d", torn.Load(), whole.Load(), none.Load())
	if torn.Load() == 0 || whole.Load() == 0 || none.Load() == 0 {
		t.Fatal("the property never met one of its three cases: it checked less than it says")
	}
}

// TestDamageBeforeTheEndIsRefused: a batch that does not check with a
// whole one after it is not a crash (each batch is flushed before the next
// is written): Open refuses and changes nothing. The last batch damaged
// cannot be told from a torn one: it is cut, as a torn one is.
func TestDamageBeforeTheEndIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		batch  int // which of the five batches gets a byte changed
		refuse bool
	}{
		{"the first", 0, true},
		{"the middle", 2, true},
		{"the fourth", 3, true},
		{"the last", 4, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "j.flat")
			j, _, err := flatjournal.Open(path, flatjournal.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var ends []int64
			for i := range 5 {
				if _, err := j.Append([]byte(fmt.Sprintf("sale %d", i)), bytes.Repeat([]byte("x"), 300)); err != nil {
					t.Fatal(err)
				}
				ends = append(ends, j.End())
			}
			j.Close()
			b, _ := os.ReadFile(path)
			b[ends[tc.batch]-100] ^= 0x20
			os.WriteFile(path, b, 0o600)

			for _, ro := range []bool{true, false} {
				_, op, err := flatjournal.Open(path, flatjournal.Options{ReadOnly: ro})
				var d *flatjournal.DamagedError
				if tc.refuse {
					if !errors.As(err, &d) || !errors.Is(err, flatjournal.ErrDamaged) {
						t.Fatalf("read-only %v: opened with %+v (%v), want it refused as damaged", ro, op, err)
					}
					start := int64(16)
					if tc.batch > 0 {
						start = ends[tc.batch-1]
					}
					if d.Offset != start || d.Later != ends[tc.batch] {
						t.Fatalf("damage told at byte %d (whole batch at %d), want %d and %d", d.Offset, d.Later, start, ends[tc.batch])
					}
				} else if err != nil || op.Batches != 4 || op.Torn == 0 {
					t.Fatalf("read-only %v: %+v (%v), want 4 batches and the last taken for torn", ro, op, err)
				}
				if tc.refuse {
					if after, _ := os.ReadFile(path); !bytes.Equal(after, b) {
						t.Fatal("a refused open changed the file")
					}
				}
			}
		})
	}
}

func TestAFileThatIsNotAJournalIsRefused(t *testing.T) {
	dir := t.TempDir()
	// (empty, or zeros only: a file never given its header, which opens
	// as a new one: TestAFileNeverGivenItsHeaderIsNew)
	for name, content := range map[string][]byte{
		"short": []byte("guichet"),
		"other": []byte("SQLite format 3\x00 and then some more bytes"),
		"newer": []byte("guichet-flat\x00\x00\x00\x02"),
		"late":  append(make([]byte, 64), 'x'), // zeros, then data: not a header never written
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, content, 0o600)
		if _, _, err := flatjournal.Open(path, flatjournal.Options{ReadOnly: true}); err == nil {
			t.Errorf("%s: opened read-only", name)
		}
		if _, _, err := flatjournal.Open(path, flatjournal.Options{}); err == nil {
			t.Errorf("%s: opened", name)
		}
		if b, _ := os.ReadFile(path); !bytes.Equal(b, content) {
			t.Errorf("%s: changed by the refused open", name)
		}
	}
	if _, _, err := flatjournal.Open(filepath.Join(dir, "missing"), flatjournal.Options{ReadOnly: true}); err == nil {
		t.Error("a missing file opened read-only")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Error("a read-only open created the file")
	}
}

// TestAFailedFlushTakesNoMoreBatches: after a flush that failed, what is
// on the disk is unknown (the kernel may have dropped the pages): the
// file refuses every append until it is opened again, which reads what is
// really there.
func TestAFailedFlushTakesNoMoreBatches(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.flat")
	j, _, err := flatjournal.Open(path, flatjournal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Append([]byte("one")); err != nil {
		t.Fatal(err)
	}
	fail := errors.New("EIO")
	flatjournal.SetSyncData(j, func(*os.File) error { return fail })
	if _, err := j.Append([]byte("two")); !errors.Is(err, fail) {
		t.Fatalf("the failed flush gave %v", err)
	}
	flatjournal.SetSyncData(j, func(f *os.File) error { return f.Sync() })
	if _, err := j.Append([]byte("three")); !errors.Is(err, fail) {
		t.Fatalf("an append after the failed flush gave %v, want the failure again", err)
	}
	if j.Seq() != 1 {
		t.Fatalf("Seq %d after one flushed batch", j.Seq())
	}
	j.Close()
	if _, err := j.Append([]byte("four")); err == nil {
		t.Fatal("appended to a closed file")
	}
	got, _ := batches(t, path, flatjournal.Options{})
	if len(got) < 1 || string(got[0][0]) != "one" || len(got) > 2 {
		t.Fatalf("reopened: %q", got)
	}
}

func TestAppendRefusesWhatItCannotWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.flat")
	j, _, err := flatjournal.Open(path, flatjournal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if _, err := j.Append(); err == nil {
		t.Error("appended a batch of no records")
	}
	if _, err := j.Append(make([]byte, flatjournal.MaxBatch)); err == nil {
		t.Error("appended a batch past MaxBatch")
	}
	if seq, err := j.Append([]byte("fine")); err != nil || seq != 1 {
		t.Errorf("after two refusals the first batch is %d (%v), want 1", seq, err)
	}
	r, _, err := flatjournal.Open(path, flatjournal.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Append([]byte("no")); err == nil {
		t.Error("appended to a file opened read-only")
	}
}

// TestResumeReadsOnlyWhatCameAfter: opened with a position an earlier open
// gave, Open reads only the batches after it, and appends go on from the
// file's real end; a position that is not one of the file's (inside a
// batch, a number that does not follow, nothing after it, a torn batch
// there) makes it read the whole file, so a wrong position never makes it
// take data for a torn tail.
func TestResumeReadsOnlyWhatCameAfter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.flat")
	o := flatjournal.Options{Grow: 64}
	var first, later [][][]byte
	for i := range 10 {
		first = append(first, [][]byte{[]byte(fmt.Sprintf("sale %d", i)), make([]byte, 40)}) // zeros inside batches
	}
	for i := range 3 {
		later = append(later, [][]byte{[]byte(fmt.Sprintf("late %d", i))})
	}
	appendAll(t, path, o, first)
	j, _, err := flatjournal.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	at := j.Position()
	j.Close()
	appendAll(t, path, o, later)

	visited := func(resume *flatjournal.Position) (n uint64, seq uint64) {
		t.Helper()
		o := o
		o.Resume = resume
		o.Visit = func(uint64, [][]byte) error { n++; return nil }
		j, op, err := flatjournal.Open(path, o)
		if err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		if op.Torn != 0 {
			t.Fatalf("resume %+v: %d bytes taken for a torn tail", resume, op.Torn)
		}
		if op.Resumed != (n == 3) {
			t.Fatalf("resume %+v: %d batches read, Resumed %v", resume, n, op.Resumed)
		}
		return n, j.Seq()
	}
	if n, seq := visited(&at); n != 3 || seq != 13 {
		t.Fatalf("resumed at %+v: %d batches read, last %d; want 3 and 13", at, n, seq)
	}
	for _, wrong := range []flatjournal.Position{
		{End: at.End + 8, Seq: at.Seq},  // inside a batch
		{End: at.End, Seq: at.Seq + 1},  // a number that does not follow
		{End: at.End, Seq: 0},           // from nothing
		{End: 1 << 40, Seq: at.Seq},     // past the file
		{End: at.End - 24, Seq: at.Seq}, // inside the batch before (its zeros)
	} {
		if n, seq := visited(&wrong); n != 13 || seq != 13 {
			t.Fatalf("resumed at the wrong %+v: %d batches read, last %d; want the whole file (13)", wrong, n, seq)
		}
	}

	// appending after a resumed open goes where the data ends
	o2 := o
	o2.Resume = &at
	appendAll(t, path, o2, [][][]byte{{[]byte("after resume")}})
	got, _ := batches(t, path, o)
	if len(got) != 14 || string(got[13][0]) != "after resume" {
		t.Fatalf("after an append on a resumed open: %d batches, last %q", len(got), got[len(got)-1])
	}
}

// TestAFileNeverGivenItsHeaderIsNew: a stop between the file's creation
// and its header's flush leaves it empty or zeros; it opens as a new file
// (read-only: an empty one, written nothing), and takes batches.
func TestAFileNeverGivenItsHeaderIsNew(t *testing.T) {
	for _, size := range []int{0, 7, 16, 4096} {
		path := filepath.Join(t.TempDir(), "j.flat")
		if err := os.WriteFile(path, make([]byte, size), 0o600); err != nil {
			t.Fatal(err)
		}
		got, op := batches(t, path, flatjournal.Options{ReadOnly: true})
		if len(got) != 0 || op.Torn != 0 {
			t.Fatalf("%d zeros, read-only: %d batches, %d torn", size, len(got), op.Torn)
		}
		if data, _ := os.ReadFile(path); len(data) != size {
			t.Fatalf("%d zeros: a read-only open changed the file (%d bytes)", size, len(data))
		}
		appendAll(t, path, flatjournal.Options{}, [][][]byte{{[]byte("first")}})
		if got, _ := batches(t, path, flatjournal.Options{}); len(got) != 1 || string(got[0][0]) != "first" {
			t.Fatalf("%d zeros, then an append: %q", size, got)
		}
	}
}

// TestASecondWriterIsRefused: while a writer has the file, another open to
// write is refused (ErrInUse) and a reader is not; once the first closes,
// it may.
func TestASecondWriterIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.flat")
	first, _, err := flatjournal.Open(path, flatjournal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.Append([]byte("one")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := flatjournal.Open(path, flatjournal.Options{}); !errors.Is(err, flatjournal.ErrInUse) {
		t.Fatalf("a second writer: %v", err)
	}
	if got, _ := batches(t, path, flatjournal.Options{ReadOnly: true}); len(got) != 1 {
		t.Fatalf("a reader beside the writer read %d batches", len(got))
	}
	first.Close()
	second, _, err := flatjournal.Open(path, flatjournal.Options{})
	if err != nil {
		t.Fatalf("once the first writer closed: %v", err)
	}
	second.Close()
}

// A file that grows writes its zeros from one shared block: growing
// allocates nothing (it made a buffer of up to a MiB each time).
func TestGrowingAllocatesNoZeros(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.flat")
	j, _, err := flatjournal.Open(path, flatjournal.Options{Grow: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	batch := bytes.Repeat([]byte{7}, 256) // more than Grow: every append grows the file
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := j.Append(batch); err != nil {
			t.Fatal(err)
		}
	})
	if after := size(); after < before+21*256 {
		t.Fatalf("the file grew from %d to %d bytes over 21 appends of 256: it did not grow at each", before, after)
	}
	if allocs != 0 {
		t.Errorf("an append that grows the file allocates %.0f times, want 0", allocs)
	}
}
