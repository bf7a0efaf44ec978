package printers

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var testDialer = Dialer{
	ConnectTimeout: time.Second,
	WriteTimeout:   time.Second,
	StatusTimeout:  time.Second,
	ConfirmTimeout: 2 * time.Second,
	PollInterval:   10 * time.Millisecond,
}

// startSpooler runs a spooler on the fake printer until the test ends.
func startSpooler(t *testing.T, f *fakePrinter, q Queue) *Spooler {
	t.Helper()
	return startSpoolerWith(t, f, q, SpoolerOptions{Interval: 20 * time.Millisecond})
}

// startSpoolerWith is startSpooler with options of the test's.
func startSpoolerWith(t *testing.T, f *fakePrinter, q Queue, opt SpoolerOptions) *Spooler {
	t.Helper()
	tr, err := testDialer.Open(f.spec())
	if err != nil {
		t.Fatal(err)
	}
	s := NewSpooler(q, tr, profiles["tm-t20"], opt)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != context.Canceled {
				t.Errorf("Run returned %v, want context.Canceled", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Run did not return after cancel")
		}
		tr.Close()
	})
	s.Kick()
	return s
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func ids(n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("T-%d", i))
	}
	return out
}

// checkOnce checks that every id printed exactly once, in order, and was
// marked exactly once.
func checkOnce(t *testing.T, f *fakePrinter, q *memQueue, want []string) {
	t.Helper()
	if got := f.jobs(); !slices.Equal(got, want) {
		t.Errorf("printed %v, want %v", got, want)
	}
	for _, id := range want {
		if n := q.markCount(id); n != 1 {
			t.Errorf("%s marked printed %d times", id, n)
		}
	}
}

// linesPerTicket is the number of line feeds in the sample ticket.
func linesPerTicket(t *testing.T) int {
	tk := SampleTicket(Spectacle, "fr")
	b, err := EncodeTicket(tk, profiles["tm-t20"])
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := Decode(b)
	n := 0
	for _, c := range doc.Commands {
		if c.Name == "LF" {
			n++
		}
	}
	return n
}

func TestSpoolerPrintsQueue(t *testing.T) {
	f := newFakePrinter(t)
	want := ids(3)
	q := newMemQueue(want...)
	s := startSpooler(t, f, q)
	waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
	checkOnce(t, f, q, want)
	waitFor(t, "the state", func() bool { st := s.State(); return st.Online && st.Pending == 0 && st.Printing == "" })

	// A job added later prints after a Kick.
	q.add("T-4")
	s.Kick()
	waitFor(t, "T-4", func() bool { return q.pending() == 0 })
	checkOnce(t, f, q, ids(4))
}

// Paper runs out in the middle of the third ticket: the printer keeps the
// rest in its buffer; the spooler waits (the job stays pending, the state
// says out of paper), sends nothing more, and when paper is back the ticket
// finishes and the queue resumes. Nothing prints twice.
func TestSpoolerPaperOutMidQueue(t *testing.T) {
	f := newFakePrinter(t)
	per := linesPerTicket(t)
	f.setPaper(2*per + per/2)
	want := ids(5)
	q := newMemQueue(want...)
	s := startSpooler(t, f, q)

	waitFor(t, "paper out", func() bool { st := s.State(); return !st.Online && strings.Contains(st.Reason, "out of paper") })
	if got := f.jobs(); !slices.Equal(got, want[:2]) {
		t.Fatalf("before paper out printed %v, want %v", got, want[:2])
	}
	if st := s.State(); st.Printing != "T-3" || q.pending() != 3 || q.markCount("T-3") != 0 {
		t.Fatalf("state %+v, %d pending; want T-3 printing and pending", st, q.pending())
	}
	sent := f.bytesReceived()
	time.Sleep(100 * time.Millisecond)
	if f.bytesReceived() > sent+200 { // status polls only
		t.Fatalf("the spooler kept sending jobs while out of paper (%d bytes more)", f.bytesReceived()-sent)
	}

	f.setPaper(-1)
	waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
	checkOnce(t, f, q, want)
	waitFor(t, "online", func() bool { return s.State().Online })
}

// Paper is out before a job: nothing is sent until paper is back.
func TestSpoolerPaperOutBetweenJobs(t *testing.T) {
	f := newFakePrinter(t)
	f.setPaper(0)
	q := newMemQueue(ids(2)...)
	s := startSpooler(t, f, q)
	waitFor(t, "paper out", func() bool { return strings.Contains(s.State().Reason, "out of paper") })
	time.Sleep(50 * time.Millisecond)
	if got := f.jobs(); len(got) != 0 || q.pending() != 2 {
		t.Fatalf("printed %v with no paper", got)
	}
	f.setPaper(-1)
	waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
	checkOnce(t, f, q, ids(2))
}

