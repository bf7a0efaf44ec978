package remote

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/local"
)

// startBoxHolding serves a register whose clock runs (from fixedNow) and
// whose carts hold their seats holdFor after their last change.
func startBoxHolding(t *testing.T, staffKeys []string, holdFor time.Duration, tune func(*Options)) *box {
	t.Helper()
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	return startBoxLocal(t, cat, staffKeys, tune, func(o *local.Options) {
		o.Now = func() time.Time { return fixedNow.Add(time.Since(start)) }
		o.HoldFor = holdFor
	})
}

// TestATillInUseKeepsItsSeats: a cashier who took a seat and goes on
// working at the till (a long sale: names, answers, a payment) without
// changing the cart keeps the seat. Before, the hold ran out HoldFor after
// the cart's last change whatever the cashier did: the other till saw the
// seat free and could take it, without the first being told.
//
// The register's clock stands still until the test moves it, a key pressed
// at each step: on the real clock (a 1 s hold, a key every 200 ms) a
// process frozen longer than the hold between two keys lost the seat.
func TestATillInUseKeepsItsSeats(t *testing.T) {
	k1, line1 := newKey(t, "claire")
	k2, line2 := newKey(t, "claire")
	const holdFor = time.Second
	clock := fakeclock.New(fixedNow)
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	b := startBoxLocal(t, cat, []string{line1, line2}, nil, func(o *local.Options) {
		o.Now, o.HoldFor = clock.Now, holdFor
	})
	one, two := b.connect(k1, 80, 24), b.connect(k2, 80, 24)
	one.unlock()
	two.unlock()
	one.toStallsSeatA2()
	two.toStallsSeatA2()
	one.keys("space")
	one.waitFor("1 seat in the cart")
	two.waitFor("Row A, seat 2 · held by another till")
	// the cashier goes on working for twice the hold, the cart unchanged:
	// a key every 2/5 of the hold, each one on the screen (the register
	// was told) before the clock moves on
	for i, key := range []string{"right", "left", "right", "left", "right"} {
		clock.Add(holdFor * 2 / 5)
		one.keys(key)
		one.waitFor(fmt.Sprintf("Row A, seat %d · ", 3-i%2))
		if st := b.seatMap("hamlet-00", "parterre")["A-2"]; st == counter.SeatFree {
			t.Fatalf("the seat of a till in use went back on sale %v after it was taken:\n%s",
				holdFor*2/5*time.Duration(i+1), one.screen())
		}
	}
	two.keys("space")
	two.waitFor("! Row A, seat 2")
	if strings.Contains(two.screen(), "1 seat in the cart") {
		t.Fatalf("the other till took the seat of a till in use:\n%s", two.screen())
	}
}

// TestALockedTillKeepsItsSeatsUntilTheTimeShown: a till locked for
// idleness says "cart kept until HH:MM" (--idle-release after the last
// key): its seats stay held until then, then go back on sale when the
// till closes. Before, they went back HoldFor after the cart's last
// change, before the time shown when --idle-release is longer.
func TestALockedTillKeepsItsSeatsUntilTheTimeShown(t *testing.T) {
	k1, line1 := newKey(t, "claire")
	k2, line2 := newKey(t, "claire")
	// the tills lock when the idle clock is moved: on the real clock (2 s,
	// 300 ms before) one till locked while the other went to the seat
	// plan on a loaded machine, before its key was sent. The register's
	// clock runs: its holds, kept until the time shown, run out on it.
	const lockAfter, releaseAfter = 300 * time.Millisecond, 5 * time.Second
	clock := newIdleClock()
	b := startBoxHolding(t, []string{line1, line2}, time.Second, func(o *Options) {
		o.LockAfter, o.ReleaseAfter, o.Now = lockAfter, releaseAfter, clock.Now
	})
	one, two := b.connect(k1, 80, 24), b.connect(k2, 80, 24)
	one.unlock()
	two.unlock()
	one.toStallsSeatA2()
	two.toStallsSeatA2()
	// before the key is sent: the server may read it (its last key)
	// before the write returns here, under load by a millisecond or more
	// (a clean-clone run saw the seat free "2.998962s" after)
	last := time.Now()
	one.keys("space")
	one.waitFor("1 seat in the cart")
	two.waitFor("Row A, seat 2 · held by another till")
	clock.pass(lockAfter)
	one.waitFor("Till locked (idle)", "Cart kept until")
	two.waitFor("Till locked (idle)")
	if strings.Contains(two.screen(), "kept until") {
		t.Fatalf("a till locked with an empty cart says its cart is kept:\n%s", two.screen())
	}
	// the other till is idle too (locked, its plan hidden): ask the register
	for time.Since(last) < releaseAfter-500*time.Millisecond {
		if st := b.seatMap("hamlet-00", "parterre")["A-2"]; st == counter.SeatFree {
			t.Fatalf("the seat of a locked till went back on sale %v after its last key, before the time shown", time.Since(last).Round(time.Millisecond))
		}
		time.Sleep(50 * time.Millisecond)
	}
	released := false
	for b.seatMap("hamlet-00", "parterre")["A-2"] != counter.SeatFree {
		if time.Since(last) > releaseAfter+7*time.Second {
			t.Fatal("the seat of a till released for idleness is still held")
		}
		if !released && time.Since(last) >= releaseAfter {
			clock.pass(releaseAfter - lockAfter) // the till closes too
			released = true
		}
		time.Sleep(20 * time.Millisecond)
	}
	if d := time.Since(last); d < releaseAfter {
		t.Fatalf("the seat went back on sale %v after the last key, before --idle-release", d)
	}
}

