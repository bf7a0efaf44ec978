// Package cli is what guichet's and guichetd's command lines share: a
// program of subcommands, each reading and writing only the streams it is
// given (so tests run it in-process), answering -h with its usage on
// standard output and exit status 0, and taking flags after its arguments.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"guichet/internal/spelling"
)

// Run is one subcommand.
type Run func(args []string, stdin io.Reader, stdout, stderr io.Writer) error

// Program is a command with subcommands.
type Program struct {
	Name    string   // "guichet"
	Default string   // the subcommand run without one ("" : the usage)
	Footer  []string // lines under the list of commands

	// Speaks, when set, gives the language a command line's messages are
	// written in, from the command's arguments, or refuses them (a --lang
	// it does not speak; lang, when not nil, is the language to say so
	// in). lang is called only once a message is to be written (it may
	// read a file); by default, English.
	Speaks func(command string, args []string) (lang func() string, err error)
	// LangUsage is the usage of the --lang every command then takes (its
	// -h lists it where the command has no --lang of its own).
	LangUsage string
	// Say, when set, writes a command's error as a sentence in lang; by
	// default its Error().
	Say func(err error, lang string) string

	commands map[string]command
}

type command struct {
	summary string
	run     Run
}

// Register adds a subcommand; each registers itself in its file's init.
func (p *Program) Register(name, summary string, run Run) {
	if p.commands == nil {
		p.commands = map[string]command{}
	}
	if _, dup := p.commands[name]; dup {
		panic(p.Name + ": command registered twice: " + name)
	}
	p.commands[name] = command{summary: summary, run: run}
}

// Names lists the subcommands.
func (p *Program) Names() []string {
	names := make([]string, 0, len(p.commands))
	for n := range p.commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Run runs one command line and gives the exit status.
func (p *Program) Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := p.Default
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	} else if len(args) == 1 && IsHelp(args[0]) {
		name = "help"
	}
	if name == "help" || name == "" {
		p.Usage(stdout)
		return 0
	}
	lang, chosen := func() string { return English }, false
	if p.Speaks != nil {
		chosen = true
		speaks, err := p.Speaks(name, args)
		if err != nil {
			// said in the language the command line would have spoken
			// without the flag, when the program knows it
			l := English
			if speaks != nil {
				l = speaks()
			}
			fmt.Fprintf(stderr, "%s %s%s %s\n", p.Name, name, colon(l), p.say(err, l))
			return 2
		}
		lang = sync.OnceValue(speaks)
	}
	stderr = &speaking{Writer: stderr, lang: lang, chosen: chosen, usage: p.LangUsage}
	cmd, ok := p.commands[name]
	if !ok {
		l := lang()
		msg := fmt.Sprintf(say(l, "%s has no command %q"), p.Name, name)
		if near := spelling.Nearest(name, p.Names()); near != "" {
			msg += fmt.Sprintf(say(l, " (did you mean %s?)"), near)
		}
		fmt.Fprintf(stderr, "%s%s\n\n", msg, fmt.Sprintf(say(l, "; %s -h lists them"), p.Name))
		p.Usage(stderr)
		return 2
	}
	err := cmd.run(args, stdin, stdout, stderr)
	if err == nil || errors.Is(err, ErrHelp) {
		return 0
	}
	var ex ExitCode
	if errors.As(err, &ex) {
		return int(ex)
	}
	l := lang()
	fmt.Fprintf(stderr, "%s %s%s %s\n", p.Name, name, colon(l), p.say(err, l))
	return 1
}

// say is err in lang, by p.Say.
func (p *Program) say(err error, lang string) string {
	if p.Say == nil {
		return err.Error()
	}
	return p.Say(err, lang)
}

// Usage lists the subcommands.
func (p *Program) Usage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s [command] [flags]\n", p.Name)
	fmt.Fprintln(w, "\ncommands:")
	for _, n := range p.Names() {
		fmt.Fprintf(w, "  %-14s %s\n", n, p.commands[n].summary)
	}
	fmt.Fprintln(w)
	for _, l := range p.Footer {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w, "Every command answers -h with its usage.")
}

