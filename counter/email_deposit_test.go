package counter

import (
	"strings"
	"testing"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAnInvoiceAsksForWhatIsLeftAfterADeposit: an order paid CHF 50.00 in
// cash at the counter and the rest by invoice sent an invoice asking for
// the whole total, CHF 77.60 (three seats and the invoice's fees), with
// no word of the deposit: the customer transferred CHF 50.00 too much.
// The invoice now shows what was paid beside it and asks for what is
// left, CHF 27.60, and so does its e-mail.
func TestAnInvoiceAsksForWhatIsLeftAfterADeposit(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, nil)
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "cash", Amount: pos.M(5000, "CHF")}, pos.Tender{Method: "invoice"})
	if o.Total != pos.M(7760, "CHF") || o.State != pos.OrderPending {
		t.Fatalf("order %s %s, want CHF 77.60 pending", o.Total, o.State)
	}
	due := pos.M(2760, "CHF").Format("fr")
	r.pass()
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want the invoice", len(msgs))
	}
	p, err := mailtest.Parse(msgs[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Text, due) {
		t.Errorf("the e-mail does not say the CHF 27.60 left to pay:\n%s", p.Text)
	}
	for _, part := range p.Parts {
		if part.Type != "application/pdf" {
			continue
		}
		text := mailtest.PDFText(t, part.Data)
		for _, w := range []string{o.Total.Format("fr"), pos.M(-5000, "CHF").Format("fr"), due} {
			if !strings.Contains(text, w) {
				t.Errorf("the invoice does not say %q:\n%s", w, text)
			}
		}
	}
}

// TestTheInvoiceOnPaperSaysWhatIsPaidAndWhatIsToPay: the invoice printed
// on the receipt roll put a CHF 50.00 cash deposit under "To pay by ...",
// beside the invoice's CHF 27.60, as if both were still due. The deposit
// now prints under "Paid", and only the invoice under "To pay by".
func TestTheInvoiceOnPaperSaysWhatIsPaidAndWhatIsToPay(t *testing.T) {
	r := newMailRig(t, nil, nil)
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "cash", Amount: pos.M(5000, "CHF")}, pos.Tender{Method: "invoice"})
	text, err := ReceiptText(r.svc.Catalog(), o, "en")
	if err != nil {
		t.Fatal(err)
	}
	paid, toPay := strings.Index(text, "\nPaid"), strings.Index(text, "\nTo pay by")
	// the last "Invoice": the fee above is named after its method too
	cash, invoice := strings.Index(text, "  Cash"), strings.LastIndex(text, "  Invoice")
	if paid < 0 || toPay < 0 || !(paid < cash && cash < toPay && toPay < invoice) {
		t.Fatalf("want the cash under Paid and the invoice under To pay by:\n%s", text)
	}
}

// TestAFeeIsNamedInTheDocumentsLanguage: an order's lines are named in the
// receipt's or the invoice's language, whatever the sale's, but its fees
// kept the name of the sale's language: an English receipt said "Sur
// facture" for the invoice's fee.
func TestAFeeIsNamedInTheDocumentsLanguage(t *testing.T) {
	r := newMailRig(t, nil, nil)
	r.till.SetLang(pos.French)
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	text, err := ReceiptText(r.svc.Catalog(), o, "en")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "Sur facture") {
		t.Errorf("the English receipt names the fee in French:\n%s", text)
	}
	inv, _, err := r.svc.Invoice(o.Number, "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Fees) != 1 || inv.Fees[0].Text != "Invoice" {
		t.Errorf("the English invoice's fees: %+v, want Invoice", inv.Fees)
	}
}

// TestTheInvoiceDataSaysWhatIsLeftToPay: guichet order invoice --json gave
// the order's total as all an invoice says of money; beside a CHF 50.00
// deposit, "due" now says the CHF 27.60 the invoice asks for.
func TestTheInvoiceDataSaysWhatIsLeftToPay(t *testing.T) {
	r := newMailRig(t, nil, nil)
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "cash", Amount: pos.M(5000, "CHF")}, pos.Tender{Method: "invoice"})
	inv, ok, err := r.svc.Invoice(o.Number, "en")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if inv.Total != pos.M(7760, "CHF") || inv.Due != pos.M(2760, "CHF") {
		t.Fatalf("invoice total %s, due %s; want CHF 77.60 and CHF 27.60", inv.Total, inv.Due)
	}
	if err := r.till.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	if inv, _, _ = r.svc.Invoice(o.Number, "en"); !inv.Due.IsZero() {
		t.Fatalf("a paid invoice is due %s, want nothing", inv.Due)
	}
}

// TestAnInvoicePaidThenCanceledSaysItsRefund: an invoice paid by bank
// transfer, then canceled and refunded, printed (guichet order invoice,
// its text as the receipt printer prints it) as a paid order, with no
// word of the cancellation nor of the money given back.
func TestAnInvoicePaidThenCanceledSaysItsRefund(t *testing.T) {
	r := newMailRig(t, nil, nil)
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	if err := r.till.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	if err := r.till.CancelPart(o.Number, "the customer moved", CancelOptions{}); err != nil {
		t.Fatal(err)
	}
	inv, ok, err := r.svc.Invoice(o.Number, "en")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	for _, want := range []string{"ORDER CANCELED", "Refunded", "Canceled: the customer moved"} {
		if !strings.Contains(inv.Text, want) {
			t.Errorf("the invoice of a canceled order lacks %q:\n%s", want, inv.Text)
		}
	}
}

// TestTheInvoiceDataNamesItsLinesInItsLanguage: guichet order invoice
// --json --lang en of an order sold in French gave its lines in French
// ("Adulte"), while its text, fees and method were in English: the lines
// are named in the invoice's language, as on its text and its PDF.
func TestTheInvoiceDataNamesItsLinesInItsLanguage(t *testing.T) {
	r := newMailRig(t, nil, nil)
	r.till.SetLang(pos.French)
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	for _, lang := range []pos.Lang{"en", pos.French} {
		inv, _, err := r.svc.Invoice(o.Number, lang)
		if err != nil {
			t.Fatal(err)
		}
		name, detail := r.svc.Catalog().Named(o.Lines[0], lang)
		want := name
		if detail != "" {
			want += " · " + detail
		}
		if len(inv.Lines) != 1 || inv.Lines[0].Text != want {
			t.Errorf("the %s invoice's lines: %+v, want %q", lang, inv.Lines, want)
		}
		if !strings.Contains(inv.Text, name) {
			t.Errorf("the %s invoice's text does not name %q:\n%s", lang, name, inv.Text)
		}
	}
}
