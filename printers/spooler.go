package printers

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Queue is the print queue as the spooler sees it. The journal glue
// implements it; the spooler knows nothing of the journal.
type Queue interface {
	// Pending returns the jobs not yet printed, oldest first (for tickets:
	// ticket.issued without ticket.printed).
	Pending() ([]Job, error)
	// MarkPrinted durably records that the job printed (appends
	// ticket.printed); once it returns nil, Pending no longer lists the job.
	// A job Pending listed that left the queue while it printed (its
	// ticket canceled meanwhile) is recorded all the same: the paper
	// exists, and one refusal fails an order's whole MarkPrintedAll. A
	// job neither waiting nor owed a record (recorded already, or given
	// up) is refused with an error wrapping ErrNotWaiting.
	MarkPrinted(id string) error
}

// ErrNotWaiting is what MarkPrinted's error wraps for a job that is not
// waiting and is owed no record (recorded already, or given up): the
// spooler forgets it. Any other error leaves it owed, retried.
var ErrNotWaiting = errors.New("the print job is not waiting")

// WantedQueue is a Queue that can say, cheaply, whether one job is still
// wanted (Pending would list it): the spooler asks just before sending
// each job, so that a ticket canceled after the queue was read, while
// the jobs before it printed, does not print.
type WantedQueue interface {
	Queue
	// Wanted reports whether the job is still waiting to be printed.
	// It is asked only of a job about to be sent, never of one this
	// spooler printed (even one whose record failed): a queue may give
	// a job up here (a drawer kick too old to open the drawer now) as
	// one that never reached the printer.
	Wanted(id string) (bool, error)
}

// BatchMarker is a Queue that can record several printed jobs in one
// durable step (one commit of the journal): the spooler confirms the jobs
// of one order (its tickets, its drawer kick, its receipt) together once
// the last of them printed, rather than one commit per ticket.
type BatchMarker interface {
	// MarkPrintedAll is MarkPrinted for every job of ids, all or none.
	MarkPrintedAll(ids []string) error
}

// WindowedQueue is a Queue that can count its jobs without reading them
// and read only the first ones. The spooler then looks at the printer
// before it reads any job, and reads a window of jobs at a time: a backlog
// of hundreds of tickets (a printer out during a rush) costs a count at
// each look, not their layouts.
type WindowedQueue interface {
	Queue
	// Waiting is how many jobs Pending would list.
	Waiting() (int, error)
	// PendingFirst is Pending's first n jobs, in Pending's order, with
	// any job behind them that Pending would list ahead of them.
	PendingFirst(n int) ([]Job, error)
}

// window is how many jobs of a WindowedQueue a pass reads: some seconds of
// printing, after which the next pass reads the next window at once.
const window = 32

// SpoolerState is what a status line shows about printing.
type SpoolerState struct {
	Online bool   // the printer is reachable and ready
	Reason string // why it is not online, or a warning while online ("paper nearly out"), in English
	// Problem is Reason as a kind a status line names in the staff's
	// language: ProblemNone when online without warning.
	Problem Problem
	// Status is the printer's last status read ({} before any, or from a
	// transport that cannot read it).
	Status  Status
	Pending int // jobs waiting to be printed
	// Unrecorded are jobs that printed but could not be recorded as
	// printed yet (the journal failed): retried at each pass, never
	// printed again by this process.
	Unrecorded int
	Printing   string // ID of the job being printed, "" between jobs
	// Failure is the last job that failed, cleared after a pass over the
	// queue without any; LastError says it in English, for the log and
	// command lines.
	Failure   Failure
	LastError string
}

// SpoolerOptions tune a Spooler. The zero value is fine.
type SpoolerOptions struct {
	// Interval between two looks at the queue and the printer without a
	// Kick; default 2 s.
	Interval time.Duration
	// MarkEvery is how long the printed jobs of a backlog may wait to be
	// recorded together with the orders printed after them (a Queue that
	// is a BatchMarker); 0: markEvery, negative: each order at once.
	MarkEvery time.Duration
	// OnChange, when set, is called with the new state after each change,
	// from the spooler's goroutine (keep it short: e.g. send a message to
	// the TUI).
	OnChange func(SpoolerState)
}

