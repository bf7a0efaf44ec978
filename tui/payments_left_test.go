package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"guichet/local"
)

// cardForPart unlocks, puts two gallery places (CHF 50) in the cart and
// takes CHF 20 of it by card, reference T-77.
func (s *session) cardForPart() {
	s.unlock("200")
	s.keys("down", "enter")
	s.addGallery(2)
	s.waitFor(s.tr("pick.perfs"), s.tr("pick.added", ""))
	s.keys("c")
	s.toPayment()
	s.keys("down")
	s.waitFor("> Credit card")
	s.keys("enter")
	s.waitFor(s.tr("pay.reference"))
	s.typ("T-77")
	s.keys("tab")
	s.typ("20")
	s.keys("enter")
	s.waitFor(s.tr("pay.rest"), "CHF 30.00")
}

// TestPaymentsTakenBeforeTheTillClosesAreKept: the customer paid CHF 20 of
// CHF 50 by card (the terminal charged it, its reference typed), then the
// till closed before the rest was paid: the idle release (the same as a
// session ended: a dropped connection, a revoked key). The payments lived
// on the payment screen only: the cart's seats were released, no order,
// and nothing anywhere said a card had been charged. They are now
// journaled (till.session "payments.left") and told to the cashier at her
// next unlock, to sell again or give back.
func TestPaymentsTakenBeforeTheTillClosesAreKept(t *testing.T) {
	r := openRegister(t)
	s := startSession(t, newTestApp(r, "en"), 80, 24)
	s.cardForPart()

	s.tm.Send(LockMsg()) // idle: the till closes, its cart released
	s.waitFor(s.tr("unlock.pin"))
	s.typ("1234")
	s.keys("enter")
	s.waitFor("Payments taken at", "with no order", "Credit card CHF 20.00 (ref T-77)")

	es := journal(t, s, r)
	var left []local.TillSession
	for _, ts := range ofType[local.TillSession](t, es, local.TypeTillSession) {
		if ts.Event == local.EventPaymentsLeft {
			left = append(left, ts)
		}
	}
	if len(left) != 1 || left[0].Staff != "claire" || len(left[0].Payments) != 1 ||
		left[0].Payments[0].Card == nil || left[0].Payments[0].Card.Terminal != "T-77" || left[0].Payments[0].Amount != chf(2000) {
		t.Fatalf("payments left in the journal: %+v; want the card's CHF 20.00, ref T-77, claire's", left)
	}
}

// TestPaymentsTakenBeforeTheSessionEndsAreKept: the same when the session
// ends (the program gone: a dropped connection, a revoked key), as
// guichet ssh closes its till (App.CloseTill).
func TestPaymentsTakenBeforeTheSessionEndsAreKept(t *testing.T) {
	r := openRegister(t)
	app := newTestApp(r, "en")
	s := startSession(t, app, 80, 24)
	s.cardForPart()
	s.quit()
	app.CloseTill()
	left := app.c.real.PaymentsLeft("claire")
	if len(left) != 1 || len(left[0].Payments) != 1 || left[0].Payments[0].Card.Terminal != "T-77" {
		t.Fatalf("payments left to tell claire: %+v; want the card's, ref T-77", left)
	}
}

// TestPaymentsRecordedWithTheirOrderAreNotLeft: a sale paid and recorded
// leaves no payment behind when the session then ends.
func TestPaymentsRecordedWithTheirOrderAreNotLeft(t *testing.T) {
	r := openRegister(t)
	app := newTestApp(r, "en")
	s := startSession(t, app, 80, 24)
	s.cardForPart()
	s.keys("up")
	s.waitFor("> Cash")
	s.keys("enter", "enter")
	s.waitFor(s.tr("done.order", "K01-000001"))
	s.quit()
	app.CloseTill()
	if left := app.c.real.PaymentsLeft("claire"); len(left) != 0 {
		t.Fatalf("payments left after their order was recorded: %+v", left)
	}
}

