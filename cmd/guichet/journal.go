package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"guichet/local"
)

func init() {
	register("journal", "check, export, rebuild or describe a register's journal (verify|export|rebuild|stats)", runJournal)
}

const journalUsage = `usage: guichet journal verify|export|rebuild|stats [--db FILE]
  verify    check the hash chain and its head; exits 1 naming the first bad entry,
            or the head when the last entries were removed
            (--expect-head SEQ:HASH: also check against a head printed on a Z report)
  export    every entry as a JSON line (--from SEQ to start later)
  rebuild   rebuild the views from the journal and say whether they differed
  stats     counts of entries, orders, tickets and the file's size`

func runJournal(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(stdout, journalUsage)
		return errHelp
	}
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export" && args[0] != "rebuild" && args[0] != "stats") {
		fmt.Fprintln(stderr, journalUsage)
		return exitCode(2)
	}
	sub := args[0]
	fs := newFlags("journal "+sub, journalUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	from := fs.Uint64("from", 1, "export: first sequence number")
	expect := fs.String("expect-head", "", "verify: a head written down earlier, SEQ:HASH (at least 8 hex characters)")
	rest, err := fs.parse(args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected argument %q: name the file with --db FILE", rest[0])
	}
	switch sub {
	case "verify":
		var anchor *local.Anchor
		if *expect != "" {
			a, err := local.ParseAnchor(*expect)
			if err != nil {
				return err
			}
			anchor = &a
		}
		res, err := local.VerifyAgainst(*db, anchor)
		var bad *local.BadEntryError
		if errors.As(err, &bad) {
			fmt.Fprintf(stdout, "BAD: %v\n", bad)
			fmt.Fprintf(stdout, "the journal is good up to entry %d; entry %d and after cannot be trusted\n", bad.Seq-1, bad.Seq)
			return exitCode(1)
		}
		var head *local.HeadError
		if errors.As(err, &head) {
			fmt.Fprintf(stdout, "BAD: %v\n", head)
			return exitCode(1)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "ok: register %s, %d entries, gapless, every hash and link checked, ends at its head; head %d:%s (last hash %s)\n", res.Register, res.Entries, res.Entries, res.Last.String()[:12], res.Last)
		if anchor != nil {
			fmt.Fprintf(stdout, "ok: entry %d matches the head written down (%s)\n", anchor.Seq, anchor)
		}
	case "export":
		w := bufio.NewWriter(stdout)
		n, err := local.Export(*db, *from, w)
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%d entries exported\n", n)
	case "rebuild":
		res, err := local.Rebuild(*db)
		if err != nil {
			return err
		}
		if res.Identical {
			fmt.Fprintf(stdout, "views rebuilt from %d entries: identical to the ones kept (%s)\n", res.Entries, res.After)
		} else {
			fmt.Fprintf(stdout, "views rebuilt from %d entries: they DIFFERED from the ones kept (%s before, %s now); the rebuilt ones are kept\n", res.Entries, res.Before, res.After)
		}
	case "stats":
		s, err := local.FileStats(*db)
		if err != nil {
			return err
		}
		out, _ := json.MarshalIndent(s, "", "  ")
		fmt.Fprintln(stdout, string(out))
	}
	return nil
}
