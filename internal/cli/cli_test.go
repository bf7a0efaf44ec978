package cli

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// TestAProgramAnswersHelpAndRunsItsCommands: -h gives the usage on
// standard output with 0, an unknown command 2, a command's own exit code
// and error are kept, flags may follow arguments.
func TestAProgramAnswersHelpAndRunsItsCommands(t *testing.T) {
	p := &Program{Name: "tool", Default: "greet"}
	var got []string
	p.Register("greet", "say hello", func(args []string, _ io.Reader, stdout, stderr io.Writer) error {
		fs := NewFlags("greet", "usage: tool greet NAME [--loud]", stdout, stderr)
		loud := fs.Bool("loud", false, "shout")
		rest, err := fs.ParseAll(args)
		if err != nil {
			return err
		}
		got = append(rest, map[bool]string{true: "loud", false: "soft"}[*loud])
		return nil
	})
	p.Register("fail", "fail", func([]string, io.Reader, io.Writer, io.Writer) error { return errors.New("broken") })
	p.Register("three", "exit 3", func([]string, io.Reader, io.Writer, io.Writer) error { return ExitCode(3) })
	for _, tc := range []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"-h"}, 0, "commands:", ""},
		{[]string{"greet", "--help"}, 0, "usage: tool greet", ""},
		{[]string{"greet", "zoe", "--loud"}, 0, "", ""},
		{[]string{"greet", "--nope"}, 2, "", "usage: tool greet"},
		{[]string{"nope"}, 2, "", "tool has no command \"nope\"; tool -h lists them"},
		{[]string{"gret"}, 2, "", "tool has no command \"gret\" (did you mean greet?); tool -h lists them"},
		{[]string{"fail"}, 1, "", "tool fail: broken"},
		{[]string{"three"}, 3, "", ""},
	} {
		var out, errb bytes.Buffer
		if code := p.Run(tc.args, nil, &out, &errb); code != tc.code || !strings.Contains(out.String(), tc.out) || !strings.Contains(errb.String(), tc.err) {
			t.Errorf("%v: exit %d out %q err %q", tc.args, code, out.String(), errb.String())
		}
	}
	if strings.Join(got, " ") != "zoe loud" {
		t.Errorf("flags after the argument: %v", got)
	}
}

func TestSubcommandSendsHelpToStdoutAndMistakesToStderr(t *testing.T) {
	const usage = "usage: x COMMAND"
	for _, c := range []struct {
		args           []string
		want           string
		err            error
		stdout, stderr string
	}{
		{[]string{"show", "--db", "f"}, "show", nil, "", ""},
		{[]string{"-h"}, "", ErrHelp, usage + "\n", ""},
		{nil, "", ExitCode(2), "", "x needs a command: show, find\n" + usage + "\n"},
		{[]string{"shwo"}, "", ExitCode(2), "", "x has no command \"shwo\"\n" + usage + "\n"},
		{[]string{"fnd"}, "", ExitCode(2), "", "x has no command \"fnd\" (did you mean find?)\n" + usage + "\n"},
	} {
		var out, errOut strings.Builder
		got, err := Subcommand(c.args, usage, &out, &errOut, "show", "find")
		if got != c.want || err != c.err || out.String() != c.stdout || errOut.String() != c.stderr {
			t.Errorf("Subcommand(%q) = %q, %v, stdout %q, stderr %q", c.args, got, err, out.String(), errOut.String())
		}
	}
}

// TestAnUnknownFlagIsNamedWithTheCloseOneAndHelp: a flag the command does
// not have is said in words, with the flag of a close spelling, and -h;
// the flag package's own sentence is not shown.
func TestAnUnknownFlagIsNamedWithTheCloseOneAndHelp(t *testing.T) {
	for _, tc := range []struct {
		arg      string
		want     string
		wantNear bool
	}{
		{"--catalgo", "guichet report tickets takes no flag --catalgo (did you mean --catalog?); guichet report tickets -h lists the flags it takes", true},
		{"-Catalog", "guichet report tickets takes no flag --Catalog (did you mean --catalog?)", true},
		{"--printer=x", "guichet report tickets takes no flag --printer (did you mean --print?)", true},
		{"--dy", "guichet report tickets takes no flag --dy (did you mean --day?)", true},
		{"--zzz", "guichet report tickets takes no flag --zzz; guichet report tickets -h", false},
		{"--secret", "guichet report tickets takes no flag --secret;", false}, // hidden flags are not offered
	} {
		t.Run(tc.arg, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			fs := NewFlags("report tickets", "usage: guichet report tickets", &stdout, &stderr)
			fs.String("day", "", "the day")
			fs.String("print", "", "the printer")
			fs.String("catalog", "", "the catalog file")
			fs.Bool("secrets", false, "")
			_, err := fs.ParseAll([]string{"tickets", tc.arg})
			if code, ok := err.(ExitCode); !ok || code != 2 {
				t.Fatalf("err = %v, want exit 2", err)
			}
			first, _, _ := strings.Cut(stderr.String(), "\n")
			if !strings.HasPrefix(first, tc.want) {
				t.Errorf("stderr's first line = %q, want it to start %q", first, tc.want)
			}
			if strings.Contains(stderr.String(), "flag provided but not defined") {
				t.Errorf("stderr still has the flag package's sentence: %q", stderr.String())
			}
			if got := strings.Contains(first, "did you mean"); got != tc.wantNear {
				t.Errorf("suggestion shown = %v, want %v: %q", got, tc.wantNear, first)
			}
		})
	}
}

