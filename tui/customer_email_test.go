package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"guichet/pos"
)

// TestANewCustomerWithAnotherOnesEmailIsAskedAbout: Ctrl+N, a customer
// typed with Zoé's e-mail: the screen names Zoé and asks; Enter makes her
// the sale's customer (no second record); Ctrl+N there records the new one
// anyway, sharing the address. Before, a second record was made unasked.
func TestANewCustomerWithAnotherOnesEmailIsAskedAbout(t *testing.T) {
	r := openRegister(t)
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	if err != nil {
		t.Fatal(err)
	}
	app := newTestApp(r, "en")
	d := newDriver(t, app, 100, 24)
	d.unlock("0")
	d.keys("down", "enter", "down", "enter", "+", "enter", "c") // one standing place, the cart
	luc := func() {
		d.keys("u")
		d.expect(tr("en", "cust.search"))
		d.send(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
		d.expect(tr("en", "cust.new"))
		d.typ("Luc")
		d.keys("tab")
		d.typ("Müller")
		d.keys("tab")
		d.typ("zoe@example.ch")
		d.keys("enter")
		d.expect(tr("en", "cust.inuse", zoe.Name, zoe.ID))
	}
	luc()
	d.keys("enter")
	d.expect(tr("en", "cust.chosen", zoe.Name))
	if app.c.till.Cart().Customer != zoe.ID {
		t.Fatalf("the sale's customer is %q, want Zoé (%s)", app.c.till.Cart().Customer, zoe.ID)
	}
	if found, _ := r.SearchCustomers("luc", 0); len(found) != 0 {
		t.Fatalf("Luc recorded when Zoé was chosen: %+v", found)
	}
	luc()
	d.send(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
	d.expect(tr("en", "cust.saved", "Luc Müller"))
	found, _ := r.SearchCustomers("luc", 0)
	if len(found) != 1 || found[0].Email != "zoe@example.ch" || app.c.till.Cart().Customer != found[0].ID {
		t.Fatalf("Luc sharing the address: %+v, the sale's customer %q", found, app.c.till.Cart().Customer)
	}
	if s := d.screen(); strings.Contains(s, tr("en", "cust.inuse", zoe.Name, zoe.ID)) {
		t.Fatalf("the question stays:\n%s", s)
	}
}
