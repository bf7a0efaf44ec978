package pos

import (
	"errors"
	"strings"
	"testing"
)

func TestRightsOfAProfile(t *testing.T) {
	c := testCatalog(t)
	rob, _ := c.SellerFor("rob")
	ann, _ := c.SellerFor("ann")
	for _, a := range Actions {
		if !ann.May(a) {
			t.Errorf("the administrator may not %s", a)
		}
		if got, want := rob.May(a), a == ActReprint; got != want {
			t.Errorf("default reseller may %s = %v, want %v", a, got, want)
		}
	}
	if rob.May(ActCodes) || !ann.May(ActCodes) || KioskSeller().May(ActReprint) {
		t.Error("codes are the administrator's only; the kiosk takes no desk action")
	}
	if rob.May(ActCustomers) || !ann.May(ActCustomers) || KioskSeller().May(ActCustomers) {
		t.Error("importing customers is the administrator's only")
	}
	rob.Profile = &Profile{ID: "all", Actions: Actions}
	if rob.May(ActCustomers) || rob.May(ActCodes) || rob.May(ActPINs) {
		t.Error("no profile grants codes, customers or PIN waits, even one listing every action")
	}
	if !ann.May(ActPINs) || KioskSeller().May(ActPINs) {
		t.Error("unlocking staff after wrong PINs is the administrator's")
	}
	rob, _ = c.SellerFor("rob")
	err := rob.Check(ActCancel)
	if !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "canceling orders") {
		t.Errorf("refusal = %v, want one naming the right", err)
	}
	if fr := Say(err, French); !strings.Contains(fr, "d'annuler des commandes") {
		t.Errorf("French refusal = %q", fr)
	}
	// Which orders: own by default, the profile's, or all.
	if !c.SeesOrder(rob, "rob") || c.SeesOrder(rob, "ann") || !c.SeesOrder(ann, "rob") {
		t.Error("a reseller sees his own orders only; an administrator all")
	}
	rob.Profile = &Profile{ID: "limited", Orders: OrdersProfile, Actions: []Action{ActCancel}}
	if c.SeesOrder(rob, "ann") || !rob.May(ActCancel) || rob.May(ActReprint) {
		t.Error("profile scope: not the administrator's orders; listed actions only")
	}
	if err := c.CheckOrder(rob, "K01-000001", "ann"); !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "K01-000001") {
		t.Errorf("order refusal = %v", err)
	}
	rob.Profile.Actions = []Action{}
	if rob.May(ActReprint) {
		t.Error("an empty action list allows nothing")
	}
}

func TestProfileRightsAreChecked(t *testing.T) {
	for _, tc := range []struct{ old, new, want string }{
		{`"products": ["*"]`, `"products": ["progr"]`, `unknown product "progr"`},
		{`"products": ["*"]`, `"passes": ["saison"]`, `unknown pass "saison"`},
		{`"products": ["*"]`, `"orders": "mine"`, `orders is own, profile or all`},
		{`"products": ["*"]`, `"actions": ["refund"]`, `unknown action "refund"`},
	} {
		src := strings.Replace(testCatalogJSON, `"events": [{"id": "show"`, `"events": [{"id": "other", "name": "Other", "venue": "hall"}, {"id": "show"`, 1)
		_, err := ParseCatalog("test", []byte(strings.Replace(src, tc.old, tc.new, 1)), testToday)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.new, err, tc.want)
		}
	}
}
