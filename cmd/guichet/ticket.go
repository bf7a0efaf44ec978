package main

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
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
	pub, err := ticketKey(*keyFile, *db)
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

func ticketKey(keyFile, db string) (ed25519.PublicKey, error) {
	if keyFile != "" {
		return local.LoadPublicKey(keyFile)
	}
	pub, err := local.LoadPublicKey(db + ".pub")
	if errors.Is(err, os.ErrNotExist) {
		return local.LoadPublicKey(db + ".key")
	}
	if err != nil {
		if _, err2 := os.Stat(db + ".key"); err2 == nil {
			return local.LoadPublicKey(db + ".key")
		}
	}
	return pub, err
}
