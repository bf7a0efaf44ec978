package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/pos"
)

// promoMsg is the answer to a promo code: the cart before and after.
type promoMsg struct {
	before, after pos.PricedCart
	err           error
}

// promoScreen takes a promo code; success names the offer and what
// changed, a refusal shows the reason pos gave, word for word.
type promoScreen struct {
	w       int
	c       *common
	code    field
	result  []string
	refused string
	keys    struct{ enter, remove, back key.Binding }
}

func newPromo(c *common) *promoScreen {
	s := &promoScreen{c: c, code: field{limit: 40}}
	s.keys.enter = c.key(keyConfirm)
	s.keys.remove = c.key(keyRemovecode)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *promoScreen) Init() tea.Cmd    { return nil }
func (s *promoScreen) Title() string    { return s.c.T("promo.title") }
func (s *promoScreen) Typing() bool     { return true }
func (s *promoScreen) SetSize(w, h int) { s.w = w }
func (s *promoScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.enter, s.keys.remove, s.keys.back}
}
func (s *promoScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *promoScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case promoMsg:
		s.result, s.refused = nil, ""
		switch {
		case msg.err != nil:
			s.refused = c.T("promo.refused", c.Err(msg.err))
		case msg.after.CodeRefused != "":
			s.refused = c.T("promo.refused", msg.after.CodeRefused)
		}
		if msg.err == nil {
			c.sale.priced = msg.after
		}
		if s.refused != "" {
			return nil
		}
		name := ""
		if msg.after.Offer != nil {
			name = msg.after.Offer.Name
		}
		s.result = append(s.result, c.T("promo.ok", name))
		for i, l := range msg.after.Lines {
			was := l.Regular
			if i < len(msg.before.Lines) {
				was = msg.before.Lines[i].Charged
			}
			if was != l.Charged {
				s.result = append(s.result, c.T("promo.changed", l.Name, c.money(was), c.money(l.Charged)))
			}
		}
		if len(s.result) == 1 {
			s.result = append(s.result, c.T("promo.nochange"))
		}
	case cartMsg:
		if msg.err == nil {
			s.result, s.refused = []string{c.T("promo.removed")}, ""
		}
	case tea.PasteMsg:
		s.code.insert(msg.Content)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.back):
			return s.c.back()
		case key.Matches(msg, s.keys.remove):
			return c.tillDo("", func(t Till) error { return t.RemoveCode() })
		case key.Matches(msg, s.keys.enter):
			code := strings.TrimSpace(s.code.Value())
			if o := c.sale.priced.Offer; code == "" || s.result != nil && s.refused == "" && o != nil && pos.NormalizeCode(code) == o.Code {
				// nothing typed, or the code just applied: Enter goes on
				// to the cart
				return s.c.back()
			}
			t, before := c.till, c.sale.priced
			return c.inOrder(func() tea.Msg {
				after, err := t.ApplyCode(code)
				return promoMsg{before: before, after: after, err: err}
			})
		default:
			s.code.key(msg)
		}
	}
	return nil
}

func (s *promoScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString("\n  " + c.T("promo.prompt") + s.code.view(c.st, true, 40) + "\n\n")
	if s.refused != "" {
		// a refusal says why in a sentence: wrapped, never cut
		for _, l := range wrapLines(s.refused, max(s.w-4, 20)) {
			b.WriteString("  " + c.st.err.Render(l) + "\n")
		}
	}
	for i, r := range s.result {
		if i == 0 {
			b.WriteString("  " + c.st.ok.Render(r) + "\n")
		} else {
			b.WriteString("    " + r + "\n")
		}
	}
	b.WriteString("\n  " + c.st.title.Render(c.T("cart.total")) + " " + priceCell(c, c.sale.priced.Regular.Plus(c.sale.priced.FeesTotal), c.sale.priced.Total))
	return b.String()
}

// customersMsg carries a customer search result.
type customersMsg []pos.Customer

// customerSavedMsg reports a customer created at the counter and attached.
type customerSavedMsg struct {
	c   pos.Customer
	err error
}

// customerScreen finds a customer by name or e-mail, or creates one, and
// attaches them to the cart.
type customerScreen struct {
	c           *common
	query       field
	found       []pos.Customer
	cursor      int
	creating    bool
	name, email field
	focus       int
	keys        struct{ up, down, enter, create, next, back key.Binding }
}

