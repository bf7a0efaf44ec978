package tui

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/pos"
)

// The administrator's desk (`a` from the sales list; resellers have none):
// the offers with their usage, wrong PINs typed at the tills (cleared with
// p, for a colleague who has to sell now), and for one offer its codes,
// managed while the register sells (seeds 000–002).
// Every change goes through the register service, which checks the right
// and applies `guichet codes`' rules.

type offersScreen struct {
	c      *common
	offers []counter.OfferView
	pins   []counter.PINFailures
	cursor int
	w, h   int
	keys   struct{ up, down, enter, back, add, edit, customers, pins, clear key.Binding }
	goTo   string // the offer to put the cursor on once listed (one just saved)
	// importing: the path of a customers CSV file being typed; report: a
	// refused import's lines
	importing bool
	path      field
	report    []string
	err       string
	working   bool
	// clearing: choosing whose wrong PINs to clear, pinAt in pins
	clearing bool
	pinAt    int
}

type offersMsg struct {
	offers []counter.OfferView
	pins   []counter.PINFailures
}

func newOffers(c *common) *offersScreen {
	s := &offersScreen{c: c}
	s.keys.up = c.key(keyUp)
	s.keys.down = c.key(keyDown)
	s.keys.enter = c.key(keyOpen)
	s.keys.back = c.key(keyBack)
	s.keys.add = c.key(keyOfferAdd)
	s.keys.edit = c.key(keyOfferEdit)
	s.keys.customers = c.key(keyCustomersImport)
	s.keys.pins = c.key(keyPINClear)
	s.keys.clear = key.NewBinding(key.WithKeys(s.keys.enter.Keys()...), key.WithHelp(s.keys.enter.Help().Key, c.T("key.pinclearone")))
	s.path = field{limit: 200}
	return s
}

