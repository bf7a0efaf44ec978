package pos_test

import (
	"encoding/json"
	"strings"
	"testing"

	"guichet/fixtures"
	"guichet/pos"
)

// TestAPriceListControlSaysWhichPrices: SEMAINE on a weekend performance
// is refused with the price lists it needs, in the seller's language.
func TestAPriceListControlSaysWhichPrices(t *testing.T) {
	c := promoDemo(t)
	for _, tc := range []struct {
		lang pos.Lang
		want string
	}{
		{pos.English, "this code is valid only on these prices: Theatre weekday, Cinema weekday"},
		{pos.French, "ce code n'est valable qu'aux tarifs : Théâtre semaine, Cinéma semaine"},
	} {
		ctx := promoCtx(nil)
		ctx.Lang = tc.lang
		pc := promoPrice(t, c, pos.Cart{Code: "SEMAINE", Lines: []pos.CartLine{promoGA("hamlet-03", "adult", 1)}}, ctx)
		if pc.CodeRefused != tc.want {
			t.Errorf("%s: refused %q, want %q", tc.lang, pc.CodeRefused, tc.want)
		}
	}
}

// TestTheCodeFieldNeedsAnOfferWithCodes: only offers with codes in effect
// for the seller open the code field.
func TestTheCodeFieldNeedsAnOfferWithCodes(t *testing.T) {
	c := promoDemo(t)
	marc, _ := c.SellerFor("marc")
	if !c.CodeOffersFor(marc, promoToday, nil) || !c.CodeOffersFor(pos.Seller{}, promoToday, nil) {
		t.Error("the demo's offers with codes are not in effect")
	}
	auto := promoCatalog(t, `[{"id":"a","name":"Auto","effect":"percent","percent_bp":500,"automatic":true},
	  {"id":"cine","name":"Cine","effect":"percent","percent_bp":500,"profiles":["caisse-cinema"],"codes":[{"code":"CINE"}]},
	  {"id":"old","name":"Old","effect":"percent","percent_bp":500,"valid_until":"-1d","codes":[{"code":"OLD"}]}]`)
	lea, _ := auto.SellerFor("lea")
	marc, _ = auto.SellerFor("marc")
	if auto.CodeOffersFor(lea, promoToday, nil) {
		t.Error("lea's profile is not targeted and the other offers take no code or ended: the field should stay closed")
	}
	if !auto.CodeOffersFor(marc, promoToday, nil) {
		t.Error("the cinema desk's offer takes a code")
	}
}

// TestALabelControlNamingNoLabelIsRefused: "semaiine" does not load; the
// refusal lists the labels that exist.
func TestALabelControlNamingNoLabelIsRefused(t *testing.T) {
	for _, tc := range []struct{ offers, want string }{
		{`[{"id":"x","name":"X","effect":"percent","percent_bp":500,"price_list_control":{"containing":"semaiine"},"codes":[{"code":"XYZ"}]}]`,
			`price_list_control names the label "semaiine", which nothing carries (known: festival, friends, week, weekend)`},
		{`[{"id":"x","name":"X","effect":"percent","percent_bp":500,"category_control":{"not_containing":"kid"},"codes":[{"code":"XYZ"}]}]`,
			`category_control names the label "kid"`},
		{`[{"id":"x","name":"X","effect":"percent","percent_bp":500,"performance_control":{"containing":"PROMOMM"},"codes":[{"code":"XYZ"}]}]`, ""},
	} {
		_, err := loadWithOffers(tc.offers)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.offers, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err = %v, want %q", tc.offers, err, tc.want)
		}
	}
}

// loadWithOffers parses the demo with other offers, returning the error.
func loadWithOffers(offers string) (*pos.Catalog, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(fixtures.Demo, &doc); err != nil {
		return nil, err
	}
	doc["offers"] = json.RawMessage(offers)
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return pos.ParseCatalog("test", data, promoToday)
}
