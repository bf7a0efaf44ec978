package local

import (
	"errors"
	"strings"
	"testing"

	"guichet/pos"
)

// TestTillPricesInTheStaffLanguage: lines, details, offers and fees come in
// the till's language, and an unknown language falls back to the
// catalog's first (French in the demo).
func TestTillPricesInTheStaffLanguage(t *testing.T) {
	tests := []struct {
		lang, want                     pos.Lang // want: Till.Lang
		event, seat, offer, invoiceFee string   // substrings expected
	}{
		{"en", "en", "Hamlet", "Row E, seat 1", "Weekday", "Invoice"},
		{"fr", "fr", "Hamlet", "Rang E, place 1", "Semaine", "Sur facture"},
		{"de", "fr", "Hamlet", "Rang E, place 1", "Semaine", "Sur facture"},
	}
	for _, tc := range tests {
		t.Run(string(tc.lang), func(t *testing.T) {
			r, _ := openTest(t, "")
			till := openTill(t, r, "claire", "1234")
			must(t, till.AddSeats("hamlet-00", "parterre", "adult", "E-1", "E-2", "E-3"))
			till.SetLang(tc.lang)
			if got := till.Lang(); got != tc.want {
				t.Fatalf("Lang() = %q, want %q", got, tc.want)
			}
			pc, err := till.ApplyCode("SEMAINE")
			must(t, err)
			if l := pc.Lines[0]; !strings.Contains(l.Name, tc.event) || !strings.Contains(l.Detail, tc.seat) {
				t.Errorf("line %q / %q, want %q and %q", l.Name, l.Detail, tc.event, tc.seat)
			}
			if pc.Offer == nil || !strings.Contains(pc.Offer.Name, tc.offer) {
				t.Errorf("offer %+v, want a name with %q", pc.Offer, tc.offer)
			}
			priced, err := till.Priced()
			must(t, err)
			if priced.Lines[0].Detail != pc.Lines[0].Detail {
				t.Errorf("Priced detail %q, ApplyCode's %q", priced.Lines[0].Detail, pc.Lines[0].Detail)
			}
			with, err := till.PricedWith([]string{"invoice"})
			must(t, err)
			if len(with.Fees) != 1 || with.Fees[0].Name != tc.invoiceFee {
				t.Errorf("fees %+v, want one named %q", with.Fees, tc.invoiceFee)
			}
			o, err := till.Checkout(cash())
			must(t, err)
			if !strings.Contains(o.Lines[0].Detail, tc.seat) || o.Offer == nil || !strings.Contains(o.Offer.Name, tc.offer) {
				t.Errorf("order line %q, offer %+v: want %q and %q", o.Lines[0].Detail, o.Offer, tc.seat, tc.offer)
			}
		})
	}
}

// TestSetLangRepricesTheCart: the cached pricing of the old language is
// not served after SetLang.
func TestSetLangRepricesTheCart(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "B-4"))
	till.SetLang("en")
	en, err := till.Priced()
	must(t, err)
	till.SetLang("fr")
	fr, err := till.Priced()
	must(t, err)
	if en.Lines[0].Detail == fr.Lines[0].Detail {
		t.Fatalf("the detail stayed %q after SetLang(fr)", fr.Lines[0].Detail)
	}
}

// TestCheckoutChargesWhatPricedWithShowed: for the same tenders' methods,
// Checkout's order total and fees are exactly PricedWith's; PricedWith
// leaves the cart and its own pricing unchanged.
func TestCheckoutChargesWhatPricedWithShowed(t *testing.T) {
	tests := []struct {
		name    string
		tenders []pos.Tender
		fee     int64 // minor units expected in FeesTotal (invoice: CHF 2.00 + 0.20 a ticket)
	}{
		{"invoice adds its order fee", []pos.Tender{{Method: "invoice"}}, 280},
		{"cash adds none", cash(), 0},
		{"split cash and invoice adds the invoice fee once", []pos.Tender{{Method: "cash", Amount: chf(1000)}, {Method: "invoice"}}, 280},
		{"card twice counts the method once", []pos.Tender{{Method: "card", Amount: chf(1000), Card: &pos.CardRef{Terminal: "T-1"}}, {Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			till := openTill(t, r, "claire", "1234")
			till.SetLang("en")
			must(t, till.AddSeats("hamlet-00", "parterre", "adult", "C-1", "C-2", "C-3", "C-4"))
			before, err := till.Priced()
			must(t, err)
			methods := make([]string, len(tc.tenders))
			for i, td := range tc.tenders {
				methods[i] = td.Method
			}
			shown, err := till.PricedWith(methods)
			must(t, err)
			if shown.FeesTotal.Amount != tc.fee {
				t.Fatalf("PricedWith fees %s, want %d", shown.FeesTotal, tc.fee)
			}
			if want := before.Total.Plus(shown.FeesTotal); shown.Total != want {
				t.Fatalf("PricedWith total %s, want %s (cart + fees)", shown.Total, want)
			}
			after, err := till.Priced()
			must(t, err)
			if after.Total != before.Total || len(till.Cart().Methods) != 0 {
				t.Fatalf("PricedWith changed the cart: %s then %s, methods %v", before.Total, after.Total, till.Cart().Methods)
			}
			o, err := till.Checkout(tc.tenders)
			must(t, err)
			if o.Total != shown.Total || len(o.Fees) != len(shown.Fees) {
				t.Fatalf("Checkout charged %s with fees %+v; PricedWith showed %s with %+v", o.Total, o.Fees, shown.Total, shown.Fees)
			}
			for i := range o.Fees {
				if o.Fees[i] != shown.Fees[i] {
					t.Errorf("fee %d: order %+v, shown %+v", i, o.Fees[i], shown.Fees[i])
				}
			}
			ov, ok, _ := r.Order(o.Number)
			if !ok || ov.Order.Total != shown.Total {
				t.Fatalf("journaled order total %s, shown %s", ov.Order.Total, shown.Total)
			}
		})
	}
}

// TestPricedWithUnknownMethod: a method the catalog does not know is an
// error, not a silent fee of zero.
func TestPricedWithUnknownMethod(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-1"))
	if _, err := till.PricedWith([]string{"bitcoin"}); !errors.Is(err, pos.ErrUnknownItem) {
		t.Fatalf("PricedWith(bitcoin) = %v, want ErrUnknownItem", err)
	}
}

// TestRefusedCodeSpeaksTheTillLanguage: ApplyCode's refusal is pos's
// sentence in the till's language.
func TestRefusedCodeSpeaksTheTillLanguage(t *testing.T) {
	for lang, want := range map[pos.Lang]string{"fr": "n'existe pas", "en": "there is no promo code"} {
		r, _ := openTest(t, "")
		till := openTill(t, r, "claire", "1234")
		till.SetLang(lang)
		must(t, till.AddSeats("hamlet-00", "parterre", "adult", "F-1"))
		var refusal *pos.CodeRefusal
		if _, err := till.ApplyCode("NOPE42"); !errors.As(err, &refusal) || !strings.Contains(refusal.Message, want) {
			t.Errorf("%s: ApplyCode(NOPE42) = %v, want a refusal saying %q", lang, err, want)
		}
	}
}
