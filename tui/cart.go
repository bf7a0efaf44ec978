package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/pos"
)

// cartScreen shows what is being bought: regular price struck through
// beside the charged one, fees and totals; lines can be changed here.
type cartScreen struct {
	c      *common
	cursor int
	w, h   int
	keys   struct{ up, down, plus, minus, cat, remove, form, text, customer, code, pay, back, comp key.Binding }
}

func newCart(c *common) *cartScreen {
	s := &cartScreen{c: c}
	s.keys.up = c.key(keyUp)
	s.keys.down = c.key(keyDown)
	s.keys.plus = c.key(keyPlus)
	s.keys.minus = c.key(keyMinus)
	s.keys.cat = c.key(keyCategoryCycle)
	s.keys.remove = c.key(keyRemove)
	s.keys.form = c.key(keyForm)
	s.keys.text = c.key(keyText)
	s.keys.customer = c.key(keyCustomer)
	s.keys.code = c.key(keyCode)
	s.keys.pay = c.key(keyPay)
	s.keys.back = c.key(keyBack)
	s.keys.comp = c.key(keyComp)
	return s
}

func (s *cartScreen) Init() tea.Cmd {
	return s.c.tillDo("", func(Till) error { return nil }) // re-price: offers and clock may have moved
}
func (s *cartScreen) Title() string    { return s.c.T("cart.title") }
func (s *cartScreen) Typing() bool     { return false }
func (s *cartScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *cartScreen) ShortHelp() []key.Binding {
	if c := s.c; len(c.sale.priced.Lines) == 0 {
		if !c.sale.credit.IsZero() {
			// the credit alone: Enter makes it a credit voucher, x drops it
			return []key.Binding{s.keys.pay, s.keys.remove, s.keys.customer, s.keys.back}
		}
		return []key.Binding{s.keys.customer, s.keys.back}
	}
	cat := s.catHelp()
	if s.takesNoCode() {
		return []key.Binding{s.keys.pay, s.keys.plus, cat, s.keys.remove, s.keys.customer, s.keys.back}
	}
	return []key.Binding{s.keys.pay, s.keys.code, s.keys.plus, cat, s.keys.remove, s.keys.customer, s.keys.back}
}
func (s *cartScreen) FullHelp() [][]key.Binding {
	last := []key.Binding{s.keys.customer, s.keys.code, s.keys.comp, s.keys.pay, s.keys.back}
	if s.takesNoCode() {
		last = []key.Binding{s.keys.customer, s.keys.comp, s.keys.pay, s.keys.back}
	}
	return [][]key.Binding{{s.keys.up, s.keys.down, s.keys.plus}, {s.catHelp(), s.keys.remove, s.onLine(s.keys.form, pos.LineTicket), s.onLine(s.keys.text, pos.LineTicket, pos.LinePass)}, last}
}

// catHelp is ←/→ as the help shows it: on a ticket's line only, the
// only kind it changes the category of (a pass, a voucher or a product
// has none).
func (s *cartScreen) catHelp() key.Binding { return s.onLine(s.keys.cat, pos.LineTicket) }

// onLine is b as the help shows it: only when the line under the cursor
// is of one of kinds, those Update answers it on. The binding Update
// matches is left as it is.
func (s *cartScreen) onLine(b key.Binding, kinds ...string) key.Binding {
	lines := s.c.sale.priced.Lines
	b.SetEnabled(s.cursor >= 0 && s.cursor < len(lines) && slices.Contains(kinds, lines[s.cursor].Kind))
	return b
}

// takesNoCode reports whether the cart holds a gift voucher or a product,
// and so can take no promo code (seed 000), with no code typed to mend (a
// code typed before is refused: the code screen takes it away).
func (s *cartScreen) takesNoCode() bool {
	p := s.c.sale.priced
	if p.Refusal != nil {
		return false
	}
	return p.HasVoucherOrProduct()
}

