package local

import (
	"encoding/json"
	"errors"
	"testing"

	"pgregory.net/rapid"

	"guichet/pos"
)

// TestIssuedRefFastReadsWhatJSONReads: the order and ticket number read
// off the front of a ticket.issued payload are what decoding the whole
// payload gives, for any order and ticket text (escapes, quotes, non-ASCII,
// invalid UTF-8 included); where the front cannot be read so, it says so
// and the JSON decode answers.
func TestIssuedRefFastReadsWhatJSONReads(t *testing.T) {
	rapidChecksAsUnit(t) // cheap: the cases of the unit run
	rapid.Check(t, func(rt *rapid.T) {
		text := rapid.OneOf(rapid.StringMatching(`K[0-9]{2}-[0-9]{6}(-[0-9]{2})?`), rapid.String(),
			rapid.SampledFrom([]string{`a"b`, `a\b`, "<&>", "é", "\xff", "", "\u2028"}))
		p := ticketIssued{Order: text.Draw(rt, "order"), Ticket: pos.Ticket{Number: text.Draw(rt, "ticket"),
			Kind: pos.LineTicket, Price: pos.M(1000, "CHF"), Regular: pos.M(1000, "CHF"),
			CustomText: rapid.String().Draw(rt, "custom")}, QR: rapid.String().Draw(rt, "qr")}
		data, err := json.Marshal(p)
		if err != nil {
			rt.Fatal(err)
		}
		var want issuedRef
		if err := json.Unmarshal(data, &want); err != nil {
			rt.Fatal(err)
		}
		order, ticket, ok := issuedRefFast(data)
		if ok && (order != want.Order || ticket != want.Ticket.Number) {
			rt.Fatalf("read %q %q off %s, the JSON says %q %q", order, ticket, data, want.Order, want.Ticket.Number)
		}
	})
	if _, _, ok := issuedRefFast([]byte(`{"order":"K01-000001","ticket":{"number":"K01-000001-01","kind":"ticket"}}`)); !ok {
		t.Error("a plain payload is not read off its front")
	}
	for _, bad := range []string{`{"ticket":{"number":"X"},"order":"K"}`, `{"order":"K\"1","ticket":{"number":"X"}}`, `{"order":"K","ticket":{"number":"X`} {
		if _, _, ok := issuedRefFast([]byte(bad)); ok {
			t.Errorf("%s read off its front", bad)
		}
	}
}

// TestPrintConfirmationsNameTheirTickets: the ticket.printed entries of a
// sale name its tickets in the order they were queued (read off their
// ticket.issued entries), the receipt's names its order, and the receipt's
// view of the order is Order's without the QR payloads.
func TestPrintConfirmationsNameTheirTickets(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 3))
	o, err := till.Checkout(cash(), PrintAlso{Receipt: true})
	must(t, err)
	q, err := r.PrintQueue()
	must(t, err)
	var ids []string
	for _, j := range q {
		ids = append(ids, j.ID)
	}
	must(t, r.MarkPrintedShared(ids...))
	// Not waiting any more, or never queued: refused, nothing recorded.
	before := r.Version()
	for _, bad := range [][]string{{ids[0]}, {ids[3]}, {"999999"}, {"x"}} {
		if err := r.MarkPrintedShared(bad...); !errors.Is(err, ErrNotFound) {
			t.Errorf("confirming job %v again: %v", bad, err)
		}
	}
	if r.Version() != before {
		t.Errorf("refused confirmations committed %d times", r.Version()-before)
	}
	es := journalEntries(t, r)
	printed := ofEntryType(es, TypeTicketPrinted)
	if len(printed) != 3 {
		t.Fatalf("%d ticket.printed entries, want 3", len(printed))
	}
	for i, e := range printed {
		want := `{"job":"` + q[i].ID + `","ticket":"` + o.Tickets[i].Number + `"}`
		if string(e.Payload) != want {
			t.Errorf("ticket.printed %d: %s, want %s", i, e.Payload, want)
		}
	}
	if rp := ofEntryType(es, TypeReceiptPrinted); len(rp) != 1 || string(rp[0].Payload) != `{"job":"`+q[3].ID+`","order":"`+o.Number+`"}` {
		t.Errorf("receipt.printed: %+v", rp)
	}
	full, ok, err := r.Order(o.Number)
	must(t, err)
	plain, ok2, err := r.OrderForReceipt(o.Number)
	must(t, err)
	if !ok || !ok2 || full.Tickets[0].QR == "" || plain.Tickets[0].QR != "" {
		t.Fatalf("Order's QR %q, OrderForReceipt's %q", full.Tickets[0].QR, plain.Tickets[0].QR)
	}
	for i := range full.Tickets {
		full.Tickets[i].QR = ""
	}
	a, _ := json.Marshal(full)
	b, _ := json.Marshal(plain)
	if string(a) != string(b) {
		t.Errorf("OrderForReceipt differs from Order beyond the QRs:\n%s\n%s", b, a)
	}
	if ov := full; ov.Tickets[0].Printed != 1 {
		t.Errorf("ticket printed %d times, want 1", ov.Tickets[0].Printed)
	}

	// A reprint dropped names the ticket's order, read off its ticket.issued entry.
	must(t, till.Reprint(o.Tickets[1].Number))
	q, err = r.PrintQueue()
	must(t, err)
	if len(q) != 1 || !q[0].Duplicate {
		t.Fatalf("queue after a reprint: %+v", q)
	}
	must(t, r.DropPrintJob(q[0].ID, "paper jam"))
	es = journalEntries(t, r)
	if d := ofEntryType(es, TypePrintDropped); len(d) != 1 || string(d[0].Payload) != `{"job":"`+q[0].ID+`","order":"`+o.Number+`","reason":"paper jam"}` {
		t.Errorf("print.dropped: %+v", d)
	}
}
