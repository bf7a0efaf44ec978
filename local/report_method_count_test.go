package local

import (
	"testing"

	"guichet/pos"
)

// TestTheReportsMethodCountsPaymentsAndRefundsApart: a sale paid in cash
// and then refunded in cash read "Cash 2× CHF 0.00" on the X report (a
// refund added one to its method's count like a payment, while the
// amount took it off), and a closure's figures count it the other way
// round (payments less refunds). The report counts the payments a method
// took and, apart, the refunds it gave: "Cash 1× CHF 0.00, 1 refund".
func TestTheReportsMethodCountsPaymentsAndRefundsApart(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	type want struct{ payments, refunds int }
	check := func(when string, w map[string]want) {
		t.Helper()
		rep, err := till.XReport()
		must(t, err)
		got := map[string]want{}
		for _, m := range rep.ByMethod {
			got[m.Method] = want{m.Count, m.Refunds}
		}
		for k, v := range w {
			if got[k] != v {
				t.Errorf("%s: %s counts %d payments and %d refunds, want %d and %d", when, k, got[k].payments, got[k].refunds, v.payments, v.refunds)
			}
		}
	}
	must(t, till.AddVoucher("bon-libre", chf(4000)))
	o, err := till.Checkout([]pos.Tender{{Method: "cash", Tendered: chf(4000)}})
	must(t, err)
	must(t, till.AddVoucher("bon-libre", chf(2000)))
	_, err = till.Checkout([]pos.Tender{{Method: "cash", Tendered: chf(2000)}})
	must(t, err)
	check("two cash sales", map[string]want{"cash": {2, 0}})
	must(t, till.Cancel(o.Number, "not wanted"))
	check("one of them refunded in cash", map[string]want{"cash": {2, 1}})
}
