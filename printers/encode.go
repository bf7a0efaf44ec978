package printers

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/hennedo/escpos"
	"rsc.io/qr"
)

// Command bytes.
const (
	esc = 0x1B
	gs  = 0x1D
	dle = 0x10
	fs  = 0x1C
	lf  = 0x0A
)

// Estimated heights, in dots (8 dots/mm). Line spacing is the printer's
// default (3.75 mm on the TM-T20); heights are estimates used to feed tickets
// to their stock length and to check that a layout fits its format.
const (
	lineDots    = 30
	fontADots   = 24
	maxQRBytes  = 2331 // byte-mode capacity of a version 40 QR code at level M
	qrQuietZone = 4    // modules of white around a raster QR code
	maxQRModule = 16   // the largest module size GS ( k accepts
)

// lineHeight is the paper a line of text takes: the line spacing (ESC 2,
// 30 dots: 3.75 mm at 203 dpi, 1/6 inch at 180 dpi), plus the extra height
// of characters magnified h times. The decoder measures with it too.
func lineHeight(h uint8) int {
	return lineDots + fontADots*(max(int(h), 1)-1)
}

// align values for ESC a n.
const (
	alignLeft   = escpos.JustifyLeft
	alignCenter = escpos.JustifyCenter
	alignRight  = escpos.JustifyRight
)

// style is the text style of one line.
type style struct {
	bold, underline, reverse bool
	w, h                     uint8 // 1 or 2; never 0 (escpos would print at 8x)
	align                    uint8
	fontB                    bool
}

// cmdMark records one command the encoder emitted: its offset in the output
// and its name as the decoder names it. The fuzz test compares the two lists.
type cmdMark struct {
	Off  int
	Name string
}

// encoder drives github.com/hennedo/escpos for text styles and sends with
// WriteRaw what the library lacks or gets wrong. It writes into a buffer: a
// job is always encoded whole before a single byte goes to a printer.
type encoder struct {
	buf    *bytes.Buffer // the sink's
	p      *escpos.Escpos
	sink   *sink // nil once released
	prof   Profile
	cp     *CodePage
	off    int       // bytes handed to p so far
	trace  []cmdMark // filled only when tracing
	traced bool
	height int // estimated dots printed so far
	filler int // of which dots fed to bring a ticket to its stock length
	// qrModule is the module size of the last QR code, in dots, and
	// qrSpan its side in modules (with the quiet zone of a raster image):
	// the code takes qrModule*qrSpan dots of paper.
	qrModule, qrSpan int
	measuring        bool // a try of a layout: raster images are not drawn
	fontB            bool
	err              error
}

func newEncoder(prof Profile, traced bool) *encoder {
	s := sinks.Get().(*sink)
	s.buf.Reset()
	return &encoder{prof: prof, cp: prof.codePage(), traced: traced, buf: &s.buf, p: s.p, sink: s}
}

// sink is where an encoder writes: a buffer and the library's printer
// writing into it. Sinks are kept for the next job (a spooler encodes a
// sale's tickets one after the other, each laid out twice): a job's bytes
// are copied out of its sink once encoded.
type sink struct {
	buf  bytes.Buffer
	p    *escpos.Escpos
	line []byte // scratch for a line's style commands and text (encoder.line)
	// text is where a job's texts are laid out (encoder.alloc): cleaned
	// and transcoded fields, joined, padded, cut; lines, the lists of
	// lines they are wrapped into (encoder.allocLines). Reused by the next
	// job.
	text  []byte
	lines [][]byte
	cmd   []byte // scratch for a command's bytes (encoder.raw)
}

// textChunk is the size of a sink's text scratch: a ticket's texts, or a
// receipt's, take some 1,500 bytes; a bigger job takes more chunks.
const textChunk = 4096

// alloc is an empty slice of capacity n for a text of the job: cut from
// the sink's scratch, which the job's texts share (some hundred slices a
// sale's tickets and receipt no longer allocate one by one). Its capacity
// ends where the next one's begins: appending beyond n copies it
// elsewhere, never into another text. The job's texts live until its
// bytes are encoded (finish copies them out), never beyond: the next job
// writes over them.
func (e *encoder) alloc(n int) []byte {
	s := e.sink
	if cap(s.text)-len(s.text) < n {
		s.text = make([]byte, 0, max(textChunk, n))
	}
	off := len(s.text)
	s.text = s.text[:off+n]
	return s.text[off : off : off+n]
}

// linesChunk is the size of a sink's scratch of lines.
const linesChunk = 128

// allocLines is alloc for a list of lines of the job (n: the lines it
// usually takes; appending beyond copies it elsewhere).
func (e *encoder) allocLines(n int) [][]byte {
	s := e.sink
	if cap(s.lines)-len(s.lines) < n {
		s.lines = make([][]byte, 0, max(linesChunk, n))
	}
	off := len(s.lines)
	s.lines = s.lines[:off+n]
	return s.lines[off : off : off+n]
}

