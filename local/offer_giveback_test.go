package local

import (
	"errors"
	"testing"

	"guichet/pos"
)

// tryCode prices n places of category in hamlet-00's galerie with code at
// till t, from an empty cart, and returns why the code was refused ("":
// it applied).
func tryCode(t *testing.T, till *Till, category string, n int, code string) pos.RefusalReason {
	t.Helper()
	till.ClearCart()
	must(t, till.AddTickets("hamlet-00", "galerie", category, n))
	pc, err := till.ApplyCode(code)
	var refusal *pos.CodeRefusal
	switch {
	case errors.As(err, &refusal):
		return refusal.Reason
	case err != nil:
		t.Fatal(err)
	case pc.Offer == nil || pc.Offer.Code != code:
		t.Fatalf("%s: applied %+v", code, pc.Offer)
	}
	return ""
}

// TestAPartialCancellationKeepsTheCodesUseUntilTheLastTicket: a code's
// quantity allowed counts orders (DESIGN.md), and an order canceled gives
// its use back; an order of which some tickets are canceled still stands
// and still used the code, until its last ticket goes.
func TestAPartialCancellationKeepsTheCodesUseUntilTheLastTicket(t *testing.T) {
	r, _ := openTest(t, "")
	must(t, r.AddCodes("claire", "enfants", []pos.Code{{Code: "SEUL", MaxUses: 1}}))
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "lea", "2468")
	if why := tryCode(t, a, "child", 2, "SEUL"); why != "" {
		t.Fatalf("SEUL refused: %s", why)
	}
	o, err := a.Checkout(cash())
	must(t, err)
	for i, step := range []struct {
		cancel string // a ticket canceled before the step
		want   pos.RefusalReason
	}{
		{"", pos.RefusedUsedUp},
		{o.Tickets[0].Number, pos.RefusedUsedUp}, // the order stands
		{o.Tickets[1].Number, ""},                // its last ticket: the order is canceled
	} {
		if step.cancel != "" {
			must(t, a.CancelPart(o.Number, "test", CancelOptions{Tickets: []string{step.cancel}}))
		}
		if why := tryCode(t, b, "child", 1, "SEUL"); why != step.want {
			t.Errorf("step %d: SEUL at another till: %q, want %q", i, why, step.want)
		}
	}
	checkJournal(t, r)
}

// TestTicketsGivenBackLeaveTheirOffersQuota: an offer's quota counts the
// tickets of orders until they are canceled (DESIGN.md); tickets canceled
// or exchanged no longer benefit and leave their places in it.
func TestTicketsGivenBackLeaveTheirOffersQuota(t *testing.T) {
	r, _ := openTest(t, "")
	noel := pos.Offer{ID: "noel", Name: pos.Text{"fr": "Noël", "en": "Christmas"}, Effect: pos.EffectPercent, PercentBP: 1000, MaxTickets: 3}
	_, err := r.SaveOffer("claire", noel)
	must(t, err)
	must(t, r.AddCodes("claire", "noel", []pos.Code{{Code: "NOEL26"}}))
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "lea", "2468")
	c := openTill(t, r, "claire", "1234")
	if why := tryCode(t, a, "adult", 3, "NOEL26"); why != "" {
		t.Fatalf("NOEL26 refused: %s", why)
	}
	o, err := a.Checkout(cash())
	must(t, err)
	for _, step := range []struct {
		name string
		give func(t *testing.T)
		fits int // tickets the quota has left
	}{
		{"sold", func(*testing.T) {}, 0},
		{"one ticket canceled", func(t *testing.T) {
			must(t, a.CancelPart(o.Number, "test", CancelOptions{Tickets: []string{o.Tickets[0].Number}}))
		}, 1},
		{"one ticket exchanged", func(t *testing.T) {
			_, err := c.Exchange(o.Number, []string{o.Tickets[1].Number})
			must(t, err)
			must(t, c.AddItem(pos.LineProduct, "programme", 1))
			_, err = c.Checkout(nil)
			must(t, err)
		}, 2},
		{"its last ticket canceled", func(t *testing.T) {
			must(t, a.CancelPart(o.Number, "test", CancelOptions{Tickets: []string{o.Tickets[2].Number}}))
		}, 3},
	} {
		t.Run(step.name, func(t *testing.T) {
			step.give(t)
			if step.fits > 0 {
				if why := tryCode(t, b, "adult", step.fits, "NOEL26"); why != "" {
					t.Errorf("%d tickets: %s, want the code applied", step.fits, why)
				}
			}
			if why := tryCode(t, b, "adult", step.fits+1, "NOEL26"); why != pos.RefusedQuotaReached {
				t.Errorf("%d tickets: %q, want %s", step.fits+1, why, pos.RefusedQuotaReached)
			}
			b.ClearCart()
		})
	}
	checkJournal(t, r)
}

