package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

func TestMessageCatalogsHaveTheSameKeys(t *testing.T) {
	for k, v := range fr {
		if en[k] == "" || v == "" {
			t.Errorf("message %q is missing in one language", k)
		}
	}
	for k := range en {
		if _, ok := fr[k]; !ok {
			t.Errorf("message %q has no French", k)
		}
	}
}

// TestGoldenScreens renders the key screens of a sale at 80x24 without
// colour, as the terminal shows them (teatest's output read by vterm).
func TestGoldenScreens(t *testing.T) {
	_, s := startCounter(t, "fr")
	shot := func(name string) {
		t.Run(name, func(t *testing.T) { s.golden(t) })
	}
	shot("unlock")
	s.typ("1234")
	s.keys("enter")
	shot("float")
	s.typ("200")
	s.keys("enter")
	shot("pick")
	s.twoSeatsInCart()
	shot("seats")
	s.keys("c")
	shot("cart")
	s.keys("p")
	s.typ("BIENVENUE")
	s.keys("enter")
	shot("promo")
	s.keys("esc", "enter")
	shot("payment")
	s.keys("enter")
	s.typ("100")
	shot("cash")
	s.keys("enter")
	shot("done")
}

// TestStatusLineSaysWhatThePrinterNeeds: a printer problem is a sentence in
// the staff's language with a "!" that reads without colour.
func TestStatusLineSaysWhatThePrinterNeeds(t *testing.T) {
	r := openRegister(t)
	ticketRef := func(n string) printers.JobRef { return printers.JobRef{Kind: printers.JobTicket, Ref: n, ID: "4"} }
	writeFailed := printers.Failure{Kind: printers.FailSend, Job: ticketRef("K01-000001-01"), Problem: printers.ProblemWriteFailed, Again: true}
	for _, tc := range []struct {
		lang  pos.Lang
		state PrinterState
		want  string
	}{
		{"fr", PrinterState{Problem: PrinterPaperOut, Pending: 2}, "imprimante : ! plus de papier : mettez un rouleau, 2 en attente"},
		{"en", PrinterState{Problem: PrinterCover}, "printer: ! cover open: close it"},
		{"en", PrinterState{Online: true, Problem: PrinterPaperLow}, "printer: ready (paper running low)"},
		{"fr", PrinterState{Detail: "bizarre"}, "imprimante : ! bizarre"},
		// a job's failure names the job as the cashier finds it, in the
		// till's language (the English sentence is for the event log)
		{"en", PrinterState{Online: true, Failure: printers.Failure{Kind: printers.FailLayout, Job: ticketRef("K01-000003-01"), Again: true}, Failed: "3 cannot be printed"},
			"printer: ready · ! ticket K01-000003-01: cannot be laid out, stays in the queue"},
		// jobs printed whose record the journal refused: said first
		{"fr", PrinterState{Online: true, Unrecorded: 1, Failure: printers.Failure{Kind: printers.FailRecord, Job: ticketRef("K01-000007-01")}, Failed: "7 printed but could not be recorded"},
			"imprimante : prête · ! 1 imprimé pas encore enregistré · ! billet K01-000007-01 : imprimé, enregistrement en attente"},
		// a write refused: the failure is what stops the printer, said
		// once, with the jobs waiting
		{"fr", PrinterState{Problem: PrinterWriteFailed, Pending: 2, Failure: writeFailed, Failed: "4 was not printed"},
			"imprimante : ! billet K01-000001-01 : écriture refusée, 2 en attente"},
		{"en", PrinterState{Problem: PrinterWriteFailed, Pending: 2, Failure: writeFailed, Failed: "4 was not printed"},
			"printer: ! ticket K01-000001-01: write failed, 2 waiting"},
		{"fr", PrinterState{Problem: PrinterWriteFailed, Failure: writeFailed, Failed: "4 was not printed"},
			"imprimante : ! billet K01-000001-01 : écriture refusée, reste en attente"},
		// the printer's problem now is another: both said
		{"en", PrinterState{Problem: PrinterPaperOut, Pending: 1, Failure: writeFailed, Failed: "4 was not printed"},
			"printer: ! out of paper: load a new roll, 1 waiting · ! ticket K01-000001-01: write failed, stays in the queue"},
		{"fr", PrinterState{Online: true, Unrecorded: 3}, "imprimante : prête · ! 3 imprimés pas encore enregistrés"},
		{"en", PrinterState{Online: true, Pending: 2, Unrecorded: 3}, "printer: ready, 2 waiting · ! 3 printed, not recorded yet"},
		// before the spooler's first look (at start): not an alarm, as
		// the done screen counts the tickets sent (CanPrint); a look
		// that found it offline says so
		{"fr", PrinterState{}, "imprimante : vérification…"},
		{"en", PrinterState{Pending: 2}, "printer: checking…, 2 waiting"},
		{"fr", PrinterState{Problem: PrinterOffline}, "imprimante : ! hors ligne"},
		{"en", PrinterState{Detail: "offline"}, "printer: ! offline"},
	} {
		app := newTestApp(r, tc.lang)
		if got := app.c.T("status.printer", printerWords(app.c, tc.state)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
}

// TestEveryKeyIsDefinedAndWorded: each binding of the keymap has keys, a
// help name and words in both languages.
func TestEveryKeyIsDefinedAndWorded(t *testing.T) {
	for id, d := range keymap {
		if len(d.keys) == 0 || d.help == "" {
			t.Errorf("key %d has no keys or help name: %+v", id, d)
		}
		for _, lang := range pos.Langs {
			if w := tr(lang, d.desc); w == "" || w == d.desc {
				t.Errorf("key %d (%s) has no %s words", id, d.desc, lang)
			}
		}
	}
}

// TestStatusLineSaysWhereTheJournalIsPushed: the central server's part of
// the status line, in both languages.
func TestStatusLineSaysWhereTheJournalIsPushed(t *testing.T) {
	r := openRegister(t)
	for _, tc := range []struct {
		lang pos.Lang
		sy   counter.SyncState
		want string
	}{
		{"fr", counter.SyncState{On: true, Online: true}, "central : à jour"},
		{"en", counter.SyncState{On: true, Online: true, Unpushed: 3}, "central: 3 to send"},
		{"fr", counter.SyncState{On: true, Unpushed: 12, Oldest: 20 * time.Minute, Alert: true}, "central : ! hors ligne, 12 à envoyer depuis 20 min"},
		{"en", counter.SyncState{On: true, Online: true, Refused: "entry 7 changed", Alert: true}, "central: ! refused: entry 7 changed"},
		// the pusher's own refusal, and guichetd's, in the till's language
		{"fr", counter.SyncState{On: true, Online: true, Alert: true,
			Refused: "entry 7 on the central server differs from this file's: the journals diverged (guichet journal verify)"},
			"central : ! refusé : l'écriture 7 du serveur central diffère de celle de ce fichier : les journaux ont divergé (guichet journal verify)"},
		{"fr", counter.SyncState{On: true, Online: true, Alert: true,
			Refused: "entry 7 differs from the entry 7 the server stored: this journal was changed after it was pushed"},
			"central : ! refusé : l'écriture 7 diffère de l'écriture 7 que le serveur a gardée : ce journal a été modifié après son envoi"},
		// another's words (a proxy's) stay as they came
		{"fr", counter.SyncState{On: true, Online: true, Refused: "entry 7 changed", Alert: true}, "central : ! refusé : entry 7 changed"},
	} {
		app := newTestApp(r, tc.lang)
		if got := app.c.T("status.central", centralWords(app.c, tc.sy)); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.sy, got, tc.want)
		}
	}
}

