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