// Spooler prints the jobs of a Queue on one printer, oldest first, one at a
// time. Run it in its own goroutine; Kick it after a sale.
//
// A job is marked printed only after all its bytes were written and the
// printer confirmed it printed (GS r, when the profile has ConfirmPrint and
// the transport can read answers) or, without confirmation, after the status
// read back right after the write is fine (or, on a transport that cannot
// read status, after the write alone). A job that could not be sent, or whose
// printer stopped or vanished before confirming, stays pending and is sent
// again when the printer is back.
//
// Printing is therefore at least once, never at most once. In this process a
// job is never sent twice after it printed: if MarkPrinted fails, the
// spooler remembers the job and retries only MarkPrinted, at each pass and
// once more when it stops, until it is recorded or the queue says it needs
// no record (ErrNotWaiting), even after the job left the queue (its ticket
// canceled); meanwhile the state counts it (Unrecorded) and says why
// (LastError). Across a restart such a job, still queued in the journal,
// prints again (the journal is the only record: no side file keeps what
// printed unrecorded). A Queue that is a WantedQueue is
// asked before each job is sent whether it is still wanted (one look-up,
// some µs): a ticket canceled after the queue was read does not print. A
// Queue that is a BatchMarker has the jobs of one order (consecutive jobs with the same
// Order) confirmed together after the last of them printed, or when the
// pass stops early; with a backlog, the orders printed within markEvery
// of the first are confirmed together. The window that
// remains is between the printer's confirmation and MarkPrinted returning
// (with a BatchMarker, the confirmation of the order's last job): if
// the process dies (or the connection drops before the confirmation arrives)
// the ticket prints again at the next start. That second print is wanted, not
// lost: the spooler cannot know whether the first one came out whole, and a
// customer without a ticket is worse than two identical tickets. Both carry
// the same ticket number and signed QR payload, so the door admits one
// entry; the second is not marked DUPLICATE because nothing proves there was
// a first. A printer that ran out of paper in the middle of a ticket keeps
// the rest in its buffer and finishes it when paper is loaded; the spooler
// waits for that instead of sending the job again.
type Spooler struct {
	q    Queue
	t    Transport
	prof Profile
	opt  SpoolerOptions

	kick    chan struct{}
	running atomic.Bool

	mu    sync.Mutex
	state SpoolerState

	// printed holds jobs that printed but whose MarkPrinted failed, by
	// id, named for a failure to record them. Only the Run goroutine
	// touches it, and failed.
	printed map[string]JobRef
	failed  bool // something failed during this pass
	// writeFailed: the last write failed (a printer that cannot say its
	// status stays offline until a write succeeds). Run goroutine only.
	writeFailed bool
	// buf holds the job being sent, encoded into the last one's bytes
	// (AppendJob). Only the Run goroutine touches it.
	buf []byte
}

// NewSpooler returns a spooler printing q's jobs on t, laid out for prof.
func NewSpooler(q Queue, t Transport, prof Profile, opt SpoolerOptions) *Spooler {
	if opt.Interval <= 0 {
		opt.Interval = 2 * time.Second
	}
	if opt.MarkEvery == 0 {
		opt.MarkEvery = markEvery
	}
	return &Spooler{q: q, t: t, prof: prof, opt: opt, kick: make(chan struct{}, 1), printed: map[string]JobRef{}}
}

// Kick asks the spooler to look at the queue now. It never blocks.
func (s *Spooler) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// State returns the current state. Safe from any goroutine.
func (s *Spooler) State() SpoolerState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

func (s *Spooler) update(f func(*SpoolerState)) {
	s.mu.Lock()
	old := s.state
	f(&s.state)
	now := s.state
	s.mu.Unlock()
	if now != old && s.opt.OnChange != nil {
		s.opt.OnChange(now)
	}
}

