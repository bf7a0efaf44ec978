package sync_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
	"guichet/sync/server"
)

var gallery1 = local.ZoneResource("hamlet-01", "galerie")

// escrowCentral is a guichetd with the fleet catalog (fleetGallery: 60
// places in the galerie of hamlet-01, 60 in that of hamlet-02).
func escrowCentral(t testing.TB) (*central, *pos.Catalog) {
	c := newCentral(t)
	data := fleetCatalog(t)
	_, err := c.store.LoadCatalog(context.Background(), "fleet.json", data)
	must(t, err)
	cat, err := pos.ParseCatalog("fleet", data, testToday)
	must(t, err)
	return c, cat
}

// escrowRegister is a register in escrow, enrolled, with its escrow.
type escrowRegister struct {
	*local.Register
	token string
	e     *sync.Escrow
	till  *local.Till
}

func openEscrow(t testing.TB, c *central, cat *pos.Catalog, name string, escrow bool) *escrowRegister {
	t.Helper()
	return openEscrowAt(t, c, cat, name, escrow, func() time.Time { return testToday })
}

// openEscrowAt opens a register whose clock is now.
func openEscrowAt(t testing.TB, c *central, cat *pos.Catalog, name string, escrow bool, now func() time.Time) *escrowRegister {
	t.Helper()
	return openEscrowIn(t, t, t.TempDir(), c, cat, name, escrow, now)
}

// openEscrowIn opens a register in dir, closed by cl.
func openEscrowIn(t testing.TB, cl cleaner, dir string, c *central, cat *pos.Catalog, name string, escrow bool, now func() time.Time) *escrowRegister {
	t.Helper()
	path := filepath.Join(dir, name+".db")
	r, err := local.Open(local.Options{Path: path, Register: name, Catalog: cat, Now: now, Escrow: escrow})
	must(t, err)
	cl.Cleanup(func() { r.Close() })
	token, err := c.store.AddRegister(context.Background(), name, r.PublicKey())
	must(t, err)
	er := &escrowRegister{Register: r, token: token}
	er.e = sync.NewEscrow(r, sync.EscrowOptions{Central: c.URL(), Token: token, Low: 2, Batch: 4})
	er.till, err = r.Unlock("claire", "1234")
	must(t, err)
	_, err = er.till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	return er
}

func (r *escrowRegister) sellGallery(n int) error {
	defer r.till.ClearCart()
	if err := r.till.AddTickets("hamlet-01", "galerie", "adult", n); err != nil {
		return err
	}
	_, err := r.till.Checkout([]pos.Tender{{Method: "cash"}})
	return err
}

func (r *escrowRegister) holding(t testing.TB, res string) local.Holding {
	t.Helper()
	hs, err := r.Holdings()
	must(t, err)
	for _, h := range hs {
		if h.Resource == res {
			return h
		}
	}
	t.Fatalf("%s holds no %s", r.ID(), res)
	return local.Holding{}
}

// Fifty registers ask for the same 30 places at once, many times: the
// server never grants more than the capacity in all, and grants all of it.
// A request sent twice (same id) is granted once.
func TestGrantsNeverExceedTheCapacityUnderConcurrentAsks(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	regs := make([]server.Register, 50)
	for i := range regs {
		pub, _, _ := ed25519.GenerateKey(nil)
		name := fmt.Sprintf("R%02d", i)
		_, err := c.store.AddRegister(ctx, name, pub)
		must(t, err)
		regs[i] = server.Register{Name: name, PublicKey: pub}
	}
	var mu gosync.Mutex
	granted := map[string]int{}
	var wg gosync.WaitGroup
	for _, reg := range regs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				req := api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gallery1, Want: 2}}}
				for range 2 { // the same request twice: one grant
					ans, err := c.store.Grant(ctx, reg, req)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					granted[reg.Name] = ans.Grants[0].Allot
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, n := range granted {
		total += n
	}
	if total != fleetGallery {
		t.Fatalf("the registers hold %d places of %d", total, fleetGallery)
	}
	sum, by := serverGrants(t, c, gallery1)
	for reg, n := range by {
		if n != granted[reg] {
			t.Fatalf("%s: the server holds %d for it, its answers said %d", reg, n, granted[reg])
		}
	}
	if sum != fleetGallery {
		t.Fatalf("grants add up to %d, capacity %d", sum, fleetGallery)
	}
}

