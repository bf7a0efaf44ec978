package local

import (
	"path/filepath"
	"reflect"
	"testing"

	"guichet/pos"

	"guichet/internal/fakeclock"
	"pgregory.net/rapid"
)

// The till's Checkout, `guichet quote` (pos.Checkout, with or without the
// register's file) and the payment screen's preview (pos.Catalog.Pay on the
// till's PricedWith) agree on every cart: same total, fees, VAT, payments,
// change and refusal (issue 9 point 2).
func TestQuoteTillAndPreviewAgree(t *testing.T) {
	t.Parallel() // a register of its own per case, on a fake clock: beside the other parallel tests (helpers_test.go)
	cat := demoCatalog(t)
	dir := t.TempDir()
	n := 0
	sold, refused := 0, 0 // carts whose four paths agreed on a sale, on a refusal
	rapid.Check(t, func(rt *rapid.T) {
		n++
		clk := fakeclock.New(testToday)
		r, err := Open(Options{Path: filepath.Join(dir, "r"+string(rune('a'+n%26))+rapid.StringMatching(`[0-9]{6}`).Draw(rt, "file")+".db"), Register: "K01", Catalog: cat, Now: clk.Now})
		if err != nil {
			rt.Fatal(err)
		}
		defer r.Close()
		till := openTill(t, r, "claire", "1234")
		for i, lines := 0, rapid.IntRange(1, 4).Draw(rt, "lines"); i < lines; i++ {
			q := rapid.IntRange(1, 5).Draw(rt, "qty")
			var err error
			switch rapid.IntRange(0, 3).Draw(rt, "kind") {
			case 0:
				err = till.AddTickets(rapid.SampledFrom([]string{"festival-j1", "festival-j3"}).Draw(rt, "perf"),
					rapid.SampledFrom([]string{"pelouse", "tribune"}).Draw(rt, "zone"), rapid.SampledFrom([]string{"adult", "child"}).Draw(rt, "cat"), q)
			case 1:
				err = till.AddItem(pos.LineProduct, rapid.SampledFrom([]string{"programme", "tote"}).Draw(rt, "product"), q)
			case 2:
				err = till.AddItem(pos.LineVoucher, rapid.SampledFrom([]string{"bon-50", "bon-100"}).Draw(rt, "voucher"), 1)
			case 3:
				err = till.AddItem(pos.LinePass, "festival-3-jours", 1)
			}
			if err != nil {
				rt.Fatal(err)
			}
		}
		var tenders []pos.Tender
		if rapid.Bool().Draw(rt, "split") {
			tenders = append(tenders, pos.Tender{Method: "card", Amount: chf(int64(rapid.IntRange(1, 5000).Draw(rt, "card"))), Card: &pos.CardRef{Terminal: "T-1"}})
		}
		switch rapid.IntRange(0, 2).Draw(rt, "last") {
		case 0:
			tenders = append(tenders, pos.Tender{Method: "cash", Tendered: chf(int64(rapid.IntRange(0, 60000).Draw(rt, "tendered")))})
		case 1:
			tenders = append(tenders, pos.Tender{Method: "twint", Card: &pos.CardRef{Terminal: "TW-9"}})
		case 2:
			tenders = append(tenders, pos.Tender{Method: "invoice"})
		}
		cart := till.Cart()
		seller, _ := cat.SellerFor("claire")
		ctx := pos.PricingContext{Now: clk.Now(), Lang: "fr", Seller: seller, Promo: pos.NewCodeBook(cat)}

		quote, quoteErr := pos.Checkout(cat, cart, ctx, nil, tenders, nil)
		onFile, fileErr := r.Quote(cart, ctx, tenders)
		var methods []string
		for _, td := range tenders {
			methods = append(methods, td.Method)
		}
		pc, err := till.PricedWith(methods)
		if err != nil {
			rt.Fatal(err)
		}
		preview, previewErr := cat.Pay(pc, seller, nil, tenders, nil, clk.Now())
		order, tillErr := till.Checkout(tenders)

		errs := []error{quoteErr, fileErr, previewErr, tillErr}
		for i, e := range errs {
			if (e == nil) != (tillErr == nil) || (e != nil && e.Error() != tillErr.Error()) {
				rt.Fatalf("path %d says %v, the till %v", i, e, tillErr)
			}
		}
		if tillErr != nil {
			refused++
			return
		}
		for i, s := range []pos.Sale{quote, onFile, preview} {
			if s.Cart.Total != order.Total || !reflect.DeepEqual(s.Cart.Fees, order.Fees) || !reflect.DeepEqual(s.Cart.VAT, order.VAT) {
				rt.Fatalf("path %d: total %s fees %+v VAT %+v; the till's order: %s %+v %+v", i, s.Cart.Total, s.Cart.Fees, s.Cart.VAT, order.Total, order.Fees, order.VAT)
			}
			if !reflect.DeepEqual(s.Settlement.Payments, order.Payments) {
				rt.Fatalf("path %d: payments %+v; the till's order: %+v", i, s.Settlement.Payments, order.Payments)
			}
			if !reflect.DeepEqual(s.Cart.Lines, order.Lines) {
				rt.Fatalf("path %d: lines %+v; the till's order: %+v", i, s.Cart.Lines, order.Lines)
			}
		}
		sold++
	})
	// Fewer cases under -race (main_test.go): the paths still agreed on both.
	if sold == 0 || refused == 0 {
		t.Errorf("%d carts sold and %d refused: the cases did not compare both", sold, refused)
	}
	t.Logf("%d carts sold, %d refused, the same by every path", sold, refused)
}
