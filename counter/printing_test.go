package counter

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"guichet/fixtures"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

// TestPrinterProblemsAreNamed: every kind of problem the spooler reports
// maps to a problem a status line names in the staff's language, whatever
// its English words; a reason without a kind is shown in the printer's own
// words.
func TestPrinterProblemsAreNamed(t *testing.T) {
	// observed is the state the spooler records for a status read back.
	observed := func(s printers.Status) printers.SpoolerState {
		st := printers.SpoolerState{Online: s.Ready(), Status: s}
		if !st.Online || s.PaperNearEnd {
			st.Reason, st.Problem = s.String(), s.Problem()
		}
		return st
	}
	for _, tc := range []struct {
		name    string
		state   printers.SpoolerState
		problem string
		detail  string
	}{
		{"ready", printers.SpoolerState{Online: true}, "", ""},
		{"paper out", observed(printers.Status{PaperOut: true}), PrinterPaperOut, ""},
		{"paper nearly out while online", observed(printers.Status{PaperNearEnd: true}), PrinterPaperLow, ""},
		{"cover open", observed(printers.Status{CoverOpen: true}), PrinterCover, ""},
		{"cutter jammed", observed(printers.Status{Error: true, CutterError: true}), PrinterCutter, ""},
		{"head too hot", observed(printers.Status{Error: true, Recoverable: true}), PrinterHot, ""},
		{"printer error", observed(printers.Status{Error: true}), PrinterError, ""},
		{"feeding", observed(printers.Status{FeedButton: true, Offline: true}), PrinterFeeding, ""},
		{"offline", observed(printers.Status{Offline: true}), PrinterOffline, ""},
		{"unreachable", printers.SpoolerState{Reason: "dial tcp 127.0.0.1:9100: connect: connection refused", Problem: printers.ProblemUnreachable}, PrinterUnreachable, ""},
		{"the kind counts, not the words", printers.SpoolerState{Reason: "Deckel offen", Problem: printers.ProblemCoverOpen}, PrinterCover, ""},
		{"words without a kind are kept", printers.SpoolerState{Reason: "something odd"}, "", "something odd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := printerState(tc.state)
			if got.Problem != tc.problem || got.Detail != tc.detail || got.Online != tc.state.Online {
				t.Fatalf("printerState(%+v) = %+v, want problem %q detail %q", tc.state, got, tc.problem, tc.detail)
			}
		})
	}
}

// TestEveryPrinterProblemHasItsWords: no kind of problem falls through to
// the printer's English words.
func TestEveryPrinterProblemHasItsWords(t *testing.T) {
	for p := printers.ProblemPaperOut; p <= printers.ProblemUnreachable; p++ {
		if got := printerState(printers.SpoolerState{Reason: "x", Problem: p}); got.Problem == "" || got.Detail != "" {
			t.Errorf("%v maps to %+v", p, got)
		}
	}
}

// TestVATLines: the receipt says the VAT pos priced, a line per rate, in
// the receipt's language; a rate of zero or nothing taxed prints nothing.
func TestVATLines(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	chf := func(n int64) pos.Money { return pos.M(n, "CHF") }
	for _, tc := range []struct {
		name   string
		vat    []pos.VATTotal
		fr, en []string
	}{
		{"one rate", []pos.VATTotal{{Rate: 810, Gross: chf(6000), Amount: chf(450)}}, []string{"8,1 % CHF 4.50"}, []string{"8.1% CHF 4.50"}},
		{"two rates", []pos.VATTotal{{Rate: 810, Gross: chf(6000), Amount: chf(450)}, {Rate: 260, Gross: chf(1000), Amount: chf(25)}},
			[]string{"8,1 % CHF 4.50", "2,6 % CHF 0.25"}, []string{"8.1% CHF 4.50", "2.6% CHF 0.25"}},
		{"a zero rate prints nothing", []pos.VATTotal{{Rate: 0, Gross: chf(5000), Amount: chf(0)}}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := pos.Order{VAT: tc.vat, Total: chf(7000)}
			if got := vatLines(cat, o, "fr"); strings.Join(got, "|") != strings.Join(tc.fr, "|") {
				t.Errorf("fr: %q, want %q", got, tc.fr)
			}
			if got := vatLines(cat, o, "en"); strings.Join(got, "|") != strings.Join(tc.en, "|") {
				t.Errorf("en: %q, want %q", got, tc.en)
			}
		})
	}
}