// ExitCode lets a command choose its exit status after it has printed its
// own message (a JSON error, a verdict).
type ExitCode int

func (e ExitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// ErrHelp is returned once a command printed its usage because it was
// asked to: the exit status is 0.
var ErrHelp = errors.New("help shown")

// IsHelp reports whether an argument asks for help.
func IsHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" || a == "help" }

// Flags is a command's flag set. Its usage text goes to standard output
// when asked for (-h, --help) and to standard error after a mistake.
type Flags struct {
	*flag.FlagSet
	usage          string
	stdout, stderr io.Writer
}

// NewFlags is the flag set of a command.
func NewFlags(name, usage string, stdout, stderr io.Writer) *Flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	f := &Flags{FlagSet: fs, usage: usage, stdout: stdout, stderr: stderr}
	fs.SetOutput(io.Discard) // parse errors are printed by ParseAll, once
	return f
}

// PrintUsage writes the usage line and each flag with its default.
func (f *Flags) PrintUsage(w io.Writer) {
	fmt.Fprintln(w, f.usage)
	f.VisitAll(func(fl *flag.Flag) {
		if fl.Usage == "" {
			return // hidden: tests and benchmarks only
		}
		def := ""
		if fl.DefValue != "" && fl.DefValue != "0" && fl.DefValue != "false" && !strings.Contains(fl.Usage, "(default") {
			def = fmt.Sprintf(" (default %s)", fl.DefValue)
		}
		fmt.Fprintf(w, "  --%s %s%s\n", fl.Name, fl.Usage, def)
	})
}

// ParseAll reads flags and positional arguments in any order (a payload
// may come before its flags). -h or --help prints the usage on standard
// output and returns ErrHelp; a mistake prints it on standard error and
// returns exit status 2. A program that speaks --lang's language
// (Program.Speaks) has every command take --lang.
func (f *Flags) ParseAll(args []string) ([]string, error) {
	if s, ok := f.stderr.(*speaking); ok && s.chosen && f.Lookup("lang") == nil {
		// the program chose the language from --lang (Speaks): every
		// command takes it
		f.String("lang", "", s.usage)
	}
	var rest []string
	for list := args; ; {
		for _, a := range list {
			if a == "--" {
				break
			}
			if IsHelp(a) && a != "help" {
				f.PrintUsage(f.stdout)
				return nil, ErrHelp
			}
		}
		if err := f.Parse(list); err != nil {
			fmt.Fprintln(f.stderr, f.mistake(err))
			f.PrintUsage(f.stderr)
			return nil, ExitCode(2)
		}
		if f.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, f.Arg(0))
		list = f.Args()[1:]
	}
}

// mistake says a parse error in the technician's words, in the command
// line's language: a flag the command does not have is named as such, with
// the flag of a close spelling when there is one, and -h to list them, not
// the flag package's "flag provided but not defined"; a flag left without
// its value, or given one it cannot take, says what it takes.
func (f *Flags) mistake(err error) string {
	lang := LangOf(f.stderr)
	cmd := f.command()
	text := err.Error()
	if name, ok := strings.CutPrefix(text, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		msg := fmt.Sprintf(say(lang, "%s takes no flag --%s"), cmd, name)
		if near := f.nearest(name); near != "" {
			msg += fmt.Sprintf(say(lang, " (did you mean --%s?)"), near)
		}
		return msg + fmt.Sprintf(say(lang, "; %s -h lists the flags it takes"), cmd)
	}
	if name, ok := strings.CutPrefix(text, "flag needs an argument: "); ok {
		return fmt.Sprintf(say(lang, "--%s needs a value: %s -h says what it takes"), strings.TrimLeft(name, "-"), cmd)
	}
	var value, name string
	if n, _ := fmt.Sscanf(text, "invalid boolean value %q for -%s", &value, &name); n == 2 {
		return fmt.Sprintf(say(lang, "--%s is yes or no (true or false), not %q"), strings.TrimSuffix(name, ":"), value)
	}
	if n, _ := fmt.Sscanf(text, "invalid value %q for flag -%s", &value, &name); n == 2 {
		name = strings.TrimSuffix(name, ":")
		kind, args := "--%s does not take %q: %s -h says what it takes", []any{name, value, cmd}
		if fl := f.Lookup(name); fl != nil {
			if g, ok := fl.Value.(flag.Getter); ok {
				switch g.Get().(type) {
				case int, int64, uint, uint64:
					kind, args = "--%s is a whole number (5), not %q", args[:2]
				case float64:
					kind, args = "--%s is a number (2.5), not %q", args[:2]
				case time.Duration:
					kind, args = "--%s is a duration (90s, 15m, 1h30m), not %q", args[:2]
				}
			}
		}
		return fmt.Sprintf(say(lang, kind), args...)
	}
	return text
}

