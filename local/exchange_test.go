package local

import (
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// A ticket put in a till's cart as an exchange credit, then exchanged or
// canceled at another till before that cart is sold, pays nothing: the
// sale is refused, and the ticket's place is given back once. It is said
// as the cart is held again before its payment (HoldAgain), before any
// money is taken for the rest.
func TestAnExchangeCreditWhoseTicketWentElsewhereIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		other func(t *testing.T, b *Till, o pos.Order)
	}{
		{"exchanged at another till", func(t *testing.T, b *Till, o pos.Order) {
			_, err := b.Exchange(o.Number, []string{o.Tickets[0].Number})
			must(t, err)
			must(t, b.AddItem(pos.LineProduct, "programme", 1))
			_, err = b.Checkout(cash())
			must(t, err)
		}},
		{"canceled at another till", func(t *testing.T, b *Till, o pos.Order) {
			must(t, b.CancelPart(o.Number, "changed plans", CancelOptions{Tickets: []string{o.Tickets[0].Number}}))
		}},
		{"its order canceled", func(t *testing.T, b *Till, o pos.Order) {
			must(t, b.Cancel(o.Number, "changed plans"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			a := openTill(t, r, "claire", "1234")
			b := openTill(t, r, "marc", "5678")
			must(t, a.AddTickets("hamlet-04", "galerie", "adult", 2))
			o, err := a.Checkout(cash())
			must(t, err)
			sold := func() int {
				for _, z := range avail(t, r, "hamlet-04") {
					if z.Zone == "galerie" {
						return z.Sold
					}
				}
				return -1
			}
			_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number})
			must(t, err)
			tc.other(t, b, o)
			after := sold()
			must(t, a.AddItem(pos.LineProduct, "programme", 1))
			// said before the payment is taken (the card charged on the
			// terminal), as a seat another till took is, not only once
			// the sale is refused
			if err := a.HoldAgain(); err == nil || !strings.Contains(err.Error(), "since") {
				t.Errorf("held again before the payment of a sale paid by a ticket gone elsewhere: %v", err)
			}
			_, err = a.Checkout(cash())
			if err == nil || !strings.Contains(err.Error(), "since") {
				t.Errorf("the sale paid by a ticket gone elsewhere: %v", err)
			}
			if got := sold(); got != after {
				t.Errorf("galerie sold %d, %d before the refused sale", got, after)
			}
			checkJournal(t, r)
		})
	}
}

// The order and ticket numbers of an exchange are read in any case, as
// printed or not ("k01-000001-01" at a kiosk's keyboard), like a voucher's.
func TestExchangeReadsNumbersInAnyCase(t *testing.T) {
	for _, tc := range []struct {
		name string
		ref  func(o pos.Order) string
		tk   func(o pos.Order) string
	}{
		{"order and ticket in lower case", func(o pos.Order) string { return strings.ToLower(o.Number) },
			func(o pos.Order) string { return strings.ToLower(o.Tickets[0].Number) }},
		{"ticket in lower case, by e-mail", func(o pos.Order) string { return "Zoe@Example.ch" },
			func(o pos.Order) string { return strings.ToLower(o.Tickets[0].Number) }},
		{"order in lower case, ticket as printed", func(o pos.Order) string { return strings.ToLower(o.Number) },
			func(o pos.Order) string { return o.Tickets[0].Number }},
		// the door's short form: the register and the zeros left out
		{"order and ticket without their register", func(o pos.Order) string { return "1" },
			func(o pos.Order) string { return "1-01" }},
		{"order without its register, ticket as printed", func(o pos.Order) string { return "000001" },
			func(o pos.Order) string { return o.Tickets[0].Number }},
		{"order as printed, ticket without its zeros", func(o pos.Order) string { return o.Number },
			func(o pos.Order) string { return "k01-1-1" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			a := openTill(t, r, "claire", "1234")
			zoe, err := r.SaveCustomer("claire", customerNamed("Zoé Müller"))
			must(t, err)
			must(t, a.SetCustomer(zoe.ID))
			must(t, a.AddTickets("hamlet-04", "galerie", "adult", 2))
			o, err := a.Checkout(cash())
			must(t, err)
			credit, err := a.Exchange(tc.ref(o), []string{tc.tk(o)})
			if err != nil || credit != o.Tickets[0].Price {
				t.Fatalf("credit %s, %v; want %s", credit, err, o.Tickets[0].Price)
			}
			must(t, a.AddItem(pos.LineProduct, "programme", 1))
			_, err = a.Checkout(cash())
			must(t, err)
			ov, _, err := r.Order(o.Number)
			must(t, err)
			if ov.Tickets[0].State != TicketExchanged {
				t.Fatalf("ticket %s is %s", ov.Tickets[0].Number, ov.Tickets[0].State)
			}
			checkJournal(t, r)
		})
	}
}