// TestTheReceiptPreviewReadsLikePaper: a screen's preview is the 58 mm
// receipt's lines, centred on its 32 columns, with no decoder marks, and it
// says what the printed receipt says.
func TestTheReceiptPreviewReadsLikePaper(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	o := r.sell(cash(10000)).Order
	prev, err := r.svc.ReceiptPreview(o, "fr")
	if err != nil {
		t.Fatal(err)
	}
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
	r.printed()
	if err := r.till.PrintReceipt(o.Number); err != nil {
		t.Fatal(err)
	}
	// The paper is 80 mm wide, the preview 58 mm: lines wrap elsewhere,
	// but the words are the same, in the same order.
	paper := strings.Fields(r.printed().Plain())
	words := strings.Fields(prev)
	i := 0
	rule := func(w string) bool { return strings.Trim(w, "-") == "" }
	for _, w := range paper {
		if i < len(words) && (w == words[i] || rule(w) && rule(words[i])) {
			i++
		}
	}
	if i != len(words) {
		t.Errorf("the paper lacks the preview's words from %q on:\npreview %q\npaper %q", words[i], words, paper)
	}
}

// TestTheSampleReceiptAddsUp: print-test's receipt is made by the real
// receipt path, so its figures add up: the lines (at their regular price)
// less the discounts plus the fees are the total, and what was paid less
// the change is the total too.
func TestTheSampleReceiptAddsUp(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range pos.Langs {
		r, err := SampleReceipt(cat, saleDay, lang)
		if err != nil {
			t.Fatal(err)
		}
		amount := func(s string) int64 {
			m, err := pos.ParseMoney(strings.ReplaceAll(strings.TrimSpace(s), "CHF -", "-CHF "))
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			return m.Amount
		}
		var sum int64
		for _, l := range r.Lines {
			sum += amount(l.Amount)
		}
		for _, l := range append(r.Discounts, r.Fees...) {
			sum += amount(l.Amount)
		}
		total := amount(r.Total)
		if sum != total {
			t.Errorf("%s: lines, discounts and fees add up to %d, the total says %d: %+v", lang, sum, total, r)
		}
		var paid int64
		for _, p := range r.Payments {
			paid += amount(p.Amount)
		}
		if r.Change != "" {
			paid -= amount(r.Change)
		}
		if r.Rounding != "" {
			paid -= amount(r.Rounding)
		}
		if paid != total || len(r.Lines) < 2 || r.VAT == "" {
			t.Errorf("%s: paid less change %d, total %d; receipt %+v", lang, paid, total, r)
		}
	}
}

// TestAReceiptNamesTheLinesInItsLanguage: an order sold in French prints
// an English receipt with its lines named in English.
func TestAReceiptNamesTheLinesInItsLanguage(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	r.till.SetLang(pos.French)
	o := r.sell(card()).Order
	if !strings.Contains(o.Lines[0].Name, "Adulte") {
		t.Fatalf("the sale was not made in French: %q", o.Lines[0].Name)
	}
	rcp := ReceiptLayout(r.svc.Catalog(), o, pos.English)
	if text := rcp.Lines[0].Text; !strings.Contains(text, "Adult") || strings.Contains(text, "Adulte") || !strings.Contains(text, "Row F, seat 9") {
		t.Fatalf("the English receipt's line: %q", text)
	}
}

