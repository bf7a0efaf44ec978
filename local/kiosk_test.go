package local

import (
	"errors"
	"testing"

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
