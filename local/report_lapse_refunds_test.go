package local

import (
	"testing"
	"time"

	"guichet/pos"
)

// TestALapsesRefundsAreInItsShiftsDetail: an invoice with a CHF 20 gift
// voucher deposit, canceled at the till or lapsed at its deadline while
// the shift that placed it is open, gives the voucher its CHF 20 back.
// The report's methods say that refund either way, and so does the
// closure; the detail's "Refunds" said it for a cancellation only: after
// a lapse it read nothing, so the refunds the methods list (and the
// credit a cash deposit became) added up to no line of the detail. The
// detail counts a lapse's refunds as a cancellation's.
func TestALapsesRefundsAreInItsShiftsDetail(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lapse bool
		cash  bool // a CHF 10 cash deposit beside the voucher's CHF 20
		want  pos.Money
	}{
		{"canceled, voucher", false, false, chf(2000)},
		{"lapsed, voucher", true, false, chf(2000)},
		{"canceled, voucher and cash", false, true, chf(3000)},
		{"lapsed, voucher and cash", true, true, chf(3000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, clk := openTest(t, "")
			a := openTill(t, r, "claire", "1234")
			must(t, a.AddItem(pos.LineVoucher, "bon-50", 1))
			gift, err := a.Checkout(cash())
			must(t, err)
			must(t, a.AddTickets("hamlet-05", "galerie", "adult", 3))
			tenders := []pos.Tender{{Method: "gift", Voucher: gift.Tickets[0].Number, Amount: chf(2000)}}
			if tc.cash {
				tenders = append(tenders, pos.Tender{Method: "cash", Amount: chf(1000), Tendered: chf(1000)})
			}
			inv, err := a.Checkout(append(tenders, pos.Tender{Method: "invoice"}))
			must(t, err)
			if tc.lapse {
				clk.Add(inv.Deadline.Sub(clk.Now()) + time.Minute)
				if n, err := r.LapseDue(); err != nil || n != 1 {
					t.Fatalf("lapsed %d (%v), want %s", n, err, inv.Number)
				}
			} else {
				must(t, a.Cancel(inv.Number, "changed their mind"))
			}
			x, err := a.XReport()
			must(t, err)
			refunded := pos.Zero("CHF")
			n := 0
			for _, m := range x.ByMethod {
				n += m.Refunds
			}
			ov, ok, err := r.Order(inv.Number)
			must(t, err)
			if !ok {
				t.Fatalf("no order %s", inv.Number)
			}
			for _, rf := range ov.Refunds {
				refunded = refunded.Plus(rf.Amount)
			}
			if refunded != tc.want || n != len(ov.Refunds) {
				t.Fatalf("the order gave back %s in %d refunds, the methods list %d: want %s", refunded, len(ov.Refunds), n, tc.want)
			}
			if d := x.Detail; d.Refunds != 1 || d.RefundsAmount != tc.want {
				t.Errorf("the detail's refunds: %d for %s, want 1 for %s", d.Refunds, d.RefundsAmount, tc.want)
			}
			checkJournal(t, r)
		})
	}
}
