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
	"guichet/internal/drawn"
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

// salesRig is a kiosk selling as it does for a customer, in this process:
// the demo catalog on a bbolt file in a temporary directory, a payment
// terminal simulator, a network printer (printertest).
type salesRig struct {
	svc  *counter.Service
	m    *Model
	term payterm.Terminal
}

// newSalesRig opens a kiosk on the demo catalog, term its payment
// terminal; nil starts the terminal simulator, which keeps every charge
// it made (a real terminal is another machine).
func newSalesRig(tb testing.TB, term payterm.Terminal) *salesRig {
	tb.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		tb.Fatal(err)
	}
	fake := printertest.New(tb)
	fake.Discard() // a paper roll in memory is not the kiosk's
	tr, err := printers.Open(fake.Spec())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { tr.Close() })
	if term == nil {
		sim, err := payterm.Listen("127.0.0.1:0", nil)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { sim.Close() })
		if term, err = payterm.Open(sim.Spec()); err != nil {
			tb.Fatal(err)
		}
	}
	svc, err := counter.Open(counter.Options{Path: filepath.Join(tb.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }, Printer: tr, Receipts: counter.ReceiptsAlways, PrintInterval: 50 * time.Millisecond})
	if err != nil {
		tb.Fatal(err)
	}
	m, err := New(Options{Service: svc, Terminal: term, Lang: pos.English, Now: func() time.Time { return saleDay }})
	if err != nil {
		svc.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = m.Close(); svc.Close() })
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return &salesRig{svc: svc, m: m, term: term}
}

// sell makes sale i: a ticket in the cart, the order's screen drawn, paid
// on the terminal simulator, the done screen and the QR drawn, back to the
// attract screen.
func (r *salesRig) sell(tb testing.TB, i int) {
	m := r.m
	perf := []string{"festival-j1", "festival-j2", "festival-j3"}[i%3]
	if err := m.till.AddTickets(perf, "pelouse", "adult", 1); err != nil {
		tb.Fatal(i, err)
	}
	m.openCart()
	runLater(m) // the order priced off Update, as the program would
	_ = m.View()
	p, err := m.till.PayAtTerminal(context.Background(), r.term, "card")
	if err != nil || !p.Paid() {
		tb.Fatal(i, p.Result, err)
	}
	m.sold(p.Sale, nil)
	_ = m.View()
	m.doneKey("enter")
	_ = m.View()
	m.reset()
	runLater(m)
	_ = m.View()
}

// runLater runs the Cmds the model asked outside a key's (the cart's
// emptying), their answers given back, as the program would.
func runLater(m *Model) {
	for len(m.later) > 0 {
		cmds := m.later
		m.later = nil
		for _, c := range cmds {
			if msg := c(); msg != nil {
				m.update(msg)
			}
		}
	}
}

// settle waits for every ticket to be printed and collects the garbage:
// what the heap holds then is what the kiosk keeps.
func (r *salesRig) settle(tb testing.TB) (liveHeap uint64) {
	if err := r.svc.WaitPrinted(context.Background()); err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	runtime.GC() // finalizers of the first cycle freed
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkKiosk500Sales runs 500 kiosk sales in one process (salesRig).
// It reports the resident set after the sales (target < 30 MB) and its
// growth per sale over the last 250, and the Go heap's growth per sale
// (target: none). The resident set counts the journal's file too, which
// bbolt maps into memory: its pages that a sale touches stay resident,
// file-backed (the kernel may drop them), and the file grows with every
// sale; rss-anon is the resident set without them (and without the
// program's own file).
func BenchmarkKiosk500Sales(b *testing.B) {
	for b.Loop() {
		r := newSalesRig(b, nil)
		var half, halfAnon float64
		var halfHeap uint64
		for i := range 500 {
			if i == 250 {
				halfHeap = r.settle(b)
				half, halfAnon = rssKB(b, "VmRSS"), rssKB(b, "RssAnon")
			}
			r.sell(b, i)
		}
		endHeap := r.settle(b)
		end, endAnon := rssKB(b, "VmRSS"), rssKB(b, "RssAnon")
		b.ReportMetric(end/1024, "rss-MB")
		b.ReportMetric(endAnon/1024, "rss-anon-MB")
		b.ReportMetric(rssKB(b, "VmHWM")/1024, "peak-rss-MB")
		b.ReportMetric((end-half)/250, "rss-growth-kB/sale")
		b.ReportMetric((endAnon-halfAnon)/250, "rss-anon-growth-kB/sale")
		b.ReportMetric((float64(endHeap)-float64(halfHeap))/250, "heap-growth-B/sale")
	}
}

// BenchmarkKioskKey is a key as the kiosk's Screen handles it, for the
// kinds `make bench-keys` measures in the real process: the model's
// Update and View, and the frame's diff written to the terminal
// (io.Discard here). The real process adds reading the key and the write
// itself (make bench-keys: target < 0.7 ms of CPU a key).
func BenchmarkKioskKey(b *testing.B) {
	down, up := tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyUp}
	left, right := tea.KeyPressMsg{Code: tea.KeyLeft}, tea.KeyPressMsg{Code: tea.KeyRight}
	bs := tea.KeyPressMsg{Code: tea.KeyBackspace}
	letter := func(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	for _, bc := range []struct {
		name string
		to   []tea.KeyPressMsg // from the attract screen
		want string
		keys []tea.KeyPressMsg
	}{
		{"list scroll", []tea.KeyPressMsg{letter('x')}, "CHOOSE A SHOW", []tea.KeyPressMsg{down, down, down, up, up, up}},
		{"search letter", []tea.KeyPressMsg{letter('x')}, "CHOOSE A SHOW", []tea.KeyPressMsg{letter('h'), letter('a'), letter('m'), bs, bs, bs}},
		{"seat move", []tea.KeyPressMsg{letter('x'), letter('h'), letter('a'), letter('m'), letter('l'), enter, enter}, "CHOOSE YOUR SEATS",
			[]tea.KeyPressMsg{right, right, down, left, down, up}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			scr, m := benchScreen(b)
			for _, k := range bc.to {
				_, cmd := scr.Update(k)
				answered(scr, cmd)
			}
			if !strings.Contains(m.Screen(), bc.want) {
				b.Fatalf("not on %q:\n%s", bc.want, m.Screen())
			}
			i := 0
			for b.Loop() {
				scr.Update(bc.keys[i%len(bc.keys)])
				i++
			}
		})
	}
}

// answered gives scr the register's answers among cmd's (a show's
// places, a seat plan's taken seats), as the program would; the timers
// among them are left.
func answered(scr *drawn.Screen, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(200 * time.Millisecond): // a timer
		return
	}
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			answered(scr, c)
		}
	case zonesMsg, seatsMsg:
		_, next := scr.Update(msg)
		answered(scr, next)
	}
}

// benchScreen is a kiosk on the demo catalog drawn by its Screen on a
// 100x30 terminal, on the attract screen.
func benchScreen(b *testing.B) (*drawn.Screen, *Model) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	tr, err := printers.Open("file:" + filepath.Join(dir, "print.bin")) // a kiosk with no printer sells nothing
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { tr.Close() })
	svc, err := counter.Open(counter.Options{Path: filepath.Join(dir, "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }, Printer: tr})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	m, err := New(Options{Service: svc, Lang: pos.English, Now: func() time.Time { return saleDay }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = m.Close() })
	scr := drawn.New(m, io.Discard, []string{"TERM=xterm-256color"})
	scr.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return scr, m
}
