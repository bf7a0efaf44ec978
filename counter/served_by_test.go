package counter

import (
	"testing"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// TestPapersNameWhoServed: a receipt, a refund slip and a credit voucher's
// slip say who served by the catalog's name; a sale the kiosk made printed
// "Servi par kiosk", the journal's id, and now says the kiosk's words in
// the paper's language. A member of staff since removed from the catalog
// keeps their id.
func TestPapersNameWhoServed(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		staff string
		lang  pos.Lang
		want  string
	}{
		{"claire", pos.French, "Claire Dubois"},
		{local.KioskStaffID, pos.French, "borne libre-service"},
		{local.KioskStaffID, pos.English, "self-service kiosk"},
		{"paul", pos.French, "paul"},
	} {
		o := pos.Order{Number: "K01-000001", Register: "K01", Staff: tc.staff, Placed: saleDay, Total: pos.M(0, "CHF")}
		if got := ReceiptLayout(cat, o, tc.lang).Staff; got != tc.want {
			t.Errorf("receipt of %s in %s: served by %q, want %q", tc.staff, tc.lang, got, tc.want)
		}
		if got := VoucherSlip(cat, VoucherView{Number: "K01-A0001", Balance: pos.M(1000, "CHF")}, "K01", tc.staff, tc.lang, saleDay).Staff; got != tc.want {
			t.Errorf("voucher slip of %s in %s: served by %q, want %q", tc.staff, tc.lang, got, tc.want)
		}
	}
}
