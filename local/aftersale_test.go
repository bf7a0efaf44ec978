package local

import (
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/internal/fakeclock"
	"guichet/pos"
)

// checkJournal fails unless the journal verifies and the views equal a
// rebuild from it.
func checkJournal(t *testing.T, r *Register) {
	t.Helper()
	must(t, r.read(func(tx *bolt.Tx) error { _, _, err := verifyTx(tx, r.id); return err }))
	if inc, reb := viewsAfterRebuild(t, r); inc != reb {
		t.Fatal("the views differ from a rebuild of the journal")
	}
}

func TestInvoiceLapsesAtItsDeadlineAndItsSeatsAreFreeAgain(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddSeats("hamlet-04", "parterre", "adult", "C-1", "C-2"))
	o, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	if o.State != pos.OrderPending || o.Deadline.IsZero() {
		t.Fatalf("order %s: state %s, deadline %v", o.Number, o.State, o.Deadline)
	}
	b := openTill(t, r, "marc", "5678")
	_ = b
	other, err := r.Unlock("claire", "1234")
	must(t, err)
	if err := other.AddSeats("hamlet-04", "parterre", "adult", "C-1"); err == nil {
		t.Fatal("a seat of a pending invoice was sold again before its deadline")
	}
	clk.Add(o.Deadline.Sub(clk.Now()) - time.Minute)
	if n, err := r.LapseDue(); err != nil || n != 0 {
		t.Fatalf("before the deadline: %d lapsed, %v", n, err)
	}
	clk.Add(2 * time.Minute)
	// the other till notices: the seat is free again
	must(t, other.AddSeats("hamlet-04", "parterre", "adult", "C-1"))
	ov, _, err := r.Order(o.Number)
	must(t, err)
	if ov.Order.State != pos.OrderLapsed || ov.CancelReason != LapseReason {
		t.Fatalf("after the deadline: %s (%q)", ov.Order.State, ov.CancelReason)
	}
	if n, err := r.LapseDue(); err != nil || n != 0 {
		t.Fatalf("lapsed again: %d, %v", n, err)
	}
	if err := a.ValidatePayment(o.Number, pos.Tender{}); err == nil {
		t.Fatal("a lapsed invoice was validated")
	}
	rep, err := a.XReport()
	must(t, err)
	if rep.Detail.InvoicesLapsed != 1 {
		t.Fatalf("X report: %d invoices lapsed, want 1", rep.Detail.InvoicesLapsed)
	}
	checkJournal(t, r)
}

func TestInvoiceKeptAfterDeadlineWhenItsMethodSaysSo(t *testing.T) {
	cat := demoCatalog(t)
	m, _ := cat.PaymentMethodByID("invoice")
	m.KeepAfterDeadline = true
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: t.TempDir() + "/g.db", Register: "K01", Catalog: cat, Now: clk.Now})
	must(t, err)
	defer r.Close()
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddSeats("hamlet-04", "parterre", "adult", "C-1", "C-2"))
	o, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	clk.Add(30 * 24 * time.Hour)
	if n, err := r.LapseDue(); err != nil || n != 0 {
		t.Fatalf("kept after deadline: %d lapsed, %v", n, err)
	}
	must(t, a.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-1"}))
}

func TestPartialCancellationRefundsWithinWhatAMethodPaid(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 4))
	o, err := a.Checkout([]pos.Tender{{Method: "card", Amount: chf(4500), Card: &pos.CardRef{Terminal: "T1"}}, {Method: "cash"}})
	must(t, err)
	before, err := a.XReport()
	must(t, err)
	two := []string{o.Tickets[0].Number, o.Tickets[1].Number}
	// 4 at 25.00: the card paid 45.00, cash 55.00; 2 tickets are 50.00
	must(t, a.CancelPart(o.Number, "two cannot come", CancelOptions{Tickets: two, Refund: "cash"}))
	ov, _, err := r.Order(o.Number)
	must(t, err)
	if ov.Order.State != pos.OrderPaid || ov.Tickets[0].State != TicketCanceled || ov.Tickets[2].State != TicketValid {
		t.Fatalf("after a partial cancellation: %s, tickets %s %s", ov.Order.State, ov.Tickets[0].State, ov.Tickets[2].State)
	}
	after, err := a.XReport()
	must(t, err)
	if got := before.Expected.Minus(after.Expected); got != chf(5000) {
		t.Fatalf("the drawer gave back %s, want CHF 50.00", got)
	}
	// the card paid 45.00: 50.00 by card is refused
	err = a.CancelPart(o.Number, "rest", CancelOptions{Tickets: []string{o.Tickets[2].Number, o.Tickets[3].Number}, Refund: "card"})
	// one refund is never split over two methods (the cancel screen
	// cannot): the cashier is told what can be done instead
	if en := pos.Say(err, pos.English); err == nil || !strings.HasSuffix(en, "not CHF 50.00: refund it as paid, or by a method that can still give back that much, or cancel fewer tickets") {
		t.Fatalf("a card refund beyond what the card paid: %v", err)
	}
	if fr := pos.Say(err, pos.French); !strings.HasSuffix(fr, "pas CHF 50.00 : remboursez comme payé, ou par un moyen qui peut encore rendre autant, ou annulez moins de billets") {
		t.Fatalf("a card refund beyond what the card paid, in French: %s", fr)
	}
	if err := a.CancelPart(o.Number, "again", CancelOptions{Tickets: two}); err == nil {
		t.Fatal("canceled tickets canceled twice")
	}
	// the rest: by card what the card paid, the order is then canceled
	must(t, a.CancelPart(o.Number, "the other two", CancelOptions{Tickets: []string{o.Tickets[2].Number, o.Tickets[3].Number}}))
	ov, _, _ = r.Order(o.Number)
	if ov.Order.State != pos.OrderCanceled || len(ov.Refunds) != 3 {
		t.Fatalf("after cancelling every ticket: %s, refunds %+v", ov.Order.State, ov.Refunds)
	}
	checkJournal(t, r)
}

