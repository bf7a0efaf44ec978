package tui

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// Whole sales, driven through the real Bubble Tea program by teatest on a
// real register file; each checks the journal written.

// unlock types Claire's PIN and opens her shift with a float.
func (s *session) unlock(float string) {
	s.waitFor(s.tr("unlock.pin"))
	s.typ("1234")
	s.keys("enter")
	s.waitFor(s.tr("float.prompt"))
	s.typ(float)
	s.keys("enter")
	s.waitFor("Hamlet", s.tr("pick.left", 486))
}

// tr is a message in the session's language (as the screen shows it).
func (s *session) tr(k string, args ...any) string { return tr(s.lang, k, args...) }

// twoSeatsInCart picks Hamlet tonight, the stalls, and seats F-9 (adult)
// and F-10 (child).
func (s *session) twoSeatsInCart() {
	s.keys("down", "enter")
	s.waitFor("426")
	s.keys("enter")
	s.waitFor(s.tr("seat.legend"))
	s.toSeatF9()
	s.keys("space", "l", "2", "space")
	s.waitFor(s.tr("status.cart", 2, "CHF 65.00"))
}

// toSeatF9 moves the seat plan's cursor from where it starts, the first
// free seat (A-2 on the stalls' plan: A-1 is blocked), to row F, seat 9.
func (s *session) toSeatF9() {
	for range 5 {
		s.keys("j")
	}
	for range 7 {
		s.keys("l")
	}
}

// code types a promo code on the cart's promo screen and waits for what
// the screen answers.
func (s *session) code(code string, want ...string) {
	s.keys("p")
	s.typ(code)
	s.keys("enter")
	s.waitFor(want...)
}

// toPayment goes from the cart to the payment and waits for its methods,
// cash among them.
func (s *session) toPayment() {
	s.keys("enter")
	cash, _ := s.cat.PaymentMethodByID("cash")
	s.waitFor(s.tr("pay.methods"), cash.Name.In(s.lang))
}

// payCashExact goes from the list to the payment, pays in cash the amount
// due (Enter on cash, Enter on the amount) and waits for the order.
func (s *session) payCashExact(order string) {
	s.keys("c")
	s.toPayment()
	s.keys("enter", "enter")
	s.waitFor(s.tr("done.order", order))
}

func TestSaleTwoSeatsCodeAndCash(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("200")
	s.twoSeatsInCart()
	s.keys("c")
	s.waitFor("CHF 65.00", "Enfant")
	s.code("BIENVENUE", "Offre appliquée : Bienvenue", "CHF 45.00 → CHF 40.00")
	s.keys("esc")
	s.toPayment()
	s.keys("enter")
	s.waitFor("Montant reçu")
	s.typ("100")
	s.waitFor("À rendre        CHF 45.00")
	s.keys("enter")
	s.waitFor("Commande K01-000001", "À rendre : CHF 45.00")

	// the next sale starts on the list, and the plan shows the seats sold
	s.keys("n")
	s.waitFor("Représentations", "484 libres")
	s.keys("enter", "enter")
	s.waitFor(s.tr("seat.legend"))
	s.toSeatF9()
	s.waitFor("Rang F, place 9 · vendue")

	es := journal(t, s, r)
	orders := ofType[jOrder](t, es, local.TypeOrderPlaced)
	if len(orders) != 1 {
		t.Fatalf("%d orders in the journal, want 1", len(orders))
	}
	o := orders[0].Order
	if o.Number != "K01-000001" || o.Total != chf(5500) || o.Offer == nil || o.Offer.ID != "bienvenue" || o.Staff != "claire" {
		t.Fatalf("order %s: total %s, offer %+v, staff %s", o.Number, o.Total, o.Offer, o.Staff)
	}
	pays := ofType[jPayment](t, es, local.TypePaymentCaptured)
	if len(pays) != 1 || pays[0].Payment.Kind != pos.KindCash || pays[0].Payment.Tendered != chf(10000) || pays[0].Payment.Change != chf(4500) {
		t.Fatalf("payments = %+v", pays)
	}
	tickets := ofType[jTicket](t, es, local.TypeTicketIssued)
	seats := map[string]string{}
	for _, tk := range tickets {
		seats[tk.Ticket.Seat] = tk.Ticket.Category
	}
	if len(tickets) != 2 || seats["F-9"] != "adult" || seats["F-10"] != "child" {
		t.Fatalf("tickets issued: %v", seats)
	}
}

func TestSaleGeneralAdmissionCard(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("0")
	s.keys("down", "enter")
	s.waitFor("Standing gallery")
	s.keys("down", "enter")
	s.waitFor("Free placement", "60 places left")
	s.keys("+", "+", "down", "+", "enter")
	s.waitFor("Added to the cart")
	s.keys("c")
	s.waitFor("Total", "CHF 62.00")
	s.keys("enter")
	s.waitFor("Payment methods", "Credit card")
	s.keys("down", "enter")
	s.waitFor("Terminal reference")
	s.typ("TRM-4711")
	s.keys("enter")
	s.waitFor("Order K01-000001", "3 tickets sent to the printer")

	if av, _ := r.Availability("hamlet-00"); len(av) != 2 || av[1].Zone != "galerie" || av[1].Sold != 3 {
		t.Fatalf("availability after the sale: %+v", av)
	}
	es := journal(t, s, r)
	o := ofType[jOrder](t, es, local.TypeOrderPlaced)
	p := ofType[jPayment](t, es, local.TypePaymentCaptured)
	tk := ofType[jTicket](t, es, local.TypeTicketIssued)
	if len(o) != 1 || o[0].Order.Total != chf(6200) || len(tk) != 3 {
		t.Fatalf("orders %+v, %d tickets", o, len(tk))
	}
	if len(p) != 1 || p[0].Payment.Kind != pos.KindCard || p[0].Payment.Card == nil || p[0].Payment.Card.Terminal != "TRM-4711" || p[0].Payment.Amount != chf(6200) {
		t.Fatalf("payments = %+v", p)
	}
	for _, x := range tk {
		if x.Ticket.Zone != "galerie" || x.Ticket.Seat != "" {
			t.Fatalf("ticket %+v is not a gallery ticket", x.Ticket)
		}
	}
}