// TestGoldenPassCartWithOffer: a pass has no date or seat, so its line's
// second row began with a lone "·" before "avec l'offre"; the row says the
// offer alone.
func TestGoldenPassCartWithOffer(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.keys("tab")
	s.waitFor("Pass festival — 3 jours")
	s.keys("down", "down", "down", "enter")
	s.waitFor("panier : 1 pass · CHF 140.00")
	s.keys("c", "p")
	s.typ("PASS20")
	s.keys("enter")
	s.waitFor("CHF 120.00")
	s.keys("enter")
	s.waitFor(s.tr("cart.withoffer"))
	s.golden(t)
}

// TestGoldenPickPaneSaysSold: in a window of 100 columns or more the sales
// list has a pane of the performance's zones; under "426 libres" it said
// "0/426", which reads as what is left. It says "vendues : 0 sur 426".
func TestGoldenPickPaneSaysSold(t *testing.T) {
	r := openRegister(t)
	s := startSession(t, newTestApp(r, "fr"), 120, 24)
	s.typ("1234")
	s.keys("enter")
	s.waitFor(s.tr("float.title"))
	s.typ("200")
	s.keys("enter")
	s.waitFor(s.tr("pick.zones"))
	s.keys("down")
	s.waitFor(s.tr("pick.sold", 0, 426))
	s.golden(t)
}