// Returned capacity is granted again only once the capacity.returned entry
// is stored on the server.
func TestReturnedCapacityIsGrantedAgainOnlyOnceStored(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	a := openEscrow(t, c, cat, "K01", true)
	b := openEscrow(t, c, cat, "K02", true)
	n, err := a.e.Ask(ctx, gallery1, fleetGallery, 0)
	must(t, err)
	if n != fleetGallery {
		t.Fatalf("K01 got %d of %d", n, fleetGallery)
	}
	must(t, a.sellGallery(3))
	if n, _ := b.e.Ask(ctx, gallery1, 5, 0); n != 0 {
		t.Fatalf("K02 got %d places K01 holds", n)
	}
	if err := b.sellGallery(1); err == nil {
		t.Fatal("K02 sold a place it does not hold")
	}
	got, err := a.Return(map[string]int{gallery1: 10}, false)
	must(t, err)
	if got[gallery1] != 10 {
		t.Fatalf("K01 returned %v", got)
	}
	if h := a.holding(t, gallery1); h.Allotted != fleetGallery-10 || h.Left != fleetGallery-13 {
		t.Fatalf("K01 after its return: %+v", h)
	}
	if n, _ := b.e.Ask(ctx, gallery1, 5, 0); n != 0 {
		t.Fatalf("K02 got %d places before K01's return reached the server", n)
	}
	p := sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token})
	must(t, p.CatchUp(ctx))
	if n, _ := b.e.Ask(ctx, gallery1, 15, 0); n != 10 {
		t.Fatalf("K02 got %d places once the return was stored, want the 10 returned", n)
	}
	must(t, b.sellGallery(10))
	if err := b.sellGallery(1); err == nil {
		t.Fatal("K02 sold an 11th place")
	}
}

// A register alone holds its whole catalog; joining a server where the
// box office already sold, it gets only what is free, and its own earlier
// sales count.
func TestAJoiningRegisterGetsOnlyWhatIsFree(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "K09.db")
	alone, err := local.Open(local.Options{Path: path, Register: "K09", Catalog: cat, Now: func() time.Time { return testToday }})
	must(t, err)
	till, err := alone.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 5))
	_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	av, err := alone.Availability("hamlet-01")
	must(t, err)
	for _, z := range av {
		if z.Zone == "galerie" && z.Available != fleetGallery-5 {
			t.Fatalf("alone, the register may sell %d more, want the catalog's %d", z.Available, fleetGallery-5)
		}
	}
	must(t, alone.Close())

	other := openEscrow(t, c, cat, "K01", true)
	if n, _ := other.e.Ask(ctx, gallery1, fleetGallery-10, 0); n != fleetGallery-10 {
		t.Fatalf("K01 got %d", n)
	}
	joined, err := local.Open(local.Options{Path: path, Catalog: cat, Now: func() time.Time { return testToday }, Escrow: true})
	must(t, err)
	defer joined.Close()
	token, err := c.store.AddRegister(ctx, "K09", joined.PublicKey())
	must(t, err)
	e := sync.NewEscrow(joined, sync.EscrowOptions{Central: c.URL(), Token: token, Low: 2, Batch: 20})
	must(t, e.Refill(ctx))
	var h local.Holding
	hs, err := joined.Holdings()
	must(t, err)
	for _, x := range hs {
		if x.Resource == gallery1 {
			h = x
		}
	}
	// 60 places: 50 held by K01, 5 sold by K09 before it joined: 5 free.
	if h.Used != 5 || h.Allotted != 10 || h.Left != 5 {
		t.Fatalf("K09 joined with %+v, want used 5, allotted 10, left 5", h)
	}
	if free, ok := e.Free(gallery1); !ok || free != 0 {
		t.Fatalf("the box office has %d (%v) left to grant, want 0", free, ok)
	}
}

