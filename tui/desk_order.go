package tui

import (
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/pos"
)

// The desk: one order, and what may be done to it (validate an invoice
// payment, cancel, reprint a ticket, exchange tickets).

type orderScreen struct {
	c      *common
	ov     OrderView
	cursor int
	picked map[string]bool // tickets chosen for an exchange
	reason field
	mode   int    // orderBrowse, orderReason, orderConfirm, orderHow
	how    int    // orderHow: the way chosen (validateWays)
	howRef field  // orderHow: the transfer's or terminal's reference, or the cash received
	refund int    // orderConfirm: the refund method chosen (0: as paid)
	credit string // the order's credit voucher, said: "Credit left: CHF 45.00 — voucher K01-A0001"
	// givenBack is what ov's cancellations gave back (givenBackTotal),
	// summed when ov is read, not at each frame
	givenBack pos.Money
	// creditNo is the order's credit voucher's number ("" when it has
	// none): where an exchange credit that paid goes back
	creditNo string
	// giveBack is what the register says the cancellation gives back
	// (Till.Refunds, cash as the drawer gives it), once it answered the
	// question numbered asked; "" until then
	giveBack string
	// givesTo names each of those refunds, by method, voucher or card
	// ("Credit card CHF 30.00 · Cash CHF 15.00"): whether cash comes out of
	// the drawer or a card is refunded on the terminal
	givesTo string
	// refundRefused is the register's refusal of the cancellation as chosen
	// (the card chosen paid CHF 30.00 of CHF 65.00): asked in its place,
	// it offered Enter, which only repeated it
	refundRefused string
	asked         int
	working       bool
	err           string
	w, h          int
	keys          struct{ up, down, pick, validate, cancel, reprint, receipt, exchange, email, customer, enter, back, way key.Binding }
	addr          field // orderEmail: the address the tickets go to
	mail          []counter.OutboxMessage
	// blocks are the tickets' lines as layoutTickets laid them out for
	// the width layoutW (nil: to lay out again, the order reloaded)
	blocks  [][]string
	layoutW int
}

const (
	orderBrowse = iota
	orderReason
	orderConfirm
	orderEmail // the order has no customer address: one is typed
	orderHow   // how an invoice was paid, before it is validated
)

type orderMsg1 struct {
	ov OrderView
	ok bool
	// credit is the credit voucher the order left (an exchange's
	// remainder, a cancellation's credit given back), when it has one
	credit    counter.VoucherView
	hasCredit bool
	mail      []counter.OutboxMessage // its e-mails and what became of them
}

// refundsMsg answers an order screen's question asked: what a
// cancellation would give back.
type refundsMsg struct {
	asked   int
	refunds []pos.Payment
	err     error
}

func newOrder(c *common, ov OrderView) *orderScreen {
	s := &orderScreen{c: c, ov: ov, picked: map[string]bool{}, reason: field{limit: 120},
		givenBack: givenBackTotal(ov.Refunds, ov.Order.Total.Currency)}
	s.keys.up = c.key(keyUp)
	s.keys.down = c.key(keyDown)
	s.keys.pick = c.key(keyPickTicket)
	s.keys.validate = c.key(keyValidate)
	s.keys.cancel = c.key(keyCancelorder)
	s.keys.reprint = c.key(keyReprint)
	s.keys.receipt = c.key(keyOrderReceipt)
	s.keys.exchange = c.key(keyExchange)
	s.keys.email = c.key(keyEmailTickets)
	s.keys.customer = c.key(keyOrderCustomer)
	s.addr.limit = 120
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
	s.keys.way = c.key(keyWay)
	s.howRef = field{limit: 40}
	return s
}

