package local

import (
	"testing"

	"guichet/pos"
)

// TestPricingReadsTheFileWithoutTheRegistersLock: a till pricing its cart
// again (its cached price stale: the cart emptied after a sale, a new
// catalog) reads the file without r.mu, so another till's screen work,
// which takes r.mu, goes on meanwhile instead of waiting behind the read
// (and behind bbolt remapping the file, which waits for every reader).
// The test stops inside the read transaction and works the other till
// there.
func TestPricingReadsTheFileWithoutTheRegistersLock(t *testing.T) {
	for _, tc := range []struct {
		name  string
		price func(a *Till) error
	}{
		{"Priced", func(a *Till) error { _, err := a.Priced(); return err }},
		{"PaymentMethods", func(a *Till) error { _, err := a.PaymentMethods(); return err }},
		{"PricedWith", func(a *Till) error { _, err := a.PricedWith([]string{"cash"}); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			a := openTill(t, r, "claire", "1234")
			b := openTill(t, r, "claire", "1234")
			must(t, a.AddTickets("hamlet-00", "galerie", "adult", 2))
			must(t, b.AddTickets("hamlet-00", "galerie", "adult", 1))
			r.mu.Lock()
			a.priced = nil // as a new catalog leaves it
			r.mu.Unlock()

			reads := 0
			r.unlockedReadHook = func() {
				reads++
				if !r.mu.TryLock() {
					t.Error("the till reads the file for its price holding the register's lock: every other till waits behind the read")
					return
				}
				r.mu.Unlock()
				// the other till's screen, meanwhile
				if n := len(b.Cart().Lines); n != 1 {
					t.Errorf("the other till's cart has %d lines during the read, want 1", n)
				}
				b.KeepHolds(0)
				if _, err := b.Priced(); err != nil {
					t.Errorf("the other till's price during the read: %v", err)
				}
			}
			must(t, tc.price(a))
			r.unlockedReadHook = nil
			if reads == 0 {
				t.Fatal("the price was not read from the file")
			}
			pc, err := a.Priced()
			must(t, err)
			if pc.Total != chf(2*pricedOne(t, b)) {
				t.Fatalf("the till's cart of 2 tickets is priced %s, the other's of 1 %d", pc.Total, pricedOne(t, b))
			}
		})
	}
}

func pricedOne(t *testing.T, till *Till) int64 {
	t.Helper()
	pc, err := till.Priced()
	must(t, err)
	return pc.Total.Amount
}