// TestTicketsGivenBackLeaveTheirScopeItemsQuota: a quota of an offer's
// scope item (an event, a zone...: DESIGN.md, each with its own quota)
// counts the tickets of orders until they are given back, as the offer's
// own quota does.
func TestTicketsGivenBackLeaveTheirScopeItemsQuota(t *testing.T) {
	r, _ := openTest(t, "")
	hamlet := pos.Offer{ID: "hamlet-2", Name: pos.Text{"fr": "Hamlet à deux", "en": "Hamlet for two"}, Effect: pos.EffectPercent, PercentBP: 1000,
		Events: []pos.ScopeItem{{Event: "hamlet", Quota: 2}}}
	_, err := r.SaveOffer("claire", hamlet)
	must(t, err)
	must(t, r.AddCodes("claire", "hamlet-2", []pos.Code{{Code: "DEUX"}}))
	a := openTill(t, r, "claire", "1234")
	b := openTill(t, r, "lea", "2468")
	if why := tryCode(t, a, "adult", 2, "DEUX"); why != "" {
		t.Fatalf("DEUX refused: %s", why)
	}
	o, err := a.Checkout(cash())
	must(t, err)
	if why := tryCode(t, b, "adult", 1, "DEUX"); why != pos.RefusedQuotaReached {
		t.Fatalf("the item's quota used: %q, want %s", why, pos.RefusedQuotaReached)
	}
	must(t, a.CancelPart(o.Number, "test", CancelOptions{Tickets: []string{o.Tickets[0].Number}}))
	if why := tryCode(t, b, "adult", 1, "DEUX"); why != "" {
		t.Errorf("a ticket of the item given back: %q, want the code applied", why)
	}
	if why := tryCode(t, b, "adult", 2, "DEUX"); why != pos.RefusedQuotaReached {
		t.Errorf("two beside the one still sold: %q, want %s", why, pos.RefusedQuotaReached)
	}
	b.ClearCart()
	checkJournal(t, r)
}

// TestASingleUseCodeInTwoCartsSellsOnce: a code's quantity allowed counts
// orders (DESIGN.md), and open carts do not hold its uses: two tills may
// both show a single-use code applied, but their sales, committed
// together, are priced again in the commit and only the first is sold
// with it; the second sells nothing and says why.
func TestASingleUseCodeInTwoCartsSellsOnce(t *testing.T) {
	r, _ := openTest(t, "")
	must(t, r.AddCodes("claire", "enfants", []pos.Code{{Code: "SEUL", MaxUses: 1}}))
	tills := []*Till{openTill(t, r, "claire", "1234"), openTill(t, r, "lea", "2468")}
	for _, till := range tills {
		if why := tryCode(t, till, "child", 1, "SEUL"); why != "" {
			t.Fatalf("SEUL in an open cart: %s", why)
		}
	}
	errs := make(chan error, len(tills))
	for _, till := range tills {
		go func() { _, err := till.Checkout(cash()); errs <- err }()
	}
	var sold, refused int
	for range tills {
		var refusal *pos.CodeRefusal
		switch err := <-errs; {
		case err == nil:
			sold++
		case errors.As(err, &refusal) && refusal.Reason == pos.RefusedUsedUp:
			refused++
		default:
			t.Errorf("the second sale: %v, want SEUL refused as used up", err)
		}
	}
	if sold != 1 || refused != 1 {
		t.Fatalf("%d sold, %d refused; want one of each", sold, refused)
	}
	if st, err := r.Stats(); err == nil && st.Orders != 1 {
		t.Errorf("%d orders in the journal, want 1", st.Orders)
	}
	checkJournal(t, r)
}
