package local

import (
	"strings"
	"testing"

	"guichet/pos"
)

// TestCashTypedForTheDrawerIsCoins: a float, a cash in or a cash out in
// CHF is money in the drawer, and CHF has no coin under 5 centimes. CHF
// 0.03 put in (a typing slip for 0.30 or 3.00) was recorded, and from then
// on the drawer was expected to hold centimes no count can find: every Z
// showed a difference. Such amounts are refused, naming the two nearest.
func TestCashTypedForTheDrawerIsCoins(t *testing.T) {
	r, _ := openTest(t, "")
	till, err := r.Unlock("claire", "1234")
	must(t, err)
	if _, err := till.OpenShift(chf(10002)); err == nil || !strings.Contains(err.Error(), "CHF 100.00 or CHF 100.05") {
		t.Fatalf("a float of CHF 100.02: %v; want a refusal naming CHF 100.00 or CHF 100.05", err)
	}
	if _, err := till.OpenShift(chf(10005)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		amount pos.Money
		ok     bool
	}{
		{chf(3), false},
		{chf(-1001), false},
		{chf(5), true},
		{chf(-1000), true},
	} {
		err := till.CashMove(tc.amount, "change")
		if (err == nil) != tc.ok {
			t.Fatalf("cash move of %s: %v; want accepted %v", tc.amount, err, tc.ok)
		}
		if err != nil && pos.Say(err, pos.French) == err.Error() {
			t.Fatalf("the refusal %q is not said in French", err)
		}
		if tc.amount == chf(3) && (err == nil || !strings.HasSuffix(err.Error(), "type CHF 0.05")) {
			t.Fatalf("CHF 0.03 put in: %v; want it to name CHF 0.05 alone", err)
		}
	}
	rep, err := till.XReport()
	must(t, err)
	if rep.Expected != chf(9010) {
		t.Fatalf("the drawer should hold %s, want CHF 90.10", rep.Expected)
	}
	// the cash counted at the Z is coins too: CHF 90.13 is a slip
	if _, err := till.CloseShift(chf(9013)); err == nil || !strings.Contains(err.Error(), "CHF 90.10 or CHF 90.15") {
		t.Fatalf("CHF 90.13 counted: %v; want a refusal naming CHF 90.10 or CHF 90.15", err)
	}
	z, err := till.CloseShift(chf(9000))
	must(t, err)
	if z.Difference != chf(-10) {
		t.Fatalf("the Z's difference: %s, want CHF -0.10", z.Difference)
	}
}
