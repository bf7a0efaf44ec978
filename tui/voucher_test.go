package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
)

// TestGiftVoucherPaysPartOfALaterOrder sells a CHF 50 gift voucher, then a
// CHF 65 order paid with it (its whole balance) and the rest in cash.
func TestGiftVoucherPaysPartOfALaterOrder(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("100")
	s.sellGiftVoucher50()

	s.twoSeatsInCart()
	s.keys("c", "enter")
	s.waitFor("Moyens de paiement", "Bon cadeau")
	for range 5 {
		s.keys("down")
	}
	s.waitFor("> Bon cadeau")
	s.keys("enter")
	s.waitFor("Numéro du bon")
	s.typ("K01-000001-01")
	// before Enter the screen said it would take the CHF 65.00 left,
	// then took the CHF 50.00 the voucher held
	s.waitFor("Entrée : le bon paie ce qu'il contient, jusqu'à CHF 65.00")
	s.keys("enter")
	s.waitFor("K01-000001-01 (solde CHF 0.00)", "Reste           CHF 15.00")
	s.keys("up", "up", "up", "up", "up")
	s.waitFor("> Espèces")
	s.keys("enter")
	s.typ("20")
	s.waitFor("À rendre        CHF 5.00")
	s.keys("enter")
	s.waitFor("Commande K01-000002", "À rendre : CHF 5.00", "Reste sur le bon K01-000001-01 :", "CHF 0.00")

	if b, ok, _ := r.VoucherBalance("K01-000001-01"); !ok || !b.IsZero() {
		t.Fatalf("voucher balance after use = %s, %v", b, ok)
	}
	es := journal(t, s, r)
	var got []pos.Payment
	for _, p := range ofType[jPayment](t, es, local.TypePaymentCaptured) {
		if p.Order == "K01-000002" {
			got = append(got, p.Payment)
		}
	}
	if len(got) != 2 || got[0].Kind != pos.KindVoucher || got[0].Voucher != "K01-000001-01" || got[0].Amount != chf(5000) ||
		got[1].Kind != pos.KindCash || got[1].Amount != chf(1500) || got[1].Tendered != chf(2000) || got[1].Change != chf(500) {
		t.Fatalf("payments of K01-000002 = %+v", got)
	}
	tk := ofType[jTicket](t, es, local.TypeTicketIssued)
	if len(tk) != 3 || tk[0].Ticket.Kind != pos.LineVoucher || tk[0].Ticket.Number != "K01-000001-01" {
		t.Fatalf("tickets issued = %+v", tk)
	}
}

// TestAVoucherTypedTwicePaysItsBalanceOnce: a CHF 50 voucher typed for
// CHF 30, then typed again, pays the CHF 20 it has left (it paid CHF 50
// again before, and its balance went below zero); a third time it is
// refused with a sentence, and cash pays the rest.
func TestAVoucherTypedTwicePaysItsBalanceOnce(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("100")
	s.sellGiftVoucher50()

	s.twoSeatsInCart() // CHF 65
	s.keys("c", "enter")
	s.payByVoucher("K01-000001-01", "30")
	s.waitFor("K01-000001-01 (solde CHF 20.00)", "Reste           CHF 35.00")
	s.payByVoucher("K01-000001-01", "")
	s.waitFor("CHF 20.00  K01-000001-01 (solde CHF 0.00)", "Reste           CHF 15.00")
	s.payByVoucher("K01-000001-01", "")
	s.waitFor("paie déjà tout ce qu'il contient (CHF 50.00)")
	s.keys("esc")
	s.selectLine("Espèces")
	s.keys("enter", "enter")
	s.waitFor("Commande K01-000002")
	if scr := s.screen(); strings.Count(scr, "Reste sur le bon") != 1 {
		t.Fatalf("the done screen does not say once what the voucher holds:\n%s", scr)
	}

	if b, ok, _ := r.VoucherBalance("K01-000001-01"); !ok || !b.IsZero() {
		t.Fatalf("voucher balance after use = %s, %v; want CHF 0.00", b, ok)
	}
	var fromVoucher []pos.Money
	for _, p := range ofType[jPayment](t, journal(t, s, r), local.TypePaymentCaptured) {
		if p.Order == "K01-000002" && p.Payment.Voucher != "" {
			fromVoucher = append(fromVoucher, p.Payment.Amount)
		}
	}
	if len(fromVoucher) != 2 || fromVoucher[0] != chf(3000) || fromVoucher[1] != chf(2000) {
		t.Fatalf("the voucher paid %v of K01-000002, want CHF 30 and CHF 20", fromVoucher)
	}
}

