package pos_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// promoZurich is the demo organiser's time zone.
var promoZurich = func() *time.Location {
	l, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		panic(err)
	}
	return l
}()

// promoToday is a Monday morning; the demo's relative dates hang on it:
// hamlet-00 is tonight (weekday list), hamlet-01 next Tuesday (label
// promomm), hamlet-03 next Saturday (weekend list).
var promoToday = time.Date(2026, 11, 23, 10, 0, 0, 0, promoZurich)

// promoDemo is the demo box office with its own offers.
func promoDemo(t testing.TB) *pos.Catalog {
	t.Helper()
	c, err := fixtures.DemoCatalog(promoToday)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// promoT is what both *testing.T and *rapid.T offer.
type promoT interface {
	Helper()
	Fatal(args ...any)
}

// promoCatalog is the demo box office with the given offers (a JSON array)
// instead of its own.
func promoCatalog(t promoT, offers string) *pos.Catalog {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(fixtures.Demo, &doc); err != nil {
		t.Fatal(err)
	}
	doc["offers"] = json.RawMessage(offers)
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := pos.ParseCatalog("test", data, promoToday)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func promoGA(perf, cat string, qty int) pos.CartLine {
	return pos.CartLine{Kind: pos.LineTicket, Performance: perf, Zone: "galerie", Category: cat, Quantity: qty}
}

func promoSeat(perf, cat, seat string) pos.CartLine {
	return pos.CartLine{Kind: pos.LineTicket, Performance: perf, Zone: "parterre", Category: cat, Seat: seat, Quantity: 1}
}

func promoCtx(st pos.PromoState) pos.PricingContext {
	return pos.PricingContext{Now: promoToday, Lang: "en", Promo: st}
}

// promoPrice prices and fails the test on a cart error.
func promoPrice(t testing.TB, c *pos.Catalog, cart pos.Cart, ctx pos.PricingContext) pos.PricedCart {
	t.Helper()
	pc, err := pos.Price(c, cart, ctx)
	if err != nil {
		t.Fatalf("price %+v: %v", cart, err)
	}
	return pc
}

func charged(pc pos.PricedCart) []int64 {
	out := make([]int64, len(pc.Lines))
	for i, l := range pc.Lines {
		out[i] = l.Charged.Amount
	}
	return out
}

func sameInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// refusal returns the typed refusal of a priced cart, or fails.
func refusal(t testing.TB, pc pos.PricedCart) *pos.CodeRefusal {
	t.Helper()
	var r *pos.CodeRefusal
	if !errors.As(pc.CodeError(), &r) {
		t.Fatalf("code was not refused (offer %+v)", pc.Offer)
	}
	if pc.CodeRefused != r.Message {
		t.Errorf("CodeRefused %q and the typed refusal %q differ", pc.CodeRefused, r.Message)
	}
	return r
}

func TestOfferEffectPercentOffEachTicket(t *testing.T) {
	c := promoCatalog(t, `[{"id":"p","name":"Twenty","effect":"percent","percent_bp":2000,"codes":[{"code":"TWENTY"}]},
		{"id":"odd","name":"Odd","effect":"percent","percent_bp":1250,"codes":[{"code":"ODD"}]}]`)
	for _, tc := range []struct {
		name  string
		code  string
		lines []pos.CartLine
		want  []int64
	}{
		{"20% of 45 and 3 x 12", "TWENTY", []pos.CartLine{promoSeat("hamlet-00", "adult", "C-1"), promoGA("hamlet-00", "child", 3)}, []int64{3600, 3 * 960}},
		{"12.5% rounds half up per ticket", "odd", []pos.CartLine{promoGA("hamlet-00", "student", 2)}, []int64{2 * 1575}}, // 18 - 2.25
		{"a free ticket stays free", "TWENTY", []pos.CartLine{promoSeat("hamlet-00", "invitation", "C-2")}, []int64{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cart := pos.Cart{Lines: tc.lines, Code: tc.code}
			if tc.lines[0].Category == "invitation" {
				cart.Lines[0].Answers = map[string]string{"guest_of": "Director"}
			}
			pc := promoPrice(t, c, cart, promoCtx(nil))
			if got := charged(pc); !sameInts(got, tc.want) {
				t.Errorf("charged %v, want %v", got, tc.want)
			}
			if pc.Offer == nil || pc.Offer.Code != pos.NormalizeCode(tc.code) {
				t.Errorf("offer %+v, want code %s", pc.Offer, tc.code)
			}
		})
	}
}

func TestOfferEffectAmountPerTicketNeverBelowZero(t *testing.T) {
	c := promoCatalog(t, `[{"id":"a","name":"Fifteen off","effect":"amount_per_ticket","amount":"CHF 15.00","codes":[{"code":"FIFTEEN"}]}]`)
	pc := promoPrice(t, c, pos.Cart{Code: "FIFTEEN", Lines: []pos.CartLine{
		promoGA("hamlet-00", "adult", 2), // 25 -> 10
		promoGA("hamlet-00", "child", 1), // 12 -> 0, not -3
	}}, promoCtx(nil))
	if got, want := charged(pc), []int64{2000, 0}; !sameInts(got, want) {
		t.Errorf("charged %v, want %v", got, want)
	}
	if pc.Total.Amount != 2000 || pc.Discount.Amount != 4200 {
		t.Errorf("total %v discount %v, want CHF 20.00 and CHF 42.00", pc.Total, pc.Discount)
	}
}

func TestOfferEffectAmountOffCartSpreadOverLines(t *testing.T) {
	c := promoCatalog(t, `[{"id":"a","name":"Ten off","effect":"amount_off_cart","amount":"CHF 10.00","codes":[{"code":"TEN"}]},
		{"id":"b","name":"Big","effect":"amount_off_cart","amount":"CHF 500.00","codes":[{"code":"BIG"}]},
		{"id":"c","name":"Cent","effect":"amount_off_cart","amount":"CHF 0.01","codes":[{"code":"CENT"}]}]`)
	three := []pos.CartLine{promoGA("hamlet-00", "adult", 1), promoGA("hamlet-00", "adult", 1), promoGA("hamlet-00", "adult", 1)}
	for _, tc := range []struct {
		name  string
		code  string
		lines []pos.CartLine
		want  []int64
	}{
		// 25 + 12 + 18 = 55: 10 x 25/55 = 4.5454, 10 x 12/55 = 2.1818, 10 x 18/55 = 3.2727 -> 454 + 218 + 327 = 999; the cent goes to the largest remainder (adult).
		{"proportional, remainder to the largest remainder", "TEN", []pos.CartLine{promoGA("hamlet-00", "adult", 1), promoGA("hamlet-00", "child", 1), promoGA("hamlet-00", "student", 1)}, []int64{2500 - 455, 1200 - 218, 1800 - 327}},
		{"equal lines: the earlier line takes the odd cent", "TEN", three, []int64{2500 - 334, 2500 - 333, 2500 - 333}},
		{"one cent on equal lines goes to the first", "CENT", three, []int64{2499, 2500, 2500}},
		{"never below zero", "BIG", []pos.CartLine{promoGA("hamlet-00", "adult", 1), promoGA("hamlet-00", "child", 2)}, []int64{0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pc := promoPrice(t, c, pos.Cart{Code: tc.code, Lines: tc.lines}, promoCtx(nil))
			if got := charged(pc); !sameInts(got, tc.want) {
				t.Errorf("charged %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOfferEffectPriceListChangeReplacesTheRegularList(t *testing.T) {
	c := promoDemo(t) // AMIS: list "amis" for Hamlet and Carmen, categories without label "senior"
	cart := pos.Cart{Code: " amis ", Lines: []pos.CartLine{
		promoSeat("hamlet-00", "adult", "C-1"), // 45 on the weekday list -> 38
		promoGA("hamlet-00", "friend", 2),      // not on the regular list at all: 18 on the friends' list
		promoGA("hamlet-00", "avs", 1),         // on the friends' list, but the control hides seniors: stays 20
		{Kind: pos.LineTicket, Performance: "voyage-00", Zone: "salle", Category: "adult", Seat: "B-2", Quantity: 1}, // cinema: not in the offer's scope, stays 17
		{Kind: pos.LinePass, Item: "festival-3-jours", Quantity: 1},                                                  // a pass has no price list
	}}
	pc := promoPrice(t, c, cart, promoCtx(nil))
	if got, want := charged(pc), []int64{3800, 3600, 2000, 1700, 14000}; !sameInts(got, want) {
		t.Fatalf("charged %v, want %v", got, want)
	}
	friends := pc.Lines[1]
	if friends.PriceList != "amis" || friends.Regular.Amount != 3600 || friends.Offer == "" {
		t.Errorf("friend line %+v: want list amis, regular = charged 36.00, offer named", friends)
	}
	if pc.Lines[0].Regular.Amount != 4500 || pc.Lines[0].PriceList != "amis" {
		t.Errorf("adult line regular %v list %q, want CHF 45.00 struck through, list amis", pc.Lines[0].Regular, pc.Lines[0].PriceList)
	}
	// Without the code, the friend category has no price: the cart is refused.
	cart.Code = ""
	if _, err := pos.Price(c, cart, promoCtx(nil)); !errors.Is(err, pos.ErrNotOnSale) {
		t.Errorf("friend category without the code: %v, want not on sale", err)
	}
}

func TestOfferLimitMaxTicketsPerOrder(t *testing.T) {
	c := promoDemo(t) // BIENVENUE: at most 4 tickets per order
	ok := promoPrice(t, c, pos.Cart{Code: "BIENVENUE", Lines: []pos.CartLine{promoGA("hamlet-00", "adult", 4)}}, promoCtx(nil))
	if ok.CodeError() != nil {
		t.Fatalf("4 tickets: %v", ok.CodeError())
	}
	pc := promoPrice(t, c, pos.Cart{Code: "BIENVENUE", Lines: []pos.CartLine{promoGA("hamlet-00", "adult", 3), promoGA("hamlet-00", "child", 2)}}, promoCtx(nil))
	r := refusal(t, pc)
	if r.Reason != pos.RefusedTooManyTickets || r.Message != "this code allows at most 4 tickets per order" {
		t.Errorf("refusal %+v", r)
	}
	if pc.Discount.Amount != 0 || pc.Offer != nil {
		t.Errorf("a refused code still discounted %v", pc.Discount)
	}
}

func TestOfferLimitTotalQuotaCountsOrdersAndOtherCarts(t *testing.T) {
	c := promoDemo(t) // BIENVENUE: 100 tickets in all
	for _, tc := range []struct {
		name   string
		used   int
		want   pos.RefusalReason
		substr string
	}{
		{"room left", 97, "", ""},
		{"exactly full after this order", 98, "", ""},
		{"one short", 99, pos.RefusedQuotaReached, "has only 1 of its 100 tickets left"},
		{"reached", 100, pos.RefusedQuotaReached, "has reached its quota of 100 tickets"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := pos.NewCodeBook(c)
			st.Record(&pos.AppliedOffer{ID: "bienvenue"}, map[string]int{"": tc.used}, +1)
			pc := promoPrice(t, c, pos.Cart{Code: "bienvenue", Lines: []pos.CartLine{promoGA("hamlet-00", "adult", 2)}}, promoCtx(st))
			if tc.want == "" {
				if pc.CodeError() != nil {
					t.Fatalf("refused: %v", pc.CodeError())
				}
				return
			}
			r := refusal(t, pc)
			if r.Reason != tc.want || !strings.Contains(r.Message, tc.substr) {
				t.Errorf("refusal %+v, want %s containing %q", r, tc.want, tc.substr)
			}
		})
	}
}

func TestOfferLimitValidityFromStartOfFirstDayToEndOfLastDay(t *testing.T) {
	// Dates in the organiser's zone (Zurich), relative to promoToday (23 Nov).
	c := promoCatalog(t, `[{"id":"w","name":"Window","effect":"percent","percent_bp":1000,"valid_from":"+2d","valid_until":"+4d","codes":[{"code":"WINDOW"}]},
		{"id":"from","name":"From","effect":"percent","percent_bp":1000,"valid_from":"+2d","codes":[{"code":"FROM"}]},
		{"id":"until","name":"Until","effect":"percent","percent_bp":1000,"valid_until":"2026-11-27","codes":[{"code":"UNTIL"}]}]`)
	at := func(d, h, m, s int) time.Time { return time.Date(2026, 11, d, h, m, s, 0, promoZurich) }
	for _, tc := range []struct {
		name string
		code string
		now  time.Time
		want pos.RefusalReason
	}{
		{"the evening before the first day", "WINDOW", at(24, 23, 59, 59), pos.RefusedNotYetValid},
		{"00:00:00 of the first day", "WINDOW", at(25, 0, 0, 0), ""},
		{"23:59:59 of the last day", "WINDOW", at(27, 23, 59, 59), ""},
		{"00:00:00 after the last day", "WINDOW", at(28, 0, 0, 0), pos.RefusedExpired},
		{"in UTC the last day ends at 22:59:59", "WINDOW", time.Date(2026, 11, 27, 23, 0, 0, 0, time.UTC), pos.RefusedExpired},
		{"open end: a year later", "FROM", at(25, 0, 0, 0).AddDate(1, 0, 0), ""},
		{"open start: long before", "UNTIL", at(1, 0, 0, 0).AddDate(-1, 0, 0), ""},
		{"open start: after the last day", "UNTIL", at(28, 0, 0, 1), pos.RefusedExpired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := promoCtx(nil)
			ctx.Now = tc.now
			lines := []pos.CartLine{promoGA("hamlet-05", "adult", 1)}
			if tc.now.After(at(25, 0, 0, 0).AddDate(0, 2, 0)) {
				// the performances are past by then: a pass carries the code
				lines = []pos.CartLine{{Kind: pos.LinePass, Item: "festival-jour-1", Quantity: 1}}
			}
			pc := promoPrice(t, c, pos.Cart{Code: tc.code, Lines: lines}, ctx)
			if tc.want == "" {
				if err := pc.CodeError(); err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if r := refusal(t, pc); r.Reason != tc.want {
				t.Errorf("reason %s (%s), want %s", r.Reason, r.Message, tc.want)
			}
		})
	}
}

func TestOfferScopeToEventsZonesAndCategoriesWithOwnQuotaAndPerOrderLimit(t *testing.T) {
	c := promoCatalog(t, `[{"id":"s","name":"Scoped","effect":"amount_per_ticket","amount":"CHF 5.00","max_tickets":10,
		"events":[{"event":"hamlet","zone":"galerie","category":"child","per_order":2},{"performance":"carmen-01","quota":3},{"event":"voyage"}],
		"codes":[{"code":"SCOPE"}]}]`)
	for _, tc := range []struct {
		name    string
		lines   []pos.CartLine
		used    map[string]int
		want    []int64
		refused pos.RefusalReason
	}{
		{"only the matching zone and category benefit", []pos.CartLine{promoGA("hamlet-00", "child", 2), promoGA("hamlet-00", "adult", 1), promoSeat("hamlet-00", "child", "C-3")}, nil, []int64{2 * 700, 2500, 2000}, ""},
		{"a date of another event", []pos.CartLine{promoGA("carmen-01", "adult", 1), promoGA("carmen-02", "adult", 1)}, nil, []int64{2000, 3000}, ""},
		{"nothing in scope", []pos.CartLine{promoGA("carmen-02", "adult", 1)}, nil, nil, pos.RefusedNotForCart},
		{"the item's per-order limit", []pos.CartLine{promoGA("hamlet-00", "child", 3)}, nil, nil, pos.RefusedTooManyTickets},
		{"the item's quota", []pos.CartLine{promoGA("carmen-01", "adult", 2)}, map[string]int{"performance=carmen-01": 2, "": 2}, nil, pos.RefusedQuotaReached},
		{"items count inside the offer's quota", []pos.CartLine{promoGA("hamlet-00", "child", 2)}, map[string]int{"": 9}, nil, pos.RefusedQuotaReached},
		{"an item without quota is unlimited", []pos.CartLine{{Kind: pos.LineTicket, Performance: "voyage-00", Zone: "salle", Category: "adult", Seat: "B-1", Quantity: 1}}, map[string]int{"event=voyage": 500, "": 0}, []int64{1200}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := pos.NewCodeBook(c)
			st.Record(&pos.AppliedOffer{ID: "s"}, tc.used, +1)
			pc := promoPrice(t, c, pos.Cart{Code: "SCOPE", Lines: tc.lines}, promoCtx(st))
			if tc.refused != "" {
				if r := refusal(t, pc); r.Reason != tc.refused {
					t.Errorf("reason %s (%s), want %s", r.Reason, r.Message, tc.refused)
				}
				return
			}
			if err := pc.CodeError(); err != nil {
				t.Fatal(err)
			}
			if got := charged(pc); !sameInts(got, tc.want) {
				t.Errorf("charged %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOfferScopeToPasses(t *testing.T) {
	c := promoDemo(t) // PASS20: CHF 20 off the 3-day pass, 2 per order
	pc := promoPrice(t, c, pos.Cart{Code: "PASS20", Lines: []pos.CartLine{
		{Kind: pos.LinePass, Item: "festival-3-jours", Quantity: 2},
		{Kind: pos.LinePass, Item: "festival-jour-1", Quantity: 1},
		promoGA("hamlet-00", "adult", 1),
	}}, promoCtx(nil))
	if got, want := charged(pc), []int64{2 * 12000, 5500, 2500}; !sameInts(got, want) {
		t.Errorf("charged %v, want %v", got, want)
	}
	pc = promoPrice(t, c, pos.Cart{Code: "PASS20", Lines: []pos.CartLine{{Kind: pos.LinePass, Item: "festival-3-jours", Quantity: 3}}}, promoCtx(nil))
	if r := refusal(t, pc); r.Reason != pos.RefusedTooManyTickets || !strings.Contains(r.Message, "at most 2 tickets per order for") {
		t.Errorf("refusal %+v", r)
	}
}

func TestOfferCustomerTargeting(t *testing.T) {
	c := promoCatalog(t, `[{"id":"f","name":"Loyal","effect":"percent","percent_bp":1000,"customers":{"previous_buyers":true,"newsletter":true},"codes":[{"code":"LOYAL"}]},
		{"id":"l","name":"List","effect":"percent","percent_bp":1000,"customers":{"chosen":["c-7"]},"codes":[{"code":"CHOSEN"}]}]`)
	for _, tc := range []struct {
		name   string
		code   string
		cust   *pos.CustomerFacts
		ok     bool
		substr string
	}{
		{"previous buyer", "LOYAL", &pos.CustomerFacts{ID: "c-1", PreviousBuyer: true}, true, ""},
		{"newsletter subscriber", "LOYAL", &pos.CustomerFacts{ID: "c-2", Newsletter: true}, true, ""},
		{"neither", "LOYAL", &pos.CustomerFacts{ID: "c-3"}, false, "reserved for customers who have ordered before or newsletter subscribers, and this customer is not one of them"},
		{"no customer attached", "LOYAL", nil, false, "attach the customer to the cart first"},
		{"on the chosen list", "CHOSEN", &pos.CustomerFacts{ID: "c-7"}, true, ""},
		{"not on the chosen list", "CHOSEN", &pos.CustomerFacts{ID: "c-8", Newsletter: true}, false, "reserved for a chosen list of customers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := promoCtx(nil)
			ctx.Customer = tc.cust
			pc := promoPrice(t, c, pos.Cart{Code: tc.code, Lines: []pos.CartLine{promoGA("hamlet-00", "adult", 1)}}, ctx)
			if tc.ok {
				if err := pc.CodeError(); err != nil {
					t.Fatal(err)
				}
				return
			}
			if r := refusal(t, pc); r.Reason != pos.RefusedNotForCustomer || !strings.Contains(r.Message, tc.substr) {
				t.Errorf("refusal %+v, want one containing %q", r, tc.substr)
			}
		})
	}
}

func TestOfferBoxOfficeProfileTargeting(t *testing.T) {
	c := promoDemo(t) // CINECLUB: only the caisse-cinema profile (and administrators)
	marc, _ := c.SellerFor("marc")
	claire, _ := c.SellerFor("claire")
	cart := pos.Cart{Code: "cineclub", Lines: []pos.CartLine{{Kind: pos.LineTicket, Performance: "voyage-00", Zone: "salle", Category: "adult", Seat: "B-1", Quantity: 1}}}
	for _, tc := range []struct {
		name   string
		seller pos.Seller
		ok     bool
	}{
		{"reseller with the profile", marc, true},
		{"administrator", claire, true},
		{"self-service kiosk", pos.KioskSeller(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := promoCtx(nil)
			ctx.Seller = tc.seller
			pc := promoPrice(t, c, cart, ctx)
			if tc.ok {
				if err := pc.CodeError(); err != nil || pc.Total.Amount != 1400 {
					t.Fatalf("refused %v / total %v, want CHF 14.00", err, pc.Total)
				}
				return
			}
			if r := refusal(t, pc); r.Reason != pos.RefusedNotForProfile {
				t.Errorf("refusal %+v", r)
			}
		})
	}
	// A profile that lists the offers it grants may not grant others.
	c2 := promoCatalog(t, `[{"id":"x","name":"X","effect":"percent","percent_bp":1000,"codes":[{"code":"XCODE"}]}]`)
	marc2, _ := c2.SellerFor("marc")
	marc2.Profile = &pos.Profile{ID: "caisse-cinema", Offers: []string{"other"}}
	ctx := promoCtx(nil)
	ctx.Seller = marc2
	pc := promoPrice(t, c2, pos.Cart{Code: "XCODE", Lines: cart.Lines}, ctx)
	if r := refusal(t, pc); r.Reason != pos.RefusedNotForProfile {
		t.Errorf("refusal %+v", r)
	}
}

func TestOfferLabelControls(t *testing.T) {
	c := promoDemo(t)
	for _, tc := range []struct {
		name  string
		code  string
		lines []pos.CartLine
		want  []int64 // nil: refused as not for this cart
	}{
		// SEMAINE: price lists containing "week".
		{"price list containing week", "SEMAINE", []pos.CartLine{promoGA("hamlet-00", "adult", 1), promoGA("hamlet-03", "adult", 1)}, []int64{2125, 3000}},
		{"price list control: weekend only", "SEMAINE", []pos.CartLine{promoGA("hamlet-03", "adult", 1)}, nil},
		// MARDI: performances containing "promomm".
		{"performance containing promomm", "MARDI", []pos.CartLine{promoGA("hamlet-01", "adult", 2), promoGA("hamlet-02", "adult", 1)}, []int64{2 * 1875, 2500}},
		// FAMILLE: percent only on categories containing "child".
		{"category control picks who gets the percent", "FAMILLE", []pos.CartLine{promoGA("hamlet-00", "adult", 2), promoGA("hamlet-00", "child", 2)}, []int64{5000, 2 * 960}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pc := promoPrice(t, c, pos.Cart{Code: tc.code, Lines: tc.lines}, promoCtx(nil))
			if tc.want == nil {
				if r := refusal(t, pc); r.Reason != pos.RefusedNotForCart {
					t.Errorf("refusal %+v", r)
				}
				return
			}
			if got := charged(pc); !sameInts(got, tc.want) {
				t.Errorf("charged %v, want %v (refused: %v)", got, tc.want, pc.CodeError())
			}
		})
	}
	// Not containing: every category but the one with the label.
	c2 := promoCatalog(t, `[{"id":"n","name":"No kids","effect":"percent","percent_bp":5000,"category_control":{"not_containing":"CHILD"},"codes":[{"code":"NOKIDS"}]}]`)
	pc := promoPrice(t, c2, pos.Cart{Code: "NOKIDS", Lines: []pos.CartLine{promoGA("hamlet-00", "adult", 1), promoGA("hamlet-00", "child", 1)}}, promoCtx(nil))
	if got, want := charged(pc), []int64{1250, 1200}; !sameInts(got, want) {
		t.Errorf("not containing: charged %v, want %v", got, want)
	}
	// For a price-list change the category control says which categories of the new list are shown.
	perf, _ := c.PerformanceByID("hamlet-00")
	var shown []string
	for _, cat := range c.OfferedCategories(perf, "galerie", &pos.AppliedOffer{ID: "amis"}) {
		shown = append(shown, cat.ID)
	}
	if got := strings.Join(shown, ","); got != "adult,child,student,friend" {
		t.Errorf("categories shown with AMIS: %s, want adult,child,student,friend (no senior)", got)
	}
}

func TestCodesAreCaseInsensitiveAndTrimmed(t *testing.T) {
	c := promoDemo(t)
	for _, typed := range []string{"FAMILLE", "famille", "  Famille\t", "fAmIlLe\n"} {
		pc := promoPrice(t, c, pos.Cart{Code: typed, Lines: []pos.CartLine{promoGA("hamlet-00", "child", 1)}}, promoCtx(nil))
		if pc.Offer == nil || pc.Offer.Code != "FAMILLE" {
			t.Errorf("%q: offer %+v, refused %q", typed, pc.Offer, pc.CodeRefused)
		}
	}
}

func TestCodeQuantityAllowedCountsOrdersNotTickets(t *testing.T) {
	c := promoCatalog(t, `[{"id":"o","name":"Twice","effect":"percent","percent_bp":1000,"codes":[{"code":"TWICE","max_uses":2}]}]`)
	st := pos.NewCodeBook(c)
	cart := pos.Cart{Code: "TWICE", Lines: []pos.CartLine{promoGA("hamlet-00", "adult", 8)}} // 8 tickets, one order
	for order := 1; order <= 2; order++ {
		pc := promoPrice(t, c, cart, promoCtx(st))
		if err := pc.CodeError(); err != nil {
			t.Fatalf("order %d: %v", order, err)
		}
		st.Record(pc.Offer, pos.OfferUsage(pc.Lines), +1)
	}
	if n := st.OfferTickets("o", ""); n != 16 {
		t.Errorf("offer tickets %d, want 16", n)
	}
	pc := promoPrice(t, c, cart, promoCtx(st))
	if r := refusal(t, pc); r.Reason != pos.RefusedUsedUp {
		t.Errorf("third order: %+v", r)
	}
	// A canceled order gives its use back.
	st.Record(&pos.AppliedOffer{ID: "o", Code: "TWICE"}, map[string]int{"": 8}, -1)
	if pc := promoPrice(t, c, cart, promoCtx(st)); pc.CodeError() != nil {
		t.Errorf("after a cancellation: %v", pc.CodeError())
	}
}

// TestAutomaticOfferDisabledIsNotInEffect: an automatic offer an
// administrator disabled is no longer in effect (seed 000: an offer is
// disabled to stop it): it gives no discount, the next automatic offer in
// catalog order wins, and with none left codes can be typed again.
func TestAutomaticOfferDisabledIsNotInEffect(t *testing.T) {
	lines := []pos.CartLine{promoGA("hamlet-12", "adult", 1)} // weekend list: 30
	coded := `{"id":"code","name":"Coded","effect":"percent","percent_bp":5000,"codes":[{"code":"HALF"}]}`
	for _, tc := range []struct {
		name   string
		offers string
		code   string
		offer  string // "": none applies
		total  int64
	}{
		{"the first, disabled, gives way to the second",
			`[` + coded + `,{"id":"first","name":"First","effect":"amount_per_ticket","amount":"CHF 1.00","automatic":true,"disabled":true},
			{"id":"second","name":"Second","effect":"amount_per_ticket","amount":"CHF 2.00","automatic":true}]`, "", "second", 2800},
		{"the only one, disabled, gives no discount",
			`[` + coded + `,{"id":"first","name":"First","effect":"amount_per_ticket","amount":"CHF 1.00","automatic":true,"disabled":true}]`, "", "", 3000},
		{"the only one, disabled, no longer blocks codes",
			`[` + coded + `,{"id":"first","name":"First","effect":"amount_per_ticket","amount":"CHF 1.00","automatic":true,"disabled":true}]`, "HALF", "code", 1500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := promoCatalog(t, tc.offers)
			ctx := promoCtx(nil)
			pc := promoPrice(t, c, pos.Cart{Code: tc.code, Lines: lines}, ctx)
			if err := pc.CodeError(); err != nil {
				t.Fatalf("code refused: %v", err)
			}
			got := ""
			if pc.Offer != nil {
				got = pc.Offer.ID
			}
			if got != tc.offer || pc.Total.Amount != tc.total {
				t.Errorf("offer %q total %v, want %q and %d", got, pc.Total, tc.offer, tc.total)
			}
			wantAuto := ""
			if tc.offer == "second" {
				wantAuto = "second"
			}
			if a := c.AutomaticOffer(ctx.Now); (a == nil && wantAuto != "") || (a != nil && a.ID != wantAuto) {
				t.Errorf("automatic offer in effect %+v, want %q", a, wantAuto)
			}
			if open := c.CodeEntryOpen(ctx.Now); open != (wantAuto == "") {
				t.Errorf("code entry open %v", open)
			}
		})
	}
}

func TestCodeDisabledAndUnknownAreRefused(t *testing.T) {
	c := promoDemo(t)
	st := pos.NewCodeBook(c)
	if err := st.SetDisabled("semaine", true); err != nil {
		t.Fatal(err)
	}
	lines := []pos.CartLine{promoGA("hamlet-00", "adult", 1)}
	for _, tc := range []struct {
		code string
		want pos.RefusalReason
	}{{"SEMAINE", pos.RefusedDisabled}, {"NOPE-123", pos.RefusedUnknown}} {
		pc := promoPrice(t, c, pos.Cart{Code: tc.code, Lines: lines}, promoCtx(st))
		if r := refusal(t, pc); r.Reason != tc.want {
			t.Errorf("%s: %+v, want %s", tc.code, r, tc.want)
		}
		if pc.Total.Amount != 2500 {
			t.Errorf("%s: total %v, want the regular CHF 25.00", tc.code, pc.Total)
		}
	}
	if err := st.SetDisabled("SEMAINE", false); err != nil {
		t.Fatal(err)
	}
	if pc := promoPrice(t, c, pos.Cart{Code: "SEMAINE", Lines: lines}, promoCtx(st)); pc.CodeError() != nil {
		t.Errorf("re-enabled: %v", pc.CodeError())
	}
}

func TestAutomaticOfferFirstByPositionAndBlocksCodes(t *testing.T) {
	c := promoCatalog(t, `[{"id":"code","name":"Coded","effect":"percent","percent_bp":5000,"codes":[{"code":"HALF"}]},
		{"id":"later","name":"Later","effect":"percent","percent_bp":1000,"automatic":true,"valid_from":"+10d"},
		{"id":"first","name":"First","effect":"amount_per_ticket","amount":"CHF 1.00","automatic":true,"valid_from":"+5d","valid_until":"+20d"},
		{"id":"second","name":"Second","effect":"amount_per_ticket","amount":"CHF 2.00","automatic":true,"valid_from":"+5d"}]`)
	lines := []pos.CartLine{promoGA("hamlet-12", "adult", 1)} // weekend list: 30
	for _, tc := range []struct {
		name     string
		days     int
		code     string
		offer    string
		total    int64
		refusal  pos.RefusalReason
		messageP string
	}{
		{"no automatic offer yet: codes work", 0, "HALF", "code", 1500, "", ""},
		{"the first in effect by position wins", 6, "", "first", 2900, "", ""},
		{"a later one comes first when in effect", 12, "", "later", 2700, "", ""},
		{"after the first ends, the next", 25, "", "later", 2700, "", ""},
		{"a typed code is refused while one is in effect", 6, "HALF", "first", 2900, pos.RefusedAutomaticOffer, `the automatic offer "First" is in effect: no other code can be used while it runs`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := promoCtx(nil)
			ctx.Now = promoToday.AddDate(0, 0, tc.days)
			pc := promoPrice(t, c, pos.Cart{Code: tc.code, Lines: lines}, ctx)
			if pc.Offer == nil || pc.Offer.ID != tc.offer || pc.Total.Amount != tc.total {
				t.Fatalf("offer %+v total %v, want %s and %d", pc.Offer, pc.Total, tc.offer, tc.total)
			}
			if tc.refusal != "" {
				if r := refusal(t, pc); r.Reason != tc.refusal || r.Message != tc.messageP {
					t.Errorf("refusal %+v", r)
				}
			}
			if tc.code == "" && !pc.Offer.Automatic {
				t.Errorf("automatic offer not marked automatic")
			}
			if open := c.CodeEntryOpen(ctx.Now); open != (tc.days == 0) {
				t.Errorf("code entry open %v at +%dd", open, tc.days)
			}
		})
	}
}

func TestCartWithVoucherOrProductTakesNoCodeAndIsNeverDiscounted(t *testing.T) {
	c := promoCatalog(t, `[{"id":"h","name":"Half","effect":"percent","percent_bp":5000,"codes":[{"code":"HALF"}]},
		{"id":"a","name":"Auto","effect":"percent","percent_bp":5000,"automatic":true,"valid_from":"+1d"}]`)
	for _, extra := range []pos.CartLine{{Kind: pos.LineVoucher, Item: "bon-50", Quantity: 1}, {Kind: pos.LineProduct, Item: "programme", Quantity: 2}} {
		t.Run(extra.Kind, func(t *testing.T) {
			cart := pos.Cart{Code: "HALF", Lines: []pos.CartLine{promoGA("hamlet-01", "adult", 1), extra}}
			pc := promoPrice(t, c, cart, promoCtx(nil))
			r := refusal(t, pc)
			if r.Reason != pos.RefusedVoucherOrProduct || r.Message != "a cart holding a gift voucher or a product cannot take a promo code: sell those in a separate order" {
				t.Errorf("refusal %+v", r)
			}
			if pc.Discount.Amount != 0 {
				t.Errorf("discounted %v", pc.Discount)
			}
			// Nor does an automatic offer touch such a cart.
			ctx := promoCtx(nil)
			ctx.Now = promoToday.AddDate(0, 0, 2)
			cart.Code = ""
			if pc := promoPrice(t, c, cart, ctx); pc.Discount.Amount != 0 || pc.Offer != nil {
				t.Errorf("automatic offer applied to a cart with a %s", extra.Kind)
			}
		})
	}
}

func TestEveryPricedLineCarriesRegularChargedAndOfferName(t *testing.T) {
	c := promoDemo(t)
	ctx := promoCtx(nil)
	ctx.Lang = "fr"
	pc := promoPrice(t, c, pos.Cart{Code: "FAMILLE", Lines: []pos.CartLine{promoGA("hamlet-00", "adult", 1), promoGA("hamlet-00", "child", 2)}}, ctx)
	adult, child := pc.Lines[0], pc.Lines[1]
	if adult.Offer != "" || adult.Regular != adult.Charged {
		t.Errorf("adult line %+v: no offer, regular = charged", adult)
	}
	if child.Offer != "Famille : enfants −20 %" || child.Regular.Amount != 2400 || child.Charged.Amount != 1920 || child.Discount.Amount != 480 {
		t.Errorf("child line offer %q regular %v charged %v discount %v", child.Offer, child.Regular, child.Charged, child.Discount)
	}
	if pc.Offer == nil || pc.Offer.Name != child.Offer || pc.Offer.Description == "" {
		t.Errorf("cart offer %+v", pc.Offer)
	}
}

func TestCodeRefusalReasonsAreDistinctSentences(t *testing.T) {
	seen := map[string]pos.RefusalReason{}
	for _, r := range []pos.RefusalReason{pos.RefusedUnknown, pos.RefusedDisabled, pos.RefusedUsedUp, pos.RefusedNotYetValid, pos.RefusedExpired,
		pos.RefusedQuotaReached, pos.RefusedNotForCart, pos.RefusedTooManyTickets, pos.RefusedAutomaticOffer, pos.RefusedVoucherOrProduct,
		pos.RefusedNotForCustomer, pos.RefusedNotForProfile} {
		if prev, dup := seen[string(r)]; dup {
			t.Errorf("reason %s twice (%s)", r, prev)
		}
		seen[string(r)] = r
	}
	// Each reason produces its own message on the demo.
	c := promoDemo(t)
	st := pos.NewCodeBook(c)
	_ = st.SetDisabled("MARDI", true)
	st.Record(&pos.AppliedOffer{ID: "cadeau", Code: "K7PXM3QH"}, nil, +1)
	st.Record(&pos.AppliedOffer{ID: "amis"}, map[string]int{"event=carmen": 40}, +1)
	ga := []pos.CartLine{promoGA("hamlet-00", "adult", 1)}
	messages := map[pos.RefusalReason]string{}
	for _, tc := range []struct {
		want  pos.RefusalReason
		code  string
		lines []pos.CartLine
		ctx   func(*pos.PricingContext)
	}{
		{pos.RefusedUnknown, "ZZZZZZ", ga, nil},
		{pos.RefusedDisabled, "MARDI", ga, nil},
		{pos.RefusedUsedUp, "K7PXM3QH", ga, nil},
		{pos.RefusedNotYetValid, "BIENVENUE", ga, func(x *pos.PricingContext) { x.Now = promoToday.AddDate(0, 0, -8) }},
		// two months on, the performances are past: a pass carries the code
		{pos.RefusedExpired, "BIENVENUE", []pos.CartLine{{Kind: pos.LinePass, Item: "festival-jour-1", Quantity: 1}}, func(x *pos.PricingContext) { x.Now = promoToday.AddDate(0, 0, 61) }},
		{pos.RefusedQuotaReached, "AMIS", []pos.CartLine{promoGA("carmen-01", "adult", 1)}, nil},
		{pos.RefusedNotForCart, "CINECLUB", ga, nil},
		{pos.RefusedTooManyTickets, "BIENVENUE", []pos.CartLine{promoGA("hamlet-00", "adult", 5)}, nil},
		{pos.RefusedAutomaticOffer, "SEMAINE", []pos.CartLine{{Kind: pos.LineTicket, Performance: "festival-j3", Zone: "pelouse", Category: "adult", Quantity: 1}}, func(x *pos.PricingContext) { x.Now = promoToday.AddDate(0, 0, 29) }},
		{pos.RefusedVoucherOrProduct, "SEMAINE", append([]pos.CartLine{{Kind: pos.LineProduct, Item: "tote", Quantity: 1}}, ga...), nil},
		{pos.RefusedNotForCustomer, "FIDELE", ga, nil},
		{pos.RefusedNotForProfile, "CINECLUB", ga, func(x *pos.PricingContext) { x.Seller = pos.KioskSeller() }},
	} {
		ctx := promoCtx(st)
		if tc.ctx != nil {
			tc.ctx(&ctx)
		}
		pc := promoPrice(t, c, pos.Cart{Code: tc.code, Lines: tc.lines}, ctx)
		r := refusal(t, pc)
		if r.Reason != tc.want {
			t.Errorf("%s: reason %s (%s), want %s", tc.code, r.Reason, r.Message, tc.want)
		}
		messages[r.Reason] = r.Message
	}
	byMessage := map[string]pos.RefusalReason{}
	for reason, m := range messages {
		if other, dup := byMessage[m]; dup {
			t.Errorf("%s and %s share the message %q", reason, other, m)
		}
		byMessage[m] = reason
		t.Logf("%-32s %s", reason, m)
	}
}

// An invitation (a comp line) costs nothing and benefits from no offer: a
// fixed amount off the cart goes whole to the lines that are paid for, and
// the invitations count in neither the offer's quota nor its limit per order.
func TestOfferLeavesInvitationsOut(t *testing.T) {
	c := promoCatalog(t, `[{"id":"a","name":"Ten off","effect":"amount_off_cart","amount":"CHF 10.00","codes":[{"code":"TEN"}]},
		{"id":"b","name":"Two max","effect":"percent","percent_bp":1000,"max_tickets_per_order":2,"max_tickets":3,"codes":[{"code":"TWO"}]}]`)
	claire, _ := c.SellerFor("claire")
	ctx := promoCtx(pos.NewCodeBook(c))
	ctx.Seller = claire
	comp := promoGA("hamlet-00", "adult", 2)
	comp.Comp = "press"
	paid := promoGA("hamlet-00", "adult", 1)

	pc := promoPrice(t, c, pos.Cart{Code: "TEN", Lines: []pos.CartLine{comp, paid}}, ctx)
	if err := pc.CodeError(); err != nil {
		t.Fatal(err)
	}
	if got, want := charged(pc), []int64{0, 2500 - 1000}; !sameInts(got, want) || pc.Total.Amount != 1500 {
		t.Errorf("fixed amount off with an invitation: charged %v total %v, want %v and CHF 15.00", got, pc.Total, want)
	}
	if pc.Lines[0].Offer != "" || pc.Lines[0].OfferItem != "" {
		t.Errorf("the invitation line carries offer %q item %q", pc.Lines[0].Offer, pc.Lines[0].OfferItem)
	}

	pc = promoPrice(t, c, pos.Cart{Code: "TWO", Lines: []pos.CartLine{comp, paid}}, ctx)
	if err := pc.CodeError(); err != nil {
		t.Fatalf("two invitations and one paid ticket under a limit of two per order: %v", err)
	}
	if got, want := charged(pc), []int64{0, 2250}; !sameInts(got, want) {
		t.Errorf("charged %v, want %v", got, want)
	}
	if u := pos.OfferUsage(pc.Lines); u[""] != 1 {
		t.Errorf("usage %v, want the one paid ticket", u)
	}
}

// A category that only a price-list code offers (Friends of the theatre
// with AMIS) cannot be sold once the code no longer applies (disabled,
// used up, its quota reached at another till, expired at midnight): the
// message says which code and why, not only that the category is not on
// sale, so the seller knows what to change.
func TestACategoryOfferedOnlyByACodeNamesTheCodesRefusal(t *testing.T) {
	c := promoDemo(t)
	b := pos.NewCodeBook(c)
	if err := b.SetDisabled("AMIS", true); err != nil {
		t.Fatal(err)
	}
	cart := pos.Cart{Code: "amis", Lines: []pos.CartLine{promoGA("hamlet-00", "adult", 1), promoGA("hamlet-00", "friend", 1)}}
	for _, lang := range []pos.Lang{"en", pos.French} {
		ctx := promoCtx(b)
		ctx.Lang = lang
		_, err := pos.Checkout(c, cart, ctx, nil, []pos.Tender{{Method: "cash"}}, nil)
		if !errors.Is(err, pos.ErrNotOnSale) {
			t.Fatalf("%s: %v, want not on sale", lang, err)
		}
		want := map[pos.Lang]string{"en": "the code AMIS is disabled", pos.French: "le code AMIS est désactivé"}[lang]
		if msg := pos.Say(err, lang); !strings.Contains(msg, want) || !strings.HasPrefix(msg, map[pos.Lang]string{"en": "line 2: ", pos.French: "ligne 2 : "}[lang]) {
			t.Errorf("%s: %q, want line 2 and %q", lang, msg, want)
		}
	}
}

// A code whose offer is disabled (not the code itself) says it is the
// offer: the administrator enables the offer, where enabling the code
// would change nothing.
func TestCodeOfDisabledOfferNamesTheOffer(t *testing.T) {
	c := promoCatalog(t, `[{"id":"o","name":"Amis du théâtre","effect":"percent","percent_bp":1000,"disabled":true,"codes":[{"code":"AMIS"}]}]`)
	lines := []pos.CartLine{promoGA("hamlet-00", "adult", 1)}
	for _, tc := range []struct {
		lang pos.Lang
		want string
	}{
		{pos.English, `the offer "Amis du théâtre" of the code AMIS is disabled: an administrator enables the offer (not the code)`},
		{pos.French, `l'offre « Amis du théâtre » du code AMIS est désactivée : un administrateur active l'offre (pas le code)`},
	} {
		ctx := promoCtx(pos.NewCodeBook(c))
		ctx.Lang = tc.lang
		pc := promoPrice(t, c, pos.Cart{Code: "AMIS", Lines: lines}, ctx)
		r := refusal(t, pc)
		if r.Reason != pos.RefusedDisabled || r.Message != tc.want {
			t.Errorf("%s: %s %q, want %q", tc.lang, r.Reason, r.Message, tc.want)
		}
	}
}

// autoQuota is a register where the automatic offer already has some
// tickets in other orders.
type autoQuota struct{ tickets int }

func (autoQuota) Code(string) (pos.Code, bool)          { return pos.Code{}, false }
func (autoQuota) CodeUses(string) int                   { return 0 }
func (a autoQuota) OfferTickets(offer, item string) int { return a.tickets }

func TestAutomaticOfferOverItsLimitsSaysWhy(t *testing.T) {
	c := promoCatalog(t, `[{"id":"auto","name":"Auto","effect":"percent","percent_bp":5000,"automatic":true,"max_tickets":10,"max_tickets_per_order":4}]`)
	for _, tc := range []struct {
		name    string
		qty     int
		used    int
		lang    pos.Lang
		reason  pos.RefusalReason
		message string
	}{
		{"within its limits it applies", 4, 0, "en", "", ""},
		{"over its per-order limit", 5, 0, "en", pos.RefusedTooManyTickets, `the automatic offer "Auto" allows at most 4 tickets per order`},
		{"over its per-order limit, in French", 5, 0, "fr", pos.RefusedTooManyTickets, "l'offre automatique « Auto » permet au plus 4 billets par commande"},
		{"over its quota", 2, 9, "en", pos.RefusedQuotaReached, `the offer "Auto" has only 1 of its 10 tickets left`},
		{"quota reached", 1, 10, "en", pos.RefusedQuotaReached, `the offer "Auto" has reached its quota of 10 tickets`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := promoCtx(autoQuota{tc.used})
			ctx.Lang = tc.lang
			pc := promoPrice(t, c, pos.Cart{Lines: []pos.CartLine{promoGA("hamlet-01", "adult", tc.qty)}}, ctx)
			if tc.reason == "" {
				if pc.Offer == nil || pc.AutoRefusal != nil {
					t.Fatalf("offer %+v, refusal %+v", pc.Offer, pc.AutoRefusal)
				}
				return
			}
			if pc.Offer != nil || pc.Discount.Amount != 0 {
				t.Fatalf("offer %+v applied, discount %v", pc.Offer, pc.Discount)
			}
			if r := pc.AutoRefusal; r == nil || r.Reason != tc.reason || r.Message != tc.message {
				t.Errorf("automatic refusal %+v, want %s %q", r, tc.reason, tc.message)
			}
			if pc.Refusal != nil || pc.CodeError() != nil {
				t.Errorf("no code typed, yet refused: %+v", pc.Refusal)
			}
		})
	}
}

// A code whose every ticket became an invitation reduces nothing: it was
// applied all the same, and the order counted one of the code's uses (a
// single-use code spent on invitations; report x: "Bienvenue 0 −CHF 0.00
// (1 code used)"). It is now refused as a code that fits nothing in the
// cart, so the till asks to remove it; a paid ticket beside the
// invitations keeps it.
func TestACodeOnInvitationsOnlyIsNotUsed(t *testing.T) {
	c := promoCatalog(t, `[{"id":"p","name":"Twenty","effect":"percent","percent_bp":2000,"codes":[{"code":"TWENTY"}]}]`)
	ctx := promoCtx(nil)
	ctx.Seller = pos.Seller{Staff: &pos.Staff{ID: "claire", Role: pos.RoleAdmin}}
	comp := func(l pos.CartLine) pos.CartLine { l.Comp = "press"; return l }
	for _, tc := range []struct {
		name    string
		lines   []pos.CartLine
		applied bool
	}{
		{"every ticket an invitation", []pos.CartLine{comp(promoGA("hamlet-00", "adult", 2)), comp(promoGA("hamlet-00", "child", 1))}, false},
		{"an invitation beside a paid ticket", []pos.CartLine{comp(promoGA("hamlet-00", "adult", 2)), promoGA("hamlet-00", "child", 1)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pc := promoPrice(t, c, pos.Cart{Lines: tc.lines, Code: "TWENTY"}, ctx)
			if got := pc.Offer != nil; got != tc.applied {
				t.Fatalf("offer applied %v (%+v), want %v; refusal %q", got, pc.Offer, tc.applied, pc.CodeRefused)
			}
			if !tc.applied && !strings.Contains(pc.CodeRefused, "invitation") {
				t.Errorf("refusal %q does not say why", pc.CodeRefused)
			}
			if tc.applied && pc.Lines[1].Charged.Amount != 960 {
				t.Errorf("the paid child ticket is charged %v, want 9.60", pc.Lines[1].Charged)
			}
		})
	}
}