// TestGoldenCashRestRounded: a gift voucher of CHF 33.33, CHF 10.00 of it
// paid by card; choosing cash for the rest, the screen said "Reste CHF
// 23.33" for the order and, under "Espèces", "Reste CHF 23.35", two rests
// and nothing saying why. The cash's rest says its rounding, as the
// payment taken says it.
func TestGoldenCashRestRounded(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.keys("tab", "tab")
	s.waitFor("Bon cadeau (montant libre)")
	s.keys("down", "down", "enter")
	s.typ("33.33")
	s.keys("enter")
	s.waitFor("CHF 33.33")
	s.keys("c", "enter")
	s.waitFor("Carte de crédit")
	s.keys("down", "enter")
	s.typ("T-77")
	s.keys("tab")
	s.typ("10")
	s.keys("enter")
	s.waitFor("CHF 23.33")
	s.keys("up", "enter")
	s.waitFor("CHF 23.35")
	s.golden(t)
}

// TestGoldenCartOfferBesideAnInvitation: BIENVENUE takes CHF 5.00 off two
// adults' tickets in the standing gallery, and the two children's are
// given as an invitation. The offer's line said "Réduction CHF 34.00", the
// invitation's CHF 24.00 counted in; it says the offer's CHF 10.00, as the
// receipt does (the invitation is on its own line).
func TestGoldenCartOfferBesideAnInvitation(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.toStandingGallery()
	s.keys("+", "+", "down", "+", "+", "enter")
	s.waitFor(s.tr("status.cart", 4, "CHF 74.00"))
	s.keys("c", "p")
	s.typ("BIENVENUE")
	s.keys("enter")
	s.waitFor("CHF 54.00")
	s.keys("enter", "down", "i")
	s.typ("presse")
	s.keys("enter")
	s.waitFor(s.tr("comp.mark", "presse"), s.tr("status.cart", 4, "CHF 40.00"))
	s.golden(t)
}

// TestGoldenCancelAnInvoiceNotPaid: canceling an order whose invoice is not
// paid yet asked "Annuler K01-000001 et rembourser CHF 0.00 ?" above
// "Remboursement : ← comme payé →", a method to choose among none (←/→
// in the help). It says nothing was paid and nothing is given back, with
// Enter and Esc alone.
func TestGoldenCancelAnInvoiceNotPaid(t *testing.T) {
	r := openRegister(t)
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	if err != nil {
		t.Fatal(err)
	}
	till := claireAtTill(t, r)
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	if err := till.SetCustomer(zoe.ID); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
	if err != nil {
		t.Fatal(err)
	}
	till.Close()

	s := claireSignedIn(t, r, "fr")
	s.waitFor("o commandes")
	s.toOrder(o.Number, "Commande "+o.Number+" · à payer")
	s.keys("a")
	s.typ("erreur")
	s.keys("enter")
	s.waitFor(s.tr("order.nopaid", o.Number)[:20])
	s.golden(t)
}

