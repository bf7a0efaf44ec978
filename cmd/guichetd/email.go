package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"guichet/local"
	"guichet/sync/server"
)

func init() {
	register("email", "the central outbox: list [--state waiting|sending|sent|refused] [--register NAME] [--json]", runEmail)
}

const emailUsage = `usage: guichetd email list [--db URL] [--state waiting|sending|sent|refused] [--register NAME] [--json]
Every e-mail of the central outbox, oldest first: the ones registers queued and the ones the server
scheduled (reminders, before the show), with what became of each. A refused one (the mail server said
no for good, or nothing was left to send) is not tried again: correct the address and send again
from a register (guichet order send). Registers read their own messages' states at GET /v1/outbox.`

func runEmail(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if _, err := subcommand(args, emailUsage, stdout, stderr, "list"); err != nil {
		return err
	}
	fs := newFlags("email list", emailUsage, stdout, stderr)
	db := dbFlag(fs)
	state := fs.String("state", "", "only messages in this state")
	reg := fs.String("register", "", "only the messages of this register's orders")
	asJSON := fs.Bool("json", false, "JSON instead of a table")
	if _, err := fs.ParseAll(args[1:]); err != nil {
		return err
	}
	switch *state {
	case "", local.EmailWaiting, server.MailSending, local.EmailSent, local.EmailRefused:
	default:
		return fmt.Errorf("--state is waiting, sending, sent or refused, not %q", *state)
	}
	ctx := context.Background()
	store, err := openStoreReadOnly(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	list, err := store.MailOutbox(ctx, *reg, *state)
	if err != nil {
		return err
	}
	if *asJSON {
		if list == nil {
			list = []server.MailMessage{}
		}
		out, _ := json.MarshalIndent(list, "", "  ")
		fmt.Fprintln(stdout, string(out))
		return nil
	}
	z, err := boxOfficeZone(ctx, store)
	if err != nil {
		return err
	}
	at := func(t time.Time) string { return z.format(t, "2006-01-02 15:04") }
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tSTATE\tTO\tQUEUED\tBY\tWHAT BECAME OF IT")
	for _, m := range list {
		by := m.Register
		if by == "" {
			by = "schedule"
		}
		what := ""
		switch m.State {
		case local.EmailSent:
			what = "sent " + at(m.Sent) + ": " + m.Reply
		case local.EmailRefused:
			what = "refused: " + m.LastError
		default:
			if m.Attempts > 0 {
				tries := "tries"
				if m.Attempts == 1 {
					tries = "try"
				}
				what = fmt.Sprintf("%d failed %s (%s), next %s", m.Attempts, tries, m.LastError, at(m.Next))
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.State, m.To, at(m.Queued), by, what)
	}
	return w.Flush()
}
