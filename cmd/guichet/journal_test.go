package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// openDemoAt opens the register's file db (making it if need be) on the
// demo box office, its clock stopped at now; the caller closes it.
func openDemoAt(t *testing.T, db, register string, now time.Time) *local.Register {
	t.Helper()
	cat, err := fixtures.DemoCatalog(now)
	if err != nil {
		t.Fatal(err)
	}
	r, err := local.Open(local.Options{Path: db, Register: register, Catalog: cat, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sellOne makes a register file with one paid order of two standing tickets,
// as the counter would, and returns the file and a ticket's QR payload.
func sellOne(t *testing.T) (db, qr string) {
	t.Helper()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	db = filepath.Join(t.TempDir(), "guichet.db")
	r := openDemoAt(t, db, "K01", now)
	defer r.Close()
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	if err := till.AddTickets("hamlet-01", "galerie", "adult", 2); err != nil {
		t.Fatal(err)
	}
	o, err := till.Checkout([]pos.Tender{{Method: "cash", Tendered: pos.M(10000, "CHF")}})
	if err != nil {
		t.Fatal(err)
	}
	ov, ok, _ := r.Order(o.Number)
	if !ok || len(ov.Tickets) != 2 || ov.Tickets[0].QR == "" {
		t.Fatalf("order %s: %+v", o.Number, ov)
	}
	return db, ov.Tickets[0].QR
}

func TestJournalToolsOnARealSale(t *testing.T) {
	db, qr := sellOne(t)

	out, stderr, code := runGuichet(t, "", "", "journal", "verify", "--lang", "en", "--db", db)
	if code != 0 || !strings.Contains(out, "gapless") {
		t.Fatalf("verify: exit %d\n%s%s", code, out, stderr)
	}

	out, _, code = runGuichet(t, "", "", "journal", "export", "--db", db)
	if code != 0 {
		t.Fatalf("export: exit %d", code)
	}
	types := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e struct {
			Seq  uint64 `json:"seq"`
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		types[e.Type]++
	}
	if types["order.placed"] != 1 || types["ticket.issued"] != 2 || types["payment.captured"] != 1 || types["shift.opened"] != 1 {
		t.Errorf("exported entry types %v", types)
	}

	out, _, code = runGuichet(t, "", "", "journal", "stats", "--db", db)
	if code != 0 || !strings.Contains(out, `"orders": 1`) {
		t.Errorf("stats: exit %d\n%s", code, out)
	}

	out, _, code = runGuichet(t, "", "", "ticket", "verify", "--lang", "en", "--db", db, qr)
	if code != 0 || !strings.Contains(out, "valid") || !strings.Contains(out, "hamlet-01") {
		t.Errorf("ticket verify: exit %d\n%s", code, out)
	}
	forged := qr[:10] + string(qr[10]^1) + qr[11:]
	if out, _, code = runGuichet(t, "", "", "ticket", "verify", "--lang", "en", "--db", db, forged); code == 0 {
		t.Errorf("a forged ticket verified:\n%s", out)
	}
}

// A byte changed in a stored entry makes verify exit non-zero naming that entry.
func TestJournalVerifyNamesTheFirstBadEntry(t *testing.T) {
	db, _ := sellOne(t)
	b, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket([]byte("journal"))
		c := j.Cursor()
		k, v := c.First()
		for i := 0; i < 3; i++ { // the fourth entry
			k, v = c.Next()
		}
		bad := bytes.Clone(v)
		bad[len(bad)/2] ^= 0x01
		return j.Put(bytes.Clone(k), bad)
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runGuichet(t, "", "", "journal", "verify", "--db", db, "--lang", "en")
	if code == 0 {
		t.Fatalf("verify passed a tampered journal:\n%s", out)
	}
	if msg := out + stderr; !strings.Contains(msg, "journal entry 4:") || !strings.Contains(msg, "good up to entry 3") {
		t.Errorf("verify should name entry 4 as the first bad one:\n%s", msg)
	}
}

// A voucher's balance changed in the views, the journal intact: verify
// exits 1 naming the view and the voucher, and says to rebuild; the
// rebuild mends it.
func TestJournalVerifyNamesAViewChanged(t *testing.T) {
	db, _ := sellOne(t)
	if out, stderr, code := runGuichet(t, "", "", "journal", "verify", "--db", db, "--lang", "en"); code != 0 || !strings.Contains(out, "ok: every view") {
		t.Fatalf("verify: exit %d\n%s%s", code, out, stderr)
	}
	b, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	must(t, err)
	must(t, b.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("v.sold")).Put([]byte("hamlet-01\x00galerie"), []byte("1"))
	}))
	must(t, b.Close())
	out, stderr, code := runGuichet(t, "", "", "journal", "verify", "--db", db, "--lang", "en")
	if code != 1 || !strings.Contains(out, `BAD: the register's views do not say what its journal does (view sold, key "hamlet-01\x00galerie": kept "1", the journal gives "2")`) ||
		!strings.Contains(out, "guichet journal rebuild") {
		t.Fatalf("verify of a changed view: exit %d\n%s%s", code, out, stderr)
	}
	if out, stderr, code := runGuichet(t, "", "", "journal", "rebuild", "--lang", "en", "--db", db); code != 0 || !strings.Contains(out, "DIFFERED") {
		t.Fatalf("rebuild: exit %d\n%s%s", code, out, stderr)
	}
	if out, stderr, code := runGuichet(t, "", "", "journal", "verify", "--db", db, "--lang", "en"); code != 0 || !strings.Contains(out, "ok: every view") {
		t.Fatalf("verify after the rebuild: exit %d\n%s%s", code, out, stderr)
	}
}

