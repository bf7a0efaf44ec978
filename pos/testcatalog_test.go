package pos

import (
	"strings"
	"testing"
	"time"
)

// testToday is a Monday; the test catalog's dates are relative to it.
var testToday = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

const testCatalogJSON = `{
 "organiser": {"name": "Test Hall", "currency": "CHF", "languages": ["fr", "en"], "time_zone": "Europe/Zurich"},
 "venues": [{"id": "hall", "name": "Hall", "zones": [
   {"id": "stalls", "name": {"fr": "Parterre", "en": "Stalls"}, "rows": [
     {"name": "A", "seats": 4, "blocked": [4]}, {"name": "B", "numbers": [1, 3, 5]}]},
   {"id": "standing", "name": "Standing", "capacity": 10}]}],
 "categories": [
   {"id": "adult", "name": {"fr": "Adulte", "en": "Adult"}},
   {"id": "child", "name": {"fr": "Enfant", "en": "Child"}, "labels": ["child"]},
   {"id": "student", "name": "Student", "form": [{"id": "school", "label": "School", "required": true}]}],
 "price_lists": [{"id": "regular", "name": "Regular", "prices": [
   {"category": "adult", "price": "CHF 30.00"}, {"category": "child", "price": "CHF 15.00"},
   {"category": "student", "price": "CHF 20.00"}, {"category": "adult", "zone": "standing", "price": "CHF 12.35"}]}],
 "events": [{"id": "show", "name": {"fr": "Le Spectacle", "en": "The Show"}, "venue": "hall"}],
 "performances": [
   {"id": "p1", "event": "show", "start": "+2d 20:00", "price_list": "regular", "blocked": ["A-1"]},
   {"id": "p2", "event": "show", "start": "2026-12-24 18:00", "price_list": "regular", "capacity": {"standing": 4}}],
 "passes": [{"id": "season", "name": "Season", "price": "CHF 100.00", "events": ["show"]}],
 "gift_vouchers": [{"id": "g50", "name": "Gift 50", "value": "CHF 50.00"}],
 "products": [{"id": "prog", "name": "Programme", "price": "CHF 5.00"}],
 "payment_methods": [
   {"id": "cash", "kind": "cash", "name": "Cash", "minimum": "CHF 0", "customer": false, "staff": true, "fee_per_order": "CHF 0", "fee_per_ticket": "CHF 0"},
   {"id": "card", "kind": "card", "name": "Card", "minimum": "CHF 0", "customer": true, "staff": true, "fee_per_order": "CHF 0", "fee_per_ticket": "CHF 0"},
   {"id": "twint", "kind": "twint", "name": "TWINT", "minimum": "CHF 10", "customer": true, "staff": true, "fee_per_order": "CHF 0", "fee_per_ticket": "CHF 0"},
   {"id": "invoice", "kind": "invoice", "name": "Invoice", "minimum": "CHF 50", "customer": false, "staff": true, "fee_per_order": "CHF 2", "fee_per_ticket": "CHF 0.20", "deadline_days": 10, "available_until": "+30d"},
   {"id": "free", "kind": "free", "name": "Free", "minimum": "CHF 0", "customer": false, "staff": true, "fee_per_order": "CHF 0", "fee_per_ticket": "CHF 0"},
   {"id": "gift", "kind": "voucher", "name": "Gift voucher", "minimum": "CHF 0", "customer": true, "staff": true, "fee_per_order": "CHF 0", "fee_per_ticket": "CHF 0"}],
 "profiles": [{"id": "limited", "name": "Limited", "events": ["other"], "payment_methods": ["cash"], "products": ["*"]}],
 "staff": [
   {"id": "ann", "name": "Ann", "pin": "1234", "role": "admin"},
   {"id": "rob", "name": "Rob", "pin": "5678", "role": "reseller", "profile": "limited"}]
}`

func testCatalog(t testing.TB) *Catalog { t.Helper(); return testCatalogWith(t) }

// testCatalogWith is the test catalog with text replaced: old, new, ...
func testCatalogWith(t testing.TB, oldNew ...string) *Catalog {
	t.Helper()
	// The limited profile names an event that does not exist: add it here so
	// the file stays short and the check still runs.
	src := strings.Replace(testCatalogJSON, `"events": [{"id": "show"`, `"events": [{"id": "other", "name": "Other", "venue": "hall"}, {"id": "show"`, 1)
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(src, oldNew[i]) {
			t.Fatalf("test catalog has no %q", oldNew[i])
		}
		src = strings.Replace(src, oldNew[i], oldNew[i+1], 1)
	}
	c, err := ParseCatalog("test", []byte(src), testToday)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func admin(t testing.TB, c *Catalog) Seller {
	s, ok := c.SellerFor("ann")
	if !ok {
		t.Fatal("no admin")
	}
	return s
}
