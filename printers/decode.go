package printers

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"rsc.io/qr"
)

// Align is a line's justification (ESC a n).
type Align int

const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// Span is a run of text printed in one style.
type Span struct {
	Text                            string // UTF-8, decoded from the code page in effect
	Bold, Underline, Reverse, FontB bool
	Width, Height                   int // character magnification, 1..8
}

// ItemKind says what an Item is.
type ItemKind int

const (
	ItemLine     ItemKind = iota // a printed line of text (Spans; may be empty)
	ItemQR                       // a QR code printed with GS ( k (Text is the payload)
	ItemImage                    // a raster image (Width x Height dots, Raster the bits)
	ItemCut                      // a paper cut (Text says "partial" or "full")
	ItemDrawer                   // a cash drawer kick
	ItemCodePage                 // a code page change (Text is its name)
	ItemFeed                     // paper fed without printing (Height dots)
	ItemStatus                   // a status request inside the stream
	ItemUnknown                  // a command the decoder does not know (Text describes it)
)

// Item is one thing the printer does, in order.
type Item struct {
	Kind          ItemKind
	Align         Align
	Spans         []Span // ItemLine
	Text          string // payload or description, see ItemKind
	Width, Height int    // ItemImage: size in dots; ItemFeed: Height in dots; ItemQR: Width is the module size
	Level         byte   // ItemQR: error correction, as GS ( k sent it ('0'..'3' for L, M, Q, H)
	Raster        []byte // ItemImage: rows of bits, 1 = black
}

// Command is one command found in the stream, at byte Offset. Name is
// "ESC E", "GS ( k", "LF"... or, for an unknown command, e.g. "ESC 0x7A".
type Command struct {
	Offset int
	Name   string
	Len    int
}

// Document is a decoded ESC/POS stream: what a person would see come out of
// the printer, and every command found.
type Document struct {
	Items    []Item
	Commands []Command // every command, text excluded, in order
	Unknown  []Command // the commands the decoder does not know, in order
	// Columns is the line width used by Text to centre lines (48 when 0).
	Columns int
}

type tokKind int

const (
	tokText tokKind = iota
	tokCmd
	tokUnknown
)

type token struct {
	kind tokKind
	name string
	n    int
}

// isText reports whether b prints as a character.
func isText(b byte) bool { return b >= 0x20 && b != 0x7F }

// escArgs and gsArgs give the number of parameter bytes of the fixed-length
// commands this package knows.
var escArgs = map[byte]int{
	'@': 0, 'E': 1, '-': 1, 'a': 1, 't': 1, 'p': 3, 'd': 1, 'J': 1, '2': 0, '3': 1,
	'V': 1, '{': 1, 'M': 1, '!': 1,
}

var gsArgs = map[byte]int{'!': 1, 'B': 1, 'r': 1}

