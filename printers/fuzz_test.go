package printers

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

// FuzzTicketText puts the fuzzed string in every text field of a ticket and
// of a receipt, encodes, decodes, and checks that the decoder finds exactly
// the commands the layout emitted, at the same offsets: no input can smuggle
// a command (ESC, GS, DLE, FS...) into the stream.
//
//	go test ./printers -run '^$' -fuzz FuzzTicketText -fuzztime 60s
func FuzzTicketText(f *testing.F) {
	for _, s := range []string{
		"", "Hamlet", "é è à ç ô ü ä ö €", "œuvre — l’été…",
		"\x1b@", "\x1bt\x00", "\x1bp\x00\x19\xfa", "\x1dV\x42\x00", "\x1d(k\x03\x001Q0", "\x1dv0\x00\x01\x00\x01\x00\xff",
		"\x10\x04\x01", "\x10\x14\x01\x00\x05", "\x1c&", "\x00\x01\x02\x7f", "\u0085\u009b\u009d",
		"A\nB\r\nC\tD\rE", "\u202eevil\u200b", "e\u0301\u0327\u0308", "\xff\xfe\xc0\x80", "日本語 🎭",
		strings.Repeat("mot ", 200), strings.Repeat("x", 3000), "\x1b", "\x1d", "\x1d(", "\x1d(k",
	} {
		f.Add(s)
	}
	profs := []Profile{profiles["tm-t20"], profiles["generic58"]}
	f.Fuzz(func(t *testing.T, s string) {
		tk := Ticket{
			Organiser: s, Event: s, When: s, Venue: s, Zone: s, Row: s, Seat: s, Category: s,
			Price: s, RegularPrice: s, OfferName: s, OrderNumber: s, TicketNumber: s,
			CustomText: s, Customer: s, QRPayload: s, Lang: s, Duplicate: len(s)%2 == 1,
		}
		line := ReceiptLine{Text: s, Qty: len(s), Amount: s, Regular: s, OfferName: s}
		r := Receipt{
			Organiser: s, Register: s, Staff: s, OrderNumber: s, When: s,
			Lines: []ReceiptLine{line, line}, Discounts: []ReceiptLine{line}, Fees: []ReceiptLine{line},
			Total: s, Payments: []ReceiptLine{line}, Change: s, Rounding: s, VAT: s, Lang: s, OpenDrawer: true,
		}
		for _, p := range profs {
			for _, format := range []Format{Spectacle, Cinema} {
				tk.Format = format
				b, trace, err := encodeTraced(&tk, nil, p)
				if errors.Is(err, errQRTooLong) {
					tk.QRPayload = s[:maxQRBytes]
					b, trace, err = encodeTraced(&tk, nil, p)
				}
				if err != nil {
					t.Fatalf("%s/%s: %v", p.Name, format, err)
				}
				checkStream(t, b, trace)
			}
			b, trace, err := encodeTraced(nil, &r, p)
			if err != nil {
				t.Fatalf("receipt %s: %v", p.Name, err)
			}
			checkStream(t, b, trace)
		}
	})
}

func checkStream(t *testing.T, b []byte, trace []cmdMark) {
	t.Helper()
	doc, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Unknown) > 0 {
		t.Fatalf("unknown commands: %v", doc.Unknown)
	}
	if len(doc.Commands) != len(trace) {
		t.Fatalf("decoder found %d commands, the layout emitted %d", len(doc.Commands), len(trace))
	}
	for i, c := range doc.Commands {
		if c.Offset != trace[i].Off || c.Name != trace[i].Name {
			t.Fatalf("command %d: decoder found %s at %d, the layout emitted %s at %d",
				i, c.Name, c.Offset, trace[i].Name, trace[i].Off)
		}
	}
	for _, r := range doc.Text() {
		if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
			t.Fatalf("the preview holds control character %U", r)
		}
	}
}
