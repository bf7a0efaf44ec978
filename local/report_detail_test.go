package local

import (
	"encoding/json"
	"testing"

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