// The head: verify prints it; a journal whose last two entries were
// removed fails naming the head; with its head rewritten to the new end it
// fails naming its flat file, which holds them, and without the flat file
// still fails --expect-head with the head printed before (8 hex digits).
func TestJournalVerifyChecksTheHead(t *testing.T) {
	db, _ := sellOne(t)
	out, stderr, code := runGuichet(t, "", "", "journal", "verify", "--db", db, "--lang", "en")
	var seq uint64
	var hash string
	if i := strings.Index(out, "head "); code != 0 || i < 0 {
		t.Fatalf("verify: exit %d\n%s%s", code, out, stderr)
	} else if _, err := fmt.Sscanf(strings.ReplaceAll(out[i+5:], ":", " "), "%d %12s", &seq, &hash); err != nil {
		t.Fatalf("no head in %q: %v", out, err)
	}
	anchor := fmt.Sprintf("%d:%s", seq, hash[:8])
	if out, _, code := runGuichet(t, "", "", "journal", "verify", "--db", db, "--expect-head", anchor, "--lang", "en"); code != 0 || !strings.Contains(out, "matches the head written down") {
		t.Fatalf("verify --expect-head %s: exit %d\n%s", anchor, code, out)
	}

	cut := func(rewriteHead bool) {
		t.Helper()
		b, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
		must(t, err)
		defer b.Close()
		must(t, b.Update(func(tx *bolt.Tx) error {
			j := tx.Bucket([]byte("journal"))
			k, _ := j.Cursor().Last()
			if err := j.Delete(bytes.Clone(k)); err != nil {
				return err
			}
			if !rewriteHead {
				return nil
			}
			k, v := j.Cursor().Last()
			head := append(bytes.Clone(k), v[len(v)-32:]...) // seq, then the entry's hash
			return tx.Bucket([]byte("meta")).Put([]byte("head"), head)
		}))
	}
	cut(false)
	cut(false)
	out, _, code = runGuichet(t, "", "", "journal", "verify", "--db", db, "--lang", "en")
	if want := fmt.Sprintf("BAD: the journal ends at %d but its head says %d: the last entries were removed", seq-2, seq); code != 1 || !strings.Contains(out, want) {
		t.Errorf("verify after removing the last 2 entries: exit %d\n%s\nwant %q", code, out, want)
	}
	cut(true)
	// the flat file beside it still holds the entries removed
	out, _, code = runGuichet(t, "", "", "journal", "verify", "--db", db, "--lang", "en")
	if want := fmt.Sprintf("BAD: the journal ends at %d but its flat file %s.journal goes on to %d: the last entries were removed", seq-3, db, seq); code != 1 || !strings.Contains(out, want) {
		t.Errorf("verify after removing the last 3 entries and rewriting the head, beside the flat file: exit %d\n%s\nwant %q", code, out, want)
	}
	must(t, os.Rename(db+".journal", db+".journal.aside"))
	// the chain holds, but the views still count the entries removed
	if out, _, code = runGuichet(t, "", "", "journal", "verify", "--db", db, "--lang", "en"); code != 1 || !strings.Contains(out, "BAD: the register's views do not say what its journal does") {
		t.Errorf("a rewritten head passes the chain's own check, not the views' (exit %d):\n%s", code, out)
	}
	out, _, code = runGuichet(t, "", "", "journal", "verify", "--db", db, "--expect-head", anchor, "--lang", "en")
	if code != 1 || !strings.Contains(out, fmt.Sprintf("the journal ends at %d but the head written down (%s) says %d", seq-3, anchor, seq)) {
		t.Errorf("verify --expect-head after rewriting the head: exit %d\n%s", code, out)
	}
}