// scan reads the token at the start of b. ok is false when b ends inside a
// command (more bytes are needed).
func scan(b []byte) (t token, ok bool) {
	c := b[0]
	if isText(c) {
		n := 1
		for n < len(b) && isText(b[n]) {
			n++
		}
		return token{tokText, "", n}, true
	}
	unknown := func(name string, n int) (token, bool) { return token{tokUnknown, name, n}, true }
	need := func(name string, n int) (token, bool) {
		if len(b) < n {
			return token{tokCmd, name, n}, false
		}
		return token{tokCmd, name, n}, true
	}
	switch c {
	case lf:
		return token{tokCmd, "LF", 1}, true
	case '\r':
		return token{tokCmd, "CR", 1}, true
	case '\t':
		return token{tokCmd, "HT", 1}, true
	case esc:
		if len(b) < 2 {
			return token{tokCmd, "ESC", 2}, false
		}
		if k, known := escArgs[b[1]]; known {
			return need("ESC "+string(b[1]), 2+k)
		}
		return unknown(fmt.Sprintf("ESC 0x%02X", b[1]), 2)
	case gs:
		if len(b) < 2 {
			return token{tokCmd, "GS", 2}, false
		}
		switch x := b[1]; x {
		case 'V':
			if len(b) < 3 {
				return token{tokCmd, "GS V", 3}, false
			}
			switch b[2] {
			case 0, 1, 48, 49:
				return need("GS V", 3)
			case 65, 66, 97, 98, 103, 104:
				return need("GS V", 4)
			}
			return unknown(fmt.Sprintf("GS V 0x%02X", b[2]), 3)
		case '(':
			if len(b) < 5 {
				return token{tokCmd, "GS (", 5}, false
			}
			n := 5 + int(b[3]) + int(b[4])<<8
			name := "GS ( " + printableName(b[2])
			if b[2] == 'k' {
				if len(b) < 6 {
					return token{tokCmd, name, n}, false
				}
				if b[5] == 49 && n >= 7 { // QR code
					return need(name, n)
				}
				name += fmt.Sprintf(" cn=%d", b[5])
			}
			if len(b) < n {
				return token{tokUnknown, name, n}, false
			}
			return unknown(name, n)
		case 'v':
			if len(b) < 3 {
				return token{tokCmd, "GS v", 3}, false
			}
			if b[2] != '0' {
				return unknown(fmt.Sprintf("GS v 0x%02X", b[2]), 3)
			}
			if len(b) < 8 {
				return token{tokCmd, "GS v 0", 8}, false
			}
			w := int(b[4]) | int(b[5])<<8
			h := int(b[6]) | int(b[7])<<8
			return need("GS v 0", 8+w*h)
		default:
			if k, known := gsArgs[x]; known {
				return need("GS "+string(x), 2+k)
			}
			return unknown(fmt.Sprintf("GS 0x%02X", x), 2)
		}
	case dle:
		if len(b) < 2 {
			return token{tokCmd, "DLE", 2}, false
		}
		switch b[1] {
		case 0x04:
			return need("DLE EOT", 3)
		case 0x14:
			if len(b) < 3 {
				return token{tokCmd, "DLE DC4", 3}, false
			}
			if b[2] == 1 {
				return need("DLE DC4", 5)
			}
			return unknown(fmt.Sprintf("DLE DC4 0x%02X", b[2]), 3)
		}
		return unknown(fmt.Sprintf("DLE 0x%02X", b[1]), 2)
	case fs:
		if len(b) < 2 {
			return unknown("FS", 1)
		}
		return unknown(fmt.Sprintf("FS 0x%02X", b[1]), 2)
	}
	return unknown(fmt.Sprintf("0x%02X", c), 1)
}

func printableName(c byte) string {
	if c > 0x20 && c < 0x7F {
		return string(c)
	}
	return fmt.Sprintf("0x%02X", c)
}

// decoder state while reading a stream.
type decoder struct {
	doc   Document
	off   int // offset of the command being handled
	cp    *CodePage
	cur   Span
	align Align
	line  *Item // the line being printed, nil at the start of a line
	qr    struct {
		data   []byte
		stored bool
		size   byte
		level  byte
	}
}

func (d *decoder) reset() {
	d.cur = Span{Width: 1, Height: 1}
	d.align = AlignLeft
	d.cp = CP437 // the power-on code page of ESC/POS printers
}

// Decode reads an ESC/POS stream: text (transcoded back to UTF-8 from the
// code page selected with ESC t), styles, QR codes, raster images, cuts,
// drawer kicks and code page changes. Commands it does not know are kept, in
// order, as ItemUnknown items and in Document.Unknown, never skipped
// silently. The error is non-nil only when the stream ends inside a command;
// the Document then holds everything before it.
func Decode(b []byte) (Document, error) {
	var d decoder
	d.reset()
	for off := 0; off < len(b); {
		t, ok := scan(b[off:])
		if !ok {
			d.flushLine()
			c := Command{Offset: off, Name: t.name, Len: len(b) - off}
			d.doc.Unknown = append(d.doc.Unknown, c)
			d.doc.Commands = append(d.doc.Commands, c)
			d.add(Item{Kind: ItemUnknown, Text: "truncated " + t.name})
			return d.doc, fmt.Errorf("the stream ends inside %s at byte %d", t.name, off)
		}
		body := b[off : off+t.n]
		if t.kind == tokText {
			d.text(body)
		} else {
			c := Command{Offset: off, Name: t.name, Len: t.n}
			d.doc.Commands = append(d.doc.Commands, c)
			if t.kind == tokUnknown {
				d.doc.Unknown = append(d.doc.Unknown, c)
				d.flushLine()
				d.add(Item{Kind: ItemUnknown, Text: "unknown " + t.name})
			} else {
				d.off = off
				d.command(t.name, body)
			}
		}
		off += t.n
	}
	d.flushLine()
	return d.doc, nil
}

func (d *decoder) add(it Item) {
	d.doc.Items = append(d.doc.Items, it)
}

func (d *decoder) text(b []byte) {
	if d.line == nil {
		d.line = &Item{Kind: ItemLine, Align: d.align}
	}
	var sb strings.Builder
	for _, c := range b {
		if c >= 0x80 && d.cp == nil {
			sb.WriteRune(utf8.RuneError)
			continue
		}
		sb.WriteRune(d.cp.decodeByte(c))
	}
	s := d.cur
	s.Text = sb.String()
	if n := len(d.line.Spans); n > 0 {
		last := &d.line.Spans[n-1]
		if t := last.Text; sameStyle(*last, s) {
			last.Text = t + s.Text
			return
		}
	}
	d.line.Spans = append(d.line.Spans, s)
}

