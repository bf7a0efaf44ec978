package pos

import "testing"

// vatCatalog is the test catalog with an organiser rate and, optionally, a
// reduced rate for the programme (printed matter).
func vatCatalog(t *testing.T, rate, programme string) *Catalog {
	t.Helper()
	r := []string{`"time_zone": "Europe/Zurich"`, `"time_zone": "Europe/Zurich", "vat_rate_bp": ` + rate}
	if programme != "" {
		r = append(r, `"price": "CHF 5.00"}`, `"price": "CHF 5.00", "vat_rate_bp": `+programme+`}`)
	}
	return testCatalogWith(t, r...)
}

// The VAT included in a cart: per rate, on the rate's total, half up; a gift
// voucher sold carries none; fees carry the organiser's rate; the lines'
// VAT adds up to their rate's total.
func TestVATIsIncludedPerRateHalfUpWithoutVouchers(t *testing.T) {
	standing := func(q int) CartLine { return ticket("p2", "standing", "adult", "", q) }
	prog := func(q int) CartLine { return CartLine{Kind: LineProduct, Item: "prog", Quantity: q} }
	gift := CartLine{Kind: LineVoucher, Item: "g50", Quantity: 1}
	type total struct {
		rate       int64
		gross, vat int64
		fr, en     string
	}
	for _, tc := range []struct {
		name       string
		rate, prog string // organiser's rate, the programme's own ("": none)
		cart       Cart
		want       []total
	}{
		// 12.35 x 8.1 / 108.1 = 0.92548...: 0.93
		{"one ticket", "810", "", Cart{Lines: []CartLine{standing(1)}},
			[]total{{810, 1235, 93, "8,1 % CHF 0.93", "8.1% CHF 0.93"}}},
		// 30.00 x 8.1 / 108.1 = 2.24792: down
		{"rounded down", "810", "", Cart{Lines: []CartLine{ticket("p1", "stalls", "adult", "A-2", 1)}},
			[]total{{810, 3000, 225, "8,1 % CHF 2.25", "8.1% CHF 2.25"}}},
		// 5.00 x 2.6 / 102.6 = 0.1267: 0.13; 24.70 x 8.1 / 108.1 = 1.8508: 1.85
		{"reduced rate for the programme", "810", "260", Cart{Lines: []CartLine{standing(2), prog(1)}},
			[]total{{260, 500, 13, "2,6 % CHF 0.13", "2.6% CHF 0.13"}, {810, 2470, 185, "8,1 % CHF 1.85", "8.1% CHF 1.85"}}},
		// Two lines of 12.35 hold 0.93 each when rounded apart (1.86); the
		// VAT is worked out on the rate's total: 24.70 x 8.1 / 108.1 =
		// 1.8508, 1.85, and the second line takes 0.92
		{"on the rate's total, not summed from rounded lines", "810", "", Cart{Lines: []CartLine{standing(1), standing(1)}},
			[]total{{810, 2470, 185, "8,1 % CHF 1.85", "8.1% CHF 1.85"}}},
		// 24.70 x 5 / 105 = 1.17619: 1.18 (halves: TestVATIncludedRoundsHalfUp)
		{"half up", "500", "", Cart{Lines: []CartLine{standing(2)}},
			[]total{{500, 2470, 118, "5 % CHF 1.18", "5% CHF 1.18"}}},
		{"a gift voucher carries none", "810", "", Cart{Lines: []CartLine{gift, standing(1)}},
			[]total{{810, 1235, 93, "8,1 % CHF 0.93", "8.1% CHF 0.93"}}},
		{"only a gift voucher: no VAT", "810", "", Cart{Lines: []CartLine{gift}}, nil},
		{"no rate: no VAT", "0", "", Cart{Lines: []CartLine{standing(1)}}, nil},
		{"an item at zero rate under an organiser's rate", "810", "0", Cart{Lines: []CartLine{prog(3)}}, nil},
		// The invoice fee (2.00 + 0.20 per ticket) is taxed at the organiser's rate:
		// 12.35 x 4 + 2.80 = 52.20 x 8.1 / 108.1 = 3.9114: 3.91
		{"fees are taxed", "810", "", Cart{Lines: []CartLine{standing(4)}, Methods: []string{"invoice"}},
			[]total{{810, 4940 + 280, 391, "8,1 % CHF 3.91", "8.1% CHF 3.91"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := vatCatalog(t, tc.rate, tc.prog)
			pc, err := Price(c, tc.cart, PricingContext{Now: testToday, Seller: admin(t, c)})
			if err != nil {
				t.Fatal(err)
			}
			if len(pc.VAT) != len(tc.want) {
				t.Fatalf("VAT %+v, want %d rates", pc.VAT, len(tc.want))
			}
			for i, w := range tc.want {
				g := pc.VAT[i]
				if g.Rate != w.rate || g.Gross != chf(w.gross) || g.Amount != chf(w.vat) {
					t.Errorf("rate %d: %+v, want gross %d VAT %d", w.rate, g, w.gross, w.vat)
				}
				if got := g.Format("fr"); got != w.fr {
					t.Errorf("fr %q, want %q", got, w.fr)
				}
				if got := g.Format("en"); got != w.en {
					t.Errorf("en %q, want %q", got, w.en)
				}
			}
			// Each line's and fee's VAT add up to its rate's total.
			sum := map[int64]Money{}
			for _, l := range pc.Lines {
				if l.Kind == LineVoucher && (l.VATRate != 0 || !l.VAT.IsZero()) {
					t.Errorf("gift voucher line carries VAT %d bp %s", l.VATRate, l.VAT)
				}
				sum[l.VATRate] = sum[l.VATRate].Plus(l.VAT)
			}
			for _, f := range pc.Fees {
				sum[f.VATRate] = sum[f.VATRate].Plus(f.VAT)
			}
			for _, g := range pc.VAT {
				if sum[g.Rate] != g.Amount {
					t.Errorf("lines at %d bp hold %s, the total says %s", g.Rate, sum[g.Rate], g.Amount)
				}
			}
			// The order carries the same totals.
			o := NewOrder("K01-000001", "K01", "ann", "", pc, Settlement{}, testToday)
			if got := c.VATTotals(o); len(got) != len(pc.VAT) || (len(got) > 0 && got[0] != pc.VAT[0]) {
				t.Errorf("order VAT %+v, cart %+v", got, pc.VAT)
			}
			// An order recorded before VAT was priced gets the same from its lines.
			o.VAT = nil
			for i := range o.Lines {
				o.Lines[i].VATRate, o.Lines[i].VAT = 0, Money{}
			}
			if got := c.VATTotals(o); len(got) != len(pc.VAT) || (len(got) > 0 && got[len(got)-1] != pc.VAT[len(pc.VAT)-1]) {
				t.Errorf("old order VAT %+v, cart %+v", got, pc.VAT)
			}
		})
	}
}

func TestVATIncludedRoundsHalfUp(t *testing.T) {
	for _, tc := range []struct{ gross, bp, want int64 }{
		{1050, 500, 50},             // 0.50 exactly
		{21, 500, 1},                // 0.01 exactly
		{2, 2500, 0},                // 0.004: down
		{10, 2500, 2},               // 0.02 exactly
		{105, 500, 5},               // 0.05 exactly
		{63, 500, 3},                // 0.03 exactly
		{1, 10000, 1},               // 0.005: half, up
		{3, 10000, 2},               // 0.015: half, up
		{1e15, 810, 74930619796485}, // no overflow in gross x rate
	} {
		if got := vatIncluded(tc.gross, tc.bp); got != tc.want {
			t.Errorf("VAT in %d at %d bp = %d, want %d", tc.gross, tc.bp, got, tc.want)
		}
	}
}
