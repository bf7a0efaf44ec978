package pos_test

import (
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// FuzzParseCatalog: whatever the file holds, ParseCatalog returns a catalog
// or an error, never panics, and a catalog it accepts can be priced. The
// seeds run with every `go test`; `go test -fuzz FuzzParseCatalog ./pos`
// looks further.
func FuzzParseCatalog(f *testing.F) {
	demo := string(fixtures.Demo)
	f.Add(fixtures.Demo)
	for _, edit := range [][2]string{
		{`"seats": 24`, `"seats": -1`},
		{`"seats": 24`, `"seats": 1000000000`},
		{`"seats": 24`, `"seats": 9223372036854775807`},
		{`"capacity": 60`, `"capacity": -60`},
		{`"vat_rate_bp": 810`, `"vat_rate_bp": -810`},
		{`"vat_rate_bp": 810`, `"vat_rate_bp": 9223372036854775807`},
		{`"languages": [`, `"languages": [], "x": [`},
		{`"id": "parterre"`, `"id": "par|terre"`},
		{`"price": "CHF 5.00"`, `"price": "CHF 99999999999999.99"`},
	} {
		if !strings.Contains(demo, edit[0]) {
			f.Fatalf("the demo has no %q", edit[0])
		}
		f.Add([]byte(strings.Replace(demo, edit[0], edit[1], 1)))
	}
	f.Add([]byte(demo + ` {"more": 1}`))
	f.Add([]byte("\xef\xbb\xbf" + demo))
	f.Add([]byte(`{"organiser": {"currency": "CHF", "pin": 1, "pin": 2}}`))
	f.Add([]byte(`{"venues": [{"id": "v", "zones": [{"id": "z", "rows": [{"name": "A", "seats": -1}]}]}]}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`))
	f.Add([]byte(`{`))
	f.Add([]byte(``))
	today := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := pos.ParseCatalog("fuzz.json", data, today)
		if err != nil {
			if c != nil {
				t.Fatal("a catalog and an error")
			}
			return
		}
		// An accepted catalog answers its lookups and prices a ticket of
		// each performance's first zone without panicking.
		for _, perf := range c.PerformancesByStart() {
			zones := c.ZonesOf(perf)
			if len(zones) == 0 {
				continue
			}
			z := zones[0]
			for _, r := range z.Rows {
				_ = r.SeatNumbers()
			}
			for _, cat := range c.Categories {
				line := pos.CartLine{Kind: pos.LineTicket, Performance: perf.ID, Zone: z.ID, Category: cat.ID, Quantity: 1}
				_, _ = pos.Price(c, pos.Cart{Lines: []pos.CartLine{line}}, pos.PricingContext{Now: today})
			}
		}
	})
}
