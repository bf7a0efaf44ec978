package printers

import (
	"strings"
	"testing"
)

func TestDecodeUnknownCommands(t *testing.T) {
	in := []byte("a\x1bzb\x1c&c\x07d\x1d(A\x02\x00xyz\x1bR\x00e\n")
	doc, err := Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range doc.Unknown {
		names = append(names, c.Name)
	}
	want := []string{"ESC 0x7A", "FS 0x26", "0x07", "GS ( A", "ESC 0x52", "0x00"} // ESC R's parameter is unknown too
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("unknown %q, want %q", names, want)
	}
	txt := doc.Text()
	for _, w := range []string{"[unknown ESC 0x7A]", "[unknown FS 0x26]", "[unknown 0x07]", "[unknown GS ( A]"} {
		if !strings.Contains(txt, w) {
			t.Errorf("%q not in\n%s", w, txt)
		}
	}
	// GS ( A carries its length: its data is skipped, not printed as text.
	if strings.Contains(txt, "xyz") {
		t.Errorf("the data of a length-prefixed unknown command printed as text:\n%s", txt)
	}
}

func TestDecodeTruncated(t *testing.T) {
	for _, in := range []string{"ab\x1b", "\x1dv0\x00\x02\x00\x02\x00\xff", "\x1d(k\x10\x001P0abc", "\x1dV"} {
		doc, err := Decode([]byte(in))
		if err == nil {
			t.Errorf("%q: no error", in)
		}
		if len(doc.Unknown) != 1 || !strings.Contains(doc.Text(), "[truncated") {
			t.Errorf("%q: %v\n%s", in, doc.Unknown, doc.Text())
		}
	}
}

func TestDecodeStyles(t *testing.T) {
	in := []byte("\x1b@\x1bt\x13\x1ba\x01\x1bE\x01\x1d!\x11Big\n\x1bE\x00\x1d!\x00\x1ba\x02right\n\x1ba\x00\x1b-\x01under\x1b-\x00 \x1dB\x01inv\x1dB\x00\n" +
		"\x82\xd5\n\x1bt\x00\xd5\n\x1bp\x00\x19\xfa\x1dV\x42\x00\x1bJ\x10\x1bJ\x10\x10\x04\x01")
	doc, err := Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	doc.Columns = 20
	want := `[code page CP858]
   **[2x2 Big]**
               right
__under__ [inverse inv]
é€
[code page CP437]
╒
[drawer kick]
--- cut ---
[feed 32 dots]
[status request DLE EOT 1]
`
	if got := doc.Text(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(doc.Unknown) != 0 {
		t.Errorf("unknown: %v", doc.Unknown)
	}
}

func TestDecodeRasterQR(t *testing.T) {
	tk := SampleTicket(Spectacle, "en")
	b, _ := EncodeTicket(tk, profiles["generic80-noqr"])
	doc, _ := Decode(b)
	var img *Item
	for i := range doc.Items {
		if doc.Items[i].Kind == ItemImage {
			img = &doc.Items[i]
		}
	}
	if img == nil || len(doc.QRCodes()) != 0 {
		t.Fatalf("no raster QR:\n%s", doc.Text())
	}
	if img.Width > profiles["generic80-noqr"].Dots || img.Height < 100 || len(img.Raster) != img.Width/8*img.Height {
		t.Errorf("image %dx%d with %d bytes", img.Width, img.Height, len(img.Raster))
	}
	// The quiet zone is white; the top-left finder pattern is black.
	bit := func(x, y int) bool { return img.Raster[y*img.Width/8+x/8]&(0x80>>(x%8)) != 0 }
	if bit(0, 0) || bit(img.Height-1, img.Height-1) {
		t.Error("the quiet zone is not white")
	}
	mod := img.Height / (QRModules(tk.QRPayload, '1') + 2*qrQuietZone)
	if mod < 1 || !bit(qrQuietZone*mod, qrQuietZone*mod) {
		t.Error("no finder pattern where it belongs")
	}
}

func TestDisplaySafe(t *testing.T) {
	doc := Document{Items: []Item{{Kind: ItemQR, Text: "a\x1b[2Jb\u202e"}}}
	if got := doc.Text(); strings.ContainsAny(got, "\x1b\u202e") {
		t.Errorf("control characters reach the terminal: %q", got)
	}
}