func (s *offersScreen) Init() tea.Cmd { return s.load() }
func (s *offersScreen) load() tea.Cmd {
	t, lang := s.c.till, s.c.lang
	return func() tea.Msg {
		offers, err := t.Offers()
		if err != nil {
			return queryFailed(lang, err)
		}
		pins, err := t.PINFailures()
		if err != nil {
			return queryFailed(lang, err)
		}
		return offersMsg{offers, pins}
	}
}
func (s *offersScreen) Title() string    { return s.c.T("offers.title") }
func (s *offersScreen) Typing() bool     { return s.importing }
func (s *offersScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *offersScreen) ShortHelp() []key.Binding {
	if s.importing {
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	if s.clearing {
		return []key.Binding{s.keys.up, s.keys.down, s.keys.clear, s.keys.back}
	}
	return []key.Binding{s.keys.up, s.keys.down, s.keys.enter, s.keys.add, s.keys.edit, s.keys.customers, s.keys.pins, s.keys.back}
}
func (s *offersScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *offersScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case offersMsg:
		s.offers, s.pins = msg.offers, msg.pins
		s.cursor = max(0, min(s.cursor, len(s.offers)-1))
		s.pinAt = max(0, min(s.pinAt, len(s.pins)-1))
		if len(s.pins) == 0 {
			s.clearing = false
		}
		for i, v := range s.offers {
			if v.Offer.ID == s.goTo {
				s.cursor, s.goTo = i, ""
			}
		}
	case offerGoTo:
		s.goTo = string(msg) // back from the offer's form
		return s.load()
	case importMsg:
		s.working, s.report, s.err = false, msg.report, msg.err
		if msg.err == "" {
			return flash(msg.ok, false)
		}
	case tea.PasteMsg:
		if s.importing {
			s.path.insert(msg.Content)
		}
	case deskMsg: // wrong PINs cleared, or refused
		s.working = false
		if msg.err != nil {
			s.err = s.c.Err(msg.err)
			return s.load()
		}
		s.err = ""
		return tea.Batch(flash(msg.ok, false), s.load())
	case versionMsg:
		return s.load()
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		if s.importing {
			switch {
			case key.Matches(msg, s.keys.back):
				s.importing = false
			case key.Matches(msg, s.keys.enter):
				s.importing, s.working = false, true
				return importCustomersCmd(s.c, strings.TrimSpace(s.path.Value()))
			default:
				s.path.key(msg)
			}
			return nil
		}
		if s.clearing {
			switch {
			case key.Matches(msg, s.keys.back):
				s.clearing = false
			case key.Matches(msg, s.keys.up):
				s.pinAt = max(0, s.pinAt-1)
			case key.Matches(msg, s.keys.down):
				s.pinAt = max(0, min(len(s.pins)-1, s.pinAt+1))
			case key.Matches(msg, s.keys.clear):
				if s.pinAt < len(s.pins) {
					s.clearing, s.working = false, true
					who := s.pins[s.pinAt].Staff
					return s.c.deskDo(s.c.T("offers.pincleared", staffName(s.c, who)), func(t Till) error { return t.ClearPINWait(who) })
				}
			}
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.back):
			return s.c.back()
		case key.Matches(msg, s.keys.pins):
			if len(s.pins) == 0 {
				return flash(s.c.T("offers.pinnone"), false)
			}
			s.clearing, s.pinAt, s.err = true, 0, ""
		case key.Matches(msg, s.keys.customers):
			s.importing, s.report, s.err = true, nil, ""
			s.path.Reset()
		case key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, s.keys.down):
			s.cursor = max(0, min(len(s.offers)-1, s.cursor+1))
		case key.Matches(msg, s.keys.add):
			s.goTo = ""
			return s.c.push(newOfferForm(s.c, pos.Offer{}))
		case key.Matches(msg, s.keys.edit):
			if len(s.offers) > 0 {
				s.goTo = s.offers[s.cursor].Offer.ID
				return s.c.push(newOfferForm(s.c, *s.offers[s.cursor].Offer))
			}
		case key.Matches(msg, s.keys.enter):
			if len(s.offers) > 0 {
				o := s.offers[s.cursor].Offer
				if o.Automatic {
					return flash(s.c.T("offers.automatic"), true)
				}
				return s.c.push(newCodes(s.c, o))
			}
		}
	}
	return nil
}

// staffName is a member of staff's name, their id when the catalog no
// longer has them (wrong PINs typed before a catalog dropped them).
func staffName(c *common, id string) string {
	if st, ok := c.cat.StaffByID(id); ok {
		return st.Name
	}
	return id
}

// effectText is an offer's effect and value in a few words.
func effectText(c *common, o *pos.Offer) string {
	switch o.Effect {
	case pos.EffectPercent:
		return c.T("offers.percent", percentText(o.PercentBP, c.lang))
	case pos.EffectAmountPerTicket:
		return c.T("offers.perticket", c.money(o.Amount))
	case pos.EffectAmountOffCart:
		return c.T("offers.offcart", c.money(o.Amount))
	case pos.EffectPriceList:
		name := o.PriceList
		if pl, ok := c.cat.PriceListByID(o.PriceList); ok {
			name = pl.Name.In(c.lang)
		}
		return c.T("offers.pricelist", name)
	}
	return o.Effect
}

// percentText is basis points as a percentage: 1500 is "15 %" in French,
// "15%" in English; 1250 is "12,5 %".
func percentText(bp int64, lang pos.Lang) string {
	n := strconv.FormatInt(bp/100, 10)
	if f := bp % 100; f != 0 {
		n += strings.TrimRight("."+strconv.FormatInt(100+f, 10)[1:], "0")
	}
	if lang == pos.French {
		return strings.ReplaceAll(n, ".", ",") + " %"
	}
	return n + "%"
}