func TestSalePass(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("0")
	s.keys("tab")
	s.waitFor("Festival pass — 3 days")
	s.keys("down", "down", "down", "enter")
	s.waitFor("Added to the cart: Festival pass — 3 days")
	s.keys("c")
	s.code("PASS20", "Offer applied: ", "CHF 140.00 → CHF 120.00")
	s.keys("esc")
	s.toPayment()
	s.keys("enter")
	s.waitFor("Cash received")
	s.keys("enter")
	s.waitFor("Order K01-000001")

	es := journal(t, s, r)
	o := ofType[jOrder](t, es, local.TypeOrderPlaced)
	tk := ofType[jTicket](t, es, local.TypeTicketIssued)
	p := ofType[jPayment](t, es, local.TypePaymentCaptured)
	if len(o) != 1 || o[0].Order.Total != chf(12000) || len(tk) != 1 || tk[0].Ticket.Kind != pos.LinePass || tk[0].Ticket.Item != "festival-3-jours" {
		t.Fatalf("orders %+v, tickets %+v", o, tk)
	}
	if len(p) != 1 || p[0].Payment.Amount != chf(12000) || !p[0].Payment.Change.IsZero() {
		t.Fatalf("payments = %+v", p)
	}
}

func TestRefusedCodeShowsTheReason(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("0")
	s.twoSeatsInCart()
	s.keys("c")
	s.waitFor("CHF 65.00")
	s.code("NOPE", "Code refused: ", "NOPE", "Total CHF 65.00")
	if n, _ := r.FindOrders("K01", 10); len(n) != 0 {
		t.Fatalf("a refused code placed %d orders", len(n))
	}
	es := journal(t, s, r)
	for _, e := range es {
		if e.Type != local.TypeRegisterKey && e.Type != local.TypeCapacityGranted && e.Type != local.TypeShiftOpened {
			t.Fatalf("a refused code wrote %s", e.Type)
		}
	}
}

// TestLanguageChosenAtUnlock: the staff switch to English on the unlock
// screen; the cart's lines, details and offer come priced in English, and
// the order is journaled so.
func TestLanguageChosenAtUnlock(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.waitFor("Langue : Français")
	s.keys("tab")
	s.waitFor("Language: English")
	s.lang = "en"
	s.unlock("0")
	s.twoSeatsInCart()
	s.keys("c")
	s.waitFor("Hamlet · Adult", "Hamlet · Child", "Mon 23 Nov 20:00 · Stalls · Row F, seat 9")
	s.code("BIENVENUE", "Offer applied: Welcome")
	s.keys("esc")
	s.toPayment()
	s.keys("enter", "enter")
	s.waitFor("Order K01-000001")
	o := ofType[jOrder](t, journal(t, s, r), local.TypeOrderPlaced)
	if len(o) != 1 || o[0].Order.Lines[0].Name != "Hamlet · Adult" || !strings.HasPrefix(o[0].Order.Offer.Name, "Welcome") {
		t.Fatalf("order journaled as %+v", o)
	}
}

// TestInvoiceFeesShownBeforePaying: moving to the invoice shows its fees
// (CHF 2.00 + 0.20 per ticket) and the total with them; the order is placed
// pending with those fees.
func TestInvoiceFeesShownBeforePaying(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("0")
	s.twoSeatsInCart()
	s.keys("c")
	s.waitFor("CHF 65.00")
	s.keys("enter")
	s.waitFor("Moyens de paiement", "Sur facture")
	s.keys("down", "down", "down", "down")
	s.waitFor("Frais Sur facture : CHF 2.00 + CHF 0.20/billet = CHF 2.40", "À payer         CHF 67.40")
	s.keys("up")
	s.waitFor("À payer         CHF 65.00")
	s.keys("down")
	s.invoiceCustomer("Zoé Müller")
	s.waitFor("Échéance de la facture", "Entrée pour établir la facture de CHF 67.40") // nothing is taken now: not "encaisser"
	s.keys("enter")
	s.waitFor("Commande K01-000001", "En attente de paiement jusqu'au")

	es := journal(t, s, r)
	o := ofType[jOrder](t, es, local.TypeOrderPlaced)
	if len(o) != 1 || o[0].Order.Total != chf(6740) || o[0].Order.State != pos.OrderPending || len(o[0].Order.Fees) != 1 || o[0].Order.Fees[0].Amount != chf(240) {
		t.Fatalf("order journaled as %+v", o)
	}
	if p := ofType[jPayment](t, es, local.TypePaymentCaptured); len(p) != 0 {
		t.Fatalf("a pending invoice captured %+v", p)
	}
}

