package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

var saleDay = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// counterRig is the counter's printing as runCounter wires it: the journal's
// queue with the extras, one spooler, a file printer.
type counterRig struct {
	t      *testing.T
	reg    *local.Register
	till   *local.Till
	pr     *counterPrinting
	extras *printers.Extras
	spool  *printers.Spooler
	out    string
	seen   int // bytes of out already read by printed
}

func newCounterRig(t *testing.T, policy receiptPolicy) *counterRig {
	t.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	reg, err := local.Open(local.Options{Path: filepath.Join(dir, "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	till, err := reg.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.bin")
	tr, err := printers.Open("file:" + out)
	if err != nil {
		t.Fatal(err)
	}
	prof, _ := printers.LookupProfile("tm-t20")
	extras := printers.NewExtras(printQueue{reg, "fr"})
	spool := printers.NewSpooler(extras, tr, prof, printers.SpoolerOptions{Interval: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = spool.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; tr.Close() })
	return &counterRig{t: t, reg: reg, till: till, extras: extras, spool: spool, out: out,
		pr: &counterPrinting{cat: cat, lang: "fr", policy: policy, extras: extras, kick: spool.Kick, now: time.Now}}
}

// sell puts Hamlet tonight F-9 (adult) and F-10 (child) with the code
// BIENVENUE in the cart and checks out; the counter is told, as the
// screens tell it once the order is durable.
func (r *counterRig) sell(tenders ...pos.Tender) pos.Order {
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
	o, err := r.till.Checkout(tenders)
	if err != nil {
		r.t.Fatal(err)
	}
	r.pr.sold(o)
	return o
}

func cash(tendered int64) pos.Tender {
	return pos.Tender{Method: "cash", Tendered: pos.M(tendered, "CHF")}
}

// printed waits until the queue is empty and decodes what the printer got
// since the last call.
func (r *counterRig) printed() printers.Document {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		q, err := r.reg.PrintQueue()
		st := r.spool.State()
		if err == nil && len(q) == 0 && r.extras.Len() == 0 && st.Printing == "" && st.Pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the printer never caught up: %d tickets, %d extras, state %+v", len(q), r.extras.Len(), st)
		}
		time.Sleep(5 * time.Millisecond)
	}
	b, err := os.ReadFile(r.out)
	if err != nil && !os.IsNotExist(err) {
		r.t.Fatal(err)
	}
	b, r.seen = b[r.seen:], len(b)
	doc, err := printers.Decode(b)
	if err != nil || len(doc.Unknown) != 0 {
		r.t.Fatalf("decoding the printer's bytes: %v, unknown %v", err, doc.Unknown)
	}
	return doc
}

// sequence names what came out in order: each ticket by its QR payload's
// ticket ("ticket"), drawer kicks, receipts (by their title) and cuts.
func sequence(doc printers.Document) []string {
	var out []string
	for _, it := range doc.Items {
		switch it.Kind {
		case printers.ItemQR:
			out = append(out, "ticket")
		case printers.ItemDrawer:
			out = append(out, "drawer")
		case printers.ItemLine:
			if len(it.Spans) > 0 && (it.Spans[0].Text == "Reçu" || it.Spans[0].Text == "Receipt") {
				out = append(out, "receipt")
			}
		}
	}
	return out
}

func TestACashSaleOpensTheDrawerRightAfterItsTickets(t *testing.T) {
	r := newCounterRig(t, receiptsAsk)
	r.sell(cash(10000))
	if got := strings.Join(sequence(r.printed()), " "); got != "ticket ticket drawer" {
		t.Fatalf("printed %q, want the two tickets then the drawer kick (no receipt unless asked)", got)
	}
}

func TestACardSaleLeavesTheDrawerShut(t *testing.T) {
	r := newCounterRig(t, receiptsCash)
	r.sell(pos.Tender{Method: "card", Card: &pos.CardRef{Terminal: "T-1", Approval: "A1"}})
	if got := strings.Join(sequence(r.printed()), " "); got != "ticket ticket" {
		t.Fatalf("a card sale with --receipts cash printed %q, want only its tickets", got)
	}
}

func TestReceiptsCashPrintsACashSalesReceipt(t *testing.T) {
	r := newCounterRig(t, receiptsCash)
	r.sell(cash(10000))
	if got := strings.Join(sequence(r.printed()), " "); got != "ticket ticket drawer receipt" {
		t.Fatalf("a cash sale with --receipts cash printed %q", got)
	}
}

func TestReceiptsAlwaysPrintsACardSalesReceipt(t *testing.T) {
	r := newCounterRig(t, receiptsAlways)
	r.sell(pos.Tender{Method: "card", Card: &pos.CardRef{Terminal: "T-1", Approval: "A1"}})
	if got := strings.Join(sequence(r.printed()), " "); got != "ticket ticket receipt" {
		t.Fatalf("a card sale with --receipts always printed %q", got)
	}
}

