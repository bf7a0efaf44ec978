package printers

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestCodePageTables checks the tables' invariants: no control characters in
// the upper halves, one byte per character, and CP858 is CP850 with the euro
// sign at 0xD5.
func TestCodePageTables(t *testing.T) {
	for _, cp := range codePages {
		seen := map[rune]bool{}
		for i, r := range cp.high {
			if r < 0xA0 && r != 0x00A0 && r >= 0x80 || r < 0x20 {
				t.Errorf("%s 0x%02X is a control character U+%04X", cp.Name, 0x80+i, r)
			}
			if seen[r] {
				t.Errorf("%s: U+%04X twice", cp.Name, r)
			}
			seen[r] = true
			if b := cp.rev[r]; b != byte(0x80+i) {
				t.Errorf("%s: U+%04X maps back to 0x%02X", cp.Name, r, b)
			}
		}
	}
	for i := range cp850High {
		if i == 0xD5-0x80 {
			if cp850High[i] != 'ı' || cp858High[i] != '€' {
				t.Errorf("0xD5: CP850 %q, CP858 %q", cp850High[i], cp858High[i])
			}
			continue
		}
		if cp850High[i] != cp858High[i] {
			t.Errorf("CP850 and CP858 differ at 0x%02X", 0x80+i)
		}
	}
}

func TestTranscode(t *testing.T) {
	cases := []struct {
		cp   *CodePage
		in   string
		want string
	}{
		{CP858, "é è à ç ô ü ä ö €", "\x82 \x8A \x85 \x87 \x93 \x81 \x84 \x94 \xD5"},
		{CP858, "ÀÉÈÊÎÔÛÇ ÄÖÜ ß ì ò ù", "\xB7\x90\xD4\xD2\xD7\xE2\xEA\x80 \x8E\x99\x9A \xE1 \x8D \x95 \x97"},
		{CP858, "œuvre l’été… “x” — Œ", "oeuvre l'\x82t\x82... \"x\" - OE"},
		{CP858, "e\u0301te\u0301 Cafe\u0300", "\x82t\x82 Caf\x8A"}, // decomposed accents
		{CP858, "Łódź Dvořák Škoda", "L\xA2dz Dvor\xA0k Skoda"},    // Latin Extended: bare letters
		{CP858, "日本 🎭 ı", "?? ? i"},
		{CP858, "a\u00A0b\u202Fc", "a b c"},
		{CP850, "5 €", "5 EUR"},
		{CP437, "Île À Ô €", "Ile A O EUR"},
		{CP437, "é ç ü", "\x82 \x87 \x81"},
	}
	for _, c := range cases {
		got := string(c.cp.Text(c.in))
		if got != c.want {
			t.Errorf("%s(%q) = %q, want %q", c.cp.Name, c.in, got, c.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	const s = "Théâtre Müller — Città: 5 € « ok » Ça, Ô, ß, Übermut, ÀÉÈ"
	got := CP858.DecodeText(CP858.Text(s))
	want := strings.ReplaceAll(s, "—", "-")
	if got != want {
		t.Errorf("round trip %q -> %q", s, got)
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain":                  "plain",
		"a\x1b@b\x1d(k\x10\x04c": "a@b(kc",
		"line\r\nnext\rthird":    "line\nnext\nthird",
		"tab\there":              "tab here",
		"del\x7f c1\u0085\u009b": "del c1",
		"bidi\u202eevil\u200b":   "bidievil",
		"sep\u2028x":             "sep\nx",
		"bad\xff\xfeutf8":        "bad\uFFFD\uFFFDutf8",
	}
	for in, want := range cases {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTextNeverControls: whatever the input, transcoded text holds no byte
// that a printer would read as a command.
func TestTextNeverControls(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x3000; r++ {
		all.WriteRune(r)
	}
	all.WriteString("\xff\xfe\xc0")
	for _, cp := range codePages {
		for i, b := range cp.Text(all.String()) {
			if b < 0x20 && b != '\n' || b == 0x7F {
				t.Fatalf("%s: byte 0x%02X at %d", cp.Name, b, i)
			}
		}
	}
	if !utf8.ValidString(CP858.DecodeText([]byte{0x80, 0xFF, 0x1B})) {
		t.Error("DecodeText gave invalid UTF-8")
	}
}

// cleanEveryRune is Clean as it was first written, rune by rune, with no
// shortcut for text that keeps every character: TestCleanShortcut holds
// Clean to it.
func cleanEveryRune(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F):
		case unicode.Is(unicode.Cf, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestCleanShortcut: Clean returns text whose every character stays as it
// is without copying it, and anything else as cleaned rune by rune.
func TestCleanShortcut(t *testing.T) {
	pieces := []string{"a", "Z", " ", "\n", "\r", "\r\n", "\t", "\x00", "\x1b", "\x7f", "é", "€", "œ", "’",
		"\u0085", "\u009f", "\u00a0", "\u00ad", "\u200b", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd",
		"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "日", "🎭", "\U000e0001", "e\u0301"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := Clean(s), cleanEveryRune(s); got != want {
			t.Fatalf("Clean(%q) = %q, want %q", s, got, want)
		}
	}
}
