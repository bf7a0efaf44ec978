// Command guichet is the box-office register: the counter TUI by default, and
// a set of tools (quote, journal, codes, order, print-test, ticket verify...)
// as subcommands.
package main

import (
	"io"
	"os"

	_ "time/tzdata" // the register may run on a board without zoneinfo

	"guichet/internal/cli"
	"guichet/internal/gctune"
)

// guichet's subcommands each live in their own file and register
// themselves in init, so adding a tool never touches this file.
var program = &cli.Program{Name: "guichet", Default: "counter",
	Footer: []string{"With no command, guichet opens the counter register (see 'guichet counter -h').",
		"Every command takes --lang fr|en, the language of its messages (default: the catalog's first)."}}

func register(name, summary string, run cli.Run) {
	program.Register(name, summary, func(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
		return saysWhoseFile(saysCatalogGiven(run(args, stdin, stdout, stderr), catalogFlag(args)), name)
	})
}

func main() {
	gctune.Apply() // a register's small heap: see the package
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs one command line and gives the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return program.Run(args, stdin, stdout, stderr)
}

// The command line's shared pieces, by the names the commands use.
type (
	exitCode = cli.ExitCode
	flags    = cli.Flags
)

var errHelp = cli.ErrHelp

func isHelp(a string) bool { return cli.IsHelp(a) }

func subcommand(args []string, usage string, stdout, stderr io.Writer, subs ...string) (string, error) {
	return cli.Subcommand(args, usage, stdout, stderr, subs...)
}

func newFlags(name, usage string, stdout, stderr io.Writer) *flags {
	return cli.NewFlags(name, usage, stdout, stderr)
}
