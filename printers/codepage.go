package printers

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CodePage is a printer character table: the number selected with ESC t n and
// the characters of its upper half. The lower half is ASCII.
type CodePage struct {
	Name   string // "CP858"
	Number byte   // n in ESC t n (Epson numbering)
	high   *[128]rune
	rev    map[rune]byte
}

func newCodePage(name string, n byte, high *[128]rune) *CodePage {
	cp := &CodePage{Name: name, Number: n, high: high, rev: make(map[rune]byte, 128)}
	for i, r := range high {
		if _, dup := cp.rev[r]; !dup {
			cp.rev[r] = byte(0x80 + i)
		}
	}
	return cp
}

// The code pages this package can transcode to. CP858 is CP850 with the euro
// sign at 0xD5 (where CP850 has the dotless i): it covers French, German and
// Italian and is the default of every named profile.
var (
	CP437 = newCodePage("CP437", 0, &cp437High)
	CP850 = newCodePage("CP850", 2, &cp850High)
	CP858 = newCodePage("CP858", 19, &cp858High)
)

var codePages = []*CodePage{CP437, CP850, CP858}

// codePageByNumber returns the code page selected by ESC t n, or nil when this
// package does not know it.
func codePageByNumber(n byte) *CodePage {
	for _, cp := range codePages {
		if cp.Number == n {
			return cp
		}
	}
	return nil
}

// decodeByte returns the character a printer prints for text byte b (>= 0x20).
func (cp *CodePage) decodeByte(b byte) rune {
	if b < 0x80 {
		return rune(b)
	}
	if cp == nil {
		return utf8.RuneError
	}
	return cp.high[b-0x80]
}

// Clean removes from s everything that must never reach a printer or a
// terminal: C0 control bytes except line feed (a tab becomes a space, CR LF and
// a lone CR become LF), DEL, the C1 controls U+0080..U+009F and Unicode format
// characters (bidi overrides, zero-width characters, BOM, soft hyphen).
// U+2028 and U+2029 become LF. Invalid UTF-8 becomes U+FFFD, which prints "?".
func Clean(s string) string {
	// The text kept as it is, up to the first character that changes: most
	// text, accents and all, has none and is returned without a copy.
	i := 0
	for i < len(s) {
		if c := s[i]; c < 0x80 {
			if c < 0x20 && c != '\n' || c == 0x7F {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r <= 0x9F || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // CR LF: the LF follows
			}
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F):
			// control: dropped
		case unicode.Is(unicode.Cf, r):
			// format character: dropped
		default:
			b.WriteRune(r) // invalid UTF-8 was decoded as U+FFFD
		}
	}
	return b.String()
}

// fallback spells characters that no supported code page has, in ASCII (or in
// characters that are then looked up again).
var fallback = map[rune]string{
	'œ': "oe", 'Œ': "OE", 'æ': "ae", 'Æ': "AE", 'ß': "ss", 'ẞ': "SS",
	'\u2018': "'", '\u2019': "'", '\u201A': ",", '\u201B': "'", '\u2032': "'", '`': "`",
	'\u201C': "\"", '\u201D': "\"", '\u201E': "\"", '\u201F': "\"", '\u2033': "\"",
	'«': "<<", '»': ">>", '\u2039': "<", '\u203A': ">",
	'\u2010': "-", '\u2011': "-", '\u2012': "-", '\u2013': "-", '\u2014': "-", '\u2015': "-", '\u2212': "-",
	'\u2026': "...", '\u2022': "*", '\u00B7': ".", '\u2219': ".",
	'€': "EUR", '£': "GBP", '¥': "JPY", '¢': "c", '\u20A3': "F", '\u2030': "o/oo",
	'™': "TM", '©': "(C)", '®': "(R)", '°': "o", '×': "x", '÷': "/",
	'½': "1/2", '¼': "1/4", '¾': "3/4", '¹': "1", '²': "2", '³': "3",
	'§': "S.", '¶': "P.", 'µ': "u", '¤': "?", '¦': "|", '¬': "-", '¯': "-", '´': "'", '¨': "\"", '¸': ",",
	'¡': "!", '¿': "?", 'ª': "a", 'º': "o", 'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "Th", 'ı': "i",
	'Ł': "L", 'ł': "l", 'Đ': "D", 'đ': "d", 'Ħ': "H", 'ħ': "h", 'Ŀ': "L", 'ŀ': "l", 'Ŧ': "T", 'ŧ': "t",
	'Ø': "O", 'ø': "o",
	'\u00A0': " ", '\u2002': " ", '\u2003': " ", '\u2004': " ", '\u2005': " ", '\u2006': " ",
	'\u2007': " ", '\u2008': " ", '\u2009': " ", '\u200A': " ", '\u202F': " ", '\u205F': " ", '\u3000': " ",
	'\u2116': "No", '\u2192': "->", '\u2190': "<-", '\u2713': "v", '\u2714': "v",
}