// TestMistakesAreSaidInTheCommandLinesLanguage: the program's Speaks
// chooses the language (here --lang, as guichet's), and the mistakes the
// package writes itself are said in it, with what to do: a flag left
// without its value, a word where a number goes, a misspelt command; the
// flag package's "invalid value "x" for flag -n: parse error" was shown
// as it was, in English. A command's own error goes through Say, and a
// --lang the program refuses exits 2 before the command runs.
func TestMistakesAreSaidInTheCommandLinesLanguage(t *testing.T) {
	p := &Program{Name: "tool",
		Speaks: func(_ string, args []string) (func() string, error) {
			lang := English
			for i, a := range args {
				if a == "--lang" && i+1 < len(args) {
					lang = args[i+1]
				}
			}
			if lang != English && lang != French {
				return func() string { return English }, errors.New("no such language")
			}
			return func() string { return lang }, nil
		},
		Say: func(err error, lang string) string { return "[" + lang + "] " + err.Error() },
	}
	p.Register("count", "count", func(args []string, _ io.Reader, stdout, stderr io.Writer) error {
		fs := NewFlags("count", "usage: tool count [--n N] [--every D] [--loud]", stdout, stderr)
		fs.Int("n", 1, "how many")
		fs.Duration("every", time.Second, "how often")
		fs.Bool("loud", false, "shout")
		fs.String("name", "", "whose")
		if _, err := fs.ParseAll(args); err != nil {
			return err
		}
		return errors.New("broken")
	})
	p.Register("show", "show", func(args []string, _ io.Reader, stdout, stderr io.Writer) error {
		// a usage that opens with its first subcommand's line
		_, err := Subcommand(args, "usage: tool show one NAME\n       tool show two", stdout, stderr, "one", "two")
		return err
	})
	for _, tc := range []struct {
		args   []string
		code   int
		fr, en string // the first line of standard error
	}{
		{[]string{"count", "--n"}, 2, "--n attend une valeur : tool count -h dit ce qu'elle prend", "--n needs a value: tool count -h says what it takes"},
		{[]string{"count", "--n", "cinq"}, 2, "--n est un nombre entier (5), pas « cinq »", `--n is a whole number (5), not "cinq"`},
		{[]string{"count", "--every", "1 minute"}, 2, "--every est une durée (90s, 15m, 1h30m), pas « 1 minute »", `--every is a duration (90s, 15m, 1h30m), not "1 minute"`},
		{[]string{"count", "--loud=oui"}, 2, "--loud est oui ou non (true ou false), pas « oui »", `--loud is yes or no (true or false), not "oui"`},
		{[]string{"count", "--nme", "x"}, 2, "tool count ne prend pas d'option --nme (vouliez-vous dire --name ?) ; tool count -h liste les options qu'elle prend", "tool count takes no flag --nme (did you mean --name?); tool count -h lists the flags it takes"},
		{[]string{"cuont"}, 2, "tool n'a pas de commande « cuont » (vouliez-vous dire count ?) ; tool -h les liste", `tool has no command "cuont" (did you mean count?); tool -h lists them`},
		{[]string{"show"}, 2, "tool show attend une sous-commande : one, two", "tool show needs a command: one, two"},
		{[]string{"show", "twoo"}, 2, "tool show n'a pas de sous-commande « twoo » (vouliez-vous dire two ?)", `tool show has no command "twoo" (did you mean two?)`},
		{[]string{"count"}, 1, "tool count : [fr] broken", "tool count: [en] broken"},
	} {
		for _, lang := range []string{French, English} {
			args := append(append([]string(nil), tc.args[:1]...), "--lang", lang)
			if tc.args[0] == "cuont" {
				args = append(tc.args[:1:1], "--lang", lang) // the program reads --lang anywhere
			}
			args = append(args, tc.args[1:]...)
			if tc.args[0] == "show" {
				args = append(tc.args[:len(tc.args):len(tc.args)], "--lang", lang)
			}
			var out, errb bytes.Buffer
			code := p.Run(args, nil, &out, &errb)
			first, _, _ := strings.Cut(errb.String(), "\n")
			want := map[string]string{French: tc.fr, English: tc.en}[lang]
			if code != tc.code || first != want {
				t.Errorf("%q: exit %d, first line %q; want exit %d, %q", args, code, first, tc.code, want)
			}
		}
	}
	var out, errb bytes.Buffer
	if code := p.Run([]string{"count", "--lang", "de"}, nil, &out, &errb); code != 2 || errb.String() != "tool count: [en] no such language\n" {
		t.Errorf("--lang de: exit %d, %q", code, errb.String())
	}
}
