package pos_test

import (
	"fmt"
	"strings"
	"testing"

	"guichet/pos"

	"pgregory.net/rapid"
)

// promoRandomOffer draws one offer with a code PROP, any effect, limits and controls.
func promoRandomOffer(t *rapid.T) string {
	var f []string
	switch rapid.IntRange(0, 3).Draw(t, "effect") {
	case 0:
		f = append(f, `"effect":"percent"`, fmt.Sprintf(`"percent_bp":%d`, rapid.IntRange(1, 10000).Draw(t, "bp")))
	case 1:
		f = append(f, `"effect":"amount_per_ticket"`, fmt.Sprintf(`"amount":"CHF %d.%02d"`, rapid.IntRange(0, 200).Draw(t, "chf"), rapid.IntRange(1, 99).Draw(t, "rp")))
	case 2:
		f = append(f, `"effect":"amount_off_cart"`, fmt.Sprintf(`"amount":"CHF %d.%02d"`, rapid.IntRange(0, 500).Draw(t, "chf"), rapid.IntRange(1, 99).Draw(t, "rp")))
	case 3:
		f = append(f, `"effect":"price_list"`, `"price_list":"amis"`)
	}
	if n := rapid.IntRange(0, 12).Draw(t, "max"); n > 0 {
		f = append(f, fmt.Sprintf(`"max_tickets":%d`, n))
	}
	if n := rapid.IntRange(0, 6).Draw(t, "perOrder"); n > 0 {
		f = append(f, fmt.Sprintf(`"max_tickets_per_order":%d`, n))
	}
	if rapid.Bool().Draw(t, "scoped") {
		f = append(f, fmt.Sprintf(`"events":[{"event":"hamlet","quota":%d,"per_order":%d},{"event":"festival","zone":"tribune"}],"passes":[{"pass":"festival-3-jours","quota":%d}]`,
			rapid.IntRange(0, 6).Draw(t, "q1"), rapid.IntRange(0, 4).Draw(t, "p1"), rapid.IntRange(0, 3).Draw(t, "q2")))
	}
	if l := rapid.SampledFrom([]string{"", "child", "reduced", "friends"}).Draw(t, "catLabel"); l != "" {
		f = append(f, fmt.Sprintf(`"category_control":{"%s":"%s"}`, rapid.SampledFrom([]string{"containing", "not_containing"}).Draw(t, "mode"), l))
	}
	return `[{"id":"prop","name":"Prop",` + strings.Join(f, ",") + `,"codes":[{"code":"PROP"}]}]`
}

// promoRandomCart draws a cart of general-admission tickets and passes.
func promoRandomCart(t *rapid.T) pos.Cart {
	n := rapid.IntRange(1, 6).Draw(t, "lines")
	cart := pos.Cart{Code: "prop"}
	for i := 0; i < n; i++ {
		q := rapid.IntRange(1, 4).Draw(t, "qty")
		switch rapid.IntRange(0, 2).Draw(t, "kind") {
		case 0:
			perf := rapid.SampledFrom([]string{"hamlet-00", "hamlet-03", "carmen-01", "carmen-02"}).Draw(t, "perf")
			cart.Lines = append(cart.Lines, promoGA(perf, rapid.SampledFrom([]string{"adult", "child", "student", "avs"}).Draw(t, "cat"), q))
		case 1:
			cart.Lines = append(cart.Lines, pos.CartLine{Kind: pos.LineTicket, Performance: rapid.SampledFrom([]string{"festival-j1", "festival-j3"}).Draw(t, "fperf"),
				Zone: rapid.SampledFrom([]string{"pelouse", "tribune"}).Draw(t, "zone"), Category: rapid.SampledFrom([]string{"adult", "child"}).Draw(t, "fcat"), Quantity: q})
		case 2:
			cart.Lines = append(cart.Lines, pos.CartLine{Kind: pos.LinePass, Item: rapid.SampledFrom([]string{"festival-3-jours", "abonnement-saison"}).Draw(t, "pass"), Quantity: q})
		}
	}
	if rapid.Bool().Draw(t, "fees") {
		cart.Methods = []string{"invoice"}
	}
	return cart
}

