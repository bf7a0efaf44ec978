package printers

import (
	"bytes"
	"testing"

	"github.com/hennedo/escpos"
)

// TestLineAsEscposWrite checks that encoder.line sends, for every style,
// the bytes escpos.Write sent before it wrote the style commands itself.
func TestLineAsEscposWrite(t *testing.T) {
	text := []byte("Concert \x80 12.12")
	for _, bold := range []bool{false, true} {
		for _, underline := range []bool{false, true} {
			for _, reverse := range []bool{false, true} {
				for _, align := range []uint8{alignLeft, alignCenter, alignRight} {
					for _, size := range [][2]uint8{{1, 1}, {2, 2}, {1, 2}, {2, 1}, {0, 0}} {
						st := style{bold: bold, underline: underline, reverse: reverse, align: align, w: size[0], h: size[1]}
						e := newEncoder(Profile{}, false)
						e.line(text, st)
						got, err := e.finish()
						if err != nil {
							t.Fatal(err)
						}
						var want bytes.Buffer
						p := escpos.New(&want)
						p.Style = escpos.Style{Bold: bold, Reverse: reverse, Width: max(size[0], 1), Height: max(size[1], 1), Justify: align}
						if underline {
							p.Style.Underline = 1
						}
						if _, err := p.Write(string(text)); err != nil {
							t.Fatal(err)
						}
						if _, err := p.WriteRaw([]byte{lf}); err != nil {
							t.Fatal(err)
						}
						if err := p.Print(); err != nil {
							t.Fatal(err)
						}
						if !bytes.Equal(got, want.Bytes()) {
							t.Errorf("%+v: line sends\n%q\nescpos.Write\n%q", st, got, want.Bytes())
						}
					}
				}
			}
		}
	}
}
