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
// Durability is unchanged: a write returns nil only after the transaction
// holding it committed with the file synced. A write that fails (its fn
// returns an error) takes none of the others down: the transaction is
// rolled back and run again without it, so none of its partial writes is
// in the file, and the caller gets its own error. A fn may therefore run
// more than once: it must change nothing in memory (only variables it
// resets before it writes), memory follows the commit, in the caller,
// once write returned nil.
//
// There is no delay: a till alone commits at once; the batch is whatever
// queued during the commit before it, so it grows with the tills waiting.
//
// Lock order: the committer's transaction before r.mu. A fn may take r.mu
// for its in-memory work (the holds of the other tills' carts), so nothing
// may hold r.mu while it waits for a write.
type committer struct {
	mu    sync.Mutex
	queue []*commitReq
	busy  bool // a leader is running a batch
	// waiting is set while a leader holds back a batch of patient writes
	// only (commitPatient); urgent pokes it when a write that cannot wait
	// arrives.
	waiting bool
	urgent  chan struct{}
	// patience, when set (tests), replaces the const patience.
	patience time.Duration

	// attempt numbers the write transactions the committer runs (a batch
	// run again is a new attempt); only the committing goroutine touches
	// it, from inside the transaction (Register.attemptOf).
	attempt uint64

	commits, writes atomic.Uint64 // committed transactions, and the writes in them

	// hook, set by tests only, is called inside the batch's transaction
	// after its fns ran and before it commits, with how many fns it holds.
	hook func(n int)
}

// maxBatch bounds the writes of one transaction: beyond it, the rest wait
// for the next commit (a transaction's dirty pages stay in memory).
const maxBatch = 128

type commitReq struct {
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
	return r.commitBy(fn, after, 0)
}

// patience is how long a patient write (a print confirmation, the push
// cursor) waits for a till's write to share its commit before it commits
// alone. Nobody waits on a screen for it; the at-least-once printing
// window (printers.Spooler) grows by this much.
const patience = 15 * time.Millisecond

// commitPatient is commit for a write that may wait up to patience for an
// urgent one to share its commit: a till's next sale then carries the last
// sale's print confirmations, one fsync for both. It still returns only
// once fn is durable.
func (r *Register) commitPatient(fn func(tx *bolt.Tx) error) error {
	wait := patience
	if p := r.committer.patience; p > 0 {
		wait = p
	}
	return r.commitBy(fn, nil, wait)
}

func (r *Register) commitBy(fn func(tx *bolt.Tx) error, after func(), wait time.Duration) error {
	c := &r.committer
	req := &commitReq{fn: fn, after: after, done: make(chan struct{})}
	if wait > 0 {
		req.due = time.Now().Add(wait)
	}
	c.mu.Lock()
	c.queue = append(c.queue, req)
	if c.busy {
		if wait == 0 && c.waiting {
			select {
			case c.urgent <- struct{}{}:
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
	// Only patient writes queued: wait for an urgent one, or the first due.
	for {
		due, patient := time.Time{}, true
		for _, q := range c.queue {
			if q.due.IsZero() {
				patient = false
				break
			}
			if due.IsZero() || q.due.Before(due) {
				due = q.due
			}
		}
		d := time.Until(due)
		if !patient || d <= 0 {
			break
		}
		if c.urgent == nil {
			c.urgent = make(chan struct{}, 1)
		}
		c.waiting = true
		c.mu.Unlock()
		t := time.NewTimer(d)
		select {
		case <-c.urgent:
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

	r.runBatch(batch)

	c.mu.Lock()
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

// runBatch commits the fns of batch in one transaction, in their order,
// setting each one's err. A fn that fails is left out and the transaction
// runs again with the others.
func (r *Register) runBatch(batch []*commitReq) {
	live := batch
	jump, jumped := r.wallClockJump() // once per commit, logged in whichever run commits
	for len(live) > 0 {
		failed := -1
		r.committer.attempt++
		err := safely(r.path, func() error {
			return r.db.Update(func(tx *bolt.Tx) error {
				if jumped {
					if err := logEventTx(tx, r.id, r.now(), EventClockJumped, jump); err != nil {
						return err
					}
				}
				for i, q := range live {
					if err := q.fn(tx); err != nil {
						q.err, failed = err, i
						return errSkip
					}
				}
				if h := r.committer.hook; h != nil {
					h(len(live))
				}
				return nil
			})
		})
		if failed >= 0 && errors.Is(err, errSkip) {
			live = append(live[:failed:failed], live[failed+1:]...)
			continue
		}
		for _, q := range live {
			q.err = err // nil: committed; else the commit itself failed
		}
		if err == nil {
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
