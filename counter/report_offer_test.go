package counter

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// TestAnOfferThatRaisesThePriceReadsSoOnTheReport: a change of price list
// may charge more than the regular list (pos: a line's discount is then
// negative). The X report listed such an offer under the discounts as
// "-CHF -5.00" ("-" before an amount already negative). It says what the
// offer added with a plus where a minus would stand ("CHF +5.00").
func TestAnOfferThatRaisesThePriceReadsSoOnTheReport(t *testing.T) {
	// the friends' list charges CHF 30.00 for an adult in the gallery,
	// where the week's list asks CHF 25.00
	data := bytes.Replace(fixtures.Demo, []byte(`"category": "adult",
     "price": "CHF 22.00",`), []byte(`"category": "adult",
     "price": "CHF 30.00",`), 1)
	if bytes.Equal(data, fixtures.Demo) {
		t.Fatal("the demo's friends' list has no adult gallery price of CHF 22.00")
	}
	r := newMailRig(t, nil, func(cat *pos.Catalog) {
		c, err := pos.ParseCatalog("demo", data, saleDay)
		must(t, err)
		*cat = *c
	})
	if _, err := r.till.ApplyCode("AMIS"); err != nil {
		t.Fatal(err)
	}
	must(t, r.till.AddTickets("hamlet-02", "galerie", "adult", 1))
	sale, err := r.till.Checkout([]pos.Tender{cash(0)})
	must(t, err)
	if l := sale.Order.Lines[0]; l.Charged != pos.M(3000, "CHF") || l.Regular != pos.M(2500, "CHF") {
		t.Fatalf("the line: charged %s, regular %s; want CHF 30.00 over CHF 25.00", l.Charged, l.Regular)
	}
	x, err := r.till.XReport()
	must(t, err)
	for _, lang := range []pos.Lang{pos.French, pos.English} {
		text := ReportText(r.cat, x, lang)
		if strings.Contains(text, "-CHF") || strings.Contains(text, "+CHF") || !strings.Contains(text, "CHF +5.00") {
			t.Errorf("%s: the offer that added CHF 5.00:\n%s", lang, text)
		}
	}
}

// TestAProgrammeGivenIsNamedOnTheReport: a comp of a product (a programme
// given to the press) is listed on the X report with what was given, as a
// comped ticket is with its number; it read "K01-000001  — press", two
// spaces where the ticket's number would be.
func TestAProgrammeGivenIsNamedOnTheReport(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	till := unlockOpen(t, svc, "claire", "1234")
	if err := till.SetCart(pos.Cart{Lines: []pos.CartLine{{Kind: pos.LineProduct, Item: "programme", Quantity: 1, Comp: "press"}}}); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "free"}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := till.XReport()
	if err != nil {
		t.Fatal(err)
	}
	prog, _ := cat.ProductByID("programme")
	for _, lang := range []pos.Lang{pos.French, pos.English} {
		text := strings.Join(ReportDetailLines(cat, rep.Detail, lang), "\n")
		if want := "  " + o.Order.Number + " " + prog.Name.In(lang) + " — press"; !strings.Contains(text, want) {
			t.Errorf("%s: the report's comps do not say %q:\n%s", lang, want, text)
		}
	}
}

// TestTheReportWritesNegativeAmountsAsTheRestOfTheProduct: an X report
// with a discount (BIENVENUE, CHF 5.00 off a place) and a cash refund
// wrote "Remboursements en espèces : CHF -25.00" (pos.Money, as receipts,
// e-mails and the screens write a negative amount) and, a few lines
// below, "BIENVENUE 1 -CHF 5.00". The discount reads "CHF -5.00", as the
// receipt of the same sale prints it.
func TestTheReportWritesNegativeAmountsAsTheRestOfTheProduct(t *testing.T) {
	r := newMailRig(t, nil, nil)
	if _, err := r.till.ApplyCode("BIENVENUE"); err != nil {
		t.Fatal(err)
	}
	must(t, r.till.AddTickets("hamlet-02", "galerie", "adult", 1))
	sale, err := r.till.Checkout([]pos.Tender{cash(0)})
	must(t, err)
	must(t, r.till.AddTickets("hamlet-02", "galerie", "adult", 1))
	back, err := r.till.Checkout([]pos.Tender{cash(0)})
	must(t, err)
	must(t, r.till.Cancel(back.Order.Number, "wrong day"))
	x, err := r.till.XReport()
	must(t, err)
	for _, lang := range []pos.Lang{pos.French, pos.English} {
		receipt := ReceiptLayout(r.cat, sale.Order, lang)
		if len(receipt.Discounts) != 1 {
			t.Fatalf("%s: the receipt's discounts: %+v", lang, receipt.Discounts)
		}
		discount := receipt.Discounts[0].Amount
		text := ReportText(r.cat, x, lang)
		for _, want := range []string{
			discount, // the offer's row
			DrawerRows(x, lang)[2].Amount.Format(lang), // the cash refunds
		} {
			if !strings.HasPrefix(want, "CHF -") {
				t.Fatalf("%s: %q is not a negative amount as pos.Money writes it", lang, want)
			}
			if !regexp.MustCompile(`(?m) ` + regexp.QuoteMeta(want) + `( |$)`).MatchString(text) {
				t.Errorf("%s: the report has no %q:\n%s", lang, want, text)
			}
		}
		if strings.Contains(text, "-CHF") {
			t.Errorf("%s: the report writes a negative amount another way:\n%s", lang, text)
		}
	}
}
