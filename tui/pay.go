package tui

import (
	"errors"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"guichet/counter"
	"guichet/pos"
)

type methodsMsg struct {
	methods []*pos.PaymentMethod
	err     error
	// unheld: the cart could not be held again (Till.HoldAgain); err says
	// what another till took, and no method is offered
	unheld bool
}

// voucherMsg is a voucher's balance, asked for a tender.
type voucherMsg struct {
	t     pos.Tender
	v     pos.Voucher
	found bool
}

// vouchersMsg is the vouchers of the payments taken looked up again after
// the register refused the order (one spent at another till meanwhile).
type vouchersMsg map[string]pos.Voucher

// pricedWithMsg is the cart priced with some payment methods' fees.
type pricedWithMsg struct {
	key string
	pc  pos.PricedCart
	err error
}

// paymentScreen takes one or several payments for the cart: the methods the
// till offers for this staff and this total, cash with change, terminal
// references, invoice deadline, vouchers and exchange credit.
type paymentScreen struct {
	c       *common
	methods []*pos.PaymentMethod
	loaded  bool
	// enterEarly: Enter came before the methods did; it is taken when
	// they come
	enterEarly bool
	cursor     int
	tenders    []pos.Tender
	entering   *pos.PaymentMethod
	fields     []*field
	labels     []string
	focus      int
	working    bool
	run        *checkoutRun // the checkout under way while working
	undoing    bool         // asking whether to remove the last payment taken
	unheld     bool         // the cart could not be held again: err says why, no method is offered
	waiting    *pos.Tender  // Enter pressed before the method's fees were known
	err        string
	with       map[string]pos.PricedCart // by methodsKey: the cart with those methods' fees
	vouchers   map[string]pos.Voucher    // vouchers and credits typed: their kind and what each may pay
	keys       struct{ up, down, enter, next, undo, back, undoYes, undoKeep key.Binding }
}

func newPayment(c *common) *paymentScreen {
	s := &paymentScreen{c: c, with: map[string]pos.PricedCart{}, vouchers: map[string]pos.Voucher{}}
	s.tenders = c.sale.tenders // taken before going back to the cart
	s.keys.up = c.key(keyUpMethod)
	s.keys.down = c.key(keyDownMethod)
	s.keys.enter = c.key(keyConfirm)
	s.keys.next = c.key(keyTabField)
	s.keys.undo = c.key(keyUndo)
	s.keys.undoYes, s.keys.undoKeep = c.key(keyUndoYes), c.key(keyUndoKeep)
	s.keys.back = c.key(keyBack)
	return s
}

