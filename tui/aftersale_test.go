package tui

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// Orders and money after the sale (issue 12), each flow through the real
// program, then the journal read back: it verifies and its views equal a
// rebuild.

// moving is a register clock a test moves.
type moving struct {
	mu sync.Mutex
	t  time.Time
}

func (m *moving) Now() time.Time { m.mu.Lock(); defer m.mu.Unlock(); return m.t }
func (m *moving) Add(d time.Duration) {
	m.mu.Lock()
	m.t = m.t.Add(d)
	m.mu.Unlock()
}

// openMoving opens a demo register (dated from fixedNow) whose clock
// starts at start.
func openMoving(t *testing.T, start time.Time) (*local.Register, *moving) {
	t.Helper()
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	clk := &moving{t: start}
	r, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeServices(r); r.Close() })
	return r, clk
}

// verified reads the journal back (the program stopped, the register
// closed), checks that it verifies and that a rebuild gives the same views.
func verified(t *testing.T, s *session, r *local.Register) []entry {
	t.Helper()
	es := journal(t, s, r)
	if _, err := local.Verify(r.Path()); err != nil {
		t.Fatalf("the journal does not verify: %v", err)
	}
	res, err := local.Rebuild(r.Path())
	if err != nil || !res.Identical {
		t.Fatalf("the views differ from a rebuild (%+v, %v)", res, err)
	}
	return es
}

// invoiceSeats sells Hamlet tonight's F-9 and F-10 on an invoice.
func (s *session) invoiceSeats(order string) {
	s.twoSeatsInCart()
	s.keys("c", "enter")
	s.waitFor("Sur facture")
	s.keys("down", "down", "down", "down")
	s.waitFor("CHF 67.40")
	s.invoiceCustomer("Zoé Müller")
	s.waitFor("Entrée pour établir la facture de CHF 67.40")
	s.keys("enter")
	s.waitFor("Commande "+order, "En attente de paiement")
	s.keys("n")
	s.waitFor("o commandes")
}

func TestAnInvoiceLapsesAtItsDeadlineAndAnotherTillSellsItsSeats(t *testing.T) {
	// sold eleven days ago with ten to pay: its last day ended yesterday
	r, clk := openMoving(t, fixedNow.Add(-11*24*time.Hour))
	s := startSession(t, newTestApp(r, "fr"), 80, 24)
	s.unlock("0")
	s.invoiceSeats("K01-000001")
	clk.Add(11 * 24 * time.Hour)

	other := startSession(t, newTestApp(r, "fr"), 80, 24)
	other.waitFor(other.tr("unlock.pin"))
	other.typ("1234")
	other.keys("enter")
	other.waitFor("Hamlet")
	other.twoSeatsInCart() // F-9 and F-10 are free again
	other.keys("esc", "esc")
	other.waitFor("o commandes")
	other.keys("o")
	other.waitFor("✗ K01-000001  échue")
	other.quit()

	es := verified(t, s, r)
	l := ofType[jCanceled](t, es, local.TypeOrderLapsed)
	if len(l) != 1 || l[0].Order != "K01-000001" || l[0].Reason != local.LapseReason || len(l[0].Refunds) != 0 {
		t.Fatalf("order.lapsed = %+v", l)
	}
}

func TestAnInvoiceValidatedInCashFillsTheDrawer(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("0")
	s.invoiceSeats("K01-000001")
	s.keys("o")
	s.waitFor("… K01-000001  à payer")
	s.keys("tab") // to pay
	s.waitFor("Affichées : à payer")
	s.keys("tab") // overdue: not yet
	s.waitFor("Affichées : en retard", "Aucune commande ne correspond.")
	s.keys("tab", "tab")
	s.waitFor("Affichées : à payer", "… K01-000001  à payer")
	s.keys("enter")
	s.waitFor("(à payer)")
	s.keys("v")
	s.waitFor("Payée par : [Virement]", "Référence du virement :")
	s.keys("right")
	s.waitFor("[Espèces]", "Espèces reçues")
	s.typ("70")
	s.keys("enter")
	s.waitFor("Paiement de la commande K01-000001 validé.", "✓ Commande K01-000001 · payée")
	s.keys("esc", "esc")
	s.waitFor("o commandes")
	s.keys("z")
	s.waitFor("CHF 67.40", "Factures validées")

	es := verified(t, s, r)
	v := ofType[jPayment](t, es, local.TypePaymentValidated)
	if len(v) != 1 || v[0].Payment.Kind != pos.KindCash || v[0].Payment.Amount != chf(6740) || v[0].Payment.Tendered != chf(7000) {
		t.Fatalf("payment.validated = %+v", v)
	}
}