// TestAnInvoiceCanceledGivesTheVoucherBesideItItsMoney: CHF 20 of a gift
// voucher and an invoice for the rest; the order canceled at the desk
// before the invoice is paid asks to give back the CHF 20 the register
// says it will (the screen said CHF 0.00, and the voucher kept nothing),
// and the voucher holds its CHF 50 again.
func TestAnInvoiceCanceledGivesTheVoucherBesideItItsMoney(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("100")
	s.sellGiftVoucher50()
	s.twoSeatsInCart() // CHF 65
	s.keys("c", "enter")
	s.payByVoucher("K01-000001-01", "20")
	s.waitFor("K01-000001-01 (solde CHF 30.00)", "Reste           CHF 45.00")
	s.toMethod(4, "Sur facture")
	s.invoiceCustomer("Zoé Müller")
	s.waitFor("Entrée pour établir la facture")
	s.keys("enter")
	s.waitFor("Commande K01-000002", "En attente de paiement")
	s.keys("n")
	s.waitFor("o commandes")
	s.toOrder("K01-000002", "K01-000002-02", "Bon cadeau                  CHF 20.00  K01-000001-01")
	s.keys("a")
	s.typ("ne vient pas")
	s.keys("enter")
	s.waitFor("Annuler K01-000002 et rembourser CHF 20.00 ? Entrée : oui · Échap : non")
	s.keys("enter")
	s.waitFor("Commande K01-000002 annulée.")
	if b, ok, _ := r.VoucherBalance("K01-000001-01"); !ok || b != chf(5000) {
		t.Fatalf("the voucher holds %s after the cancellation, want CHF 50.00", b)
	}
	// its uses say the CHF 20 went back to it, not a spending of
	// "CHF -20.00"
	s.keys("esc")
	s.waitFor("entrée ouvrir")
	s.keys("esc")
	s.waitFor("o commandes")
	s.keys("b")
	s.waitFor("N° du bon")
	s.typ("K01-000001-01")
	s.keys("enter")
	s.waitFor("Utilisations :", "commande K01-000002  CHF 20.00", "commande K01-000002  rendu au bon CHF 20.00")
	if scr := s.screen(); strings.Contains(scr, "-20.00") {
		t.Fatalf("the voucher's uses show the money given back as a negative spending:\n%s", scr)
	}
}

// TestAGiftVoucherIsRefusedAsExchangeCredit: typed under "Exchange credit",
// a gift voucher's number is refused on the payment screen, before any
// order, with a sentence that names the right method.
func TestAGiftVoucherIsRefusedAsExchangeCredit(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 100, 30)
	d.unlock("")
	d.keys("tab", "tab", "enter", "c", "enter", "enter", "enter") // a gift voucher, paid in cash
	d.expect("Order K01-000001")
	d.keys("n", "down", "enter", "down", "enter", "+", "+", "enter", "c", "enter")
	d.expect("Payment methods")
	for range 6 {
		d.keys("down")
	}
	d.expect("> Exchange credit")
	d.keys("enter")
	d.typ("K01-000001-01")
	d.keys("enter")
	d.expect("Gift voucher") // the right method, named
	if s := d.screen(); !strings.Contains(s, "K01-000001-01 is a gift voucher") {
		t.Fatalf("the refusal does not say what the number is:\n%s", s)
	}
	if _, ok, _ := r.Order("K01-000002"); ok {
		t.Fatal("an order was placed")
	}
	if p := d.app.top().(*paymentScreen); len(p.tenders) != 0 {
		t.Fatalf("the refused voucher was taken as a payment: %+v", p.tenders)
	}
}

// TestTheDoneScreenSaysAGiftVoucherIsOne: a gift voucher sold shows its
// code as a gift voucher's, not as a bare ticket number, and its QR code
// is named as the voucher's.
func TestTheDoneScreenSaysAGiftVoucherIsOne(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 120, 40)
	d.unlock("")
	d.keys("tab", "tab", "enter", "c", "enter", "enter", "enter")
	d.expect("Commande K01-000001")
	d.expect("K01-000001-01 CHF 50.00")
	d.expect("(bon cadeau)")
	d.expect("QR du bon cadeau K01-000001-01")
}

