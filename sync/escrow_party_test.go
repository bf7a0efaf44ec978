package sync_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
)

// A party larger than what the register holds sells in one add, online:
// the background refill keeps a batch (20) of a free-placement zone, and a
// party of 30 standing places was refused at 20 though the box office had
// more. The till asks the central server for what it lacks first, as it
// does for a seat picked. The server grants only what no other register
// holds or sold, so a second party of 30 is refused; offline, the till
// sells only what the register holds, and says how many are left.
func TestAPartyLargerThanWhatTheRegisterHoldsIsAskedForOnline(t *testing.T) {
	c, cat := escrowCentral(t)
	ctx := context.Background()
	other := openEscrow(t, c, cat, "K02", true)
	if n, err := other.e.Ask(ctx, gallery1, 20, 0); err != nil || n != 20 {
		t.Fatalf("the premise: K02 holds 20 of the galerie's %d (got %d, %v)", fleetGallery, n, err)
	}
	path := filepath.Join(t.TempDir(), "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return testToday }, Escrow: true})
	must(t, err)
	token, err := c.store.AddRegister(ctx, "K01", reg.PublicKey())
	must(t, err)
	proxy := newFaultProxy(t, c.addr, 5)
	svc, err := counter.New(reg, counter.Options{Now: func() time.Time { return testToday },
		Central: counter.Central{URL: proxy.URL(), Token: token, Escrow: true, Low: 5, Batch: 20, Interval: 20 * time.Millisecond}})
	must(t, err)
	defer func() { svc.Close(); reg.Close() }()
	holding := func(res string) local.Holding {
		t.Helper()
		h, err := reg.Holding(res)
		must(t, err)
		return h
	}
	waitFor(t, "the escrow to hold a batch of the galerie, online", func() bool {
		return svc.Escrow().Online() && svc.Sync().Online && holding(gallery1).Left >= 20
	})
	if h := holding(gallery1); h.Left >= 30 {
		t.Fatalf("the premise: the register holds fewer than 30 of the galerie (%+v)", h)
	}
	till, err := svc.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)

	// The free-placement screen warns when more are chosen than it says
	// are left, and the kiosk shows a zone with none left as sold out:
	// online, they count what the box office has not granted.
	zs, err := svc.AvailabilityFor("hamlet-01", till)
	must(t, err)
	for _, z := range zs {
		if z.Zone == "galerie" && z.Available != fleetGallery-20 {
			t.Fatalf("online, the galerie says %d left for this till (%+v), want the %d K02 does not hold", z.Available, z, fleetGallery-20)
		}
	}
	if err := till.AddTicketCounts("hamlet-01", "galerie", []local.TicketCount{{Category: "adult", Quantity: 25}, {Category: "child", Quantity: 5}}); err != nil {
		t.Fatalf("online, a party of 30 with 40 free at the box office: %v", err)
	}
	sale, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	if len(sale.Order.Tickets) != 30 {
		t.Fatalf("sold %d tickets, want 30", len(sale.Order.Tickets))
	}
	// K02 holds 20, K01 sold 30: 10 are left at the box office, whatever
	// the refill took of them meanwhile.
	err = till.AddTickets("hamlet-01", "galerie", "adult", 30)
	if err == nil || !strings.Contains(err.Error(), "left") {
		t.Fatalf("a second party of 30 with 10 left at the box office: %v", err)
	}
	if h := holding(gallery1); h.Allotted > fleetGallery-20 {
		t.Fatalf("K01 was granted %d of the galerie's %d, K02 holding 20", h.Allotted, fleetGallery)
	}
	// A line's quantity raised asks as an add does: 2 more than the
	// register holds of the passes.
	waitFor(t, "the escrow to hold a batch of the passes", func() bool { return holding(local.PassResource("festival-3-jours")).Left >= 20 })
	must(t, till.AddItem(pos.LinePass, "festival-3-jours", 1))
	if err := till.SetQuantity(0, holding(local.PassResource("festival-3-jours")).Left+3); err != nil {
		t.Fatalf("online, passes beyond what the register holds, %d free at the box office: %v", fleetPass, err)
	}
	till.ClearCart()

	proxy.partition(true)
	waitFor(t, "the register to notice it is offline", func() bool { return !svc.Escrow().Online() || !svc.Sync().Online })
	h := holding(local.PassResource("festival-3-jours"))
	err = till.AddItem(pos.LinePass, "festival-3-jours", h.Left+1)
	if err == nil || !strings.Contains(err.Error(), "left") {
		t.Fatalf("offline, %d passes with %d held: %v", h.Left+1, h.Left, err)
	}
	if got := holding(local.PassResource("festival-3-jours")); got.Allotted != h.Allotted {
		t.Fatalf("offline, the passes held went from %d to %d", h.Allotted, got.Allotted)
	}
}

