package main

import (
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"os"

	"guichet/local"
)

func init() {
	register("ticket", "check a ticket's QR payload offline (ticket verify PAYLOAD)", runTicket)
}

func runTicket(args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(os.Stderr, "usage: guichet ticket verify [--key FILE | --db FILE] PAYLOAD")
		return exitCode(2)
	}
	fs := flag.NewFlagSet("ticket verify", flag.ContinueOnError)
	keyFile := fs.String("key", "", "the register's public key (.pub) or key (.key) file")
	db := fs.String("db", "guichet.db", "the register's file: its key is read beside it (FILE.pub, else FILE.key)")
	if err := fs.Parse(args[1:]); err != nil {
		return exitCode(2)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: guichet ticket verify [--key FILE | --db FILE] PAYLOAD")
		return exitCode(2)
	}
	pub, err := ticketKey(*keyFile, *db)
	if err != nil {
		return err
	}
	c, err := local.VerifyTicket(pub, fs.Arg(0))
	if err != nil {
		fmt.Printf("INVALID: %v\n", err)
		return exitCode(1)
	}
	fmt.Printf("valid: ticket %s", c.Number)
	if c.Performance != "" {
		fmt.Printf(", performance %s, zone %s", c.Performance, c.Zone)
	}
	if c.Seat != "" {
		fmt.Printf(", seat %s", c.Seat)
	}
	if c.Category != "" {
		fmt.Printf(", category %s", c.Category)
	}
	if c.Item != "" {
		fmt.Printf(", %s", c.Item)
	}
	fmt.Println()
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
