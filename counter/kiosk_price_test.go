package counter

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/payterm"
	"guichet/pos"
)

// clockTerminal approves every charge of what it is asked, and moves the
// register's clock on while the customer pays.
type clockTerminal struct {
	mu    sync.Mutex
	now   *time.Time
	after time.Duration
	seen  map[string]payterm.Result
}

func (c *clockTerminal) Charge(_ context.Context, amount pos.Money, ref string) (payterm.Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*c.now = c.now.Add(c.after)
	res := payterm.Result{Ref: ref, Outcome: payterm.Approved, TerminalRef: "T-" + ref, Approval: "123456", Amount: amount}
	c.seen[ref] = res
	return res, nil
}

func (c *clockTerminal) Status(_ context.Context, ref string) (payterm.Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.seen[ref]; ok {
		return r, nil
	}
	return payterm.Result{Ref: ref, Outcome: payterm.Unknown}, nil
}

// TestATerminalChargeIsRecordedForWhatItCharged: the kiosk charges the
// cart's price on the terminal, then records the order. An automatic
// offer that ended while the customer held the card (midnight) made the
// order cost CHF 5.00 more a ticket: the order was recorded as paid CHF
// 90.00 by a card that was charged CHF 80.00. A charge that no longer
// pays the order is now refused for a refund on the terminal, and no
// order records money that was not taken.
func TestATerminalChargeIsRecordedForWhatItCharged(t *testing.T) {
	src := bytes.Replace(fixtures.Demo, []byte(`"valid_from": "+4w mon",
   "valid_until": "+4w sun",
   "performance_control": {
    "containing": "festival"
   }`), []byte(`"valid_from": "-1d",
   "valid_until": "+0d"`), 1)
	if bytes.Equal(src, fixtures.Demo) {
		t.Fatal("the demo catalog's festival-auto offer was not found")
	}
	// 23:59:30 in Lausanne: the offer ends in 30 s
	now := time.Date(2026, 11, 23, 22, 59, 30, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	cat, err := pos.ParseCatalog("demo", src, now)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	till, err := svc.UnlockKiosk()
	if err != nil {
		t.Fatal(err)
	}
	if err := till.AddSeats("hamlet-01", "parterre", "adult", "F-9", "F-10"); err != nil {
		t.Fatal(err)
	}
	pc, err := till.PricedWith([]string{"card"})
	if err != nil {
		t.Fatal(err)
	}
	if pc.Total != pos.M(8000, "CHF") {
		t.Fatalf("before midnight two adults cost %s, want CHF 80.00 (the offer's CHF 5.00 off each)", pc.Total)
	}
	term := &lockedClock{&clockTerminal{now: &now, after: time.Minute, seen: map[string]payterm.Result{}}, &mu}
	p, err := till.PayAtTerminal(context.Background(), term, "card")
	if p.Paid() && err == nil {
		o := p.Sale.Order
		t.Fatalf("order %s recorded: total %s, paid %s by card; the terminal charged %s", o.Number, o.Total, o.Payments[0].Amount, p.Result.Amount)
	}
	if !errors.Is(err, ErrRefundNeeded) {
		t.Fatalf("PayAtTerminal: %v, want the charge refused for a refund on the terminal", err)
	}
	if st, err := svc.Register().Stats(); err != nil || st.Orders != 0 {
		t.Fatalf("%d orders recorded (%v), want none", st.Orders, err)
	}
	if pend, err := svc.Register().PendingPayments(); err != nil || len(pend) != 0 {
		t.Fatalf("payments still pending: %v (%v); want the charge resolved as to refund", pend, err)
	}
}

// lockedClock moves the clock under the register's clock lock.
type lockedClock struct {
	*clockTerminal
	mu *sync.Mutex
}

func (l *lockedClock) Charge(ctx context.Context, amount pos.Money, ref string) (payterm.Result, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.clockTerminal.Charge(ctx, amount, ref)
}