// TestAnExchangeCreditPaymentHasNoPlaceholderOnTheReceipt: an order paid by
// an exchange credit prints the method's name alone.
func TestAnExchangeCreditPaymentHasNoPlaceholderOnTheReceipt(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	o := pos.Order{Number: "K01-000002", Total: pos.M(2500, "CHF"),
		Payments: []pos.Payment{{Method: "credit", Kind: pos.KindCredit, Amount: pos.M(2500, "CHF"), Voucher: pos.ExchangeVoucher}}}
	r := ReceiptLayout(cat, o, pos.French)
	if got := r.Payments[0].Text; strings.Contains(got, pos.ExchangeVoucher) {
		t.Fatalf("the receipt says %q", got)
	}
}

// TestAnInvitationIsNotCreditedToTheOffer: a line given free (an
// invitation) in a cart with a promo code printed its whole price as the
// code's reduction ("Bienvenue -22.00" for CHF 10 of the code's and a CHF
// 12 invitation). The receipt names the invitation and its reason, and
// the code only what it gave.
func TestAnInvitationIsNotCreditedToTheOffer(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	must(t, r.till.AddTickets("hamlet-00", "galerie", "adult", 2))
	must(t, r.till.AddTickets("hamlet-00", "galerie", "child", 1))
	must(t, r.till.SetComp(1, "presse"))
	if _, err := r.till.ApplyCode("BIENVENUE"); err != nil {
		t.Fatal(err)
	}
	o := r.sell1(card())
	for _, tc := range []struct {
		lang              pos.Lang
		offer, invitation string
	}{
		{pos.French, "Bienvenue", "Invitation : presse"},
		{pos.English, "Welcome", "Comp: presse"},
	} {
		rcp := ReceiptLayout(r.svc.Catalog(), o, tc.lang)
		got := map[string]string{}
		for _, d := range rcp.Discounts {
			got[d.Text] = d.Amount
		}
		if len(got) != 2 {
			t.Fatalf("%s: the reductions are %+v", tc.lang, rcp.Discounts)
		}
		for text, amount := range got {
			m := strings.TrimSpace(strings.NewReplacer("CHF", "", "-", "", "–", "").Replace(amount))
			switch {
			case strings.HasPrefix(text, tc.offer) && m == "10.00":
			case text == tc.invitation && m == "12.00":
			default:
				t.Errorf("%s: reduction %q %s", tc.lang, text, amount)
			}
		}
	}
	paper, err := r.svc.ReceiptPreview(o, pos.French)
	if err != nil || !strings.Contains(paper, "Invitation : presse") {
		t.Errorf("the paper reads (%v):\n%s", err, paper)
	}
}

// sell1 checks the till's cart out through the service.
func (r *rig) sell1(tenders ...pos.Tender) pos.Order {
	r.t.Helper()
	sale, err := r.till.Checkout(tenders)
	if err != nil {
		r.t.Fatal(err)
	}
	return sale.Order
}

// TestAReceiptNamesTheOfferInItsLanguage: a sale made in English printed
// on a French receipt named its lines in French but its promo code's
// reduction in English ("Welcome: CHF 5 off each ticket"); the offer is
// named in the receipt's language too.
func TestAReceiptNamesTheOfferInItsLanguage(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	r.till.SetLang(pos.English)
	o := r.sell(card()).Order
	if o.Offer == nil || !strings.HasPrefix(o.Offer.Name, "Welcome") {
		t.Fatalf("the sale was not made in English: %+v", o.Offer)
	}
	for _, tc := range []struct {
		lang pos.Lang
		want string
	}{{pos.French, "Bienvenue : CHF 5.– par billet"}, {pos.English, "Welcome: CHF 5 off each ticket"}} {
		rcp := ReceiptLayout(r.svc.Catalog(), o, tc.lang)
		if len(rcp.Discounts) != 1 || rcp.Discounts[0].Text != tc.want {
			t.Errorf("%s receipt: reductions %+v, want %q", tc.lang, rcp.Discounts, tc.want)
		}
	}
}

