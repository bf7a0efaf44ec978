package counter

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"guichet/pos"
)

// Words of the report's detail, in the screen's or the paper's language.
var reportWords = map[string]pos.Text{
	"x":         {"fr": "Rapport X", "en": "X report"},
	"z":         {"fr": "Clôture Z", "en": "Z closure"},
	"shift":     {"fr": "service", "en": "shift"},
	"float":     {"fr": "Fond de caisse", "en": "Float"},
	"cashsales": {"fr": "Ventes en espèces", "en": "Cash sales"},
	"cashrefs":  {"fr": "Remboursements en espèces", "en": "Cash refunds"},
	"cashin":    {"fr": "Apports d'espèces", "en": "Cash put in"},
	"cashout":   {"fr": "Retraits d'espèces", "en": "Cash taken out"},
	"expected":  {"fr": "Espèces attendues", "en": "Cash expected"},
	"counted":   {"fr": "Espèces comptées", "en": "Cash counted"},
	"diff":      {"fr": "Écart", "en": "Difference"},
	// the difference's sign in words, as the till's screen says it: on
	// paper and in guichet report z "CHF -4.00" alone left the reader to
	// guess which way it was counted
	"short":     {"fr": "manque", "en": "short"},
	"over":      {"fr": "excédent", "en": "over"},
	"even":      {"fr": "juste", "en": "even"},
	"orders":    {"fr": "Commandes", "en": "Orders"},
	"tickets":   {"fr": "Billets", "en": "Tickets"},
	"cancels":   {"fr": "Annulations", "en": "Cancellations"},
	"partial1":  {"fr": "(dont %d partielle)", "en": "(%d partial)"},
	"partials":  {"fr": "(dont %d partielles)", "en": "(%d partial)"},
	"bymethod":  {"fr": "Par moyen de paiement", "en": "By payment method"},
	"mrefunds":  {"fr": "remboursements :", "en": "refunds:"},
	"rounding":  {"fr": "Arrondi espèces", "en": "Cash rounding"},
	"left":      {"fr": "Encaissé pour des ventes non enregistrées (à rendre)", "en": "Taken for sales not recorded (to give back)"},
	"sales":     {"fr": "Billets par représentation et catégorie, abonnements et pass", "en": "Tickets by performance and category, passes"},
	"products":  {"fr": "Articles", "en": "Products"},
	"fees":      {"fr": "Frais de paiement", "en": "Payment fees"},
	"offers":    {"fr": "Réductions par offre", "en": "Discounts by offer"},
	"codeuse":   {"fr": "code utilisé", "en": "code use"},
	"codeuses":  {"fr": "codes utilisés", "en": "code uses"},
	"comps":     {"fr": "Invitations", "en": "Comps"},
	"refunds":   {"fr": "Remboursements", "en": "Refunds"},
	"validated": {"fr": "Factures validées", "en": "Invoices validated"},
	"lapsed":    {"fr": "Factures échues", "en": "Invoices lapsed"},
	"vsold":     {"fr": "Bons cadeaux vendus", "en": "Gift vouchers sold"},
	"vspent":    {"fr": "Bons cadeaux encaissés", "en": "Gift vouchers spent"},
	"exfees":    {"fr": "Frais d'échange", "en": "Exchange fees"},
	"exchanged": {"fr": "Billets échangés (avoir)", "en": "Tickets exchanged (credit)"},
	"cvouchers": {"fr": "Bons d'avoir émis", "en": "Credit vouchers issued"},
	"icanceled": {"fr": "Factures annulées impayées", "en": "Invoices canceled unpaid"},
	"head":      {"fr": "Journal", "en": "Journal"},

	// a shift's passes, counted apart from its tickets (the done screen
	// counts "5 billets, 1 pass"; the X said "Billets : 6"); and both,
	// for a Z recorded before its detail was kept
	"passes":        {"fr": "Pass", "en": "Passes"},
	"ticketspasses": {"fr": "Billets et pass", "en": "Tickets and passes"},
}

func rw(k string, lang pos.Lang) string { return reportWords[k].In(lang) }

// diffWord says which way a drawer's difference (counted less expected)
// goes: short, over or even.
func diffWord(d pos.Money, lang pos.Lang) string {
	switch {
	case d.IsZero():
		return rw("even", lang)
	case d.IsNegative():
		return rw("short", lang)
	}
	return rw("over", lang)
}

