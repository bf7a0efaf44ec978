package local

import (
	"testing"

	"guichet/pos"
)

// TestACartKeepsItsOfferTicketsAfterARefusedCodeOrACustomer: a till's cart
// holding the last ticket of an offer (MaxTickets 1) counts against it at
// the other tills while it is held, also after a code typed on it was
// refused (the cart keeps its code), a customer was attached (as
// `guichet order place` does between SetCart and Checkout) or an exchange
// credit was taken on it (which may attach its customer): the other
// till is not shown the offer's price for a ticket the checkout then
// refuses it.
func TestACartKeepsItsOfferTicketsAfterARefusedCodeOrACustomer(t *testing.T) {
	for _, tc := range []struct {
		name string
		then func(t *testing.T, r *Register, a *Till)
	}{
		{"nothing more", func(*testing.T, *Register, *Till) {}},
		{"a refused code", func(t *testing.T, _ *Register, a *Till) {
			if _, err := a.ApplyCode("NOPE"); err == nil {
				t.Fatal("the code NOPE applied")
			}
		}},
		{"a customer", func(t *testing.T, r *Register, a *Till) {
			c, err := r.SaveCustomer("claire", pos.Customer{Name: "John Smith", Civility: "Monsieur"})
			must(t, err)
			must(t, a.SetCustomer(c.ID))
		}},
		{"an exchange credit", func(t *testing.T, r *Register, a *Till) {
			// a ticket sold at another till, to a customer, comes back as
			// credit on the cart (which takes the customer too)
			c, err := r.SaveCustomer("claire", pos.Customer{Name: "Zoé Favre", Email: "zoe@example.ch"})
			must(t, err)
			m := openTill(t, r, "claire", "1234")
			must(t, m.AddTickets("hamlet-04", "galerie", "adult", 1))
			must(t, m.SetCustomer(c.ID))
			o, err := m.Checkout(cash())
			must(t, err)
			_, err = a.Exchange(o.Number, []string{o.Tickets[0].Number})
			must(t, err)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			last := pos.Offer{ID: "dernier", Name: pos.Text{"fr": "Dernière", "en": "Last one"}, Description: pos.Text{"fr": "10 %", "en": "10%"},
				Effect: pos.EffectPercent, PercentBP: 1000, MaxTickets: 1}
			if _, err := r.SaveOffer("claire", last); err != nil {
				t.Fatal(err)
			}
			must(t, r.AddCodes("claire", "dernier", []pos.Code{{Code: "DERNIER"}}))
			a := openTill(t, r, "claire", "1234")
			b := openTill(t, r, "claire", "1234")
			must(t, a.AddTickets("hamlet-00", "galerie", "adult", 1))
			pc, err := a.ApplyCode("DERNIER")
			must(t, err)
			if pc.Offer == nil || pc.Offer.ID != "dernier" {
				t.Fatalf("the offer did not apply on the first cart: %+v, refused %q", pc.Offer, pc.CodeRefused)
			}
			tc.then(t, r, a)

			must(t, b.AddTickets("hamlet-00", "galerie", "adult", 1))
			pc, err = b.ApplyCode("DERNIER")
			if err == nil && pc.Offer != nil {
				t.Fatalf("the other till is given the offer whose last ticket the first cart holds (%s)", pc.Total)
			}
		})
	}
}
