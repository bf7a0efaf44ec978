// Command guichetd is the central server registers push their journal to
// and pull the organiser's catalog from (see package sync/server), with its admin tools.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand. Each lives in its own file and registers itself
// in init, so adding a tool never touches this file. A command reads and
// writes only the streams it is given, so tests run it in-process.
type command struct {
	summary string
	run     runFunc
}

type runFunc func(args []string, stdin io.Reader, stdout, stderr io.Writer) error

var commands = map[string]command{}

func register(name, summary string, run runFunc) {
	if _, dup := commands[name]; dup {
		panic("guichetd: command registered twice: " + name)
	}
	commands[name] = command{summary: summary, run: run}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs one command line and gives the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "help"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	} else if len(args) > 0 && isHelp(args[0]) && len(args) == 1 {
		name = "help"
	}
	if name == "help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "guichetd: unknown command %q\n\n", name)
		usage(stderr)
		return 2
	}
	err := cmd.run(args, stdin, stdout, stderr)
	if err == nil || errors.Is(err, errHelp) {
		return 0
	}
	var ex exitCode
	if errors.As(err, &ex) {
		return int(ex)
	}
	fmt.Fprintf(stderr, "guichetd %s: %v\n", name, err)
	return 1
}

// exitCode lets a command choose its exit status after it has printed its own
// message (a report that printed its own error).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// errHelp is returned once a command printed its usage because it was
// asked to: the exit status is 0.
var errHelp = errors.New("help shown")

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" || a == "help" }

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: guichetd command [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "Every command answers -h with its usage.")
}

// flags is a command's flag set. Its usage text goes to standard output when
// asked for (-h, --help) and to standard error after a mistake.
type flags struct {
	*flag.FlagSet
	usage          string
	stdout, stderr io.Writer
}

func newFlags(name, usage string, stdout, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	f := &flags{FlagSet: fs, usage: usage, stdout: stdout, stderr: stderr}
	fs.SetOutput(io.Discard) // parse errors are printed by parse, once
	return f
}

// printUsage writes the usage line and each flag with its default.
func (f *flags) printUsage(w io.Writer) {
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

// parse reads flags and positional arguments in any order (a payload may
// come before its flags). -h or --help prints the usage on standard output
// and returns errHelp; a mistake prints it on standard error and returns
// exit status 2.
func (f *flags) parse(args []string) ([]string, error) {
	var rest []string
	for list := args; ; {
		for _, a := range list {
			if a == "--" {
				break
			}
			if isHelp(a) && a != "help" {
				f.printUsage(f.stdout)
				return nil, errHelp
			}
		}
		if err := f.Parse(list); err != nil {
			fmt.Fprintf(f.stderr, "%v\n", err)
			f.printUsage(f.stderr)
			return nil, exitCode(2)
		}
		if f.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, f.Arg(0))
		list = f.Args()[1:]
	}
}
