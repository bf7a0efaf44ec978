package local

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TestFindOrdersByNumberOrCustomer: an anonymous paid order has no entry in
// order_index, yet is found by its number like the others; a customer's
// orders are found by name; pending invoices come first, then the newest.
func TestFindOrdersByNumberOrCustomer(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	sell := func(tenders []pos.Tender) string {
		t.Helper()
		must(t, till.AddTickets("hamlet-00", "galerie", "adult", 3))
		o, err := till.Checkout(tenders)
		must(t, err)
		return o.Number
	}
	anonymous := sell(cash())
	pendingAnonymous := sell([]pos.Tender{{Method: "invoice"}})
	c, err := r.SaveCustomer("claire", customerNamed("Zoé Müller"))
	must(t, err)
	forZoe := func(tenders []pos.Tender) string {
		t.Helper()
		must(t, till.SetCustomer(c.ID))
		return sell(tenders)
	}
	zoe := forZoe(cash())
	canceled := forZoe(cash())
	must(t, till.Cancel(anonymous, "wrong date"))
	must(t, till.Cancel(canceled, "wrong date"))
	must(t, till.ValidatePayment(pendingAnonymous, pos.Tender{Reference: "VIR-1"}))
	pending := forZoe([]pos.Tender{{Method: "invoice"}})

	numbers := func(ovs []OrderView) []string {
		var out []string
		for _, ov := range ovs {
			out = append(out, ov.Order.Number)
		}
		return out
	}
	tests := []struct {
		name, query string
		want        []string
	}{
		{"an anonymous order by its number", anonymous, []string{anonymous}},
		{"an order number in lower case", "k01-000002", []string{pendingAnonymous}},
		{"a ticket's number finds its order", anonymous + "-01", []string{anonymous}},
		{"every order by the register's prefix, pending first, then the newest", "K01", []string{pending, canceled, zoe, pendingAnonymous, anonymous}},
		{"a customer's orders by name (canceled too), pending first", "zoe muller", []string{pending, canceled, zoe}},
		{"a customer's orders by e-mail", "zoe@example", []string{pending, canceled, zoe}},
		{"nobody", "nobody", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := numbers(findOrders(t, r, tt.query, 0))
			if len(got) != len(tt.want) {
				t.Fatalf("FindOrders(%q) = %v, want %v", tt.query, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("FindOrders(%q) = %v, want %v", tt.query, got, tt.want)
				}
			}
		})
	}
	if got, _ := r.FindOrders("K01", 2); len(got) != 2 || got[0].Order.Number != pending {
		t.Errorf("limit 2: %v", numbers(got))
	}
	// A list signs nothing: its tickets carry no QR payload; Order gives them.
	if ov, _ := r.FindOrders(anonymous, 0); len(ov) != 1 || ov[0].Order.State != pos.OrderCanceled || ov[0].Tickets[0].QR != "" {
		t.Errorf("the canceled anonymous order: %+v", ov)
	}
	if ov, ok, _ := r.Order(anonymous); !ok || ov.Tickets[0].QR == "" {
		t.Errorf("Order(%s) gives no QR payload: %+v", anonymous, ov.Tickets)
	}
	if s, err := r.Stats(); err != nil || s.Orders != 5 {
		t.Errorf("stats: %+v, %v", s, err)
	}
}

