package local

import (
	"os"
	"path/filepath"
	"testing"

	"guichet/internal/fakeclock"
	"guichet/pos"
)

// TestANewJournalRepeatsNoNumberOfTheLostOne: a new journal started with
// the key of a lost one (NewJournalAfter) numbers its credit vouchers,
// shifts and customers after the lost journal's, as it does its orders:
// before, they started again at K01-A0001, K01-S0001 and K01-C00001, and a
// credit slip of the lost journal would have spent the credit of a new
// customer's voucher of the same number.
func TestANewJournalRepeatsNoNumberOfTheLostOne(t *testing.T) {
	// numbers makes a shift, a customer and a credit voucher (an exchange
	// leaving CHF 25 of a CHF 45 seat) and returns their numbers and the
	// last order's.
	numbers := func(t *testing.T, r *Register) (shift, customer, credit, order string) {
		t.Helper()
		a := openTill(t, r, "claire", "1234")
		sh, ok, err := a.Shift()
		if err != nil || !ok {
			t.Fatalf("no shift: %v", err)
		}
		c, err := r.SaveCustomer("claire", pos.Customer{Name: "Zoé Müller", Email: "zoe@example.ch"})
		must(t, err)
		must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-1"))
		o, err := a.Checkout(cash())
		must(t, err)
		_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number})
		must(t, err)
		must(t, a.AddSeats("hamlet-00", "parterre", "child", "E-1"))
		o2, err := a.Checkout(cash())
		must(t, err)
		v, ok, err := r.CreditVoucherOf(o2.Number)
		if err != nil || !ok {
			t.Fatalf("no credit voucher for %s: %v", o2.Number, err)
		}
		return sh.ID, c.ID, v.Number, o2.Number
	}
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	lostShift, lostCustomer, lostCredit, lastOrder := numbers(t, r)
	must(t, r.Close())
	must(t, os.Remove(path))
	os.Remove(flatPath(path))
	if lastOrder != "K01-000002" {
		t.Fatalf("the lost journal's last order is %s", lastOrder)
	}

	r2, err := Open(Options{Path: path, Catalog: demoCatalog(t), NewJournalAfter: 2, NewJournalFrom: GivenFigures(JournalFigures{Perpetual: pos.Zero("CHF")}), Now: (fakeclock.New(testToday)).Now})
	must(t, err)
	shift, customer, credit, _ := numbers(t, r2)
	for _, n := range [][2]string{{shift, lostShift}, {customer, lostCustomer}, {credit, lostCredit}} {
		if n[0] == n[1] {
			t.Errorf("the new journal numbered %s again, a number of the lost one", n[0])
		}
	}
	must(t, r2.Close())
	verifiesWithTheViewsItGives(t, path)
}