// scopeText is what an offer applies to, its controls and its limits.
func scopeText(c *common, o *pos.Offer) string {
	var parts []string
	for _, it := range o.Events {
		if ev, ok := c.cat.EventByID(it.Event); ok {
			parts = append(parts, ev.Name.In(c.lang))
		}
	}
	for _, it := range o.Passes {
		if p, ok := c.cat.PassByID(it.Pass); ok {
			parts = append(parts, p.Name.In(c.lang))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, c.T("offers.everything"))
	}
	for _, lc := range []struct {
		what string
		l    pos.LabelControl
	}{{"offers.perfcontrol", o.PerformanceControl}, {"offers.listcontrol", o.PriceListControl}, {"offers.catcontrol", o.CategoryControl}} {
		if lc.l.Containing != "" {
			parts = append(parts, c.T(lc.what, "+"+lc.l.Containing))
		}
		if lc.l.NotContaining != "" {
			parts = append(parts, c.T(lc.what, "−"+lc.l.NotContaining))
		}
	}
	if o.MaxPerOrder > 0 {
		parts = append(parts, c.T("offers.perorder", o.MaxPerOrder))
	}
	if len(o.Profiles) > 0 {
		parts = append(parts, c.T("offers.profiles", strings.Join(o.Profiles, ", ")))
	}
	return strings.Join(parts, " · ")
}

func validityText(c *common, o *pos.Offer) string {
	from, until := o.ValidFromTime(), o.ValidUntilTime()
	loc := c.cat.Location()
	switch {
	case from.IsZero() && until.IsZero():
		return c.T("offers.always")
	case until.IsZero():
		return c.T("offers.from", from.In(loc).Format("02.01.06"))
	case from.IsZero():
		return c.T("offers.until", until.Add(-1).In(loc).Format("02.01.06"))
	}
	return from.In(loc).Format("02.01") + "–" + until.Add(-1).In(loc).Format("02.01.06")
}