// TestAnInvoiceValidatedInCashSaysTheChange: CHF 70 handed over for an
// invoice of CHF 67.40. The register recorded CHF 2.60 of change, but the
// screen never said it: the cashier had to work it out. The change shows
// as the cash is typed, and again once the payment is validated.
func TestAnInvoiceValidatedInCashSaysTheChange(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("0")
	s.invoiceSeats("K01-000001")
	s.keys("o")
	s.waitFor("… K01-000001  à payer")
	s.keys("enter")
	s.waitFor("(à payer)")
	s.keys("v", "right")
	s.waitFor("[Espèces]", "Espèces reçues", "À payer CHF 67.40")
	s.typ("70")
	s.waitFor("À rendre CHF 2.60")
	fitsIn80(t, s.screen())
	s.keys("enter")
	s.waitFor("Paiement de la commande K01-000001 validé. À rendre : CHF 2.60.", "✓ Commande K01-000001 · payée")

	v := ofType[jPayment](t, verified(t, s, r), local.TypePaymentValidated)
	if len(v) != 1 || v[0].Payment.Change != chf(260) {
		t.Fatalf("payment.validated = %+v", v)
	}
}

// toArticle goes tabs tabs right, to the tab that lists name, and picks
// its line.
func (s *session) toArticle(tabs int, name string) {
	for range tabs {
		s.keys("tab")
	}
	s.selectLine(name)
	s.keys("enter")
}

// selectLine moves the cursor, down or up, to the line that shows name.
func (s *session) selectLine(name string) {
	s.waitFor(name)
	lines := strings.Split(s.screen(), "\n")
	at, sel := -1, -1
	for i, l := range lines {
		if strings.Contains(l, name) && at < 0 {
			at = i
		}
		if strings.HasPrefix(strings.TrimSpace(l), ">") {
			sel = i
		}
	}
	for range at - sel {
		s.keys("down")
	}
	for range sel - at {
		s.keys("up")
	}
	if !s.wait(func() bool { return strings.Contains(s.selectedLine(), name) }) {
		s.tb.Fatalf("the list never selected %q:\n%s", name, s.screen())
	}
}

// selectedLine is the screen's line under the cursor (">").
func (s *session) selectedLine() string {
	for _, l := range strings.Split(s.screen(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), ">") {
			return l
		}
	}
	return ""
}

func TestAGiftVoucherAtAFreeAmountIsSpentInTwoSalesThenExpires(t *testing.T) {
	r, clk := openMoving(t, fixedNow)
	s := startSession(t, newTestApp(r, "fr"), 80, 24)
	s.unlock("100")
	s.toArticle(2, "Bon cadeau (montant libre)")
	s.waitFor("Montant (de CHF 10.00 à CHF 500.00)")
	s.typ("5")
	s.keys("enter")
	s.waitFor("le montant va de") // refused: below the minimum, the screen stays
	s.keys("backspace")
	s.typ("40")
	s.keys("enter")
	s.waitFor("Ajouté au panier")
	s.payCashExact("K01-000001")
	voucher := "K01-000001-01"
	s.waitFor(voucher)
	s.keys("n")
	s.waitFor("o commandes")

	// 25.00 of its 40.00, then the 15.00 left and cash
	for i, n := range []int{1, 2} {
		s.sellGalleryByVoucher(n, voucher, i == 1) // a new sale starts on the performances
	}
	s.keys("b")
	s.waitFor("N° du bon")
	s.typ(strings.ToLower(voucher))
	s.keys("enter")
	s.waitFor("Valeur", "CHF 40.00", "Reste", "CHF 0.00", "K01-000002", "K01-000003")

	// a CHF 50 voucher (24 months), then spent 25 months later
	s.keys("esc")
	s.waitFor("o commandes")
	s.toArticle(2, "Bon cadeau CHF 50")
	s.waitFor("Ajouté au panier")
	s.payCashExact("K01-000004")
	s.keys("n")
	s.waitFor("o commandes")
	clk.Add(25 * 31 * 24 * time.Hour)
	s.toArticle(3, "Programme")
	s.waitFor("Ajouté au panier")
	s.keys("c", "enter")
	s.selectLine("Bon cadeau")
	s.keys("enter")
	s.waitFor("Numéro du bon")
	s.typ("K01-000004-01")
	s.keys("enter")
	s.waitFor("a expiré le")

	es := verified(t, s, r)
	if p := ofType[jPayment](t, es, local.TypePaymentCaptured); len(p) < 4 {
		t.Fatalf("payments = %+v", p)
	}
}

