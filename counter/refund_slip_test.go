package counter

import (
	"strings"
	"testing"
	"unicode/utf8"

	"guichet/pos"
	"guichet/printers"
)

// words is a printed document's text as one line of words: what wraps on
// narrow paper reads the same.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestARefundPrintsItsSlip: an order canceled, or some of its tickets,
// with the money given back in cash, by card or to a credit voucher,
// printed nothing: the drawer opened and neither the customer nor the
// cashier had a word of what went back. The printer now gets a refund
// slip: the box office, the order, the tickets canceled named as sold
// (show, date, place), what went back by method, the till, the cashier
// and the journal's anchor, in the register's language (French here).
// The test failed before: the printer got no slip at all.
func TestARefundPrintsItsSlip(t *testing.T) {
	for _, tc := range []struct {
		name    string
		pay     pos.Tender
		partial bool // the first ticket alone
		refund  string
		want    []string
		not     []string
	}{
		{
			name: "the whole order, in cash", pay: cash(10000),
			want: []string{"Remboursement · COMMANDE ANNULÉE", "Espèces CHF -55.00", "TOTAL CHF -55.00",
				"-01 Hamlet · Adulte ·", "Rang F, place 9 CHF -40.00", "-02 Hamlet · Enfant ·", "Rang F, place 10 CHF -15.00"},
			not: []string{"restent valables"},
		},
		{
			name: "a ticket, by card", pay: card(), partial: true,
			want: []string{"Remboursement", "Carte de crédit CHF -40.00", "TOTAL CHF -40.00", "-01 Hamlet · Adulte ·", "Rang F, place 9",
				"Les autres billets de la commande restent valables"},
			not: []string{"COMMANDE ANNULÉE", "place 10", "Espèces"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, ReceiptsAlways)
			o := r.sell(tc.pay).Order
			r.printed()
			opt := CancelOptions{Refund: tc.refund}
			if tc.partial {
				opt.Tickets = []string{o.Tickets[0].Number}
			}
			if err := r.till.CancelPart(o.Number, "spectateur malade", opt); err != nil {
				t.Fatal(err)
			}
			doc := r.printed()
			got := words(text(doc))
			for _, w := range append([]string{"Théâtre du Lac", "Commande " + o.Number, "Caisse K01", "Servi par Claire Dubois",
				o.Tickets[0].Number + " Hamlet", "Remboursé", "Motif : spectateur malade", "TVA incl. 8,1 % CHF -", "Journal "}, tc.want...) {
				if !strings.Contains(got, w) {
					t.Errorf("the slip does not say %q:\n%s", w, text(doc))
				}
			}
			for _, w := range append([]string{"Merci", "DUPLICATA"}, tc.not...) {
				if strings.Contains(got, w) {
					t.Errorf("the slip says %q:\n%s", w, text(doc))
				}
			}
			if n := strings.Count(got, "Remboursement"); n != 1 {
				t.Errorf("%d refund slips printed, want 1:\n%s", n, text(doc))
			}
		})
	}
}

// TestARefundToACreditVoucherNamesItsCode: an order an exchange credit
// paid (CHF 4.00 of exchange fees kept) canceled: the credit goes back to
// a credit voucher, and the slip names it by its code, the cash given
// back, and the fee the credit was net of (not given back). The test
// failed before: no slip printed.
func TestARefundToACreditVoucherNamesItsCode(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	first := sellSeat(t, r.till, "carmen-03", "parterre", "cash", "C-1", "C-2")
	if _, err := r.till.Exchange(first, []string{first + "-01", first + "-02"}); err != nil {
		t.Fatal(err)
	}
	second := sellSeat(t, r.till, "carmen-03", "parterre", "cash", "D-1", "D-2", "D-3")
	r.printed()
	if err := r.till.Cancel(second, "date changée"); err != nil {
		t.Fatal(err)
	}
	credit := r.till.Till.LastCancellation().Credit
	if credit == "" {
		t.Fatal("the cancellation gave the exchange credit to no voucher")
	}
	got := words(text(r.printed()))
	for _, w := range []string{"Remboursement · COMMANDE ANNULÉE", "Commande " + second, second + "-03 Carmen",
		"Avoir d'échange " + credit + " CHF -86.00", "Crédité sur l'avoir " + credit, "Frais d'échange retenus : CHF 4.00", "Espèces CHF -"} {
		if !strings.Contains(got, w) {
			t.Errorf("the slip does not say %q:\n%s", w, got)
		}
	}
}

// TestARefundSlipPrintsAgainAsADuplicate: the slip printed again, as an
// order's receipt is, says DUPLICATA 1, then 2, at its top and its end,
// numbered by the journal; the order's own receipt printed after it is
// its first copy (the slips are not its copies).
func TestARefundSlipPrintsAgainAsADuplicate(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	o := r.sell(card()).Order
	r.printed()
	if err := r.till.PrintRefundSlip(o.Number); err == nil {
		t.Fatal("an order never canceled printed a refund slip")
	}
	if err := r.till.CancelPart(o.Number, "erreur", CancelOptions{Tickets: []string{o.Tickets[1].Number}}); err != nil {
		t.Fatal(err)
	}
	if got := text(r.printed()); strings.Contains(got, "DUPLICATA") || !strings.Contains(got, "Remboursement") {
		t.Fatalf("the first slip:\n%s", got)
	}
	for n := 1; n <= 2; n++ {
		if err := r.till.PrintRefundSlip(o.Number); err != nil {
			t.Fatal(err)
		}
		got := text(r.printed())
		if c := strings.Count(got, "DUPLICATA "+string(rune('0'+n))); c != 2 || !strings.Contains(words(got), o.Tickets[1].Number+" Hamlet") {
			t.Fatalf("reprint %d: DUPLICATA %d printed %d times:\n%s", n, n, c, got)
		}
	}
	// by the ticket given back: the slip that named it; a ticket still
	// valid has none
	if err := r.till.PrintRefundSlipOf(o.Tickets[0].Number); err == nil {
		t.Fatal("a valid ticket printed a refund slip")
	}
	if err := r.till.PrintRefundSlipOf(o.Tickets[1].Number); err != nil {
		t.Fatal(err)
	}
	if got := text(r.printed()); strings.Count(got, "DUPLICATA 3") != 2 {
		t.Fatalf("the slip of ticket %s printed again:\n%s", o.Tickets[1].Number, got)
	}
	if err := r.till.PrintReceipt(o.Number); err != nil {
		t.Fatal(err)
	}
	if got := text(r.printed()); strings.Count(got, "DUPLICATA 1") != 2 || !strings.Contains(got, "Reçu") {
		t.Fatalf("the order's receipt printed again after its slips:\n%s", got)
	}
}