// Run prints until ctx ends, on each Kick and every Interval. It returns
// ctx's error. It starts no other goroutine.
func (s *Spooler) Run(ctx context.Context) error {
	if !s.running.CompareAndSwap(false, true) {
		return errors.New("printers: this spooler is already running")
	}
	defer s.running.Store(false)
	tick := time.NewTicker(s.opt.Interval)
	defer tick.Stop()
	for {
		s.pass(ctx)
		select {
		case <-ctx.Done():
			// The last chance to record what printed: the next process
			// would print it again (the register closes after the spooler
			// stopped).
			s.markOwed(nil)
			return ctx.Err()
		case <-s.kick:
		case <-tick.C:
		}
	}
}

// check reads the printer's status, records it and reports whether a job
// may be sent.
func (s *Spooler) check(ctx context.Context) bool {
	sr, ok := s.t.(StatusReader)
	if !ok {
		s.noStatus()
		return true
	}
	status, err := sr.Status(ctx)
	switch {
	case errors.Is(err, ErrNoStatus):
		s.noStatus()
		return true
	case err != nil:
		if ctx.Err() == nil {
			s.update(func(st *SpoolerState) { st.unreachable(err) })
		}
		return false
	}
	s.observe(status)
	return status.Ready()
}

func (s *Spooler) observe(status Status) {
	s.update(func(st *SpoolerState) {
		st.Online = status.Ready()
		st.Reason, st.Problem, st.Status = "", ProblemNone, status
		if !st.Online || status.PaperNearEnd {
			st.Reason, st.Problem = status.String(), status.Problem()
		}
	})
}

// noStatus records a printer that cannot say its status as ready, unless
// its last write failed: that stands until a write succeeds. Said ready
// at each look and failing again at each write, it went offline and
// online every pass, and the register logged the fault every 2 s.
func (s *Spooler) noStatus() {
	if s.writeFailed {
		return
	}
	s.update(func(st *SpoolerState) { st.Online, st.Reason, st.Problem = true, "", ProblemNone })
}

// unreachable records a printer that did not answer or could not be
// written to. Reason keeps the error's English for the log; the screens
// name the printer's state by Problem ("injoignable : vérifiez le câble
// ou le réseau"), and the event log's reader reads Reason through
// FrenchReasons (guichet journal events).
func (st *SpoolerState) unreachable(err error) {
	st.Online, st.Reason, st.Problem = false, err.Error(), ProblemUnreachable
}

// unwritable records a printer a job could not be written to: unreachable
// when its connection failed, else the write was refused.
func (st *SpoolerState) unwritable(err error) {
	st.Online, st.Reason, st.Problem = false, err.Error(), writeProblem(err)
}

// fail records f as the last failure.
func (s *Spooler) fail(f Failure) {
	s.failed = true
	s.update(func(st *SpoolerState) { st.Failure, st.LastError, st.Printing = f, f.String(), "" })
}

// failJob records job j's failure of kind k, err its cause.
func (s *Spooler) failJob(k FailureKind, j JobRef, err error, p Problem, again bool) {
	f := Failure{Kind: k, Job: j, Problem: p, Again: again}
	if err != nil {
		f.Err = err.Error()
	}
	s.fail(f)
}

// failQueue records that the print queue could not be read.
func (s *Spooler) failQueue(err error) {
	s.fail(Failure{Kind: FailQueue, Err: err.Error()})
}