// A pass is exchanged as the tickets it stands for: while each of its
// performances can still be. A day pass exchanged after its day gave its
// whole price back as credit.
func TestAPassIsExchangedOnlyBeforeItsPerformances(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddItem(pos.LinePass, "festival-jour-1", 1))
	must(t, a.AddItem(pos.LinePass, "festival-jour-1", 1))
	o, err := a.Checkout(cash())
	must(t, err)
	credit, err := a.Exchange(o.Number, []string{o.Tickets[0].Number})
	if err != nil || credit != chf(5500) {
		t.Fatalf("a day pass exchanged before its day: %v, %v; want a CHF 55.00 credit", credit, err)
	}
	a.ClearCart()
	day, ok := r.cat().PerformanceByID("festival-j1")
	if !ok {
		t.Fatal("no festival-j1 in the demo")
	}
	clk.Add(day.Start.Sub(clk.Now()) + 48*time.Hour)
	_, err = a.Exchange(o.Number, []string{o.Tickets[1].Number})
	if err == nil || !strings.Contains(err.Error(), "has started") {
		t.Fatalf("a day pass exchanged two days after its day: %v; want it refused", err)
	}
}

// A customer who exchanges a ticket may take its own seat back, in
// another category: the seat is given back in the same commit as the new
// order takes it. It was refused as "already sold".
// TestAnExchangeMayTakeItsOwnPlacesBackInASoldOutZone: the places a
// till's exchange credit gives back in a free-placement zone are free for
// that till's cart alone, as a seat is (TestAnExchangeMayTakeItsOwnSeatBack):
// a customer changes a ticket's category in a sold-out zone; another till
// still finds it sold out, and the till takes no more than it gives back.
func TestAnExchangeMayTakeItsOwnPlacesBackInASoldOutZone(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "lea", "2468")
	perf, _ := r.Catalog().PerformanceByID("hamlet-00")
	n := r.Catalog().Capacity(perf.ID, "galerie")
	must(t, a.AddTickets("hamlet-00", "galerie", "adult", n))
	o, err := a.Checkout(cash())
	must(t, err)
	_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	for _, tc := range []struct {
		till *Till
		qty  int
		want string // "": added
	}{
		{b, 1, "sold out"},
		{a, 2, "only 1 left"},
		{a, 1, ""},
	} {
		err := tc.till.AddTickets("hamlet-00", "galerie", "child", tc.qty)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Fatalf("%d child places in the sold-out galerie: %v, want %q", tc.qty, err, tc.want)
		}
	}
	o2, err := a.Checkout(nil) // the credit pays the child's place
	must(t, err)
	if len(o2.Tickets) != 1 || o2.Tickets[0].Category != "child" || o2.Tickets[0].Zone != "galerie" {
		t.Fatalf("the new order: %+v; want a child's place in the galerie", o2.Tickets)
	}
	if err := b.AddTickets("hamlet-00", "galerie", "adult", 1); err == nil || !strings.Contains(err.Error(), "sold out") {
		t.Fatalf("after the exchange, another till: %v, want sold out", err)
	}
	checkJournal(t, r)
}

func TestAnExchangeMayTakeItsOwnSeatBack(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "lea", "2468")
	must(t, a.AddSeats("hamlet-00", "parterre", "adult", "C-4", "C-5"))
	o, err := a.Checkout(cash())
	must(t, err)
	// another till may not take it: the seat is sold
	if err := b.AddSeats("hamlet-00", "parterre", "child", "C-4"); err == nil || !strings.Contains(err.Error(), "already sold") {
		t.Fatalf("another till took a sold seat: %v", err)
	}
	_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number}) // C-4, CHF 45
	must(t, err)
	if err := b.AddSeats("hamlet-00", "parterre", "child", "C-4"); err == nil {
		t.Fatal("another till took the seat a till's exchange gives back")
	}
	// the till may not take the seat of a ticket it does not give back
	if err := a.AddSeats("hamlet-00", "parterre", "child", "C-5"); err == nil || !strings.Contains(err.Error(), "already sold") {
		t.Fatalf("the exchanging till took the order's other seat: %v", err)
	}
	// the plan shows it free to the exchanging till alone
	mine, err := r.SeatMap("hamlet-00", "parterre", a)
	must(t, err)
	theirs, err := r.SeatMap("hamlet-00", "parterre", b)
	must(t, err)
	if _, taken := mine["C-4"]; taken || mine["C-5"] != SeatSold || theirs["C-4"] != SeatSold {
		t.Errorf("C-4 on the exchanging till's plan: %v, C-5: %v, C-4 on another's: %v; want free, sold, sold", mine["C-4"], mine["C-5"], theirs["C-4"])
	}
	must(t, a.AddSeats("hamlet-00", "parterre", "child", "C-4"))
	if mine, _ := r.SeatMap("hamlet-00", "parterre", a); mine["C-4"] != SeatHeldByMe {
		t.Errorf("C-4 in the exchanging till's cart shows %v, want held by it", mine["C-4"])
	}
	o2, err := a.Checkout(nil) // CHF 20: CHF 25 left as credit
	must(t, err)
	if len(o2.Tickets) != 1 || o2.Tickets[0].Seat != "C-4" || o2.Tickets[0].Category != "child" {
		t.Fatalf("the new order: %+v; want C-4 as a child", o2.Tickets)
	}
	seats, err := r.SeatMap("hamlet-00", "parterre", a)
	must(t, err)
	if seats["C-4"] != SeatSold || seats["C-5"] != SeatSold {
		t.Errorf("C-4 and C-5 after the exchange: %s, %s; want both sold", seats["C-4"], seats["C-5"])
	}
	checkJournal(t, r)
	// the seat is sold once: another till may not take it
	if err := b.AddSeats("hamlet-00", "parterre", "child", "C-4"); err == nil {
		t.Fatal("another till took C-4 after the exchange")
	}
}

