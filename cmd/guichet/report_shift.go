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
)

const shiftReportUsage = `usage: guichet report x|z [--db FILE] [--catalog FILE] [--shift ID] [--json] [--lang fr|en]
  x   an open shift's figures now (or a closed one's Z)
  z   a closed shift's Z closure (refused for a shift still open)
--shift names the shift (default: the last one opened). The file is opened read-only:
nothing is written, even while the counter runs.`

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
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "guichet report: unexpected argument %q\n", rest[0])
		return exitCode(2)
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
	if !ok {
		fmt.Fprintf(stderr, "guichet report: no shift %q in %s\n", *shift, *db)
		return exitCode(1)
	}
	if sub == "z" && !rep.Z {
		fmt.Fprintf(stderr, "guichet report z: shift %s is still open: its Z is made when it closes (guichet report x shows it now)\n", rep.Shift)
		return exitCode(1)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(struct {
			counter.Report
			Head string `json:"journal_head"`
		}{rep, rep.Head}, "", "  ")
		fmt.Fprintln(stdout, string(out))
		return nil
	}
	fmt.Fprint(stdout, counter.ReportText(cat, rep, cat.Lang(lang)))
	return nil
}
