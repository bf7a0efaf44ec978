package tui

import (
	"strings"
	"testing"

	"guichet/local"
	"guichet/pos"
)

// TestTheXSaysTicketsAndPassesApart: two standing places and a day pass
// sold in one order, one place canceled and refunded in cash. The X at
// the till said "billets : 3" where the sale's done screen had said two
// tickets and a pass. It says "billets : 2, pass : 1", at 80x24 in
// French and 160x50 in English. The test failed before: "billets : 3".
func TestTheXSaysTicketsAndPassesApart(t *testing.T) {
	testTheX(t, false)
}

// TestTheXSaysRefundsAsMoneyOut: the same X listed the refunds as "CHF
// 25.00" under the drawer's cash refunds "CHF -25.00", as if money had
// come in. Both carry the minus, at 80x24 in French and 160x50 in
// English. The test failed before: "Remboursements : 1 CHF 25.00".
func TestTheXSaysRefundsAsMoneyOut(t *testing.T) {
	testTheX(t, true)
}

// testTheX opens the X of TestTheXSaysTicketsAndPassesApart's sale, and
// reads its counts, or its refunds.
func testTheX(t *testing.T, refunds bool) {
	r := openRegister(t)
	till := claireAtTill(t, r)
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	if err := till.AddItem(pos.LinePass, "festival-jour-1", 1); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := till.CancelPart(o.Number, "one cannot come", local.CancelOptions{Tickets: []string{o.Tickets[0].Number}}); err != nil {
		t.Fatal(err)
	}
	till.Close()
	for _, tc := range []struct {
		lang          pos.Lang
		w, h          int
		counts, money string
	}{
		{"fr", 80, 24, "commandes : 1, billets : 2, pass : 1, annulations : 1 (dont 1 partielle)", "Remboursements"},
		{"en", 160, 50, "orders: 1, tickets: 2, passes: 1, cancellations: 1 (1 partial)", "Refunds"},
	} {
		s := startSession(t, newTestApp(r, tc.lang), tc.w, tc.h)
		s.waitFor(s.tr("unlock.pin"))
		s.typ("1234")
		s.keys("enter")
		s.waitFor(s.tr("key.orders"))
		s.keys("z")
		s.waitFor(tc.counts)
		if !refunds {
			s.quit()
			continue
		}
		refund := pos.M(-2500, "CHF").Format(tc.lang)
		found := 0
		for _, l := range strings.Split(s.screen(), "\n") {
			// the drawer's row and the detail's total say the same
			if strings.Contains(strings.ToLower(l), strings.ToLower(tc.money)) && strings.Contains(l, refund) {
				found++
			}
		}
		if found != 2 {
			t.Errorf("%s: the drawer's refunds and the refunds total do not both say %s:\n%s", tc.lang, refund, s.screen())
		}
		s.quit()
	}
}