// TestTheCartHeadCountsWhatIsInIt: the header's count names what the cart
// holds (a pass is no ticket): a pass and a gift voucher are not
// "1 ticket", nor "2 tickets" sent to the printer once sold; nor, in
// French, "2 articles", the products' tab and the header's word for
// products: tickets, passes and vouchers together are "titres".
func TestTheCartHeadCountsWhatIsInIt(t *testing.T) {
	for _, tc := range []struct {
		lang, pass, both, done string
		not                    []string
	}{
		{"en", "cart: 1 pass · CHF 55.00", "cart: 1 pass, 1 gift voucher · CHF 105.00", "2 items sent to the printer", []string{"tickets"}},
		{"fr", "panier : 1 pass · CHF 55.00", "panier : 1 pass, 1 bon cadeau · CHF 105.00", "2 titres envoyés à l'imprimante", []string{"billets", "articles"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := openRegister(t)
			d := newDriver(t, newTestApp(r, pos.Lang(tc.lang)), 80, 24)
			d.unlock("")
			d.keys("tab", "enter") // the first pass
			d.expect(tc.pass)
			d.keys("tab", "enter") // and the first gift voucher
			d.expect(tc.both)
			d.keys("c", "enter", "enter", "enter") // cash, the exact amount
			d.expect(tc.done)
			for _, w := range tc.not {
				if scr := d.screen(); strings.Contains(scr, w) {
					t.Fatalf("the done screen counts a pass and a gift voucher as %q:\n%s", w, scr)
				}
			}
		})
	}
}

// TestAPassAloneIsNotCountedAsATicketOnceSold: the header says "1 pass";
// the done screen said "1 billet envoyé à l'imprimante".
func TestAPassAloneIsNotCountedAsATicketOnceSold(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 80, 24)
	d.unlock("")
	d.keys("tab", "enter") // the first pass
	d.expect("panier : 1 pass · CHF 55.00")
	d.keys("c", "enter", "enter", "enter")    // cash, the exact amount
	d.expect("1 titre envoyé à l'imprimante") // also before the spooler first looked at the printer
	if strings.Contains(d.screen(), "1 billet") {
		t.Fatalf("the done screen counts a pass as a ticket:\n%s", d.screen())
	}
}

// TestAFloatFromAThousandIsWrittenWhole: the float typed is written out
// beside the typing from a thousand on (a zero too many is seen before
// Enter), and not below.
func TestAFloatFromAThousandIsWrittenWhole(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.typ("1234")
	d.keys("enter")
	d.expect(tr("en", "float.prompt"))
	d.typ("200")
	if scr := d.screen(); strings.Contains(scr, "= CHF") {
		t.Fatalf("a float of 200 written out:\n%s", scr)
	}
	d.typ("00")
	d.expect("CHF 20000_  = CHF 20’000.00")
	d.keys("backspace", "backspace")
	if scr := d.screen(); strings.Contains(scr, "= CHF") {
		t.Fatalf("the float corrected to 200 still written out:\n%s", scr)
	}
	d.keys("enter")
	d.expect("Performances")
}

// TestACardIsRecordedForWhatTheTerminalCharged: the cashier keys into the
// card terminal the amount the payment screen shows; when the order's
// price changes before the terminal's reference is entered (an automatic
// offer ends at midnight), the card is not recorded for a price the
// terminal never charged: checkout refuses with what is left to pay, and
// nothing is recorded.
func TestACardIsRecordedForWhatTheTerminalCharged(t *testing.T) {
	must := func(t *testing.T, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name, offer string
		shown, now  string // the total the terminal charged, and the order's price after midnight
		refused     string
		mend        []string // the cashier's keys after the refusal: charge the difference, or undo the card and take it again
		amounts     []int64  // the card payments then recorded
	}{
		{"an offer ends", `"valid_until":"+0d"`, "CHF 40.00", "CHF 50.00", "CHF 10.00 is still to be paid",
			[]string{"enter", "TRM-4712", "enter"}, []int64{4000, 1000}},
		{"an offer begins", `"valid_from":"+1d"`, "CHF 50.00", "CHF 40.00", "Credit card: CHF 50.00 is more than the CHF 40.00 left to pay",
			[]string{"backspace", "enter", "enter", "TRM-4712", "enter"}, []int64{4000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc map[string]json.RawMessage
			must(t, json.Unmarshal(fixtures.Demo, &doc))
			doc["offers"] = json.RawMessage(`[{"id":"nuit","name":"Night","effect":"amount_per_ticket","amount":"CHF 5.00","automatic":true,` + tc.offer + `}]`)
			data, err := json.Marshal(doc)
			must(t, err)
			cat, err := pos.ParseCatalog("test", data, fixedNow)
			must(t, err)
			var now atomic.Pointer[time.Time]
			late := time.Date(2026, 11, 23, 23, 59, 30, 0, mustZurich())
			now.Store(&late)
			clock := func() time.Time { return *now.Load() }
			r, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: clock})
			must(t, err)
			t.Cleanup(func() { closeServices(r); r.Close() })
			app := New(Options{Service: newTestService(r, printers.NewPreview()), Lang: "en", Now: clock, Poll: time.Hour})
			d := newDriver(t, app, 100, 30)
			d.unlock("0")
			must(t, d.app.c.till.AddTickets("hamlet-01", "galerie", "adult", 2))
			d.keys("c")
			d.expect(tc.shown)
			d.keys("enter", "down", "enter")
			d.expect("Terminal reference")
			d.typ("TRM-4711") // the terminal charged what the screen showed
			midnight := late.Add(time.Minute)
			now.Store(&midnight)
			d.keys("enter")
			d.expect(tc.refused)
			if ov, ok, _ := r.Order("K01-000001"); ok {
				t.Fatalf("order recorded for %s paid %+v, the terminal having charged %s", ov.Order.Total, ov.Order.Payments, tc.shown)
			}
			d.expect("To pay          " + tc.now) // the screen shows the price now
			for _, k := range tc.mend {
				if len(k) > 1 && k != "enter" && k != "backspace" {
					d.typ(k)
				} else {
					d.keys(k)
				}
			}
			d.expect("Order K01-000001")
			ov, ok, err := r.Order("K01-000001")
			if err != nil || !ok || ov.Order.Total.Format(pos.English) != tc.now || len(ov.Order.Payments) != len(tc.amounts) {
				t.Fatalf("order after mending: %v %v %+v", ok, err, ov.Order)
			}
			for i, a := range tc.amounts {
				if ov.Order.Payments[i].Amount != chf(a) {
					t.Errorf("payment %d: %s, want %s", i+1, ov.Order.Payments[i].Amount, chf(a))
				}
			}
		})
	}
}

