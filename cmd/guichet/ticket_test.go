package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// TestTicketVerifyChecksThePubAgainstTheJournal: ticket verify --db reads
// the key pinned in the journal; a <db>.pub that differs (swapped for
// another register's) is refused rather than trusted, and a missing one
// is not written (the command only reads: the register writes it again
// at its next start): the ticket verifies with the pinned key, and no
// file beside the register's changes.
func TestTicketVerifyChecksThePubAgainstTheJournal(t *testing.T) {
	db, qr := sellOne(t)
	journal := string(mustRead(t, db))
	defer func() {
		if string(mustRead(t, db)) != journal {
			t.Error("ticket verify changed the register's file")
		}
	}()

	other, _, _ := ed25519.GenerateKey(nil)
	if err := local.WritePublicKey(db, other); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runGuichet(t, "", "", "ticket", "verify", qr, "--db", db, "--lang", "en")
	if code != 1 || !strings.Contains(stderr, db+".pub is not the key pinned in the journal") || strings.Contains(out, "valid") {
		t.Fatalf("a swapped .pub: exit %d\n%s%s", code, out, stderr)
	}

	if err := os.Remove(db + ".pub"); err != nil {
		t.Fatal(err)
	}
	before := snapshotFiles(t, filepath.Dir(db))
	out, stderr, code = runGuichet(t, "", "", "ticket", "verify", "--lang", "en", qr, "--db", db)
	if code != 0 || !strings.HasPrefix(out, "valid: ticket K01-000001-01") || !strings.Contains(stderr, db+".pub is missing") {
		t.Fatalf("a missing .pub: exit %d\n%s%s", code, out, stderr)
	}
	if after := snapshotFiles(t, filepath.Dir(db)); !reflect.DeepEqual(after, before) {
		t.Fatalf("ticket verify --db changed the files beside the register's: %d files before, %d after", len(before), len(after))
	}
}

