package local

import (
	"errors"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"pgregory.net/rapid"

	"guichet/pos"
)

// emailStep is the rebuild property test's e-mail work: a message queued
// for an order (tickets, invoice or before-show), then sent, failed for a
// while or refused.
func emailStep(rt *rapid.T, r *Register, orders []pos.Order, now time.Time) {
	if len(orders) == 0 {
		return
	}
	o := rapid.SampledFrom(orders).Draw(rt, "email order")
	kind := rapid.SampledFrom([]string{pos.EmailTickets, pos.EmailInvoice, pos.EmailBeforeShow}).Draw(rt, "email kind")
	req := EmailRequest{Kind: kind, Order: o.Number, To: "zoe@example.ch", Name: "Zoé Müller", Lang: "fr"}
	if kind == pos.EmailBeforeShow && len(o.Tickets) > 0 {
		req.Performance = o.Tickets[0].Performance
		req.ID = o.Number + "/before-" + req.Performance
	}
	m, err := r.QueueEmail("", req)
	if err != nil {
		return
	}
	switch rapid.IntRange(0, 3).Draw(rt, "email outcome") {
	case 0:
		_ = r.EmailSent(m.ID, "250 2.0.0 Ok: queued")
	case 1:
		_ = r.EmailFailed(m.ID, "dial tcp: connection refused", false, now.Add(time.Minute))
		_ = r.EmailSent(m.ID, "250 Ok")
	case 2:
		_ = r.EmailFailed(m.ID, "550 no such user", true, time.Time{})
	}
}

// TestOutbox: a tickets message carries the valid tickets, a second one
// says copy; a sent message is never marked sent again; a refused one is
// not due; the scheduler's indexes follow payment and cancellation.
func TestOutbox(t *testing.T) {
	r, clk := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
	o, err := till.Checkout(cash())
	must(t, err)
	if _, err := r.QueueEmail("claire", EmailRequest{Kind: pos.EmailTickets, Order: o.Number, To: "zoe@example\r\nBcc: x@y.ch"}); err == nil {
		t.Fatal("an address with a line break was queued")
	}
	m1, err := r.QueueEmail("claire", EmailRequest{Kind: pos.EmailTickets, Order: o.Number, To: "Zoe@Example.ch"})
	must(t, err)
	if m1.To != "zoe@example.ch" || len(m1.Tickets) != 2 || m1.Copy || m1.State != EmailWaiting || m1.ID != o.Number+"/tickets-1" {
		t.Fatalf("first message %+v", m1)
	}
	if due, _ := r.DueEmails(clk.Now()); len(due) != 1 || due[0].ID != m1.ID {
		t.Fatalf("due %+v", due)
	}
	must(t, r.EmailFailed(m1.ID, "421 try later", false, clk.Now().Add(time.Minute)))
	if due, _ := r.DueEmails(clk.Now()); len(due) != 0 {
		t.Fatalf("a message due before its next try: %+v", due)
	}
	clk.Add(time.Minute)
	if due, _ := r.DueEmails(clk.Now()); len(due) != 1 || due[0].Attempts != 1 || due[0].LastError != "421 try later" {
		t.Fatalf("due after the wait %+v", due)
	}
	must(t, r.EmailSent(m1.ID, "250 ok"))
	if err := r.EmailSent(m1.ID, "250 ok"); !errors.Is(err, ErrEmailDone) {
		t.Fatalf("sent twice: %v", err)
	}
	if n, _ := r.EmailedTickets(o.Number); n[o.Tickets[0].Number] != 1 || len(n) != 2 {
		t.Fatalf("emailed %v", n)
	}
	m2, err := r.QueueEmail("claire", EmailRequest{Kind: pos.EmailTickets, Order: o.Number, To: "zoe@example.ch"})
	must(t, err)
	if !m2.Copy || m2.ID != o.Number+"/tickets-2" {
		t.Fatalf("resend %+v", m2)
	}
	must(t, r.EmailFailed(m2.ID, "550 mailbox unavailable", true, time.Time{}))
	clk.Add(time.Hour)
	if due, _ := r.DueEmails(clk.Now()); len(due) != 0 {
		t.Fatalf("a refused message is due: %+v", due)
	}
	if _, err := r.QueueEmail("", EmailRequest{ID: m1.ID, Kind: pos.EmailTickets, Order: o.Number, To: "zoe@example.ch"}); !errors.Is(err, ErrEmailQueued) {
		t.Fatalf("same id queued twice: %v", err)
	}
	if _, err := r.QueueEmail("", EmailRequest{Kind: pos.EmailInvoice, Order: o.Number, To: "zoe@example.ch"}); err == nil {
		t.Fatal("an invoice for a paid order was queued")
	}

	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 3))
	inv, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	if p, _ := r.PendingInvoices(); len(p) != 1 || p[0] != inv.Number {
		t.Fatalf("pending %v", p)
	}
	if p, _ := r.OrdersFor("hamlet-01"); len(p) != 0 {
		t.Fatalf("orders for hamlet-01 with no customer %v", p)
	}
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	must(t, err)
	must(t, till.SetOrderCustomer(inv.Number, zoe.ID))
	if p, _ := r.OrdersFor("hamlet-01"); len(p) != 1 || p[0] != inv.Number {
		t.Fatalf("orders for hamlet-01 %v", p)
	}
	must(t, till.ValidatePayment(inv.Number, pos.Tender{Reference: "VIR-1"}))
	if p, _ := r.PendingInvoices(); len(p) != 0 {
		t.Fatalf("pending after payment %v", p)
	}
	must(t, till.Cancel(inv.Number, "changed their mind"))
	if p, _ := r.OrdersFor("hamlet-01"); len(p) != 0 {
		t.Fatalf("orders for hamlet-01 after cancellation %v", p)
	}
	inc, reb := viewsAfterRebuild(t, r)
	if inc != reb {
		t.Fatal("views differ after rebuild")
	}
}

