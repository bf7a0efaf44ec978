package counter

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"os"
	"strings"
	"testing"

	"guichet/local"
	"guichet/pos"
)

// soldToZoe sells two stalls seats for tonight at the counter (claire), to
// a customer with an e-mail: what a stranger at the kiosk would try to
// exchange by typing its order's number.
func (k *kioskRig) soldToZoe(seats ...string) pos.Order {
	k.t.Helper()
	claire, err := k.svc.Unlock("claire", "1234")
	must(k.t, err)
	defer claire.Close()
	if _, ok, _ := claire.Shift(); !ok {
		_, err = claire.OpenShift(pos.M(0, "CHF"))
		must(k.t, err)
	}
	zoe, err := k.svc.SaveCustomer("claire", pos.Customer{Name: "Zoé Muller", Email: "zoe@example.ch"})
	var inUse *EmailInUseError
	if errors.As(err, &inUse) {
		zoe, err = inUse.Existing, nil // recorded by a sale before: chosen
	}
	must(k.t, err)
	must(k.t, claire.SetCustomer(zoe.ID))
	must(k.t, claire.AddSeats("hamlet-00", "parterre", "adult", seats...))
	sale, err := claire.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T1"}}})
	must(k.t, err)
	return sale.Order
}

// code is the QR code of an order's i-th ticket, as printed on it (what
// the kiosk's scanner types).
func (k *kioskRig) code(order string, i int) string {
	k.t.Helper()
	ov, ok, err := k.svc.Order(order)
	if err != nil || !ok || i >= len(ov.Tickets) || ov.Tickets[i].QR == "" {
		k.t.Fatalf("order %s: %v %v, no code for its ticket %d", order, ok, err, i)
	}
	return ov.Tickets[i].QR
}

// unchanged fails unless the journal is at head and the order's tickets
// are all still valid, with no exchange credit in the kiosk's cart.
func (k *kioskRig) unchanged(head uint64, order string) {
	k.t.Helper()
	if seq, _ := k.svc.Register().Head(); seq != head {
		k.t.Errorf("the journal went from entry %d to %d", head, seq)
	}
	if c := k.till.Credit(); !c.IsZero() || len(k.till.CreditTickets()) != 0 {
		k.t.Errorf("the kiosk's cart holds a credit of %s for %v", c, k.till.CreditTickets())
	}
	ov, _, err := k.svc.Order(order)
	must(k.t, err)
	for _, tk := range ov.Tickets {
		if tk.State != local.TicketValid {
			k.t.Errorf("ticket %s is %s", tk.Number, tk.State)
		}
	}
}

// TestTheKioskRefusesAnExchangeByOrderNumber: order numbers run in
// sequence (K01-000001, K01-000002...), so anyone at the kiosk could type
// someone else's and exchange their tickets into a credit voucher for
// themselves: the kiosk till took an order number and "01 02" as proof.
// It now refuses every exchange by typed numbers, saying to scan the
// tickets' codes, and nothing is written or put in the cart; staff at the
// counter, who see the ticket in hand, still exchange by number.
func TestTheKioskRefusesAnExchangeByOrderNumber(t *testing.T) {
	k := newKioskRig(t)
	o := k.soldToZoe("F-9", "F-10")
	short := strings.TrimLeft(strings.TrimPrefix(o.Number, "K01-"), "0")
	head, _ := k.svc.Register().Head()
	for _, tc := range []struct {
		name    string
		ref     string
		tickets []string
	}{
		{"order and ticket numbers", o.Number, []string{o.Tickets[0].Number, o.Tickets[1].Number}},
		{"the tickets' own numbers", o.Number, []string{o.Number + "-01"}},
		{"typed in lower case", strings.ToLower(o.Number), []string{strings.ToLower(o.Tickets[0].Number)}},
		{"typed short", short, []string{short + "-01"}},
		{"by e-mail", "zoe@example.ch", []string{o.Tickets[0].Number}},
		{"a number among codes", "", []string{k.code(o.Number, 0), o.Tickets[1].Number}},
	} {
		_, err := k.till.Exchange(tc.ref, tc.tickets)
		if !errors.Is(err, ErrScanAtKiosk) {
			t.Errorf("%s: %v, want the kiosk to ask to scan the codes", tc.name, err)
		}
		k.unchanged(head, o.Number)
	}
	if fr := pos.Say(ErrScanAtKiosk, pos.French); fr == ErrScanAtKiosk.Error() || !strings.Contains(fr, "guichet") {
		t.Errorf("in French: %q", fr)
	}
	// at the counter, by number, as before
	claire, err := k.svc.Unlock("claire", "1234")
	must(t, err)
	defer claire.Close()
	if _, err := claire.Exchange(o.Number, []string{o.Number + "-02"}); err != nil {
		t.Fatalf("staff at the counter exchange by number: %v", err)
	}
}