// Issue 10 point 2: a cash refund beyond the drawer's expected cash is
// refused, as a cash-out is.
func TestCashRefundBeyondTheDrawerIsRefused(t *testing.T) {
	r, _ := openTest(t, "")
	seller, err := r.Unlock("claire", "1234")
	must(t, err)
	_, err = seller.OpenShift(chf(0))
	must(t, err)
	must(t, seller.AddTickets("hamlet-04", "galerie", "child", 1))
	o, err := seller.Checkout(cash())
	must(t, err)
	other, err := r.Unlock("marc", "5678")
	must(t, err)
	_, err = other.OpenShift(chf(0)) // an empty drawer
	must(t, err)
	err = other.Cancel(o.Number, "changed their mind")
	if err == nil || !strings.Contains(err.Error(), "refund by another method") {
		t.Fatalf("a CHF 20 cash refund from an empty drawer: %v", err)
	}
	if err := other.CashMove(chf(-2000), "bank"); err == nil {
		t.Fatal("a cash-out from an empty drawer")
	}
	must(t, seller.Cancel(o.Number, "changed their mind")) // her drawer has it
	checkJournal(t, r)
}

func TestGiftVoucherFreeAmountSpentUntilEmptyAndExpired(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.SetCart(pos.Cart{Lines: []pos.CartLine{{Kind: pos.LineVoucher, Item: "bon-libre", Quantity: 1, Amount: chf(7000)}}}))
	o, err := a.Checkout(cash())
	must(t, err)
	v := o.Tickets[0]
	if v.Price != chf(7000) || v.Expires.IsZero() {
		t.Fatalf("voucher sold: %s, expires %v", v.Price, v.Expires)
	}
	if err := a.SetCart(pos.Cart{Lines: []pos.CartLine{{Kind: pos.LineVoucher, Item: "bon-libre", Quantity: 1, Amount: chf(900)}}}); err == nil {
		t.Fatal("a free-amount voucher below its minimum")
	}
	must(t, a.SetCart(pos.Cart{}))
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 1))
	_, err = a.Checkout([]pos.Tender{{Method: "gift", Voucher: strings.ToLower(v.Number)}})
	must(t, err)
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 3))
	_, err = a.Checkout([]pos.Tender{{Method: "gift", Voucher: v.Number}, {Method: "cash"}})
	must(t, err)
	info, ok, err := r.VoucherInfo(v.Number)
	must(t, err)
	if !ok || !info.Balance.IsZero() || info.Spent != chf(7000) || len(info.History) != 2 {
		t.Fatalf("voucher after two sales: %+v", info)
	}
	// a second voucher, expired
	must(t, a.AddItem(pos.LineVoucher, "bon-50", 1))
	o2, err := a.Checkout(cash())
	must(t, err)
	clk.Add(25 * 31 * 24 * time.Hour)
	must(t, a.AddItem(pos.LineProduct, "programme", 1))
	_, err = a.Checkout([]pos.Tender{{Method: "gift", Voucher: o2.Tickets[0].Number}})
	if err == nil || !strings.Contains(err.Error(), "expired on") {
		t.Fatalf("an expired voucher: %v", err)
	}
	checkJournal(t, r)
}

func TestVoucherSoldOnAPendingInvoicePaysNothingUntilPaid(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddItem(pos.LineVoucher, "bon-100", 1))
	o, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	must(t, a.AddTickets("hamlet-04", "galerie", "child", 1))
	if _, err := a.Checkout([]pos.Tender{{Method: "gift", Voucher: o.Tickets[0].Number}}); err == nil || !strings.Contains(err.Error(), "not paid yet") {
		t.Fatalf("a voucher of an unpaid invoice: %v", err)
	}
	must(t, a.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-9"}))
	_, err = a.Checkout([]pos.Tender{{Method: "gift", Voucher: o.Tickets[0].Number}})
	must(t, err)
}