func (s *paymentScreen) Init() tea.Cmd {
	t := s.c.till
	return func() tea.Msg {
		// The card is charged on the terminal before its reference is
		// typed here: the cart is held again first (its hold may have run
		// out while the till stood on it), and a seat another till took
		// meanwhile is said now, with no method offered, before any money
		// is taken.
		if err := t.HoldAgain(); err != nil {
			return methodsMsg{err: err, unheld: true}
		}
		m, err := t.PaymentMethods()
		return methodsMsg{methods: m, err: err}
	}
}
func (s *paymentScreen) Title() string    { return s.c.T("pay.title") }
func (s *paymentScreen) Typing() bool     { return s.entering != nil }
func (s *paymentScreen) SetSize(w, h int) {}
func (s *paymentScreen) ShortHelp() []key.Binding {
	if s.undoing {
		// the question's keys: ↑ or ⌫ would keep the payment, not move
		return []key.Binding{s.keys.undoYes, s.keys.undoKeep}
	}
	if s.entering != nil {
		if len(s.fields) < 2 {
			// cash has one field, an invoice none: Tab moves nowhere
			return []key.Binding{s.keys.enter, s.keys.back}
		}
		return []key.Binding{s.keys.enter, s.keys.next, s.keys.back}
	}
	if s.creditCovers() {
		// no method listed to move through, no payment taken to remove:
		// Enter settles with the credit
		return []key.Binding{s.keys.enter, s.keys.back}
	}
	if s.paidUp() {
		// no method listed to move through: Enter records the sale, ⌫
		// removes a payment taken
		return []key.Binding{s.keys.enter, s.keys.undo, s.keys.back}
	}
	return []key.Binding{s.keys.up, s.keys.down, s.keys.enter, s.keys.undo, s.keys.back}
}
func (s *paymentScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// setTenders sets the payments taken, kept with the sale too (Esc to the
// cart does not drop them).
func (s *paymentScreen) setTenders(ts []pos.Tender) {
	s.tenders = ts
	s.c.sale.tenders = append([]pos.Tender(nil), ts...)
}

// methods is the methods of the tenders taken, plus extra.
func (s *paymentScreen) methodsWith(extra *pos.PaymentMethod) []string {
	var out []string
	for _, t := range s.tenders {
		out = append(out, t.Method)
	}
	if extra != nil {
		out = append(out, extra.ID)
	}
	return out
}

func methodsKey(m []string) string { return strings.Join(m, ",") }

// price asks the till for the cart with these methods' fees, once.
func (s *paymentScreen) price(methods []string) tea.Cmd {
	k := methodsKey(methods)
	if _, ok := s.with[k]; ok || len(methods) == 0 {
		return nil
	}
	t := s.c.till
	methods = append([]string(nil), methods...)
	return func() tea.Msg {
		pc, err := t.PricedWith(methods)
		return pricedWithMsg{k, pc, err}
	}
}

// restWith is what is left to pay once method m's fees are added (the
// exchange credit paid first).
func (s *paymentScreen) restWith(m *pos.PaymentMethod) pos.Money {
	_, rest := s.settle(s.tenders)
	paid := s.total(s.tenders).Minus(rest)
	return s.due(s.cart(s.methodsWith(m))).Minus(paid)
}

// highlighted is the method under the cursor (being entered, or chosen).
func (s *paymentScreen) highlighted() *pos.PaymentMethod {
	if s.entering != nil {
		return s.entering
	}
	if s.cursor < len(s.methods) {
		return s.methods[s.cursor]
	}
	return nil
}

// cart is the cart as it will be charged with these methods: their fees
// included once the till answered.
func (s *paymentScreen) cart(methods []string) pos.PricedCart {
	if pc, ok := s.with[methodsKey(methods)]; ok {
		return pc
	}
	return s.c.sale.priced
}

// settle previews the payments with pos's own rules (change, cash rounding,
// what is left). Voucher balances are checked by the register at checkout.
func (s *paymentScreen) settle(tenders []pos.Tender) (pos.Settlement, pos.Money) {
	st, _ := s.settleErr(tenders)
	total := s.total(tenders)
	paid := pos.Zero(total.Currency)
	for _, p := range st.Payments {
		paid = paid.Plus(p.Amount)
	}
	return st, total.Minus(paid)
}

// total is what the tenders must pay: the cart with their methods' fees,
// less the exchange credit, which pays first.
func (s *paymentScreen) total(tenders []pos.Tender) pos.Money {
	var ms []string
	for _, t := range tenders {
		ms = append(ms, t.Method)
	}
	return s.due(s.cart(ms))
}

// due is what is left of a cart's total once the exchange credit paid.
func (s *paymentScreen) due(pc pos.PricedCart) pos.Money {
	if s.c.sale.credit.IsZero() || pc.Total.Currency == "" {
		return pc.Total
	}
	return pc.Total.Minus(s.c.sale.credit.Min(pc.Total))
}

// settleErr previews the sale with pos's checkout rule (pos.Catalog.Pay,
// as the till's Checkout runs it): the exchange credit first, then the
// tenders. The settlement returned holds the tenders' payments only.
func (s *paymentScreen) settleErr(tenders []pos.Tender) (pos.Settlement, error) {
	c := s.c
	var ms []string
	for _, t := range tenders {
		ms = append(ms, t.Method)
	}
	total := s.total(tenders)
	var credit *pos.Money
	if cr := c.sale.credit; !cr.IsZero() {
		credit = &cr
	}
	// A voucher looked up is checked as the register will check it: its
	// kind (a gift voucher is not an exchange credit) and its balance.
	// One not looked up yet does not limit the preview; the register
	// checks it at checkout.
	balance := func(n string) (pos.Voucher, bool) {
		if v, ok := s.vouchers[n]; ok {
			return v, true
		}
		v := pos.Voucher{Number: n, Balance: total}
		for _, t := range tenders {
			if m, ok := c.cat.PaymentMethodByID(t.Method); ok && t.Voucher == n {
				v.Kind = m.Kind
			}
		}
		return v, true
	}
	sale, err := c.cat.Pay(s.cart(ms), c.seller, credit, tenders, balance, c.now())
	st := sale.Settlement
	st.Payments = sale.Tendered()
	return st, err
}

func (s *paymentScreen) Update(msg tea.Msg) tea.Cmd {
	c := s.c
	switch msg := msg.(type) {
	case methodsMsg:
		s.loaded = true
		s.methods, s.unheld = msg.methods, msg.unheld
		if msg.err != nil {
			s.err = c.Err(msg.err)
		}
		// back from choosing the invoice's customer, the cursor is still on
		// the method chosen
		s.cursor = max(0, min(s.cursor, len(s.methods)-1))
		priced := s.price(s.methodsWith(s.highlighted()))
		if s.enterEarly {
			s.enterEarly = false
			if msg.err == nil && !msg.unheld && s.entering == nil && !s.working {
				return tea.Batch(priced, s.Update(tea.KeyPressMsg{Code: tea.KeyEnter}))
			}
		}
		return priced
	case pricedWithMsg:
		if msg.err == nil {
			s.with[msg.key] = msg.pc
		}
		if t := s.waiting; t != nil && s.entering != nil && msg.key == methodsKey(s.methodsWith(s.entering)) {
			// Enter came before the method's fees were known: take the
			// tender now rather than lose the key
			s.waiting = nil
			if msg.err != nil {
				s.err = c.Err(msg.err)
				return nil
			}
			return s.addTender(*t)
		}
	case voucherMsg:
		if !msg.found {
			s.err = c.T("pay.novoucher", msg.t.Voucher)
			return nil
		}
		s.vouchers[msg.t.Voucher] = msg.v
		if s.entering != nil {
			return s.addTender(msg.t)
		}
	case vouchersMsg:
		for n, v := range msg {
			s.vouchers[n] = v
		}
	case orderMsg:
		s.working = false
		if errors.Is(msg.err, counter.ErrNoShift) {
			// her shift was closed (a Z) at another till of hers: a new
			// shift's float, then back here with the sale as it is
			c.hasShft = false
			return s.c.push(newFloatResume(c))
		}
		if msg.err != nil {
			s.err = c.Err(msg.err)
			// the price may have changed since it was shown (an offer
			// ended, a code's quota ran out): show what the order costs now
			s.with = map[string]pos.PricedCart{}
			return tea.Batch(s.price(s.methodsWith(nil)), s.price(s.methodsWith(s.highlighted())), s.lookVouchersAgain())
		}
		s.setTenders(nil) // recorded with the order: none left to lose
		return s.c.push(newDone(c, msg.sale))
	case tea.PasteMsg:
		if s.entering != nil && len(s.fields) > 0 {
			s.fields[s.focus].insert(msg.Content)
		}
	case tea.KeyPressMsg:
		if s.working {
			return nil
		}
		if s.entering != nil {
			return s.enterKey(msg)
		}
		if s.undoing {
			s.undoing = false
			if key.Matches(msg, s.keys.enter) {
				last := s.tenders[len(s.tenders)-1]
				s.setTenders(s.tenders[:len(s.tenders)-1])
				return flash(c.T("pay.removed", s.tenderWords(last)), false)
			}
			return nil // anything else keeps it
		}
		switch {
		case key.Matches(msg, s.keys.back):
			return s.c.back()
		case key.Matches(msg, s.keys.up):
			s.cursor = max(0, s.cursor-1)
			return s.price(s.methodsWith(s.highlighted()))
		case key.Matches(msg, s.keys.down):
			s.cursor = max(0, min(len(s.methods)-1, s.cursor+1))
			return s.price(s.methodsWith(s.highlighted()))
		case key.Matches(msg, s.keys.undo):
			if len(s.tenders) > 0 {
				s.undoing = true // a card already charged is not removed by a slip of the finger
			}
		case key.Matches(msg, s.keys.enter):
			credit := !c.sale.credit.IsZero()
			if len(c.sale.priced.Lines) == 0 && !credit {
				s.err = c.T("pay.empty")
				return nil
			}
			if _, rest := s.settle(s.tenders); rest.IsZero() && (len(s.tenders) > 0 || credit) {
				return s.checkout() // paid, or the exchange credit covers it all
			}
			if !s.loaded {
				// the methods are not back yet (the cart is held again
				// first): this Enter chooses the one under the cursor
				// when they come
				s.enterEarly = true
				return nil
			}
			if len(s.methods) == 0 {
				return nil
			}
			if m := s.methods[s.cursor]; m.Kind == pos.KindInvoice && c.sale.customer.ID == "" {
				// an invoice is made out to someone: choose or create them
				return tea.Batch(s.c.push(newCustomer(c)), flash(c.T("pay.invoicecustomer"), true))
			}
			if err := c.sale.priced.CanPayWith(s.methods[s.cursor]); err != nil {
				// said before a voucher number is typed for nothing
				s.err = c.Err(err)
				return nil
			}
			s.begin(s.methods[s.cursor])
			return s.price(s.methodsWith(s.entering))
		}
	}
	return nil
}

// tenderWords names a payment taken: its method, amount and reference.
func (s *paymentScreen) tenderWords(t pos.Tender) string { return tenderWords(s.c, t) }

// tenderWords names a payment taken: its method, amount and reference.
// tendersWords is payments said in a line: "Credit card CHF 20.00 (ref
// T-77), Cash CHF 5.00".
func tendersWords(c *common, ts []pos.Tender) string {
	ws := make([]string, len(ts))
	for i, t := range ts {
		ws[i] = tenderWords(c, t)
	}
	return strings.Join(ws, ", ")
}

func tenderWords(c *common, t pos.Tender) string {
	name := t.Method
	if m, ok := c.cat.PaymentMethodByID(t.Method); ok {
		name = m.Name.In(c.lang)
	}
	amount := t.Amount
	if amount.IsZero() {
		amount = t.Tendered
	}
	if !amount.IsZero() {
		name += " " + c.money(amount)
	}
	if t.Card != nil && t.Card.Terminal != "" {
		name += " (" + c.T("pay.ref", t.Card.Terminal) + ")"
	}
	if t.Voucher != "" {
		name += " " + t.Voucher
	}
	return name
}

// paidUp reports whether the payments taken pay it all, none being
// entered (the cart changed since, or recording the sale failed): the
// screen lists no method, Enter records the sale.
func (s *paymentScreen) paidUp() bool {
	if s.entering != nil || len(s.tenders) == 0 {
		return false
	}
	return s.paidUpBy(s.settle(s.tenders))
}

// paidUpBy is paidUp with the payments taken already settled.
func (s *paymentScreen) paidUpBy(st pos.Settlement, rest pos.Money) bool {
	return s.entering == nil && len(s.tenders) > 0 && len(st.Payments) == len(s.tenders) && rest.IsZero()
}

// creditCovers reports whether the exchange credit pays the whole cart:
// no method is needed, Enter settles with the credit.
func (s *paymentScreen) creditCovers() bool {
	c := s.c
	if c.sale.credit.IsZero() || len(c.sale.priced.Lines) == 0 || len(s.tenders) > 0 {
		return false
	}
	return s.due(s.cart(nil)).IsZero()
}

// confirmLine says what Enter will do with the amount typed for the method
// being entered: take all that is left, or take part of it and say what
// will remain; for cash no coins make, which Enter refuses, what to type.
func (s *paymentScreen) confirmLine(rest pos.Money) string {
	c := s.c
	m := s.entering
	field := -1
	switch m.Kind {
	case pos.KindCash:
		field = 0
		if c.cat.Currency() == "CHF" {
			rest = rest.CashRounded()
		}
		if err := s.cashCoins(); err != nil {
			return c.Err(err)
		}
	case pos.KindCard, pos.KindPostcard, pos.KindTWINT, pos.KindVoucher, pos.KindCredit:
		field = 1
	}
	if field >= 0 && field < len(s.fields) {
		if a, err := parseAmount(c, s.fields[field].Value(), true); err == nil && !a.IsZero() && a.Cmp(rest) < 0 {
			return c.T("pay.confirmpart", c.money(a), c.money(rest.Minus(a)))
		}
	}
	if m.Kind == pos.KindInvoice {
		return c.T("pay.confirminvoice", c.money(rest)) // nothing is taken now
	}
	if m.Kind == pos.KindVoucher || m.Kind == pos.KindCredit {
		// its balance is asked at Enter: it may hold less than the rest
		return c.T("pay.confirmvoucher", c.money(rest))
	}
	return c.T("pay.confirm", c.money(rest))
}

// cashCoins is why the cash amount typed is refused for want of coins
// (pos.CheckCoins, as Settle checks it), nil when it is not.
func (s *paymentScreen) cashCoins() error {
	if s.entering == nil || s.entering.Kind != pos.KindCash || len(s.fields) == 0 {
		return nil
	}
	a, err := parseAmount(s.c, s.fields[0].Value(), true)
	if err != nil || a.IsZero() {
		return nil
	}
	return pos.CheckCoins(a)
}

// begin opens the fields a method needs.
func (s *paymentScreen) begin(m *pos.PaymentMethod) {
	c := s.c
	s.entering, s.focus, s.err = m, 0, ""
	s.fields, s.labels = nil, nil
	add := func(label string) {
		s.fields = append(s.fields, &field{limit: 40})
		s.labels = append(s.labels, c.T(label))
	}
	switch m.Kind {
	case pos.KindCash:
		add("pay.tendered")
	case pos.KindCard, pos.KindPostcard, pos.KindTWINT:
		add("pay.reference")
		add("pay.amount")
		// what the terminal's slip says besides, never the card number;
		// a TWINT payment is made in an app: no card, no brand, no digits
		add("pay.approval")
		if m.Kind != pos.KindTWINT {
			add("pay.brand")
			add("pay.last4")
		}
	case pos.KindVoucher, pos.KindCredit:
		add("pay.voucher")
		add("pay.amount")
	}
}

func (s *paymentScreen) enterKey(msg tea.KeyPressMsg) tea.Cmd {
	c := s.c
	m := s.entering
	switch {
	case key.Matches(msg, s.keys.back):
		s.entering, s.err = nil, ""
		return nil
	case key.Matches(msg, s.keys.next):
		if len(s.fields) > 0 {
			s.focus = (s.focus + 1) % len(s.fields)
		}
		return nil
	case key.Matches(msg, s.keys.enter):
		t := pos.Tender{Method: m.ID}
		val := func(i int) string { return strings.TrimSpace(s.fields[i].Value()) }
		var err error
		switch m.Kind {
		case pos.KindCash:
			t.Tendered, err = parseAmount(c, val(0), true)
		case pos.KindCard, pos.KindPostcard, pos.KindTWINT:
			t.Card = &pos.CardRef{Terminal: val(0)}
			t.Card.Approval = val(2)
			if len(s.fields) >= 5 {
				t.Card.Brand, t.Card.Last4 = val(3), val(4)
			}
			if err = t.Card.Check(); err != nil {
				s.err = c.Err(err)
				return nil
			}
			t.Amount, err = parseAmount(c, val(1), true)
		case pos.KindVoucher, pos.KindCredit:
			t.Voucher = val(0)
			t.Amount, err = parseAmount(c, val(1), true)
		}
		if err != nil {
			s.err = c.T("pay.bad")
			return nil
		}
		return s.addTender(t)
	}
	if len(s.fields) > 0 {
		s.fields[s.focus].key(msg)
	}
	return nil
}

// addTender adds a payment once its method's fees and, for a voucher or a
// credit, its balance are known; an empty voucher amount takes what the
// voucher can pay of the rest, an empty card amount the rest shown.
func (s *paymentScreen) addTender(t pos.Tender) tea.Cmd {
	c := s.c
	m := s.entering
	if _, ok := s.with[methodsKey(s.methodsWith(m))]; !ok {
		// the fees of this method are not known yet: price first, and take
		// the tender when they are
		s.waiting = &t
		if cmd := s.price(s.methodsWith(m)); cmd != nil {
			return cmd
		}
		return nil // asked already: its answer takes the tender
	}
	if m.Kind == pos.KindVoucher || m.Kind == pos.KindCredit {
		v, known := s.vouchers[t.Voucher]
		if !known {
			svc, lang := c.svc, c.lang
			return func() tea.Msg {
				v, ok, err := svc.Voucher(t.Voucher)
				if err != nil {
					return queryFailed(lang, err)
				}
				return voucherMsg{t, v, ok}
			}
		}
		bal := v.Balance
		// a voucher typed again pays what its earlier payments left, as
		// the register settles them
		earlier, _ := s.settle(s.tenders)
		for _, l := range pos.VouchersLeft(earlier.Payments) {
			if l.Voucher == v.Number {
				bal = l.Left
			}
		}
		if t.Amount.IsZero() {
			t.Amount = bal.Min(s.restWith(m))
		}
		if t.Amount.Cmp(bal) > 0 {
			s.err = c.T("pay.overbalance", t.Voucher, c.money(bal))
			return nil
		}
	}
	if (m.Kind == pos.KindCard || m.Kind == pos.KindPostcard || m.Kind == pos.KindTWINT) && t.Amount.IsZero() {
		// the terminal charged what this screen showed: the card pays
		// that, and a checkout whose order no longer costs it is refused
		// rather than recorded for a price the terminal never charged
		t.Amount = s.restWith(m)
	}
	if m.Kind == pos.KindCash && t.Amount.IsZero() && t.Tendered.IsZero() {
		// "exact amount": the money handed over is the rest the screen
		// asked for (rounded to coins, as pos rounds it), kept as such with
		// the sale: left with no order, it says how much to give back
		t.Tendered = s.restWith(m).CashRounded()
	}
	tenders := append(append([]pos.Tender(nil), s.tenders...), t)
	if st, err := s.settleErr(tenders); err != nil && len(st.Payments) < len(tenders) {
		// pos refused this tender; a tender that leaves something to
		// pay is fine: the next one pays the rest.
		s.err = c.Err(err)
		return nil
	}
	s.setTenders(tenders)
	s.entering, s.err = nil, "" // a mistake before this tender is mended
	if _, rest := s.settle(s.tenders); rest.IsZero() {
		return s.checkout()
	}
	return s.price(s.methodsWith(s.highlighted()))
}

// lookVouchersAgain looks up again the vouchers the payments taken name:
// another till may have spent one since, and the screen then shows what
// it holds now (its payment no longer settled, to be removed) rather
// than "paid in full" for an order the register refuses.
func (s *paymentScreen) lookVouchersAgain() tea.Cmd {
	var numbers []string
	for _, t := range s.tenders {
		if _, ok := s.vouchers[t.Voucher]; ok && t.Voucher != "" {
			numbers = append(numbers, t.Voucher)
		}
	}
	if len(numbers) == 0 {
		return nil
	}
	svc, lang := s.c.svc, s.c.lang
	return func() tea.Msg {
		vs := vouchersMsg{}
		for _, n := range numbers {
			v, ok, err := svc.Voucher(n)
			if err != nil {
				return queryFailed(lang, err)
			}
			if ok {
				vs[n] = v
			}
		}
		return vs
	}
}

func (s *paymentScreen) checkout() tea.Cmd {
	s.working, s.err = true, ""
	t, svc, tenders := s.c.till, s.c.svc, append([]pos.Tender(nil), s.tenders...)
	run := &checkoutRun{tenders: tenders}
	s.run = run
	return s.c.inOrder(func() tea.Msg {
		sale, err := t.Checkout(tenders)
		if run.end(err != nil) {
			leavePayments(svc, t, tenders) // the till closed meanwhile: no one else will
		}
		return orderMsg{sale: sale, err: err}
	})
}

// checkoutRun is a checkout under way, shared by its command and the app
// closing the till meanwhile (App.paymentsTaken): the payments of a
// checkout that failed with no screen left to show it are left
// (leavePayments) once, by whichever of the two comes last.
type checkoutRun struct {
	mu      sync.Mutex
	tenders []pos.Tender
	ended   bool // the checkout returned
	failed  bool // and recorded no order
	closed  bool // the till closed: the failed checkout leaves its payments
}

// end is the checkout returning; true when it must leave its payments
// (the till closed before it failed).
func (r *checkoutRun) end(failed bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ended, r.failed = true, failed
	return r.closed && failed
}

// abandon is the till closing while the checkout runs or its answer
// waits: the payments to leave now (it failed already), else nil (it
// leaves them itself if it fails, or recorded them).
func (r *checkoutRun) abandon() []pos.Tender {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.ended && r.failed {
		return r.tenders
	}
	return nil
}

func (s *paymentScreen) View() string {
	c := s.c
	var b strings.Builder
	st, rest := s.settle(s.tenders)
	// What the customer pays with the method in view: its fees included.
	m := s.highlighted()
	withM := s.cart(s.methodsWith(m))
	restWith := s.restWith(m)
	if !c.sale.credit.IsZero() {
		b.WriteString(label(c.T("cart.total"), 16) + c.money(withM.Total) + "\n")
		if len(c.sale.priced.Lines) == 0 {
			b.WriteString(label(c.T("cart.credit"), 16) + c.money(c.sale.credit) + " → " + c.T("pay.tovoucher") + "\n")
		} else {
			b.WriteString(label(c.T("cart.credit"), 16) + "−" + c.money(c.sale.credit.Min(withM.Total)) + "\n")
		}
	}
	b.WriteString(c.st.title.Render(label(c.T("pay.total"), 16)+c.money(s.due(withM))) + "\n")
	if m != nil && (!m.FeePerOrder.IsZero() || !m.FeePerTicket.IsZero() || m.FeePercent != 0) {
		fee := withM.FeesTotal.Minus(s.cart(s.methodsWith(nil)).FeesTotal)
		if m.FeePercent != 0 {
			// "0.89 + 1 %": the share shown as the register rounds it
			b.WriteString("  " + c.T("pay.feespercent", m.Name.In(c.lang), c.money(m.FeePerOrder), c.money(m.FeePerTicket),
				pos.FormatPercent(m.FeePercent, c.lang), c.money(fee)) + "\n")
		} else if fee == m.FeePerOrder {
			// no ticket in the cart (a gift voucher, a pass, products), or
			// no fee a ticket: "CHF 2.00 + CHF 0.20/billet = CHF 2.00" read
			// as a sum gone wrong
			b.WriteString("  " + c.T("pay.feeorder", m.Name.In(c.lang), c.money(fee)) + "\n")
		} else {
			b.WriteString("  " + c.T("pay.fees", m.Name.In(c.lang), c.money(m.FeePerOrder), c.money(m.FeePerTicket), c.money(fee)) + "\n")
		}
	}
	if len(st.Payments) > 0 || len(s.tenders) > 0 {
		b.WriteString(c.T("pay.tenders") + c.lang.Colon() + "\n")
		for _, p := range st.Payments {
			name := p.Method
			if m, ok := c.cat.PaymentMethodByID(p.Method); ok {
				name = m.Name.In(c.lang)
			}
			line := "  " + label(name, 24) + c.money(p.Amount)
			if p.Kind == pos.KindCash {
				line += "  (" + c.T("pay.handed", c.money(p.Tendered)) + ")"
				if !p.Change.IsZero() {
					line += "  " + c.T("pay.change") + " " + c.st.bold.Render(c.money(p.Change))
				}
				if !p.Rounding.IsZero() {
					line += "  " + c.T("pay.rounding") + " " + c.money(p.Rounding)
				}
			}
			if p.Card != nil {
				line += "  " + c.T("pay.ref", p.Card.Terminal)
			}
			if p.Left != nil {
				line += "  " + p.Voucher + " (" + c.T("pay.balance", c.money(*p.Left)) + ")"
			}
			b.WriteString(line + "\n")
		}
		if n := len(st.Payments); n < len(s.tenders) {
			// taken, kept with the sale, and no longer settled by it (the
			// cart changed since): shown with why, to be removed
			for _, t := range s.tenders[n:] {
				b.WriteString("  " + tenderWords(c, t) + "\n")
			}
			if _, err := s.settleErr(s.tenders); err != nil && s.err == "" {
				b.WriteString("  " + c.refusal(c.Err(err), c.w, "  ") + "\n")
			}
		}
		// what is left with the fees of the method in view, as "To pay"
		// above counts them
		b.WriteString(c.st.bold.Render(label(c.T("pay.rest"), 16)+c.money(restWith)) + "\n")
	}
	b.WriteString("\n")
	if s.entering != nil {
		m := s.entering
		due := restWith // what cash pays: in coins, where the currency has no coin under 0.05
		if c.cat.Currency() == "CHF" {
			due = restWith.CashRounded()
		}
		b.WriteString(c.st.title.Render(m.Name.In(c.lang)) + "  " + c.st.dim.Render(m.Description.In(c.lang)) + "\n")
		switch m.Kind {
		case pos.KindInvoice:
			b.WriteString("  " + c.T("pay.deadline", pos.FormatDate(c.now().AddDate(0, 0, m.DeadlineDays), c.lang)) + "\n")
		case pos.KindFree:
			b.WriteString("  " + c.T("pay.free") + "\n")
		case pos.KindCash:
			line := "  " + label(c.T("pay.rest"), 16) + c.money(due)
			if due.Cmp(restWith) != 0 {
				// "Reste" above is the order's, to the centime; here the
				// coins to take: the difference said, as the payment
				// taken will say it (a card paid CHF 10.00 of 33.33: 23.33
				// above, 23.35 here, and nothing said why)
				line += "  " + c.T("pay.rounding") + " " + c.money(due.Minus(restWith))
			}
			b.WriteString(line + "\n")
		}
		for i, f := range s.fields {
			b.WriteString("  " + fit(s.labels[i], 44) + " " + f.view(c.st, i == s.focus, 30) + "\n")
		}
		if m.Kind == pos.KindCash {
			// the change under the amount received, on a line kept for it
			// even blank: above, it pushed the field being typed in down a
			// line as the amount passed what is due
			var change string
			if t, err := parseAmount(c, s.fields[0].Value(), true); err == nil && t.Cmp(due) > 0 && s.cashCoins() == nil {
				change = "  " + label(c.T("pay.change"), 16) + c.st.bold.Render(c.money(t.Minus(due)))
			}
			b.WriteString(change + "\n")
		}
		// the coins a refusal below names already are not said twice
		if hint := s.confirmLine(restWith); s.err == "" || s.cashCoins() == nil || !strings.Contains(strings.ToLower(s.err), strings.ToLower(hint)) {
			b.WriteString("\n  " + c.st.dim.Render(hint) + "\n")
		}
	} else if s.paidUpBy(st, rest) {
		// the payments taken pay it all (the cart changed since, or
		// recording it failed): Enter records it, no method is chosen
		b.WriteString(c.st.bold.Render(c.T("pay.paidup")) + "\n")
	} else if s.creditCovers() {
		if left := c.sale.credit.Minus(s.cart(nil).Total); left.IsNegative() || left.IsZero() {
			b.WriteString(c.st.bold.Render(c.T("pay.bycredit")) + "\n")
		} else {
			// the rest of the credit becomes a credit voucher: said
			// before Enter, so the customer may choose more instead
			b.WriteString(c.question(c.T("pay.bycreditleft", c.money(left)), c.w, "") + "\n")
		}
	} else {
		b.WriteString(c.T("pay.methods") + c.lang.Colon() + "\n")
		if s.loaded && len(s.methods) == 0 && !s.unheld {
			b.WriteString("  " + c.T("pay.nomethod") + "\n")
		}
		for i, m := range s.methods {
			line := "  " + fit(m.Name.In(c.lang), 24) + c.st.dim.Render(m.Description.In(c.lang))
			if i == s.cursor {
				line = c.st.sel.Render(">"+fit(" "+m.Name.In(c.lang), 25)) + c.st.dim.Render(m.Description.In(c.lang)) // "> " is the others' two spaces
			}
			b.WriteString(line + "\n")
		}
	}
	if s.undoing {
		last := s.tenders[len(s.tenders)-1]
		q := c.T("pay.undo", s.tenderWords(last))
		b.WriteString("\n  " + c.refusal(q, c.w, "  "))
		if last.Card != nil {
			b.WriteString("\n  " + c.T("pay.undoterminal"))
		}
		b.WriteString("\n  " + c.T("pay.undokeys"))
	}
	if s.working {
		b.WriteString("\n  " + c.st.dim.Render(c.T("pay.working")))
	}
	if s.err != "" {
		b.WriteString("\n  " + c.refusal(s.err, c.w, "  "))
	}
	return b.String()
}
