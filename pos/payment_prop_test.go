package pos

import (
	"testing"

	"pgregory.net/rapid"
)

// TestSettleNeverSpendsMoreThanAVoucherHolds: for any order total and any
// tenders over two vouchers (each offered any number of times, for any
// amount or the rest) and cash, a settlement that is accepted takes from
// each voucher at most what it holds, each voucher payment records what
// the voucher holds after it, and the payments cover the total exactly.
func TestSettleNeverSpendsMoreThanAVoucherHolds(t *testing.T) {
	c := testCatalog(t)
	seller := admin(t, c)
	accepted := 0
	rapid.Check(t, func(rt *rapid.T) {
		holds := map[string]Money{
			"G-1": chf(rapid.Int64Range(0, 10000).Draw(rt, "g1")),
			"G-2": chf(rapid.Int64Range(0, 10000).Draw(rt, "g2")),
		}
		bal := func(n string) (Voucher, bool) {
			b, ok := holds[n]
			return Voucher{Number: n, Kind: KindVoucher, Balance: b}, ok
		}
		total := chf(rapid.Int64Range(1, 20000).Draw(rt, "total"))
		var tenders []Tender
		for range rapid.IntRange(1, 5).Draw(rt, "tenders") {
			tn := Tender{Method: "gift", Voucher: rapid.SampledFrom([]string{"G-1", "G-2"}).Draw(rt, "voucher")}
			if a := rapid.Int64Range(0, 12000).Draw(rt, "amount"); a > 0 {
				tn.Amount = chf(a)
			}
			tenders = append(tenders, tn)
		}
		if rapid.Bool().Draw(rt, "cash") {
			tenders = append(tenders, Tender{Method: "cash", Tendered: chf(20000)})
		}
		st, err := c.Settle(seller, total, tenders, bal, testToday)
		if err != nil {
			return
		}
		accepted++
		spent := map[string]Money{}
		paid := Zero("CHF")
		for _, p := range st.Payments {
			paid = paid.Plus(p.Amount)
			if p.Kind != KindVoucher {
				continue
			}
			spent[p.Voucher] = spent[p.Voucher].Plus(p.Amount)
			if spent[p.Voucher].Cmp(holds[p.Voucher]) > 0 {
				rt.Fatalf("%s holds %s and paid %s: %+v", p.Voucher, holds[p.Voucher], spent[p.Voucher], st.Payments)
			}
			if p.Left == nil || *p.Left != holds[p.Voucher].Minus(spent[p.Voucher]) {
				rt.Fatalf("a payment of %s records %v left, after %s of its %s: %+v", p.Voucher, p.Left, spent[p.Voucher], holds[p.Voucher], st.Payments)
			}
		}
		if paid != total {
			rt.Fatalf("payments of %s for a total of %s: %+v", paid, total, st.Payments)
		}
	})
	if accepted == 0 {
		t.Fatal("no settlement was accepted: the property checked nothing")
	}
}
