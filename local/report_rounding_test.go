package local

import (
	"testing"

	"guichet/pos"
)

// TestTheReportsCashRoundingMakesItAddUp: an order of CHF 12.33 paid in
// cash puts CHF 12.35 in the drawer. The X report's cash by payment method
// said 12.33 (the orders' amounts) and its cash sales 12.35 (the drawer),
// with no line between them: a report whose figures do not add up. The
// report carries the cash rounding, so the cash method's takings plus the
// rounding are the cash sales less the cash refunds, a refund's rounding
// included.
func TestTheReportsCashRoundingMakesItAddUp(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	check := func(when string, want pos.Money) {
		t.Helper()
		rep, err := till.XReport()
		must(t, err)
		cash := chf(0)
		for _, m := range rep.ByMethod {
			if m.Kind == pos.KindCash {
				cash = cash.Plus(m.Amount)
			}
		}
		if rep.CashRounding != want {
			t.Fatalf("%s: the report's cash rounding is %s, want %s", when, rep.CashRounding, want)
		}
		if got := cash.Plus(rep.CashRounding); got != rep.CashSales.Minus(rep.CashRefunds) {
			t.Fatalf("%s: cash by method %s + rounding %s = %s; the drawer's cash sales %s less refunds %s do not match",
				when, cash, rep.CashRounding, got, rep.CashSales, rep.CashRefunds)
		}
	}
	must(t, till.AddVoucher("bon-libre", chf(1233)))
	o, err := till.Checkout([]pos.Tender{{Method: "cash", Tendered: chf(2000)}})
	must(t, err)
	check("a CHF 12.33 voucher paid in cash", chf(2))
	must(t, till.AddVoucher("bon-libre", chf(1001)))
	_, err = till.Checkout([]pos.Tender{{Method: "cash", Tendered: chf(1000)}})
	must(t, err)
	check("and a CHF 10.01 one", chf(1))
	must(t, till.Cancel(o.Number, "not wanted"))
	check("the first one refunded in cash", chf(-1))
}
