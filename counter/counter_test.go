package counter

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

var saleDay = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// rig is a register service as a process runs it, with no screen: a real
// journal in a temp dir and a fake network printer on 127.0.0.1.
type rig struct {
	t       *testing.T
	svc     *Service
	till    *Till
	printer *printertest.Printer
	seen    int // bytes of the printer's output already read by printed
}

func newRig(t *testing.T, policy ReceiptPolicy) *rig {
	t.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	fake := printertest.New(t)
	tr := fake.Open()
	prof, _ := printers.LookupProfile("tm-t20")
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }, Lang: "fr", Printer: tr, Profile: &prof, Receipts: policy,
		PrintInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, svc: svc, till: till, printer: fake}
	r.printed() // the float opened the drawer
	return r
}

// sell puts Hamlet tonight F-9 (adult) and F-10 (child) with the code
// BIENVENUE in the cart and checks out through the service.
func (r *rig) sell(tenders ...pos.Tender) Sale {
	r.t.Helper()
	if err := r.till.AddSeats("hamlet-00", "parterre", "adult", "F-9"); err != nil {
		r.t.Fatal(err)
	}
	if err := r.till.AddSeats("hamlet-00", "parterre", "child", "F-10"); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.till.ApplyCode("BIENVENUE"); err != nil {
		r.t.Fatal(err)
	}
	sale, err := r.till.Checkout(tenders)
	if err != nil {
		r.t.Fatal(err)
	}
	return sale
}

func cash(tendered int64) pos.Tender {
	return pos.Tender{Method: "cash", Tendered: pos.M(tendered, "CHF")}
}

func card() pos.Tender {
	return pos.Tender{Method: "card", Card: &pos.CardRef{Terminal: "T-1", Approval: "A1"}}
}

// printed waits until the queue is empty and decodes what the printer got
// since the last call.
func (r *rig) printed() printers.Document {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		q, err := r.svc.reg.PrintQueue()
		st := r.svc.spool.State()
		if err == nil && len(q) == 0 && st.Printing == "" && st.Pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the printer never caught up: %d jobs, state %+v", len(q), st)
		}
		time.Sleep(5 * time.Millisecond)
	}
	b := r.printer.Printed()
	b, r.seen = b[r.seen:], len(b)
	doc, err := printers.Decode(b)
	if err != nil || len(doc.Unknown) != 0 {
		r.t.Fatalf("decoding the printer's bytes: %v, unknown %v", err, doc.Unknown)
	}
	return doc
}

// TestASaleThroughTheServicePrintsAfterItIsDurable: a sale with no screen
// at all: the order is in the journal when Checkout returns, then its
// tickets come out of the network printer with the QR payloads the journal
// gives, and the cash drawer opens after them.
func TestASaleThroughTheServicePrintsAfterItIsDurable(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	sale := r.sell(cash(10000))
	o := sale.Order
	if !sale.Drawer || sale.Receipt || sale.Tickets != 2 {
		t.Fatalf("the sale says %+v", sale)
	}
	ov, ok, err := r.svc.Order(o.Number)
	if err != nil || !ok || len(ov.Tickets) != 2 {
		t.Fatalf("order %s is not in the journal when Checkout returns", o.Number)
	}
	doc := r.printed()
	if got := printertest.Sequence(doc); got != "ticket ticket drawer" {
		t.Fatalf("printed %q, want the two tickets then the drawer kick", got)
	}
	qrs := doc.QRCodes()
	for i, tk := range ov.Tickets {
		if qrs[i] != tk.QR {
			t.Errorf("ticket %s printed QR %q, the journal says %q", tk.Number, qrs[i], tk.QR)
		}
	}
	if q, _ := r.svc.reg.PrintQueue(); len(q) != 0 {
		t.Fatalf("%d tickets still queued after printing", len(q))
	}
}

func TestACardSaleLeavesTheDrawerShut(t *testing.T) {
	r := newRig(t, ReceiptsCash)
	sale := r.sell(card())
	if got := printertest.Sequence(r.printed()); got != "ticket ticket" || sale.Drawer || sale.Receipt {
		t.Fatalf("a card sale with --receipts cash printed %q (%+v), want only its tickets", got, sale)
	}
}

func TestReceiptsCashPrintsACashSalesReceipt(t *testing.T) {
	r := newRig(t, ReceiptsCash)
	sale := r.sell(cash(10000))
	if got := printertest.Sequence(r.printed()); got != "ticket ticket drawer receipt" || !sale.Receipt {
		t.Fatalf("a cash sale with --receipts cash printed %q", got)
	}
}

