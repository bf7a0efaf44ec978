package counter

import (
	"strings"
	"testing"

	"guichet/printers/printertest"
)

// owedRefund makes a card approval of the kiosk no order was made of, to
// refund on the terminal, and opens the staff menu with Claire's PIN.
func owedRefund(t *testing.T, svc *Service) (*Till, string) {
	t.Helper()
	k, err := svc.UnlockKiosk()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = k.Close() })
	if err := k.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	pc, err := k.PricedWith([]string{"card"})
	if err != nil {
		t.Fatal(err)
	}
	req, err := k.RequestPayment("card", pc.Total)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.ResolvePayment(req.Ref, "refund", "", "complet"); err != nil {
		t.Fatal(err)
	}
	if err := k.OpenStaffMenu("1234", ""); err != nil {
		t.Fatal(err)
	}
	return k, req.Ref
}

// TestACardRefundMarkedAtTheKioskPrintsItsSlipWhateverTheReceipts: the
// slip of a card approval refunded on the terminal prints whatever
// --receipts says (nobody can ask for it later on a kiosk), in the
// register's language; a kiosk with no printer marks the refund and
// queues nothing. The test failed before: nothing printed.
func TestACardRefundMarkedAtTheKioskPrintsItsSlipWhateverTheReceipts(t *testing.T) {
	for _, policy := range []ReceiptPolicy{ReceiptsAsk, ReceiptsCash, ReceiptsAlways} {
		t.Run(string(policy), func(t *testing.T) {
			r := newRig(t, policy)
			k, ref := owedRefund(t, r.svc)
			if err := k.MarkRefunded(ref); err != nil {
				t.Fatal(err)
			}
			doc := r.printed()
			if got := printertest.Sequence(doc); got != "refund" {
				t.Fatalf("printed %q, want the refund slip:\n%s", got, text(doc))
			}
			got := words(text(doc))
			for _, w := range []string{"Remboursement", "Paiement " + ref, "Remboursé Carte de crédit CHF -", "TOTAL CHF -",
				"Remboursé par Claire Dubois", "Motif : complet", "Caisse K01"} {
				if !strings.Contains(got, w) {
					t.Errorf("the slip does not say %q:\n%s", w, text(doc))
				}
			}
		})
	}
	t.Run("no printer", func(t *testing.T) {
		k := newKioskRig(t)
		till, ref := owedRefund(t, k.svc)
		if err := till.MarkRefunded(ref); err != nil {
			t.Fatal(err)
		}
		if q, err := k.svc.Register().PrintQueue(); err != nil || len(q) != 0 {
			t.Fatalf("a kiosk with no printer queued %+v (%v)", q, err)
		}
		if owed, err := k.svc.RefundsOwed(); err != nil || len(owed) != 0 {
			t.Fatalf("still owed: %+v (%v)", owed, err)
		}
	})
}