// A whole cart set at once (`guichet order place`, a kiosk's charge
// settled) asks, online, for what the register lacks as an add does: an
// order of 30 standing places was refused at the refill's 20 though the
// box office had more, and a seat as another register's. Offline it sells only what the register holds.
func TestAWholeCartLargerThanWhatTheRegisterHoldsIsAskedForOnline(t *testing.T) {
	c, cat := escrowCentral(t)
	path := filepath.Join(t.TempDir(), "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return testToday }, Escrow: true})
	must(t, err)
	token, err := c.store.AddRegister(context.Background(), "K01", reg.PublicKey())
	must(t, err)
	proxy := newFaultProxy(t, c.addr, 5)
	svc, err := counter.New(reg, counter.Options{Now: func() time.Time { return testToday },
		Central: counter.Central{URL: proxy.URL(), Token: token, Escrow: true, Low: 5, Batch: 20, Interval: 20 * time.Millisecond}})
	must(t, err)
	defer func() { svc.Close(); reg.Close() }()
	holding := func(res string) local.Holding {
		t.Helper()
		h, err := reg.Holding(res)
		must(t, err)
		return h
	}
	waitFor(t, "the escrow to hold a batch of the galerie and the passes, online", func() bool {
		return svc.Escrow().Online() && svc.Sync().Online && holding(gallery1).Left >= 20 &&
			holding(local.PassResource("festival-3-jours")).Left >= 20
	})
	before := holding(gallery1)
	if before.Left >= 30 {
		t.Fatalf("the premise: the register holds fewer than 30 of the galerie (%+v)", before)
	}
	till, err := svc.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)

	// The cart holds 2 places already: the new cart replaces them.
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	passes := holding(local.PassResource("festival-3-jours")).Left + 2
	order := pos.Cart{Lines: []pos.CartLine{
		{Kind: pos.LineTicket, Performance: "hamlet-01", Zone: "galerie", Category: "adult", Quantity: 25},
		{Kind: pos.LineTicket, Performance: "hamlet-01", Zone: "galerie", Category: "child", Quantity: 5},
		{Kind: pos.LinePass, Item: "festival-3-jours", Quantity: passes},
		{Kind: pos.LineTicket, Performance: "hamlet-01", Zone: "parterre", Category: "adult", Seat: "D-10", Quantity: 1},
	}}
	if err := till.SetCart(order); err != nil {
		t.Fatalf("online, a whole cart of 30 standing places, %d passes and a seat, more free at the box office: %v", passes, err)
	}
	if h := holding(gallery1); h.Allotted < 30 || h.Allotted <= before.Allotted {
		t.Fatalf("K01's grant of the galerie went from %d to %d, want at least the 30 in the cart", before.Allotted, h.Allotted)
	}
	sale, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	if len(sale.Order.Tickets) != 31+passes {
		t.Fatalf("sold %d tickets and passes, want %d", len(sale.Order.Tickets), 31+passes)
	}

	proxy.partition(true)
	waitFor(t, "the register to notice it is offline", func() bool { return !svc.Escrow().Online() || !svc.Sync().Online })
	h := holding(gallery1)
	err = till.SetCart(pos.Cart{Lines: []pos.CartLine{
		{Kind: pos.LineTicket, Performance: "hamlet-01", Zone: "galerie", Category: "adult", Quantity: h.Left + 1},
	}})
	if err == nil || !strings.Contains(err.Error(), "left") && !strings.Contains(err.Error(), "sold out") {
		t.Fatalf("offline, a whole cart of %d standing places with %d held: %v", h.Left+1, h.Left, err)
	}
	if got := holding(gallery1); got.Allotted != h.Allotted {
		t.Fatalf("offline, the galerie held went from %d to %d", h.Allotted, got.Allotted)
	}
}
