package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/pos"
)

// The desk: one order, and what may be done to it (validate an invoice
// payment, cancel, reprint a ticket, exchange tickets).

type orderScreen struct {
	c       *common
	ov      OrderView
	cursor  int
	picked  map[string]bool // tickets chosen for an exchange
	reason  field
	mode    int // orderBrowse, orderReason, orderConfirm
	working bool
	err     string
	w, h    int
	keys    struct{ up, down, pick, validate, cancel, reprint, exchange, email, enter, back key.Binding }
	addr    field // orderEmail: the address the tickets go to
}

const (
	orderBrowse = iota
	orderReason
	orderConfirm
	orderEmail // the order has no customer address: one is typed
)

type orderMsg1 struct {
	ov OrderView
	ok bool
}

func newOrder(c *common, ov OrderView) *orderScreen {
	s := &orderScreen{c: c, ov: ov, picked: map[string]bool{}, reason: field{limit: 120}}
	s.keys.up = c.key(keyUp)
	s.keys.down = c.key(keyDown)
	s.keys.pick = c.key(keyPickTicket)
	s.keys.validate = c.key(keyValidate)
	s.keys.cancel = c.key(keyCancelorder)
	s.keys.reprint = c.key(keyReprint)
	s.keys.exchange = c.key(keyExchange)
	s.keys.email = c.key(keyEmailTickets)
	s.addr.limit = 120
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *orderScreen) Init() tea.Cmd { return s.reload() }
func (s *orderScreen) reload() tea.Cmd {
	svc, n, lang := s.c.svc, s.ov.Order.Number, s.c.lang
	return func() tea.Msg {
		ov, ok, err := svc.Order(n)
		if err != nil {
			return queryFailed(lang, err)
		}
		return orderMsg1{ov, ok}
	}
}
func (s *orderScreen) Title() string    { return s.c.T("order.title", s.ov.Order.Number) }
func (s *orderScreen) Typing() bool     { return s.mode == orderReason || s.mode == orderEmail }
func (s *orderScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *orderScreen) ShortHelp() []key.Binding {
	if s.mode != orderBrowse {
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	return []key.Binding{s.keys.validate, s.keys.cancel, s.keys.reprint, s.keys.pick, s.keys.exchange, s.keys.email}
}
func (s *orderScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.up, s.keys.down, s.keys.pick}, {s.keys.validate, s.keys.cancel, s.keys.reprint, s.keys.exchange, s.keys.email}, {s.keys.enter, s.keys.back}}
}

