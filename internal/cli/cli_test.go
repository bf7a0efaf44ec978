package cli

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
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
		{[]string{"nope"}, 2, "", "unknown command"},
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
		{nil, "", ExitCode(2), "", usage + "\n"},
		{[]string{"shwo"}, "", ExitCode(2), "", usage + "\n"},
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
