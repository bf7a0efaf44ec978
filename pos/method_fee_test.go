package pos

import (
	"errors"
	"testing"
)

// TestAMethodIsAvailableByTheOrderBeforeItsOwnFees: whether a payment
// method may pay an order (its minimum, free / invitation for a zero
// order) is judged on what the order costs before the methods' fees, as
// the payment screen offers the methods (MethodsFor on the cart's total).
// Before, checkout judged it on the total with the method's own fees: an
// order of CHF 49.40 took the invoice (minimum CHF 50.00) because its CHF
// 2.80 of fees brought it to CHF 52.20, and a free order took a card whose
// fee made it CHF 0.89, the customer paying fees for invitations.
func TestAMethodIsAvailableByTheOrderBeforeItsOwnFees(t *testing.T) {
	c := testCatalogWith(t,
		`{"id": "card", "kind": "card", "name": "Card", "minimum": "CHF 0", "customer": true, "staff": true, "fee_per_order": "CHF 0"`,
		`{"id": "card", "kind": "card", "name": "Card", "minimum": "CHF 0", "customer": true, "staff": true, "fee_per_order": "CHF 0.89"`,
		`{"id": "gift", "kind": "voucher"`, `{"id": "credit", "kind": "credit", "name": "Exchange credit", "staff": true}, {"id": "gift", "kind": "voucher"`)
	seller := admin(t, c)
	ctx := PricingContext{Now: testToday, Seller: seller, Lang: "en"}
	card := Tender{Method: "card", Card: &CardRef{Terminal: "T-1"}}
	comp := ticket("p2", "standing", "adult", "", 2)
	comp.Comp = "press"
	errTakeNoOther := errors.New("the credit pays it all")
	for _, tc := range []struct {
		name   string
		line   CartLine
		tender Tender
		credit int64 // an exchange credit that pays first
		err    error // nil: paid
	}{
		{"CHF 49.40 is below the invoice's minimum, whatever its fees", ticket("p2", "standing", "adult", "", 4), Tender{Method: "invoice"}, 0, ErrBelowMinimum},
		{"CHF 61.75 is not", ticket("p1", "standing", "adult", "", 5), Tender{Method: "invoice"}, 0, nil},
		{"a free order is not paid by card for its fee", comp, card, 0, ErrZeroNeedsFree},
		{"a free order is free / invitation", comp, Tender{Method: "free"}, 0, nil},
		{"a paid order takes the card with its fee", ticket("p2", "standing", "adult", "", 1), card, 0, nil},
		{"an order the exchange credit pays takes no card for its fee", ticket("p2", "standing", "adult", "", 2), card, 2470, errTakeNoOther},
		{"the card pays what the credit leaves, with its fee", ticket("p2", "standing", "adult", "", 2), card, 2000, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cart := Cart{Lines: []CartLine{tc.line}}
			pc, err := Price(c, cart, ctx)
			if err != nil {
				t.Fatal(err)
			}
			var credit *Money
			due := pc.Total
			if tc.credit != 0 {
				cr := chf(tc.credit)
				credit, due = &cr, due.Minus(cr.Min(due))
			}
			m, _ := c.PaymentMethodByID(tc.tender.Method)
			offered := c.MethodAvailable(m, seller, due, testToday)
			sale, err := Checkout(c, cart, ctx, credit, []Tender{tc.tender}, nil)
			if tc.err == errTakeNoOther {
				if err == nil || Say(err, "en") != "the exchange credit pays the whole order: take no other payment" {
					t.Fatalf("checkout: %v (total %s), want the credit to pay it all", err, sale.Cart.Total)
				}
				return
			}
			if !errors.Is(err, tc.err) {
				t.Fatalf("checkout: %v (total %s), want %v", err, sale.Cart.Total, tc.err)
			}
			if (offered == nil) != (err == nil) {
				t.Fatalf("the payment screen offers it: %v; checkout: %v", offered, err)
			}
		})
	}
}

// TestAFeePerTicketIsNotChargedOnInvitations: a payment method's fee per
// ticket counts the tickets the customer pays for, not those given free
// (seed 004: "échange/invitation: gratuit"), whether given with a reason
// or in a category priced nothing (the demo's "invitation"). Before, an
// order of five tickets and two invitations paid by invoice (CHF 2 + CHF
// 0.20 a ticket) was charged CHF 3.40 of fees, CHF 0.40 of it for the two
// invitations.
func TestAFeePerTicketIsNotChargedOnInvitations(t *testing.T) {
	c := testCatalogWith(t, `{"category": "child", "price": "CHF 15.00"}`, `{"category": "child", "price": "CHF 0.00"}`)
	ctx := PricingContext{Now: testToday, Seller: admin(t, c), Lang: "en"}
	comp := ticket("p1", "standing", "adult", "", 2)
	comp.Comp = "press"
	for _, tc := range []struct {
		name  string
		lines []CartLine
		fee   int64
	}{
		{"five paid tickets", []CartLine{ticket("p1", "standing", "adult", "", 5)}, 300},
		{"five paid tickets and two invitations", []CartLine{ticket("p1", "standing", "adult", "", 5), comp}, 300},
		{"five paid tickets and two priced nothing", []CartLine{ticket("p1", "standing", "adult", "", 5), ticket("p1", "standing", "child", "", 2)}, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pc, err := Price(c, Cart{Lines: tc.lines, Methods: []string{"invoice"}}, ctx)
			if err != nil {
				t.Fatal(err)
			}
			if pc.FeesTotal != chf(tc.fee) || pc.Total != chf(6175+tc.fee) {
				t.Fatalf("fees %s, total %s; want fees %s, total %s", pc.FeesTotal, pc.Total, chf(tc.fee), chf(6175+tc.fee))
			}
		})
	}
}
