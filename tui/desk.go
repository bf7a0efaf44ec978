package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/pos"
)

// The desk's other operations, each one key from the sales list: find an
// order and act on it (validate an invoice payment, cancel, reprint,
// exchange), exchange by e-mail, cash in/out, X report and Z closure.
// Every write is a register command run in a tea.Cmd; the screen shows what
// the register answered.

// deskMsg is the answer to a desk command: a sentence for the flash line.
type deskMsg struct {
	ok  string
	err error
}

// deskDo runs a till command off the Update goroutine.
func (c *common) deskDo(ok string, f func(t Till) error) tea.Cmd {
	t := c.till
	return c.inOrder(func() tea.Msg { return deskMsg{ok: ok, err: f(t)} })
}

// exchangeMsg is the cart after an exchange put its credit in it: only the
// screen that asked acts on it (a cartMsg may come from any earlier call).
type exchangeMsg struct{ cartMsg }

// ordersMsg carries the orders found for a query.
type ordersMsg struct {
	q      string
	orders []OrderView
}

// stateWord is an order's or ticket's state in the staff's words.
func stateWord(c *common, state string) string {
	switch state {
	case pos.OrderPaid:
		return c.T("state.paid")
	case pos.OrderPending:
		return c.T("state.pending")
	case pos.OrderCanceled:
		return c.T("state.canceled")
	case "valid":
		return c.T("state.valid")
	case "exchanged":
		return c.T("state.exchanged")
	}
	return state
}

// ticketStateWord is a ticket's state in the staff's words (a ticket is
// "un billet": its words agree with it, not with the order).
func ticketStateWord(c *common, state string) string {
	if state == pos.OrderCanceled {
		return c.T("state.ticketcanceled")
	}
	return stateWord(c, state)
}

// stateGlyph marks a state without colour: ✓ paid/valid, … pending,
// ✗ canceled, ⇄ exchanged.
func stateGlyph(state string) string {
	switch state {
	case pos.OrderPaid, "valid":
		return "✓"
	case pos.OrderPending:
		return "…"
	case pos.OrderCanceled:
		return "✗"
	case "exchanged":
		return "⇄"
	}
	return " "
}

// deskOutcome ends a desk form with what its command is doing: recording
// while it runs, then the register's refusal if any.
func deskOutcome(c *common, working bool, err string) string {
	var out string
	if working {
		out += "\n  " + c.st.dim.Render(c.T("pay.working"))
	}
	if err != "" {
		out += "\n  " + c.st.err.Render("! "+err)
	}
	return out
}

// --- find an order ---

type ordersScreen struct {
	c      *common
	query  field
	found  []OrderView
	cursor int
	w, h   int
	keys   struct{ up, down, enter, back key.Binding }
}

func newOrders(c *common) *ordersScreen {
	s := &ordersScreen{c: c, query: field{limit: 60}}
	s.keys.up = bind(c, []string{"up"}, "↑", "key.up")
	s.keys.down = bind(c, []string{"down"}, "↓", "key.down")
	s.keys.enter = bind(c, []string{"enter"}, "enter", "key.open")
	s.keys.back = bind(c, []string{"esc"}, "esc", "key.back")
	return s
}

func (s *ordersScreen) Init() tea.Cmd    { return s.search() }
func (s *ordersScreen) Title() string    { return s.c.T("orders.title") }
func (s *ordersScreen) Typing() bool     { return true }
func (s *ordersScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *ordersScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.up, s.keys.down, s.keys.enter, s.keys.back}
}
func (s *ordersScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *ordersScreen) search() tea.Cmd {
	svc, q := s.c.svc, strings.TrimSpace(s.query.Value())
	if q == "" {
		q = s.c.svc.ID() // every order of this register, newest first
	}
	return func() tea.Msg { return ordersMsg{q, svc.FindOrders(q, 50)} }
}

