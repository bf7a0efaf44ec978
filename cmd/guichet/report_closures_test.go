package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// TestReportClosuresGivesTheAccountantTheFiscalTotals: the closures the
// register signs carry a day's VAT by rate, its totals by payment method
// and the grand totals, but no command showed them: the accountant had
// guichet journal export's JSON lines to dig in. guichet report closures
// shows them, read-only, as text in the catalog's language, CSV and JSON,
// and says when there is no closure of the period asked.
func TestReportClosuresGivesTheAccountantTheFiscalTotals(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	now := time.Date(2026, 12, 31, 15, 0, 0, 0, zurich)
	cat, err := fixtures.DemoCatalog(now)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "guichet.db")
	r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	till, err := r.Unlock("claire", "1234")
	if err == nil {
		_, err = till.OpenShift(pos.M(20000, "CHF"))
	}
	if err == nil {
		err = till.AddTickets("hamlet-01", "galerie", "adult", 2) // CHF 50.00
	}
	if err == nil {
		_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	}
	if err == nil {
		err = till.SetCart(pos.Cart{Lines: []pos.CartLine{{Kind: pos.LineVoucher, Item: "bon-50", Quantity: 1}}})
	}
	if err == nil {
		_, err = till.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}})
	}
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	// the first start of the new year closes the day, the month and the year
	next := now.Add(18 * time.Hour)
	if r, err = local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, Now: func() time.Time { return next }}); err != nil {
		t.Fatal(err)
	}
	r.Close()
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}

	out, stderr, code := runGuichet(t, "", "", "report", "closures", "--db", db, "--day", "2026-12-31")
	for _, want := range []string{
		"Clôture journalière n° 1 — 2026-12-31 (écritures 1–",
		"  Net (TTC)  ", "  CHF 50.00\n", "  Commandes\u202f: 2, annulations et échanges\u202f: 0\n",
		"Par moyen de paiement (paiements moins remboursements)\u202f:\n",
		"  Carte de crédit  1  CHF 50.00\n", "  Espèces          1  CHF 50.00\n",
		"TVA incluse, par taux\u202f:\n  8,1 %  CHF 50.00  TVA CHF 3.75\n",
		"Par catégorie\u202f:\n  Adulte  2  CHF 50.00\n",
		"Bons cadeaux vendus (hors recette : taxés quand ils paient)\u202f:\n  Bon cadeau CHF 50  1  CHF 50.00\n",
		"Total général de l'année\u202f: CHF 50.00\nTotal général perpétuel\u202f: CHF 50.00\n",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("report closures --day: exit %d, want %q in\n%s%s", code, want, out, stderr)
		}
	}
	if strings.Contains(out, "mensuelle") {
		t.Errorf("a day's closures list the month's:\n%s", out)
	}
	out, stderr, code = runGuichet(t, "", "", "report", "closures", "--db", db, "--year", "2026", "--lang", "en")
	if code != 0 || !strings.Contains(out, "Monthly closure no. 1 — 2026-12 (") || !strings.Contains(out, "Yearly closure no. 1 — 2026 (") ||
		strings.Contains(out, "Daily closure") || !strings.Contains(out, "  8.1 %  CHF 50.00  VAT CHF 3.75\n") {
		t.Fatalf("report closures --year --lang en: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = runGuichet(t, "", "", "report", "closures", "--db", db, "--day", "2026-12-31", "--csv")
	for _, want := range []string{
		"kind,period,number,at_z,figure,key,name,count,currency,amount,vat\n",
		"day,2026-12-31,1,false,net,,,,CHF,50.00,\n",
		"day,2026-12-31,1,false,vat_rate,8.1,,,CHF,50.00,3.75\n",
		"day,2026-12-31,1,false,method,card,Carte de crédit,1,CHF,50.00,\n",
		"day,2026-12-31,1,false,voucher,gift_voucher:bon-50,Bon cadeau CHF 50,1,CHF,50.00,\n",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("report closures --csv: exit %d, want %q in\n%s%s", code, want, out, stderr)
		}
	}
	out, stderr, code = runGuichet(t, "", "", "report", "closures", "--db", db, "--json")
	var all struct {
		Register string
		Closures []local.Closure
	}
	if code != 0 || json.Unmarshal([]byte(out), &all) != nil || all.Register != "K01" || len(all.Closures) != 3 || all.Closures[0].Totals.ByVAT[0].VAT != pos.M(375, "CHF") {
		t.Fatalf("report closures --json: exit %d %+v\n%s%s", code, all, out, stderr)
	}
	if _, stderr, code = runGuichet(t, "", "", "report", "closures", "--db", db, "--day", "2026-12-30"); code != 1 || !strings.Contains(stderr, "no closure of 2026-12-30: a day closes at the Z of its last shift") {
		t.Fatalf("report closures of a day with none: exit %d\n%s", code, stderr)
	}
	if after, err := os.ReadFile(db); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("report closures changed the file (%v)", err)
	}
}
