package printers

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// qrOf finds the ticket's QR code in a decoded document and returns its
// module size and its side in modules, measured on what the printer gets:
// GS ( k's module size and the version the payload needs, or, for a raster
// image, the top-left finder pattern (7 modules of black).
func qrOf(t *testing.T, doc Document) (module, modules int) {
	t.Helper()
	for _, it := range doc.Items {
		switch it.Kind {
		case ItemQR:
			return it.Width, QRModules(it.Text, it.Level)
		case ItemImage:
			wb := it.Width / 8
			bit := func(x, y int) bool { return it.Raster[y*wb+x/8]&(0x80>>(x%8)) != 0 }
			for y := 0; y < it.Height; y++ {
				for x := 0; x < it.Width; x++ {
					if !bit(x, y) {
						continue
					}
					run := 0
					for x+run < it.Width && bit(x+run, y) {
						run++
					}
					if run%7 != 0 || x != y {
						t.Fatalf("the raster QR's finder pattern starts at %d,%d and is %d dots wide", x, y, run)
					}
					module = run / 7
					return module, it.Height/module - 2*qrQuietZone
				}
			}
		}
	}
	t.Fatalf("no QR code in\n%s", doc.Text())
	return 0, 0
}

// Ticket codes are alphanumeric (version 7, 45 modules): the module is the
// largest with which the code fits its area (30 mm on a Spectacle ticket,
// 18.75 mm on a Cinema one), not the size byte mode would need (version 9).
func TestQRModuleFromRealVersion(t *testing.T) {
	want := map[string][2]int{ // profile: spectacle, cinema module in dots
		"tm-t20": {5, 3}, "generic80": {5, 3}, "generic80-640": {5, 3}, "generic80-noqr": {5, 3}, "generic58": {5, 3},
		"tm-t88": {4, 2}, // 180 dpi: 213 and 133 dots of area
	}
	for _, name := range ProfileNames() {
		p := profiles[name]
		for i, f := range []Format{Spectacle, Cinema} {
			b, err := EncodeTicket(SampleTicket(f, "fr"), p)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			module, modules := qrOf(t, doc)
			if modules != 45 {
				t.Errorf("%s/%s: the sample code is %d modules, want 45 (version 7)", name, f, modules)
			}
			if module != want[name][i] {
				t.Errorf("%s/%s: module %d dots, want %d", name, f, module, want[name][i])
			}
			area := map[Format]float64{Spectacle: spectacleQRMM, Cinema: cinemaQRMM}[f] * p.DotsPerMM()
			if side := module * modules; float64(side) > area || side+2*qrQuietZone*module > p.Dots {
				t.Errorf("%s/%s: a %d-dot code does not fit its %.0f-dot area on %d dots of paper", name, f, side, area, p.Dots)
			}
		}
	}
}

// A ticket is its stock's length: what the bytes print and feed, plus the
// cutter's feed before the cut. The stock lengths in dots are written out
// here, not derived: 203.2 and 76.2 mm at 8 dots/mm and at 180 dpi.
func TestTicketLengthIsStock(t *testing.T) {
	stock := map[Format]map[int]int{Spectacle: {203: 1626, 180: 1440}, Cinema: {203: 610, 180: 540}}
	long := strings.Repeat("Très long texte ", 30)
	for _, name := range ProfileNames() {
		p := profiles[name]
		dpi := 203
		if p.DPI != 0 {
			dpi = p.DPI
		}
		for _, f := range []Format{Spectacle, Cinema} {
			for _, variant := range []string{"sample", "duplicate", "long zone", "long"} {
				tk := SampleTicket(f, "fr")
				switch variant {
				case "duplicate":
					tk.Duplicate = true
				case "long zone": // zone, row and seat on two lines
					tk.Zone, tk.Row, tk.Seat = "Deuxième balcon côté cour", "AA", "112"
				case "long":
					tk.Duplicate = true
					tk.Organiser, tk.Event, tk.When, tk.Venue, tk.Category = long, long, long, long, long
					tk.Zone = long
					tk.CustomText, tk.Customer, tk.OfferName = long+"\n"+long+"\n"+long, long, long
				}
				b, err := EncodeTicket(tk, p)
				if err != nil {
					t.Fatal(err)
				}
				doc, err := Decode(b)
				if err != nil {
					t.Fatal(err)
				}
				got := doc.Height() + p.CutterFeedDots()
				want := stock[f][dpi]
				if got < want-2 || got > want+2 {
					t.Errorf("%s/%s/%s: %d dots of paper (%d printed and fed + %d to the cutter), the stock is %d:\n%s",
						name, f, variant, got, doc.Height(), p.CutterFeedDots(), want, doc.Text())
				}
				if module, _ := qrOf(t, doc); module < 2 {
					t.Errorf("%s/%s/%s: the text left the QR code %d-dot modules", name, f, variant, module)
				}
			}
		}
	}
}

// On 58 mm paper the ticket number lines keep the whole number and
// DUPLICATA (wrapped between parts, never cut), and no line is wider than
// the paper.
func TestNarrowTicketNumbersWrap(t *testing.T) {
	p := profiles["generic58"]
	for _, f := range []Format{Spectacle, Cinema} {
		for _, lang := range []string{"fr", "en"} {
			tk := SampleTicket(f, lang)
			tk.Duplicate = true
			b, err := EncodeTicket(tk, p)
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := Decode(b)
			var lines []string
			for _, it := range doc.Items {
				if it.Kind != ItemLine {
					continue
				}
				var sb strings.Builder
				cols := p.ColumnsA
				for _, s := range it.Spans {
					sb.WriteString(s.Text)
					if s.FontB {
						cols = p.ColumnsB
					}
					cols /= max(s.Width, 1)
				}
				l := sb.String()
				if n := utf8.RuneCountInString(l); n > cols {
					t.Errorf("%s/%s: line of %d columns, the paper has %d: %q", f, lang, n, cols, l)
				}
				lines = append(lines, l)
			}
			// The last lines (the stub, on a Spectacle ticket) carry the numbers and the duplicate mark.
			dup := wordsFor(lang).Duplicate
			tail := strings.Join(lines[len(lines)-2:], "\n")
			for _, want := range []string{tk.OrderNumber, tk.TicketNumber, dup} {
				if !strings.Contains(tail, want) {
					t.Errorf("%s/%s: %q missing from the last lines:\n%s", f, lang, want, tail)
				}
			}
			if strings.Contains(tail, "...") {
				t.Errorf("%s/%s: the number lines are cut:\n%s", f, lang, tail)
			}
		}
	}
}

func ExampleDocument_Height() {
	p, _ := LookupProfile("tm-t88")
	b, _ := EncodeTicket(SampleTicket(Cinema, "en"), p)
	doc, _ := Decode(b)
	fmt.Printf("%.1f mm\n", float64(doc.Height()+p.CutterFeedDots())/p.DotsPerMM())
	// Output: 76.2 mm
}