// TestACodeThatStopsApplyingIsSaidInTheCart: PASS20 allows two 3-day
// passes an order; a third taken in the cart with + priced the cart
// without it, silently (the offer's line went, nothing said why), and the
// payment screen let a card be charged CHF 420 before the register refused
// the order for its code. The cart now says why the code no longer
// applies, and Enter opens the code (to remove it) instead of the payment.
func TestACodeThatStopsApplyingIsSaidInTheCart(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("0")
	s.keys("tab")
	s.waitFor("Festival pass — 3 days")
	s.keys("down", "down", "down", "enter")
	s.waitFor("Added to the cart: Festival pass — 3 days")
	s.keys("c")
	s.code("PASS20", "Offer applied: ", "CHF 140.00 → CHF 120.00")
	s.keys("esc")
	s.waitFor("Discount CHF 20.00")
	s.keys("+")
	s.waitFor("2×", "Discount CHF 40.00")
	s.keys("+")
	s.waitFor("3×", "PASS20 does not apply", "at most 2 tickets per order")
	fitsIn80(t, s.screen())
	s.keys("enter")
	s.waitFor("Code refused: ", "at most 2 tickets per order")
	if strings.Contains(s.screen(), "Payment methods") {
		t.Fatalf("the payment opened with a code the register refuses:\n%s", s.screen())
	}
	s.keys("ctrl+x")
	s.waitFor("Code removed.")
	s.keys("esc")
	s.waitFor("CHF 420.00")
	if strings.Contains(s.screen(), "does not apply") {
		t.Fatalf("the code removed is still said not to apply:\n%s", s.screen())
	}
	s.toPayment()
	s.keys("enter", "enter")
	s.waitFor("Order K01-000001")
	if o := ofType[jOrder](t, journal(t, s, r), local.TypeOrderPlaced); len(o) != 1 || o[0].Order.Total != chf(42000) {
		t.Fatalf("orders = %+v", o)
	}
}

// TestPlusPressedQuicklyCountsEveryPress: + pressed three times in a row
// on a gallery line of one place makes four. Each press read the quantity
// the screen showed, which the till had not answered yet: the three
// presses made two places.
func TestPlusPressedQuicklyCountsEveryPress(t *testing.T) {
	_, s := startCounter(t, "en")
	s.unlock("0")
	s.keys("down", "enter")
	s.addGallery(1)
	s.waitFor(s.tr("pick.added", ""))
	s.keys("c")
	s.waitFor("1×  Hamlet · Adult")
	s.keys("+", "+", "+")
	s.waitFor("4×  Hamlet · Adult", s.tr("status.cart", 4, "CHF 100.00"))
	s.keys("-", "-")
	s.waitFor("2×  Hamlet · Adult", s.tr("status.cart", 2, "CHF 50.00"))
}

// TestMinusPressedQuicklyStopsAtItsLine: - pressed three times in a row on
// a line of two places removes that line and leaves the next one alone.
func TestMinusPressedQuicklyStopsAtItsLine(t *testing.T) {
	_, s := startCounter(t, "en")
	s.unlock("0")
	s.keys("down", "enter")
	s.addGallery(2)
	s.waitFor(s.tr("pick.added", ""))
	s.keys("tab", "tab", "tab")
	s.waitFor("Programme")
	s.keys("enter")
	s.waitFor(s.tr("pick.added", ""))
	s.keys("c")
	s.waitFor("2×  Hamlet · Adult", "1×  Programme")
	s.keys("-", "-", "-")
	s.waitFor("cart: 1 product · CHF 5.00")
	if !s.wait(func() bool { return strings.Contains(s.screen(), "1×  Programme") }) {
		t.Fatalf("the programme went too:\n%s", s.screen())
	}
}

// TestALongTitleLeavesTheCartItsSpace: at 80 columns a long screen title
// is cut before the cart's count, with a space between: it ran into it
// ("… Le Voyage dans la …panier : 1 billet").
func TestALongTitleLeavesTheCartItsSpace(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 80, 24)
	d.unlock("")
	d.keys("tab", "down", "down", "down", "enter") // the 3-day festival pass
	d.expect("panier : 1 pass · CHF 140.00")
	d.keys("c", "i")
	d.expect("Raison de l'invitation")
	head := strings.SplitN(d.screen(), "\n", 2)[0]
	if !strings.Contains(head, "… panier : 1 pass · CHF 140.00") {
		t.Fatalf("the header runs the title into the cart: %q", head)
	}
}

// TestTheRestCountsTheFeesOfTheMethodInView: CHF 65, CHF 20 paid in cash,
// then the cursor on the invoice: "To pay" says CHF 67.40 with its fees,
// and the rest said CHF 45.00 (the fees left out), where the invoice is
// then made out for CHF 47.40. The rest counts the same fees as the total
// above it.
func TestTheRestCountsTheFeesOfTheMethodInView(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("0")
	s.twoSeatsInCart()
	s.keys("c")
	s.toPayment()
	s.keys("enter")
	s.typ("20")
	s.keys("enter")
	s.waitFor("Reste           CHF 45.00")
	s.selectLine("Sur facture")
	s.waitFor("À payer         CHF 67.40", "Reste           CHF 47.40")
	s.selectLine("Carte de crédit")
	s.waitFor("À payer         CHF 65.00", "Reste           CHF 45.00")
}

