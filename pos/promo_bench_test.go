package pos_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"guichet/pos"
)

// BenchmarkPriceWithCode prices a 20-line cart with a typed code against 200
// offers and 100,000 codes. Target: < 50 µs per quote (the code is a map
// read; only the automatic offers and the typed code's offer are looked at).
func BenchmarkPriceWithCode(b *testing.B) {
	var offers []string
	effects := []string{`"effect":"percent","percent_bp":1500`, `"effect":"amount_per_ticket","amount":"CHF 2.00"`,
		`"effect":"amount_off_cart","amount":"CHF 30.00"`, `"effect":"price_list","price_list":"amis"`}
	for i := 0; i < 200; i++ {
		extra := ""
		if i%50 == 49 { // a few automatic offers, none in effect today
			extra = `,"automatic":true,"valid_from":"+100d"`
		}
		offers = append(offers, fmt.Sprintf(`{"id":"o%d","name":"Offer %d",%s,"max_tickets":100000,"max_tickets_per_order":40,
			"events":[{"event":"hamlet","quota":50000},{"event":"festival"}],"category_control":{"not_containing":"senior"}%s}`, i, i, effects[i%4], extra))
	}
	c := promoCatalog(b, "["+strings.Join(offers, ",")+"]")
	st := pos.NewCodeBook(c)
	src := rand.NewChaCha8([32]byte{1})
	codes, err := pos.GenerateCodes(100000, 10, nil, src)
	if err != nil {
		b.Fatal(err)
	}
	batch := make([]pos.Code, len(codes))
	for i, k := range codes {
		batch[i] = pos.Code{Code: k, Offer: fmt.Sprintf("o%d", i%200), MaxUses: 5}
	}
	if err := st.Add(batch...); err != nil {
		b.Fatal(err)
	}
	typed := strings.ToLower(codes[2+200*37]) // offer o2: the amount-off-cart spread, the costliest effect
	cart := pos.Cart{Code: " " + typed + " "}
	for i := 0; i < 20; i++ {
		perf := []string{"hamlet-00", "hamlet-03", "festival-j1", "carmen-01"}[i%4]
		zone := map[string]string{"hamlet-00": "galerie", "hamlet-03": "galerie", "carmen-01": "galerie", "festival-j1": "pelouse"}[perf]
		cart.Lines = append(cart.Lines, pos.CartLine{Kind: pos.LineTicket, Performance: perf, Zone: zone,
			Category: []string{"adult", "child", "student", "avs"}[i%4], Quantity: 1 + i%3})
	}
	ctx := promoCtx(st)
	pc, err := pos.Price(c, cart, ctx)
	if err != nil || pc.Offer == nil {
		b.Fatalf("setup: %v, refused %q", err, pc.CodeRefused)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := pos.Price(c, cart, ctx); err != nil {
			b.Fatal(err)
		}
	}
}
