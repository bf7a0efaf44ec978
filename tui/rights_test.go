package tui

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/local"
	"guichet/pos"
)

// Rights and the administrator's desk through the real program (issue 13).

// verifyJournal checks the journal after a flow: it verifies, and a
// rebuild gives the views the register kept (journal closed the register).
func verifyJournal(t *testing.T, r *local.Register) {
	t.Helper()
	if _, err := local.Verify(r.Path()); err != nil {
		t.Fatal(err)
	}
	res, err := local.Rebuild(r.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Identical {
		t.Fatalf("a rebuild changed the views: %+v", res)
	}
}

// TestAdminCreatesAnOfferWithACodeASaleUsesIt: the administrator creates
// an offer from the offers screen and a code allowed twice for it, a sale
// uses the code, and the screen then shows 1 / 2 and the code's history
// with the order.
func TestAdminCreatesAnOfferWithACodeASaleUsesIt(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("0")
	s.keys("a")
	s.waitFor("Offres et codes", "Bienvenue : CHF 5.–", "0 / 100", "Codes promo")
	s.keys("n")
	s.waitFor("Nouvelle offre", "Lettres, chiffres et -")
	s.typ("noel")
	for _, text := range []string{"Noël −10 %", "Christmas −10%", "10 % sur tout le panier", "10% off the whole cart", "", "10"} {
		s.keys("tab")
		if text != "" {
			s.typ(text)
		}
	}
	s.keys("enter")
	s.waitFor("Offre « Noël −10 % » enregistrée.", ">✓ Noël −10 %")
	s.keys("enter")
	s.waitFor("Codes de l'offre Noël −10 %", "Aucun code")
	s.keys("n")
	s.waitFor("Nouveau code et quantité autorisée")
	s.typ("noel26 2")
	s.keys("enter")
	s.waitFor("Code NOEL26 ajouté.", "NOEL26                 0 / 2")
	s.keys("esc", "esc")
	s.waitFor(s.tr("pick.perfs"))
	s.twoSeatsInCart()
	s.keys("c")
	s.waitFor("CHF 65.00", "Enfant")
	s.code("noel26", "Offre appliquée : Noël −10 %", "CHF 45.00 → CHF 40.50")
	s.keys("esc")
	s.waitFor("10 % sur tout le panier") // its description, on the cart
	s.toPayment()
	s.keys("enter", "enter")
	s.waitFor(s.tr("done.order", "K01-000001"))
	s.keys("n")
	s.waitFor(s.tr("pick.perfs"))
	s.keys("a")
	s.waitFor("Offres et codes", "Noël −10 %")
	for range len(s.cat.Offers) {
		s.keys("down")
	}
	s.keys("enter")
	s.waitFor("NOEL26                 1 / 2")
	s.keys("/")
	s.typ("noe")
	s.waitFor("1 sur 1")
	s.keys("enter", "h")
	s.waitFor("Historique de NOEL26", "créé", "(permis : 2) · claire", "utilisé par K01-000001 · claire")

	es := journal(t, s, r)
	saved := ofType[struct {
		Offer pos.Offer `json:"offer"`
	}](t, es, local.TypeOfferSaved)
	if len(saved) != 1 || saved[0].Offer.ID != "noel" || saved[0].Offer.PercentBP != 1000 || saved[0].Offer.Description["fr"] != "10 % sur tout le panier" {
		t.Fatalf("offer.saved = %+v", saved)
	}
	added := ofType[struct {
		Offer string     `json:"offer"`
		Codes []pos.Code `json:"codes"`
	}](t, es, local.TypeCodesAdded)
	if len(added) != 1 || added[0].Offer != "noel" || added[0].Codes[0].Code != "NOEL26" || added[0].Codes[0].MaxUses != 2 {
		t.Fatalf("codes.added = %+v", added)
	}
	orders := ofType[jOrder](t, es, local.TypeOrderPlaced)
	if len(orders) != 1 || orders[0].Order.Offer == nil || orders[0].Order.Offer.Code != "NOEL26" || orders[0].Order.Offer.ID != "noel" {
		t.Fatalf("orders %+v", orders)
	}
	verifyJournal(t, r)
}

// sellAs records an order straight through the journal (the flow is about
// what the screens show of it).
func sellAs(t *testing.T, r *local.Register, staff, pin, perf, zone, seat string) string {
	t.Helper()
	till, err := r.Unlock(staff, pin)
	if err != nil {
		t.Fatal(err)
	}
	defer till.Close()
	if _, ok, _ := till.Shift(); !ok {
		if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
			t.Fatal(err)
		}
	}
	if err := till.AddSeats(perf, zone, "adult", seat); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	if err != nil {
		t.Fatal(err)
	}
	return o.Number
}