// registerKey is the kiosk register's private key, read from its key file
// as the register does: what signs its tickets.
func (k *kioskRig) registerKey() ed25519.PrivateKey {
	k.t.Helper()
	data, err := os.ReadFile(k.path + ".key")
	must(k.t, err)
	s, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "guichet-ed25519-seed:")
	seed, err := base64.RawURLEncoding.DecodeString(s)
	if !ok || err != nil {
		k.t.Fatalf("key file %q: %v", data, err)
	}
	return ed25519.NewKeyFromSeed(seed)
}

// TestTheKioskExchangesByTheTicketsScannedCodes: a ticket's QR code,
// scanned, is the proof the kiosk takes; each must be signed with this
// register's key and say what the journal issued. A code altered, forged
// with another key, of another register, or signed for another ticket is
// refused naming which, and nothing changes.
func TestTheKioskExchangesByTheTicketsScannedCodes(t *testing.T) {
	k := newKioskRig(t)
	o := k.soldToZoe("F-9", "F-10")
	ov, _, err := k.svc.Order(o.Number)
	must(t, err)
	tk := ov.Tickets[0].Ticket
	code := k.code(o.Number, 0)
	// one character changed in the middle of the signed fields
	i := len("G2:") + 10
	swap := byte('A')
	if code[i] == 'A' {
		swap = 'B'
	}
	altered := code[:i] + string(swap) + code[i+1:]
	_, other, _ := ed25519.GenerateKey(nil)
	forged, err := local.SignTicket(other, tk)
	must(t, err)
	elsewhere := tk
	elsewhere.Number = "K02-000001-01"
	ofK02, err := local.SignTicket(other, elsewhere)
	must(t, err)
	seatG9 := tk
	seatG9.Seat = "G-9"
	anotherTicket, err := local.SignTicket(k.registerKey(), seatG9)
	must(t, err)
	head, _ := k.svc.Register().Head()
	for _, tc := range []struct {
		name, code string
		want       string
	}{
		{"altered", altered, "the code scanned is not signed by this register: it was altered or forged"},
		{"forged with another key", forged, "the code of ticket " + tk.Number + " is not signed by this register: it was altered or forged"},
		{"another register's", ofK02, "ticket K02-000001-01 was sold by register K02, not K01"},
		{"signed for another ticket", anotherTicket, "signed for another ticket than " + tk.Number},
		{"damaged", "G2:ABC", "the code scanned is damaged"},
	} {
		_, err := k.till.Exchange("", []string{tc.code})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		} else if fr := pos.Say(err, pos.French); fr == err.Error() {
			t.Errorf("%s: %q has no French", tc.name, err)
		}
		k.unchanged(head, o.Number)
	}
	// the code as printed, and as a scanner with caps lock types it
	for _, scanned := range []string{code, strings.ToLower(code)} {
		credit, err := k.till.Exchange("", []string{scanned})
		if err != nil || credit.IsZero() {
			t.Fatalf("the ticket's own code: credit %s, %v", credit, err)
		}
		if got := k.till.CreditTickets(); len(got) != 1 || got[0].Number != tk.Number || got[0].Seat != "F-9" {
			t.Fatalf("the credit takes back %+v, want %s", got, tk.Number)
		}
		k.till.ClearCart()
	}
}

