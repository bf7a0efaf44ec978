package counter

import (
	"fmt"
	"strings"

	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// Words of the report's paper beyond the screen's (reportWords).
var reportPaperWords = map[string]pos.Text{
	"opened":  {"fr": "Ouverture", "en": "Opened"},
	"closed":  {"fr": "Clôture", "en": "Closed"},
	"at":      {"fr": "Relevé à", "en": "Figures at"},
	"cashier": {"fr": "Caissier", "en": "Cashier"},
}

// ReportLayout is a shift's X report or Z closure on the receipt roll, in
// lang: the shift, its cashier, when it opened and closed (an X: when its
// figures were drawn), the counts, the drawer's rows as the till's screen
// and guichet report x|z say them, the cash counted and the difference
// (a Z), the detail the screen lists under them (ReportDetailLines), then
// what each payment method took and what was taken for sales not
// recorded. register is the till's register. A Z goes into the cash
// bag with the cash counted; the journal's head is its anchor.
func ReportLayout(cat *pos.Catalog, r Report, register string, lang pos.Lang) printers.Receipt {
	sep := ": "
	if lang == pos.French {
		sep = "\u202f: "
	}
	title := rw("x", lang)
	if r.Z {
		title = rw("z", lang)
	}
	loc := cat.Location()
	at := pos.FormatDateTime(r.At.In(loc), lang)
	rc := printers.Receipt{Organiser: cat.Organiser.Name, Register: register, Title: title, When: at,
		Lang: string(lang), Journal: r.Head, NoTotal: true}
	line := func(text string, m pos.Money) {
		rc.Lines = append(rc.Lines, printers.ReceiptLine{Text: text, Amount: m.Format(lang)})
	}
	text := func(s string) { rc.Lines = append(rc.Lines, printers.ReceiptLine{Text: s}) }
	closedWord := reportPaperWords["at"].In(lang)
	if r.Z {
		closedWord = reportPaperWords["closed"].In(lang)
	}
	text(capital(rw("shift", lang)) + sep + r.Shift)
	text(reportPaperWords["cashier"].In(lang) + sep + servedBy(cat, r.Staff, lang))
	text(reportPaperWords["opened"].In(lang) + sep + pos.FormatDateTime(r.Opened.In(loc), lang))
	text(closedWord + sep + at)
	text(fmt.Sprintf("%s%s%d", rw("orders", lang), sep, r.Orders))
	for _, n := range SoldCounts(r, lang) {
		text(fmt.Sprintf("%s%s%d", n.Name, sep, n.N))
	}
	text(rw("cancels", lang) + sep + Cancellations(r, lang))
	text("")
	for _, d := range DrawerRows(r, lang) {
		line(d.Name, d.Amount)
	}
	if r.Z {
		line(rw("counted", lang), r.Counted)
		line(rw("diff", lang)+" ("+diffWord(r.Difference, lang)+")", r.Difference)
	}
	// the detail the till's screen and guichet report x|z show: the
	// paper in the cash bag said none of it (tickets by performance,
	// discounts, comps and their reasons, refunds, gift vouchers sold)
	for _, sec := range reportDetail(cat, r.Detail, nil, lang) {
		text("")
		if sec.title != "" {
			text(sec.title)
		}
		for _, row := range sec.rows {
			// a total's name ends with its ": " on the screen; the
			// paper's amount stands at the line's end
			l := printers.ReceiptLine{Text: strings.TrimRight(row.name, " :\u202f"), Amount: row.amount}
			if row.count > 0 {
				l.Qty = row.count
			}
			if row.note != "" {
				l.Text += " " + row.note
			}
			rc.Lines = append(rc.Lines, l)
		}
		for _, l := range sec.lines {
			text(strings.TrimSpace(l))
		}
	}
	for _, m := range r.ByMethod {
		l := printers.ReceiptLine{Text: MethodName(cat, m.Method, lang), Qty: m.Count, Amount: m.Amount.Format(lang)}
		if m.Refunds > 0 { // the amount is net of them: said, not counted as payments
			l.Text += fmt.Sprintf(" (%s %d)", rw("mrefunds", lang), m.Refunds)
		}
		rc.Payments = append(rc.Payments, l)
	}
	if !r.CashRounding.IsZero() {
		rc.Payments = append(rc.Payments, printers.ReceiptLine{Text: rw("rounding", lang), Amount: r.CashRounding.Format(lang)})
	}
	rc.PaymentsTitle = rw("bymethod", lang)
	if len(r.Left) > 0 {
		// not in the cash expected: a Z over by them is them kept
		rc.Notes = append(rc.Notes, rw("left", lang)+sep)
		for _, m := range r.Left {
			rc.Notes = append(rc.Notes, fmt.Sprintf("  %d x %s  %s", m.Count, MethodName(cat, m.Method, lang), m.Amount.Format(lang)))
		}
	}
	return rc
}

// capital is s with its first letter upper case ("service": "Service").
func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// shiftReportPaper is a queued report job laid out: the shift's report as
// it stands (a Z as recorded, an X's figures now), with the journal's
// head the queue was read at, and whether it is the shift's Z (z): what
// the job is, told by the report, not by the paper's title in the
// register's language.
//
// An X queued while the shift was open (a printer out of paper) and
// printed after it closed is an X still: the figures at the close,
// without the count. Laid out as the Z it came out as one more original
// of the Z, which the journal never counted (QueueShiftReport numbers the
// Z's papers from those queued as Zs), beside the Z the cashier prints.
func (s *Service) shiftReportPaper(j local.PrintJob, head string) (r printers.Receipt, z bool, err error) {
	rep, ok, err := s.reg.ShiftReport(j.Order)
	if err != nil {
		return printers.Receipt{}, false, err
	}
	if !ok {
		return printers.Receipt{}, false, fmt.Errorf("print job %s: shift %s is not in the journal", j.ID, j.Order)
	}
	rep.Head = head
	if !j.Z {
		rep.Z = false // queued as the X: a reading, not the closure
	}
	r = ReportLayout(s.Catalog(), rep, j.Register, s.lang)
	r.Training = s.training
	if rep.Z {
		r.Copy = j.Copy // a Z printed again: DUPLICATA n
	}
	return r, rep.Z, nil
}

// PrintShiftReport queues the paper of the till's staff's shift report
// (shift "": the open one's X): its X while it is open, its Z once it is
// closed, a second Z a numbered duplicate. It prints through the
// register's spooler, as receipts do. Only the shift's own cashier prints
// it.
func (t *Till) PrintShiftReport(shift string) error {
	if t.s.spool == nil {
		return ErrNoPrinter
	}
	if shift == "" {
		sh, ok, err := t.Till.Shift()
		if err != nil {
			return err
		}
		if !ok {
			return local.ErrNoShift
		}
		shift = sh.ID
	}
	rep, ok, err := t.s.reg.ShiftReport(shift)
	if err != nil {
		return err
	}
	if !ok {
		return pos.Errorf("shift %s: %w", shift, local.ErrNotFound)
	}
	if rep.Staff != t.Staff().ID {
		return pos.Errorf("shift %s is another staff member's: its report prints at their till", shift)
	}
	if err := t.Till.QueueShiftReport(shift); err != nil {
		return err
	}
	t.s.wake()
	return nil
}

func init() {
	pos.AddSentences(pos.French, map[string]string{
		"shift %s is another staff member's: its report prints at their till": "le service %s est celui d'un autre collaborateur : son rapport s'imprime à sa caisse",
	})
}
