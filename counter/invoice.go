package counter

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"guichet/pos"
	"guichet/printers"
)

// Words of an invoice on paper and on screen.
var (
	invoiceWord  = pos.Text{"fr": "FACTURE", "en": "INVOICE"}
	toPayBy      = pos.Text{"fr": "À payer d'ici le %s", "en": "To pay by %s"}
	voucherWord  = pos.Text{"fr": "Bon cadeau", "en": "Gift voucher"}
	creditLeft   = pos.Text{"fr": "Avoir restant : bon %s, %s", "en": "Credit left: voucher %s, %s"}
	validUntil   = pos.Text{"fr": "Valable jusqu'au %s", "en": "Valid until %s"}
	noExpiry     = pos.Text{"fr": "Valable sans limite de durée", "en": "Valid with no end date"}
	paidOn       = pos.Text{"fr": "Payée le %s : %s", "en": "Paid on %s: %s"}
	refWord      = pos.Text{"fr": "réf.", "en": "ref."}
	bankTransfer = pos.Text{"fr": "virement bancaire", "en": "bank transfer"}
)

// paidNote says when and how a validated invoice was paid, with the bank
// transfer's or the terminal's reference: what the accountant matches
// against the bank statement.
func paidNote(cat *pos.Catalog, ov OrderView, lang pos.Lang) string {
	p := ov.Validation
	how := MethodName(cat, p.Method, lang)
	if p.Kind == pos.KindInvoice { // paid as invoiced: by transfer
		how = bankTransfer.In(lang)
	}
	ref := p.Reference
	if ref == "" && p.Card != nil {
		ref = p.Card.Terminal
	}
	if ref != "" {
		how += ", " + refWord.In(lang) + " " + ref
	}
	return fmt.Sprintf(paidOn.In(lang), pos.FormatDate(ov.Validated.In(cat.Location()), lang), how)
}

// invoiceParts makes a pending order's receipt its invoice: titled so,
// its payments "to pay by" the deadline (never "Paid"), ending with the
// method's closing message (seed 004).
func invoiceParts(cat *pos.Catalog, o pos.Order, r *printers.Receipt, lang pos.Lang) {
	r.Title = invoiceWord.In(lang)
	if !o.Deadline.IsZero() {
		r.PaymentsTitle = strings.Replace(toPayBy.In(lang), "%s", pos.FormatDate(o.Deadline.In(cat.Location()), lang), 1)
	}
	if len(r.Payments) == len(o.Payments) && slices.ContainsFunc(o.Payments, func(p pos.Payment) bool { return !p.Pending }) {
		// a deposit or a voucher paid beside the invoice prints as paid,
		// the invoice alone as to pay
		var paid []printers.ReceiptLine
		for i, p := range o.Payments {
			if p.Pending {
				r.Due = append(r.Due, r.Payments[i])
			} else {
				paid = append(paid, r.Payments[i])
			}
		}
		r.Payments = paid
	}
	for _, p := range o.Payments {
		m, ok := cat.PaymentMethodByID(p.Method)
		if !ok || !p.Pending {
			continue
		}
		for _, t := range []pos.Text{m.PaymentDetails, m.ClosingMessage} {
			if t.In(lang) != "" {
				r.Notes = append(r.Notes, strings.Split(t.In(lang), "\n")...)
			}
		}
	}
}

// creditNote says on a receipt the credit voucher the exchange left.
func creditNote(r *printers.Receipt, v VoucherView, lang pos.Lang) {
	r.Notes = append(r.Notes, strings.Replace(strings.Replace(creditLeft.In(lang), "%s", v.Number, 1), "%s", v.Balance.Format(lang), 1))
}

// addressed puts the customer an invoice is addressed to first in its
// notes: "Monsieur Smith" (civility and last name, seed 004), then the
// full name and the address when known.
func addressed(r *printers.Receipt, c *pos.Customer, lang pos.Lang) {
	if c == nil {
		return
	}
	lines := []string{}
	if s := Salutation(c); s != "" {
		lines = append(lines, s)
	}
	lines = append(lines, c.Name)
	if c.Address != "" {
		lines = append(lines, strings.Split(c.Address, "\n")...)
	}
	r.Notes = append(lines, r.Notes...)
}

// Salutation is how an invoice addresses the customer: civility and last
// name ("Monsieur Smith"); "" without a civility.
func Salutation(c *pos.Customer) string {
	if c == nil || c.Civility == "" {
		return ""
	}
	f := strings.Fields(c.Name)
	if len(f) == 0 {
		return c.Civility
	}
	return c.Civility + " " + f[len(f)-1]
}

// Invoice is an order's invoice as data (guichet order invoice --json):
// who sends it, to whom, what, how much, by when, how, and the method's
// closing message.
type Invoice struct {
	Organiser struct {
		Name      string `json:"name"`
		Address   string `json:"address,omitempty"`
		VATNumber string `json:"vat_number,omitempty"`
	} `json:"organiser"`
	Order      string        `json:"order"`
	State      string        `json:"state"`
	Placed     time.Time     `json:"placed"`
	Customer   *pos.Customer `json:"customer,omitempty"`
	Salutation string        `json:"salutation,omitempty"`
	Lines      []InvoiceLine `json:"lines"`
	Fees       []InvoiceLine `json:"fees,omitempty"`
	Total      pos.Money     `json:"total"`
	Due        pos.Money     `json:"due"` // what it still asks: the total less a deposit or voucher paid beside it (zero once paid or ended)
	Deadline   time.Time     `json:"deadline,omitzero"`
	Method     string        `json:"method"`
	MethodName string        `json:"method_name"`
	// Description is the method's own (seed 004: payment details).
	Description string       `json:"payment_details,omitempty"`
	Paid        *pos.Payment `json:"paid,omitempty"` // how it was paid, once validated
	Closing     string       `json:"closing_message,omitempty"`
	Text        string       `json:"text"` // as it prints on the receipt printer
}

