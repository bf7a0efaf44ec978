package counter

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// kioskServed is who served a sale the kiosk made, on its papers ("Servi
// par kiosk" printed the journal's id).
var kioskServed = pos.Text{"fr": "borne libre-service", "en": "self-service kiosk"}

// servedBy is the name a paper gives the staff id that made an entry: the
// catalog's name for them, the kiosk's words, or the id itself (staff
// since removed from the catalog).
func servedBy(cat *pos.Catalog, staff string, lang pos.Lang) string {
	if s, ok := cat.StaffByID(staff); ok && s.Name != "" {
		return s.Name
	}
	if staff == local.KioskStaffID {
		return kioskServed.In(lang)
	}
	return staff
}

// ReceiptLayout is an order's receipt in lang: lines at their regular
// price, then the discounts by offer name, fees, total, cash rounding,
// payments by method (cash as handed over), change and the VAT included.
func ReceiptLayout(cat *pos.Catalog, o pos.Order, lang pos.Lang) printers.Receipt {
	r := printers.Receipt{
		Organiser: cat.Organiser.Name, Register: o.Register, Staff: o.Staff, OrderNumber: o.Number,
		When: pos.FormatDateTime(o.Placed.In(cat.Location()), lang), Total: o.Total.Format(lang), Lang: string(lang),
		VATNumber: cat.Organiser.VATNumber,
	}
	r.Staff = servedBy(cat, o.Staff, lang)
	discounts := map[string]pos.Money{}
	var offers []string // in order of appearance
	for _, l := range o.Lines {
		name, detail := cat.Named(l, lang) // in the receipt's language, whatever the sale's
		rl := printers.ReceiptLine{Text: name, Qty: l.Quantity, Amount: l.Charged.Format(lang)}
		if detail != "" {
			rl.Text += " · " + detail
		}
		if d := l.Regular.Minus(l.Charged); d.Amount > 0 {
			// a reduction: the line at its regular price, the reduction
			// under its offer's name below
			rl.Amount = l.Regular.Format(lang)
			name := l.Offer
			switch {
			case l.Comp != "":
				// an invitation: given whatever the offer, which gave it nothing
				name = strings.Replace(compWord.In(lang), "%s", l.Comp, 1)
			case name == "" && o.Offer != nil:
				name = o.Offer.Name
			}
			if o.Offer != nil && name == o.Offer.Name {
				// the order kept the offer's name in the sale's language
				if off, ok := cat.OfferByID(o.Offer.ID); ok && off.Name.In(lang) != "" {
					name = off.Name.In(lang)
				}
			}
			if name == "" {
				name = discountWord.In(lang)
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
		r.Fees = append(r.Fees, printers.ReceiptLine{Text: feeName(cat, f, lang), Amount: f.Amount.Format(lang)})
	}
	change, rounding := pos.Zero(o.Total.Currency), pos.Zero(o.Total.Currency)
	unpaid := false
	for _, p := range o.Payments {
		if p.Pending && o.State != pos.OrderPending {
			// an invoice the order no longer waits for (canceled or
			// lapsed before it was paid): it paid nothing
			unpaid = true
			continue
		}
		name := p.Method
		if m, ok := cat.PaymentMethodByID(p.Method); ok {
			name = m.Name.In(lang)
		}
		if p.Voucher != "" && p.Voucher != pos.ExchangeVoucher {
			name += " " + p.Voucher // a gift or credit voucher's number; an exchange credit paid directly has none
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
	if vat := vatLines(cat, o, lang); len(vat) > 0 {
		r.VAT, r.MoreVAT = vat[0], vat[1:]
	}
	if o.State == pos.OrderPending {
		invoiceParts(cat, o, &r, lang)
	}
	if unpaid {
		note := invoiceCanceled
		if o.State == pos.OrderLapsed {
			note = invoiceLapsed
		}
		r.Notes = append(r.Notes, note.In(lang))
	}
	r.Notes = append(r.Notes, vouchersLeft(o, lang)...)
	return r
}

// afterSale adds to an order's receipt when and how its invoice was paid
// (validated since the sale), the fee the exchange that paid it
// kept, what happened to the order since the sale: what cancellations refunded, by method, the tickets canceled
// or exchanged, and, for an order canceled whole or lapsed (its invoice
// not paid by its deadline), a title that says so (no thanks at the end).
// A receipt printed again after a cancellation then never reads as a
// valid paid sale.
func afterSale(cat *pos.Catalog, r *printers.Receipt, ov OrderView, lang pos.Lang) {
	if ov.Validation != nil {
		// an invoice paid since it was placed: when and how, with the
		// transfer's reference the accountant matches
		r.Notes = append(r.Notes, paidNote(cat, ov, lang))
	}
	// an exchange's new order: the tickets its credit took back, named
	// as sold, beside the new ones its lines name
	r.Notes = append(r.Notes, givenBack(cat, ov, lang)...)
	if !ov.ExchangeFee.IsZero() {
		// the exchange credit that paid it is net of the fee: say what
		// was kept of the tickets taken back
		r.Notes = append(r.Notes, strings.Replace(exchangeFeeKept.In(lang), "%s", ov.ExchangeFee.Format(lang), 1))
	}
	for _, rf := range ov.Refunds {
		name := rf.Method
		if m, ok := cat.PaymentMethodByID(rf.Method); ok {
			name = m.Name.In(lang)
		}
		if rf.Voucher != "" && rf.Voucher != pos.ExchangeVoucher {
			name += " " + rf.Voucher
		}
		back := rf.Amount
		if rf.Kind == pos.KindCash {
			back = rf.Cash() // as the drawer gave it
		}
		r.Refunds = append(r.Refunds, printers.ReceiptLine{Text: name, Amount: back.Neg().Format(lang)})
	}
	refundedToVouchers(r, ov, lang)
	if ov.Order.State == pos.OrderCanceled {
		r.Title = strings.Replace(canceledTitle.In(lang), "%s", receiptWord.In(lang), 1)
		if ov.CancelReason != "" {
			r.Notes = append(r.Notes, strings.Replace(canceledBecause.In(lang), "%s", ov.CancelReason, 1))
		}
		return // every ticket went with the order
	}
	if ov.Order.State == pos.OrderLapsed {
		// its invoice was not paid by its deadline (ReceiptLayout's
		// note says so): ended whole, as a canceled order
		r.Title = strings.Replace(lapsedTitle.In(lang), "%s", receiptWord.In(lang), 1)
		return
	}
	var canceled, exchanged []string
	for _, t := range ov.Tickets {
		switch t.State {
		case TicketCanceled:
			canceled = append(canceled, t.Number)
		case TicketExchanged:
			exchanged = append(exchanged, t.Number)
		}
	}
	if len(canceled) > 0 {
		r.Notes = append(r.Notes, ticketsNote(ticketsCanceled, canceled, lang))
	}
	if len(exchanged) > 0 {
		r.Notes = append(r.Notes, ticketsNote(ticketsExchanged, exchanged, lang))
		if ov.ExchangedInto != "" {
			// what they became: the new order, or the credit voucher
			r.Notes = append(r.Notes, strings.Replace(exchangedFor.In(lang), "%s", ov.ExchangedInto, 1))
		}
	}
}

// refundedToVouchers puts in a voucher's "left on voucher" note what the
// refunds gave back to it: printed again after a cancellation refunded to a
// gift voucher, the receipt says what the order now leaves on it (CHF 50
// again), not what the sale had left (CHF 45) next to the refund line.
func refundedToVouchers(r *printers.Receipt, ov OrderView, lang pos.Lang) {
	for _, v := range pos.VouchersLeft(ov.Order.Payments) {
		back := pos.Zero(v.Left.Currency)
		for _, rf := range ov.Refunds {
			if rf.Voucher == v.Voucher {
				back = back.Plus(rf.Amount)
			}
		}
		if back.IsZero() {
			continue
		}
		was := voucherLeftNote(v.Voucher, v.Left, lang)
		if i := slices.Index(r.Notes, was); i >= 0 {
			r.Notes[i] = voucherLeftNote(v.Voucher, v.Left.Plus(back), lang)
		}
	}
}

// ticketsNote is "Billets annulés : K01-000001-01, K01-000001-02" (one or
// several, as note says each).
func ticketsNote(note [2]pos.Text, numbers []string, lang pos.Lang) string {
	t := note[0]
	if len(numbers) > 1 {
		t = note[1]
	}
	return strings.Replace(t.In(lang), "%s", strings.Join(numbers, ", "), 1)
}

// What a receipt printed after the sale says of it.
var (
	receiptWord      = pos.Text{"fr": "Reçu", "en": "Receipt"}
	canceledTitle    = pos.Text{"fr": "%s · COMMANDE ANNULÉE", "en": "%s · ORDER CANCELED"}
	canceledBecause  = pos.Text{"fr": "Annulée : %s", "en": "Canceled: %s"}
	lapsedTitle      = pos.Text{"fr": "%s · COMMANDE ÉCHUE", "en": "%s · ORDER LAPSED"}
	ticketsCanceled  = [2]pos.Text{{"fr": "Billet annulé : %s", "en": "Ticket canceled: %s"}, {"fr": "Billets annulés : %s", "en": "Tickets canceled: %s"}}
	exchangeFeeKept  = pos.Text{"fr": "Frais d'échange retenus : %s", "en": "Exchange fee kept: %s"}
	exchangedFor     = pos.Text{"fr": "Échangé contre : %s", "en": "Exchanged for: %s"}
	ticketsExchanged = [2]pos.Text{{"fr": "Billet échangé : %s", "en": "Ticket exchanged: %s"}, {"fr": "Billets échangés : %s", "en": "Tickets exchanged: %s"}}
)

// feeName is a fee's name in lang, as its lines are named (the order kept
// it in the sale's language): its method's name, while the catalog has it.
func feeName(cat *pos.Catalog, f pos.Fee, lang pos.Lang) string {
	if m, ok := cat.PaymentMethodByID(f.Method); ok {
		if n := m.Name.In(lang); n != "" {
			return n
		}
	}
	return f.Name
}

// voucherLeft tells the customer what a voucher that paid still holds.
var voucherLeft = pos.Text{"fr": "Reste sur le bon %s : %s", "en": "Left on voucher %s: %s"}

// vouchersLeft are the notes of what each voucher that paid the order
// still holds after it.
func vouchersLeft(o pos.Order, lang pos.Lang) []string {
	var out []string
	for _, v := range pos.VouchersLeft(o.Payments) {
		out = append(out, voucherLeftNote(v.Voucher, v.Left, lang))
	}
	return out
}

// voucherLeftNote is "Reste sur le bon K01-000001-01 : CHF 45.00".
func voucherLeftNote(voucher string, left pos.Money, lang pos.Lang) string {
	return strings.Replace(strings.Replace(voucherLeft.In(lang), "%s", voucher, 1), "%s", left.Format(lang), 1)
}

// vatLines are the VAT included in the order, a line per rate ("8,1 % CHF
// 4.30"), as pos priced them; none when the box office charges none.
// Gift vouchers carry no VAT: a voucher is money, taxed when spent.
func vatLines(cat *pos.Catalog, o pos.Order, lang pos.Lang) []string {
	var out []string
	for _, v := range cat.VATTotals(o) {
		if v.Rate > 0 && v.Amount.Amount > 0 {
			out = append(out, v.Format(lang))
		}
	}
	return out
}

// discountWord names a reduction no offer names.
var discountWord = pos.Text{"fr": "Réduction", "en": "Discount"}

// The note of an invoice that will never be paid.
var (
	invoiceCanceled = pos.Text{"fr": "Facture non payée : commande annulée", "en": "Invoice not paid: order canceled"}
	invoiceLapsed   = pos.Text{"fr": "Facture non payée à son échéance : commande échue", "en": "Invoice not paid by its deadline: order lapsed"}
)

// compWord names a line given free, with its reason, as the cart marks it.
var compWord = pos.Text{"fr": "Invitation : %s", "en": "Comp: %s"}

// ReceiptPreview is the order's receipt as the paper will read: the one
// layout (ReceiptLayout) encoded for 58 mm paper by the printers' own
// encoder and read back with their decoder. A screen shows it as it is.
func (s *Service) ReceiptPreview(o pos.Order, lang pos.Lang) (string, error) {
	r := ReceiptLayout(s.Catalog(), o, lang)
	r.Training = s.training
	if ov, ok, err := s.reg.Order(o.Number); err == nil && ok {
		if o.State == pos.OrderPending && o.Customer != "" {
			addressed(&r, ov.Customer, lang)
		}
		afterSale(s.Catalog(), &r, ov, lang)
	}
	if v, ok, err := s.reg.CreditVoucherOf(o.Number); err == nil && ok {
		creditNote(&r, v, lang)
	}
	return receiptLayoutText(r)
}

// ReceiptText is ReceiptPreview for a catalog without a service.
func ReceiptText(cat *pos.Catalog, o pos.Order, lang pos.Lang) (string, error) {
	return receiptLayoutText(ReceiptLayout(cat, o, lang))
}

// receiptLayoutText is a laid-out receipt as the paper reads (see
// ReceiptPreview).
func receiptLayoutText(r printers.Receipt) (string, error) {
	prof, err := printers.LookupProfile("generic58")
	if err != nil {
		return "", err
	}
	data, err := printers.EncodeReceipt(r, prof)
	if err != nil {
		return "", fmt.Errorf("the receipt of %s cannot be laid out: %w", r.OrderNumber, err)
	}
	doc, err := printers.Decode(data)
	if err != nil {
		return "", fmt.Errorf("the receipt of %s cannot be read back: %w", r.OrderNumber, err)
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
	return strings.TrimRight(strings.Join(keep, "\n"), "\n"), nil
}