func sameStyle(a, b Span) bool {
	a.Text, b.Text = "", ""
	return a == b
}

// flushLine ends a line that has text but no LF yet (before a QR code, a cut...).
func (d *decoder) flushLine() {
	if d.line != nil {
		d.add(*d.line)
		d.line = nil
	}
}

func (d *decoder) command(name string, b []byte) {
	arg := func(i int) byte { return b[i] }
	switch name {
	case "LF":
		if d.line == nil {
			d.add(Item{Kind: ItemLine, Align: d.align})
		} else {
			d.flushLine()
		}
	case "CR":
	case "HT":
		d.text([]byte("    "))
	case "ESC @":
		d.flushLine()
		d.reset()
	case "ESC E":
		d.cur.Bold = arg(2)&1 == 1
	case "ESC -":
		d.cur.Underline = arg(2)&3 != 0 // 1, 2 or '1', '2'
	case "ESC a":
		switch arg(2) {
		case 0, '0':
			d.align = AlignLeft
		case 1, '1':
			d.align = AlignCenter
		case 2, '2':
			d.align = AlignRight
		}
	case "ESC t":
		d.flushLine()
		d.cp = codePageByNumber(arg(2))
		if d.cp == nil {
			c := Command{Offset: d.off, Name: fmt.Sprintf("ESC t %d (code page not known)", arg(2)), Len: 3}
			d.doc.Unknown = append(d.doc.Unknown, c)
			d.add(Item{Kind: ItemCodePage, Text: fmt.Sprintf("unknown code page %d", arg(2))})
			return
		}
		d.add(Item{Kind: ItemCodePage, Text: d.cp.Name})
	case "ESC p", "DLE DC4":
		d.flushLine()
		d.add(Item{Kind: ItemDrawer})
	case "ESC d":
		d.flushLine()
		d.feed(int(arg(2)) * lineDots)
	case "ESC J":
		d.flushLine()
		d.feed(int(arg(2)))
	case "ESC 2", "ESC 3", "ESC V", "ESC {":
		// line spacing, rotation, upside-down: no effect on the preview
	case "ESC M":
		d.cur.FontB = arg(2)&1 == 1
	case "ESC !":
		m := arg(2)
		d.cur.FontB = m&1 == 1
		d.cur.Bold = m&8 != 0
		d.cur.Height = 1 + int(m>>4&1)
		d.cur.Width = 1 + int(m>>5&1)
		d.cur.Underline = m&0x80 != 0
	case "GS !":
		d.cur.Width = 1 + int(arg(2)>>4&7)
		d.cur.Height = 1 + int(arg(2)&7)
	case "GS B":
		d.cur.Reverse = arg(2)&1 == 1
	case "GS V":
		d.flushLine()
		kind := "full"
		if m := arg(2); m == 1 || m == 49 || m == 66 || m == 98 || m == 104 {
			kind = "partial"
		}
		d.add(Item{Kind: ItemCut, Text: kind})
	case "GS r":
		d.flushLine()
		d.add(Item{Kind: ItemStatus, Text: fmt.Sprintf("GS r %d", arg(2))})
	case "DLE EOT":
		d.flushLine()
		d.add(Item{Kind: ItemStatus, Text: fmt.Sprintf("DLE EOT %d", arg(2))})
	case "GS ( k":
		d.qrCommand(b)
	case "GS v 0":
		d.flushLine()
		w := (int(b[4]) | int(b[5])<<8) * 8
		h := int(b[6]) | int(b[7])<<8
		d.add(Item{Kind: ItemImage, Align: d.align, Width: w, Height: h, Raster: b[8:]})
	}
}

func (d *decoder) feed(dots int) {
	if n := len(d.doc.Items); n > 0 && d.doc.Items[n-1].Kind == ItemFeed {
		d.doc.Items[n-1].Height += dots
		return
	}
	d.add(Item{Kind: ItemFeed, Height: dots})
}

// qrCommand handles GS ( k with cn = 49 (QR code): b is the whole command.
func (d *decoder) qrCommand(b []byte) {
	fn := b[6]
	switch fn {
	case 67:
		d.qr.size = b[7]
	case 69:
		d.qr.level = b[7]
	case 80:
		d.qr.data = append(d.qr.data[:0], b[8:]...)
		d.qr.stored = true
	case 81:
		d.flushLine()
		d.add(Item{Kind: ItemQR, Align: d.align, Text: string(d.qr.data), Width: int(d.qr.size), Level: d.qr.level})
	}
}

