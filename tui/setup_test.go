package tui

import (
	"testing"

	"guichet/local"
	"guichet/pos"
)

// claireAtTill is a till of Claire's with her shift open (CHF 100 in the
// drawer), to set a register up before a session starts. The caller
// closes it.
func claireAtTill(t *testing.T, r *local.Register) *local.Till {
	t.Helper()
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(chf(10000)); err != nil {
		t.Fatal(err)
	}
	return till
}

// sellAt adds n places of category in perf's zone to till's cart and
// records the order, paid by tenders.
func sellAt(t *testing.T, till *local.Till, perf, zone, category string, n int, tenders ...pos.Tender) pos.Order {
	t.Helper()
	if err := till.AddTickets(perf, zone, category, n); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout(tenders)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

var cashTender = pos.Tender{Method: "cash"}

// exchangedFirstOfTwo sells two gallery places of tonight's Hamlet for
// cash and exchanges the first for a child's place (order K01-000002):
// the first order, one ticket exchanged, one valid.
func exchangedFirstOfTwo(t *testing.T, r *local.Register) pos.Order {
	t.Helper()
	till := claireAtTill(t, r)
	defer till.Close()
	two := sellAt(t, till, "hamlet-00", "galerie", "adult", 2, cashTender)
	if _, err := till.Exchange(two.Number, []string{two.Number + "-01"}); err != nil {
		t.Fatal(err)
	}
	sellAt(t, till, "hamlet-00", "galerie", "child", 1, cashTender)
	return two
}

// claireSignedIn is a session on r in lang at 80x24 with Claire's PIN
// typed (her shift already open).
func claireSignedIn(t *testing.T, r *local.Register, lang pos.Lang) *session {
	t.Helper()
	s := startSession(t, newTestApp(r, lang), 80, 24)
	s.waitFor(s.tr("unlock.pin"))
	s.typ("1234")
	s.keys("enter")
	return s
}

// toStandingGallery goes from the sales list to the free-placement screen
// of the second performance's standing gallery.
func (s *session) toStandingGallery() {
	s.tb.Helper()
	s.keys("down", "enter")
	s.waitFor("Galerie debout")
	s.keys("down", "enter")
	s.waitFor(s.tr("ga.title"))
}
