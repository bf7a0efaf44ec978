package cli

import (
	"io"
	"os"
)

// The languages the command line's own sentences are written in (a
// program's Speaks chooses; anything else reads as English).
const (
	English = "en"
	French  = "fr"
)

// speaking is a command's standard error, which knows the language its
// messages are written in: a command hands it to NewFlags and Subcommand,
// which write their mistakes in it, and reads it with LangOf for its own.
type speaking struct {
	io.Writer
	lang   func() string
	chosen bool   // by the program's Speaks, which reads --lang
	usage  string // --lang's, where a command has none of its own
}

// LangOf is the language of the messages written to w: the one its
// program chose for the command line (Program.Speaks), English for a
// stream no program gave.
func LangOf(w io.Writer) string {
	if s, ok := w.(*speaking); ok {
		return s.lang()
	}
	return English
}

// File is the file w writes to, when it is one: a command's standard
// error is its program's wrapped (it knows its language), and whether it
// is a terminal is asked of the file.
func File(w io.Writer) (*os.File, bool) {
	if s, ok := w.(*speaking); ok {
		w = s.Writer
	}
	f, ok := w.(*os.File)
	return f, ok
}

// say is a sentence of this package in lang.
func say(lang, en string) string { return sayAs(lang, en, en) }

// sayAs is the sentence en, in lang: French by key.
func sayAs(lang, key, en string) string {
	if lang == French {
		if fr, ok := frenchSentences[key]; ok {
			return fr
		}
	}
	return en
}

// colon ends "guichet report" before the error: French puts a space
// before it.
func colon(lang string) string {
	if lang == French {
		return " :"
	}
	return ":"
}

// frenchSentences are the French of this package's sentences.
var frenchSentences = map[string]string{
	"%s has no command %q":                            "%s n'a pas de commande « %s »",
	" (did you mean %s?)":                             " (vouliez-vous dire %s ?)",
	"; %s -h lists them":                              " ; %s -h les liste",
	"%s takes no flag --%s":                           "%s ne prend pas d'option --%s",
	" (did you mean --%s?)":                           " (vouliez-vous dire --%s ?)",
	"; %s -h lists the flags it takes":                " ; %s -h liste les options qu'elle prend",
	"--%s needs a value: %s -h says what it takes":    "--%s attend une valeur : %s -h dit ce qu'elle prend",
	"--%s does not take %q: %s -h says what it takes": "--%s ne prend pas « %s » : %s -h dit ce qu'elle prend",
	"--%s is a whole number (5), not %q":              "--%s est un nombre entier (5), pas « %s »",
	"--%s is a number (2.5), not %q":                  "--%s est un nombre (2,5), pas « %s »",
	"--%s is a duration (90s, 15m, 1h30m), not %q":    "--%s est une durée (90s, 15m, 1h30m), pas « %s »",
	"--%s is yes or no (true or false), not %q":       "--%s est oui ou non (true ou false), pas « %s »",
	// a command's own commands: "commande" alone reads as an order in
	// guichet order's (subcommand: the key, not the English)
	"subcommand: %s needs a command: %s": "%s attend une sous-commande : %s",
	"subcommand: %s has no command %q":   "%s n'a pas de sous-commande « %s »",
}

// Speaking is w writing the command line's sentences in lang (English
// or French): what a command reads with LangOf and its flags write their
// mistakes in, when the words come from elsewhere than os.Args (a door's
// over SSH).
func Speaking(w io.Writer, lang string) io.Writer {
	return &speaking{Writer: w, lang: func() string { return lang }}
}
