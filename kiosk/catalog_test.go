package kiosk

import (
	"bytes"
	"encoding/json"
	"log/slog"
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
	var logged bytes.Buffer
	err = AcceptCatalog(slog.New(slog.NewJSONHandler(&logged, nil)))(cat)
	if err == nil {
		t.Fatal("a catalog no customer could pay with was accepted")
	}
	const notApplied = "the central server's new catalog was not applied, the kiosk sells on with the one it has"
	en := notApplied + ": no payment method of the catalog is offered on the kiosk"
	// one record, the reason in its field err
	var rec map[string]any
	if !strings.HasPrefix(err.Error(), en) || strings.Count(logged.String(), "\n") != 1 || json.Unmarshal(logged.Bytes(), &rec) != nil ||
		rec["level"] != "WARN" || rec["msg"] != notApplied || rec["err"] != strings.TrimPrefix(err.Error(), notApplied+": ") {
		t.Errorf("in English: %q, logged %s", err, logged.String())
	}
	fr := pos.Say(err, pos.French)
	want := `le nouveau catalogue du serveur central n'a pas été appliqué, la borne vend avec celui qu'elle a : aucun moyen de paiement du catalogue n'est proposé sur la borne, aucun client ne pourrait donc y payer : ajoutez "customer": true à un moyen carte, postcard ou twint (le catalogue a `
	if !strings.HasPrefix(fr, want) || strings.Contains(fr, "the catalog") {
		t.Errorf("in French:\n got %q\nwant %q…", fr, want)
	}
}
