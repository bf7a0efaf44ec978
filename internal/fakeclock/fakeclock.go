// Package fakeclock is a clock a test sets and moves, safe to read from
// the goroutines of the register and its services while the test moves it.
package fakeclock

import (
	"sync"
	"time"
)

// Clock is a settable time; its Now is what a register's Options.Now takes.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New is a clock showing t.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Now is the time the clock shows.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set makes the clock show t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
