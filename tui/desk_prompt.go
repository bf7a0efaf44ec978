package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/pos"
)

// promptScreen asks one thing (a comp's reason, a voucher's amount) and
// hands it to do, which asks the till; it goes back when the till said yes
// and stays with the till's sentence when it said no.
type promptScreen struct {
	c       *common
	title   string
	ask     string
	in      field
	do      func(value string) tea.Cmd // answers with a cartMsg
	working bool
	err     string
	w, h    int
	keys    struct{ enter, back key.Binding }
}

func newPrompt(c *common, title, ask string, do func(string) tea.Cmd) *promptScreen {
	s := &promptScreen{c: c, title: title, ask: ask, in: field{limit: 100}, do: do}
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *promptScreen) Init() tea.Cmd             { return nil }
func (s *promptScreen) saysItsRefusal()           {}
func (s *promptScreen) Title() string             { return s.title }
func (s *promptScreen) Typing() bool              { return true }
func (s *promptScreen) SetSize(w, h int)          { s.w, s.h = w, h }
func (s *promptScreen) ShortHelp() []key.Binding  { return []key.Binding{s.keys.enter, s.keys.back} }
func (s *promptScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
func (s *promptScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case cartMsg:
		s.working = false
		if msg.err != nil {
			s.err = s.c.Err(msg.err)
			return nil
		}
		return s.c.back()
	case tea.PasteMsg:
		s.in.insert(msg.Content)
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.back):
			return s.c.back()
		case key.Matches(msg, s.keys.enter):
			s.working, s.err = true, ""
			return s.do(strings.TrimSpace(s.in.Value()))
		default:
			s.err = ""
			s.in.key(msg)
		}
	}
	return nil
}

func (s *promptScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString("\n " + fitWords(s.ask, s.w-2) + "\n " + s.in.view(c.st, true, min(60, s.w-4)) + "\n")
	if s.err != "" {
		b.WriteString("\n " + c.refusal("! "+s.err, s.w-1, "   "))
	}
	return b.String()
}

// compPrompt asks why a cart line is given free and gives it (empty: takes
// the comp back).
func compPrompt(c *common, line int, name string) screen {
	return newPrompt(c, c.T("comp.title")+" · "+name, c.T("comp.ask"), func(why string) tea.Cmd {
		note := c.T("comp.done", why)
		if why == "" {
			note = c.T("comp.removed")
		}
		return c.tillDo(note, func(t Till) error { return t.SetComp(line, why) })
	})
}

// amountPrompt asks a free-amount gift voucher's value and adds it.
func amountPrompt(c *common, g *pos.GiftVoucher) screen {
	return newPrompt(c, c.T("amount.title")+" · "+g.Name.In(c.lang), c.T("amount.ask", c.money(g.MinAmount), c.money(g.MaxAmount)),
		func(typed string) tea.Cmd {
			m, err := parseAmount(c, typed, false)
			if err != nil {
				return func() tea.Msg { return cartMsg{err: errorString(c.T("pay.bad")), by: c.asking} }
			}
			return c.tillDo(c.T("pick.added", g.Name.In(c.lang)+" "+c.money(m)), func(t Till) error { return t.AddVoucher(g.ID, m) })
		})
}

// voucherScreen looks a gift or credit voucher up: typed or scanned, its
// value, what was spent, what is left, until when, and each use.
type voucherScreen struct {
	c     *common
	in    field
	v     counter.VoucherView
	found bool
	// all: every voucher a customer's name found, when more than one:
	// each is listed with what it holds, v (the last) shown in full
	all  []counter.VoucherView
	err  string
	w, h int
	keys struct{ enter, back key.Binding }
}

type voucherInfoMsg struct {
	v     counter.VoucherView
	found bool
	all   []counter.VoucherView
	err   error
}

