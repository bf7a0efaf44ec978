package local

import (
	"strings"
	"testing"

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
