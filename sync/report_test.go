package sync_test

import (
	"context"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/server"
)

// TestTheSalesReportByOfferCountsAnOfferOnceWhateverTheTillsLanguage: a
// ticket names its offer in the language of the till that sold it ("Ami·e·s
// du théâtre" at a French till, "Friends of the theatre" at an English one,
// as the kiosk sells), but it is one offer: guichetd report sales --by offer
// gives it one row, keyed by its id as the Z report's offers are, with every
// ticket that benefited from it. Tickets sold without an offer stay under "".
func TestTheSalesReportByOfferCountsAnOfferOnceWhateverTheTillsLanguage(t *testing.T) {
	ctx := context.Background()
	cen := newCentral(t)
	if _, err := cen.store.LoadCatalog(ctx, "demo.json", fixtures.Demo); err != nil {
		t.Fatal(err)
	}
	clk := fakeclock.New(testToday)
	r, token, till := enrolledTill(t, cen, clk)
	want := map[string][2]int64{} // key -> tickets, amount
	sell := func(lang pos.Lang, code string, n int) {
		t.Helper()
		till.SetLang(lang)
		must(t, till.AddTickets("hamlet-04", "galerie", "adult", n))
		if code != "" {
			_, err := till.ApplyCode(code)
			must(t, err)
		}
		o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
		must(t, err)
		for _, tk := range o.Tickets {
			key := ""
			if tk.Offer != "" {
				key = o.Offer.ID
			}
			w := want[key]
			want[key] = [2]int64{w[0] + 1, w[1] + tk.Price.Amount}
		}
	}
	sell("fr", "AMIS", 2)
	sell("en", "AMIS", 3)
	sell("en", "", 1)
	// the premise: the tickets name the offer in two languages
	names := map[string]bool{}
	for _, n := range []string{"R01-000001-01", "R01-000002-01"} {
		ov, _, err := r.Order(pos.OrderOfTicket(n))
		must(t, err)
		names[ov.Tickets[0].Offer] = true
	}
	if len(names) != 2 {
		t.Fatalf("the premise: the tickets name the offer %v, want two names", names)
	}
	must(t, sync.New(r, sync.Options{Central: cen.URL(), Token: token, Now: clk.Now}).CatchUp(ctx))
	rep, err := cen.store.Sales(ctx, time.Time{}, time.Time{}, "offer")
	must(t, err)
	got := map[string][2]int64{}
	for _, row := range rep.Rows {
		got[row.Key] = [2]int64{int64(row.Count), row.Amount}
	}
	if len(got) != len(want) {
		t.Errorf("by offer: %d rows %v, want %d %v", len(got), got, len(want), want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("by offer, %q: %d tickets, %d; want %d, %d", k, got[k][0], got[k][1], w[0], w[1])
		}
	}
}

// TestTheSalesReportByTicketCountsTicketsAndPassesOnly: guichetd report
// sales --by performance, category or offer adds up the tickets and passes
// sold as its first line counts them: a gift voucher sold is money the
// customer spends later, not a ticket (the Z report counts it apart), and
// was added as one under "", with the passes. The rows add up to the
// tickets and passes counted.
func TestTheSalesReportByTicketCountsTicketsAndPassesOnly(t *testing.T) {
	ctx := context.Background()
	cen := newCentral(t)
	if _, err := cen.store.LoadCatalog(ctx, "demo.json", fixtures.Demo); err != nil {
		t.Fatal(err)
	}
	clk := fakeclock.New(testToday)
	r, token, till := enrolledTill(t, cen, clk)
	must(t, till.AddTickets("hamlet-04", "galerie", "adult", 2))
	must(t, till.AddItem(pos.LinePass, "festival-jour-1", 1))
	_, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	must(t, till.AddItem(pos.LineVoucher, "bon-100", 1))
	_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	must(t, sync.New(r, sync.Options{Central: cen.URL(), Token: token, Now: clk.Now}).CatchUp(ctx))
	for _, by := range []string{"performance", "category", "offer"} {
		rep, err := cen.store.Sales(ctx, time.Time{}, time.Time{}, by)
		must(t, err)
		var n int
		var amount int64
		for _, row := range rep.Rows {
			n += row.Count
			amount += row.Amount
		}
		// two adult tickets at CHF 25 and a day pass at CHF 55
		if rep.Tickets != 2 || rep.Passes != 1 || n != 3 || amount != 2*2500+5500 {
			t.Errorf("by %s: the report counts %d tickets and %d passes, its rows %d for %d (%v); want 2 and 1, 3 for 10500", by, rep.Tickets, rep.Passes, n, amount, rep.Rows)
		}
	}
}