// TestTheChosenMethodsDescriptionStaysInItsColumn: the payment methods'
// descriptions start in one column, the one under the cursor too (its
// "> " took one cell less than the others' two spaces).
func TestTheChosenMethodsDescriptionStaysInItsColumn(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.unlock("")
	d.keys("down", "enter", "down", "enter", "+", "enter", "c", "enter") // one standing place, to the payment
	card, _ := d.app.c.cat.PaymentMethodByID("card")
	d.expect(card.Name.In("en"))
	col := func(name string) int {
		for _, l := range strings.Split(d.screen(), "\n") {
			if strings.Contains(l, name) {
				return strings.Index(l, card.Description.In("en"))
			}
		}
		return -1
	}
	before := col(card.Name.In("en"))
	d.keys("down") // the cursor on the card
	d.expect("> " + card.Name.In("en"))
	if after := col(card.Name.In("en")); after != before || before < 0 {
		t.Fatalf("the card's description starts at column %d under the cursor, %d without it:\n%s", after, before, d.screen())
	}
}

// TestAShiftClosedAtAnotherTillKeepsTheSale: a cashier's shift is hers,
// not her till's: with two tills of hers open (two SSH sessions), the Z
// closure made at one closes it under the other, whose customer stands at
// the payment with the cash handed over. The payment refused ("no open
// shift") must not lose the sale: the till asks for a new shift's float
// at once, then comes back to the payment as it was (its cart, its cash
// taken), and Enter records the order in the new shift.
func TestAShiftClosedAtAnotherTillKeepsTheSale(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("200")
	s.keys("down", "enter")
	s.addGallery(2)
	s.waitFor(s.tr("pick.perfs"), s.tr("pick.added", ""))
	s.keys("c")
	s.toPayment()

	other, err := r.Unlock("claire", "1234") // her other till: the Z
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.CloseShift(chf(20000)); err != nil {
		t.Fatal(err)
	}
	other.Close()

	s.keys("enter", "enter") // cash, the amount due
	s.waitFor(s.tr("float.prompt"), "Your shift was closed (Z) at another till")
	s.keys("esc") // back to the sale, which waits
	s.waitFor(s.tr("pay.paidup"), "CHF 50.00", "no shift open")
	s.keys("enter")
	s.waitFor(s.tr("float.prompt"), "Your shift was closed (Z) at another till")
	s.typ("100")
	s.keys("enter")
	s.waitFor(s.tr("pay.paidup"), "CHF 50.00", "shift K01-S0002")
	s.keys("enter")
	s.waitFor(s.tr("done.order", "K01-000001"))
	ov, ok, err := r.Order("K01-000001")
	if err != nil || !ok || len(ov.Order.Tickets) != 2 {
		t.Fatalf("order %+v %v %v", ov.Order, ok, err)
	}
	sh, open, err := other.Shift()
	if err != nil || !open || sh.ID == "K01-S0001" || sh.Float != chf(10000) {
		t.Fatalf("her shift now %+v (open %v, %v): want a new one with a float of CHF 100", sh, open, err)
	}
}

// TestCashNoCoinsMakeIsNotOfferedUnderTheAmount: CHF 12.33 typed in cash
// (no coin makes it) was hinted "Entrée : encaisser CHF 12.33, il
// restera CHF 52.67 à payer", above the refusal Enter then gave; CHF 70.33
// showed CHF 5.33 of change. The hint now says what to type instead, once,
// and no change is shown for an amount Enter refuses.
func TestCashNoCoinsMakeIsNotOfferedUnderTheAmount(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("0")
	s.twoSeatsInCart()
	s.keys("c")
	s.toPayment()
	s.keys("enter") // cash
	s.typ("12.33")
	coins := "Il n'y a pas de pièce pour CHF 12.33 : tapez CHF 12.30 ou CHF 12.35"
	s.waitFor(coins)
	if strings.Contains(s.screen(), "encaisser CHF 12.33") {
		t.Fatalf("the hint offers what Enter refuses:\n%s", s.screen())
	}
	s.keys("enter")
	s.waitFor("Espèces : il n'y a pas de pièce")
	if n := strings.Count(strings.ToLower(s.screen()), strings.ToLower(coins)); n != 1 {
		t.Fatalf("the coins are said %d times:\n%s", n, s.screen())
	}
	for range "12.33" {
		s.keys("backspace")
	}
	s.typ("70.33")
	s.waitFor("pièce pour CHF 70.33")
	if strings.Contains(s.screen(), "5.33") {
		t.Fatalf("change is shown for cash Enter refuses:\n%s", s.screen())
	}
}

// TestARefusedCodeReadsAsOneSentence: "Code refusé : Ce code permet au
// plus 4 billets par commande" put a capital after the colon (the
// reason was written as a sentence of its own); it reads "Code refusé :
// ce code permet...".
func TestARefusedCodeReadsAsOneSentence(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("100")
	s.keys("down", "enter")
	s.addGallery(5)
	s.waitFor(s.tr("pick.added", ""))
	s.keys("c")
	s.waitFor("CHF 125.00")
	s.code("BIENVENUE", "Code refusé : ce code permet au plus 4 billets par commande")
}