func TestExchangeRules(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("carmen-03", "galerie", "adult", 1))
	o, err := a.Checkout(cash())
	must(t, err)
	credit, err := a.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	if want := o.Tickets[0].Price.Minus(chf(200)); credit != want {
		t.Fatalf("credit %s, want %s (the fee kept)", credit, want)
	}
	a.ClearCart()
	perf, _ := r.cat().PerformanceByID("carmen-03")
	clk.Add(perf.Start.Sub(clk.Now()) - 2*time.Hour) // within 24 hours
	if _, err := a.Exchange(o.Number, []string{o.Tickets[0].Number}); err == nil || !strings.Contains(err.Error(), "closed 24 hours before") {
		t.Fatalf("an exchange inside the window: %v", err)
	}
	clk.Add(3 * time.Hour)
	if _, err := a.Exchange(o.Number, []string{o.Tickets[0].Number}); err == nil || !strings.Contains(err.Error(), "has started") {
		t.Fatalf("an exchange after the show: %v", err)
	}
}

func TestCompNeedsAReasonAndARightAndIsReported(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.SetCart(pos.Cart{Lines: []pos.CartLine{{Kind: pos.LineTicket, Performance: "hamlet-04", Zone: "galerie", Category: "adult", Quantity: 1, Comp: "press: Le Temps"}}}))
	o, err := a.Checkout([]pos.Tender{{Method: "free"}})
	must(t, err)
	if !o.Total.IsZero() || o.Tickets[0].Comp != "press: Le Temps" {
		t.Fatalf("comp: total %s, ticket %+v", o.Total, o.Tickets[0])
	}
	rep, err := a.XReport()
	must(t, err)
	if len(rep.Detail.Comps) != 1 || rep.Detail.Comps[0].Reason != "press: Le Temps" {
		t.Fatalf("X report comps: %+v", rep.Detail.Comps)
	}
	m := openTill(t, r, "marc", "5678")
	err = m.SetCart(pos.Cart{Lines: []pos.CartLine{{Kind: pos.LineTicket, Performance: "reve-02", Zone: "salle", Category: "adult", Seat: "B-2", Quantity: 1, Comp: "friend"}}})
	if err == nil || !strings.Contains(err.Error(), "invitation") {
		t.Fatalf("a comp by a reseller without the right: %v", err)
	}
	checkJournal(t, r)
}

// The credit voucher an exchange leaves belongs to the order's customer:
// found by their name, and by the new order (its receipt names it).
func TestCreditVoucherTiedToTheCustomer(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	c, err := r.SaveCustomer("claire", pos.Customer{Name: "John Smith", Civility: "Monsieur"})
	must(t, err)
	must(t, a.SetCustomer(c.ID))
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 2))
	o, err := a.Checkout(cash())
	must(t, err)
	_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	must(t, a.AddItem(pos.LineProduct, "programme", 1))
	o2, err := a.Checkout(cash())
	must(t, err)
	v, ok, err := r.CreditVoucherOf(o2.Number)
	must(t, err)
	if !ok || v.Balance != o.Tickets[0].Price.Minus(chf(500)) {
		t.Fatalf("credit voucher of %s: %+v (%v)", o2.Number, v, ok)
	}
	found, err := r.VouchersOf("smith")
	must(t, err)
	if len(found) != 1 || found[0].Number != v.Number || found[0].Customer == nil || found[0].Customer.Name != "John Smith" {
		t.Fatalf("vouchers of smith: %+v", found)
	}
	checkJournal(t, r)
}

// Point 5: tickets and passes of an invoice not paid yet do not let in
// until it is paid.
func TestTicketsOfAnUnpaidInvoiceDoNotLetIn(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-00", "galerie", "adult", 3))
	o, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	got, err := r.Admit("main", "hamlet-00", o.Tickets[0].Number)
	must(t, err)
	if got.Verdict != VerdictUnpaid {
		t.Fatalf("a ticket of an unpaid invoice: %s", got.Verdict)
	}
	must(t, a.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-3"}))
	if got, err = r.Admit("main", "hamlet-00", o.Tickets[0].Number); err != nil || got.Verdict != VerdictAdmit {
		t.Fatalf("once paid: %s, %v", got.Verdict, err)
	}
}

// An order holding an exchanged ticket is cancelled for the rest, ticket
// by ticket; the whole order is not.
func TestPartialCancellationAroundAnExchangedTicket(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 3))
	o, err := a.Checkout(cash())
	must(t, err)
	_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	must(t, a.AddTickets("hamlet-05", "galerie", "adult", 1))
	_, err = a.Checkout(cash())
	must(t, err)
	if err := a.Cancel(o.Number, "all"); err == nil {
		t.Fatal("a whole order holding an exchanged ticket was canceled")
	}
	must(t, a.CancelPart(o.Number, "the rest", CancelOptions{Tickets: []string{o.Tickets[1].Number, o.Tickets[2].Number}}))
	ov, _, err := r.Order(o.Number)
	must(t, err)
	if ov.Tickets[0].State != TicketExchanged || ov.Tickets[1].State != TicketCanceled || len(ov.Refunds) != 1 || ov.Refunds[0].Amount != chf(5000) {
		t.Fatalf("after cancelling the rest: %+v, refunds %+v", ov.Tickets, ov.Refunds)
	}
	checkJournal(t, r)
}