var sinks = sync.Pool{New: func() any {
	s := &sink{}
	s.buf.Grow(4096)
	s.p = escpos.New(&s.buf)
	return s
}}

// release gives the encoder's sink back: the encoder writes no more.
func (e *encoder) release() {
	s := e.sink
	if s == nil {
		return
	}
	e.sink, e.buf, e.p = nil, nil, nil
	_ = s.p.Print() // empties the library's buffer into s.buf (never fails)
	s.buf.Reset()
	s.text = s.text[:0]
	clear(s.lines) // the job's texts: not kept from the collector
	s.lines = s.lines[:0]
	sinks.Put(s)
}

func (e *encoder) mark(name string, n int) {
	if e.traced {
		e.trace = append(e.trace, cmdMark{e.off, name})
	}
	e.off += n
}

// raw sends one command through WriteRaw.
func (e *encoder) raw(name string, b ...byte) {
	if e.err != nil {
		return
	}
	e.mark(name, len(b))
	// from the sink's scratch: b, handed to the library, would be
	// allocated at each command
	e.sink.cmd = append(e.sink.cmd[:0], b...)
	_, e.err = e.p.WriteRaw(e.sink.cmd)
}

// begin resets the printer and selects the profile's code page. ESC @ resets
// the code page too, so ESC t always follows it.
func (e *encoder) begin() {
	e.mark("ESC @", 2)
	_, e.err = e.p.Initialize()
	e.raw("ESC t", esc, 't', e.cp.Number)
	e.mark("ESC 2", 2)
	if e.err == nil {
		_, e.err = e.p.DefaultLineSpacing()
	}
}

// styleNames are the commands escpos.Write sends before every text, in order.
var styleNames = [...]string{"ESC E", "ESC -", "GS B", "ESC V", "ESC {", "ESC a", "GS !"}

// line prints one line of already transcoded text in style st, then LF.
//
// It sends what escpos.Write would: the seven style commands escpos.Write
// sends before every text (styleCommands), then the bytes unchanged (it
// does not transcode; its WriteWEU would, through iconv's CP850, which has
// no euro sign and no fallback). The bytes are ours: Clean and
// CodePage.AppendText guarantee they hold no byte below 0x20, so a line can
// never carry a command.
func (e *encoder) line(text []byte, st style) {
	if e.err != nil {
		return
	}
	if st.fontB != e.fontB {
		e.raw("ESC M", esc, 'M', boolByte(st.fontB))
		e.fontB = st.fontB
	}
	if st.w < 1 {
		st.w = 1
	}
	if st.h < 1 {
		st.h = 1
	}
	for _, n := range styleNames {
		e.mark(n, 3)
	}
	e.off += len(text)
	// One write from the sink's scratch buffer: escpos.Write allocated
	// each of its seven commands and two copies of the text, some 400
	// allocations a 4-ticket sale (TestLineAsEscposWrite checks the
	// bytes are the same).
	b := styleCommands(e.sink.line[:0], st)
	b = append(b, text...)
	e.sink.line = b
	if _, err := e.p.WriteRaw(b); err != nil {
		e.err = err
		return
	}
	e.raw("LF", lf)
	e.height += lineHeight(st.h)
}

// styleCommands appends to b the commands escpos.Write sends before every
// text (styleNames), for style st (w and h at least 1): bold, underline,
// reverse, rotation (off), upside down (off), justification, size. The
// library writes its booleans as the digits '0' and '1'.
func styleCommands(b []byte, st style) []byte {
	digit := func(on bool) byte {
		if on {
			return '1'
		}
		return '0'
	}
	var underline byte
	if st.underline {
		underline = 1
	}
	return append(b,
		esc, 'E', digit(st.bold),
		esc, '-', underline,
		gs, 'B', digit(st.reverse),
		esc, 'V', '0',
		esc, '{', '0',
		esc, 'a', st.align,
		gs, '!', (st.w-1)<<4|(st.h-1))
}

// blank feeds one empty line.
func (e *encoder) blank() {
	e.raw("LF", lf)
	e.height += lineDots
}

// feedDots feeds n dots of paper with ESC J (at most 255 per command).
func (e *encoder) feedDots(n int) {
	for n > 0 {
		k := min(n, 255)
		e.raw("ESC J", esc, 'J', byte(k))
		e.height += k
		n -= k
	}
}

// fill feeds n dots of blank paper to bring a ticket to its length.
func (e *encoder) fill(n int) {
	if n > 0 {
		e.feedDots(n)
		e.filler += n
	}
}

// cut feeds to the cutter and makes a partial cut (GS V 66 0). escpos.Cut
// sends a full cut (GS V 65 48), which drops tickets on the floor.
func (e *encoder) cut() {
	e.raw("GS V", gs, 'V', 66, 0)
}

// drawer pulses the cash drawer on connector pin 2: ESC p 0 25 250 (50 ms on,
// 500 ms off).
func (e *encoder) drawer() {
	e.raw("ESC p", esc, 'p', 0, 25, 250)
}

var errQRTooLong = errors.New("the QR payload is too long")