func newVoucherLookup(c *common) *voucherScreen {
	s := &voucherScreen{c: c, in: field{limit: 40}}
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *voucherScreen) Init() tea.Cmd             { return nil }
func (s *voucherScreen) Title() string             { return s.c.T("voucher.title") }
func (s *voucherScreen) Typing() bool              { return true }
func (s *voucherScreen) SetSize(w, h int)          { s.w, s.h = w, h }
func (s *voucherScreen) ShortHelp() []key.Binding  { return []key.Binding{s.keys.enter, s.keys.back} }
func (s *voucherScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *voucherScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case voucherInfoMsg:
		s.err, s.found, s.v, s.all = "", msg.found, msg.v, nil
		if len(msg.all) > 1 {
			s.all = msg.all
		}
		if msg.err != nil {
			s.err = s.c.Err(msg.err)
		} else if !msg.found {
			s.err = s.c.T("voucher.none")
		}
	case tea.PasteMsg:
		s.in.insert(msg.Content)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.back):
			return s.c.back()
		case key.Matches(msg, s.keys.enter):
			svc, n := s.c.svc, strings.TrimSpace(s.in.Value())
			return func() tea.Msg {
				v, ok, err := svc.VoucherInfo(n)
				var vs []counter.VoucherView
				if err == nil && !ok && n != "" {
					// not a number: a customer's name finds their vouchers
					if vs, err = svc.VouchersOf(n); len(vs) > 0 {
						v, ok = vs[len(vs)-1], true // the newest
					}
				}
				return voucherInfoMsg{v, ok, vs, err}
			}
		default:
			s.in.key(msg)
		}
	}
	return nil
}

func (s *voucherScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString("\n " + c.T("voucher.ask") + " " + s.in.view(c.st, true, 24) + "\n")
	if s.err != "" {
		b.WriteString("\n " + c.refusal("! "+s.err, s.w-1, "   ") + "\n")
	}
	if !s.found {
		return b.String()
	}
	listed := 0 // lines the list takes from the history's room
	if len(s.all) > 1 {
		// a name found several: each with what it holds, so none is
		// forgotten; the last is shown in full below
		b.WriteString("\n " + clip(c.T("voucher.several", len(s.all)), s.w-2) + "\n")
		room := max(s.h-17, 1)
		for i, v := range s.all {
			if i == room && len(s.all) > room+1 {
				b.WriteString("  " + clip(c.T("voucher.more", len(s.all)-i), s.w-3) + "\n")
				break
			}
			kind := c.T("voucher.kindgift")
			if v.Kind == pos.KindCredit {
				kind = c.T("voucher.kindcredit")
			}
			row := "  " + label(v.Number, 16) + label(kind, 10) + label(c.money(v.Balance), 14)
			if v.Customer != nil {
				row += v.Customer.Name
			}
			b.WriteString(clip(row, s.w) + "\n")
		}
		b.WriteString(" " + c.st.dim.Render(clip(c.T("voucher.typeone"), s.w-2)) + "\n")
		listed = min(len(s.all), room+1) + 3
	}
	v := s.v
	head := c.T("voucher.gift", v.Number)
	if v.Kind == pos.KindCredit {
		head = c.T("voucher.credit", v.Number)
	}
	b.WriteString("\n " + c.st.bold.Render(clip(head, s.w-2)) + "\n")
	if v.Customer != nil {
		b.WriteString(" " + clip(c.T("voucher.of", v.Customer.Name), s.w-2) + "\n")
	}
	b.WriteString(" " + label(c.T("voucher.value"), 12) + c.money(v.Value) + "\n")
	b.WriteString(" " + label(c.T("voucher.spent"), 12) + c.money(v.Spent) + "\n")
	b.WriteString(" " + label(c.T("voucher.left"), 12) + c.st.bold.Render(c.money(v.Balance)) + "\n")
	loc := c.cat.Location()
	switch {
	case v.Void:
		b.WriteString(" " + c.st.err.Render(fitWords(c.T("voucher.void"), s.w-2)) + "\n")
	case v.Expired:
		b.WriteString(" " + c.st.err.Render(fitWords(c.T("voucher.expired", pos.FormatDate(v.Expires.In(loc), c.lang)), s.w-2)) + "\n")
	case v.Unpaid:
		b.WriteString(" " + c.st.err.Render(fitWords(c.T("voucher.unpaid", v.Order), s.w-2)) + "\n")
	case v.Expires.IsZero():
		b.WriteString(" " + c.T("voucher.noend") + "\n")
	default:
		b.WriteString(" " + c.T("voucher.until", pos.FormatDate(v.Expires.In(loc), c.lang)) + "\n")
	}
	if len(v.History) > 0 {
		b.WriteString("\n " + c.T("voucher.history") + "\n")
		room := max(s.h-14-listed, 1)
		for i, u := range v.History {
			if i >= room {
				break
			}
			// a use spends (a positive amount); a refund or a cancelled
			// sale gives back to the voucher (negative): said so, not as
			// a spending of "CHF -45.00"
			use, amount := "voucher.use", u.Amount
			if amount.IsNegative() {
				use, amount = "voucher.back", amount.Neg()
			}
			b.WriteString("  " + clip(c.T(use, pos.FormatDate(u.At.In(loc), c.lang), u.Order, c.money(amount)), s.w-3) + "\n")
		}
	}
	return b.String()
}