// The printer is off, then on: jobs wait, then print once.
func TestSpoolerPrinterOffThenOn(t *testing.T) {
	f := newFakePrinter(t)
	q := newMemQueue("T-1")
	s := startSpooler(t, f, q)
	waitFor(t, "T-1", func() bool { return q.pending() == 0 })

	f.off()
	q.add("T-2")
	q.add("T-3")
	s.Kick()
	waitFor(t, "offline", func() bool {
		st := s.State()
		return !st.Online && strings.Contains(st.Reason, "cannot reach the printer")
	})
	if q.pending() != 2 {
		t.Fatalf("%d pending while the printer is off, want 2", q.pending())
	}
	f.on()
	waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
	checkOnce(t, f, q, ids(3))
	waitFor(t, "online", func() bool { return s.State().Online })
}

// The connection drops in the middle of the second job: the job stays
// pending, the spooler reconnects and sends it again, and it prints once.
func TestSpoolerConnectionDrop(t *testing.T) {
	f := newFakePrinter(t)
	q := newMemQueue("T-1")
	b, _ := EncodeJob(q.jobs[0], profiles["tm-t20"])
	s := startSpooler(t, f, q)
	waitFor(t, "T-1", func() bool { return q.pending() == 0 })

	f.dropAfter(len(b) / 2)
	q.add("T-2")
	q.add("T-3")
	s.Kick()
	waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
	checkOnce(t, f, q, ids(3))
	f.mu.Lock()
	drops := f.drops
	f.mu.Unlock()
	if drops != 1 || f.bytesReceived() < 3*len(b)+len(b)/2 {
		t.Errorf("%d drops, %d bytes received: T-2 was not cut and sent again", drops, f.bytesReceived())
	}
}

// MarkPrinted fails: the ticket is not printed again, only marked later.
func TestSpoolerMarkFails(t *testing.T) {
	f := newFakePrinter(t)
	q := newMemQueue("T-1", "T-2")
	q.failMark = 2
	s := startSpooler(t, f, q)
	waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
	checkOnce(t, f, q, ids(2))
	waitFor(t, "the error to clear", func() bool { st := s.State(); return st.LastError == "" && st.Failure == Failure{} })
}

// A job that cannot be encoded stays pending and does not block the others.
func TestSpoolerBadJob(t *testing.T) {
	f := newFakePrinter(t)
	q := newMemQueue("T-1")
	bad := SampleTicket(Spectacle, "en")
	bad.QRPayload = strings.Repeat("x", maxQRBytes+1)
	q.jobs = append(q.jobs, Job{ID: "BAD", Ticket: &bad}, Job{ID: "EMPTY"})
	q.add("T-2")
	s := startSpooler(t, f, q)
	waitFor(t, "T-2", func() bool { return q.markCount("T-2") == 1 })
	checkOnce(t, f, q, []string{"T-1", "T-2"})
	if q.pending() != 2 || !strings.Contains(s.State().LastError, "cannot be printed") {
		t.Errorf("pending %d, state %+v", q.pending(), s.State())
	}
}

// Without status (a file), writing is printing.
func TestSpoolerFile(t *testing.T) {
	path := t.TempDir() + "/out.bin"
	tr, err := Open("file:" + path)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	q := newMemQueue(ids(2)...)
	var changes []SpoolerState
	s := NewSpooler(q, tr, profiles["generic58"], SpoolerOptions{OnChange: func(st SpoolerState) { changes = append(changes, st) }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatal(err)
	}
	if len(changes) == 0 || !changes[len(changes)-1].Online {
		t.Errorf("state changes %+v", changes)
	}
}

func TestSpoolerRunTwice(t *testing.T) {
	s := NewSpooler(newMemQueue(), NewPreview(), profiles["tm-t20"], SpoolerOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, "the spooler to start", func() bool { return s.State().Online })
	if err := s.Run(ctx); err == nil {
		t.Error("a second Run started")
	}
	cancel()
	<-done
}

// Run leaves no goroutine behind, also when cancelled in the middle of
// waiting for a printer that is out of paper.
func TestSpoolerNoLeak(t *testing.T) {
	f := newFakePrinter(t)
	before := runtime.NumGoroutine()
	tr, _ := testDialer.Open(f.spec())
	f.setPaper(3)
	s := NewSpooler(newMemQueue("T-1"), tr, profiles["tm-t20"], SpoolerOptions{Interval: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, "paper out", func() bool { return s.State().Printing == "T-1" && !s.State().Online })
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run = %v", err)
	}
	tr.Close()
	waitFor(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= before })
}

// batchQueue is a memQueue that records an order's jobs in one step.
type batchQueue struct {
	*memQueue
	batches   [][]string
	failBatch int // MarkPrintedAll fails this many times first
}