// The order an exchange pays is its customer's: found by their name, its
// e-mails sent to them. It had no customer unless the cashier set one.
func TestAnExchangesOrderIsTheSameCustomers(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	zoe, err := r.SaveCustomer("claire", pos.Customer{Name: "Zoé Müller", Email: "zoe@example.ch"})
	must(t, err)
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 1))
	must(t, a.SetCustomer(zoe.ID))
	o, err := a.Checkout(cash())
	must(t, err)
	_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 1))
	o2, err := a.Checkout(nil)
	must(t, err)
	if o2.Customer != zoe.ID {
		t.Fatalf("the exchange's order is customer %q's, want %q's", o2.Customer, zoe.ID)
	}
	// a customer the cashier set stays
	bob, err := r.SaveCustomer("claire", pos.Customer{Name: "Bob Meier"})
	must(t, err)
	must(t, a.SetCustomer(bob.ID))
	_, err = a.Exchange(o2.Number, []string{o2.Tickets[0].Number})
	must(t, err)
	must(t, a.AddTickets("hamlet-04", "galerie", "adult", 1))
	o3, err := a.Checkout(nil)
	must(t, err)
	if o3.Customer != bob.ID {
		t.Fatalf("the cashier's customer was replaced: %q, want %q", o3.Customer, bob.ID)
	}
}

// A cart holds one exchange: its credit is what the tickets of one order
// (or of one customer's e-mail) paid. Exchanging another order's tickets
// into a cart that already holds a credit must not drop the first credit
// without a word (its tickets, handed over at the desk, would stay valid
// and the customer pay their value again): it is refused, saying what to
// do, and the cart keeps its credit. More tickets of the same order join
// the credit. The sale then records every ticket the credit holds.
func TestASecondExchangeDoesNotDropTheCreditInTheCart(t *testing.T) {
	for _, sameOrder := range []bool{false, true} {
		name := "another order"
		if sameOrder {
			name = "the same order"
		}
		t.Run(name, func(t *testing.T) {
			r, _ := openTest(t, "")
			a := openTill(t, r, "claire", "1234")
			must(t, a.AddTickets("hamlet-04", "galerie", "adult", 2))
			first, err := a.Checkout(cash())
			must(t, err)
			must(t, a.AddTickets("hamlet-04", "galerie", "adult", 1))
			second, err := a.Checkout(cash())
			must(t, err)

			credit, err := a.Exchange(first.Number, []string{first.Tickets[0].Number})
			must(t, err)
			returned := []pos.Ticket{first.Tickets[0]}
			if sameOrder {
				more, err := a.Exchange(first.Number, []string{first.Tickets[1].Number})
				must(t, err)
				if want := credit.Plus(first.Tickets[1].Price); more != want || a.Credit() != want {
					t.Fatalf("the credit after a second ticket of %s: %s (cart %s), want %s", first.Number, more, a.Credit(), want)
				}
				credit = more
				returned = append(returned, first.Tickets[1])
			} else {
				_, err = a.Exchange(second.Number, []string{second.Tickets[0].Number})
				if err == nil || !strings.Contains(err.Error(), first.Number) {
					t.Errorf("a second order's exchange into a cart holding %s's credit: %v, want a refusal naming %s", first.Number, err, first.Number)
				}
				if got := a.Credit(); got != credit {
					t.Fatalf("the cart's credit is %s, %s before the second exchange", got, credit)
				}
			}
			must(t, a.AddTickets("hamlet-04", "galerie", "adult", 3))
			_, err = a.Checkout(cash())
			must(t, err)
			ov, _, err := r.Order(first.Number)
			must(t, err)
			for _, tk := range returned {
				for _, v := range ov.Tickets {
					if v.Number == tk.Number && v.State == TicketValid {
						t.Errorf("ticket %s, exchanged, is still valid after the sale its credit paid", tk.Number)
					}
				}
			}
			checkJournal(t, r)
		})
	}
}