// Cancellations is a report's count of cancellations, those of some
// tickets of an order said apart: "3 (2 partial)".
func Cancellations(r Report, lang pos.Lang) string {
	n := strconv.Itoa(r.Canceled + r.PartCanceled)
	switch {
	case r.PartCanceled == 1:
		n += " " + fmt.Sprintf(rw("partial1", lang), r.PartCanceled)
	case r.PartCanceled > 1:
		n += " " + fmt.Sprintf(rw("partials", lang), r.PartCanceled)
	}
	return n
}

// TicketsAndPasses are a report's places sold said apart: its count
// (Report.Tickets) is of the tickets and the passes together, and its
// detail lists each pass on a row of its own. apart is false for a report
// with no detail (a Z recorded before it was kept): tickets is then the
// count of both.
func TicketsAndPasses(r Report) (tickets, passes int, apart bool) {
	if r.Detail == nil {
		return r.Tickets, 0, false
	}
	for _, s := range r.Detail.Sales {
		if s.Performance == "" && strings.HasPrefix(s.Category, pos.LinePass+":") {
			passes += s.Tickets
		}
	}
	return r.Tickets - passes, passes, true
}

// SoldCount is one count of a report's places sold: its name and number.
type SoldCount struct {
	Name string
	N    int
}

// SoldCounts are a report's counts of places sold as the till's screen,
// guichet report x|z and the paper say them: "Billets" and, when any was
// sold, "Pass"; a report with no detail "Billets et pass".
func SoldCounts(r Report, lang pos.Lang) []SoldCount {
	tickets, passes, apart := TicketsAndPasses(r)
	if !apart {
		return []SoldCount{{rw("ticketspasses", lang), tickets}}
	}
	out := []SoldCount{{rw("tickets", lang), tickets}}
	if passes > 0 {
		out = append(out, SoldCount{rw("passes", lang), passes})
	}
	return out
}

// DrawerRow is one row of the cash a report expects in the drawer.
type DrawerRow struct {
	Name   string
	Amount pos.Money // what it adds to the drawer: refunds and cash taken out are negative
	Total  bool      // the cash expected, which the rows above add up to
}

// DrawerRows say how a report's cash expected comes about: the float, cash
// sales, cash refunds, cash put in and taken out, then the cash expected.
// The till's screen and guichet report x|z show these same rows.
func DrawerRows(r Report, lang pos.Lang) []DrawerRow {
	return []DrawerRow{
		{rw("float", lang), r.Float, false},
		{rw("cashsales", lang), r.CashSales, false},
		{rw("cashrefs", lang), r.CashRefunds.Neg(), false},
		{rw("cashin", lang), r.CashIn, false},
		{rw("cashout", lang), r.CashOut.Neg(), false},
		{rw("expected", lang), r.Expected, true},
	}
}

// ReportDetailLines are the report's detail as lines of text: tickets by
// performance and category, products, the payment methods' fees, discounts by offer with code uses, comps with
// their reasons, refunds, invoices validated, lapsed and canceled unpaid,
// gift vouchers sold and spent, exchanges and the credit vouchers they
// left, exchange fees. None when the report has no detail.
// Each list's rows are columns: the name, the count and the amount line up
// under each other.
func ReportDetailLines(cat *pos.Catalog, d *ReportDetail, lang pos.Lang) []string {
	return reportDetailLines(cat, d, nil, lang)
}

// ReportDetailLinesSold is ReportDetailLines naming a performance the
// catalog no longer has as its tickets were sold (sold: its id to that
// name, Service.ReportSoldNames), else by its id.
func ReportDetailLinesSold(cat *pos.Catalog, d *ReportDetail, sold map[string]string, lang pos.Lang) []string {
	return reportDetailLines(cat, d, sold, lang)
}

func reportDetailLines(cat *pos.Catalog, d *ReportDetail, sold map[string]string, lang pos.Lang) []string {
	var out []string
	for _, sec := range reportDetail(cat, d, sold, lang) {
		if sec.title != "" {
			out = append(out, sec.title)
		}
		for _, l := range columns(sec.rows) {
			if sec.title == "" {
				l = strings.TrimPrefix(l, "  ") // totals stand at the lists' titles
			}
			out = append(out, l)
		}
		out = append(out, sec.lines...)
	}
	return out
}

// reportSection is a list of a report's detail: its title ("" for the
// totals under the lists), its rows, or lines of text (the comps with
// their reasons). The screen lines the rows up in columns, the paper
// prints them as a receipt's lines.
type reportSection struct {
	title string
	rows  []reportRow
	lines []string
}

