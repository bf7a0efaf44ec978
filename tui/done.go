package tui

import (
	"bytes"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/mdp/qrterminal/v3"

	"guichet/pos"
)

// doneScreen shows the order once it is durable in the journal: its number,
// the tickets queued for printing, a receipt preview and each ticket's QR.
type doneScreen struct {
	c        *common
	o        pos.Order
	ticket   int
	qr       []string // drawn once per ticket
	payloads map[string]string
	receipt  string
	showRcp  bool
	after    AfterSale // what the printer does besides the tickets
	printed  int       // receipts asked for with the key
	w, h     int
	keys     struct{ next, ticket, receipt, print key.Binding }

	voucher CreditVoucher // what an exchange credit left: the customer keeps its number
}

// newDone shows an order, and the credit voucher its checkout made of an
// exchange credit's remainder (zero: none). An exchange with no new order
// has an order with no number: only the voucher is shown.
func newDone(c *common, o pos.Order, v CreditVoucher) *doneScreen {
	s := &doneScreen{c: c, o: o, qr: make([]string, len(o.Tickets)), voucher: v, after: c.after}
	if c.receipt != nil {
		s.receipt = c.receipt(o)
	} else {
		s.receipt = ReceiptText(c.cat, o, c.lang)
	}
	s.keys.next = bind(c, []string{"n", "enter", "esc"}, "enter", "key.next")
	s.keys.ticket = bind(c, []string{"right", "left", "l", "h"}, "←/→", "key.ticket")
	s.keys.receipt = bind(c, []string{"tab"}, "tab", "key.receipt")
	s.keys.print = bind(c, []string{"r"}, "r", "key.printreceipt")
	// only a durable order has a receipt to print
	s.keys.print.SetEnabled(c.printReceipt != nil && o.Number != "")
	c.customer = pos.Customer{}
	return s
}

// qrSource is a Service that knows the signed payload of each ticket.
type qrSource interface {
	TicketQRs(order string) map[string]string
}

type qrsMsg map[string]string

// Init fetches the tickets' signed QR payloads; until they arrive (or when
// the register has none) the QR carries the ticket number.
func (s *doneScreen) Init() tea.Cmd {
	if src, ok := s.c.svc.(qrSource); ok && s.payloads == nil && s.o.Number != "" {
		n := s.o.Number
		return func() tea.Msg { return qrsMsg(src.TicketQRs(n)) }
	}
	return nil
}
func (s *doneScreen) Title() string    { return s.c.T("done.title") }
func (s *doneScreen) Typing() bool     { return false }
func (s *doneScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *doneScreen) ShortHelp() []key.Binding {
	// ←/→ waits in ? help: at 80 columns the footer holds four keys
	return []key.Binding{s.keys.next, s.keys.print, s.keys.receipt}
}
func (s *doneScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.next, s.keys.print}, {s.keys.receipt, s.keys.ticket}}
}

func (s *doneScreen) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(qrsMsg); ok {
		s.payloads = m
		s.qr = make([]string, len(s.o.Tickets))
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, s.keys.next):
			s.c.priced = pos.PricedCart{}
			s.c.home()
			return s.c.tillDo("", func(Till) error { return nil })
		case key.Matches(msg, s.keys.ticket):
			if n := len(s.o.Tickets); n > 0 {
				if msg.String() == "left" || msg.String() == "h" {
					s.ticket = (s.ticket + n - 1) % n
				} else {
					s.ticket = (s.ticket + 1) % n
				}
			}
		case key.Matches(msg, s.keys.receipt):
			s.showRcp = !s.showRcp
		case key.Matches(msg, s.keys.print):
			s.c.printReceipt(s.o)
			s.printed++
			return flash(s.c.T("done.receiptsent", s.o.Number), false)
		}
	}
	return nil
}

// qrCode draws a ticket's QR with half blocks (two modules per line), with
// no sixel probe: qrterminal's Generate writes a query to stdout.
func qrCode(payload string) string {
	var b bytes.Buffer
	qrterminal.GenerateWithConfig(payload, qrterminal.Config{
		Level: qrterminal.L, Writer: &b, HalfBlocks: true, QuietZone: 1,
		BlackChar: qrterminal.BLACK_BLACK, WhiteChar: qrterminal.WHITE_WHITE,
		BlackWhiteChar: qrterminal.BLACK_WHITE, WhiteBlackChar: qrterminal.WHITE_BLACK,
	})
	return strings.TrimRight(b.String(), "\n")
}

