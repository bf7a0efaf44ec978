package local

import (
	"encoding/json"
	"testing"
	"time"

	"guichet/pos"
)

// TestTheDetailListsCreditVouchersAndInvoicesCanceledUnpaid: an exchange
// whose credit is not all spent leaves a credit voucher; the X/Z detail
// names it (count and value), so "Tickets exchanged" adds up to the
// exchange credit paid plus the vouchers made. An invoice canceled before
// it was paid is listed with what it asked, as a lapsed one is. The Z
// journals them, and a rebuild agrees.
func TestTheDetailListsCreditVouchersAndInvoicesCanceledUnpaid(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 2))
	o, err := a.Checkout(cash())
	must(t, err)
	credit, err := a.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	must(t, a.AddItem(pos.LineProduct, "programme", 1))
	o2, err := a.Checkout(cash())
	must(t, err)
	v, ok, err := r.CreditVoucherOf(o2.Number)
	must(t, err)
	if !ok || v.Balance.IsZero() {
		t.Fatalf("no credit voucher left by the exchange: %+v", v)
	}

	must(t, a.AddTickets("hamlet-05", "galerie", "adult", 3))
	inv, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	must(t, a.Cancel(inv.Number, "changed their mind"))

	x, err := a.XReport()
	must(t, err)
	d := x.Detail
	if d.ExchangeCredit != credit {
		t.Fatalf("exchange credit %s, want %s", d.ExchangeCredit, credit)
	}
	if d.CreditVouchers != 1 || d.CreditVouchersAmount != v.Balance {
		t.Errorf("credit vouchers made: %d for %s, want 1 for %s", d.CreditVouchers, d.CreditVouchersAmount, v.Balance)
	}
	if d.InvoicesCanceled != 1 || d.CanceledAmount != inv.Total {
		t.Errorf("invoices canceled unpaid: %d for %s, want 1 for %s", d.InvoicesCanceled, d.CanceledAmount, inv.Total)
	}
	z, err := a.CloseShift(x.Expected)
	must(t, err)
	if z.Detail.CreditVouchers != 1 || z.Detail.InvoicesCanceled != 1 {
		t.Errorf("Z detail: %+v", z.Detail)
	}
	// the Z as journaled says the same
	var p shiftClosed
	for _, e := range journalEntries(t, r) {
		if e.Type == TypeShiftClosed {
			must(t, json.Unmarshal(e.Payload, &p))
		}
	}
	if p.Report.Detail == nil || p.Report.Detail.CreditVouchersAmount != v.Balance || p.Report.Detail.CanceledAmount != inv.Total {
		t.Errorf("shift.closed detail: %+v", p.Report.Detail)
	}
	checkJournal(t, r)
}

// TestALapsesRefundsAreInItsShiftsMethods: an invoice with a CHF 20 gift
// voucher deposit lapses while the shift that placed it is open: the
// voucher gets its CHF 20 back, and the X report's gift voucher method
// says that refund, as a cancellation's does (it said CHF 20 taken, no
// refund: the shift's payments by method did not add up to what the
// vouchers hold). A cash deposit becomes credit: the credit method gives
// it back, the cash stays in the drawer.
func TestALapsesRefundsAreInItsShiftsMethods(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddItem(pos.LineVoucher, "bon-50", 1))
	gift, err := a.Checkout(cash())
	must(t, err)
	must(t, a.AddTickets("hamlet-05", "galerie", "adult", 3))
	inv, err := a.Checkout([]pos.Tender{{Method: "gift", Voucher: gift.Tickets[0].Number, Amount: chf(2000)}, {Method: "invoice"}})
	must(t, err)
	must(t, a.AddTickets("hamlet-05", "galerie", "adult", 3))
	inv2, err := a.Checkout([]pos.Tender{{Method: "cash", Amount: chf(1000), Tendered: chf(1000)}, {Method: "invoice"}})
	must(t, err)
	before, err := a.XReport()
	must(t, err)
	clk.Add(inv.Deadline.Sub(clk.Now()) + time.Minute)
	if n, err := r.LapseDue(); err != nil || n != 2 {
		t.Fatalf("lapsed %d (%v), want %s and %s", n, err, inv.Number, inv2.Number)
	}
	x, err := a.XReport()
	must(t, err)
	got := map[string]MethodTotal{}
	for _, m := range x.ByMethod {
		got[m.Method] = m
	}
	if g := got["gift"]; g.Count != 1 || g.Refunds != 1 || !g.Amount.IsZero() {
		t.Errorf("gift voucher after the lapse: %+v, want 1 payment, 1 refund, CHF 0.00", g)
	}
	credit := r.cat().MethodOfKind(pos.KindCredit)
	if c := got[credit.ID]; c.Refunds != 1 || c.Amount != chf(-1000) {
		t.Errorf("credit after the lapse: %+v, want 1 refund of CHF 10.00", c)
	}
	if x.Expected != before.Expected || got["cash"].Amount != chf(1000).Plus(gift.Total) {
		t.Errorf("the cash deposit: expected %s (was %s), cash %s", x.Expected, before.Expected, got["cash"].Amount)
	}
	checkJournal(t, r)
}

