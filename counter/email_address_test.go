package counter

import (
	"slices"
	"testing"
	"time"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAMessageNotYetSentGoesToTheCustomersCurrentAddress: a message to
// the order's customer that waits (a 4xx, the server down) goes to the
// address the desk corrected since, not to the one it was queued with; a
// message sent to an address typed at the desk keeps it.
func TestAMessageNotYetSentGoesToTheCustomersCurrentAddress(t *testing.T) {
	for _, tc := range []struct {
		name, typed, want string
		invoice           bool
	}{
		{name: "tickets to the customer", want: "zoe.muller@example.ch"},
		{name: "tickets to the customer's address typed", typed: "ZOE@example.ch", want: "zoe.muller@example.ch"},
		{name: "invoice", invoice: true, want: "zoe.muller@example.ch"},
		{name: "tickets to another address typed", typed: "friend@example.ch", want: "friend@example.ch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.New(t)
			r := newMailRig(t, srv, nil)
			srv.Refuse(451)
			var o pos.Order
			if tc.invoice {
				o = r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
			} else {
				o = r.sell("hamlet-01", 1, zoe)
				if _, err := r.till.SendTickets(o.Number, tc.typed); err != nil {
					t.Fatal(err)
				}
			}
			if p := r.pass(); len(p.Retry) != 1 {
				t.Fatalf("first pass %+v", p)
			}
			ov, _, err := r.svc.Order(o.Number)
			if err != nil {
				t.Fatal(err)
			}
			c := *ov.Customer
			c.Email = "zoe.muller@example.ch"
			if _, err := r.svc.SaveCustomer("claire", c); err != nil {
				t.Fatal(err)
			}
			r.clk.Add(time.Hour)
			if p := r.pass(); len(p.Sent) != 1 {
				t.Fatalf("second pass %+v", p)
			}
			k := srv.MessageIDs(t)
			if len(k[tc.want]) != 1 || len(k) != 1 {
				t.Fatalf("received %v, want one message to %s", k, tc.want)
			}
		})
	}
}

// TestTheInvoiceGoesOnceThePendingOrderHasAnAddress: an invoice order
// placed without a customer, or whose customer had no e-mail, gets its
// invoice e-mail when the customer is set on the order, or when the desk
// sends the order's e-mail once the address is known: once, under the id
// checkout gives it.
func TestTheInvoiceGoesOnceThePendingOrderHasAnAddress(t *testing.T) {
	invoice := pos.Tender{Method: "invoice"}
	t.Run("customer set after the sale", func(t *testing.T) {
		srv := mailtest.New(t)
		r := newMailRig(t, srv, nil)
		o := r.sell("hamlet-05", 3, pos.Customer{}, invoice)
		c, err := r.svc.SaveCustomer("claire", zoe)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.till.SetOrderCustomer(o.Number, c.ID); err != nil {
			t.Fatal(err)
		}
		r.pass()
		if err := r.till.SetOrderCustomer(o.Number, ""); err != nil {
			t.Fatal(err)
		}
		if err := r.till.SetOrderCustomer(o.Number, c.ID); err != nil {
			t.Fatal(err)
		}
		r.pass()
		if k := srv.MessageIDs(t); len(k["zoe@example.ch"]) != 1 || k["zoe@example.ch"][0] != o.Number+".invoice" {
			t.Fatalf("received %v, want the invoice once", k)
		}
	})
	t.Run("e-mail added to the customer, sent from the desk", func(t *testing.T) {
		srv := mailtest.New(t)
		r := newMailRig(t, srv, nil)
		o := r.sell("hamlet-05", 3, pos.Customer{Name: "Zoé Müller"}, invoice)
		r.pass()
		if n := len(srv.Messages()); n != 0 {
			t.Fatalf("%d messages with no address", n)
		}
		ov, _, _ := r.svc.Order(o.Number)
		c := *ov.Customer
		c.Email = "zoe@example.ch"
		if _, err := r.svc.SaveCustomer("claire", c); err != nil {
			t.Fatal(err)
		}
		if _, err := r.till.SendTickets(o.Number, ""); err != nil {
			t.Fatal(err)
		}
		r.pass()
		k := srv.MessageIDs(t)
		if got := k["zoe@example.ch"]; !slices.Contains(got, o.Number+".invoice") || !slices.Contains(got, o.Number+".tickets-1") {
			t.Fatalf("received %v, want the invoice and the tickets", k)
		}
	})
}

// TestTheOrdersScreenSaysWhereAWaitingMessageWillGo: a message to the
// customer waiting for a retry shows the customer's corrected address,
// where it will go; one already refused keeps the address that refused it.
func TestTheOrdersScreenSaysWhereAWaitingMessageWillGo(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, nil)
	o := r.sell("hamlet-01", 1, zoe)
	srv.Refuse(550, 451)
	refused, _ := r.till.SendTickets(o.Number, "")
	r.pass()
	waiting, _ := r.till.SendTickets(o.Number, "")
	r.pass()
	ov, _, _ := r.svc.Order(o.Number)
	c := *ov.Customer
	c.Email = "zoe.muller@example.ch"
	if _, err := r.svc.SaveCustomer("claire", c); err != nil {
		t.Fatal(err)
	}
	ob, err := r.svc.OutboxOf(o.Number)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range ob {
		got[m.ID] = m.To
	}
	if got[refused.ID] != "zoe@example.ch" || got[waiting.ID] != "zoe.muller@example.ch" {
		t.Fatalf("outbox of the order %v", got)
	}
}