// The day's ticket statement counts a partial cancellation and a lapsed
// invoice as tickets taken back, and the journal's fiscal check holds.
func TestStatementCountsPartialCancellationsAndLapses(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 4))
	o, err := a.Checkout(cash())
	must(t, err)
	must(t, a.CancelPart(o.Number, "two", CancelOptions{Tickets: []string{o.Tickets[0].Number, o.Tickets[1].Number}}))
	must(t, a.AddTickets("hamlet-05", "galerie", "adult", 3))
	inv, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	day := clk.Now().In(r.cat().Location()).Format("2006-01-02")
	clk.Add(inv.Deadline.Sub(clk.Now()) + time.Minute)
	_, err = r.LapseDue()
	must(t, err)
	rows, _, err := r.TicketStatement(day)
	must(t, err)
	got := map[string]StatementRow{}
	for _, row := range rows {
		got[row.Performance] = row
	}
	if ad := got["hamlet-04"]; ad.Issued != 4 || ad.Canceled != 2 || ad.Count != 2 || ad.Takings != chf(5000) {
		t.Errorf("partly canceled: %+v", ad)
	}
	if l := got["hamlet-05"]; l.Issued != 3 {
		t.Errorf("lapsed: %+v", l)
	}
	checkJournal(t, r)
	if _, err := Verify(r.path); err != nil && !strings.Contains(err.Error(), "open") {
		t.Fatalf("verify: %v", err)
	}
}

// TestACancellationGivesEachSourceItsOwnMoney: an order paid by two gift
// vouchers gives each back what it paid (the first got both before: a CHF
// 50 voucher held CHF 95, the other stayed at CHF 5); a refund asked by
// the gift voucher method spreads over both; two cards each get their own.
func TestACancellationGivesEachSourceItsOwnMoney(t *testing.T) {
	t.Run("two gift vouchers, the whole order", func(t *testing.T) {
		r, _ := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		g1, g2 := sellGift50(t, a), sellGift50(t, a)
		must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-1", "D-2"))
		o, err := a.Checkout([]pos.Tender{{Method: "gift", Voucher: g1, Amount: chf(4500)}, {Method: "gift", Voucher: g2}})
		must(t, err)
		must(t, a.Cancel(o.Number, "the show moved"))
		for _, g := range []string{g1, g2} {
			if b, _, err := r.VoucherBalance(g); err != nil || b != chf(5000) {
				t.Errorf("voucher %s holds %s (%v) after the cancellation, want its CHF 50.00", g, b, err)
			}
		}
		checkJournal(t, r)
	})
	t.Run("two gift vouchers, tickets refunded by the method", func(t *testing.T) {
		r, _ := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		g1, g2 := sellGift50(t, a), sellGift50(t, a)
		must(t, a.AddTickets("hamlet-04", "galerie", "adult", 3)) // 3 at CHF 25
		o, err := a.Checkout([]pos.Tender{{Method: "gift", Voucher: g1, Amount: chf(3000)}, {Method: "gift", Voucher: g2}})
		must(t, err)
		// two tickets, CHF 50, by gift voucher: g1 paid 30, g2 45
		must(t, a.CancelPart(o.Number, "two cannot come", CancelOptions{Tickets: []string{o.Tickets[0].Number, o.Tickets[1].Number}, Refund: "gift"}))
		b1, _, _ := r.VoucherBalance(g1)
		b2, _, _ := r.VoucherBalance(g2)
		if b1 != chf(5000) || b2 != chf(2500) {
			t.Fatalf("after CHF 50 refunded by gift voucher: %s holds %s, %s holds %s; want CHF 50.00 and CHF 25.00", g1, b1, g2, b2)
		}
		checkJournal(t, r)
	})
	t.Run("two cards", func(t *testing.T) {
		r, _ := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-1", "D-2"))
		o, err := a.Checkout([]pos.Tender{{Method: "card", Amount: chf(4500), Card: &pos.CardRef{Terminal: "T1", Approval: "A1"}},
			{Method: "card", Card: &pos.CardRef{Terminal: "T1", Approval: "B2"}}})
		must(t, err)
		must(t, a.Cancel(o.Number, "the show moved"))
		ov, _, err := r.Order(o.Number)
		must(t, err)
		if len(ov.Refunds) != 2 || ov.Refunds[0].Card.Approval != "A1" || ov.Refunds[1].Card.Approval != "B2" ||
			ov.Refunds[0].Amount != chf(4500) || ov.Refunds[1].Amount != chf(4500) {
			t.Fatalf("refunds %+v: want CHF 45.00 to each card", ov.Refunds)
		}
	})
}