func TestReceiptsAlwaysPrintsACardSalesReceipt(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	r.sell(card())
	if got := printertest.Sequence(r.printed()); got != "ticket ticket receipt" {
		t.Fatalf("a card sale with --receipts always printed %q", got)
	}
}

// TestTheReceiptKeyPrintsTheWholeReceipt: a receipt asked for later has the
// order's lines at their regular price, the discount under the offer's
// name, the payment, the change and the VAT included.
func TestTheReceiptKeyPrintsTheWholeReceipt(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	o := r.sell(cash(10000)).Order
	r.printed()
	if err := r.till.PrintReceipt(o.Number); err != nil {
		t.Fatal(err)
	}
	doc := r.printed()
	if got := printertest.Sequence(doc); got != "receipt" {
		t.Fatalf("the key printed %q, want one receipt", got)
	}
	text := doc.Plain()
	vat := pos.M((o.Total.Amount*2*810+10810)/(2*10810), "CHF")
	var discount pos.Money
	for _, l := range o.Lines {
		discount = discount.Plus(l.Regular.Minus(l.Charged))
	}
	if discount.IsZero() {
		t.Fatal("the code changed no price: the test sells the wrong thing")
	}
	for _, want := range []string{
		"Reçu", "Commande " + o.Number, "Caisse K01", "Claire",
		"1 x " + o.Lines[0].Name, "1 x " + o.Lines[1].Name, o.Lines[0].Regular.Format("fr"),
		"Réductions", "Bienvenue", discount.Neg().Format("fr"),
		"TOTAL", o.Total.Format("fr"),
		"Espèces", "CHF 100.00", "Rendu", o.Payments[0].Change.Format("fr"),
		"TVA incl.", "8,1 % " + vat.Format("fr"), "CHE-123.456.789 TVA",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipt lacks %q:\n%s", want, doc.Text())
		}
	}
	if len(doc.Items) == 0 || doc.Items[len(doc.Items)-1].Kind != printers.ItemCut {
		t.Error("the receipt is not cut off")
	}
	for _, it := range doc.Items {
		if it.Kind == printers.ItemDrawer {
			t.Error("printing the receipt again opened the drawer")
		}
	}
	if err := r.till.PrintReceipt("K01-999999"); err == nil {
		t.Error("a receipt was queued for an order that does not exist")
	}
}

func TestACashMoveOpensTheDrawer(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	if err := r.till.CashMove(pos.M(5000, "CHF"), "change"); err != nil {
		t.Fatal(err)
	}
	if got := printertest.Sequence(r.printed()); got != "drawer" {
		t.Fatalf("a cash move printed %q", got)
	}
}

