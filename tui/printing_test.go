package tui

import (
	tea "charm.land/bubbletea/v2"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

// printRig runs the screens on a register service whose printer is a fake
// network printer: a test reads back what came out of it.
type printRig struct {
	t    *testing.T
	r    *local.Register
	svc  *counter.Service
	fake *printertest.Printer
	seen int
}

func newPrintRig(t *testing.T, o counter.Options) *printRig {
	t.Helper()
	p := &printRig{t: t, r: openRegister(t), fake: printertest.New(t)}
	tr := p.fake.Open()
	prof, _ := printers.LookupProfile("tm-t20")
	o.Printer, o.Profile = tr, &prof
	if o.PrintInterval == 0 {
		o.PrintInterval = 20 * time.Millisecond
	}
	p.svc = newTestServiceWith(p.r, o)
	return p
}

func (p *printRig) app(lang pos.Lang) *App {
	return New(Options{Service: p.svc, Lang: lang, Now: func() time.Time { return fixedNow }, Poll: time.Hour})
}

// printed waits until the printer has printed want since the last call
// (tickets, drawer kicks and receipts in order, as sequence names them).
func (p *printRig) printed(want string) printers.Document {
	p.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		b := p.fake.Printed()[p.seen:]
		doc, err := printers.Decode(b)
		if err == nil && printertest.Sequence(doc) == want && printerIdle(p.svc) {
			p.seen += len(b)
			return doc
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the printer printed %q, want %q", printertest.Sequence(doc), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sellGalleryCash sells n standing places for Hamlet tonight for cash,
// exact money (the list's cursor on the first performance, or on Hamlet
// after a sale).
func (d *driver) sellGalleryCash(n int, again bool) {
	lang := d.app.c.lang
	if !again {
		d.keys("down")
	}
	d.keys("enter")
	d.expect(tr(lang, "zone.title"))
	d.keys("down", "enter")
	d.expect(tr(lang, "ga.title"))
	for range n {
		d.keys("+")
	}
	d.keys("enter", "c", "enter")
	cash, _ := d.app.c.cat.PaymentMethodByID("cash")
	d.expect(cash.Name.In(lang))
	d.keys("enter", "enter")
	d.expect(tr(lang, "done.order", "K01-"))
}

// TestTheDoneScreenPrintsTheReceiptOnItsKey: the float opens the drawer;
// the sale prints its tickets then opens the drawer; the done screen
// offers r (in its footer), says when the receipt prints by itself, and r
// prints the order's receipt, again on each press.
func TestTheDoneScreenPrintsTheReceiptOnItsKey(t *testing.T) {
	p := newPrintRig(t, counter.Options{})
	d := newDriver(t, p.app("fr"), 120, 40)
	d.unlock("200")
	d.expect("Représentations")
	p.printed("drawer") // the float went in
	d.sellGalleryCash(2, false)
	p.printed("ticket ticket drawer")
	d.expect("r " + tr("fr", "key.printreceipt"))
	if strings.Contains(d.screen(), tr("fr", "done.receiptprinting")) {
		t.Fatal("the done screen says the receipt prints though nobody asked")
	}
	d.keys("r")
	d.expect(tr("fr", "done.receiptsent", "K01-000001"))
	d.expect(tr("fr", "done.receiptprinting"))
	if text := p.printed("receipt").Plain(); !strings.Contains(text, "K01-000001") {
		t.Fatalf("the receipt printed is not the order's:\n%s", text)
	}
	d.keys("r")
	p.printed("receipt")
}

// TestTheOrderPrintsItsReceipt: a customer back at the counter for the
// receipt of a sale done an hour ago: the order desk reprinted its
// tickets (r) and had no key for its receipt, which only the done screen
// printed, while the sale was on it. p prints it from the order: the
// first, then a copy (DUPLICATA) as the done screen's r does.
func TestTheOrderPrintsItsReceipt(t *testing.T) {
	p := newPrintRig(t, counter.Options{})
	d := newDriver(t, p.app("fr"), 80, 24)
	d.unlock("200")
	d.expect("Représentations")
	p.printed("drawer")
	d.sellGalleryCash(2, false)
	p.printed("ticket ticket drawer")
	d.keys("n", "o")
	d.expect(">✓ K01-000001")
	d.keys("enter")
	d.expect("K01-000001-02")
	d.keys("?")
	d.expect("p imprimer le reçu") // in the whole help: at 80 columns the line says "…" for it
	d.keys("?")
	d.keys("p")
	d.expect(tr("fr", "done.receiptsent", "K01-000001"))
	if text := p.printed("receipt").Plain(); !strings.Contains(text, "K01-000001") || strings.Contains(text, "DUPLICATA") {
		t.Fatalf("the receipt printed is not the order's first:\n%s", text)
	}
	d.keys("p")
	if text := p.printed("receipt").Plain(); !strings.Contains(text, "DUPLICATA") {
		t.Fatalf("the receipt printed again is not a copy:\n%s", text)
	}
}

// TestReceiptsCashSaysTheReceiptPrints: with --receipts cash the service
// prints a cash sale's receipt by itself, and the done screen says so.
func TestReceiptsCashSaysTheReceiptPrints(t *testing.T) {
	p := newPrintRig(t, counter.Options{Receipts: counter.ReceiptsCash})
	d := newDriver(t, p.app("fr"), 120, 40)
	d.unlock("")
	d.sellGalleryCash(1, false)
	d.expect(tr("fr", "done.receiptprinting"))
	p.printed("ticket drawer receipt")
}

// TestACashMoveOpensTheDrawerOnceRecorded: the drawer opens after the cash
// in/out is in the journal, not when the amount is typed or asked; counting the cash
// for a Z closure opens it too.
func TestACashMoveOpensTheDrawerOnceRecorded(t *testing.T) {
	p := newPrintRig(t, counter.Options{})
	d := newDriver(t, p.app("fr"), 80, 24)
	d.unlock("") // no float: the drawer stays shut
	d.expect("Représentations")
	d.keys("m")
	d.typ("+50")
	d.keys("enter")
	time.Sleep(50 * time.Millisecond) // the spooler looks every 20 ms
	p.printed("")
	d.typ("monnaie")
	d.keys("enter")
	d.expect("Mettre CHF 50.00 dans le tiroir ?")
	time.Sleep(50 * time.Millisecond)
	p.printed("") // asked, not recorded: still shut
	d.keys("enter")
	d.expect("Apport de CHF 50.00 enregistré.")
	p.printed("drawer")
	d.keys("z")
	d.expect("Rapport X")
	d.keys("z")
	p.printed("drawer")
}

// TestNoReceiptKeyWithoutAPrinter: a register with no printer does not
// offer r on the done screen, and r does nothing.
func TestNoReceiptKeyWithoutAPrinter(t *testing.T) {
	r := openRegister(t)
	app := New(Options{Service: newTestService(r, nil), Lang: "en", Now: func() time.Time { return fixedNow }, Poll: time.Hour})
	d := newDriver(t, app, 120, 40)
	d.unlock("")
	d.sellGalleryCash(1, false)
	d.expect("Order K01-000001")
	if strings.Contains(d.screen(), tr("en", "key.printreceipt")) {
		t.Fatalf("the done screen offers a receipt with no printer:\n%s", d.screen())
	}
	d.keys("r") // must not panic
}

// TestAReprintWakesThePrinter: a duplicate asked at the desk prints at
// once, not at the spooler's next look (an hour away here).
func TestAReprintWakesThePrinter(t *testing.T) {
	p := newPrintRig(t, counter.Options{PrintInterval: time.Hour})
	d := newDriver(t, p.app("fr"), 120, 40)
	d.unlock("")
	d.sellGalleryCash(1, false)
	p.printed("ticket drawer")
	d.keys("n", "o")
	d.expect("K01-000001")
	d.keys("enter")
	d.expect("Claire Dubois") // who sold, by name
	d.keys("r")
	d.expect(tr("fr", "order.reprinted", "K01-000001-01"))
	if text := p.printed("ticket").Plain(); !strings.Contains(text, "DUPLICATA") {
		t.Fatalf("the reprint does not say DUPLICATA:\n%s", text)
	}
}

// TestTheStatusLineSaysThePrinterIsOutOfPaper: the service's printer state
// reaches the status line in the staff's words.
func TestTheStatusLineSaysThePrinterIsOutOfPaper(t *testing.T) {
	p := newPrintRig(t, counter.Options{})
	p.fake.SetPaperOut(true)
	d := newDriver(t, p.app("fr"), 100, 24)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(d.screen(), "imprimante : ! plus de papier") {
		if time.Now().After(deadline) {
			t.Fatalf("the status line never said paper out:\n%s", d.screen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTheDoneScreenSaysTicketsWaitWhenThePrinterCannotPrint: with the
// printer switched off the sale is recorded and the done screen says the
// tickets wait, not that they were sent; a sale of products only says
// nothing about tickets.
func TestTheDoneScreenSaysTicketsWaitWhenThePrinterCannotPrint(t *testing.T) {
	p := newPrintRig(t, counter.Options{})
	p.fake.Off()
	d := newDriver(t, p.app("fr"), 120, 40)
	d.unlock("")
	// until the spooler first looked the printer is not online either, and
	// counts as able to print (CanPrint): the sale would say "envoyé"
	deadline := time.Now().Add(5 * time.Second)
	for p.svc.Printer().CanPrint() {
		if time.Now().After(deadline) {
			t.Fatalf("the switched-off printer is still judged able to print: %+v", p.svc.Printer())
		}
		time.Sleep(10 * time.Millisecond)
	}
	d.sellGalleryCash(1, false)
	d.expect("1 billet en attente d'impression")
	if strings.Contains(d.screen(), "envoyé à l'imprimante") {
		t.Fatalf("the done screen says the ticket was sent:\n%s", d.screen())
	}
}

func TestAProductsOnlySaleSaysNothingAboutTickets(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 120, 40)
	d.unlock("")
	d.expect("Représentations")
	d.keys("tab", "tab", "tab") // products
	d.keys("enter", "c", "enter")
	d.keys("enter", "enter")
	d.expect("Commande K01-000001")
	if strings.Contains(d.screen(), "billet") {
		t.Fatalf("a sale with no ticket speaks of tickets:\n%s", d.screen())
	}
}

// TestTheDoneScreenEmailsTheTickets: e on the done screen asks for an
// address when the order has no customer, checks it, and queues the
// tickets in the journal's outbox for that address.
func TestTheDoneScreenEmailsTheTickets(t *testing.T) {
	r := openRegister(t)
	app := newTestApp(r, "en")
	d := newDriver(t, app, 120, 40)
	d.unlock("")
	d.sellGalleryCash(2, false)
	d.keys("e")
	d.expect("Customer's e-mail address:")
	d.typ("not-an-address")
	d.keys("enter")
	if out, err := app.c.svc.Outbox(); err != nil || len(out) != 0 {
		t.Fatalf("a bad address queued %d messages (%v)", len(out), err)
	}
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	for range 20 {
		d.keys("backspace")
	}
	d.typ("zoe@example.org")
	d.keys("enter")
	d.expect("Tickets of order K01-000001 sent to zoe@example.org")
	out, err := app.c.svc.Outbox()
	if err != nil || len(out) != 1 || out[0].To != "zoe@example.org" || out[0].Order != "K01-000001" || len(out[0].Tickets) != 2 {
		t.Fatalf("outbox %+v, %v", out, err)
	}
}

// TestTheDeskEmailsAnOrdersTickets: e on an order at the desk sends its
// tickets again (a copy: they were printed), to an address typed when the
// order has no customer; e again while that message still waits in the
// outbox says so, and queues nothing: the customer gets it once.
func TestTheDeskEmailsAnOrdersTickets(t *testing.T) {
	r := openRegister(t)
	app := newTestApp(r, "en")
	d := newDriver(t, app, 120, 40)
	d.unlock("")
	d.sellGalleryCash(1, false)
	for deadline := time.Now().Add(5 * time.Second); !printerIdle(app.c.svc) && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond) // the ticket printed: an e-mail of it is a copy
	}
	d.keys("n", "o", "enter")
	d.expect("K01-000001-01")
	d.keys("e")
	d.expect("Customer's e-mail address:")
	d.typ("zoe@example.org")
	d.keys("enter")
	d.expect("Tickets of order K01-000001 sent to zoe@example.org")
	d.keys("e")
	d.typ("zoe@example.org")
	d.keys("enter")
	d.expect("already wait in the outbox for zoe@example.org")
	out, err := app.c.svc.Outbox()
	if err != nil || len(out) != 1 || !out[0].Copy {
		t.Fatalf("outbox %+v, %v: want one message, a copy", out, err)
	}
}

// TestTheDeskSaysWhatBecameOfAnOrdersEmails: an e-mail the mail server
// refused is shown on its order at the desk with the server's words, so
// the cashier who sent it learns it did not go (and can send it to a
// corrected address).
func TestTheDeskSaysWhatBecameOfAnOrdersEmails(t *testing.T) {
	r := openRegister(t)
	app := newTestApp(r, "en")
	d := newDriver(t, app, 120, 40)
	d.unlock("")
	d.sellGalleryCash(1, false)
	d.keys("n", "o", "enter")
	d.expect("K01-000001-01")
	d.keys("e")
	d.expect("Customer's e-mail address:")
	d.typ("zoe@exmaple.org")
	d.keys("enter")
	d.expect("Tickets of order K01-000001 sent to zoe@exmaple.org")
	out, err := app.c.svc.Outbox()
	if err != nil || len(out) != 1 {
		t.Fatalf("outbox %+v, %v", out, err)
	}
	if err := app.c.svc.Register().EmailFailed(out[0].ID, "550 5.1.2 domain exmaple.org not found", true, time.Time{}); err != nil {
		t.Fatal(err)
	}
	d.keys("esc", "enter") // back to the list, and the order again
	d.expect("K01-000001-01")
	d.expect("Tickets e-mail to zoe@exmaple.org refused: 550 5.1.2 domain exmaple.org not found")
}

// TestTheDeskSaysATicketPrintedTwiceAt80Columns: after a duplicate, the
// ticket on an 80-column desk still says how many times it printed
// (the long seat name pushed "printed 2 times" past the edge, cut to
// "printed 2 tim…"): with its tariff, zone and seat, under the show
// when they do not fit beside it, never cut.
func TestTheDeskSaysATicketPrintedTwiceAt80Columns(t *testing.T) {
	p := newPrintRig(t, counter.Options{PrintInterval: time.Hour})
	d := newDriver(t, p.app("en"), 80, 24)
	d.unlock("")
	d.keys("down", "enter", "enter") // the stalls' plan
	d.expect(tr("en", "seat.legend"))
	d.keys("space", "c", "enter") // A-2, paid in cash
	cash, _ := d.app.c.cat.PaymentMethodByID("cash")
	d.expect(cash.Name.In("en"))
	d.keys("enter", "enter")
	d.expect(tr("en", "done.order", "K01-000001"))
	p.printed("ticket drawer")
	d.keys("n", "o")
	d.expect("K01-000001")
	d.keys("enter")
	d.keys("r")
	d.expect(tr("en", "order.reprinted", "K01-000001-01"))
	p.printed("ticket")
	d.keys("esc", "enter") // the order again, as the register now has it
	d.expect("K01-000001-01")
	if !strings.Contains(d.screen(), "\n       Adult · Stalls · Row A, seat 2 · "+tr("en", "order.printed", 2)) {
		t.Fatalf("the ticket does not say it printed twice:\n%s", d.screen())
	}
}

// TestACancellationAtTheDeskPrintsItsRefundSlip: an order canceled at the
// desk and refunded in cash opens the drawer. On a till that asks before
// printing a receipt (--receipts ask, the default) its refund slip waits
// as a sale's receipt does: the flash tells the cashier r prints it, and
// r on the ticket given back prints it, the original, then a numbered
// duplicate. The test failed before: the slip printed with the drawer
// kick, unasked, and nothing said how to print it.
func TestACancellationAtTheDeskPrintsItsRefundSlip(t *testing.T) {
	p := newPrintRig(t, counter.Options{})
	d := newDriver(t, p.app("fr"), 120, 40)
	d.unlock("")
	d.sellGalleryCash(1, false)
	p.printed("ticket drawer")
	d.keys("n", "o")
	d.expect("K01-000001")
	d.keys("enter")
	d.expect("Claire Dubois")
	d.keys("a")
	d.expect(tr("fr", "order.why"))
	d.typ("malade")
	d.keys("enter")
	d.expect("rembourser")
	d.keys("enter")
	d.expect(tr("fr", "order.canceled", "K01-000001") + " " + tr("fr", "order.slipwaits"))
	p.printed("drawer")
	d.keys("r")
	d.expect(tr("fr", "order.refundslip", "K01-000001-01"))
	slip := p.printed("refund").Plain()
	for _, w := range []string{"Remboursement · COMMANDE ANNULÉE", "K01-000001-01 Hamlet", "Espèces", "Motif : malade"} {
		if !strings.Contains(strings.Join(strings.Fields(slip), " "), w) {
			t.Errorf("the slip does not say %q:\n%s", w, slip)
		}
	}
	if strings.Contains(slip, "DUPLICATA") {
		t.Fatalf("the slip asked for first is a duplicate:\n%s", slip)
	}
	d.keys("r")
	d.expect(tr("fr", "order.refundslip", "K01-000001-01"))
	if again := p.printed("refund").Plain(); strings.Count(again, "DUPLICATA 1") != 2 {
		t.Fatalf("the slip printed again is not DUPLICATA 1:\n%s", again)
	}
}

// TestACancellationOnATillThatPrintsReceiptsPrintsItsSlip: --receipts
// always: the slip prints with the cancellation, and the flash says
// nothing of r.
func TestACancellationOnATillThatPrintsReceiptsPrintsItsSlip(t *testing.T) {
	p := newPrintRig(t, counter.Options{Receipts: counter.ReceiptsAlways})
	d := newDriver(t, p.app("fr"), 120, 40)
	d.unlock("")
	d.sellGalleryCash(1, false)
	p.printed("ticket drawer receipt")
	d.keys("n", "o")
	d.expect("K01-000001")
	d.keys("enter")
	d.expect("Claire Dubois")
	d.keys("a")
	d.typ("malade")
	d.keys("enter")
	d.expect("rembourser")
	d.keys("enter")
	d.expect(tr("fr", "order.canceled", "K01-000001"))
	p.printed("drawer refund")
	if strings.Contains(d.screen(), tr("fr", "order.slipwaits")) {
		t.Fatalf("the flash speaks of r though the slip printed:\n%s", d.screen())
	}
}
