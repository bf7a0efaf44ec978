package local

import (
	"errors"
	"guichet/internal/fakeclock"
	"guichet/pos"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestARunOutHoldIsTold: a till's hold runs out with no call to the
// register; the register tells its screens (OnChange) then, and the seats
// are free in Availability. One told change per run-out, and none while a
// hold still runs.
func TestARunOutHoldIsTold(t *testing.T) {
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: demoCatalog(t),
		Now: clk.Now, HoldFor: 30 * time.Millisecond})
	must(t, err)
	defer r.Close()
	told := make(chan struct{}, 100)
	r.OnChange(func() { told <- struct{}{} })
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
	heldNow := func() int {
		t.Helper()
		zs, err := r.Availability("hamlet-00")
		must(t, err)
		for _, z := range zs {
			if z.Zone == "galerie" {
				return z.Held
			}
		}
		t.Fatal("no galerie")
		return 0
	}
	if h := heldNow(); h != 2 {
		t.Fatalf("held %d, want 2", h)
	}
	for len(told) > 0 {
		<-told
	}
	// The register's clock has not reached the deadline: the timer fires
	// by the wall clock, looks, and tells nothing.
	time.Sleep(100 * time.Millisecond)
	if n := len(told); n != 0 {
		t.Fatalf("%d changes told while the hold still runs by the register's clock", n)
	}
	clk.Add(time.Minute)
	select {
	case <-told:
	case <-time.After(10 * time.Second):
		t.Fatal("the hold ran out and nothing was told")
	}
	if h := heldNow(); h != 0 {
		t.Fatalf("held %d after the hold ran out, want 0", h)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(told); n != 0 {
		t.Fatalf("the same run-out was told %d more times", n)
	}
}

// TestToggleSeat: the seat key takes a seat, gives it back, takes it
// again; a seat another till holds is refused and stays theirs.
func TestToggleSeat(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "marc", "5678")
	steps := []struct {
		till      *Till
		seat      string
		added     bool
		refused   bool
		wantSeats string // a's cart after the step
	}{
		{a, "F-9", true, false, "F-9"},
		{a, "F-10", true, false, "F-9,F-10"},
		{a, "F-9", false, false, "F-10"},
		{a, "F-9", true, false, "F-10,F-9"},
		{b, "F-10", false, true, "F-10,F-9"},
	}
	for i, s := range steps {
		added, err := s.till.ToggleSeat("hamlet-00", "parterre", "adult", s.seat)
		if (err != nil) != s.refused || added != s.added && err == nil {
			t.Fatalf("step %d, %s: added %v, err %v", i, s.seat, added, err)
		}
		var seats []string
		for _, l := range a.Cart().Lines {
			seats = append(seats, l.Seat)
		}
		if got := strings.Join(seats, ","); got != s.wantSeats {
			t.Fatalf("step %d: a's cart %s, want %s", i, got, s.wantSeats)
		}
	}
}

// TestAKeyKeepsTheCartsHolds: a till in use (KeepHolds at each key) keeps
// its cart's holds HoldFor after its last key, not its cart's last change;
// a longer keep (an SSH till's --idle-release) holds that long after the
// last key and after each change; a hold that ran out is not taken again
// by a key (the next change or the payment takes what is free).
func TestAKeyKeepsTheCartsHolds(t *testing.T) {
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: demoCatalog(t),
		Now: clk.Now, HoldFor: 20 * time.Minute})
	must(t, err)
	defer r.Close()
	one := openTill(t, r, "claire", "1234")
	two := openTill(t, r, "claire", "1234")
	held := func() bool {
		t.Helper()
		err := two.AddSeats("hamlet-00", "parterre", "adult", "F-9")
		if err == nil {
			two.ClearCart()
			return false
		}
		if !strings.Contains(err.Error(), "another till") {
			t.Fatal(err)
		}
		return true
	}
	must(t, one.AddSeats("hamlet-00", "parterre", "adult", "F-9"))
	for range 3 { // an hour at the till, a key every 15 minutes
		clk.Add(15 * time.Minute)
		one.KeepHolds(0)
	}
	clk.Add(19 * time.Minute)
	if !held() {
		t.Fatal("the seat of a till in use went back on sale")
	}
	clk.Add(2 * time.Minute) // 21 minutes without a key
	if held() {
		t.Fatal("the seat is still held 21 minutes after the till's last key")
	}
	one.KeepHolds(0) // too late: not taken again by a key
	if held() {
		t.Fatal("a key took a hold that ran out again")
	}

	// keep: 45 minutes after the last key, and after each change
	must(t, one.SetQuantity(0, 0))
	one.KeepHolds(45 * time.Minute)
	must(t, one.AddSeats("hamlet-00", "parterre", "adult", "F-9"))
	clk.Add(44 * time.Minute)
	if !held() {
		t.Fatal("the seat went back on sale before the till's keep")
	}
	one.KeepHolds(0) // a key: 45 minutes again
	clk.Add(44 * time.Minute)
	if !held() {
		t.Fatal("the seat went back on sale before the till's keep after its last key")
	}
	clk.Add(2 * time.Minute)
	if held() {
		t.Fatal("the seat is still held past the till's keep")
	}
}

