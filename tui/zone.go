package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/pos"
)

func itoa(n int) string { return strconv.Itoa(n) }

// zoneScreenFor is the screen that sells a zone: the seat plan or the
// quantities of a general-admission zone.
func zoneScreenFor(c *common, p *pos.Performance, z *pos.Zone) screen {
	if z.Seated() {
		return newSeats(c, p, z)
	}
	return newGA(c, p, z)
}

// perfTitle is "Hamlet · sam. 12 déc. 20:00".
func perfTitle(c *common, p *pos.Performance) string {
	name := p.Event
	if ev, ok := c.cat.EventByID(p.Event); ok {
		name = ev.Name.In(c.lang)
	}
	return name + " · " + pos.FormatDateTime(p.Start.In(c.cat.Location()), c.lang)
}

// zonesScreen lets the staff choose a zone of a performance, with what is
// left for this till to add (its own cart's places counted as its own,
// and said under the zone), as the free-placement screen says it.
type zonesScreen struct {
	c      *common
	p      *pos.Performance
	zones  []pos.Zone
	avail  map[string]ZoneAvailability
	cursor int
	keys   struct{ up, down, enter, back key.Binding }
}

func newZones(c *common, p *pos.Performance) *zonesScreen {
	s := &zonesScreen{c: c, p: p, zones: c.cat.ZonesOf(p)}
	s.keys.up = c.key(keyUp)
	s.keys.down = c.key(keyDown)
	s.keys.enter = c.key(keySelect)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *zonesScreen) Init() tea.Cmd {
	return tillAvailCmd(s.c, s.p.ID)
}
func (s *zonesScreen) Title() string    { return s.c.T("zone.title") }
func (s *zonesScreen) Typing() bool     { return false }
func (s *zonesScreen) SetSize(w, h int) {}
func (s *zonesScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.up, s.keys.down, s.keys.enter, s.keys.back}
}
func (s *zonesScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *zonesScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tillAvailMsg:
		s.avail = map[string]ZoneAvailability{}
		for _, z := range msg {
			s.avail[z.Zone] = z
		}
	case versionMsg:
		return s.Init()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, s.keys.down):
			s.cursor = min(len(s.zones)-1, s.cursor+1)
		case key.Matches(msg, s.keys.back):
			return s.c.back()
		case key.Matches(msg, s.keys.enter):
			return s.c.push(zoneScreenFor(s.c, s.p, &s.zones[s.cursor]))
		}
	}
	return nil
}

func (s *zonesScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString(c.st.title.Render(perfTitle(c, s.p)) + "\n\n")
	for i, z := range s.zones {
		a := s.avail[z.ID]
		line := "  " + c.T("zone.line", z.Name.In(c.lang), a.Available, a.Capacity, a.Sold, a.Held)
		if i == s.cursor {
			line = c.st.sel.Render(">" + line[1:])
		}
		b.WriteString(line + "\n")
		if a.InCart > 0 {
			// on a line of its own: beside the counts it is wider than
			// 80 columns in French
			b.WriteString(c.st.dim.Render("    "+c.T("ga.incart", a.InCart)) + "\n")
		}
		if a.GivenBack > 0 {
			// the counts add up: free = capacity - sold - held + these
			b.WriteString(c.st.dim.Render("    "+c.T("zone.givenback", a.GivenBack)) + "\n")
		}
	}
	return b.String()
}

// gaScreen sells a general-admission zone: a quantity per category.
type gaScreen struct {
	c      *common
	p      *pos.Performance
	z      *pos.Zone
	cats   []*pos.Category
	qty    []int
	cursor int
	avail  int // what this till may still add (its own cart's places counted)
	inCart int // this zone's places already in this till's cart
	known  bool
	// toCart: the quantities being added go on to the cart (c), not back
	// to the list (Enter)
	toCart bool
	// typing: the last key was a digit typed on this row, so the next one
	// goes on the same number (22 is two keys), not in its place
	typing bool
	keys   struct{ up, down, plus, minus, enter, cart, back, digits key.Binding }
}

func newGA(c *common, p *pos.Performance, z *pos.Zone) *gaScreen {
	s := &gaScreen{c: c, p: p, z: z, cats: c.cat.OfferedCategories(p, z.ID, c.sale.priced.Offer)}
	s.qty = make([]int, len(s.cats))
	s.keys.up = c.key(keyUp)
	s.keys.down = c.key(keyDown)
	s.keys.plus = c.key(keyPlusSideways)
	s.keys.minus = c.key(keyMinusSideways)
	s.keys.enter = c.key(keyAdd)
	s.keys.cart = c.key(keyCart)
	s.keys.back = c.key(keyBack)
	s.keys.digits = c.key(keyQtyDigits)
	return s
}

func (s *gaScreen) Init() tea.Cmd {
	return tillAvailCmd(s.c, s.p.ID)
}
func (s *gaScreen) Title() string    { return s.c.T("ga.title") }
func (s *gaScreen) Typing() bool     { return false }
func (s *gaScreen) SetSize(w, h int) {}

