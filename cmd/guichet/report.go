package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

func init() {
	register("report", "the daily ticket statement (report tickets --day DATE); a shift's X or Z report (report x|z); the fiscal closures' totals (report closures)", runReport)
}

const reportUsage = `usage: guichet report tickets [--db FILE] [--catalog FILE] [--day YYYY-MM-DD] [--json|--csv] [--print PRINTER]
  tickets   the daily ticket statement: per performance, ticket category and price
            (or free), the first and last ticket number issued, the tickets canceled,
            the count and the takings; as the day's closure kept it in the journal
            (today: as the journal says so far). Reads only: nothing is written.
            --print sends it to the receipt printer (` + printers.PaperSpecHelp + `)
` + shiftReportUsage + "\n" + closuresReportUsage

func runReport(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(stdout, reportUsage)
		return errHelp
	}
	if len(args) > 0 && (args[0] == "x" || args[0] == "z") {
		return runShiftReport(args, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "closures" {
		return runClosuresReport(args, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "tickets" {
		fmt.Fprintln(stderr, reportUsage)
		return exitCode(2)
	}
	fs := newFlags("report tickets", reportUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	day := fs.String("day", "", "the day, YYYY-MM-DD in the organiser's time zone (default: today)")
	asJSON := fs.Bool("json", false, "write JSON")
	asCSV := fs.Bool("csv", false, "write CSV")
	printer := fs.String("print", "", "print it on this receipt printer")
	// the counter's name for a printer, which the README once gave here
	fs.StringVar(printer, "printer", "", "the same as --print")
	profile := fs.String("printer-profile", printers.DefaultProfile, "printer model: "+strings.Join(printers.ProfileNames(), ", "))
	lang := fs.String("lang", "", "language of the names (default: the catalog's first)")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return pos.Errorf("unexpected argument %q: guichet report tickets takes its day with --day YYYY-MM-DD", rest[0])
	}
	if *asJSON && *asCSV {
		return pos.Errorf("choose --json or --csv, not both")
	}
	if *printer == "preview" {
		// a preview keeps a ticket to show on the counter's screen; the
		// statement is on this one already, and a preview here is lost
		return pos.Errorf("the statement is already shown here; --print takes a printer: %s", words(printers.PaperSpecHelp))
	}
	now := time.Now()
	cat, err := loadCatalog(*catalog, now)
	if err != nil {
		return err
	}
	language := cat.Lang("")
	if *lang != "" {
		if language, err = pos.ParseLang(*lang); err != nil {
			return err
		}
	}
	if *day == "" {
		*day = now.In(cat.Location()).Format(time.DateOnly)
	}
	if err := registerFileThere(*db); err != nil {
		return err
	}
	reg, err := local.Open(local.Options{Path: *db, Catalog: cat, ReadOnly: true})
	if err != nil {
		return err
	}
	defer reg.Close()
	rows, closed, err := reg.TicketStatement(*day)
	if err != nil {
		return err
	}
	// where the journal stands now, under the statement (what a new journal
	// would go on from were this file lost)
	standing, err := reg.Standing()
	if err != nil {
		return err
	}
	// performances the catalog no longer has are named as they were sold
	var gone []string
	for _, r := range rows {
		if _, ok := cat.PerformanceByID(r.Performance); !ok && r.Performance != "" {
			gone = append(gone, r.Performance)
		}
	}
	sold, err := reg.SoldNames(*day, gone)
	if err != nil {
		return err
	}
	stmt := counter.Statement{Register: reg.ID(), Day: *day, Closed: closed, Rows: rows, Sold: sold,
		Training: counter.IsTrainingRegister(reg)}
	lines := counter.StatementLines(cat, rows, sold, language)
	switch {
	case *asJSON:
		out, _ := json.MarshalIndent(struct {
			Day      string                  `json:"day"`
			Register string                  `json:"register"`
			Training bool                    `json:"training,omitempty"` // the training register's: not valid
			Closed   bool                    `json:"closed"`
			Rows     []counter.StatementLine `json:"rows"`
		}{*day, reg.ID(), stmt.Training, closed, lines}, "", "  ")
		fmt.Fprintln(stdout, string(out))
	case *asCSV:
		w := csv.NewWriter(stdout)
		// amounts as plain numbers a spreadsheet adds up, the currency
		// beside them; the training register's rows say so in a column of
		// their own (the real register's keep their columns)
		head := []string{"day", "performance", "performance_name", "category", "category_name", "currency", "price", "free", "first", "last", "issued", "canceled", "count", "takings"}
		if stmt.Training {
			head = append(head, "training")
		}
		_ = w.Write(head)
		for _, l := range lines {
			cur := l.Takings.Currency
			if cur == "" {
				cur = l.Price.Currency
			}
			if cur == "" {
				cur = cat.Currency()
			}
			price, takings := pos.M(l.Price.Amount, cur), pos.M(l.Takings.Amount, cur)
			rec := []string{*day, l.Performance, l.PerformanceName, l.Category, l.CategoryName, string(cur), price.Number(), strconv.FormatBool(l.Free()),
				l.First, l.Last, strconv.Itoa(l.Issued), strconv.Itoa(l.Canceled), strconv.Itoa(l.Count), takings.Number()}
			if stmt.Training {
				rec = append(rec, "true")
			}
			_ = w.Write(rec)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
	default:
		// in the statement's language, as its names and dates are
		fmt.Fprint(stdout, counter.StatementText(cat, stmt, language))
		for _, l := range counter.StandingLines(standing, language) {
			fmt.Fprintln(stdout, l)
		}
	}
	if *printer == "" {
		return nil
	}
	prof, err := printers.LookupProfile(*profile)
	if err != nil {
		return err
	}
	layout := counter.StatementLayout(cat, stmt, language)
	// Never marked DUPLICATA, a closed day's no more than today's: a
	// reprint is marked when the journal shows a paper of it printed, as
	// report z --print marks a Z a till printed, and the journal never
	// shows one of the statement. The closure keeps the statement
	// (closure.made's tickets) and prints nothing: no till lays the
	// statement out, the Z's paper is the shift's report, and this command,
	// the only one that prints it, opens the journal read-only and records
	// nothing. Its papers of one day are alike, none told from another.
	layout.Notes = append(layout.Notes, counter.StandingLines(standing, language)...)
	return printPaper(*printer, prof, layout, "statement", stderr)
}

// printPaper prints a document of the receipt roll (the daily statement,
// a shift's X or Z) on printer, what saying which in the messages.
func printPaper(printer string, prof printers.Profile, layout printers.Receipt, what string, stderr io.Writer) error {
	data, err := printers.EncodeReceipt(layout, prof)
	if err != nil {
		return fmt.Errorf("cannot lay out the %s: %w", what, err)
	}
	tr, err := printers.Open(printer)
	if err != nil {
		return err
	}
	defer tr.Close()
	// as print-test: a printer out of paper takes the bytes in its buffer
	// and prints nothing, so its state is read first and said
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if sr, ok := tr.(printers.StatusReader); ok {
		st, err := sr.Status(ctx)
		switch {
		case errors.Is(err, printers.ErrNoStatus):
		case err != nil:
			return pos.Errorf("the %s was not printed: %w", words(what), err)
		case !st.Ready():
			return pos.Errorf("the %s was not printed: the printer %s cannot print: %s", words(what), tr, printerSays(st))
		}
	}
	return printAndWait(ctx, tr, prof, data, what, stderr)
}