func (q *batchQueue) addOf(order, id string) {
	q.add(id)
	q.mu.Lock()
	q.jobs[len(q.jobs)-1].Order = order
	q.mu.Unlock()
}

func (q *batchQueue) MarkPrintedAll(ids []string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.failBatch > 0 {
		q.failBatch--
		return fmt.Errorf("disk full")
	}
	q.batches = append(q.batches, slices.Clone(ids))
	for _, id := range ids {
		q.marked[id]++
	}
	return nil
}

// A queue that records several jobs at once gets the jobs of one order
// (its tickets, its receipt) in one call once the last printed, a job of
// no order on its own; a batch that could not be recorded is recorded on
// the next pass, and nothing prints twice. With a backlog printed within
// MarkEvery, its orders are recorded in one call.
func TestSpoolerMarksAnOrdersJobsTogether(t *testing.T) {
	for _, tc := range []struct {
		every time.Duration
		fail  int
		want  string
	}{
		{-1, 0, "[[T-1 T-2 T-3] [T-5 T-6]]"},
		{-1, 1, "[[T-5 T-6] [T-1 T-2 T-3]]"}, // the first recorded at the next pass
		{time.Hour, 0, "[[T-1 T-2 T-3 T-4 T-5 T-6]]"},
		{time.Hour, 1, "[[T-1 T-2 T-3 T-4 T-5 T-6]]"},
	} {
		t.Run(fmt.Sprintf("every=%s,fails=%d", tc.every, tc.fail), func(t *testing.T) {
			f := newFakePrinter(t)
			q := &batchQueue{memQueue: newMemQueue(), failBatch: tc.fail}
			for _, id := range []string{"T-1", "T-2", "T-3"} {
				q.addOf("O1", id)
			}
			q.addOf("", "T-4") // a drawer kick of no sale, say
			q.addOf("O2", "T-5")
			q.addOf("O2", "T-6")
			tr, err := testDialer.Open(f.spec())
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			s := NewSpooler(q, tr, profiles["tm-t20"], SpoolerOptions{Interval: 20 * time.Millisecond, MarkEvery: tc.every})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Run(ctx) }()
			waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
			cancel()
			<-done
			checkOnce(t, f, q.memQueue, ids(6))
			q.mu.Lock()
			defer q.mu.Unlock()
			if got := fmt.Sprint(q.batches); got != tc.want {
				t.Fatalf("recorded in batches %s, want %s", got, tc.want)
			}
		})
	}
}

// sameBytes is a transport that checks what it is sent against EncodeJob
// and counts the distinct buffers it was handed.
type sameBytes struct {
	mu      sync.Mutex
	want    [][]byte
	got     int
	buffers map[*byte]bool
	wrong   []int
}

func (s *sameBytes) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.got >= len(s.want) || !bytes.Equal(p, s.want[s.got]) {
		s.wrong = append(s.wrong, s.got)
	}
	s.got++
	s.buffers[&p[:1][0]] = true
	return len(p), nil
}
func (s *sameBytes) Close() error   { return nil }
func (s *sameBytes) String() string { return "same" }

// TestSpoolerEncodesIntoOneBuffer: a spooler sends each job as EncodeJob
// encodes it (tickets, a receipt, a drawer kick: the bytes the layouts'
// digests hold), each encoded into the buffer of the job before, once
// written: one buffer for a sale's jobs, where a copy was made for each.
func TestSpoolerEncodesIntoOneBuffer(t *testing.T) {
	q := newMemQueue(ids(4)...)
	r := SampleReceipt("fr")
	q.mu.Lock()
	q.jobs = append(q.jobs, Job{ID: "R-1", Receipt: &r}, Job{ID: "K-1", Drawer: true})
	jobs := slices.Clone(q.jobs)
	q.mu.Unlock()
	prof := profiles["tm-t20"]
	tr := &sameBytes{buffers: map[*byte]bool{}}
	for _, j := range jobs {
		b, err := EncodeJob(j, prof)
		if err != nil {
			t.Fatal(err)
		}
		tr.want = append(tr.want, b)
	}
	s := NewSpooler(q, tr, prof, SpoolerOptions{Interval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, "the queue to empty", func() bool { return q.pending() == 0 })
	cancel()
	<-done
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if tr.got != len(jobs) || len(tr.wrong) > 0 {
		t.Fatalf("%d jobs sent, those at %v not as EncodeJob encodes them", tr.got, tr.wrong)
	}
	// the receipt, longer than the tickets, may need a bigger one
	if n := len(tr.buffers); n > 2 {
		t.Errorf("%d jobs sent from %d buffers, want at most 2", tr.got, n)
	}
}
