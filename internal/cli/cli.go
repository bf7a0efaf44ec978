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

	"guichet/internal/spelling"
)

// Run is one subcommand.
type Run func(args []string, stdin io.Reader, stdout, stderr io.Writer) error

// Program is a command with subcommands.
type Program struct {
	Name    string   // "guichet"
	Default string   // the subcommand run without one ("" : the usage)
	Footer  []string // lines under the list of commands

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
	cmd, ok := p.commands[name]
	if !ok {
		fmt.Fprintf(stderr, "%s: unknown command %q\n\n", p.Name, name)
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
	fmt.Fprintf(stderr, "%s %s: %v\n", p.Name, name, err)
	return 1
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
// returns exit status 2.
func (f *Flags) ParseAll(args []string) ([]string, error) {
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

// mistake says a parse error in the technician's words: a flag the
// command does not have is named as such, with the flag of a close
// spelling when there is one, and -h to list them, not the flag package's
// "flag provided but not defined".
func (f *Flags) mistake(err error) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok {
		return err.Error()
	}
	name = strings.TrimLeft(name, "-")
	cmd := f.command()
	msg := fmt.Sprintf("%s takes no flag --%s", cmd, name)
	if near := f.nearest(name); near != "" {
		msg += fmt.Sprintf(" (did you mean --%s?)", near)
	}
	return msg + fmt.Sprintf("; %s -h lists the flags it takes", cmd)
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
// subs are given), prints it on standard error (exit status 2).
func Subcommand(args []string, usage string, stdout, stderr io.Writer, subs ...string) (string, error) {
	if len(args) > 0 && IsHelp(args[0]) {
		fmt.Fprintln(stdout, usage)
		return "", ErrHelp
	}
	if len(args) == 0 || len(subs) > 0 && !slices.Contains(subs, args[0]) {
		fmt.Fprintln(stderr, usage)
		return "", ExitCode(2)
	}
	return args[0], nil
}