// TestAnInvoiceCanceledOrLapsedGivesBackWhatWasPaidBesideIt: an order paid
// by a gift voucher and an invoice for the rest, canceled before its
// deadline, gives the voucher back its money (it kept nothing of it
// before), and a cash deposit comes out of the drawer; one that lapses
// gives the voucher back its money by itself, and turns a cash deposit
// (nobody is at a till to hand it back; the box office kept it before)
// into the customer's credit voucher.
func TestAnInvoiceCanceledOrLapsedGivesBackWhatWasPaidBesideIt(t *testing.T) {
	// three seats paid CHF 20 by a gift voucher, CHF 10 in cash, the rest
	// by invoice
	besideAnInvoice := func(t *testing.T, a *Till) (gift string, o pos.Order) {
		t.Helper()
		gift = sellGift50(t, a)
		must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-1", "D-2", "D-3"))
		o, err := a.Checkout([]pos.Tender{{Method: "gift", Voucher: gift, Amount: chf(2000)}, {Method: "cash", Amount: chf(1000)}, {Method: "invoice"}})
		must(t, err)
		if o.State != pos.OrderPending {
			t.Fatalf("order %s is %s, want pending", o.Number, o.State)
		}
		return gift, o
	}
	t.Run("canceled", func(t *testing.T) {
		r, _ := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		gift, o := besideAnInvoice(t, a)
		before, err := a.XReport()
		must(t, err)
		must(t, a.Cancel(o.Number, "not coming"))
		if b, _, err := r.VoucherBalance(gift); err != nil || b != chf(5000) {
			t.Errorf("the voucher holds %s (%v) after the cancellation, want CHF 50.00", b, err)
		}
		after, err := a.XReport()
		must(t, err)
		if d := before.Expected.Minus(after.Expected); d != chf(1000) {
			t.Errorf("the drawer gave back %s, want the CHF 10.00 deposit", d)
		}
		ov, _, _ := r.Order(o.Number)
		if ov.Order.State != pos.OrderCanceled || len(ov.Refunds) != 2 {
			t.Fatalf("after the cancellation: %s, refunds %+v", ov.Order.State, ov.Refunds)
		}
		checkJournal(t, r)
	})
	t.Run("some of its tickets: refused", func(t *testing.T) {
		// the invoice would still ask the whole amount, and its validation
		// record it: CHF 137.60 taken for two tickets of three
		r, _ := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-1", "D-2", "D-3"))
		o, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
		must(t, err)
		err = a.CancelPart(o.Number, "one less", CancelOptions{Tickets: []string{o.Tickets[0].Number}})
		if err == nil || !strings.Contains(pos.Say(err, "fr"), "attend le paiement de sa facture : annulez-la entière") {
			t.Fatalf("a ticket of a pending invoice canceled: %v", err)
		}
		if _, err := a.Refunds(o.Number, CancelOptions{Tickets: []string{o.Tickets[0].Number}}); err == nil {
			t.Fatal("the cancel question's preview did not say it is refused")
		}
		ov, _, _ := r.Order(o.Number)
		if ov.Tickets[0].State != TicketValid {
			t.Fatalf("the ticket is %s after the refusal", ov.Tickets[0].State)
		}
	})
	t.Run("lapsed", func(t *testing.T) {
		r, clk := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		gift, o := besideAnInvoice(t, a)
		clk.Add(o.Deadline.Sub(clk.Now()) + time.Minute)
		if n, err := r.LapseDue(); err != nil || n != 1 {
			t.Fatalf("after the deadline: %d lapsed, %v", n, err)
		}
		if b, _, err := r.VoucherBalance(gift); err != nil || b != chf(5000) {
			t.Errorf("the voucher holds %s (%v) after the lapse, want CHF 50.00", b, err)
		}
		ov, _, _ := r.Order(o.Number)
		if ov.Order.State != pos.OrderLapsed || len(ov.Refunds) != 2 || ov.Refunds[0].Voucher != gift || ov.Refunds[1].Kind != pos.KindCredit {
			t.Fatalf("after the lapse: %s, refunds %+v; want the voucher's, then the deposit as credit", ov.Order.State, ov.Refunds)
		}
		// the cash deposit stays in the drawer, and is the customer's credit
		credit, ok, err := r.CreditVoucherOf(o.Number)
		if err != nil || !ok || credit.Balance != chf(1000) {
			t.Fatalf("the deposit's credit voucher: %+v (%v, %v); want CHF 10.00", credit, ok, err)
		}
		if x, err := a.XReport(); err != nil || x.Expected != x.Float.Plus(chf(6000)) {
			t.Fatalf("the drawer should hold %s (%v), want its float, the CHF 50 voucher sold and the CHF 10 deposit", x.Expected, err)
		}
		// the shift closes on it, and the closure adds up
		x, err := a.XReport()
		must(t, err)
		_, err = a.CloseShift(x.Expected)
		must(t, err)
		checkJournal(t, r)
	})
}

