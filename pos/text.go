package pos

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is a string in several languages, keyed by language code ("fr", "en").
// In a catalog file it is either an object {"fr": "...", "en": "..."} or a
// plain string used for every language.
type Text map[string]string

// In returns the text in lang, falling back to English, French, then any.
func (t Text) In(lang Lang) string {
	if s, ok := t[string(lang)]; ok && s != "" {
		return s
	}
	for _, l := range []string{"en", "fr"} {
		if s, ok := t[l]; ok && s != "" {
			return s
		}
	}
	best := ""
	for l, s := range t { // deterministic: smallest language code wins
		if s != "" && (best == "" || l < best) {
			best = l
		}
	}
	return t[best]
}

// UnmarshalJSON accepts an object of languages or a single string.
func (t *Text) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text{"": s}
		return nil
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*t = m
	return nil
}

// Clean removes control characters (C0 but newline when keepNewline, DEL,
// C1) and other non-printing runes from text that comes from people or files,
// so nothing typed into a name can drive a terminal or a printer.
func Clean(s string, keepNewline bool) string {
	clean := true
	for _, r := range s {
		if isControl(r, keepNewline) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !isControl(r, keepNewline) {
			b.WriteRune(r)
		} else if r == '\t' || r == '\r' || r == '\n' {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func isControl(r rune, keepNewline bool) bool {
	if r == '\n' && keepNewline {
		return false
	}
	if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == unicode.ReplacementChar {
		return true
	}
	// Bidi overrides and zero-width formatting can disguise text on screen.
	return unicode.Is(unicode.Cf, r)
}

// Fold turns text into its search key: lower case, accents removed, spaces
// collapsed, so "Zoé" and "ZOE" both find "zoe" and "Opéra" finds "opera".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToLower(s) {
		if rep, ok := foldTable[r]; ok {
			b.WriteString(rep)
			space = false
			continue
		}
		if unicode.Is(unicode.Mn, r) { // a combining accent typed separately
			continue
		}
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ")
}

// foldTable maps the lower-case accented letters of the languages a Swiss,
// French, German, Italian or Portuguese box office meets to plain letters.
var foldTable = func() map[rune]string {
	m := map[rune]string{}
	for plain, accented := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ",
		"o": "òóôõöøōŏő", "r": "ŕŗř", "s": "śŝşš", "t": "ţťŧ", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range accented {
			m[r] = plain
		}
	}
	m['æ'], m['œ'], m['ß'] = "ae", "oe", "ss"
	m['’'], m['‘'] = "'", "'"
	return m
}()

// MatchWords is the register's search: it reports whether each of the
// typed words (Fold-ed) begins a word of text (Fold-ed): "h" finds Hamlet and not every title with an h
// in it ("the", "Théâtre"), which on a season's list is nearly all of them;
// "ete" finds "Rêves d'été", "12" the 12th, "hamlet-03" a performance's id.
func MatchWords(text string, words []string) bool {
	for _, w := range words {
		if !beginsAWord(text, w) {
			return false
		}
	}
	return true
}

// beginsAWord reports whether w occurs in text at the start of a word:
// at the start of text, or after a character that is neither a letter
// nor a digit.
func beginsAWord(text, w string) bool {
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], w)
		if i < 0 {
			return false
		}
		i += from
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); i == 0 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return true
		}
		from = i + 1
	}
	return false
}
