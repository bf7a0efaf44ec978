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
