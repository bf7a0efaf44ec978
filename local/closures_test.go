package local

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// openAt opens a register whose clock starts at start and whose catalog
// was made for catalogDay (performances are relative to it).
func openAt(t *testing.T, path string, start, catalogDay time.Time) (*Register, *fakeclock.Clock) {
	t.Helper()
	cat, err := fixtures.DemoCatalog(catalogDay)
	must(t, err)
	clk := fakeclock.New(start)
	r, err := Open(Options{Path: path, Register: "K01", Catalog: cat, Now: clk.Now})
	must(t, err)
	t.Cleanup(func() { r.Close() })
	return r, clk
}

func sellHamlet(t *testing.T, till *Till, category string, n int) pos.Order {
	t.Helper()
	must(t, till.AddTickets("hamlet-01", "galerie", category, n))
	o, err := till.Checkout(cash())
	must(t, err)
	return o
}

func closureList(t *testing.T, r *Register) []string {
	t.Helper()
	cs, err := r.Closures("")
	must(t, err)
	var out []string
	for _, c := range cs {
		s := c.Kind + " " + c.Period
		if c.AtZ {
			s += " Z"
		}
		out = append(out, s)
	}
	return out
}

func closureOf(t *testing.T, r *Register, kind, period string) Closure {
	t.Helper()
	cs, err := r.Closures(kind)
	must(t, err)
	var found *Closure
	for i := range cs {
		if cs[i].Period == period {
			found = &cs[i]
		}
	}
	if found == nil {
		t.Fatalf("no %s closure for %s", kind, period)
	}
	return *found
}