func (s *ordersScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ordersMsg:
		q := strings.TrimSpace(s.query.Value())
		if q == "" {
			q = s.c.svc.ID()
		}
		if msg.q != q {
			return nil // an answer to an older query
		}
		s.found = msg.orders
		s.cursor = max(0, min(s.cursor, len(s.found)-1))
	case deskMsg, versionMsg:
		return s.search()
	case tea.PasteMsg:
		s.query.insert(msg.Content)
		return s.search()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.back):
			return s.c.back()
		case key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, s.keys.down):
			s.cursor = max(0, min(len(s.found)-1, s.cursor+1))
		case key.Matches(msg, s.keys.enter):
			if len(s.found) > 0 {
				return s.c.push(newOrder(s.c, s.found[s.cursor]))
			}
		default:
			if s.query.key(msg) {
				s.cursor = 0
				return s.search()
			}
		}
	}
	return nil
}

func (s *ordersScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString(" " + c.T("orders.search") + s.query.view(c.st, true, 40) + "\n\n")
	if len(s.found) == 0 {
		b.WriteString("  " + c.st.dim.Render(c.T("orders.none")) + "\n")
	}
	room := max(s.h-3, 1)
	first := max(0, s.cursor-room+1)
	for i := first; i < len(s.found) && i < first+room; i++ {
		o := s.found[i]
		who := ""
		if o.Customer != nil {
			who = o.Customer.Name
		}
		line := " " + stateGlyph(o.Order.State) + " " + fit(o.Order.Number, 11) + " " +
			fit(stateWord(c, o.Order.State), 12) + " " + fit(c.money(o.Order.Total), 12) + " " +
			fit(itoa(len(o.Order.Tickets))+"×", 4) + who
		if i == s.cursor {
			line = c.st.sel.Render(">" + fit(line[1:], s.w-1))
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	return b.String()
}

// --- one order ---

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
	keys    struct{ up, down, pick, validate, cancel, reprint, exchange, enter, back key.Binding }
}

const (
	orderBrowse = iota
	orderReason
	orderConfirm
)

type orderMsg1 struct {
	ov OrderView
	ok bool
}

func newOrder(c *common, ov OrderView) *orderScreen {
	s := &orderScreen{c: c, ov: ov, picked: map[string]bool{}, reason: field{limit: 120}}
	s.keys.up = bind(c, []string{"up", "k"}, "↑/k", "key.up")
	s.keys.down = bind(c, []string{"down", "j"}, "↓/j", "key.down")
	s.keys.pick = bind(c, []string{"space"}, "space", "key.pick")
	s.keys.validate = bind(c, []string{"v"}, "v", "key.validate")
	s.keys.cancel = bind(c, []string{"a"}, "a", "key.cancelorder")
	s.keys.reprint = bind(c, []string{"r"}, "r", "key.reprint")
	s.keys.exchange = bind(c, []string{"x"}, "x", "key.exchange")
	s.keys.enter = bind(c, []string{"enter"}, "enter", "key.confirm")
	s.keys.back = bind(c, []string{"esc"}, "esc", "key.back")
	return s
}

func (s *orderScreen) Init() tea.Cmd { return s.reload() }
func (s *orderScreen) reload() tea.Cmd {
	svc, n := s.c.svc, s.ov.Order.Number
	return func() tea.Msg { ov, ok := svc.Order(n); return orderMsg1{ov, ok} }
}
func (s *orderScreen) Title() string    { return s.c.T("order.title", s.ov.Order.Number) }
func (s *orderScreen) Typing() bool     { return s.mode == orderReason }
func (s *orderScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *orderScreen) ShortHelp() []key.Binding {
	if s.mode != orderBrowse {
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	return []key.Binding{s.keys.validate, s.keys.cancel, s.keys.reprint, s.keys.pick, s.keys.exchange}
}
func (s *orderScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.up, s.keys.down, s.keys.pick}, {s.keys.validate, s.keys.cancel, s.keys.reprint, s.keys.exchange}, {s.keys.enter, s.keys.back}}
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
			return c.deskDo(c.T("order.validated", n), func(t Till) error { return t.ValidatePayment(n) })
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
			tk := s.ov.Tickets[s.cursor].Number
			s.working = true
			return c.deskDo(c.T("order.reprinted", tk), func(t Till) error { return t.Reprint(tk) })
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
		line := "  " + fit(name, 22) + c.money(p.Amount)
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
			name = o.Lines[l].Name
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
	case orderReason:
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

// --- exchange by order number or e-mail ---

type exchangeScreen struct {
	c       *common
	ref     field
	tickets field
	focus   int
	working bool
	err     string
	keys    struct{ next, enter, back key.Binding }
}

func newExchange(c *common) *exchangeScreen {
	s := &exchangeScreen{c: c, ref: field{limit: 100}, tickets: field{limit: 400}}
	s.keys.next = bind(c, []string{"tab", "down", "up"}, "tab", "key.field")
	s.keys.enter = bind(c, []string{"enter"}, "enter", "key.confirm")
	s.keys.back = bind(c, []string{"esc"}, "esc", "key.back")
	return s
}

func (s *exchangeScreen) Init() tea.Cmd    { return nil }
func (s *exchangeScreen) Title() string    { return s.c.T("exchange.title") }
func (s *exchangeScreen) Typing() bool     { return true }
func (s *exchangeScreen) SetSize(w, h int) {}
func (s *exchangeScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.next, s.keys.enter, s.keys.back}
}
func (s *exchangeScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *exchangeScreen) active() *field {
	if s.focus == 0 {
		return &s.ref
	}
	return &s.tickets
}

