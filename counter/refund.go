package counter

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// RefundRecord is one cancellation of an order, as its refund slip prints
// it (local.RefundRecord).
type RefundRecord = local.RefundRecord

// What a refund slip says.
var (
	refundTitle      = pos.Text{"fr": "Remboursement", "en": "Refund"}
	refundTitleWhole = pos.Text{"fr": "Remboursement · COMMANDE ANNULÉE", "en": "Refund · ORDER CANCELED"}
	refundedWord     = pos.Text{"fr": "Remboursé", "en": "Refunded"}
	refundReason     = pos.Text{"fr": "Motif : %s", "en": "Reason: %s"}
	refundCreditTo   = pos.Text{"fr": "Crédité sur l'avoir %s : gardez ce numéro, il paie une prochaine commande", "en": "Credited to voucher %s: keep this number, it pays a later order"}
	refundOrderStays = pos.Text{"fr": "Les autres billets de la commande restent valables", "en": "The order's other tickets remain valid"}
	ticketGivenBack  = pos.Text{"fr": "Billet rendu %s : %s", "en": "Ticket given back %s: %s"}
)

// RefundSlipLayout is the slip a cancellation's refund prints: the box
// office, the order, the tickets canceled as they were sold (show, date,
// place) at what they cost, the total given back, how (cash as the drawer
// gave it, card, a voucher with its number), the exchange fee the order's
// credit was net of, the till and the cashier, when. ov is the order now
// (its lines, its fees, the exchange fee); the slip prints in lang.
func RefundSlipLayout(cat *pos.Catalog, ov OrderView, rf RefundRecord, lang pos.Lang) printers.Receipt {
	cur := ov.Order.Total.Currency
	title := refundTitle
	if !rf.Partial {
		title = refundTitleWhole
	}
	r := printers.Receipt{
		Organiser: cat.Organiser.Name, Register: rf.Register, Staff: rf.Staff, OrderNumber: rf.Order,
		When: pos.FormatDateTime(rf.Time.In(cat.Location()), lang), Lang: string(lang), Title: title.In(lang),
		PaymentsTitle: refundedWord.In(lang), VATNumber: cat.Organiser.VATNumber,
	}
	r.Staff = servedBy(cat, rf.Staff, lang)
	lines := pos.Zero(cur)
	for _, t := range rf.Tickets {
		r.Lines = append(r.Lines, printers.ReceiptLine{Text: ticketText(cat, ov.Order, t, lang), Amount: t.Price.Neg().Format(lang)})
		lines = lines.Plus(t.Price)
	}
	vat := map[int64]pos.Money{} // given back, by rate, as the fiscal totals reverse it
	addVAT := func(rate int64, v pos.Money) {
		if rate > 0 && !v.IsZero() {
			if _, ok := vat[rate]; !ok {
				vat[rate] = pos.Zero(cur)
			}
			vat[rate] = vat[rate].Plus(v)
		}
	}
	for _, t := range rf.Tickets {
		if t.Kind != pos.LineVoucher { // a gift voucher is money, taxed when it pays
			addVAT(local.TicketVAT(ov.Order, t))
		}
	}
	given, rounding := pos.Zero(cur), pos.Zero(cur)
	for _, p := range rf.Refunds {
		back := p.Amount
		if p.Kind == pos.KindCash {
			back = p.Cash() // as the drawer gave it
			rounding = rounding.Plus(p.Rounding)
		}
		r.Payments = append(r.Payments, printers.ReceiptLine{Text: refundMethod(cat, p, rf.Credit, lang), Amount: back.Neg().Format(lang)})
		given = given.Plus(p.Amount)
	}
	if d := given.Minus(lines); !d.IsZero() && !rf.Partial {
		// a whole order gives back its fees too (what its tickets did
		// not cost): named as the sale named them
		for _, f := range ov.Order.Fees {
			if d.IsZero() || f.Amount.IsZero() {
				continue
			}
			a := f.Amount.Min(d)
			r.Fees = append(r.Fees, printers.ReceiptLine{Text: feeName(cat, f, lang), Amount: a.Neg().Format(lang)})
			if a == f.Amount {
				addVAT(f.VATRate, f.VAT)
			} else {
				addVAT(f.VATRate, pos.VATIncluded(a, f.VATRate))
			}
			d = d.Minus(a)
		}
	}
	r.Total = given.Neg().Format(lang)
	rates := slices.Sorted(maps.Keys(vat))
	for i, rate := range rates {
		v := pos.VATTotal{Rate: rate, Amount: vat[rate].Neg()}.Format(lang)
		if i == 0 {
			r.VAT = v
		} else {
			r.MoreVAT = append(r.MoreVAT, v)
		}
	}
	if !rounding.IsZero() {
		r.Rounding = rounding.Neg().Format(lang)
	}
	if rf.Credit != "" {
		r.Notes = append(r.Notes, strings.Replace(refundCreditTo.In(lang), "%s", rf.Credit, 1))
	}
	if !ov.ExchangeFee.IsZero() {
		// the exchange credit that paid the order was net of the fee: it
		// is not given back
		r.Notes = append(r.Notes, strings.Replace(exchangeFeeKept.In(lang), "%s", ov.ExchangeFee.Format(lang), 1))
	}
	if rf.Reason != "" {
		r.Notes = append(r.Notes, strings.Replace(refundReason.In(lang), "%s", rf.Reason, 1))
	}
	if rf.Partial {
		r.Notes = append(r.Notes, refundOrderStays.In(lang))
	}
	return r
}

