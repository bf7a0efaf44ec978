package counter

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/payterm"
	"guichet/pos"
)

// approvingTerminal approves every charge, after during (another till
// busy while the customer's card is read), and counts the charges.
type approvingTerminal struct {
	charges int
	during  func()
}

func (a *approvingTerminal) Charge(ctx context.Context, amount pos.Money, ref string) (payterm.Result, error) {
	a.charges++
	if a.during != nil {
		a.during()
	}
	return payterm.Result{Ref: ref, Outcome: payterm.Approved, TerminalRef: "T-" + ref, Approval: "123456", Brand: "VISA", Last4: "4242", Amount: amount}, nil
}

func (a *approvingTerminal) Status(ctx context.Context, ref string) (payterm.Result, error) {
	return payterm.Result{Ref: ref, Outcome: payterm.Unknown}, nil
}

// TestKioskChargesOnlyWhatItsCartStillHolds: a kiosk customer whose cart's
// holds ran out (20 minutes after its last change) pays at the terminal.
// Seats sold meanwhile by the counter are refused before the card is
// charged, with a sentence naming the seat; seats still free are held
// again before the charge, so no other till takes them while the card is
// read; a hold about to run out lasts the charge too. Before, the card was
// charged first and the order then refused: "refund it on the terminal".
func TestKioskChargesOnlyWhatItsCartStillHolds(t *testing.T) {
	for _, tc := range []struct {
		name      string
		after     time.Duration // from the cart's last change to the payment
		soldBy    bool          // the counter sold F-9 before the payment
		tryDuring bool          // the counter tries to take F-9 during the charge
	}{
		{"sold at the counter after the hold ran out", 21 * time.Minute, true, false},
		{"taken at the counter during the charge, hold ran out", 21 * time.Minute, false, true},
		{"taken at the counter during the charge, hold about to run out", 20*time.Minute - time.Second, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat, err := fixtures.DemoCatalog(saleDay)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			now := saleDay
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
			svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { svc.Close() })
			kiosk, err := svc.UnlockKiosk()
			if err != nil {
				t.Fatal(err)
			}
			desk, err := svc.Unlock("claire", "1234")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := desk.OpenShift(pos.Money{}); err != nil {
				t.Fatal(err)
			}
			must(t, kiosk.AddSeats("hamlet-00", "parterre", "adult", "F-9"))
			advance(tc.after)
			if tc.soldBy {
				must(t, desk.AddSeats("hamlet-00", "parterre", "adult", "F-9"))
				if _, err := desk.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "desk-1"}}}); err != nil {
					t.Fatal(err)
				}
			}
			var deskErr error
			term := &approvingTerminal{}
			if tc.tryDuring {
				term.during = func() {
					advance(2 * time.Second) // the card is read
					deskErr = desk.AddSeats("hamlet-00", "parterre", "adult", "F-9")
				}
			}
			p, err := kiosk.PayAtTerminal(context.Background(), term, "card")
			st, serr := svc.Register().Stats()
			if serr != nil {
				t.Fatal(serr)
			}
			if tc.soldBy {
				if err == nil || errors.Is(err, ErrRefundNeeded) || !strings.Contains(err.Error(), "Row F, seat 9") || term.charges != 0 {
					t.Fatalf("seat sold at the counter: err %v, %d charges: want the seat named and no charge", err, term.charges)
				}
				if st.Orders != 1 {
					t.Fatalf("%d orders, want the counter's only", st.Orders)
				}
				return
			}
			if err != nil || !p.Paid() || term.charges != 1 {
				t.Fatalf("paid %v, err %v, %d charges: want the kiosk's sale recorded", p.Paid(), err, term.charges)
			}
			if deskErr == nil || !strings.Contains(deskErr.Error(), "another till") {
				t.Fatalf("the counter took F-9 while the kiosk charged the card for it: %v", deskErr)
			}
		})
	}
}
