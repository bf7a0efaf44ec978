package kiosk

import (
	"strings"
	"testing"

	"guichet/fixtures"
	"guichet/pos"
)

// TestARefusedCatalogIsSaidInFrench: the kiosk's refusal of a new catalog
// its customers could not pay with was an English fmt.Errorf, and so was
// the reason it gives (Catalog.KioskPays): a French technician read it in
// English. Both are sentences pos.Say writes in French; the kiosk's log
// keeps the English.
func TestARefusedCatalogIsSaidInFrench(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	accept := AcceptCatalog(nil)
	if err := accept(cat); err != nil {
		t.Fatalf("the demo catalog refused: %v", err)
	}
	for i := range cat.PaymentMethods {
		cat.PaymentMethods[i].Customer = false
	}
	var logged []string
	err = AcceptCatalog(func(s string) { logged = append(logged, s) })(cat)
	if err == nil {
		t.Fatal("a catalog no customer could pay with was accepted")
	}
	en := "the central server's new catalog was not applied, the kiosk sells on with the one it has: no payment method of the catalog is offered on the kiosk"
	if !strings.HasPrefix(err.Error(), en) || len(logged) != 1 || logged[0] != "kiosk: "+err.Error() {
		t.Errorf("in English: %q, logged %q", err, logged)
	}
	fr := pos.Say(err, pos.French)
	want := `le nouveau catalogue du serveur central n'a pas été appliqué, la borne vend avec celui qu'elle a : aucun moyen de paiement du catalogue n'est proposé sur la borne, aucun client ne pourrait donc y payer : ajoutez "customer": true à un moyen carte, postcard ou twint (le catalogue a `
	if !strings.HasPrefix(fr, want) || strings.Contains(fr, "the catalog") {
		t.Errorf("in French:\n got %q\nwant %q…", fr, want)
	}
}