// What a kiosk's card refund slip says besides a refund slip's words.
var (
	paymentLine      = pos.Text{"fr": "Paiement %s", "en": "Payment %s"}
	refundedOnCard   = pos.Text{"fr": "Remboursé sur la carte par le terminal de paiement : aucune commande n'a pu être faite de ce paiement", "en": "Refunded to the card on the payment terminal: no order could be made of this payment"}
	terminalRefundBy = pos.Text{"fr": "Remboursé par %s", "en": "Refunded by %s"}
)

// TerminalRefundSlip is the slip of a kiosk's card approval staff
// refunded on the terminal: the box office, the payment's reference, the
// amount given back and to what, why no order was made of it, the kiosk,
// who refunded it and when, in lang.
func TerminalRefundSlip(cat *pos.Catalog, tr local.TerminalRefund, lang pos.Lang) printers.Receipt {
	back := tr.Amount.Neg().Format(lang)
	r := printers.Receipt{
		Organiser: cat.Organiser.Name, Register: tr.Register, Title: refundTitle.In(lang),
		When: pos.FormatDateTime(tr.Time.In(cat.Location()), lang), Lang: string(lang), PaymentsTitle: refundedWord.In(lang),
		Lines:    []printers.ReceiptLine{{Text: strings.Replace(paymentLine.In(lang), "%s", tr.Ref, 1), Amount: back}},
		Payments: []printers.ReceiptLine{{Text: refundMethod(cat, pos.Payment{Method: tr.Method}, "", lang), Amount: back}},
		Total:    back,
		Notes:    []string{refundedOnCard.In(lang)},
	}
	if by, ok := strings.CutPrefix(tr.Note, refundedBy); ok && by != local.KioskExitPIN {
		// an administrator's id: their name, as a receipt's cashier
		if s, ok := cat.StaffByID(by); ok && s.Name != "" {
			by = s.Name
		}
		r.Notes = append(r.Notes, strings.Replace(terminalRefundBy.In(lang), "%s", by, 1))
	}
	if tr.Why != "" {
		r.Notes = append(r.Notes, strings.Replace(refundReason.In(lang), "%s", tr.Why, 1))
	}
	return r
}

// refundMethod names how a refund went back: the method's name, a gift
// voucher's number, the credit voucher an exchange credit went back to,
// a card's brand and last digits.
func refundMethod(cat *pos.Catalog, p pos.Payment, credit string, lang pos.Lang) string {
	name := p.Method
	if m, ok := cat.PaymentMethodByID(p.Method); ok {
		name = m.Name.In(lang)
	}
	switch {
	case p.Voucher == pos.ExchangeVoucher && credit != "":
		name += " " + credit
	case p.Voucher != "" && p.Voucher != pos.ExchangeVoucher:
		name += " " + p.Voucher
	case p.Card != nil && p.Card.Last4 != "":
		name += " " + strings.TrimSpace(p.Card.Brand+" ****"+p.Card.Last4)
	}
	return name
}

// ticketText names a ticket as it was sold: its number, the show, its
// date and its place ("K01-000001-01 Carmen · Adulte · sam. 5 déc. 20:00
// · Parterre · Rang C, place 1"); o is its order, when known (the
// line's name as sold, for a ticket the catalog no longer has).
func ticketText(cat *pos.Catalog, o pos.Order, t pos.Ticket, lang pos.Lang) string {
	if d := ticketDescribed(cat, o, t, lang); d != "" {
		return t.Number + " " + d
	}
	return t.Number
}