func TestPropertyDiscountNeverMakesALineNegativeAndLinesAddUpToTheTotal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := promoCatalog(t, promoRandomOffer(t))
		cart := promoRandomCart(t)
		pc, err := pos.Price(c, cart, promoCtx(nil))
		if err != nil {
			t.Skip(err) // e.g. a payment method's minimum: not about offers
		}
		sum := pos.Zero("CHF")
		for i, l := range pc.Lines {
			if l.Charged.IsNegative() {
				t.Fatalf("line %d charged %v", i+1, l.Charged)
			}
			if l.Offer == "" && l.Charged != l.Regular {
				t.Fatalf("line %d changed without an offer: %v -> %v", i+1, l.Regular, l.Charged)
			}
			sum = sum.Plus(l.Charged)
		}
		if got := sum.Plus(pc.FeesTotal); got != pc.Total {
			t.Fatalf("lines %v + fees %v != total %v", sum, pc.FeesTotal, pc.Total)
		}
		if pc.Regular.Minus(pc.Discount) != sum {
			t.Fatalf("regular %v - discount %v != lines %v", pc.Regular, pc.Discount, sum)
		}
	})
}

func TestPropertyApplyingAndRemovingACodeRestoresRegularPrices(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := promoCatalog(t, promoRandomOffer(t))
		cart := promoRandomCart(t)
		cart.Code = ""
		before, err := pos.Price(c, cart, promoCtx(nil))
		if err != nil {
			t.Skip(err)
		}
		cart.Code = "PROP"
		if _, err := pos.Price(c, cart, promoCtx(nil)); err != nil {
			t.Fatalf("with the code: %v", err)
		}
		cart.Code = ""
		after, err := pos.Price(c, cart, promoCtx(nil))
		if err != nil {
			t.Fatal(err)
		}
		for i := range before.Lines {
			b, a := before.Lines[i], after.Lines[i]
			if a.Charged != b.Charged || a.Regular != b.Regular || a.Offer != "" || a.Charged != a.Regular {
				t.Fatalf("line %d: before %v/%v, after %v/%v offer %q", i+1, b.Regular, b.Charged, a.Regular, a.Charged, a.Offer)
			}
		}
		if after.Total != before.Total || after.Offer != nil {
			t.Fatalf("total %v -> %v, offer %+v", before.Total, after.Total, after.Offer)
		}
	})
}

func TestPropertyPerOrderAndTotalQuotasAreNeverExceeded(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		offers := promoRandomOffer(t)
		c := promoCatalog(t, offers)
		o, _ := c.OfferByID("prop")
		st := pos.NewCodeBook(c)
		var placed []map[string]int
		for step := rapid.IntRange(1, 12).Draw(t, "orders"); step > 0; step-- {
			if len(placed) > 0 && rapid.IntRange(0, 4).Draw(t, "cancel") == 0 {
				i := rapid.IntRange(0, len(placed)-1).Draw(t, "which")
				st.Record(&pos.AppliedOffer{ID: "prop", Code: "PROP"}, placed[i], -1)
				placed = append(placed[:i], placed[i+1:]...)
				continue
			}
			cart := promoRandomCart(t)
			cart.Methods = nil
			pc, err := pos.Price(c, cart, promoCtx(st))
			if err != nil {
				t.Skip(err)
			}
			if pc.Offer == nil {
				continue
			}
			usage := pos.OfferUsage(pc.Lines)
			if o.MaxPerOrder > 0 && usage[""] > o.MaxPerOrder {
				t.Fatalf("order with %d tickets under a limit of %d", usage[""], o.MaxPerOrder)
			}
			for _, s := range append(append([]pos.ScopeItem{}, o.Events...), o.Passes...) {
				if s.PerOrder > 0 && usage[s.Key()] > s.PerOrder {
					t.Fatalf("item %s: %d tickets in one order, limit %d", s.Key(), usage[s.Key()], s.PerOrder)
				}
			}
			st.Record(pc.Offer, usage, +1)
			placed = append(placed, usage)
			if o.MaxTickets > 0 && st.OfferTickets("prop", "") > o.MaxTickets {
				t.Fatalf("%d tickets benefited, quota %d", st.OfferTickets("prop", ""), o.MaxTickets)
			}
			for _, s := range append(append([]pos.ScopeItem{}, o.Events...), o.Passes...) {
				if s.Quota > 0 && st.OfferTickets("prop", s.Key()) > s.Quota {
					t.Fatalf("item %s: %d tickets, quota %d", s.Key(), st.OfferTickets("prop", s.Key()), s.Quota)
				}
			}
		}
	})
}