// A school group of 22 is typed as 22 on the free-placement screen: each
// digit went in alone (22 gave 2), so the cashier had to press + twenty
// times or sell two tickets. Digits typed in a row make one number; a
// move starts the next row's number afresh; Backspace takes the last
// digit off.
func TestGeneralAdmissionQuantityTypedInDigits(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("0")
	s.keys("down", "enter")
	s.waitFor("Standing gallery")
	s.keys("down", "enter")
	s.waitFor("Free placement", "60 places left")
	s.keys("down") // Child
	s.typ("223")
	s.keys("backspace")
	s.waitFor("Total: 22 tickets")
	s.keys("up")
	s.typ("2")
	s.waitFor("Total: 24 tickets")
	s.keys("c")
	s.waitFor("22× Hamlet · Child", "CHF 314.00")

	if av, _ := r.Availability("hamlet-00"); len(av) != 2 || av[1].Zone != "galerie" || av[1].Held != 24 {
		t.Fatalf("availability with 24 in the cart: %+v", av)
	}
}

// A sale of 24 tickets at 80x24: the done screen listed the first
// seventeen and ↓ moved the QR code on to tickets 18–24 without ever
// showing them (the list did not follow, and nothing said more were
// below). The list follows the ticket chosen and says how many are
// beyond the window.
func TestTheDoneScreenScrollsItsTickets(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("0")
	s.keys("down", "enter")
	s.waitFor(s.tr("zone.title"))
	s.keys("down", "enter")
	s.waitFor(s.tr("ga.title"))
	s.typ("24")
	s.keys("enter")
	s.waitFor(s.tr("pick.added", ""))
	s.payCashExact("K01-000001")
	s.waitFor(">K01-000001-01", "↓ 8 billets plus bas")
	for range 23 {
		s.keys("down")
	}
	s.waitFor(">K01-000001-24", "↑ 8 billets plus haut")
	for range 5 {
		s.keys("up")
	}
	s.waitFor(">K01-000001-19", "billets : ↑ 3 · ↓ 5")
}

// A cart of a season subscription and a programme: the help line offered
// "←/→ catégorie", and ←/→ did nothing on either (only a ticket has
// categories). The key is offered on a ticket's line only.
func TestTheCartOffersCategoriesOnATicketOnly(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("0")
	s.toArticle(1, "Abonnement saison théâtre")
	s.waitFor("Ajouté au panier : Abonnement saison théâtre")
	s.keys("c")
	s.waitFor(s.tr("cart.title"), "entrée payer")
	if strings.Contains(s.screen(), "←/→ catégorie") {
		t.Fatalf("a pass's line offers categories:\n%s", s.screen())
	}
	s.keys("esc", "tab", "tab", "tab")
	s.keys("down", "enter")
	s.addGallery(1)
	s.waitFor(s.tr("pick.added", ""))
	s.keys("c")
	s.waitFor("Galerie debout")
	s.keys("down")
	s.waitFor("←/→ catégorie")
}

// A programme alone in the cart: the full help offered "f formulaire"
// and "t texte du billet", and neither key did anything on its line (a
// product has no form and no ticket to print text on). They are offered
// on the lines they work on: the form on a ticket's, the text on a
// ticket's or a pass's.
func TestTheCartHelpOffersFormAndTextWhereTheyWork(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("0")
	s.toArticle(3, "Programme de salle")
	s.waitFor("Ajouté au panier : Programme de salle")
	s.keys("c")
	s.waitFor(s.tr("cart.title"), "entrée payer")
	s.keys("?")
	s.waitFor("x retirer", "i      invitation")
	if scr := s.screen(); strings.Contains(scr, "f formulaire") || strings.Contains(scr, "t texte du billet") {
		t.Fatalf("a product's line offers a form and a ticket text:\n%s", scr)
	}
	s.keys("?", "esc", "tab", "tab")
	s.selectLine("Abonnement saison théâtre")
	s.keys("enter")
	s.waitFor("Ajouté au panier : Abonnement saison théâtre")
	s.keys("c")
	s.waitFor("CHF 185.00")
	s.keys("down")
	s.selectLine("Abonnement saison théâtre")
	s.keys("?")
	s.waitFor("t texte du billet")
	if scr := s.screen(); strings.Contains(scr, "f formulaire") {
		t.Fatalf("a pass's line offers a form:\n%s", scr)
	}
}

// TestTheDoneScreenNamesThePassSold: a festival day pass sold in French
// is not called a subscription ("abonnement") on the done screen: its
// line says which pass it is, as the season subscription's says its own.
func TestTheDoneScreenNamesThePassSold(t *testing.T) {
	for _, tc := range []struct {
		lang pos.Lang
		down int
		want string
	}{
		{"fr", 0, "(Pass festival — jour 1)"},
		{"en", 0, "(Festival pass — day 1)"},
		{"fr", 4, "(Abonnement"},
	} {
		t.Run(string(tc.lang)+"/"+tc.want, func(t *testing.T) {
			_, s := startCounter(t, tc.lang)
			s.unlock("0")
			s.keys("tab")
			p, _ := s.cat.PassByID("festival-jour-1")
			s.waitFor(p.Name.In(tc.lang))
			for range tc.down {
				s.keys("down")
			}
			s.keys("enter")
			s.waitFor(s.tr("pick.added", ""))
			s.keys("c")
			s.toPayment()
			s.keys("enter", "enter")
			s.waitFor(s.tr("done.order", "K01-000001"), tc.want)
			if tc.down == 0 && strings.Contains(s.screen(), "abonnement") {
				t.Fatalf("a day pass is called a subscription:\n%s", s.screen())
			}
		})
	}
}