// command is the command line that runs this command, "guichet report
// tickets": the program's name, from the usage line, before the set's.
func (f *Flags) command() string {
	words := strings.Fields(strings.TrimPrefix(f.usage, "usage:"))
	if len(words) == 0 || strings.HasPrefix(words[0], "-") || strings.HasPrefix(f.Name(), words[0]) {
		return f.Name()
	}
	return words[0] + " " + f.Name()
}

// nearest is the shown flag whose name is closest to name
// (spelling.Nearest), or "".
func (f *Flags) nearest(name string) string {
	var shown []string
	f.VisitAll(func(fl *flag.Flag) {
		if fl.Usage != "" { // hidden flags are not suggested
			shown = append(shown, fl.Name)
		}
	})
	return spelling.Nearest(name, shown)
}

// Subcommand reads a command's first argument, its subcommand: -h prints
// the usage on standard output (ErrHelp); none, or one not in subs (when
// subs are given), prints it on standard error (exit status 2), after a
// sentence in the command line's language naming the commands there are.
func Subcommand(args []string, usage string, stdout, stderr io.Writer, subs ...string) (string, error) {
	if len(args) > 0 && IsHelp(args[0]) {
		fmt.Fprintln(stdout, usage)
		return "", ErrHelp
	}
	if len(args) == 0 || len(subs) > 0 && !slices.Contains(subs, args[0]) {
		if len(subs) > 0 {
			lang := LangOf(stderr)
			cmd := strings.Join(commandWords(usage, subs), " ")
			if len(args) == 0 || strings.HasPrefix(args[0], "-") { // flags before any command
				fmt.Fprintf(stderr, sayAs(lang, "subcommand: %s needs a command: %s", "%s needs a command: %s")+"\n", cmd, strings.Join(subs, ", "))
			} else {
				msg := fmt.Sprintf(sayAs(lang, "subcommand: %s has no command %q", "%s has no command %q"), cmd, args[0])
				if near := spelling.Nearest(args[0], subs); near != "" {
					msg += fmt.Sprintf(say(lang, " (did you mean %s?)"), near)
				}
				fmt.Fprintln(stderr, msg)
			}
		}
		fmt.Fprintln(stderr, usage)
		return "", ExitCode(2)
	}
	return args[0], nil
}

// commandWords are the words of the command line a usage text opens with,
// before its arguments and subcommands (subs): "guichet journal" of
// "usage: guichet journal verify|export [--db FILE]", and of "usage:
// guichet ticket verify PAYLOAD".
func commandWords(usage string, subs []string) []string {
	first, _, _ := strings.Cut(usage, "\n")
	var words []string
	for _, w := range strings.Fields(strings.TrimPrefix(first, "usage:")) {
		if strings.ContainsAny(w, "|[-<") || strings.ToUpper(w) == w || slices.Contains(subs, w) {
			break
		}
		words = append(words, w)
	}
	return words
}
