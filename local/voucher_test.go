package local

import (
	"testing"

	"guichet/pos"
)

// TestLastCreditVoucherNamesTheRemainder: after a Checkout that used an
// exchange credit, LastCreditVoucher names the credit voucher made of what
// the new order did not use, with the balance the register keeps for it;
// none when the credit was used up, and none after a sale without credit.
func TestLastCreditVoucherNamesTheRemainder(t *testing.T) {
	tests := []struct {
		name    string
		newSeat string    // its category; "": no new order, the whole credit becomes a voucher
		want    pos.Money // the voucher's balance; zero: no voucher
	}{
		{"a child seat for an adult one leaves CHF 25", "child", chf(2500)},
		{"an adult seat uses the whole credit", "adult", pos.Money{}},
		{"no new order: all the credit", "", chf(4500)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			till := openTill(t, r, "claire", "1234")
			if _, ok := till.LastCreditVoucher(); ok {
				t.Fatal("a new till names a credit voucher")
			}
			must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-1"))
			o, err := till.Checkout(cash())
			must(t, err)
			credit, err := till.Exchange(o.Number, []string{o.Tickets[0].Number})
			must(t, err)
			if credit != chf(4500) {
				t.Fatalf("credit %s, want CHF 45.00", credit)
			}
			if tc.newSeat != "" {
				must(t, till.AddSeats("hamlet-00", "parterre", tc.newSeat, "D-5"))
			}
			o2, err := till.Checkout(nil) // the credit pays
			must(t, err)
			v, ok := till.LastCreditVoucher()
			if tc.want.IsZero() {
				if ok {
					t.Fatalf("voucher %+v after a checkout that used the whole credit", v)
				}
				return
			}
			if !ok || v.Number != "K01-A0001" || v.Balance != tc.want {
				t.Fatalf("LastCreditVoucher() = %+v, %v; want K01-A0001 of %s", v, ok, tc.want)
			}
			if bal, found, _ := r.VoucherBalance(v.Number); !found || bal != tc.want {
				t.Fatalf("the register keeps %s (found %v) for %s, the till said %s", bal, found, v.Number, v.Balance)
			}
			if ov, _, _ := r.Order(o.Number); tc.newSeat != "" && ov.ExchangedInto != o2.Number {
				t.Fatalf("exchanged into %q, want the new order %s", ov.ExchangedInto, o2.Number)
			}
			// The next sale, without credit, makes no voucher.
			must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-9"))
			_, err = till.Checkout(cash())
			must(t, err)
			if v, ok := till.LastCreditVoucher(); ok {
				t.Fatalf("a sale without credit still names %+v", v)
			}
		})
	}
}