// TestPaymentsTakenStayWithTheSaleBackToTheCart: CHF 20 of CHF 50 paid by
// card, then Esc to the cart (a ticket to add, a customer to set): the
// card's payment was dropped without a question (Backspace asks before
// removing one), and Enter opened a payment asking the whole CHF 50 again.
// The payments taken stay with the sale: back at the payment they are
// there, what is left to pay counted from the cart as it is now.
func TestPaymentsTakenStayWithTheSaleBackToTheCart(t *testing.T) {
	r := openRegister(t)
	s := startSession(t, newTestApp(r, "en"), 80, 24)
	s.cardForPart()
	s.keys("esc")
	s.waitFor(s.tr("cart.total"))
	s.keys("+") // one more place: CHF 75.00
	s.waitFor("CHF 75.00")
	s.keys("enter")
	s.waitFor(s.tr("pay.methods"), "ref T-77", s.tr("pay.rest"), "CHF 55.00")
	s.keys("up")
	s.waitFor("> Cash")
	s.keys("enter", "enter")
	s.waitFor(s.tr("done.order", "K01-000001"))
	ov, ok, err := r.Order("K01-000001")
	if err != nil || !ok || len(ov.Order.Payments) != 2 || ov.Order.Payments[0].Amount != chf(2000) || ov.Order.Payments[1].Amount != chf(5500) {
		t.Fatalf("order %+v (%v %v): want the card's CHF 20.00 and CHF 55.00 in cash", ov.Order.Payments, ok, err)
	}
}

// TestAPaymentTheCartNoLongerTakesIsShown: CHF 30 of CHF 50 paid by card,
// then back at the cart one place taken off: the order costs CHF 25, less
// than the card paid. Back at the payment the card's payment is no longer
// settled (it pays more than is left), and it vanished from the list of
// payments while still kept: the screen said CHF 25.00 to pay as if no
// card had been charged. It is listed, with why it does not settle, so
// the cashier removes it (Backspace, the card refunded on the terminal).
func TestAPaymentTheCartNoLongerTakesIsShown(t *testing.T) {
	r := openRegister(t)
	s := startSession(t, newTestApp(r, "en"), 80, 24)
	s.unlock("200")
	s.keys("down", "enter")
	s.addGallery(2)
	s.waitFor(s.tr("pick.perfs"), s.tr("pick.added", ""))
	s.keys("c")
	s.toPayment()
	s.keys("down")
	s.waitFor("> Credit card")
	s.keys("enter")
	s.waitFor(s.tr("pay.reference"))
	s.typ("T-78")
	s.keys("tab")
	s.typ("30")
	s.keys("enter")
	s.waitFor(s.tr("pay.rest"), "CHF 20.00")
	s.keys("esc")
	s.waitFor(s.tr("cart.total"))
	s.keys("-")
	s.waitFor(s.tr("status.cart", 1, "CHF 25.00"))
	s.keys("enter")
	s.waitFor(s.tr("pay.methods"), "ref T-78", "more than the CHF 25.00 left to pay")
}

// TestPaymentsOfACartEmptiedAreJournaledNotCarriedToTheNextSale: CHF 20 of
// CHF 50 paid by card, back at the cart, and the customer leaves: the
// cashier takes both places off. The card's payment stayed with the sale,
// unseen on the cart, and the next customer's payment screen listed it
// as already paid (that customer paying CHF 20 too little). Emptying the
// cart journals the payments as taken with no order (payments.left) and
// says to give them back; the next sale starts without them.
func TestPaymentsOfACartEmptiedAreJournaledNotCarriedToTheNextSale(t *testing.T) {
	r := openRegister(t)
	s := startSession(t, newTestApp(r, "en"), 80, 24)
	s.cardForPart()
	s.keys("esc")
	s.waitFor(s.tr("cart.total"), s.tr("cart.paid", "Credit card CHF 20.00 (ref T-77)"))
	s.keys("-")
	s.waitFor(s.tr("status.cart", 1, "CHF 25.00"))
	s.keys("-")
	s.waitFor(s.tr("cart.empty"), "journaled with no", "Credit card CHF 20.00 (ref T-77)")

	s.keys("esc") // the next customer
	s.waitFor(s.tr("pick.perfs"))
	s.keys("enter")
	s.addGallery(1)
	s.waitFor(s.tr("pick.perfs"), s.tr("pick.added", ""))
	s.keys("c")
	s.toPayment()
	if strings.Contains(s.screen(), "T-77") {
		t.Fatalf("the next sale's payment lists the last customer's card:\n%s", s.screen())
	}
	s.keys("enter", "enter")
	s.waitFor(s.tr("done.order", "K01-000001"))
	ov, ok, err := r.Order("K01-000001")
	if err != nil || !ok || len(ov.Order.Payments) != 1 || ov.Order.Payments[0].Amount != chf(2500) {
		t.Fatalf("order %+v (%v %v): want CHF 25.00 in cash alone", ov.Order.Payments, ok, err)
	}

	es := journal(t, s, r)
	var left []local.TillSession
	for _, ts := range ofType[local.TillSession](t, es, local.TypeTillSession) {
		if ts.Event == local.EventPaymentsLeft {
			left = append(left, ts)
		}
	}
	if len(left) != 1 || left[0].Staff != "claire" || len(left[0].Payments) != 1 || left[0].Payments[0].Amount != chf(2000) {
		t.Fatalf("payments left in the journal: %+v; want the card's CHF 20.00, claire's", left)
	}

}

