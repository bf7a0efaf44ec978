package main

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"guichet/local"
	"guichet/pos"
	"guichet/printers"
	"guichet/tui"
)

// receiptPolicy says which sales print their receipt without being asked.
type receiptPolicy string

const (
	receiptsAsk    receiptPolicy = "ask"    // only on the done screen's key
	receiptsAlways receiptPolicy = "always" // every sale
	receiptsCash   receiptPolicy = "cash"   // sales paid, even partly, in cash
)

func parseReceiptPolicy(s string) (receiptPolicy, error) {
	switch p := receiptPolicy(s); p {
	case receiptsAsk, receiptsAlways, receiptsCash:
		return p, nil
	}
	return "", fmt.Errorf("--receipts must be ask, always or cash, not %q", s)
}

// drawerKickTTL is how long a drawer kick waits for a printer that is off
// or out of paper: after that the staff have opened the drawer with the key,
// and a drawer opening by itself later is a risk, not a help.
const drawerKickTTL = 2 * time.Minute

// counterPrinting is what the counter prints besides tickets: receipts and
// cash-drawer kicks. They are not journaled; they go through the tickets'
// spooler (printers.Extras), so they wait behind an order's tickets and for
// the printer to be ready, and each prints at most once per request.
type counterPrinting struct {
	cat    *pos.Catalog
	lang   string
	policy receiptPolicy
	extras *printers.Extras
	kick   func() // wakes the spooler
	now    func() time.Time
}

// sold is told of an order once it is durable: a cash payment opens the
// drawer (after the order's tickets), and the policy may print the receipt.
// An order with no number (an exchange whose whole credit became a
// voucher) is no sale: nothing prints.
func (p *counterPrinting) sold(o pos.Order) tui.AfterSale {
	var out tui.AfterSale
	if o.Number == "" {
		return out
	}
	cash := paidInCash(o)
	if cash {
		p.extras.Add(printers.Job{ID: "drawer-" + o.Number, Drawer: true, Order: o.Number}, p.now().Add(drawerKickTTL))
		out.Drawer = true
	}
	if p.policy == receiptsAlways || p.policy == receiptsCash && cash {
		p.addReceipt(o)
		out.Receipt = true
	}
	p.kick()
	return out
}

// printReceipt prints a durable order's receipt (the done screen's key).
func (p *counterPrinting) printReceipt(o pos.Order) {
	if o.Number == "" {
		return
	}
	p.addReceipt(o)
	p.kick()
}

// openDrawer opens the drawer now, ahead of any ticket waiting (a cash
// in/out, a float, a count).
func (p *counterPrinting) openDrawer() {
	p.extras.Add(printers.Job{ID: "drawer", Drawer: true}, p.now().Add(drawerKickTTL))
	p.kick()
}

func (p *counterPrinting) addReceipt(o pos.Order) {
	r := receiptLayout(p.cat, o, p.lang)
	p.extras.Add(printers.Job{ID: "receipt-" + o.Number, Receipt: &r, Order: o.Number}, time.Time{})
}

func paidInCash(o pos.Order) bool {
	for _, pay := range o.Payments {
		if pay.Kind == pos.KindCash {
			return true
		}
	}
	return false
}

