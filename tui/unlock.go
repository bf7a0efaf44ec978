package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/pos"
)

// unlockScreen: staff choose their name, type their PIN and their language.
type unlockScreen struct {
	c       *common
	cursor  int
	pin     field
	working bool
	keys    struct{ up, down, enter, lang, training key.Binding }
}

func newUnlock(c *common) *unlockScreen {
	s := &unlockScreen{c: c}
	s.pin = field{mask: true, limit: 12}
	s.setKeys()
	return s
}

func (s *unlockScreen) setKeys() {
	c := s.c
	s.keys.up = c.key(keyUpInField)
	s.keys.down = c.key(keyDownInField)
	s.keys.enter = c.key(keyConfirm)
	s.keys.lang = c.key(keyLang)
	s.keys.training = c.key(keyTraining)
}

func (s *unlockScreen) Init() tea.Cmd    { s.working = false; s.pin.Reset(); return nil }
func (s *unlockScreen) Title() string    { return s.c.T("unlock.title") }
func (s *unlockScreen) Typing() bool     { return false }
func (s *unlockScreen) SetSize(w, h int) {}
func (s *unlockScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.up, s.keys.down, s.keys.enter, s.keys.lang}
}
func (s *unlockScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{append(s.ShortHelp(), s.keys.training)}
}

// unlockCmd asks the register to unlock a till for a member of staff, who
// then sees the cart priced in the language chosen here.
func unlockCmd(c *common, staff, pin string) tea.Cmd {
	svc, lang, training, till := c.real, c.lang, c.training, c.tillName
	return func() tea.Msg {
		if training {
			var err error
			if svc, err = svc.Training(); err != nil {
				return flashMsg{text: pos.Say(err, lang), err: true}
			}
		}
		t, err := svc.UnlockAt(staff, pin, till)
		if err != nil {
			return flashMsg{text: unlockError(lang, err), err: true}
		}
		t.SetLang(lang)
		sh, ok, err := t.Shift()
		if err != nil {
			t.Close()
			return flashMsg{text: sentence(pos.Say(err, lang)), err: true}
		}
		// taken at a till of hers that closed before its sale was
		// recorded, a restart between (the journal keeps them): read here,
		// it journals that she was told
		left := svc.PaymentsLeft(t.Staff().ID)
		return unlockedMsg{till: t, shift: sh, open: ok, svc: svc, left: left}
	}
}

// unlockable is who may unlock here: every member of staff at the
// console, only the one whose key opened an SSH session.
func (c *common) unlockable() []pos.Staff {
	if c.onlyStaff == "" {
		return c.cat.Staff
	}
	if st, ok := c.cat.StaffByID(c.onlyStaff); ok {
		return []pos.Staff{*st}
	}
	return nil
}

// byKey says whether the member of staff unlocks with their SSH key
// alone, without the PIN (Options.KeyUnlocks).
func (c *common) byKey() bool {
	return c.onlyStaff != "" && c.keyUnlocks != nil && c.keyUnlocks()
}

// c0 is a wrong PIN in the staff's words; other errors as the register says.
func unlockError(lang pos.Lang, err error) string {
	var wait *counter.PINWaitError
	if errors.As(err, &wait) {
		return wait.Say(lang)
	}
	if errors.Is(err, counter.ErrWrongPIN) {
		return tr(lang, "unlock.badpin")
	}
	return sentence(pos.Say(err, lang))
}

func (s *unlockScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case flashMsg:
		s.working = false
		s.pin.Reset()
	case tea.KeyPressMsg:
		staff := s.c.unlockable()
		switch {
		case key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, s.keys.down):
			s.cursor = min(len(staff)-1, s.cursor+1)
		case key.Matches(msg, s.keys.training):
			s.c.training = !s.c.training
		case key.Matches(msg, s.keys.lang):
			s.c.lang = s.c.lang.Next()
			s.setKeys()
		case key.Matches(msg, s.keys.enter):
			if s.working || len(staff) == 0 {
				return nil
			}
			pin := s.pin.Value()
			if s.c.byKey() {
				pin = staff[s.cursor].PIN // the key proved who it is: as at the session's start
			} else if pin == "" {
				// Enter before any digit is no try: it was journaled as a
				// wrong PIN and counted towards the lockout.
				lang := s.c.lang
				return func() tea.Msg { return flashMsg{text: tr(lang, "unlock.typepin")} }
			}
			s.working = true
			return unlockCmd(s.c, staff[s.cursor].ID, pin)
		default:
			if msg.Text != "" && !strings.ContainsAny(msg.Text, "0123456789") {
				return nil // a PIN is digits: a stray letter is ignored, not typed
			}
			s.pin.key(msg)
		}
	}
	return nil
}

func (s *unlockScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString("\n  " + c.st.title.Render(c.T("unlock.staff")) + "\n\n")
	for i, st := range c.unlockable() {
		line := "  " + st.Name
		if i == s.cursor {
			b.WriteString(" >" + c.st.sel.Render(fit(line, 30)) + "\n")
		} else {
			b.WriteString("  " + fit(line, 30) + "\n")
		}
	}
	if c.byKey() {
		b.WriteString("\n  " + c.T("unlock.bykey") + "\n\n")
	} else {
		b.WriteString("\n  " + c.T("unlock.pin") + c.lang.Colon() + " " + s.pin.view(c.st, true, 20) + "\n\n")
	}
	name := c.lang.Name()
	b.WriteString("  " + c.T("unlock.lang", name) + "\n")
	if c.training {
		b.WriteString("\n")
		for _, l := range wrapLines(c.T("training.unlock"), max(c.w-4, 20)) { // it ends with the key that leaves
			b.WriteString("  " + c.st.err.Render(l) + "\n")
		}
	}
	if s.working {
		b.WriteString("\n  " + c.st.dim.Render(c.T("unlock.working")))
	}
	return b.String()
}

