package local

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
	"guichet/pos"
)

// BenchmarkPaidOrderVsBareUpdate places paid 4-ticket orders and, in the
// same run, bare bbolt Updates of one 256-byte put on the same disk.
// Target: orders/s >= 50 % of bare updates/s (both sync the file twice
// per commit: pages, then meta). The two alternate, one order then one
// bare update, so both meet the same moments of a noisy disk.
func BenchmarkPaidOrderVsBareUpdate(b *testing.B) {
	dir := b.TempDir()
	bareDB, err := bolt.Open(filepath.Join(dir, "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bareDB.Close()
	val := make([]byte, 256)
	bare := func(i int) {
		err := bareDB.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			return bk.Put(seqKey(uint64(i)), val)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	r, err := Open(Options{Path: filepath.Join(dir, "guichet.db"), Register: "K01", Catalog: bigLawnCatalog(b), Now: func() time.Time { return testToday }})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	till := openTill(b, r, "claire", "1234")
	perfs := []string{"festival-j1", "festival-j2", "festival-j3"}
	pagesBefore, barePagesBefore := pageWrites(r.db), pageWrites(bareDB)
	var orders, bareT time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := till.AddTickets(perfs[i%3], "pelouse", "adult", 4); err != nil {
			b.Fatal(err)
		}
		if _, err := till.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}}); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		bare(i)
		orders, bareT = orders+mid.Sub(start), bareT+time.Since(mid)
	}
	b.StopTimer()
	ordersPS := float64(b.N) / orders.Seconds()
	barePS := float64(b.N) / bareT.Seconds()
	pages := float64(pageWrites(r.db)-pagesBefore) / float64(b.N)
	barePages := float64(pageWrites(bareDB)-barePagesBefore) / float64(b.N)
	b.ReportMetric(ordersPS, "orders/s")
	b.ReportMetric(barePS, "bare-updates/s")
	b.ReportMetric(100*ordersPS/barePS, "%-of-bare")
	b.ReportMetric(pages, "page-writes/order")
	b.Logf("paid 4-ticket orders: %.0f/s (%.1f page writes each); bare bbolt Update 256 B: %.0f/s (%.1f); ratio %.0f %% (target >= 50 %%)",
		ordersPS, pages, barePS, barePages, 100*ordersPS/barePS)
}

// pageWrites is how many pages the file's transactions wrote so far.
func pageWrites(db *bolt.DB) int64 {
	st := db.Stats()
	return st.TxStats.GetWrite()
}

// bigLawnCatalog is the demo with a festival lawn of a million places, so
// a long benchmark never sells it out.
func bigLawnCatalog(b *testing.B) *pos.Catalog {
	lawn := []byte("\"en\": \"Lawn\"\n     },\n     \"capacity\": 2000\n")
	if bytes.Count(fixtures.Demo, lawn) != 1 {
		b.Fatal("the demo's lawn is no longer where the benchmark looks for it")
	}
	data := bytes.Replace(fixtures.Demo, lawn, []byte("\"en\": \"Lawn\"\n     },\n     \"capacity\": 1000000\n"), 1)
	c, err := pos.ParseCatalog("demo, big lawn", data, testToday)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkOpen100kJournal opens a journal of 100,000 entries and reads
// what the first screen shows (tonight's availability, the seat map, the
// print queue, the till's shift). Target: < 200 ms.
func BenchmarkOpen100kJournal(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.db")
	cat := demoCatalog(b)
	{
		r, err := Open(Options{Path: path, Catalog: cat, Now: func() time.Time { return testToday }})
		if err != nil {
			b.Fatal(err)
		}
		till := openTill(b, r, "claire", "1234")
		// Build fast: many entries per transaction (the same appends a
		// checkout makes, batched so the setup takes seconds).
		for seq := uint64(0); seq < 100_000; {
			err := r.db.Update(func(tx *bolt.Tx) error {
				sh, _, _ := openShift(tx, "claire")
				w := r.newWriter(tx, testToday, sh.ID, "claire")
				for i := 0; i < 1000; i++ {
					if _, err := w.append(TypeCashMoved, cashMoved{Amount: chf(100), Reason: "bench"}); err != nil {
						return err
					}
				}
				seq = w.last.Seq
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		_ = till
		r.Close()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Open(Options{Path: path, Catalog: cat, Now: func() time.Time { return testToday }})
		if err != nil {
			b.Fatal(err)
		}
		till, _ := r.Unlock("claire", "1234")
		_, _, _ = till.Shift()
		_, _ = r.Availability("hamlet-00")
		_, _ = r.SeatMap("hamlet-00", "parterre", till)
		if _, err := r.PrintQueue(); err != nil {
			b.Fatal(err)
		}
		if s, _ := r.Stats(); s.Entries < 100_000 {
			b.Fatalf("only %d entries", s.Entries)
		}
		r.Close()
	}
}