func (s *orderScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case orderMsg1:
		if msg.ok {
			s.ov = msg.ov
			s.cursor = max(0, min(s.cursor, len(s.ov.Tickets)-1))
		}
	case deskMsg:
		s.working = false
		if msg.err != nil {
			s.err = s.c.Err(msg.err)
			return s.reload()
		}
		s.err, s.mode = "", orderBrowse
		s.reason.Reset()
		return tea.Batch(flash(msg.ok, false), s.reload())
	case emailMsg:
		s.working = false
		if errors.Is(msg.err, counter.ErrNoAddress) {
			s.mode, s.err = orderEmail, ""
			s.addr.Reset()
			return nil
		}
		if msg.err != nil {
			s.err = c.Err(msg.err)
			return nil
		}
		s.mode = orderBrowse
		return tea.Batch(flash(c.T("done.emailed", s.ov.Order.Number, msg.to), false), s.reload())
	case exchangeMsg:
		// the credit is in the cart: sell the new tickets
		s.working = false
		if msg.err == nil {
			return c.home()
		}
		s.err = s.c.Err(msg.err)
	case versionMsg:
		return s.reload()
	case tea.PasteMsg:
		if s.mode == orderReason {
			s.reason.insert(msg.Content)
		}
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		switch s.mode {
		case orderReason:
			switch {
			case key.Matches(msg, s.keys.back):
				s.mode = orderBrowse
			case key.Matches(msg, s.keys.enter):
				if strings.TrimSpace(s.reason.Value()) == "" {
					s.err = c.T("order.needreason")
					return nil
				}
				s.mode, s.err = orderConfirm, ""
			default:
				s.reason.key(msg)
			}
			return nil
		case orderEmail:
			switch {
			case key.Matches(msg, s.keys.back):
				s.mode = orderBrowse
			case key.Matches(msg, s.keys.enter):
				s.working = true
				return emailCmd(c, s.ov.Order.Number, strings.TrimSpace(s.addr.Value()))
			default:
				s.addr.key(msg)
			}
			return nil
		case orderConfirm:
			switch {
			case key.Matches(msg, s.keys.back):
				s.mode = orderBrowse
			case key.Matches(msg, s.keys.enter):
				s.working = true
				n, why := s.ov.Order.Number, strings.TrimSpace(s.reason.Value())
				return c.deskDo(c.T("order.canceled", n), func(t Till) error { return t.Cancel(n, why) })
			}
			return nil
		}
		s.err = ""
		n := s.ov.Order.Number
		switch {
		case key.Matches(msg, s.keys.back):
			return c.back()
		case key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, s.keys.down):
			s.cursor = max(0, min(len(s.ov.Tickets)-1, s.cursor+1))
		case key.Matches(msg, s.keys.pick):
			if len(s.ov.Tickets) > 0 {
				tk := s.ov.Tickets[s.cursor].Number
				s.picked[tk] = !s.picked[tk]
				s.cursor = min(len(s.ov.Tickets)-1, s.cursor+1)
			}
		case key.Matches(msg, s.keys.validate):
			s.working = true
			return c.deskDo(c.T("order.validated", n), func(t Till) error { return t.ValidatePayment(n, pos.Tender{}) })
		case key.Matches(msg, s.keys.cancel):
			if s.ov.Order.State == pos.OrderCanceled {
				s.err = c.T("order.already")
				return nil
			}
			s.mode = orderReason
		case key.Matches(msg, s.keys.reprint):
			if len(s.ov.Tickets) == 0 {
				return nil
			}
			if st := s.ov.Tickets[s.cursor].State; st != counter.TicketValid {
				s.err = c.T("order.noreprint", ticketStateWord(c, st))
				return nil
			}
			tk := s.ov.Tickets[s.cursor].Number
			s.working = true
			return c.deskDo(c.T("order.reprinted", tk), func(t Till) error { return t.Reprint(tk) })
		case key.Matches(msg, s.keys.email):
			s.working = true
			return emailCmd(c, n, "")
		case key.Matches(msg, s.keys.exchange):
			tickets := s.pickedTickets()
			if len(tickets) == 0 {
				s.err = c.T("order.pickfirst")
				return nil
			}
			s.working = true
			return exchangeCmd(c, n, tickets)
		}
	}
	return nil
}

func (s *orderScreen) pickedTickets() []string {
	var out []string
	for _, t := range s.ov.Tickets {
		if s.picked[t.Number] {
			out = append(out, t.Number)
		}
	}
	return out
}

// exchangeCmd takes tickets back into the till's cart as a credit.
func exchangeCmd(c *common, ref string, tickets []string) tea.Cmd {
	t, lang := c.till, c.lang
	return c.inOrder(func() tea.Msg {
		credit, err := t.Exchange(ref, tickets)
		pc, _ := t.Priced()
		m := cartMsg{priced: pc, err: err, credit: t.Credit()}
		if err == nil {
			m.note = tr(lang, "exchange.done", credit.Format(lang))
		}
		return exchangeMsg{m}
	})
}

