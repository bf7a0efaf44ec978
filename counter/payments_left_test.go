package counter

import (
	"path/filepath"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// A till ended with a card approved and its sale not recorded (SIGTERM
// mid-sale, a session dropped, the idle release) journals the payments
// left. The cashier who unlocks after a restart is told of them, from the
// journal, as she was from memory when the register kept running; once
// told she is not told again, a restart or not. Before, memory only: after
// the restart no unlock told her (the table's restart rows failed).
func TestPaymentsLeftAreToldAfterARestart(t *testing.T) {
	card := pos.Tender{Method: "card", Amount: pos.M(2000, "CHF"), Card: &pos.CardRef{Terminal: "T-77", Approval: "A1"}}
	cases := []struct {
		name string
		// leave leaves the card's payment at one of claire's tills
		leave   func(t *testing.T, svc *Service)
		restart bool // the register stops and opens again before she unlocks
		told    int  // the notices her unlock gives
	}{
		{"till ended, no restart", func(t *testing.T, svc *Service) { must(t, svc.LeavePayments("claire", []pos.Tender{card})) }, false, 1},
		{"till ended, restart", func(t *testing.T, svc *Service) { must(t, svc.LeavePayments("claire", []pos.Tender{card})) }, true, 1},
		{"screen locked, journaled, restart", func(t *testing.T, svc *Service) {
			must(t, svc.JournalRemembered(svc.RememberPaymentsLeft("claire", []pos.Tender{card})))
		}, true, 1},
		{"screen locked, not yet journaled", func(t *testing.T, svc *Service) {
			svc.RememberPaymentsLeft("claire", []pos.Tender{card})
		}, false, 1},
		{"cart emptied: said at once, restart", func(t *testing.T, svc *Service) {
			must(t, svc.JournalPaymentsLeft("claire", []pos.Tender{card}))
		}, true, 0},
	}
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "guichet.db")
			open := func() *Service {
				svc, err := Open(Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }, Lang: "fr"})
				if err != nil {
					t.Fatal(err)
				}
				return svc
			}
			svc := open()
			till, err := svc.Unlock("claire", "1234")
			must(t, err)
			_, err = till.OpenShift(pos.M(20000, "CHF"))
			must(t, err)
			tc.leave(t, svc)
			if tc.restart {
				must(t, svc.Close())
				svc = open()
			}
			left := svc.PaymentsLeft("claire")
			if len(left) != tc.told {
				t.Fatalf("her unlock tells %d notices (%+v), want %d", len(left), left, tc.told)
			}
			if tc.told > 0 {
				if p := left[0].Payments; len(p) != 1 || p[0].Card == nil || p[0].Card.Terminal != "T-77" || p[0].Amount != card.Amount || !left[0].At.Equal(saleDay) {
					t.Fatalf("the notice: %+v, want the card's CHF 20.00, ref T-77, at %s", left[0], saleDay)
				}
			}
			if again := svc.PaymentsLeft("claire"); len(again) != 0 {
				t.Fatalf("told again at the next unlock: %+v", again)
			}
			if svc.PaymentsLeft("lea") != nil {
				t.Fatal("another member of staff is told of claire's payments")
			}
			must(t, svc.Close())
			svc = open()
			defer svc.Close()
			if again := svc.PaymentsLeft("claire"); len(again) != 0 {
				t.Fatalf("told again after a restart: %+v", again)
			}
		})
	}
}