// pass prints what is pending, stopping at the first problem.
func (s *Spooler) pass(ctx context.Context) {
	s.failed = false
	jobs, waiting, ok := s.read(ctx)
	if !ok {
		return
	}
	// Jobs that printed but could not be marked: mark them, never print them again.
	todo := jobs[:0:0]
	pendingIDs := make(map[string]bool, len(jobs))
	var retry []JobRef
	for _, j := range jobs {
		pendingIDs[j.ID] = true
		r, printed := s.printed[j.ID]
		if !printed {
			todo = append(todo, j)
			continue
		}
		retry = append(retry, r)
	}
	s.markAll(retry)
	// A job that printed, unrecorded, and then left the queue (its
	// ticket canceled or exchanged) is still owed its record: its paper
	// exists. The queue says whether it was recorded after all.
	s.markOwed(pendingIDs)
	pending := len(todo)
	if waiting > 0 {
		pending = waiting // the jobs of the window and those behind it
	}
	s.update(func(st *SpoolerState) { st.Pending = pending })

	if waiting < 0 && !s.check(ctx) {
		return
	}
	printedAll := false
	if waiting > len(jobs) {
		defer func() {
			if printedAll && !s.failed {
				s.Kick() // the next window, now that this one printed
			}
		}()
	}
	// unmarked are the jobs printed and not recorded yet: with a
	// BatchMarker, an order's jobs are recorded together, and the orders
	// of a backlog that prints within markEvery of each other too.
	var unmarked []JobRef
	var since time.Time // when the first of unmarked printed
	defer func() { s.markAll(unmarked) }()
	_, batch := s.q.(BatchMarker)
	for i, j := range todo {
		if ctx.Err() != nil {
			return
		}
		if i > 0 && !s.check(ctx) {
			return
		}
		wanted, ok := s.wanted(j.ID)
		if !ok {
			return
		}
		if wanted {
			data, err := AppendJob(s.buf[:0], j, s.prof)
			if err != nil {
				s.failJob(FailLayout, j.Named(), err, ProblemNone, true)
				continue // it stays pending; the others still print
			}
			s.buf = data
			if !s.print(ctx, j, data) {
				return
			}
			named := j.Named()
			s.printed[j.ID] = named
			if len(unmarked) == 0 {
				since = time.Now()
			}
			unmarked = append(unmarked, named)
		}
		pending--
		last := i+1 == len(todo)
		orderEnds := j.Order == "" || last || todo[i+1].Order != j.Order
		if !batch || orderEnds && (last || time.Since(since) >= s.opt.MarkEvery) {
			s.markAll(unmarked)
			unmarked = nil
		}
		s.update(func(st *SpoolerState) { st.Pending, st.Printing = pending, "" })
	}
	printedAll = true
	if !s.failed {
		s.update(func(st *SpoolerState) { st.Failure, st.LastError = Failure{}, "" })
	}
}

// read reads the jobs a pass prints. From a WindowedQueue it counts the
// jobs, looks at the printer and, only if it is ready, reads the first
// window of them: waiting is then how many wait in all (the printer was
// looked at); else waiting is -1, and every job is read. ok false: the
// pass stops here (the printer is not ready, or the queue cannot be read).
func (s *Spooler) read(ctx context.Context) (jobs []Job, waiting int, ok bool) {
	w, windowed := s.q.(WindowedQueue)
	if !windowed || len(s.printed) > 0 {
		// Jobs printed but not recorded yet are recorded from the full
		// list first (rare: a recording that failed).
		jobs, err := s.q.Pending()
		if err != nil {
			s.failQueue(err)
			return nil, 0, false
		}
		return jobs, -1, true
	}
	waiting, err := w.Waiting()
	if err != nil {
		s.failQueue(err)
		return nil, 0, false
	}
	s.update(func(st *SpoolerState) { st.Pending = waiting })
	if !s.check(ctx) { // looked at with an empty queue too: the status line follows the printer
		return nil, 0, false
	}
	if waiting == 0 {
		return nil, 0, true
	}
	if jobs, err = w.PendingFirst(window); err != nil {
		s.failQueue(err)
		return nil, 0, false
	}
	return jobs, waiting, true
}

// wanted asks a WantedQueue whether job id is still wanted, just before it
// is sent: read before the jobs ahead of it printed, its ticket may have
// been canceled since. ok false: the queue cannot say, and the pass stops
// (the job stays pending). A ticket canceled between this question and
// its bytes still prints, and is recorded printed (Queue.MarkPrinted).
func (s *Spooler) wanted(id string) (wanted, ok bool) {
	wq, can := s.q.(WantedQueue)
	if !can {
		return true, true
	}
	wanted, err := wq.Wanted(id)
	if err != nil {
		s.failQueue(err)
		return false, false
	}
	return wanted, true
}

