package counter

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// TestADepositBesideAnInvoiceNeedsWhereToGoBack: a deposit taken beside
// an invoice goes back as the customer's credit voucher if the invoice
// lapses; in a catalog without a credit method it went nowhere (the
// order.lapsed gave nothing back: the customer lost CHF 50.00 and no
// report said so). Such a sale is now refused with a sentence, before any
// money is taken; an invoice method that keeps its orders after the
// deadline (nothing lapses) still takes one.
func TestADepositBesideAnInvoiceNeedsWhereToGoBack(t *testing.T) {
	for _, keep := range []bool{false, true} {
		var doc map[string]any
		if err := json.Unmarshal(fixtures.Demo, &doc); err != nil {
			t.Fatal(err)
		}
		doc["payment_methods"] = slices.DeleteFunc(doc["payment_methods"].([]any), func(m any) bool {
			m.(map[string]any)["keep_after_deadline"] = keep
			return m.(map[string]any)["kind"] == pos.KindCredit
		})
		data, _ := json.Marshal(doc)
		cat, err := pos.ParseCatalog("demo without credit", data, saleDay)
		if err != nil {
			t.Fatal(err)
		}
		r := newMailRig(t, nil, func(c *pos.Catalog) { *c = *cat })
		if err := r.till.AddTickets("hamlet-05", "galerie", "adult", 3); err != nil {
			t.Fatal(err)
		}
		sale, err := r.till.Checkout([]pos.Tender{{Method: "cash", Amount: pos.M(5000, "CHF")}, {Method: "invoice"}})
		if keep {
			if err != nil {
				t.Fatalf("keep_after_deadline: %v", err)
			}
			continue
		}
		if err != nil {
			if !strings.Contains(err.Error(), "no credit method") || pos.Say(err, pos.French) == err.Error() {
				t.Fatalf("refused without saying why, in French too: %v", err)
			}
			continue
		}
		r.clk.Set(sale.Order.Deadline.Add(time.Hour))
		if _, err := r.svc.Register().LapseDue(); err != nil {
			t.Fatal(err)
		}
		ov, _, err := r.svc.Order(sale.Order.Number)
		if err != nil {
			t.Fatal(err)
		}
		back := pos.Zero("CHF")
		for _, rf := range ov.Refunds {
			back = back.Plus(rf.Amount)
		}
		if ov.Order.State != pos.OrderLapsed || back != pos.M(5000, "CHF") {
			t.Fatalf("lapsed order %s gave back %s of its CHF 50.00 deposit: %+v", ov.Order.State, back, ov.Refunds)
		}
	}
}
