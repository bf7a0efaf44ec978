package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"guichet/pos"
)

// TestTheCartSaysWhyTheAutomaticOfferDoesNotApply: a cart over the automatic
// offer's per-order limit is sold at regular prices, and the cart says why
// where it says why a typed code does not apply.
func TestTheCartSaysWhyTheAutomaticOfferDoesNotApply(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.unlock("")
	cur := d.app.c.cat.Currency()
	d.app.c.sale.priced = pos.PricedCart{Currency: cur, Tickets: 5, Regular: pos.Zero(cur), Total: pos.Zero(cur), Discount: pos.Zero(cur), FeesTotal: pos.Zero(cur),
		Lines:       []pos.PricedLine{{CartLine: pos.CartLine{Kind: pos.LineTicket, Quantity: 5}, Name: "Adult", Regular: pos.Zero(cur), Charged: pos.Zero(cur)}},
		AutoRefusal: &pos.CodeRefusal{Reason: pos.RefusedTooManyTickets, Message: `the automatic offer "Autumn" allows at most 4 tickets per order`}}
	s := newCart(d.app.c)
	s.SetSize(80, 20)
	flat := strings.Join(strings.Fields(ansi.Strip(s.View())), " ")
	if !strings.Contains(flat, `No discount: the automatic offer "Autumn" allows at most 4 tickets per order.`) {
		t.Fatalf("the cart does not say why the automatic offer does not apply:\n%s", s.View())
	}
}