func (s *doneScreen) View() string {
	c := s.c
	var left []string
	if s.o.Number != "" {
		left = append(left, c.st.title.Render(c.T("done.order", s.o.Number)))
	}
	if s.o.State == pos.OrderPending {
		left = append(left, c.T("done.pending", pos.FormatDate(s.o.Deadline.In(c.cat.Location()), c.lang)))
	}
	var change pos.Money
	for _, p := range s.o.Payments {
		change = change.Plus(p.Change)
	}
	if !change.IsZero() {
		left = append(left, c.st.bold.Render(c.T("done.change", c.money(change))))
	}
	// The credit voucher gets the whole width: its number is what the
	// customer must keep.
	var top string
	if s.voucher.Number != "" {
		top = c.st.bold.Render(clip(c.T("done.voucher", c.money(s.voucher.Balance), s.voucher.Number), s.w)) + "\n"
	}
	if s.o.Number == "" {
		return top // the whole credit became a voucher: no order, no ticket
	}
	left = append(left, c.T("done.tickets", len(s.o.Tickets)))
	if s.after.Receipt || s.printed > 0 {
		left = append(left, c.T("done.receiptprinting"))
	}
	left = append(left, "")
	for i, t := range s.o.Tickets {
		line := t.Number + " " + c.money(t.Price)
		if t.Seat != "" {
			line += " " + t.Seat
		}
		if i == s.ticket {
			line = c.st.sel.Render(">" + line)
		} else {
			line = " " + line
		}
		left = append(left, line)
	}
	leftW := 34
	var right []string
	showQR := len(s.o.Tickets) > 0 && !s.showRcp
	wide := s.w >= 130
	if showQR || wide {
		if len(s.o.Tickets) > 0 {
			t := s.o.Tickets[s.ticket]
			if s.qr[s.ticket] == "" {
				payload := t.Number
				if p := s.payloads[t.Number]; p != "" {
					payload = p
				}
				s.qr[s.ticket] = qrCode(payload)
			}
			right = append(right, c.T("done.qr", t.Number))
			qr := strings.Split(s.qr[s.ticket], "\n")
			room := s.w - leftW - 1
			if wide {
				room = 60
			}
			if len(qr) >= s.h || len([]rune(qr[0])) > room {
				// A cut QR code does not scan: say so rather than draw half of one.
				right = append(right, "", c.T("done.qrsmall", len([]rune(qr[0]))+leftW+1, len(qr)+4))
			} else {
				right = append(right, qr...)
			}
		}
	}
	var third []string
	if !showQR || wide {
		third = append([]string{c.st.title.Render(c.T("done.receipt"))}, strings.Split(s.receipt, "\n")...)
	}
	if !wide && !showQR {
		right, third = third, nil
	}
	var b strings.Builder
	b.WriteString(top)
	n := max(len(left), len(right), len(third))
	for i := 0; i < n && i < s.h-strings.Count(top, "\n"); i++ {
		l, r, t := "", "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		if i < len(third) {
			t = third[i]
		}
		line := fit(l, leftW) + " " + r
		if wide {
			line = fit(l, leftW) + " " + fit(r, 60) + " " + t
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	return b.String()
}

// ReceiptText is the receipt as plain text, for the preview when the
// printers' own layout is not given.
func ReceiptText(cat *pos.Catalog, o pos.Order, lang string) string {
	const w = 32
	pair := func(l, r string) string {
		return fit(l, w-len([]rune(r))-1) + " " + r
	}
	var b strings.Builder
	b.WriteString(clip(cat.Organiser.Name, w) + "\n")
	b.WriteString(o.Number + "  " + pos.FormatDateTime(o.Placed.In(cat.Location()), lang) + "\n")
	b.WriteString(strings.Repeat("-", w) + "\n")
	for _, l := range o.Lines {
		b.WriteString(clip(itoa(l.Quantity)+" x "+l.Name, w) + "\n")
		if l.Regular != l.Charged {
			b.WriteString(pair("  "+l.Offer, "("+l.Regular.Format(lang)+")") + "\n")
		}
		b.WriteString(pair("", l.Charged.Format(lang)) + "\n")
	}
	for _, f := range o.Fees {
		b.WriteString(pair(f.Name, f.Amount.Format(lang)) + "\n")
	}
	b.WriteString(strings.Repeat("-", w) + "\n")
	b.WriteString(pair(tr(lang, "cart.total"), o.Total.Format(lang)) + "\n")
	for _, p := range o.Payments {
		name := p.Method
		if m, ok := cat.PaymentMethodByID(p.Method); ok {
			name = m.Name.In(lang)
		}
		b.WriteString(pair(name, p.Amount.Plus(p.Rounding).Format(lang)) + "\n")
		if !p.Change.IsZero() {
			b.WriteString(pair("  "+tr(lang, "pay.change"), p.Change.Format(lang)) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