func (s *cartScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	lines := c.sale.priced.Lines
	switch msg := msg.(type) {
	case cartMsg:
		s.cursor = max(0, min(s.cursor, len(c.sale.priced.Lines)-1))
	case tea.KeyPressMsg:
		if key.Matches(msg, s.keys.back) {
			return s.c.back()
		}
		if key.Matches(msg, s.keys.customer) {
			return s.c.push(newCustomer(c))
		}
		if len(lines) == 0 {
			if key.Matches(msg, s.keys.pay) && !c.sale.credit.IsZero() {
				return s.c.push(newPayment(c)) // the whole credit becomes a credit voucher
			}
			if key.Matches(msg, s.keys.remove) && !c.sale.credit.IsZero() {
				// an exchange put in the cart by mistake: its tickets
				// stay valid on their order
				return c.tillDo(c.T("cart.creditdropped"), func(t Till) error { return t.ClearCart() })
			}
			return nil
		}
		l := lines[s.cursor]
		i := s.cursor
		switch {
		case key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, s.keys.down):
			s.cursor = min(len(lines)-1, s.cursor+1)
		case key.Matches(msg, s.keys.plus), key.Matches(msg, s.keys.minus):
			if l.Seat != "" {
				return flash(c.T("cart.qtyonlyga"), true)
			}
			step := 1
			if key.Matches(msg, s.keys.minus) {
				step = -1
			}
			return c.tillDo("", func(t Till) error {
				// the quantity the till holds when this press's turn
				// comes: presses quicker than its answers each count
				q := l.Quantity + step
				if pc, _ := t.Priced(); i < len(pc.Lines) {
					now := pc.Lines[i]
					if now.Kind != l.Kind || now.Performance != l.Performance || now.Zone != l.Zone ||
						now.Category != l.Category || now.Item != l.Item {
						return nil // the line pressed on went by an earlier press
					}
					q = now.Quantity + step
				}
				if q < 1 {
					return t.RemoveLine(i)
				}
				return t.SetQuantity(i, q)
			})
		case key.Matches(msg, s.keys.cat):
			if l.Kind != pos.LineTicket {
				return nil
			}
			p, ok := c.cat.PerformanceByID(l.Performance)
			if !ok {
				return nil
			}
			// with a price-list code, the new list's categories (seed 002)
			cats := c.cat.OfferedCategories(p, l.Zone, c.sale.priced.Offer)
			if len(cats) < 2 {
				return nil
			}
			j := 0
			for k, cat := range cats {
				if cat.ID == l.Category {
					j = k
				}
			}
			if msg.String() == "left" || msg.String() == "h" {
				j = (j + len(cats) - 1) % len(cats)
			} else {
				j = (j + 1) % len(cats)
			}
			next := cats[j].ID
			return c.tillDo("", func(t Till) error { return t.SetCategory(i, next) })
		case key.Matches(msg, s.keys.remove):
			return c.tillDo("", func(t Till) error { return t.RemoveLine(i) })
		case key.Matches(msg, s.keys.form):
			if l.Kind == pos.LineTicket {
				return s.c.push(newForm(c, i))
			}
		case key.Matches(msg, s.keys.text):
			if l.Kind == pos.LineTicket || l.Kind == pos.LinePass {
				return s.c.push(newTicketText(c, i))
			}
		case key.Matches(msg, s.keys.code):
			// the code field takes a code only while an offer with codes
			// is in effect for this seller (seed 002)
			if c.sale.priced.Offer == nil && !c.till.CodeEntryOpen() {
				return flash(c.T("promo.nooffer"), true)
			}
			if s.takesNoCode() {
				return flash(c.T("cart.nocode"), true) // at once, not after a code is typed
			}
			return s.c.push(newPromo(c))
		case key.Matches(msg, s.keys.comp):
			if err := c.seller.Check(pos.ActComp); err != nil {
				// said before a reason is typed for nothing (the
				// register refuses the comp anyway)
				return flash(c.Err(err), true)
			}
			return s.c.push(compPrompt(c, i, l.Name))
		case key.Matches(msg, s.keys.pay):
			// A code the cart no longer allows is mended before any
			// payment is taken: the register refuses the order with it.
			if ref := c.sale.priced.Refusal; ref != nil {
				p := newPromo(c)
				p.code.Set(ref.Code)
				p.refused = c.T("promo.refused", ref.Message)
				return tea.Batch(s.c.push(p), flash(c.T("cart.fixcode"), true))
			}
			// A required answer is asked for before any payment is taken:
			// a card charged for an order the register then refuses is
			// money to give back.
			for j, l := range lines {
				if len(l.Missing) > 0 {
					s.cursor = j
					return tea.Batch(s.c.push(newForm(c, j)), flash(c.T("cart.fillform"), true))
				}
			}
			return s.c.push(newPayment(c))
		}
	}
	return nil
}