// reportDetail is the report's detail as ReportDetailLines lists it.
func reportDetail(cat *pos.Catalog, d *ReportDetail, sold map[string]string, lang pos.Lang) []reportSection {
	if d == nil {
		return nil
	}
	sep := ": "
	if lang == pos.French {
		sep = "\u202f: "
	}
	var out []reportSection
	if len(d.Sales) > 0 {
		title := rw("sales", lang) + strings.TrimSuffix(sep, " ")
		var rows []reportRow
		for _, s := range d.Sales {
			name := s.Performance
			if p, ok := cat.PerformanceByID(s.Performance); ok {
				if ev, _ := cat.EventByID(p.Event); ev != nil {
					name = ev.Name.In(lang) + " " + pos.FormatDateTime(p.Start.In(cat.Location()), lang)
				}
			} else if n := sold[s.Performance]; n != "" {
				name = n
			}
			catName := s.Category
			if c, ok := cat.CategoryByID(s.Category); ok {
				catName = c.Name.In(lang)
			}
			if id, ok := strings.CutPrefix(s.Category, "pass:"); ok && s.Performance == "" {
				name = id // a pass: its name alone
				if ps, ok := cat.PassByID(id); ok {
					name = ps.Name.In(lang)
				}
				rows = append(rows, reportRow{name, s.Tickets, s.Amount.Format(lang), ""})
				continue
			}
			rows = append(rows, reportRow{name + " · " + catName, s.Tickets, s.Amount.Format(lang), ""})
		}
		out = append(out, reportSection{title: title, rows: rows})
	}
	if len(d.Products) > 0 {
		title := rw("products", lang) + strings.TrimSuffix(sep, " ")
		var rows []reportRow
		for _, p := range d.Products {
			rows = append(rows, reportRow{productName(cat, p.Item, lang), p.Quantity, p.Amount.Format(lang), ""})
		}
		out = append(out, reportSection{title: title, rows: rows})
	}
	if len(d.Fees) > 0 {
		// what the methods' fees brought (an invoice's): with the sales
		// and the products, what the methods took
		title := rw("fees", lang) + strings.TrimSuffix(sep, " ")
		var rows []reportRow
		for _, f := range d.Fees {
			rows = append(rows, reportRow{MethodName(cat, f.Method, lang), f.Orders, f.Amount.Format(lang), ""})
		}
		out = append(out, reportSection{title: title, rows: rows})
	}
	if len(d.Offers) > 0 {
		title := rw("offers", lang) + strings.TrimSuffix(sep, " ")
		var rows []reportRow
		for _, o := range d.Offers {
			name := o.Offer
			if of, ok := cat.OfferByID(o.Offer); ok {
				name = of.Name.In(lang)
			}
			// what the offer changed the takings by, its sign where the
			// product writes one (pos.Money: "CHF -20.00", as the receipt's
			// discounts and the drawer's refunds): a reduction with its
			// minus; what a price list dearer than the regular one added,
			// with a plus in the same place ("CHF +5.00")
			amount := o.Discount.Neg().Format(lang)
			if o.Discount.IsNegative() {
				amount = strings.Replace(o.Discount.Format(lang), "-", "+", 1)
			}
			row := reportRow{name, o.Tickets, amount, ""}
			switch {
			case o.CodeUses == 1:
				row.note = fmt.Sprintf("(1 %s)", rw("codeuse", lang))
			case o.CodeUses > 1:
				row.note = fmt.Sprintf("(%d %s)", o.CodeUses, rw("codeuses", lang))
			}
			rows = append(rows, row)
		}
		out = append(out, reportSection{title: title, rows: rows})
	}
	if len(d.Comps) > 0 {
		comps := reportSection{title: fmt.Sprintf("%s%s%d", rw("comps", lang), sep, len(d.Comps))}
		for _, c := range d.Comps {
			what := c.Ticket
			if what == "" && c.Product != "" {
				what = productName(cat, c.Product, lang)
			}
			if what != "" {
				what = " " + what
			}
			comps.lines = append(comps.lines, fmt.Sprintf("  %s%s — %s", c.Order, what, c.Reason))
		}
		out = append(out, comps)
	}
	var totals []reportRow
	add := func(k string, n int, m pos.Money) {
		if n > 0 || !m.IsZero() {
			totals = append(totals, reportRow{rw(k, lang) + sep, n, m.Format(lang), ""})
		}
	}
	// money given back, with the minus the drawer's cash refunds and the
	// receipt's refunds carry: "CHF 25.00" under the drawer's "CHF
	// -25.00" read as money taken in
	add("refunds", d.Refunds, d.RefundsAmount.Neg())
	add("validated", d.InvoicesValidated, d.ValidatedAmount)
	add("lapsed", d.InvoicesLapsed, d.LapsedAmount)
	add("icanceled", d.InvoicesCanceled, d.CanceledAmount)
	add("vsold", d.VouchersSold, d.VouchersSoldValue)
	if !d.VouchersSpent.IsZero() {
		totals = append(totals, reportRow{rw("vspent", lang) + sep, -1, d.VouchersSpent.Format(lang), ""})
	}
	add("exchanged", d.Exchanged, d.ExchangeCredit)
	add("cvouchers", d.CreditVouchers, d.CreditVouchersAmount)
	if !d.ExchangeFees.IsZero() {
		totals = append(totals, reportRow{rw("exfees", lang) + sep, -1, d.ExchangeFees.Format(lang), ""})
	}
	if len(totals) > 0 {
		out = append(out, reportSection{rows: totals})
	}
	return out
}

