package local

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"guichet/pos"
)

// TestDrawerAddsUpFromTheJournal: two staff members' shifts with cash
// that CHF rounds (a gift voucher at CHF 12.34), a card and cash sale, an
// invoice placed in one shift and paid in cash in the other, refunds in
// cash (a part, then the rest), cash in and out and a Z; each shift's
// report is then compared with the journal's entries added up again from
// `journal export`: the drawer from the cash that was handed over less the
// change, and the refunds as handed back; each method's takings from its
// payments less its refunds.
func TestDrawerAddsUpFromTheJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openTest(t, path)
	claire := openTill(t, r, "claire", "1234")
	marc := openTill(t, r, "marc", "5678")

	must(t, claire.AddVoucher("bon-libre", chf(1234)))
	must(t, claire.AddTickets("hamlet-01", "galerie", "adult", 2))
	odd, err := claire.Checkout([]pos.Tender{{Method: "cash", Tendered: chf(10000)}})
	must(t, err)
	must(t, claire.AddTickets("hamlet-01", "galerie", "child", 1))
	must(t, claire.AddVoucher("bon-libre", chf(1001)))
	mixed, err := claire.Checkout([]pos.Tender{{Method: "card", Amount: chf(1000), Card: &pos.CardRef{Terminal: "T-1", Last4: "4242"}},
		{Method: "cash", Tendered: chf(5000)}})
	must(t, err)
	must(t, claire.AddTickets("hamlet-01", "galerie", "adult", 3))
	inv, err := claire.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	must(t, claire.CashMove(chf(5000), "change from the bank"))
	must(t, claire.CashMove(chf(-3000), "to the safe"))
	must(t, claire.CancelPart(odd.Number, "the voucher is not wanted", CancelOptions{Tickets: []string{odd.Tickets[0].Number}}))
	must(t, marc.ValidatePayment(inv.Number, pos.Tender{Method: "cash", Tendered: chf(10000)}))
	must(t, marc.Cancel(mixed.Number, "wrong day"))
	must(t, claire.Cancel(odd.Number, "not coming"))
	z, err := claire.CloseShift(chf(12345))
	must(t, err)
	x, err := marc.XReport()
	must(t, err)
	reports := map[string]Report{z.Shift: z, x.Shift: x}
	r.Close()

	var out bytes.Buffer
	_, err = Export(path, 1, &out)
	must(t, err)
	type sums struct {
		drawer   pos.Money
		byMethod map[string]pos.Money
	}
	shifts := map[string]*sums{}
	dec := json.NewDecoder(&out)
	for dec.More() {
		var e Entry
		must(t, dec.Decode(&e))
		s := shifts[e.Shift]
		if s == nil && e.Shift != "" {
			s = &sums{drawer: chf(0), byMethod: map[string]pos.Money{}}
			shifts[e.Shift] = s
		}
		var p struct {
			Float   pos.Money     `json:"float"`
			Amount  pos.Money     `json:"amount"`
			Payment pos.Payment   `json:"payment"`
			Refunds []pos.Payment `json:"refunds"`
		}
		must(t, json.Unmarshal(e.Payload, &p))
		switch e.Type {
		case TypeShiftOpened:
			s.drawer = s.drawer.Plus(p.Float)
		case TypeCashMoved:
			s.drawer = s.drawer.Plus(p.Amount)
		case TypePaymentCaptured, TypePaymentValidated:
			if p.Payment.Kind == pos.KindCash {
				s.drawer = s.drawer.Plus(p.Payment.Tendered).Minus(p.Payment.Change)
			}
			s.byMethod[p.Payment.Method] = s.byMethod[p.Payment.Method].Plus(p.Payment.Amount)
		case TypeOrderCanceled:
			for _, rf := range p.Refunds {
				if rf.Kind == pos.KindCash {
					handed := rf.Amount.Plus(rf.Rounding)
					if handed.CashRounded() != handed {
						t.Errorf("entry %d: a cash refund of %s is not in coins", e.Seq, handed)
					}
					s.drawer = s.drawer.Minus(handed)
				}
				s.byMethod[rf.Method] = s.byMethod[rf.Method].Minus(rf.Amount)
			}
		}
	}
	if len(reports) != 2 {
		t.Fatalf("reports %v", reports)
	}
	for id, rep := range reports {
		s := shifts[id]
		if s == nil {
			t.Fatalf("shift %s has no entries", id)
		}
		if rep.Expected != s.drawer {
			t.Errorf("shift %s: the report expects %s in the drawer, the journal's cash adds up to %s", id, rep.Expected, s.drawer)
		}
		for _, m := range rep.ByMethod {
			if m.Amount != s.byMethod[m.Method] {
				t.Errorf("shift %s: %s took %s by the report, %s by the journal", id, m.Method, m.Amount, s.byMethod[m.Method])
			}
			delete(s.byMethod, m.Method)
		}
		for m, a := range s.byMethod {
			if !a.IsZero() {
				t.Errorf("shift %s: %s took %s by the journal, the report does not say", id, m, a)
			}
		}
	}
	if z.Difference != chf(12345).Minus(z.Expected) || !z.Z {
		t.Errorf("Z: counted CHF 123.45, expected %s, difference %s", z.Expected, z.Difference)
	}
	t.Logf("claire %s expected %s; marc %s expected %s", z.Shift, z.Expected, x.Shift, x.Expected)
}
