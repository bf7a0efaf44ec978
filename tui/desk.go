package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/pos"
)

// The desk's other operations, each one key from the sales list: find an
// order and act on it (validate an invoice payment, cancel, reprint,
// exchange), exchange by e-mail, cash in/out, X report and Z closure.
// Every write is a register command run in a tea.Cmd; the screen shows what
// the register answered.

// deskMsg is the answer to a desk command: a sentence for the flash line.
type deskMsg struct {
	ok  string
	err error
}

// deskDo runs a till command off the Update goroutine.
func (c *common) deskDo(ok string, f func(t Till) error) tea.Cmd {
	t := c.till
	return c.inOrder(func() tea.Msg { return deskMsg{ok: ok, err: f(t)} })
}

// exchangeMsg is the cart after an exchange put its credit in it: only the
// screen that asked acts on it (a cartMsg may come from any earlier call).
type exchangeMsg struct{ cartMsg }

// ordersMsg carries the orders found for a query.
type ordersMsg struct {
	q      string
	orders []OrderView
}

// stateWord is an order's or ticket's state in the staff's words.
func stateWord(c *common, state string) string {
	switch state {
	case pos.OrderPaid:
		return c.T("state.paid")
	case pos.OrderPending:
		return c.T("state.pending")
	case pos.OrderCanceled:
		return c.T("state.canceled")
	case pos.OrderLapsed:
		return c.T("state.lapsed")
	case "valid":
		return c.T("state.valid")
	case "exchanged":
		return c.T("state.exchanged")
	}
	return state
}

// ticketStateWord is a ticket's state in the staff's words (a ticket is
// "un billet": its words agree with it, not with the order).
func ticketStateWord(c *common, state string) string {
	if state == pos.OrderCanceled {
		return c.T("state.ticketcanceled")
	}
	return stateWord(c, state)
}

// stateGlyph marks a state without colour: ✓ paid/valid, … pending,
// ✗ canceled, ⇄ exchanged.
func stateGlyph(state string) string {
	switch state {
	case pos.OrderPaid, "valid":
		return "✓"
	case pos.OrderPending:
		return "…"
	case pos.OrderCanceled, pos.OrderLapsed:
		return "✗"
	case "exchanged":
		return "⇄"
	}
	return " "
}

// deskOutcome ends a desk form with what its command is doing: recording
// while it runs, then the register's refusal if any.
func deskOutcome(c *common, working bool, err string) string {
	var out string
	if working {
		out += "\n  " + c.st.dim.Render(c.T("pay.working"))
	}
	if err != "" {
		out += "\n  " + c.refusal("! "+err, c.w, "    ")
	}
	return out
}

// allowed leaves out of a help line the keys of actions the seller's
// profile does not allow (by their place in keys): the register refuses
// them anyway, the help does not offer them.
func (c *common) allowed(keys []key.Binding, need map[int]pos.Action) []key.Binding {
	out := keys[:0:0]
	for i, k := range keys {
		if a, ok := need[i]; ok && !c.seller.May(a) {
			continue
		}
		out = append(out, k)
	}
	return out
}
