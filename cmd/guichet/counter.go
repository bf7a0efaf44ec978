package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
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
func runCounter(args []string) error {
	fs := flag.NewFlagSet("counter", flag.ContinueOnError)
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	db := fs.String("db", "guichet.db", "the register's journal file")
	id := fs.String("register", "K01", "register id: order numbers start with it")
	lang := fs.String("lang", "fr", "language: fr or en")
	fps := fs.Int("fps", 30, "most frames drawn per second (lower it on slow links)")
	printer := fs.String("printer", "preview", "where tickets print: "+printers.SpecHelp)
	profile := fs.String("printer-profile", printers.DefaultProfile, "printer model: "+strings.Join(printers.ProfileNames(), ", "))
	// Hidden: for benchmarks and the end-to-end test.
	exitFirst := fs.Bool("exit-after-first-frame", false, "")
	unlock := fs.String("unlock", "", "")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: guichet [counter] [--catalog FILE] [--db FILE] [--register K01] [--lang fr|en] [--fps 30] [--printer SPEC]")
		fs.VisitAll(func(f *flag.Flag) {
			if f.Usage != "" {
				fmt.Fprintf(os.Stderr, "  --%s %s (default %q)\n", f.Name, f.Usage, f.DefValue)
			}
		})
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return exitCode(2)
	}
	if *lang != "fr" && *lang != "en" {
		return fmt.Errorf("the language must be fr or en, not %q", *lang)
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
	spool := printers.NewSpooler(printQueue{reg, *lang}, transport, prof, printers.SpoolerOptions{})
	go func() { _ = spool.Run(ctx) }()

	app := tui.New(tui.Options{
		Service: tui.FromLocal(reg), Lang: *lang,
		Printer:             func() tui.PrinterState { return printerState(spool.State()) },
		Receipt:             func(o pos.Order) string { return receiptPreview(c, o, *lang) },
		OnSale:              func(pos.Order) { spool.Kick() },
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
	switch s.Problem {
	case printers.ProblemNone:
		if !s.Online {
			out.Detail = s.Reason
		}
	case printers.ProblemPaperOut:
		out.Problem = tui.PrinterPaperOut
	case printers.ProblemCoverOpen:
		out.Problem = tui.PrinterCover
	case printers.ProblemCutter:
		out.Problem = tui.PrinterCutter
	case printers.ProblemHot:
		out.Problem = tui.PrinterHot
	case printers.ProblemError:
		out.Problem = tui.PrinterError
	case printers.ProblemFeeding:
		out.Problem = tui.PrinterFeeding
	case printers.ProblemPaperLow:
		out.Problem = tui.PrinterPaperLow
	case printers.ProblemOffline:
		out.Problem = tui.PrinterOffline
	case printers.ProblemUnreachable:
		out.Problem = tui.PrinterUnreachable
	default:
		out.Detail = s.Reason
	}
	return out
}

// printQueue is the journal's print queue as the spooler sees it.
type printQueue struct {
	r    *local.Register
	lang string
}

func (q printQueue) Pending() ([]printers.Job, error) {
	jobs, err := q.r.PrintQueue()
	if err != nil {
		return nil, err
	}
	cat := q.r.Catalog()
	out := make([]printers.Job, 0, len(jobs))
	for _, j := range jobs {
		t := ticketLayout(cat, j, q.lang)
		out = append(out, printers.Job{ID: j.ID, Ticket: &t})
	}
	return out, nil
}

func (q printQueue) MarkPrinted(id string) error { return q.r.MarkPrinted(id) }

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

// receiptPreview lays the order's receipt out for 58 mm paper with the
// printers' own encoder and reads it back with their decoder, so the screen
// shows what the paper will.
func receiptPreview(cat *pos.Catalog, o pos.Order, lang string) string {
	r := printers.Receipt{
		Organiser: cat.Organiser.Name, Register: o.Register, Staff: o.Staff, OrderNumber: o.Number,
		When: pos.FormatDateTime(o.Placed.In(cat.Location()), lang), Total: o.Total.Format(lang), Lang: lang,
	}
	for _, l := range o.Lines {
		rl := printers.ReceiptLine{Text: l.Name, Qty: l.Quantity, Amount: l.Charged.Format(lang)}
		if l.Regular != l.Charged {
			rl.Regular, rl.OfferName = l.Regular.Format(lang), l.Offer
		}
		r.Lines = append(r.Lines, rl)
	}
	for _, f := range o.Fees {
		r.Fees = append(r.Fees, printers.ReceiptLine{Text: f.Name, Amount: f.Amount.Format(lang)})
	}
	change, rounding := pos.Zero(o.Total.Currency), pos.Zero(o.Total.Currency)
	for _, p := range o.Payments {
		name := p.Method
		if m, ok := cat.PaymentMethodByID(p.Method); ok {
			name = m.Name.In(lang)
		}
		r.Payments = append(r.Payments, printers.ReceiptLine{Text: name, Amount: p.Amount.Plus(p.Rounding).Format(lang)})
		change, rounding = change.Plus(p.Change), rounding.Plus(p.Rounding)
		r.OpenDrawer = r.OpenDrawer || p.Kind == pos.KindCash
	}
	if !change.IsZero() {
		r.Change = change.Format(lang)
	}
	if !rounding.IsZero() {
		r.Rounding = rounding.Format(lang)
	}
	prof, err := printers.LookupProfile("generic58")
	if err != nil {
		return tui.ReceiptText(cat, o, lang)
	}
	data, err := printers.EncodeReceipt(r, prof)
	if err != nil {
		return tui.ReceiptText(cat, o, lang)
	}
	doc, err := printers.Decode(data)
	if err != nil {
		return tui.ReceiptText(cat, o, lang)
	}
	var keep []string
	for _, l := range strings.Split(doc.Text(), "\n") {
		if strings.HasPrefix(l, "[") || l == "--- cut ---" {
			continue // feeds, code pages, the drawer kick: not on paper
		}
		keep = append(keep, l)
	}
	return strings.TrimRight(strings.Join(keep, "\n"), "\n")
}