// TestTheDetailListsProductsSold: a season subscription with two
// programmes, a tote bag alone. The X/Z detail
// listed the subscription and nothing of the programmes or the bag: a
// box office could not say how many programmes a shift sold, and by
// method (CHF 205.00) did not add up to anything the detail showed. Each
// product is listed with the quantity sold and what it brought, as the
// tickets are by category; a rebuild agrees.
func TestTheDetailListsProductsSold(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddItem(pos.LinePass, "abonnement-saison", 1))
	must(t, a.AddItem(pos.LineProduct, "programme", 2))
	_, err := a.Checkout(cash())
	must(t, err)
	must(t, a.AddItem(pos.LineProduct, "tote", 1))
	_, err = a.Checkout(cash())
	must(t, err)

	x, err := a.XReport()
	must(t, err)
	want := []ProductTotal{{Item: "programme", Quantity: 2, Amount: chf(1000)}, {Item: "tote", Quantity: 1, Amount: chf(1500)}}
	if got := x.Detail.Products; len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("products in the X detail: %+v, want %+v", got, want)
	}
	z, err := a.CloseShift(x.Expected)
	must(t, err)
	if got := z.Detail.Products; len(got) != 2 || got[0] != want[0] {
		t.Fatalf("products in the Z detail: %+v", got)
	}
	checkJournal(t, r)
}

// TestTheDetailListsPaymentFees: two tickets on an invoice (CHF 2.00 an
// order and CHF 0.20 a ticket), validated, and a ticket paid cash. The X/Z
// detail listed the tickets and nothing of the CHF 2.40 of fees, so it did
// not add up to the takings by method. The fees are listed by method, with
// the orders that paid them and their amount, and the detail's sales,
// products and fees add up to the takings; a rebuild agrees.
func TestTheDetailListsPaymentFees(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-00", "galerie", "adult", 2))
	inv, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	must(t, a.ValidatePayment(inv.Number, pos.Tender{Reference: "VIR-1"}))
	must(t, a.AddTickets("hamlet-00", "galerie", "adult", 1))
	_, err = a.Checkout(cash())
	must(t, err)

	for _, closing := range []bool{false, true} {
		var rep Report
		if closing {
			x, err := a.XReport()
			must(t, err)
			rep, err = a.CloseShift(x.Expected)
			must(t, err)
		} else {
			rep, err = a.XReport()
			must(t, err)
		}
		want := []FeeTotal{{Method: "invoice", Orders: 1, Amount: chf(240)}}
		if got := rep.Detail.Fees; len(got) != 1 || got[0] != want[0] {
			t.Fatalf("Z %v: fees in the detail %+v, want %+v", closing, got, want)
		}
		var detail, taken pos.Money = chf(0), chf(0)
		for _, s := range rep.Detail.Sales {
			detail = detail.Plus(s.Amount)
		}
		for _, p := range rep.Detail.Products {
			detail = detail.Plus(p.Amount)
		}
		for _, f := range rep.Detail.Fees {
			detail = detail.Plus(f.Amount)
		}
		for _, m := range rep.ByMethod {
			taken = taken.Plus(m.Amount)
		}
		if detail != taken {
			t.Fatalf("Z %v: the detail adds up to %s, the methods took %s", closing, detail, taken)
		}
	}
	checkJournal(t, r)
}
