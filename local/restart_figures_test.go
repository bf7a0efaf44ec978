package local

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/pos"
)

// TestANewJournalGoesOnFromTheLostJournalsClosures: a register whose
// journal is lost after three daily closures and a monthly one starts a
// new journal (NewJournalAfter) from the figures of its last closures:
// journal.restarted records them, the new journal's first daily closure is
// number 4 and adds its day to the lost perpetual grand total and year's
// grand total, its first monthly closure is number 2, its first yearly
// closure number 1 carries the year's grand total of both journals, and
// the next year's starts from zero. journal verify accepts it, and finds
// the figures of journal.restarted changed afterwards. Without figures,
// the new journal is refused, saying what to type. Before, the new
// journal's closures started again from number 1 and a perpetual grand
// total of zero.
func TestANewJournalGoesOnFromTheLostJournalsClosures(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, clk := openAt(t, path, time.Date(2026, 11, 29, 10, 0, 0, 0, zurich), time.Date(2026, 11, 28, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "adult", 2)
	clk.Add(24 * time.Hour) // 30 November
	sellHamlet(t, till, "child", 1)
	clk.Add(24 * time.Hour) // 1 December: closes 30 November and the month
	c := sellHamlet(t, till, "adult", 1)
	clk.Add(24 * time.Hour) // 2 December: closes the 1st
	must(t, till.CashMove(chf(1000), "change"))
	last := closureOf(t, r, ClosureDay, "2026-12-01")
	if month := closureOf(t, r, ClosureMonth, "2026-11"); last.Number != 3 || month.Number != 1 {
		t.Fatalf("the lost journal's last closures: daily %d, monthly %d; want 3 and 1", last.Number, month.Number)
	}
	if c.Number != "K01-000003" {
		t.Fatalf("the lost journal's last order is %s", c.Number)
	}
	must(t, r.Close())
	must(t, os.Remove(path))
	must(t, os.Remove(flatPath(path)))

	cat, err := fixtures.DemoCatalog(time.Date(2026, 12, 1, 9, 0, 0, 0, zurich))
	must(t, err)
	clk2 := fakeclock.New(time.Date(2026, 12, 2, 11, 0, 0, 0, zurich))
	open := func(from func(ed25519.PublicKey) (JournalFigures, error)) (*Register, error) {
		return Open(Options{Path: path, Register: "K01", Catalog: cat, Now: clk2.Now, NewJournalAfter: 3, NewJournalFrom: from})
	}

	// Without figures: refused, saying what to type and where to read it.
	_, err = open(nil)
	if !errors.Is(err, ErrNoJournalFigures) {
		t.Fatalf("a new journal without the lost one's figures: %v, want ErrNoJournalFigures", err)
	}
	for _, say := range []string{"--central", "--after-total", "--after-closures", "--after-year-total", "perpetual_grand_total", "guichet journal export"} {
		if !strings.Contains(err.Error(), say) {
			t.Errorf("the refusal does not say %q: %v", say, err)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the refusal left a file: %v", err)
	}
	// In another currency than the catalog's: refused.
	eur, err := TypedFigures("EUR 10.00", "3,1,0", "", cat.Currency())
	must(t, err)
	if _, err := open(GivenFigures(eur)); err == nil || !strings.Contains(err.Error(), "not in CHF") ||
		!strings.HasPrefix(pos.Say(err, pos.French), "le grand total perpétuel du journal perdu, EUR 10.00, n'est pas en CHF, la monnaie du catalogue : tapez-le") {
		t.Fatalf("figures in EUR for a register in CHF: %v (in French: %s), want refused, in French too", err, pos.Say(err, pos.French))
	}

	// Typed from the last closures.
	fig, err := TypedFigures(last.PerpetualTotal.String(), "3,1,0", last.YearTotal.String(), cat.Currency())
	must(t, err)
	r2, err := open(GivenFigures(fig))
	must(t, err)
	t.Cleanup(func() { r2.Close() })
	es := ofEntryType(journalEntries(t, r2), TypeJournalRestarted)
	if len(es) != 1 {
		t.Fatalf("journal.restarted entries: %d", len(es))
	}
	var p journalRestarted
	must(t, json.Unmarshal(es[0].Payload, &p))
	if p.AfterPerpetual == nil || *p.AfterPerpetual != last.PerpetualTotal || p.AfterYearTotal == nil || *p.AfterYearTotal != last.YearTotal ||
		p.AfterClosures[ClosureDay] != 3 || p.AfterClosures[ClosureMonth] != 1 || p.AfterClosures[ClosureYear] != 0 || p.AfterOrder != 3 {
		t.Fatalf("journal.restarted: %s", es[0].Payload)
	}

	till2 := openTill(t, r2, "claire", "1234")
	d := sellHamlet(t, till2, "adult", 1)
	if d.Number != "K01-000004" {
		t.Fatalf("the new journal's first order is %s, want K01-000004", d.Number)
	}
	clk2.Add(24 * time.Hour) // 3 December: closes the 2nd
	must(t, till2.CashMove(chf(1000), "change"))
	day := closureOf(t, r2, ClosureDay, "2026-12-02")
	if day.Number != 4 || day.Totals.Net != d.Total || day.PerpetualTotal != last.PerpetualTotal.Plus(d.Total) || day.YearTotal != last.YearTotal.Plus(d.Total) {
		t.Fatalf("the new journal's first daily closure: number %d, net %s, perpetual %s, year %s; want 4, %s, %s, %s",
			day.Number, day.Totals.Net, day.PerpetualTotal, day.YearTotal, d.Total, last.PerpetualTotal.Plus(d.Total), last.YearTotal.Plus(d.Total))
	}
	clk2.Add(30 * 24 * time.Hour) // 2 January 2027: closes December and 2026
	must(t, till2.CashMove(chf(1000), "change"))
	perpetual := last.PerpetualTotal.Plus(d.Total)
	month := closureOf(t, r2, ClosureMonth, "2026-12")
	year := closureOf(t, r2, ClosureYear, "2026")
	if month.Number != 2 || month.PerpetualTotal != perpetual || month.YearTotal != last.YearTotal.Plus(d.Total) {
		t.Errorf("December: number %d, perpetual %s, year %s", month.Number, month.PerpetualTotal, month.YearTotal)
	}
	if year.Number != 1 || year.Totals.Net != d.Total || year.PerpetualTotal != perpetual || year.YearTotal != last.YearTotal.Plus(d.Total) {
		t.Errorf("2026: number %d, net %s, perpetual %s, year %s; want 1, %s (this journal's days), %s, %s",
			year.Number, year.Totals.Net, year.PerpetualTotal, year.YearTotal, d.Total, perpetual, last.YearTotal.Plus(d.Total))
	}
	if jan := closureOf(t, r2, ClosureDay, "2027-01-01"); !jan.YearTotal.IsZero() || jan.PerpetualTotal != perpetual {
		t.Errorf("1 January 2027: year %s, perpetual %s; want zero and %s", jan.YearTotal, jan.PerpetualTotal, perpetual)
	}
	must(t, r2.Close())
	verifiesWithTheViewsItGives(t, path)
	if res, _ := Verify(path); !strings.Contains(res.Restarted, "go on from the lost journal's (perpetual grand total "+last.PerpetualTotal.String()+", last closures day 3, month 1, year's grand total") {
		t.Errorf("verify says of the restart: %q", res.Restarted)
	}
	archive := filepath.Join(t.TempDir(), "K01-2026.tar")
	if _, err := ArchiveYear(path, "2026", archive, time.Date(2027, 1, 2, 12, 0, 0, 0, zurich)); err != nil {
		t.Fatalf("archive 2026: %v", err)
	}
	if _, err := VerifyArchive(archive, nil); err != nil {
		t.Fatalf("verify the archive of 2026: %v", err)
	}

	// The lost figures changed afterwards (the chain and head rewritten
	// after it): the first closure no longer closes the entries before it.
	forged := filepath.Join(t.TempDir(), "forged.db")
	copyFile(t, path, forged)
	rewriteEntry(t, forged, TypeJournalRestarted, func(p *journalRestarted) {
		more := p.AfterPerpetual.Plus(chf(100000))
		p.AfterPerpetual = &more
	})
	var ce *ClosureError
	if _, err := Verify(forged); !errors.As(err, &ce) || !strings.Contains(ce.Closure, "daily closure 4 (2026-12-02)") {
		t.Fatalf("verify after the lost journal's figures were changed: %v, want daily closure 4 refused", err)
	}
}

// TestAJournalRestartedBeforeFiguresWereCarried: a journal restarted by
// the version before journal.restarted carried the lost journal's figures
// (testdata/closures/by-4799d2c-restarted) still verifies, and its
// closures go on from its own, started from zero then.
func TestAJournalRestartedBeforeFiguresWereCarried(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	path := journalLeftBy(t, "4799d2c-restarted")
	if res, err := Verify(path); err != nil || !strings.Contains(res.Restarted, "its closures started again from zero") {
		t.Fatalf("verify the journal as 4799d2c left it: %v (%q)", err, res.Restarted)
	}
	r, clk := openAt(t, path, time.Date(2026, 12, 31, 10, 0, 0, 0, zurich), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	first := closureOf(t, r, ClosureDay, "2026-12-30")
	if first.Number != 1 || first.PerpetualTotal != first.Totals.Net || first.Totals.Net.IsZero() {
		t.Fatalf("the file's closure: number %d, net %s, perpetual %s", first.Number, first.Totals.Net, first.PerpetualTotal)
	}
	till := openTill(t, r, "claire", "1234")
	o := sellHamlet(t, till, "adult", 1) // the 31st, after the file's child ticket
	clk.Add(24 * time.Hour)
	sellHamlet(t, till, "child", 1)
	day := closureOf(t, r, ClosureDay, "2026-12-31")
	want := first.PerpetualTotal.Plus(day.Totals.Net)
	if day.Number != 2 || day.Totals.Orders != 2 || day.Totals.Net.Amount <= o.Total.Amount || day.PerpetualTotal != want || day.YearTotal != want {
		t.Errorf("the 31st: number %d, orders %d, net %s, perpetual %s, year %s; want 2, 2, more than %s, %s, %s", day.Number, day.Totals.Orders, day.Totals.Net, day.PerpetualTotal, day.YearTotal, o.Total, want, want)
	}
	must(t, r.Close())
	verifiesWithTheViewsItGives(t, path)
}

// TestTypedFiguresAreReadAsTheClosureWritesThem: what the operator types
// (--after-total, --after-closures, --after-year-total) and what is
// refused.
func TestTypedFiguresAreReadAsTheClosureWritesThem(t *testing.T) {
	for _, tc := range []struct {
		total, closures, year string
		want                  string // JournalFigures.String(), or the error
		fr                    string // the error in French (it was English)
	}{
		{"CHF 12345.60", "412,13,1", "CHF 2345.60", "perpetual grand total CHF 12345.60, last closures day 412, month 13, year 1, year's grand total CHF 2345.60", ""},
		{"12345.6", "412", "", "perpetual grand total CHF 12345.60, last closures day 412", ""},
		{"CHF:0", "0,0,0", "", "perpetual grand total CHF 0.00, last closures ", ""},
		{"", "412,13,1", "", "must go on from the lost journal's last closure", "un nouveau journal doit reprendre la dernière clôture du journal perdu"},
		{"CHF 12", "", "", "must go on from the lost journal's last closure", "--after-closures JOUR,MOIS,ANNÉE"},
		{"CHF 12", "412,x", "", `"x" is not a number`, "numéros de clôture « 412,x » : « x » n'est pas un nombre ; tapez"},
		{"CHF 12", "1,2,3,4", "", "e.g. 412,13,1", "numéros de clôture « 1,2,3,4 » : tapez les numéros des dernières clôtures journalière, mensuelle et annuelle, par exemple 412,13,1"},
		{"CHF 12", "-1", "", "is not a number", "« -1 » n'est pas un nombre"},
		{"CHF 12.345", "1", "", "amount", ""},
	} {
		fig, err := TypedFigures(tc.total, tc.closures, tc.year, "CHF")
		got := fig.String()
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%q %q %q: %s; want %q", tc.total, tc.closures, tc.year, got, tc.want)
		}
		if fr := pos.Say(err, pos.French); tc.fr != "" && !strings.Contains(fr, tc.fr) {
			t.Errorf("%q %q %q in French: %s; want %q", tc.total, tc.closures, tc.year, fr, tc.fr)
		}
	}
}

// rewriteEntry changes the first entry of type typ in the file and
// rewrites the chain after it and the head, as one who holds the file
// could.
func rewriteEntry[P any](t *testing.T, path, typ string, change func(p *P)) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	defer db.Close()
	must(t, db.Update(func(tx *bolt.Tx) error {
		jb := tx.Bucket(bucketJournal)
		var entries []Entry
		if err := jb.ForEach(func(k, v []byte) error {
			e, _, err := decodeEntry(v)
			entries = append(entries, e)
			return err
		}); err != nil {
			return err
		}
		var prev Digest
		var last Entry
		changed := false
		for _, e := range entries {
			if e.Type == typ && !changed {
				var p P
				must(t, json.Unmarshal(e.Payload, &p))
				change(&p)
				e.Payload, _ = json.Marshal(p)
				changed = true
			}
			if changed {
				e.Prev = prev
				e.Hash = sha256.Sum256(e.encode())
				if err := jb.Put(seqKey(e.Seq), append(e.encode(), e.Hash[:]...)); err != nil {
					return err
				}
			}
			prev, last = e.Hash, e
		}
		if !changed {
			t.Fatalf("no %s entry", typ)
		}
		return putHead(tx, last)
	}))
}