// reportRow is one row of a report's list: count -1 has none.
type reportRow struct {
	name   string
	count  int
	amount string
	note   string
}

// columns lines a list's rows up: names padded to the longest, counts and
// amounts to the right of their columns, each row indented by two.
func columns(rows []reportRow) []string {
	nameW, countW, amountW := 0, 0, 0
	for _, r := range rows {
		nameW = max(nameW, utf8.RuneCountInString(r.name))
		if r.count >= 0 {
			countW = max(countW, len(strconv.Itoa(r.count)))
		}
		amountW = max(amountW, utf8.RuneCountInString(r.amount))
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		count := ""
		if r.count >= 0 {
			count = strconv.Itoa(r.count)
		}
		l := "  " + r.name + strings.Repeat(" ", nameW-utf8.RuneCountInString(r.name))
		if countW > 0 {
			l += "  " + strings.Repeat(" ", countW-len(count)) + count
		}
		l += "  " + strings.Repeat(" ", amountW-utf8.RuneCountInString(r.amount)) + r.amount
		if r.note != "" {
			l += "  " + r.note
		}
		out = append(out, strings.TrimRight(l, " "))
	}
	return out
}

// MethodName is a payment method's name in lang, its id when the catalog
// no longer has it.
func MethodName(cat *pos.Catalog, id string, lang pos.Lang) string {
	if pm, ok := cat.PaymentMethodByID(id); ok {
		return pm.Name.In(lang)
	}
	return id
}

// productName is a product's name in lang, its id when the catalog no
// longer has it.
func productName(cat *pos.Catalog, id string, lang pos.Lang) string {
	if pr, ok := cat.ProductByID(id); ok {
		return pr.Name.In(lang)
	}
	return id
}

// ReportText is an X report or Z closure as text (guichet report).
func ReportText(cat *pos.Catalog, r Report, lang pos.Lang) string {
	return ReportTextSold(cat, r, nil, lang)
}

