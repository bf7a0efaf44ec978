package tui

import (
	"bytes"
	"strings"
	"testing"

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
