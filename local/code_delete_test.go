package local

import (
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Seed 002: "You can destroy a code, but if it has been used by customers
// it cannot be destroyed." An order placed with a code and canceled (or
// lapsed at its invoice's deadline) since gives the use back to the code's
// quantity allowed, but it was made with the code, and the journal keeps it
// naming the code: the code can only be disabled, after a restart too (the
// views rebuilt from the journal say the same).
func TestACodeWhoseOnlyOrderWasCanceledCannotBeDeleted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sell   bool   // an order is placed with the code
		after  string // then: "", "cancel", "lapse"
		uses   int    // counted against its quantity allowed, as codes list shows
		delete bool   // the code may be deleted
	}{
		{"never used", false, "", 0, true},
		{"its order stands", true, "", 1, false},
		{"its only order canceled", true, "cancel", 0, false},
		{"its only order lapsed", true, "lapse", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, clk := openTest(t, "")
			path := r.Path()
			must(t, r.AddCodes("claire", "enfants", []pos.Code{{Code: "PETITS", MaxUses: 1}}))
			if tc.sell {
				till := openTill(t, r, "claire", "1234")
				must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
				must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2)) // above the invoice's minimum
				_, err := till.ApplyCode("petits")
				must(t, err)
				tenders := cash()
				if tc.after == "lapse" {
					tenders = []pos.Tender{{Method: "invoice"}}
				}
				o, err := till.Checkout(tenders)
				must(t, err)
				switch tc.after {
				case "cancel":
					must(t, till.Cancel(o.Number, "wrong date"))
				case "lapse":
					clk.Add(o.Deadline.Sub(clk.Now()) + time.Minute)
					if n, err := r.LapseDue(); err != nil || n != 1 {
						t.Fatalf("lapsed %d (%v), want 1", n, err)
					}
				}
			}
			for _, restart := range []bool{false, true} {
				if restart {
					r.Close()
					r, _ = openTest(t, path)
					// the views are as a rebuild from the journal gives them
					must(t, r.db.Update(func(tx *bolt.Tx) error { _, err := rebuildViews(tx); return err }))
				}
				list, err := r.Codes("enfants")
				must(t, err)
				for _, v := range list {
					if v.Code.Code == "PETITS" && v.Uses != tc.uses {
						t.Errorf("restart %v: PETITS has %d uses, want %d", restart, v.Uses, tc.uses)
					}
				}
				if tc.delete {
					continue
				}
				if err := r.DeleteCode("claire", "petits"); !errors.Is(err, pos.ErrCodeUsed) {
					t.Fatalf("restart %v: deleting a code an order was placed with: %v, want it refused (disable it)", restart, err)
				}
			}
			if tc.delete {
				must(t, r.DeleteCode("claire", "petits"))
			}
		})
	}
}
