package local

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Group commit (issue 14 point 7). Every write of the register goes through
// one committer: the writes of tills that ask while a commit is under way
// wait in a queue, and the next commit takes them all, in the order they
// asked, in ONE bbolt write transaction with ONE fsync. Each write runs
// after the ones before it in that transaction and sees what they wrote,
// so order numbers, the journal's hash chain and "seat already sold" stay
// exact. Then each caller gets its own result.
//
// Durability: a write returns nil only after its journal entries and
// events were flushed to the flat file and then the transaction holding
// them committed (flat.go: bbolt's file itself is not flushed at each
// commit). In that order, nothing a reader can see (another till, the
// printer, the mailer, a push to the server) is missing from the disk. A write that fails (its fn
// returns an error) takes none of the others down: the transaction is
// rolled back and run again without it, so none of its partial writes is
// in the file, and the caller gets its own error. A fn may therefore run
// more than once: it must change nothing in memory (only variables it
// resets before it writes), memory follows the commit, in the caller,
// once write returned nil.
//
// A till alone commits at once. The batch is whatever queued during the
// commit before it; when fewer tills wait than sold in the last two
// commits (the tills that just committed come back with their next sale),
// the commit waits for them half a commit's time at most (gather). Writes
// that no screen waits for (commitPatient) wait for a till's to share.
//
// Lock order: the committer's transaction before r.mu. A fn may take r.mu
// for its in-memory work (the holds of the other tills' carts), so nothing
// may hold r.mu while it waits for a write.
type committer struct {
	mu    sync.Mutex
	queue []*commitReq
	busy  bool // a leader is running a batch
	// waiting is set while a leader holds back a batch (patient writes
	// only, or gathering the tills); each write that arrives pokes it.
	waiting bool
	poke    chan struct{}
	// active are the tills that wrote in the last two commits, last the
	// tills of the last one; lastTook is how long the last commit took.
	active   int
	last     map[any]bool
	lastTook time.Duration
	// patience, when set (tests), replaces the const patience.
	patience time.Duration

	// attempt numbers the write transactions the committer runs (a batch
	// run again is a new attempt); only the committing goroutine touches
	// it, from inside the transaction (Register.attemptOf).
	attempt uint64
	// batchTx is the transaction the committer is running (nil between
	// them), and lastAppended the last entry appended in it when hasLast
	// (append.go). Read and written inside write transactions only, which
	// bbolt runs one at a time.
	batchTx      *bolt.Tx
	lastAppended Entry
	hasLast      bool

	commits, writes atomic.Uint64 // committed transactions, and the writes in them

	// memo keeps the shifts' reports and details decoded from one commit
	// to the next (shiftMemo).
	memo shiftMemo

	// flatRecs is where each commit's records for the flat file are
	// built (flat.go).
	flatRecs flatScratch

	// hook, set by tests only, is called inside the batch's transaction
	// after its fns ran and its append, before it commits, with how many
	// fns it holds; an error it returns fails the commit.
	hook func(n int) error
}

func (c *committer) runHook(n int) error {
	if c.hook == nil {
		return nil
	}
	return c.hook(n)
}

// maxBatch bounds the writes of one transaction: beyond it, the rest wait
// for the next commit (a transaction's dirty pages stay in memory).
const maxBatch = 128

type commitReq struct {
	who   any // the till that writes (nil: not a till's)
	fn    func(tx *bolt.Tx) error
	after func() // run under r.mu once fn is durable, before any other commit
	err   error
	lead  bool      // woken to run the next batch, not with its result
	due   time.Time // a patient write: commit by then at the latest (zero: now)
	done  chan struct{}
}

// errSkip stops a batch's transaction at a fn that failed; the batch runs
// again without it.
var errSkip = errors.New("a write of the batch failed")

// commit runs fn in the register's next commit and returns once that commit
// is durable (or failed: then nothing of fn is in the file).
//
// after (nil: none) runs under r.mu once fn's commit is durable, before
// the next commit starts and before any caller of the batch returns: what
// memory holds about the write (a till's cart emptied, its seats no longer
// held) follows the file with no commit in between.
func (r *Register) commit(fn func(tx *bolt.Tx) error, after func()) error {
	return r.commitBy(fn, after, 0, nil)
}