// receiptLayout is an order's receipt in lang: lines at their regular
// price, then the discounts by offer name, fees, total, cash rounding,
// payments by method (cash as handed over), change and the VAT included.
func receiptLayout(cat *pos.Catalog, o pos.Order, lang string) printers.Receipt {
	r := printers.Receipt{
		Organiser: cat.Organiser.Name, Register: o.Register, Staff: o.Staff, OrderNumber: o.Number,
		When: pos.FormatDateTime(o.Placed.In(cat.Location()), lang), Total: o.Total.Format(lang), Lang: lang,
		VATNumber: cat.Organiser.VATNumber,
	}
	if s, ok := cat.StaffByID(o.Staff); ok && s.Name != "" {
		r.Staff = s.Name
	}
	discounts := map[string]pos.Money{}
	var offers []string // in order of appearance
	for _, l := range o.Lines {
		rl := printers.ReceiptLine{Text: l.Name, Qty: l.Quantity, Amount: l.Charged.Format(lang)}
		if l.Detail != "" {
			rl.Text += " · " + l.Detail
		}
		if d := l.Regular.Minus(l.Charged); d.Amount > 0 {
			// a reduction: the line at its regular price, the reduction
			// under its offer's name below
			rl.Amount = l.Regular.Format(lang)
			name := l.Offer
			if name == "" && o.Offer != nil {
				name = o.Offer.Name
			}
			if name == "" {
				name = receiptWord(lang, "discount")
			}
			if _, ok := discounts[name]; !ok {
				offers = append(offers, name)
				discounts[name] = pos.Zero(d.Currency)
			}
			discounts[name] = discounts[name].Plus(d)
		}
		r.Lines = append(r.Lines, rl)
	}
	for _, name := range offers {
		r.Discounts = append(r.Discounts, printers.ReceiptLine{Text: name, Amount: discounts[name].Neg().Format(lang)})
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
		if p.Voucher != "" {
			name += " " + p.Voucher
		}
		paid := p.Amount.Plus(p.Rounding)
		if p.Kind == pos.KindCash && !p.Tendered.IsZero() {
			paid = p.Tendered // the change is given back below
		}
		r.Payments = append(r.Payments, printers.ReceiptLine{Text: name, Amount: paid.Format(lang)})
		change, rounding = change.Plus(p.Change), rounding.Plus(p.Rounding)
	}
	if !change.IsZero() {
		r.Change = change.Format(lang)
	}
	if !rounding.IsZero() {
		r.Rounding = rounding.Format(lang)
	}
	r.VAT = vatLine(cat, o, lang)
	return r
}

// vatLine is the VAT included in the order ("8.1% CHF 4.30"), or "" when
// the box office charges none. Gift vouchers sold are left out: a voucher
// is money, taxed when it is spent.
func vatLine(cat *pos.Catalog, o pos.Order, lang string) string {
	rate := cat.Organiser.VATRate
	if rate <= 0 {
		return ""
	}
	base := o.Total
	for _, l := range o.Lines {
		if l.Kind == pos.LineVoucher {
			base = base.Minus(l.Charged)
		}
	}
	if base.Amount <= 0 {
		return ""
	}
	vat := pos.M(divRoundHalfUp(base.Amount*rate, 10000+rate), base.Currency)
	pct := fmt.Sprint(rate / 100)
	if f := rate % 100; f != 0 {
		pct += "." + strings.TrimRight(fmt.Sprintf("%02d", f), "0")
	}
	if lang == "fr" {
		return strings.ReplaceAll(pct, ".", ",") + " % " + vat.Format(lang)
	}
	return pct + "% " + vat.Format(lang)
}

// divRoundHalfUp divides positive n by d, halves up.
func divRoundHalfUp(n, d int64) int64 { return (2*n + d) / (2 * d) }

// receiptWord is one of the few words the glue puts on a receipt.
func receiptWord(lang, k string) string {
	if lang == "fr" {
		return map[string]string{"discount": "Réduction"}[k]
	}
	return map[string]string{"discount": "Discount"}[k]
}

// receiptPreview lays the order's receipt out for 58 mm paper with the
// printers' own encoder and reads it back with their decoder, so the screen
// shows what the paper will.
func receiptPreview(cat *pos.Catalog, o pos.Order, lang string) string {
	prof, err := printers.LookupProfile("generic58")
	if err != nil {
		return tui.ReceiptText(cat, o, lang)
	}
	data, err := printers.EncodeReceipt(receiptLayout(cat, o, lang), prof)
	if err != nil {
		return tui.ReceiptText(cat, o, lang)
	}
	doc, err := printers.Decode(data)
	if err != nil {
		return tui.ReceiptText(cat, o, lang)
	}
	// The paper's lines as a person reads them: no style marks, centred
	// within the paper's width; feeds, code pages and the cut are not on
	// paper.
	cols := prof.ColumnsA
	var keep []string
	for _, it := range doc.Items {
		if it.Kind != printers.ItemLine {
			continue
		}
		var b strings.Builder
		for _, sp := range it.Spans {
			b.WriteString(sp.Text)
		}
		l := b.String()
		switch w := utf8.RuneCountInString(l); it.Align {
		case printers.AlignCenter:
			l = strings.Repeat(" ", max((cols-w)/2, 0)) + l
		case printers.AlignRight:
			l = strings.Repeat(" ", max(cols-w, 0)) + l
		}
		keep = append(keep, strings.TrimRight(l, " "))
	}
	return strings.TrimRight(strings.Join(keep, "\n"), "\n")
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
		out = append(out, printers.Job{ID: j.ID, Ticket: &t, Order: j.Order})
	}
	return out, nil
}

func (q printQueue) MarkPrinted(id string) error { return q.r.MarkPrinted(id) }