// priceCell is "CHF 45.00 → CHF 36.00" when an offer changed the price (the
// regular one struck through, and the arrow says it without attributes).
func priceCell(c *common, regular, charged pos.Money) string {
	if regular == charged {
		return c.money(charged)
	}
	return c.st.struck.Render(c.money(regular)) + " → " + c.st.bold.Render(c.money(charged))
}

func (s *cartScreen) View() string {
	c := s.c
	pc := c.sale.priced
	var b strings.Builder
	if len(pc.Lines) == 0 {
		b.WriteString("\n  " + c.T("cart.empty") + "\n")
		if !c.sale.credit.IsZero() {
			b.WriteString("\n  " + c.T("cart.credit") + " " + c.money(c.sale.credit) + "\n")
		}
		b.WriteString("\n  " + s.customerLine() + "\n")
		return b.String()
	}
	priceW := 26
	nameW := max(s.w-priceW-8, 20)
	// the code typed that the cart no longer allows, and why: the register
	// refuses the order with it
	var refused []string
	if ref := pc.Refusal; ref != nil {
		refused = wrapLines(c.T("cart.coderefused", ref.Code, ref.Message), max(s.w-2, 20))
	}
	// the automatic offer the cart is over the limits of, and why: the
	// cart is sold at regular prices
	if ref := pc.AutoRefusal; ref != nil {
		refused = append(refused, wrapLines(c.T("cart.autorefused", ref.Message), max(s.w-2, 20))...)
	}
	// the payments already taken, kept with the sale (Esc from the
	// payment): a handful, said here rather than cached
	var paid string
	if len(c.sale.tenders) > 0 {
		paid = c.T("cart.paid", tendersWords(c, c.sale.tenders))
	}
	// each line takes two rows; keep the cursor's line in view
	per := 2
	credit := 0 // the exchange credit's rows under the total
	if !c.sale.credit.IsZero() {
		credit = 2
		if c.sale.credit.Cmp(pc.Total) > 0 {
			credit = 3
		}
	}
	// under the lines: the "↓ n lignes" line, the rule, the total and the
	// customer; the offer's name and description and the fees only when
	// there are (two rows kept for an offer not there were a cart line
	// fewer at 80x24)
	below := 4 + len(pc.Fees)
	if pc.Offer != nil {
		below++
		if pc.Offer.Description != "" {
			below++
		}
	}
	room := max((s.h-below-len(refused)-min(len(paid), 1)-credit)/per, 1)
	first := max(0, s.cursor-room+1)
	for i := first; i < len(pc.Lines) && i < first+room; i++ {
		l := pc.Lines[i]
		qty := fit(itoa(l.Quantity)+"×", 4)
		name := fit(l.Name, nameW)
		row := " " + qty + name + "  " + priceCell(c, l.Regular, l.Charged)
		if i == s.cursor {
			row = c.st.sel.Render(">"+qty+name) + "  " + priceCell(c, l.Regular, l.Charged)
		}
		b.WriteString(row + "\n")
		// what the line's second row says, each part after a "·": a
		// pass, a voucher or a product has no date or seat to come first
		// (its row began "· avec l'offre")
		var parts []string
		if l.Detail != "" {
			parts = append(parts, l.Detail)
		}
		if l.CustomText != "" {
			parts = append(parts, "«"+l.CustomText+"»")
		}
		if len(l.Answers) > 0 {
			// in the form's own order: no sorting in View
			if cat, ok := c.cat.CategoryByID(l.Category); ok {
				for _, q := range cat.Form {
					if a := l.Answers[q.ID]; a != "" {
						parts = append(parts, a)
					}
				}
			}
		}
		switch {
		case l.Offer == "":
		case pc.Offer != nil && l.Offer == pc.Offer.Name:
			// named whole on the offer's line below (repeated here it
			// ran past 80 columns)
			parts = append(parts, c.T("cart.withoffer"))
		default:
			parts = append(parts, l.Offer)
		}
		if l.Comp != "" {
			parts = append(parts, c.T("comp.mark", l.Comp))
		}
		detail := strings.Join(parts, " · ")
		if len(l.Missing) > 0 {
			// the order cannot be placed until the form is answered: say so
			// first on the line's second row, which keeps two rows a line
			b.WriteString(c.st.err.Render(clip("     ! "+strings.Join(append([]string{c.T("cart.missing")}, parts...), " · "), s.w)) + "\n")
			continue
		}
		b.WriteString(c.st.dim.Render(clip("     "+detail, s.w)) + "\n")
	}
	// how many lines are beyond the window, above and below, as the
	// order's tickets say theirs
	if beyond := beyond(c, "cart.lines", first, max(len(pc.Lines)-first-room, 0)); beyond != "" {
		b.WriteString("     " + c.st.dim.Render(beyond) + "\n")
	}
	b.WriteString(strings.Repeat("─", min(s.w, nameW+priceW+8)) + "\n")
	if pc.Offer != nil {
		b.WriteString(c.st.ok.Render(" "+c.T("cart.offer", pc.Offer.Name)) + "   " + c.T("cart.discount") + " " + c.money(offerDiscount(pc)) + "\n")
		if pc.Offer.Description != "" {
			// what the offer gives, as the customer is told (seed 000)
			b.WriteString(c.st.dim.Render(clip("   "+pc.Offer.Description, s.w)) + "\n")
		}
	}
	for _, l := range refused {
		b.WriteString(" " + c.st.err.Render(l) + "\n")
	}
	for _, f := range pc.Fees {
		b.WriteString(" " + fit(c.T("cart.fees")+" "+f.Name, nameW+4) + "  " + c.money(f.Amount) + "\n")
	}
	b.WriteString(c.st.title.Render(" "+fit(c.T("cart.total"), nameW+4)+"  "+priceCell(c, pc.Regular.Plus(pc.FeesTotal), pc.Total)) + "\n")
	if !c.sale.credit.IsZero() {
		used := c.sale.credit.Min(pc.Total)
		b.WriteString(" " + fit(c.T("cart.credit"), nameW+4) + "  −" + c.money(used) + "\n")
		b.WriteString(c.st.bold.Render(" "+fit(c.T("cart.topay"), nameW+4)+"  "+c.money(pc.Total.Minus(used))) + "\n")
		if left := c.sale.credit.Minus(used); !left.IsZero() {
			// what the new tickets do not use: the customer takes it
			// away as a credit voucher, said before Enter settles
			b.WriteString(" " + fit(c.T("cart.creditleft"), nameW+4) + "  " + c.money(left) + "\n")
		}
	}
	if paid != "" {
		b.WriteString(c.st.ok.Render(clip(" "+paid, s.w)) + "\n")
	}
	b.WriteString(" " + s.customerLine())
	return b.String()
}