// TestTheReceiptKeyPrintsTheWholeReceipt: what the done screen's key
// prints has the order's lines at their regular price, the discount under
// the offer's name, the payment, the change and the VAT included.
func TestTheReceiptKeyPrintsTheWholeReceipt(t *testing.T) {
	r := newCounterRig(t, receiptsAsk)
	o := r.sell(cash(10000))
	r.printed()
	r.pr.printReceipt(o) // the key
	doc := r.printed()
	if got := strings.Join(sequence(doc), " "); got != "receipt" {
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
}

func TestNoSaleNoReceipt(t *testing.T) {
	r := newCounterRig(t, receiptsAlways)
	// an exchange whose whole credit became a voucher has no order
	if got := r.pr.sold(pos.Order{Payments: []pos.Payment{{Kind: pos.KindCash}}}); got.Receipt || got.Drawer || r.extras.Len() != 0 {
		t.Fatalf("an order with no number queued %d jobs (%+v)", r.extras.Len(), got)
	}
	r.pr.printReceipt(pos.Order{})
	if r.extras.Len() != 0 {
		t.Fatal("a receipt was queued for an order with no number")
	}
}

func TestACashMoveOpensTheDrawer(t *testing.T) {
	r := newCounterRig(t, receiptsAsk)
	r.pr.openDrawer()
	if got := strings.Join(sequence(r.printed()), " "); got != "drawer" {
		t.Fatalf("a cash move printed %q", got)
	}
}

func TestAReprintSaysDuplicate(t *testing.T) {
	r := newCounterRig(t, receiptsAsk)
	o := r.sell(pos.Tender{Method: "card", Card: &pos.CardRef{Terminal: "T-1", Approval: "A1"}})
	if first := r.printed().Plain(); strings.Contains(first, "DUPLICATA") {
		t.Fatalf("a first print says DUPLICATA:\n%s", first)
	}
	if err := r.till.Reprint(o.Tickets[1].Number); err != nil {
		t.Fatal(err)
	}
	r.spool.Kick()
	doc := r.printed()
	if got := strings.Join(sequence(doc), " "); got != "ticket" {
		t.Fatalf("a reprint printed %q", got)
	}
	if text := doc.Plain(); !strings.Contains(text, "DUPLICATA") || !strings.Contains(text, o.Tickets[1].Number) {
		t.Fatalf("the reprint of %s does not say DUPLICATA:\n%s", o.Tickets[1].Number, text)
	}
}

func TestReceiptsFlagIsChecked(t *testing.T) {
	for _, ok := range []string{"ask", "always", "cash"} {
		if _, err := parseReceiptPolicy(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	if _, err := parseReceiptPolicy("sometimes"); err == nil || !strings.Contains(err.Error(), "ask, always or cash") {
		t.Errorf("a bad --receipts says %v", err)
	}
}

func TestVATLine(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		rate   int64
		lines  []pos.PricedLine
		total  int64
		fr, en string
	}{
		{"8.1 % included in CHF 60.00", 810, nil, 6000, "8,1 % CHF 4.50", "8.1% CHF 4.50"},
		{"a whole rate", 800, nil, 10800, "8 % CHF 8.00", "8% CHF 8.00"},
		{"two decimals", 775, nil, 10775, "7,75 % CHF 7.75", "7.75% CHF 7.75"},
		{"gift vouchers are left out", 810, []pos.PricedLine{{CartLine: pos.CartLine{Kind: pos.LineVoucher}, Charged: pos.M(5000, "CHF")}}, 11000, "8,1 % CHF 4.50", "8.1% CHF 4.50"},
		{"nothing taxed", 810, []pos.PricedLine{{CartLine: pos.CartLine{Kind: pos.LineVoucher}, Charged: pos.M(5000, "CHF")}}, 5000, "", ""},
		{"no VAT configured", 0, nil, 6000, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := *cat
			c.Organiser.VATRate = tc.rate
			o := pos.Order{Lines: tc.lines, Total: pos.M(tc.total, "CHF")}
			if got := vatLine(&c, o, "fr"); got != tc.fr {
				t.Errorf("fr: %q, want %q", got, tc.fr)
			}
			if got := vatLine(&c, o, "en"); got != tc.en {
				t.Errorf("en: %q, want %q", got, tc.en)
			}
		})
	}
}

// TestTheReceiptPreviewReadsLikePaper: the done screen's preview is the
// 58 mm receipt's lines, centred on its 32 columns, with no decoder marks.
func TestTheReceiptPreviewReadsLikePaper(t *testing.T) {
	r := newCounterRig(t, receiptsAsk)
	o := r.sell(cash(10000))
	prev := receiptPreview(r.reg.Catalog(), o, "fr")
	for _, mark := range []string{"**", "[", "--- cut ---"} {
		if strings.Contains(prev, mark) {
			t.Errorf("the preview shows %q:\n%s", mark, prev)
		}
	}
	for _, l := range strings.Split(prev, "\n") {
		if len([]rune(l)) > 32 {
			t.Errorf("a line is wider than 58 mm paper: %q", l)
		}
	}
	if !strings.Contains(prev, "\n"+strings.Repeat(" ", 12)+"Merci !") || !strings.Contains(prev, "Bienvenue") {
		t.Errorf("the preview:\n%s", prev)
	}
}
