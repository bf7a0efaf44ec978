package pos

import (
	"strings"
	"testing"
	"time"
)

// Seed 004's online fee, "0.89 + 1 %", rounded half-up to the centime.
func TestPercentFeeRoundsHalfUp(t *testing.T) {
	m := PaymentMethod{FeePerOrder: M(89, "CHF"), FeePerTicket: Zero("CHF"), FeePercent: 100}
	for _, c := range []struct{ lines, want int64 }{
		{0, 89},
		{4500, 89 + 45},
		{4550, 89 + 46}, // 0.455 -> 0.46
		{4549, 89 + 45}, // 0.4549 -> 0.45
		{12345, 89 + 123},
	} {
		got, err := m.Fee(2, M(c.lines, "CHF"))
		if err != nil || got.Amount != c.want {
			t.Errorf("fee on %d = %v, %v; want %d", c.lines, got, err, c.want)
		}
	}
}

func TestGiftVoucherAmounts(t *testing.T) {
	g := GiftVoucher{Name: Text{"": "Bon"}, Value: Zero("CHF"), FreeAmount: true, MinAmount: M(1000, "CHF"), MaxAmount: M(50000, "CHF")}
	for _, c := range []struct {
		amount int64
		ok     bool
	}{{0, false}, {999, false}, {1000, true}, {50000, true}, {50001, false}} {
		if err := g.amountOf(M(c.amount, "CHF")); (err == nil) != c.ok {
			t.Errorf("amount %d: %v", c.amount, err)
		}
	}
	fixed := GiftVoucher{Name: Text{"": "Bon 50"}, Value: M(5000, "CHF")}
	if err := fixed.amountOf(M(7000, "CHF")); err == nil {
		t.Error("a fixed voucher sold at another amount")
	}
}

// TestCanExchangeFollowsTheEventsRules: a ticket is exchanged until its
// performance starts, or until its event's hours before; never for an
// event that refuses exchanges. Each limit is the first instant refused.
func TestCanExchangeFollowsTheEventsRules(t *testing.T) {
	show := `"en": "The Show"}, "venue": "hall"`
	catalogs := map[string]*Catalog{
		"no rules": testCatalog(t),
		"24 hours": testCatalogWith(t, show, show+`, "exchanges": {"until_hours_before": 24}`),
		"refused":  testCatalogWith(t, show, show+`, "exchanges": {"refused": true}`),
	}
	p1, _ := catalogs["no rules"].PerformanceByID("p1")
	start := p1.Start
	for _, tc := range []struct {
		rules string
		now   time.Time
		want  string // "": exchanged
	}{
		{"no rules", start.Add(-time.Nanosecond), ""},
		{"no rules", start, "has started"},
		{"24 hours", start.Add(-24*time.Hour - time.Nanosecond), ""},
		{"24 hours", start.Add(-24 * time.Hour), "closed 24 hours before"},
		{"24 hours", start, "has started"},
		{"refused", testToday, "not exchanged"},
	} {
		err := catalogs[tc.rules].CanExchange("p1", tc.now)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s, %s before the start: %v, want it exchanged", tc.rules, start.Sub(tc.now), err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s, %s before the start: %v, want %q", tc.rules, start.Sub(tc.now), err, tc.want)
		}
	}
}

// TestCanExchangePassWhileEachOfItsPerformancesCan: a pass is exchanged
// as the tickets it stands for, only while none of its performances has
// started; a canceled performance holds none back.
func TestCanExchangePassWhileEachOfItsPerformancesCan(t *testing.T) {
	p1 := `{"id": "p1", "event": "show", "start": "+2d 20:00", "price_list": "regular"`
	plain := testCatalog(t)
	canceled := testCatalogWith(t, p1, p1+`, "canceled": true`)
	first, _ := plain.PerformanceByID("p1")
	for _, tc := range []struct {
		name string
		c    *Catalog
		now  time.Time
		ok   bool
	}{
		{"before its first performance", plain, first.Start.Add(-time.Nanosecond), true},
		{"once its first performance started", plain, first.Start, false},
		{"its first performance canceled", canceled, first.Start.Add(time.Hour), true},
	} {
		if err := tc.c.CanExchangePass("season", tc.now); (err == nil) != tc.ok {
			t.Errorf("%s: %v, want exchanged %v", tc.name, err, tc.ok)
		}
	}
}
