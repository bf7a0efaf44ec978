package printers

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// tries counts the queue's MarkPrinted calls.
func (q *memQueue) tries() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.calls
}

func (q *memQueue) setFailMark(n int) {
	q.mu.Lock()
	q.failMark = n
	q.mu.Unlock()
}

// A ticket printed, its record failed (the disk), and then it was canceled
// (it left the queue): its paper exists, so it is still owed its record.
// The spooler keeps retrying it, the state saying so, and records it once
// the journal can take it; it never prints it again. It used to forget
// it at the next pass, as if recorded meanwhile.
func TestSpoolerRecordsAJobThatLeftTheQueueUnrecorded(t *testing.T) {
	f := newFakePrinter(t)
	q := newMemQueue("T-1")
	q.setFailMark(1 << 30) // the disk is broken
	s := startSpooler(t, f, q)
	waitFor(t, "T-1 to print and its record to fail", func() bool {
		return len(f.jobs()) == 1 && strings.Contains(s.State().LastError, "could not be recorded")
	})
	q.cancel("T-1")
	tried := q.tries()
	waitFor(t, "two more tries to record T-1", func() bool { return q.tries() >= tried+2 })
	if st := s.State(); st.Unrecorded != 1 || !strings.Contains(st.LastError, "T-1 printed but could not be recorded") || st.Pending != 0 {
		t.Errorf("while T-1 cannot be recorded the state is %+v; want it unrecorded, said, and not waiting", st)
	}

	q.setFailMark(0) // the disk is back
	waitFor(t, "T-1 recorded", func() bool { return q.markCount("T-1") == 1 })
	waitFor(t, "the state to clear", func() bool { st := s.State(); return st.Unrecorded == 0 && st.LastError == "" })
	time.Sleep(60 * time.Millisecond) // some passes more
	if got := f.jobs(); !slices.Equal(got, []string{"T-1"}) || q.markCount("T-1") != 1 {
		t.Errorf("printed %v, recorded %d times; want T-1 once, recorded once", got, q.markCount("T-1"))
	}
}

// A job printed whose record failed is recorded when the spooler stops,
// if the journal takes it then: the next start (a new spooler on the same
// queue) would print it a second time otherwise.
func TestSpoolerRecordsWhatPrintedWhenItStops(t *testing.T) {
	f := newFakePrinter(t)
	q := newMemQueue("T-1")
	q.setFailMark(1)
	tr, err := testDialer.Open(f.spec())
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	// no pass but the first: nothing retries the record before the stop
	s := NewSpooler(q, tr, profiles["tm-t20"], SpoolerOptions{Interval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, "T-1 to print and its record to fail", func() bool {
		return len(f.jobs()) == 1 && s.State().Unrecorded == 1
	})
	cancel()
	<-done
	if n := q.markCount("T-1"); n != 1 {
		t.Fatalf("T-1 recorded %d times when the spooler stopped, want 1", n)
	}
	next := startSpooler(t, f, q) // the next start
	time.Sleep(100 * time.Millisecond)
	if got := f.jobs(); !slices.Equal(got, []string{"T-1"}) {
		t.Errorf("printed %v after a restart, want T-1 once", got)
	}
	_ = next
}

// wantedQueue is a memQueue that says whether a job is still wanted.
type wantedQueue struct {
	*memQueue
	asked int // Wanted was called
}

func (q *wantedQueue) Wanted(id string) (bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.asked++
	return q.marked[id] == 0 && !q.gone[id], nil
}

// A ticket canceled after the spooler read the queue, while a job ahead of
// it printed (paper ran out in its middle), is not sent: the spooler asks
// the queue just before each job. The jobs before and after it print once.
func TestSpoolerDoesNotPrintAJobCanceledAfterTheQueueWasRead(t *testing.T) {
	f := newFakePrinter(t)
	per := linesPerTicket(t)
	f.setPaper(per / 2) // T-1 stops in its middle
	q := &wantedQueue{memQueue: newMemQueue(ids(3)...)}
	s := startSpooler(t, f, q)
	waitFor(t, "paper out in T-1", func() bool { st := s.State(); return st.Printing == "T-1" && !st.Online })
	q.cancel("T-2")
	f.setPaper(-1)
	waitFor(t, "T-3", func() bool { return q.markCount("T-3") == 1 })
	if got := f.jobs(); !slices.Equal(got, []string{"T-1", "T-3"}) {
		t.Errorf("printed %v, want T-1 and T-3: T-2 was canceled before it was sent", got)
	}
	if n := q.markCount("T-2"); n != 0 {
		t.Errorf("T-2 recorded printed %d times, it never printed", n)
	}
	waitFor(t, "the state", func() bool { st := s.State(); return st.Pending == 0 && st.LastError == "" })
}

// The job an order ends with is canceled before it was sent: the order's
// jobs that printed are recorded together, in one call, when the order
// ends (each order at once: MarkEvery < 0), not with the next order's.
func TestSpoolerRecordsAnOrderWhoseLastJobWasCanceled(t *testing.T) {
	f := newFakePrinter(t)
	per := linesPerTicket(t)
	f.setPaper(per / 2)
	mq := newMemQueue()
	bq := &batchQueue{memQueue: mq}
	bq.addOf("A", "T-1")
	bq.addOf("A", "T-2")
	bq.addOf("A", "T-3")
	bq.addOf("B", "T-4")
	q := &batchWantedQueue{batchQueue: bq, wanted: &wantedQueue{memQueue: mq}}
	s := startSpoolerWith(t, f, q, SpoolerOptions{Interval: 20 * time.Millisecond, MarkEvery: -1})
	waitFor(t, "paper out in T-1", func() bool { st := s.State(); return st.Printing == "T-1" && !st.Online })
	q.cancel("T-3")
	f.setPaper(-1)
	waitFor(t, "T-4", func() bool { return q.markCount("T-4") == 1 })
	if got := f.jobs(); !slices.Equal(got, []string{"T-1", "T-2", "T-4"}) {
		t.Errorf("printed %v, want T-1, T-2 and T-4", got)
	}
	q.mu.Lock()
	batches := slices.Clone(q.batches)
	q.mu.Unlock()
	if len(batches) == 0 || !slices.Equal(batches[0], []string{"T-1", "T-2"}) || q.markCount("T-3") != 0 {
		t.Errorf("recorded in calls %v, T-3 %d times; want order A's T-1 and T-2 together, T-3 never", batches, q.markCount("T-3"))
	}
}

type batchWantedQueue struct {
	*batchQueue
	wanted *wantedQueue
}

func (q *batchWantedQueue) Wanted(id string) (bool, error) { return q.wanted.Wanted(id) }
