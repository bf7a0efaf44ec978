package main

import (
	"bufio"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"time"

	"guichet/local"
	"guichet/pos"
)

func init() {
	register("ticket", "check a ticket offline and its state in a journal, list revoked tickets (ticket verify PAYLOAD | ticket revoked)", runTicket)
}

const ticketUsage = `usage: guichet ticket verify PAYLOAD [--key FILE | --db FILE [--catalog FILE]]
       guichet ticket revoked [--db FILE] [--json]
  verify    check a ticket's QR payload; with --db, also its state in that journal:
            valid, unpaid (its invoice; exit 1), cancelled or exchanged (with
            when, in the catalog's time zone; exit 1), sold by the lost journal
            it replaced (its state lost with it), or unknown to it
  revoked   the cancelled and exchanged ticket numbers, and those of invoices not
            paid yet, one a line (--json: with state and time), for door
            scanners that work offline`

// ticketNumber is a ticket's printed number (K01-000042-01), its order's
// number first.
var ticketNumber = regexp.MustCompile(`^([A-Z0-9]+-[0-9]+)-[0-9]+$`)

func runTicket(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(stdout, ticketUsage)
		return errHelp
	}
	if _, err := subcommand(args, ticketUsage, stdout, stderr, "verify", "revoked"); err != nil {
		return err
	}
	if args[0] == "revoked" {
		return runTicketRevoked(args[1:], stdout, stderr)
	}
	fs := newFlags("ticket verify", ticketUsage, stdout, stderr)
	keyFile := fs.String("key", "", "the register's public key (.pub) or key (.key) file")
	db := fs.String("db", "guichet.db", "the register's file: the key pinned in its journal (FILE.pub must match it) and the ticket's state there")
	catalog := fs.String("catalog", "", "catalog file, for its time zone (default: the embedded demo box office)")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, pos.Say(pos.Errorf("name one ticket: guichet ticket verify PAYLOAD (the text of its QR code, G2:…)"), langOf(stderr)))
		fmt.Fprintln(stderr, ticketUsage)
		return exitCode(2)
	}
	pub, err := ticketKey(*keyFile, *db, stderr)
	if err != nil {
		return err
	}
	payload := strings.TrimSpace(rest[0])
	if up := strings.ToUpper(payload); strings.HasPrefix(up, "G2:") {
		payload = up // as the door reads a code typed in lower case (caps lock, keyboard layout)
	}
	lang := langOf(stderr)
	c, err := local.VerifyTicket(pub, payload)
	if err != nil {
		// "INVALID:" and "valid:" as they are, whatever the language:
		// scripts look for them
		fmt.Fprintf(stdout, "INVALID: %s\n", sayErr(err, string(lang)))
		if m := ticketNumber.FindStringSubmatch(strings.ToUpper(payload)); m != nil {
			// the number printed under the code, typed by hand: say where numbers are read
			file := *db
			if *keyFile != "" {
				file = "FILE"
			}
			fmt.Fprintln(stdout, sayf(lang, "%s is a ticket's number, not its code: guichet order show %s --db %s says its state", m[0], m[1], file))
		}
		return exitCode(1)
	}
	fmt.Fprint(stdout, "valid: "+sayf(lang, "ticket %s", c.Number))
	if c.Performance != "" {
		fmt.Fprint(stdout, sayf(lang, ", performance %s, zone %s", c.Performance, c.Zone))
	}
	if c.Seat != "" {
		fmt.Fprint(stdout, sayf(lang, ", seat %s", c.Seat))
	}
	if c.Category != "" {
		fmt.Fprint(stdout, sayf(lang, ", category %s", c.Category))
	}
	if c.Item != "" {
		fmt.Fprintf(stdout, ", %s", c.Item)
	}
	fmt.Fprintln(stdout)
	if *keyFile != "" {
		return nil // no journal to say its state
	}
	st, err := local.TicketState(*db, c.Number, &c) // the whole code, as the door reads it
	if err != nil {
		return err
	}
	switch st.State {
	case local.TicketValid:
		fmt.Fprintln(stdout, sayf(lang, "state in %s: valid", *db))
	case local.TicketUnpaid:
		fmt.Fprintln(stdout, sayf(lang, "state in %s: UNPAID: its invoice is not paid yet; refuse it at the door until the box office validates the payment", *db))
		return exitCode(1)
	case local.TicketCanceled, local.TicketExchanged:
		format := map[string]string{local.TicketCanceled: "state in %s: CANCELLED on %s: refuse it at the door", local.TicketExchanged: "state in %s: EXCHANGED on %s: refuse it at the door"}[st.State]
		cat, err := loadCatalog(*catalog, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, sayf(lang, format, *db, st.At.In(cat.Location()).Format("2006-01-02 15:04")))
		return exitCode(1)
	case local.TicketLostJournal:
		fmt.Fprintln(stdout, sayf(lang, "state in %s: sold by the lost journal this one replaced (the code is genuine): whether it was cancelled or exchanged went with that journal; check it with the box office", *db))
	default:
		fmt.Fprintln(stdout, sayf(lang, "state in %s: unknown to this journal (it did not issue this ticket)", *db))
	}
	return nil
}

// runTicketRevoked lists the tickets a door must refuse.
func runTicketRevoked(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("ticket revoked", ticketUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	asJSON := fs.Bool("json", false, "a JSON array of {number, state, at} instead of one number a line")
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q: name the file with --db FILE", rest[0])
	}
	list, err := local.RevokedTickets(*db)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	if *asJSON {
		if list == nil {
			list = []local.TicketStatus{}
		}
		out, _ := json.MarshalIndent(list, "", "  ")
		fmt.Fprintln(w, string(out))
	} else {
		for _, t := range list {
			fmt.Fprintln(w, t.Number)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stderr, sayn(langOf(stderr), len(list), "%d ticket cancelled, exchanged or on an invoice not paid yet", "%d tickets cancelled, exchanged or on an invoice not paid yet", len(list)))
	return nil
}

// ticketKey is the key a ticket verifies with: the file given with
// --key, else the key pinned in the register's journal (--db), which
// <db>.pub must match (a swapped .pub would let foreign tickets pass and
// genuine ones fail); a missing <db>.pub is said, not written (the
// command only reads; the register writes it again at its next start).
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
		// this command only reads: the register writes it again at its next start
		fmt.Fprintln(stderr, sayf(langOf(stderr), "%s.pub is missing: the ticket is checked with the key pinned in the journal; the register writes %s.pub again at its next start (door scanners need it)", db, db))
	case err != nil:
		return nil, pos.Errorf("%s.pub: %w; remove it and it is written again from the key pinned in the journal", db, err)
	case !pub.Equal(pinned):
		return nil, pos.Errorf("%s.pub is not the key pinned in the journal %s: it would pass other registers' tickets and fail this one's; remove it and it is written again from the journal", db, db)
	}
	return pinned, nil
}