// qrCode prints payload as a centred QR code, with the printer's own QR
// command when the profile has it, else as a raster image. Its side is the
// real code's (rsc.io/qr picks the version and the densest mode, as the
// printer does: a ticket code is alphanumeric, version 7 at level M, where
// byte mode would need version 9): the module is the largest, up to module
// dots, with which the code fits area dots and, with its quiet zone, the
// paper's width.
func (e *encoder) qrCode(payload string, area, module int) {
	if e.err != nil || payload == "" {
		return
	}
	if len(payload) > maxQRBytes {
		e.err = fmt.Errorf("%w: %d bytes, at most %d fit in a QR code", errQRTooLong, len(payload), maxQRBytes)
		return
	}
	modules, err := qrSide(payload, qr.M)
	if err != nil {
		e.err = fmt.Errorf("%w: %v", errQRTooLong, err)
		return
	}
	size := max(min(area/modules, e.prof.dots()/(modules+2*qrQuietZone), module, maxQRModule), 1)
	e.raw("ESC a", esc, 'a', alignCenter)
	e.qrModule, e.qrSpan = size, modules
	if e.prof.NativeQR {
		e.nativeQR(payload, byte(size))
		e.height += modules * size
	} else if e.qrSpan += 2 * qrQuietZone; e.measuring {
		e.height += e.qrSpan * size // a try of the layout only needs the height
	} else {
		code, err := qr.Encode(payload, qr.M)
		if err != nil {
			e.err = fmt.Errorf("cannot draw the QR code: %w", err)
			return
		}
		e.rasterQR(code, size)
	}
	e.raw("LF", lf)
	e.height += lineDots
}

// nativeQR sends GS ( k: model 2, module size, error level M, store, print.
// escpos.QRCode is not used: it sends the module size where the error
// correction level belongs (GS ( k 3 0 49 69 size).
func (e *encoder) nativeQR(payload string, size byte) {
	e.raw("GS ( k", gs, '(', 'k', 4, 0, 49, 65, 50, 0) // model 2
	e.raw("GS ( k", gs, '(', 'k', 3, 0, 49, 67, size)  // module size
	e.raw("GS ( k", gs, '(', 'k', 3, 0, 49, 69, 49)    // error correction M
	n := len(payload) + 3
	store := e.alloc(8 + len(payload))
	store = append(store, gs, '(', 'k', byte(n), byte(n>>8), 49, 80, 48)
	store = append(store, payload...)
	e.raw("GS ( k", store...)
	e.raw("GS ( k", gs, '(', 'k', 3, 0, 49, 81, 48) // print
}

// rasterQR draws the QR matrix (from rsc.io/qr) as a GS v 0 raster image
// with a quiet zone, size dots per module. escpos.PrintImage is not used: it
// goes through image.Image and float greyscale per pixel, and floors the
// width to a multiple of 8, clipping the right edge.
func (e *encoder) rasterQR(code *qr.Code, size int) {
	side := (code.Size + 2*qrQuietZone) * size // qrCode chose size so that side fits the paper
	img := qrRaster(code, size)
	wb := (side + 7) / 8
	cmd := make([]byte, 0, 8+len(img))
	cmd = append(cmd, gs, 'v', '0', 0, byte(wb), byte(wb>>8), byte(side), byte(side>>8))
	cmd = append(cmd, img...)
	e.raw("GS v 0", cmd...)
	e.height += side
}

// qrRaster renders code as rows of bits (1 = black), size dots per module,
// with a quiet zone of qrQuietZone modules.
func qrRaster(code *qr.Code, size int) []byte {
	side := (code.Size + 2*qrQuietZone) * size
	wb := (side + 7) / 8
	img := make([]byte, wb*side)
	for y := 0; y < code.Size; y++ {
		row := make([]byte, wb)
		for x := 0; x < code.Size; x++ {
			if !code.Black(x, y) {
				continue
			}
			x0 := (x + qrQuietZone) * size
			for d := x0; d < x0+size; d++ {
				row[d/8] |= 0x80 >> (d % 8)
			}
		}
		y0 := (y + qrQuietZone) * size
		for d := y0; d < y0+size; d++ {
			copy(img[d*wb:], row)
		}
	}
	return img
}

// finish flushes the library's buffer and returns the job's bytes (its
// own copy); the encoder writes no more.
func (e *encoder) finish() ([]byte, error) { return e.finishTo(nil) }

// finishTo is finish appending the bytes to dst.
func (e *encoder) finishTo(dst []byte) ([]byte, error) {
	defer e.release()
	if e.err == nil {
		e.err = e.p.Print()
	}
	if e.err != nil {
		return nil, e.err
	}
	if e.off != e.buf.Len() {
		// The offsets in the trace would be wrong: escpos changed what it sends.
		return nil, fmt.Errorf("printers: encoder bookkeeping is off (%d bytes counted, %d written)", e.off, e.buf.Len())
	}
	if dst == nil {
		return bytes.Clone(e.buf.Bytes()), nil
	}
	return append(dst, e.buf.Bytes()...), nil
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}