func (s *cartScreen) customerLine() string {
	c := s.c
	if c.sale.customer.ID == "" {
		return c.T("cart.nocustomer")
	}
	who := c.sale.customer.Name
	if c.sale.customer.Email != "" {
		who += " <" + c.sale.customer.Email + ">"
	}
	return c.T("cart.customer", who)
}

// formScreen asks the per-price form of a ticket's category.
type formScreen struct {
	c      *common
	line   int
	qs     []pos.Question
	fields []field
	focus  int
	keys   struct{ next, enter, back key.Binding }
}

func newForm(c *common, line int) *formScreen {
	s := &formScreen{c: c, line: line}
	l := c.sale.priced.Lines[line]
	if cat, ok := c.cat.CategoryByID(l.Category); ok {
		s.qs = cat.Form
	}
	s.fields = make([]field, len(s.qs))
	for i, q := range s.qs {
		s.fields[i] = field{limit: 200}
		s.fields[i].Set(l.Answers[q.ID])
	}
	s.keys.next = c.key(keyNextField)
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *formScreen) Init() tea.Cmd    { return nil }
func (s *formScreen) Title() string    { return s.c.T("form.title") }
func (s *formScreen) Typing() bool     { return true }
func (s *formScreen) SetSize(w, h int) {}
func (s *formScreen) ShortHelp() []key.Binding {
	if len(s.fields) < 2 {
		return []key.Binding{s.keys.enter, s.keys.back} // one question: Tab goes nowhere
	}
	return []key.Binding{s.keys.next, s.keys.enter, s.keys.back}
}
func (s *formScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *formScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case cartMsg:
		if msg.err == nil {
			return s.c.back()
		}
	case tea.PasteMsg:
		if len(s.fields) > 0 {
			s.fields[s.focus].insert(msg.Content)
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.back):
			return s.c.back()
		case key.Matches(msg, s.keys.next):
			if len(s.fields) > 0 {
				s.focus = (s.focus + 1) % len(s.fields)
			}
		case key.Matches(msg, s.keys.enter):
			answers := map[string]string{}
			for i, q := range s.qs {
				if v := strings.TrimSpace(s.fields[i].Value()); v != "" {
					answers[q.ID] = v
				}
			}
			line := s.line
			return s.c.tillDo("", func(t Till) error { return t.SetAnswers(line, answers) })
		default:
			if len(s.fields) > 0 {
				s.fields[s.focus].key(msg)
			}
		}
	}
	return nil
}

