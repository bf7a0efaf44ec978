package tui

import (
	"strings"

	"guichet/pos"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The desk: cash put in or taken out of the drawer.

// A movement is asked again before it is recorded: a slip of the finger
// (9999999 for 99) would stand in the journal and the shift's Z report,
// mended only by a second movement the other way.
type cashScreen struct {
	c       *common
	out     bool
	amount  field
	spelled string // the amount as typed so far, written whole (spelledAmount)
	reason  field
	focus   int
	asking  *cashMove // typed and checked: Enter records it, Esc corrects it
	sent    *cashMove // being recorded: asked again when a new shift is opened
	working bool
	err     string
	keys    struct{ dir, next, enter, back key.Binding }
}

// cashMove is the movement the screen asks about: the amount signed as
// the till records it, the question and what is said once it is done.
type cashMove struct {
	amount         pos.Money
	reason         string
	question, done string
}

func newCashMove(c *common, amount pos.Money, reason string) *cashMove {
	m := &cashMove{amount: amount, reason: reason}
	if amount.IsNegative() {
		m.question, m.done = c.T("cash.out.confirm", c.money(amount.Neg())), c.T("cash.out.done", c.money(amount.Neg()))
	} else {
		m.question, m.done = c.T("cash.in.confirm", c.money(amount)), c.T("cash.in.done", c.money(amount))
	}
	return m
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
	if s.asking != nil {
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	return []key.Binding{s.keys.dir, s.keys.next, s.keys.enter, s.keys.back}
}
func (s *cashScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *cashScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case deskMsg:
		s.working = false
		if c.shiftClosed(msg.err, nil) {
			// her shift closed at another till: a new shift's float,
			// then the movement asked again
			s.asking, s.err = s.sent, ""
			return nil
		}
		if msg.err != nil {
			// the register refuses an amount (the reason was checked
			// here): back to it, to correct it
			s.err, s.focus = s.c.Err(msg.err), 0
			return nil
		}
		c.back()
		return flash(msg.ok, false)
	case tea.PasteMsg:
		if s.asking != nil {
			return nil
		}
		if s.focus == 0 {
			s.amount.insert(msg.Content)
			s.spelled = spelledAmount(c, s.amount.Value())
		} else {
			s.reason.insert(msg.Content)
		}
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		if a := s.asking; a != nil {
			switch {
			case key.Matches(msg, s.keys.back):
				s.asking, s.focus = nil, 0
			case key.Matches(msg, s.keys.enter):
				s.asking, s.sent, s.working, s.err = nil, a, true, ""
				return c.deskDo(a.done, func(t Till) error { return t.CashMove(a.amount, a.reason) })
			}
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
			if s.out {
				m = m.Neg()
			}
			s.asking, s.err = newCashMove(c, m, why), ""
			return nil
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
				s.spelled = spelledAmount(c, s.amount.Value())
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
	b.WriteString("  " + fit(c.T("cash.amount"), 12) + string(c.cat.Currency()) + " " + s.amount.view(c.st, s.focus == 0 && s.asking == nil, 20) + s.spelled + "\n")
	b.WriteString("  " + fit(c.T("cash.reason"), 12) + s.reason.view(c.st, s.focus == 1 && s.asking == nil, 60) + "\n")
	if s.asking != nil {
		b.WriteString("\n  " + c.question(s.asking.question, c.w-2, "  ") + "\n")
	}
	b.WriteString(deskOutcome(c, s.working, s.err))
	return b.String()
}
