package pos

import "testing"

// Seed 004's online fee, "0.89 + 1 %", rounded half-up to the centime.
func TestPercentFeeRoundsHalfUp(t *testing.T) {
	m := PaymentMethod{FeePerOrder: M(89, "CHF"), FeePerTicket: Zero("CHF"), FeePercent: 100}
	for _, c := range []struct{ lines, want int64 }{
		{0, 89},
		{4500, 89 + 45},
		{4550, 89 + 46}, // 0.455 -> 0.46
		{4549, 89 + 45}, // 0.4549 -> 0.45
		{12345, 89 + 123},
	} {
		got, err := m.Fee(2, M(c.lines, "CHF"))
		if err != nil || got.Amount != c.want {
			t.Errorf("fee on %d = %v, %v; want %d", c.lines, got, err, c.want)
		}
	}
}

func TestGiftVoucherAmounts(t *testing.T) {
	g := GiftVoucher{Name: Text{"": "Bon"}, Value: Zero("CHF"), FreeAmount: true, MinAmount: M(1000, "CHF"), MaxAmount: M(50000, "CHF")}
	for _, c := range []struct {
		amount int64
		ok     bool
	}{{0, false}, {999, false}, {1000, true}, {50000, true}, {50001, false}} {
		if err := g.amountOf(M(c.amount, "CHF")); (err == nil) != c.ok {
			t.Errorf("amount %d: %v", c.amount, err)
		}
	}
	fixed := GiftVoucher{Name: Text{"": "Bon 50"}, Value: M(5000, "CHF")}
	if err := fixed.amountOf(M(7000, "CHF")); err == nil {
		t.Error("a fixed voucher sold at another amount")
	}
}