// TestACheckoutAfterItsHoldRanOutSellsNothingTwice: a till whose cart's
// holds ran out (its cashier away from the payment screen) checks out
// after another till sold or took what it held: the sale is refused with
// a sentence naming what is gone, nothing is recorded, and the other
// till's sale stands alone. Seats, general-admission places and limited
// passes alike; what is still free sells. Places only held in another
// till's cart are said to be there, as a seat is, not "sold out": they
// may come back on sale in minutes, and a cashier told "sold out" turns
// the customer away.
func TestACheckoutAfterItsHoldRanOutSellsNothingTwice(t *testing.T) {
	for _, tc := range []struct {
		name  string
		add   func(t *Till) error // the first till's cart
		other func(t *Till) error // the other till, after the hold ran out
		sell  bool                // the other till sells it (else only holds it)
		want  string              // the refusal; "" the first till sells
	}{
		{"seat sold", func(t *Till) error { return t.AddSeats("hamlet-00", "parterre", "adult", "F-9") },
			func(t *Till) error { return t.AddSeats("hamlet-00", "parterre", "adult", "F-9") }, true, "Row F, seat 9: already sold"},
		{"seat held", func(t *Till) error { return t.AddSeats("hamlet-00", "parterre", "adult", "F-9") },
			func(t *Till) error { return t.AddSeats("hamlet-00", "parterre", "adult", "F-9") }, false, "Row F, seat 9: in another till's cart"},
		{"seat next to it sold", func(t *Till) error { return t.AddSeats("hamlet-00", "parterre", "adult", "F-9") },
			func(t *Till) error { return t.AddSeats("hamlet-00", "parterre", "adult", "F-10") }, true, ""},
		{"places sold", func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 2) },
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 59) }, true, "only 1 left"},
		{"places held", func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 2) },
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 60) }, false, "Standing gallery: the places left are in another till's cart"},
		{"places partly held", func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 2) },
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 59) }, false, "only 1 left, 59 more in another till's cart"},
		{"places left", func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 2) },
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 58) }, true, ""},
		{"passes sold", func(t *Till) error { return t.AddItem(pos.LinePass, "festival-jour-1", 2) },
			func(t *Till) error { return t.AddItem(pos.LinePass, "festival-jour-1", 3) }, true, "sold out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat := demoCatalog(t)
			p, _ := cat.PassByID("festival-jour-1")
			p.Capacity = 3
			clk := fakeclock.New(testToday)
			r, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: clk.Now})
			must(t, err)
			defer r.Close()
			one := openTill(t, r, "claire", "1234")
			two := openTill(t, r, "claire", "1234")
			must(t, tc.add(one))
			clk.Add(21 * time.Minute)
			must(t, tc.other(two))
			if tc.sell {
				if _, err := two.Checkout(cash()); err != nil {
					t.Fatal(err)
				}
			}
			before, err := r.Stats()
			must(t, err)
			_, err = one.Checkout(cash())
			after, serr := r.Stats()
			must(t, serr)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("what is still free did not sell: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("checkout: %v, want %q", err, tc.want)
			}
			if after.Orders != before.Orders || after.LastSeq != before.LastSeq {
				t.Fatalf("a refused checkout recorded something: %+v, then %+v", before, after)
			}
		})
	}
}

// TestASaleUnderWayWhenItsTillClosesIsRecorded: an SSH till whose
// connection drops just after the cashier confirmed the payment is closed
// while its sale waits for the disk (another till's commit under way).
// Close says its sale keeps its holds until committed: the sale is
// recorded, and the till is forgotten once it is. Before, it was refused
// ("this till is closed") or recorded depending on whether the disk was
// busy when the connection dropped.
func TestASaleUnderWayWhenItsTillClosesIsRecorded(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "claire", "1234")
	entered, release, _ := blockFirstCommit(r)
	must(t, a.AddTickets("hamlet-02", "galerie", "adult", 1))
	must(t, b.AddSeats("hamlet-02", "parterre", "adult", "F-9"))
	aDone := make(chan error, 1)
	go func() { _, err := a.Checkout(cash()); aDone <- err }()
	<-entered
	type result struct {
		o   pos.Order
		err error
	}
	bDone := make(chan result, 1)
	go func() { o, err := b.Checkout(cash()); bDone <- result{o, err} }()
	queued(r, 1)
	b.Close() // the connection dropped
	close(release)
	must(t, <-aDone)
	rb := <-bDone
	if rb.err != nil {
		t.Fatalf("the sale confirmed before the till closed: %v", rb.err)
	}
	if ov, ok, err := r.Order(rb.o.Number); err != nil || !ok || len(ov.Tickets) != 1 {
		t.Fatalf("order %s: %v %v", rb.o.Number, ok, err)
	}
	r.mu.Lock()
	_, kept := r.tills[b]
	r.mu.Unlock()
	if kept {
		t.Fatal("the closed till is still among the register's tills after its sale")
	}
	if _, err := b.Checkout(cash()); !errors.Is(err, ErrTillClosed) {
		t.Fatalf("a closed till's next checkout: %v, want ErrTillClosed", err)
	}
}