// InvoiceLine is a line of an invoice.
type InvoiceLine struct {
	Text   string    `json:"text"`
	Qty    int       `json:"qty,omitempty"`
	Amount pos.Money `json:"amount"`
}

// Invoice is the invoice of an order paid, or to be paid, by invoice (ok
// false: no such order). An order with no invoice payment has none. lang
// "": the customer's language, as the e-mailed invoice is (an English
// customer's posted invoice was French), else the catalog's first.
func (s *Service) Invoice(number string, lang pos.Lang) (inv Invoice, ok bool, err error) {
	ov, ok, err := s.reg.Order(number)
	if err != nil || !ok {
		return inv, ok, err
	}
	if lang == "" && ov.Customer != nil {
		lang = ov.Customer.Lang
	}
	lang = s.Catalog().Lang(lang)
	o := ov.Order
	var method *pos.PaymentMethod
	for _, p := range o.Payments {
		if m, found := s.Catalog().PaymentMethodByID(p.Method); found && m.Kind == pos.KindInvoice {
			method = m
		}
	}
	if method == nil && ov.Validation != nil {
		for _, m := range s.Catalog().PaymentMethods {
			if m.Kind == pos.KindInvoice {
				method = &m
				break
			}
		}
	}
	if method == nil {
		return inv, false, pos.Errorf("order %s was not sold on an invoice", o.Number)
	}
	inv.Organiser.Name, inv.Organiser.Address, inv.Organiser.VATNumber = s.Catalog().Organiser.Name, s.Catalog().Organiser.Address, s.Catalog().Organiser.VATNumber
	inv.Order, inv.State, inv.Placed, inv.Customer = o.Number, o.State, o.Placed, ov.Customer
	inv.Salutation = Salutation(ov.Customer)
	inv.Total, inv.Deadline = o.Total, o.Deadline
	inv.Due = pos.Zero(o.Total.Currency)
	for _, p := range o.Payments {
		if p.Pending && o.State == pos.OrderPending { // a lapsed or canceled one asks nothing
			inv.Due = inv.Due.Plus(p.Amount)
		}
	}
	inv.Method, inv.MethodName, inv.Description = method.ID, method.Name.In(lang), method.PaymentDetails.In(lang)
	if inv.Description == "" {
		inv.Description = method.Description.In(lang)
	}
	inv.Closing = method.ClosingMessage.In(lang)
	inv.Paid = ov.Validation
	inv.Lines = []InvoiceLine{}
	for _, l := range o.Lines {
		text, detail := s.Catalog().Named(l, lang) // the invoice's language, whatever the sale's
		if detail != "" {
			text += " · " + detail
		}
		inv.Lines = append(inv.Lines, InvoiceLine{Text: text, Qty: l.Quantity, Amount: l.Charged})
	}
	for _, f := range o.Fees {
		inv.Fees = append(inv.Fees, InvoiceLine{Text: feeName(s.Catalog(), f, lang), Amount: f.Amount})
	}
	r := ReceiptLayout(s.Catalog(), o, lang)
	// paid since (afterSale says when and how): still made out to its
	// customer
	if o.State == pos.OrderPending || ov.Validation != nil {
		addressed(&r, ov.Customer, lang)
	}
	afterSale(s.Catalog(), &r, ov, lang)
	inv.Text, err = receiptLayoutText(r)
	return inv, true, err
}

// creditSlip names the slip of a credit voucher.
var creditSlip = pos.Text{"fr": "Avoir d'échange", "en": "Exchange credit voucher"}

// VoucherSlip is what prints for a credit voucher an exchange left without
// a new order: the customer keeps it to pay a later order. register and
// staff (a staff id) are the till and the cashier that made the voucher,
// named as a receipt names who sold; made is when they made it.
func VoucherSlip(cat *pos.Catalog, v VoucherView, register, staff string, lang pos.Lang, made time.Time) printers.Receipt {
	// no order line: a voucher's number is no order's ("Order K01-A0001"
	// printed before); it is the slip's line and its note
	r := printers.Receipt{Organiser: cat.Organiser.Name, Title: creditSlip.In(lang), Register: register, Staff: staff,
		When: pos.FormatDateTime(made.In(cat.Location()), lang), Total: v.Balance.Format(lang), Lang: string(lang),
		Lines: []printers.ReceiptLine{{Text: v.Number, Qty: 1, Amount: v.Balance.Format(lang)}}}
	r.Staff = servedBy(cat, staff, lang)
	if v.Customer != nil && v.Customer.Name != "" {
		r.Notes = append(r.Notes, v.Customer.Name)
	}
	creditNote(&r, v, lang)
	if !v.ExchangeFee.IsZero() {
		// its balance is net of the fee: say what was kept of the
		// tickets taken back
		r.Notes = append(r.Notes, strings.Replace(exchangeFeeKept.In(lang), "%s", v.ExchangeFee.Format(lang), 1))
	}
	return r
}