// TestReportTickets prints the daily ticket statement of a day with a
// sale, as CSV and JSON; a day without one is refused with why.
func TestReportTickets(t *testing.T) {
	db, _ := sellOne(t)
	out, stderr, code := runGuichet(t, "", "", "report", "tickets", "--db", db, "--day", "2026-11-23", "--csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// amounts are plain numbers a spreadsheet adds up, the currency in a
	// column of its own
	if code != 0 || len(lines) != 2 ||
		lines[0] != "day,performance,performance_name,category,category_name,currency,price,free,first,last,issued,canceled,count,takings" ||
		!strings.HasPrefix(lines[1], "2026-11-23,hamlet-01,") ||
		!strings.Contains(lines[1], ",adult,Adulte,CHF,25.00,false,") || !strings.HasSuffix(lines[1], ",K01-000001-01,K01-000001-02,2,0,2,50.00") {
		t.Fatalf("report tickets --csv: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = runGuichet(t, "", "", "report", "tickets", "--db", db, "--day", "2026-11-23", "--json")
	var rep struct {
		Closed bool
		Rows   []struct {
			Issued       int
			CategoryName string `json:"category_name"`
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Closed || len(rep.Rows) != 1 || rep.Rows[0].Issued != 2 || rep.Rows[0].CategoryName != "Adulte" {
		t.Fatalf("report tickets --json: exit %d %+v\n%s%s", code, rep, out, stderr)
	}
	// the text speaks the statement's language (the demo's French), as its
	// names and dates do; --lang en for English
	out, stderr, code = runGuichet(t, "", "", "report", "tickets", "--db", db, "--day", "2026-11-23")
	if code != 0 || !strings.Contains(out, "Adulte") || !strings.Contains(out, "émis 2, annulés 0, comptés 2, recette CHF 50.00") || strings.Contains(out, "takings") {
		t.Fatalf("report tickets: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = runGuichet(t, "", "", "report", "tickets", "--db", db, "--day", "2026-11-23", "--lang", "en")
	if code != 0 || !strings.Contains(out, "Adult ") || !strings.Contains(out, "issued 2, canceled 0, count 2, takings CHF 50.00") || !strings.Contains(out, "total takings CHF 50.00") {
		t.Fatalf("report tickets --lang en: exit %d\n%s%s", code, out, stderr)
	}
	if _, stderr, code = runGuichet(t, "", "", "report", "tickets", "--db", db, "--day", "2026-11-20", "--lang", "en"); code == 0 || !strings.Contains(stderr, "no daily closure for 2026-11-20") {
		t.Fatalf("report tickets for a day without sales: exit %d\n%s", code, stderr)
	}
}

// TestJournalArchiveAndEvents: a sale on 31 December, the register
// started again on 1 January (which closes the day, the month and the
// year), then the year archived, moved, verified alone; a byte changed is
// refused (exit 1); the event log lists the starts and the archive.
func TestJournalArchiveAndEvents(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	now := time.Date(2026, 12, 31, 15, 0, 0, 0, zurich)
	cat, err := fixtures.DemoCatalog(now)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "guichet.db")
	r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	till, err := r.Unlock("claire", "1234")
	if err == nil {
		_, err = till.OpenShift(pos.M(20000, "CHF"))
	}
	if err == nil {
		err = till.AddTickets("hamlet-01", "galerie", "adult", 2)
	}
	if err == nil {
		_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	}
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, _, code := runGuichet(t, "", "", "journal", "archive", "--lang", "en", "--db", db, "--year", "2026", "--out", filepath.Join(t.TempDir(), "x.tar")); code == 0 {
		t.Fatal("archived a year not closed")
	}
	next := now.Add(18 * time.Hour)
	r, err = local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, Now: func() time.Time { return next }})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()

	archive := filepath.Join(t.TempDir(), "K01-2026.tar")
	out, stderr, code := runGuichet(t, "", "", "journal", "archive", "--lang", "en", "--db", db, "--year", "2026", "--out", archive)
	if code != 0 || !strings.Contains(out, "archived year 2026") {
		t.Fatalf("archive: exit %d\n%s%s", code, out, stderr)
	}
	moved := filepath.Join(t.TempDir(), "moved.tar")
	if err := os.Rename(archive, moved); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = runGuichet(t, "", "", "journal", "verify-archive", "--lang", "en", moved, "--pub", db+".pub")
	if code != 0 || !strings.Contains(out, "ok: archive of register K01, year 2026") {
		t.Fatalf("verify-archive: exit %d\n%s%s", code, out, stderr)
	}
	// several years' archives are checked together: the same year twice
	// does not follow itself
	out, stderr, code = runGuichet(t, "", "", "journal", "verify-archive", "--lang", "en", moved, moved)
	if code != 1 || !strings.Contains(out, "the same year twice") {
		t.Fatalf("verify-archive of one year twice: exit %d\n%s%s", code, out, stderr)
	}
	data, err := os.ReadFile(moved)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("order.placed"))
	data[i] ^= 0x20
	changed := filepath.Join(t.TempDir(), "changed.tar")
	if err := os.WriteFile(changed, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = runGuichet(t, "", "", "journal", "verify-archive", "--lang", "en", changed)
	if code != 1 || !strings.Contains(out, "BAD: the archive does not verify") {
		t.Fatalf("verify-archive of a changed archive: exit %d\n%s%s", code, out, stderr)
	}
	// in French, after the BAD: scripts look for (it was English)
	out, stderr, code = runGuichet(t, "", "", "journal", "verify-archive", "--lang", "fr", changed)
	if code != 1 || !strings.HasPrefix(out, "BAD: l'archive ne se vérifie pas : ") || strings.Contains(out, "entry") {
		t.Fatalf("verify-archive --lang fr of a changed archive: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = runGuichet(t, "", "", "journal", "verify-archive", "--lang", "fr", moved, moved)
	if code != 1 || !strings.HasPrefix(out, "BAD: l'archive ne se vérifie pas : 2026 ("+moved+")") || !strings.Contains(out, ") ne suit pas 2026 (") || !strings.Contains(out, ") : la même année deux fois") {
		t.Fatalf("verify-archive --lang fr of one year twice: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = runGuichet(t, "", "", "journal", "verify", "--lang", "en", "--db", db)
	if code != 0 || !strings.Contains(out, "every closure adds up") {
		t.Fatalf("verify after archiving: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = runGuichet(t, "", "", "journal", "events", "--db", db, "--lang", "en")
	if code != 0 || strings.Count(out, "register.started") != 2 || !strings.Contains(out, "archive.made") || !strings.Contains(out, "key.pinned") {
		t.Fatalf("events: exit %d\n%s%s", code, out, stderr)
	}
	// the kind column in French (it said register.started to a French
	// manager); --json keeps local's names, which scripts read
	out, stderr, code = runGuichet(t, "", "", "journal", "events", "--db", db, "--lang", "fr")
	if code != 0 || strings.Count(out, "  démarrage ") != 2 || !strings.Contains(out, "  archive créée ") || !strings.Contains(out, "  clé épinglée ") || strings.Contains(out, "register.started") {
		t.Fatalf("events --lang fr: exit %d\n%s%s", code, out, stderr)
	}
	// and the details (an archive's read "year 2026, entries 1 to …")
	if !strings.Contains(out, " année 2026, écritures 1 à ") || strings.Contains(out, "entries") {
		t.Fatalf("events --lang fr: the archive's detail in English\n%s", out)
	}
	out, stderr, code = runGuichet(t, "", "", "journal", "events", "--db", db, "--lang", "fr", "--json")
	if code != 0 || strings.Count(out, `"kind":"register.started"`) != 2 || strings.Contains(out, "démarrage") ||
		!strings.Contains(out, `"detail":"year 2026, entries 1 to `) || strings.Contains(out, "écritures") {
		t.Fatalf("events --lang fr --json: exit %d\n%s%s", code, out, stderr)
	}
}

// TestReportXRefusesALanguageItDoesNotSpeak: `guichet report x --lang de`
// printed the X report in French, saying nothing of the "de" it ignored;
// report tickets refuses it. Both now say which languages there are.
func TestReportXRefusesALanguageItDoesNotSpeak(t *testing.T) {
	db, _ := sellOne(t)
	for _, args := range [][]string{
		{"report", "x", "--db", db, "--lang", "de"},
		{"report", "tickets", "--db", db, "--day", "2026-11-23", "--lang", "de"},
	} {
		out, stderr, code := runGuichet(t, "", "", args...)
		// a mistake on the command line (2), said in the demo's French
		if code != 2 || !strings.Contains(stderr, `la langue doit être fr ou en, pas « de »`) {
			t.Errorf("guichet %s: exit %d\n%s%s", strings.Join(args, " "), code, out, stderr)
		}
	}
	if out, stderr, code := runGuichet(t, "", "", "report", "x", "--db", db, "--lang", "en"); code != 0 || !strings.Contains(out, "X report") {
		t.Errorf("report x --lang en: exit %d\n%s%s", code, out, stderr)
	}
}

// TestTheStatementSaysWhatANewJournalGoesOnFrom: a register running alone
// whose file is lost must type the lost journal's last order and closure
// figures to start a new one (--new-journal … --after-total …), and had
// them on no paper. The statement of a closed day ends with them, as the
// journal stands when it is printed.
func TestTheStatementSaysWhatANewJournalGoesOnFrom(t *testing.T) {
	db, _ := sellOne(t)
	r := openDemoAt(t, db, "K01", time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := till.AddItem(pos.LineProduct, "programme", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := till.Checkout([]pos.Tender{{Method: "cash"}}); err != nil { // closes the 23rd
		t.Fatal(err)
	}
	st, err := r.Standing()
	if err != nil || !st.Closed {
		t.Fatalf("standing %+v (%v)", st, err)
	}
	r.Close()
	out, stderr, code := runGuichet(t, "", "", "report", "tickets", "--db", db, "--day", "2026-11-23", "--lang", "en")
	want := `If this file is lost, a new journal goes on with: guichet --new-journal 2 --after-total "CHF 50.00" --after-closures 1,0,0`
	if code != 0 || !strings.Contains(out, "Journal: last daily closure no. 1 (2026-11-23), perpetual total CHF 50.00") || !strings.Contains(out, want) ||
		!strings.Contains(out, `and, still in 2026: --after-year-total "CHF 50.00"`) {
		t.Fatalf("report tickets of a closed day: exit %d\n%s%s\nwant %q", code, out, stderr, want)
	}
	// on paper too, where it is kept
	paper := filepath.Join(t.TempDir(), "statement.bin")
	if _, stderr, code := runGuichet(t, "", "", "report", "tickets", "--db", db, "--day", "2026-11-23", "--lang", "en", "--print", "file:"+paper); code != 0 {
		t.Fatalf("report tickets --print: exit %d\n%s", code, stderr)
	}
	printed, err := os.ReadFile(paper)
	if err != nil || !bytes.Contains(printed, []byte("--new-journal 2")) || !bytes.Contains(printed, []byte("--after-closures 1,0,0")) {
		t.Fatalf("the printed statement does not say what a new journal goes on from (%v):\n%q", err, printed)
	}
}

// TestTheStatementOfADayNotClosedSaysWhichDayTheLastClosureWas: sold
// before and after midnight, today's statement said "(pas encore
// clôturé)" at its head and "clôture journalière n° 1" at its foot, as if
// today were both open and closed: the foot is the journal's last
// closure, yesterday's, and now says which day it closed.
func TestTheStatementOfADayNotClosedSaysWhichDayTheLastClosureWas(t *testing.T) {
	db, _ := sellOne(t)
	r := openDemoAt(t, db, "K01", time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := till.AddItem(pos.LineProduct, "programme", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := till.Checkout([]pos.Tender{{Method: "cash"}}); err != nil { // closes the 23rd
		t.Fatal(err)
	}
	r.Close()
	for _, tc := range []struct{ lang, open, foot string }{
		{"fr", "(pas encore clôturé)", "Journal : dernière clôture journalière n° 1 (2026-11-23), total perpétuel CHF 50.00"},
		{"en", "(not closed yet)", "Journal: last daily closure no. 1 (2026-11-23), perpetual total CHF 50.00"},
	} {
		out, stderr, code := runGuichet(t, "", "", "report", "tickets", "--db", db, "--day", "2026-11-24", "--lang", tc.lang)
		if code != 0 || !strings.Contains(out, tc.open) || !strings.Contains(out, tc.foot) {
			t.Errorf("report tickets --lang %s of a day not closed: exit %d\n%s%s\nwant %q and %q", tc.lang, code, out, stderr, tc.open, tc.foot)
		}
	}
}
