package local

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// sell places the till's cart paid in cash and gives the order's tickets
// with their QR payloads.
func sell(t *testing.T, r *Register, till *Till) []TicketView {
	t.Helper()
	o, err := till.Checkout(cash())
	must(t, err)
	ov, ok, err := r.Order(o.Number)
	if err != nil || !ok {
		t.Fatalf("order %s: %v", o.Number, err)
	}
	return ov.Tickets
}

// TestDoorVerdicts scans, in order, every kind of ticket a door meets and
// checks each verdict; only admissions are journaled, the journal still
// verifies and its views rebuild the same.
func TestDoorVerdicts(t *testing.T) {
	r, clk := openTest(t, "")
	till := openTill(t, r, "claire", "1234")

	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
	a := sell(t, r, till) // K01-000001
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	other := sell(t, r, till)
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	canceled := sell(t, r, till)
	must(t, till.Cancel(pos.OrderOfTicket(canceled[0].Number), "changed their mind"))
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	exchanged := sell(t, r, till)
	_, err := till.Exchange(pos.OrderOfTicket(exchanged[0].Number), []string{exchanged[0].Number})
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	sell(t, r, till)
	must(t, till.AddItem(pos.LinePass, "abonnement-saison", 1))
	pass := sell(t, r, till)
	must(t, till.AddItem(pos.LinePass, "festival-jour-1", 1))
	dayPass := sell(t, r, till)
	must(t, till.AddItem(pos.LineVoucher, "bon-50", 1))
	voucher := sell(t, r, till)
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	lower := sell(t, r, till)

	_, foreign, _ := ed25519.GenerateKey(rand.Reader)
	forged, err := SignTicket(foreign, a[0].Ticket)
	must(t, err)
	neverSold, err := SignTicket(r.key, pos.Ticket{Number: "K01-000099-01", Performance: "hamlet-00", Zone: "galerie", Category: "adult"})
	must(t, err)
	// a real ticket of register K02 of the same box office: signed with
	// K02's key, which this door does not have
	otherRegister, err := SignTicket(foreign, pos.Ticket{Number: "K02-000001-01", Performance: "hamlet-00", Zone: "galerie", Category: "adult"})
	must(t, err)
	// the journal's own ticket number, signed with other fields: a key
	// reused after a lost journal would make such codes
	otherSeat, err := SignTicket(r.key, pos.Ticket{Number: a[0].Number, Performance: "hamlet-00", Zone: "parterre", Seat: "A-1", Category: "adult"})
	must(t, err)
	// one character changed for another of the code's alphabet (base32):
	// the code still reads, its signature no longer holds
	altered := []byte(a[1].QR)
	if mid := len(altered) / 2; altered[mid] != 'A' {
		altered[mid] = 'A'
	} else {
		altered[mid] = 'B'
	}

	first := clk.Now()
	tests := []struct {
		name, door, scan string
		want             Verdict
		wantDoor         string
		wantAt           time.Time
	}{
		{"a ticket's code admits", "porte 1", a[0].QR, VerdictAdmit, "porte 1", first},
		{"its photocopy at another door", "porte 2", a[0].QR, VerdictAlreadyAdmitted, "porte 1", first},
		{"its number typed", "porte 2", strings.ToLower(a[0].Number), VerdictAlreadyAdmitted, "porte 1", first},
		{"the second ticket by its short number", "porte 2", "1-2", VerdictAdmit, "porte 2", first},
		{"another performance", "porte 1", other[0].QR, VerdictWrongPerformance, "", time.Time{}},
		{"a cancelled ticket", "porte 1", canceled[0].QR, VerdictCanceled, "", time.Time{}},
		{"a cancelled ticket typed", "porte 1", canceled[0].Number, VerdictCanceled, "", time.Time{}},
		{"an exchanged ticket", "porte 1", exchanged[0].QR, VerdictExchanged, "", time.Time{}},
		{"signed with another key", "porte 1", forged, VerdictForged, "", time.Time{}},
		{"altered", "porte 1", string(altered), VerdictForged, "", time.Time{}},
		{"signed but never sold", "porte 1", neverSold, VerdictUnknown, "", time.Time{}},
		{"signed with other fields", "porte 1", otherSeat, VerdictUnknown, "", time.Time{}},
		{"a number never sold", "porte 1", "K01-000099-01", VerdictUnknown, "", time.Time{}},
		{"another register's number", "porte 1", "K02-000001-01", VerdictUnknown, "", time.Time{}},
		{"another register's code", "porte 1", otherRegister, VerdictUnknown, "", time.Time{}},
		{"not a ticket at all", "porte 1", "hello", VerdictUnreadable, "", time.Time{}},
		{"a damaged code", "porte 1", "G2:!!!", VerdictUnreadable, "", time.Time{}},
		{"a season pass for hamlet", "porte 1", pass[0].QR, VerdictAdmit, "porte 1", first},
		{"the pass again", "porte 2", pass[0].QR, VerdictAlreadyAdmitted, "porte 1", first},
		{"a festival day pass", "porte 1", dayPass[0].QR, VerdictWrongPerformance, "", time.Time{}},
		{"a gift voucher", "porte 1", voucher[0].QR, VerdictNotATicket, "", time.Time{}},
		{"a code typed in lower case by the scanner", "porte 1", strings.ToLower(lower[0].QR), VerdictAdmit, "porte 1", first},
	}
	for _, tc := range tests {
		head, _ := r.Head()
		got, err := r.Admit(tc.door, "hamlet-00", tc.scan)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got.Verdict != tc.want || got.Door != tc.wantDoor || !got.At.Equal(tc.wantAt) {
			t.Errorf("%s: %s by %q at %s, want %s by %q at %s (%s)", tc.name, got.Verdict, got.Door, got.At, tc.want, tc.wantDoor, tc.wantAt, got.Reason)
		}
		if after, _ := r.Head(); (after != head) != (tc.want == VerdictAdmit) {
			t.Errorf("%s: journal went from entry %d to %d", tc.name, head, after)
		}
	}

	dc, err := r.DoorCounts("hamlet-00")
	must(t, err)
	sold := 0
	for _, z := range avail(t, r, "hamlet-00") {
		sold += z.Sold
	}
	if dc.Admitted != 3 || dc.Passes != 1 || dc.Sold != sold || sold != 3 {
		t.Errorf("counts %+v, want 3 admitted, 1 pass, %d sold (3)", dc, sold)
	}
	if dc, _ := r.DoorCounts("hamlet-01"); dc.Admitted != 0 || dc.Sold != 2 {
		t.Errorf("hamlet-01: %+v", dc)
	}

	inc, reb := viewsAfterRebuild(t, r)
	if inc != reb {
		t.Fatal("the views differ after a rebuild")
	}
	if err := r.db.View(func(tx *bolt.Tx) error { _, _, err := verifyTx(tx, r.id); return err }); err != nil {
		t.Fatal(err)
	}
}

