package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
)

const closuresReportUsage = `usage: guichet report closures [--db FILE] [--catalog FILE] [--day YYYY-MM-DD | --month YYYY-MM | --year YYYY] [--json|--csv] [--lang fr|en]
  closures  the fiscal closures signed in the journal, for the accountant: each
            day's, month's and year's net, sales and reversals, what each payment
            method took, the VAT included by rate, each category, the gift vouchers
            sold (apart: not takings), and the year's and perpetual grand totals.
            --day: that day's closures (two when sales followed its Z); --month:
            the month's and its days'; --year: the year's and its months'; none:
            every closure. Reads only: nothing is written.`

// runClosuresReport is guichet report closures: the closures' figures,
// read from the file without changing it. Before it, a day's VAT and
// totals by method were only in guichet journal export's JSON.
func runClosuresReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report closures", closuresReportUsage, stdout, stderr)
	db := fs.String("db", "guichet.db", "the register's file")
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	day := fs.String("day", "", "a day, YYYY-MM-DD in the organiser's time zone")
	month := fs.String("month", "", "a month, YYYY-MM")
	year := fs.String("year", "", "a year, YYYY")
	asJSON := fs.Bool("json", false, "write the closures as the journal signed them (JSON)")
	asCSV := fs.Bool("csv", false, "write CSV, one figure a row")
	langFlag := fs.String("lang", "", "language of the text and names (default: the catalog's first)")
	rest, err := fs.ParseAll(args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected argument %q", rest[0])
	}
	if *asJSON && *asCSV {
		return fmt.Errorf("choose --json or --csv, not both")
	}
	period, kinds, err := closurePeriod(*day, *month, *year)
	if err != nil {
		return err
	}
	if err := registerFileThere(*db); err != nil {
		return err
	}
	cat, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return err
	}
	lang := cat.Lang("")
	if *langFlag != "" {
		if lang, err = pos.ParseLang(*langFlag); err != nil {
			return err
		}
	}
	reg, err := local.Open(local.Options{Path: *db, Catalog: cat, ReadOnly: true})
	if err != nil {
		return err
	}
	defer reg.Close()
	all, err := reg.Closures("")
	if err != nil {
		return err
	}
	var list []local.Closure
	for _, c := range all {
		if period == "" || kinds[c.Kind] && (c.Period == period || strings.HasPrefix(c.Period, period+"-")) {
			list = append(list, c)
		}
	}
	if len(list) == 0 {
		if period == "" {
			return fmt.Errorf("%s has no closure yet: a day closes at the Z of its last shift, or at the register's first action after midnight", *db)
		}
		return fmt.Errorf("%s has no closure of %s: a day closes at the Z of its last shift, or at the register's first action after midnight; a month and a year at the first action after their last day", *db, period)
	}
	training := counter.IsTrainingRegister(reg)
	switch {
	case *asJSON:
		out, _ := json.MarshalIndent(struct {
			Register string          `json:"register"`
			Training bool            `json:"training,omitempty"` // the training register's: not valid
			Closures []local.Closure `json:"closures"`
		}{reg.ID(), training, list}, "", "  ")
		fmt.Fprintln(stdout, string(out))
	case *asCSV:
		return closuresCSV(stdout, cat, list, training, lang)
	default:
		// the training register's closures never pass for the real ones:
		// marked first and last, as its statement is
		if training {
			fmt.Fprintln(stdout, counter.TrainingMark(lang))
		}
		for i, c := range list {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprint(stdout, counter.ClosureText(cat, c, lang))
		}
		if training {
			fmt.Fprintln(stdout, counter.TrainingMark(lang))
		}
	}
	return nil
}

// closurePeriod is the period the flags name and the kinds of closure
// listed for it ("": every closure).
func closurePeriod(day, month, year string) (string, map[string]bool, error) {
	given := 0
	for _, s := range []string{day, month, year} {
		if s != "" {
			given++
		}
	}
	if given > 1 {
		return "", nil, fmt.Errorf("give one of --day, --month and --year")
	}
	check := func(s, layout, what string) error {
		if _, err := time.Parse(layout, s); err != nil {
			return fmt.Errorf("%q is not a %s: type it %s", s, what, strings.NewReplacer("2006", "YYYY", "01", "MM", "02", "DD").Replace(layout))
		}
		return nil
	}
	switch {
	case day != "":
		return day, map[string]bool{local.ClosureDay: true}, check(day, time.DateOnly, "day")
	case month != "":
		return month, map[string]bool{local.ClosureDay: true, local.ClosureMonth: true}, check(month, "2006-01", "month")
	case year != "":
		return year, map[string]bool{local.ClosureMonth: true, local.ClosureYear: true}, check(year, "2006", "year")
	}
	return "", nil, nil
}

// closuresCSV writes one figure a row, amounts as plain numbers a
// spreadsheet adds up, the currency in a column beside them (as report
// tickets --csv does); a VAT rate's row holds its gross and its VAT.
func closuresCSV(w io.Writer, cat *pos.Catalog, list []local.Closure, training bool, lang pos.Lang) error {
	cw := csv.NewWriter(w)
	head := []string{"kind", "period", "number", "at_z", "figure", "key", "name", "count", "currency", "amount", "vat"}
	if training { // a column of its own, as report tickets --csv's
		head = append(head, "training")
	}
	_ = cw.Write(head)
	for _, c := range list {
		row := func(figure, key, name string, count int, m pos.Money, vat string) {
			n := ""
			if count >= 0 {
				n = strconv.Itoa(count)
			}
			rec := []string{c.Kind, c.Period, strconv.Itoa(c.Number), strconv.FormatBool(c.AtZ), figure, key, name, n, string(m.Currency), m.Number(), vat}
			if training {
				rec = append(rec, "true")
			}
			_ = cw.Write(rec)
		}
		t := c.Totals
		row("net", "", "", -1, t.Net, "")
		row("sales", "", "", t.Orders, t.Sales, "")
		row("reversals", "", "", t.Reversed, t.Reversals, "")
		for _, m := range t.ByMethod {
			row("method", m.Method, counter.MethodName(cat, m.Method, lang), m.Count, m.Amount, "")
		}
		for _, v := range t.ByVAT {
			row("vat_rate", pos.FormatRate(v.Rate, pos.English), "", -1, v.Gross, v.VAT.Number())
		}
		for _, k := range t.ByCategory {
			row("category", k.Category, counter.FiscalCategoryName(cat, k.Category, lang), k.Count, k.Amount, "")
		}
		for _, k := range t.Vouchers {
			row("voucher", k.Category, counter.FiscalCategoryName(cat, k.Category, lang), k.Count, k.Amount, "")
		}
		row("year_grand_total", "", "", -1, c.YearTotal, "")
		row("perpetual_grand_total", "", "", -1, c.PerpetualTotal, "")
	}
	cw.Flush()
	return cw.Error()
}
