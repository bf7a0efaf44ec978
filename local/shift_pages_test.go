package local

import (
	"path/filepath"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// TestShiftsClosedPagesASale counts the pages a sale's commit writes in a
// register's first shift and in its seventh, after six shifts closed
// (the benchmarks run one shift): the same sales, the same shift's views.
func TestShiftsClosedPagesASale(t *testing.T) {
	cat, err := fixtures.BigLawnCatalog(testToday)
	must(t, err)
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: func() time.Time { return testToday }})
	must(t, err)
	defer r.Close()
	r.db.NoSync = true // counts pages, not time
	perfs := []string{"festival-j1", "festival-j2", "festival-j3"}
	const sales = 40
	// shift sells in a new shift, measuring the pages its sales write
	shift := func(close bool) float64 {
		till := openTill(t, r, "claire", "1234")
		defer till.Close()
		before := pageWrites(r.db)
		for i := range sales {
			must(t, till.AddTickets(perfs[i%3], "pelouse", "adult", 1+i%2))
			must(t, till.AddItem(pos.LineProduct, "programme", 1))
			_, err := till.Checkout(cash())
			must(t, err)
		}
		pages := float64(pageWrites(r.db)-before) / sales
		if close {
			x, err := till.XReport()
			must(t, err)
			_, err = till.CloseShift(x.Expected)
			must(t, err)
		}
		return pages
	}
	var pages []float64
	for i := range 7 {
		pages = append(pages, shift(i < 6))
	}
	first, seventh := pages[0], pages[6]
	t.Logf("pages written a sale, shifts 1 to 7: %.2f", pages)
	t.Logf("pages written a sale: %.2f in shift 1, %.2f in shift 7 (6 closed)", first, seventh)
	checkJournal(t, r)
}