// TestOrdersForFollowTheCustomerAndValidTickets: the before-show e-mail's
// index lists an order under a performance while it has a customer and a
// valid ticket there: not an order sold with no customer (and such a sale
// leaves the outbox's pages alone), an order once its customer is set, still
// after one of its two tickets is canceled, no more once the other is, nor
// once its tickets are exchanged or an unpaid invoice lapses.
func TestOrdersForFollowTheCustomerAndValidTickets(t *testing.T) {
	r, clk := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	must(t, err)
	listed := func(perf string) []string {
		t.Helper()
		got, err := r.OrdersFor(perf)
		must(t, err)
		return got
	}
	outboxRoot := func() any {
		var root any
		must(t, r.read(func(tx *bolt.Tx) error {
			root = view(tx, vOutbox).Root()
			return nil
		}))
		return root
	}

	// Enough customers' orders that the outbox has pages of its own.
	for range 40 {
		must(t, till.SetCustomer(zoe.ID))
		must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
		_, err := till.Checkout(cash())
		must(t, err)
	}
	before := outboxRoot()
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	anon, err := till.Checkout(cash())
	must(t, err)
	if root := outboxRoot(); root != before || slices.Contains(listed("hamlet-01"), anon.Number) {
		t.Fatalf("a sale with no customer wrote the outbox (root page %v, was %v) or is listed", root, before)
	}

	must(t, till.SetOrderCustomer(anon.Number, zoe.ID))
	if !slices.Contains(listed("hamlet-01"), anon.Number) {
		t.Fatal("an order whose customer was set is not listed")
	}
	must(t, till.CancelPart(anon.Number, "one gives back", CancelOptions{Tickets: []string{anon.Tickets[0].Number}}))
	if !slices.Contains(listed("hamlet-01"), anon.Number) {
		t.Fatal("an order with a valid ticket left is no longer listed after a partial cancel")
	}
	must(t, till.CancelPart(anon.Number, "the other too", CancelOptions{Tickets: []string{anon.Tickets[1].Number}}))
	if slices.Contains(listed("hamlet-01"), anon.Number) {
		t.Fatal("an order with no valid ticket is still listed")
	}

	must(t, till.SetCustomer(zoe.ID))
	must(t, till.AddTickets("hamlet-04", "galerie", "adult", 2))
	swapped, err := till.Checkout(cash())
	must(t, err)
	_, err = till.Exchange(swapped.Number, []string{swapped.Tickets[0].Number, swapped.Tickets[1].Number})
	must(t, err)
	must(t, till.AddItem(pos.LineProduct, "programme", 1))
	_, err = till.Checkout(cash())
	must(t, err)
	if slices.Contains(listed("hamlet-04"), swapped.Number) {
		t.Fatal("an order whose tickets were all exchanged is still listed")
	}

	must(t, till.SetCustomer(zoe.ID))
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 3)) // an invoice is for CHF 50 or more
	inv, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	if !slices.Contains(listed("hamlet-01"), inv.Number) {
		t.Fatal("an invoice order with a customer is not listed")
	}
	clk.Add(40 * 24 * time.Hour)
	if lapsed, err := r.LapseDue(); err != nil || lapsed == 0 {
		t.Fatalf("the invoice did not lapse: %d, %v", lapsed, err)
	}
	if slices.Contains(listed("hamlet-01"), inv.Number) {
		t.Fatal("a lapsed order, its tickets released, is still listed")
	}
}
