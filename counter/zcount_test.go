package counter

import (
	"errors"
	"strings"
	"testing"

	"guichet/pos"
)

// Claire holds two tills on one shift (one drawer). At one she reads the
// cash expected for her Z and counts it; at the other a cash sale is
// recorded before her Enter. The close confirmed against the expected she
// read is refused, with a sentence naming both amounts, and the shift
// stays open; counted again against the drawer as it is, it closes even.
// Before, the screen's CloseShift closed the Z short by the sale (CHF 45.00), recorded
// for good in the journal.
func TestAZConfirmedAgainstAnExpectedOfBeforeIsRefused(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	counting := r.till
	selling, err := r.svc.Unlock("claire", "1234") // her shift, opened at the other till
	if err != nil {
		t.Fatal(err)
	}
	x, err := counting.XReport() // what the count screen shows
	if err != nil {
		t.Fatal(err)
	}
	seen := x.Expected
	if err := selling.AddSeats("hamlet-00", "parterre", "adult", "F-9"); err != nil {
		t.Fatal(err)
	}
	sale, err := selling.Checkout([]pos.Tender{cash(20000)})
	if err != nil {
		t.Fatal(err)
	}
	now := seen.Plus(sale.Order.Total)

	_, err = counting.CloseShiftAgainst(seen, seen) // "= even", Enter
	if !errors.Is(err, ErrExpectedChanged) {
		t.Fatalf("the Z counted against %s with %s expected now: %v, want ErrExpectedChanged", seen, now, err)
	}
	for lang, want := range map[pos.Lang]string{
		"en": "the cash expected changed since the count was confirmed (" + seen.Format("en") + " → " + now.Format("en") + "): a sale or a cash movement at another till of this shift; count the drawer again, then close",
		"fr": "l'argent attendu a changé depuis la confirmation du comptage",
	} {
		if got := pos.Say(err, lang); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want it to say %q", lang, got, want)
		}
	}
	if fr := pos.Say(err, "fr"); !strings.Contains(fr, seen.Format("fr")) || !strings.Contains(fr, now.Format("fr")) {
		t.Errorf("the French sentence does not name both amounts: %q", fr)
	}
	x, err = counting.XReport()
	if err != nil {
		t.Fatalf("the refused Z closed the shift: %v", err)
	}
	if x.Z || x.Expected != now {
		t.Fatalf("after the refusal: Z %v, expected %s, want the shift open with %s", x.Z, x.Expected, now)
	}

	z, err := counting.CloseShiftAgainst(now, now)
	if err != nil {
		t.Fatalf("the Z counted again against the drawer as it is: %v", err)
	}
	if !z.Z || z.Expected != now || !z.Difference.IsZero() || z.Head == "" {
		t.Fatalf("the Z: %+v, want closed even against %s with the journal's head", z, now)
	}
}

// The callers that show no cash expected (guichet's tools, tests) close
// as before: against the drawer at the close.
func TestAZWithNoExpectedShownClosesAgainstTheDrawer(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	selling, err := r.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := selling.AddSeats("hamlet-00", "parterre", "adult", "F-9"); err != nil {
		t.Fatal(err)
	}
	sale, err := selling.Checkout([]pos.Tender{cash(20000)})
	if err != nil {
		t.Fatal(err)
	}
	float := pos.M(20000, "CHF")
	z, err := r.till.CloseShift(float) // the float alone counted
	if err != nil {
		t.Fatal(err)
	}
	if z.Expected != float.Plus(sale.Order.Total) || z.Difference != sale.Order.Total.Neg() {
		t.Fatalf("the Z: expected %s, difference %s; want the float and the sale's %s, short by it", z.Expected, z.Difference, sale.Order.Total)
	}
}