// ReportTextSold is ReportText naming a performance the catalog no longer
// has as its tickets were sold (sold: its id to that name, as
// local.Register.SoldNames gives it): a shift's Z read after the catalog
// dropped the show it sold for named it by a bare id.
func ReportTextSold(cat *pos.Catalog, r Report, sold map[string]string, lang pos.Lang) string {
	sep := ": "
	if lang == pos.French {
		sep = "\u202f: "
	}
	var b strings.Builder
	title := rw("x", lang)
	if r.Z {
		title = rw("z", lang)
	}
	fmt.Fprintf(&b, "%s — %s %s\n", title, rw("shift", lang), r.Shift)
	// whose shift and when, as the paper says them: a Z read from the
	// file is filed by the accountant without its till beside it
	loc := cat.Location()
	closedWord := reportPaperWords["at"].In(lang)
	if r.Z {
		closedWord = reportPaperWords["closed"].In(lang)
	}
	if r.Staff != "" {
		fmt.Fprintf(&b, "%s%s%s\n", reportPaperWords["cashier"].In(lang), sep, servedBy(cat, r.Staff, lang))
	}
	if !r.Opened.IsZero() {
		fmt.Fprintf(&b, "%s%s%s\n", reportPaperWords["opened"].In(lang), sep, pos.FormatDateTime(r.Opened.In(loc), lang))
	}
	if !r.At.IsZero() {
		fmt.Fprintf(&b, "%s%s%s\n", closedWord, sep, pos.FormatDateTime(r.At.In(loc), lang))
	}
	// as the till's screen counts them: an invoice canceled unpaid
	// refunds nothing, and shows only here
	fmt.Fprintf(&b, "%s%s%d\n", rw("orders", lang), sep, r.Orders)
	for _, n := range SoldCounts(r, lang) {
		fmt.Fprintf(&b, "%s%s%d\n", n.Name, sep, n.N)
	}
	fmt.Fprintf(&b, "%s%s%s\n", rw("cancels", lang), sep, Cancellations(r, lang))
	for _, d := range DrawerRows(r, lang) {
		fmt.Fprintf(&b, "%s%s%s\n", d.Name, sep, d.Amount.Format(lang))
	}
	if r.Z {
		fmt.Fprintf(&b, "%s%s%s\n", rw("counted", lang), sep, r.Counted.Format(lang))
		fmt.Fprintf(&b, "%s%s%s (%s)\n", rw("diff", lang), sep, r.Difference.Format(lang), diffWord(r.Difference, lang))
	}
	if len(r.ByMethod) > 0 {
		fmt.Fprintf(&b, "%s%s\n", rw("bymethod", lang), strings.TrimSuffix(sep, " "))
		var rows []reportRow
		for _, m := range r.ByMethod {
			name := m.Method
			if pm, ok := cat.PaymentMethodByID(m.Method); ok {
				name = pm.Name.In(lang)
			}
			note := "" // the amount is net of the refunds: said, not counted as payments
			if m.Refunds > 0 {
				note = fmt.Sprintf("%s %d", rw("mrefunds", lang), m.Refunds)
			}
			rows = append(rows, reportRow{name, m.Count, m.Amount.Format(lang), note})
		}
		if !r.CashRounding.IsZero() {
			// the cash above is the orders' amounts; with its rounding it
			// is the cash sales less refunds the drawer holds
			rows = append(rows, reportRow{rw("rounding", lang), -1, r.CashRounding.Format(lang), ""})
		}
		for _, l := range columns(rows) {
			b.WriteString(l + "\n")
		}
	}
	if len(r.Left) > 0 {
		// not in the cash expected: a Z over by them is them kept
		fmt.Fprintf(&b, "%s%s\n", rw("left", lang), strings.TrimSuffix(sep, " "))
		var rows []reportRow
		for _, m := range r.Left {
			rows = append(rows, reportRow{MethodName(cat, m.Method, lang), m.Count, m.Amount.Format(lang), ""})
		}
		for _, l := range columns(rows) {
			b.WriteString(l + "\n")
		}
	}
	for _, l := range reportDetailLines(cat, r.Detail, sold, lang) {
		b.WriteString(l + "\n")
	}
	if r.Head != "" {
		fmt.Fprintf(&b, "%s %s\n", rw("head", lang), r.Head)
	}
	return b.String()
}

// ReportSoldNames names the performances of a shift's report that the
// catalog no longer has (a past show dropped from it while the shift was
// open, or before its Z is read) as their orders named them when sold,
// found among the entries of the days the shift spans (local.Register.
// SoldNames). It reads the journal: call it off the screen's loop.
func (s *Service) ReportSoldNames(rep Report) (map[string]string, error) {
	if rep.Detail == nil {
		return nil, nil
	}
	cat := s.Catalog()
	var gone []string
	for _, sl := range rep.Detail.Sales {
		if _, ok := cat.PerformanceByID(sl.Performance); !ok && sl.Performance != "" {
			gone = append(gone, sl.Performance)
		}
	}
	if len(gone) == 0 {
		return nil, nil
	}
	sold := map[string]string{}
	loc := cat.Location()
	from := rep.Opened
	if from.IsZero() || rep.At.Sub(from) > 31*24*time.Hour {
		from = rep.At // a shift's days, not the calendar's
	}
	for d := from.In(loc); ; d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		names, err := s.reg.SoldNames(day, gone)
		if err != nil {
			return nil, err
		}
		for id, n := range names {
			if sold[id] == "" {
				sold[id] = n
			}
		}
		if day >= rep.At.In(loc).Format(time.DateOnly) || len(sold) == len(gone) {
			return sold, nil
		}
	}
}
