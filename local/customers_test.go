package local

import (
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TestAnOrdersCustomerIsSetAfterTheSale: a sale made without a customer
// gets one afterwards, then another; the order is found by the new
// customer's name, previous-buyer counts follow, and a rebuild agrees.
func TestAnOrdersCustomerIsSetAfterTheSale(t *testing.T) {
	r, clk := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	o, err := till.Checkout(cash())
	must(t, err)
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch", Newsletter: true, Phone: "+41 79 000 00 00"})
	must(t, err)
	if zoe.Name != "Zoé Müller" || !zoe.NewsletterSince.Equal(clk.Now().UTC()) {
		t.Fatalf("saved %+v", zoe)
	}
	clk.Add(3600e9)
	zoe.Notes = "préfère le balcon"
	zoe2, err := r.SaveCustomer("claire", zoe)
	must(t, err)
	if !zoe2.NewsletterSince.Equal(zoe.NewsletterSince) {
		t.Errorf("an edit moved the consent's date: %v", zoe2.NewsletterSince)
	}
	bob, err := r.SaveCustomer("claire", pos.Customer{Name: "Bob Roe"})
	must(t, err)
	if err := till.SetOrderCustomer(o.Number, "K01-C99999"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown customer: %v", err)
	}
	must(t, till.SetOrderCustomer(o.Number, zoe.ID))
	found, err := r.FindOrders("müller", 0)
	must(t, err)
	if len(found) != 1 || found[0].Order.Number != o.Number || found[0].Customer == nil || found[0].Customer.ID != zoe.ID {
		t.Fatalf("found by the customer: %+v", found)
	}
	must(t, till.SetOrderCustomer(o.Number, bob.ID))
	if found, _ := r.FindOrders("müller", 0); len(found) != 0 {
		t.Fatalf("still found by the previous customer: %+v", found)
	}
	counts := func() (int, int) {
		var z, b int
		must(t, r.read(func(tx *bolt.Tx) error {
			z, b = getInt(view(tx, vByCustomer), []byte(zoe.ID)), getInt(view(tx, vByCustomer), []byte(bob.ID))
			return nil
		}))
		return z, b
	}
	if z, b := counts(); z != 0 || b != 1 {
		t.Fatalf("previous buyers: zoe %d, bob %d", z, b)
	}
	r.Close()
	res, err := Rebuild(r.path)
	must(t, err)
	if !res.Identical {
		t.Fatalf("rebuild: %+v", res)
	}
}

func TestCustomersImportUpdatesByEmail(t *testing.T) {
	r, _ := openTest(t, "")
	zoe, err := r.SaveCustomer("claire", pos.Customer{Name: "Zoe M", Email: "zoe.muller@example.org"})
	must(t, err)
	list, err := r.ImportCustomers("claire", []byte(pos.CustomersCSVExample))
	must(t, err)
	if len(list) != 2 || list[0].ID != zoe.ID || list[0].Name != "Zoé Müller" || list[1].ID == "" || list[1].ID == zoe.ID {
		t.Fatalf("imported %+v", list)
	}
	all, err := r.SearchCustomers("", 0)
	must(t, err)
	if len(all) != 2 {
		t.Fatalf("%d customers, want 2 (one updated, one new)", len(all))
	}
	var ie *pos.CustomersImportError
	if _, err := r.ImportCustomers("claire", []byte("name,email\nA,a@example.ch\nB,bad\n")); !errors.As(err, &ie) || ie.Problems[0].Line != 3 {
		t.Fatalf("bad file: %v", err)
	}
	if all, _ := r.SearchCustomers("", 0); len(all) != 2 {
		t.Fatalf("a refused import added customers: %d", len(all))
	}
}

// TestALapsedOrderGivenAnotherCustomerMakesNobodyAPreviousBuyer: an
// invoice that lapsed counts for nobody (its seats were released); setting
// its customer afterwards must not make the new customer a previous buyer,
// nor take an order off the customer it had.
func TestALapsedOrderGivenAnotherCustomerMakesNobodyAPreviousBuyer(t *testing.T) {
	r, clk := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	zoe, err := r.SaveCustomer("claire", pos.Customer{Name: "Zoé Müller", Email: "zoe@example.ch"})
	must(t, err)
	bob, err := r.SaveCustomer("claire", pos.Customer{Name: "Bob Roe", Email: "bob@example.ch"})
	must(t, err)
	// zoe has one paid order: a previous buyer
	must(t, till.SetCustomer(zoe.ID))
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	_, err = till.Checkout(cash())
	must(t, err)
	// and one invoice, which lapses
	must(t, till.SetCustomer(zoe.ID))
	must(t, till.AddSeats("hamlet-04", "parterre", "adult", "C-1", "C-2"))
	inv, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	clk.Add(inv.Deadline.Sub(clk.Now()) + time.Minute)
	if n, err := r.LapseDue(); err != nil || n != 1 {
		t.Fatalf("lapsed %d, %v", n, err)
	}
	counts := func() (int, int) {
		var z, b int
		must(t, r.read(func(tx *bolt.Tx) error {
			z, b = getInt(view(tx, vByCustomer), []byte(zoe.ID)), getInt(view(tx, vByCustomer), []byte(bob.ID))
			return nil
		}))
		return z, b
	}
	if z, b := counts(); z != 1 || b != 0 {
		t.Fatalf("after the lapse: zoe %d, bob %d orders; want 1, 0", z, b)
	}
	must(t, till.SetOrderCustomer(inv.Number, bob.ID))
	if z, b := counts(); z != 1 || b != 0 {
		t.Fatalf("the lapsed order given to bob: zoe %d, bob %d orders; want 1, 0", z, b)
	}
	r.Close()
	res, err := Rebuild(r.path)
	must(t, err)
	if !res.Identical {
		t.Fatalf("rebuild: %+v", res)
	}
}

// TestAnImportUpdatesOnlyTheColumnsItHas: a list of names and e-mails
// imported for a "chosen list" updates the customers it names, and keeps
// what its file has no column for: their newsletter consent (and its
// day), language, civility, address, phone and notes.
func TestAnImportUpdatesOnlyTheColumnsItHas(t *testing.T) {
	r, clk := openTest(t, "")
	zoe, err := r.SaveCustomer("claire", pos.Customer{Civility: "Mme", FirstName: "Zoe", LastName: "Muller", Email: "zoe@example.ch",
		Phone: "+41 79 000 00 00", Address: "Rue du Lac 4\n1000 Lausanne", Lang: pos.English, Newsletter: true, Notes: "balcon"})
	must(t, err)
	clk.Add(24 * time.Hour)
	list, err := r.ImportCustomers("claire", []byte("first_name,last_name,email\nZoé,Müller,zoe@example.ch\n"))
	must(t, err)
	want := zoe
	want.FirstName, want.LastName, want.Name = "Zoé", "Müller", "Zoé Müller"
	if len(list) != 1 || list[0] != want {
		t.Fatalf("imported\n%+v\nwant\n%+v", list, want)
	}
	found, err := r.SearchCustomers("zoe@example.ch", 0)
	must(t, err)
	if len(found) != 1 || found[0] != want {
		t.Fatalf("recorded\n%+v\nwant\n%+v", found, want)
	}
}
