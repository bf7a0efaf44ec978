// Command guichetd is the central server registers push their journal to
// and pull the organiser's catalog from (see package sync/server), with its admin tools.
package main

import (
	"io"
	"os"

	"guichet/internal/cli"
)

// guichetd's subcommands each live in their own file and register
// themselves in init.
var program = &cli.Program{Name: "guichetd"}

func register(name, summary string, run cli.Run) { program.Register(name, summary, run) }

func main() {
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

func subcommand(args []string, usage string, stdout, stderr io.Writer, subs ...string) (string, error) {
	return cli.Subcommand(args, usage, stdout, stderr, subs...)
}

func newFlags(name, usage string, stdout, stderr io.Writer) *flags {
	return cli.NewFlags(name, usage, stdout, stderr)
}