func (s *exchangeScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case exchangeMsg:
		s.working = false
		if msg.err == nil {
			return c.home()
		}
		s.err = s.c.Err(msg.err)
	case tea.PasteMsg:
		s.active().insert(msg.Content)
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.back):
			return c.back()
		case key.Matches(msg, s.keys.next):
			s.focus = 1 - s.focus
		case key.Matches(msg, s.keys.enter):
			if s.focus == 0 {
				s.focus = 1
				return nil
			}
			tickets := strings.FieldsFunc(s.tickets.Value(), func(r rune) bool { return r == ' ' || r == ',' || r == ';' })
			ref := strings.TrimSpace(s.ref.Value())
			// a bare ticket suffix ("02") is read in the order typed above
			for i, t := range tickets {
				if !strings.Contains(t, "-") && !strings.Contains(ref, "@") {
					tickets[i] = ref + "-" + t
				}
			}
			s.working, s.err = true, ""
			return exchangeCmd(c, ref, tickets)
		default:
			s.err = ""
			s.active().key(msg)
		}
	}
	return nil
}

func (s *exchangeScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString("\n  " + c.st.title.Render(c.T("exchange.intro")) + "\n\n")
	b.WriteString("  " + fit(c.T("exchange.ref"), 30) + s.ref.view(c.st, s.focus == 0, 40) + "\n")
	b.WriteString("  " + fit(c.T("exchange.tickets"), 30) + s.tickets.view(c.st, s.focus == 1, 45) + "\n")
	b.WriteString("\n  " + c.st.dim.Render(c.T("exchange.help")) + "\n")
	b.WriteString(deskOutcome(c, s.working, s.err))
	return b.String()
}

// --- cash in / out ---

type cashScreen struct {
	c       *common
	out     bool
	amount  field
	reason  field
	focus   int
	working bool
	err     string
	keys    struct{ dir, next, enter, back key.Binding }
}

func newCash(c *common) *cashScreen {
	s := &cashScreen{c: c, amount: field{limit: 12}, reason: field{limit: 120}}
	s.keys.dir = bind(c, []string{"ctrl+o"}, "ctrl+o", "key.inout")
	s.keys.next = bind(c, []string{"tab", "down", "up"}, "tab", "key.field")
	s.keys.enter = bind(c, []string{"enter"}, "enter", "key.confirm")
	s.keys.back = bind(c, []string{"esc"}, "esc", "key.back")
	return s
}

