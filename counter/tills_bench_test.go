package counter

import (
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
	"guichet/pos"
)

// BenchmarkConcurrentTills is issue 14's benchmark (a): 1, 4, 8 and 20 tills
// of one service placing paid orders at once (a programme paid in cash:
// an order, its payment and its shift's figures, no seat to run out of),
// with the orders per second and the p99 latency of a checkout, printed
// beside the rate of a bare bbolt Update in the same run. Targets (issue
// 14): 8 tills ≥ 3× the bare rate (group commit), a single till ≥ 60 % of
// it. Today every commit holds the register's lock through its fsync, so
// tills wait in line: this measures how far from the target that is.
func BenchmarkConcurrentTills(b *testing.B) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		b.Fatal(err)
	}
	bare := bareUpdateRate(b)
	for _, n := range []int{1, 4, 8, 20} {
		b.Run(fmt.Sprintf("tills=%d", n), func(b *testing.B) {
			svc, err := Open(Options{Path: filepath.Join(b.TempDir(), "g.db"), Register: "K01", Catalog: cat,
				Now: func() time.Time { return saleDay }})
			if err != nil {
				b.Fatal(err)
			}
			defer svc.Close()
			tills := make([]*Till, n)
			for i := range tills {
				if tills[i], err = svc.Unlock("claire", "1234"); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := tills[0].OpenShift(pos.M(0, "CHF")); err != nil {
				b.Fatal(err)
			}
			perTill := max(b.N/n, 1)
			lat := make([][]time.Duration, n)
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for i, t := range tills {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range perTill {
						begin := time.Now()
						if err := t.AddItem(pos.LineProduct, "programme", 1); err != nil {
							b.Error(err)
							return
						}
						if _, err := t.Checkout([]pos.Tender{{Method: "cash"}}); err != nil {
							b.Error(err)
							return
						}
						lat[i] = append(lat[i], time.Since(begin))
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			var all []time.Duration
			for _, l := range lat {
				all = append(all, l...)
			}
			sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
			rate := float64(len(all)) / elapsed.Seconds()
			p99 := all[min(len(all)-1, len(all)*99/100)]
			b.ReportMetric(rate, "orders/s")
			b.ReportMetric(float64(p99.Microseconds()), "p99-µs")
			b.ReportMetric(bare, "bare-updates/s")
			b.ReportMetric(rate/bare, "×bare")
			b.Logf("%d tills: %.0f orders/s, p99 %s; a bare bbolt Update: %.0f/s; ratio %.2f (targets: 8 tills >= 3, 1 till >= 0.6)",
				n, rate, p99, bare, rate/bare)
		})
	}
}

// bareUpdateRate is how many bare bbolt Updates (a 256-byte value each, one
// fsync) this disk does a second.
func bareUpdateRate(b *testing.B) float64 {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	v := make([]byte, 256)
	const n = 200
	start := time.Now()
	for i := range n {
		err := db.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			return bk.Put([]byte(fmt.Sprintf("%08d", i)), v)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return n / time.Since(start).Seconds()
}