// A cash refund opens the drawer, whether the whole order is canceled
// (Cancel kept it shut: it went round CancelPart) or some tickets, and
// prints its refund slip after it (the till prints receipts by itself).
func TestACashRefundOpensTheDrawer(t *testing.T) {
	for _, part := range []bool{false, true} {
		r := newRig(t, ReceiptsAlways)
		o := r.sell(cash(10000)).Order
		r.printed()
		var err error
		if part {
			err = r.till.CancelPart(o.Number, "one cannot come", CancelOptions{Tickets: []string{o.Tickets[0].Number}})
		} else {
			err = r.till.Cancel(o.Number, "the show moved")
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := printertest.Sequence(r.printed()); got != "drawer refund" {
			t.Fatalf("a cash refund (part: %v) printed %q, want the drawer kick and the refund slip", part, got)
		}
	}
}

func TestAReprintSaysDuplicate(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	o := r.sell(card()).Order
	if first := r.printed().Plain(); strings.Contains(first, "DUPLICATA") {
		t.Fatalf("a first print says DUPLICATA:\n%s", first)
	}
	if err := r.till.Reprint(o.Tickets[1].Number); err != nil {
		t.Fatal(err)
	}
	doc := r.printed()
	if got := printertest.Sequence(doc); got != "ticket" {
		t.Fatalf("a reprint printed %q", got)
	}
	if text := doc.Plain(); !strings.Contains(text, "DUPLICATA 1") || !strings.Contains(text, o.Tickets[1].Number) {
		t.Fatalf("the reprint of %s does not say DUPLICATA 1:\n%s", o.Tickets[1].Number, text)
	}
	// The second reprint is counted in the journal and says so.
	if err := r.till.Reprint(o.Tickets[1].Number); err != nil {
		t.Fatal(err)
	}
	if text := r.printed().Plain(); !strings.Contains(text, "DUPLICATA 2") {
		t.Fatalf("the second reprint does not say DUPLICATA 2:\n%s", text)
	}
	var buf strings.Builder
	if _, err := local.Export(r.svc.Register().Path(), 1, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"copy":2`) {
		t.Fatalf("the journal does not record the second duplicate's number:\n%s", buf.String())
	}
}

// TestTicketsWaitForPaper: a printer out of paper keeps the sale's tickets
// in the journal's queue, the state says why, and they print once a roll is
// loaded.
func TestTicketsWaitForPaper(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	r.printer.SetPaperOut(true)
	r.sell(card())
	deadline := time.Now().Add(5 * time.Second)
	for r.svc.Printer().Problem != PrinterPaperOut {
		if time.Now().After(deadline) {
			t.Fatalf("the printer's state never said paper out: %+v", r.svc.Printer())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if q, _ := r.svc.reg.PrintQueue(); len(q) != 2 {
		t.Fatalf("%d tickets queued while out of paper, want 2", len(q))
	}
	r.printer.SetPaperOut(false)
	if got := printertest.Sequence(r.printed()); got != "ticket ticket" {
		t.Fatalf("after loading paper the printer printed %q", got)
	}
	events, err := local.Events(r.svc.Register().Path())
	if err != nil {
		t.Fatal(err)
	}
	// The printer out of paper may first read as offline too (its status
	// bytes come one by one): the paper-out fault must be in the log.
	paper := 0
	for _, e := range events {
		if e.Kind == local.EventPrinterFault && strings.Contains(e.Detail, "paper") {
			paper++
		}
	}
	if paper == 0 {
		t.Errorf("no paper-out fault in the event log: %+v", events)
	}
}

func TestReceiptsFlagIsChecked(t *testing.T) {
	for _, ok := range []string{"ask", "always", "cash"} {
		if _, err := ParseReceiptPolicy(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	if _, err := ParseReceiptPolicy("sometimes"); err == nil || !strings.Contains(err.Error(), "ask, always or cash") {
		t.Errorf("a bad --receipts says %v", err)
	}
}

// TestNoPrinterNoReceipt: a register without a printer records sales and
// keeps the tickets queued; asking for a receipt says there is no printer.
func TestNoPrinterNoReceipt(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "g.db"), Catalog: cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	svc, err := New(reg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if svc.HasPrinter() || !svc.Printer().None {
		t.Fatal("a service without a transport says it has a printer")
	}
	till, sale, err := sellF9(t, svc)
	if err != nil {
		t.Fatal(err)
	}
	if sale.Drawer || sale.Receipt {
		t.Errorf("with no printer the sale says %+v", sale)
	}
	if err := till.PrintReceipt(sale.Order.Number); err != ErrNoPrinter {
		t.Errorf("a receipt without a printer: %v", err)
	}
	// A reprint asked of a register with no printer prints nothing: it is
	// refused, and the journal does not count a duplicate that never came
	// out (the next real reprint would say DUPLICATA 2).
	ticket := sale.Order.Tickets[0].Number
	if err := till.Reprint(ticket); !errors.Is(err, ErrNoPrinter) {
		t.Errorf("a reprint without a printer: %v", err)
	}
	ov, _, err := svc.Order(sale.Order.Number)
	if err != nil {
		t.Fatal(err)
	}
	if n := ov.Tickets[0].Reprints; n != 0 {
		t.Errorf("with no printer the journal counts %d duplicate(s) of %s", n, ticket)
	}
}

// sellF9 unlocks claire's till on svc, opens her shift with an empty
// drawer and sells tonight's Hamlet seat F-9 for CHF 100.00 in cash; it
// gives the till and what Checkout returned.
func sellF9(t *testing.T, svc *Service) (*Till, Sale, error) {
	t.Helper()
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := till.AddSeats("hamlet-00", "parterre", "adult", "F-9"); err != nil {
		t.Fatal(err)
	}
	sale, err := till.Checkout([]pos.Tender{cash(10000)})
	return till, sale, err
}

// TestAReceiptWaitingSurvivesARestart: the receipt and the drawer kick of
// a sale are in the journal's print queue, so a register restarted while
// its printer was off still prints them; a drawer kick older than two
// minutes is dropped (journaled), not opened by itself later.
func TestAReceiptWaitingSurvivesARestart(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "guichet.db")
	now := saleDay
	clock := func() time.Time { return now }
	fake := printertest.New(t)
	fake.Off()
	open := func() *Service {
		tr, err := printers.Open(fake.Spec())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { tr.Close() })
		prof, _ := printers.LookupProfile("tm-t20")
		svc, err := Open(Options{Path: path, Register: "K01", Catalog: cat, Now: clock, Lang: "fr", Printer: tr,
			Profile: &prof, Receipts: ReceiptsAlways, PrintInterval: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	svc := open()
	_, sale, err := sellF9(t, svc)
	if err != nil || !sale.Receipt || !sale.Drawer {
		t.Fatalf("sale %+v, %v", sale, err)
	}
	svc.Close() // the printer was off: nothing printed

	now = now.Add(3 * time.Minute) // the kick is stale by now
	fake.On()
	r := &rig{t: t, svc: open(), printer: fake}
	defer r.svc.Close()
	if got := printertest.Sequence(r.printed()); got != "ticket receipt" {
		t.Fatalf("after the restart the printer printed %q, want the ticket and the receipt, no stale kick", got)
	}
	var dropped int
	raw, err := r.svc.Register().Entries(1, 1000)
	for _, v := range raw {
		if e, derr := local.DecodeEntry(v); derr == nil && e.Type == local.TypePrintDropped {
			dropped++
		}
	}
	if err != nil || dropped != 1 {
		t.Fatalf("%d print.dropped entries (%v), want the stale kick's", dropped, err)
	}
}

// TestTheReceiptAndTheZCarryTheJournalsHead: a printed receipt ends with
// the journal's head, and the Z report has it too; journal verify accepts
// the file against either anchor, and refuses it once entries after the
// anchor are gone (a restore from an older copy).
func TestTheReceiptAndTheZCarryTheJournalsHead(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	r.sell(cash(10000))
	paper := r.printed().Plain()
	i := strings.Index(paper, "Journal ")
	if i < 0 {
		t.Fatalf("the receipt has no journal anchor:\n%s", paper)
	}
	anchor := strings.Fields(paper[i+len("Journal "):])[0]
	z, err := r.till.CloseShift(pos.M(30000, "CHF"))
	if err != nil {
		t.Fatal(err)
	}
	if z.Head == "" || z.Head == anchor {
		t.Fatalf("the Z's head %q (receipt's %q): want the closure's own, later entry", z.Head, anchor)
	}
	path := r.svc.Register().Path()
	r.svc.Close()
	for _, a := range []string{anchor, z.Head} {
		want, err := local.ParseAnchor(a)
		if err != nil {
			t.Fatalf("anchor %q: %v", a, err)
		}
		if _, err := local.VerifyAgainst(path, &want); err != nil {
			t.Errorf("the file does not verify against %s: %v", a, err)
		}
	}
	bad, _ := local.ParseAnchor(fmt.Sprintf("%d:%s", 999, strings.Split(z.Head, ":")[1]))
	if _, err := local.VerifyAgainst(path, &bad); err == nil {
		t.Error("a journal shorter than its anchor verifies")
	}
}

// TestAnExchangeIntoAVoucherPrintsItsSlip: an exchange whose whole credit
// becomes a credit voucher (no new order) prints the voucher's slip, its
// number and balance, through the journal's print queue.
func TestAnExchangeIntoAVoucherPrintsItsSlip(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	o := r.sell(card()).Order
	r.printed()
	if _, err := r.till.Exchange(o.Number, []string{o.Tickets[1].Number}); err != nil {
		t.Fatal(err)
	}
	sale, err := r.till.Checkout(nil)
	if err != nil || !sale.HasVoucher || sale.Order.Number != "" {
		t.Fatalf("the exchange into a voucher: %+v, %v", sale, err)
	}
	doc := r.printed()
	text := doc.Plain()
	if !strings.Contains(text, "Avoir d'échange") || !strings.Contains(text, sale.Voucher.Number) || !strings.Contains(text, sale.Voucher.Balance.Format(pos.French)) {
		t.Fatalf("the slip printed:\n%s", text)
	}
	if q, _ := r.svc.Register().PrintQueue(); len(q) != 0 {
		t.Fatalf("%d jobs left in the queue", len(q))
	}
}

// The screens draw only what changes, so the service tells them when the
// printer's state moves: out of paper, and ready again (a printer that
// comes back logs nothing in the journal, which tells of every commit).
func TestPrinterStateChangesAreTold(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	changed, stop := r.svc.Changes()
	defer stop()
	waitTold := func(what string, online bool) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for {
			select {
			case <-changed:
				if r.svc.Printer().Online == online {
					return
				}
			case <-deadline:
				t.Fatalf("%s: the screens were not told (printer online: %v)", what, r.svc.Printer().Online)
			}
		}
	}
	r.printer.SetPaperOut(true)
	waitTold("paper out", false)
	r.printer.SetPaperOut(false)
	waitTold("paper back", true)
}

// TestPrinterProgressIsToldToStatusLines: what only a status line shows
// of the printer (the jobs waiting, a job printing, all printed) reaches
// PrinterChanges, not Changes (which makes every till read the register
// again): with the printer out, a sale's jobs are counted as waiting; back
// on, the count goes to zero, each step told.
func TestPrinterProgressIsToldToStatusLines(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	printing, stop := r.svc.PrinterChanges()
	defer stop()
	waitShown := func(what string, ok func(PrinterState) bool) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for {
			select {
			case <-printing:
				if ok(r.svc.Printer()) {
					return
				}
			case <-deadline:
				t.Fatalf("%s: the status lines were not told (printer %+v)", what, r.svc.Printer())
			}
		}
	}
	r.printer.Off()
	waitShown("printer out", func(p PrinterState) bool { return !p.Online })
	r.sell(cash(10000)) // two tickets and the drawer
	waitShown("the sale's jobs waiting", func(p PrinterState) bool { return p.Pending == 3 })
	r.printer.On()
	waitShown("all printed", func(p PrinterState) bool { return p.Online && p.Pending == 0 && !p.Printing })
}

// TestABacklogPrintsInOrderWhenThePrinterIsBack: the printer is out while
// ten sales are made (more jobs than the spooler reads at a time); the
// status line counts them all; back on, each sale's tickets, drawer kick
// and receipt come out in the order sold, and a drawer kick of no sale
// asked for last goes ahead of them (the staff is at the drawer).
func TestABacklogPrintsInOrderWhenThePrinterIsBack(t *testing.T) {
	r := newRig(t, ReceiptsCash)
	r.printer.Off()
	const sales = 10
	for i := range sales {
		seat := pos.SeatID("G", 1+i)
		if err := r.till.AddSeats("hamlet-00", "parterre", "adult", seat); err != nil {
			t.Fatal(err)
		}
		if err := r.till.AddSeats("hamlet-00", "parterre", "child", pos.SeatID("H", 1+i)); err != nil {
			t.Fatal(err)
		}
		if _, err := r.till.Checkout([]pos.Tender{cash(10000)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.till.OpenDrawer(); err != nil {
		t.Fatal(err)
	}
	const jobs = sales*4 + 1 // two tickets, a drawer kick and a receipt a sale
	deadline := time.Now().Add(10 * time.Second)
	for st := r.svc.Printer(); st.Pending != jobs || st.Online; st = r.svc.Printer() {
		if time.Now().After(deadline) {
			t.Fatalf("the status line says %+v while the printer is out, want %d jobs waiting", st, jobs)
		}
		time.Sleep(5 * time.Millisecond)
	}
	r.printer.On()
	want := "drawer" + strings.Repeat(" ticket ticket drawer receipt", sales)
	if got := printertest.Sequence(r.printed()); got != want {
		t.Fatalf("printed\n%s\nwant\n%s", got, want)
	}
}

// TestTheReceiptOfACanceledOrderSaysSo: a receipt printed after a
// cancellation printed the sale as it was ("Payé Carte CHF …", "Merci !"),
// like a valid paid order: a canceled order's receipt says it is canceled,
// and every receipt says what was refunded and which tickets were canceled.
func TestTheReceiptOfACanceledOrderSaysSo(t *testing.T) {
	for _, part := range []bool{false, true} {
		r := newRig(t, ReceiptsAsk)
		o := r.sell(card()).Order
		r.printed()
		var err error
		if part {
			err = r.till.CancelPart(o.Number, "one cannot come", CancelOptions{Tickets: []string{o.Tickets[0].Number}})
		} else {
			err = r.till.Cancel(o.Number, "the show moved")
		}
		if err != nil {
			t.Fatal(err)
		}
		ov, _, err := r.svc.Order(o.Number)
		if err != nil || len(ov.Refunds) != 1 {
			t.Fatalf("part %v: refunds %+v (%v)", part, ov.Refunds, err)
		}
		if err := r.till.PrintReceipt(o.Number); err != nil {
			t.Fatal(err)
		}
		text := r.printed().Plain()
		preview, err := r.svc.ReceiptPreview(ov.Order, "fr")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"Remboursé", "Carte", ov.Refunds[0].Amount.Neg().Format("fr")}
		if part {
			want = append(want, "Billet annulé : "+o.Tickets[0].Number)
		} else {
			want = append(want, "COMMANDE ANNULÉE", "the show moved")
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("part %v: the receipt lacks %q:\n%s", part, w, text)
			}
			if !strings.Contains(preview, w) {
				t.Errorf("part %v: the receipt's preview lacks %q:\n%s", part, w, preview)
			}
		}
		if !part && strings.Contains(text, "Merci") {
			t.Errorf("the receipt of a canceled order thanks the customer as for a sale:\n%s", text)
		}
	}
}