func newCustomer(c *common) *customerScreen {
	s := &customerScreen{c: c, query: field{limit: 60}, name: field{limit: 100}, email: field{limit: 100}}
	s.keys.up = c.key(keyUpInField)
	s.keys.down = c.key(keyDownInField)
	s.keys.enter = c.key(keySelect)
	s.keys.create = c.key(keyNew)
	s.keys.next = c.key(keyTabField)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *customerScreen) Init() tea.Cmd    { return s.search() }
func (s *customerScreen) Title() string    { return s.c.T("cust.title") }
func (s *customerScreen) Typing() bool     { return true }
func (s *customerScreen) SetSize(w, h int) {}
func (s *customerScreen) ShortHelp() []key.Binding {
	if s.creating {
		return []key.Binding{s.keys.next, s.keys.enter, s.keys.back}
	}
	return []key.Binding{s.keys.up, s.keys.down, s.keys.enter, s.keys.create, s.keys.back}
}
func (s *customerScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *customerScreen) search() tea.Cmd {
	svc, q, lang := s.c.svc, s.query.Value(), s.c.lang
	return func() tea.Msg {
		found, err := svc.SearchCustomers(q, 10)
		if err != nil {
			return queryFailed(lang, err)
		}
		return customersMsg(found)
	}
}

func (s *customerScreen) attach(cu pos.Customer) tea.Cmd {
	s.c.sale.customer = cu
	id := cu.ID
	cmd := s.c.tillDo(s.c.T("cust.saved", cu.Name), func(t Till) error { return t.SetCustomer(id) })
	s.c.back()
	return cmd
}

func (s *customerScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case customersMsg:
		s.found = msg
		s.cursor = max(0, min(s.cursor, len(s.found)-1))
	case customerSavedMsg:
		if msg.err != nil {
			return flash(c.Err(msg.err), true)
		}
		return s.attach(msg.c)
	case tea.PasteMsg:
		s.active().insert(msg.Content)
		if !s.creating {
			return s.search()
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.back):
			if s.creating {
				s.creating = false
				return nil
			}
			return s.c.back()
		case key.Matches(msg, s.keys.create):
			s.creating, s.focus = true, 0
			s.name.Set(s.query.Value())
		case s.creating && key.Matches(msg, s.keys.next):
			s.focus = 1 - s.focus
		case s.creating && key.Matches(msg, s.keys.enter):
			cu := pos.Customer{Name: s.name.Value(), Email: s.email.Value()}
			svc, staff := c.svc, c.till.Staff().ID
			return func() tea.Msg {
				saved, err := svc.SaveCustomer(staff, cu)
				return customerSavedMsg{saved, err}
			}
		case !s.creating && key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
		case !s.creating && key.Matches(msg, s.keys.down):
			s.cursor = min(len(s.found)-1, s.cursor+1)
		case !s.creating && key.Matches(msg, s.keys.enter):
			if len(s.found) > 0 {
				return s.attach(s.found[s.cursor])
			}
		default:
			if s.active().key(msg) && !s.creating {
				return s.search()
			}
		}
	}
	return nil
}

func (s *customerScreen) active() *field {
	switch {
	case !s.creating:
		return &s.query
	case s.focus == 0:
		return &s.name
	}
	return &s.email
}

func (s *customerScreen) View() string {
	c := s.c
	var b strings.Builder
	if s.creating {
		b.WriteString(c.st.title.Render(c.T("cust.new")) + "\n\n")
		b.WriteString("  " + fit(c.T("cust.name"), 10) + s.name.view(c.st, s.focus == 0, 60) + "\n")
		b.WriteString("  " + fit(c.T("cust.email"), 10) + s.email.view(c.st, s.focus == 1, 60) + "\n")
		return b.String()
	}
	b.WriteString("  " + c.T("cust.search") + s.query.view(c.st, true, 40) + "\n\n")
	if len(s.found) == 0 {
		b.WriteString("  " + c.st.dim.Render(c.T("cust.none")) + "\n")
	}
	for i, cu := range s.found {
		line := "  " + fit(cu.Name, 30) + " " + cu.Email
		if i == s.cursor {
			line = c.st.sel.Render(">" + line[1:])
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
