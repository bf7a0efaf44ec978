package local

import (
	"strings"
	"testing"

	"guichet/pos"
)

// TestLastCreditVoucherNamesTheRemainder: after a Checkout that used an
// exchange credit, LastCreditVoucher names the credit voucher made of what
// the new order did not use, with the balance the register keeps for it;
// none when the credit was used up, and none after a sale without credit.
func TestLastCreditVoucherNamesTheRemainder(t *testing.T) {
	tests := []struct {
		name    string
		newSeat string    // its category; "": no new order, the whole credit becomes a voucher
		want    pos.Money // the voucher's balance; zero: no voucher
	}{
		{"a child seat for an adult one leaves CHF 25", "child", chf(2500)},
		{"an adult seat uses the whole credit", "adult", pos.Money{}},
		{"no new order: all the credit", "", chf(4500)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			till := openTill(t, r, "claire", "1234")
			if _, ok := till.LastCreditVoucher(); ok {
				t.Fatal("a new till names a credit voucher")
			}
			must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-1"))
			o, err := till.Checkout(cash())
			must(t, err)
			credit, err := till.Exchange(o.Number, []string{o.Tickets[0].Number})
			must(t, err)
			if credit != chf(4500) {
				t.Fatalf("credit %s, want CHF 45.00", credit)
			}
			if tc.newSeat != "" {
				must(t, till.AddSeats("hamlet-00", "parterre", tc.newSeat, "D-5"))
			}
			o2, err := till.Checkout(nil) // the credit pays
			must(t, err)
			v, ok := till.LastCreditVoucher()
			if tc.want.IsZero() {
				if ok {
					t.Fatalf("voucher %+v after a checkout that used the whole credit", v)
				}
				return
			}
			if !ok || v.Number != "K01-A0001" || v.Balance != tc.want {
				t.Fatalf("LastCreditVoucher() = %+v, %v; want K01-A0001 of %s", v, ok, tc.want)
			}
			if bal, found, _ := r.VoucherBalance(v.Number); !found || bal != tc.want {
				t.Fatalf("the register keeps %s (found %v) for %s, the till said %s", bal, found, v.Number, v.Balance)
			}
			if ov, _, _ := r.Order(o.Number); tc.newSeat != "" && ov.ExchangedInto != o2.Number {
				t.Fatalf("exchanged into %q, want the new order %s", ov.ExchangedInto, o2.Number)
			}
			// The next sale, without credit, makes no voucher.
			must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-9"))
			_, err = till.Checkout(cash())
			must(t, err)
			if v, ok := till.LastCreditVoucher(); ok {
				t.Fatalf("a sale without credit still names %+v", v)
			}
		})
	}
}

// TestEachVoucherMethodTakesOnlyItsOwnVoucher (issue 10, points 1 and 16):
// a gift voucher offered under the exchange-credit method, or a credit
// voucher under the gift-voucher method, is refused with a sentence naming
// the right method; a voucher number typed in lower case is found and
// recorded as issued; X counts gift-voucher money as gift vouchers only.
func TestEachVoucherMethodTakesOnlyItsOwnVoucher(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	// A gift voucher of CHF 50, and a credit voucher of CHF 45 from an exchange.
	gift := sellGift50(t, till)
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-1"))
	o, err := till.Checkout(cash())
	must(t, err)
	_, err = till.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	_, err = till.Checkout(nil)
	must(t, err)
	credit, ok := till.LastCreditVoucher()
	if !ok {
		t.Fatal("no credit voucher")
	}

	for _, tc := range []struct {
		name, method, voucher string
		fr, en                string // the refusal names the right method
	}{
		{"a gift voucher as exchange credit", "credit", gift, "Bon cadeau", "Gift voucher"},
		{"a credit voucher as gift voucher", "gift", credit.Number, "Avoir d'échange", "Exchange credit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			must(t, till.AddItem(pos.LineProduct, "programme", 1))
			_, err := till.Checkout([]pos.Tender{{Method: tc.method, Voucher: tc.voucher}})
			if err == nil {
				t.Fatalf("%s taken under %s", tc.voucher, tc.method)
			}
			if fr := pos.Say(err, "fr"); !strings.Contains(fr, "« "+tc.fr+" »") {
				t.Errorf("fr: %q does not name %s", fr, tc.fr)
			}
			if en := pos.Say(err, "en"); !strings.Contains(en, "take it with "+tc.en) {
				t.Errorf("en: %q does not name %s", en, tc.en)
			}
			till.ClearCart()
		})
	}

	byKind := func() map[string]pos.Money {
		x, err := till.XReport()
		must(t, err)
		m := map[string]pos.Money{}
		for _, mt := range x.ByMethod {
			m[mt.Kind] = m[mt.Kind].Plus(mt.Amount)
		}
		return m
	}
	before := byKind()

	// Each in its own method, typed in lower case.
	must(t, till.AddItem(pos.LineProduct, "programme", 1))
	o, err = till.Checkout([]pos.Tender{{Method: "gift", Voucher: strings.ToLower(gift)}})
	must(t, err)
	if p := o.Payments[0]; p.Voucher != gift || p.Kind != pos.KindVoucher || p.Amount != chf(500) {
		t.Fatalf("payment %+v, want CHF 5.00 from gift voucher %s", p, gift)
	}
	if bal, _, _ := r.VoucherBalance(gift); bal != chf(4500) {
		t.Errorf("gift voucher balance %s, want CHF 45.00", bal)
	}
	must(t, till.AddItem(pos.LineProduct, "tote", 1))
	o, err = till.Checkout([]pos.Tender{{Method: "credit", Voucher: strings.ToLower(credit.Number)}})
	must(t, err)
	if p := o.Payments[0]; p.Voucher != credit.Number || p.Kind != pos.KindCredit {
		t.Fatalf("payment %+v, want credit voucher %s", p, credit.Number)
	}
	after := byKind()
	if d := after[pos.KindVoucher].Minus(before[pos.KindVoucher]); d != chf(500) {
		t.Errorf("X counts %s more under gift vouchers, want CHF 5.00", d)
	}
	if d := after[pos.KindCredit].Minus(before[pos.KindCredit]); d != chf(1500) {
		t.Errorf("X counts %s more under exchange credit, want CHF 15.00", d)
	}
}

