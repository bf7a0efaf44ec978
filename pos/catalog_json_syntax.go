package pos

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// syntaxWords is encoding/json's description of a syntax mistake, inside
// the catalog's refusal ("the file is not valid JSON here (…)"): in
// English the decoder's own words, as they were; in French what it found
// and what was expected there, said in French where the decoder's words
// are ones it writes (encoding/json's scanner and Decoder), the
// character it found shown as the file has it (the decoder names a
// character outside ASCII by its first byte: 'Ã' for "É"). Words it does
// not know stay the decoder's, rather than lose what they say. off is the
// offset of the byte that broke the file.
func syntaxWords(data []byte, off int64, se *json.SyntaxError) Text {
	en := strings.TrimPrefix(se.Error(), "json: ")
	return Text{"en": en, "fr": syntaxFrench(data, off, en)}
}

// syntaxContexts are the French of the contexts encoding/json puts after
// "invalid character 'x' " (its scanner's and Decoder.Token's); %s is the
// character found, « x ».
var syntaxContexts = map[string]string{
	"looking for beginning of value":             "%s au lieu d'une valeur : un texte entre guillemets, un nombre, true, false, null, { ou [ était attendu",
	"looking for beginning of object key string": "%s au lieu d'un nom de champ entre guillemets",
	"after object key":                           "%s après un nom de champ, au lieu des deux-points :",
	"after object key:value pair":                "%s après une valeur, au lieu d'une virgule ou d'une accolade fermante }",
	"after array element":                        "%s après un élément de liste, au lieu d'une virgule ou d'un crochet fermant ]",
	"after top-level value":                      "%s après la fin du catalogue",
	"in string literal":                          "%s dans un texte entre guillemets, où un tel caractère s'écrit échappé (\\n, \\t)",
	"in string escape code":                      "%s après une barre oblique inverse \\ dans un texte, au lieu de \" \\ / b f n r t ou u",
	"in \\u hexadecimal character escape":        "%s dans un échappement \\u, qui prend quatre chiffres hexadécimaux",
	"in numeric literal":                         "%s dans un nombre",
	"after decimal point in numeric literal":     "%s après le point décimal d'un nombre, au lieu d'un chiffre",
	"in exponent of numeric literal":             "%s dans l'exposant d'un nombre, au lieu d'un chiffre",
	"exceeded max depth":                         "%s au-delà du nombre de niveaux imbriqués que le décodeur accepte",
}

// syntaxWhole are the French of encoding/json's syntax errors that name no
// character (Decoder.Token's, the end of the input).
var syntaxWhole = map[string]string{
	"expected comma after array element": "une virgule manque après un élément de liste",
	"expected colon after object key":    "les deux-points manquent après un nom de champ",
	"not at beginning of value":          "pas au début d'une valeur",
	"unexpected end of JSON input":       "le fichier s'arrête avant la fin du catalogue",
}

// literalContext is the scanner's context inside true, false or null.
var literalContext = regexp.MustCompile(`^in literal (true|false|null) \(expecting '(.)'\)$`)

// syntaxFrench is en, encoding/json's description, in French; en itself
// when it is not one of the decoder's known descriptions.
func syntaxFrench(data []byte, off int64, en string) string {
	if fr, ok := syntaxWhole[en]; ok {
		return fr
	}
	rest, ok := strings.CutPrefix(en, "invalid character ")
	if !ok {
		return en
	}
	for ctx, fr := range syntaxContexts {
		if q, ok := strings.CutSuffix(rest, " "+ctx); ok && isQuotedChar(q) {
			return fmt.Sprintf(fr, foundChar(data, off, q))
		}
	}
	if i := strings.Index(rest, "' in literal "); i >= 0 && isQuotedChar(rest[:i+1]) {
		if m := literalContext.FindStringSubmatch(rest[i+2:]); m != nil {
			return fmt.Sprintf("%s dans le mot %s, au lieu de « %s »", foundChar(data, off, rest[:i+1]), m[1], m[2])
		}
	}
	return en
}

// isQuotedChar: q is a character as encoding/json quotes it ('x', '\n').
func isQuotedChar(q string) bool {
	return len(q) >= 3 && q[0] == '\'' && q[len(q)-1] == '\''
}

// foundChar is the character the decoder names (q, quoted its way), as a
// French reader finds it in the file: « É » for the byte the decoder
// quoted 'Ã' when the file's character there is that, a control
// character by its name or its escape.
func foundChar(data []byte, off int64, q string) string {
	if off >= 0 && off < int64(len(data)) && quoteJSONChar(data[off]) == q {
		r, _ := utf8.DecodeRune(data[off:])
		switch {
		case r == '\n':
			return "un saut de ligne"
		case r == '\r':
			return "un retour chariot"
		case r == '\t':
			return "une tabulation"
		case r != utf8.RuneError && unicode.IsPrint(r) && r != ' ':
			return "le caractère « " + string(r) + " »"
		}
	}
	return "le caractère « " + strings.TrimSuffix(strings.TrimPrefix(q, "'"), "'") + " »"
}

// quoteJSONChar quotes a byte as encoding/json's errors do (its quoteChar).
func quoteJSONChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}