// ticketDescribed is ticketText without the number ("": the catalog no
// longer knows it, nor o).
func ticketDescribed(cat *pos.Catalog, o pos.Order, t pos.Ticket, lang pos.Lang) string {
	name, detail := cat.Describe(pos.CartLine{Kind: t.Kind, Performance: t.Performance, Zone: t.Zone, Category: t.Category, Seat: t.Seat, Item: t.Item}, lang)
	if name == "" && o.Number != "" && pos.OrderOfTicket(t.Number) == o.Number && t.Line >= 0 && t.Line < len(o.Lines) {
		name, detail = o.Lines[t.Line].Name, o.Lines[t.Line].Detail
	}
	if detail != "" {
		return name + " · " + detail // as a receipt's line names it
	}
	return name
}

// givenBack are the notes of an exchange's receipt naming the tickets its
// credit took back, beside the new ones its lines name.
func givenBack(cat *pos.Catalog, ov OrderView, lang pos.Lang) []string {
	var out []string
	for _, t := range ov.ExchangedFrom {
		d := ticketDescribed(cat, pos.Order{}, t, lang)
		if d == "" {
			d = t.Price.Format(lang) // a show the catalog no longer has: what it was worth
		}
		out = append(out, strings.Replace(strings.Replace(ticketGivenBack.In(lang), "%s", t.Number, 1), "%s", d, 1))
	}
	return out
}

// refundSlip is the refund slip of print job id (a receipt job whose
// Refund is set; copyNo its duplicate's number), laid out in the
// register's print language from the print window's read of its order
// and cancellation.
func (s *Service) refundSlip(id string, copyNo int, ro local.ReceiptOrder, headSeq uint64, headHash string) (printers.Receipt, error) {
	if ro.Refund == nil {
		return printers.Receipt{}, fmt.Errorf("print job %s: the cancellation of order %s it prints is not in the journal", id, ro.Order.Number)
	}
	r := RefundSlipLayout(s.Catalog(), ro.OrderView, *ro.Refund, s.lang)
	r.Journal = headAnchor(headSeq, headHash)
	r.Training = s.training
	r.Copy = copyNo // a slip printed again: DUPLICATA n
	return r, nil
}

// RefundSlipPreview is a cancellation's refund slip as 58 mm paper reads
// it (ReceiptPreview's way), in lang.
func (s *Service) RefundSlipPreview(order string, entry uint64, lang pos.Lang) (string, error) {
	ov, ok, err := s.reg.Order(order)
	if err != nil {
		return "", err
	}
	rf, found, err := s.reg.RefundOf(order, entry)
	if err != nil {
		return "", err
	}
	if !ok || !found {
		return "", pos.Errorf("order %s has no cancellation recorded at journal entry %d: %w", order, entry, local.ErrNotFound)
	}
	r := RefundSlipLayout(s.Catalog(), ov, rf, lang)
	r.Training = s.training
	return receiptLayoutText(r)
}

// PrintRefundSlip prints again the refund slip of the order's last
// cancellation: a duplicate (DUPLICATA n) when one was queued before,
// which needs the reprint right as a receipt's copy does.
func (t *Till) PrintRefundSlip(number string) error { return t.printRefundSlip(number, "") }

// PrintRefundSlipOf prints again the refund slip of the cancellation that
// gave a ticket back (PrintRefundSlip's way): the one that names it.
func (t *Till) PrintRefundSlipOf(ticket string) error {
	return t.printRefundSlip(pos.OrderOfTicket(ticket), ticket)
}

func (t *Till) printRefundSlip(number, ticket string) error {
	ov, err := t.orderToPrint(number)
	if err != nil {
		return err
	}
	var which *local.CancelRef
	for i := len(ov.Cancellations) - 1; i >= 0 && which == nil; i-- {
		c := &ov.Cancellations[i]
		if ticket == "" {
			which = c
			break
		}
		rf, found, err := t.s.reg.RefundOf(number, c.Entry)
		if err != nil {
			return err
		}
		if found && slices.ContainsFunc(rf.Tickets, func(tk pos.Ticket) bool { return tk.Number == ticket }) {
			which = c
		}
	}
	if which == nil {
		if ticket != "" {
			return pos.Errorf("ticket %s was never canceled: it has no refund slip", ticket)
		}
		return pos.Errorf("order %s was never canceled: it has no refund slip", number)
	}
	if err := t.mayPrintCopy(which.Slips); err != nil {
		return err
	}
	if err := t.Till.QueueRefundSlip(number, which.Entry); err != nil {
		return err
	}
	t.s.wake()
	return nil
}

func init() {
	pos.AddSentences(pos.French, map[string]string{
		"order %s was never canceled: it has no refund slip":  "la commande %s n'a jamais été annulée : elle n'a pas de bon de remboursement",
		"ticket %s was never canceled: it has no refund slip": "le billet %s n'a jamais été annulé : il n'a pas de bon de remboursement",
	})
}
