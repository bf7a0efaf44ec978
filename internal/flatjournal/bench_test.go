package flatjournal_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/internal/flatjournal"
	"guichet/pos"

	bolt "go.etcd.io/bbolt"
)

// saleEntries is what the register journals for a paid sale of 4
// festival tickets by card, in stored form: the records a flat journal
// would take for it.
func saleEntries(b *testing.B) [][]byte {
	day := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cat, err := fixtures.BigLawnCatalog(day)
	if err != nil {
		b.Fatal(err)
	}
	svc, err := counter.Open(counter.Options{Path: filepath.Join(b.TempDir(), "g.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return day }})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		b.Fatal(err)
	}
	before, err := svc.Register().Entries(1, 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	if err := till.AddTickets("festival-j1", "pelouse", "adult", 4); err != nil {
		b.Fatal(err)
	}
	if _, err := till.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}}); err != nil {
		b.Fatal(err)
	}
	after, err := svc.Register().Entries(1, 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	sale := after[len(before):]
	if len(sale) == 0 {
		b.Fatal("the sale journaled nothing")
	}
	return sale
}

// BenchmarkAppendSale appends a 4-ticket sale's entries, one sale a batch
// ("1 till") or eight ("8 tills": what a group commit of eight tills would
// write), and reports sales a second beside a bare bbolt Update (one
// 256-byte value, one commit) timed on the same disk right before and
// after. The ratio is the headroom issue 14's group commit has when the
// flat file is the journal's truth.
func BenchmarkAppendSale(b *testing.B) {
	sale := saleEntries(b)
	size := 0
	for _, e := range sale {
		size += len(e)
	}
	for _, tills := range []int{1, 8} {
		b.Run(fmt.Sprintf("%d tills", tills), func(b *testing.B) {
			var batch [][]byte
			for range tills {
				batch = append(batch, sale...)
			}
			j, _, err := flatjournal.Open(filepath.Join(b.TempDir(), "j.flat"), flatjournal.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer j.Close()
			// the first chunk of zeros is written before the clock starts
			// (the next ones, every ~1,300 sales, are in the time)
			if _, err := j.Append(batch...); err != nil {
				b.Fatal(err)
			}
			bareBefore := bareUpdateTime(b, 100)
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				if _, err := j.Append(batch...); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			bare := 200 / (bareBefore + bareUpdateTime(b, 100)).Seconds()
			rate := float64(b.N*tills) / elapsed.Seconds()
			b.ReportMetric(rate, "sales/s")
			b.ReportMetric(bare, "bare-updates/s")
			b.ReportMetric(rate/bare, "x-bare")
			b.Logf("%d tills: %d sales of %d entries (%d bytes) appended: %.0f sales/s; a bare bbolt Update: %.0f/s; %.2f x",
				tills, b.N*tills, len(sale), size, rate, bare, rate/bare)
		})
	}
}

// bareUpdateTime is how long n bare bbolt Updates (a 256-byte value each)
// take on this disk now (as counter's benchmarks measure it).
func bareUpdateTime(b *testing.B, n int) time.Duration {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	v := make([]byte, 256)
	start := time.Now()
	for i := range n {
		err := db.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			return bk.Put(fmt.Appendf(nil, "%08d", i), v)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}
