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
			s.refused = c.T("promo.refused", pos.Say(msg.err, c.lang)) // inside the sentence: no capital
		case msg.after.CodeRefused != "":
			s.refused = c.T("promo.refused", msg.after.CodeRefused)
		}
		if msg.err == nil {
			c.setPriced(msg.after)
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