// TestAnInvoiceNeverPaidIsNotPrintedAsPaid: the receipt of an invoice
// canceled or lapsed before it was paid read "Payé  Sur facture  CHF
// 77.60" under a total nobody paid (and so did `guichet order invoice`).
// It lists no payment and says the invoice was not paid, and why.
func TestAnInvoiceNeverPaidIsNotPrintedAsPaid(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	must(t, r.till.AddTickets("hamlet-00", "galerie", "adult", 3))
	o := r.sell1(pos.Tender{Method: "invoice"})
	must(t, r.till.CancelPart(o.Number, "plus besoin", CancelOptions{}))
	ov, ok, err := r.svc.Order(o.Number)
	if err != nil || !ok || ov.Order.State != pos.OrderCanceled {
		t.Fatalf("the invoice canceled: %+v %v", ov.Order.State, err)
	}
	lapsed := ov.Order
	lapsed.State = pos.OrderLapsed
	for _, tc := range []struct {
		o    pos.Order
		want string
	}{
		{ov.Order, "Facture non payée : commande annulée"},
		{lapsed, "Facture non payée à son échéance : commande échue"},
	} {
		rcp := ReceiptLayout(r.svc.Catalog(), tc.o, pos.French)
		if len(rcp.Payments) != 0 || len(rcp.Due) != 0 || !slices.Contains(rcp.Notes, tc.want) {
			t.Errorf("%s: payments %+v, due %+v, notes %q", tc.o.State, rcp.Payments, rcp.Due, rcp.Notes)
		}
	}
	inv, _, err := r.svc.Invoice(o.Number, pos.French)
	if err != nil || strings.Contains(inv.Text, "Payé") || !strings.Contains(inv.Text, "non payée") {
		t.Errorf("the canceled invoice reads (%v):\n%s", err, inv.Text)
	}
}

// TestAReceiptPrintedAgainSaysDuplicata: the first receipt of an order is
// the original; each one printed after it (the receipt key after
// --receipts always, or pressed twice) is a duplicate, counted in the
// journal and printed "DUPLICATA n" at the top and the end, as the French
// rules ask of a copy of a sales document.
func TestAReceiptPrintedAgainSaysDuplicata(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy ReceiptPolicy
		first  int // the copy number of the first receipt the key prints
	}{
		{"receipts always", ReceiptsAlways, 1},
		{"receipts ask", ReceiptsAsk, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.policy)
			o := r.sell(card()).Order
			if text := r.printed().Plain(); strings.Contains(text, "DUPLICATA") {
				t.Fatalf("the sale's own receipt says DUPLICATA:\n%s", text)
			}
			for copy := tc.first; copy < tc.first+2; copy++ {
				if err := r.till.PrintReceipt(o.Number); err != nil {
					t.Fatal(err)
				}
				doc := r.printed()
				text := doc.Plain()
				if got := printertest.Sequence(doc); got != "receipt" {
					t.Fatalf("the key printed %q, want one receipt", got)
				}
				want := fmt.Sprintf("DUPLICATA %d", copy)
				switch {
				case copy == 0 && strings.Contains(text, "DUPLICATA"):
					t.Errorf("the order's first receipt says DUPLICATA:\n%s", text)
				case copy > 0 && strings.Count(text, want) != 2:
					t.Errorf("receipt copy %d says %q %d times, want top and end:\n%s", copy, want, strings.Count(text, want), text)
				}
			}
		})
	}
}

// TestATicketNamesTheOfferInItsLanguage: a sale made in English at a
// French register printed French tickets whose "au lieu de" named the
// offer in English ("Welcome: CHF 5 off each ticket"), as the receipt did
// before (TestAReceiptNamesTheOfferInItsLanguage). The ticket names the
// offer in its own language too.
func TestATicketNamesTheOfferInItsLanguage(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	r.till.SetLang(pos.English)
	o := r.sell(card()).Order
	if o.Offer == nil || !strings.HasPrefix(o.Offer.Name, "Welcome") {
		t.Fatalf("the sale was not made in English: %+v", o.Offer)
	}
	got := text(r.printed())
	if strings.Count(got, "au lieu de") != 2 || strings.Contains(got, "Welcome") || strings.Count(got, "(Bienvenue") != 2 {
		t.Errorf("the French tickets of an English sale name its offer so:\n%s", got)
	}
}