// TestPaymentsOfACheckoutFailingAfterTheSessionEndedAreKept: the session
// ended (App.CloseTill) while the checkout was still under way, and that
// checkout then failed (here: on the till closed meanwhile). No order
// holds the payments, and the closing till had left them to the checkout:
// they are journaled and told to the cashier as the closing till's are.
// The same when the checkout failed (CHF 30 still to pay) just before the
// session ended, its answer never shown.
func TestPaymentsOfACheckoutFailingAfterTheSessionEndedAreKept(t *testing.T) {
	for _, failsFirst := range []bool{false, true} {
		t.Run(map[bool]string{false: "fails after", true: "failed before"}[failsFirst], func(t *testing.T) {
			checkoutFailingAsTheSessionEnds(t, failsFirst)
		})
	}
}

func checkoutFailingAsTheSessionEnds(t *testing.T, failsFirst bool) {
	r := openRegister(t)
	app := newTestApp(r, "en")
	s := startSession(t, app, 80, 24)
	s.cardForPart()
	s.quit()
	p, ok := app.top().(*paymentScreen)
	if !ok {
		t.Fatalf("screen in front %T, want the payment screen", app.top())
	}
	run := p.checkout() // under way as the session ends
	var msg tea.Msg
	if failsFirst {
		msg = run()
		app.CloseTill()
	} else {
		app.CloseTill()
		msg = run()
	}
	if msg, ok := msg.(orderMsg); !ok || msg.err == nil {
		t.Fatalf("checkout: %+v, want it refused", msg)
	}
	left := app.c.real.PaymentsLeft("claire")
	if len(left) != 1 || len(left[0].Payments) != 1 || left[0].Payments[0].Card.Terminal != "T-77" {
		t.Fatalf("payments left to tell claire: %+v; want the card's, ref T-77", left)
	}
	es := journal(t, s, r)
	n := 0
	for _, ts := range ofType[local.TillSession](t, es, local.TypeTillSession) {
		if ts.Event == local.EventPaymentsLeft {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d payments.left in the journal, want 1", n)
	}
}

// TestPaymentsThatPayItAllSayEnterRecordsTheSale: CHF 50 of CHF 65 paid
// in cash, then back at the cart the child's seat (CHF 20) taken off: the
// CHF 50 handed over pay the CHF 45 left, with CHF 5 change. The payment
// listed the methods under "Remaining CHF 0.00" as if one were still to
// be chosen; it says everything is paid and Enter records the sale.
func TestPaymentsThatPayItAllSayEnterRecordsTheSale(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("100")
	s.twoSeatsInCart()
	s.keys("c")
	s.toPayment()
	s.keys("enter")
	s.typ("50")
	s.keys("enter")
	s.waitFor(s.tr("pay.rest"), "CHF 15.00")
	s.keys("esc")
	s.waitFor(s.tr("cart.total"))
	s.keys("down", "x")
	s.waitFor(s.tr("status.cart", 1, "CHF 45.00"))
	s.keys("enter")
	s.waitFor(s.tr("pay.paidup"), "Change CHF 5.00")
	if strings.Contains(s.screen(), s.tr("pay.methods")) {
		t.Fatalf("paid in full, yet the methods are offered:\n%s", s.screen())
	}
	s.keys("enter")
	s.waitFor(s.tr("done.order", "K01-000001"), "Change: CHF 5.00")
	ov, _, _ := r.Order("K01-000001")
	if len(ov.Order.Payments) != 1 || ov.Order.Payments[0].Amount != chf(4500) || ov.Order.Payments[0].Change != chf(500) {
		t.Fatalf("payments %+v: want CHF 45.00 in cash, CHF 5.00 change", ov.Order.Payments)
	}
}

// TestPaymentsLeftAreToldEvenBeforeTheLockJournalsThem: the lock's command
// journals the payments left and closes the till; under load the cashier's
// PIN came before it ran, and her unlock said nothing of them (they were
// told at the unlock after). The app keeps them at once: here the lock's
// command is not run at all before she unlocks again.
func TestPaymentsLeftAreToldEvenBeforeTheLockJournalsThem(t *testing.T) {
	r := openRegister(t)
	app := newTestApp(r, "en")
	d := newDriver(t, app, 80, 24)
	d.unlock("200")
	d.keys("down", "enter")
	d.expect(tr("en", "zone.title"))
	d.keys("down", "enter")
	d.expect(tr("en", "ga.title"))
	d.keys("+", "+", "enter", "c", "enter")
	d.expect("Credit card")
	d.keys("down", "enter")
	d.expect(tr("en", "pay.reference"))
	d.typ("T-77")
	d.keys("tab")
	d.typ("20")
	d.keys("enter")
	d.expect(tr("en", "pay.rest"))
	app.Update(LockMsg()) // its command (journal, close the till) not run
	d.expect(tr("en", "unlock.pin"))
	d.typ("1234")
	d.keys("enter")
	d.expect("Payments taken at")
	d.expect("Credit card CHF 20.00 (ref T-77)")
}

// TestTheZWaitsForPaymentsTakenForTheSaleUnderWay: CHF 20 of CHF 50 paid
// by card, the sale kept (back to the list), then the Z at the desk. The
// Z closed the shift, and its lock then journaled the card's payment as
// left with no order: after the Z, in no shift, so the closure's list of
// payments left (what explains a Z over) never had it. The Z now waits
// until the sale is recorded, or its cart emptied (its payments then
// listed as left in the shift being closed).
func TestTheZWaitsForPaymentsTakenForTheSaleUnderWay(t *testing.T) {
	r := openRegister(t)
	s := startSession(t, newTestApp(r, "en"), 80, 24)
	s.cardForPart()
	s.keys("esc")
	s.waitFor(s.tr("cart.total"))
	s.keys("esc")
	s.waitFor(s.tr("pick.perfs"))
	s.keys("z")
	s.waitFor(s.tr("report.x", "K01-S0001"))
	s.keys("z")
	s.waitFor("Payments are taken for the sale under way: Credit card CHF 20.00", "before the Z.")
	if strings.Contains(s.screen(), s.tr("report.count")) {
		t.Fatalf("the cash is counted for a Z with payments taken for the sale under way:\n%s", s.screen())
	}

	// emptied, its payments are left in the shift, and the Z lists them
	s.keys("esc")
	s.waitFor(s.tr("pick.perfs"))
	s.keys("c")
	s.waitFor(s.tr("cart.total"))
	s.keys("-")
	s.waitFor(s.tr("status.cart", 1, "CHF 25.00"))
	s.keys("-")
	s.waitFor(s.tr("cart.empty"), "journaled with no")
	s.keys("esc")
	s.waitFor(s.tr("pick.perfs"))
	s.keys("z")
	s.waitFor(s.tr("report.x", "K01-S0001"))
	s.keys("z")
	s.waitFor(s.tr("report.count"))
	s.typ("200")
	s.keys("enter", "enter")
	s.waitFor(s.tr("report.closed"))
	es := journal(t, s, r)
	z := ofType[jClosed](t, es, local.TypeShiftClosed)
	if len(z) != 1 || len(z[0].Report.Left) != 1 || z[0].Report.Left[0].Amount != chf(2000) {
		t.Fatalf("shift.closed = %+v; want the card's CHF 20.00 among its payments left", z)
	}
}
