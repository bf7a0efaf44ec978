package local

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"pgregory.net/rapid"

	"guichet/internal/fakeclock"
	"guichet/pos"
)

// viewsAfterRebuild rebuilds the views in a transaction that is rolled back
// and returns both digests. It also folds the journal with every applier
// seeing every entry (foldEveryEntry), and fails when that gives other
// views: an applier then folds a type it did not register.
func viewsAfterRebuild(t testing.TB, r *Register) (incremental, rebuilt Digest) {
	t.Helper()
	errRollback := errors.New("rollback")
	var everyEntry Digest
	err := r.db.Update(func(tx *bolt.Tx) error {
		incremental = viewsDigest(tx)
		if _, err := rebuildViews(tx); err != nil {
			return err
		}
		rebuilt = viewsDigest(tx)
		foldEveryEntry = true
		defer func() { foldEveryEntry = false }()
		if _, err := rebuildViews(tx); err != nil {
			return err
		}
		everyEntry = viewsDigest(tx)
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	if everyEntry != rebuilt {
		t.Fatal("an applier folds an entry type it did not register (viewTable)")
	}
	return incremental, rebuilt
}

// TestRebuiltViewsEqualIncrementalViews runs random counter work (sales,
// invoices, cancellations, exchanges, reprints, cash, customers, Z, door
// admissions) on two tills and checks that folding the journal again gives
// the same views.
func TestRebuiltViewsEqualIncrementalViews(t *testing.T) {
	rapidChecksAsUnit(t) // a reprint or an exchange comes in one case of five or so
	cat := demoCatalog(t)
	dir := t.TempDir()
	n := 0
	journaled := map[string]int{} // the entries of the journals folded again, by type
	rapid.Check(t, func(rt *rapid.T) {
		n++
		clk := fakeclock.New(testToday)
		r, err := Open(Options{Path: filepath.Join(dir, fmt.Sprintf("p%d.db", n)), Catalog: cat, Now: clk.Now})
		if err != nil {
			rt.Fatal(err)
		}
		defer r.Close()
		tills := []*Till{openTill(t, r, "claire", "1234"), openTill(t, r, "marc", "5678")}
		var orders, pending []pos.Order // pending: on invoice, not paid yet when placed
		perfs := []string{"hamlet-00", "hamlet-01", "voyage-00"}
		steps := rapid.IntRange(5, 40).Draw(rt, "steps")
		for i := 0; i < steps; i++ {
			till := tills[rapid.IntRange(0, 1).Draw(rt, "till")]
			clk.Add(time.Minute)
			switch rapid.IntRange(0, 11).Draw(rt, "op") {
			case 0, 1: // seats
				perf := rapid.SampledFrom(perfs).Draw(rt, "perf")
				zone := "parterre"
				if perf == "voyage-00" {
					zone = "salle"
				}
				seat := fmt.Sprintf("%c-%d", 'A'+rapid.IntRange(0, 4).Draw(rt, "row"), rapid.IntRange(1, 6).Draw(rt, "seat"))
				_ = till.AddSeats(perf, zone, rapid.SampledFrom([]string{"adult", "child", "avs"}).Draw(rt, "cat"), seat)
			case 2:
				_ = till.AddTickets("hamlet-00", "galerie", "adult", rapid.IntRange(1, 4).Draw(rt, "qty"))
			case 3:
				_ = till.AddItem(rapid.SampledFrom([]string{"product", "gift_voucher", "pass"}).Draw(rt, "kind"),
					rapid.SampledFrom([]string{"programme", "bon-50", "abonnement-saison"}).Draw(rt, "item"), 1)
			case 4, 5:
				tenders := rapid.SampledFrom([][]pos.Tender{cash(), {{Method: "card", Card: &pos.CardRef{Terminal: "T1-0042"}}},
					{{Method: "invoice"}}, {{Method: "cash", Amount: chf(1000)}, {Method: "twint", Card: &pos.CardRef{Terminal: "TW-9"}}}}).Draw(rt, "tenders")
				also := PrintAlso{Receipt: rapid.Bool().Draw(rt, "receipt"), Drawer: rapid.Bool().Draw(rt, "drawer")}
				if tenders[0].Method == "invoice" {
					// an invoice takes CHF 50 at least, and Claire (Marc's
					// profile sells the cinema, in cash, card and TWINT):
					// most carts drawn were refused, and no payment was
					// validated later
					till = tills[0]
					_ = till.AddTickets("hamlet-00", "galerie", "adult", 2)
				}
				if o, err := till.Checkout(tenders, also); err == nil && o.Number != "" {
					orders = append(orders, o)
					if o.State == pos.OrderPending {
						pending = append(pending, o)
					}
				} else {
					till.ClearCart()
				}
			case 6:
				if len(orders) > 0 {
					o := rapid.SampledFrom(orders).Draw(rt, "order")
					_ = till.Cancel(o.Number, "customer changed their mind")
				}
			case 7:
				if len(orders) > 0 {
					o := rapid.SampledFrom(orders).Draw(rt, "order")
					if len(o.Tickets) > 0 {
						if _, err := till.Exchange(o.Number, []string{o.Tickets[0].Number}); err == nil {
							_ = till.AddTickets("hamlet-01", "galerie", "child", 1)
							if o2, err := till.Checkout(cash()); err == nil && o2.Number != "" {
								orders = append(orders, o2)
							} else {
								till.ClearCart()
							}
						}
					}
				}
			case 8:
				if len(orders) > 0 {
					pool := orders
					if len(pending) > 0 && rapid.IntRange(0, 3).Draw(rt, "an invoice") > 0 {
						pool = pending // most orders drawn are paid or canceled: refused
					}
					o := rapid.SampledFrom(pool).Draw(rt, "order")
					// paid by transfer, or at the counter in cash
					how := rapid.SampledFrom([]pos.Tender{{Reference: "BANK-2"}, {Method: "cash"}, {Reference: "BANK-1"}}).Draw(rt, "how")
					_ = till.ValidatePayment(o.Number, how)
					if len(o.Tickets) > 0 {
						_ = till.Reprint(o.Tickets[0].Number)
					}
				}
				if q, _ := r.PrintQueue(); len(q) > 0 {
					// One job, or the whole queue in one commit, or drop one.
					switch rapid.IntRange(0, 2).Draw(rt, "print") {
					case 0:
						_ = r.MarkPrinted(q[0].ID)
					case 1:
						ids := make([]string, len(q))
						for i, j := range q {
							ids[i] = j.ID
						}
						_ = r.MarkPrinted(ids...)
					case 2:
						_ = r.DropPrintJob(q[len(q)-1].ID, "too old to open the drawer")
					}
				}
				if len(orders) > 0 && rapid.Bool().Draw(rt, "receipt later") {
					_ = till.QueueReceipt(rapid.SampledFrom(orders).Draw(rt, "order").Number)
				}
			case 9:
				switch rapid.IntRange(0, 2).Draw(rt, "misc") {
				case 0:
					_ = till.CashMove(chf(500), "coins")
					_ = till.QueueDrawer()
				case 1:
					c, err := r.SaveCustomer(till.Staff().ID, pos.Customer{Name: "Zoé Müller", Email: "zoe@example.ch"})
					if err == nil {
						_ = till.SetCustomer(c.ID)
					}
				case 2:
					if _, err := till.CloseShift(chf(20000)); err == nil {
						_, _ = till.OpenShift(chf(10000))
					}
				}
			case 10:
				emailStep(rt, r, orders, clk.Now()) // email_test.go
			case 11: // a ticket at a door (admission.go), maybe its second scan
				if len(orders) > 0 {
					if o := rapid.SampledFrom(orders).Draw(rt, "order"); len(o.Tickets) > 0 {
						tk := rapid.SampledFrom(o.Tickets).Draw(rt, "ticket")
						door := rapid.SampledFrom([]string{"porte 1", "porte 2"}).Draw(rt, "door")
						perf := tk.Performance // its own, mostly: a random one is refused two times in three
						if perf == "" || rapid.IntRange(0, 3).Draw(rt, "another perf") == 0 {
							perf = rapid.SampledFrom(perfs).Draw(rt, "door perf")
						}
						_, _ = r.Admit(door, perf, tk.Number)
					}
				}
			}
		}
		inc, reb := viewsAfterRebuild(t, r)
		if inc != reb {
			rt.Fatalf("views differ after rebuild: %s incremental, %s rebuilt", inc, reb)
		}
		if err := r.db.View(func(tx *bolt.Tx) error {
			if _, _, err := verifyTx(tx, r.id); err != nil {
				return err
			}
			return forEachEntry(tx, 1, func(e Entry) error { journaled[e.Type]++; return nil })
		}); err != nil {
			rt.Fatal(err)
		}
	})
	// The journals folded again held each kind of counter work. A
	// payment validated and a ticket let in come about 12 and 20 times in
	// 100 cases (an invoice drawn is topped up to its minimum and placed
	// by Claire, validations draw the invoices, a door scans a ticket for
	// its own performance mostly); in the 25 cases of a -race run, a
	// payment validated is missing in one run of eight or so: checked in
	// runs of 100 cases or more only. (Before, they came in 0 to 8 cases
	// of 100 and were never checked.)
	want := []string{TypeOrderPlaced, TypeOrderCanceled, TypeExchangeMade, TypeTicketReprinted,
		TypeCashMoved, TypeCustomerSaved, TypeShiftClosed, TypeEmailQueued}
	if n >= 100 {
		want = append(want, TypePaymentValidated, TypeTicketAdmitted)
	}
	for _, typ := range want {
		if journaled[typ] == 0 {
			t.Errorf("no journal folded again held a %s entry: %v", typ, journaled)
		}
	}
	t.Logf("entries folded again, by type: %v", journaled)
}

// TestCancelAndExchangeReleaseExactlyWhatTheyHeld: a cancellation and an
// exchange give back the seats and quota their tickets took, nothing more.
func TestCancelAndExchangeReleaseExactlyWhatTheyHeld(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	galerie := func() ZoneAvailability {
		for _, z := range avail(t, r, "hamlet-00") {
			if z.Zone == "galerie" {
				return z
			}
		}
		return ZoneAvailability{}
	}
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 5))
	other, err := till.Checkout(cash())
	must(t, err)
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "D-1", "D-2"))
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 3))
	o, err := till.Checkout(cash())
	must(t, err)
	if g := galerie(); g.Sold != 8 {
		t.Fatalf("sold %d, want 8", g.Sold)
	}
	// Exchange D-1 for D-5: D-1 is free again, D-5 sold, galerie unchanged.
	credit, err := till.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	if credit != chf(4500) {
		t.Fatalf("credit %s", credit)
	}
	must(t, till.AddSeats("hamlet-00", "parterre", "child", "D-5"))
	o2, err := till.Checkout(nil) // CHF 20 of a CHF 45 credit: CHF 25 left as a credit voucher
	must(t, err)
	sm, _ := r.SeatMap("hamlet-00", "parterre", till)
	if sm["D-1"] != 0 || sm["D-2"] != SeatSold || sm["D-5"] != SeatSold {
		t.Fatalf("seats after exchange: %v", sm)
	}
	ov, _, _ := r.Order(o.Number)
	if ov.Tickets[0].State != TicketExchanged || ov.ExchangedInto != o2.Number {
		t.Fatalf("exchanged order %+v", ov)
	}
	var voucher string
	_ = r.db.View(func(tx *bolt.Tx) error {
		voucher = "K01-A0001"
		return nil
	})
	if bal, ok, _ := r.VoucherBalance(voucher); !ok || bal != chf(2500) {
		t.Fatalf("credit voucher %s: %s %v", voucher, bal, ok)
	}
	// Cancel the rest of the first order: D-2 and 3 galerie come back.
	if err := till.Cancel(o.Number, "ill"); err == nil {
		t.Fatal("an order with an exchanged ticket was canceled whole")
	}
	must(t, till.Cancel(o2.Number, "changed their mind"))
	must(t, till.Cancel(other.Number, "changed their mind"))
	if g := galerie(); g.Sold != 3 || g.Available != 57 {
		t.Fatalf("galerie after cancel: %+v", g)
	}
	if sm, _ := r.SeatMap("hamlet-00", "parterre", till); sm["D-5"] != 0 || sm["D-2"] != SeatSold {
		t.Fatalf("seats after cancel: %v", sm)
	}
}

