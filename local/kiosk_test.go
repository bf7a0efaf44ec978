package local

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"guichet/pos"
)

func TestKioskTillSellsAsTheCustomerInItsOwnShift(t *testing.T) {
	r, _ := openTest(t, "")
	k, err := r.UnlockKiosk()
	must(t, err)
	if !k.Seller().Kiosk || k.Staff().ID != KioskStaffID {
		t.Fatalf("kiosk till sells as %+v, staff %s", k.Seller(), k.Staff().ID)
	}
	sh, ok, err := k.Shift()
	must(t, err)
	if !ok || !sh.Float.IsZero() {
		t.Fatalf("kiosk shift %+v open %v: want one with no float", sh, ok)
	}
	methods, err := k.PaymentMethods()
	must(t, err)
	for _, m := range methods {
		if !m.Customer {
			t.Errorf("the kiosk offers %s, which is not for customers", m.ID)
		}
	}
	// unlocking again finds the same shift
	k2, err := r.UnlockKiosk()
	must(t, err)
	if sh2, _, _ := k2.Shift(); sh2.ID != sh.ID {
		t.Fatalf("second unlock opened shift %s, want %s", sh2.ID, sh.ID)
	}
}

func TestPaymentRequestsStayPendingUntilResolved(t *testing.T) {
	r, _ := openTest(t, "")
	k, err := r.UnlockKiosk()
	must(t, err)
	must(t, k.AddTickets("hamlet-01", "galerie", "adult", 2))
	pc, err := k.Priced()
	must(t, err)
	a, err := k.RequestPayment("card", pc.Total)
	must(t, err)
	b, err := k.RequestPayment("card", pc.Total)
	must(t, err)
	if a.Ref != "K01-P000001" || b.Ref != "K01-P000002" {
		t.Fatalf("refs %s %s", a.Ref, b.Ref)
	}
	must(t, k.ResolvePayment(a.Ref, PaymentDeclined, "", ""))
	if err := k.ResolvePayment(a.Ref, PaymentDeclined, "", ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("resolving twice: %v", err)
	}
	pend, err := r.PendingPayments()
	must(t, err)
	if len(pend) != 1 || pend[0].Ref != b.Ref || len(pend[0].Cart.Lines) != 1 || pend[0].Amount != pc.Total {
		t.Fatalf("pending %+v", pend)
	}
	// an approval recorded after the request is found by its terminal ref
	o, err := k.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "SIM-000001"}}})
	must(t, err)
	got, err := r.OrderPaidBy(pend[0].Seq, "SIM-000001")
	must(t, err)
	if got != o.Number {
		t.Fatalf("OrderPaidBy = %q, want %s", got, o.Number)
	}
	if got, _ := r.OrderPaidBy(pend[0].Seq, "SIM-000009"); got != "" {
		t.Fatalf("another terminal ref found %s", got)
	}
	inc, reb := viewsAfterRebuild(t, r)
	if inc != reb {
		t.Fatal("rebuilt views differ from the incremental ones")
	}
}

