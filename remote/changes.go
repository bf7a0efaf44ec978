package remote

import (
	"context"
	"sync"
	"sync/atomic"
)

// Changes tells every open till that the register changed, so a seat
// taken in one shows as held in the others at once and no till polls.
//
// Tills report: after each of their calls returns (its answer reaching
// the screen), Check compares the service's version with the last one told
// and, when it moved, wakes every subscriber. A hold running out moves no
// version: Tell wakes them all the same.
//
// The register service (counter) is where this belongs in the end, fed by
// the journal's commits and hold changes themselves.
type Changes struct {
	version func() uint64
	last    atomic.Uint64

	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// NewChanges watches a service's version (counter.Service.Version).
func NewChanges(version func() uint64) *Changes {
	c := &Changes{version: version, subs: map[chan struct{}]struct{}{}}
	c.last.Store(version())
	return c
}

// Subscribe returns a channel that receives after every change, holding
// one pending signal at most (a slow till misses nothing: it reads the
// newest state once), until cancel, which closes it.
func (c *Changes) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	c.mu.Lock()
	c.subs[ch] = struct{}{}
	c.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			c.mu.Lock()
			delete(c.subs, ch)
			c.mu.Unlock()
			close(ch)
		})
	}
}

// Check tells every subscriber if the version moved since last told.
func (c *Changes) Check() {
	v := c.version()
	if c.last.Swap(v) != v {
		c.Tell()
	}
}

// Tell wakes every subscriber.
func (c *Changes) Tell() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ch := range c.subs {
		select {
		case ch <- struct{}{}:
		default: // one is pending already
		}
	}
}

// inflight counts the till calls under way in every session (each runs
// as a tea.Cmd): stopping waits until none is, so every commit a till
// started finishes before the register closes.
type inflight struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n == 0; nil while nobody waits
}

func (f *inflight) enter() {
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
}

func (f *inflight) leave() {
	f.mu.Lock()
	f.n--
	if f.n == 0 && f.idle != nil {
		close(f.idle)
		f.idle = nil
	}
	f.mu.Unlock()
}

// count is how many calls are under way.
func (f *inflight) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// wait returns once no call is under way, or ctx ends.
func (f *inflight) wait(ctx context.Context) error {
	f.mu.Lock()
	if f.n == 0 {
		f.mu.Unlock()
		return nil
	}
	if f.idle == nil {
		f.idle = make(chan struct{})
	}
	idle := f.idle
	f.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