// floatScreen opens a shift with the cash float when none is open.
type floatScreen struct {
	c *common
	// resume: asked during a sale whose payment found the shift closed
	// (a Z at another till of the same cashier); once the float is in,
	// the sale goes on where it was, and Esc goes back to it.
	resume bool
	// here: asked by another action than the payment (a cash movement,
	// the X report, an invoice's validation...); then runs once the
	// shift is open (nil: the screen below waits for its key again).
	here    bool
	then    tea.Cmd
	amount  field
	spelled string // the amount as typed so far, written whole (spelledAmount)
	err     string
	keys    struct{ enter, back key.Binding }
}

func newFloat(c *common) *floatScreen {
	s := &floatScreen{c: c, amount: field{limit: 12}}
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
	return s
}

// newFloatResume is the float of a new shift asked in the middle of a
// sale, whose shift a Z at another till closed.
func newFloatResume(c *common) *floatScreen {
	s := newFloat(c)
	s.resume = true
	return s
}

// shiftClosed says whether err refuses an action for want of an open
// shift (her shift closed by a Z at another till of hers). If so, it asks
// a new shift's float over the screen, which then runs then.
func (c *common) shiftClosed(err error, then tea.Cmd) bool {
	if !errors.Is(err, counter.ErrNoShift) {
		return false
	}
	c.hasShft = false
	f := newFloatResume(c)
	f.here, f.then = true, then
	c.push(f)
	return true
}

func (s *floatScreen) Init() tea.Cmd             { return nil }
func (s *floatScreen) Title() string             { return s.c.T("float.title") }
func (s *floatScreen) Typing() bool              { return true }
func (s *floatScreen) SetSize(w, h int)          {}
func (s *floatScreen) ShortHelp() []key.Binding  { return []key.Binding{s.keys.enter, s.keys.back} }
func (s *floatScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *floatScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case shiftMsg:
		if msg.err != nil {
			s.err = s.c.Err(msg.err)
		}
	case tea.PasteMsg:
		s.amount.insert(msg.Content)
		s.spelled = spelledAmount(s.c, s.amount.Value())
	case tea.KeyPressMsg:
		if key.Matches(msg, s.keys.back) {
			if s.resume {
				return s.c.back() // to the sale, no shift opened
			}
			// unlocked as the wrong person: back to who sells, no shift opened
			return func() tea.Msg { return lockMsg{} }
		}
		if key.Matches(msg, s.keys.enter) {
			m, err := parseAmount(s.c, s.amount.Value(), true)
			if err != nil {
				s.err = s.c.T("float.bad")
				return nil
			}
			t := s.c.till
			return func() tea.Msg {
				sh, err := t.OpenShift(m)
				if err != nil {
					// her shift opened at another till since this one
					// unlocked (two tills of hers at the float at once):
					// this till joins it, as an unlock would have
					if cur, ok, serr := t.Shift(); serr == nil && ok {
						return shiftMsg{shift: cur, joined: true}
					}
				}
				return shiftMsg{shift: sh, err: err}
			}
		}
		s.err = ""
		s.amount.key(msg)
		s.spelled = spelledAmount(s.c, s.amount.Value())
	}
	return nil
}

func (s *floatScreen) View() string {
	c := s.c
	v := ""
	if s.resume {
		closed := c.T("float.closed")
		if s.here {
			closed = c.T("float.closedhere")
		}
		for _, l := range wrapLines(closed, max(c.w-4, 20)) {
			v += "\n  " + c.st.err.Render(l)
		}
		v += "\n"
	}
	v += "\n  " + c.st.title.Render(c.T("float.prompt")) + "\n\n  " + string(c.cat.Currency()) + " " + s.amount.view(c.st, true, 20) + s.spelled + "\n"
	if s.err != "" {
		v += "\n  " + c.refusal(s.err, c.w, "  ")
	}
	return v
}

// spelledAmount is an amount typed at the counter written as the register
// writes amounts ("  = CHF 20’000.00"), to show beside the typing from a
// thousand on: a zero too many is seen before Enter, not in the Z report.
// Empty below a thousand, or when it is not an amount yet.
func spelledAmount(c *common, typed string) string {
	m, err := parseAmount(c, typed, false)
	if err != nil {
		return ""
	}
	thousand, err := pos.ParseMinor("1000", m.Currency)
	if err != nil || m.Amount < thousand {
		return ""
	}
	return "  " + c.st.dim.Render("= "+c.money(m))
}

// parseAmount reads an amount typed at the counter ("50", "12.50", "12,5")
// in the catalog's currency; empty is zero when allowed. Its errors are
// sentences in the seller's language (they were the bare words "empty"
// and "bad amount", which a screen showing c.Err(err) would have shown).
func parseAmount(c *common, s string, emptyIsZero bool) (pos.Money, error) {
	cur := c.cat.Currency()
	s = strings.TrimSpace(s)
	if s == "" {
		if emptyIsZero {
			return pos.Zero(cur), nil
		}
		return pos.Money{}, errorString(c.T("amount.empty"))
	}
	n, err := pos.ParseMinor(s, cur)
	if err != nil || n < 0 {
		return pos.Money{}, errorString(c.T("pay.bad"))
	}
	return pos.M(n, cur), nil
}