func (s *cashScreen) Init() tea.Cmd    { return nil }
func (s *cashScreen) Title() string    { return s.c.T("cash.title") }
func (s *cashScreen) Typing() bool     { return true }
func (s *cashScreen) SetSize(w, h int) {}
func (s *cashScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.dir, s.keys.next, s.keys.enter, s.keys.back}
}
func (s *cashScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *cashScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case deskMsg:
		s.working = false
		if msg.err != nil {
			s.err = s.c.Err(msg.err)
			return nil
		}
		c.back()
		return flash(msg.ok, false)
	case tea.PasteMsg:
		if s.focus == 0 {
			s.amount.insert(msg.Content)
		} else {
			s.reason.insert(msg.Content)
		}
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.back):
			return c.back()
		case key.Matches(msg, s.keys.dir):
			s.out = !s.out
		case key.Matches(msg, s.keys.next):
			s.focus = 1 - s.focus
		case key.Matches(msg, s.keys.enter):
			if s.focus == 0 {
				s.focus = 1
				return nil
			}
			m, err := parseAmount(c, s.amount.Value(), false)
			if err != nil || m.IsZero() {
				s.err, s.focus = c.T("pay.bad"), 0
				return nil
			}
			why := strings.TrimSpace(s.reason.Value())
			if why == "" {
				s.err = c.T("cash.needreason")
				return nil
			}
			ok := c.T("cash.in.done", c.money(m))
			if s.out {
				m, ok = m.Neg(), c.T("cash.out.done", c.money(m))
			}
			s.working, s.err = true, ""
			return c.deskDo(ok, func(t Till) error { return t.CashMove(m, why) })
		default:
			s.err = ""
			if s.focus == 0 {
				if msg.Text == "-" {
					s.out = true
					return nil
				}
				if msg.Text == "+" {
					s.out = false
					return nil
				}
				s.amount.key(msg)
			} else {
				s.reason.key(msg)
			}
		}
	}
	return nil
}

func (s *cashScreen) View() string {
	c := s.c
	in, out := "( ) ", "( ) "
	if s.out {
		out = "(•) "
	} else {
		in = "(•) "
	}
	var b strings.Builder
	b.WriteString("\n  " + in + c.T("cash.in") + "    " + out + c.T("cash.out") + "\n\n")
	b.WriteString("  " + fit(c.T("cash.amount"), 12) + string(c.cat.Currency()) + " " + s.amount.view(c.st, s.focus == 0, 20) + "\n")
	b.WriteString("  " + fit(c.T("cash.reason"), 12) + s.reason.view(c.st, s.focus == 1, 60) + "\n")
	b.WriteString(deskOutcome(c, s.working, s.err))
	return b.String()
}

// --- X report and Z closure ---

type reportMsg struct {
	rep Report
	err error
}

// closedMsg is the Z closure done: the till locks after it is shown.
type closedMsg struct {
	rep Report
	err error
}

// lockMsg asks the root to close the till and show the unlock screen.
type lockMsg struct{}

type reportScreen struct {
	c       *common
	rep     Report
	loaded  bool
	closing bool // typing the cash counted
	confirm bool // counted typed: Enter closes
	closed  bool // Z done: any key locks
	counted field
	working bool
	err     string
	w, h    int
	keys    struct{ z, enter, back key.Binding }
}

func newReport(c *common) *reportScreen {
	s := &reportScreen{c: c, counted: field{limit: 12}}
	s.keys.z = bind(c, []string{"z"}, "z", "key.zclose")
	s.keys.enter = bind(c, []string{"enter"}, "enter", "key.confirm")
	s.keys.back = bind(c, []string{"esc"}, "esc", "key.back")
	return s
}

func (s *reportScreen) Init() tea.Cmd {
	t := s.c.till
	return func() tea.Msg { r, err := t.XReport(); return reportMsg{r, err} }
}
func (s *reportScreen) Title() string {
	if s.closed {
		return s.c.T("report.ztitle")
	}
	return s.c.T("report.title")
}
func (s *reportScreen) Typing() bool     { return s.closing && !s.confirm }
func (s *reportScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *reportScreen) ShortHelp() []key.Binding {
	switch {
	case s.closed:
		return []key.Binding{s.keys.enter}
	case s.closing:
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	return []key.Binding{s.keys.z, s.keys.back}
}
func (s *reportScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *reportScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case reportMsg:
		if msg.err != nil {
			s.err = s.c.Err(msg.err)
			return nil
		}
		s.rep, s.loaded = msg.rep, true
	case closedMsg:
		s.working = false
		if msg.err != nil {
			s.err, s.confirm = s.c.Err(msg.err), false
			return nil
		}
		s.rep, s.closed, s.closing, s.confirm = msg.rep, true, false, false
	case versionMsg:
		if !s.closing && !s.closed {
			return s.Init()
		}
	case tea.PasteMsg:
		if s.Typing() {
			s.counted.insert(msg.Content)
		}
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		if s.closed {
			if key.Matches(msg, s.keys.enter) || key.Matches(msg, s.keys.back) {
				return func() tea.Msg { return lockMsg{} }
			}
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.back):
			if s.confirm {
				s.confirm = false
				return nil
			}
			if s.closing {
				s.closing, s.err = false, ""
				return nil
			}
			return c.back()
		case !s.closing && key.Matches(msg, s.keys.z):
			if s.loaded {
				s.closing, s.err = true, ""
				s.counted.Reset()
				t := c.till // the cash is counted out of the drawer
				return func() tea.Msg { _ = t.OpenDrawer(); return nil }
			}
		case s.closing && key.Matches(msg, s.keys.enter):
			m, err := parseAmount(c, s.counted.Value(), false)
			if err != nil {
				s.err = c.T("report.typecount")
				return nil
			}
			if !s.confirm {
				s.confirm, s.err = true, ""
				return nil
			}
			s.working = true
			t := c.till
			return func() tea.Msg { r, err := t.CloseShift(m); return closedMsg{r, err} }
		case s.closing && !s.confirm:
			s.err = ""
			s.counted.key(msg)
		}
	}
	return nil
}