// TestTheFirstReceiptAfterAPaymentIsAnOriginal: an invoice printed at the
// sale (its receipt: "to pay by") and paid later at the counter printed
// its receipt as "DUPLICATA 1", though that receipt shows the payment the
// first did not: it is another document, not a copy of the first. The
// first receipt after the payment is an original; a receipt printed again
// after it is a duplicate, numbered from 1 again.
func TestTheFirstReceiptAfterAPaymentIsAnOriginal(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	if err := r.till.AddSeats("hamlet-00", "parterre", "adult", "F-9", "F-10"); err != nil {
		t.Fatal(err)
	}
	sale, err := r.till.Checkout([]pos.Tender{{Method: "invoice"}})
	if err != nil {
		t.Fatal(err)
	}
	number := sale.Order.Number
	r.printed()
	receipt := func(want string) string {
		t.Helper()
		if err := r.till.PrintReceipt(number); err != nil {
			t.Fatal(err)
		}
		text := r.printed().Plain()
		switch n := strings.Count(text, "DUPLICATA"); {
		case want == "" && n > 0:
			t.Errorf("the receipt says DUPLICATA, want an original:\n%s", text)
		case want != "" && strings.Count(text, want) != 2:
			t.Errorf("the receipt says %q %d times, want top and end:\n%s", want, strings.Count(text, want), text)
		}
		return text
	}
	receipt("")            // the invoice, at the sale
	receipt("DUPLICATA 1") // the invoice again
	if err := r.till.ValidatePayment(number, pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	receipt("")
	receipt("DUPLICATA 1")
	receipt("DUPLICATA 2")
}

// TestAReceiptInTheQueueIsLaidOutOnceItsInvoiceLapsed: the spooler reads
// a window of the print queue with its receipts' orders and the journal's
// head in one read (local.Register.PrintWindow); an invoice whose
// deadline passed lapses first, as it did when each receipt's order was
// read on its own, and its receipt is laid out from the lapsed order, the
// head after the lapse as its anchor.
func TestAReceiptInTheQueueIsLaidOutOnceItsInvoiceLapsed(t *testing.T) {
	r := newMailRig(t, nil, nil) // invoice: 10 days to pay
	o := r.sell("hamlet-05", 2, zoe, pos.Tender{Method: "invoice"})
	paid := r.sell("hamlet-05", 1, pos.Customer{})
	for _, n := range []string{o.Number, paid.Number} {
		if err := r.till.Till.QueueReceipt(n); err != nil {
			t.Fatal(err)
		}
	}
	r.clk.Set(r.clk.Now().AddDate(0, 0, 12))
	jobs, err := printQueue{r.svc}.PendingFirst(0)
	if err != nil {
		t.Fatal(err)
	}
	ov, _, err := r.svc.Order(o.Number)
	if err != nil || ov.Order.State != pos.OrderLapsed {
		t.Fatalf("the invoice is %s once its receipt was read (%v)", ov.Order.State, err)
	}
	seen := 0
	for _, j := range jobs {
		if j.Receipt == nil {
			continue
		}
		seen++
		rov, _, err := r.svc.Order(j.Order)
		if err != nil {
			t.Fatal(err)
		}
		want := ReceiptLayout(r.svc.Catalog(), rov.Order, r.svc.lang)
		afterSale(r.svc.Catalog(), &want, rov, r.svc.lang)
		if j.Receipt.Title != want.Title || !slices.Equal(j.Receipt.Notes, want.Notes) || j.Receipt.Total != want.Total {
			t.Errorf("receipt of %s: title %q notes %q, want %q %q", j.Order, j.Receipt.Title, j.Receipt.Notes, want.Title, want.Notes)
		}
		if anchor := r.svc.HeadAnchor(); j.Receipt.Journal != anchor || anchor == "" {
			t.Errorf("receipt of %s anchored at %q, the head is %q", j.Order, j.Receipt.Journal, anchor)
		}
	}
	if seen != 2 {
		t.Fatalf("%d receipts in the window, want 2: %+v", seen, jobs)
	}
}