// TestALongCartSaysWhatIsAboveAndBelow: a cart longer than the window, in
// French and English at 80x24 and 120x40, says how many of its lines are
// below the window and, once scrolled down, how many are above (it showed
// "…" below and nothing above), as the order's tickets and the seat plan's
// rows say theirs; the screen never runs past the window.
func TestALongCartSaysWhatIsAboveAndBelow(t *testing.T) {
	for _, tc := range []struct {
		lang pos.Lang
		w, h int
	}{{"fr", 80, 24}, {"en", 80, 24}, {"fr", 120, 40}, {"en", 120, 40}} {
		t.Run(string(tc.lang)+"/"+itoa(tc.w)+"x"+itoa(tc.h), func(t *testing.T) {
			r := openRegister(t)
			d := newDriver(t, newTestApp(r, tc.lang), tc.w, tc.h)
			d.unlock("0")
			n := 0
			for _, p := range []string{"hamlet-00", "hamlet-01", "hamlet-02", "carmen-01", "carmen-02"} {
				for _, cat := range []string{"adult", "child", "avs"} {
					if err := d.app.c.till.AddTickets(p, "galerie", cat, 1); err != nil {
						t.Fatal(err)
					}
					n++
				}
			}
			for _, p := range []string{"festival-jour-1", "festival-jour-2", "festival-jour-3", "festival-3-jours", "abonnement-saison"} {
				if err := d.app.c.till.AddItem(pos.LinePass, p, 1); err != nil {
					t.Fatal(err)
				}
				n++
			}
			d.keys("c")
			d.expect(tr(tc.lang, "cart.total"))
			fits := func(when string) string {
				t.Helper()
				scr := d.screen()
				if l := strings.Count(strings.TrimRight(scr, "\n"), "\n") + 1; l > tc.h {
					t.Fatalf("%s: %d lines in a window of %d:\n%s", when, l, tc.h, scr)
				}
				return scr
			}
			scr := fits("at the top")
			if strings.Contains(scr, "↑") || !strings.Contains(scr, "↓") {
				t.Fatalf("at the top, the cart does not say what is below (and only that):\n%s", scr)
			}
			for range n - 1 {
				d.keys("down")
			}
			scr = fits("at the bottom")
			if !strings.Contains(scr, "↑") || strings.Contains(scr, "↓") {
				t.Fatalf("at the bottom, the cart does not say what is above (and only that):\n%s", scr)
			}
			d.keys("up") // the window stays where it is: a line beyond each way
			scr = fits("in the middle")
			if !strings.Contains(scr, "↑") || !strings.Contains(scr, "↓") {
				t.Fatalf("in the middle, the cart does not say what is above and below:\n%s", scr)
			}
		})
	}
}

// TestAPerformanceWhosePlacesAreInCartsIsNotSoldOut: the list of
// performances said "sold out" of one whose places left were all in other
// tills' carts: a cashier turned the customer away though the places may
// come back on sale in minutes. It says they are in carts; one with
// nothing left is sold out.
func TestAPerformanceWhosePlacesAreInCartsIsNotSoldOut(t *testing.T) {
	for _, lang := range []pos.Lang{"fr", "en"} {
		r := openRegister(t)
		d := newDriver(t, newTestApp(r, lang), 80, 24)
		s := &pickScreen{c: d.app.c, avail: map[string][]ZoneAvailability{
			"held": {{Zone: "galerie", Capacity: 60, Sold: 58, Held: 2}, {Zone: "parterre", Capacity: 10, Sold: 10}},
			"sold": {{Zone: "galerie", Capacity: 60, Sold: 60}},
		}}
		if got := s.left("held"); got != tr(lang, "pick.allheld") || strings.Contains(got, tr(lang, "pick.soldout")) {
			t.Errorf("%s: places all in carts say %q", lang, got)
		}
		if got := s.left("sold"); got != tr(lang, "pick.soldout") {
			t.Errorf("%s: a sold-out performance says %q", lang, got)
		}
	}
}

// After a Z at her other till and a new float, the payment taken pays it
// all: the screen says Enter records the sale, and no line beside it says
// Enter takes a payment.
func TestAShiftResumedAfterAZSaysOneThingForEnter(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("200")
	s.keys("down", "enter")
	s.addGallery(2)
	s.waitFor(s.tr("pick.perfs"), s.tr("pick.added", ""))
	s.keys("c")
	s.toPayment()

	other, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.CloseShift(chf(20000)); err != nil {
		t.Fatal(err)
	}
	other.Close()

	s.keys("enter", "enter") // cash, the amount due
	s.waitFor(s.tr("float.prompt"))
	s.typ("100")
	s.keys("enter")
	s.waitFor(s.tr("pay.paidup"), "K01-S0002")
	if scr := s.screen(); strings.Contains(scr, "take the payment") {
		t.Fatalf("the screen says both that Enter records the sale and that it takes the payment:\n%s", scr)
	}
}

// TestTheCashFieldStaysPutAsTheChangeAppears: CHF 65.00 in cash, the
// cashier types 1, 0, 0. "À rendre" came above "Montant reçu" as soon as
// 100 passed the amount due, so the field she was typing in jumped down a
// line (and the hint under it). The change now shows under the field, in
// the blank line kept there: neither moves.
func TestTheCashFieldStaysPutAsTheChangeAppears(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("200")
	s.twoSeatsInCart()
	s.keys("c")
	s.toPayment()
	s.keys("enter")
	s.waitFor("Montant reçu")
	rowOf := func(scr, what string) int {
		for i, l := range strings.Split(scr, "\n") {
			if strings.Contains(l, what) {
				return i
			}
		}
		t.Fatalf("no %q on the screen:\n%s", what, scr)
		return -1
	}
	s.typ("10")
	s.waitFor("10_")
	before := s.screen()
	s.typ("0")
	s.waitFor("À rendre        CHF 35.00")
	after := s.screen()
	for _, what := range []string{"Montant reçu", "  Entrée"} {
		if b, a := rowOf(before, what), rowOf(after, what); b != a {
			t.Errorf("%q moved from row %d to row %d as the change appeared:\n%s\n%s", what, b, a, before, after)
		}
	}
	if rowOf(after, "À rendre") <= rowOf(after, "Montant reçu") {
		t.Errorf("the change is not under the amount received:\n%s", after)
	}
}

