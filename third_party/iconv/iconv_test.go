package iconv

import (
	"errors"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestRoundTrip converts the conversions github.com/hennedo/escpos opens
// (utf-8 to gbk, utf-8 to cp850) and back, and checks known bytes.
func TestRoundTrip(t *testing.T) {
	cases := []struct {
		to, text string
		want     []byte // the encoded bytes, when known
	}{
		{"cp850", "Théâtre à Genève, Köln: 5 ½ œ? no", nil},
		{"cp850", "é è à ç ô ü", []byte{0x82, ' ', 0x8A, ' ', 0x85, ' ', 0x87, ' ', 0x93, ' ', 0x81}},
		{"gbk", "中文票务 ABC", nil},
		{"gbk", "中", []byte{0xD6, 0xD0}},
		{"cp850", "", nil},
	}
	for _, c := range cases {
		cd, err := Open(c.to, "utf-8")
		if err != nil {
			t.Fatalf("Open(%q, utf-8): %v", c.to, err)
		}
		out, left, err := cd.Conv([]byte(c.text), make([]byte, 4))
		if c.text == "Théâtre à Genève, Köln: 5 ½ œ? no" {
			// œ is not in CP850: libiconv stops there with EILSEQ.
			if !errors.Is(err, EILSEQ) || left != len("œ? no") {
				t.Errorf("%q: err %v, %d bytes left; want EILSEQ at œ", c.text, err, left)
			}
			if got := cd.ConvString(c.text); got != "" {
				t.Errorf("ConvString of unencodable text = %q, want \"\" (as libiconv's binding)", got)
			}
			continue
		}
		if err != nil || left != 0 {
			t.Fatalf("%s %q: %v, %d left", c.to, c.text, err, left)
		}
		if c.want != nil && string(out) != string(c.want) {
			t.Errorf("%s %q: % X, want % X", c.to, c.text, out, c.want)
		}
		if got := cd.ConvString(c.text); got != string(out) {
			t.Errorf("ConvString %q differs from Conv %q", got, out)
		}
		back, err := Open("utf-8", c.to)
		if err != nil {
			t.Fatal(err)
		}
		if got := back.ConvString(string(out)); got != c.text {
			t.Errorf("%s round trip: %q, want %q", c.to, got, c.text)
		}
		if err := cd.Close(); err != nil {
			t.Error(err)
		}
	}
}

// The stand-in agrees with x/text's own tables on every CP850 character.
func TestCP850Table(t *testing.T) {
	cd, _ := Open("CP850", "UTF-8")
	for b := 0x20; b < 0x100; b++ {
		if b == 0x7F {
			continue
		}
		r := charmap.CodePage850.DecodeByte(byte(b))
		if got := cd.ConvString(string(r)); got != string([]byte{byte(b)}) {
			t.Errorf("%q: % X, want %02X", r, got, b)
		}
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("票")
	cd, _ = Open("gbk", "utf-8")
	if got := cd.ConvString("票"); got != gbk {
		t.Errorf("gbk 票: % X, want % X", got, gbk)
	}
}

func TestUnknownEncoding(t *testing.T) {
	if _, err := Open("ebcdic-xyz", "utf-8"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Open of an unknown encoding: %v", err)
	}
}
