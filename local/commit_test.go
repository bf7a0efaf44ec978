package local

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// verifyOpen checks an open register's whole journal as `journal verify`
// does: gapless, every hash and link, the head.
func verifyOpen(t *testing.T, r *Register) uint64 {
	t.Helper()
	var n uint64
	must(t, r.read(func(tx *bolt.Tx) error {
		var err error
		n, _, err = verifyTx(tx, r.ID())
		return err
	}))
	return n
}

// queued waits until n writes wait for the commit under way (the test's
// hook holds it): they will be the next batch.
func queued(r *Register, n int) {
	for {
		r.committer.mu.Lock()
		got := len(r.committer.queue)
		r.committer.mu.Unlock()
		if got >= n {
			return
		}
		runtime.Gosched()
	}
}

// blockFirstCommit makes the register's next commit stop before it
// commits until release is closed; entered is closed once it stopped.
// Later commits run through, and report their size on sizes.
func blockFirstCommit(r *Register) (entered, release chan struct{}, sizes *[]int) {
	entered, release = make(chan struct{}), make(chan struct{})
	sizes = new([]int)
	first := true
	r.committer.hook = func(n int) error { // only the committing goroutine calls it
		*sizes = append(*sizes, n)
		if first {
			first = false
			close(entered)
			<-release
		}
		return nil
	}
	return entered, release, sizes
}

// Tills racing for the last seat and the last places, their holds lapsed
// so that each of them holds what the others hold too (as after a long
// pause at the payment screen), all check out at once: the commits share
// transactions, and still exactly one sells the seat, the zone never sells
// beyond its capacity, every order Checkout returned is in the journal,
// and the journal verifies with its chain in order.
func TestGroupCommitRaceNeverOversells(t *testing.T) {
	r, clk := openTest(t, "")
	const tills = 8
	perf := "hamlet-04" // weeks ahead: the lapsing holds move the clock 14 hours
	p, _ := r.cat().PerformanceByID(perf)
	parterre, _ := r.cat().ZoneOf(p, "parterre")
	var forSale []string
	for _, row := range parterre.Rows {
		for _, n := range row.SeatNumbers() {
			if s := pos.SeatID(row.Name, n); !r.cat().SeatBlocked(perf, "parterre", s) {
				forSale = append(forSale, s)
			}
		}
	}
	capacity := r.cat().Capacity(perf, "galerie")
	seller := openTill(t, r, "claire", "1234")
	must(t, seller.AddTickets(perf, "galerie", "adult", capacity-3)) // 3 places left
	_, err := seller.Checkout(cash())
	must(t, err)

	ts := make([]*Till, tills)
	for i := range ts {
		ts[i] = openTill(t, r, "claire", "1234")
	}
	checkoutAll := func() ([]pos.Order, []error) {
		var wg sync.WaitGroup
		orders := make([]pos.Order, tills)
		errs := make([]error, tills)
		for i, till := range ts {
			wg.Go(func() { orders[i], errs[i] = till.Checkout(cash()) })
		}
		wg.Wait()
		return orders, errs
	}
	refused := func(err error) bool {
		for _, why := range []string{"already sold", "another till", "left", "sold out"} {
			if strings.Contains(err.Error(), why) {
				return true
			}
		}
		return false
	}
	sold := func(round string, orders []pos.Order, errs []error) int {
		n := 0
		for i, err := range errs {
			if err != nil {
				if !refused(err) {
					t.Fatalf("%s, till %d: %v", round, i, err)
				}
				continue
			}
			n++
			ov, ok, err := r.Order(orders[i].Number)
			must(t, err)
			if !ok || len(ov.Tickets) != len(orders[i].Tickets) {
				t.Fatalf("%s: order %s was returned by Checkout and is not in the journal whole", round, orders[i].Number)
			}
		}
		return n
	}

	// The last 3 places of the gallery, in 8 carts.
	for _, till := range ts {
		clk.Add(r.HoldFor() + 1) // the holds before lapse
		must(t, till.AddTickets(perf, "galerie", "adult", 1))
	}
	orders, errs := checkoutAll()
	if n := sold("gallery", orders, errs); n < 1 || n > 3 {
		t.Fatalf("the last 3 places of the gallery sold %d times", n)
	}
	// One seat, in 8 carts, four times.
	for round := range 4 {
		seat := forSale[round]
		for _, till := range ts {
			clk.Add(r.HoldFor() + 1)
			till.ClearCart()
			must(t, till.AddSeats(perf, "parterre", "adult", seat))
		}
		orders, errs := checkoutAll()
		if n := sold(fmt.Sprintf("seat %s", seat), orders, errs); n != 1 {
			t.Fatalf("seat %s sold %d times, want once", seat, n)
		}
		seats, err := r.SeatMap(perf, "parterre", nil)
		must(t, err)
		if seats[seat] != SeatSold {
			t.Fatalf("seat %s is %v on the plan, want sold", seat, seats[seat])
		}
	}
	for _, a := range avail(t, r, perf) {
		if a.Zone == "galerie" && a.Sold > a.Capacity {
			t.Fatalf("galerie: %d sold of %d", a.Sold, a.Capacity)
		}
	}
	verifyOpen(t, r)
}

