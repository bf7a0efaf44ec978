package local

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TestTheOrderSearchByNameCostsNothingOthersOrders: a name the search
// finds sends it through order_index (order number -> "state|customer"),
// which holds every order with a customer and every pending invoice. It
// split each entry into two strings to compare its customer: 400 orders of
// other customers cost some 800 allocations a query typed (285, then 1,086),
// on a register that sells to its regulars all season. It compares the
// bytes in place and allocates only for the orders it lists.
func TestTheOrderSearchByNameCostsNothingOthersOrders(t *testing.T) {
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: bigLawnCatalog(t), Now: func() time.Time { return testToday }})
	must(t, err)
	defer r.Close()
	r.db.NoSync = true // the setup only: the same commits, without waiting for the disk
	till := openTill(t, r, "claire", "1234")
	sell := func(customer string) {
		t.Helper()
		must(t, till.SetCustomer(customer))
		must(t, till.AddTickets("festival-j1", "pelouse", "adult", 1))
		_, err := till.Checkout(cash())
		must(t, err)
	}
	zoe, err := r.SaveCustomer("claire", pos.Customer{Name: "Zoé Müller", Email: "zoe@example.ch"})
	must(t, err)
	luc, err := r.SaveCustomer("claire", pos.Customer{Name: "Luc Noir", Email: "luc@example.ch"})
	must(t, err)
	sell(zoe.ID)
	for range 100 { // the views a few pages deep already: a search by number costs some 15 allocations more than on a new file
		sell(luc.ID)
	}
	search := func() float64 {
		return testing.AllocsPerRun(10, func() {
			found, err := r.FindOrdersWhere("zoe muller", 0, func(*pos.Order) bool { return true })
			if err != nil || len(found) != 1 {
				t.Fatalf("FindOrders(zoe muller): %d orders, %v; want 1", len(found), err)
			}
		})
	}
	before := search()
	for range 400 {
		sell(luc.ID)
	}
	if after := search(); after-before > 10 {
		t.Errorf("FindOrders(zoe muller): %.0f allocations, %.0f with 400 of Luc's orders more", before, after)
	} else {
		t.Logf("FindOrders(zoe muller): %.0f allocations, %.0f with 400 of Luc's orders more", before, after)
	}
}