// A grant that ran out (the register offline longer than its lease) sells
// nothing new, says why, and what is left of it goes back.
func TestAnExpiredGrantSellsNothingNew(t *testing.T) {
	c, cat := escrowCentral(t)
	c.store.SetGrantTTL(300 * time.Millisecond)
	ctx := context.Background()
	r := openEscrow(t, c, cat, "K01", true)
	if n, _ := r.e.Ask(ctx, gallery1, 8, 0); n != 8 {
		t.Fatalf("got %d", n)
	}
	must(t, r.sellGallery(2))
	time.Sleep(350 * time.Millisecond)
	err := r.sellGallery(1)
	if err == nil || !strings.Contains(err.Error(), "ran out while it was offline") {
		t.Fatalf("an expired grant sold or was refused for another reason: %v", err)
	}
	if h := r.holding(t, gallery1); !h.Expired || h.Left != 0 {
		t.Fatalf("expired holding: %+v", h)
	}
	got, err := r.Return(nil, true)
	must(t, err)
	if got[gallery1] != 6 {
		t.Fatalf("returned %v, want the 6 unsold", got)
	}
	// Back online: a new lease, and it sells again.
	if n, _ := r.e.Ask(ctx, gallery1, 4, 2); n != 4 {
		t.Fatalf("renewed with %d", n)
	}
	must(t, r.sellGallery(1))
}

// A seat in escrow sells only at the register that holds it; the other
// sees it as held elsewhere.
func TestASeatSellsOnlyWhereItIsHeld(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	a := openEscrow(t, c, cat, "K01", true)
	b := openEscrow(t, c, cat, "K02", true)
	got, err := a.e.AskSeats(ctx, "hamlet-01", "parterre", []string{"C-5", "C-6"})
	must(t, err)
	if !got["C-5"] || !got["C-6"] {
		t.Fatalf("K01 got %v", got)
	}
	got, err = b.e.AskSeats(ctx, "hamlet-01", "parterre", []string{"C-6", "C-7"})
	must(t, err)
	if got["C-6"] || !got["C-7"] {
		t.Fatalf("K02 got %v: C-6 is K01's", got)
	}
	err = b.till.AddSeats("hamlet-01", "parterre", "adult", "C-6")
	if err == nil || !strings.Contains(err.Error(), "held by another register") {
		t.Fatalf("K02 took K01's seat: %v", err)
	}
	must(t, a.till.AddSeats("hamlet-01", "parterre", "adult", "C-6"))
	_, err = a.till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
}

// The register service in escrow: a seat picked online is asked for with
// a block beside it; offline, the seat map shows the seats it does not hold
// as held elsewhere, and only its own sell.
func TestTheServiceAsksForAPickedSeatAndItsNeighboursAndOfflineShowsTheRestElsewhere(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return testToday }, Escrow: true})
	must(t, err)
	token, err := c.store.AddRegister(ctx, "K01", reg.PublicKey())
	must(t, err)
	proxy := newFaultProxy(t, c.addr, 3)
	start := time.Now()
	svc, err := counter.New(reg, counter.Options{Now: func() time.Time { return testToday.Add(time.Since(start)) }, // the status line refreshes as time goes
		Central: counter.Central{URL: proxy.URL(), Token: token, Escrow: true, Interval: 20 * time.Millisecond}})
	must(t, err)
	defer func() { svc.Close(); reg.Close() }()
	// A seat is asked for only when both the escrow and the push reached the
	// server lately (counter: escrowOnline).
	waitFor(t, "the escrow and the push to reach the server", func() bool { return svc.Escrow().Online() && svc.Sync().Online })
	seats := cat.Capacity("hamlet-01", "parterre")
	parterre := func(want int, when string) {
		t.Helper()
		zs, err := svc.Availability("hamlet-01")
		must(t, err)
		for _, z := range zs {
			if z.Zone == "parterre" && z.Available != want {
				t.Fatalf("%s: the parterre says %d free (%+v), want %d", when, z.Available, z, want)
			}
		}
	}
	// Online, holding no seat yet: the parterre is not sold out.
	parterre(seats, "online, no seat held")
	till, err := svc.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	must(t, till.AddSeats("hamlet-01", "parterre", "adult", "D-10"))
	held, err := reg.HeldSeats("hamlet-01", "parterre")
	must(t, err)
	for _, s := range []string{"D-8", "D-9", "D-10", "D-11", "D-12"} {
		if !held[s] {
			t.Fatalf("after picking D-10 the register holds %v, want D-8..D-12", held)
		}
	}
	_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	parterre(seats-1, "online, D-10 sold")

	proxy.partition(true)
	waitFor(t, "the register to notice it is offline", func() bool { return !svc.Sync().Online })
	// Offline: only the seats it holds sell, D-8, D-9, D-11 and D-12.
	parterre(4, "offline")
	m, err := svc.SeatMap("hamlet-01", "parterre", nil)
	must(t, err)
	if m["D-10"] != counter.SeatSold || m["D-11"] != counter.SeatFree || m["E-5"] != counter.SeatElsewhere {
		t.Fatalf("offline seat map: D-10 %v, D-11 %v, E-5 %v", m["D-10"], m["D-11"], m["E-5"])
	}
	if err := till.AddSeats("hamlet-01", "parterre", "adult", "E-5"); err == nil || !strings.Contains(err.Error(), "held by another register") {
		t.Fatalf("offline, a seat held elsewhere went in the cart: %v", err)
	}
	must(t, till.AddSeats("hamlet-01", "parterre", "adult", "D-11"))
	_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
}