func (s *orderScreen) View() string {
	c := s.c
	o := s.ov.Order
	var b strings.Builder
	head := stateGlyph(o.State) + " " + c.T("done.order", o.Number) + " · " + stateWord(c, o.State) + " · " + c.money(o.Total)
	b.WriteString(c.st.title.Render(clip(head, s.w)) + "\n")
	staff := o.Staff
	if st, ok := c.cat.StaffByID(o.Staff); ok && st.Name != "" {
		staff = st.Name
	}
	info := pos.FormatDateTime(o.Placed.In(c.cat.Location()), c.lang) + " · " + staff
	if s.ov.Customer != nil {
		info += " · " + s.ov.Customer.Name
		if s.ov.Customer.Email != "" {
			info += " <" + s.ov.Customer.Email + ">"
		}
	}
	b.WriteString(clip(info, s.w) + "\n")
	if o.State == pos.OrderPending {
		b.WriteString(c.T("done.pending", pos.FormatDate(o.Deadline.In(c.cat.Location()), c.lang)) + "\n")
	}
	if s.ov.CancelReason != "" {
		b.WriteString(clip(c.T("order.reason", s.ov.CancelReason), s.w) + "\n")
	}
	for _, p := range o.Payments {
		name := p.Method
		if m, ok := c.cat.PaymentMethodByID(p.Method); ok {
			name = m.Name.In(c.lang)
		}
		line := "  " + label(name, 22) + c.money(p.Amount)
		if p.Pending {
			line += "  (" + c.T("state.pending") + ")"
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	b.WriteString("\n")
	room := max(s.h-strings.Count(b.String(), "\n")-4, 1)
	first := max(0, s.cursor-room+1)
	for i := first; i < len(s.ov.Tickets) && i < first+room; i++ {
		t := s.ov.Tickets[i]
		mark := "[ ]"
		if s.picked[t.Number] {
			mark = "[x]"
		}
		name := t.Seat
		if l := t.Line; l >= 0 && l < len(o.Lines) {
			name, _ = c.cat.Named(o.Lines[l], c.lang) // in the screen's language, whatever the sale's
			if t.Seat != "" {
				name += " " + t.Seat
			}
		}
		line := " " + mark + " " + stateGlyph(t.State) + " " + fit(t.Number, 14) + " " + fit(c.money(t.Price), 11) + " " + fit(ticketStateWord(c, t.State), 10) + " " + name
		if t.Printed > 1 || t.Reprints > 0 {
			line += " · " + c.T("order.printed", t.Printed)
		}
		if i == s.cursor {
			line = c.st.sel.Render(">" + fit(line[1:], s.w-1))
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	switch s.mode {
	case orderEmail:
		b.WriteString("\n " + c.T("done.emailto") + " " + s.addr.view(c.st, true, s.w-30) + "\n")
	case orderReason:
		if n := len(s.pickedTickets()); n > 0 && n < len(s.ov.Tickets) {
			// ticked tickets are for an exchange: a cancellation takes
			// the whole order back, and says so before anything is done
			b.WriteString("\n " + c.st.err.Render(clip("! "+c.T("order.wholeorder", len(s.ov.Tickets)), s.w-2)) + "\n")
		}
		b.WriteString("\n " + c.T("order.why") + " " + s.reason.view(c.st, true, s.w-30) + "\n")
	case orderConfirm:
		var refund pos.Money
		for _, p := range o.Payments {
			if !p.Pending {
				refund = refund.Plus(p.Amount)
			}
		}
		b.WriteString("\n " + c.st.bold.Render(clip(c.T("order.confirmcancel", o.Number, c.money(refund)), s.w)) + "\n")
	}
	if s.working {
		b.WriteString("\n " + c.st.dim.Render(c.T("pay.working")))
	}
	if s.err != "" {
		b.WriteString("\n " + c.st.err.Render(clip("! "+s.err, s.w-2)))
	}
	return b.String()
}

// emailCmd queues an order's tickets by e-mail (address "": its customer's).
func emailCmd(c *common, order, address string) tea.Cmd {
	t := c.till
	return c.inOrder(func() tea.Msg {
		m, err := t.SendTickets(order, address)
		return emailMsg{to: m.To, err: err}
	})
}