// TestGoldenAProfileWithNoOrderSaysWhy: Léa (theatre desk, orders of her
// profile) opened the orders list on a register where Claire had sold:
// "Aucune commande pour l'instant." — and typing Claire's order number,
// "Aucune commande ne correspond." She looked for a journal lost. The list
// says it shows only her profile's orders.
func TestGoldenAProfileWithNoOrderSaysWhy(t *testing.T) {
	r, s := startCounter(t, "fr")
	claire := sellAs(t, r, "claire", "1234", "hamlet-00", "parterre", "C-1")
	s.waitFor(s.tr("unlock.pin"))
	s.keys("down", "down")
	s.typ("2468")
	s.keys("enter")
	s.waitFor(s.tr("float.prompt"))
	s.typ("0")
	s.keys("enter")
	s.waitFor("Hamlet")
	s.keys("o")
	s.waitFor(before(s.tr("orders.noneyet.profile"), " : "), "vendues avec lui.") // wrapped
	s.golden(t)
	s.typ(claire)
	s.waitFor(before(s.tr("orders.none.profile"), " : "))
}

// before is s up to sep: a sentence's start, which a wrapped line holds.
func before(s, sep string) string { b, _, _ := strings.Cut(s, sep); return b }

// TestAResellerSeesOnlyHisOrders: marc (cinema desk) has no offers
// screen (a does nothing), his order list holds only his orders, and the
// order screen refuses a cancellation naming the right.
func TestAResellerSeesOnlyHisOrders(t *testing.T) {
	r, s := startCounter(t, "fr")
	claire := sellAs(t, r, "claire", "1234", "hamlet-00", "parterre", "C-1")
	marc := sellAs(t, r, "marc", "5678", "voyage-01", "salle", "E-5")
	s.waitFor(s.tr("unlock.pin"))
	s.keys("down")
	s.typ("5678")
	s.keys("enter")
	s.waitFor("Le Voyage dans la Lune")
	s.keys("a")
	time.Sleep(100 * time.Millisecond)
	s.keys("o")
	s.waitFor("Commandes", marc)
	if scr := s.screen(); strings.Contains(scr, "Offres et codes") || strings.Contains(scr, claire) {
		t.Fatalf("marc's a or o show what is not his:\n%s", scr)
	}
	s.typ(claire)
	s.waitFor(before(s.tr("orders.none.own"), " : "))
	s.keys("backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	s.waitFor(marc)
	s.keys("enter")
	s.waitFor(marc + "-01")
	s.keys("a")
	s.waitFor("otre profil ne permet pas d'annuler des commandes") // a capital when alone
	s.keys("r")
	s.waitFor("Duplicata du billet " + marc + "-01")

	es := journal(t, s, r)
	if c := ofType[jCanceled](t, es, local.TypeOrderCanceled); len(c) != 0 {
		t.Fatalf("canceled: %+v", c)
	}
	verifyJournal(t, r)
}

// TestAPriceListCodeOffersItsCategoriesOnTheSeatPlan: with AMIS applied,
// the seat plan offers the friends' list and its Friend category, and the
// seat is sold at that list's price.
func TestAPriceListCodeOffersItsCategoriesOnTheSeatPlan(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("0")
	s.twoSeatsInCart()
	s.keys("c")
	s.waitFor("CHF 65.00", "Enfant")
	s.code("AMIS", "Offre appliquée : Ami·e·s du théâtre")
	s.keys("esc", "esc")
	s.waitFor(s.tr("seat.legend"), "4 Ami·e du théâtre")
	s.keys("l", "l", "4")
	s.waitFor("[4 Ami·e du théâtre]", "Ami·e du théâtre CHF 30.00")
	s.keys("space")
	s.waitFor(s.tr("status.cart", 3, "CHF 84.00"))
	s.keys("c")
	s.waitFor("Ami·e du théâtre", "CHF 30.00")
	s.toPayment()
	s.keys("enter", "enter")
	s.waitFor(s.tr("done.order", "K01-000001"))

	es := journal(t, s, r)
	orders := ofType[jOrder](t, es, local.TypeOrderPlaced)
	if len(orders) != 1 {
		t.Fatalf("%d orders", len(orders))
	}
	found := false
	for _, l := range orders[0].Order.Lines {
		if l.Category == "friend" && l.Charged == chf(3000) {
			found = true
		}
	}
	if !found {
		t.Fatalf("no Friend ticket at CHF 30.00 in %+v", orders[0].Order.Lines)
	}
	verifyJournal(t, r)
}

// TestRightsMatrixOnTheScreens: each profile of the demo × each desk
// action, by its keys: an action the profile lacks says which right is
// missing and does nothing; an allowed one goes on (its screen or prompt
// opens, or it is done).
func TestRightsMatrixOnTheScreens(t *testing.T) {
	refused := "our profile does not allow" // "Your" when alone on its line
	staff := []struct {
		id, pin string
		row     int // place on the unlock screen
	}{{"claire", "1234", 0}, {"marc", "5678", 1}, {"lea", "2468", 2}}
	want := map[string]map[string]bool{
		"offers":   {"claire": true, "marc": false, "lea": false},
		"exchange": {"claire": true, "marc": false, "lea": true},
		"cash":     {"claire": true, "marc": true, "lea": true},
		"cancel":   {"claire": true, "marc": false, "lea": true},
		"validate": {"claire": true, "marc": false, "lea": true},
		"reprint":  {"claire": true, "marc": true, "lea": true},
		"pick":     {"claire": true, "marc": false, "lea": true}, // choosing tickets to exchange
		"comp":     {"claire": true, "marc": false, "lea": false},
	}
	for _, st := range staff {
		t.Run(st.id, func(t *testing.T) {
			r := openRegister(t)
			perf, zone := "hamlet-01", "parterre"
			if st.id == "marc" {
				perf, zone = "voyage-01", "salle"
			}
			own := sellAs(t, r, st.id, st.pin, perf, zone, "E-5")
			d := newDriver(t, newTestApp(r, "en"), 80, 24)
			for range st.row {
				d.keys("down")
			}
			d.typ(st.pin)
			d.keys("enter")
			d.expect("Performances")
			home := func() {
				d.keys("esc", "esc", "esc")
				d.expect("Performances")
			}
			openOwn := func() {
				d.keys("o")
				d.typ(own)
				d.keys("enter")
				d.expect(own + "-01")
			}
			actions := []struct {
				name  string
				do    func()
				shown string // what an allowed action shows
			}{
				{"offers", func() { d.keys("a") }, "Offers and codes"},
				{"exchange", func() { d.keys("x") }, tr("en", "exchange.title")},
				{"cash", func() { d.keys("m") }, tr("en", "cash.title")},
				{"cancel", func() { openOwn(); d.keys("a") }, tr("en", "order.why")},
				{"validate", func() { openOwn(); d.keys("v") }, "there is no payment to validate"},
				{"reprint", func() { openOwn(); d.keys("r") }, tr("en", "order.reprinted", own+"-01")},
				{"pick", func() { openOwn(); d.keys("space", "x") }, tr("en", "exchange.title")},
				{"comp", func() { // a line given free: refused before its reason is typed
					if err := d.app.c.till.AddItem(pos.LineProduct, "programme", 1); err != nil {
						t.Fatal(err)
					}
					d.keys("c")
					d.expect("Programme")
					d.keys("i")
				}, tr("en", "comp.ask")},
			}
			for _, a := range actions {
				a.do()
				scr := d.screen()
				allowed := want[a.name][st.id]
				switch {
				case allowed && (strings.Contains(scr, refused) || !strings.Contains(scr, a.shown)):
					t.Errorf("%s: not done:\n%s", a.name, scr)
				case !allowed && !strings.Contains(scr, refused) && a.name != "offers":
					t.Errorf("%s: not refused with the right:\n%s", a.name, scr)
				case !allowed && strings.Contains(scr, a.shown):
					t.Errorf("%s: done:\n%s", a.name, scr)
				}
				home()
			}
		})
	}
}

// TestWrongPINsWaitAndTheAdministratorSeesThem: after five wrong PINs for
// marc the unlock screen says how long to wait, even for the right PIN;
// claire sees the failures on her offers and codes desk.
func TestWrongPINsWaitAndTheAdministratorSeesThem(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.keys("down")
	for range 4 {
		d.typ("0000")
		d.keys("enter")
		d.expect(tr("en", "unlock.badpin"))
	}
	d.typ("0000")
	d.keys("enter")
	d.expect("too many wrong PINs: wait 30 s before trying again")
	d.typ("5678")
	d.keys("enter")
	d.expect("too many wrong PINs: wait 30 s")
	d.keys("up")
	d.typ("1234")
	d.keys("enter", "0", "enter")
	d.expect("Performances")
	d.keys("a")
	d.expect("Wrong PINs: Marc Rossi ×5, the last at 10:00 (K01)")
}

// TestEnterWithoutAPINIsNoTry: Enter before any digit says to type the PIN
// and counts as no wrong PIN: five of them locked marc out for 30 s (and
// journaled five pin.failed) on the old code.
func TestEnterWithoutAPINIsNoTry(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.keys("down")
	for range 5 {
		d.keys("enter")
		d.expect(tr("en", "unlock.typepin"))
	}
	if fails, err := r.PINFailures(); err != nil || len(fails) != 0 {
		t.Fatalf("failures after empty Enters %+v (%v)", fails, err)
	}
	d.typ("5678")
	d.keys("enter")
	d.expect("Open a shift")
}

// TestAnOrdersCustomerIsSetFromTheDesk: a sale without a customer gets one
// from its order (u): created with first and last name, e-mail and
// newsletter consent; then the record is edited (ctrl+e) and the order
// found by the customer's name.
func TestAnOrdersCustomerIsSetFromTheDesk(t *testing.T) {
	r := openRegister(t)
	order := sellAs(t, r, "claire", "1234", "hamlet-00", "parterre", "C-1")
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.typ("1234")
	d.keys("enter")
	d.expect("Performances")
	d.keys("o", "enter")
	d.expect(order + "-01")
	d.keys("u")
	d.expect("Customer")
	d.send(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
	d.typ("Zoé")
	d.keys("tab")
	d.typ("Müller")
	d.keys("tab")
	d.typ("zoe@example.ch")
	for range custNewsletter - custEmail {
		d.keys("tab")
	}
	d.keys("space")
	d.expect("[x]")
	d.keys("enter")
	d.expect("Zoé Müller is the customer of order " + order + ".")
	ov, _, err := r.Order(order)
	if err != nil || ov.Customer == nil || ov.Customer.Name != "Zoé Müller" || !ov.Customer.Newsletter || ov.Customer.NewsletterSince.IsZero() {
		t.Fatalf("order's customer %+v (%v)", ov.Customer, err)
	}
	// edit the record: a phone number
	d.keys("u")
	d.typ("zoe")
	d.expect("zoe@example.ch")
	d.send(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
	d.expect("Customer " + ov.Customer.ID)
	d.keys("tab", "tab", "tab")
	d.typ("021 555 00 00")
	d.keys("enter")
	d.expect("Zoé Müller is the customer of order " + order + ".")
	found, err := r.SearchCustomers("müller", 0)
	if err != nil || len(found) != 1 || found[0].Phone != "021 555 00 00" || !found[0].NewsletterSince.Equal(ov.Customer.NewsletterSince) {
		t.Fatalf("after the edit: %+v (%v)", found, err)
	}
	r.Close()
	verifyJournal(t, r)
}

// TestAPassHoldersEmailSuggestsTheCustomer: on a pass line, the holder's
// e-mail finds the existing customer; Enter makes them the order's
// customer and prints their name on the pass.
func TestAPassHoldersEmailSuggestsTheCustomer(t *testing.T) {
	r := openRegister(t)
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	if err != nil {
		t.Fatal(err)
	}
	app := newTestApp(r, "en")
	d := newDriver(t, app, 80, 24)
	d.typ("1234")
	d.keys("enter")
	d.typ("0")
	d.keys("enter")
	d.expect("Performances")
	d.keys("tab", "enter")
	d.keys("c")
	d.expect("Festival pass — day 1")
	d.keys("t")
	d.expect("the holder's e-mail finds their customer record")
	d.typ("ZOE@example.ch")
	d.keys("enter")
	d.expect("Holder: Zoé Müller (zoe@example.ch)")
	d.keys("enter")
	cart := app.c.till.Cart()
	if cart.Customer != zoe.ID || len(cart.Lines) != 1 || cart.Lines[0].CustomText != "Zoé Müller" {
		t.Fatalf("cart %+v", cart)
	}
	// an unknown e-mail says so, then prints as typed
	d.keys("t", "backspace")
	for range 20 {
		d.keys("backspace")
	}
	d.typ("nobody@example.ch")
	d.keys("enter")
	d.expect("No customer has the e-mail nobody@example.ch")
	d.keys("enter")
	if got := app.c.till.Cart().Lines[0].CustomText; got != "nobody@example.ch" {
		t.Fatalf("custom text %q", got)
	}
}

// TestAWrongPINNamesItsTill: an SSH session's till is named in the
// journal's pin.failed entry.
func TestAWrongPINNamesItsTill(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, New(Options{Service: newTestService(r, nil), Lang: "en", Now: func() time.Time { return fixedNow }, Poll: time.Hour, Till: "K01/ssh:marc"}), 80, 24)
	d.keys("down")
	d.typ("0000")
	d.keys("enter")
	d.expect(tr("en", "unlock.badpin"))
	fails, err := r.PINFailures()
	if err != nil || len(fails) != 1 || fails[0].Till != "K01/ssh:marc" || fails[0].Staff != "marc" {
		t.Fatalf("failures %+v (%v)", fails, err)
	}
}

// TestAdminImportsCustomersFromTheDesk: i on the offers and codes desk
// imports a customers file while the register sells; a bad file is
// refused whole with its lines.
func TestAdminImportsCustomersFromTheDesk(t *testing.T) {
	r := openRegister(t)
	dir := t.TempDir()
	good, bad := dir+"/good.csv", dir+"/bad.csv"
	if err := os.WriteFile(good, []byte(pos.CustomersCSVExample), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("name,email\nAnn,ann@example.ch\nBob,bob@\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.typ("1234")
	d.keys("enter")
	d.typ("0")
	d.keys("enter")
	d.keys("a")
	d.expect("Offers and codes")
	d.keys("i")
	d.typ(bad)
	d.keys("enter")
	d.expect("Nothing was imported: 1 problem in the file.")
	d.expect("line 3: the e-mail address")
	d.keys("i")
	d.typ(good)
	d.keys("enter")
	d.expect("2 customers imported.")
	if all, err := r.SearchCustomers("", 0); err != nil || len(all) != 2 {
		t.Fatalf("%d customers (%v)", len(all), err)
	}
}

// TestASearchForAShowTheProfileDoesNotSellSaysSo: Marc sells films; his
// search for Hamlet said "Nothing matches", as if there were no Hamlet.
// It now says his profile does not sell it; a search matching nothing at
// all still says nothing matches.
func TestASearchForAShowTheProfileDoesNotSellSaysSo(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.keys("down")
	d.typ("5678")
	d.keys("enter", "enter") // his PIN, no float
	d.expect("Performances")
	d.keys("/")
	d.typ("haml")
	d.expect("Your profile does not sell Hamlet") // while typed
	d.keys("enter")
	d.expect("Your profile does not sell Hamlet: ask a colleague who does.")
	d.keys("/", "backspace", "backspace", "backspace", "backspace")
	d.typ("zzz")
	d.expect("nothing matches")
	d.keys("enter")
	d.expect("Nothing matches")
	d.keys("/", "backspace", "backspace", "backspace")
	d.typ("voyage")
	d.expect("8 performances: A Trip to the Moon")
	d.keys("enter")
	d.expect("A Trip to the Moon")
	if strings.Contains(d.screen(), "profile does not sell") {
		t.Fatalf("a show he sells is said not his:\n%s", d.screen())
	}
}

// TestChoosingACustomerDoesNotSayItSavedOne: a customer found and chosen
// for the sale is said to be the sale's customer; "Customer saved" is for
// a record made or changed (nothing was saved: the journal has no
// customer.saved for it).
func TestChoosingACustomerDoesNotSayItSavedOne(t *testing.T) {
	r := openRegister(t)
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	if err != nil {
		t.Fatal(err)
	}
	app := newTestApp(r, "en")
	d := newDriver(t, app, 80, 24)
	d.unlock("0")
	d.keys("down", "enter", "down", "enter", "+", "enter", "c") // one standing place, the cart
	d.keys("u")
	d.expect(tr("en", "cust.search"))
	d.typ("Müller")
	d.expect("zoe@example.ch")
	d.keys("enter")
	if app.c.till.Cart().Customer != zoe.ID {
		t.Fatalf("the sale's customer is %q, want %q", app.c.till.Cart().Customer, zoe.ID)
	}
	if s := d.screen(); strings.Contains(s, tr("en", "cust.saved", zoe.Name)) || !strings.Contains(s, tr("en", "cust.chosen", zoe.Name)) {
		t.Fatalf("choosing Zoé says:\n%s", s)
	}
}

// TestTheOrdersFullHelpListsOnlyWhatTheSellerMayDo: ? on a paid order, for
// Marc (a reseller: no cancel, validate or exchange), lists reprint and
// the customer but not validate, cancel, exchange or picking tickets;
// Claire's lists them but validate, which a paid order does not take.
// The short line already hid them; the full help listed every key.
func TestTheOrdersFullHelpListsOnlyWhatTheSellerMayDo(t *testing.T) {
	for _, st := range []struct {
		id, pin string
		row     int
		may     []string
		mayNot  []string
	}{
		{"marc", "5678", 1, []string{"reprint", "customer"}, []string{"validate", "cancelorder", "exchange", "pick"}},
		{"claire", "1234", 0, []string{"reprint", "customer", "cancelorder", "exchange", "pick"}, []string{"validate"}},
	} {
		t.Run(st.id, func(t *testing.T) {
			r := openRegister(t)
			perf, zone := "hamlet-01", "parterre"
			if st.id == "marc" {
				perf, zone = "voyage-01", "salle"
			}
			own := sellAs(t, r, st.id, st.pin, perf, zone, "E-5")
			d := newDriver(t, newTestApp(r, "en"), 120, 30)
			for range st.row {
				d.keys("down")
			}
			d.typ(st.pin)
			d.keys("enter")
			d.expect("Performances")
			d.keys("o")
			d.typ(own)
			d.keys("enter")
			d.expect(own + "-01")
			d.keys("?")
			scr := d.screen()
			lists := func(k string) bool {
				return regexp.MustCompile(`\b` + regexp.QuoteMeta(tr("en", "key."+k)) + `\b`).MatchString(scr)
			}
			for _, k := range st.may {
				if !lists(k) {
					t.Errorf("the full help does not list %s:\n%s", k, scr)
				}
			}
			for _, k := range st.mayNot {
				if lists(k) {
					t.Errorf("the full help lists %s:\n%s", k, scr)
				}
			}
		})
	}
}

// TestAKeyThatUnlocksAloneNeedsNoPIN: an SSH session's key whose
// staff_keys line says no-pin (Options.KeyUnlocks) opens the till with
// Enter alone on the unlock screen, which says so; once its line asks the
// PIN again, the screen asks it and an empty one is wrong.
func TestAKeyThatUnlocksAloneNeedsNoPIN(t *testing.T) {
	r := openRegister(t)
	byKey := true
	app := New(Options{Service: newTestService(r, nil), Lang: "en", Now: func() time.Time { return fixedNow }, Poll: time.Hour,
		Staff: "marc", KeyUnlocks: func() bool { return byKey }})
	d := newDriver(t, app, 80, 24)
	d.expect(tr("en", "unlock.bykey"))
	d.keys("enter")
	d.expect("Cash float")
	d.keys("esc") // back to who sells: the till closed
	d.expect("Who is selling?")
	byKey = false
	d.keys("j") // a key: the screen reads the line again
	d.expect("PIN:")
	d.keys("enter") // no PIN typed: no till, and no try counted
	d.expect(tr("en", "unlock.typepin"))
	if fails, err := r.PINFailures(); err != nil || len(fails) != 0 {
		t.Fatalf("failures after an empty Enter %+v (%v)", fails, err)
	}
	d.typ("0000")
	d.keys("enter")
	d.expect(tr("en", "unlock.badpin"))
	if fails, err := r.PINFailures(); err != nil || len(fails) != 1 {
		t.Fatalf("failures %+v (%v)", fails, err)
	}
}

// TestAdminClearsWrongPINsFromTheDesk: p on the offers desk chooses whose
// wrong PINs to clear; Enter clears them and Marc, waiting after his
// wrong PINs, opens his till with his right PIN at once. With nobody
// waiting, p says so.
func TestAdminClearsWrongPINsFromTheDesk(t *testing.T) {
	r := openRegister(t)
	for range local.PINTries {
		if _, err := r.UnlockAt("marc", "0000", "K01/ssh-2"); err == nil {
			t.Fatal("a wrong PIN opened")
		}
	}
	if _, err := r.UnlockAt("lea", "0000", "K01/ssh-3"); err == nil {
		t.Fatal("a wrong PIN opened")
	}
	var wait *local.PINWaitError
	if _, err := r.Unlock("marc", "5678"); !errors.As(err, &wait) {
		t.Fatalf("marc is not waiting: %v", err)
	}
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.typ("1234")
	d.keys("enter")
	d.typ("0")
	d.keys("enter")
	d.keys("a")
	d.expect("Offers and codes")
	d.expect("Wrong PINs: Marc Rossi ×5")
	d.keys("p")
	d.expect("Clear whose wrong PINs?")
	d.keys("down", "up", "enter") // the most recent first: Léa, then Marc
	d.expect("Léa")
	if fails, err := r.PINFailures(); err != nil || len(fails) != 1 || fails[0].Staff != "marc" {
		t.Fatalf("after clearing the first line: %+v (%v)", fails, err)
	}
	d.keys("p", "enter")
	d.expect("Marc Rossi may unlock again.")
	if fails, err := r.PINFailures(); err != nil || len(fails) != 0 {
		t.Fatalf("after clearing: %+v (%v)", fails, err)
	}
	if _, err := r.Unlock("marc", "5678"); err != nil {
		t.Fatalf("marc's right PIN after the clearing: %v", err)
	}
	d.keys("p")
	d.expect("No one has wrong PINs.")
}

// TestATabTheProfileSellsNothingOfSaysSo: marc sells films only. On the
// passes' and the gift vouchers' tabs the list was empty with "Nothing
// matches. Clear the search or the filters." though nothing was typed
// and no filter set: he cleared nothing and learned nothing. The list
// says his profile sells nothing there and whom to ask; a search that
// finds nothing among what he sells still says "nothing matches".
func TestATabTheProfileSellsNothingOfSaysSo(t *testing.T) {
	for _, tc := range []struct {
		lang            pos.Lang
		passes, vouches string
	}{
		{"fr", "Votre profil ne vend rien sous « Abonnements et pass » :", "Votre profil ne vend rien sous « Bons cadeaux » :"},
		{"en", "Your profile sells nothing under “Passes and subscriptions”:", "Your profile sells nothing under “Gift vouchers”:"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			_, s := startCounter(t, tc.lang)
			s.waitFor(s.tr("unlock.pin"))
			s.keys("down")
			s.typ("5678")
			s.keys("enter")
			s.waitFor(s.tr("float.title"))
			s.typ("0")
			s.keys("enter")
			s.waitFor(s.tr("pick.perfs"))
			s.keys("tab")
			s.waitFor(tc.passes)
			s.keys("tab")
			s.waitFor(tc.vouches)
			s.keys("tab", "/")
			s.typ("zzz")
			s.waitFor(s.tr("pick.nothingfound"))
			s.keys("enter")
			s.waitFor(s.tr("pick.none"))
		})
	}
}

// TestTheHistoryOfACatalogsCodeSaysWhereItCameFrom: h on a code the
// catalog gives showed "History of K7PXM3QH" over nothing, as if the
// code had never been made; it now begins with the catalog and the
// quantity it allows there, with no moment (the journal never made it).
func TestTheHistoryOfACatalogsCodeSaysWhereItCameFrom(t *testing.T) {
	_, s := startCounter(t, "en")
	s.unlock("0")
	s.keys("a")
	s.waitFor("Offers and codes", "CHF 20 off the order")
	for range 5 { // the demo's sixth offer: five single-use codes
		s.keys("down")
	}
	s.keys("enter")
	s.waitFor("Codes of CHF 20 off the order", "K7PXM3QH")
	s.keys("/")
	s.typ("k7p")
	s.waitFor("1 of 5")
	s.keys("enter", "h")
	s.waitFor("History of K7PXM3QH", "   in the catalog (permitted: 1)\n")
}
