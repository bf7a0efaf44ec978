package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The desk: find an order by number, customer name or e-mail.

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
	s.keys.up = c.key(keyUpInField)
	s.keys.down = c.key(keyDownInField)
	s.keys.enter = c.key(keyOpen)
	s.keys.back = c.key(keyBack)
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
	lang := s.c.lang
	return func() tea.Msg {
		found, err := svc.FindOrders(q, 50)
		if err != nil {
			return queryFailed(lang, err)
		}
		return ordersMsg{q, found}
	}
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
