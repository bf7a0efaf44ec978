package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestTheDeskFindsAnOrderByATicket: a customer at the counter hands over
// a ticket, or reads out the order's digits. The orders screen (o) found
// nothing for the ticket's number printed on it ("K01-000002-02"), for its
// QR code scanned (cut at 60 characters, and not an order number), or for
// "3"; each now lists the one order it names, and Enter opens it.
func TestTheDeskFindsAnOrderByATicket(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("0")
	s.sellGallery(1, "K01-000001")
	for i, order := range []string{"K01-000002", "K01-000003"} {
		s.keys("enter") // the list's cursor is still on tonight's Hamlet
		s.addGallery(2 - i)
		s.waitFor(s.tr("pick.perfs"), s.tr("pick.added", ""))
		s.payCashExact(order)
		s.keys("n")
		s.waitFor(s.tr("pick.perfs"), "o "+s.tr("key.orders"))
	}
	ov, ok, err := r.Order("K01-000002")
	if !ok || err != nil || len(ov.Tickets) != 2 || ov.Tickets[1].QR == "" {
		t.Fatalf("order K01-000002: %v %v %+v", ok, err, ov.Tickets)
	}
	s.keys("o")
	s.waitFor("K01-000001", "K01-000002", "K01-000003")
	only := func(query, order string) {
		t.Helper()
		if !s.wait(func() bool {
			scr := s.screen()
			n := strings.Count(scr, "✓ K01-") // the rows listed, not the query
			return strings.Contains(scr, query) && n == 1 && strings.Contains(scr, "✓ "+order)
		}) {
			t.Fatalf("searching %q, the screen does not list %s alone:\n%s", query, order, s.screen())
		}
	}
	clear := func(n int) {
		for range n {
			s.keys("backspace")
		}
	}
	s.typ("K01-000002-02")
	only("K01-000002-02", "K01-000002")
	s.keys("enter")
	s.waitFor("K01-000002-01", "K01-000002-02")
	s.keys("esc")
	s.waitFor(s.tr("orders.search"))
	clear(len("K01-000002-02"))
	s.typ("3")
	only("3", "K01-000003")
	clear(1)
	qr := ov.Tickets[1].QR
	s.tm.Send(tea.PasteMsg{Content: qr}) // a scanner as the terminal gives it
	if !s.wait(func() bool {
		scr := s.screen()
		return strings.Count(scr, "✓ K01-") == 1 && strings.Contains(scr, "✓ K01-000002")
	}) {
		t.Fatalf("the QR code scanned does not list K01-000002 alone:\n%s", s.screen())
	}
}