// TestAdmitRefusesWithoutRecording: a door without a name or a
// performance the catalog lacks is an error, and writes nothing.
func TestAdmitRefusesWithoutRecording(t *testing.T) {
	r, _ := openTest(t, "")
	head, _ := r.Head()
	if _, err := r.Admit("", "hamlet-00", "1-1"); err == nil {
		t.Error("a door without a name admitted")
	}
	if _, err := r.Admit("porte 1", "no-such", "1-1"); err == nil || !strings.Contains(err.Error(), "no-such") {
		t.Errorf("unknown performance: %v", err)
	}
	if after, _ := r.Head(); after != head {
		t.Errorf("journal went from entry %d to %d", head, after)
	}
}

// TestATicketLetInIsNeitherCanceledNorExchanged: a ticket the door let in
// has its seat taken: canceling or exchanging it put the seat back on
// sale, and refunded it (a seat sold twice, the person inside). Both are
// refused, also when the exchange was put in the cart before the door
// let it in; the other ticket of the order can go. Once the performance
// is canceled, its admitted tickets are refunded like any other.
func TestATicketLetInIsNeitherCanceledNorExchanged(t *testing.T) {
	r, clk := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddSeats("hamlet-00", "parterre", "adult", "D-1", "D-2", "D-3"))
	o, err := a.Checkout(cash())
	must(t, err)
	ov, _, err := r.Order(o.Number)
	must(t, err)
	if v, err := r.Admit("nord", "hamlet-00", ov.Tickets[0].QR); err != nil || v.Verdict != VerdictAdmit {
		t.Fatalf("the door: %+v, %v", v, err)
	}
	in := ov.Tickets[0].Number
	if ov, _, _ := r.Order(o.Number); ov.Tickets[0].LetIn == nil || ov.Tickets[0].LetIn.Door != "nord" || ov.Tickets[1].LetIn != nil {
		t.Fatalf("the order's tickets say they were let in: %+v, %+v", ov.Tickets[0].LetIn, ov.Tickets[1].LetIn)
	}
	refused := func(what string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(pos.Say(err, "fr"), want) {
			t.Fatalf("%s of a ticket let in: %v", what, err)
		}
	}
	refused("a cancellation", a.Cancel(o.Number, "parti à l'entracte"), "est entré à 15:00 (porte : nord) : il a servi, il ne peut plus être annulé")
	refused("a partial cancellation", a.CancelPart(o.Number, "parti", CancelOptions{Tickets: []string{in}}), "il ne peut plus être annulé")
	_, err = a.Exchange(o.Number, []string{in})
	refused("an exchange", err, "il ne peut plus être échangé")

	// put in the cart, then let in: the checkout refuses it
	_, err = a.Exchange(o.Number, []string{ov.Tickets[1].Number})
	must(t, err)
	if v, err := r.Admit("nord", "hamlet-00", ov.Tickets[1].QR); err != nil || v.Verdict != VerdictAdmit {
		t.Fatalf("the door: %+v, %v", v, err)
	}
	must(t, a.AddSeats("hamlet-09", "parterre", "adult", "D-1"))
	_, err = a.Checkout(cash())
	refused("an exchange checked out after the door", err, "il ne peut plus être échangé")
	a.ClearCart()

	// the third ticket was not let in: it goes
	must(t, a.CancelPart(o.Number, "un absent", CancelOptions{Tickets: []string{ov.Tickets[2].Number}}))

	// the performance canceled: the tickets let in are refunded
	cat := demoCatalog(t)
	p, _ := cat.PerformanceByID("hamlet-00")
	p.Canceled = true
	must(t, r.SetCatalog(cat))
	clk.Add(time.Minute)
	must(t, a.Cancel(o.Number, "représentation annulée"))
	if ov, _, _ := r.Order(o.Number); ov.Order.State != pos.OrderCanceled {
		t.Fatalf("after the performance was canceled: %s", ov.Order.State)
	}
	checkJournal(t, r)
}

