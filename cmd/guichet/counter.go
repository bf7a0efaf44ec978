package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"guichet/local"
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
	receipts := fs.String("receipts", string(receiptsAsk), "which sales print a receipt by themselves: ask (none: r on the done screen), always, or cash (sales paid in cash)")
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
	if *lang != "fr" && *lang != "en" {
		return fmt.Errorf("the language must be fr or en, not %q", *lang)
	}
	policy, err := parseReceiptPolicy(*receipts)
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
	reg, err := local.Open(local.Options{Path: *db, Register: *id, Catalog: c})
	if err != nil {
		return err
	}
	defer reg.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	extras := printers.NewExtras(printQueue{reg, *lang})
	spool := printers.NewSpooler(extras, transport, prof, printers.SpoolerOptions{})
	go func() { _ = spool.Run(ctx) }()
	pr := &counterPrinting{cat: c, lang: *lang, policy: policy, extras: extras, kick: spool.Kick, now: time.Now}

	app := tui.New(tui.Options{
		Service: tui.FromLocal(reg), Lang: *lang,
		Printer:             func() tui.PrinterState { return printerState(spool.State()) },
		Receipt:             func(o pos.Order) string { return receiptPreview(c, o, *lang) },
		OnSale:              pr.sold,
		PrintReceipt:        pr.printReceipt,
		OpenDrawer:          pr.openDrawer,
		PrintQueued:         spool.Kick,
		Unlock:              *unlock,
		ExitAfterFirstFrame: *exitFirst,
	})
	p := tea.NewProgram(app, tea.WithFPS(*fps), tea.WithContext(ctx))
	_, err = p.Run()
	if t := app.Till(); t != nil {
		_ = t.Close()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() == nil {
		err = nil
	}
	return err
}

// printerState is the spooler's state for the status line: its problem's
// kind is named by the screens in the staff's language; a reason without a
// kind is shown in the printer's own words.
func printerState(s printers.SpoolerState) tui.PrinterState {
	out := tui.PrinterState{Online: s.Online, Printing: s.Printing != "", Pending: s.Pending, Failed: s.LastError}
	if p, ok := printerProblems[s.Problem]; ok {
		out.Problem = p
	} else if s.Problem != printers.ProblemNone || !s.Online {
		out.Detail = s.Reason
	}
	return out
}

// printerProblems are the spooler's problems the screens have words for.
var printerProblems = map[printers.Problem]string{
	printers.ProblemPaperOut:    tui.PrinterPaperOut,
	printers.ProblemCoverOpen:   tui.PrinterCover,
	printers.ProblemCutter:      tui.PrinterCutter,
	printers.ProblemHot:         tui.PrinterHot,
	printers.ProblemError:       tui.PrinterError,
	printers.ProblemFeeding:     tui.PrinterFeeding,
	printers.ProblemPaperLow:    tui.PrinterPaperLow,
	printers.ProblemOffline:     tui.PrinterOffline,
	printers.ProblemUnreachable: tui.PrinterUnreachable,
}

// ticketLayout turns a queued ticket into what the ticket layout prints,
// formatted in the register's language.
func ticketLayout(cat *pos.Catalog, j local.PrintJob, lang string) printers.Ticket {
	t := j.Ticket
	out := printers.Ticket{
		Format: printers.Format(j.Format), Organiser: cat.Organiser.Name,
		Event: j.Event.In(lang), Venue: j.Venue, Zone: j.ZoneName.In(lang), Category: j.CategoryName.In(lang),
		Price: t.Price.Format(lang), OrderNumber: j.Order, TicketNumber: t.Number,
		CustomText: t.CustomText, Customer: j.Customer, QRPayload: j.QR, Duplicate: j.Duplicate, Lang: lang,
	}
	if !j.Start.IsZero() {
		out.When = pos.FormatDate(j.Start.In(cat.Location()), lang) + " " + j.Start.In(cat.Location()).Format("15:04")
	}
	if t.Kind != pos.LineTicket {
		out.Event = j.ItemName.In(lang)
	}
	if t.Seat != "" {
		if r, n, ok := pos.SplitSeatID(t.Seat); ok {
			out.Row, out.Seat = r, fmt.Sprint(n)
		}
	}
	if t.Regular != t.Price {
		out.RegularPrice = t.Regular.Format(lang)
		out.OfferName = t.Offer
	}
	return out
}
