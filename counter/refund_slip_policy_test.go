package counter

import (
	"strings"
	"testing"

	"guichet/pos"
	"guichet/printers/printertest"
)

// TestTheRefundSlipFollowsTheReceiptPolicy: a till set to ask before
// printing a customer's receipt (--receipts ask) printed a refund slip
// at every cancellation anyway: the slip is the refund's receipt, so it
// now prints by itself as a sale's receipt would (always; with cash given
// back under "cash"), and under "ask" waits for the cashier's r, which
// then prints it as the original, not a duplicate. The drawer opens for
// cash given back whatever the policy. The test failed before: under
// "ask" the slip came out with the cancellation ("drawer refund").
func TestTheRefundSlipFollowsTheReceiptPolicy(t *testing.T) {
	for _, tc := range []struct {
		policy ReceiptPolicy
		pay    pos.Tender
		want   string // what the cancellation printed by itself
	}{
		{ReceiptsAsk, cash(10000), "drawer"},
		{ReceiptsAsk, card(), ""},
		{ReceiptsAlways, cash(10000), "drawer refund"},
		{ReceiptsAlways, card(), "refund"},
		{ReceiptsCash, cash(10000), "drawer refund"},
		{ReceiptsCash, card(), ""},
	} {
		t.Run(string(tc.policy)+" "+tc.pay.Method, func(t *testing.T) {
			r := newRig(t, tc.policy)
			o := r.sell(tc.pay).Order
			r.printed()
			if err := r.till.CancelPart(o.Number, "erreur", CancelOptions{}); err != nil {
				t.Fatal(err)
			}
			doc := r.printed()
			if got := printertest.Sequence(doc); got != tc.want {
				t.Fatalf("the cancellation printed %q, want %q:\n%s", got, tc.want, text(doc))
			}
			// r on a ticket given back: the slip, an original when none
			// printed before
			if err := r.till.PrintRefundSlipOf(o.Tickets[0].Number); err != nil {
				t.Fatal(err)
			}
			got := text(r.printed())
			if !strings.Contains(got, "Remboursement · COMMANDE ANNULÉE") {
				t.Fatalf("r printed no refund slip:\n%s", got)
			}
			if dup := strings.Contains(got, "DUPLICATA 1"); dup != (tc.want != "" && tc.want != "drawer") {
				t.Errorf("r printed DUPLICATA 1: %v, want it only after a slip printed by itself:\n%s", dup, got)
			}
		})
	}
}
