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

// TestAGiftVoucherDoesNotPayForAGiftVoucher: a gift voucher paying for a
// new one would make its money valid again from today (a voucher at the
// end of its validity bought one good for years). The order selling a
// gift voucher is refused whole when a gift voucher pays any of it, with
// a sentence saying what to do; cash, an exchange credit voucher or the
// credit of an exchange still pay for it, and a gift voucher still pays
// for tickets.
func TestAGiftVoucherDoesNotPayForAGiftVoucher(t *testing.T) {
	c := testCatalogWith(t, `{"id": "gift", "kind": "voucher"`, `{"id": "credit", "kind": "credit", "name": "Exchange credit", "staff": true}, {"id": "gift", "kind": "voucher"`)
	ctx := PricingContext{Now: testToday, Seller: admin(t, c), Lang: "en"}
	voucher := CartLine{Kind: LineVoucher, Item: "g50", Quantity: 1} // CHF 50
	standing := ticket("p2", "standing", "adult", "", 2)             // CHF 24.70
	balances := func(n string) (Voucher, bool) {
		switch n {
		case "G-1":
			return Voucher{Number: n, Kind: KindVoucher, Balance: chf(10000), Expires: testToday.AddDate(0, 0, 3)}, true
		case "C-1":
			return Voucher{Number: n, Kind: KindCredit, Balance: chf(10000)}, true
		}
		return Voucher{}, false
	}
	gift := Tender{Method: "gift", Voucher: "G-1"}
	giftPart := Tender{Method: "gift", Voucher: "G-1", Amount: chf(1000)}
	cash := Tender{Method: "cash"}
	credit := Tender{Method: "credit", Voucher: "C-1"}
	exchange := chf(2000)
	for _, tc := range []struct {
		name    string
		lines   []CartLine
		credit  *Money
		tenders []Tender
		refused bool
	}{
		{"a gift voucher pays for a new one", []CartLine{voucher}, nil, []Tender{gift}, true},
		{"a gift voucher pays part of a new one", []CartLine{voucher}, nil, []Tender{giftPart, cash}, true},
		{"cash first, a gift voucher the rest", []CartLine{voucher}, nil, []Tender{{Method: "cash", Amount: chf(1000)}, gift}, true},
		{"a gift voucher pays tickets beside a new one", []CartLine{standing, voucher}, nil, []Tender{{Method: "gift", Voucher: "G-1", Amount: chf(2470)}, cash}, true},
		{"after an exchange's credit, a gift voucher the rest", []CartLine{voucher}, &exchange, []Tender{gift}, true},
		{"cash pays for a gift voucher", []CartLine{voucher}, nil, []Tender{cash}, false},
		{"a credit voucher pays for a gift voucher", []CartLine{voucher}, nil, []Tender{credit}, false},
		{"an exchange's credit and cash pay for a gift voucher", []CartLine{voucher}, &exchange, []Tender{cash}, false},
		{"a gift voucher pays tickets", []CartLine{standing}, nil, []Tender{gift}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sale, err := Checkout(c, Cart{Lines: tc.lines}, ctx, tc.credit, tc.tenders, balances)
			if !tc.refused {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrVoucherBuysVoucher) {
				t.Fatalf("err = %v, want %v", err, ErrVoucherBuysVoucher)
			}
			if len(sale.Tendered()) != 0 {
				t.Errorf("payments settled after the refusal: %+v", sale.Tendered())
			}
			const en = "Gift voucher: a gift voucher cannot pay for another gift voucher (its money would be valid again from today): take another payment method, or sell the new gift voucher on an order of its own"
			const fr = "Gift voucher : un bon cadeau ne peut pas payer un autre bon cadeau (son argent serait de nouveau valable à partir d'aujourd'hui) : prenez un autre moyen de paiement, ou vendez le nouveau bon cadeau sur une commande à part"
			if got := Say(err, "en"); got != en {
				t.Errorf("en: %q", got)
			}
			if got := Say(err, "fr"); got != fr {
				t.Errorf("fr: %q", got)
			}
		})
	}
}