// QRCodes returns the payloads of the QR codes printed with GS ( k, in order.
func (doc Document) QRCodes() []string {
	var out []string
	for _, it := range doc.Items {
		if it.Kind == ItemQR {
			out = append(out, it.Text)
		}
	}
	return out
}

// Height is the paper the document takes before the cutter's own feed, in
// dots: each printed line at the line spacing (taller for magnified text),
// QR codes (their real version, recomputed from the payload), images and
// feeds. It is what the encoder aims for (Profile.StockDots less
// Profile.CutterFeedDots for a ticket), measured on the bytes alone.
func (doc Document) Height() int {
	h := 0
	for _, it := range doc.Items {
		switch it.Kind {
		case ItemLine:
			tallest := 1
			for _, s := range it.Spans {
				tallest = max(tallest, s.Height)
			}
			h += lineHeight(uint8(tallest))
		case ItemQR:
			h += it.Width * QRModules(it.Text, it.Level)
		case ItemImage, ItemFeed:
			h += it.Height
		}
	}
	return h
}

// QRModules is the side, in modules, of the QR code a printer draws for
// payload at error correction level (GS ( k fn 69: '0'..'3' for L, M, Q, H),
// or 0 when it does not fit a QR code.
func QRModules(payload string, level byte) int {
	l := qr.M
	switch level {
	case 48:
		l = qr.L
	case 50:
		l = qr.Q
	case 51:
		l = qr.H
	}
	n, err := qrSide(payload, l)
	if err != nil {
		return 0
	}
	return n
}

// Plain returns the printed text alone: one line per printed line, no styles,
// no alignment, nothing else.
func (doc Document) Plain() string {
	var sb strings.Builder
	for _, it := range doc.Items {
		if it.Kind != ItemLine {
			continue
		}
		for _, s := range it.Spans {
			sb.WriteString(s.Text)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// Text renders the document for a person: one line per printed line, centred
// or right-aligned within Columns, **bold**, __underline__, [2x2 double size]
// and [inverse white on black] text, and on lines of their own [QR: payload],
// [image WxH], [feed N dots], [drawer kick], [code page CP858], --- cut ---
// and [unknown ESC 0x..]. Everything shown is safe for a terminal.
func (doc Document) Text() string {
	cols := doc.Columns
	if cols <= 0 {
		cols = 48
	}
	var sb strings.Builder
	for _, it := range doc.Items {
		var s string
		switch it.Kind {
		case ItemLine:
			s = renderLine(it.Spans)
			width := utf8.RuneCountInString(s)
			switch it.Align {
			case AlignCenter:
				s = strings.Repeat(" ", max((cols-width)/2, 0)) + s
			case AlignRight:
				s = strings.Repeat(" ", max(cols-width, 0)) + s
			}
			s = strings.TrimRight(s, " ")
		case ItemQR:
			s = "[QR: " + displaySafe(it.Text) + "]"
		case ItemImage:
			s = fmt.Sprintf("[image %dx%d]", it.Width, it.Height)
		case ItemCut:
			s = "--- cut ---"
		case ItemDrawer:
			s = "[drawer kick]"
		case ItemCodePage:
			s = "[code page " + it.Text + "]"
		case ItemFeed:
			s = fmt.Sprintf("[feed %d dots]", it.Height)
		case ItemStatus:
			s = "[status request " + it.Text + "]"
		case ItemUnknown:
			s = "[" + it.Text + "]"
		}
		sb.WriteString(s)
		sb.WriteByte('\n')
	}
	return sb.String()
}

func renderLine(spans []Span) string {
	var sb strings.Builder
	for _, sp := range spans {
		t := displaySafe(sp.Text)
		var tags []string
		if sp.Width > 1 || sp.Height > 1 {
			tags = append(tags, fmt.Sprintf("%dx%d", sp.Width, sp.Height))
		}
		if sp.Reverse {
			tags = append(tags, "inverse")
		}
		if len(tags) > 0 && strings.TrimSpace(t) != "" {
			t = "[" + strings.Join(tags, " ") + " " + t + "]"
		}
		if sp.Underline && strings.TrimSpace(t) != "" {
			t = "__" + t + "__"
		}
		if sp.Bold && strings.TrimSpace(t) != "" {
			t = "**" + t + "**"
		}
		sb.WriteString(t)
	}
	return sb.String()
}

// displaySafe escapes what a terminal must not receive (control and format
// characters, invalid UTF-8).
func displaySafe(s string) string {
	safe := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	q := strconv.QuoteToGraphic(s)
	return q[1 : len(q)-1]
}
