package local

import (
	"strings"
	"testing"

	"guichet/pos"
)

// TestALineRefusedAsItIsAddedIsNotNamedByNumber: a CHF 5 free-amount gift
// voucher (its least is CHF 10) added to a cart of one ticket was refused
// with "line 2: ..." (FR "Ligne 2 : ..."), a line the seller never saw,
// since the cart kept only its ticket. The refusal of what is being added
// is said alone; a line already in the cart is still named.
func TestALineRefusedAsItIsAddedIsNotNamedByNumber(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	err := till.AddVoucher("bon-libre", chf(500))
	if err == nil {
		t.Fatal("a CHF 5 voucher of at least CHF 10 was added")
	}
	for _, lang := range []pos.Lang{pos.English, pos.French} {
		if got := pos.Say(err, lang); strings.HasPrefix(strings.ToLower(got), "line") || strings.HasPrefix(strings.ToLower(got), "ligne") {
			t.Errorf("%s: %q names a line the cart does not show", lang, got)
		}
	}
	if n := len(till.Cart().Lines); n != 1 {
		t.Fatalf("the cart has %d lines after the refusal, want its ticket alone", n)
	}
}