// TestAnErrorGoesOnceMended: a voucher number mistyped says so; the right
// one then pays, and the error is gone.
func TestAnErrorGoesOnceMended(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 100, 30)
	d.unlock("")
	d.keys("tab", "tab", "enter", "c", "enter", "enter", "enter") // a CHF 50 gift voucher, cash
	d.expect("Order K01-000001")
	d.keys("n", "down", "enter", "down", "enter", "+", "enter", "c", "enter")
	for range 4 {
		d.keys("down")
	}
	d.expect("> Gift voucher")
	d.keys("enter")
	d.typ("K01-999999-01")
	d.keys("enter")
	d.expect("No voucher or credit number K01-999999-01")
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	for range 20 {
		d.keys("backspace")
	}
	d.typ("K01-000001-01")
	d.keys("enter")
	d.expect("Order K01-000002")
	if strings.Contains(d.screen(), "No voucher") {
		t.Fatalf("the mended mistake is still shown:\n%s", d.screen())
	}
}

// giftVoucher50InCart puts a CHF 50 gift voucher in the cart, from the
// performances' tab of a French till.
func (s *session) giftVoucher50InCart() {
	s.keys("tab", "tab")
	s.waitFor("[Bons cadeaux]", "Bon cadeau CHF 50")
	s.keys("enter")
	s.waitFor("Ajouté au panier : Bon cadeau CHF 50")
}

// sellGiftVoucher50 sells a CHF 50 gift voucher in cash, K01-000001-01 (on
// a French till), and starts the next sale.
func (s *session) sellGiftVoucher50() {
	s.giftVoucher50InCart()
	s.payCashExact("K01-000001")
	s.waitFor("K01-000001-01 CHF 50.00")
	s.keys("n")
	s.waitFor("[Représentations]") // a new sale starts on the performances
}

// toMethod puts the payment screen's cursor on the method downs lines
// under cash (the payments above may name it too: selectLine would stop
// there).
func (s *session) toMethod(downs int, name string) {
	s.waitFor("Moyens de paiement")
	for range 8 {
		s.keys("up")
	}
	s.waitFor("> Espèces")
	for range downs {
		s.keys("down")
	}
	s.waitFor("> " + name)
}

// payByVoucher pays by the gift voucher number on a French payment
// screen: amount typed, or "" for what it can pay of the rest.
func (s *session) payByVoucher(number, amount string) {
	s.tb.Helper()
	s.toMethod(5, "Bon cadeau")
	s.keys("enter")
	s.waitFor("Numéro du bon")
	s.typ(number)
	if amount != "" {
		s.keys("tab")
		s.typ(amount)
	}
	s.keys("enter")
}

// TestAVoucherPaysWhatAnExchangeCreditLeaves: F-10 (a child's CHF 20)
// exchanged for a gallery place (CHF 25) leaves CHF 5 to pay; a gift
// voucher with no amount typed pays those CHF 5. The screen offered to
// take CHF 25 (the cart's total, the credit forgotten) and the register
// then refused the voucher: "CHF 25.00 is more than the CHF 5.00 left".
func TestAVoucherPaysWhatAnExchangeCreditLeaves(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("100")
	s.sellGiftVoucher50()
	s.twoSeatsInCart()
	s.payCashExact("K01-000002")
	s.keys("n")
	s.waitFor("x échange")
	s.keys("x")
	s.waitFor("N° de commande ou e-mail")
	s.typ("K01-000002")
	s.keys("enter")
	s.typ("02")
	s.keys("enter")
	s.waitFor("Avoir d'échange de CHF 20.00 dans le panier", "[Représentations]")
	s.keys("enter")
	s.addGallery(1)
	s.waitFor("Ajouté au panier")
	s.keys("c")
	s.waitFor("Reste à payer")
	s.keys("enter")
	s.waitFor("À payer         CHF 5.00")
	s.toMethod(4, "Bon cadeau") // no invoice: CHF 5 is below its minimum
	s.keys("enter")
	s.waitFor("Numéro du bon", "Entrée : le bon paie ce qu'il contient, jusqu'à CHF 5.00")
	s.typ("K01-000001-01")
	s.keys("enter")
	s.waitFor("Commande K01-000003", "Reste sur le bon K01-000001-01 :", "CHF 45.00")

	if b, ok, _ := r.VoucherBalance("K01-000001-01"); !ok || b != chf(4500) {
		t.Fatalf("voucher balance after use = %s, %v; want CHF 45.00", b, ok)
	}
}