// sellGalleryByVoucher sells n adult places in tonight's gallery paid with
// the gift voucher, and cash for what it does not cover (withCash).
func (s *session) sellGalleryByVoucher(n int, voucher string, withCash bool) {
	s.waitFor("Hamlet")
	if !withCash {
		s.keys("down") // the first: the list then keeps its place on Hamlet
	}
	s.keys("enter")
	s.addGallery(n)
	s.waitFor(s.tr("pick.added", ""))
	s.keys("c", "enter")
	s.selectLine("Bon cadeau")
	s.keys("enter")
	s.waitFor("Numéro du bon")
	s.typ(voucher)
	s.keys("enter")
	if withCash {
		s.waitFor("Reste")
		s.selectLine("Espèces")
		s.keys("enter", "enter")
	}
	s.waitFor("Commande K01-")
	s.keys("n")
	s.waitFor("o commandes")
}

func TestACompIsFreeWithItsReason(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("0")
	s.keys("down", "enter")
	s.addGallery(1)
	s.waitFor(s.tr("pick.added", ""))
	s.keys("c")
	s.waitFor("CHF 25.00")
	s.keys("i")
	s.waitFor("Raison de l'invitation")
	s.typ("presse : Le Temps")
	s.keys("enter")
	s.waitFor("Ligne offerte : presse : Le Temps.", "invitation : presse : Le Temps")
	s.keys("enter")
	s.waitFor("Gratuit")
	s.keys("enter", "enter")
	s.waitFor("Commande K01-000001")

	es := verified(t, s, r)
	o := ofType[jOrder](t, es, local.TypeOrderPlaced)
	if len(o) != 1 || !o[0].Order.Total.IsZero() || o[0].Order.Tickets[0].Comp != "presse : Le Temps" {
		t.Fatalf("order.placed = %+v", o)
	}
}

func TestTwoOfFourTicketsCanceledAndRefundedInCash(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("100")
	s.sellGallery(4, "K01-000001")
	s.toOrder("✓ K01-000001  payée", "K01-000001-04")
	s.keys("space", "space", "a")
	s.waitFor("Seuls les 2 billets cochés sont annulés.")
	s.typ("deux absents")
	s.keys("enter")
	s.waitFor("Annuler 2 billets de K01-000001 et rembourser CHF 50.00", "Remboursement : ← comme payé →")
	s.keys("right")
	s.waitFor("Remboursement : ← Espèces →")
	s.keys("enter")
	s.waitFor("2 billets de la commande K01-000001 annulés.", "✓ Commande K01-000001 · payée", "Remboursé (Espèces)")
	s.keys("esc", "esc")
	s.waitFor("o commandes")
	s.keys("z") // the X report counts the partial cancellation
	s.waitFor("commandes : 1, billets : 4, annulations : 1 (dont 1 partielle)")

	es := verified(t, s, r)
	c := ofType[jCanceled](t, es, local.TypeOrderCanceled)
	if len(c) != 1 || len(c[0].Refunds) != 1 || c[0].Refunds[0].Kind != pos.KindCash || c[0].Refunds[0].Amount != chf(5000) {
		t.Fatalf("order.canceled = %+v", c)
	}
}

