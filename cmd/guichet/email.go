package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"guichet/counter"
	"guichet/internal/cli"
	"guichet/local"
	"guichet/pos"
)

func init() {
	register("email", "e-mails of the register: preview KIND --order NUMBER | outbox | send (the outbox, now)", runEmail)
}

const emailUsage = `usage: guichet email COMMAND [--db FILE] [--catalog FILE] ...
  preview KIND --order NUMBER [--pdf FILE]   print the e-mail's subject and text, write its PDF
                                             (KIND: tickets, invoice, reminder, before_show)
  outbox [--json] [--state waiting|sent|refused]
                                             every e-mail queued, and what became of it
  send [--smtp HOST[:PORT] ...]              send what is due now (scheduled e-mails included);
                                             exits 1 naming each that could not go, with why
SMTP: --smtp or GUICHET_SMTP, --smtp-tls or GUICHET_SMTP_TLS (starttls, tls, none),
--smtp-user or GUICHET_SMTP_USER; the password only from GUICHET_SMTP_PASSWORD.`

// smtpFlags are the SMTP flags (internal/cli, shared with guichetd
// serve); mailOptions reads them (and the environment): nil when no server
// is given.
type smtpFlags struct{ cli.SMTPFlags }

func addSMTPFlags(fs *flags) smtpFlags { return smtpFlags{cli.AddSMTPFlags(fs)} }

func (f smtpFlags) mailOptions(manual bool) (*counter.MailOptions, error) {
	cfg, err := f.Config()
	if cfg == nil || err != nil {
		return nil, err
	}
	return &counter.MailOptions{SMTP: *cfg, Manual: manual}, nil
}

