package printers

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// windowQueue is a memQueue that counts without reading and reads a window
// (WindowedQueue), and counts what it was asked: a test sees whether the
// spooler read jobs at all.
type windowQueue struct {
	*memQueue
	bad    string // a job whose ticket cannot be encoded
	mu     sync.Mutex
	counts int
	reads  []int // the n of each PendingFirst, in order
	full   int   // calls of Pending: every job read
}

func (q *windowQueue) Pending() ([]Job, error) {
	q.mu.Lock()
	q.full++
	q.mu.Unlock()
	return q.memQueue.Pending()
}

func (q *windowQueue) Waiting() (int, error) {
	q.mu.Lock()
	q.counts++
	q.mu.Unlock()
	return q.pending(), nil
}

func (q *windowQueue) PendingFirst(n int) ([]Job, error) {
	q.mu.Lock()
	q.reads = append(q.reads, n)
	q.mu.Unlock()
	jobs, err := q.memQueue.Pending()
	for i := range jobs {
		if jobs[i].ID == q.bad {
			jobs[i].Ticket = nil // neither ticket, receipt nor drawer: EncodeJob refuses it
		}
	}
	return jobs[:min(n, len(jobs))], err
}

func (q *windowQueue) asked() (counts int, reads []int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.counts, slices.Clone(q.reads)
}

// runSpooler runs a spooler that looks at the queue when it starts, then
// only when kicked (and once an hour): every later pass comes from a kick.
func runSpooler(t *testing.T, f *fakePrinter, q Queue) *Spooler {
	t.Helper()
	tr, err := testDialer.Open(f.spec())
	if err != nil {
		t.Fatal(err)
	}
	s := NewSpooler(q, tr, profiles["tm-t20"], SpoolerOptions{Interval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
		tr.Close()
	})
	return s
}

// A printer out with a backlog: each look counts the jobs and asks the
// printer, and reads none of them; the status line still says how many
// wait. Back on, the backlog prints in order, a window after the other,
// each window read as soon as the one before printed (no tick needed).
func TestSpoolerBacklogWhilePrinterOut(t *testing.T) {
	f := newFakePrinter(t)
	f.off()
	backlog := window*2 + 5
	q := &windowQueue{memQueue: newMemQueue(ids(backlog)...)}
	s := runSpooler(t, f, q)
	for range 5 { // five sales, five kicks
		s.Kick()
		waitFor(t, "a look at the printer", func() bool { c, _ := q.asked(); return c > 0 })
	}
	waitFor(t, "offline", func() bool { return !s.State().Online && s.State().Reason != "" })
	if st := s.State(); st.Pending != backlog {
		t.Errorf("pending %d while the printer is out, want %d", st.Pending, backlog)
	}
	q.mu.Lock()
	read := len(q.reads) + q.full
	q.mu.Unlock()
	if read != 0 {
		t.Fatalf("the spooler read the backlog %d times while the printer was out", read)
	}

	f.on()
	s.Kick()
	waitFor(t, "the backlog to print", func() bool { return q.pending() == 0 })
	checkOnce(t, f, q.memQueue, ids(backlog))
	_, reads := q.asked()
	if want := []int{window, window, window}; !slices.Equal(reads, want) {
		t.Errorf("windows read %v, want %v", reads, want)
	}
	waitFor(t, "nothing pending", func() bool { return s.State().Pending == 0 })
}

// A job that cannot be printed stays in the queue, and the spooler does not
// read its window again and again: only a kick or the interval brings it
// back.
func TestSpoolerBadJobInBacklogDoesNotSpin(t *testing.T) {
	f := newFakePrinter(t)
	q := &windowQueue{memQueue: newMemQueue(ids(window + 3)...), bad: "T-2"}
	s := runSpooler(t, f, q) // its first pass looks at the queue at once
	waitFor(t, "the window to print", func() bool { return len(f.jobs()) == window-1 })
	waitFor(t, "the failure on the status line", func() bool { return s.State().LastError != "" })
	time.Sleep(100 * time.Millisecond) // time enough for passes that should not happen
	if _, reads := q.asked(); len(reads) != 1 {
		t.Fatalf("the window was read %d times, want once: %v", len(reads), reads)
	}
	s.Kick() // the next sale
	waitFor(t, "the next look", func() bool { _, r := q.asked(); return len(r) == 2 })
	want := append([]string{"T-1"}, ids(window + 3)[2:]...)
	waitFor(t, "the rest to print and be recorded", func() bool { return q.pending() == 1 && s.State().Pending == 1 })
	if got := f.jobs(); !slices.Equal(got, want) {
		t.Errorf("printed %v, want %v", got, want)
	}
}
