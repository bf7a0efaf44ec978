package local

import (
	"testing"
	"time"

	"guichet/pos"
)

// TestAGiftVoucherPaysThroughTheDayItsSlipNames: a voucher sold at 10:00
// stopped paying at 10:00 on its last day, though its slip and the desk
// say "valid until" that day: a customer coming that afternoon was
// refused, the desk showed it expired, and a refund went to a credit
// instead of the voucher. It pays, shows valid and takes its refund back
// through that day, in the box office's time zone, and not the next.
func TestAGiftVoucherPaysThroughTheDayItsSlipNames(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddItem(pos.LineVoucher, "bon-50", 1))
	sold, err := a.Checkout(cash())
	must(t, err)
	gift := sold.Tickets[0]
	loc := r.cat().Location()
	last := gift.Expires.In(loc)
	evening := time.Date(last.Year(), last.Month(), last.Day(), 22, 0, 0, 0, loc)
	if !evening.After(gift.Expires) {
		t.Fatalf("the voucher expires at %v, after 22:00 on its day: the test needs a sale before 22:00", gift.Expires)
	}
	clk.Set(evening)
	info, ok, err := r.VoucherInfo(gift.Number)
	must(t, err)
	if !ok || info.Expired {
		t.Fatalf("on its last day at 22:00 the voucher shows %+v, want it valid", info)
	}
	must(t, a.AddItem(pos.LineProduct, "programme", 1))
	o, err := a.Checkout([]pos.Tender{{Method: "gift", Voucher: gift.Number}})
	if err != nil {
		t.Fatalf("on its last day at 22:00 the voucher does not pay: %v", err)
	}
	preview, err := a.Refunds(o.Number, CancelOptions{})
	must(t, err)
	if len(preview) != 1 || preview[0].Voucher != gift.Number {
		t.Fatalf("a refund on its last day: %+v, want it back to %s", preview, gift.Number)
	}
	clk.Set(evening.Add(2 * time.Hour)) // the next day, 00:00
	info, _, err = r.VoucherInfo(gift.Number)
	must(t, err)
	if !info.Expired {
		t.Fatalf("the day after, the voucher shows %+v, want it expired", info)
	}
	must(t, a.AddItem(pos.LineProduct, "programme", 1))
	if _, err := a.Checkout([]pos.Tender{{Method: "gift", Voucher: gift.Number}}); err == nil {
		t.Fatal("the day after its last, the voucher paid")
	}
}
