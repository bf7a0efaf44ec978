package local

import (
	"errors"
	"strings"
	"testing"
	"time"

	"guichet/internal/fakeclock"
	"guichet/pos"
)

// TestOffersCreatedAndChangedAtTheRegister: a new offer and a change to a
// catalog offer are journal entries pricing follows at once; codes added
// to the new offer work; a label nothing carries is refused with the
// labels known; a rebuild gives the same views.
func TestOffersCreatedAndChangedAtTheRegister(t *testing.T) {
	r, _ := openTest(t, "")
	path := r.Path()
	noel := pos.Offer{ID: "noel", Name: pos.Text{"fr": "Noël −10 %", "en": "Christmas −10%"}, Description: pos.Text{"fr": "10 % sur tout", "en": "10% off"},
		Effect: pos.EffectPercent, PercentBP: 1000, MaxTickets: 2}
	if _, err := r.SaveOffer("claire", noel); err != nil {
		t.Fatal(err)
	}
	must(t, r.AddCodes("claire", "noel", []pos.Code{{Code: "NOEL26", MaxUses: 2}}))
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	pc, err := till.ApplyCode("noel26")
	must(t, err)
	if pc.Offer == nil || pc.Offer.ID != "noel" || pc.Discount.Amount != 250 {
		t.Fatalf("priced %+v, discount %v, refused %q", pc.Offer, pc.Discount, pc.CodeRefused)
	}
	_, err = till.Checkout(cash())
	must(t, err)
	// a catalog offer disabled at the register: its code is refused
	semaine, _ := r.Catalog().OfferByID("semaine")
	off := *semaine
	off.Disabled = true
	_, err = r.SaveOffer("claire", off)
	must(t, err)
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	pc, err = till.ApplyCode("SEMAINE")
	if err == nil && pc.Refusal == nil {
		t.Fatalf("a disabled offer applied: %+v", pc.Offer)
	}
	till.ClearCart()
	bad := noel
	bad.ID = "typo"
	bad.PriceListControl = pos.LabelControl{Containing: "semaiine"}
	if _, err := r.SaveOffer("claire", bad); err == nil || !strings.Contains(err.Error(), `"semaiine", which nothing carries (known: festival, friends, week, weekend)`) {
		t.Fatalf("a label nothing carries: %v", err)
	}
	offers, err := r.Offers()
	must(t, err)
	if n := len(offers); n != len(r.Catalog().Offers)+1 || offers[n-1].ID != "noel" {
		t.Fatalf("%d offers, last %s", n, offers[n-1].ID)
	}
	r.Close()
	r2, _ := openTest(t, path)
	offers, err = r2.Offers()
	must(t, err)
	for _, o := range offers {
		if o.ID == "semaine" && !o.Disabled {
			t.Error("the change to SEMAINE did not survive a restart")
		}
	}
	r2.Close()
	res, err := Rebuild(path)
	must(t, err)
	if !res.Identical {
		t.Fatalf("rebuild: %+v", res)
	}
}

// TestOfferChangesWhilePricing: tills price while offers change; the
// offers read last are the last saved (the cache follows the view's
// version, never an older transaction's list).
func TestOfferChangesWhilePricing(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	base, _ := r.Catalog().OfferByID("bienvenue")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			o := *base
			o.Disabled = i%2 == 0
			if _, err := r.SaveOffer("claire", o); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for range 50 {
		var refusal *pos.CodeRefusal
		if _, err := till.ApplyCode("BIENVENUE"); err != nil && !errors.As(err, &refusal) {
			t.Fatal(err)
		}
	}
	<-done
	offers, err := r.Offers()
	must(t, err)
	for _, o := range offers {
		if o.ID == "bienvenue" && o.Disabled {
			t.Fatal("the last save enabled BIENVENUE; the offers read say disabled")
		}
	}
}

