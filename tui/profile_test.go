package tui

import (
	"strings"
	"testing"

	"guichet/pos"
)

// A reseller whose profile sells the cinema sees only films on the sales list.
func TestSalesListShowsOnlyTheEventsTheProfileSells(t *testing.T) {
	app := newTestApp(openRegister(t), "en")
	c := app.c
	marc, _ := c.cat.SellerFor("marc")
	c.seller = marc
	list := newPick(c)
	for _, e := range list.entries {
		if e.p.Event != "voyage" && e.p.Event != "reve" {
			t.Errorf("marc's list holds %s (%s)", e.p.ID, e.p.Event)
		}
	}
	if len(list.entries) == 0 {
		t.Fatal("marc's list is empty")
	}
	c.seller = pos.Seller{}
	all := newPick(c)
	if len(all.entries) != len(c.cat.Performances) || !strings.Contains(all.entries[1].text, "Hamlet") {
		t.Errorf("an administrator sees %d of %d performances", len(all.entries), len(c.cat.Performances))
	}
}

// TestEventFilterCyclesOnlyTheEventsOnTheList: e narrows the list to each
// event its seller may sell in turn, then to all again; a cinema reseller
// never lands on Hamlet and an empty list.
func TestEventFilterCyclesOnlyTheEventsOnTheList(t *testing.T) {
	app := newTestApp(openRegister(t), "en")
	c := app.c
	for _, tc := range []struct {
		staff string
		want  string // the events e shows, in turn
	}{
		{"marc", "voyage reve all"},
		{"claire", "hamlet carmen voyage reve festival all"},
	} {
		t.Run(tc.staff, func(t *testing.T) {
			c.seller, _ = c.cat.SellerFor(tc.staff)
			list := newPick(c)
			var got []string
			for range strings.Count(tc.want, " ") + 2 {
				list.Update(keyMsg("e"))
				if list.event < 0 {
					got = append(got, "all")
					continue
				}
				got = append(got, c.cat.Events[list.event].ID)
				if len(list.rows) == 0 || list.current() == nil || list.current().Event != c.cat.Events[list.event].ID {
					t.Errorf("e on %s shows an empty list or another event's performance", c.cat.Events[list.event].ID)
				}
			}
			if g := strings.Join(got, " "); g != tc.want+" "+strings.Fields(tc.want)[0] {
				t.Errorf("e cycles through %q, want %q and round again", g, tc.want)
			}
		})
	}
}
