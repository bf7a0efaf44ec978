package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// The desk: find an order by number, customer name or e-mail.

type ordersScreen struct {
	c     *common
	query field
	found []OrderView
	// rows are the found orders' rows as the list writes them, made when
	// the answer arrives (View formats no amount): by order number
	rows map[string]string
	// answered: a search has answered; until then the screen does not
	// say there is no order
	answered bool
	cursor   int
	filter   int // ordersAll, ordersPending, ordersOverdue
	w, h     int
	keys     struct{ up, down, pgup, pgdown, enter, back, filter key.Binding }
}

// What the list shows: every order found (pending invoices first), the
// pending ones, or those past their deadline.
const (
	ordersAll = iota
	ordersPending
	ordersOverdue
)

var orderFilterWords = [...]string{"orders.all", "orders.pending", "orders.overdue"}

func newOrders(c *common) *ordersScreen {
	s := &ordersScreen{c: c, query: field{limit: 400}} // a ticket's QR code scanned (some 170 characters)
	s.keys.up = c.key(keyUpInField)
	s.keys.down = c.key(keyDownInField)
	s.keys.pgup, s.keys.pgdown = c.key(keyPageUp), c.key(keyPageDown)
	s.keys.enter = c.key(keyOpen)
	s.keys.back = c.key(keyBack)
	s.keys.filter = c.key(keyOrderFilter)
	return s
}

func (s *ordersScreen) Init() tea.Cmd    { return s.search() }
func (s *ordersScreen) Title() string    { return s.c.T("orders.title") }
func (s *ordersScreen) Typing() bool     { return true }
func (s *ordersScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *ordersScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.up, s.keys.down, s.keys.enter, s.keys.filter, s.keys.back}
}

// shown is the orders found that the filter keeps.
func (s *ordersScreen) shown() []OrderView {
	if s.filter == ordersAll {
		return s.found
	}
	now := s.c.now()
	var out []OrderView
	for _, o := range s.found {
		if o.Order.State != pos.OrderPending {
			continue
		}
		if s.filter == ordersOverdue && (o.Order.Deadline.IsZero() || now.Before(o.Order.Deadline)) {
			continue
		}
		out = append(out, o)
	}
	return out
}
func (s *ordersScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.up, s.keys.down, s.keys.pgup, s.keys.pgdown}, {s.keys.enter, s.keys.filter, s.keys.back}}
}

// room is how many orders the list shows at once (below the search and
// the filter line): what PgUp and PgDn move by.
func (s *ordersScreen) room() int { return max(s.h-3, 1) }

func (s *ordersScreen) search() tea.Cmd {
	svc, till, q := s.c.svc, s.c.till, strings.TrimSpace(s.query.Value())
	if q == "" {
		q = s.c.svc.ID() // every order of this register, newest first
	}
	lang := s.c.lang
	return func() tea.Msg {
		_, _ = svc.LapseDue()                 // a lapsed invoice shows as lapsed
		found, err := till.FindOrders(q, 200) // the orders the seller's profile shows
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
		s.found, s.answered = msg.orders, true
		s.rows = orderRows(s.c, s.found)
		s.cursor = max(0, min(s.cursor, len(s.shown())-1))
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
			s.cursor = max(0, min(len(s.shown())-1, s.cursor+1))
		case key.Matches(msg, s.keys.pgup):
			// a day's orders are 200 at most: a page, not 199 arrows
			s.cursor = max(0, s.cursor-s.room())
		case key.Matches(msg, s.keys.pgdown):
			s.cursor = max(0, min(len(s.shown())-1, s.cursor+s.room()))
		case key.Matches(msg, s.keys.filter):
			s.filter, s.cursor = (s.filter+1)%len(orderFilterWords), 0
		case key.Matches(msg, s.keys.enter):
			if shown := s.shown(); len(shown) > 0 {
				return s.c.push(newOrder(s.c, shown[s.cursor]))
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
	b.WriteString(" " + c.T("orders.search") + s.query.view(c.st, true, 40) + "\n")
	b.WriteString(" " + c.st.dim.Render(clip(c.T("orders.filter", c.T(orderFilterWords[s.filter])), s.w-2)) + "\n")
	found := s.shown()
	if len(found) == 0 && s.answered { // before the first answer, nothing is known to say
		none := "orders.none"
		if s.filter == ordersAll && strings.TrimSpace(s.query.Value()) == "" {
			none = "orders.noneyet" // nothing to match: no order at all
		}
		if scope := c.seller.OrderScope(); scope != pos.OrdersAll {
			// a reseller sees only some: "no order yet" read as a
			// journal lost, and her colleague's number as not sold
			none += "." + scope
		}
		b.WriteString("  " + wrapIn(c.st.dim, c.T(none), s.w-2, "  ", 3) + "\n")
	}
	room := s.room()
	first := max(0, s.cursor-room+1)
	for i := first; i < len(found) && i < first+room; i++ {
		line := s.rows[found[i].Order.Number]
		if i == s.cursor {
			line = c.st.sel.Render(">" + fit(line[1:], s.w-1))
		}
		b.WriteString(clip(line, s.w) + "\n")
	}
	return b.String()
}

// orderRows writes each order's row: state, number, state's word, total,
// how many things it holds and whose it is. A paid order with some
// tickets canceled says how many ("3× (1 annulé)"): a cashier looking for
// the order to refund sees it was already refunded in part; exchanged ones
// too ("3× (1 annulé, 1 échangé)"), which went to another order. The column
// of counts is as wide as its widest.
func orderRows(c *common, found []OrderView) map[string]string {
	counts := make([]string, len(found))
	w := 4
	for i, o := range found {
		counts[i] = itoa(itemCount(o.Order)) + "×"
		var gone []string
		canceled, exchanged := ticketsIn(o, counter.TicketCanceled), ticketsIn(o, counter.TicketExchanged)
		if canceled > 0 && o.Order.State != pos.OrderCanceled {
			gone = append(gone, c.T("orders.canceledpart", canceled))
		}
		if exchanged > 0 {
			// on a canceled order too: its tickets did not all come back
			gone = append(gone, c.T("orders.exchangedpart", exchanged))
		}
		if len(gone) > 0 {
			counts[i] += " (" + strings.Join(gone, ", ") + ")"
		}
		w = max(w, ansi.StringWidth(counts[i])+1)
	}
	rows := make(map[string]string, len(found))
	for i, o := range found {
		who := ""
		if o.Customer != nil {
			who = o.Customer.Name
		}
		rows[o.Order.Number] = " " + stateGlyph(o.Order.State) + " " + fit(o.Order.Number, 11) + " " +
			fit(stateWord(c, o.Order.State), 12) + " " + fit(c.money(o.Order.Total), 12) + " " +
			fit(counts[i], w) + who
	}
	return rows
}

// ticketsIn counts an order's tickets in state (canceled alone or with
// it, exchanged).
func ticketsIn(o OrderView, state string) int {
	n := 0
	for _, t := range o.Tickets {
		if t.State == state {
			n++
		}
	}
	return n
}

// itemCount is what an order holds: its tickets, passes and vouchers, and
// its products (which have no ticket).
func itemCount(o pos.Order) int {
	n := len(o.Tickets)
	for _, l := range o.Lines {
		if l.Kind == pos.LineProduct {
			n += l.Quantity
		}
	}
	return n
}
