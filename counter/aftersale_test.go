package counter

import (
	"strings"
	"testing"

	"guichet/printers"
)

// text is the printed lines of a decoded document.
func text(doc printers.Document) string {
	var b strings.Builder
	for _, it := range doc.Items {
		if it.Kind != printers.ItemLine {
			continue
		}
		for _, sp := range it.Spans {
			b.WriteString(sp.Text)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// An exchange whose credit is larger than the new order leaves a credit
// voucher: the new order's receipt prints by itself and names it.
func TestTheCreditVoucherAnExchangeLeavesPrintsOnTheReceipt(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	sale := r.sell(cash(10000))
	r.printed()
	if _, err := r.till.Exchange(sale.Order.Number, []string{sale.Order.Tickets[0].Number}); err != nil {
		t.Fatal(err)
	}
	if err := r.till.AddItem("product", "programme", 1); err != nil {
		t.Fatal(err)
	}
	s2, err := r.till.Checkout(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s2.HasVoucher || !s2.Receipt {
		t.Fatalf("sale %+v: no voucher or no receipt", s2)
	}
	got := text(r.printed())
	if !strings.Contains(got, "Avoir restant : bon "+s2.Voucher.Number) || !strings.Contains(got, s2.Voucher.Balance.Format("fr")) {
		t.Fatalf("the receipt does not name the credit voucher %s:\n%s", s2.Voucher.Number, got)
	}
}