func (s *offersScreen) View() string {
	c := s.c
	var b strings.Builder
	if s.clearing {
		b.WriteString(clip(" "+c.T("offers.pinwhich"), s.w) + "\n")
	}
	for i, f := range s.pins {
		line := "! " + c.T("offers.pins", staffName(c, f.Staff), f.Count, f.Last.In(c.cat.Location()).Format("15:04"), f.Till)
		if s.clearing && i == s.pinAt {
			b.WriteString(clip(c.st.sel.Render(">"+fit(line, s.w-1)), s.w) + "\n")
			continue
		}
		b.WriteString(clip(" "+c.st.err.Render(line), s.w) + "\n")
	}
	b.WriteString(clip(" "+c.st.dim.Render(fit(c.T("offers.head.name"), 28)+" "+fit(c.T("offers.head.effect"), 22)+" "+fit(c.T("offers.head.usage"), 12)+" "+c.T("offers.head.codes")), s.w) + "\n")
	room := max(s.h-4-len(s.pins), 1)
	if s.clearing {
		room = max(room-1, 1)
	}
	first := max(0, s.cursor-room+1)
	for i := first; i < len(s.offers) && i < first+room; i++ {
		v := s.offers[i]
		o := v.Offer
		usage := itoa(v.Tickets)
		if o.MaxTickets > 0 {
			usage += " / " + itoa(o.MaxTickets)
		}
		codes := itoa(v.Codes)
		if o.Automatic {
			codes = c.T("offers.auto")
		}
		state := "✓"
		if !v.InForce {
			state = "·"
		}
		line := " " + state + " " + fit(o.Name.In(c.lang), 26) + " " + fit(effectText(c, o), 22) + " " + fit(usage, 12) + " " + codes
		if i == s.cursor && !s.clearing {
			line = c.st.sel.Render(">" + fit(line[1:], s.w-1))
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	if len(s.offers) > 0 {
		o := s.offers[s.cursor].Offer
		state := c.T("offers.inforce")
		if !s.offers[s.cursor].InForce {
			state = c.T("offers.notinforce")
		}
		b.WriteString("\n" + clip(" "+validityText(c, o)+" · "+state, s.w) + "\n")
		b.WriteString(clip(" "+c.st.dim.Render(scopeText(c, o)), s.w) + "\n")
	}
	if s.importing {
		b.WriteString("\n " + c.T("offers.askcustomers") + s.path.view(c.st, true, 40) + "\n")
	}
	for _, l := range s.report {
		b.WriteString(clip("   "+c.st.err.Render(l), s.w) + "\n")
	}
	return b.String() + deskOutcome(c, s.working, s.err)
}

// importCustomersCmd imports a customers CSV file through the register:
// all or nothing, a refusal with its lines.
func importCustomersCmd(c *common, path string) tea.Cmd {
	t, lang := c.till, c.lang
	return c.inOrder(func() tea.Msg {
		data, err := os.ReadFile(path)
		if err != nil {
			return importMsg{err: pos.Say(err, lang)}
		}
		list, err := t.ImportCustomers(data)
		var ie *pos.CustomersImportError
		if errors.As(err, &ie) {
			return refusedImportMsg(lang, ie.Problems)
		}
		if err != nil {
			return importMsg{err: pos.Say(err, lang)}
		}
		return importMsg{ok: tr(lang, "offers.customersimported", len(list))}
	})
}

// refusedImportMsg tells a refused import (codes or customers): nothing
// was imported, and every bad line.
func refusedImportMsg(lang pos.Lang, problems []pos.CSVProblem) importMsg {
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = p.Say(lang)
		if p.Line > 0 {
			lines[i] = tr(lang, "codes.line", p.Line, p.Say(lang))
		}
	}
	return importMsg{err: tr(lang, "codes.importfailed", len(problems)), report: lines}
}

// --- one offer's codes ---

type codesScreen struct {
	c       *common
	offer   *pos.Offer
	codes   []counter.CodeView
	shown   []int // indexes into codes, after the filter
	history []counter.CodeEvent
	histOf  string
	cursor  int
	filter  field
	input   field
	mode    int // codesBrowse, codesFilter, or the key being answered
	err     string
	report  []string // an import's refused lines
	working bool
	w, h    int
	keys    struct {
		up, down, back, enter, search, add, gen, limit, copy, toggle, del, export, imp, hist key.Binding
	}
}

const (
	codesBrowse = iota
	codesFilter
	codesAdd
	codesGenerate
	codesLimit
	codesCopy
	codesExport
	codesImport
)

type codesMsg struct {
	codes []counter.CodeView
}

type historyMsg struct {
	code   string
	events []counter.CodeEvent
}

func newCodes(c *common, o *pos.Offer) *codesScreen {
	s := &codesScreen{c: c, offer: o, filter: field{limit: 30}, input: field{limit: 200}}
	s.keys.up = c.key(keyUpInField)
	s.keys.down = c.key(keyDownInField)
	s.keys.back = c.key(keyBack)
	s.keys.enter = c.key(keyConfirm)
	s.keys.search = c.key(keySearch)
	s.keys.add = c.key(keyCodeAdd)
	s.keys.gen = c.key(keyCodeGenerate)
	s.keys.limit = c.key(keyCodeLimit)
	s.keys.copy = c.key(keyCodeCopy)
	s.keys.toggle = c.key(keyCodeToggle)
	s.keys.del = c.key(keyCodeDelete)
	s.keys.export = c.key(keyCodeExport)
	s.keys.imp = c.key(keyCodeImport)
	s.keys.hist = c.key(keyCodeHistory)
	return s
}

func (s *codesScreen) Init() tea.Cmd { return s.load() }
func (s *codesScreen) load() tea.Cmd {
	t, id, lang := s.c.till, s.offer.ID, s.c.lang
	return func() tea.Msg {
		codes, err := t.Codes(id)
		if err != nil {
			return queryFailed(lang, err)
		}
		return codesMsg{codes}
	}
}
func (s *codesScreen) Title() string    { return s.c.T("codes.title", s.offer.Name.In(s.c.lang)) }
func (s *codesScreen) Typing() bool     { return s.mode != codesBrowse }
func (s *codesScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *codesScreen) ShortHelp() []key.Binding {
	if s.mode != codesBrowse {
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	return []key.Binding{s.keys.add, s.keys.gen, s.keys.limit, s.keys.copy, s.keys.toggle, s.keys.del, s.keys.hist}
}
func (s *codesScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.up, s.keys.down, s.keys.search, s.keys.back},
		{s.keys.add, s.keys.gen, s.keys.limit, s.keys.copy}, {s.keys.toggle, s.keys.del, s.keys.hist, s.keys.export, s.keys.imp}}
}

