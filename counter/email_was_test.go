package counter

import (
	"strings"
	"testing"

	"guichet/mail/mailtest"
	"guichet/pos"
)

// TestAnEmailedTicketSaysThePriceBeforeItsOffer: a ticket sold with the
// code BIENVENUE printed "au lieu de CHF 30.00 (Bienvenue…)" under its
// price, but its print-at-home page showed the reduced price alone: the
// customer could not see the regular price the offer took off (seed 000:
// prices affected show the regular price beside the new one). The page
// says it, as the printed ticket does, in the customer's language, with
// the offer's name as the printer spells it (its minus sign, which the
// PDF's fonts lack, as a hyphen: not "Semaine .15 %").
func TestAnEmailedTicketSaysThePriceBeforeItsOffer(t *testing.T) {
	for _, tc := range []struct {
		lang  pos.Lang
		code  string
		was   string
		offer string
	}{
		{pos.French, "BIENVENUE", "au lieu de", "(Bienvenue"},
		{pos.English, "BIENVENUE", "was", "(Welcome"},
		{pos.French, "SEMAINE", "au lieu de", "(Semaine -15 %)"},
		{pos.English, "SEMAINE", "was", "(Weekday -15%)"},
	} {
		t.Run(string(tc.lang)+" "+tc.code, func(t *testing.T) {
			srv := mailtest.New(t)
			r := newMailRig(t, srv, nil)
			c := zoe
			c.Lang = tc.lang
			saved, err := r.svc.SaveCustomer("claire", c)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.till.SetCustomer(saved.ID); err != nil {
				t.Fatal(err)
			}
			if err := r.till.AddTickets("hamlet-02", "galerie", "adult", 1); err != nil {
				t.Fatal(err)
			}
			if _, err := r.till.ApplyCode(tc.code); err != nil {
				t.Fatal(err)
			}
			sale, err := r.till.Checkout([]pos.Tender{cash(0)})
			if err != nil {
				t.Fatal(err)
			}
			tk := sale.Order.Tickets[0]
			if tk.Regular == tk.Price {
				t.Fatalf("the code took nothing off: %+v", tk)
			}
			if _, err := r.till.SendTickets(sale.Order.Number, ""); err != nil {
				t.Fatal(err)
			}
			r.pass()
			msgs := srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("%d messages", len(msgs))
			}
			msg, err := mailtest.Parse(msgs[0].Data)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range msg.Parts {
				if p.Type != "application/pdf" {
					continue
				}
				text := strings.Join(strings.Fields(mailtest.PDFText(t, p.Data)), " ")
				want := tc.was + " " + tk.Regular.Format(tc.lang) + " " + tc.offer
				if !strings.Contains(text, want) {
					t.Errorf("the e-mailed ticket does not say %q:\n%s", want, text)
				}
				return
			}
			t.Fatal("no PDF")
		})
	}
}
