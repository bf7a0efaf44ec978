package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// customersMsg carries a customer search result.
type customersMsg []pos.Customer

// customerSavedMsg reports a customer created or edited at the counter,
// then attached.
type customerSavedMsg struct {
	c     pos.Customer
	typed pos.Customer // what was saved, asked about again when its e-mail is another's
	err   error
}

// The customer record's fields on the form (seed 003), in order.
const (
	custFirst = iota
	custLast
	custEmail
	custPhone
	custCivility
	custAddress
	custLang
	custNewsletter
	custNotes
	custFields
)

var custLabels = [custFields]string{"cust.first", "cust.last", "cust.email", "cust.phone", "cust.civility", "cust.address", "cust.lang", "cust.newsletter", "cust.notes"}

// customerScreen finds a customer by name or e-mail, or creates or edits
// one, and attaches them to the cart or, from the desk, to an order
// already recorded (order != "").
type customerScreen struct {
	c          *common
	order      string
	query      field
	found      []pos.Customer
	cursor     int
	creating   bool
	editing    pos.Customer // the record being edited (ID "": a new one)
	form       [custFields]field
	newsletter bool
	focus      int
	// inUse is the customer who has the e-mail typed: choose them, or
	// save typed anyway (the register asked, the screen asks the staff)
	inUse  *counter.EmailInUseError
	typed  pos.Customer
	labelW int // the form's labels' column: the widest label in the staff's language
	keys   struct{ up, down, enter, create, edit, next, back key.Binding }
}

func newCustomer(c *common) *customerScreen {
	s := &customerScreen{c: c, query: field{limit: 60}}
	for i := range s.form {
		s.form[i] = field{limit: 100}
	}
	s.form[custNotes].limit = 500
	s.form[custAddress].limit = 200
	for _, l := range custLabels {
		s.labelW = max(s.labelW, ansi.StringWidth(c.T(l))+2)
	}
	s.keys.up = c.key(keyUpInField)
	s.keys.down = c.key(keyDownInField)
	s.keys.enter = c.key(keySelect)
	s.keys.create = c.key(keyNew)
	s.keys.edit = c.key(keyEditCustomer)
	s.keys.next = c.key(keyTabField)
	s.keys.back = c.key(keyBack)
	return s
}

// newOrderCustomer is the customer screen for an order already recorded:
// the customer chosen is set on the order.
func newOrderCustomer(c *common, order string) *customerScreen {
	s := newCustomer(c)
	s.order = order
	return s
}

func (s *customerScreen) Init() tea.Cmd    { return s.search() }
func (s *customerScreen) Title() string    { return s.c.T("cust.title") }
func (s *customerScreen) Typing() bool     { return true }
func (s *customerScreen) SetSize(w, h int) {}
func (s *customerScreen) ShortHelp() []key.Binding {
	if s.creating {
		return []key.Binding{s.keys.next, s.keys.enter, s.keys.back}
	}
	return []key.Binding{s.keys.up, s.keys.down, s.keys.enter, s.keys.create, s.keys.edit, s.keys.back}
}
func (s *customerScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *customerScreen) search() tea.Cmd {
	svc, q, lang := s.c.svc, s.query.Value(), s.c.lang
	return func() tea.Msg {
		found, err := svc.SearchCustomers(q, 10)
		if err != nil {
			return queryFailed(lang, err)
		}
		return customersMsg(found)
	}
}

// attach makes cu the order's or the sale's customer; saved says the
// record was just made or changed (else it was chosen: nothing saved).
func (s *customerScreen) attach(cu pos.Customer, saved bool) tea.Cmd {
	id := cu.ID
	s.c.back()
	if s.order != "" {
		n := s.order
		return s.c.deskDo(s.c.T("cust.ordercustomer", cu.Name, n), func(t Till) error { return t.SetOrderCustomer(n, id) })
	}
	s.c.sale.customer = cu
	done := s.c.T("cust.chosen", cu.Name)
	if saved {
		done = s.c.T("cust.saved", cu.Name)
	}
	return s.c.tillDo(done, func(t Till) error { return t.SetCustomer(id) })
}

// open shows the form for a new customer (prefilled with what was
// searched) or for cu.
func (s *customerScreen) open(cu pos.Customer) {
	s.creating, s.focus, s.editing = true, 0, cu
	vals := [custFields]string{cu.FirstName, cu.LastName, cu.Email, cu.Phone, cu.Civility, cu.Address, string(cu.Lang), "", cu.Notes}
	if cu.ID == "" {
		first, last, _ := strings.Cut(strings.TrimSpace(s.query.Value()), " ")
		vals[custFirst], vals[custLast] = first, strings.TrimSpace(last)
	} else if cu.FirstName == "" && cu.LastName == "" {
		vals[custFirst] = cu.Name // a record from before first and last names
	}
	for i := range s.form {
		s.form[i].Set(vals[i])
	}
	s.newsletter = cu.Newsletter
}

