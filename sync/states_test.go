package sync_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
)

// TestServerOrderStatesFollowTheRegister: whatever happens to an order
// after its sale (some of its tickets canceled, all of them, an invoice
// paid, an invoice lapsed), the server's orders and tickets say what the
// register's own views say, and a code's uses are counted alike. A partial
// cancel keeps the code's use at the register: a server that counted it
// free would, at the next reclaim, let another register sell that use
// again; a lapsed invoice gives its seats and its use back at the register,
// and a server that kept them would never grant them again.
func TestServerOrderStatesFollowTheRegister(t *testing.T) {
	ctx := context.Background()
	cen := newCentral(t)
	if _, err := cen.store.LoadCatalog(ctx, "demo.json", fixtures.Demo); err != nil {
		t.Fatal(err)
	}
	clk := fakeclock.New(testToday)
	r, token, till := enrolledTill(t, cen, clk)
	sell := func(method string) pos.Order {
		t.Helper()
		must(t, till.AddTickets("hamlet-04", "galerie", "adult", 4)) // above the invoice's minimum once the code takes its share
		_, err := till.ApplyCode("BIENVENUE")
		must(t, err)
		o, err := till.Checkout([]pos.Tender{{Method: method}})
		must(t, err)
		return o
	}
	pusher := sync.New(r, sync.Options{Central: cen.URL(), Token: token, Now: clk.Now})
	var orders []pos.Order
	lastUses := 0
	// check pushes what the register wrote and compares each order, each
	// of its tickets and the code's uses, after every step.
	check := func(step string) {
		t.Helper()
		must(t, pusher.CatchUp(ctx))
		for _, o := range orders {
			ov, ok, err := r.Order(o.Number)
			if err != nil || !ok {
				t.Fatalf("%s: order %s at the register: %v %v", step, o.Number, ok, err)
			}
			var state string
			must(t, cen.store.Pool().QueryRow(ctx, `SELECT state FROM orders WHERE number = $1`, o.Number).Scan(&state))
			if state != ov.Order.State {
				t.Errorf("%s: order %s: the server says %s, the register %s", step, o.Number, state, ov.Order.State)
			}
			for _, tk := range ov.Tickets {
				var ts string
				must(t, cen.store.Pool().QueryRow(ctx, `SELECT state FROM tickets WHERE number = $1`, tk.Number).Scan(&ts))
				if ts != tk.State {
					t.Errorf("%s: ticket %s of order %s: the server says %s, the register %s", step, tk.Number, o.Number, ts, tk.State)
				}
			}
		}
		here, err := r.Codes("bienvenue")
		must(t, err)
		there, err := cen.store.Codes(ctx, "bienvenue")
		must(t, err)
		var atRegister, atServer int
		for _, c := range here {
			if c.Code.Code == "BIENVENUE" {
				atRegister = c.Uses
			}
		}
		for _, c := range there {
			if c.Code.Code == "BIENVENUE" {
				atServer = c.Uses
			}
		}
		if atRegister != atServer {
			t.Errorf("%s: BIENVENUE's uses: the register counts %d, the server %d", step, atRegister, atServer)
		}
		lastUses = atRegister
	}
	sold := func(method string) pos.Order { o := sell(method); orders = append(orders, o); return o }

	partial := sold("cash")
	must(t, till.CancelPart(partial.Number, "one of them cannot come", local.CancelOptions{Tickets: []string{partial.Tickets[0].Number}}))
	check("a ticket of an order canceled")
	whole := sold("cash")
	must(t, till.Cancel(whole.Number, "the customer changed plans"))
	check("a whole order canceled")
	paid := sold("invoice")
	must(t, till.ValidatePayment(paid.Number, pos.Tender{Reference: "VIR-1"}))
	check("an invoice paid")
	lapsed := sold("invoice")
	sold("cash")
	clk.Set(lapsed.Deadline.Add(time.Minute))
	if n, err := r.LapseDue(); err != nil || n != 1 {
		t.Fatalf("invoices lapsed: %d, %v; want 1", n, err)
	}
	check("an invoice lapsed")
	// the premise: each kind of state was met
	for number, want := range map[string]string{partial.Number: pos.OrderPaid, whole.Number: pos.OrderCanceled,
		paid.Number: pos.OrderPaid, lapsed.Number: pos.OrderLapsed} {
		if ov, _, _ := r.Order(number); ov.Order.State != want {
			t.Fatalf("order %s at the register: %s, want %s", number, ov.Order.State, want)
		}
	}
	if lastUses != 3 { // partial, paid and the last one; whole and lapsed gave it back
		t.Fatalf("BIENVENUE used %d times at the register, want 3", lastUses)
	}

	rep, err := cen.store.Sales(ctx, time.Time{}, time.Time{}, "")
	must(t, err)
	if rep.Orders != 5 || rep.Canceled != 1 || rep.Lapsed != 1 {
		t.Errorf("sales report: %d orders, %d canceled, %d lapsed; want 5, 1, 1", rep.Orders, rep.Canceled, rep.Lapsed)
	}
}

// enrolledTill is register R01 on the demo at clk, enrolled at cen (its
// token), and claire's till on it with a shift open (CHF 200 float).
func enrolledTill(t *testing.T, cen *central, clk *fakeclock.Clock) (*local.Register, string, *local.Till) {
	t.Helper()
	r, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "R01.db"), Register: "R01", Catalog: demoCatalog(t), Now: clk.Now})
	must(t, err)
	t.Cleanup(func() { r.Close() })
	token, err := cen.store.AddRegister(context.Background(), "R01", r.PublicKey())
	must(t, err)
	till, err := r.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(20000, "CHF"))
	must(t, err)
	return r, token, till
}