func (s *codesScreen) refilter() {
	q := pos.NormalizeCode(s.filter.Value())
	s.shown = s.shown[:0]
	for i, k := range s.codes {
		if q == "" || strings.Contains(k.Code.Code, q) {
			s.shown = append(s.shown, i)
		}
	}
	s.cursor = max(0, min(s.cursor, len(s.shown)-1))
}

// selected is the code under the cursor ("" when none).
func (s *codesScreen) selected() (counter.CodeView, bool) {
	if len(s.shown) == 0 {
		return counter.CodeView{}, false
	}
	return s.codes[s.shown[s.cursor]], true
}

// do runs a register command, then reloads the codes.
func (s *codesScreen) do(ok string, f func(t Till) error) tea.Cmd {
	s.working = true
	return s.c.deskDo(ok, f)
}

func (s *codesScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case codesMsg:
		s.codes = msg.codes
		s.refilter()
	case historyMsg:
		s.histOf, s.history = msg.code, msg.events
	case importMsg:
		s.working = false
		s.report = msg.report
		s.err = msg.err
		if msg.err == "" {
			return tea.Batch(flash(msg.ok, false), s.load())
		}
		return nil
	case deskMsg:
		s.working = false
		if msg.err != nil {
			s.err = c.Err(msg.err)
			if errors.Is(msg.err, pos.ErrCodeUsed) {
				s.err = c.T("codes.used")
			}
			return s.load()
		}
		s.err, s.report = "", nil
		s.histOf = ""
		return tea.Batch(flash(msg.ok, false), s.load())
	case versionMsg:
		return s.load()
	case tea.PasteMsg:
		switch s.mode {
		case codesBrowse:
		case codesFilter:
			s.filter.insert(msg.Content)
			s.refilter()
		default:
			s.input.insert(msg.Content)
		}
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		switch s.mode {
		case codesBrowse:
			return s.browse(msg)
		case codesFilter:
			switch {
			case key.Matches(msg, s.keys.back), key.Matches(msg, s.keys.enter):
				s.mode = codesBrowse
			case key.Matches(msg, s.keys.up):
				s.cursor = max(0, s.cursor-1)
			case key.Matches(msg, s.keys.down):
				s.cursor = max(0, min(len(s.shown)-1, s.cursor+1))
			default:
				if s.filter.key(msg) {
					s.refilter()
				}
			}
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.back):
			s.mode, s.err = codesBrowse, ""
			return nil
		case key.Matches(msg, s.keys.enter):
			mode := s.mode
			s.mode = codesBrowse
			return s.answer(mode, strings.TrimSpace(s.input.Value()))
		}
		s.input.key(msg)
	}
	return nil
}

func (s *codesScreen) ask(mode int, preset string) tea.Cmd {
	s.mode, s.err, s.report = mode, "", nil
	s.input.Reset()
	s.input.Set(preset)
	return nil
}