// TestAVoucherOfferedTwicePaysItsBalanceOnce: a CHF 50 gift voucher typed
// in two payments of one CHF 90 order paid CHF 90 and was left at CHF
// -40; the register now takes CHF 50 from it in all, and refuses a second
// payment it can no longer make.
func TestAVoucherOfferedTwicePaysItsBalanceOnce(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	gift := sellGift50(t, till)
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-1", "D-2"))
	if _, err := till.Checkout([]pos.Tender{{Method: "gift", Voucher: gift, Amount: chf(5000)}, {Method: "gift", Voucher: gift}}); err == nil ||
		!strings.Contains(pos.Say(err, "fr"), "paie déjà tout ce qu'il contient (CHF 50.00)") {
		t.Fatalf("the voucher's second payment: %v", err)
	}
	if bal, _, err := r.VoucherBalance(gift); err != nil || bal != chf(5000) {
		t.Fatalf("after the refusal the voucher holds %s (%v), want CHF 50.00", bal, err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "gift", Voucher: gift, Amount: chf(3000)}, {Method: "gift", Voucher: gift}, {Method: "cash"}})
	must(t, err)
	var fromGift pos.Money
	for _, p := range o.Payments {
		if p.Voucher == gift {
			fromGift = fromGift.Plus(p.Amount)
		}
	}
	if fromGift != chf(5000) || o.Payments[2].Amount != chf(4000) || o.Payments[1].Left == nil || *o.Payments[1].Left != chf(0) {
		t.Fatalf("payments %+v: want CHF 30 + 20 from the voucher (nothing left), CHF 40 cash", o.Payments)
	}
	if bal, _, err := r.VoucherBalance(gift); err != nil || bal != chf(0) {
		t.Fatalf("the voucher holds %s (%v) after paying its CHF 50, want CHF 0.00", bal, err)
	}
}

// sellGift50 sells a CHF 50 gift voucher in cash and gives its number.
func sellGift50(t *testing.T, till *Till) string {
	t.Helper()
	must(t, till.AddItem(pos.LineVoucher, "bon-50", 1))
	o, err := till.Checkout(cash())
	must(t, err)
	return o.Tickets[0].Number
}

// TestASpentGiftVoucherSaysWhatCanStillBeCanceled: a season subscription
// and a gift voucher sold together, the voucher then spent in part. The
// whole order cannot be canceled (the voucher's money went elsewhere),
// and the refusal said only that: the cashier did not learn the
// subscription could still be canceled alone. It says so when another
// ticket is valid, and the subscription then cancels alone.
func TestASpentGiftVoucherSaysWhatCanStillBeCanceled(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddItem(pos.LinePass, "abonnement-saison", 1))
	must(t, till.AddItem(pos.LineVoucher, "bon-50", 1))
	o, err := till.Checkout(cash())
	must(t, err)
	pass, gift := o.Tickets[0].Number, o.Tickets[1].Number
	must(t, till.AddItem(pos.LineProduct, "programme", 1))
	_, err = till.Checkout([]pos.Tender{{Method: "gift", Voucher: gift}})
	must(t, err)

	for _, tc := range []struct {
		name    string
		tickets []string
		fr, en  string
	}{
		{"the whole order", nil,
			"le bon cadeau " + gift + " a déjà été utilisé : il ne peut plus être annulé ; annulez à part les autres billets de la commande",
			"gift voucher " + gift + " was already spent: it can no longer be canceled; cancel the order's other tickets alone"},
		{"the voucher alone", []string{gift},
			"le bon cadeau " + gift + " a déjà été utilisé : il ne peut plus être annulé",
			"gift voucher " + gift + " was already spent: it can no longer be canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := till.CancelPart(o.Number, "changed her mind", CancelOptions{Tickets: tc.tickets})
			if err == nil {
				t.Fatal("canceled with its gift voucher spent")
			}
			if fr := pos.Say(err, "fr"); fr != tc.fr {
				t.Errorf("fr: %q\nwant %q", fr, tc.fr)
			}
			if en := pos.Say(err, "en"); en != tc.en {
				t.Errorf("en: %q\nwant %q", en, tc.en)
			}
		})
	}
	must(t, till.CancelPart(o.Number, "changed her mind", CancelOptions{Tickets: []string{pass}}))
}
