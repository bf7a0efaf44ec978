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
	"guichet/internal/cputime"
	"guichet/internal/gctune"
	"guichet/pos"
	"guichet/printers"
)

// BenchmarkConcurrentTills is issue 14's benchmark (a): 1, 4, 8 and 20 tills
// of one service placing paid orders at once (a programme paid in cash:
// an order, its payment and its shift's figures, no seat to run out of),
// with the orders per second and the p99 latency of a checkout, printed
// beside the rate of a bare bbolt Update in the same run. Targets (issue
// 14): 8 tills ≥ 3× the bare rate (group commit), a single till ≥ 60 % of
// it. Commits are grouped (local/commit.go): the tills' sales that queue
// during a commit share the next one, writes/commit says how many did. The
// bare rate is measured right before and after each round, on the same
// disk at nearly the same moments (a shared machine's disk swings).
// cpu-µs/order is the process's CPU time (user and system) per order:
// with 8 tills the commits' serial work and the CPU bound the rate, and
// it swings far less than the disk.
func BenchmarkConcurrentTills(b *testing.B) {
	defer gctune.Apply()() // the collector as the guichet program sets it
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		b.Fatal(err)
	}
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
			bareBefore := bareUpdateTime(b, 100)
			before := svc.Register().CommitStats()
			b.ResetTimer()
			start, cpu := time.Now(), cputime.Self()
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
			elapsed, cpu := time.Since(start), cputime.Self()-cpu
			b.StopTimer()
			cs := svc.Register().CommitStats()
			bare := 200 / (bareBefore + bareUpdateTime(b, 100)).Seconds()
			perCommit := float64(cs.Writes-before.Writes) / float64(max(1, cs.Commits-before.Commits))
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
			b.ReportMetric(perCommit, "writes/commit")
			b.ReportMetric(float64(cpu.Microseconds())/float64(len(all)), "cpu-µs/order")
			b.Logf("%d tills: %.0f orders/s, p99 %s, %.1f writes a commit; a bare bbolt Update: %.0f/s; ratio %.2f (targets: 8 tills >= 3, 1 till >= 0.6)",
				n, rate, p99, perCommit, bare, rate/bare)
		})
	}
}

// bareUpdateTime is how long n bare bbolt Updates (a 256-byte value each,
// one fsync) take on this disk now.
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
			return bk.Put([]byte(fmt.Sprintf("%08d", i)), v)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