// TestFindOrdersByTicketOrDigits: at the counter a customer hands over a
// ticket (its number printed, or its QR code under a scanner) or reads out
// the order's digits; the search finds the order each names, first in the
// list, and only an order that has the ticket.
func TestFindOrdersByTicketOrDigits(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	sell := func(tenders []pos.Tender) string {
		t.Helper()
		must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
		o, err := till.Checkout(tenders)
		must(t, err)
		return o.Number
	}
	paid := sell(cash())                               // K01-000001
	pending := sell([]pos.Tender{{Method: "invoice"}}) // K01-000002
	c, err := r.SaveCustomer("claire", pos.Customer{Name: "Hans Box", Email: "hans13@example.ch"})
	must(t, err)
	must(t, till.SetCustomer(c.ID))
	hans := sell(cash()) // K01-000003, his e-mail has a 1 and a 3
	ov, ok, err := r.Order(pending)
	if !ok || err != nil || ov.Tickets[1].QR == "" {
		t.Fatalf("order %s: %v %v %+v", pending, ok, err, ov.Tickets)
	}
	qr := ov.Tickets[1].QR

	tests := []struct {
		name, query string
		want        []string
	}{
		{"a ticket's number", paid + "-02", []string{paid}},
		{"a ticket's number in lower case", strings.ToLower(pending + "-01"), []string{pending}},
		{"a ticket the order does not have", paid + "-03", nil},
		{"a ticket's QR payload, as a scanner types it", qr, []string{pending}},
		{"a damaged QR payload", qr[:len(qr)-4], nil},
		{"an order's digits without the prefix", "000002", []string{pending}},
		{"an order's number said aloud", "2", []string{pending}},
		{"a ticket's number without the prefix", "000001-02", []string{paid}},
		{"a ticket without the prefix the order does not have", "000001-03", nil},
		{"digits of no order", "4", nil},
		{"digits being typed: the orders whose digits start so, pending first", "00000", []string{pending, hans, paid}},
		{"the order named comes before a customer's whose e-mail has the digit", "1", []string{paid, hans}},
		{"an order named and its customer's found once", "3", []string{hans}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, ov := range findOrders(t, r, tt.query, 0) {
				got = append(got, ov.Order.Number)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("FindOrders(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
	if got := findOrders(t, r, "1", 1); len(got) != 1 || got[0].Order.Number != paid {
		t.Errorf("limit 1: the order named is kept, got %+v", got)
	}
}

// TestPrintQueueFollowsTheJournal: a reprint queues a duplicate, a
// cancellation drops its order's jobs, a printed job leaves, Stats counts
// what waits, and the views rebuild the same.
func TestPrintQueueFollowsTheJournal(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
	kept, err := till.Checkout(cash())
	must(t, err)
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 3))
	canceled, err := till.Checkout(cash())
	must(t, err)
	must(t, till.Reprint(kept.Tickets[1].Number))
	must(t, till.Cancel(canceled.Number, "wrong date"))
	q, err := r.PrintQueue()
	must(t, err)
	var got []string
	for _, j := range q {
		got = append(got, fmt.Sprintf("%s %v", j.Ticket.Number, j.Duplicate))
	}
	want := []string{kept.Tickets[0].Number + " false", kept.Tickets[1].Number + " false", kept.Tickets[1].Number + " true"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("queue %v, want %v", got, want)
	}
	must(t, r.MarkPrinted(q[0].ID))
	if err := r.MarkPrinted(q[0].ID); err == nil {
		t.Error("a printed job was printed again")
	}
	if s, err := r.Stats(); err != nil || s.PrintQueue != 2 || s.Orders != 2 {
		t.Errorf("stats %+v, %v", s, err)
	}
	if inc, rebuilt := viewsAfterRebuild(t, r); inc != rebuilt {
		t.Error("rebuilt views differ")
	}
}

// TestDamagedViewIsAnErrorNotNotFound: a view value that does not decode
// makes every query that reads it fail with a DamagedViewError (which says
// to rebuild), never answer "no such order" or "no customer"; a rebuild
// from the journal mends it.
func TestDamagedViewIsAnErrorNotNotFound(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	c, err := r.SaveCustomer("claire", customerNamed("Zoé Müller"))
	must(t, err)
	must(t, till.SetCustomer(c.ID))
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	o, err := till.Checkout(cash())
	must(t, err)

	damage := func(viewName, k string) {
		t.Helper()
		must(t, r.db.Update(func(tx *bolt.Tx) error { return view(tx, viewName).Put([]byte(k), []byte("{not json")) }))
	}
	damaged := func(what string, err error) {
		t.Helper()
		var dv *DamagedViewError
		if !errors.As(err, &dv) || !strings.Contains(err.Error(), "guichet journal rebuild") {
			t.Errorf("%s: error %v, want a DamagedViewError that says to rebuild", what, err)
		}
	}
	damage(vOrders, o.Number)
	_, ok, err := r.Order(o.Number)
	if ok {
		t.Error("Order found an order whose record is damaged")
	}
	damaged("Order", err)
	_, err = r.FindOrders(o.Number, 0)
	damaged("FindOrders by number", err)
	_, err = r.FindOrders(o.Number+"-01", 0)
	damaged("FindOrders by a ticket's number", err)
	_, err = r.PrintQueue()
	damaged("PrintQueue", err)
	if _, ok, err := r.Order("K01-999999"); ok || err != nil {
		t.Errorf("an order that does not exist: ok %v, error %v; want not found, no error", ok, err)
	}

	damage(vCustomers, c.ID)
	_, err = r.SearchCustomers("zoe", 0)
	damaged("SearchCustomers", err)
	damage(vGrants, string(key("hamlet-00", "galerie")))
	_, err = r.Availability("hamlet-00")
	damaged("Availability", err)
	damage(vVouchers, "K01-G0001")
	_, _, err = r.VoucherBalance("K01-G0001")
	damaged("VoucherBalance", err)
	damage(vCodes, "SPRING")
	_, err = r.Price(pos.Cart{Code: "SPRING"}, pos.PricingContext{Now: testToday})
	damaged("Price with a code", err)

	path := r.Path()
	must(t, r.Close())
	res, err := Rebuild(path)
	must(t, err)
	if res.Identical {
		t.Fatal("the rebuild found the damaged views identical")
	}
	r2, _ := openTest(t, path)
	if ov, ok, err := r2.Order(o.Number); !ok || err != nil || ov.Customer == nil || ov.Customer.ID != c.ID {
		t.Fatalf("after the rebuild: order %v ok %v error %v", ov.Order.Number, ok, err)
	}
}
