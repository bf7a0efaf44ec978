package counter

import (
	"strings"
	"testing"
	"time"

	"guichet/local"
	"guichet/pos"
	"guichet/printers/printertest"
)

// TestTheTrainingDrawerStaysShut: training moves no real money, so no
// training operation opens the drawer, which holds the real cash. A
// training sale paid in cash queued no kick, but a training float, cash
// refund, cash in or out, invoice paid in cash or count did: each wrote
// a drawer.queued into the training journal, left for the real spooler to
// drop (print.dropped) before it reached the printer; a training till
// relied on that filter alone. The test failed before: the float, the
// cancellation, the cash move, the invoice and the count each journaled a
// kick in the training register.
func TestTheTrainingDrawerStaysShut(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	training, err := r.svc.Training()
	if err != nil {
		t.Fatal(err)
	}
	trainee, err := training.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	real := r.till
	defer func() { r.till = real }()
	var sale Sale
	for _, tc := range []struct {
		what string
		do   func() error
	}{
		{"a float", func() error { _, err := trainee.OpenShift(pos.M(20000, "CHF")); return err }},
		{"a sale in cash", func() error { r.till = trainee; sale = r.sell(cash(10000)); r.till = real; return nil }},
		{"a cancellation refunded in cash", func() error {
			return trainee.CancelPart(sale.Order.Number, "erreur", CancelOptions{Refund: "cash"})
		}},
		{"an exchange paid in cash", func() error {
			r.till = trainee
			sale = r.sell(cash(10000)) // F-9 and F-10 again
			r.till = real
			if _, err := trainee.Exchange(sale.Order.Number, []string{sale.Order.Tickets[1].Number}); err != nil {
				return err
			}
			if err := trainee.AddSeats("hamlet-00", "parterre", "adult", "F-11"); err != nil {
				return err
			}
			_, err := trainee.Checkout([]pos.Tender{cash(10000)})
			return err
		}},
		{"cash in", func() error { return trainee.CashMove(pos.M(1000, "CHF"), "monnaie") }},
		{"cash out", func() error { return trainee.CashMove(pos.M(-500, "CHF"), "dépôt") }},
		{"an invoice paid in cash", func() error {
			if err := trainee.AddSeats("hamlet-00", "parterre", "adult", "F-12", "F-13", "F-14"); err != nil {
				return err
			}
			inv, err := trainee.Checkout([]pos.Tender{{Method: "invoice"}})
			if err != nil {
				return err
			}
			return trainee.ValidatePayment(inv.Order.Number, cash(20000))
		}},
		{"a count", trainee.OpenDrawer},
	} {
		before := journalCount(t, training.Register(), local.TypeDrawerQueued)
		if err := tc.do(); err != nil {
			t.Fatalf("%s in training: %v", tc.what, err)
		}
		waitTrainingPrinted(t, training)
		if got := printertest.Sequence(r.printed()); containsWord(got, "drawer") {
			t.Errorf("%s in training printed %q: the drawer opened", tc.what, got)
		}
		if n := journalCount(t, training.Register(), local.TypeDrawerQueued) - before; n != 0 {
			t.Errorf("%s in training journaled %d drawer kicks, want none", tc.what, n)
		}
	}
	// the real till's drawer still opens
	if err := real.CashMove(pos.M(1000, "CHF"), "monnaie"); err != nil {
		t.Fatal(err)
	}
	if got := printertest.Sequence(r.printed()); got != "drawer" {
		t.Fatalf("a real cash in printed %q, want the drawer kick", got)
	}
}

// waitTrainingPrinted waits for the training register's print queue to
// empty (the rig's printed waits for the real one's).
func waitTrainingPrinted(t *testing.T, training *Service) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		q, err := training.Register().PrintQueue()
		if err == nil && len(q) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the training jobs never printed: %+v (%v)", q, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// journalCount counts a register's journal entries of one type.
func journalCount(t *testing.T, reg *local.Register, typ string) int {
	t.Helper()
	raw, err := reg.Entries(1, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range raw {
		e, err := local.DecodeEntry(v)
		if err != nil {
			t.Fatal(err)
		}
		if e.Type == typ {
			n++
		}
	}
	return n
}

func containsWord(seq, w string) bool {
	for _, f := range strings.Fields(seq) {
		if f == w {
			return true
		}
	}
	return false
}
