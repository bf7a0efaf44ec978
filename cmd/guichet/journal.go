package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	"guichet/local"
)

func init() {
	register("journal", "check, export, rebuild or describe a register's journal (verify|export|rebuild|stats)", runJournal)
}

func runJournal(args []string) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export" && args[0] != "rebuild" && args[0] != "stats") {
		fmt.Fprintln(os.Stderr, "usage: guichet journal verify|export|rebuild|stats [--db FILE]")
		return exitCode(2)
	}
	sub := args[0]
	fs := flag.NewFlagSet("journal "+sub, flag.ContinueOnError)
	db := fs.String("db", "guichet.db", "the register's file")
	from := fs.Uint64("from", 1, "export: first sequence number")
	if err := fs.Parse(args[1:]); err != nil {
		return exitCode(2)
	}
	switch sub {
	case "verify":
		res, err := local.Verify(*db)
		var bad *local.BadEntryError
		if errors.As(err, &bad) {
			fmt.Printf("BAD: %v\n", bad)
			fmt.Printf("the journal is good up to entry %d; entry %d and after cannot be trusted\n", bad.Seq-1, bad.Seq)
			return exitCode(1)
		}
		if err != nil {
			return err
		}
		fmt.Printf("ok: register %s, %d entries, gapless, every hash and link checked; last hash %s\n", res.Register, res.Entries, res.Last)
	case "export":
		w := bufio.NewWriter(os.Stdout)
		n, err := local.Export(*db, *from, w)
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%d entries exported\n", n)
	case "rebuild":
		res, err := local.Rebuild(*db)
		if err != nil {
			return err
		}
		if res.Identical {
			fmt.Printf("views rebuilt from %d entries: identical to the ones kept (%s)\n", res.Entries, res.After)
		} else {
			fmt.Printf("views rebuilt from %d entries: they DIFFERED from the ones kept (%s before, %s now); the rebuilt ones are kept\n", res.Entries, res.Before, res.After)
		}
	case "stats":
		s, err := local.FileStats(*db)
		if err != nil {
			return err
		}
		out, _ := json.MarshalIndent(s, "", "  ")
		fmt.Println(string(out))
	}
	return nil
}
