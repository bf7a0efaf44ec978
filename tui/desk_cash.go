package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The desk: cash put in or taken out of the drawer.

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
	s.keys.dir = c.key(keyInout)
	s.keys.next = c.key(keyNextField)
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
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
