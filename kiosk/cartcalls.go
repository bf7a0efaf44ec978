package kiosk

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"guichet/pos"
)

// cartTill is what the kiosk asks its till about the cart. A change may
// ask the central server for the places it lacks (up to seconds) or write
// the register's file, so changes run in a tea.Cmd (cartDo), never in
// Update; the kiosk's till is one, a test's slow till another. The
// papers and marks the staff menu asks (journal writes, fsynced) run in
// a tea.Cmd too (staffDo).
type cartTill interface {
	AddSeats(perf, zone, category string, seats ...string) error
	AddTickets(perf, zone, category string, qty int) error
	SetQuantity(line, qty int) error
	RemoveLine(line int) error
	SetCategory(line int, category string) error
	ApplyCode(code string) (pos.PricedCart, error)
	ClearCart() error
	Cart() pos.Cart
	Priced() (pos.PricedCart, error)
	Credit() pos.Money
	Exchange(ref string, tickets []string) (pos.Money, error)
	CreditTickets() []pos.Ticket
	// the language the till prices in (setLang)
	SetLang(lang pos.Lang)
	// the payment's methods and their fees: in a tea.Cmd too (openPay)
	PaymentMethods() ([]*pos.PaymentMethod, error)
	PricedWith(methods []string) (pos.PricedCart, error)
	PrintReceipt(number string) error
	Reprint(ticket string) error
	MarkRefunded(ref string) error
	// OpenStaffMenu checks a staff PIN (hashes compared, a wrong one
	// journaled): in a tea.Cmd too (checkPIN)
	OpenStaffMenu(pin, exitPIN string) error
}

// cartQueue runs the cart changes in the order Update asked them: two
// taps on + add two places, in that order, whatever the goroutines'
// scheduling.
type cartQueue struct {
	mu         sync.Mutex
	cond       *sync.Cond
	next, turn uint64
	dropped    map[uint64]bool // turns no Cmd will take (drop)
}

// taken is the next turn to give: the turns an Update takes are those
// from it on.
func (q *cartQueue) taken() uint64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.next
}

// drop gives away the turns from n on: the Update that took them
// panicked, and its Cmds, lost with it, will never take them (every
// change after them, the cart's emptying first, would wait for ever).
func (q *cartQueue) drop(n uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for ; n < q.next; n++ {
		if q.dropped == nil {
			q.dropped = map[uint64]bool{}
		}
		q.dropped[n] = true
	}
	q.pass()
}

// pass moves the turn over those dropped and wakes the changes waiting
// for theirs; q.mu is held.
func (q *cartQueue) pass() {
	for q.dropped[q.turn] {
		delete(q.dropped, q.turn)
		q.turn++
	}
	if q.cond != nil {
		q.cond.Broadcast()
	}
}

// cartMsg is a cart change's answer: the cart as priced after it, what
// the screens draw until the next answer (View asks the till nothing).
type cartMsg struct {
	priced  pos.PricedCart
	credit  pos.Money
	lines   int          // the cart's lines (a cart its pricing refused still has them)
	credits []pos.Ticket // the tickets the exchange credit takes back
	err     error
	seq     uint64 // the change's place in the queue
	// then is what the screen that asked does with the answer (nil: an
	// error is said, nothing else)
	then func(m *Model, err error)
}

// cartDo runs a cart change off the Update goroutine, after every change
// asked before it, and answers with the cart priced afterwards. The turn
// is taken now, in Update.
func (m *Model) cartDo(change func(t cartTill) error, then func(m *Model, err error)) tea.Cmd {
	t, q := m.cart, &m.queue
	q.mu.Lock()
	if q.cond == nil {
		q.cond = sync.NewCond(&q.mu)
	}
	n := q.next
	q.next++
	q.mu.Unlock()
	m.inFlight++
	return safe(func() tea.Msg {
		q.mu.Lock()
		for q.turn != n {
			q.cond.Wait()
		}
		q.mu.Unlock()
		defer func() { // a panic gives the turn too
			q.mu.Lock()
			q.turn++
			q.pass()
			q.mu.Unlock()
		}()
		err := change(t)
		pc, perr := t.Priced()
		if err == nil {
			err = perr
		}
		return cartMsg{priced: pc, credit: t.Credit(), lines: len(t.Cart().Lines), credits: t.CreditTickets(),
			err: err, seq: n + 1, then: then}
	})
}

// cartAnswered shows a change's answer.
func (m *Model) cartAnswered(msg cartMsg) tea.Cmd {
	if m.inFlight > 0 {
		m.inFlight--
	}
	if msg.seq < m.clearedAt {
		return nil // the cart was emptied since (a reset): what it asked is gone
	}
	if msg.seq >= m.cartSeq {
		// answers reach Update from separate goroutines: an older one
		// must not replace a newer cart
		m.cartSeq = msg.seq
		if was := len(m.priced.Lines); m.scr == scrCart && m.focus >= was && m.focus > 0 {
			// the cursor moved to the items after the lines (Pay,
			// Cancel…) stays on the one the customer sees when lines
			// come or go above it: Enter does what it showed (at the
			// top, it stays at the top: the first line once it comes)
			m.focus = max(m.focus+len(msg.priced.Lines)-was, 0)
		}
		m.priced, m.credit, m.cartLines, m.exTickets = msg.priced, msg.credit, msg.lines, msg.credits
	}
	switch {
	case msg.then != nil:
		msg.then(m, msg.err)
	case msg.err != nil:
		m.sayErr(msg.err)
	}
	if m.scr == scrSeats && m.perf != nil && m.zone != nil {
		m.refreshSeats()
	}
	if m.inFlight > 0 || m.scr != scrCart {
		return nil
	}
	if m.payNext {
		m.payNext = false
		return m.payFromCart()
	}
	if len(m.priced.Lines) == 0 && m.credit.IsZero() && m.msg == "" {
		m.say("cart.empty") // the order opened while the last change was under way
	}
	return nil
}

// clearCart empties the cart in the cart's queue, after the changes
// under way (one landing later would fill the emptied cart again), off
// Update: it waits for the register's lock, which a journal write holds.
// Answers to changes asked before it are not shown.
func (m *Model) clearCart() {
	m.later = append(m.later, m.cartDo(func(t cartTill) error { return t.ClearCart() }, func(*Model, error) {}))
	m.queue.mu.Lock()
	m.clearedAt = m.queue.next // its seq: older answers are not shown
	m.queue.mu.Unlock()
}

// askPrice prices the cart again off Update, in the cart's queue (after
// the changes asked before it): pricing takes the register's lock. The
// screen draws the last answer until this one comes (cartAnswered).
func (m *Model) askPrice() {
	m.later = append(m.later, m.cartDo(func(cartTill) error { return nil }, nil))
}

// forgetCart: the cart was emptied (a sale, a reset), its last answer
// with it.
func (m *Model) forgetCart() {
	m.priced, m.credit = pos.PricedCart{}, pos.Zero(m.cat.Currency())
	m.cartLines, m.exTickets = 0, nil
}
