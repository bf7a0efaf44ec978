package printers

import (
	"strings"
	"testing"
)

// TestNoTotalLeavesTheTotalOut: a shift's report on the roll adds nothing
// up; before NoTotal its paper had a "TOTAL" line with no amount under the
// drawer's rows. A receipt keeps its total.
func TestNoTotalLeavesTheTotalOut(t *testing.T) {
	for _, tc := range []struct {
		noTotal bool
		want    bool
	}{{false, true}, {true, false}} {
		r := Receipt{Organiser: "Théâtre", Title: "Clôture Z", When: "lun. 23 nov. 23:00", Lang: "fr", NoTotal: tc.noTotal,
			Lines: []ReceiptLine{{Text: "Espèces attendues", Amount: "CHF 180.00"}}}
		b, err := EncodeReceipt(r, profiles["tm-t20"])
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(doc.Text(), "TOTAL"); got != tc.want {
			t.Errorf("NoTotal %v: TOTAL printed %v, want %v:\n%s", tc.noTotal, got, tc.want, doc.Text())
		}
		if !strings.Contains(doc.Text(), "CHF 180.00") {
			t.Errorf("NoTotal %v: the row is gone:\n%s", tc.noTotal, doc.Text())
		}
	}
}