// The server takes back what a register did not sell of a grant that ended
// more than the margin ago, once that register's journal is stored past
// that moment; what it sold stays counted. The register's own "expired"
// return of that grant, arriving later, is not counted again; a register
// that kept the grant in its file learns at its next ask and records it.
func TestTheServerTakesBackAnEndedGrantOnceTheJournalCoversIt(t *testing.T) {
	c, a, b, pushA, past := holdingPair(t, fleetGallery)
	ctx := context.Background()
	must(t, a.sellGallery(2))
	must(t, pushA.CatchUp(ctx))
	waitUntil(past) // past the end and the margin
	// Not yet: K01's stored journal ends before the grant did.
	if n, _ := b.e.Ask(ctx, gallery1, 5, 0); n != 0 {
		t.Fatalf("K02 got %d before K01's journal covered the end of its grant", n)
	}
	// K01 writes something (after the end and the margin) and pushes it.
	if _, err := a.till.CloseShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	must(t, pushA.CatchUp(ctx))
	if n, _ := b.e.Ask(ctx, gallery1, fleetGallery, 0); n != fleetGallery-2 {
		t.Fatalf("K02 got %d, want the %d K01 did not sell", n, fleetGallery-2)
	}
	// K01 still holds 30 in its file: it returns the 28 unsold as expired;
	// stored, they are not taken off again.
	returnExpiredThenCount(t, c, a, pushA, fleetGallery-2, 2)
}

// A register that never recorded its last renewal (the answer lost: the
// register killed before it journaled it) holds an older lease than the
// server. The server takes that grant back once it ended; the register's
// own "expired" return, naming its older lease, arrives after: it is not
// counted again. Counted, it took the unsold places off a second time,
// leaving the server holding fewer for the register than it sold, and
// granting them to another register: an oversell.
func TestAnExpiredReturnOfAnOlderLeaseIsNotCountedAfterTheServerTookItBack(t *testing.T) {
	c, a, b, pushA, _ := holdingPair(t, 10)
	ctx := context.Background()
	must(t, a.sellGallery(2))
	// A renewal the server answers and K01 never records.
	if _, err := c.store.Grant(ctx, server.Register{Name: "K01"}, api.GrantRequest{ID: uuid.NewString(),
		Asks: []api.Ask{{Resource: gallery1, Sold: 2}}}); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(shortGrant + shortMargin + 100*time.Millisecond) // the renewal's lease ends after the first
	must(t, pushA.CatchUp(ctx))
	waitUntil(past) // past the end of both leases and the margin
	if _, err := a.till.CloseShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	must(t, pushA.CatchUp(ctx))
	if n, _ := b.e.Ask(ctx, gallery1, fleetGallery, 0); n != fleetGallery-2 {
		t.Fatalf("K02 got %d, want the %d K01 did not sell", n, fleetGallery-2)
	}
	// K01 returns its 8 unsold under its older lease; stored, they are not
	// taken off again: the server still counts K01's 2 sold.
	returnExpiredThenCount(t, c, a, pushA, 8, 2)
	if n, _ := b.e.Ask(ctx, gallery1, fleetGallery, 0); n != 0 {
		t.Fatalf("K02 got %d more: the galerie would be oversold", n)
	}
}