// TestExchangeRefusedAfterItsWindowAndOneChargedAFee: Carmen's exchanges
// close 24 hours before it and keep CHF 2.00 a ticket.
func TestExchangeRefusedAfterItsWindowAndOneChargedAFee(t *testing.T) {
	r, clk := openMoving(t, fixedNow)
	// two Carmen tickets sold before, at the register
	till := claireAtTill(t, r)
	if err := till.AddTickets("carmen-01", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	if err != nil {
		t.Fatal(err)
	}
	till.Close()
	s := claireSignedIn(t, r, "fr")
	s.waitFor("x échange")
	s.keys("x")
	s.waitFor("N° de commande ou e-mail")
	s.typ(o.Number)
	s.keys("enter")
	s.typ("01")
	s.keys("enter")
	want := o.Tickets[0].Price.Minus(chf(200))
	s.waitFor("Avoir d'échange de " + want.Format("fr") + " dans le panier")

	perf, _ := r.Catalog().PerformanceByID("carmen-01")
	clk.Add(perf.Start.Sub(clk.Now()) - 3*time.Hour)
	s.keys("x")
	s.waitFor("N° de commande ou e-mail")
	s.typ(o.Number)
	s.keys("enter")
	s.typ("02")
	s.keys("enter")
	s.waitFor("échanges fermés 24 h avant")
	verified(t, s, r)
}

// The card screen takes the terminal's reference and, optionally, the
// approval code, brand and last four digits; a card number is refused.
// A method's percent fee is shown before paying (0.89 + 1 %).
func TestCardSlipFieldsAndAPercentFee(t *testing.T) {
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	card, _ := cat.PaymentMethodByID("card")
	card.FeePerOrder, card.FeePercent = chf(89), 100
	r := openRegisterWith(t, cat)
	s := startSession(t, newTestApp(r, "en"), 80, 24)
	s.unlock("0")
	s.keys("down", "enter")
	s.waitFor("Standing gallery")
	s.keys("down", "enter")
	s.waitFor("Free placement")
	s.keys("+", "+", "enter") // 2 x 25.00
	s.waitFor("Added to the cart")
	s.keys("c", "enter")
	s.waitFor("Payment methods", "Credit card")
	s.keys("down")
	s.waitFor("Credit card fees: CHF 0.89 + CHF 0.00/ticket + 1% = CHF 1.39", "CHF 51.39")
	s.keys("enter")
	s.waitFor("Terminal reference", "Approval code", "Card brand", "Last 4 digits")
	s.typ("TRM-9")
	s.keys("tab", "tab")
	s.typ("A1B2")
	s.keys("tab")
	s.typ("VISA")
	s.keys("tab")
	s.typ("4111 1111 1111 1111")
	s.keys("enter")
	s.waitFor("full card number")
	for range 19 {
		s.keys("backspace")
	}
	s.typ("1111")
	s.keys("enter")
	s.waitFor("Order K01-000001")

	es := verified(t, s, r)
	p := ofType[jPayment](t, es, local.TypePaymentCaptured)
	if len(p) != 1 || p[0].Payment.Card == nil || *p[0].Payment.Card != (pos.CardRef{Terminal: "TRM-9", Approval: "A1B2", Brand: "VISA", Last4: "1111"}) ||
		p[0].Payment.Amount != chf(5139) {
		t.Fatalf("payment = %+v", p)
	}
}

// TestAnInvoiceValidatedInCashSaysAMistypedAmountInWords: "7O" typed for
// the cash received (a letter O) answered "bad amount", in English at the
// French desk and not a sentence. It now says what to type, as the payment
// screen does.
func TestAnInvoiceValidatedInCashSaysAMistypedAmountInWords(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("0")
	s.invoiceSeats("K01-000001")
	s.keys("o")
	s.waitFor("… K01-000001  à payer")
	s.keys("enter")
	s.waitFor("(à payer)")
	s.keys("v", "right")
	s.waitFor("[Espèces]", "Espèces reçues", "À payer CHF 67.40")
	s.typ("7O")
	s.keys("enter")
	s.waitFor(s.tr("pay.bad"))
}

// TestAGiftVouchersAmountMistypedIsSaidInWords: "4O" typed for a
// free-amount gift voucher answered "Bad amount" at the French desk.
func TestAGiftVouchersAmountMistypedIsSaidInWords(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("100")
	s.toArticle(2, "Bon cadeau (montant libre)")
	s.waitFor("Montant (de CHF 10.00 à CHF 500.00)")
	s.typ("4O")
	s.keys("enter")
	s.waitFor(s.tr("pay.bad"))
}

// TestAVoucherAmountRefusedIsSaidOnceWithoutALineNumber: CHF 5 for a
// voucher of CHF 10 to 500 was refused twice on the screen (under the
// field and on the message line), starting "Ligne 2 :", a line the cart
// never showed. It is said once, as the register's sentence alone.
func TestAVoucherAmountRefusedIsSaidOnceWithoutALineNumber(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("100")
	s.toArticle(2, "Bon cadeau (montant libre)")
	s.waitFor("Montant (de CHF 10.00 à CHF 500.00)")
	s.typ("5")
	s.keys("enter")
	s.waitFor("le montant va de CHF 10.00 à CHF 500.00")
	time.Sleep(200 * time.Millisecond) // the flash line would have come with it
	screen := s.screen()
	if n := strings.Count(screen, "le montant va de"); n != 1 {
		t.Fatalf("the refusal is said %d times:\n%s", n, screen)
	}
	if strings.Contains(screen, "igne 2") {
		t.Fatalf("the refusal names a line the cart never showed:\n%s", screen)
	}
}