// TestTheHeaderCountsWhatTheCartHolds: the header's count. Two tickets and
// a festival pass read "panier : 3 billets" (a pass is no ticket), a gift
// voucher alone "1 article". Each kind now has its word (a product's is
// "article", as its tab says), two kinds both; beyond two, the first and
// how many others, so the title keeps its room at 80 columns.
func TestTheHeaderCountsWhatTheCartHolds(t *testing.T) {
	type item struct {
		kind, id string
		n        int
	}
	tickets := item{pos.LineTicket, "", 2}
	pass := item{pos.LinePass, "festival-jour-1", 1}
	voucher := item{pos.LineVoucher, "bon-100", 1}
	programme := item{pos.LineProduct, "programme", 1}
	for _, tc := range []struct {
		lang  pos.Lang
		items []item
		want  string
	}{
		{"fr", []item{tickets}, "panier : 2 billets · "},
		{"fr", []item{tickets, pass}, "panier : 2 billets, 1 pass · "},
		{"en", []item{tickets, pass}, "cart: 2 tickets, 1 pass · "},
		{"fr", []item{pass}, "panier : 1 pass · "},
		{"fr", []item{voucher}, "panier : 1 bon cadeau · "},
		{"en", []item{voucher, voucher}, "cart: 2 gift vouchers · "},
		{"fr", []item{programme}, "panier : 1 article · "},
		{"en", []item{programme}, "cart: 1 product · "},
		{"fr", []item{tickets, pass, voucher}, "panier : 2 billets, 2 autres · "},
		{"en", []item{pass, voucher, programme}, "cart: 1 pass, 2 others · "},
	} {
		t.Run(string(tc.lang)+"/"+tc.want, func(t *testing.T) {
			r := openRegister(t)
			d := newDriver(t, newTestApp(r, pos.Lang(tc.lang)), 80, 24)
			d.unlock("0")
			for _, it := range tc.items {
				var err error
				if it.kind == pos.LineTicket {
					err = d.app.c.till.AddTickets("hamlet-00", "galerie", "adult", it.n)
				} else {
					err = d.app.c.till.AddItem(it.kind, it.id, it.n)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			d.keys("c")
			d.expect(tr(tc.lang, "cart.total"))
			head, _, _ := strings.Cut(d.screen(), "\n")
			if !strings.Contains(head, tc.want) {
				t.Fatalf("the header says %q, want %q", head, tc.want)
			}
			fitsIn80(t, d.screen())
		})
	}
}

// TestAPassSoldShowsItsQRAsAPass: the done screen titled a pass's QR code
// "QR du billet", though the header counts it a pass.
func TestAPassSoldShowsItsQRAsAPass(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 120, 40)
	d.unlock("")
	d.keys("tab", "enter") // the first pass
	d.expect("panier : 1 pass · CHF 55.00")
	d.keys("c", "enter", "enter", "enter") // cash, the exact amount
	d.expect("QR du pass K01-000001-01")
}

// TestTicketsWordJudgesThePrinterAsTheKioskDoes: before the spooler first
// looked at the printer the done screen said the tickets wait, though they
// printed a moment later (a clean-clone run saw "1 titre en attente
// d'impression"); it judges with PrinterState.CanPrint, as the kiosk does.
func TestTicketsWordJudgesThePrinterAsTheKioskDoes(t *testing.T) {
	c := &common{lang: pos.French}
	one := []pos.Ticket{{Kind: pos.LineTicket}}
	for _, tc := range []struct {
		p    PrinterState
		want string
	}{
		{PrinterState{}, "1 billet envoyé à l'imprimante"}, // not looked at yet
		{PrinterState{Online: true}, "1 billet envoyé à l'imprimante"},
		{PrinterState{Online: true, Problem: PrinterPaperLow}, "1 billet envoyé à l'imprimante"},
		{PrinterState{Online: true, Problem: PrinterPaperOut}, "1 billet en attente d'impression"},
		{PrinterState{Failed: "write: broken pipe"}, "1 billet en attente d'impression"},
		{PrinterState{None: true}, "1 billet en attente d'impression"},
	} {
		if got := ticketsWord(c, one, tc.p); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
}

// TestAnInvoiceFeeWithNoTicketSaysOnlyWhatItCosts: a gift voucher alone
// on invoice pays the invoice's CHF 2.00 an order; its fee line said
// "CHF 2.00 + CHF 0.20/billet = CHF 2.00", a sum that reads as gone wrong.
func TestAnInvoiceFeeWithNoTicketSaysOnlyWhatItCosts(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("0")
	s.giftVoucher50InCart()
	s.keys("c")
	s.waitFor("CHF 50.00")
	s.keys("enter")
	s.toMethod(4, "Sur facture")
	s.waitFor("Frais Sur facture : CHF 2.00\n", "À payer         CHF 52.00")
	if scr := s.screen(); strings.Contains(scr, "/billet") {
		t.Fatalf("the fee line counts tickets the cart has none of:\n%s", scr)
	}
}