func (s *formScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString(c.st.title.Render(c.sale.priced.Lines[s.line].Name) + "\n\n")
	if len(s.qs) == 0 {
		return b.String() + "  " + c.T("form.none")
	}
	for i, q := range s.qs {
		label := q.Label.In(c.lang)
		if q.Required {
			label += " *"
		}
		b.WriteString("  " + fit(label, 24) + " " + s.fields[i].view(c.st, i == s.focus, 50) + "\n")
	}
	return b.String()
}

// textScreen edits the custom text printed on a ticket. For a pass, the
// holder's e-mail may be typed instead: an existing customer with it is
// suggested, and Enter makes them the order's customer and prints their
// name (seed 003).
type textScreen struct {
	c       *common
	line    int
	text    field
	holder  *pos.Customer // the customer suggested for the e-mail typed
	nothing string        // no customer has the e-mail typed
	w       int
	keys    struct{ enter, back key.Binding }
}

// holderMsg is the customer found for a pass holder's e-mail (nil: none).
type holderMsg struct {
	email string
	c     *pos.Customer
}

func newTicketText(c *common, line int) *textScreen {
	s := &textScreen{c: c, line: line, text: field{limit: 80}}
	s.text.Set(c.sale.priced.Lines[line].CustomText)
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *textScreen) Init() tea.Cmd             { return nil }
func (s *textScreen) Title() string             { return s.c.T("text.title") }
func (s *textScreen) Typing() bool              { return true }
func (s *textScreen) SetSize(w, h int)          { s.w = w }
func (s *textScreen) ShortHelp() []key.Binding  { return []key.Binding{s.keys.enter, s.keys.back} }
func (s *textScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *textScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case cartMsg:
		if msg.err == nil {
			return c.back()
		}
	case holderMsg:
		if msg.email != strings.ToLower(strings.TrimSpace(s.text.Value())) {
			return nil // typed on since
		}
		s.holder, s.nothing = msg.c, ""
		if msg.c == nil {
			s.nothing = c.T("text.noholder", msg.email)
		}
	case tea.PasteMsg:
		s.text.insert(msg.Content)
		s.holder, s.nothing = nil, ""
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.back):
			if s.holder != nil || s.nothing != "" {
				s.holder, s.nothing = nil, ""
				return nil
			}
			return c.back()
		case key.Matches(msg, s.keys.enter):
			line, text := s.line, s.text.Value()
			if h := s.holder; h != nil {
				// the pass holder: the order's customer, their name printed
				c.sale.customer = *h
				id, name := h.ID, h.Name
				return c.tillDo(c.T("text.holder", name), func(t Till) error {
					if err := t.SetCustomer(id); err != nil {
						return err
					}
					return t.SetCustomText(line, name)
				})
			}
			email := strings.ToLower(strings.TrimSpace(text))
			if c.sale.priced.Lines[line].Kind == pos.LinePass && s.nothing == "" && pos.CheckEmail(email) == nil {
				svc := c.svc
				return func() tea.Msg {
					found, err := svc.SearchCustomers(email, 10)
					if err != nil {
						return queryFailed(c.lang, err)
					}
					for i := range found {
						if found[i].Email == email {
							return holderMsg{email, &found[i]}
						}
					}
					return holderMsg{email, nil}
				}
			}
			return c.tillDo("", func(t Till) error { return t.SetCustomText(line, text) })
		default:
			if s.text.key(msg) {
				s.holder, s.nothing = nil, ""
			}
		}
	}
	return nil
}