// A register that did not return an ended grant the server took back is
// told at its next ask, and journals it: it never sells it.
func TestARegisterLearnsTheServerTookBackItsGrant(t *testing.T) {
	c, a, b, _, past := holdingPair(t, 10)
	ctx := context.Background()
	must(t, a.sellGallery(3))
	waitUntil(past)
	if _, err := a.till.CloseShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	must(t, sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token}).CatchUp(ctx))
	if allot, held := grantHeld(t, c, "K01", gallery1); allot != 10 || held == nil || *held != 10 {
		t.Fatalf("the premise: K01's grant on the server is %d, held %s; want 10 and 10", allot, heldString(held))
	}
	if n, _ := b.e.Ask(ctx, gallery1, fleetGallery, 0); n != fleetGallery-3 {
		t.Fatalf("K02 got %d, want all but K01's 3 sold", n)
	}
	// Taken back, what K01 said its journal held is forgotten
	// (grants.held): the server counts from what it took back.
	if allot, held := grantHeld(t, c, "K01", gallery1); allot != 3 || held != nil {
		t.Fatalf("K01's grant taken back: %d, held %s; want its 3 sold and what it said it held forgotten", allot, heldString(held))
	}
	// K01 asks again: the server counts 3 for it and grants nothing more.
	if n, _ := a.e.Ask(ctx, gallery1, 5, 3); n != 0 {
		t.Fatalf("K01 got %d more", n)
	}
	if h := a.holding(t, gallery1); h.Allotted != 3 || h.Left != 0 {
		t.Fatalf("K01 after the server took its grant back: %+v", h)
	}
	_, err := a.till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	if err := a.sellGallery(1); err == nil {
		t.Fatal("K01 sold from a grant the server took back")
	}
}

// A request's Sold is read when it is made; resent after a partition, it
// may reach the server after a cancel the server stored and an ended grant
// it took back down to what was sold. That Sold is no sale made before the
// register held anything: granted, the canceled place would be sold twice.
func TestAStaleSoldAfterACancelIsNotGrantedAgain(t *testing.T) {
	c, a, b, pushA, past := holdingPair(t, 10)
	ctx := context.Background()
	must(t, a.till.AddTickets("hamlet-01", "galerie", "adult", 3))
	sale, err := a.till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	sold := a.holding(t, gallery1).Used // what a request made now carries
	if sold != 3 {
		t.Fatalf("K01 used %d, want 3", sold)
	}
	// The customer gives one back while the request waits in the partition.
	must(t, a.till.CancelPart(sale.Number, "the customer gives one back", local.CancelOptions{Tickets: []string{sale.Tickets[0].Number}}))
	waitUntil(past) // past the end of the lease and the margin
	if _, err := a.till.CloseShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	must(t, pushA.CatchUp(ctx))
	if n, _ := b.e.Ask(ctx, gallery1, fleetGallery, 0); n != fleetGallery-2 {
		t.Fatalf("K02 got %d, want all but K01's 2 sold", n)
	}
	// The request reaches the server now, with its Sold of before the cancel.
	if n, err := a.e.Ask(ctx, gallery1, 5, sold); err != nil || n != 0 {
		t.Fatalf("K01 got %d more (%v), want none: the galerie is all granted", n, err)
	}
	if total, _ := serverGrants(t, c, gallery1); total != fleetGallery {
		t.Fatalf("the server grants %d places of the galerie's %d", total, fleetGallery)
	}
	if h := a.holding(t, gallery1); h.Allotted != 2 || h.Left != 0 {
		t.Fatalf("K01 holds %+v, want its 2 sold and nothing left", h)
	}
	_, err = a.till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	if err := a.sellGallery(1); err == nil {
		t.Fatal("K01 sold a place granted twice")
	}
}