func (s *reportScreen) View() string {
	c := s.c
	r := s.rep
	var b strings.Builder
	if !s.loaded {
		return deskOutcome(c, false, s.err)
	}
	pair := func(label string, m pos.Money) string {
		return "  " + fit(label, 28) + fit(c.money(m), 14)
	}
	title := c.T("report.x", r.Shift)
	if r.Z {
		title = c.T("report.z", r.Shift)
	}
	loc := c.cat.Location()
	b.WriteString(c.st.title.Render(clip(title+" · "+pos.FormatDateTime(r.Opened.In(loc), c.lang)+" → "+pos.FormatDateTime(r.At.In(loc), c.lang), s.w)) + "\n")
	b.WriteString("  " + c.T("report.counts", r.Orders, r.Tickets, r.Canceled) + "\n")
	left := []string{
		pair(c.T("report.float"), r.Float),
		pair(c.T("report.cashsales"), r.CashSales),
		pair(c.T("report.cashrefunds"), r.CashRefunds.Neg()),
		pair(c.T("report.cashin"), r.CashIn),
		pair(c.T("report.cashout"), r.CashOut.Neg()),
		c.st.bold.Render(pair(c.T("report.expected"), r.Expected)),
	}
	var right []string
	right = append(right, c.T("report.bymethod"))
	for _, m := range r.ByMethod {
		name := m.Method
		if pm, ok := c.cat.PaymentMethodByID(m.Method); ok {
			name = pm.Name.In(c.lang)
		}
		right = append(right, "  "+fit(name, 18)+fit(itoa(m.Count)+"×", 5)+c.money(m.Amount))
	}
	if s.w >= 100 {
		for i := 0; i < max(len(left), len(right)); i++ {
			l, rr := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				rr = right[i]
			}
			b.WriteString(fit(l, 44) + rr + "\n")
		}
	} else {
		b.WriteString(strings.Join(left, "\n") + "\n")
		b.WriteString(strings.Join(right, "\n") + "\n")
	}
	switch {
	case s.closed:
		b.WriteString(pair(c.T("report.counted"), r.Counted) + "\n")
		b.WriteString(c.st.bold.Render(pair(c.T("report.difference"), r.Difference)+" "+diffWord(c, r.Difference)) + "\n")
		b.WriteString("\n  " + c.st.ok.Render(c.T("report.closed")) + "\n")
	case s.closing:
		b.WriteString("\n  " + fit(c.T("report.count"), 28) + string(c.cat.Currency()) + " " + s.counted.view(c.st, !s.confirm, 14) + "\n")
		if m, err := parseAmount(c, s.counted.Value(), false); err == nil {
			d := m.Minus(r.Expected)
			b.WriteString(c.st.bold.Render(pair(c.T("report.difference"), d)+" "+diffWord(c, d)) + "\n")
		}
		if s.confirm {
			b.WriteString("  " + c.st.bold.Render(c.T("report.confirm")) + "\n")
		}
	}
	b.WriteString(deskOutcome(c, s.working, s.err))
	return b.String()
}

// diffWord says whether the drawer is short or over, with a glyph.
func diffWord(c *common, d pos.Money) string {
	switch {
	case d.IsZero():
		return "= " + c.T("report.even")
	case d.IsNegative():
		return "▼ " + c.T("report.short")
	}
	return "▲ " + c.T("report.over")
}