func (s *textScreen) View() string {
	c := s.c
	out := c.st.title.Render(c.sale.priced.Lines[s.line].Name) + "\n\n  " + c.T("text.title") + "\n  " + s.text.view(c.st, true, 80)
	if c.sale.priced.Lines[s.line].Kind == pos.LinePass {
		out += "\n  " + c.st.dim.Render(c.T("text.passhint"))
	}
	// what Enter does with the e-mail typed, wrapped: it ends with the
	// keys to press
	w := max(s.w-4, 20)
	switch {
	case s.holder != nil:
		out += "\n"
		for _, l := range wrapLines(c.T("text.suggest", s.holder.Name, s.holder.Email), w) {
			out += "\n  " + c.st.ok.Render(l)
		}
	case s.nothing != "":
		out += "\n"
		for _, l := range wrapLines(s.nothing, w) {
			out += "\n  " + c.st.dim.Render(l)
		}
	}
	return out
}

// beyond says how many of a list's items are above and below its window,
// "" when it shows them all; what names the items' sentences ("cart.lines":
// "cart.linesabove", "cart.linesbelow", "cart.linesboth").
func beyond(c *common, what string, above, below int) string {
	switch {
	case above > 0 && below > 0:
		return c.T(what+"both", above, below)
	case above > 0:
		return c.T(what+"above", above)
	case below > 0:
		return c.T(what+"below", below)
	}
	return ""
}

// offerDiscount is what the offer took off: the lines' reductions less
// the invitations', which the receipt names apart (pc.Discount counts
// both: with BIENVENUE on two adults, CHF 10.00, and two children given as
// an invitation, the offer's line said "Réduction CHF 34.00").
func offerDiscount(pc pos.PricedCart) pos.Money {
	d := pos.Zero(pc.Currency)
	for _, l := range pc.Lines {
		if l.Comp == "" {
			d = d.Plus(l.Discount)
		}
	}
	return d
}