// TestClosuresAcrossMonthAndYearEnd runs a register with a fake clock from
// 30 December to 1 February: the closures appear by themselves, in order,
// their grand totals are the sums of the sales less the cancellation, and
// journal verify agrees with them.
func TestClosuresAcrossMonthAndYearEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	zurich, _ := time.LoadLocation("Europe/Zurich")
	start := time.Date(2026, 12, 30, 10, 0, 0, 0, zurich)
	r, clk := openAt(t, path, start, time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")

	a := sellHamlet(t, till, "adult", 2)
	b := sellHamlet(t, till, "child", 1)
	if got := closureList(t, r); len(got) != 0 {
		t.Fatalf("closures before midnight: %v", got)
	}

	clk.Add(24 * time.Hour) // 31 December, 10:00
	c := sellHamlet(t, till, "adult", 1)
	if got := closureList(t, r); strings.Join(got, ",") != "day 2026-12-30" {
		t.Fatalf("after midnight: closures %v, want the 30th's", got)
	}
	must(t, till.Cancel(b.Number, "wrong date"))
	if _, err := till.CloseShift(chf(20000).Plus(a.Total).Plus(c.Total)); err != nil {
		t.Fatal(err)
	}
	if got := closureList(t, r); strings.Join(got, ",") != "day 2026-12-30,day 2026-12-31 Z" {
		t.Fatalf("after the Z: closures %v", got)
	}

	clk.Add(10 * time.Hour) // 31 December, 20:00: a sale after the Z
	till = openTill(t, r, "claire", "1234")
	d := sellHamlet(t, till, "child", 2)

	clk.Add(14 * time.Hour) // 1 January 2027, 10:00
	e := sellHamlet(t, till, "adult", 1)
	want := "day 2026-12-30,day 2026-12-31 Z,day 2026-12-31,month 2026-12,year 2026"
	if got := closureList(t, r); strings.Join(got, ",") != want {
		t.Fatalf("after the year's end: closures\n%v\nwant\n%v", got, want)
	}

	clk.Add(31 * 24 * time.Hour) // 1 February: no sale, a cash movement
	must(t, till.CashMove(chf(1000), "change"))
	got := closureList(t, r)
	if n := len(got); n != 5+31+1 {
		t.Fatalf("after January: %d closures, want %d (31 days and the month): %v", n, 5+31+1, got)
	}
	if got[len(got)-1] != "month 2027-01" || got[len(got)-2] != "day 2027-01-31" {
		t.Fatalf("January ends with %v", got[len(got)-2:])
	}

	year2026 := a.Total.Plus(c.Total).Plus(d.Total) // b was canceled
	y := closureOf(t, r, ClosureYear, "2026")
	if y.Totals.Net != year2026 || y.YearTotal != year2026 || y.PerpetualTotal != year2026 {
		t.Errorf("year 2026: net %s, year total %s, perpetual %s; want %s", y.Totals.Net, y.YearTotal, y.PerpetualTotal, year2026)
	}
	if y.Totals.Sales != year2026.Plus(b.Total) || y.Totals.Reversals != b.Total.Neg() {
		t.Errorf("year 2026: sales %s, reversals %s; want %s and -%s", y.Totals.Sales, y.Totals.Reversals, year2026.Plus(b.Total), b.Total)
	}
	if len(y.Totals.ByMethod) != 1 || y.Totals.ByMethod[0].Amount != year2026 {
		t.Errorf("year 2026 by method: %+v, want cash %s", y.Totals.ByMethod, year2026)
	}
	z := closureOf(t, r, ClosureDay, "2026-12-31")
	if z.AtZ || z.Totals.Net != d.Total || z.YearTotal != year2026 {
		t.Errorf("the 31st after its Z: %+v, want net %s, year %s", z, d.Total, year2026)
	}
	m := closureOf(t, r, ClosureMonth, "2027-01")
	if m.Totals.Net != e.Total || m.YearTotal != e.Total || m.PerpetualTotal != year2026.Plus(e.Total) {
		t.Errorf("January: net %s, year %s, perpetual %s; want %s, %s, %s", m.Totals.Net, m.YearTotal, m.PerpetualTotal, e.Total, e.Total, year2026.Plus(e.Total))
	}
	quiet := closureOf(t, r, ClosureDay, "2027-01-15")
	if !quiet.Totals.Net.IsZero() || quiet.Totals.Orders != 0 || quiet.PerpetualTotal != year2026.Plus(e.Total) {
		t.Errorf("a day without sales: %+v", quiet)
	}
	for _, c := range []Closure{y, z, m, quiet} {
		if !c.SignedBy(r.PublicKey()) {
			t.Errorf("%s is not signed with the register's key", c.Name())
		}
	}

	// The 31st's statement joins its two closures (before and after the Z).
	rows, closed, err := r.TicketStatement("2026-12-31")
	must(t, err)
	if !closed || len(rows) != 2 || rows[0].Category != "adult" || rows[0].Issued != 1 || rows[0].Count != 1 ||
		rows[1].Category != "child" || rows[1].Issued != 2 || rows[1].Canceled != 1 || rows[1].Count != 1 ||
		rows[1].First != d.Tickets[0].Number || rows[1].Takings != d.Total.Minus(b.Total) {
		t.Errorf("the 31st's statement: closed %v, %+v", closed, rows)
	}

	r.Close()
	if _, err := Verify(path); err != nil {
		t.Fatalf("verify: %v", err)
	}
}

// TestChangedClosureFailsVerify: a closure's total changed in the file,
// signed again with the register's key and the chain and head rewritten
// after it (all an intruder with the machine can do), still fails journal
// verify, which names the closure.
func TestChangedClosureFailsVerify(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	zurich, _ := time.LoadLocation("Europe/Zurich")
	start := time.Date(2026, 12, 30, 10, 0, 0, 0, zurich)
	r, clk := openAt(t, path, start, time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "adult", 2)
	clk.Add(24 * time.Hour)
	sellHamlet(t, till, "child", 1)
	clk.Add(24 * time.Hour)
	sellHamlet(t, till, "adult", 1)
	key := r.key
	r.Close()
	if _, err := Verify(path); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(c *Closure)
		want   string
	}{
		{"net", func(c *Closure) { c.Totals.Net = c.Totals.Net.Plus(chf(100)) }, "net total says"},
		{"perpetual", func(c *Closure) { c.PerpetualTotal = c.PerpetualTotal.Minus(chf(100)) }, "perpetual grand total says"},
		{"category", func(c *Closure) { c.Totals.ByCategory[0].Count++ }, "by method, VAT rate or category"},
		{"tickets", func(c *Closure) { c.Tickets[0].Count-- }, "ticket statement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			copyPath := filepath.Join(t.TempDir(), "copy.db")
			copyFile(t, path, copyPath)
			seq := rewriteClosure(t, copyPath, "2026-12-31", func(c *Closure) {
				tc.change(c)
				c.sign(key)
			})
			_, err := Verify(copyPath)
			var ce *ClosureError
			if !errors.As(err, &ce) || ce.Seq != seq || !strings.Contains(err.Error(), "daily closure 2 (2026-12-31)") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("verify after changing the closure: %v; want a ClosureError naming daily closure 2 (2026-12-31) at entry %d: %q", err, seq, tc.want)
			}
		})
	}
	t.Run("unsigned", func(t *testing.T) {
		copyPath := filepath.Join(t.TempDir(), "copy.db")
		copyFile(t, path, copyPath)
		rewriteClosure(t, copyPath, "2026-12-31", func(c *Closure) { c.AtZ = true }) // not signed again
		if _, err := Verify(copyPath); err == nil || !strings.Contains(err.Error(), "signature does not verify") {
			t.Fatalf("verify: %v, want the signature refused", err)
		}
	})
}