// creditForAChildsPlace sells a Carmen gallery place of CHF 25.00 for
// cash, then, at a French session, gives it back (CHF 23.00 of credit, the
// fee kept) for a child's place of CHF 12.00 and goes to the payment: the
// credit pays it all, CHF 11.00 left on a credit voucher.
func creditForAChildsPlace(t *testing.T) *session {
	t.Helper()
	r := openRegister(t)
	till := claireAtTill(t, r)
	o := sellAt(t, till, "carmen-01", "galerie", "adult", 1, cashTender)
	till.Close()
	s := claireSignedIn(t, r, "fr")
	s.waitFor("x échange")
	s.keys("x")
	s.waitFor("N° de commande ou e-mail")
	s.typ(o.Number)
	s.keys("enter")
	s.typ("01")
	s.keys("enter")
	s.waitFor("Avoir d'échange de CHF 23.00 dans le panier")
	s.keys("/")
	s.typ("carmen")
	s.keys("enter", "enter")
	s.waitFor(s.tr("zone.title"), "Carmen — Opéra · mer. 2 déc.")
	s.keys("down", "enter")
	s.waitFor(s.tr("ga.title"))
	s.keys("down", "+", "enter")
	s.waitFor(s.tr("status.cart", 1, "CHF 12.00"))
	s.keys("c", "enter")
	s.waitFor("CHF 11.00 en bon d'avoir")
	return s
}

// TestGoldenExchangeCreditPaysItAll: a Carmen place of CHF 25.00 given
// back (CHF 23.00 of credit, the fee kept) for a child's place of CHF
// 12.00: the payment screen lists no method, Enter settles with the
// credit, and the help still offered ↑/↓ and ⌫, which did nothing. It
// offers Enter and Esc.
func TestGoldenExchangeCreditPaysItAll(t *testing.T) {
	s := creditForAChildsPlace(t)
	s.golden(t)
}

// TestGoldenOneQuestionForm: a student's ticket asks one question (the
// school); its form's help said "tab champ suivant", and Tab went
// nowhere. It offers Enter and Esc.
func TestGoldenOneQuestionForm(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.toStandingGallery()
	s.keys("down", "down", "+", "enter")
	s.waitFor(s.tr("status.cart", 1, "CHF 18.00"))
	s.keys("c", "f")
	s.waitFor("Établissement")
	s.golden(t)
}

// TestGoldenCancelSaysWhereTheExchangeCreditGoes: an order paid by an
// exchange credit, which left CHF 11.00 on credit voucher K01-A0001,
// canceled: the question said "Rend : Avoir d'échange CHF 12.00" and not
// where it goes. It goes to the order's credit voucher, which the question
// names (the customer leaves with it).
func TestGoldenCancelSaysWhereTheExchangeCreditGoes(t *testing.T) {
	s := creditForAChildsPlace(t)
	s.keys("enter")
	s.waitFor("K01-A0001")
	s.keys("enter", "o")
	s.waitFor("K01-000002  payée")
	s.keys("enter")
	s.waitFor("Commande K01-000002 · payée", "bon K01-A0001")
	s.keys("a")
	s.typ("erreur")
	s.keys("enter")
	s.waitFor("Rend : Avoir d'échange CHF 12.00")
	s.golden(t)
}

// TestGoldenEscLeavesNoStaleRefusal: on an order, e asks the customer's
// address; "fund" is refused; Esc goes back to the order, and the refusal
// of an address no longer asked stayed under the tickets ("! L'adresse
// e-mail « fund » ne semble pas juste"). Esc takes it away with the field
// (as it does for the cancellation's question and the invoice's payment).
func TestGoldenEscLeavesNoStaleRefusal(t *testing.T) {
	r := openRegister(t)
	till := claireAtTill(t, r)
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	if err != nil {
		t.Fatal(err)
	}
	till.Close()
	s := claireSignedIn(t, r, "fr")
	s.waitFor("o commandes")
	s.toOrder(o.Number, "Commande "+o.Number+" · payée")
	s.keys("e")
	s.waitFor(s.tr("done.emailto"))
	s.typ("fund")
	s.keys("enter")
	s.waitFor("fund")
	s.waitFor("! ")
	s.keys("esc")
	s.waitFor("a annuler")
	s.golden(t)
}