// TestZTotalsAreTheShiftsPaymentsByMethod.
func TestZTotalsAreTheShiftsPaymentsByMethod(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	want := map[string]pos.Money{}
	sell := func(tenders []pos.Tender) pos.Order {
		must(t, till.AddTickets("hamlet-00", "galerie", "avs", 1)) // CHF 20
		must(t, till.AddItem("product", "programme", 1))           // CHF 5
		o, err := till.Checkout(tenders)
		must(t, err)
		for _, p := range o.Payments {
			want[p.Method] = want[p.Method].Plus(p.Amount)
		}
		return o
	}
	sell(cash())
	sell([]pos.Tender{{Method: "cash", Amount: chf(1000), Tendered: chf(1000)}, {Method: "card", Card: &pos.CardRef{Terminal: "T-1", Last4: "4242"}}})
	o := sell([]pos.Tender{{Method: "twint", Card: &pos.CardRef{Terminal: "TW-1"}}})
	must(t, till.Cancel(o.Number, "double sale"))
	want["twint"] = want["twint"].Minus(o.Payments[0].Amount)
	must(t, till.CashMove(chf(-5000), "bank"))
	z, err := till.CloseShift(chf(20000 + 2500 + 1000 - 5000 - 10))
	must(t, err)
	for _, m := range z.ByMethod {
		if m.Amount != want[m.Method] {
			t.Errorf("%s: Z says %s, payments say %s", m.Method, m.Amount, want[m.Method])
		}
		delete(want, m.Method)
	}
	for m, a := range want {
		if !a.IsZero() {
			t.Errorf("%s: %s missing from the Z", m, a)
		}
	}
	if z.Expected != chf(20000+2500+1000-5000) || z.Difference != chf(-10) {
		t.Fatalf("Z: expected %s, difference %s", z.Expected, z.Difference)
	}
	// Three orders placed (one canceled since), one ticket each: the
	// programmes are products, not tickets.
	if z.Orders != 3 || z.Tickets != 3 || z.Canceled != 1 {
		t.Fatalf("Z: %d orders, %d tickets, %d canceled; want 3, 3, 1", z.Orders, z.Tickets, z.Canceled)
	}
	if _, ok, _ := till.Shift(); ok {
		t.Fatal("the shift is still open after the Z")
	}
}