// TestWhatAVoucherLeftIsNeverSplit: the done screen's "Left on voucher"
// line is wrapped to its column, and the amount stays whole on one line
// (a voucher's 13-character number put "CHF" at the end of one line and
// "0.00" alone on the next).
func TestWhatAVoucherLeftIsNeverSplit(t *testing.T) {
	for _, lang := range []pos.Lang{"en", "fr"} {
		t.Run(string(lang), func(t *testing.T) {
			r := openRegister(t)
			app := newTestApp(r, lang)
			zero, big := chf(0), chf(123456700)
			o := pos.Order{Number: "K01-000002", Payments: []pos.Payment{
				{Method: "voucher", Amount: chf(5000), Voucher: "K01-000001-01", Left: &zero},
				{Method: "voucher", Amount: chf(5000), Voucher: "K01-000007-01", Left: &big},
			}}
			s := newDone(app.c, counter.Sale{Order: o})
			for _, want := range []string{zero.Format(lang), big.Format(lang)} {
				found := false
				for _, l := range s.vouchersLeft {
					if strings.Contains(l, want) {
						found = true
					}
				}
				if !found {
					t.Errorf("no line holds %q whole:\n%s", want, strings.Join(s.vouchersLeft, "\n"))
				}
			}
			for _, l := range s.vouchersLeft {
				if w := ansi.StringWidth(l); w > doneLeftW {
					t.Errorf("%q is %d cells, wider than the column's %d", l, w, doneLeftW)
				}
			}
		})
	}
}

// TestACartWithAGiftVoucherSaysAtOnceItTakesNoCode: a cart holding a gift
// voucher cannot take a promo code (seed 000); p said nothing of it, was
// shown in the help, and opened the code screen, the refusal coming only
// once a code was typed. Now p is not offered, and pressing it says why.
func TestACartWithAGiftVoucherSaysAtOnceItTakesNoCode(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.unlock("")
	d.keys("down", "enter", "down", "enter", "+", "enter") // a standing place
	d.keys("c")
	d.expect("p " + tr("en", "key.code")) // a ticket alone takes a code
	d.keys("esc", "esc", "esc")
	d.keys("tab", "tab", "enter") // and a gift voucher
	d.keys("c")
	d.expect(tr("en", "cart.title"))
	if s := d.screen(); strings.Contains(s, "p "+tr("en", "key.code")) {
		t.Fatalf("the help offers a code to a cart holding a gift voucher:\n%s", s)
	}
	d.keys("p")
	if s := d.screen(); strings.Contains(s, tr("en", "promo.title")) || !strings.Contains(s, "cannot take a promo code") {
		t.Fatalf("p on a cart holding a gift voucher shows:\n%s", s)
	}
}