func (s *customerScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case customersMsg:
		s.found = msg
		s.cursor = max(0, min(s.cursor, len(s.found)-1))
	case customerSavedMsg:
		var inUse *counter.EmailInUseError
		if errors.As(msg.err, &inUse) {
			s.inUse, s.typed = inUse, msg.typed
			return nil
		}
		if msg.err != nil {
			return flash(c.Err(msg.err), true)
		}
		return s.attach(msg.c, true)
	case tea.PasteMsg:
		s.active().insert(msg.Content)
		if !s.creating {
			return s.search()
		}
	case tea.KeyPressMsg:
		if s.inUse != nil {
			existing, typed := s.inUse.Existing, s.typed
			switch {
			case key.Matches(msg, s.keys.enter):
				s.inUse = nil
				return s.attach(existing, false)
			case key.Matches(msg, s.keys.create):
				s.inUse = nil
				svc, staff := c.svc, c.till.Staff().ID
				return func() tea.Msg {
					saved, err := svc.SaveCustomerSharingEmail(staff, typed)
					return customerSavedMsg{c: saved, typed: typed, err: err}
				}
			case key.Matches(msg, s.keys.back):
				s.inUse = nil // back to the form, to correct the e-mail
			}
			return nil
		}
		switch {
		case key.Matches(msg, s.keys.back):
			if s.creating {
				s.creating = false
				return nil
			}
			return s.c.back()
		case !s.creating && key.Matches(msg, s.keys.create):
			s.open(pos.Customer{})
		case !s.creating && key.Matches(msg, s.keys.edit):
			if len(s.found) > 0 {
				s.open(s.found[s.cursor])
			}
		case s.creating && (key.Matches(msg, s.keys.next) || msg.String() == "down"):
			s.focus = (s.focus + 1) % custFields
		case s.creating && msg.String() == "up":
			s.focus = (s.focus + custFields - 1) % custFields
		case s.creating && s.focus == custNewsletter && msg.String() == "space":
			s.newsletter = !s.newsletter
		case s.creating && key.Matches(msg, s.keys.enter):
			cu := s.editing
			v := func(i int) string { return s.form[i].Value() }
			cu.FirstName, cu.LastName, cu.Email, cu.Phone = v(custFirst), v(custLast), v(custEmail), v(custPhone)
			cu.Civility, cu.Address, cu.Lang, cu.Notes = v(custCivility), v(custAddress), pos.Lang(strings.ToLower(v(custLang))), v(custNotes)
			cu.Newsletter = s.newsletter
			cu.Name = ""
			svc, staff := c.svc, c.till.Staff().ID
			return func() tea.Msg {
				saved, err := svc.SaveCustomer(staff, cu)
				return customerSavedMsg{c: saved, typed: cu, err: err}
			}
		case !s.creating && key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
		case !s.creating && key.Matches(msg, s.keys.down):
			s.cursor = min(len(s.found)-1, s.cursor+1)
		case !s.creating && key.Matches(msg, s.keys.enter):
			if len(s.found) > 0 {
				return s.attach(s.found[s.cursor], false)
			}
		default:
			if s.creating && s.focus == custNewsletter {
				return nil // a box: space ticks it
			}
			if s.active().key(msg) && !s.creating {
				return s.search()
			}
		}
	}
	return nil
}

func (s *customerScreen) active() *field {
	if !s.creating {
		return &s.query
	}
	return &s.form[s.focus]
}

func (s *customerScreen) View() string {
	c := s.c
	var b strings.Builder
	if s.creating {
		title := c.T("cust.new")
		if s.editing.ID != "" {
			title = c.T("cust.edit", s.editing.ID)
		}
		b.WriteString(c.st.title.Render(title) + "\n\n")
		for i := range s.form {
			label := "  " + fit(c.T(custLabels[i]), s.labelW)
			if i == custNewsletter {
				box := "[ ]"
				if s.newsletter {
					box = "[x]"
				}
				if s.focus == i {
					box = c.st.sel.Render(box)
				}
				since := ""
				if s.newsletter && !s.editing.NewsletterSince.IsZero() {
					since = " " + c.st.dim.Render(c.T("cust.since", s.editing.NewsletterSince.In(c.cat.Location()).Format("02.01.2006")))
				}
				b.WriteString(label + box + since + "\n")
				continue
			}
			b.WriteString(label + s.form[i].view(c.st, s.focus == i, 50) + "\n")
		}
		if e := s.inUse; e != nil {
			b.WriteString("\n  " + c.st.bold.Render(c.T("cust.inuse", e.Existing.Name, e.Existing.ID)) + "\n")
			b.WriteString("  " + c.T("cust.inusechoice", e.Existing.Name) + "\n")
		}
		return b.String()
	}
	b.WriteString("  " + c.T("cust.search") + s.query.view(c.st, true, 40) + "\n\n")
	if len(s.found) == 0 {
		b.WriteString("  " + c.st.dim.Render(c.T("cust.none")) + "\n")
	}
	for i, cu := range s.found {
		line := "  " + fit(cu.Name, 30) + " " + fit(cu.Email, 30) + " " + cu.Phone
		if i == s.cursor {
			line = c.st.sel.Render(">" + line[1:])
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
