package printers

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// Extras is a Queue that adds jobs kept in memory (receipts, drawer kicks)
// to a journaled Queue (the tickets), so that they print on the same
// printer, in the same spooler, and wait like tickets while the printer is
// off or out of paper. They are not journaled: after a restart they are
// gone, which is right for a drawer kick and acceptable for a receipt (the
// staff print it again).
//
// An extra job of an order prints right after that order's pending
// tickets, so a cash sale's drawer opens once its tickets are out, and
// before the tickets of later orders; an extra with no pending ticket of
// its order (a cash in/out, or a receipt asked after the tickets printed)
// prints before the journaled jobs.
//
// Each extra gets its own ID (the ID given and "#n"), so a receipt asked for
// twice prints twice, and once printed an extra never prints again. The
// journaled queue's IDs must not contain "#".
type Extras struct {
	q Queue
	// Now is the clock for expiries (time.Now when nil).
	Now func() time.Time

	mu   sync.Mutex
	seq  int
	jobs []extra
}

type extra struct {
	job     Job
	expires time.Time // zero: never
}

// NewExtras adds jobs kept in memory to q.
func NewExtras(q Queue) *Extras { return &Extras{q: q} }

// Add queues j (its Order set when it belongs to an order) and returns the
// ID it will print under. A job not printed by expires is dropped unprinted
// (zero: it waits as long as it takes): a drawer that opens by itself an
// hour after the sale, when the printer comes back, is worse than one the
// staff open with the key. Add never blocks on the printer.
func (x *Extras) Add(j Job, expires time.Time) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.seq++
	j.ID += "#" + strconv.Itoa(x.seq)
	x.jobs = append(x.jobs, extra{j, expires})
	return j.ID
}

// Len is the number of extra jobs waiting (expired ones included until the
// next Pending).
func (x *Extras) Len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.jobs)
}

func (x *Extras) now() time.Time {
	if x.Now != nil {
		return x.Now()
	}
	return time.Now()
}

// Pending is the journaled queue's jobs with the extras placed among them
// (see Extras). Expired extras are dropped here.
func (x *Extras) Pending() ([]Job, error) {
	jobs, err := x.q.Pending()
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	now := x.now()
	keep := x.jobs[:0]
	for _, e := range x.jobs {
		if e.expires.IsZero() || now.Before(e.expires) {
			keep = append(keep, e)
		}
	}
	clear(x.jobs[len(keep):])
	x.jobs = keep
	if len(keep) == 0 {
		x.mu.Unlock()
		return jobs, nil
	}
	extras := make([]Job, len(keep))
	for i, e := range keep {
		extras[i] = e.job
	}
	x.mu.Unlock()

	// last[o] is the index of order o's last pending journaled job.
	last := make(map[string]int, len(extras))
	for _, e := range extras {
		last[e.Order] = -1
	}
	for i, j := range jobs {
		if _, ok := last[j.Order]; ok && j.Order != "" {
			last[j.Order] = i
		}
	}
	after := make(map[int][]Job, len(extras))
	for _, e := range extras {
		i := -1
		if e.Order != "" {
			i = last[e.Order]
		}
		after[i] = append(after[i], e)
	}
	out := make([]Job, 0, len(jobs)+len(extras))
	out = append(out, after[-1]...)
	for i, j := range jobs {
		out = append(out, j)
		out = append(out, after[i]...)
	}
	return out, nil
}

// MarkPrinted forgets a printed extra, or passes a journaled job's ID on to
// the journaled queue.
func (x *Extras) MarkPrinted(id string) error {
	x.mu.Lock()
	for i, e := range x.jobs {
		if e.job.ID == id {
			x.jobs = append(x.jobs[:i], x.jobs[i+1:]...)
			x.mu.Unlock()
			return nil
		}
	}
	x.mu.Unlock()
	if strings.Contains(id, "#") {
		return nil // an extra that expired while it printed: already forgotten
	}
	return x.q.MarkPrinted(id)
}