// rewriteClosure changes the daily closure of a day in the file and
// rewrites the chain after it and the head, as one who holds the file
// could; it returns the closure's entry number.
func rewriteClosure(t *testing.T, path, day string, change func(c *Closure)) uint64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	defer db.Close()
	var at uint64
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
		for _, e := range entries {
			if e.Type == TypeClosureMade && at == 0 {
				var c Closure
				must(t, json.Unmarshal(e.Payload, &c))
				if c.Kind == ClosureDay && c.Period == day {
					change(&c)
					e.Payload, _ = json.Marshal(c)
					at = e.Seq
				}
			}
			if at != 0 {
				e.Prev = prev
				e.Hash = sha256.Sum256(e.encode())
				if err := jb.Put(seqKey(e.Seq), append(e.encode(), e.Hash[:]...)); err != nil {
					return err
				}
			}
			prev, last = e.Hash, e
		}
		return putHead(tx, last)
	}))
	if at == 0 {
		t.Fatalf("no daily closure for %s", day)
	}
	return at
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	must(t, err)
	must(t, os.WriteFile(to, data, 0o600))
}

// TestFiscalReversalOfAnOrderTakenBackInParts: an order whose tickets were
// taken back at different times (some canceled, one exchanged) and then
// canceled for the rest is reversed once in the fiscal totals, whichever
// way the rest is canceled: the day's net, its categories and its VAT come
// to nothing, its reversals to the order's total.
func TestFiscalReversalOfAnOrderTakenBackInParts(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	for _, tc := range []struct {
		name  string
		first func(t *testing.T, till *Till, o pos.Order) // takes one ticket back
		rest  CancelOptions                               // then cancels the others
	}{
		{"one canceled, then the order", cancelFirst, CancelOptions{}},
		{"one canceled, then the two others named", cancelFirst, CancelOptions{Tickets: []string{"-02", "-03"}}},
		{"one exchanged, then the two others named", exchangeFirst, CancelOptions{Tickets: []string{"-02", "-03"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "guichet.db")
			start := time.Date(2026, 12, 30, 10, 0, 0, 0, zurich)
			r, _ := openAt(t, path, start, time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
			till := openTill(t, r, "claire", "1234")
			o := sellHamlet(t, till, "adult", 3)
			tc.first(t, till, o)
			for i, n := range tc.rest.Tickets {
				tc.rest.Tickets[i] = o.Number + n
			}
			must(t, till.CancelPart(o.Number, "none can come", tc.rest))
			_, err := till.CloseShift(chf(20000))
			must(t, err)
			day := closureOf(t, r, ClosureDay, "2026-12-30")
			if !day.Totals.Net.IsZero() || day.Totals.Reversals != o.Total.Neg() || !day.PerpetualTotal.IsZero() {
				t.Errorf("day closure: net %s, reversals %s, perpetual %s; want nothing, -%s, nothing",
					day.Totals.Net, day.Totals.Reversals, day.PerpetualTotal, o.Total)
			}
			for _, c := range day.Totals.ByCategory {
				if c.Count != 0 || !c.Amount.IsZero() {
					t.Errorf("day closure: category %s: %d for %s, want none", c.Category, c.Count, c.Amount)
				}
			}
			for _, v := range day.Totals.ByVAT {
				if !v.Gross.IsZero() || !v.VAT.IsZero() {
					t.Errorf("day closure: VAT %d: gross %s, VAT %s, want none", v.Rate, v.Gross, v.VAT)
				}
			}
			r.Close()
			if _, err := Verify(path); err != nil {
				t.Fatalf("verify: %v", err)
			}
		})
	}
}

func cancelFirst(t *testing.T, till *Till, o pos.Order) {
	t.Helper()
	must(t, till.CancelPart(o.Number, "one cannot come", CancelOptions{Tickets: []string{o.Tickets[0].Number}}))
}

func exchangeFirst(t *testing.T, till *Till, o pos.Order) {
	t.Helper()
	_, err := till.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	_, err = till.Checkout(nil) // the credit becomes a credit voucher
	must(t, err)
}

// An exchange keeps its fee: the day's figures say what the box office
// kept (the fee, under "fee:exchange", with the ticket's VAT), not nothing.
// The returned ticket was reversed at its whole price, and the fee was in
// no figure.
func TestFiscalTotalsKeepAnExchangesFee(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	path := filepath.Join(t.TempDir(), "guichet.db")
	start := time.Date(2026, 12, 30, 10, 0, 0, 0, zurich)
	r, _ := openAt(t, path, start, time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("carmen-03", "galerie", "adult", 1)) // Carmen keeps CHF 2.00 an exchanged ticket
	o, err := till.Checkout(cash())
	must(t, err)
	credit, err := till.Exchange(o.Number, []string{o.Tickets[0].Number})
	must(t, err)
	fee := o.Tickets[0].Price.Minus(credit)
	if fee != chf(200) {
		t.Fatalf("the exchange kept %s of %s, want CHF 2.00", fee, o.Tickets[0].Price)
	}
	_, err = till.Checkout(nil) // the credit becomes a credit voucher
	must(t, err)
	_, err = till.CloseShift(chf(20000).Plus(o.Total.CashRounded()))
	must(t, err)
	day := closureOf(t, r, ClosureDay, "2026-12-30")
	if day.Totals.Net != fee || day.PerpetualTotal != fee || day.Totals.Reversals != credit.Neg() {
		t.Errorf("day closure: net %s, perpetual %s, reversals %s; want %s, %s, -%s", day.Totals.Net, day.PerpetualTotal, day.Totals.Reversals, fee, fee, credit)
	}
	byCat := map[string]pos.Money{}
	catSum := pos.Zero("CHF")
	for _, c := range day.Totals.ByCategory {
		byCat[c.Category] = c.Amount
		catSum = catSum.Plus(c.Amount)
	}
	if byCat["fee:exchange"] != fee || catSum != fee {
		t.Errorf("day closure by category: %+v; want the fee %s under fee:exchange, and nothing else", day.Totals.ByCategory, fee)
	}
	vatSum := pos.Zero("CHF")
	for _, v := range day.Totals.ByVAT {
		vatSum = vatSum.Plus(v.Gross)
	}
	if vatSum != fee {
		t.Errorf("day closure by VAT: %+v; want the fee's %s at the ticket's rate", day.Totals.ByVAT, fee)
	}
	r.Close()
	if _, err := Verify(path); err != nil {
		t.Fatalf("verify: %v", err)
	}
}

// journalLeftBy writes the register file an older version of the program
// left (testdata/closures/by-COMMIT.db.gz and its key) into a directory of
// its own and returns its path.
func journalLeftBy(t *testing.T, commit string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "guichet.db")
	f, err := os.Open(filepath.Join("testdata", "closures", "by-"+commit+".db.gz"))
	must(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	must(t, err)
	data, err := io.ReadAll(zr)
	must(t, err)
	must(t, os.WriteFile(path, data, 0o600))
	key, err := os.ReadFile(filepath.Join("testdata", "closures", "by-"+commit+".db.key"))
	must(t, err)
	must(t, os.WriteFile(path+".key", key, 0o600))
	return path
}

// TestClosuresOfOlderVersionsStillVerify: a journal whose daily closure an
// older version signed (testdata/closures: each added the day up its own
// way, and named no fold) still verifies after an upgrade, and goes on:
// the next day is closed by this version, the month adds up both days as
// their closures say. A figure changed in the old closure is still found.
// Before closures named their fold, verify added every closure up the
// newest way: the files of 1a42359 and 35dba64 failed ("its net total
// says CHF 100.00, its entries add up to CHF 127.00").
func TestClosuresOfOlderVersionsStillVerify(t *testing.T) {
	t.Parallel() // its own copies of the old journals: beside the other parallel tests (helpers_test.go)
	zurich, _ := time.LoadLocation("Europe/Zurich")
	for _, tc := range []struct {
		commit string
		net    pos.Money // the day's net as that version closed it
	}{
		{"1a42359", chf(10000)},
		{"35dba64", chf(12500)},
		{"7588fca", chf(12700)},
	} {
		t.Run(tc.commit, func(t *testing.T) {
			path := journalLeftBy(t, tc.commit)
			if _, err := Verify(path); err != nil {
				t.Fatalf("verify the journal as %s left it: %v", tc.commit, err)
			}
			r, clk := openAt(t, path, time.Date(2026, 12, 31, 10, 0, 0, 0, zurich), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
			if old := closureOf(t, r, ClosureDay, "2026-12-30"); old.Fold != 0 || old.Totals.Net != tc.net {
				t.Fatalf("the file's closure: fold %d, net %s; want none and %s", old.Fold, old.Totals.Net, tc.net)
			}
			till := openTill(t, r, "claire", "1234")
			o := sellHamlet(t, till, "adult", 1)
			clk.Add(24 * time.Hour)
			sellHamlet(t, till, "child", 1)
			day := closureOf(t, r, ClosureDay, "2026-12-31")
			month := closureOf(t, r, ClosureMonth, "2026-12")
			if day.Fold != closureFold || day.Totals.Net != o.Total || day.PerpetualTotal != tc.net.Plus(o.Total) {
				t.Errorf("the 31st: fold %d, net %s, perpetual %s; want %d, %s, %s", day.Fold, day.Totals.Net, day.PerpetualTotal, closureFold, o.Total, tc.net.Plus(o.Total))
			}
			if month.Totals.Net != tc.net.Plus(o.Total) || month.YearTotal != tc.net.Plus(o.Total) {
				t.Errorf("December: net %s, year %s; want both %s", month.Totals.Net, month.YearTotal, tc.net.Plus(o.Total))
			}
			r.Close()
			if _, err := Verify(path); err != nil {
				t.Fatalf("verify after a day of this version: %v", err)
			}
			archive := filepath.Join(t.TempDir(), "K01-2026.tar")
			if _, err := ArchiveYear(path, "2026", archive, time.Date(2027, 1, 2, 10, 0, 0, 0, zurich)); err != nil {
				t.Fatalf("archive 2026: %v", err)
			}
			if _, err := VerifyArchive(archive, nil); err != nil {
				t.Fatalf("verify the archive of 2026: %v", err)
			}

			newer := journalLeftBy(t, tc.commit)
			copyFile(t, path, newer)
			key, err := loadKey(newer, false)
			must(t, err)
			rewriteClosure(t, newer, "2026-12-31", func(c *Closure) {
				c.Fold = closureFold + 1
				c.sign(key)
			})
			if _, err := Verify(newer); err == nil || !strings.Contains(err.Error(), "added up by a newer version") {
				t.Fatalf("verify a closure of a fold this version does not know: %v, want it named", err)
			}

			changed := journalLeftBy(t, tc.commit)
			key, err = loadKey(changed, false)
			must(t, err)
			rewriteClosure(t, changed, "2026-12-30", func(c *Closure) {
				c.Totals.Net = c.Totals.Net.Plus(chf(100))
				c.sign(key)
			})
			if _, err := Verify(changed); err == nil || !strings.Contains(err.Error(), "net total says") {
				t.Fatalf("verify after the old closure's net was changed: %v, want it refused", err)
			}
		})
	}
}

// TestAGiftVoucherCountsOnceInTheFiscalTotals: a CHF 50 gift voucher sold
// and then spent on two CHF 25 tickets is CHF 50 of takings, the tickets'
// (with their VAT), not CHF 100: the voucher sold is money taken for later
// (Vouchers), in no net, sales or category figure; the VAT breakdown adds
// up to the net. A voucher sold and taken back the same day leaves
// nothing. Before, the day's net said CHF 100.00 and by category
// gift_voucher:bon-50 CHF 50.00 beside the tickets, while its VAT said
// CHF 50.00 of gross.
func TestAGiftVoucherCountsOnceInTheFiscalTotals(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openAt(t, path, time.Date(2026, 12, 30, 10, 0, 0, 0, zurich), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddItem(pos.LineVoucher, "bon-50", 1))
	v, err := till.Checkout(cash())
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	o, err := till.Checkout([]pos.Tender{{Method: "gift", Voucher: v.Tickets[0].Number}})
	must(t, err)
	if o.Total != chf(5000) || v.Total != chf(5000) {
		t.Fatalf("the voucher %s, the tickets %s; want CHF 50.00 each", v.Total, o.Total)
	}
	must(t, till.AddItem(pos.LineVoucher, "bon-50", 1)) // sold and taken back
	w, err := till.Checkout(cash())
	must(t, err)
	must(t, till.Cancel(w.Number, "a mistake"))
	_, err = till.CloseShift(chf(20000).Plus(chf(5000)))
	must(t, err)

	day := closureOf(t, r, ClosureDay, "2026-12-30")
	if day.Totals.Net != o.Total || day.Totals.Sales != o.Total || !day.Totals.Reversals.IsZero() || day.PerpetualTotal != o.Total {
		t.Errorf("day closure: net %s, sales %s, reversals %s, perpetual %s; want the tickets' %s, %s, nothing, %s",
			day.Totals.Net, day.Totals.Sales, day.Totals.Reversals, day.PerpetualTotal, o.Total, o.Total, o.Total)
	}
	catSum, vatSum := pos.Zero("CHF"), pos.Zero("CHF")
	for _, c := range day.Totals.ByCategory {
		catSum = catSum.Plus(c.Amount)
		if strings.HasPrefix(c.Category, pos.LineVoucher) {
			t.Errorf("day closure by category: %+v; a voucher sold is not a category's takings", c)
		}
	}
	for _, v := range day.Totals.ByVAT {
		vatSum = vatSum.Plus(v.Gross)
	}
	if catSum != o.Total || vatSum != o.Total {
		t.Errorf("day closure: categories add up to %s, VAT gross to %s; want the net %s", catSum, vatSum, o.Total)
	}
	want := []CategorySum{{Category: "gift_voucher:bon-50", Count: 1, Amount: chf(5000)}}
	if mustJSON(day.Totals.Vouchers) != mustJSON(want) {
		t.Errorf("day closure's vouchers: %+v; want %+v (the one sold and kept)", day.Totals.Vouchers, want)
	}
	methods := map[string]pos.Money{}
	for _, m := range day.Totals.ByMethod {
		methods[m.Method] = m.Amount
	}
	if methods["cash"] != chf(5000) || methods["gift"] != chf(5000) {
		t.Errorf("day closure by method: %+v; want cash CHF 50.00 (the voucher) and gift CHF 50.00 (the tickets)", day.Totals.ByMethod)
	}
	r.Close()
	if _, err := Verify(path); err != nil {
		t.Fatalf("verify: %v", err)
	}
}

// TestTheVATBreakdownAddsUpToTheNet: a theatre whose tickets carry no VAT
// (exempt, rate 0) selling them beside a programme at the organiser's rate
// gets a 0 % row in its closure's VAT breakdown, so the rows add up to the
// net, also after one ticket is taken back. Before, the breakdown held the
// programme's row alone: CHF 5.00 of gross against a net of CHF 30.00.
func TestTheVATBreakdownAddsUpToTheNet(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	data := strings.Replace(string(fixtures.Demo), `"id": "hamlet",`, `"id": "hamlet", "vat_rate_bp": 0,`, 1)
	cat, err := pos.ParseCatalog("demo, Hamlet exempt", []byte(data), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	must(t, err)
	path := filepath.Join(t.TempDir(), "guichet.db")
	clk := fakeclock.New(time.Date(2026, 12, 30, 10, 0, 0, 0, zurich))
	r, err := Open(Options{Path: path, Register: "K01", Catalog: cat, Now: clk.Now})
	must(t, err)
	t.Cleanup(func() { r.Close() })
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	must(t, till.AddItem(pos.LineProduct, "programme", 1))
	o, err := till.Checkout(cash())
	must(t, err)
	must(t, till.CancelPart(o.Number, "one cannot come", CancelOptions{Tickets: []string{o.Tickets[0].Number}}))
	_, err = till.CloseShift(chf(20000))
	must(t, err)

	day := closureOf(t, r, ClosureDay, "2026-12-30")
	net := o.Total.Minus(o.Tickets[0].Price)
	if day.Totals.Net != net {
		t.Fatalf("day closure: net %s, want %s", day.Totals.Net, net)
	}
	gross := pos.Zero("CHF")
	var zero *VATSum
	for i, v := range day.Totals.ByVAT {
		gross = gross.Plus(v.Gross)
		if v.Rate == 0 {
			zero = &day.Totals.ByVAT[i]
		}
	}
	if gross != net {
		t.Errorf("day closure by VAT: %+v add up to %s; want the net %s", day.Totals.ByVAT, gross, net)
	}
	if zero == nil || zero.Gross != o.Tickets[1].Price || !zero.VAT.IsZero() {
		t.Errorf("day closure's 0 %% row: %+v; want the ticket kept, %s, without VAT", zero, o.Tickets[1].Price)
	}
	r.Close()
	if _, err := Verify(path); err != nil {
		t.Fatalf("verify: %v", err)
	}
}

// TestTicketsTakenBackTogetherTakeBackTheirVATToTheCent: three CHF 25
// tickets at 8.1 % include CHF 5.62 of VAT (worked out on their total);
// exchanged together (no fee), the day's VAT comes back to nothing, not
// the CHF 0.01 left by reversing each ticket's own rounded VAT
// (3 x 1.87 = 5.61). One taken back alone still takes CHF 1.87.
func TestTicketsTakenBackTogetherTakeBackTheirVATToTheCent(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	for _, n := range []int{1, 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "guichet.db")
			r, _ := openAt(t, path, time.Date(2026, 12, 30, 10, 0, 0, 0, zurich), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
			till := openTill(t, r, "claire", "1234")
			o := sellHamlet(t, till, "adult", 3)
			if len(o.VAT) != 1 || o.VAT[0].Amount != chf(562) {
				t.Fatalf("the order's VAT: %+v, want CHF 5.62 at one rate", o.VAT)
			}
			var numbers []string
			for _, tk := range o.Tickets[:n] {
				numbers = append(numbers, tk.Number)
			}
			credit, err := till.Exchange(o.Number, numbers)
			must(t, err)
			if credit != chf(2500).Times(n) {
				t.Fatalf("the exchange's credit: %s, want no fee", credit)
			}
			_, err = till.Checkout(nil)
			must(t, err)
			_, err = till.CloseShift(chf(20000).Plus(o.Total))
			must(t, err)
			day := closureOf(t, r, ClosureDay, "2026-12-30")
			want := map[int]pos.Money{1: chf(562 - 187), 3: chf(0)}[n]
			if len(day.Totals.ByVAT) != 1 || day.Totals.ByVAT[0].VAT != want || day.Totals.ByVAT[0].Gross != day.Totals.Net {
				t.Errorf("day closure by VAT: %+v (net %s); want VAT %s on the net", day.Totals.ByVAT, day.Totals.Net, want)
			}
			r.Close()
			if _, err := Verify(path); err != nil {
				t.Fatalf("verify: %v", err)
			}
		})
	}
}

// TestAnInvoiceIsASaleTheDayItIsPlacedAndMoneyTheDayItIsPaid: what a
// daily closure adds up for an order placed on invoice. Its sale is the
// day's (net, sales, the tickets issued: the invoice and its tickets are
// made that day); its money is not, until the payment is validated, then
// under the invoice method on that day and in no sale again; lapsed or
// canceled unpaid, it is reversed on that day and gives back only the
// money a deposit took. The totals by method are the money received; net
// less them is what invoices still owe.
func TestAnInvoiceIsASaleTheDayItIsPlacedAndMoneyTheDayItIsPaid(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	type figures struct {
		net, sales, reversals pos.Money
		orders                int
		byMethod              map[string]pos.Money // method: amount received (no entry: none)
	}
	for _, tc := range []struct {
		name    string
		tenders []pos.Tender
		wait    time.Duration                                            // from the day after it was placed to then
		then    func(t *testing.T, r *Register, till *Till, o pos.Order) // on the days after
		placed  func(o pos.Order) figures                                // the day it was placed
		after   func(o pos.Order) figures                                // the day of then
	}{
		{"paid the next day", []pos.Tender{{Method: "invoice"}}, 0,
			func(t *testing.T, r *Register, till *Till, o pos.Order) {
				must(t, till.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-1"}))
			},
			func(o pos.Order) figures { return figures{o.Total, o.Total, chf(0), 1, nil} },
			func(o pos.Order) figures {
				return figures{chf(0), chf(0), chf(0), 0, map[string]pos.Money{"invoice": o.Total}}
			}},
		{"lapsed unpaid", []pos.Tender{{Method: "invoice"}}, 60 * 24 * time.Hour, // past its deadline
			func(t *testing.T, r *Register, till *Till, o pos.Order) {
				if n, err := r.LapseDue(); err != nil || n != 1 {
					t.Fatalf("past its deadline: %d lapsed (%v), want the invoice", n, err)
				}
			},
			func(o pos.Order) figures { return figures{o.Total, o.Total, chf(0), 1, nil} },
			func(o pos.Order) figures { return figures{o.Total.Neg(), chf(0), o.Total.Neg(), 0, nil} }},
		{"a deposit in cash, canceled unpaid", []pos.Tender{{Method: "cash", Amount: chf(1000)}, {Method: "invoice"}}, 0,
			func(t *testing.T, r *Register, till *Till, o pos.Order) {
				must(t, till.Cancel(o.Number, "cannot come"))
			},
			func(o pos.Order) figures {
				return figures{o.Total, o.Total, chf(0), 1, map[string]pos.Money{"cash": chf(1000)}}
			},
			func(o pos.Order) figures {
				return figures{o.Total.Neg(), chf(0), o.Total.Neg(), 0, map[string]pos.Money{"cash": chf(-1000)}}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "guichet.db")
			placedOn := time.Date(2026, 12, 10, 10, 0, 0, 0, zurich)
			r, clk := openAt(t, path, placedOn, time.Date(2026, 12, 8, 9, 0, 0, 0, zurich))
			till := openTill(t, r, "claire", "1234")
			must(t, till.AddTickets("hamlet-04", "galerie", "adult", 2))
			o, err := till.Checkout(tc.tenders)
			must(t, err)
			if o.State != pos.OrderPending {
				t.Fatalf("order %s: %s, want it waiting for its invoice's payment", o.Number, o.State)
			}
			clk.Add(24*time.Hour + tc.wait)
			thenOn := clk.Now()
			tc.then(t, r, till, o)
			clk.Add(24 * time.Hour) // the day of then closes
			must(t, till.CashMove(chf(1000), "change"))

			check := func(day time.Time, want figures, placed bool) {
				t.Helper()
				c := closureOf(t, r, ClosureDay, day.In(zurich).Format(time.DateOnly))
				got := c.Totals
				if got.Net != want.net || got.Sales != want.sales || got.Reversals != want.reversals || got.Orders != want.orders {
					t.Errorf("%s: net %s, sales %s, reversals %s, %d orders; want %s, %s, %s, %d",
						c.Period, got.Net, got.Sales, got.Reversals, got.Orders, want.net, want.sales, want.reversals, want.orders)
				}
				methods := map[string]pos.Money{}
				for _, m := range got.ByMethod {
					methods[m.Method] = m.Amount
				}
				if fmt.Sprint(methods) != fmt.Sprint(want.byMethod) {
					t.Errorf("%s by method: %v; want the money received, %v", c.Period, methods, want.byMethod)
				}
				if !placed {
					return
				}
				// the day's ticket statement has the invoice's tickets,
				// as its sales have them
				takings := chf(0)
				for _, row := range c.Tickets {
					takings = takings.Plus(row.Takings)
				}
				if tickets := o.Total.Minus(feesOf(o)); takings != tickets {
					t.Errorf("%s: the ticket statement takes %s, want the invoice's tickets %s", c.Period, takings, tickets)
				}
			}
			check(placedOn, tc.placed(o), true)
			check(thenOn, tc.after(o), false)
			r.Close()
			if _, err := Verify(path); err != nil {
				t.Fatalf("verify: %v", err)
			}
		})
	}
}

// feesOf is what an order charged in fees (an invoice's).
func feesOf(o pos.Order) pos.Money {
	sum := pos.Zero(o.Total.Currency)
	for _, f := range o.Fees {
		sum = sum.Plus(f.Amount)
	}
	return sum
}