func (s *codesScreen) browse(msg tea.KeyPressMsg) tea.Cmd {
	c := s.c
	k, ok := s.selected()
	s.err = ""
	switch {
	case key.Matches(msg, s.keys.back):
		return c.back()
	case key.Matches(msg, s.keys.up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(msg, s.keys.down):
		s.cursor = max(0, min(len(s.shown)-1, s.cursor+1))
	case key.Matches(msg, s.keys.search):
		s.mode = codesFilter
	case key.Matches(msg, s.keys.add):
		return s.ask(codesAdd, "")
	case key.Matches(msg, s.keys.gen):
		return s.ask(codesGenerate, "")
	case key.Matches(msg, s.keys.export):
		return s.ask(codesExport, "codes-"+s.offer.ID+".csv")
	case key.Matches(msg, s.keys.imp):
		return s.ask(codesImport, "")
	case !ok:
		return nil
	case key.Matches(msg, s.keys.limit):
		return s.ask(codesLimit, itoa(k.MaxUses))
	case key.Matches(msg, s.keys.copy):
		return s.ask(codesCopy, "")
	case key.Matches(msg, s.keys.toggle):
		code, off := k.Code.Code, !k.Disabled
		done := c.T("codes.enabled", code)
		if off {
			done = c.T("codes.disabled", code)
		}
		return s.do(done, func(t Till) error { return t.SetCodeDisabled(code, off) })
	case key.Matches(msg, s.keys.del):
		code := k.Code.Code
		if k.Uses > 0 {
			s.err = c.T("codes.used")
			return nil
		}
		return s.do(c.T("codes.deleted", code), func(t Till) error { return t.DeleteCode(code) })
	case key.Matches(msg, s.keys.hist):
		t, code, lang := c.till, k.Code.Code, c.lang
		return func() tea.Msg {
			h, err := t.CodeHistory(code)
			if err != nil {
				return queryFailed(lang, err)
			}
			return historyMsg{code, h}
		}
	}
	return nil
}

// importMsg is an import's outcome: its line-numbered report when refused.
type importMsg struct {
	ok, err string
	report  []string
}

// answer runs what a prompt asked for, with what was typed.
func (s *codesScreen) answer(mode int, typed string) tea.Cmd {
	c := s.c
	offer := s.offer.ID
	k, _ := s.selected()
	fields := strings.Fields(typed)
	number := func(i, def int) (int, bool) {
		if len(fields) <= i {
			return def, true
		}
		n, err := strconv.Atoi(fields[i])
		if err != nil || n < 0 {
			s.err = c.T("codes.number", fields[i])
			return 0, false
		}
		return n, true
	}
	switch mode {
	case codesAdd:
		if len(fields) == 0 {
			s.err = c.T("codes.needcode")
			return nil
		}
		uses, ok := number(1, 0)
		if !ok {
			return nil
		}
		code := fields[0]
		return s.do(c.T("codes.added", pos.NormalizeCode(code)), func(t Till) error {
			return t.AddCodes(offer, []pos.Code{{Code: code, MaxUses: uses}})
		})
	case codesGenerate:
		n, ok := number(0, 0)
		if !ok {
			return nil
		}
		uses, ok := number(1, 1)
		if !ok || n < 1 {
			if ok {
				s.err = c.T("codes.howmany")
			}
			return nil
		}
		return s.do(c.T("codes.generated", n), func(t Till) error {
			_, err := t.GenerateCodes(offer, n, 10, uses)
			return err
		})
	case codesLimit:
		uses, ok := number(0, -1)
		if !ok || uses < 0 {
			return nil
		}
		code := k.Code.Code
		return s.do(c.T("codes.limited", code, usageText(c, k.Uses, uses)), func(t Till) error { return t.SetCodeMaxUses(code, uses) })
	case codesCopy:
		if len(fields) == 0 {
			s.err = c.T("codes.needcode")
			return nil
		}
		from, code := k.Code.Code, fields[0]
		return s.do(c.T("codes.copied", pos.NormalizeCode(code), from), func(t Till) error {
			_, err := t.CopyCode(from, code)
			return err
		})
	case codesExport:
		if typed == "" {
			return nil
		}
		t, lang := c.till, c.lang
		s.working = true
		return c.inOrder(func() tea.Msg {
			var buf bytes.Buffer
			if err := t.ExportCodes(offer, &buf); err != nil {
				return deskMsg{err: err}
			}
			if err := os.WriteFile(typed, buf.Bytes(), 0o644); err != nil {
				return deskMsg{err: err}
			}
			return deskMsg{ok: tr(lang, "codes.exported", typed)}
		})
	case codesImport:
		if typed == "" {
			return nil
		}
		t, lang := c.till, c.lang
		s.working = true
		return c.inOrder(func() tea.Msg {
			data, err := os.ReadFile(typed)
			if err != nil {
				return importMsg{err: pos.Say(err, lang)}
			}
			codes, err := t.ImportCodes(offer, data)
			var ie *pos.CodesImportError
			if errors.As(err, &ie) {
				return refusedImportMsg(lang, ie.Problems)
			}
			if err != nil {
				return importMsg{err: pos.Say(err, lang)}
			}
			return importMsg{ok: tr(lang, "codes.imported", len(codes))}
		})
	}
	return nil
}

// usageText is "uses / permitted" in the staff's words (seed 002).
func usageText(c *common, uses, permitted int) string {
	if permitted == 0 {
		return c.T("codes.unlimited", uses)
	}
	return itoa(uses) + " / " + itoa(permitted)
}

func (s *codesScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString(" " + c.T("codes.filter") + s.filter.view(c.st, s.mode == codesFilter, 20) + "  " +
		c.st.dim.Render(c.T("codes.count", len(s.shown), len(s.codes))) + "\n")
	b.WriteString(clip(" "+c.st.dim.Render("  "+fit(c.T("codes.head.code"), 22)+" "+fit(c.T("codes.head.usage"), 18)+" "+c.T("codes.head.state")), s.w) + "\n")
	extra := len(s.history) + len(s.report) + 4
	if s.histOf == "" {
		extra = len(s.report) + 4
	}
	room := max(s.h-2-extra, 3)
	first := max(0, s.cursor-room+1)
	for j := first; j < len(s.shown) && j < first+room; j++ {
		k := s.codes[s.shown[j]]
		state := c.T("codes.on")
		if k.Disabled {
			state = c.T("codes.off")
		}
		if k.Catalog {
			state += " · " + c.T("codes.catalog")
		}
		line := "   " + fit(k.Code.Code, 22) + " " + fit(usageText(c, k.Uses, k.MaxUses), 18) + " " + state
		if j == s.cursor {
			line = c.st.sel.Render(" >" + fit(line[2:], s.w-2))
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	if len(s.codes) == 0 {
		b.WriteString("   " + c.st.dim.Render(c.T("codes.none")) + "\n")
	}
	if s.histOf != "" {
		b.WriteString("\n " + c.st.title.Render(c.T("codes.history", s.histOf)) + "\n")
		for _, e := range s.history {
			line := "   " + c.T("codes.ev."+e.What)
			if !e.Time.IsZero() { // the catalog's codes have no moment
				line = "   " + e.Time.In(c.cat.Location()).Format("02.01 15:04") + "  " + c.T("codes.ev."+e.What)
			}
			if e.Order != "" {
				line += " " + e.Order
			}
			if e.What == "created" || e.What == "changed" || e.What == "catalog" {
				allowed := c.T("codes.unlimitedword")
				if e.Uses > 0 {
					allowed = itoa(e.Uses)
				}
				line += " (" + c.T("codes.allowed", allowed) + ")"
			}
			if e.Staff != "" {
				line += " · " + e.Staff
			}
			b.WriteString(clip(line, s.w) + "\n")
		}
	}
	if s.mode >= codesAdd {
		b.WriteString("\n " + c.T(map[int]string{codesAdd: "codes.ask.add", codesGenerate: "codes.ask.generate", codesLimit: "codes.ask.limit",
			codesCopy: "codes.ask.copy", codesExport: "codes.ask.export", codesImport: "codes.ask.import"}[s.mode]) + s.input.view(c.st, true, 30) + "\n")
	}
	for _, l := range s.report {
		b.WriteString(clip("   "+c.st.err.Render(l), s.w) + "\n")
	}
	return b.String() + deskOutcome(c, s.working, s.err)
}