// maxGather bounds how long a commit waits for the tills that committed
// just before it (see committer).
const maxGather = 2 * time.Millisecond

// patience is how long a patient write (a print confirmation) waits for a
// till's write to share its commit before it commits alone. Nobody waits
// on a screen for it; the at-least-once printing window
// (printers.Spooler) grows by this much.
const patience = 3 * time.Millisecond

// commitPatient is commit for a write that may wait up to patience for a
// till's to share its commit, while a till is making a sale (its cart
// holds something, or its sale is being committed): a till's next sale
// then carries the last sale's print confirmations, one fsync for both.
// With no sale under way it commits at once. It returns only once fn is
// durable.
func (r *Register) commitPatient(fn func(tx *bolt.Tx) error) error {
	wait := patience
	if p := r.committer.patience; p > 0 {
		wait = p
	}
	if !r.selling() {
		wait = 0
	}
	return r.commitBy(fn, nil, wait, nil)
}

// selling says whether a till is making a sale now.
func (r *Register) selling() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	for t := range r.tills {
		if t.selling != nil || len(t.cart.Lines) > 0 && t.holding(now) {
			return true
		}
	}
	return false
}

func (r *Register) commitBy(fn func(tx *bolt.Tx) error, after func(), wait time.Duration, who any) error {
	if r.trial {
		return r.try(fn)
	}
	c := &r.committer
	req := &commitReq{who: who, fn: fn, after: after, done: make(chan struct{})}
	if wait > 0 {
		req.due = time.Now().Add(wait)
	}
	c.mu.Lock()
	c.queue = append(c.queue, req)
	if c.busy {
		if c.waiting {
			select {
			case c.poke <- struct{}{}:
			default:
			}
		}
		c.mu.Unlock()
		<-req.done
		if !req.lead {
			return req.err
		}
		c.mu.Lock() // the previous leader handed over: run the next batch
	}
	c.busy = true
	gather := time.Now().Add(min(maxGather, c.lastTook/2))
	for {
		until, ok := c.holdBack(gather)
		if !ok {
			break
		}
		if c.poke == nil {
			c.poke = make(chan struct{}, 1)
		}
		c.waiting = true
		c.mu.Unlock()
		t := time.NewTimer(time.Until(until))
		select {
		case <-c.poke:
		case <-t.C:
		}
		t.Stop()
		c.mu.Lock()
		c.waiting = false
	}
	n := min(len(c.queue), maxBatch)
	batch := c.queue[:n:n]
	c.queue = append([]*commitReq(nil), c.queue[n:]...)
	c.mu.Unlock()

	start := time.Now()
	r.runBatch(batch)
	took := time.Since(start)

	c.mu.Lock()
	c.lastTook = took
	tills := map[any]bool{}
	for _, b := range batch {
		if b.who != nil {
			tills[b.who] = true
		}
	}
	c.active = len(tills)
	for w := range c.last {
		if !tills[w] {
			c.active++
		}
	}
	c.last = tills
	if len(c.queue) > 0 {
		next := c.queue[0]
		next.lead = true
		close(next.done)
	} else {
		c.busy = false
	}
	c.mu.Unlock()
	for _, b := range batch {
		if b != req {
			close(b.done)
		}
	}
	return req.err
}

// holdBack says whether the leader waits before it takes the queue, and
// until when: a queue of patient writes only waits for the first due (or
// an urgent write); a queue with fewer tills' writes than the tills active
// waits for them until gather. Called with c.mu held.
func (c *committer) holdBack(gather time.Time) (time.Time, bool) {
	due, patient, tills := time.Time{}, true, 0
	for _, q := range c.queue {
		if q.due.IsZero() {
			patient = false
		} else if due.IsZero() || q.due.Before(due) {
			due = q.due
		}
		if q.who != nil {
			tills++
		}
	}
	now := time.Now()
	switch {
	case patient:
		return due, due.After(now)
	case tills > 0 && tills < c.active && len(c.queue) < maxBatch:
		return gather, gather.After(now)
	}
	return time.Time{}, false
}