// markOwed records, one by one, the jobs of s.printed that pending does
// not list (nil: all of them): they printed, their record failed, and
// they left the queue since, or the spooler is stopping. A job the queue
// says needs no record (ErrNotWaiting) is forgotten; one whose record
// fails again is kept, retried at the next pass, and the state says so.
func (s *Spooler) markOwed(pending map[string]bool) {
	for id, r := range s.printed {
		if pending[id] {
			continue
		}
		switch err := s.q.MarkPrinted(id); {
		case err == nil, errors.Is(err, ErrNotWaiting):
			delete(s.printed, id)
		default:
			s.failJob(FailRecord, r, err, ProblemNone, false)
		}
	}
	s.noteUnrecorded()
}

// noteUnrecorded puts how many printed jobs wait to be recorded in the
// state.
func (s *Spooler) noteUnrecorded() {
	n := len(s.printed)
	s.update(func(st *SpoolerState) { st.Unrecorded = n })
}

// markEvery is how long the jobs of a backlog (orders queued while the
// printer was busy) may wait after printing to be recorded together with
// (SpoolerOptions.MarkEvery)
// the orders printed after them: one commit for a burst of orders rather
// than one each. A job printed alone is recorded as soon as it printed.
const markEvery = 50 * time.Millisecond

// markAll records printed jobs one by one; a job that cannot be recorded
// stays in s.printed, recorded on the next pass and never printed again.
func (s *Spooler) markAll(jobs []JobRef) {
	if bm, ok := s.q.(BatchMarker); ok && len(jobs) > 1 {
		s.markBatch(bm, jobs)
		return
	}
	for _, j := range jobs {
		if err := s.q.MarkPrinted(j.ID); err != nil {
			s.failJob(FailRecord, j, err, ProblemNone, false)
			continue
		}
		delete(s.printed, j.ID)
	}
	s.noteUnrecorded()
}

// markBatch records printed jobs in one step (one commit of the journal).
func (s *Spooler) markBatch(bm BatchMarker, jobs []JobRef) {
	if len(jobs) == 0 {
		return
	}
	defer s.noteUnrecorded()
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	if err := bm.MarkPrintedAll(ids); err != nil {
		s.fail(Failure{Kind: FailRecord, Job: jobs[0], Others: len(jobs) - 1, Err: err.Error()})
		return
	}
	for _, id := range ids {
		delete(s.printed, id)
	}
}

// print sends job j and reports whether it is known to have printed.
func (s *Spooler) print(ctx context.Context, j Job, data []byte) bool {
	s.update(func(st *SpoolerState) { st.Printing = j.ID })
	if _, err := s.t.Write(data); err != nil {
		s.writeFailed = true
		s.update(func(st *SpoolerState) { st.unwritable(err) })
		s.failJob(FailSend, j.Named(), err, writeProblem(err), true)
		return false
	}
	if s.writeFailed {
		s.writeFailed = false
		if _, ok := s.t.(StatusReader); !ok {
			s.noStatus() // it took the job: ready again
		}
	}
	if pw, ok := s.t.(PrintWaiter); ok && s.prof.ConfirmPrint {
		err := pw.WaitPrinted(ctx, s.observe)
		switch {
		case err == nil:
			return true
		case errors.Is(err, ErrNoConfirm), errors.Is(err, ErrNoStatus):
			// Written, and the printer stayed ready (or cannot say): as
			// printed as we can know.
			return true
		case ctx.Err() != nil:
			s.failJob(FailStopped, j.Named(), nil, ProblemNone, true)
			return false
		default:
			// a status read meanwhile says why (paper out, cover open);
			// else the printer vanished
			p := s.State().Problem
			if p == ProblemNone || p == ProblemPaperLow {
				p = ProblemUnreachable
			}
			s.update(func(st *SpoolerState) { st.unreachable(err) })
			s.failJob(FailUnconfirmed, j.Named(), err, p, true)
			return false
		}
	}
	if _, ok := s.t.(StatusReader); ok && !s.check(ctx) {
		s.failJob(FailUnconfirmed, j.Named(), nil, s.State().Problem, true)
		return false
	}
	return true
}