// A register low on a resource the box office has no more of asks for it
// at every look, and the server renews its lease each time. While its
// journaled lease has more than half its time, those answers move the
// deadline in memory only: an idle register wrote an entry (and pushed it)
// at every look. The renewal that is due is still journaled.
func TestAnIdleRegisterLowOnAResourceDoesNotJournalEveryLook(t *testing.T) {
	_, _, a, b := realClockPair(t, 3*time.Second, time.Second)
	ctx := context.Background()
	if n, _ := b.e.Ask(ctx, gallery1, fleetGallery, 0); n != fleetGallery {
		t.Fatalf("K02 got %d", n)
	}
	must(t, a.e.Refill(ctx)) // every resource asked for once: leases journaled
	first, _ := a.Head()
	before, looked := a.holding(t, gallery1), time.Now()
	if before.Left != 0 || before.Remaining == 0 {
		t.Fatalf("K01 after its first look: %+v, want nothing left of the galerie and a lease", before)
	}
	for range 3 {
		time.Sleep(50 * time.Millisecond)
		must(t, a.e.Refill(ctx))
	}
	// The deadline moved with each look (150 ms of sleeps between the first
	// and the last).
	after := a.holding(t, gallery1)
	if moved := time.Now().Add(after.Remaining).Sub(looked.Add(before.Remaining)); moved < 100*time.Millisecond {
		t.Fatalf("the looks did not renew the lease: its end moved %s", moved)
	}
	if free, ok := a.e.Free(gallery1); !ok || free != 0 {
		t.Fatalf("the server says %d (%v) free of the galerie, want 0", free, ok)
	}
	if seq, _ := a.Head(); seq != first {
		t.Fatalf("three looks at a sold-out galerie wrote %d entries, want none", seq-first)
	}
	// Half the lease gone: the renewal is journaled (a restart keeps it).
	time.Sleep(1600 * time.Millisecond)
	must(t, a.e.Refill(ctx))
	if seq, _ := a.Head(); seq == first {
		t.Fatal("the renewal due at half the lease was not journaled")
	}
}

// A quota inside an offer (per zone here) is granted on its own, never
// beyond it in all, and the server counts what a register sold of it from
// the scope item each stored ticket counted under: once the grant ended
// and the journal covers it, the rest goes to another register.
func TestAnOfferItemQuotaIsGrantedAndTakenBackOnItsOwn(t *testing.T) {
	// The grants must outlast the sale below even on a loaded machine
	// (300 ms ran out before it under -race beside a soak); the wait for
	// their end is measured from the asks.
	const ttl, margin = 1500 * time.Millisecond, 100 * time.Millisecond
	c, _, a, b := realClockPair(t, ttl, margin)
	ctx := context.Background()
	var err error
	item := local.OfferItemResource("bienvenue", "performance=hamlet-01,zone=galerie")
	for res, want := range map[string]int{gallery1: 10, local.OfferResource("bienvenue"): fleetOffer, local.CodeResource("BIENVENUE"): fleetCodeUses} {
		if n, err := a.e.Ask(ctx, res, want, 0); err != nil || n != want {
			t.Fatalf("K01 got %d of %s (%v)", n, res, err)
		}
	}
	if n, _ := a.e.Ask(ctx, item, fleetOfferZone+5, 0); n != fleetOfferZone {
		t.Fatalf("K01 got %d of the zone's quota of %d", n, fleetOfferZone)
	}
	asked := time.Now() // after K01's last ask: its grants end before this plus ttl
	if n, _ := b.e.Ask(ctx, item, 1, 0); n != 0 {
		t.Fatalf("K02 got %d of a quota K01 holds whole", n)
	}
	// K02 holds the places but not the quota: the code is refused there.
	if n, _ := b.e.Ask(ctx, gallery1, 4, 0); n != 4 {
		t.Fatalf("K02 got %d places", n)
	}
	must(t, b.till.AddTickets("hamlet-01", "galerie", "adult", 1))
	if _, err := b.till.ApplyCode("BIENVENUE"); err == nil {
		t.Fatal("K02 applied the code to a zone whose quota it does not hold")
	}
	b.till.ClearCart()
	must(t, a.till.AddTickets("hamlet-01", "galerie", "adult", 2))
	_, err = a.till.ApplyCode("BIENVENUE")
	must(t, err)
	_, err = a.till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	if h := a.holding(t, item); h.Used != 2 || h.Left != fleetOfferZone-2 {
		t.Fatalf("K01's share of the quota after selling 2: %+v", h)
	}
	time.Sleep(time.Until(asked.Add(ttl + margin + 100*time.Millisecond))) // past the end and the margin
	if _, err := a.till.CloseShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	must(t, sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token}).CatchUp(ctx))
	if n, _ := b.e.Ask(ctx, item, fleetOfferZone, 0); n != fleetOfferZone-2 {
		t.Fatalf("K02 got %d, want the %d K01 did not sell", n, fleetOfferZone-2)
	}
}