// TestAnExchangeCreditComesBackAsACreditVoucher: an order paid by an
// exchange credit, canceled, gives the credit back to the order's credit
// voucher (the exchange's remainder), or to a new one when the credit was
// used whole; before, that money went nowhere. A lapse does the same.
func TestAnExchangeCreditComesBackAsACreditVoucher(t *testing.T) {
	exchangeInto := func(t *testing.T, a *Till, seat, category string, tenders []pos.Tender) pos.Order {
		t.Helper()
		must(t, a.AddSeats("hamlet-00", "parterre", "adult", seat))
		o, err := a.Checkout(cash())
		must(t, err)
		_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number}) // a CHF 45 credit
		must(t, err)
		must(t, a.AddSeats("hamlet-00", "parterre", category, "E-"+seat[2:]))
		o2, err := a.Checkout(tenders)
		must(t, err)
		return o2
	}
	// creditAndInvoice is a pending order of three seats (CHF 135) paid by
	// the credit of a seat exchanged (CHF 45) and an invoice for the rest.
	creditAndInvoice := func(t *testing.T, a *Till) pos.Order {
		t.Helper()
		must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-1"))
		o, err := a.Checkout(cash())
		must(t, err)
		_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number})
		must(t, err)
		must(t, a.AddSeats("hamlet-00", "parterre", "adult", "E-1", "E-2", "E-3"))
		pending, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
		must(t, err)
		if pending.State != pos.OrderPending {
			t.Fatalf("order %s is %s, want pending", pending.Number, pending.State)
		}
		return pending
	}
	t.Run("into the exchange's own credit voucher", func(t *testing.T) {
		r, _ := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		o2 := exchangeInto(t, a, "D-1", "child", nil) // CHF 20: CHF 25 left as K01-A0001
		must(t, a.Cancel(o2.Number, "changed their mind"))
		v, ok, err := r.CreditVoucherOf(o2.Number)
		if err != nil || !ok || v.Number != "K01-A0001" || v.Balance != chf(4500) {
			t.Fatalf("the order's credit voucher after the cancellation: %+v (%v, %v); want K01-A0001 holding the whole CHF 45.00", v, ok, err)
		}
		checkJournal(t, r)
	})
	t.Run("into a new credit voucher", func(t *testing.T) {
		r, _ := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		o2 := exchangeInto(t, a, "D-1", "adult", nil) // CHF 45: the credit used whole
		if _, ok, _ := r.CreditVoucherOf(o2.Number); ok {
			t.Fatal("a credit voucher before the cancellation")
		}
		must(t, a.Cancel(o2.Number, "changed their mind"))
		v, ok, err := r.CreditVoucherOf(o2.Number)
		if err != nil || !ok || v.Number != "K01-A0001" || v.Balance != chf(4500) || v.Value != chf(4500) {
			t.Fatalf("the credit voucher the cancellation made: %+v (%v, %v); want K01-A0001 of CHF 45.00", v, ok, err)
		}
		// it pays, and the next credit voucher has the next number
		must(t, a.AddSeats("hamlet-00", "parterre", "child", "F-1"))
		_, err = a.Checkout([]pos.Tender{{Method: "credit", Voucher: v.Number}})
		must(t, err)
		o3 := exchangeInto(t, a, "D-7", "child", nil)
		if v, ok, _ := r.CreditVoucherOf(o3.Number); !ok || v.Number != "K01-A0002" {
			t.Fatalf("the next exchange's credit voucher: %+v, want K01-A0002", v)
		}
		checkJournal(t, r)
	})
	t.Run("a lapse and an exchange in one commit", func(t *testing.T) {
		// the sale that notices the lapse makes its own exchange's credit
		// voucher in the same transaction: each gets its own number
		r, clk := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		pending := creditAndInvoice(t, a)
		must(t, a.AddSeats("hamlet-00", "parterre", "adult", "G-1"))
		o3, err := a.Checkout(cash())
		must(t, err)
		_, err = a.Exchange(o3.Number, []string{o3.Tickets[0].Number})
		must(t, err)
		clk.Add(pending.Deadline.Sub(clk.Now()) + time.Minute)
		must(t, a.AddSeats("hamlet-09", "parterre", "child", "H-1"))
		o4, err := a.Checkout(nil) // the lapse first, then this exchange
		must(t, err)
		lapsed, ok1, _ := r.CreditVoucherOf(pending.Number)
		left, ok2, _ := r.CreditVoucherOf(o4.Number)
		if !ok1 || !ok2 || lapsed.Number != "K01-A0001" || lapsed.Balance != chf(4500) || left.Number != "K01-A0002" {
			t.Fatalf("the lapse's credit voucher %+v, the exchange's %+v: want K01-A0001 of CHF 45.00 and K01-A0002", lapsed, left)
		}
		checkJournal(t, r)
	})
	t.Run("a lapse", func(t *testing.T) {
		r, clk := openTest(t, "")
		a := openTill(t, r, "claire", "1234")
		o2 := creditAndInvoice(t, a)
		clk.Add(o2.Deadline.Sub(clk.Now()) + time.Minute)
		if n, err := r.LapseDue(); err != nil || n != 1 {
			t.Fatalf("%d lapsed, %v", n, err)
		}
		v, ok, err := r.CreditVoucherOf(o2.Number)
		if err != nil || !ok || v.Balance != chf(4500) {
			t.Fatalf("after the lapse the credit is %+v (%v, %v); want a credit voucher of CHF 45.00", v, ok, err)
		}
		checkJournal(t, r)
	})
}