// doorJournal makes a register's file with a cancelled order (two
// tickets), an exchanged ticket and a valid one, and returns the file,
// their QR payloads and when the cancellation and the exchange were made.
func doorJournal(t *testing.T) (db string, cancelled, exchanged, valid string, cancelAt, exchangeAt time.Time) {
	t.Helper()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	cat, err := fixtures.DemoCatalog(now)
	if err != nil {
		t.Fatal(err)
	}
	db = filepath.Join(t.TempDir(), "door.db")
	r, err := local.Open(local.Options{Path: db, Catalog: cat, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	sell := func(add func() error) local.OrderView {
		t.Helper()
		if err := add(); err != nil {
			t.Fatal(err)
		}
		o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
		if err != nil {
			t.Fatal(err)
		}
		ov, ok, _ := r.Order(o.Number)
		if !ok {
			t.Fatalf("order %s", o.Number)
		}
		return ov
	}
	a := sell(func() error { return till.AddTickets("hamlet-01", "galerie", "adult", 2) })
	b := sell(func() error { return till.AddSeats("hamlet-01", "parterre", "adult", "D-1") })
	c := sell(func() error { return till.AddTickets("hamlet-01", "galerie", "child", 1) })
	now = now.Add(30 * time.Minute)
	cancelAt = now
	if err := till.Cancel(a.Order.Number, "the customer cannot come"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(30 * time.Minute)
	exchangeAt = now
	if _, err := till.Exchange(b.Order.Number, []string{b.Tickets[0].Number}); err != nil {
		t.Fatal(err)
	}
	if err := till.AddSeats("hamlet-01", "parterre", "adult", "D-5"); err != nil {
		t.Fatal(err)
	}
	if _, err := till.Checkout(nil); err != nil {
		t.Fatal(err)
	}
	return db, a.Tickets[0].QR, b.Tickets[0].QR, c.Tickets[0].QR, cancelAt, exchangeAt
}

func runIn(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e)
	return o.String(), e.String(), code
}

// TestTicketVerifySaysTheStateInTheJournal: besides its signature, a
// ticket's state in the journal: valid, cancelled or exchanged with when
// (exit 1: the door refuses it), unknown to a journal that did not issue
// it; the file is not changed.
func TestTicketVerifySaysTheStateInTheJournal(t *testing.T) {
	db, cancelled, exchanged, valid, cancelAt, exchangeAt := doorJournal(t)
	before := mustRead(t, db)
	zurich, err := time.LoadLocation("Europe/Zurich") // the demo catalog's time_zone
	if err != nil {
		t.Fatal(err)
	}
	when := func(at time.Time) string { return at.In(zurich).Format("2006-01-02 15:04") }

	// A ticket signed with the register's key that its journal never issued.
	seed, err := os.ReadFile(db + ".key")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(strings.TrimSpace(string(seed)), "guichet-ed25519-seed:"))
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := local.SignTicket(ed25519.NewKeyFromSeed(raw), pos.Ticket{Number: "K01-009999-01", Performance: "hamlet-01", Zone: "galerie", Category: "adult"})
	if err != nil {
		t.Fatal(err)
	}
	// Signed with the register's key under the number of a valid ticket of
	// its journal, but for another performance, seat or category than that
	// ticket: the door does not know it (UNKNOWN), and neither does verify.
	claim, err := local.VerifyTicket(ed25519.NewKeyFromSeed(raw).Public().(ed25519.PublicKey), valid)
	if err != nil {
		t.Fatal(err)
	}
	other := func(change func(*pos.Ticket)) string {
		tk := pos.Ticket{Number: claim.Number, Performance: claim.Performance, Zone: claim.Zone, Seat: claim.Seat, Category: claim.Category, Item: claim.Item}
		change(&tk)
		qr, err := local.SignTicket(ed25519.NewKeyFromSeed(raw), tk)
		if err != nil {
			t.Fatal(err)
		}
		return qr
	}
	otherPerf := other(func(tk *pos.Ticket) { tk.Performance = "hamlet-02" })
	otherSeat := other(func(tk *pos.Ticket) { tk.Seat = "Z-99" })
	otherCategory := other(func(tk *pos.Ticket) {
		tk.Category = map[bool]string{true: "adult", false: "child"}[tk.Category == "child"]
	})

	tests := []struct {
		name, qr, want string
		code           int
	}{
		{"valid", valid, "state in " + db + ": valid\n", 0},
		{"cancelled", cancelled, "state in " + db + ": CANCELLED on " + when(cancelAt) + ": refuse it at the door\n", 1},
		{"exchanged", exchanged, "state in " + db + ": EXCHANGED on " + when(exchangeAt) + ": refuse it at the door\n", 1},
		{"unknown", stranger, "state in " + db + ": unknown to this journal (it did not issue this ticket)\n", 0},
		{"valid number, another performance", otherPerf, "state in " + db + ": unknown to this journal (it did not issue this ticket)\n", 0},
		{"valid number, another seat", otherSeat, "state in " + db + ": unknown to this journal (it did not issue this ticket)\n", 0},
		{"valid number, another category", otherCategory, "state in " + db + ": unknown to this journal (it did not issue this ticket)\n", 0},
	}
	for _, tc := range tests {
		out, stderr, code := runIn("ticket", "verify", "--lang", "en", tc.qr, "--db", db)
		if code != tc.code || !strings.HasPrefix(out, "valid: ticket ") || !strings.HasSuffix(out, tc.want) {
			t.Errorf("%s: exit %d, want %d\n%s%s\nwant the last line %q", tc.name, code, tc.code, out, stderr, tc.want)
		}
	}
	if !bytes.Equal(mustRead(t, db), before) {
		t.Fatal("ticket verify changed the register's file")
	}
}

// TestTicketRevokedListsCancelledAndExchangedTickets: the numbers a door
// working offline must refuse, one a line or as JSON with when.
func TestTicketRevokedListsCancelledAndExchangedTickets(t *testing.T) {
	db, _, _, _, cancelAt, exchangeAt := doorJournal(t)
	before := mustRead(t, db)
	out, stderr, code := runIn("ticket", "revoked", "--db", db)
	if want := "K01-000001-01\nK01-000001-02\nK01-000002-01\n"; code != 0 || out != want {
		t.Fatalf("exit %d\n%s%s\nwant\n%s", code, out, stderr, want)
	}
	out, stderr, code = runIn("ticket", "revoked", "--db", db, "--json")
	var list []local.TicketStatus
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil {
		t.Fatalf("--json: exit %d, %v\n%s%s", code, err, out, stderr)
	}
	want := []local.TicketStatus{
		{Number: "K01-000001-01", State: local.TicketCanceled, At: cancelAt},
		{Number: "K01-000001-02", State: local.TicketCanceled, At: cancelAt},
		{Number: "K01-000002-01", State: local.TicketExchanged, At: exchangeAt},
	}
	if len(list) != len(want) {
		t.Fatalf("--json: %+v", list)
	}
	for i := range want {
		if list[i].Number != want[i].Number || list[i].State != want[i].State || !list[i].At.Equal(want[i].At) {
			t.Errorf("--json %d: %+v, want %+v", i, list[i], want[i])
		}
	}
	if !bytes.Equal(mustRead(t, db), before) {
		t.Fatal("ticket revoked changed the register's file")
	}
}

// TestTicketVerifySaysAnUnpaidInvoice: a ticket of an invoice not paid
// yet was "valid" (exit 0) for `guichet ticket verify`, while the door
// refuses it until the box office validates the payment; it says so, and
// exits 1 as for the other tickets a door refuses. Once paid it is valid.
func TestTicketVerifySaysAnUnpaidInvoice(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cat, err := fixtures.DemoCatalog(now)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "door.db")
	r, err := local.Open(local.Options{Path: db, Catalog: cat, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() }) // the last one opened
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-01", "galerie", "adult", 3); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
	if err != nil {
		t.Fatal(err)
	}
	ov, _, err := r.Order(o.Number)
	if err != nil {
		t.Fatal(err)
	}
	qr := ov.Tickets[0].QR
	verify := func() (string, int) {
		t.Helper()
		r.Close() // the command opens the file itself
		out, stderr, code := runIn("ticket", "verify", "--lang", "en", qr, "--db", db)
		if r, err = local.Open(local.Options{Path: db, Catalog: cat, Now: func() time.Time { return now }}); err != nil {
			t.Fatal(err)
		}
		return out + stderr, code
	}
	want := "state in " + db + ": UNPAID: its invoice is not paid yet; refuse it at the door until the box office validates the payment\n"
	if out, code := verify(); code != 1 || !strings.HasSuffix(out, want) {
		t.Errorf("a ticket of an unpaid invoice: exit %d\n%s\nwant the last line %q", code, out, want)
	}
	till, err = r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := till.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	if out, code := verify(); code != 0 || !strings.HasSuffix(out, "state in "+db+": valid\n") {
		t.Errorf("once paid: exit %d\n%s", code, out)
	}
}

