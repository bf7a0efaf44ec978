package local

import (
	"testing"

	"guichet/internal/fakeclock"
	"guichet/pos"
)

// TestACreditVoucherPaysWithoutTheExchangeFeeAgain: the exchange-credit
// method's fee per ticket is the exchange fee, kept from the credit when
// the tickets are exchanged. Spending the credit voucher later must not
// charge it a second time on the new order's tickets, as spending the
// credit straight away does not.
func TestACreditVoucherPaysWithoutTheExchangeFeeAgain(t *testing.T) {
	cat := demoCatalog(t)
	m, _ := cat.PaymentMethodByID("credit")
	m.FeePerTicket = chf(200)
	r, err := Open(Options{Path: t.TempDir() + "/g.db", Register: "K01", Catalog: cat, Now: fakeclock.New(testToday).Now})
	must(t, err)
	defer r.Close()
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-1"))
	o, err := till.Checkout(cash())
	must(t, err)
	credit, err := till.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	if credit != chf(4300) {
		t.Fatalf("credit %s, want CHF 43.00 (CHF 45.00 less the CHF 2.00 exchange fee)", credit)
	}
	_, err = till.Checkout(nil) // no new order: the credit becomes a voucher
	must(t, err)
	v, ok := till.LastCreditVoucher()
	if !ok || v.Balance != chf(4300) {
		t.Fatalf("credit voucher %+v, %v; want CHF 43.00", v, ok)
	}

	// A child seat (CHF 20.00) paid with the credit voucher costs CHF 20.00.
	must(t, till.AddSeats("hamlet-00", "parterre", "child", "D-5"))
	pc, err := till.PricedWith([]string{"credit"})
	must(t, err)
	if pc.Total != chf(2000) {
		t.Errorf("the payment screen shows %s (fees %v), want CHF 20.00", pc.Total, pc.Fees)
	}
	o2, err := till.Checkout([]pos.Tender{{Method: "credit", Voucher: v.Number}})
	must(t, err)
	if o2.Total != chf(2000) || len(o2.Fees) != 0 {
		t.Errorf("order paid by the credit voucher: total %s, fees %v; want CHF 20.00 and no fee", o2.Total, o2.Fees)
	}
	if bal, _, _ := r.VoucherBalance(v.Number); bal != chf(2300) {
		t.Errorf("the credit voucher holds %s, want CHF 23.00", bal)
	}
}
