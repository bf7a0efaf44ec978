package local

import (
	"path/filepath"
	"testing"
	"time"

	"guichet/pos"
)

// BenchmarkPrintWindowOfASale is the spooler's read of the print queue
// right after a sale of 4 tickets with its receipt (PrintWindow, the
// window the spooler reads): its allocations are what a printed sale's
// read costs the garbage collector. The sale's order and QR payloads are
// in the memos, as after a sale.
func BenchmarkPrintWindowOfASale(b *testing.B) {
	r, err := Open(Options{Path: filepath.Join(b.TempDir(), "guichet.db"), Register: "K01", Catalog: bigLawnCatalog(b), Now: func() time.Time { return testToday }})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	till := openTill(b, r, "claire", "1234")
	must(b, till.AddTickets("festival-j1", "pelouse", "adult", 4))
	if _, err := till.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}}, PrintAlso{Receipt: true}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		jobs, receipts, _, _, err := r.PrintWindow(32)
		if err != nil || len(jobs) != 5 || len(receipts) != 1 {
			b.Fatalf("%d jobs, %d receipts, %v", len(jobs), len(receipts), err)
		}
	}
}

// BenchmarkMarkPrintedASale is the spooler's confirmation of a sale's 4
// tickets and receipt (one commit); the sale itself is not timed. Its
// time swings with the disk; its allocations do not.
func BenchmarkMarkPrintedASale(b *testing.B) {
	r, err := Open(Options{Path: filepath.Join(b.TempDir(), "guichet.db"), Register: "K01", Catalog: bigLawnCatalog(b), Now: func() time.Time { return testToday }})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	till := openTill(b, r, "claire", "1234")
	perfs := []string{"festival-j1", "festival-j2", "festival-j3"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		must(b, till.AddTickets(perfs[i%3], "pelouse", "adult", 4))
		if _, err := till.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}}, PrintAlso{Receipt: true}); err != nil {
			b.Fatal(err)
		}
		jobs, _, _, _, err := r.PrintWindow(32)
		if err != nil || len(jobs) != 5 {
			b.Fatalf("%d jobs, %v", len(jobs), err)
		}
		ids := make([]string, len(jobs))
		for k, j := range jobs {
			ids[k] = j.ID
		}
		b.StartTimer()
		must(b, r.MarkPrintedShared(ids...))
	}
}

// BenchmarkPrintJobWaitingASale is the spooler's question before each job
// of a sale of 4 tickets with its receipt: is it still waiting (one read
// transaction each)? Against PrintWindow's read of the same sale, what
// the check adds to a printed sale.
func BenchmarkPrintJobWaitingASale(b *testing.B) {
	r, err := Open(Options{Path: filepath.Join(b.TempDir(), "guichet.db"), Register: "K01", Catalog: bigLawnCatalog(b), Now: func() time.Time { return testToday }})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	till := openTill(b, r, "claire", "1234")
	must(b, till.AddTickets("festival-j1", "pelouse", "adult", 4))
	if _, err := till.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}}}, PrintAlso{Receipt: true}); err != nil {
		b.Fatal(err)
	}
	jobs, _, _, _, err := r.PrintWindow(32)
	if err != nil || len(jobs) != 5 {
		b.Fatalf("%d jobs, %v", len(jobs), err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, j := range jobs {
			if ok, err := r.PrintJobWaiting(j.ID); !ok || err != nil {
				b.Fatalf("job %s waiting %v, %v", j.ID, ok, err)
			}
		}
	}
}