func (s *orderScreen) Init() tea.Cmd { return s.reload() }
func (s *orderScreen) reload() tea.Cmd {
	till, svc, n, lang := s.c.till, s.c.svc, s.ov.Order.Number, s.c.lang
	return func() tea.Msg {
		ov, ok, err := till.Order(n) // as the seller's profile sees it
		if err != nil {
			return queryFailed(lang, err)
		}
		msg := orderMsg1{ov: ov, ok: ok}
		if ok {
			if msg.credit, msg.hasCredit, err = svc.CreditVoucherOf(n); err != nil {
				return queryFailed(lang, err)
			}
			if msg.mail, err = svc.OutboxOf(n); err != nil {
				return queryFailed(lang, err)
			}
		}
		return msg
	}
}
func (s *orderScreen) Title() string { return s.c.T("order.title", s.ov.Order.Number) }
func (s *orderScreen) Typing() bool {
	return s.mode == orderReason || s.mode == orderEmail || s.mode == orderHow
}
func (s *orderScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *orderScreen) ShortHelp() []key.Binding {
	if s.mode == orderConfirm && s.refundRefused != "" {
		if len(s.refundWays()) == 0 {
			return []key.Binding{s.keys.back}
		}
		return []key.Binding{s.keys.way, s.keys.back} // another method, not Enter
	}
	if s.mode == orderConfirm && len(s.refundWays()) == 0 {
		return []key.Binding{s.keys.enter, s.keys.back} // nothing paid: no way to choose
	}
	if s.mode == orderHow || s.mode == orderConfirm {
		return []key.Binding{s.keys.way, s.keys.enter, s.keys.back}
	}
	if s.mode != orderBrowse {
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	// only an invoice waits for its payment: the line names v on a pending
	// order alone (the key still says why on another; ? help lists it)
	validate := s.keys.validate
	validate.SetEnabled(s.ov.Order.State == pos.OrderPending)
	// p after x: at 80 columns the line keeps x and says "…" for p (? lists it)
	return s.c.allowed([]key.Binding{validate, s.keys.cancel, s.keys.reprint, s.keys.pick, s.keys.exchange, s.receiptKey(), s.keys.email},
		map[int]pos.Action{0: pos.ActValidate, 1: pos.ActCancel, 2: pos.ActReprint, 3: pos.ActExchange, 4: pos.ActExchange})
}

// receiptKey is p, offered while this seller may print the order's
// receipt: its first needs only the right to see the order, a copy the
// reprint right (the register checks it; the help does not offer it).
func (s *orderScreen) receiptKey() key.Binding {
	k := s.keys.receipt
	k.SetEnabled(s.ov.Receipts == 0 || s.c.seller.May(pos.ActReprint))
	return k
}

// FullHelp lists, as the short line, only what this seller may do to this
// order: validate on a pending order, the rest as the profile allows.
func (s *orderScreen) FullHelp() [][]key.Binding {
	if s.mode != orderBrowse {
		return [][]key.Binding{s.ShortHelp()}
	}
	validate := s.keys.validate
	validate.SetEnabled(s.ov.Order.State == pos.OrderPending)
	move := s.c.allowed([]key.Binding{s.keys.up, s.keys.down, s.keys.pick}, map[int]pos.Action{2: pos.ActExchange})
	acts := s.c.allowed([]key.Binding{validate, s.keys.cancel, s.keys.reprint, s.receiptKey(), s.keys.exchange, s.keys.email, s.keys.customer},
		map[int]pos.Action{0: pos.ActValidate, 1: pos.ActCancel, 2: pos.ActReprint, 4: pos.ActExchange})
	return [][]key.Binding{move, acts, {s.keys.back}} // Enter does nothing here: its keys are letters
}

func (s *orderScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case orderMsg1:
		if msg.ok {
			s.ov, s.credit, s.creditNo, s.mail = msg.ov, "", "", msg.mail
			s.givenBack = givenBackTotal(s.ov.Refunds, s.ov.Order.Total.Currency)
			s.blocks = nil // its tickets' states, prints, admissions may have changed
			if msg.hasCredit {
				s.credit = c.T("done.voucher", c.money(msg.credit.Balance), msg.credit.Number)
				s.creditNo = msg.credit.Number
			}
			s.cursor = max(0, min(s.cursor, len(s.ov.Tickets)-1))
			for _, t := range s.ov.Tickets {
				if t.State != counter.TicketValid {
					delete(s.picked, t.Number) // canceled or exchanged: its tick is used
				}
			}
		}
	case refundsMsg:
		if msg.asked != s.asked || s.mode != orderConfirm {
			return nil // an older question's answer
		}
		if msg.err != nil {
			s.refundRefused, s.err = c.Err(msg.err), ""
			return nil
		}
		sum := pos.Zero(s.ov.Order.Total.Currency)
		var to []string
		for _, r := range msg.refunds {
			sum = sum.Plus(r.Amount).Plus(r.Rounding) // cash as the drawer gives it back
			where := methodName(c, r.Method)
			if r.Voucher != "" && r.Voucher != pos.ExchangeVoucher {
				where += " " + r.Voucher
			}
			where += " " + c.money(r.Amount.Plus(r.Rounding))
			if r.Voucher == pos.ExchangeVoucher {
				// it goes back to the order's credit voucher, made now if
				// it has none: said, the customer takes a voucher away
				if s.creditNo != "" {
					where += " → " + c.T("order.tocredit", s.creditNo)
				} else {
					where += " → " + c.T("order.tonewcredit")
				}
			}
			if r.Card != nil && r.Card.Terminal != "" {
				where += " (" + c.T("pay.ref", r.Card.Terminal) + ")" // the payment to refund on the terminal
			}
			to = append(to, where)
		}
		s.giveBack, s.givesTo, s.err = c.money(sum), strings.Join(to, " · "), ""
	case deskMsg:
		s.working = false
		if s.c.shiftClosed(msg.err, nil) {
			// her shift closed at another till: a new shift's float,
			// then the same question again
			s.err = ""
			return s.reload()
		}
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
		if s.mode == orderHow {
			s.howRef.insert(msg.Content)
		}
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		switch s.mode {
		case orderReason:
			switch {
			case key.Matches(msg, s.keys.back):
				s.mode, s.err = orderBrowse, "" // its refusal went with it
			case key.Matches(msg, s.keys.enter):
				if strings.TrimSpace(s.reason.Value()) == "" {
					s.err = c.T("order.needreason")
					return nil
				}
				s.mode, s.err = orderConfirm, ""
				return s.askRefunds()
			default:
				s.reason.key(msg)
			}
			return nil
		case orderEmail:
			switch {
			case key.Matches(msg, s.keys.back):
				s.mode, s.err = orderBrowse, "" // its refusal went with it
			case key.Matches(msg, s.keys.enter):
				s.working = true
				return emailCmd(c, s.ov.Order.Number, strings.TrimSpace(s.addr.Value()))
			default:
				s.addr.key(msg)
			}
			return nil
		case orderConfirm:
			ways := s.refundWays()
			switch {
			case key.Matches(msg, s.keys.back):
				s.mode, s.err, s.refundRefused = orderBrowse, "", "" // its refusal went with it
			case key.Matches(msg, s.keys.way):
				s.refund = (s.refund + step(msg) + len(ways) + 1) % (len(ways) + 1)
				return s.askRefunds()
			case key.Matches(msg, s.keys.enter) && s.refundRefused == "": // refused: Enter would only repeat it
				s.working = true
				n, why := s.ov.Order.Number, strings.TrimSpace(s.reason.Value())
				opt := s.cancelOptions()
				done := c.T("order.canceled", n)
				if len(opt.Tickets) > 0 {
					done = c.T("order.partcanceled", len(opt.Tickets), n)
				}
				slip := c.T("order.slipwaits")
				t := c.till
				return c.inOrder(func() tea.Msg {
					err := t.CancelPart(n, why, opt)
					if err != nil {
						return deskMsg{err: err}
					}
					said := done + terminalRefunds(c, t.LastCancellation().Refunds)
					if t.RefundSlipWaits() {
						// the till asks before printing: the cashier is
						// told how the customer gets the slip
						said += " " + slip
					}
					return deskMsg{ok: said}
				})
			}
			return nil
		case orderHow:
			ways := s.validateWays()
			switch {
			case key.Matches(msg, s.keys.back):
				s.mode, s.err = orderBrowse, "" // its refusal went with it
			case key.Matches(msg, s.keys.way):
				s.how = (s.how + step(msg) + len(ways)) % len(ways)
				s.howRef.Reset()
			case key.Matches(msg, s.keys.enter):
				how, err := s.tender(ways[s.how])
				if err != nil {
					s.err = err.Error()
					return nil
				}
				s.working = true
				n := s.ov.Order.Number
				done := c.T("order.validated", n)
				if _, change, ok := s.cashChange(ways[s.how]); ok && !change.IsZero() {
					done = c.T("order.validatedchange", n, c.money(change))
				}
				return c.deskDo(done, func(t Till) error { return t.ValidatePayment(n, how) })
			default:
				s.err = ""
				s.howRef.key(msg)
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
				tk := s.ov.Tickets[s.cursor]
				if tk.State != counter.TicketValid {
					s.err = c.T("order.nopick", ticketStateWord(c, tk.State))
					return nil
				}
				s.picked[tk.Number] = !s.picked[tk.Number]
				s.cursor = min(len(s.ov.Tickets)-1, s.cursor+1)
			}
		case key.Matches(msg, s.keys.validate):
			if s.refused(pos.ActValidate) {
				return nil
			}
			if s.ov.Order.State != pos.OrderPending {
				s.err = c.T("order.notpending", stateWord(c, s.ov.Order.State))
				return nil
			}
			s.mode, s.how = orderHow, 0
			s.howRef.Reset()
		case key.Matches(msg, s.keys.cancel):
			if s.refused(pos.ActCancel) {
				return nil
			}
			if s.ov.Order.State == pos.OrderCanceled {
				s.err = c.T("order.already")
				return nil
			}
			if why := s.cannotCancelWhole(); why != "" {
				s.err = why // said before a reason is typed for nothing
				return nil
			}
			s.mode, s.refund = orderReason, 0
		case key.Matches(msg, s.keys.reprint):
			if s.refused(pos.ActReprint) || len(s.ov.Tickets) == 0 {
				return nil
			}
			tk, st := s.ov.Tickets[s.cursor].Number, s.ov.Tickets[s.cursor].State
			if st == counter.TicketCanceled {
				// a ticket given back: what prints again is the refund
				// slip that named it
				s.working = true
				return c.deskDo(c.T("order.refundslip", tk), func(t Till) error { return t.PrintRefundSlipOf(tk) })
			}
			if st != counter.TicketValid {
				s.err = c.T("order.noreprint", ticketStateWord(c, st))
				return nil
			}
			s.working = true
			return c.deskDo(c.T("order.reprinted", tk), func(t Till) error { return t.Reprint(tk) })
		case key.Matches(msg, s.keys.receipt):
			// a customer back for the receipt of a sale done earlier (the
			// done screen's r was gone with the next sale)
			s.working = true
			return c.deskDo(c.T("done.receiptsent", n), func(t Till) error { return t.PrintReceipt(n) })
		case key.Matches(msg, s.keys.customer):
			// set or change the order's customer, after the sale too
			return c.push(newOrderCustomer(c, n))
		case key.Matches(msg, s.keys.email):
			s.working = true
			return emailCmd(c, n, "")
		case key.Matches(msg, s.keys.exchange):
			if s.refused(pos.ActExchange) {
				return nil
			}
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

// cannotCancelWhole says why a cancellation with no ticket ticked cannot
// be made because a ticket of the order was exchanged (the register
// refuses it: its value went to another order), and what to do instead:
// tick the tickets still valid, or nothing is left here to cancel ("":
// nothing stops it).
func (s *orderScreen) cannotCancelWhole() string {
	if len(s.pickedTickets()) > 0 {
		return ""
	}
	exchanged, valid := "", 0
	for _, tk := range s.ov.Tickets {
		switch tk.State {
		case counter.TicketValid:
			valid++
		case counter.TicketExchanged:
			if exchanged == "" {
				exchanged = tk.Number
			}
		}
	}
	switch {
	case exchanged == "":
		return ""
	case valid == 0:
		return s.c.T("order.nonevalid", exchanged)
	}
	return s.c.T("order.tickvalid", exchanged)
}

// refused says on the screen that the seller's profile does not allow an
// action, before a reason is typed or a ticket picked (the register
// refuses it anyway).
func (s *orderScreen) refused(a pos.Action) bool {
	if err := s.c.seller.Check(a); err != nil {
		s.err = s.c.Err(err)
		return true
	}
	return false
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
	if back := s.givenBack; !back.IsZero() {
		// "paid · CHF 60.00" alone read as paid whole after a part was
		// given back: the lines below say how
		head += " · " + c.T("order.refundedtotal", c.money(back))
	}
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
	for _, l := range o.Lines {
		// products have no ticket below: their lines say what was bought
		if l.Kind != pos.LineProduct {
			continue
		}
		name, _ := c.cat.Named(l, c.lang)
		b.WriteString(clip("  "+label(itoa(l.Quantity)+"× "+name, 28)+c.money(l.Charged), s.w) + "\n")
	}
	for _, f := range o.Fees {
		// the methods' fees (an invoice's): with the tickets and the
		// products, what the payments below come to, as the cart said;
		// the method named in this screen's language, as the payments are
		// (f.Name is the one it was priced in, at another till perhaps)
		b.WriteString(clip("  "+label(c.T("cart.fees")+" "+counter.MethodName(c.cat, f.Method, c.lang), 28)+c.money(f.Amount), s.w) + "\n")
	}
	rounding := pos.Zero(o.Total.Currency)
	for _, p := range o.Payments {
		name := p.Method
		if m, ok := c.cat.PaymentMethodByID(p.Method); ok {
			name = m.Name.In(c.lang)
		}
		// cash as the drawer took it (CHF rounded to 0.05), as the
		// receipt prints it; the rounding on its own line below
		amount := p.Amount
		if p.Kind == pos.KindCash && !p.Rounding.IsZero() {
			amount, rounding = p.Cash(), rounding.Plus(p.Rounding)
		}
		line := "  " + label(name, 28) + c.money(amount)
		if p.Voucher != "" && p.Voucher != pos.ExchangeVoucher {
			line += "  " + p.Voucher // as its refund names it
		}
		// a transfer's or a terminal's reference: how the payment is
		// found again, as the payment screen says it
		ref := p.Reference
		if ref == "" && p.Card != nil {
			ref = p.Card.Terminal
		}
		if ref != "" {
			line += "  " + c.T("pay.ref", ref)
		}
		switch {
		case p.Pending && o.State == pos.OrderPending:
			line += "  (" + c.T("state.pending") + ")"
		case p.Pending:
			// a canceled or lapsed order's invoice is no longer to pay
			line += "  (" + c.T("order.invoicenotdue", stateWord(c, o.State)) + ")"
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	if !rounding.IsZero() {
		b.WriteString("  " + label(c.T("pay.rounding"), 28) + c.money(rounding) + "\n")
	}
	for _, r := range s.ov.Refunds {
		// what cancellations gave back, by method (and voucher): cash as
		// the drawer gave it
		back := r.Amount
		if r.Kind == pos.KindCash {
			back = r.Cash()
		}
		line := "  " + label(c.T("order.refunded", methodName(c, r.Method)), 28) + "−" + c.money(back)
		if r.Voucher != "" && r.Voucher != pos.ExchangeVoucher {
			line += "  " + r.Voucher
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	if s.credit != "" {
		b.WriteString("  " + c.st.bold.Render(clip(s.credit, s.w-2)) + "\n")
	}
	if s.ov.ExchangedInto != "" {
		// where a ticket marked ⇄ went: the order it paid (or the credit
		// voucher it became), which a refusal to cancel it sends her to
		b.WriteString("  " + clip(c.T("order.exchangedinto", s.ov.ExchangedInto), s.w-2) + "\n")
	}
	for _, m := range s.mail {
		// what became of each e-mail: a refusal is not retried, so the
		// cashier must learn of it here
		var line string
		// named by what it carries: its outbox id ("K01-000005/invoice")
		// is the register's, not staff's
		what := c.T("order.mail.other", m.ID)
		if slices.Contains(pos.EmailKinds, m.Kind) {
			what = c.T("order.mail." + m.Kind)
		}
		switch m.State {
		case counter.EmailSent:
			line = c.T("order.mailsent", what, m.To, pos.FormatDateTime(m.Sent.In(c.cat.Location()), c.lang))
		case counter.EmailRefused:
			line = c.T("order.mailrefused", what, m.To, pos.Say(errors.New(m.LastError), c.lang))
			if (m.Kind == pos.EmailInvoice || m.Kind == pos.EmailReminder) && counter.InvoiceNoLongerDue(o, c.now()) {
				// the register withdrew it (paid, canceled): "refused: the
				// invoice was paid" read as a mail server turning it down
				line = c.T("order.mailnotdue", what, m.To, pos.Say(errors.New(m.LastError), c.lang))
			}
		default:
			line = c.T("order.mailwaiting", what, m.To)
			if m.Attempts > 0 {
				line = c.T("order.mailretry", what, m.To, pos.Say(errors.New(m.LastError), c.lang))
			}
		}
		b.WriteString("  " + clip(line, s.w-2) + "\n")
	}
	b.WriteString("\n")
	// the tickets take the lines the question under them leaves, and
	// while none is asked the flash line's (a note of what was done
	// takes up to three lines over the screen's last ones)
	under := s.underTickets()
	used := strings.Count(b.String(), "\n") + strings.Count(under, "\n")
	if under != "" && !strings.HasSuffix(under, "\n") {
		used++
	}
	if s.mode == orderBrowse {
		used += flashLines - 1
	}
	for _, l := range s.ticketLines(max(s.h-used, 1)) {
		b.WriteString(l + "\n")
	}
	b.WriteString(under)
	return b.String()
}

// underTickets is what the order screen says under the tickets: the
// question of the mode it is in, and its refusal.
func (s *orderScreen) underTickets() string {
	c := s.c
	o := s.ov.Order
	var b strings.Builder
	var givesTo []string // under the cancel question
	if s.mode == orderConfirm && s.givesTo != "" {
		givesTo = wrapLines(c.T("order.givesto", s.givesTo), max(s.w-2, 20))
	}
	switch s.mode {
	case orderEmail:
		b.WriteString("\n " + c.T("done.emailto") + " " + s.addr.view(c.st, true, s.w-30) + "\n")
	case orderReason:
		if n := len(s.partTickets()); n > 0 {
			// only the ticked tickets are canceled: say so before
			b.WriteString("\n " + c.st.bold.Render(clip(c.T("order.partonly", n), s.w-2)) + "\n")
		}
		b.WriteString("\n " + c.T("order.why") + " " + s.reason.view(c.st, true, s.w-30) + "\n")
	case orderConfirm:
		refund := s.giveBack
		if refund == "" {
			refund = "…" // until the register answered
		}
		by := c.T("order.aspaid")
		if ways := s.refundWays(); s.refund > 0 && s.refund <= len(ways) {
			by = methodName(c, ways[s.refund-1])
		}
		q := c.T("order.confirmcancel", o.Number, refund)
		if n := len(s.partTickets()); n > 0 {
			q = c.T("order.confirmpart", n, o.Number, refund)
		}
		nothing := len(s.refundWays()) == 0
		if nothing {
			// an invoice not paid yet, an invitation: "and refund CHF
			// 0.00?" and a refund method to choose among none
			q = c.T("order.nopaid", o.Number)
			if n := len(s.partTickets()); n > 0 {
				q = c.T("order.nopaidpart", n, o.Number)
			}
		}
		if s.refundRefused != "" {
			// the register refused the refund as chosen: its reason (what
			// the method can still give back) where the question was
			b.WriteString("\n " + c.refusal("! "+s.refundRefused, s.w-1, "   ") + "\n")
		} else {
			b.WriteString("\n " + c.question(q, s.w-2, " ") + "\n") // wrapped: at 80 columns "Esc: no" went under "…"
		}
		if !nothing {
			b.WriteString(" " + fitWords(c.T("order.refundby", "← "+by+" →"), s.w-2) + "\n")
		}
		if s.refundRefused != "" {
			hint := c.T("order.refusedhow")
			if nothing {
				hint = c.T("order.refusedback")
			}
			b.WriteString(" " + c.st.dim.Render(fitWords(hint, s.w-2)) + "\n")
		}
		for _, l := range givesTo {
			b.WriteString(" " + l + "\n")
		}
	case orderHow:
		ways := s.validateWays()
		var names []string
		for i, w := range ways {
			name := methodName(c, w)
			if w == "" {
				name = c.T("order.transfer")
			}
			if i == s.how {
				name = "[" + name + "]"
			}
			names = append(names, name)
		}
		b.WriteString("\n " + fitWords(c.T("order.paidby", strings.Join(names, "  ")), s.w-2) + "\n")
		b.WriteString(" " + c.T(s.howLabel(ways[s.how])) + " " + s.howRef.view(c.st, true, 30) + "\n")
		if due, change, ok := s.cashChange(ways[s.how]); ok {
			// what the cash pays and hands back, as the register settles it
			line := " " + c.T("pay.total") + " " + c.money(due)
			if r := s.cashRounding(due); !r.IsZero() {
				// the invoice above says CHF 52.53: why the cash is 52.55
				line += " · " + c.T("pay.rounding") + " " + c.money(r)
			}
			if !change.IsZero() {
				line += " · " + c.st.bold.Render(c.T("pay.change")+" "+c.money(change))
			}
			b.WriteString(line + "\n")
		}
		b.WriteString(" " + c.st.dim.Render(fitWords(c.T("order.howhelp"), s.w-2)) + "\n")
	}
	if s.working {
		b.WriteString("\n " + c.st.dim.Render(c.T("pay.working")))
	}
	if s.err != "" {
		b.WriteString("\n " + c.refusal("! "+s.err, s.w-1, "   "))
	}
	return b.String()
}

// step is +1 for a key that moves right, -1 for one that moves left.
func step(k tea.KeyPressMsg) int {
	switch k.String() {
	case "left", "h":
		return -1
	}
	return 1
}

// givenBackTotal is what an order's cancellations gave back, cash as the
// drawer gave it (as its refund lines say).
func givenBackTotal(refunds []pos.Payment, cur pos.Currency) pos.Money {
	total := pos.Zero(cur)
	for _, r := range refunds {
		back := r.Amount
		if r.Kind == pos.KindCash {
			back = r.Cash()
		}
		total = total.Plus(back)
	}
	return total
}

// terminalRefunds says what the cashier gives back on the payment
// terminal: a card's (TWINT's...) payment taken on a terminal beside the
// till is recorded given back, but the money goes back only when the
// cashier makes the refund on that terminal, which the register does not
// drive. Read by a command: no View formats it.
func terminalRefunds(c *common, refunds []pos.Payment) string {
	var said string
	for _, p := range refunds {
		if p.Card == nil {
			continue
		}
		amount := p.Amount
		if amount.IsNegative() {
			amount = amount.Neg()
		}
		said += " " + c.T("order.onterminal", c.money(amount), methodName(c, p.Method), p.Card.Terminal)
	}
	return said
}

// methodName is a payment method's name in the screen's language.
func methodName(c *common, id string) string {
	if m, ok := c.cat.PaymentMethodByID(id); ok {
		return m.Name.In(c.lang)
	}
	return id
}

// partTickets are the ticked tickets a cancellation takes back alone
// (none: the whole order), when fewer than all those still valid, or all
// of them beside a ticket exchanged.
func (s *orderScreen) partTickets() []string {
	picked := s.pickedTickets()
	valid, exchanged := 0, false
	for _, t := range s.ov.Tickets {
		switch t.State {
		case counter.TicketValid:
			valid++
		case counter.TicketExchanged:
			exchanged = true
		}
	}
	if len(picked) == 0 || len(picked) >= valid && !exchanged {
		return nil
	}
	// an order with a ticket exchanged is never canceled whole (the
	// register refuses it, and cannotCancelWhole says to tick those still
	// valid): all of them ticked are canceled by their numbers
	return picked
}

// refundWays are the methods the order was paid by, each once: a refund
// may go back by one of them (within what it paid).
func (s *orderScreen) refundWays() []string {
	var out []string
	for _, p := range s.ov.Order.Payments {
		if !p.Pending && p.Kind != pos.KindFree && !containsString(out, p.Method) {
			out = append(out, p.Method)
		}
	}
	return out
}

// cancelOptions are the cancellation asked: the ticked tickets (none:
// the whole order) and the refund method chosen.
func (s *orderScreen) cancelOptions() counter.CancelOptions {
	opt := counter.CancelOptions{Tickets: s.partTickets()}
	if ways := s.refundWays(); s.refund > 0 && s.refund <= len(ways) {
		opt.Refund = ways[s.refund-1]
	}
	return opt
}

// askRefunds asks the register what the cancellation as chosen now gives
// back; the question shows "…" until it answers.
func (s *orderScreen) askRefunds() tea.Cmd {
	s.asked++
	s.giveBack, s.givesTo, s.refundRefused = "", "", ""
	till, n, opt, asked := s.c.till, s.ov.Order.Number, s.cancelOptions(), s.asked
	return func() tea.Msg {
		rs, err := till.Refunds(n, opt)
		return refundsMsg{asked: asked, refunds: rs, err: err}
	}
}

// validateWays are how an invoice may be paid: "" is a bank transfer (the
// invoice's own method), then cash and the card methods the seller takes.
func (s *orderScreen) validateWays() []string {
	out := []string{""}
	for i := range s.c.cat.PaymentMethods {
		m := &s.c.cat.PaymentMethods[i]
		switch m.Kind {
		case pos.KindCash, pos.KindCard, pos.KindPostcard, pos.KindTWINT:
			if s.c.seller.CanTake(m) {
				out = append(out, m.ID)
			}
		}
	}
	return out
}

func (s *orderScreen) howLabel(way string) string {
	if m, ok := s.c.cat.PaymentMethodByID(way); ok {
		if m.Kind == pos.KindCash {
			return "order.received"
		}
		return "order.terminalref"
	}
	return "order.transferref"
}

// cashChange is, when the invoice is paid in cash (way), what the cash
// pays (rounded as the drawer takes it) and the change for the amount
// typed, by pos's rules as ValidatePayment settles it.
func (s *orderScreen) cashChange(way string) (due, change pos.Money, ok bool) {
	c := s.c
	m, found := c.cat.PaymentMethodByID(way)
	if !found || m.Kind != pos.KindCash {
		return due, change, false
	}
	for _, p := range s.ov.Order.Payments {
		if !p.Pending {
			continue
		}
		how, err := s.tender(way)
		if err != nil {
			how = pos.Tender{Method: way} // the exact amount, until the typing reads as one
		}
		how.Amount = p.Amount
		st, err := c.cat.Settle(c.seller, p.Amount, []pos.Tender{how}, nil, c.now())
		if err != nil || len(st.Payments) == 0 {
			st, err = c.cat.Settle(c.seller, p.Amount, []pos.Tender{{Method: way, Amount: p.Amount}}, nil, c.now())
			if err != nil || len(st.Payments) == 0 {
				return due, change, false
			}
			return st.Payments[0].Amount.Plus(st.Payments[0].Rounding), pos.Zero(p.Amount.Currency), true
		}
		return st.Payments[0].Amount.Plus(st.Payments[0].Rounding), st.Payments[0].Change, true
	}
	return due, change, false
}

// cashRounding is what the cash due (cashChange) adds to the invoice's
// amount: its rounding to coins.
func (s *orderScreen) cashRounding(due pos.Money) pos.Money {
	for _, p := range s.ov.Order.Payments {
		if p.Pending {
			return due.Minus(p.Amount)
		}
	}
	return pos.Zero(due.Currency)
}

// tender is how the invoice was paid, as typed.
func (s *orderScreen) tender(way string) (pos.Tender, error) {
	ref := strings.TrimSpace(s.howRef.Value())
	how := pos.Tender{Method: way, Reference: ref}
	m, ok := s.c.cat.PaymentMethodByID(way)
	if !ok { // a bank transfer: its reference is how it is found again
		if ref == "" {
			return how, errorString(s.c.T("order.needtransfer"))
		}
		return how, nil
	}
	switch m.Kind {
	case pos.KindCash:
		how.Reference = ""
		if ref != "" {
			amount, err := parseAmount(s.c, ref, false)
			if err != nil {
				return how, errorString(s.c.T("pay.bad")) // in words, as the payment screen says it
			}
			how.Tendered = amount
		}
	default:
		if ref == "" {
			return how, errorString(s.c.T("order.needterminal"))
		}
		how.Card = &pos.CardRef{Terminal: ref}
	}
	return how, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// emailCmd queues an order's tickets by e-mail (address "": its customer's).
func emailCmd(c *common, order, address string) tea.Cmd {
	t := c.till
	return c.inOrder(func() tea.Msg {
		m, err := t.SendTickets(order, address)
		return emailMsg{to: m.To, err: err}
	})
}