// TestAPriceReadWhileTheRegisterChangedIsPricedAgain: a price read while
// the register changed under the read (another till's cart took an
// offer's last ticket, or sold it, or the till's own cart changed) is not
// kept or served as the cart's: the cart is priced again as things are
// now. The offer has one ticket left; the till's cart has its code.
func TestAPriceReadWhileTheRegisterChangedIsPricedAgain(t *testing.T) {
	for _, tc := range []struct {
		name string
		// during is done inside the till's first read, on the other till
		// b or the till a itself
		during    func(t *testing.T, a, b *Till)
		offer     bool // the price has the offer
		adultsWas int  // the adult tickets in the price
	}{
		{name: "nothing", during: func(*testing.T, *Till, *Till) {}, offer: true, adultsWas: 1},
		{name: "another cart takes the last offer ticket", during: func(t *testing.T, _, b *Till) {
			must(t, b.AddTickets("hamlet-00", "galerie", "adult", 1))
			pc, err := b.ApplyCode("DERNIER")
			must(t, err)
			if pc.Offer == nil {
				t.Fatal("the other till was refused the offer its cart takes during the read")
			}
		}, offer: false, adultsWas: 1},
		{name: "another till sells the last offer ticket", during: func(t *testing.T, _, b *Till) {
			must(t, b.AddTickets("hamlet-00", "galerie", "adult", 1))
			_, err := b.ApplyCode("DERNIER")
			must(t, err)
			_, err = b.Checkout(cash())
			must(t, err)
		}, offer: false, adultsWas: 1},
		{name: "the cart changes", during: func(t *testing.T, a, _ *Till) {
			must(t, a.AddTickets("hamlet-00", "galerie", "adult", 1))
		}, offer: false, adultsWas: 2}, // two tickets: more than the offer has left
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			last := pos.Offer{ID: "dernier", Name: pos.Text{"fr": "Dernière", "en": "Last one"}, Description: pos.Text{"fr": "10 %", "en": "10%"},
				Effect: pos.EffectPercent, PercentBP: 1000, MaxTickets: 1}
			_, err := r.SaveOffer("claire", last)
			must(t, err)
			must(t, r.AddCodes("claire", "dernier", []pos.Code{{Code: "DERNIER"}}))
			a := openTill(t, r, "claire", "1234")
			b := openTill(t, r, "claire", "1234")
			must(t, a.AddTickets("hamlet-00", "galerie", "adult", 1))
			if _, err := a.ApplyCode("DERNIER"); err != nil {
				t.Fatal(err)
			}
			r.mu.Lock()
			a.priced = nil // as a new catalog leaves it: not counted at b
			r.mu.Unlock()

			first := true
			r.unlockedReadHook = func() {
				if !first {
					return
				}
				first = false
				if !r.mu.TryLock() {
					t.Error("the till reads the file for its price holding the register's lock")
					return
				}
				r.mu.Unlock()
				tc.during(t, a, b)
			}
			pc, err := a.Priced()
			r.unlockedReadHook = nil
			must(t, err)
			check := func(when string, pc pos.PricedCart) {
				t.Helper()
				if got := pc.Offer != nil; got != tc.offer {
					t.Fatalf("%s the till's price has the offer %v (refused %q), want %v", when, got, pc.CodeRefused, tc.offer)
				}
				n := 0
				for _, l := range pc.Lines {
					n += l.Quantity
				}
				if n != tc.adultsWas {
					t.Fatalf("%s the till's price is of %d tickets, want %d", when, n, tc.adultsWas)
				}
			}
			check("as read:", pc)
			pc, _ = a.Priced()
			check("kept:", pc)
		})
	}
}

// TestAPriceReadWhileTheCartChangesEveryTimeIsTheCartsAsItIs: a cart that
// changes under every read of its price (unlockedTries of them) is priced
// at last under the register's lock, as it is then: not as it was at any
// of the reads.
func TestAPriceReadWhileTheCartChangesEveryTimeIsTheCartsAsItIs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		price func(a *Till) (pos.PricedCart, error)
	}{
		{"Priced", (*Till).Priced},
		{"PricedWith", func(a *Till) (pos.PricedCart, error) { return a.PricedWith([]string{"cash"}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			a := openTill(t, r, "claire", "1234")
			must(t, a.AddTickets("hamlet-00", "galerie", "adult", 1))
			r.mu.Lock()
			a.priced = nil // as a new catalog leaves it
			r.mu.Unlock()
			reads := 0
			r.unlockedReadHook = func() {
				reads++
				must(t, a.AddTickets("hamlet-00", "galerie", "adult", 1))
				r.mu.Lock()
				a.priced = nil // not priced since, as after a new catalog
				r.mu.Unlock()
			}
			pc, err := tc.price(a)
			r.unlockedReadHook = nil
			must(t, err)
			if reads != unlockedTries {
				t.Fatalf("the price was read %d times without the lock, want %d", reads, unlockedTries)
			}
			priced, held := 0, 0
			for _, l := range pc.Lines {
				priced += l.Quantity
			}
			for _, l := range a.Cart().Lines {
				held += l.Quantity
			}
			if held != 1+unlockedTries || priced != held {
				t.Fatalf("the price is of %d tickets, the cart holds %d (want %d)", priced, held, 1+unlockedTries)
			}
		})
	}
}

