package main

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"guichet/local"
)

func init() {
	register("ticket", "check a ticket's QR payload offline (ticket verify PAYLOAD)", runTicket)
}

const ticketUsage = "usage: guichet ticket verify PAYLOAD [--key FILE | --db FILE]"

func runTicket(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(stdout, ticketUsage)
		return errHelp
	}
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, ticketUsage)
		return exitCode(2)
	}
	fs := newFlags("ticket verify", ticketUsage, stdout, stderr)
	keyFile := fs.String("key", "", "the register's public key (.pub) or key (.key) file")
	db := fs.String("db", "guichet.db", "the register's file: its key is read beside it (FILE.pub, else FILE.key)")
	rest, err := fs.parse(args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, ticketUsage)
		return exitCode(2)
	}
	pub, err := ticketKey(*keyFile, *db, stderr)
	if err != nil {
		return err
	}
	c, err := local.VerifyTicket(pub, rest[0])
	if err != nil {
		fmt.Fprintf(stdout, "INVALID: %v\n", err)
		return exitCode(1)
	}
	fmt.Fprintf(stdout, "valid: ticket %s", c.Number)
	if c.Performance != "" {
		fmt.Fprintf(stdout, ", performance %s, zone %s", c.Performance, c.Zone)
	}
	if c.Seat != "" {
		fmt.Fprintf(stdout, ", seat %s", c.Seat)
	}
	if c.Category != "" {
		fmt.Fprintf(stdout, ", category %s", c.Category)
	}
	if c.Item != "" {
		fmt.Fprintf(stdout, ", %s", c.Item)
	}
	fmt.Fprintln(stdout)
	return nil
}

// ticketKey is the key a ticket verifies with: the file given with
// --key, else the key pinned in the register's journal (--db), which
// <db>.pub must match (a swapped .pub would let foreign tickets pass and
// genuine ones fail); a missing <db>.pub is written again from it.
// Journals written before keys were pinned have only their key files.
func ticketKey(keyFile, db string, stderr io.Writer) (ed25519.PublicKey, error) {
	if keyFile != "" {
		return local.LoadPublicKey(keyFile)
	}
	pinned, ok, err := local.PinnedKey(db)
	if err != nil {
		return nil, err
	}
	if !ok {
		pub, err := local.LoadPublicKey(db + ".pub")
		if err != nil {
			if _, err2 := os.Stat(db + ".key"); err2 == nil {
				return local.LoadPublicKey(db + ".key")
			}
		}
		return pub, err
	}
	pub, err := local.LoadPublicKey(db + ".pub")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := local.WritePublicKey(db, pinned); err != nil {
			fmt.Fprintf(stderr, "%s.pub is missing and could not be written again: %v\n", db, err)
		} else {
			fmt.Fprintf(stderr, "%s.pub was missing: written again from the key pinned in the journal\n", db)
		}
	case err != nil:
		return nil, fmt.Errorf("%s.pub: %w; remove it and it is written again from the key pinned in the journal", db, err)
	case !pub.Equal(pinned):
		return nil, fmt.Errorf("%s.pub is not the key pinned in the journal %s: it would pass other registers' tickets and fail this one's; remove it and it is written again from the journal", db, db)
	}
	return pinned, nil
}