// TestEightTillsRaceForTheLastTenSeats: exactly 10 sold, none twice.
func TestEightTillsRaceForTheLastTenSeats(t *testing.T) {
	r, _ := openTest(t, "")
	seller := openTill(t, r, "claire", "1234")
	var last []string
	var rest []string
	p, _ := r.cat().PerformanceByID("voyage-01")
	z, _ := r.cat().ZoneOf(p, "salle")
	for _, row := range z.Rows {
		for _, n := range row.SeatNumbers() {
			if s := pos.SeatID(row.Name, n); !r.cat().SeatBlocked(p.ID, z.ID, s) {
				rest = append(rest, s)
			}
		}
	}
	rest, last = rest[:len(rest)-10], rest[len(rest)-10:]
	must(t, seller.AddSeats(p.ID, z.ID, "adult", rest...))
	_, err := seller.Checkout(cash())
	must(t, err)

	var wg sync.WaitGroup
	var mu sync.Mutex
	sold := map[string]int{}
	for i := 0; i < 8; i++ {
		till, err := r.Unlock("claire", "1234")
		must(t, err)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for round := 0; round < 200; round++ {
				seat := last[(i+round)%len(last)]
				if till.AddSeats(p.ID, z.ID, "adult", seat) != nil {
					continue
				}
				o, err := till.Checkout(cash())
				if err != nil {
					till.ClearCart()
					continue
				}
				mu.Lock()
				sold[o.Tickets[0].Seat]++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	if len(sold) != 10 {
		t.Fatalf("%d seats sold, want 10: %v", len(sold), sold)
	}
	for s, n := range sold {
		if n != 1 {
			t.Errorf("seat %s sold %d times", s, n)
		}
	}
	for _, a := range avail(t, r, p.ID) {
		if a.Available != 0 || a.Sold != a.Capacity {
			t.Fatalf("availability %+v", a)
		}
	}
}
