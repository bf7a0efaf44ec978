package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The desk: exchange tickets by order number or e-mail.

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
	s.keys.next = c.key(keyNextField)
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
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
			// a bare ticket suffix ("02") is read in the order typed
			// above; a ticket's QR code scanned ("G2:…") is given as it is
			for i, t := range tickets {
				if !strings.Contains(t, "-") && !strings.Contains(t, ":") && !strings.Contains(ref, "@") {
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