// TestTheSeatMapReadsTheFileWithoutTheRegistersLock: a till's seat plan
// reads the seats sold without r.mu, as Priced reads; a seat sold while it
// read (its hold gone once durable, the read from before) shows sold, not
// free; and the plan of a till whose exchange credit changed under the
// read is read again.
func TestTheSeatMapReadsTheFileWithoutTheRegistersLock(t *testing.T) {
	for _, tc := range []struct {
		name   string
		during func(t *testing.T, a, b *Till, sold pos.Order)
		want   map[string]SeatState // at a's plan (seats not for sale left out)
	}{
		{"nothing", func(*testing.T, *Till, *Till, pos.Order) {},
			map[string]SeatState{"C-1": SeatHeldByOther, "C-2": SeatHeldByMe, "C-5": SeatSold}},
		{"another till sells a seat", func(t *testing.T, _, b *Till, _ pos.Order) {
			_, err := b.Checkout(cash())
			must(t, err)
		}, map[string]SeatState{"C-1": SeatSold, "C-2": SeatHeldByMe, "C-5": SeatSold}},
		{"another till takes a seat", func(t *testing.T, _, b *Till, _ pos.Order) {
			must(t, b.AddSeats("hamlet-03", "parterre", "adult", "C-3"))
		}, map[string]SeatState{"C-1": SeatHeldByOther, "C-2": SeatHeldByMe, "C-3": SeatHeldByOther, "C-5": SeatSold}},
		{"the till takes a sold seat back in exchange", func(t *testing.T, a, _ *Till, sold pos.Order) {
			_, err := a.Exchange(sold.Number, []string{sold.Tickets[0].Number})
			must(t, err)
		}, map[string]SeatState{"C-1": SeatHeldByOther, "C-2": SeatHeldByMe}}, // C-5 free for a
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			a := openTill(t, r, "claire", "1234")
			b := openTill(t, r, "claire", "1234")
			m := openTill(t, r, "claire", "1234")
			must(t, m.AddSeats("hamlet-03", "parterre", "adult", "C-5"))
			sold, err := m.Checkout(cash())
			must(t, err)
			must(t, b.AddSeats("hamlet-03", "parterre", "adult", "C-1"))
			must(t, a.AddSeats("hamlet-03", "parterre", "adult", "C-2"))
			first := true
			r.unlockedReadHook = func() {
				if !first {
					return
				}
				first = false
				if !r.mu.TryLock() {
					t.Error("the seat plan reads the file holding the register's lock: every other till waits behind the read")
					return
				}
				r.mu.Unlock()
				tc.during(t, a, b, sold)
			}
			seats, err := r.SeatMap("hamlet-03", "parterre", a)
			r.unlockedReadHook = nil
			must(t, err)
			if first {
				t.Fatal("the seats sold were not read")
			}
			for s, want := range tc.want {
				if seats[s] != want {
					t.Errorf("seat %s is %v on the plan, want %v", s, seats[s], want)
				}
			}
			for s, st := range seats {
				if _, ok := tc.want[s]; !ok && st != SeatBlocked {
					t.Errorf("seat %s is %v on the plan, want free", s, st)
				}
			}
		})
	}
}

// TestTheSeatMapOfAFileChangingUnderEveryReadIsReadUnderTheLock: seats
// sold under every read (unlockedTries of them) leave the plan read under
// r.mu at last, every seat sold shown so.
func TestTheSeatMapOfAFileChangingUnderEveryReadIsReadUnderTheLock(t *testing.T) {
	r, _ := openTest(t, "")
	b := openTill(t, r, "claire", "1234")
	seats := []string{"D-1", "D-2", "D-3", "D-4"}
	reads := 0
	r.unlockedReadHook = func() {
		must(t, b.AddSeats("hamlet-03", "parterre", "adult", seats[reads]))
		_, err := b.Checkout(cash())
		must(t, err)
		reads++
	}
	plan, err := r.SeatMap("hamlet-03", "parterre", nil)
	r.unlockedReadHook = nil
	must(t, err)
	if reads != unlockedTries {
		t.Fatalf("the seats sold were read %d times without the lock, want %d", reads, unlockedTries)
	}
	for _, s := range seats[:reads] {
		if plan[s] != SeatSold {
			t.Errorf("seat %s is %v on the plan, want sold", s, plan[s])
		}
	}
}
