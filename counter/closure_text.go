package counter

import (
	"fmt"
	"strings"

	"guichet/local"
	"guichet/pos"
)

// Words of the fiscal closures as guichet report closures writes them.
var closureWords = map[string]pos.Text{
	"day":       {"fr": "Clôture journalière", "en": "Daily closure"},
	"month":     {"fr": "Clôture mensuelle", "en": "Monthly closure"},
	"year":      {"fr": "Clôture annuelle", "en": "Yearly closure"},
	"no":        {"fr": "n°", "en": "no."},
	"atz":       {"fr": "au Z", "en": "at the Z"},
	"entries":   {"fr": "écritures %d–%d", "en": "entries %d–%d"},
	"net":       {"fr": "Net (TTC)", "en": "Net (VAT included)"},
	"sales":     {"fr": "Ventes", "en": "Sales"},
	"reversals": {"fr": "Annulations et échanges", "en": "Cancellations and exchanges"},
	"orders":    {"fr": "Commandes", "en": "Orders"},
	"reversed":  {"fr": "annulations et échanges", "en": "cancellations and exchanges"},
	"bymethod":  {"fr": "Par moyen de paiement (paiements moins remboursements)", "en": "By payment method (payments less refunds)"},
	"byvat":     {"fr": "TVA incluse, par taux", "en": "VAT included, by rate"},
	"vat":       {"fr": "TVA", "en": "VAT"},
	"bycat":     {"fr": "Par catégorie", "en": "By category"},
	"fee":       {"fr": "Frais « %s »", "en": "%s fee"},
	"exfee":     {"fr": "Frais d'échange", "en": "Exchange fees"},
	"vouchers":  {"fr": "Bons cadeaux vendus (hors recette : taxés quand ils paient)", "en": "Gift vouchers sold (not takings: taxed when they pay)"},
	"yeartotal": {"fr": "Total général de l'année", "en": "Year's grand total"},
	"perpetual": {"fr": "Total général perpétuel", "en": "Perpetual grand total"},
}

func cw(k string, lang pos.Lang) string { return closureWords[k].In(lang) }

// ClosureText is a signed closure's figures as text in lang, for the
// accountant (guichet report closures): its kind, number, period and
// entries; the net, sales and reversals; what each payment method took;
// the VAT included by rate; each category; the gift vouchers sold apart
// (not takings); the year's and the perpetual grand totals. Names are
// the catalog's, an id when it no longer has the thing.
func ClosureText(cat *pos.Catalog, c local.Closure, lang pos.Lang) string {
	sep := ": "
	if lang == pos.French {
		sep = "\u202f: "
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %d — %s", cw(c.Kind, lang), cw("no", lang), c.Number, c.Period)
	if c.AtZ {
		b.WriteString(", " + cw("atz", lang))
	}
	fmt.Fprintf(&b, " (%s)\n", fmt.Sprintf(cw("entries", lang), c.From, c.To))
	t := c.Totals
	for _, l := range columns([]reportRow{
		{cw("net", lang), -1, t.Net.Format(lang), ""},
		{cw("sales", lang), -1, t.Sales.Format(lang), ""},
		{cw("reversals", lang), -1, t.Reversals.Format(lang), ""},
	}) {
		b.WriteString(l + "\n")
	}
	fmt.Fprintf(&b, "  %s%s%d, %s%s%d\n", cw("orders", lang), sep, t.Orders, cw("reversed", lang), sep, t.Reversed)
	section := func(title string, rows []reportRow) {
		if len(rows) == 0 {
			return
		}
		b.WriteString(title + strings.TrimSuffix(sep, " ") + "\n")
		for _, l := range columns(rows) {
			b.WriteString(l + "\n")
		}
	}
	var rows []reportRow
	for _, m := range t.ByMethod {
		rows = append(rows, reportRow{MethodName(cat, m.Method, lang), m.Count, m.Amount.Format(lang), ""})
	}
	section(cw("bymethod", lang), rows)
	rows = nil
	for _, v := range t.ByVAT {
		rows = append(rows, reportRow{pos.FormatRate(v.Rate, lang) + " %", -1, v.Gross.Format(lang), cw("vat", lang) + " " + v.VAT.Format(lang)})
	}
	section(cw("byvat", lang), rows)
	rows = nil
	for _, k := range t.ByCategory {
		rows = append(rows, reportRow{FiscalCategoryName(cat, k.Category, lang), k.Count, k.Amount.Format(lang), ""})
	}
	section(cw("bycat", lang), rows)
	rows = nil
	for _, k := range t.Vouchers {
		rows = append(rows, reportRow{FiscalCategoryName(cat, k.Category, lang), k.Count, k.Amount.Format(lang), ""})
	}
	section(cw("vouchers", lang), rows)
	fmt.Fprintf(&b, "%s%s%s\n", cw("yeartotal", lang), sep, c.YearTotal.Format(lang))
	fmt.Fprintf(&b, "%s%s%s\n", cw("perpetual", lang), sep, c.PerpetualTotal.Format(lang))
	return b.String()
}

// FiscalCategoryName names a closure's category (local.CategorySum): a
// ticket category, "pass:ID", "gift_voucher:ID", "product:ID" or
// "fee:METHOD", in lang; its key when the catalog no longer has it.
func FiscalCategoryName(cat *pos.Catalog, key string, lang pos.Lang) string {
	kind, id, found := strings.Cut(key, ":")
	if !found {
		if k, ok := cat.CategoryByID(key); ok {
			return k.Name.In(lang)
		}
		return key
	}
	switch kind {
	case "pass":
		if p, ok := cat.PassByID(id); ok {
			return p.Name.In(lang)
		}
	case "gift_voucher":
		if v, ok := cat.GiftVoucherByID(id); ok {
			return v.Name.In(lang)
		}
	case "product":
		if p, ok := cat.ProductByID(id); ok {
			return p.Name.In(lang)
		}
	case "fee":
		if id == "exchange" {
			return cw("exfee", lang)
		}
		if _, ok := cat.PaymentMethodByID(id); ok {
			return fmt.Sprintf(cw("fee", lang), MethodName(cat, id, lang))
		}
	}
	return key
}

// TrainingMark is what marks the training register's papers and texts as
// not valid, in lang.
func TrainingMark(lang pos.Lang) string { return trainingMark.In(lang) }