// TestNoOneIsAdmittedToACanceledPerformance: once a performance is
// canceled its tickets are refunded, not let in. A door left open on it
// (the catalog changed under it, or named with --performance) refuses
// every ticket and pass with a sentence, writes nothing, and its tickets
// can still be refunded.
func TestNoOneIsAdmittedToACanceledPerformance(t *testing.T) {
	r, clk := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	ticket := sell(t, r, till)
	must(t, till.AddItem(pos.LinePass, "abonnement-saison", 1))
	pass := sell(t, r, till)

	cat := demoCatalog(t)
	p, _ := cat.PerformanceByID("hamlet-00")
	p.Canceled = true
	must(t, r.SetCatalog(cat))
	clk.Add(time.Minute)

	for _, scan := range []string{ticket[0].QR, ticket[0].Number, pass[0].QR} {
		head, _ := r.Head()
		a, err := r.Admit("porte 1", "hamlet-00", scan)
		if err == nil || !strings.Contains(pos.Say(err, "fr"), "annulée") {
			t.Errorf("%s at the door of a canceled performance: %s, %v", scan, a.Verdict, err)
		}
		if after, _ := r.Head(); after != head {
			t.Errorf("%s: journal went from entry %d to %d", scan, head, after)
		}
	}
	if dc, _ := r.DoorCounts("hamlet-00"); dc.Admitted != 0 || dc.Passes != 0 {
		t.Errorf("counts %+v", dc)
	}
	must(t, till.Cancel(pos.OrderOfTicket(ticket[0].Number), "représentation annulée"))
	checkJournal(t, r)
}

