package tui

import (
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/pos"
	"guichet/printers"
)

// TestTheStatusLineNamesTheTicketThatCouldNotPrint: a ticket whose bytes
// the printer's connection refused (file:/dev/full, a disk full) is told
// on the status line in the till's language, by its number, before the
// staff and the shift so that an 80-column line shows it. Before, the
// line read "imprimante : ! injoignable :…" at 80 columns, and whole
// "! échec : 3 was not printed: writing the print job to /dev/full:
// write /dev/full: no space left on device; it stays in the queue".
func TestTheStatusLineNamesTheTicketThatCouldNotPrint(t *testing.T) {
	for lang, want := range map[pos.Lang]string{
		"fr": " K01 · imprimante : ! billet K01-000001-01 : écriture refusée, 2 en attente", // the ticket and its cash sale's drawer kick
		"en": " K01 · printer: ! ticket K01-000001-01: write failed, 2 waiting · Claire",
	} {
		t.Run(string(lang), func(t *testing.T) {
			tr, err := printers.Open("file:/dev/full")
			if err != nil {
				t.Skip("no /dev/full here:", err)
			}
			t.Cleanup(func() { tr.Close() })
			r := openRegister(t)
			svc := newTestServiceWith(r, counter.Options{Printer: tr, PrintInterval: 20 * time.Millisecond})
			d := newDriver(t, New(Options{Service: svc, Lang: lang, Now: func() time.Time { return fixedNow }, Poll: time.Hour}), 80, 24)
			d.unlock("") // no float: no drawer kick ahead of the ticket
			d.sellGalleryCash(1, false)
			deadline := time.Now().Add(5 * time.Second)
			for {
				d.send(PrinterMsg())
				lines := strings.Split(d.screen(), "\n")
				last := lines[len(lines)-1]
				if strings.HasPrefix(last, want) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the status line reads\n%q\nwant it to begin\n%q", last, want)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}