// TestAVoucherLookUpByNameListsEachOfTheCustomersVouchers: Zoé bought two
// gift vouchers; `b` with her name lists both with what each holds (the
// last one in full), so the cashier does not tell her she has only one.
// A name nobody has says so, not only that no voucher has that number.
func TestAVoucherLookUpByNameListsEachOfTheCustomersVouchers(t *testing.T) {
	r := openRegister(t)
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	if err != nil {
		t.Fatal(err)
	}
	till := claireAtTill(t, r)
	for _, amount := range []int64{4000, 2500} {
		if err := till.AddVoucher("bon-libre", chf(amount)); err != nil {
			t.Fatal(err)
		}
		if err := till.SetCustomer(zoe.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := till.Checkout([]pos.Tender{{Method: "cash"}}); err != nil {
			t.Fatal(err)
		}
	}
	till.Close()

	s := claireSignedIn(t, r, "en")
	s.waitFor("o orders")
	s.keys("b")
	s.waitFor(s.tr("voucher.ask"))
	s.typ("müller")
	s.keys("enter")
	s.waitFor("2 vouchers for this name", "K01-000001-01", "CHF 40.00", "K01-000002-01", "CHF 25.00",
		"Gift voucher K01-000002-01", "Type another's number")

	for range len("müller") {
		s.keys("backspace")
	}
	s.typ("Nobody")
	s.keys("enter")
	s.waitFor("no customer of this name has one")
}

// TestAVoucherSpentAtAnotherTillMeanwhileIsShownSpent: the CHF 50 gift
// voucher pays CHF 50 of a CHF 65 order at this till; before the cash
// for the rest is typed, another till of the register spends the whole
// voucher. The register refuses the order ("the voucher has nothing
// left"), and the payment screen went on saying the voucher paid CHF 50
// (balance CHF 0.00) and "Paid in full: Enter to record the sale": Enter
// only met the same refusal, and nothing said what to do. The screen now
// looks the voucher up again: it says what it holds now, and what is
// left to pay.
func TestAVoucherSpentAtAnotherTillMeanwhileIsShownSpent(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("100")
	s.sellGiftVoucher50()
	s.twoSeatsInCart() // CHF 65
	s.keys("c", "enter")
	s.payByVoucher("K01-000001-01", "")
	s.waitFor("K01-000001-01 (solde CHF 0.00)", "Reste           CHF 15.00")

	other, err := r.Unlock("lea", "2468")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.OpenShift(chf(10000)); err != nil {
		t.Fatal(err)
	}
	if err := other.AddTickets("hamlet-01", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Checkout([]pos.Tender{{Method: "gift", Voucher: "K01-000001-01"}}); err != nil {
		t.Fatal(err)
	}
	other.Close()

	s.selectLine("Espèces")
	s.keys("enter", "enter")
	s.waitFor("le bon K01-000001-01 est épuisé")
	s.waitFor("Reste           CHF 65.00")
	if scr := s.screen(); strings.Contains(scr, s.tr("pay.paidup")) {
		t.Fatalf("the screen still says the order is paid after the refusal:\n%s", scr)
	}
}

// TestExactCashLeftWithNoOrderSaysItsAmount: the CHF 50 voucher and the
// exact cash for the CHF 15 left (Enter on an empty "cash received") are
// taken; the voucher was spent at another till meanwhile, the register
// refuses the order, and the cashier empties the cart. The payments are
// journaled as left with no order, to give back: the cash one was
// journaled with no amount (the tender said "the exact rest"), the cart
// said "give them back: … Espèces" and the shift's report counted
// CHF 0.00 of cash to give back, while CHF 15 were in the drawer. The
// exact cash is now taken as the amount the screen asked for.
func TestExactCashLeftWithNoOrderSaysItsAmount(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("100")
	s.sellGiftVoucher50()
	s.twoSeatsInCart() // CHF 65
	s.keys("c", "enter")
	s.payByVoucher("K01-000001-01", "")
	s.waitFor("K01-000001-01 (solde CHF 0.00)", "Reste           CHF 15.00")

	other, err := r.Unlock("lea", "2468")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.OpenShift(chf(10000)); err != nil {
		t.Fatal(err)
	}
	if err := other.AddTickets("hamlet-01", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Checkout([]pos.Tender{{Method: "gift", Voucher: "K01-000001-01"}}); err != nil {
		t.Fatal(err)
	}
	other.Close()

	s.selectLine("Espèces")
	s.keys("enter", "enter")
	s.waitFor("le bon K01-000001-01 est épuisé")
	s.keys("esc")
	s.waitFor(s.tr("cart.total"))
	s.keys("x")
	s.waitFor(s.tr("status.cart", 1, "CHF 20.00"))
	s.keys("x")
	s.waitFor(s.tr("cart.empty"))
	s.waitFor("Espèces CHF 15.00")

	var cash []pos.Tender
	for _, ts := range ofType[local.TillSession](t, journal(t, s, r), local.TypeTillSession) {
		for _, p := range ts.Payments {
			if ts.Event == local.EventPaymentsLeft && p.Method == "cash" {
				cash = append(cash, p)
			}
		}
	}
	if len(cash) != 1 || (cash[0].Amount != chf(1500) && cash[0].Tendered != chf(1500)) {
		t.Fatalf("cash left with no order in the journal: %+v; want CHF 15.00", cash)
	}
}

// TestAGiftVoucherDoesNotPayForANewOne: a cart holding a gift voucher,
// and the cashier chooses "Gift voucher" to pay it: the screen says at
// once why not and what to do, before a voucher number is typed; the
// register refuses the same (pos.PricedCart.CanPayWith), so an old
// voucher's money never comes back valid for years. Before, the voucher
// number was asked and the new voucher sold.
func TestAGiftVoucherDoesNotPayForANewOne(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 100, 30)
	d.unlock("")
	d.keys("tab", "tab", "enter", "c", "enter", "enter", "enter") // a CHF 50 gift voucher, cash
	d.expect("Order K01-000001")
	d.keys("n", "tab", "tab", "enter", "c", "enter") // another, to pay
	d.expect("Payment methods")
	for range 5 {
		d.keys("down")
	}
	d.expect("> Gift voucher")
	d.keys("enter")
	d.expect("a gift voucher cannot pay for another gift voucher")
	d.expect("sell the new gift voucher on an order of its own")
	p := d.app.top().(*paymentScreen)
	if p.entering != nil || strings.Contains(d.screen(), "Voucher number") {
		t.Fatalf("the voucher's number is asked for:\n%s", d.screen())
	}
	d.keys("up", "up", "up", "up", "up") // cash pays it
	d.expect("> Cash")
	d.keys("enter", "enter")
	d.expect("Order K01-000002")
	if b, ok, _ := r.VoucherBalance("K01-000001-01"); !ok || b != chf(5000) {
		t.Fatalf("the first voucher holds %s (found %v), want CHF 50.00", b, ok)
	}
}
