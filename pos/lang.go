package pos

import "fmt"

// Lang is a language the register speaks to people: its screens, tickets,
// receipts and refusals. Every rule that depends on the language (how a
// number, a date or a seat is written, which word a sentence uses) takes a
// Lang and asks it, rather than comparing strings.
type Lang string

// The languages the register speaks.
const (
	French  Lang = "fr"
	English Lang = "en"
)

// Langs are the languages the register speaks, French first.
var Langs = []Lang{French, English}

// ParseLang reads a language code given by a person (a flag, a request).
func ParseLang(s string) (Lang, error) {
	if l := Lang(s); l.Known() {
		return l, nil
	}
	return "", fmt.Errorf("the language must be fr or en, not %q", s)
}

// Known reports whether the register speaks l.
func (l Lang) Known() bool { return l == French || l == English }

// Next is the other language: a Tab on the unlock screen switches.
func (l Lang) Next() Lang {
	if l == French {
		return English
	}
	return French
}

// decimalComma reports whether l writes 8,1 rather than 8.1.
func (l Lang) decimalComma() bool { return l == French }

// spaceBeforeSign reports whether l puts a space before % and : (French
// typography; a narrow no-break space where it can).
func (l Lang) spaceBeforeSign() bool { return l == French }

// Colon ends a label before its value: "Total :" in French (a space
// before it, as every French message writes it), "Total:" in English.
func (l Lang) Colon() string {
	if l.spaceBeforeSign() {
		return " :"
	}
	return ":"
}

// Singular reports whether n things take the singular in l: in French
// under two ("0 place libre", "1 billet"), in English exactly one.
func (l Lang) Singular(n int) bool {
	if l == French {
		return n > -2 && n < 2
	}
	return n == 1
}

// Name is the language's name in itself.
func (l Lang) Name() string {
	switch l {
	case French:
		return "Français"
	case English:
		return "English"
	}
	return string(l)
}