// TestTheRefundSlipFitsItsPaper: the slip laid out for 58 mm (32
// columns), the TM-T88 (42) and 80 mm paper (48), in French and English:
// no line is wider than the paper, and every fact is there, wrapped.
func TestTheRefundSlipFitsItsPaper(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	o := r.sell(cash(10000)).Order
	r.printed()
	if err := r.till.Cancel(o.Number, "représentation annulée par la compagnie"); err != nil {
		t.Fatal(err)
	}
	r.printed()
	ov, ok, err := r.svc.Order(o.Number)
	if err != nil || !ok || len(ov.Cancellations) != 1 {
		t.Fatalf("order %s: %v %v, cancellations %+v", o.Number, ok, err, ov.Cancellations)
	}
	rf, ok, err := r.svc.Register().RefundOf(o.Number, ov.Cancellations[0].Entry)
	if err != nil || !ok {
		t.Fatalf("its cancellation: %v, %v", ok, err)
	}
	want := map[pos.Lang][]string{
		pos.French: {"Remboursement · COMMANDE ANNULÉE", "Commande " + o.Number, "Caisse K01", "Servi par Claire Dubois",
			"Hamlet · Adulte", "Parterre · Rang F, place 9", "Remboursé", "Espèces CHF -55.00", "TOTAL CHF -55.00",
			"Motif : représentation annulée par la compagnie"},
		pos.English: {"Refund · ORDER CANCELED", "Order " + o.Number, "Register K01", "Served by Claire Dubois",
			"Hamlet · Adult", "Row F, seat 9", "Refunded", "Cash CHF -55.00", "TOTAL CHF -55.00",
			"Reason: représentation annulée par la compagnie"},
	}
	for _, name := range []string{"generic58", "tm-t88", "tm-t20"} {
		prof, err := printers.LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		for lang, ws := range want {
			data, err := printers.EncodeReceipt(RefundSlipLayout(r.svc.Catalog(), ov, rf, lang), prof)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := printers.Decode(data)
			if err != nil || len(doc.Unknown) > 0 {
				t.Fatalf("%s %s: decoding: %v %v", name, lang, err, doc.Unknown)
			}
			paper := text(doc)
			for _, l := range strings.Split(paper, "\n") {
				if n := utf8.RuneCountInString(l); n > prof.ColumnsA {
					t.Errorf("%s %s: a line of %d characters on %d columns: %q", name, lang, n, prof.ColumnsA, l)
				}
			}
			for _, w := range ws {
				if !strings.Contains(words(paper), w) {
					t.Errorf("%s %s: the slip does not say %q:\n%s", name, lang, w, paper)
				}
			}
		}
	}
}

// TestTheExchangeReceiptNamesTheTicketGivenBack: a Carmen ticket
// exchanged for another: the new order's receipt named the new ticket
// and an exchange credit, never the ticket given back. It names it now,
// as sold (show, date, place), in the receipt's language; the first
// order's receipt names the order its ticket went to. The test failed
// before: no "Billet rendu" on the receipt.
func TestTheExchangeReceiptNamesTheTicketGivenBack(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	first := sellSeat(t, r.till, "carmen-03", "parterre", "cash", "C-1", "C-2")
	r.printed()
	if _, err := r.till.Exchange(first, []string{first + "-01"}); err != nil {
		t.Fatal(err)
	}
	second := sellSeat(t, r.till, "carmen-03", "parterre", "cash", "D-1")
	got := words(text(r.printed()))
	for _, w := range []string{"Billet rendu " + first + "-01 : Carmen - Opéra · Adulte ·", "Parterre · Rang C, place 1", second} {
		if !strings.Contains(got, w) {
			t.Errorf("the exchange's receipt does not say %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, first+"-02") {
		t.Errorf("the receipt names the ticket kept:\n%s", got)
	}
	ov, ok, err := r.svc.Order(second)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	en, err := r.svc.ReceiptPreview(ov.Order, pos.English)
	if err != nil {
		t.Fatal(err)
	}
	if w := "Ticket given back " + first + "-01: Carmen - Opéra · Adult ·"; !strings.Contains(words(en), w) {
		t.Errorf("the English receipt does not say %q:\n%s", w, en)
	}
	// the first order's receipt is not an exchange's: nothing given back
	ov1, _, _ := r.svc.Order(first)
	fr, err := r.svc.ReceiptPreview(ov1.Order, pos.French)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(fr, "Billet rendu") {
		t.Errorf("the first order's receipt speaks of a ticket given back:\n%s", fr)
	}
	// it names the ticket exchanged, and now what it became
	for _, w := range []string{"Billet échangé : " + first + "-01", "Échangé contre : " + second} {
		if !strings.Contains(words(fr), w) {
			t.Errorf("the first order's receipt does not say %q:\n%s", w, fr)
		}
	}
}
