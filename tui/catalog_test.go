package tui

import (
	"bytes"
	"strings"
	"testing"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/pos"
)

// TestANewerCatalogRebuildsTheSalesListBetweenSales: when the register's
// catalog changes (one pulled from the central server, applied between
// sales), a till with no sale in progress is told and shows a sales list
// built from the newer catalog; a till with a cart keeps its screens until
// the sale ends.
func TestANewerCatalogRebuildsTheSalesListBetweenSales(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 100, 30)
	d.unlock("0")
	if v := d.app.View().Content; !strings.Contains(v, "Hamlet") {
		t.Fatalf("the sales list before:\n%s", v)
	}
	data := bytes.Replace(fixtures.Demo, []byte(`"fr": "Hamlet"`), []byte(`"fr": "Macbeth"`), 1)
	newer, err := pos.ParseCatalog("newer", data, fixedNow)
	if err != nil {
		t.Fatal(err)
	}

	// A sale in progress on this screen: the list stays as it was.
	d.app.c.sale.priced.Lines = []pos.PricedLine{{}}
	if err := r.SetCatalog(newer); err != nil {
		t.Fatal(err)
	}
	d.send(ChangedMsg())
	if d.app.c.cat == newer || !strings.Contains(d.app.View().Content, "Hamlet") {
		t.Fatal("the catalog changed under the sale in progress")
	}

	// The sale over: the list is built anew from the newer catalog.
	d.app.c.sale = &sale{}
	d.send(ChangedMsg())
	v := d.app.View().Content
	if d.app.c.cat != newer || !strings.Contains(v, "Macbeth") || strings.Contains(v, "Hamlet") {
		t.Fatalf("the sales list after the newer catalog:\n%s", v)
	}
	if _, ok := d.app.top().(*pickScreen); !ok || len(d.app.stack) != 2 {
		t.Fatalf("the screen in front is %T (%d on the stack), want a fresh sales list", d.app.top(), len(d.app.stack))
	}
}

// TestStatusLineSaysWhatBecameOfTheCentralCatalog: a newer catalog waiting
// for the sale to end, and one the register could not take, are told.
func TestStatusLineSaysWhatBecameOfTheCentralCatalog(t *testing.T) {
	r := openRegister(t)
	for _, tc := range []struct {
		lang pos.Lang
		sy   counter.SyncState
		want string
	}{
		{"fr", counter.SyncState{On: true, Online: true, Catalog: true}, "central : à jour, nouveau catalogue après la vente"},
		{"en", counter.SyncState{On: true, Online: true, Unpushed: 2, Catalog: true}, "central: 2 to send, new catalog after the sale"},
		// a refusal's sentence, with its ways out, does not fit the status
		// line: it says where to read it whole (the event log)
		{"en", counter.SyncState{On: true, Online: true, Alert: true, CatalogRefused: "it is in EUR"}, "central: ! catalog not applied, see guichet journal events"},
		{"fr", counter.SyncState{On: true, Online: true, Alert: true, CatalogRefused: "the new catalog is in EUR and this register sells in CHF: it was not applied"},
			"central : ! catalogue non appliqué, voir guichet journal events"},
	} {
		app := newTestApp(r, tc.lang)
		if got := app.c.T("status.central", centralWords(app.c, tc.sy)); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.sy, got, tc.want)
		}
	}
}