// TestAPriceListOfferMadeAtTheRegisterOffersItsCategories: a price-list
// offer created at the register (absent from the catalog) makes the seat
// plan and the quantity screen offer its list's categories, at its prices,
// as a catalog offer does.
func TestAPriceListOfferMadeAtTheRegisterOffersItsCategories(t *testing.T) {
	r, _ := openTest(t, "")
	amis, _ := r.Catalog().OfferByID("amis")
	mecenes := *amis
	mecenes.ID, mecenes.Codes, mecenes.Automatic = "mecenes", nil, false
	mecenes.Name = pos.Text{"fr": "Mécènes", "en": "Patrons"}
	mecenes.Events = []pos.ScopeItem{{Event: "hamlet"}}
	_, err := r.SaveOffer("claire", mecenes)
	must(t, err)
	must(t, r.AddCodes("claire", "mecenes", []pos.Code{{Code: "MECENE26"}}))
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	pc, err := till.ApplyCode("MECENE26")
	must(t, err)
	if pc.Offer == nil || pc.Offer.ID != "mecenes" {
		t.Fatalf("MECENE26 priced %+v, refused %q", pc.Offer, pc.CodeRefused)
	}
	cat := r.Catalog()
	perf, _ := cat.PerformanceByID("hamlet-00")
	var ids []string
	for _, c := range cat.OfferedCategories(perf, "galerie", pc.Offer) {
		ids = append(ids, c.ID)
	}
	withAmis, _ := cat.PerformanceByID("hamlet-00")
	var want []string
	for _, c := range cat.OfferedCategories(withAmis, "galerie", &pos.AppliedOffer{ID: "amis"}) {
		want = append(want, c.ID)
	}
	if strings.Join(ids, ",") != strings.Join(want, ",") || !strings.Contains(strings.Join(ids, ","), "friend") {
		t.Fatalf("categories offered with the register's offer: %v, want the friends' list's %v", ids, want)
	}
	got, _ := cat.OfferedPrice(perf, "galerie", "friend", pc.Offer)
	exp, _ := cat.OfferedPrice(perf, "galerie", "friend", &pos.AppliedOffer{ID: "amis"})
	if got != exp {
		t.Fatalf("friend's price with the register's offer %v, want the friends' list's %v", got, exp)
	}
}

// Removing a price-list code from a cart that holds a category only that
// code offers (Friends of the theatre with AMIS) is refused with the line
// to take out first, and the cart keeps its code and its prices; without
// that line the code comes off.
func TestRemovingTheCodeOfACategoryOnlyItOffersNamesTheLine(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	_, err := till.ApplyCode("AMIS")
	must(t, err)
	must(t, till.AddTickets("hamlet-00", "galerie", "friend", 1))
	err = till.RemoveCode()
	if !errors.Is(err, pos.ErrNotOnSale) {
		t.Fatalf("removing AMIS with a friend's ticket in the cart: %v, want refused", err)
	}
	for lang, want := range map[pos.Lang]string{
		pos.English: `the code AMIS cannot be removed: line 2: category "friend": not on sale for this performance and zone without it: remove that line first, or keep the code`,
		pos.French:  "le code AMIS ne peut pas être retiré : ligne 2 : catégorie « friend » : pas en vente pour cette représentation et cette zone sans lui : retirez d'abord cette ligne, ou gardez le code",
	} {
		if msg := pos.Say(err, lang); msg != want {
			t.Errorf("%s: %q, want %q", lang, msg, want)
		}
	}
	pc, err := till.Priced()
	if err != nil || pc.Offer == nil || pc.Offer.Code != "AMIS" {
		t.Fatalf("after the refusal the cart prices %v with %+v, want AMIS kept", err, pc.Offer)
	}
	must(t, till.RemoveLine(1))
	must(t, till.RemoveCode())
	if pc, err := till.Priced(); err != nil || pc.Offer != nil {
		t.Fatalf("without the friend's line: %v, %+v, want the code off", err, pc.Offer)
	}
}

// TestADeskOffersRelativeDatesAreThoseOfTheDayItWasSaved: an offer saved
// at the desk on 10 March "until +7d" ends on 17 March at midnight. Before,
// the journal kept "+7d" as typed and every start read it again from its
// own day: opened on 20 March, the register still sold the offer, now
// "until 27 March" — it never ended.
func TestADeskOffersRelativeDatesAreThoseOfTheDayItWasSaved(t *testing.T) {
	r, _ := openTest(t, "")
	path := r.Path()
	o := pos.Offer{ID: "semaine-deux", Name: pos.Text{"fr": "Cette semaine", "en": "This week"},
		Effect: pos.EffectPercent, PercentBP: 1000, ValidFrom: "-1d", ValidUntil: "+7d"}
	saved, err := r.SaveOffer("claire", o)
	must(t, err)
	loc := r.Catalog().Location()
	from, until := time.Date(2026, 3, 9, 0, 0, 0, 0, loc), time.Date(2026, 3, 18, 0, 0, 0, 0, loc)
	if !saved.ValidFromTime().Equal(from) || !saved.ValidUntilTime().Equal(until) {
		t.Fatalf("saved from %s until %s, want %s and %s", saved.ValidFromTime(), saved.ValidUntilTime(), from, until)
	}
	r.Close()
	later := fakeclock.New(testToday.AddDate(0, 0, 10))
	r2, err := Open(Options{Path: path, Register: "K01", Catalog: demoCatalog(t), Now: later.Now})
	must(t, err)
	defer r2.Close()
	offers, err := r2.Offers()
	must(t, err)
	for _, x := range offers {
		if x.ID != "semaine-deux" {
			continue
		}
		if !x.ValidFromTime().Equal(from) || !x.ValidUntilTime().Equal(until) || x.InEffect(later.Now()) {
			t.Fatalf("ten days later: from %s until %s, in effect %v; want %s to %s, ended", x.ValidFromTime(), x.ValidUntilTime(), x.InEffect(later.Now()), from, until)
		}
		return
	}
	t.Fatal("the offer saved is gone after a restart")
}