// BenchmarkTillSalePrinted is issue 14's single till selling with its
// printer: a paid order of 4 festival tickets with its receipt, the
// service's spooler printing the 5 jobs on a printer that takes them at
// once and confirming them in one commit. "wait": the next sale starts
// once the last one's confirmations are durable (two commits a sale);
// "overlap": the till sells on while the printer prints, its sales and
// the confirmations sharing commits. The rate counts a sale once its
// confirmations are durable. Target (issue 14): >= 40 % of the bare
// bbolt Update rate.
//
// The bare rate is measured in the same run, between its sales: the sales
// run in ten parts, and 20 bare Updates are timed before each part and
// after the last (220 in all, the clock and CPU of the sales stopped). A
// shared machine's disk swings by half from one second to the next; bare
// Updates timed only before and after the sales compared them with
// moments the sales never saw (the ratio of one run went from 32 to 48 %
// with the same sales rate).
//
// cpu-µs/sale is the process's CPU time (user and system) per sale, its
// printing and confirmations included: it swings far less than the disk.
// reads/sale counts the read transactions the register began a sale, the
// benchmark's own looks at the print queue left out. The benchmark waits
// on the print queue's length (a count of its keys), not on Stats, which
// walks the orders and customers views: a cost growing with the orders
// sold, counted in cpu-µs/sale, that no till pays.
func BenchmarkTillSalePrinted(b *testing.B) {
	defer gctune.Apply()() // the collector as the guichet program sets it
	cat := bigLawn(b)
	for _, mode := range []string{"wait", "overlap"} {
		b.Run(mode, func(b *testing.B) {
			svc, till := printingTill(b, cat, discard{})
			changed, stop := svc.Changes()
			defer stop()
			polls := 0 // the harness's own read transactions
			printed := func() {
				for {
					polls++
					n, err := svc.Register().PrintQueueLen()
					if err != nil {
						b.Fatal(err)
					}
					if n == 0 {
						return
					}
					<-changed
				}
			}
			printed()
			perfs := []string{"festival-j1", "festival-j2", "festival-j3"}
			card := []pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}}
			bare := openBare(b)
			before := svc.Register().CommitStats()
			reads, polls0 := svc.Register().FileReads(), polls
			var elapsed, cpu time.Duration
			const parts = 10
			b.ResetTimer()
			for part := range parts {
				b.StopTimer()
				bare.time(b, 20)
				b.StartTimer()
				start, cpu0 := time.Now(), cputime.Self()
				for i := part * b.N / parts; i < (part+1)*b.N/parts; i++ {
					if err := till.AddTickets(perfs[i%3], "pelouse", "adult", 4); err != nil {
						b.Fatal(err)
					}
					if _, err := till.Checkout(card); err != nil {
						b.Fatal(err)
					}
					if mode == "wait" {
						printed()
					}
				}
				printed() // the part's last confirmations, before the disk is timed again
				elapsed, cpu = elapsed+time.Since(start), cpu+cputime.Self()-cpu0
			}
			b.StopTimer()
			bare.time(b, 20)
			cs := svc.Register().CommitStats()
			reads = svc.Register().FileReads() - reads - (polls - polls0)
			rate := float64(b.N) / elapsed.Seconds()
			bareRate := bare.rate()
			b.ReportMetric(float64(cs.Commits-before.Commits)/float64(b.N), "commits/sale")
			b.ReportMetric(float64(reads)/float64(b.N), "reads/sale")
			b.ReportMetric(rate, "sales/s")
			b.ReportMetric(bareRate, "bare-updates/s")
			b.ReportMetric(100*rate/bareRate, "%-of-bare")
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/sale")
			b.Logf("%s: %d sales of 4 tickets and a receipt, printed and confirmed: %.0f/s; a bare bbolt Update: %.0f/s; ratio %.0f %% (target >= 40 %%)",
				mode, b.N, rate, bareRate, 100*rate/bareRate)
		})
	}
}

// bareDB is a bbolt file of its own that times bare Updates (a 256-byte
// value each, one fsync) between a benchmark's parts.
type bareDB struct {
	db   *bolt.DB
	n    int
	took time.Duration
}

func openBare(b *testing.B) *bareDB {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return &bareDB{db: db}
}

// time times n more Updates.
func (d *bareDB) time(b *testing.B, n int) {
	v := make([]byte, 256)
	start := time.Now()
	for range n {
		d.n++
		err := d.db.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			return bk.Put([]byte(fmt.Sprintf("%08d", d.n)), v)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	d.took += time.Since(start)
}

// rate is the Updates a second timed so far.
func (d *bareDB) rate() float64 { return float64(d.n) / d.took.Seconds() }

// discard is a printer that takes every byte at once and reads no status.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Close() error                { return nil }
func (discard) String() string              { return "discard" }

// printingTill opens a service on cat printing every sale's tickets and
// receipt on printer, and a till of it with its shift open.
func printingTill(b *testing.B, cat *pos.Catalog, printer printers.Transport) (*Service, *Till) {
	svc, err := Open(Options{Path: filepath.Join(b.TempDir(), "g.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }, Printer: printer, Receipts: ReceiptsAlways})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		b.Fatal(err)
	}
	return svc, till
}

// bigLawn is the demo with a festival lawn of a million places, so a long
// benchmark never sells it out.
func bigLawn(b *testing.B) *pos.Catalog {
	c, err := fixtures.BigLawnCatalog(saleDay)
	if err != nil {
		b.Fatal(err)
	}
	return c
}