// TestGoldenInvoicePaidInCashSaysItsRounding: an invoice of CHF 60.53 (a
// gift voucher of CHF 33.33, a place of CHF 25.00 and the fees) paid in
// cash at the desk: "À payer CHF 60.55" under the invoice's CHF 60.53, and
// nothing said why. The line says the cash rounding, as the payment
// screen and the receipt do.
func TestGoldenInvoicePaidInCashSaysItsRounding(t *testing.T) {
	r := openRegister(t)
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	if err != nil {
		t.Fatal(err)
	}
	till := claireAtTill(t, r)
	if err := till.AddVoucher("bon-libre", chf(3333)); err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	if err := till.SetCustomer(zoe.ID); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
	if err != nil {
		t.Fatal(err)
	}
	if o.Total != chf(6053) {
		t.Fatalf("the invoice is %s", o.Total.Format("fr"))
	}
	till.Close()

	s := claireSignedIn(t, r, "fr")
	s.waitFor("o commandes")
	s.toOrder(o.Number, "Commande "+o.Number+" · à payer")
	s.keys("v", "right")
	s.waitFor("CHF 60.55")
	s.typ("100")
	s.waitFor("CHF 39.45")
	s.golden(t)
}

// TestGoldenOrderSaysWhereItsExchangedTicketWent: the first of two places
// was exchanged into order K01-000002. The order marked it ⇄ "échangé"
// and said nowhere where it went, while canceling it is refused with
// "cancel the order it went to". The order says its last exchange's order.
func TestGoldenOrderSaysWhereItsExchangedTicketWent(t *testing.T) {
	r := openRegister(t)
	two := exchangedFirstOfTwo(t, r)
	s := claireSignedIn(t, r, "fr")
	s.waitFor("o commandes")
	s.keys("o")
	s.typ(two.Number)
	s.waitFor(">✓ " + two.Number)
	s.keys("enter")
	s.waitFor(two.Number+"-01", "échangé", two.Number+"-02")
	s.golden(t)
}