// TestTheKioskPINFollowsTheUnlocksRule: the PIN after a kiosk's exit
// sequence (its exit PIN or an administrator's) is counted as an unlock's:
// the fifth wrong one in a row makes the next try wait, right PIN or not,
// journaled under the kiosk; the right PIN after the wait clears it.
func TestTheKioskPINFollowsTheUnlocksRule(t *testing.T) {
	r, clk := openTest(t, "")
	must(t, r.CheckKioskPIN("4321", "4321"))
	must(t, r.CheckKioskPIN("1234", "4321"))
	for i := 1; i <= PINTries; i++ {
		err := r.CheckKioskPIN("0000", "4321")
		var wait *PINWaitError
		if i < PINTries && !errors.Is(err, ErrWrongPIN) || i == PINTries && !errors.As(err, &wait) {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	var wait *PINWaitError
	if err := r.CheckKioskPIN("4321", "4321"); !errors.As(err, &wait) {
		t.Fatalf("the right PIN during the wait: %v, want a wait", err)
	}
	fs, err := r.PINFailures()
	must(t, err)
	if len(fs) != 1 || fs[0].Staff != KioskStaffID || fs[0].Count != PINTries || fs[0].Till != "K01" {
		t.Fatalf("failures %+v", fs)
	}
	clk.Add(PINWait + time.Second)
	must(t, r.CheckKioskPIN("1234", "4321"))
	if fs, _ := r.PINFailures(); len(fs) != 0 {
		t.Fatalf("failures after the right PIN: %+v", fs)
	}
}

// TestACustomerCannotShutTheKioskStaffOutForLong: the kiosk's exit
// sequence is open to any customer, and its wrong PINs are counted under
// the kiosk itself, not under who typed them: a customer who keeps trying
// must not make the staff wait hours (the doubling's 24 h) before they can
// reopen sales or leave the kiosk. The kiosk's wait doubles up to
// KioskPINWaitMax after the last try, and no further; a member of staff's
// own wait still doubles past it.
func TestACustomerCannotShutTheKioskStaffOutForLong(t *testing.T) {
	r, clk := openTest(t, "")
	var wait *PINWaitError
	for i := 1; i <= PINTries+12; i++ {
		err := r.CheckKioskPIN("0000", "4321")
		if i >= PINTries && !errors.As(err, &wait) {
			t.Fatalf("wrong PIN %d: %v, want a wait", i, err)
		}
		if i >= PINTries {
			if left := time.Duration(wait.Seconds()) * time.Second; left > KioskPINWaitMax {
				t.Fatalf("after %d wrong PINs at the kiosk the staff wait %v, more than %v", i, left, KioskPINWaitMax)
			}
			clk.Add(time.Duration(wait.Seconds()) * time.Second)
		}
	}
	if err := r.CheckKioskPIN("4321", "4321"); err != nil {
		t.Fatalf("the staff's PIN once the kiosk's wait is over: %v", err)
	}
	for i := 1; i <= PINTries+5; i++ {
		_, err := r.UnlockAt("marc", "0000", "K01")
		if i >= PINTries {
			if !errors.As(err, &wait) {
				t.Fatalf("marc's wrong PIN %d: %v, want a wait", i, err)
			}
			clk.Add(time.Duration(wait.Seconds()) * time.Second)
		}
	}
	if left := time.Duration(wait.Seconds()) * time.Second; left != 32*PINWait {
		t.Fatalf("marc's sixth wait is %v, want it doubled on to %v", left, 32*PINWait)
	}
}

// TestTheKiosksLastOrderIsReadFromTheFile: the kiosk kept its last order
// in memory only, so after a restart its staff menu had none to reprint.
// The register finds it: the newest order the kiosk sold, not a newer
// one sold at the counter on the same file, and again once reopened.
func TestTheKiosksLastOrderIsReadFromTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openTest(t, path)
	if got, err := r.LastKioskOrder(); err != nil || got != "" {
		t.Fatalf("before any sale: %q %v, want none", got, err)
	}
	k, err := r.UnlockKiosk()
	must(t, err)
	card := []pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "SIM-000001"}}}
	must(t, k.AddTickets("hamlet-01", "galerie", "adult", 1))
	_, err = k.Checkout(card)
	must(t, err)
	must(t, k.AddTickets("hamlet-01", "galerie", "child", 1))
	last, err := k.Checkout(card)
	must(t, err)
	counterSale := sellHamlet(t, openTill(t, r, "claire", "1234"), "adult", 1)
	for _, when := range []string{"open", "reopened"} {
		got, err := r.LastKioskOrder()
		if err != nil || got != last.Number {
			t.Fatalf("%s: the kiosk's last order %q %v, want %s (the counter's is %s)", when, got, err, last.Number, counterSale.Number)
		}
		r.Close()
		r, _ = openTest(t, path)
	}
}