// TestCashRefundsGoBackInCoins: a CHF 20 code spread over three CHF 45
// seats prices them 38.33, 38.33 and 38.34; cancelled one by one and
// refunded in cash, the drawer gives back 38.35, 38.30 and 38.35 (no coin
// under 5 centimes; each refund was CHF 38.33 before), in all the CHF 115
// it took, and the X report's expected cash is the float again.
func TestCashRefundsGoBackInCoins(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	start, err := a.XReport()
	must(t, err)
	must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-1", "D-2", "D-3"))
	_, err = a.ApplyCode("K7PXM3QH")
	must(t, err)
	o, err := a.Checkout(cash())
	must(t, err)
	if o.Total != chf(11500) || o.Tickets[0].Price != chf(3833) || o.Tickets[2].Price != chf(3834) {
		t.Fatalf("order %s, tickets %s %s %s: not the prices this test is about", o.Total, o.Tickets[0].Price, o.Tickets[1].Price, o.Tickets[2].Price)
	}
	var handed []pos.Money
	for i, tk := range o.Tickets {
		before, err := a.XReport()
		must(t, err)
		preview, err := a.Refunds(o.Number, CancelOptions{Tickets: []string{tk.Number}})
		must(t, err)
		must(t, a.CancelPart(o.Number, "one by one", CancelOptions{Tickets: []string{tk.Number}}))
		after, err := a.XReport()
		must(t, err)
		out := before.Expected.Minus(after.Expected)
		if len(preview) != 1 || preview[0].Cash() != out {
			t.Fatalf("refund %d: the preview said %+v, the drawer gave %s", i+1, preview, out)
		}
		handed = append(handed, out)
	}
	if handed[0] != chf(3835) || handed[1] != chf(3830) || handed[2] != chf(3835) {
		t.Fatalf("the drawer gave back %v, want CHF 38.35, 38.30, 38.35", handed)
	}
	end, err := a.XReport()
	must(t, err)
	if end.Expected != start.Expected {
		t.Fatalf("the drawer should hold %s after the order and its refunds, want the %s it held before", end.Expected, start.Expected)
	}
	checkJournal(t, r)
}

