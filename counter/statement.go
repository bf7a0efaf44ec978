package counter

import (
	"fmt"
	"strings"

	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// StatementLine is a row of the daily ticket statement with its names in
// the box office's words.
type StatementLine struct {
	local.StatementRow
	PerformanceName string `json:"performance_name"` // "Hamlet, 12.01.2027 20:00"
	CategoryName    string `json:"category_name"`    // "Adult", "Invitation"
}

// Statement is a day's ticket statement as guichet report tickets
// shows and prints it: whose, which day, how it stands, its rows.
type Statement struct {
	Register string
	Day      string // YYYY-MM-DD
	Closed   bool
	// Training says it is the training register's (IsTrainingRegister):
	// marked "TRAINING — NOT VALID" on screen, in JSON and on paper, as its
	// tickets and receipts are, so it never passes for the real one.
	Training bool
	Rows     []local.StatementRow
	// Sold names performances as their tickets were sold
	// (local.Register.SoldNames): a row whose performance the catalog no
	// longer has is named by it rather than by a bare id.
	Sold map[string]string
}

// StatementLines names the rows of a ticket statement with the catalog's
// words in lang: a pass's row ("pass:ID") by the pass's name; a
// performance the catalog no longer has by its name as sold (sold), else
// by its id (an id the catalog no longer has stays as it is).
func StatementLines(cat *pos.Catalog, rows []local.StatementRow, sold map[string]string, lang pos.Lang) []StatementLine {
	out := make([]StatementLine, 0, len(rows))
	for _, r := range rows {
		l := StatementLine{StatementRow: r, PerformanceName: r.Performance, CategoryName: r.Category}
		if p, ok := cat.PerformanceByID(r.Performance); ok {
			if ev, ok := cat.EventByID(p.Event); ok {
				l.PerformanceName = ev.Name.In(lang) + ", " + pos.FormatDateTime(p.Start.In(cat.Location()), lang)
			}
		} else if name := sold[r.Performance]; name != "" {
			l.PerformanceName = name
		}
		if c, ok := cat.CategoryByID(r.Category); ok {
			l.CategoryName = c.Name.In(lang)
		} else if id, isPass := strings.CutPrefix(r.Category, pos.LinePass+":"); isPass {
			if p, ok := cat.PassByID(id); ok {
				l.CategoryName = p.Name.In(lang)
			}
		}
		out = append(out, l)
	}
	return out
}

var (
	statementTitle = pos.Text{"en": "DAILY TICKET STATEMENT", "fr": "RELEVÉ JOURNALIER DES BILLETS"}
	statementOpen  = pos.Text{"en": "not closed yet", "fr": "pas encore clôturé"}
	// trainingMark is what marks the training register's papers, as
	// printers prints it across its tickets and receipts.
	trainingMark = pos.Text{"en": "TRAINING — NOT VALID", "fr": "FORMATION — NON VALABLE"}
	freeWord     = pos.Text{"en": "free", "fr": "gratuit"}
	// passesHead heads the rows of passes, which have no performance: they
	// came first with no head, indented under nothing, as if the day's
	// first performance's (the tab that sells them says the same words)
	passesHead    = pos.Text{"en": "Passes", "fr": "Abonnements et pass"}
	statementText = map[string]pos.Text{
		"head":   {"en": "daily ticket statement %s, register %s (%s)", "fr": "relevé journalier des billets du %s, caisse %s (%s)"},
		"closed": {"en": "closed", "fr": "clôturé"},
		"row":    {"en": "issued %d, canceled %d, count %d, takings %s", "fr": "émis %d, annulés %d, comptés %d, recette %s"},
		"counts": {"en": "issued %d, canceled %d, count %d", "fr": "émis %d, annulés %d, comptés %d"},
		"total":  {"en": "total takings %s", "fr": "recette totale %s"},
	}
)

// StatementText is the daily ticket statement as text (guichet report
// tickets), its words in the language of its names and dates; a training
// register's says so first and last.
func StatementText(cat *pos.Catalog, st Statement, lang pos.Lang) string {
	var b strings.Builder
	if st.Training {
		fmt.Fprintf(&b, "%s\n", trainingMark.In(lang))
	}
	state := statementText["closed"].In(lang)
	if !st.Closed {
		state = statementOpen.In(lang)
	}
	fmt.Fprintf(&b, statementText["head"].In(lang)+"\n", st.Day, st.Register, state)
	total, perf := pos.Zero(cat.Currency()), "\x00"
	for _, l := range StatementLines(cat, st.Rows, st.Sold, lang) {
		if l.Performance != perf {
			perf = l.Performance
			fmt.Fprintf(&b, "%s\n", rowsHead(l, lang))
		}
		series := "" // none issued that day: the row only takes back
		if l.First != "" {
			series = l.First + "…" + l.Last + "  "
		}
		fmt.Fprintf(&b, "  %-16s %-12s %s"+statementText["row"].In(lang)+"\n",
			l.CategoryName, PriceText(l.StatementRow, lang), series, l.Issued, l.Canceled, l.Count, l.Takings.Format(lang))
		total = total.Plus(l.Takings)
	}
	fmt.Fprintf(&b, statementText["total"].In(lang)+"\n", total.Format(lang))
	if st.Training {
		fmt.Fprintf(&b, "%s\n", trainingMark.In(lang))
	}
	return b.String()
}

// rowsHead heads a performance's rows of the statement, or the passes'
// (no performance).
func rowsHead(l StatementLine, lang pos.Lang) string {
	if l.Performance == "" {
		return passesHead.In(lang)
	}
	return l.PerformanceName
}

// PriceText is a row's price as the statement prints it: "free" for an
// invitation.
func PriceText(r local.StatementRow, lang pos.Lang) string {
	if r.Free() {
		return freeWord.In(lang)
	}
	return r.Price.Format(lang)
}

// StatementLayout is the daily ticket statement of a day as the receipt
// printer prints it: per performance, a line per category and price with
// its ticket series, the tickets issued, canceled and counted, and the
// takings, then the day's total; a training register's with "TRAINING —
// NOT VALID" at the top and the end, as its receipts.
func StatementLayout(cat *pos.Catalog, st Statement, lang pos.Lang) printers.Receipt {
	when := st.Day
	if !st.Closed {
		when += " (" + statementOpen.In(lang) + ")"
	}
	rc := printers.Receipt{Organiser: cat.Organiser.Name, Register: st.Register, Title: statementTitle.In(lang), When: when, Lang: string(lang),
		Training: st.Training}
	total := pos.Zero(cat.Currency())
	perf := "\x00"
	for _, l := range StatementLines(cat, st.Rows, st.Sold, lang) {
		if l.Performance != perf {
			perf = l.Performance
			rc.Lines = append(rc.Lines, printers.ReceiptLine{Text: strings.ToUpper(rowsHead(l, lang))})
		}
		text := fmt.Sprintf("%s %s", l.CategoryName, PriceText(l.StatementRow, lang))
		if l.First != "" {
			text += " · " + l.First + "…" + l.Last
		}
		// every count the statement has, as the text one says them: a
		// count as the line's quantity ("2 x") would leave out the tickets
		// issued, and a row that takes back more than it issues (0 or less)
		text += " · " + fmt.Sprintf(statementText["counts"].In(lang), l.Issued, l.Canceled, l.Count)
		rc.Lines = append(rc.Lines, printers.ReceiptLine{Text: text, Amount: l.Takings.Format(lang)})
		total = total.Plus(l.Takings)
	}
	rc.Total = total.Format(lang)
	return rc
}

// standingText is what StandingLines say, in the statement's language.
var standingText = map[string]pos.Text{
	"closure": {"fr": "Journal : dernière clôture journalière n° %d, total perpétuel %s", "en": "Journal: last daily closure no. %d, perpetual total %s"},
	// the day said: under a day not closed, "clôture journalière n° 1"
	// alone read as that day's, beside its "pas encore clôturé"
	"closureof": {"fr": "Journal : dernière clôture journalière n° %d (%s), total perpétuel %s", "en": "Journal: last daily closure no. %d (%s), perpetual total %s"},
	// the day's sales in it, which no closure counted yet: a manager
	// reading a day not closed expects them in the perpetual total
	"todate":      {"fr": "Total perpétuel à ce jour (non clôturé) : %s", "en": "Perpetual total to date (not closed): %s"},
	"todatesince": {"fr": "Total perpétuel à ce jour (non clôturé) : %s, dont %s depuis la dernière clôture", "en": "Perpetual total to date (not closed): %s, of which %s since the last closure"},
	"lost":        {"fr": "Si ce fichier est perdu, le nouveau journal part de : guichet %s", "en": "If this file is lost, a new journal goes on with: guichet %s"},
	"year":        {"fr": "et, en %s encore : %s", "en": "and, still in %s: %s"},
}

// StandingLines say, under a day's statement, where the journal stands:
// its last daily closure and perpetual total; when entries moved money
// since, the perpetual total to date with them (it said the last
// closure's alone, under a day whose sales it left out); and the options
// a new journal would go on from were the file lost (--new-journal AFTER
// --after-total … --after-closures …), the closures' figures. A register
// running alone has no central server to read them from once the file is
// gone: the paper keeps them. Before the first closure, only the total to
// date.
func StandingLines(st local.Standing, lang pos.Lang) []string {
	var toDate []string
	switch {
	case !st.Open:
	case st.Closed:
		toDate = []string{fmt.Sprintf(standingText["todatesince"].In(lang), st.ToDate.Format(lang), st.Unclosed.Format(lang))}
	default:
		toDate = []string{fmt.Sprintf(standingText["todate"].In(lang), st.ToDate.Format(lang))}
	}
	if !st.Closed {
		return toDate
	}
	flags, yearFlag, year := st.Flags()
	closure := fmt.Sprintf(standingText["closure"].In(lang), st.Figures.Closures[local.ClosureDay], st.Figures.Perpetual.Format(lang))
	if st.LastDay != "" {
		closure = fmt.Sprintf(standingText["closureof"].In(lang), st.Figures.Closures[local.ClosureDay], st.LastDay, st.Figures.Perpetual.Format(lang))
	}
	out := append(append([]string{closure}, toDate...), fmt.Sprintf(standingText["lost"].In(lang), flags))
	if yearFlag != "" {
		out = append(out, fmt.Sprintf(standingText["year"].In(lang), year, yearFlag))
	}
	return out
}
