package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/pos"
	"guichet/printers"
	"guichet/tui"
)

func init() {
	register("counter", "open the register at the counter (the default)", runCounter)
}

// runCounter opens the register's file and its printer, and runs the
// counter screens on this terminal until the staff quit (ctrl+c).
func runCounter(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("counter", "usage: guichet [counter] [--catalog FILE] [--db FILE] [--register K01] [--lang fr|en] [--fps 30] [--printer SPEC] [--receipts ask|always|cash]", stdout, stderr)
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	db := fs.String("db", "guichet.db", "the register's journal file")
	id := fs.String("register", "K01", "register id: order numbers start with it")
	lang := fs.String("lang", "fr", "language: fr or en")
	fps := fs.Int("fps", 30, "most frames drawn per second (lower it on slow links)")
	printer := fs.String("printer", "preview", "where tickets print: "+printers.SpecHelp)
	profile := fs.String("printer-profile", printers.DefaultProfile, "printer model: "+strings.Join(printers.ProfileNames(), ", "))
	smtp := addSMTPFlags(fs) // cmd/guichet/email.go: the register sends its e-mails itself
	receipts := fs.String("receipts", string(counter.ReceiptsAsk), "which sales print a receipt by themselves: ask (none: r on the done screen), always, or cash (sales paid in cash)")
	central := fs.String("central", "", "push the journal to this central server (guichetd's URL); default: the register runs alone")
	tokenFile := fs.String("token-file", "", "the file holding the token guichetd register add printed (with --central)")
	syncAlert := fs.Duration("sync-alert", 15*time.Minute, "the status line alerts when entries wait longer than this to reach the central server")
	escrow := fs.Bool("escrow", true, "with --central: sell only the capacity the central server grants this register (no oversell offline); false: the whole catalog, as alone")
	low := fs.Int("grant-low", 5, "with --escrow: ask the central server for more of a zone, pass, quota or code when less than this is left")
	batch := fs.Int("grant-batch", 20, "with --escrow: how much to ask for at a time; more than twice this is given back")
	newJournal := fs.Uint64("new-journal", 0, "start a new journal with the key of a lost one, numbering orders after this one (see the README)")
	// Hidden: for benchmarks and the end-to-end test.
	exitFirst := fs.Bool("exit-after-first-frame", false, "")
	unlock := fs.String("unlock", "", "")
	rest, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected argument %q (see guichet counter -h)", rest[0])
	}
	language, err := pos.ParseLang(*lang)
	if err != nil {
		return err
	}
	policy, err := counter.ParseReceiptPolicy(*receipts)
	if err != nil {
		return err
	}
	c, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return err
	}
	prof, err := printers.LookupProfile(*profile)
	if err != nil {
		return err
	}
	transport, err := printers.Open(*printer)
	if err != nil {
		return err
	}
	defer transport.Close()
	mailOpts, err := smtp.mailOptions(false)
	if err != nil {
		return err
	}
	o := counter.Options{Path: *db, Register: *id, Catalog: c, Lang: language,
		Printer: transport, Profile: &prof, Receipts: policy, NewJournalAfter: *newJournal, Mail: mailOpts}
	if *central != "" {
		if *tokenFile == "" {
			return errors.New("--central needs --token-file FILE: the token guichetd register add printed")
		}
		token, err := readToken(*tokenFile)
		if err != nil {
			return err
		}
		o.Central = counter.Central{URL: *central, Token: token, Alert: *syncAlert, Escrow: *escrow, Low: *low, Batch: *batch}
	}
	svc, err := counter.Open(o)
	if errors.Is(err, counter.ErrLocked) {
		// another process sells on this file: one register, many tills
		return fmt.Errorf("%w; if that register serves tills over SSH (guichet ssh), join it: ssh -p 2222 till@localhost", err)
	}
	if err != nil {
		return err
	}
	defer svc.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The screens hear of every change from the service: nothing polls, so
	// an idle register draws nothing.
	app := tui.New(tui.Options{Service: svc, Lang: language, Unlock: *unlock, ExitAfterFirstFrame: *exitFirst, Poll: -1})
	p := tea.NewProgram(app, tea.WithFPS(*fps), tea.WithContext(ctx)) // the terminal itself, not the streams
	changed, stopTelling := svc.Changes()
	defer stopTelling()
	go func() {
		for range changed {
			p.Send(tui.ChangedMsg())
		}
	}()
	_, err = p.Run()
	if t := app.Till(); t != nil {
		_ = t.Close()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() == nil {
		err = nil
	}
	return err
}
