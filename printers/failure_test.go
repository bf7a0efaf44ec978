package printers

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// refusing is a transport whose every write fails with err.
type refusing struct{ err error }

func (r refusing) Write([]byte) (int, error) { return 0, r.err }
func (refusing) Close() error                { return nil }
func (refusing) String() string              { return "refusing" }

// unreadable is a queue that cannot be read.
type unreadable struct{}

func (unreadable) Pending() ([]Job, error)     { return nil, errors.New("journal closed") }
func (unreadable) MarkPrinted(id string) error { return nil }

// firstFailure runs a spooler on tr and q until it records a failure,
// and returns it.
func firstFailure(t *testing.T, tr Transport, q Queue, prof Profile) Failure {
	t.Helper()
	var mu sync.Mutex
	var first Failure
	s := NewSpooler(q, tr, prof, SpoolerOptions{Interval: 20 * time.Millisecond, OnChange: func(st SpoolerState) {
		mu.Lock()
		defer mu.Unlock()
		if first.Kind == FailNone {
			first = st.Failure
		}
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	defer func() { cancel(); <-done; tr.Close() }()
	got := func() Failure { mu.Lock(); defer mu.Unlock(); return first }
	waitFor(t, "a failure", func() bool { return got().Kind != FailNone })
	if st := s.State(); st.LastError != st.Failure.String() && st.Failure.Kind != FailNone {
		t.Errorf("LastError %q is not the failure's %q", st.LastError, st.Failure.String())
	}
	return got()
}

// Each way a job fails is a value naming the job as staff know it (a
// ticket by its number, a refund slip by its order, a drawer kick), what
// went wrong in the printer's words, and whether it stays in the queue;
// the error's own words are kept for the log. Before, the spooler only
// wrote an English sentence naming the job by its queue id ("7 was not
// printed: write /dev/full: ...").
func TestSpoolerFailureSaysWhichJobAndWhy(t *testing.T) {
	ticket := func(id, number string) Job {
		tk := SampleTicket(Spectacle, "fr")
		tk.TicketNumber, tk.QRPayload = number, number
		return Job{ID: id, Ticket: &tk}
	}
	slip := SampleReceipt("fr")
	full := func(t *testing.T) Transport {
		tr, err := Open("file:/dev/full")
		if err != nil {
			t.Skip("no /dev/full here:", err)
		}
		return tr
	}
	for _, tc := range []struct {
		name    string
		run     func(t *testing.T) Failure
		want    Failure
		wantErr string // in Err
	}{
		{"a ticket whose layout fails", func(t *testing.T) Failure {
			bad := ticket("7", "K01-000001-01")
			bad.Ticket.QRPayload = strings.Repeat("x", maxQRBytes+1)
			q := newMemQueue()
			q.jobs = []Job{bad}
			return firstFailure(t, refusing{errors.New("unused")}, q, profiles["tm-t20"])
		}, Failure{Kind: FailLayout, Job: JobRef{Kind: JobTicket, Ref: "K01-000001-01", ID: "7"}, Again: true}, "QR"},
		{"a ticket written to a full disk", func(t *testing.T) Failure {
			q := newMemQueue()
			q.jobs = []Job{ticket("7", "K01-000001-01")}
			return firstFailure(t, full(t), q, profiles["tm-t20"])
		}, Failure{Kind: FailSend, Job: JobRef{Kind: JobTicket, Ref: "K01-000001-01", ID: "7"}, Problem: ProblemWriteFailed, Again: true}, "no space left on device"},
		{"a refund slip to a printer that does not connect", func(t *testing.T) Failure {
			q := newMemQueue()
			q.jobs = []Job{{ID: "9", Receipt: &slip, Kind: JobRefundSlip, Ref: "K01-000004", Order: "K01-000004"}}
			err := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
			return firstFailure(t, refusing{err}, q, profiles["tm-t20"])
		}, Failure{Kind: FailSend, Job: JobRef{Kind: JobRefundSlip, Ref: "K01-000004", ID: "9"}, Problem: ProblemUnreachable, Again: true}, "connection refused"},
		{"a drawer kick written to a full disk", func(t *testing.T) Failure {
			q := newMemQueue()
			q.jobs = []Job{{ID: "3", Drawer: true, Order: "K01-000002"}}
			return firstFailure(t, full(t), q, profiles["tm-t20"])
		}, Failure{Kind: FailSend, Job: JobRef{Kind: JobDrawer, Ref: "K01-000002", ID: "3"}, Problem: ProblemWriteFailed, Again: true}, "no space"},
		{"a ticket cut by a connection that dropped", func(t *testing.T) Failure {
			f := newFakePrinter(t)
			f.dropAfter(100)
			tr, err := testDialer.Open(f.spec())
			if err != nil {
				t.Fatal(err)
			}
			q := newMemQueue()
			q.jobs = []Job{ticket("5", "K01-000003-02")}
			return firstFailure(t, tr, q, profiles["tm-t20"])
		}, Failure{Kind: FailUnconfirmed, Job: JobRef{Kind: JobTicket, Ref: "K01-000003-02", ID: "5"}, Problem: ProblemUnreachable, Again: true}, "lost"},
		{"a ticket printed whose record failed", func(t *testing.T) Failure {
			q := newMemQueue()
			q.jobs = []Job{ticket("4", "K01-000001-02")}
			q.failMark = 1000
			return firstFailure(t, refusing{}, q, profiles["tm-t20"])
		}, Failure{Kind: FailRecord, Job: JobRef{Kind: JobTicket, Ref: "K01-000001-02", ID: "4"}}, "disk full"},
		{"an order's jobs printed whose record failed together", func(t *testing.T) Failure {
			q := &batchQueue{memQueue: newMemQueue(), failBatch: 1000}
			a, b := ticket("4", "K01-000001-01"), ticket("5", "K01-000001-02")
			a.Order, b.Order = "K01-000001", "K01-000001"
			q.jobs = []Job{a, b, {ID: "6", Receipt: &slip, Order: "K01-000001"}}
			return firstFailure(t, refusing{}, q, profiles["tm-t20"])
		}, Failure{Kind: FailRecord, Job: JobRef{Kind: JobTicket, Ref: "K01-000001-01", ID: "4"}, Others: 2}, "disk full"},
		{"a queue that cannot be read", func(t *testing.T) Failure {
			return firstFailure(t, refusing{}, unreadable{}, profiles["tm-t20"])
		}, Failure{Kind: FailQueue}, "journal closed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.run(t)
			if !strings.Contains(got.Err, tc.wantErr) || (tc.wantErr != "") != (got.Err != "") {
				t.Errorf("Err %q, want it to say %q", got.Err, tc.wantErr)
			}
			got.Err = ""
			if got != tc.want {
				t.Errorf("failure %+v,\nwant %+v", got, tc.want)
			}
		})
	}
}

// switchable is a transport without status whose writes fail while full.
type switchable struct {
	mu     sync.Mutex
	full   bool
	writes int
}

func (w *switchable) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes++
	if w.full {
		return 0, errors.New("write /dev/full: no space left on device")
	}
	return len(p), nil
}
func (w *switchable) Close() error   { return nil }
func (w *switchable) String() string { return "switchable" }
func (w *switchable) set(full bool)  { w.mu.Lock(); w.full = full; w.mu.Unlock() }
func (w *switchable) tries() int     { w.mu.Lock(); defer w.mu.Unlock(); return w.writes }

// A printer that cannot say its status and refuses every write stays
// offline, pass after pass, until a write succeeds. Before, each pass's
// look said it ready and its write said it not: the state went online and
// offline every 2 s, and the register logged the fault each time (the
// test saw it online again between failed writes).
func TestAPrinterWithoutStatusStaysOfflineWhileItsWritesFail(t *testing.T) {
	w := &switchable{full: true}
	q := newMemQueue("T-1")
	var mu sync.Mutex
	failed, backOnline := false, 0
	s := NewSpooler(q, w, profiles["tm-t20"], SpoolerOptions{Interval: 5 * time.Millisecond, OnChange: func(st SpoolerState) {
		mu.Lock()
		defer mu.Unlock()
		if st.Failure.Kind == FailSend {
			failed = true
		}
		if failed && st.Online {
			backOnline++
		}
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "five failed writes", func() bool { return w.tries() >= 5 })
	mu.Lock()
	n := backOnline
	mu.Unlock()
	if st := s.State(); n != 0 || st.Online || st.Problem != ProblemWriteFailed {
		t.Fatalf("while every write failed the state went online %d times; now %+v", n, st)
	}
	w.set(false)
	waitFor(t, "the job to print and the printer to read ready", func() bool {
		st := s.State()
		return q.pending() == 0 && st.Online && st.Problem == ProblemNone && st.Failure.Kind == FailNone
	})
}