// runBatch commits the fns of batch in one transaction, in their order,
// setting each one's err. A fn that fails is left out and the transaction
// runs again with the others.
func (r *Register) runBatch(batch []*commitReq) {
	if r.flatErr != nil {
		for _, q := range batch {
			q.err = r.flatErr
		}
		return
	}
	if r.closing.Load() {
		r.db.NoSync = false // this goroutine alone commits: bbolt reads it in Commit, here
	}
	live := batch
	flatJ, flatV := r.flatJ, r.flatV  // the flat file's last entry and event once this commit is in it
	jump, jumped := r.wallClockJump() // once per commit, logged in whichever run commits
	pushed := r.KeptPushState()
	var lapses *lapseHint
	for len(live) > 0 {
		failed, appended := -1, false
		r.committer.attempt++
		err := safely(r.path, func() error {
			return r.db.Update(func(tx *bolt.Tx) error {
				c := &r.committer
				c.batchTx, c.hasLast = tx, false
				defer func() { c.batchTx, c.hasLast = nil, false }()
				if jumped {
					if err := logEventTx(tx, r.id, r.now(), EventClockJumped, jump); err != nil {
						return err
					}
				}
				err := withShiftCache(tx, &r.committer.memo, func() error {
					for i, q := range live {
						if err := q.fn(tx); err != nil {
							q.err, failed = err, i
							return errSkip
						}
					}
					return nil
				})
				if err != nil {
					return err
				}
				// The head of the chain: the batch's last entry (append
				// leaves it to the commit). Before anything reads it.
				if c.hasLast {
					if err := putHead(tx, c.lastAppended); err != nil {
						return err
					}
				}
				// What the push state is after this commit (a status line
				// reads it from memory: KeptPushState). A journal it cannot
				// read there fails no sale: the state stays as it was.
				if ps, err := pushStateAfter(tx, r.KeptPushState()); err == nil {
					pushed = ps
				}
				lapses = lapseHintIn(tx)
				if r.flat == nil {
					return r.committer.runHook(len(live))
				}
				// Durable once in the flat file, before bbolt's transaction
				// commits: what a reader can see (another till, the printer,
				// a push to the server) is on the disk already.
				var recs [][]byte
				recs, flatJ, flatV = r.committer.flatRecs.records(tx, r.flatJ, r.flatV, 0)
				if len(recs) > 0 {
					if _, ferr := r.flat.Append(recs...); ferr != nil {
						r.flatErr = &FlatError{Path: flatPath(r.path), Err: ferr}
						return r.flatErr
					}
					appended = true
				}
				if r.closing.Load() { // a flushed commit: the next Open reads the flat file from here
					if err := putFlatAt(tx, r.flat.Position(), flatJ, flatV); err != nil {
						return err
					}
				}
				return r.committer.runHook(len(live))
			})
		})
		if failed >= 0 && errors.Is(err, errSkip) {
			live = append(live[:failed:failed], live[failed+1:]...)
			continue
		}
		switch {
		case err == nil:
			r.flatJ, r.flatV = flatJ, flatV
		case appended && r.flatErr == nil:
			// in the flat file but not in bbolt's: the next start rolls it
			// forward (rollForward); this process writes nothing more
			r.flatErr = &FlatError{Path: r.path, Err: err}
			err = r.flatErr
		}
		for _, q := range live {
			q.err = err // nil: committed; else the commit itself failed
		}
		if err == nil {
			r.keepPushState(pushed) // before any caller returns, so before the screens are told
			r.lapses.Store(lapses)
			r.committer.commits.Add(1)
			r.committer.writes.Add(uint64(len(live)))
			locked := false
			for _, q := range live {
				if q.after == nil {
					continue
				}
				if !locked {
					r.mu.Lock()
					locked = true
				}
				q.after()
			}
			if locked {
				r.mu.Unlock()
			}
		}
		return
	}
}

// CommitStats count the register's commits since Open, and the writes
// (commands) they held: Writes/Commits is how many tills' writes shared a
// commit, on average.
type CommitStats struct{ Commits, Writes uint64 }

// CommitStats are the register's commit counts so far (benchmarks).
func (r *Register) CommitStats() CommitStats {
	return CommitStats{Commits: r.committer.commits.Load(), Writes: r.committer.writes.Load()}
}