// realClockPair is two escrow registers, K01 and K02, on the real clock
// (the server compares their entries' times with the grants' ends), with
// grants of ttl taken back margin after their end.
func realClockPair(t *testing.T, ttl, margin time.Duration) (c *central, cat *pos.Catalog, a, b *escrowRegister) {
	t.Helper()
	c, _ = escrowCentral(t)
	cat, err := pos.ParseCatalog("fleet", fleetCatalog(t), time.Now())
	must(t, err)
	c.store.SetGrantTTL(ttl)
	c.store.SetGrantMargin(margin)
	return c, cat, openEscrowAt(t, c, cat, "K01", true, time.Now), openEscrowAt(t, c, cat, "K02", true, time.Now)
}

// Grants in holdingPair last shortGrant and are taken back shortMargin
// after their end: long enough for a test's sale and push to come before
// the end on a loaded machine (under -race on 2 cores), short enough to
// wait for.
const shortGrant, shortMargin = 600 * time.Millisecond, 300 * time.Millisecond

// holdingPair is two registers on a server whose grants last shortGrant,
// K01 holding n places of gallery1, and K01's pusher; past is a moment
// after the end of that grant and the margin (waitUntil).
func holdingPair(t *testing.T, n int) (c *central, a, b *escrowRegister, pushA *sync.Pusher, past time.Time) {
	t.Helper()
	c, _, a, b = realClockPair(t, shortGrant, shortMargin)
	pushA = sync.New(a.Register, sync.Options{Central: c.URL(), Token: a.token})
	if got, _ := a.e.Ask(context.Background(), gallery1, n, 0); got != n {
		t.Fatalf("K01 got %d of %d", got, n)
	}
	return c, a, b, pushA, time.Now().Add(shortGrant + shortMargin + 100*time.Millisecond)
}

// waitUntil sleeps until moment.
func waitUntil(moment time.Time) { time.Sleep(time.Until(moment)) }

// returnExpiredThenCount has register a return what is left of its ended
// grant on gallery1 (want: that many), pushes it, and checks the server
// still counts sold for a: a return of what it already took back is not
// taken off again.
func returnExpiredThenCount(t *testing.T, c *central, a *escrowRegister, push *sync.Pusher, want, sold int) {
	t.Helper()
	got, err := a.Return(nil, true)
	must(t, err)
	if got[gallery1] != want {
		t.Fatalf("%s returned %v, want %d", a.ID(), got, want)
	}
	must(t, push.CatchUp(context.Background()))
	if _, by := serverGrants(t, c, gallery1); by[a.ID()] != sold {
		t.Fatalf("%s's grant on the server: %d, want its %d sold", a.ID(), by[a.ID()], sold)
	}
}

// grantHeld is a register's row in grants for res: allot, and held (what
// it said its journal holds; nil: not said, or forgotten).
func grantHeld(t *testing.T, c *central, register, res string) (allot int, held *int) {
	t.Helper()
	must(t, c.store.Pool().QueryRow(context.Background(), `SELECT allot, held FROM grants WHERE register = $1 AND resource = $2`,
		register, res).Scan(&allot, &held))
	return allot, held
}

func heldString(held *int) string {
	if held == nil {
		return "none"
	}
	return strconv.Itoa(*held)
}

// serverGrants is what the server counts granted of res: in all, and by
// register.
func serverGrants(t *testing.T, c *central, res string) (total int, by map[string]int) {
	t.Helper()
	rows, err := c.store.Grants(context.Background())
	must(t, err)
	by = map[string]int{}
	for _, g := range rows {
		if g.Resource == res {
			total += g.Allot
			by[g.Register] = g.Allot
		}
	}
	return total, by
}
