package local

import (
	"testing"

	"guichet/pos"
)

// TestZeroAmountsFoldAsARebuildDoes: the views fold the value a command
// built (append.go), while a rebuild folds the JSON read back, which
// leaves zero amounts out (omitzero: a "CHF 0.00" may read back with no
// currency, entry_memo.go). Entries full of zero amounts — an invitation,
// a comp beside a card payment (no cash handed), cancellations refunding
// nothing, an exact cash payment — give the same views both ways, and the
// journal verifies (its views checked too).
func TestZeroAmountsFoldAsARebuildDoes(t *testing.T) {
	path := t.TempDir() + "/guichet.db"
	r, _ := openTest(t, path)
	till := openTill(t, r, "claire", "1234")
	// an invitation: a zero order
	must(t, till.AddTickets("hamlet-00", "galerie", "invitation", 1))
	must(t, till.SetAnswers(0, map[string]string{"guest_of": "the director"}))
	o1, err := till.Checkout([]pos.Tender{{Method: "free"}})
	must(t, err)
	// a comp line beside a paid one, by card (no tendered)
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 1))
	must(t, till.SetComp(0, "press"))
	o2, err := till.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}})
	must(t, err)
	must(t, till.CancelPart(o2.Number, "no", CancelOptions{}))
	must(t, till.Cancel(o1.Number, "no"))
	// a cash sale with exact amount (no change, no rounding)
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	_, err = till.Checkout(cash())
	must(t, err)
	r.Close()
	res, err := Rebuild(path)
	must(t, err)
	if !res.Identical {
		t.Fatalf("rebuild: %+v", res)
	}
	if _, err := Verify(path); err != nil {
		t.Fatal(err)
	}
}