// TestTheSalesReportByMethodCountsRefundsApart: a cash sale and its cash
// refund read "cash 2" beside the amount they net to (a refund counted
// like a payment), while the X/Z report counts the payments and, apart,
// the refunds. By method and by register, a row counts the payments and
// apart the refunds, as the Z reports do.
func TestTheSalesReportByMethodCountsRefundsApart(t *testing.T) {
	ctx := context.Background()
	cen := newCentral(t)
	if _, err := cen.store.LoadCatalog(ctx, "demo.json", fixtures.Demo); err != nil {
		t.Fatal(err)
	}
	clk := fakeclock.New(testToday)
	r, token, till := enrolledTill(t, cen, clk)
	var first pos.Order
	for i := 0; i < 2; i++ {
		must(t, till.AddTickets("hamlet-04", "galerie", "adult", 1))
		o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
		must(t, err)
		if i == 0 {
			first = o
		}
	}
	must(t, till.Cancel(first.Number, "the customer changed plans"))
	z, err := till.XReport()
	must(t, err)
	must(t, sync.New(r, sync.Options{Central: cen.URL(), Token: token, Now: clk.Now}).CatchUp(ctx))
	for _, by := range []string{"method", "register"} {
		rep, err := cen.store.Sales(ctx, time.Time{}, time.Time{}, by)
		must(t, err)
		if len(rep.Rows) != 1 || rep.Rows[0].Count != 2 || rep.Rows[0].Refunds != 1 || rep.Rows[0].Amount != 2500 {
			t.Errorf("by %s: %+v; want one row of 2 payments and 1 refund for 2500", by, rep.Rows)
		}
	}
	if len(z.ByMethod) != 1 || z.ByMethod[0].Count != 2 || z.ByMethod[0].Refunds != 1 {
		t.Errorf("the X report by method: %+v; want 2 payments and 1 refund", z.ByMethod)
	}
}

// TestTheSalesReportByPerformanceOrCategoryNamesEachPass: a pass has no
// performance and no ticket category; by performance or category the
// report listed every pass sold under one row keyed "" (two different
// passes added up together, and a row a box office cannot read). A pass
// counts under "pass:ID", as the Z report's categories count it.
func TestTheSalesReportByPerformanceOrCategoryNamesEachPass(t *testing.T) {
	ctx := context.Background()
	cen := newCentral(t)
	if _, err := cen.store.LoadCatalog(ctx, "demo.json", fixtures.Demo); err != nil {
		t.Fatal(err)
	}
	clk := fakeclock.New(testToday)
	r, token, till := enrolledTill(t, cen, clk)
	must(t, till.AddTickets("hamlet-04", "galerie", "adult", 2))
	must(t, till.AddItem(pos.LinePass, "festival-jour-1", 1))
	must(t, till.AddItem(pos.LinePass, "festival-jour-2", 1))
	o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	z, err := till.XReport()
	must(t, err)
	must(t, sync.New(r, sync.Options{Central: cen.URL(), Token: token, Now: clk.Now}).CatchUp(ctx))
	passes := map[string]int64{}
	for _, tk := range o.Tickets {
		if tk.Kind == pos.LinePass {
			passes["pass:"+tk.Item] += tk.Price.Amount
		}
	}
	if len(passes) != 2 {
		t.Fatalf("the premise: the order holds two different passes, %v", passes)
	}
	for k, amount := range passes {
		found := false
		for _, c := range z.Detail.Sales {
			found = found || (c.Category == k && c.Amount.Amount == amount)
		}
		if !found {
			t.Fatalf("the premise: the X report lists %s for %d: %+v", k, amount, z.Detail.Sales)
		}
	}
	for _, by := range []string{"performance", "category"} {
		rep, err := cen.store.Sales(ctx, time.Time{}, time.Time{}, by)
		must(t, err)
		got := map[string]int64{}
		for _, row := range rep.Rows {
			got[row.Key] = row.Amount
		}
		for k, amount := range passes {
			if got[k] != amount {
				t.Errorf("by %s: %v; want %s for %d", by, rep.Rows, k, amount)
			}
		}
		if _, ok := got[""]; ok {
			t.Errorf("by %s: a row without a name: %v", by, rep.Rows)
		}
	}
}

// TestTheSalesReportCountsPassesApartFromTickets: guichetd report sales
// said "tickets 3" for two tickets of a performance and a day pass, while
// the register that sold them counts "Billets 2" and "Pass 1" (its X and
// Z reports, the done screen): a pass is not a ticket of a performance.
// The report counts the tickets and, apart, the passes, as the register.
func TestTheSalesReportCountsPassesApartFromTickets(t *testing.T) {
	ctx := context.Background()
	cen := newCentral(t)
	if _, err := cen.store.LoadCatalog(ctx, "demo.json", fixtures.Demo); err != nil {
		t.Fatal(err)
	}
	clk := fakeclock.New(testToday)
	r, token, till := enrolledTill(t, cen, clk)
	must(t, till.AddTickets("hamlet-04", "galerie", "adult", 2))
	must(t, till.AddItem(pos.LinePass, "festival-jour-1", 1))
	_, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	must(t, till.AddItem(pos.LinePass, "festival-jour-2", 1))
	_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	x, err := till.XReport()
	must(t, err)
	tickets, passes, apart := counter.TicketsAndPasses(x)
	if !apart || tickets != 2 || passes != 2 {
		t.Fatalf("the premise: the X report counts %d tickets and %d passes (apart %v), want 2 and 2", tickets, passes, apart)
	}
	must(t, sync.New(r, sync.Options{Central: cen.URL(), Token: token, Now: clk.Now}).CatchUp(ctx))
	for _, by := range server.ReportBy {
		rep, err := cen.store.Sales(ctx, time.Time{}, time.Time{}, by)
		must(t, err)
		if rep.Orders != 2 || rep.Tickets != tickets || rep.Passes != passes {
			t.Errorf("by %s: %d orders, %d tickets, %d passes; the register counts 2 orders, %d tickets, %d passes", by, rep.Orders, rep.Tickets, rep.Passes, tickets, passes)
		}
	}
}
