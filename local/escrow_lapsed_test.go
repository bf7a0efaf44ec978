package local

import (
	"path/filepath"
	"testing"
	"time"

	"guichet/internal/fakeclock"
)

// Places in a cart whose hold ran out are still in a cashier's cart: the
// end of the hold lets this register's other tills take them, not the
// central server. The escrow's surplus return (and its count of what is
// left) keeps them, so the cashier's next change of the cart (here the
// payment screen's HoldAgain) is not refused as if another register held
// them.
func TestACartPastItsHoldKeepsItsPlacesFromTheServer(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  string
		add  func(*Till) error
	}{
		{"places of a zone", ZoneResource("hamlet-01", "galerie"), func(t *Till) error { return t.AddTickets("hamlet-01", "galerie", "adult", 3) }},
		{"passes", PassResource("festival-3-jours"), func(t *Till) error { return t.AddItem("pass", "festival-3-jours", 3) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := fakeclock.New(testToday)
			r, err := Open(Options{Path: filepath.Join(t.TempDir(), "k01.db"), Register: "K01", Catalog: demoCatalog(t), Now: clk.Now, Escrow: true})
			must(t, err)
			defer r.Close()
			till := openTill(t, r, "claire", "1234")
			must(t, r.RecordLeases(time.Now(), []Lease{{Resource: tc.res, Add: 10, TTL: time.Hour, Allot: 10, ID: 1}}))
			must(t, tc.add(till))
			clk.Add(r.HoldFor() + time.Minute) // the cashier is still talking to the customer

			hs, err := r.Holdings()
			must(t, err)
			for _, h := range hs {
				if h.Resource == tc.res && (h.Held != 3 || h.Left != 7) {
					t.Fatalf("holdings with 3 in a cart past its hold: held %d, left %d; want 3 and 7", h.Held, h.Left)
				}
			}
			got, err := r.Return(map[string]int{tc.res: 10}, false)
			must(t, err)
			if got[tc.res] != 7 {
				t.Fatalf("returned %d as surplus, want 7 (3 are in a cart past its hold)", got[tc.res])
			}
			if err := till.HoldAgain(); err != nil {
				t.Fatalf("the cart past its hold, at the payment: %v", err)
			}
			// Closed, the till's cart is dropped: its places go back.
			till.Close()
			got, err = r.Return(map[string]int{tc.res: 10}, false)
			must(t, err)
			if got[tc.res] != 3 {
				t.Fatalf("after the till closed, returned %d, want the cart's 3", got[tc.res])
			}
		})
	}
}