// TestGoldenOrdersListSaysTicketsCanceled: Zoé's order of three places,
// one of them canceled and refunded. The orders list said "payée CHF
// 75.00 3×" as for an order untouched, and a cashier looking for the
// order to refund thought nothing had been given back. Its row says "3×
// (1 annulé)"; an order canceled whole says "annulée" alone.
func TestGoldenOrdersListSaysTicketsCanceled(t *testing.T) {
	r := openRegister(t)
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	if err != nil {
		t.Fatal(err)
	}
	till := claireAtTill(t, r)
	sell := func(n int, customer string) pos.Order {
		t.Helper()
		if err := till.AddTickets("hamlet-00", "galerie", "adult", n); err != nil {
			t.Fatal(err)
		}
		if customer != "" {
			if err := till.SetCustomer(customer); err != nil {
				t.Fatal(err)
			}
		}
		o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	part := sell(3, zoe.ID)
	if err := till.CancelPart(part.Number, "one cannot come", local.CancelOptions{Tickets: []string{part.Tickets[0].Number}}); err != nil {
		t.Fatal(err)
	}
	whole := sell(2, zoe.ID)
	if err := till.Cancel(whole.Number, "wrong day"); err != nil {
		t.Fatal(err)
	}
	sell(1, zoe.ID)
	till.Close()

	s := claireSignedIn(t, r, "fr")
	s.waitFor("o commandes")
	s.keys("o")
	s.waitFor(part.Number, whole.Number, "3× (1 annulé)")
	s.golden(t)
}

// TestGoldenPaidUpOffersNoMethodKeys: CHF 50 of CHF 65 paid in cash, then
// back at the cart the child's seat taken off: the cash pays it all, the
// screen says "Tout est payé" and lists no method, yet its help offered
// ↑/↓, which moved an unseen cursor. It offers Enter, ⌫ (the payment
// taken may be removed) and Esc.
func TestGoldenPaidUpOffersNoMethodKeys(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("100")
	s.twoSeatsInCart()
	s.keys("c")
	s.toPayment()
	s.keys("enter")
	s.typ("50")
	s.keys("enter")
	s.waitFor(s.tr("pay.rest"), "CHF 15.00")
	s.keys("esc")
	s.waitFor(s.tr("cart.total"))
	s.keys("down", "x")
	s.waitFor(s.tr("status.cart", 1, "CHF 45.00"))
	s.keys("enter")
	s.waitFor(s.tr("pay.paidup"))
	s.golden(t)
}

// TestGoldenCashInOutFullHelp: the cash in/out form's whole help (F1),
// where "?" is typed into the reason: it listed "? aide" beside "F1 aide",
// a key that typed a question mark instead; and it called ctrl+o's choice
// "entrée/sortie" under a form that says "apport" and "retrait".
func TestGoldenCashInOutFullHelp(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.keys("m")
	s.waitFor(s.tr("cash.title"))
	s.tm.Send(tea.KeyPressMsg{Code: tea.KeyF1})
	s.waitFor("F1     aide")
	s.golden(t)
}

// TestGoldenAVoucherAddedSaysTheCodeNoLongerApplies: a cart with the code
// BIENVENUE (CHF 5 off a ticket), and a gift voucher added from the sales
// list: the code stops applying (a voucher is sold without a code) and the
// cart's total rises by the discount, while the flash line said only
// "Ajouté au panier : Bon cadeau CHF 50". It says why the total rose.
func TestGoldenAVoucherAddedSaysTheCodeNoLongerApplies(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.toStandingGallery()
	s.keys("+", "enter")
	s.waitFor(s.tr("status.cart", 1, "CHF 25.00"))
	s.keys("c", "p")
	s.typ("BIENVENUE")
	s.keys("enter")
	s.waitFor(s.tr("status.cart", 1, "CHF 20.00"))
	s.keys("esc", "esc")
	s.waitFor("o commandes")
	s.keys("tab", "tab")
	s.waitFor("[Bons cadeaux]")
	s.keys("enter")
	s.waitFor("panier : 1 billet, 1 bon cadeau · CHF 75.00")
	s.golden(t)
}

// TestGoldenOrderHelpListsWhatItsKeysDo: a paid order's whole help (?)
// listed "entrée valider", and Enter on the order did nothing: a cashier
// pressed it to open a ticket, to validate the sale, and read no answer.
// The help lists the keys the order answers.
func TestGoldenOrderHelpListsWhatItsKeysDo(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("0")
	s.sellGallery(2, "K01-000001")
	s.keys("o")
	s.waitFor(">✓ K01-000001")
	s.keys("enter")
	s.waitFor("K01-000001-02", "valable")
	s.keys("?")
	s.waitFor("ctrl+c quitter")
	s.golden(t)
}

// TestGoldenRemovingAPaymentSaysItsKeys: ⌫ on the payment screen asks
// whether to remove the card payment taken ("Entrée pour le retirer, une
// autre touche pour le garder"), while the help line went on offering
// "↑ haut • ↓ bas • entrée valider • ⌫ annuler le paiement": ↑ kept the
// payment, and the cursor did not move. The line says the question's keys.
func TestGoldenRemovingAPaymentSaysItsKeys(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.toStandingGallery()
	s.keys("+", "+", "enter")
	s.waitFor(s.tr("status.cart", 2, "CHF 50.00"))
	s.keys("c", "enter")
	s.waitFor(s.tr("pay.title"))
	s.selectLine("Carte de crédit")
	s.keys("enter")
	s.waitFor("Référence du terminal")
	s.typ("T1")
	s.keys("tab")
	s.typ("20")
	s.keys("enter")
	s.waitFor("réf. T1", "CHF 30.00")
	s.keys("backspace")
	s.waitFor(s.tr("pay.undokeys"))
	s.golden(t)
}

// TestGoldenLockWithAPaymentTakenSaysIt: a card payment of CHF 20.00 taken
// for a cart, Esc back to the sales list, then l: the question said only
// "Verrouiller ? Le panier sera vidé et ses places libérées.", and the
// card charged went with no order, said only at the next unlock, the
// customer gone. The question names it; so does ctrl+c's. Under both the
// help line said the sales list's keys ("/ chercher • c panier ..."),
// which all stay: it says the question's.
func TestGoldenLockWithAPaymentTakenSaysIt(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.toStandingGallery()
	s.keys("+", "+", "enter")
	s.waitFor(s.tr("status.cart", 2, "CHF 50.00"))
	s.keys("c", "enter")
	s.waitFor(s.tr("pay.title"))
	s.selectLine("Carte de crédit")
	s.keys("enter")
	s.waitFor("Référence du terminal")
	s.typ("T1")
	s.keys("tab")
	s.typ("20")
	s.keys("enter")
	s.waitFor("réf. T1", "CHF 30.00")
	s.keys("esc", "esc")
	s.waitFor("o commandes")
	s.keys("l")
	s.waitFor("Déjà encaissé,", "Carte de crédit CHF 20.00 (réf. T1)", "Échap pour rester.")
	s.golden(t)
	s.keys("esc")
	s.tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	s.waitFor("Quitter ?", "Déjà encaissé,", "Carte de crédit CHF 20.00")
	// the help line says the question's keys, not the list's
	s.waitFor("ctrl+c/entrée quitter • échap rester")
}

// TestGoldenACartOfEightLinesFitsAt80x24: the cart kept two rows for an
// offer's name and description under its lines, with no offer in the
// cart: at 80x24 a cart of eight lines showed seven and "↓ 1 ligne plus
// bas" above three empty rows. It keeps the rows of what is there.
func TestGoldenACartOfEightLinesFitsAt80x24(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.twoSeatsInCart()
	s.keys("esc")
	s.waitFor(s.tr("zone.title"))
	s.keys("down", "enter")
	s.waitFor(s.tr("ga.title"))
	s.keys("+", "down", "+", "down", "+", "down", "+", "down", "+", "enter")
	s.waitFor(s.tr("status.cart", 7, "CHF 140.00"))
	s.keys("tab", "enter")
	s.waitFor("panier : 7 billets, 1 pass · CHF 195.00")
	s.keys("c")
	s.waitFor(s.tr("cart.nocustomer"))
	s.golden(t)
}

// TestGoldenTrainingShowsTheCart: in training the header is the banner,
// which took the place of the cart's count and total: a trainee choosing
// seats saw "FORMATION — NON VALABLE · les ventes ne sont pas réelles ·
// Plan de salle" and no total, as no real sale hides it. With a cart, the
// banner's first words stay, then the screen's title and the cart.
func TestGoldenTrainingShowsTheCart(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.waitFor(s.tr("unlock.pin"))
	s.keys("ctrl+t")
	s.waitFor("FORMATION — NON VALABLE")
	s.unlock("200")
	s.twoSeatsInCart()
	s.golden(t)
}

// unanswered is a printer whose status the spooler asks and gets only
// once the test lets it answer: until then it has not been looked at.
type unanswered struct{ answer chan struct{} }

func (p unanswered) Write(b []byte) (int, error) { return len(b), nil }
func (p unanswered) Close() error                { return nil }
func (p unanswered) String() string              { return "unanswered" }
func (p unanswered) Status(ctx context.Context) (printers.Status, error) {
	select {
	case <-p.answer:
		return printers.Status{}, nil
	case <-ctx.Done():
		return printers.Status{}, ctx.Err()
	}
}

// TestStatusLineBeforeThePrinterIsLookedAt: at start, before the spooler's
// first look at the printer, the status line said "imprimante : ! hors
// ligne" while the done screen counted the tickets sent (CanPrint); it
// says the printer is being checked, without the "!", then "prête".
func TestStatusLineBeforeThePrinterIsLookedAt(t *testing.T) {
	r := openRegister(t)
	p := unanswered{answer: make(chan struct{})}
	d := newDriver(t, New(Options{Service: newTestService(r, p), Lang: "fr", Now: func() time.Time { return fixedNow }, Poll: time.Hour}), 80, 24)
	d.unlock("")
	d.expect("imprimante : vérification…")
	if s := d.screen(); strings.Contains(s, "hors ligne") || strings.Contains(s, "imprimante : !") {
		t.Fatalf("before the first look the status line raises an alarm:\n%s", s)
	}
	close(p.answer)
	for range 500 { // the spooler's first look answered: ready
		if strings.Contains(d.screen(), "imprimante : prête") {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("once the printer answered, the status line does not say it is ready:\n%s", d.screen())
}
