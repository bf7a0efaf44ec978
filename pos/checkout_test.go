package pos

import (
	"errors"
	"strconv"
	"testing"
)

// The checkout rule's steps in order: a missing form answer or a refused
// code stops the sale before any payment; an exchange credit pays first and
// the tenders the rest; a credit larger than the cart leaves what is left.
func TestCheckoutStepsInOrder(t *testing.T) {
	c := testCatalogWith(t, `{"id": "gift", "kind": "voucher"`, `{"id": "credit", "kind": "credit", "name": "Exchange credit", "staff": true}, {"id": "gift", "kind": "voucher"`)
	seller := admin(t, c)
	ctx := PricingContext{Now: testToday, Seller: seller, Lang: "en"}
	standing := ticket("p2", "standing", "adult", "", 2) // CHF 24.70
	student := ticket("p2", "standing", "student", "", 1)
	cash := []Tender{{Method: "cash", Tendered: chf(5000)}}
	money := func(m int64) *Money { v := chf(m); return &v }
	for _, tc := range []struct {
		name     string
		cart     Cart
		credit   *Money
		tenders  []Tender
		err      error  // errors.Is
		payments string // method:amount, ...
		used     int64
		left     int64
		change   int64
	}{
		{"cash pays", Cart{Lines: []CartLine{standing}}, nil, cash, nil, "cash:2470", 0, 0, 2530},
		{"a missing answer stops it before paying", Cart{Lines: []CartLine{student}}, nil, cash, ErrAnswerRequired, "", 0, 0, 0},
		{"a code that does not apply stops it", Cart{Lines: []CartLine{standing}, Code: "NOPE"}, nil, cash, nil, "refused", 0, 0, 0},
		{"the credit pays first", Cart{Lines: []CartLine{standing}}, money(1000), cash, nil, "credit:1000 cash:1470", 1000, 0, 3530},
		{"a credit covering it all needs no tender", Cart{Lines: []CartLine{standing}}, money(3000), nil, nil, "credit:2470", 2470, 530, 0},
		{"a credit without lines is left whole", Cart{}, money(3000), nil, nil, "", 0, 3000, 0},
		{"an empty cart", Cart{}, nil, cash, nil, "refused", 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sale, err := Checkout(c, tc.cart, ctx, tc.credit, tc.tenders, nil)
			if tc.err != nil || tc.payments == "refused" {
				if err == nil || (tc.err != nil && !errors.Is(err, tc.err)) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
				if len(sale.Settlement.Payments) > 0 {
					t.Fatalf("payments %+v after a refusal before paying", sale.Settlement.Payments)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, p := range sale.Settlement.Payments {
				if got != "" {
					got += " "
				}
				got += p.Method + ":" + strconv.FormatInt(p.Amount.Amount, 10)
			}
			if got != tc.payments {
				t.Errorf("payments %q, want %q", got, tc.payments)
			}
			if tc.credit != nil && (sale.Credit == nil || sale.Credit.Used != chf(tc.used) || sale.Credit.Left != chf(tc.left)) {
				t.Errorf("credit %+v, want used %d left %d", sale.Credit, tc.used, tc.left)
			}
			if sale.Settlement.Change != chf(tc.change) {
				t.Errorf("change %s, want %d", sale.Settlement.Change, tc.change)
			}
			// The tendered payments are the settlement's less the credit's.
			if n := len(sale.Tendered()); tc.used > 0 && n != len(sale.Settlement.Payments)-1 {
				t.Errorf("%d tendered of %d payments", n, len(sale.Settlement.Payments))
			}
		})
	}
}
