package local

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
	"guichet/pos"
)

// TestShiftsClosedPagesASale counts the pages a sale's commit writes in a
// register's first shift and in its seventh, after six shifts closed
// (the benchmarks run one shift), beside the same sales in one long shift:
// the journal's and the orders' trees grow alike in both, the shifts
// closed must cost nothing more. Before the closed shifts' records had
// views of their own (views format 27), shift 7 wrote 16.82 pages a sale,
// the same sales in one shift 12.80.
func TestShiftsClosedPagesASale(t *testing.T) {
	perfs := []string{"festival-j1", "festival-j2", "festival-j3"}
	const blocks, sales = 7, 40
	// run sells blocks of sales, each in a shift of its own (closed after
	// it) or all in one shift, and returns the pages each block's sales
	// wrote, a sale
	run := func(closeEach bool) []float64 {
		cat, err := fixtures.BigLawnCatalog(testToday)
		must(t, err)
		r, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: func() time.Time { return testToday }})
		must(t, err)
		defer r.Close()
		r.db.NoSync = true // counts pages, not time
		var pages []float64
		till := openTill(t, r, "claire", "1234")
		for k := range blocks {
			if k > 0 && closeEach {
				till = openTill(t, r, "claire", "1234")
			}
			before := pageWrites(r.db)
			for i := range sales {
				must(t, till.AddTickets(perfs[i%3], "pelouse", "adult", 1+i%2))
				must(t, till.AddItem(pos.LineProduct, "programme", 1))
				_, err := till.Checkout(cash())
				must(t, err)
			}
			pages = append(pages, float64(pageWrites(r.db)-before)/sales)
			if closeEach && k < blocks-1 {
				x, err := till.XReport()
				must(t, err)
				_, err = till.CloseShift(x.Expected)
				must(t, err)
				till.Close()
			}
		}
		checkJournal(t, r)
		// every shift's report reads its sales, open or closed
		for k := range blocks {
			shift := fmt.Sprintf("K01-S%04d", k+1)
			rep, ok, err := r.ShiftReport(shift)
			must(t, err)
			if want := closeEach || k == 0; ok != want {
				t.Fatalf("shift %s: found %v, want %v", shift, ok, want)
			} else if !ok {
				continue
			}
			orders, z := sales, closeEach && k < blocks-1
			if !closeEach {
				orders = blocks * sales
			}
			if rep.Orders != orders || rep.Tickets != orders*3/2 || rep.Z != z || rep.Detail == nil || len(rep.Detail.Sales) != 3 {
				t.Fatalf("shift %s: %d orders, %d tickets, Z %v, detail %+v; want %d orders, %d tickets, Z %v, 3 sales lines", shift, rep.Orders, rep.Tickets, rep.Z, rep.Detail, orders, orders*3/2, z)
			}
		}
		// and the detail folded from the journal sold what the Z's did (a Z
		// reads back a zero amount of omitzero fields without currency)
		must(t, r.db.View(func(tx *bolt.Tx) error {
			rep, _, err := loadReport(tx, "K01-S0001")
			must(t, err)
			d, err := detailRef(tx, "K01-S0001", rep.Float.Currency)
			must(t, err)
			if closeEach && !reflect.DeepEqual(d.Sales, rep.Detail.Sales) {
				t.Fatalf("shift 1's detail sold %+v, its Z %+v", d.Sales, rep.Detail.Sales)
			}
			return nil
		}))
		return pages
	}
	shifts, one := run(true), run(false)
	t.Logf("pages written a sale, shifts 1 to 7: %.2f", shifts)
	t.Logf("the same sales in one shift:         %.2f", one)
	if last := blocks - 1; shifts[last] > one[last]+0.5 {
		t.Errorf("a sale after 6 shifts closed writes %.2f pages, %.2f in one long shift: the closed shifts' records are written again", shifts[last], one[last])
	}
}