// Many tills sell at once for a while, the clock moving so holds lapse
// now and then: whatever the batches, the zone never oversells, every
// order returned is in the journal, and the journal verifies.
func TestGroupCommitManyTillsProperty(t *testing.T) {
	r, clk := openTest(t, "")
	perf := "hamlet-01"
	capacity := r.cat().Capacity(perf, "galerie")
	const tills, each = 6, 15
	ts := make([]*Till, tills)
	for i := range ts {
		ts[i] = openTill(t, r, "claire", "1234")
	}
	var mu sync.Mutex
	var placed []pos.Order
	var wg sync.WaitGroup
	for i, till := range ts {
		wg.Go(func() {
			for k := range each {
				if k%4 == i%4 {
					clk.Add(r.HoldFor() / 2)
				}
				if err := till.AddTickets(perf, "galerie", "adult", 1+k%3); err != nil {
					till.ClearCart()
					continue // sold out, or held elsewhere
				}
				o, err := till.Checkout(cash())
				if err != nil {
					till.ClearCart()
					continue
				}
				mu.Lock()
				placed = append(placed, o)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(placed) == 0 {
		t.Fatal("no till sold anything")
	}
	tickets := 0
	for _, o := range placed {
		ov, ok, err := r.Order(o.Number)
		must(t, err)
		if !ok {
			t.Fatalf("order %s was returned by Checkout and is not in the journal", o.Number)
		}
		tickets += len(ov.Tickets)
	}
	for _, a := range avail(t, r, perf) {
		if a.Zone != "galerie" {
			continue
		}
		if a.Sold != tickets || a.Sold > capacity {
			t.Fatalf("galerie: %d sold, %d tickets in the orders returned, capacity %d", a.Sold, tickets, capacity)
		}
	}
	if n := verifyOpen(t, r); n == 0 {
		t.Fatal("an empty journal")
	}
}

// A write that fails inside a batch, after it appended an entry, leaves
// no entry of its own, and the writes batched with it commit anyway.
func TestGroupCommitFailedWriteInBatch(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "claire", "1234")
	entered, release, sizes := blockFirstCommit(r)

	must(t, a.AddTickets("hamlet-02", "galerie", "adult", 1))
	must(t, b.AddTickets("hamlet-02", "galerie", "adult", 2))
	aDone := make(chan error, 1)
	go func() { _, err := a.Checkout(cash()); aDone <- err }()
	<-entered // a's commit is held: what follows waits, and goes in one batch

	type result struct {
		o   pos.Order
		err error
	}
	okRuns := 0
	okDone := make(chan error, 1)
	go func() {
		okDone <- r.update(r.now(), "", "claire", func(w *writer) error {
			okRuns++
			_, err := w.append(TypeCustomerSaved, customerSaved{Customer: pos.Customer{ID: "K01-C09999", Name: "Batch Mate"}, New: true})
			return err
		})
	}()
	queued(r, 1)
	boom := errors.New("boom after an append")
	badDone := make(chan error, 1)
	go func() {
		badDone <- r.update(r.now(), "", "claire", func(w *writer) error {
			if _, err := w.append(TypeCustomerSaved, customerSaved{Customer: pos.Customer{ID: "K01-C09998", Name: "Partial Write"}, New: true}); err != nil {
				return err
			}
			return boom
		})
	}()
	queued(r, 2)
	bDone := make(chan result, 1)
	go func() { o, err := b.Checkout(cash()); bDone <- result{o, err} }()
	queued(r, 3)
	close(release)

	must(t, <-aDone)
	must(t, <-okDone)
	if err := <-badDone; !errors.Is(err, boom) {
		t.Fatalf("the failing write got %v, want its own error", err)
	}
	rb := <-bDone
	must(t, rb.err)
	if okRuns != 2 {
		t.Fatalf("the write before the failing one ran %d times, want 2 (in the batch, then again without the failing one)", okRuns)
	}
	if want := []int{1, 2}; fmt.Sprint(*sizes) != fmt.Sprint(want) {
		t.Fatalf("commits of %v writes, want %v", *sizes, want)
	}
	es := journalEntries(t, r)
	for _, e := range ofEntryType(es, TypeCustomerSaved) {
		if strings.Contains(string(e.Payload), "Partial Write") {
			t.Fatalf("entry %d of the failed write is in the journal", e.Seq)
		}
	}
	if n := len(ofEntryType(es, TypeCustomerSaved)); n != 1 {
		t.Fatalf("%d customer.saved entries, want the batch mate's only", n)
	}
	if ov, ok, err := r.Order(rb.o.Number); err != nil || !ok || len(ov.Tickets) != 2 {
		t.Fatalf("order %s of the batch: %v %v", rb.o.Number, ok, err)
	}
	verifyOpen(t, r)
}

// While a till's sale waits for its commit, the other tills' screens
// still read the plan and the availability, price their carts and take
// other seats; the seat being sold shows held, and cannot be taken. The
// test holds the commit itself: a reader that waited for it would never
// return.
func TestReadersDoNotWaitForACommit(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "claire", "1234")
	must(t, a.AddSeats("hamlet-03", "parterre", "adult", "C-1", "C-2"))
	entered, release, _ := blockFirstCommit(r)
	done := make(chan error, 1)
	go func() { _, err := a.Checkout(cash()); done <- err }()
	<-entered

	seats, err := r.SeatMap("hamlet-03", "parterre", b)
	must(t, err)
	if seats["C-1"] != SeatHeldByOther {
		t.Fatalf("a seat being sold is %v on another till's plan, want held", seats["C-1"])
	}
	for _, z := range avail(t, r, "hamlet-03") {
		if z.Zone == "parterre" && z.Held != 2 {
			t.Fatalf("parterre: %d held while the sale commits, want 2", z.Held)
		}
	}
	if err := b.AddSeats("hamlet-03", "parterre", "adult", "C-1"); err == nil {
		t.Fatal("another till took a seat whose sale is being committed")
	}
	must(t, b.AddSeats("hamlet-03", "parterre", "adult", "D-1"))
	if _, err := b.Priced(); err != nil {
		t.Fatal(err)
	}
	if err := a.AddSeats("hamlet-03", "parterre", "adult", "C-3"); !errors.Is(err, ErrSelling) {
		t.Fatalf("the selling till changed its cart during its sale: %v", err)
	}
	close(release)
	must(t, <-done)
	seats, err = r.SeatMap("hamlet-03", "parterre", b)
	must(t, err)
	if seats["C-1"] != SeatSold || seats["D-1"] != SeatHeldByMe {
		t.Fatalf("after the commit: C-1 %v, D-1 %v", seats["C-1"], seats["D-1"])
	}
	if len(a.Cart().Lines) != 0 {
		t.Fatal("the cart is not empty after its sale")
	}
}

// A print confirmation made while a till builds its next sale waits for
// that sale and shares its commit: one fsync for both. With no sale under
// way it does not wait (the test's patience is an hour).
func TestPrintConfirmationRidesWithTheNextSale(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-02", "galerie", "adult", 2))
	_, err := till.Checkout(cash())
	must(t, err)
	q, err := r.PrintQueue()
	must(t, err)
	if len(q) != 2 {
		t.Fatalf("%d jobs queued, want the 2 tickets", len(q))
	}

	r.committer.patience = time.Hour                             // only the sale below ends its wait
	must(t, till.AddTickets("hamlet-02", "galerie", "adult", 1)) // the next sale is under way
	before := r.CommitStats()
	marked := make(chan error, 1)
	go func() { marked <- r.MarkPrintedShared(q[0].ID, q[1].ID) }()
	for { // the confirmation waits for company
		r.committer.mu.Lock()
		waiting := r.committer.waiting
		r.committer.mu.Unlock()
		if waiting {
			break
		}
		runtime.Gosched()
	}
	_, err = till.Checkout(cash())
	must(t, err)
	must(t, <-marked)
	if got := r.CommitStats(); got.Commits-before.Commits != 1 || got.Writes-before.Writes != 2 {
		t.Fatalf("%d commits of %d writes, want the confirmation and the sale in one", got.Commits-before.Commits, got.Writes-before.Writes)
	}
	if q, err = r.PrintQueue(); err != nil || len(q) != 1 {
		t.Fatalf("%d jobs waiting, want the new sale's ticket only", len(q))
	}

	// No sale under way: it commits at once, however patient.
	before = r.CommitStats()
	must(t, r.MarkPrintedShared(q[0].ID))
	if got := r.CommitStats(); got.Commits-before.Commits != 1 {
		t.Fatalf("%d commits for a confirmation alone, want 1", got.Commits-before.Commits)
	}
	verifyOpen(t, r)
}

// While a new catalog's grant is being committed, a cart that starts waits
// (it would be priced with the catalog that is going away): it starts once
// the new catalog is the register's, on that catalog, and is not refused.
func TestACartWaitsWhileTheCatalogChanges(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	entered, release, _ := blockFirstCommit(r)
	next := demoCatalog(t)
	done := make(chan error, 1)
	go func() { done <- r.SetCatalog(next) }()
	<-entered
	added := make(chan error, 1)
	go func() { added <- till.AddTickets("hamlet-02", "galerie", "adult", 1) }()
	select {
	case err := <-added:
		t.Fatalf("a cart started while the catalog changes: %v", err)
	case <-time.After(50 * time.Millisecond): // waiting, as it should
	}
	close(release)
	must(t, <-done)
	must(t, <-added)
	if r.Catalog() != next {
		t.Fatal("the new catalog is not the register's")
	}
	if pc, err := till.Priced(); err != nil || len(pc.Lines) != 1 {
		t.Fatalf("the cart after the wait: %+v, %v", pc.Lines, err)
	}
}