// TestAnUnpaidInvoiceIsNotTheDoorsFirstWord: a ticket of an invoice not
// paid yet is refused as unpaid only when paying would let it in. A
// ticket of another performance or a gift voucher on such an invoice says
// so: "validate the invoice first" would send the person to the box
// office to pay, and the door would refuse them again once they had.
func TestAnUnpaidInvoiceIsNotTheDoorsFirstWord(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	must(t, a.AddTickets("hamlet-01", "galerie", "adult", 3))
	other, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	must(t, a.AddItem(pos.LineVoucher, "bon-100", 1))
	voucher, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	must(t, a.AddItem(pos.LinePass, "festival-jour-1", 3))
	dayPass, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	must(t, a.AddTickets("hamlet-00", "galerie", "adult", 3))
	unpaid, err := a.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	for _, o := range []pos.Order{other, voucher, dayPass, unpaid} {
		if o.State != pos.OrderPending {
			t.Fatalf("order %s is %s, not pending", o.Number, o.State)
		}
	}
	tests := []struct {
		name, scan string
		want       Verdict
	}{
		{"a ticket for another performance", other.Tickets[0].Number, VerdictWrongPerformance},
		{"a gift voucher", voucher.Tickets[0].Number, VerdictNotATicket},
		{"a pass that does not cover it", dayPass.Tickets[0].Number, VerdictWrongPerformance},
		{"a ticket for this performance", unpaid.Tickets[0].Number, VerdictUnpaid},
	}
	for _, tc := range tests {
		got, err := r.Admit("main", "hamlet-00", tc.scan)
		must(t, err)
		if got.Verdict != tc.want {
			t.Errorf("%s on an unpaid invoice: %s, want %s", tc.name, got.Verdict, tc.want)
		}
	}
}

// TestALetInTicketSaysWhatCanStillBeCanceled: two gallery tickets, one
// let in at the door; the other guest went home. Canceling the order was
// refused naming the ticket let in, and nothing said the other could
// still be canceled alone. It says so when another ticket is valid; the
// one let in, ticked alone, is refused as before, and the other cancels.
func TestALetInTicketSaysWhatCanStillBeCanceled(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
	tk := sell(t, r, till)
	if v, err := r.Admit("nord", "hamlet-00", tk[0].QR); err != nil || v.Verdict != VerdictAdmit {
		t.Fatalf("the door: %+v, %v", v, err)
	}
	order := pos.OrderOfTicket(tk[0].Number)
	err := till.Cancel(order, "went home")
	if err == nil {
		t.Fatal("an order with a ticket let in was canceled whole")
	}
	if en := pos.Say(err, "en"); !strings.HasSuffix(en, "it can no longer be canceled; cancel the order's other tickets alone") {
		t.Errorf("en: %q does not say the other can be canceled alone", en)
	}
	if fr := pos.Say(err, "fr"); !strings.HasSuffix(fr, "il ne peut plus être annulé ; annulez à part les autres billets de la commande") {
		t.Errorf("fr: %q does not say the other can be canceled alone", fr)
	}
	err = till.CancelPart(order, "went home", CancelOptions{Tickets: []string{tk[0].Number}})
	if en := pos.Say(err, "en"); err == nil || !strings.HasSuffix(en, "it can no longer be canceled") {
		t.Errorf("the ticket let in, ticked alone: %v", err)
	}
	must(t, till.CancelPart(order, "went home", CancelOptions{Tickets: []string{tk[1].Number}}))
}