func runEmail(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub, err := subcommand(args, emailUsage, stdout, stderr, "preview", "outbox", "send")
	if err != nil {
		return err
	}
	fs := newFlags("email "+sub, emailUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	order := fs.String("order", "", "preview: the order the e-mail is about")
	pdfPath := fs.String("pdf", "", "preview: where the PDF goes (default KIND-NUMBER.pdf)")
	asJSON := fs.Bool("json", false, "outbox: JSON instead of one message a line")
	state := fs.String("state", "", "outbox: only messages in that state")
	smtp := addSMTPFlags(fs)
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	switch sub {
	case "preview", "outbox", "send":
	default:
		fmt.Fprintf(stderr, "guichet email: unknown command %q\n%s\n", sub, emailUsage)
		return exitCode(2)
	}
	*state = strings.ToLower(strings.TrimSpace(*state))
	switch *state {
	case "", counter.EmailWaiting, counter.EmailSent, counter.EmailRefused:
	default:
		// listing nothing would read as "no e-mail in that state"
		return pos.Errorf("an e-mail's state is waiting, sent or refused, not %q", *state)
	}
	if err := registerFileThere(*db); err != nil {
		return err
	}
	cat, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return err
	}
	o := counter.Options{Path: *db, Catalog: cat}
	if sub == "send" {
		if o.Mail, err = smtp.mailOptions(true); err != nil {
			return err
		}
		if o.Mail == nil {
			return pos.Errorf("no mail server: give --smtp HOST[:PORT] or GUICHET_SMTP")
		}
	}
	var svc *counter.Service
	if sub == "send" && pushedReadOnly(*db, cat) {
		// refused before the file is opened for writing: a refusal leaves
		// no register.started and register.stopped (refusedFirst)
		return counter.ErrCentralSends
	}
	if sub == "send" {
		svc, err = counter.Open(o)
		err = stopFirst(err, "guichet email send", "; or start it with --smtp: it sends its outbox itself")
		if err == nil && pushesToCentral(svc) {
			svc.Close()
			return counter.ErrCentralSends
		}
	} else {
		// reading only: the file is opened read-only (while the counter
		// runs, it serves a snapshot), and nothing is written
		reg, rerr := local.Open(local.Options{Path: *db, Catalog: cat, ReadOnly: true})
		if rerr != nil {
			return rerr
		}
		defer reg.Close()
		svc, err = counter.New(reg, counter.Options{})
	}
	if err != nil {
		return err
	}
	defer svc.Close()
	switch sub {
	case "preview":
		if len(rest) != 1 || *order == "" {
			return pos.Errorf("say which e-mail and which order: guichet email preview KIND --order NUMBER (KIND: %s)", strings.Join(pos.EmailKinds, ", "))
		}
		kind := rest[0]
		number := strings.ToUpper(strings.TrimSpace(*order))
		p, err := svc.EmailPreview(kind, number)
		if err != nil {
			return err
		}
		lang := langOf(stderr)
		to := p.To
		if to == "" {
			to = sayf(lang, "(no address: the order has no customer e-mail)")
		}
		fmt.Fprintf(stdout, "%s\n%s\n\n%s\n", sayf(lang, "To: %s", to), sayf(lang, "Subject: %s", p.Subject), strings.TrimRight(p.Text, "\n"))
		if len(p.PDF) > 0 {
			out := *pdfPath
			if out == "" {
				out = kind + "-" + number + ".pdf"
			}
			if err := os.WriteFile(out, p.PDF, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "\n%s\n", sayf(lang, "PDF: %s (%s)", out, p.PDFName))
		}
		return nil
	case "outbox":
		list, err := svc.Outbox()
		if err != nil {
			return err
		}
		keep := list[:0]
		for _, m := range list {
			if *state == "" || m.State == *state {
				keep = append(keep, m)
			}
		}
		if *asJSON {
			if keep == nil {
				keep = []counter.OutboxMessage{}
			}
			out, _ := json.MarshalIndent(keep, "", "  ")
			fmt.Fprintln(stdout, string(out))
			return nil
		}
		for _, m := range keep {
			fmt.Fprintln(stdout, outboxLine(m, cat, langOf(stderr)))
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pass, err := svc.SendMail(ctx)
	lang := langOf(stderr)
	fmt.Fprintln(stdout, sayf(lang, "queued %d, sent %d, to try again %d, refused %d", len(pass.Queued), len(pass.Sent), len(pass.Retry), len(pass.Refused)))
	if err == nil {
		laterTries(stdout, svc, pass, lang)
	}
	if err == nil && len(pass.Retry) > 0 {
		return failedNow(stderr, svc, pass, lang)
	}
	return err
}

// failedNow names the messages this pass could not send, each with why
// and its next try, and exits 1: "to try again 3" alone left the person
// who ran it (or the cron job's mail) with a server that did not answer
// and nothing saying so.
func failedNow(stderr io.Writer, svc *counter.Service, pass counter.MailPass, lang pos.Lang) error {
	list, err := svc.Outbox()
	if err != nil {
		return err
	}
	loc := svc.Catalog().Location()
	n := 0
	for _, m := range list {
		if !slices.Contains(pass.Retry, m.ID) {
			continue
		}
		n++
		fmt.Fprintln(stderr, "  "+sayf(lang, "%s to %s: %s; next try %s", m.ID, m.To, errors.New(m.LastError), m.Next.In(loc).Format("2006-01-02 15:04:05")))
	}
	fmt.Fprintln(stderr, sayn(lang, n,
		"guichet email: %d e-mail could not go now, said above with why (a server that does not answer: check --smtp and that the mail server runs); it waits in the outbox: run guichet email send again after its next try",
		"guichet email: %d e-mails could not go now, each said above with why (a server that does not answer: check --smtp and that the mail server runs); they wait in the outbox: run guichet email send again after their next try", n))
	return exitCode(1)
}

// laterTries says which messages that failed before wait for a later try
// and when: the person who mended the mail server and sent the outbox
// would otherwise read "sent 0" and nothing of them.
func laterTries(stdout io.Writer, svc *counter.Service, pass counter.MailPass, lang pos.Lang) {
	list, err := svc.Outbox()
	if err != nil {
		return
	}
	now := time.Now()
	var later []string
	for _, m := range list {
		if m.State != counter.EmailWaiting || m.Attempts == 0 || !m.Next.After(now) || slices.Contains(pass.Retry, m.ID) {
			continue
		}
		later = append(later, "  "+sayf(lang, "%s at %s", m.ID, m.Next.In(svc.Catalog().Location()).Format("2006-01-02 15:04:05")))
	}
	if len(later) == 0 {
		return
	}
	fmt.Fprintln(stdout, sayn(lang, len(later), "%d waits for its next try (a server that failed before is not asked again sooner): run guichet email send again then", "%d wait for their next try (a server that failed before is not asked again sooner): run guichet email send again then", len(later)))
	fmt.Fprintln(stdout, strings.Join(later, "\n"))
}

// outboxLine is one message for a person: id, state, address, when.
// Its state is the word --state takes; what follows is said in lang.
func outboxLine(m counter.OutboxMessage, cat *pos.Catalog, lang pos.Lang) string {
	loc := cat.Location()
	at := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	s := fmt.Sprintf("%-34s %-8s %-30s %s", m.ID, m.State, m.To, sayf(lang, "queued %s", at(m.Queued)))
	switch m.State {
	case counter.EmailSent:
		s += sayf(lang, ", sent %s", at(m.Sent))
	case counter.EmailRefused:
		s += sayf(lang, ", refused: %s", errors.New(m.LastError))
	default:
		if m.Attempts > 0 {
			s += sayn(lang, m.Attempts, ", %d failed try (%s), next %s", ", %d failed tries (%s), next %s", m.Attempts, errors.New(m.LastError), at(m.Next))
		}
	}
	return s
}

const orderSendUsage = `usage: guichet order send NUMBER [--to ADDRESS] [--db FILE] [--catalog FILE] [--staff ID --pin PIN] [--smtp HOST[:PORT] ...]
Sends the order's valid tickets by e-mail (one PDF, a ticket a page), to ADDRESS or the order's
customer; a second sending says "copy". With a mail server (--smtp or GUICHET_SMTP) it goes now;
without, it waits in the outbox for the register that sends (see guichet email outbox).`

// runOrderSend is guichet order send.
func runOrderSend(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("order send", orderSendUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	staff := fs.String("staff", "", "who sends: a staff id of the catalog")
	pin := fs.String("pin", "", "the member of staff's PIN")
	to := fs.String("to", "", "the address (default: the order's customer's)")
	smtp := addSMTPFlags(fs)
	rest, err := fs.ParseAll(args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return pos.Errorf("name one order: guichet order send NUMBER [--to ADDRESS]")
	}
	if err := registerFileThere(*db); err != nil {
		return err
	}
	cat, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return err
	}
	mailOpts, err := smtp.mailOptions(true)
	if err != nil {
		return err
	}
	number := strings.ToUpper(strings.TrimSpace(rest[0]))
	// the sending first on the file opened for a trial, where it is only
	// queued (no mail server): a refused sending (a wrong PIN, an order
	// the profile does not show, no address) writes nothing (refusedFirst)
	if err := refusedFirst(*db, cat, *staff, *pin, func(svc *counter.Service, t *counter.Till) error {
		_, err := t.SendTickets(number, *to)
		return heldSays(svc, err, true)
	}); err != nil {
		return stopFirst(err, "guichet order send", "; or send them from one of its tills (e on the order)")
	}
	svc, err := counter.Open(counter.Options{Path: *db, Catalog: cat})
	if err != nil {
		return stopFirst(err, "guichet order send", "; or send them from one of its tills (e on the order)")
	}
	defer svc.Close()
	// A register of a central server only queues: guichetd sends once
	// the journal is pushed.
	central := pushesToCentral(svc)
	if mailOpts != nil && !central {
		if err := svc.StartMail(*mailOpts); err != nil {
			return err
		}
	}
	till, err := unlockTill(svc, *staff, *pin)
	if err != nil {
		return err
	}
	defer till.Close()
	m, err := till.SendTickets(number, *to)
	if err != nil {
		return err
	}
	lang := langOf(stderr)
	copy := ""
	if m.Copy {
		copy = sayf(lang, " (copy)")
	}
	n := len(m.Tickets)
	if central {
		fmt.Fprintln(stdout, sayn(lang, n, "%d ticket%s queued for %s as %s: the central server sends it once the register pushes its journal", "%d tickets%s queued for %s as %s: the central server sends them once the register pushes its journal", n, copy, m.To, m.ID))
		return nil
	}
	if !svc.MailRunning() {
		fmt.Fprintln(stdout, sayn(lang, n, "%d ticket%s queued for %s as %s: no mail server here, it goes when the register that sends runs", "%d tickets%s queued for %s as %s: no mail server here, they go when the register that sends runs", n, copy, m.To, m.ID))
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := svc.SendMail(ctx); err != nil {
		return err
	}
	m, err = svc.Register().OutboxMessage(m.ID)
	if err != nil {
		return err
	}
	switch m.State {
	case counter.EmailSent:
		fmt.Fprintln(stdout, sayn(lang, n, "%d ticket%s sent to %s (%s)", "%d tickets%s sent to %s (%s)", n, copy, m.To, m.Reply))
		return nil
	case counter.EmailRefused:
		return pos.Errorf("the mail server refused the tickets for %s: %s", m.To, m.LastError)
	}
	fmt.Fprintln(stdout, sayn(lang, n, "%d ticket%s for %s waits in the outbox: %s; next try %s", "%d tickets%s for %s wait in the outbox: %s; next try %s", n, copy, m.To, errors.New(m.LastError), m.Next.In(svc.Catalog().Location()).Format("15:04")))
	return nil
}

// pushedReadOnly is pushesToCentral on the file opened read-only (false
// when it cannot be read so: the command asks again once it is open).
func pushedReadOnly(db string, cat *pos.Catalog) bool {
	reg, err := local.Open(local.Options{Path: db, Catalog: cat, ReadOnly: true})
	if err != nil {
		return false
	}
	defer reg.Close()
	st, err := reg.PushState()
	return err == nil && st.Pushed > 0
}

// pushesToCentral says whether the register's journal was ever pushed to
// a central server: then guichetd sends its e-mails, and the tools only
// queue.
func pushesToCentral(svc *counter.Service) bool {
	st, err := svc.Register().PushState()
	return err == nil && st.Pushed > 0
}
