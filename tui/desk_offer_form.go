package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/pos"
)

// An offer created or changed at the register (seed 000): the form of
// pos.OfferForm; saving records offer.saved, checked as the catalog's
// offers are.

const (
	ofID = iota
	ofNameFR
	ofNameEN
	ofDescFR
	ofDescEN
	ofEffect
	ofValue
	ofMaxTickets
	ofMaxPerOrder
	ofFrom
	ofUntil
	ofEvents
	ofProfiles
	ofPerf
	ofList
	ofCategory
	ofEnabled
	ofFields
)

var offerLabels = [ofFields]string{"of.id", "of.namefr", "of.nameen", "of.descfr", "of.descen", "of.effect", "of.value", "of.maxtickets", "of.perorder",
	"of.from", "of.until", "of.events", "of.profiles", "of.perf", "of.list", "of.category", "of.enabled"}

type offerFormScreen struct {
	c       *common
	base    pos.Offer // the offer changed (ID "": a new one)
	form    pos.OfferForm
	fields  [ofFields]field
	enabled bool
	focus   int
	err     string
	working bool
	w, h    int
	keys    struct{ next, enter, back key.Binding }
}

// offerGoTo puts the offers list's cursor on an offer just saved.
type offerGoTo string

// offerSavedMsg is a saved offer, or why not.
type offerSavedMsg struct {
	o   pos.Offer
	err error
}

func newOfferForm(c *common, base pos.Offer) *offerFormScreen {
	s := &offerFormScreen{c: c, base: base, form: pos.FormOf(base), enabled: !base.Disabled}
	if base.ID == "" {
		s.form.Effect, s.enabled = pos.EffectPercent, true
	}
	f := s.form
	vals := [ofFields]string{f.ID, f.NameFR, f.NameEN, f.DescriptionFR, f.DescriptionEN, f.Effect, f.Value, f.MaxTickets, f.MaxPerOrder,
		f.ValidFrom, f.ValidUntil, f.Events, f.Profiles, f.PerfControl, f.ListControl, f.CategoryControl, ""}
	for i := range s.fields {
		s.fields[i] = field{limit: 200}
		s.fields[i].Set(vals[i])
	}
	if base.ID != "" {
		s.focus = ofNameFR // an offer's id does not change
	}
	s.keys.next = c.key(keyTabField)
	s.keys.enter = c.key(keyConfirm)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *offerFormScreen) Init() tea.Cmd { return nil }
func (s *offerFormScreen) Title() string {
	if s.base.ID == "" {
		return s.c.T("of.new")
	}
	return s.c.T("of.edit", s.base.ID)
}
func (s *offerFormScreen) Typing() bool     { return true }
func (s *offerFormScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *offerFormScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.next, s.keys.enter, s.keys.back}
}
func (s *offerFormScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *offerFormScreen) move(d int) {
	for {
		s.focus = (s.focus + d + ofFields) % ofFields
		if s.focus != ofID || s.base.ID == "" {
			return
		}
	}
}

func (s *offerFormScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case offerSavedMsg:
		s.working = false
		if msg.err != nil {
			s.err = c.Err(msg.err)
			return nil
		}
		c.back()
		id := msg.o.ID
		return tea.Batch(flash(c.T("of.saved", msg.o.Name.In(c.lang)), false), func() tea.Msg { return offerGoTo(id) })
	case tea.PasteMsg:
		if s.focus != ofEnabled {
			s.fields[s.focus].insert(msg.Content)
		}
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.back):
			return c.back()
		case key.Matches(msg, s.keys.next) || msg.String() == "down":
			s.move(1)
		case msg.String() == "up":
			s.move(-1)
		case s.focus == ofEnabled && msg.String() == "space":
			s.enabled = !s.enabled
		case key.Matches(msg, s.keys.enter):
			v := func(i int) string { return s.fields[i].Value() }
			f := s.form
			f.ID, f.NameFR, f.NameEN, f.DescriptionFR, f.DescriptionEN = v(ofID), v(ofNameFR), v(ofNameEN), v(ofDescFR), v(ofDescEN)
			f.Effect, f.Value, f.MaxTickets, f.MaxPerOrder = strings.ToLower(v(ofEffect)), v(ofValue), v(ofMaxTickets), v(ofMaxPerOrder)
			f.ValidFrom, f.ValidUntil, f.Events, f.Profiles = v(ofFrom), v(ofUntil), v(ofEvents), v(ofProfiles)
			f.PerfControl, f.ListControl, f.CategoryControl, f.Disabled = v(ofPerf), v(ofList), v(ofCategory), !s.enabled
			o, err := f.Offer(s.base, c.cat.Currency())
			if err != nil {
				s.err = c.Err(err)
				return nil
			}
			s.working, s.err = true, ""
			t := c.till
			return c.inOrder(func() tea.Msg {
				saved, err := t.SaveOffer(o)
				return offerSavedMsg{saved, err}
			})
		default:
			if s.focus != ofEnabled {
				s.fields[s.focus].key(msg)
			}
		}
	}
	return nil
}

func (s *offerFormScreen) View() string {
	c := s.c
	var b strings.Builder
	for i := range s.fields {
		label := " " + fit(c.T(offerLabels[i]), 24)
		switch {
		case i == ofEnabled:
			box := "[ ]"
			if s.enabled {
				box = "[x]"
			}
			if s.focus == i {
				box = c.st.sel.Render(box)
			}
			b.WriteString(label + box + "\n")
		case i == ofID && s.base.ID != "":
			b.WriteString(label + s.base.ID + "\n")
		default:
			b.WriteString(clip(label+s.fields[i].view(c.st, s.focus == i, max(s.w-27, 10)), s.w) + "\n")
		}
	}
	if hint := c.T("of.hint." + []string{"id", "namefr", "nameen", "descfr", "descen", "effect", "value", "max", "max", "date", "date", "events", "profiles", "control", "control", "control", "enabled"}[s.focus]); hint != "" {
		b.WriteString(clip(" "+c.st.dim.Render(hint), s.w) + "\n")
	}
	return b.String() + deskOutcome(c, s.working, s.err)
}
