package kiosk

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/payterm"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

// rssKB reads the process's resident set (VmRSS) or its peak (VmHWM).
func rssKB(tb testing.TB, field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Skip("no /proc/self/status here")
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(n)
		}
	}
	return 0
}

// BenchmarkKiosk500Sales runs 500 kiosk sales in one process as the kiosk
// makes them: a ticket in the cart, the order's screen drawn, paid on the
// terminal simulator, printed on a network printer, the done screen and
// the QR drawn, back to the attract screen. It reports the resident set
// after the sales (target < 30 MB) and its growth over the last 250, with
// the Go heap's share of it (target: none; the journal's file, which bbolt
// maps into memory, grows with every sale).
func BenchmarkKiosk500Sales(b *testing.B) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		b.Fatal(err)
	}
	fake := printertest.New(b)
	tr, err := printers.Open(fake.Spec())
	if err != nil {
		b.Fatal(err)
	}
	defer tr.Close()
	sim, err := payterm.Listen("127.0.0.1:0", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	term, _ := payterm.Open(sim.Spec())
	for b.Loop() {
		svc, err := counter.Open(counter.Options{Path: filepath.Join(b.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
			Now: func() time.Time { return saleDay }, Printer: tr, Receipts: counter.ReceiptsAlways, PrintInterval: 50 * time.Millisecond})
		if err != nil {
			b.Fatal(err)
		}
		m, err := New(Options{Service: svc, Terminal: term, Lang: pos.English, Now: func() time.Time { return saleDay }})
		if err != nil {
			b.Fatal(err)
		}
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		var half, halfHeap float64
		heap := func() float64 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			return float64(ms.HeapInuse)
		}
		for i := range 500 {
			if i == 250 {
				runtime.GC()
				half, halfHeap = rssKB(b, "VmRSS"), heap()
			}
			perf := []string{"festival-j1", "festival-j2", "festival-j3"}[i%3]
			if err := m.till.AddTickets(perf, "pelouse", "adult", 1); err != nil {
				b.Fatal(i, err)
			}
			m.openCart()
			_ = m.View()
			p, err := m.till.PayAtTerminal(context.Background(), term, "card")
			if err != nil || !p.Paid() {
				b.Fatal(i, p.Result, err)
			}
			m.sold(p.Sale, nil)
			_ = m.View()
			m.doneKey("enter")
			_ = m.View()
			m.reset()
			_ = m.View()
		}
		if err := svc.WaitPrinted(context.Background()); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		end := rssKB(b, "VmRSS")
		b.ReportMetric(end/1024, "rss-MB")
		b.ReportMetric((end-half)/1024, "rss-growth-last250-MB")
		b.ReportMetric(rssKB(b, "VmHWM")/1024, "peak-rss-MB")
		// the Go heap's share of the growth (the rest is the journal's
		// file, mapped by bbolt, growing with each sale)
		b.ReportMetric((heap()-halfHeap)/1024/1024, "heap-growth-last250-MB")
		_ = m.till.Close()
		svc.Close()
	}
}

// BenchmarkKioskKeyOnTheShowList is one arrow key on the show list as the
// kiosk's Screen handles it: the model's Update and View, and the frame's
// diff written to the terminal (io.Discard here). The real process adds
// reading the key and the write itself (make bench-keys: target < 0.7 ms
// of CPU a key).
func BenchmarkKioskKeyOnTheShowList(b *testing.B) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	tr, err := printers.Open("file:" + filepath.Join(dir, "print.bin")) // a kiosk with no printer sells nothing
	if err != nil {
		b.Fatal(err)
	}
	defer tr.Close()
	svc, err := counter.Open(counter.Options{Path: filepath.Join(dir, "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }, Printer: tr})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	m, err := New(Options{Service: svc, Lang: pos.English, Now: func() time.Time { return saleDay }})
	if err != nil {
		b.Fatal(err)
	}
	scr := NewScreen(m, io.Discard, []string{"TERM=xterm-256color"})
	scr.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	scr.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if !strings.Contains(m.Screen(), "CHOOSE A SHOW") {
		b.Fatalf("not on the show list:\n%s", m.Screen())
	}
	keys := []tea.KeyPressMsg{{Code: tea.KeyDown}, {Code: tea.KeyDown}, {Code: tea.KeyUp}, {Code: tea.KeyUp}}
	i := 0
	for b.Loop() {
		scr.Update(keys[i%len(keys)])
		i++
	}
}
