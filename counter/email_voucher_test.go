package counter

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// sellVoucher sells a CHF 50 gift voucher to zoe, paid in cash.
func (r *mailRig) sellVoucher() pos.Order {
	r.t.Helper()
	c, err := r.svc.SaveCustomer("claire", zoe)
	var inUse *EmailInUseError
	if errors.As(err, &inUse) {
		c, err = inUse.Existing, nil // recorded by a sale before: chosen
	}
	if err != nil {
		r.t.Fatal(err)
	}
	must(r.t, r.till.SetCustomer(c.ID))
	must(r.t, r.till.AddItem("gift_voucher", "bon-50", 1))
	sale, err := r.till.Checkout([]pos.Tender{cash(0)})
	if err != nil {
		r.t.Fatal(err)
	}
	return sale.Order
}

// TestAGiftVoucherByEmailShowsItsNumberAsQR: the e-mail's HTML part
// showed a gift voucher's QR code as the door's signed payload, which the
// payment screen does not take (nor the door: a voucher lets nobody in),
// while the printed voucher and the PDF carry its number. The customer
// who shows the e-mail at the till now shows the number.
func TestAGiftVoucherByEmailShowsItsNumberAsQR(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, nil)
	o := r.sellVoucher()
	number := o.Tickets[0].Number
	if _, err := r.till.SendTickets(o.Number, ""); err != nil {
		t.Fatal(err)
	}
	r.pass()
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	msg, err := mailtest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	var inline, pdf []string
	for _, p := range msg.Parts {
		switch p.Type {
		case "image/png":
			inline = append(inline, mailtest.ImageQRs(t, p.Data)...)
		case "application/pdf":
			pdf = append(pdf, mailtest.PDFQRs(t, p.Data)...)
		}
	}
	want := []string{number}
	if !slices.Equal(inline, want) || !slices.Equal(pdf, want) {
		t.Fatalf("the voucher's QR codes: in the message %q, in its PDF %q; want its number %q", inline, pdf, want)
	}
}

// TestAGiftVoucherByEmailReadsAsAVoucher: the PDF page of an e-mailed gift
// voucher said "Billet K01-000001-01", told to show it at the door, and
// left out until when it pays, which the printed voucher says ("Valable
// jusqu'au ..."). The page names it a voucher with its validity.
func TestAGiftVoucherByEmailReadsAsAVoucher(t *testing.T) {
	r := newMailRig(t, nil, nil)
	o := r.sellVoucher()
	number := o.Tickets[0].Number
	p, err := r.svc.EmailPreview(pos.EmailTickets, o.Number)
	if err != nil {
		t.Fatal(err)
	}
	valid := "Valable jusqu'au " + pos.FormatDate(o.Tickets[0].Expires.In(r.cat.Location()), pos.French)
	text := mailtest.PDFText(t, p.PDF)
	for _, want := range []string{"Bon cadeau " + number, valid} {
		if !strings.Contains(text, want) {
			t.Errorf("the voucher's page does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Billet") || strings.Contains(text, "l'entrée") {
		t.Errorf("the voucher's page reads as a ticket's:\n%s", text)
	}
}

// TestAGiftVoucherByEmailIsNotCalledATicket: the e-mail sending an order
// of a gift voucher alone said "Vos billets", "voici vos billets pour Bon
// cadeau 50" and "présentez-les à l'entrée": a voucher is shown at the
// till to pay, never at the door. The default text names it a gift
// voucher and says where it is shown.
func TestAGiftVoucherByEmailIsNotCalledATicket(t *testing.T) {
	r := newMailRig(t, nil, nil)
	o := r.sellVoucher()
	p, err := r.svc.EmailPreview(pos.EmailTickets, o.Number)
	if err != nil {
		t.Fatal(err)
	}
	text := p.Subject + "\n" + p.Text
	for _, bad := range []string{"billet", "Billet", "l'entrée"} {
		if strings.Contains(text, bad) {
			t.Errorf("the voucher's e-mail says %q:\n%s", bad, text)
		}
	}
	for _, want := range []string{"bon cadeau", "à la caisse"} {
		if !strings.Contains(strings.ToLower(text), want) {
			t.Errorf("the voucher's e-mail does not say %q:\n%s", want, text)
		}
	}
}

// TestTicketsAndAVoucherByEmailNameTheShowsOnly: an order of Hamlet
// tickets and a gift voucher was e-mailed as "Voici vos billets pour
// Hamlet, Bon cadeau CHF 50": the voucher named as a show the tickets are
// for. The message names the shows its tickets are for, and says the
// voucher is shown at the till.
func TestTicketsAndAVoucherByEmailNameTheShowsOnly(t *testing.T) {
	r := newMailRig(t, nil, nil)
	must(t, r.till.AddItem("gift_voucher", "bon-50", 1))
	o := r.sell("hamlet-01", 2, zoe)
	p, err := r.svc.EmailPreview(pos.EmailTickets, o.Number)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Voici vos billets pour Hamlet (commande " + o.Number + ")", "Les bons cadeaux se présentent à la caisse"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("the message does not say %q:\n%s", want, p.Text)
		}
	}
}

// TestAGiftVoucherByEmailIsNotAttachedAsTickets: the e-mail sending a
// gift voucher alone says "Votre bon cadeau" and never "billet", but its
// PDF came attached as "billets-K01-000001.pdf". The attachment is named
// as the message names what it holds: gift vouchers alone are
// "bons-cadeaux-…" ("gift-vouchers-…"); tickets, with or without a
// voucher beside them, stay "billets-…" ("tickets-…").
func TestAGiftVoucherByEmailIsNotAttachedAsTickets(t *testing.T) {
	for _, tc := range []struct {
		name    string
		lang    pos.Lang
		tickets bool
		want    string
	}{
		{"voucher alone, French", pos.French, false, "bons-cadeaux-"},
		{"voucher alone, English", pos.English, false, "gift-vouchers-"},
		{"voucher and tickets, French", pos.French, true, "billets-"},
		{"voucher and tickets, English", pos.English, true, "tickets-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newMailRig(t, nil, nil)
			c := zoe
			c.Lang = tc.lang
			var o pos.Order
			if tc.tickets {
				must(t, r.till.AddItem("gift_voucher", "bon-50", 1))
				o = r.sell("hamlet-01", 2, c)
			} else {
				saved, err := r.svc.SaveCustomer("claire", c)
				must(t, err)
				must(t, r.till.SetCustomer(saved.ID))
				must(t, r.till.AddItem("gift_voucher", "bon-50", 1))
				sale, err := r.till.Checkout([]pos.Tender{cash(0)})
				must(t, err)
				o = sale.Order
			}
			p, err := r.svc.EmailPreview(pos.EmailTickets, o.Number)
			must(t, err)
			if want := tc.want + o.Number + ".pdf"; p.PDFName != want {
				t.Errorf("the PDF is attached as %q, want %q", p.PDFName, want)
			}
		})
	}
}
