package counter

import (
	"testing"

	"guichet/fixtures"
	"guichet/pos"
)

// TestAClosuresCategoriesAreNamed: guichet report closures names each of
// a closure's categories as the catalog does, and keeps the key of one
// the catalog no longer has rather than a blank.
func TestAClosuresCategoriesAreNamed(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key, fr, en string
	}{
		{"adult", "Adulte", "Adult"},
		{"pass:festival-jour-1", "", ""}, // filled from the catalog below
		{"gift_voucher:bon-50", "Bon cadeau CHF 50", "Gift voucher CHF 50"},
		{"fee:invoice", "Frais « Sur facture »", "Invoice fee"},
		{"fee:exchange", "Frais d'échange", "Exchange fees"},
		{"product:gone", "product:gone", "product:gone"},
		{"stalls-vip", "stalls-vip", "stalls-vip"},
	} {
		if tc.fr == "" {
			p, ok := cat.PassByID("festival-jour-1")
			if !ok {
				t.Fatal("no pass festival-jour-1 in the demo")
			}
			tc.fr, tc.en = p.Name.In(pos.French), p.Name.In(pos.English)
		}
		if got := FiscalCategoryName(cat, tc.key, pos.French); got != tc.fr {
			t.Errorf("%s in French: %q, want %q", tc.key, got, tc.fr)
		}
		if got := FiscalCategoryName(cat, tc.key, pos.English); got != tc.en {
			t.Errorf("%s in English: %q, want %q", tc.key, got, tc.en)
		}
	}
}