// TestTheKioskExchangesScannedTicketsOfSeveralOrders: each code proves its
// own ticket, so tickets bought in two orders are exchanged together, and
// the rules of an exchange still hold for a code (a ticket already
// exchanged is refused).
func TestTheKioskExchangesScannedTicketsOfSeveralOrders(t *testing.T) {
	k := newKioskRig(t)
	a := k.soldToZoe("F-9")
	b := k.soldToZoe("F-10")
	codes := []string{k.code(a.Number, 0), k.code(b.Number, 0)}
	credit, err := k.till.Exchange("", codes)
	must(t, err)
	if got := k.till.CreditTickets(); len(got) != 2 || credit.IsZero() {
		t.Fatalf("credit %s for %+v, want both tickets", credit, got)
	}
	must(t, k.till.AddSeats("hamlet-00", "parterre", "adult", "G-9", "G-10", "G-11"))
	pc, err := k.till.PricedWith([]string{"card"})
	must(t, err)
	p, err := k.till.PayAtTerminal(t.Context(), k.term, "card")
	must(t, err)
	if !p.Paid() || p.Result.Amount != pc.Total.Minus(credit) {
		t.Fatalf("paid %v %s, want the difference %s", p.Paid(), p.Result.Amount, pc.Total.Minus(credit))
	}
	for _, o := range []string{a.Number, b.Number} {
		ov, _, err := k.svc.Order(o)
		must(t, err)
		if ov.Tickets[0].State != local.TicketExchanged || ov.ExchangedInto != p.Sale.Order.Number {
			t.Fatalf("order %s: ticket %s, exchanged into %q", o, ov.Tickets[0].State, ov.ExchangedInto)
		}
	}
	if _, err := k.till.Exchange("", codes[:1]); err == nil || !strings.Contains(err.Error(), "already exchanged") {
		t.Fatalf("a ticket exchanged, scanned again: %v", err)
	}
}

// TestKioskReconcilesAnExchangeByNumbersJournaledBeforeCodes: a charge
// whose answer was lost, requested before the kiosk took only scanned
// codes, journaled the exchange by order and ticket numbers. Its approval
// still becomes its order at the next start: the exchange it replays was
// taken then, and the kiosk's new rule does not refuse it (a refund).
func TestKioskReconcilesAnExchangeByNumbersJournaledBeforeCodes(t *testing.T) {
	ctx := t.Context()
	k := newKioskRig(t)
	o := k.soldToZoe("F-9", "F-10")
	// as the kiosk took it before: the register's own till, by numbers
	credit, err := k.till.Till.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	must(t, k.till.AddSeats("hamlet-00", "parterre", "adult", "G-9", "G-10"))
	pc, err := k.till.PricedWith([]string{"card"})
	must(t, err)
	req, err := k.till.RequestPayment("card", pc.Total.Minus(credit.Min(pc.Total)))
	must(t, err)
	if req.Exchange == nil || req.Exchange.Ref != o.Number || len(req.Exchange.Tickets) != 1 || req.Exchange.Tickets[0] != o.Tickets[0].Number {
		t.Fatalf("the request journaled the exchange %+v", req.Exchange)
	}
	if _, err := k.term.Charge(ctx, req.Amount, req.Ref); err != nil {
		t.Fatal(err)
	}
	k.restart()
	got, err := k.till.Reconcile(ctx, k.term)
	must(t, err)
	if len(got) != 1 || got[0].Outcome != local.PaymentPaid {
		t.Fatalf("reconciled %+v, want the exchange's order paid", got)
	}
	ov, _, err := k.svc.Order(o.Number)
	must(t, err)
	if ov.Tickets[0].State != local.TicketExchanged || ov.Tickets[1].State != local.TicketValid {
		t.Fatalf("tickets %s and %s, want the first exchanged", ov.Tickets[0].State, ov.Tickets[1].State)
	}
}

// TestKioskJournalsTheCodesItWasGivenForAnExchange: a kiosk's charge
// journals the exchange as the codes scanned (no order number), so an
// approval whose answer was lost replays it as proved.
func TestKioskJournalsTheCodesItWasGivenForAnExchange(t *testing.T) {
	k := newKioskRig(t)
	o := k.soldToZoe("F-9", "F-10")
	code := k.code(o.Number, 1)
	_, err := k.till.Exchange("", []string{strings.ToLower(code)})
	must(t, err)
	must(t, k.till.AddSeats("hamlet-00", "parterre", "adult", "G-9", "G-10"))
	req, err := k.till.RequestPayment("card", pos.M(4500, "CHF"))
	must(t, err)
	if ex := req.Exchange; ex == nil || ex.Ref != "" || len(ex.Tickets) != 1 || ex.Tickets[0] != code {
		t.Fatalf("the request journaled the exchange %+v, want the code as printed", ex)
	}
}
