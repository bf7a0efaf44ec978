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

// StatementLines names the rows of a ticket statement with the catalog's
// words in lang (an id the catalog no longer has stays as it is).
func StatementLines(cat *pos.Catalog, rows []local.StatementRow, lang pos.Lang) []StatementLine {
	out := make([]StatementLine, 0, len(rows))
	for _, r := range rows {
		l := StatementLine{StatementRow: r, PerformanceName: r.Performance, CategoryName: r.Category}
		if p, ok := cat.PerformanceByID(r.Performance); ok {
			if ev, ok := cat.EventByID(p.Event); ok {
				l.PerformanceName = ev.Name.In(lang) + ", " + pos.FormatDateTime(p.Start.In(cat.Location()), lang)
			}
		}
		if c, ok := cat.CategoryByID(r.Category); ok {
			l.CategoryName = c.Name.In(lang)
		}
		out = append(out, l)
	}
	return out
}

var (
	statementTitle = pos.Text{"en": "DAILY TICKET STATEMENT", "fr": "RELEVÉ JOURNALIER DES BILLETS"}
	statementOpen  = pos.Text{"en": "not closed yet", "fr": "pas encore clôturé"}
	freeWord       = pos.Text{"en": "free", "fr": "gratuit"}
	canceledWord   = pos.Text{"en": "canceled", "fr": "annulés"}
)

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
// its ticket series, count and takings, then the day's total.
func StatementLayout(cat *pos.Catalog, register, day string, closed bool, rows []local.StatementRow, lang pos.Lang) printers.Receipt {
	when := day
	if !closed {
		when += " (" + statementOpen.In(lang) + ")"
	}
	rc := printers.Receipt{Organiser: cat.Organiser.Name, Register: register, Title: statementTitle.In(lang), When: when, Lang: string(lang)}
	total := pos.Zero(cat.Currency())
	perf := ""
	for _, l := range StatementLines(cat, rows, lang) {
		if l.Performance != perf {
			perf = l.Performance
			rc.Lines = append(rc.Lines, printers.ReceiptLine{Text: strings.ToUpper(l.PerformanceName)})
		}
		text := fmt.Sprintf("%s %s", l.CategoryName, PriceText(l.StatementRow, lang))
		if l.First != "" {
			text += " · " + l.First + "…" + l.Last
		}
		if l.Canceled > 0 {
			text += fmt.Sprintf(" · %d %s", l.Canceled, canceledWord.In(lang))
		}
		rc.Lines = append(rc.Lines, printers.ReceiptLine{Text: text, Qty: l.Count, Amount: l.Takings.Format(lang)})
		total = total.Plus(l.Takings)
	}
	rc.Total = total.Format(lang)
	return rc
}