// TestALockedTillWithoutReleaseSaysWhenItsSeatsGo: with --idle-release 0
// the locked till stays open with its cart, but its seats go back on sale
// the register's hold after the last key, as any cart's. Its screen said
// nothing of it (the cashier came back to a cart whose seats another till
// had sold); it now says until when they are held, and a till locked
// with an empty cart says nothing of seats.
func TestALockedTillWithoutReleaseSaysWhenItsSeatsGo(t *testing.T) {
	k1, line1 := newKey(t, "claire")
	k2, line2 := newKey(t, "claire")
	clock := newIdleClock()
	b := startBoxHolding(t, []string{line1, line2}, 2*time.Second, func(o *Options) {
		o.LockAfter, o.ReleaseAfter, o.Now = 300*time.Millisecond, 0, clock.Now
	})
	one, two := b.connect(k1, 80, 24), b.connect(k2, 80, 24)
	one.unlock()
	two.unlock()
	one.toStallsSeatA2()
	one.keys("space")
	one.waitFor("1 seat in the cart")
	clock.pass(300 * time.Millisecond)
	one.waitFor("Till locked (idle)", "Seats held until")
	two.waitFor("Till locked (idle)")
	if strings.Contains(two.screen(), "held until") || strings.Contains(two.screen(), "kept until") {
		t.Fatalf("a till locked with an empty cart speaks of seats:\n%s", two.screen())
	}
	locked := time.Now()
	for b.seatMap("hamlet-00", "parterre")["A-2"] != counter.SeatFree {
		if time.Since(locked) > 10*time.Second {
			t.Fatal("the seat of a locked till is held long after the register's hold")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(one.screen(), "Seats held until") {
		t.Fatalf("the locked till no longer says when its seats go:\n%s", one.screen())
	}
}

// TestATillReleasedForIdlenessSaysItsCartWasEmptied: the locked screen
// said "cart kept until HH:MM"; past that time the till closes and its
// cart is emptied. The unlock screen the cashier comes back to says so
// (before, it said nothing, and she looked for the customer's seats).
// A till released with an empty cart says nothing of a cart.
func TestATillReleasedForIdlenessSaysItsCartWasEmptied(t *testing.T) {
	k1, line1 := newKey(t, "claire")
	k2, line2 := newKey(t, "claire")
	clock := newIdleClock()
	const lockAfter, releaseAfter = 300 * time.Millisecond, 1500 * time.Millisecond
	b := startBox(t, []string{line1, line2}, func(o *Options) {
		o.LockAfter, o.ReleaseAfter, o.Now = lockAfter, releaseAfter, clock.Now
	})
	one, two := b.connect(k1, 80, 24), b.connect(k2, 80, 24)
	one.unlock()
	two.unlock()
	one.toStallsSeatA2()
	one.keys("space")
	one.waitFor("1 seat in the cart")
	clock.pass(lockAfter)
	one.waitFor("Till locked (idle)", "Cart kept until")
	clock.pass(releaseAfter - lockAfter)
	one.waitFor("Who is selling?", "its cart was emptied")
	two.waitFor("Who is selling?")
	if strings.Contains(two.screen(), "emptied") {
		t.Fatalf("a till released with an empty cart speaks of its cart:\n%s", two.screen())
	}
}