// TestTicketRevokedListsAnUnpaidInvoicesTickets: a door working offline
// from `guichet ticket revoked` refuses an unpaid invoice's tickets as the
// register's door does; once the payment is validated, they are off the
// list. Before, they were never on it.
func TestTicketRevokedListsAnUnpaidInvoicesTickets(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cat, err := fixtures.DemoCatalog(now)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "door.db")
	open := func() *local.Register {
		r, err := local.Open(local.Options{Path: db, Catalog: cat, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := open()
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-01", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	out, stderr, code := runIn("ticket", "revoked", "--db", db, "--json")
	var list []local.TicketStatus
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil {
		t.Fatalf("exit %d, %v\n%s%s", code, err, out, stderr)
	}
	if len(list) != 2 || list[0].Number != o.Tickets[0].Number || list[0].State != local.TicketUnpaid || list[1].State != local.TicketUnpaid {
		t.Fatalf("the unpaid invoice's tickets: %+v; want both %s", list, local.TicketUnpaid)
	}
	r = open()
	till, err = r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := till.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-2"}); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if out, stderr, code := runIn("ticket", "revoked", "--db", db); code != 0 || out != "" {
		t.Fatalf("once paid: exit %d\n%q%s", code, out, stderr)
	}
}

// A code typed in lower case (a scanner with caps lock or on another
// keyboard layout) reads at the door as the code it is; verify reads it
// the same way rather than calling a genuine ticket invalid.
func TestTicketVerifyReadsALowerCaseCodeAsTheDoorDoes(t *testing.T) {
	db, cancelled, _, valid, _, _ := doorJournal(t)
	tests := []struct {
		name, qr, want string
		code           int
	}{
		{"valid", strings.ToLower(valid), "state in " + db + ": valid\n", 0},
		{"cancelled", " " + strings.ToLower(cancelled) + "\n", ": refuse it at the door\n", 1},
	}
	for _, tc := range tests {
		out, stderr, code := runIn("ticket", "verify", "--lang", "en", tc.qr, "--db", db)
		if code != tc.code || !strings.HasPrefix(out, "valid: ticket ") || !strings.HasSuffix(out, tc.want) {
			t.Errorf("%s: exit %d, want %d\n%s%s\nwant the last line to end %q", tc.name, code, tc.code, out, stderr, tc.want)
		}
	}
}

// The time a ticket was cancelled or exchanged is the box office's (the
// catalog's time zone, as every other time the register prints), not the
// zone of the machine verify runs on.
func TestTicketVerifySaysWhenInTheCatalogsTimeZone(t *testing.T) {
	db, cancelled, exchanged, _, cancelAt, exchangeAt := doorJournal(t)
	far, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip(err)
	}
	old := time.Local
	time.Local = far // a laptop set to another zone than the box office's
	t.Cleanup(func() { time.Local = old })
	zurich, err := time.LoadLocation("Europe/Zurich") // the demo catalog's time_zone
	if err != nil {
		t.Fatal(err)
	}
	when := func(at time.Time) string { return at.In(zurich).Format("2006-01-02 15:04") }
	tests := []struct{ name, qr, want string }{
		{"cancelled", cancelled, "CANCELLED on " + when(cancelAt) + ": refuse it at the door\n"},
		{"exchanged", exchanged, "EXCHANGED on " + when(exchangeAt) + ": refuse it at the door\n"},
	}
	for _, tc := range tests {
		out, stderr, code := runIn("ticket", "verify", "--lang", "en", tc.qr, "--db", db)
		if code != 1 || !strings.HasSuffix(out, tc.want) {
			t.Errorf("%s: exit %d\n%s%s\nwant the last line to end %q", tc.name, code, out, stderr, tc.want)
		}
	}
}