// TestASaleThatFailsAfterItsTillClosedTellsTheOtherTills: a till closes
// (its connection dropped) while its sale waits for the disk, and the sale
// then fails (here, a tender short of the total): the seats its sale held
// are free, and the other tills are told at once, as when a hold runs
// out. Before, nothing was told: the other tills showed the seats held by
// another till until some other change.
func TestASaleThatFailsAfterItsTillClosedTellsTheOtherTills(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "claire", "1234")
	entered, release, _ := blockFirstCommit(r)
	must(t, a.AddTickets("hamlet-02", "galerie", "adult", 1))
	must(t, b.AddSeats("hamlet-02", "parterre", "adult", "F-9"))
	aDone := make(chan error, 1)
	go func() { _, err := a.Checkout(cash()); aDone <- err }()
	<-entered
	bDone := make(chan error, 1)
	go func() {
		_, err := b.Checkout([]pos.Tender{{Method: "cash", Amount: chf(100), Tendered: chf(100)}})
		bDone <- err
	}()
	queued(r, 1)
	b.Close()
	told := r.Version()
	close(release)
	must(t, <-aDone)
	if err := <-bDone; err == nil {
		t.Fatal("the premise: a tender short of the total fails")
	}
	if r.Version() <= told+1 { // a's sale is one
		t.Fatalf("the seat of a failed sale went free untold (version %d, then %d)", told, r.Version())
	}
	c := openTill(t, r, "claire", "1234")
	must(t, c.AddSeats("hamlet-02", "parterre", "adult", "F-9"))
}

// TestAPanicInASaleCommitLeavesNoSaleInProgress: a panic inside the commit
// of a checkout (here after the sale was written, before the transaction
// commits) reaches the cashier as an error, not as a crash, and leaves no
// sale marked in progress: the till takes a new cart, and once its cart is
// emptied its seats are free for another till, without a restart.
func TestAPanicInASaleCommitLeavesNoSaleInProgress(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "claire", "1234")
	must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-1"))
	r.committer.hook = func(int) error { panic("a bug in the commit") }
	if _, err := a.Checkout(cash()); err == nil {
		t.Fatal("a sale whose commit panicked was told done")
	}
	r.committer.hook = nil
	if err := b.AddSeats("hamlet-00", "parterre", "adult", "D-1"); err == nil {
		t.Fatal("the failed sale's cart gave up its seat while it still holds it")
	}
	must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-2")) // not ErrSelling
	a.ClearCart()
	must(t, b.AddSeats("hamlet-00", "parterre", "adult", "D-1", "D-2"))
}

// TestACodeOnlyCartsRunOutIsTold: a cart with a code and no lines yet
// holds (a catalog waits behind it); when its hold runs out the screens
// are told, as for any cart, so the catalog waiting is applied then and
// not at some later change.
func TestACodeOnlyCartsRunOutIsTold(t *testing.T) {
	clk := fakeclock.New(testToday)
	r, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: demoCatalog(t),
		Now: clk.Now, HoldFor: 30 * time.Millisecond})
	must(t, err)
	defer r.Close()
	told := make(chan struct{}, 100)
	r.OnChange(func() { told <- struct{}{} })
	till := openTill(t, r, "claire", "1234")
	if _, err := till.ApplyCode("famille"); err != nil {
		t.Fatalf("FAMILLE on an empty cart: %v", err)
	}
	newer := newerCatalog(t)
	if err := r.SetCatalog(newer); !errors.Is(err, ErrSaleInProgress) {
		t.Fatalf("SetCatalog while the code-only cart holds: %v, want ErrSaleInProgress", err)
	}
	for len(told) > 0 {
		<-told
	}
	clk.Add(time.Minute) // nobody came back
	select {
	case <-told:
	case <-time.After(5 * time.Second):
		t.Fatal("the code-only cart's hold ran out and nothing was told: the waiting catalog is not tried again")
	}
	if err := r.SetCatalog(newer); err != nil {
		t.Fatalf("SetCatalog once told: %v", err)
	}
}
