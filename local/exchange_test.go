package local

import (
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// A ticket put in a till's cart as an exchange credit, then exchanged or
// canceled at another till before that cart is sold, pays nothing: the
// sale is refused, and the ticket's place is given back once.
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