// TestTicketVerifySaysATicketOfTheLostJournal: after the journal was lost
// and replaced (--new-journal AFTER), a genuine code of a ticket the lost
// journal sold is said to be its, its state lost with it, not "unknown".
func TestTicketVerifySaysATicketOfTheLostJournal(t *testing.T) {
	db, qr := sellOne(t) // order K01-000001
	os.Remove(db + ".journal")
	must(t, os.Remove(db))
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cat, err := fixtures.DemoCatalog(now)
	must(t, err)
	r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, Now: func() time.Time { return now }, NewJournalAfter: 5, NewJournalFrom: local.GivenFigures(local.JournalFigures{Perpetual: pos.Zero("CHF")})})
	must(t, err)
	must(t, r.Close())
	out, stderr, code := runIn("ticket", "verify", "--lang", "en", qr, "--db", db)
	if want := "state in " + db + ": sold by the lost journal this one replaced (the code is genuine): whether it was cancelled or exchanged went with that journal; check it with the box office\n"; code != 0 || !strings.HasSuffix(out, want) {
		t.Fatalf("exit %d\n%s%s\nwant the last line %q", code, out, stderr, want)
	}
}

// TestTicketVerifyOfANumberSaysWhereNumbersAreRead: the door takes a
// ticket's printed number, but guichet ticket verify only its code; given
// the number it said "this is not a guichet ticket code (G2:…)" and nothing
// more. It now says the number is the ticket's and which command reads it.
func TestTicketVerifyOfANumberSaysWhereNumbersAreRead(t *testing.T) {
	db, _ := sellOne(t)
	out, stderr, code := runGuichet(t, "", "", "ticket", "verify", "--lang", "en", "k01-000001-01", "--db", db)
	want := "K01-000001-01 is a ticket's number, not its code: guichet order show K01-000001 --db " + db + " says its state"
	if code != 1 || !strings.Contains(out, want) {
		t.Fatalf("ticket verify of a number: exit %d\n%s%s\nwant %q", code, out, stderr, want)
	}
	// that command does read it
	if out, stderr, code := runGuichet(t, "", "", "order", "show", "K01-000001", "--db", db); code != 0 || !strings.Contains(out, `"K01-000001-01"`) {
		t.Fatalf("order show K01-000001: exit %d\n%s%s", code, out, stderr)
	}
}
