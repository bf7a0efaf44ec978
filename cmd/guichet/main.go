// Command guichet is the box-office register: the counter TUI by default, and
// a set of tools (quote, journal, codes, print-test, ticket verify) as subcommands.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	_ "time/tzdata" // the register may run on a board without zoneinfo
)

// command is one subcommand. Each lives in its own file and registers itself
// in init, so adding a tool never touches this file.
type command struct {
	summary string
	run     func(args []string) error
}

var commands = map[string]command{}

func register(name, summary string, run func(args []string) error) {
	if _, dup := commands[name]; dup {
		panic("guichet: command registered twice: " + name)
	}
	commands[name] = command{summary: summary, run: run}
}

func main() {
	args := os.Args[1:]
	name := "counter"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		usage()
		return
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "guichet: unknown command %q\n\n", name)
		usage()
		os.Exit(2)
	}
	if err := cmd.run(args); err != nil {
		var ex exitCode
		if asExit(err, &ex) {
			os.Exit(int(ex))
		}
		fmt.Fprintf(os.Stderr, "guichet %s: %v\n", name, err)
		os.Exit(1)
	}
}

// exitCode lets a command choose its exit status after it has printed its own
// message (guichet quote prints a JSON error and exits 1).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func asExit(err error, target *exitCode) bool {
	if e, ok := err.(exitCode); ok {
		*target = e
		return true
	}
	return false
}

func usage() {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(os.Stderr, "usage: guichet [command] [flags]")
	fmt.Fprintln(os.Stderr, "\ncommands:")
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-14s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(os.Stderr, "\nWith no command, guichet opens the counter register (see 'guichet counter -h').")
}