// TestTheOrderSearchByNameFindsWhatTheRecordsSay: the orders a name finds
// are those whose record names a customer the query matches (the
// customer's record, pos.Customer.Matches), whatever happened to them
// since (a customer set after the sale, changed, taken off; an invoice
// paid, canceled, lapsed): pending invoices first, then the newest, those
// keep accepts, up to the limit. The records are decoded one by one here,
// as an oracle; the search reads order_index.
func TestTheOrderSearchByNameFindsWhatTheRecordsSay(t *testing.T) {
	r, clk := openTest(t, "")
	claire := openTill(t, r, "claire", "1234")
	lea := openTill(t, r, "lea", "2468")
	save := func(name, email string) string {
		t.Helper()
		c, err := r.SaveCustomer("claire", pos.Customer{Name: name, Email: email})
		must(t, err)
		return c.ID
	}
	zoe, zoe2, luc, ana := save("Zoé Müller", "zoe@example.ch"), save("Zoé Favre", "zfavre@example.org"), save("Luc Noir", "luc@example.ch"), save("Anaïs Bühler", "")
	perf := "hamlet-00"
	sell := func(till *Till, customer, method string) string {
		t.Helper()
		if customer != "" {
			must(t, till.SetCustomer(customer))
		}
		must(t, till.AddTickets(perf, "galerie", "adult", 2))
		o, err := till.Checkout([]pos.Tender{{Method: method}})
		must(t, err)
		return o.Number
	}
	// an invoice of Luc's left unpaid past its deadline (10 days): it lapses
	lapsing := sell(claire, luc, "invoice")
	clk.Add(11 * 24 * time.Hour)
	perf = "hamlet-04" // in a fortnight: on sale still
	var orders []string
	for i, c := range []string{zoe, zoe2, luc, ana, "", zoe, luc, zoe2, "", ana, zoe, luc} {
		till, method := claire, "cash"
		if i%3 == 1 {
			till = lea
		}
		if i%4 == 2 {
			method = "invoice"
		}
		orders = append(orders, sell(till, c, method))
	}
	// what happens after the sale
	must(t, claire.SetOrderCustomer(orders[4], zoe))  // an anonymous sale given a customer
	must(t, claire.SetOrderCustomer(orders[6], zoe2)) // changed
	must(t, claire.SetOrderCustomer(orders[9], ""))   // taken off
	must(t, claire.Cancel(orders[0], "wrong date"))
	must(t, claire.ValidatePayment(orders[2], pos.Tender{Reference: "VIR-1"}))
	must(t, claire.Cancel(orders[10], "wrong date")) // an invoice canceled

	// the oracle: every record decoded, its customer's record matched
	oracle := func(query string, limit int, keep func(*pos.Order) bool) []string {
		q := pos.Fold(query)
		type hit struct {
			number  string
			pending bool
		}
		var hits []hit
		must(t, r.read(func(tx *bolt.Tx) error {
			return view(tx, vOrders).ForEach(func(k, _ []byte) error {
				ov, ok, err := getOrder(tx, string(k))
				if err != nil || !ok {
					return err
				}
				c, err := customerOf(tx, ov.Order.Customer)
				if err != nil || c == nil || !c.Matches(q) {
					return err
				}
				if keep == nil || keep(&ov.Order) {
					hits = append(hits, hit{ov.Order.Number, ov.Order.State == pos.OrderPending})
				}
				return nil
			})
		}))
		sort.SliceStable(hits, func(i, j int) bool {
			if hits[i].pending != hits[j].pending {
				return hits[i].pending
			}
			return hits[i].number > hits[j].number
		})
		var out []string
		for _, h := range hits {
			if limit > 0 && len(out) == limit {
				break
			}
			out = append(out, h.number)
		}
		return out
	}
	keeps := map[string]func(*pos.Order) bool{
		"all":          nil,
		"claire's":     func(o *pos.Order) bool { return o.Staff == "claire" },
		"lea's":        func(o *pos.Order) bool { return o.Staff == "lea" },
		"not canceled": func(o *pos.Order) bool { return o.State != pos.OrderCanceled },
	}
	queries := []string{"zoe", "ZOÉ MÜLLER", "favre", "luc noir", "anais buhler", "example.ch", "example", "zoe example", "nobody"}
	hits := 0
	for _, query := range queries {
		for name, keep := range keeps {
			for _, limit := range []int{0, 1, 2, 3, 100} {
				var got []string
				found, err := r.FindOrdersWhere(query, limit, keep)
				must(t, err)
				for _, ov := range found {
					got = append(got, ov.Order.Number)
					if ov.Customer == nil || ov.Customer.ID != ov.Order.Customer {
						t.Errorf("%s: order %s listed with customer %+v, its record says %q", query, ov.Order.Number, ov.Customer, ov.Order.Customer)
					}
				}
				if want := oracle(query, limit, keep); !slices.Equal(got, want) {
					t.Errorf("FindOrdersWhere(%q, %d, %s) = %v, the records say %v", query, limit, name, got, want)
				}
				hits += len(got)
			}
		}
	}
	if hits == 0 {
		t.Fatal("no query found anything: the test tests nothing")
	}
	// the states the test meant to cover are there
	states := map[string]bool{}
	for _, n := range append(orders, lapsing) {
		ov, ok, err := r.Order(n)
		must(t, err)
		if !ok {
			t.Fatalf("order %s not found", n)
		}
		states[ov.Order.State] = true
	}
	for _, s := range []string{pos.OrderPaid, pos.OrderPending, pos.OrderCanceled, pos.OrderLapsed} {
		if !states[s] {
			t.Errorf("no order %s among the test's: %v", s, states)
		}
	}
	if got := fmt.Sprint(oracle("luc", 0, nil)); got == "[]" {
		t.Errorf("Luc's orders: %s", got)
	}
}