// AppendText transcodes s, which must already be Clean, to cp and appends it
// to dst: printable ASCII and LF as they are, characters of the code page as
// their byte, a letter followed by a combining accent as the precomposed
// letter, other characters through the ASCII fallback ("œ" -> "oe",
// "’" -> "'", "…" -> "...", accented letters without their accent) and
// anything left as "?". The result never holds a byte below 0x20 other than
// LF, nor 0x7F, whatever s is.
func (cp *CodePage) AppendText(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c >= 0x20 && c != 0x7F || c == '\n' {
				dst = append(dst, c)
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			// A combining mark right after: try the precomposed letter.
			if i < len(s) && s[i] >= 0xCC && s[i] <= 0xCD {
				if m, msize := utf8.DecodeRuneInString(s[i:]); unicode.Is(unicode.Mn, m) {
					if pc, ok := composeTable[[2]rune{r, m}]; ok {
						r = pc
						i += msize
					}
				}
			}
			dst = cp.appendRune(dst, r, 0)
			continue
		}
		// ASCII letter followed by a combining mark.
		if i < len(s) && s[i] >= 0xCC && s[i] <= 0xCD && len(dst) > 0 {
			m, msize := utf8.DecodeRuneInString(s[i:])
			if pc, ok := composeTable[[2]rune{rune(c), m}]; ok {
				dst = dst[:len(dst)-1]
				dst = cp.appendRune(dst, pc, 0)
				i += msize
			}
		}
	}
	return dst
}

func (cp *CodePage) appendRune(dst []byte, r rune, depth int) []byte {
	if r < 0x80 {
		if r >= 0x20 && r != 0x7F || r == '\n' {
			return append(dst, byte(r))
		}
		return dst
	}
	if b, ok := cp.rev[r]; ok && r != 0xA0 && r != 0xAD {
		return append(dst, b)
	}
	if unicode.Is(unicode.Mn, r) {
		return dst // a combining mark we could not join: the letter stays bare
	}
	if depth < 2 {
		if s, ok := fallback[r]; ok {
			for _, fr := range s {
				dst = cp.appendRune(dst, fr, depth+1)
			}
			return dst
		}
	}
	if b, ok := latinBase[r]; ok {
		return append(dst, b)
	}
	return append(dst, '?')
}

// Text returns s cleaned and transcoded to cp, as printer bytes.
func (cp *CodePage) Text(s string) []byte {
	return cp.AppendText(nil, Clean(s))
}

// DecodeText turns printer text bytes in cp back into UTF-8. Bytes below 0x20
// other than LF become "?" (they would be commands, not text).
func (cp *CodePage) DecodeText(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c == '\n':
			sb.WriteByte('\n')
		case c < 0x20 || c == 0x7F:
			sb.WriteByte('?')
		default:
			sb.WriteRune(cp.decodeByte(c))
		}
	}
	return sb.String()
}
