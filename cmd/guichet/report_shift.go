package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

const shiftReportUsage = `usage: guichet report x|z [--db FILE] [--catalog FILE] [--shift ID] [--json] [--lang fr|en] [--print PRINTER]
  x   an open shift's figures now (or a closed one's Z)
  z   a closed shift's Z closure (refused for a shift still open)
--shift names the shift (default: the last one opened). The file is opened read-only:
nothing is written, even while the counter runs.
--print prints the report as the till does (p on its report screen, the way to print
while the counter runs: its printer is the counter's); a Z a till printed already is
marked DUPLICATA, unnumbered (this command records nothing to number it), on
` + printers.PaperSpecHelp

// runShiftReport is guichet report x|z: a shift's X report or Z closure,
// read from the file without changing it.
func runShiftReport(args []string, stdout, stderr io.Writer) error {
	sub := args[0]
	fs := newFlags("report "+sub, shiftReportUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	shift := fs.String("shift", "", "the shift (default: the last one opened)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	langFlag := fs.String("lang", "", "the text's language (default: the catalog's first)")
	printer := fs.String("print", "", "print it on this receipt printer")
	fs.StringVar(printer, "printer", "", "the same as --print")
	profile := fs.String("printer-profile", printers.DefaultProfile, "printer model: "+strings.Join(printers.ProfileNames(), ", "))
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintln(stderr, sayf(langOf(stderr), "guichet report: unexpected argument %q", rest[0]))
		return exitCode(2)
	}
	if *printer == "preview" {
		// as report tickets: a preview keeps a ticket to show on the
		// counter's screen; the report is on this one already
		return pos.Errorf("the report is already shown here; --print takes a printer: %s", words(printers.PaperSpecHelp))
	}
	var prof printers.Profile
	if *printer != "" {
		if prof, err = printers.LookupProfile(*profile); err != nil {
			return err
		}
	}
	var lang pos.Lang // "": the catalog's first
	if *langFlag != "" {
		if lang, err = pos.ParseLang(*langFlag); err != nil {
			return err
		}
	}
	if err := registerFileThere(*db); err != nil {
		return err
	}
	cat, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return err
	}
	reg, err := local.Open(local.Options{Path: *db, Catalog: cat, ReadOnly: true})
	if err != nil {
		return err
	}
	defer reg.Close()
	svc, err := counter.New(reg, counter.Options{})
	if err != nil {
		return err
	}
	defer svc.Close()
	rep, ok, err := svc.ShiftReport(strings.ToUpper(*shift))
	if err != nil {
		return err
	}
	if !ok && *shift == "" {
		// was: no shift "" in run.db
		return pos.Errorf("no shift was opened in %s yet: a seller opens one with a float at a till", *db)
	}
	if !ok {
		return pos.Errorf("%s has no shift %s: guichet report x, without --shift, shows the last one opened", *db, strings.ToUpper(*shift))
	}
	if sub == "z" && !rep.Z {
		return pos.Errorf("shift %s is still open: its Z is made when it closes (guichet report x shows it now)", rep.Shift)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(struct {
			counter.Report
			Head string `json:"journal_head"`
		}{rep, rep.Head}, "", "  ")
		fmt.Fprintln(stdout, string(out))
	} else {
		sold, err := svc.ReportSoldNames(rep)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, counter.ReportTextSold(cat, rep, sold, cat.Lang(lang)))
	}
	if *printer == "" {
		return nil
	}
	// the till's paper (counter.ReportLayout), with the journal's head
	// the report was read at
	layout := counter.ReportLayout(cat, rep, reg.ID(), cat.Lang(lang))
	layout.Training = counter.IsTrainingRegister(reg)
	what := "X report"
	if rep.Z {
		what = "Z closure"
		// A Z whose paper a till made already (its print queue took it:
		// the journal's receipt.queued with the shift) is printed here
		// again: a duplicate, and its paper says so. The till numbers its
		// duplicates from the papers queued before (DUPLICATA 1, 2...);
		// this command opens the journal read-only and records nothing,
		// so the number it could print would be the one the till's next
		// paper takes, and two papers would carry it: this one says
		// DUPLICATA without a number. A Z no till printed yet prints here
		// as the original; its prints here are not recorded either, so a
		// second one cannot be told from the first.
		papers, err := reg.ZPapers(rep.Shift)
		if err != nil {
			return err
		}
		layout.Duplicate = papers > 0
	}
	return printPaper(*printer, prof, layout, what, stderr)
}
