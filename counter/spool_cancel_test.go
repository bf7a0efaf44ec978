package counter

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

// gate is a printer connection that holds one job back when asked: the
// test does something at the counter while a sale is still printing, then
// lets the job go. At each job written it notes the status line's failure,
// if any: what the cashier read then.
type gate struct {
	printers.Transport // the fake printer's, a StatusReader and PrintWaiter

	mu      sync.Mutex
	hold    int // the hold-th job written from now on waits; 0: none
	svc     *Service
	failed  []string
	reached chan struct{}
	release chan struct{}
}

func (g *gate) Write(b []byte) (int, error) {
	g.mu.Lock()
	svc, wait := g.svc, false
	if g.hold > 0 {
		g.hold--
		wait = g.hold == 0
	}
	g.mu.Unlock()
	if svc != nil {
		if f := svc.Printer().Failed; f != "" {
			g.mu.Lock()
			g.failed = append(g.failed, f)
			g.mu.Unlock()
		}
	}
	if wait {
		g.reached <- struct{}{}
		<-g.release
	}
	return g.Transport.Write(b)
}

func (g *gate) Status(ctx context.Context) (printers.Status, error) {
	return g.Transport.(printers.StatusReader).Status(ctx)
}

func (g *gate) WaitPrinted(ctx context.Context, onStatus func(printers.Status)) error {
	return g.Transport.(printers.PrintWaiter).WaitPrinted(ctx, onStatus)
}

// A cashier cancels a ticket of an order while that order's sale is still
// printing (its first ticket out, its second being sent): the spooler
// records the sale's jobs together once the last printed, and one of them
// has left the queue meanwhile. The paper exists, so the ticket is
// recorded as printed, the status line says no failure, and nothing prints
// twice. A ticket canceled before its bytes were sent does not print.
func TestATicketCanceledWhileItsSalePrintsIsRecordedPrinted(t *testing.T) {
	for _, tc := range []struct {
		name     string
		canceled int    // which of the sale's two tickets is canceled
		hold     int    // while the hold-th job of the sale is being sent
		printed  string // what the printer got
	}{
		{"the ticket already out", 0, 2, "ticket ticket drawer drawer"},
		{"the ticket being sent", 1, 2, "ticket ticket drawer drawer"},
		// read with the sale's jobs, not sent yet: it does not print
		// (the spooler asks before each job), and is not recorded printed
		{"the ticket not sent yet", 1, 1, "ticket drawer drawer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat, err := fixtures.DemoCatalog(saleDay)
			if err != nil {
				t.Fatal(err)
			}
			fake := printertest.New(t)
			g := &gate{Transport: fake.Open(), reached: make(chan struct{}), release: make(chan struct{})}
			prof, _ := printers.LookupProfile("tm-t20")
			path := filepath.Join(t.TempDir(), "guichet.db")
			svc, err := Open(Options{Path: path, Register: "K01", Catalog: cat,
				Now: func() time.Time { return saleDay }, Lang: "fr", Printer: g, Profile: &prof, Receipts: ReceiptsAsk,
				PrintInterval: 10 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			closed := false
			t.Cleanup(func() {
				if !closed {
					svc.Close()
				}
			})
			g.mu.Lock()
			g.svc = svc
			g.mu.Unlock()
			till, err := svc.Unlock("claire", "1234")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := till.OpenShift(pos.M(20000, "CHF")); err != nil {
				t.Fatal(err)
			}
			r := &rig{t: t, svc: svc, till: till, printer: fake}
			r.printed() // the float's drawer

			g.mu.Lock()
			g.hold = tc.hold
			g.mu.Unlock()
			o := r.sell(cash(10000)).Order
			<-g.reached
			gone := o.Tickets[tc.canceled].Number
			if err := till.CancelPart(o.Number, "one cannot come", CancelOptions{Tickets: []string{gone}}); err != nil {
				t.Fatal(err)
			}
			close(g.release)

			doc := r.printed()
			if got := printertest.Sequence(doc); got != tc.printed {
				t.Errorf("printed %q, want %q: each ticket at most once, the sale's drawer, then the refund's drawer (its slip waits for r: receipts ask)", got, tc.printed)
			}
			g.mu.Lock()
			failed := g.failed
			g.mu.Unlock()
			if f := svc.Printer().Failed; f != "" {
				failed = append(failed, f)
			}
			if len(failed) > 0 {
				t.Errorf("the status line said a failure: %q", failed)
			}
			ov, ok, err := svc.reg.Order(o.Number)
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			for _, tv := range ov.Tickets {
				want := 1 // its paper exists
				if strings.Count(tc.printed, "ticket") == 1 && tv.Number == gone {
					want = 0
				}
				if tv.Printed != want {
					t.Errorf("ticket %s (%s) is recorded printed %d times, want %d", tv.Number, tv.State, tv.Printed, want)
				}
				if tv.Number == gone && tv.State != local.TicketCanceled {
					t.Errorf("ticket %s is %s, want canceled", tv.Number, tv.State)
				}
			}
			svc.Close()
			closed = true
			if _, err := local.Verify(path); err != nil {
				t.Errorf("the journal does not verify: %v", err)
			}
		})
	}
}
