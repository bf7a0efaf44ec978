package counter

import (
	"context"
	"errors"
	"testing"
	"time"

	"guichet/internal/cputime"
	"guichet/pos"
	"guichet/printers"
)

// BenchmarkSaleWhilePrinterOffline is a till selling on while its printer
// is out (paper jam in a rush) with a backlog of 300 tickets and their
// receipts waiting: each sale wakes the spooler, which finds the printer
// still out. It reports the CPU of the whole process per sale (the
// spooler's passes run on another goroutine: ns/op alone would not show
// them). The backlog must cost nothing while the printer is out: the
// spooler counts it, it does not lay it out or sign it.
func BenchmarkSaleWhilePrinterOffline(b *testing.B) {
	svc, till := printingTill(b, bigLawn(b), outPrinter{})
	perfs := []string{"festival-j1", "festival-j2", "festival-j3"}
	card := []pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}}
	sell := func(i int) {
		if err := till.AddTickets(perfs[i%3], "pelouse", "adult", 4); err != nil {
			b.Fatal(err)
		}
		if _, err := till.Checkout(card); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 75 {
		sell(i)
	}
	settle := func() {
		// The spooler's last pass ends before the CPU is read.
		deadline := time.Now().Add(2 * time.Second)
		for svc.Printer().Pending < 375 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
	}
	settle()
	before := cputime.Self()
	b.ResetTimer()
	for i := range b.N {
		sell(i)
	}
	b.StopTimer()
	settle()
	b.ReportMetric(float64((cputime.Self()-before).Microseconds())/float64(b.N), "cpu-µs/sale")
}

// outPrinter is a printer that is out: its status says offline and
// nothing can be written to it.
type outPrinter struct{}

func (outPrinter) Write(p []byte) (int, error) { return 0, errors.New("the printer is out") }
func (outPrinter) Close() error                { return nil }
func (outPrinter) String() string              { return "out" }
func (outPrinter) Status(context.Context) (printers.Status, error) {
	return printers.Status{Offline: true}, nil
}