// ShortHelp: what this screen does first; the arrows, which every
// screen has, last (at 80 columns they are cut for the help key).
func (s *gaScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.plus, s.keys.enter, s.keys.cart, s.keys.back, s.keys.up, s.keys.down}
}
func (s *gaScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.up, s.keys.down, s.keys.plus, s.keys.digits, s.keys.enter, s.keys.cart, s.keys.back}}
}

func (s *gaScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tillAvailMsg:
		for _, z := range msg {
			if z.Zone == s.z.ID {
				s.avail, s.inCart, s.known = z.Available, z.InCart, true
			}
		}
	case versionMsg:
		return s.Init()
	case cartMsg:
		toCart := s.toCart
		s.toCart = false
		if msg.err == nil {
			s.c.home()
			if toCart {
				return s.c.push(newCart(s.c)) // above the list, as from the list
			}
			return nil
		}
		// refused, nothing added: what is left may have changed since
		// it was shown (another till's sale)
		return s.Init()
	case tea.KeyPressMsg:
		if len(s.cats) == 0 {
			if key.Matches(msg, s.keys.back) {
				return s.c.back()
			}
			return nil
		}
		typing := s.typing
		s.typing = false
		switch {
		case key.Matches(msg, s.keys.digits):
			s.typeDigit(msg, typing)
		case key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, s.keys.down):
			s.cursor = min(len(s.cats)-1, s.cursor+1)
		case key.Matches(msg, s.keys.plus):
			s.qty[s.cursor]++
		case key.Matches(msg, s.keys.minus):
			s.qty[s.cursor] = max(0, s.qty[s.cursor]-1)
		case key.Matches(msg, s.keys.back):
			return s.c.back()
		case key.Matches(msg, s.keys.enter):
			return s.add()
		case key.Matches(msg, s.keys.cart):
			// as on the seat plan: what is chosen goes in, then the cart
			if cmd := s.add(); cmd != nil {
				s.toCart = true
				return cmd
			}
			return s.c.push(newCart(s.c))
		}
	}
	return nil
}

// maxTypedQty bounds a quantity typed in digits (the register refuses
// more than the zone holds anyway).
const maxTypedQty = 9999

// typeDigit types a digit of the row's quantity, after those typed just
// before on it (typing: the last key was one of them), or in place of
// the quantity; Backspace takes the last digit off.
func (s *gaScreen) typeDigit(msg tea.KeyPressMsg, typing bool) {
	q := &s.qty[s.cursor]
	if msg.String() == "backspace" {
		*q /= 10
		s.typing = true
		return
	}
	n, err := strconv.Atoi(msg.Text)
	if err != nil {
		return
	}
	if typing && *q*10+n <= maxTypedQty {
		*q = *q*10 + n
	} else {
		*q = n
	}
	s.typing = true
}

// add puts every quantity chosen in the cart in one till call, all of
// them or none (the register says which category or zone refused), then
// goes back to the list.
func (s *gaScreen) add() tea.Cmd {
	var ws []TicketCount
	n := 0
	for i, q := range s.qty {
		if q > 0 {
			ws = append(ws, TicketCount{Category: s.cats[i].ID, Quantity: q})
			n += q
		}
	}
	if n == 0 {
		return nil
	}
	perf, zone := s.p.ID, s.z.ID
	note := s.c.T("pick.added", perfTitle(s.c, s.p)+" · "+s.z.Name.In(s.c.lang)+" × "+itoa(n))
	return s.c.tillDo(note, func(t Till) error { return t.AddTicketCounts(perf, zone, ws) })
}

func (s *gaScreen) View() string {
	c := s.c
	var b strings.Builder
	b.WriteString(c.st.title.Render(perfTitle(c, s.p)+" · "+s.z.Name.In(c.lang)) + "\n")
	if s.known {
		b.WriteString(c.T("ga.left", s.avail))
		if s.inCart > 0 {
			b.WriteString(" · " + c.T("ga.incart", s.inCart))
		}
	}
	b.WriteString("\n\n")
	total := 0
	for i, cat := range s.cats {
		price, _ := c.cat.OfferedPrice(s.p, s.z.ID, cat.ID, c.sale.priced.Offer)
		q := s.qty[i]
		total += q
		line := "  " + label(cat.Name.In(c.lang), 20) + fit(c.money(price), 14) + "  - " + fit(itoa(q), 3) + " +"
		if i == s.cursor {
			line = c.st.sel.Render(">" + line[1:])
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n  " + c.T("ga.total", total) + "\n")
	if s.known && total > s.avail {
		// the register refuses more than is left: said before Enter,
		// with what to do (what is left is beside this till's cart: the
		// places in it stay)
		b.WriteString("  " + c.refusal(c.T("ga.over", s.avail), c.w, "  ") + "\n")
	}
	return b.String()
}

// tillAvailMsg is a performance's availability as this till may add to
// its cart.
type tillAvailMsg []ZoneAvailability

// tillAvailCmd asks for a performance's availability by zone as this
// till may add to its cart: its own cart's places counted, and said.
func tillAvailCmd(c *common, perf string) tea.Cmd {
	svc, t, lang := c.svc, c.till, c.lang
	return func() tea.Msg {
		av, err := svc.AvailabilityFor(perf, t)
		if err != nil {
			return queryFailed(lang, err)
		}
		return tillAvailMsg(av)
	}
}