// A gift voucher that paid an order and expired since gets nothing back
// the customer could spend: what the cancellation gives back to it goes
// to the order's credit voucher instead (as an exchange credit given
// back), and the expired voucher keeps what it held.
func TestARefundToAnExpiredGiftVoucherBecomesACredit(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddItem(pos.LineVoucher, "bon-50", 1))
	sold, err := a.Checkout(cash())
	must(t, err)
	gift := sold.Tickets[0].Number
	must(t, a.AddItem(pos.LineProduct, "programme", 3)) // CHF 15
	o, err := a.Checkout([]pos.Tender{{Method: "gift", Voucher: gift}})
	must(t, err)

	// still valid: the voucher gets its money back, as before
	preview, err := a.Refunds(o.Number, CancelOptions{})
	must(t, err)
	if len(preview) != 1 || preview[0].Voucher != gift || preview[0].Amount != chf(1500) {
		t.Fatalf("refunds of an order paid by a valid voucher: %+v; want CHF 15.00 back to %s", preview, gift)
	}

	clk.Add(25 * 31 * 24 * time.Hour) // the voucher lasts 24 months
	preview, err = a.Refunds(o.Number, CancelOptions{})
	must(t, err)
	if len(preview) != 1 || preview[0].Kind != pos.KindCredit || preview[0].Voucher != pos.ExchangeVoucher || preview[0].Amount != chf(1500) {
		t.Fatalf("refunds of an order paid by an expired voucher: %+v; want CHF 15.00 as a credit", preview)
	}
	must(t, a.Cancel(o.Number, "the programme was misprinted"))
	if c := a.LastCancellation(); c.Credit == "" {
		t.Fatalf("the cancellation names no credit voucher: %+v", c)
	}
	credit, ok, err := r.CreditVoucherOf(o.Number)
	if err != nil || !ok || credit.Balance != chf(1500) {
		t.Fatalf("the order's credit voucher: %+v (%v, %v); want one holding CHF 15.00", credit, ok, err)
	}
	info, ok, err := r.VoucherInfo(gift)
	must(t, err)
	if !ok || info.Balance != chf(3500) || !info.Expired {
		t.Fatalf("the expired voucher after the cancellation: %+v; want it expired, still at CHF 35.00", info)
	}
	// the credit pays
	must(t, a.AddItem(pos.LineProduct, "programme", 3))
	_, err = a.Checkout([]pos.Tender{{Method: "credit", Voucher: credit.Number}})
	must(t, err)
	checkJournal(t, r)
}

// An invoice that lapses after the gift voucher paid beside it expired
// gives that money back as credit too.
func TestALapseGivesAnExpiredGiftVoucherCredit(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddItem(pos.LineVoucher, "bon-50", 1))
	sold, err := a.Checkout(cash())
	must(t, err)
	gift := sold.Tickets[0].Number
	clk.Add(sold.Tickets[0].Expires.Sub(clk.Now()) - 3*24*time.Hour) // three days left on the voucher
	must(t, a.AddItem(pos.LineProduct, "programme", 12))             // CHF 60
	o, err := a.Checkout([]pos.Tender{{Method: "gift", Voucher: gift, Amount: chf(1000)}, {Method: "invoice"}})
	must(t, err)
	if o.State != pos.OrderPending {
		t.Fatalf("order %s is %s, want pending", o.Number, o.State)
	}
	clk.Add(o.Deadline.Sub(clk.Now()) + time.Minute)
	if n, err := r.LapseDue(); err != nil || n != 1 {
		t.Fatalf("lapsed %d orders (%v), want 1", n, err)
	}
	credit, ok, err := r.CreditVoucherOf(o.Number)
	if err != nil || !ok || credit.Balance != chf(1000) {
		t.Fatalf("the lapsed order's credit voucher: %+v (%v, %v); want one holding CHF 10.00", credit, ok, err)
	}
	info, _, err := r.VoucherInfo(gift)
	must(t, err)
	if info.Balance != chf(4000) || !info.Expired {
		t.Fatalf("the expired voucher after the lapse: %+v; want it expired, at CHF 40.00", info)
	}
	checkJournal(t, r)
}

// TestLapsedInvoicesCountWhatTheyAsked: the X report's invoices lapsed say
// what the invoices asked, as its invoices validated do: the invoice's
// fees and a programme sold with the tickets included, a deposit paid
// beside it (a gift voucher, given back) left out.
func TestLapsedInvoicesCountWhatTheyAsked(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddItem(pos.LineVoucher, "bon-50", 1))
	gift, err := a.Checkout(cash())
	must(t, err)
	var asked pos.Money
	for i, deposit := range []bool{false, true} {
		must(t, a.AddTickets("hamlet-05", "galerie", "adult", 3))
		must(t, a.AddItem("product", "programme", 1))
		tenders := []pos.Tender{{Method: "invoice"}}
		if deposit {
			tenders = append([]pos.Tender{{Method: "gift", Voucher: gift.Tickets[0].Number, Amount: chf(2000)}}, tenders...)
		}
		inv, err := a.Checkout(tenders)
		must(t, err)
		for _, p := range inv.Payments {
			if p.Pending {
				asked = asked.Plus(p.Amount)
			}
		}
		if i == 0 && asked != inv.Total {
			t.Fatalf("the invoice asks %s of a total of %s", asked, inv.Total)
		}
	}
	clk.Add(11 * 24 * time.Hour)
	n, err := r.LapseDue()
	must(t, err)
	rep, err := a.XReport()
	must(t, err)
	if d := rep.Detail; n != 2 || d.InvoicesLapsed != 2 || d.LapsedAmount != asked {
		t.Errorf("X report: %d invoices lapsed for %s, want 2 for %s (what they asked)", d.InvoicesLapsed, d.LapsedAmount, asked)
	}
	checkJournal(t, r)
}
