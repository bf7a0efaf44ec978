// Package kiosk is the self-service kiosk's screens: a customer buys
// tickets alone (attract screen, performance, seats or quantities, promo
// code, payment on the terminal, tickets printed and shown as QR codes),
// or exchanges tickets, on a console that does not let them out.
//
// The kiosk is a till of the register service (counter.Service.UnlockKiosk)
// and decides nothing about prices, stock or what prints: it shows what
// the service returns. Payment goes through a payterm.Terminal: the order
// is recorded only after the terminal approved.
//
// The console is locked: ctrl+c, ctrl+z, ctrl+\ and every alt key do
// nothing; a panic shows a friendly screen and starts the customer's flow
// again; leaving needs the hidden key sequence (Options.ExitKeys) and then
// a staff PIN.
package kiosk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/payterm"
	"guichet/pos"
)

// Options configures the kiosk.
type Options struct {
	Service  *counter.Service
	Terminal payterm.Terminal
	Lang     pos.Lang         // the attract screen's language (default French)
	Now      func() time.Time // the register's clock (which performances are today)
	// Idle is how long a screen other than the attract screen waits for the
	// customer before asking "still there?" (default 90 s); Countdown is
	// how long that question waits before starting again (default 10 s).
	Idle      time.Duration
	Countdown time.Duration
	// ExitKeys is the hidden key sequence that asks for a staff PIN
	// (default f12 f12 f12); ExitPIN is accepted besides the PINs of the
	// catalog's administrators.
	ExitKeys []string
	ExitPIN  string
	// ExitAfterFirstFrame quits once the attract screen is drawn (the
	// start-up benchmark).
	ExitAfterFirstFrame bool
	// Log receives what a customer must not see (a panic's stack, an
	// error's Go chain) as records with fields: err, stack, payment,
	// order... (nil: dropped).
	Log *slog.Logger
}

type screen int

const (
	scrAttract screen = iota
	scrPerfs
	scrZones
	scrSeats
	scrQty
	scrCart
	scrCode
	scrPay
	scrPaying
	scrDone
	scrQR
	scrTrouble
	scrExScan
	scrPin
	scrStaff
	scrOops
)

// Model is the kiosk's Bubble Tea model.
type Model struct {
	o    Options
	svc  *counter.Service
	cat  *pos.Catalog
	till *counter.Till
	// cart is the till as the cart changes reach it (cartDo); queue keeps
	// their order, inFlight counts those not answered yet, cartSeq is the
	// newest answer shown and clearedAt the emptying that older answers
	// may not undo
	cart      cartTill
	queue     cartQueue
	inFlight  int
	cartSeq   uint64
	clearedAt uint64
	payNext   bool // Pay was chosen while a change was under way: it opens after it
	staffBusy bool // a staff menu's reprint or mark is under way (staffDo)
	// the seat plan's asks (refreshSeats): the newest asked and shown, and
	// whether its cursor is still to go on the first seat free; seatMap is
	// the register's (a test's may be slow)
	seatsAsked, seatsShown uint64
	seatsPlace             bool
	seatMap                func(perf, zone string, t *counter.Till) (map[string]counter.SeatState, error)
	later                  []tea.Cmd // cart changes asked outside a key's Cmd (reset), run after this Update
	lang                   pos.Lang
	w, h                   int
	scr                    screen

	// what the register answers off Update (the register's; a test's
	// may be slow)
	reads registerReads
	// the show's places asked (askZones): the newest ask, and whether the
	// show list waits for its answer to open them
	zonesAsked uint64
	zonesWait  bool
	// the staff PIN: the PIN screen's number (it opened again since a
	// check: that check's answer is not this screen's), and whether a
	// check is under way (checkPIN)
	pinScreen   uint64
	pinChecking bool
	// the staff menu's lists' reads (staffReader): the newest asked and
	// shown
	listsAsked, listsShown uint64

	// the screen's state
	focus   int    // the item in focus on a list screen
	offset  int    // first item shown
	input   string // what is typed on a typing screen
	msg     string // a sentence under the screen
	msgErr  bool
	msgIn   func(pos.Lang) string // the message in a language, for F2
	msgWas  string                // what msgIn wrote: msg set otherwise is not said again
	search  string
	perfs   []*pos.Performance // the performance list, searched
	allPerf []*pos.Performance
	perfDay string // the day allPerf was listed on (the catalog's time zone)
	// perfsUntil is when the first of allPerf stops selling: the list
	// is made again then
	perfsUntil time.Time
	rows       map[*pos.Performance]string // perfRow's lines in lang
	whenW      int                         // and the width of their date column
	folded     map[string]string           // event id -> its name in lang, folded for the search
	head       [3]string                   // the top line drawn: lang, width, line
	msgKept    [2]string                   // the message line drawn: its key (width, kind, text), its lines
	wrapKept   struct {                    // the last sentence wrapped: its key (width, indent, text), its lines
		key   string
		lines []string
	}
	perf  *pos.Performance
	zones []counter.ZoneAvailability
	zone  *pos.Zone
	seats seatPlan
	cats  []*pos.Category
	// changes tells that the register changed (a seat taken or let go, the
	// printer come, gone or its fault changed), from New to Close;
	// stopChanges ends it.
	changes     <-chan struct{}
	stopChanges func()
	// printerMoves tells that what is said of the printer moved (a job printed,
	// the jobs waiting): the staff menu's "waiting to print" is drawn again.
	// Changes does not tell it: the journal records a job printed before the
	// spooler counts it done, so the last redraw it caused still read one
	// job waiting, and the menu said so until the next key.
	printerMoves     <-chan struct{}
	stopPrinterMoves func()
	// the cart as its last answer (cartMsg) said: what the screens draw
	priced    pos.PricedCart
	credit    pos.Money
	cartLines int          // its lines
	exTickets []pos.Ticket // the tickets its exchange credit takes back
	methods   []*pos.PaymentMethod
	// the payment's methods asked (openPay): the newest ask, and whether
	// the pay screen waits for its answer (Enter does nothing meanwhile)
	payAsked uint64
	payWait  bool
	free     string // the free method for nothing to pay with no credit ("": none the kiosk takes)
	before   screen // where the PIN screen goes back to
	// the customer's screen as it was when the exit sequence opened the
	// PIN screen (back restores it)
	beforeFocus, beforeOffset int
	beforeInput, beforeMsg    string
	beforeMsgErr              bool
	// the customer's language: staff may read their menu in the other
	// (F2), the customer's screen comes back in theirs
	beforeLang pos.Lang
	// the pay screen under the PIN screen or the staff menu waited for
	// its methods; payKept shows their answer, come meanwhile, when staff
	// go back to it (back)
	beforePayWait bool
	payKept       func(m *Model)
	// pinCut is how many keys of a staff PIN cut short by the charge's
	// answer are still let fall (digits, backspace, its Enter), so that
	// they do not act on the customer's screen; pinCutAt is when the last
	// fell (a PIN is typed in one go: a key long after is the customer's)
	pinCut     int
	pinCutAt   time.Time
	pinCutMenu bool // it was the staff menu that closed: its Enter falls

	// charges is what each method of methods charges on the terminal, its
	// fees included (by method id), as the register prices it
	charges map[string]pos.Money
	// charging is what the charge under way asks the terminal for (zero:
	// no charge, or nothing to pay)
	charging pos.Money

	// the last sale
	sale     counter.Sale
	qrs      [][]string
	qrTitles [][]string
	qrAt     int

	paused   bool // the printer failed during a sale: staff reopen sales
	canPrint bool // the printer's state when last looked at
	// lastOrder is the newest order sold, as this run sold it or the
	// staff menu read it from the register (a restart forgets the run's)
	lastOrder string
	// lastState is how it stands, as the staff menu last read it (for
	// another number: not read yet)
	lastState lastOrder
	// lastErr: the staff menu's last read of the last order failed (the
	// journal could not be read): the menu says so, not "none"
	lastErr error
	// lastAsked numbers the reads of it after the menu's (lastRead): the
	// newest asked is shown, never an older one answered after it
	lastAsked, lastShown uint64
	pending              []counter.Reconciled // charges reconciled at start that need staff
	// refunds are the approvals to refund on the terminal that staff have
	// not marked refunded (the register keeps them across restarts), as
	// the staff menu last read them
	refunds []counter.RefundOwed
	// lost is the oldest charge whose answer was never recorded, offered
	// to the staff menu to settle ("": none, or a charge under way)
	lost     string
	settling bool // a settlement is asking the terminal

	// askCancel: "Cancel everything?" is asked on the order; only Enter
	// (or a tap) on the question empties it, one key by mistake does not
	askCancel bool

	// idle
	lastInput time.Time
	idleArmed bool
	counting  int // seconds left of "still there?"; 0: not asking

	keysSeen []string // the last keys, for the hidden sequence
	hits     []hit    // what a click on a line does (drawn by View)
	quit     bool

	screenText atomic.Pointer[string] // the last frame, for tests
}

type hit struct {
	y    int
	item int // list index, or -1 for the language switch
}

// Messages.
type (
	idleMsg  struct{}
	countMsg struct{}
	// dayMsg: the day may have changed (nextDay's timer)
	dayMsg struct{}
	// changedMsg: the register changed (a seat taken or let go, the
	// printer's state); ch is the subscription that told.
	changedMsg struct{ ch <-chan struct{} }
	// printingMsg: the printer's state moved; the frame drawn after it
	// reads it (the staff menu's jobs waiting)
	printingMsg struct{ ch <-chan struct{} }
	paidMsg     struct {
		p   counter.TerminalPayment
		err error
	}
	soldMsg struct {
		sale counter.Sale
		err  error
	}
	reconciledMsg struct {
		r   []counter.Reconciled
		err error
	}
	settledMsg struct {
		r     counter.Reconciled
		err   error
		lists staffLists // the staff menu's, read after it
	}
	panicMsg struct {
		v     any
		stack []byte
	}
)

// New builds the kiosk on a register service and opens its till.
func New(o Options) (*Model, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if !o.Lang.Known() {
		o.Lang = pos.French
	}
	if o.Idle <= 0 {
		o.Idle = 90 * time.Second
	}
	if o.Countdown <= 0 {
		o.Countdown = 10 * time.Second
	}
	if len(o.ExitKeys) == 0 {
		o.ExitKeys = []string{"f12", "f12", "f12"}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	till, err := o.Service.UnlockKiosk()
	if err != nil {
		return nil, err
	}
	m := &Model{o: o, svc: o.Service, cat: o.Service.Catalog(), till: till, cart: till, seatMap: o.Service.SeatMap, reads: serviceReads{o.Service}, lang: o.Lang, w: 80, h: 24}
	till.SetLang(m.lang)
	// told, not polled: the printer's state is read again when the register
	// says something changed (the printer among it), and then only
	m.changes, m.stopChanges = m.svc.Changes()
	m.printerMoves, m.stopPrinterMoves = m.svc.PrinterChanges()
	m.canPrint = m.svc.Printer().CanPrint()
	m.credit = pos.Zero(m.cat.Currency())
	return m, nil
}

// Till is the kiosk's till (closed by Close).
func (m *Model) Till() *counter.Till { return m.till }

// Close ends what the kiosk follows and closes its till, once its program
// has ended.
func (m *Model) Close() error {
	if m.stopChanges != nil {
		m.stopChanges()
		m.changes, m.stopChanges = nil, nil
	}
	if m.stopPrinterMoves != nil {
		m.stopPrinterMoves()
		m.printerMoves, m.stopPrinterMoves = nil, nil
	}
	return m.till.Close()
}

// Screen is the last frame drawn, as text (tests read it).
func (m *Model) Screen() string {
	if s := m.screenText.Load(); s != nil {
		return *s
	}
	return ""
}

// Init reconciles the terminal's unanswered charges and listens to the
// register's changes.
//
// The charges are reconciled on a till of their own: the customer's screens
// take keys meanwhile (the terminal may be slow to answer), and the orders
// Reconcile records go through its till's cart, which it empties.
func (m *Model) Init() tea.Cmd {
	svc, term := m.svc, m.o.Terminal
	return tea.Batch(waitChange(m.changes), waitPrinting(m.printerMoves), m.nextDay(), safe(func() tea.Msg {
		if term == nil {
			return nil
		}
		till, err := svc.UnlockKiosk()
		if err != nil {
			return reconciledMsg{nil, err}
		}
		defer func() { _ = till.Close() }()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		r, err := till.Reconcile(ctx, term)
		return reconciledMsg{r, err}
	}))
}

// nextDay wakes the kiosk at the next midnight of the catalog's time zone:
// the attract screen, left untouched overnight, then lists the new day's
// shows (upcoming starts again on a new day). One timer, set again as it
// fires.
func (m *Model) nextDay() tea.Cmd {
	now := m.o.Now().In(m.cat.Location())
	midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, now.Location())
	return tea.Tick(midnight.Sub(now)+50*time.Millisecond, func(time.Time) tea.Msg { return dayMsg{} })
}

// safe runs a command and turns its panic into a message: the kiosk then
// starts again instead of exiting.
func safe(cmd func() tea.Msg) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if v := recover(); v != nil {
				msg = panicMsg{v, debug.Stack()}
			}
		}()
		return cmd()
	}
}

// Update routes a message; a panic anywhere in it shows the friendly
// screen and starts the flow again.
func (m *Model) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	if c, ok := msg.(changedMsg); ok && c.ch == m.changes && c.ch != nil {
		// the next change is waited for even when this one panics (this
		// defer runs after the one that recovers)
		defer func() { cmd = tea.Batch(cmd, waitChange(c.ch)) }()
	}
	if p, ok := msg.(printingMsg); ok && p.ch == m.printerMoves && p.ch != nil {
		defer func() { cmd = tea.Batch(cmd, waitPrinting(p.ch)) }()
	}
	start := m.queue.taken()
	defer func() {
		if v := recover(); v != nil {
			// what this Update asked is lost with it (its Cmds are not
			// returned): the cart changes among them give their turns
			m.queue.drop(start)
			m.later = nil
			model, cmd = m, m.withLater(m.oops(v, debug.Stack())) // (nil, the program would stop)
		}
	}()
	return m, m.withLater(m.update(msg))
}

// withLater is cmd and the Cmds asked outside it (later).
func (m *Model) withLater(cmd tea.Cmd) tea.Cmd {
	if len(m.later) == 0 {
		return cmd
	}
	cmd = tea.Batch(append([]tea.Cmd{cmd}, m.later...)...)
	m.later = nil
	return cmd
}

// waitChange waits for the next change; nothing once ch is closed.
func waitChange(ch <-chan struct{}) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil
		}
		return changedMsg{ch}
	}
}

// waitPrinting waits for the next move of the printer's state; nothing
// once ch is closed.
func waitPrinting(ch <-chan struct{}) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil
		}
		return printingMsg{ch}
	}
}

func (m *Model) oops(v any, stack []byte) tea.Cmd {
	m.o.Log.Error("panic", "panic", fmt.Sprint(v), "stack", string(stack))
	// a change or check that panicked never answers
	m.inFlight, m.payNext, m.staffBusy, m.pinChecking = 0, false, false, false
	if m.scr != scrOops && m.cart != nil {
		// in the queue: a change under way lands first, and is emptied
		// (not again on the friendly screen: an emptying that panics
		// would come back here for ever)
		m.clearCart()
	}
	m.to(scrOops)
	return m.touch()
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		if m.o.ExitAfterFirstFrame {
			return tea.Quit // the renderer draws this frame as it stops
		}
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.MouseClickMsg:
		return m.click(msg.Mouse())
	case idleMsg:
		return m.idle()
	case countMsg:
		return m.count()
	case dayMsg:
		return m.nextDay() // the frame drawn after it reads the new day
	case changedMsg:
		if msg.ch != m.changes {
			return nil // a subscription stopped since
		}
		m.changed()
		if m.scr == scrStaff && m.lastState.number == m.lastOrder && m.lastState.waiting > 0 {
			// the menu said the last order's tickets wait to print: it
			// says when they did (read off Update, only meanwhile)
			return m.lastRead()
		}
		return nil // Update waits for the next
	case lastMsg:
		if err := msg.err; err != nil {
			// the menu said the tickets wait to print and would go on
			// saying it: it says the journal could not be read, and a
			// reprint reads it again
			m.o.Log.Warn("staff menu's last order not read", "err", err)
			if m.scr == scrStaff && msg.seq >= m.lastShown {
				m.sayIn(true, func(lang pos.Lang) string { return T(lang, "staff.unread", pos.Say(err, lang)) })
			}
			return nil
		}
		if msg.seq >= m.lastShown && msg.l.number == m.lastOrder {
			m.lastShown, m.lastState = msg.seq, msg.l
		}
		return nil
	case paidMsg:
		return m.paid(msg)
	case soldMsg:
		return m.sold(msg.sale, msg.err)
	case reconciledMsg:
		if msg.err != nil {
			m.o.Log.Warn("payments not reconciled", "err", msg.err)
		}
		for _, r := range msg.r {
			m.o.Log.Info("payment reconciled", "payment", r.Ref, "outcome", r.Outcome, "order", r.Order, "note", r.Note)
			// a refund is listed from the register (refunds)
			if r.Outcome != "paid" && r.Outcome != "declined" && r.Outcome != "abandoned" && r.Outcome != "refund" {
				m.pending = append(m.pending, r)
			}
			if r.Order != "" {
				m.lastOrder = r.Order
			}
		}
		if m.scr == scrStaff {
			// the staff menu opened meanwhile lists the refunds it made
			// (added last: no item moves under the staff's cursor), read
			// off Update
			read := m.staffReader(false)
			return safe(func() tea.Msg { return listsMsg(read()) })
		}
		return nil
	case listsMsg:
		if m.scr == scrStaff {
			m.showLists(staffLists(msg))
		}
		return nil
	case pinMsg:
		return m.pinAnswered(msg)
	case settledMsg:
		return m.settled(msg)
	case panicMsg:
		return m.oops(msg.v, msg.stack)
	case cartMsg:
		return m.cartAnswered(msg)
	case qrsMsg:
		if msg.order != m.sale.Order.Number {
			return nil
		}
		if msg.err != nil {
			// the screen showed the tickets without their codes, saying
			// nothing: the customer is told, and they are read again
			// when the tickets are shown again (m.qrs stays nil)
			m.o.Log.Warn("QR codes not read", "order", msg.order, "err", msg.err)
			if m.scr == scrQR {
				m.tell(true, "qr.unread")
			}
			return nil
		}
		m.qrs = msg.lines
		return nil
	case staffMsg:
		msg(m)
		return nil
	case seatsMsg:
		m.seatsAnswered(msg)
		return nil
	case zonesMsg:
		return m.zonesAnswered(msg)
	}
	return nil
}

// holdsKeptMsg: the cart's holds were kept at a key (touch); nothing to
// show, but a test waits for it.
type holdsKeptMsg struct{}

// touch records the customer's input: the idle timer starts again.
func (m *Model) touch() tea.Cmd {
	m.lastInput = time.Now()
	m.counting = 0
	if m.till != nil && (m.inFlight > 0 || m.cartLines > 0) {
		// a customer still choosing keeps their seats: under the
		// register's lock, off Update (an empty cart holds none)
		till := m.till
		m.later = append(m.later, safe(func() tea.Msg { till.KeepHolds(0); return holdsKeptMsg{} }))
	}
	if m.idleArmed || m.scr == scrAttract {
		return nil
	}
	m.idleArmed = true
	return tea.Tick(m.o.Idle, func(time.Time) tea.Msg { return idleMsg{} })
}

// idle fires Idle after the first input; it sleeps again for what is left
// when the customer did something since (one timer, not one per key).
func (m *Model) idle() tea.Cmd {
	m.idleArmed = false
	if m.scr == scrAttract {
		return nil
	}
	if m.scr == scrPaying || (m.scr == scrPin || m.scr == scrStaff) && m.before == scrPaying {
		return m.touch() // the customer is at the terminal: the charge records its order
	}
	if left := m.o.Idle - time.Since(m.lastInput); left > 50*time.Millisecond {
		m.idleArmed = true
		return tea.Tick(left, func(time.Time) tea.Msg { return idleMsg{} })
	}
	m.counting = max(int(m.o.Countdown.Round(time.Second)/time.Second), 1)
	return m.countTick()
}

func (m *Model) countTick() tea.Cmd {
	step := time.Second
	if m.o.Countdown < time.Second {
		step = m.o.Countdown
	}
	return tea.Tick(step, func(time.Time) tea.Msg { return countMsg{} })
}

func (m *Model) count() tea.Cmd {
	if m.counting == 0 {
		return nil // answered
	}
	if m.counting--; m.counting > 0 {
		return m.countTick()
	}
	m.reset()
	return nil
}

// reset empties the cart (its holds are released) and goes back to the
// attract screen.
func (m *Model) reset() {
	m.clearCart()
	m.payNext = false
	m.forgetCart()
	m.search = ""
	m.counting = 0
	if m.lang != m.o.Lang {
		m.setLang(m.o.Lang)
	}
	m.to(scrAttract)
}

func (m *Model) setLang(lang pos.Lang) {
	m.lang = lang
	m.rows, m.folded = nil, nil
	if m.msgIn != nil && m.msg != "" && m.msg == m.msgWas {
		m.msg = m.msgIn(lang) // the message line in the language chosen
		m.msgWas = m.msg
	}
	// the till prices in lang (under the register's lock): in the
	// cart's queue, whose answer is the cart priced again, its lines
	// named in lang
	m.later = append(m.later, m.cartDo(func(t cartTill) error { t.SetLang(lang); return nil }, nil))
	if m.scr == scrQR || m.scr == scrDone {
		m.qrTitles = nil
	}
}

// to shows a screen from its start.
func (m *Model) to(s screen) {
	if s != scrStaff {
		m.till.CloseStaffMenu() // the customer's screens: the customer's rights
	}
	m.scr, m.focus, m.offset, m.input = s, 0, 0, ""
	m.msg, m.msgErr = "", false
	m.zonesWait = false // a show chosen before does not open over this screen
	m.payWait = false   // nor a payment's methods
	m.payNext = false   // Pay tapped on the order, left before it opened
	m.askCancel = false
}

func (m *Model) say(key string, args ...any) { m.tell(false, key, args...) }

// tell shows a message that F2 says again in the other language.
func (m *Model) tell(isErr bool, key string, args ...any) {
	m.sayIn(isErr, func(l pos.Lang) string { return T(l, key, args...) })
}

func (m *Model) sayErr(err error) {
	m.sayIn(true, func(l pos.Lang) string { return asSentence(pos.Say(err, l)) })
}

// asSentence makes a refusal the register words as an error ("le billet
// … ne peut plus être échangé") a sentence for the customer: a capital
// first, a full stop last.
func asSentence(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToUpper(r[0])
	if last := r[len(r)-1]; unicode.IsLetter(last) || unicode.IsDigit(last) {
		r = append(r, '.')
	}
	return string(r)
}

func (m *Model) sayIn(isErr bool, in func(pos.Lang) string) {
	m.msg, m.msgErr = in(m.lang), isErr
	m.msgIn, m.msgWas = in, m.msg
}

// changed reads again what the register told changed: the printer's
// state (a fault during a sale's printing shows the trouble screen at
// once, and the attract screen says sales are paused), and the seat plan
// while it shows (a seat taken at another till, a hold that ran out). A
// key that moves the cursor reads nothing.
func (m *Model) changed() {
	if c := m.svc.Catalog(); c != m.cat {
		m.newCatalog(c)
	}
	m.canPrint = m.svc.Printer().CanPrint()
	if !m.canPrint && (m.scr == scrDone || m.scr == scrQR) && m.sale.Order.Number != "" && m.printing() {
		m.paused = true
		m.to(scrTrouble)
	}
	if m.scr == scrSeats {
		m.refreshSeats()
	}
}

// newCatalog makes c, the register's newer catalog (pulled from the
// central server, taken between sales: the cart is empty), the kiosk's:
// the shows are listed again from it, and a customer choosing among the
// places of a show chooses it again from the new list.
func (m *Model) newCatalog(c *pos.Catalog) {
	m.cat = c
	m.allPerf, m.perfDay, m.perfsUntil, m.rows, m.folded, m.head = nil, "", time.Time{}, nil, nil, [3]string{}
	switch m.scr {
	case scrPerfs:
		m.filter()
	case scrZones, scrSeats, scrQty:
		m.openPerfs()
	}
}

// printing: the last sale's tickets are not all out yet. Jobs printed
// whose record waits (Unrecorded) are out: the customer has them, and
// only the staff menu speaks of them.
func (m *Model) printing() bool {
	p := m.svc.Printer()
	return p.Pending > 0 || p.Printing
}

// sellable says whether a new sale may start.
func (m *Model) sellable() bool { return !m.paused && m.canPrint }

// --- keys ---

// locked are the keys a locked console ignores everywhere.
func locked(k tea.KeyPressMsg) bool {
	if k.Mod.Contains(tea.ModAlt) || k.Mod.Contains(tea.ModSuper) || k.Mod.Contains(tea.ModMeta) {
		return true
	}
	if k.Mod.Contains(tea.ModCtrl) {
		return true // ctrl+c, ctrl+z, ctrl+\ and the rest
	}
	return false
}

// keypad maps a numeric keypad's digits to moves on screens where nothing
// is typed (with NumLock off a keypad sends the arrows themselves).
var keypad = map[string]string{"8": "up", "2": "down", "4": "left", "6": "right", "5": "enter",
	"kp8": "up", "kp2": "down", "kp4": "left", "kp6": "right", "kp5": "enter", "kpenter": "enter",
	"kpplus": "+", "kpminus": "-", "kp0": "esc", "0": "esc", "kpdecimal": "esc", "kpmultiply": "f2", "*": "f2"}

func (m *Model) typing() bool {
	switch m.scr {
	case scrCode, scrExScan, scrPin:
		return true
	}
	return false
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	if locked(k) {
		return nil
	}
	name := k.String()
	if m.pinCutKey(name, k.Text) {
		return m.touch()
	}
	if m.hidden(name) {
		m.before, m.beforeFocus, m.beforeOffset = m.scr, m.focus, m.offset
		m.beforeInput, m.beforeMsg, m.beforeMsgErr = m.input, m.msg, m.msgErr
		m.beforeLang = m.lang
		m.beforePayWait, m.payKept = m.payWait, nil
		m.pinScreen++
		m.to(scrPin)
		return m.touch() // left there, it times out like any screen
	}
	// read before touch, which ends the countdown
	answers := m.counting > 0
	cmd := m.touch()
	if answers {
		return cmd // "still there?" answered: the key does nothing else
	}
	if name == "f2" {
		m.setLang(m.lang.Next())
		return cmd
	}
	if !m.typing() && m.scr != scrPerfs {
		if to, ok := keypad[name]; ok {
			name = to
		}
	} else if to, ok := keypad[name]; ok && strings.HasPrefix(name, "kp") {
		name = to
	}
	if m.scr == scrPerfs && (name == "8" || name == "2" || name == "5" || name == "kp8" || name == "kp2" || name == "kp5") {
		name = keypad[name]
	}
	return tea.Batch(cmd, m.keyOn(name, k.Text))
}

// hidden watches for the exit sequence.
func (m *Model) hidden(name string) bool {
	if m.scr == scrPin || m.scr == scrStaff {
		return false
	}
	m.keysSeen = append(m.keysSeen, name)
	if n := len(m.o.ExitKeys); len(m.keysSeen) > n {
		m.keysSeen = m.keysSeen[len(m.keysSeen)-n:]
	}
	if len(m.keysSeen) != len(m.o.ExitKeys) {
		return false
	}
	for i, k := range m.o.ExitKeys {
		if m.keysSeen[i] != k {
			return false
		}
	}
	m.keysSeen = nil
	return true
}

func (m *Model) keyOn(name, text string) tea.Cmd {
	switch m.scr {
	case scrAttract:
		return m.attractKey(name)
	case scrPerfs:
		return m.perfsKey(name, text)
	case scrZones:
		return m.zonesKey(name)
	case scrSeats:
		return m.seatsKey(name)
	case scrQty:
		return m.qtyKey(name)
	case scrCart:
		return m.cartKey(name)
	case scrCode:
		return m.codeKey(name, text)
	case scrPay:
		return m.payKey(name)
	case scrPaying:
		return nil // the terminal has the customer
	case scrDone:
		return m.doneKey(name)
	case scrQR:
		return m.qrKey(name)
	case scrTrouble, scrOops:
		m.reset()
		return nil
	case scrExScan:
		return m.exKey(name, text)
	case scrPin:
		return m.pinKey(name, text)
	case scrStaff:
		return m.staffKey(name)
	}
	return nil
}

// edit applies a key to the typed input; it reports whether it did.
func (m *Model) edit(name, text string, max int) bool {
	switch {
	case name == "backspace":
		if r := []rune(m.input); len(r) > 0 {
			m.input = string(r[:len(r)-1])
		}
		return true
	case name == "space" && max > 20:
		m.input += " "
		return true
	case text != "" && len([]rune(text)) == 1 && []rune(text)[0] >= ' ' && len([]rune(m.input)) < max:
		m.input += text
		return true
	}
	return false
}

// move moves the focus on a list of n items.
func (m *Model) move(name string, n int) bool {
	switch name {
	case "up":
		if m.focus > 0 {
			m.focus--
		}
	case "down":
		if m.focus < n-1 {
			m.focus++
		}
	case "pgup":
		m.focus = max(m.focus-m.pageSize(), 0)
	case "pgdown":
		m.focus = min(m.focus+m.pageSize(), max(n-1, 0))
	case "home":
		m.focus = 0
	case "end":
		m.focus = max(n-1, 0)
	default:
		return false
	}
	return true
}

func (m *Model) pageSize() int { return max(m.h-7, 3) }

// click: a line clicked is its item focused and chosen.
func (m *Model) click(mo tea.Mouse) tea.Cmd {
	if mo.Button != tea.MouseLeft {
		return nil
	}
	answers := m.counting > 0 // (touch ends the countdown)
	cmd := m.touch()
	if answers {
		return cmd // "still there?" answered: the touch does nothing else
	}
	if m.scr == scrSeats {
		if m.seats.clickAt(mo.X, mo.Y) {
			return tea.Batch(cmd, m.seatsKey("enter"))
		}
	}
	for _, h := range m.hits {
		if h.y != mo.Y {
			continue
		}
		if h.item < 0 {
			m.setLang(m.lang.Next())
			return cmd
		}
		m.focus = h.item
		if m.scr == scrExScan {
			m.input = "" // a tap on "go on": a scan half typed is dropped
		}
		return tea.Batch(cmd, m.keyOn("enter", ""))
	}
	if m.askCancel {
		m.keepOrder() // a tap off the question keeps the order
		return cmd
	}
	if m.scr == scrAttract || m.scr == scrTrouble || m.scr == scrOops || m.scr == scrDone || m.scr == scrQR {
		return tea.Batch(cmd, m.keyOn("enter", ""))
	}
	return cmd
}

// --- attract ---

func (m *Model) attractKey(name string) tea.Cmd {
	if strings.HasPrefix(name, "f") && len(name) > 1 && name[1] >= '0' && name[1] <= '9' {
		return nil // function keys: the language (F2) and the hidden exit sequence
	}
	m.canPrint = m.svc.Printer().CanPrint()
	if !m.sellable() {
		return nil
	}
	switch name {
	case "up", "down":
		m.focus = 1 - m.focus
		return nil
	case "enter":
		if m.focus == 1 {
			m.to(scrExScan)
			return m.touch()
		}
	}
	m.openPerfs()
	return m.touch()
}

// upcoming is what the kiosk sells: performances not canceled, not over,
// of events the kiosk may sell, in start order (today first). It is kept
// until the first of them is over or the day changes (the kiosk runs for
// days: yesterday's shows leave the list, and "Today" is today's).
func (m *Model) upcoming() []*pos.Performance {
	now := m.o.Now()
	day := now.In(m.cat.Location()).Format(time.DateOnly)
	if m.allPerf != nil && day == m.perfDay && now.Before(m.perfsUntil) {
		return m.allPerf
	}
	if day != m.perfDay {
		m.rows = nil // their "Today" was another day's
	}
	m.allPerf, m.perfDay, m.perfsUntil = nil, day, time.Time{}
	seller := m.till.Seller()
	for _, p := range m.cat.PerformancesByStart() {
		// what the catalog still sells: a show whose sales closed (at
		// its start, unless its event says otherwise) is not offered
		// only to be refused once its seats are chosen
		if !m.cat.OnSale(p, now) || !seller.CanSellEvent(p.Event) {
			continue
		}
		if c := m.cat.SalesClose(p); m.perfsUntil.IsZero() || c.Before(m.perfsUntil) {
			m.perfsUntil = c
		}
		m.allPerf = append(m.allPerf, p)
	}
	return m.allPerf
}

func (m *Model) openPerfs() {
	m.to(scrPerfs)
	m.search = ""
	m.perfs = m.upcoming()
}

// --- performances ---

func (m *Model) perfsKey(name, text string) tea.Cmd {
	if m.move(name, len(m.perfs)) {
		return nil
	}
	switch name {
	case "esc":
		if m.search != "" {
			m.search = ""
			m.filter()
			return nil
		}
		// the cart as last answered, exact once no change is under way
		// (one under way: the order shows its answer)
		if m.inFlight > 0 || m.cartLines > 0 || !m.credit.IsZero() {
			m.openCart()
			return nil
		}
		m.reset()
		return nil
	case "backspace":
		if r := []rune(m.search); len(r) > 0 {
			m.search = string(r[:len(r)-1])
			m.filter()
		}
		return nil
	case "enter":
		if m.focus < len(m.perfs) {
			return m.askZones(m.perfs[m.focus], true)
		}
		return nil
	}
	if text != "" && len([]rune(text)) == 1 && []rune(text)[0] > ' ' {
		m.search += text
		m.filter()
	} else if name == "space" && m.search != "" {
		m.search += " "
		m.filter()
	}
	return nil
}

func (m *Model) filter() {
	m.focus, m.offset = 0, 0
	if m.search == "" {
		m.perfs = m.upcoming()
		return
	}
	words := strings.Fields(pos.Fold(m.search))
	m.perfs = nil
	if m.folded == nil {
		m.folded = map[string]string{}
	}
	for _, p := range m.upcoming() {
		name, ok := m.folded[p.Event]
		if !ok {
			name = pos.Fold(m.perfName(p))
			m.folded[p.Event] = name
		}
		if pos.MatchWords(name, words) {
			m.perfs = append(m.perfs, p)
		}
	}
}

func (m *Model) perfName(p *pos.Performance) string {
	if ev, ok := m.cat.EventByID(p.Event); ok {
		return ev.Name.In(m.lang)
	}
	return p.Event
}

func (m *Model) when(p *pos.Performance) string {
	loc := m.cat.Location()
	st, now := p.Start.In(loc), m.o.Now().In(loc)
	if st.YearDay() == now.YearDay() && st.Year() == now.Year() {
		return T(m.lang, "attract.today") + " " + st.Format("15:04")
	}
	return pos.FormatDate(st, m.lang) + " " + st.Format("15:04")
}

// whenWidth is as wide as when can be in the language: the titles of the
// show list line up whatever the day and month ("jeu. 10 déc. 2026 20:00"
// is one wider than a 22-wide column, "mer. 30 sept. 2026 19:30" two).
func (m *Model) whenWidth() int {
	w := lipgloss.Width(T(m.lang, "attract.today") + " 15:04")
	for month := time.January; month <= time.December; month++ {
		w = max(w, lipgloss.Width(pos.FormatDate(time.Date(2026, month, 28, 0, 0, 0, 0, time.UTC), m.lang)+" 15:04"))
	}
	return w
}

// --- zones ---

func (m *Model) zonesKey(name string) tea.Cmd {
	if m.move(name, len(m.zones)) {
		return nil
	}
	switch name {
	case "esc":
		m.openPerfs()
	case "enter":
		if m.focus < len(m.zones) {
			m.openZone(m.focus)
		}
	}
	return nil
}

func (m *Model) openZone(i int) {
	za := m.zones[i]
	z, ok := m.cat.ZoneOf(m.perf, za.Zone)
	if !ok {
		return
	}
	m.zone = z
	m.cats = nil
	for _, c := range m.cat.OfferedCategories(m.perf, z.ID, nil) {
		if m.forCustomers(m.perf, z.ID, c) {
			m.cats = append(m.cats, c)
		}
	}
	if za.Available <= 0 && za.InCart == 0 && !za.Seated {
		// a zone whose last places are in this order opens: the
		// customer may lower them there
		m.to(scrZones)
		m.focus = i
		m.tell(true, "perf.soldout")
		return
	}
	if z.Seated() {
		m.to(scrSeats)
		m.seats = newSeatPlan(m.cat, m.perf, z)
		m.seatsPlace = true
		m.refreshSeats()
		return
	}
	m.to(scrQty)
}

// forCustomers: a category a customer may choose alone. One whose form
// must be answered, or that is free on the regular list (invitations),
// is given at the counter.
func (m *Model) forCustomers(perf *pos.Performance, zone string, c *pos.Category) bool {
	return forCustomers(m.cat, perf, zone, c)
}

func forCustomers(cat *pos.Catalog, perf *pos.Performance, zone string, c *pos.Category) bool {
	if required(c) {
		return false
	}
	price, ok := cat.PriceFor(perf.PriceList, c.ID, zone)
	return !ok || !price.IsZero()
}

// required: a category whose form must be answered is sold at the counter.
func required(c *pos.Category) bool {
	for _, q := range c.Form {
		if q.Required {
			return true
		}
	}
	return false
}

// --- seats ---

// refreshSeats asks the register again which seats of the plan are
// taken. It reads the register's file (and journals the holds that ran
// out), so the map is read in a Cmd run after this Update; the plan is
// drawn again with its answer (seatsAnswered).
func (m *Model) refreshSeats() {
	m.seatsAsked++
	n, perf, zone, till, seatMap := m.seatsAsked, m.perf.ID, m.zone.ID, m.till, m.seatMap
	m.later = append(m.later, safe(func() tea.Msg {
		st, err := seatMap(perf, zone, till)
		return seatsMsg{perf: perf, zone: zone, states: st, err: err, seq: n}
	}))
}

// seatsMsg is a seat plan's taken seats as the register read them.
type seatsMsg struct {
	perf, zone string
	states     map[string]counter.SeatState
	err        error
	seq        uint64 // the ask's number: an older answer never replaces a newer
}

func (m *Model) seatsAnswered(msg seatsMsg) {
	if msg.seq < m.seatsShown || m.scr != scrSeats || m.perf == nil || m.zone == nil ||
		m.perf.ID != msg.perf || m.zone.ID != msg.zone {
		return // older, or the customer left the plan meanwhile
	}
	m.seatsShown = msg.seq
	if msg.err != nil {
		m.sayErr(msg.err)
		return
	}
	m.seats.states = msg.states
	if m.seatsPlace {
		// the cursor starts on the first seat free, unless the
		// customer moved it before the answer
		m.seatsPlace = false
		m.seats.place(counter.FirstFreeSeat(m.cat, m.perf.ID, m.zone, m.seats.states))
	}
}

func (m *Model) seatsKey(name string) tea.Cmd {
	switch name {
	case "esc":
		return m.backToZones()
	case "up", "down", "left", "right", "home", "end":
		m.seatsPlace = false // the customer's move is kept when the plan's answer comes
		m.seats.move(name)   // the plan is current: changed
		return nil
	case "enter", "space":
		if m.seats.onContinue() {
			m.openCart()
			return nil
		}
		return m.toggleSeat() // the plan is drawn again with the answer
	}
	return nil
}

// toggleSeat takes the seat under the cursor or gives it back. Whether it
// is in the cart is read when the change runs: a second tap before the
// first's answer gives back the seat the first took.
func (m *Model) toggleSeat() tea.Cmd {
	id, ok := m.seats.current()
	if !ok {
		return nil
	}
	m.msg = ""
	held := m.seats.states[id] == counter.SeatHeldByMe
	if !held && len(m.cats) == 0 {
		m.tell(true, "pay.none")
		return nil
	}
	perf, zone, cat := m.perf.ID, m.zone.ID, ""
	if len(m.cats) > 0 {
		cat = m.cats[0].ID
	}
	return m.cartDo(func(t cartTill) error {
		for i, l := range t.Cart().Lines {
			if l.Kind == pos.LineTicket && l.Performance == perf && l.Zone == zone && l.Seat == id {
				return t.RemoveLine(i)
			}
		}
		if held || cat == "" {
			return nil // held by this till for another line: nothing to give back here
		}
		return t.AddSeats(perf, zone, cat, id)
	}, nil)
}

// --- quantities ---

// qtyShown is how many places of a category the cart held at its last
// answer (View asks the till nothing).
func (m *Model) qtyShown(cat string) int {
	for _, l := range m.priced.Lines {
		if l.Kind == pos.LineTicket && l.Performance == m.perf.ID && l.Zone == m.zone.ID && l.Category == cat && l.Seat == "" {
			return l.Quantity
		}
	}
	return 0
}

// qtyIn: the cart's line of unnumbered places of a category, and how many.
func qtyIn(c pos.Cart, perf, zone, cat string) (line, qty int) {
	for i, l := range c.Lines {
		if l.Kind == pos.LineTicket && l.Performance == perf && l.Zone == zone && l.Category == cat && l.Seat == "" {
			return i, l.Quantity
		}
	}
	return -1, 0
}

func (m *Model) qtyKey(name string) tea.Cmd {
	n := len(m.cats) + 1 // the categories, then Continue
	if m.move(name, n) {
		return nil
	}
	switch name {
	case "esc":
		return m.backToZones()
	case "right", "+":
		if m.focus < len(m.cats) {
			m.msg = ""
			perf, zone, cat := m.perf.ID, m.zone.ID, m.cats[m.focus].ID
			return m.cartDo(func(t cartTill) error { return t.AddTickets(perf, zone, cat, 1) }, nil)
		}
	case "left", "-":
		if m.focus < len(m.cats) {
			m.msg = ""
			perf, zone, cat := m.perf.ID, m.zone.ID, m.cats[m.focus].ID
			// the line and its quantity are read when the change runs,
			// after the taps before it
			return m.cartDo(func(t cartTill) error {
				if line, q := qtyIn(t.Cart(), perf, zone, cat); q > 0 {
					return t.SetQuantity(line, q-1)
				}
				return nil
			}, nil)
		}
	case "enter":
		if m.focus == len(m.cats) {
			m.openCart()
		} else {
			m.focus = len(m.cats)
		}
	}
	return nil
}

// --- cart ---

// openCart shows the order as last answered and prices it again off
// Update; the answer says when it is empty (cartAnswered).
func (m *Model) openCart() {
	m.to(scrCart)
	m.askPrice()
}

// cart items after the lines: code, more, pay, cancel.
const (
	cartCode = iota
	cartMore
	cartPay
	cartCancel
	cartItems
)

func (m *Model) due() pos.Money {
	return m.priced.Total.Minus(m.credit.Min(m.priced.Total))
}

func (m *Model) cartKey(name string) tea.Cmd {
	lines := len(m.priced.Lines)
	if m.askCancel {
		// asked once: Enter on the question empties the order; any other
		// key keeps it (and moves, changes a tariff… as it would)
		if name == "enter" && m.focus == lines+cartCancel {
			m.reset()
			return nil
		}
		m.keepOrder()
		if name == "esc" {
			return nil // Esc answers the question: it does not go back too
		}
	}
	if m.move(name, lines+cartItems) {
		return nil
	}
	switch name {
	case "esc":
		m.openPerfs()
	case "left", "right", "-", "+":
		if m.focus < lines {
			return m.cycleCategory(m.focus, name == "right" || name == "+")
		}
	case "enter":
		if m.focus < lines {
			m.focus = lines + cartPay
			return nil
		}
		switch m.focus - lines {
		case cartCode:
			m.to(scrCode)
		case cartMore:
			m.openPerfs()
		case cartPay:
			return m.payFromCart()
		case cartCancel:
			if lines == 0 && m.credit.IsZero() {
				m.reset() // nothing to lose: no question
				return nil
			}
			m.askCancel = true
			m.say("cart.asktouch")
		}
	}
	return nil
}

// payFromCart opens the payment for the order as priced; a tariff change
// under way is answered first (the charge is for the order the customer
// sees).
func (m *Model) payFromCart() tea.Cmd {
	if m.inFlight > 0 {
		m.payNext = true
		return nil
	}
	if len(m.priced.Lines) == 0 && m.credit.IsZero() {
		m.say("cart.empty")
		return nil
	}
	return m.openPay()
}

// keepOrder answers "Cancel everything?" no.
func (m *Model) keepOrder() {
	m.askCancel = false
	m.msg, m.msgErr = "", false
}

// cycleCategory gives a ticket line the next tariff a customer may take.
// The line's tariff is read when the change runs: two taps move two steps.
func (m *Model) cycleCategory(line int, next bool) tea.Cmd {
	m.msg = ""
	cat := m.cat
	return m.cartDo(func(t cartTill) error {
		pc, err := t.Priced()
		if err != nil || line >= len(pc.Lines) {
			return err
		}
		l := pc.Lines[line]
		if l.Kind != pos.LineTicket {
			return nil
		}
		perf, ok := cat.PerformanceByID(l.Performance)
		if !ok {
			return nil
		}
		var cats []*pos.Category
		for _, c := range cat.OfferedCategories(perf, l.Zone, pc.Offer) {
			if forCustomers(cat, perf, l.Zone, c) {
				cats = append(cats, c)
			}
		}
		if len(cats) < 2 {
			return nil
		}
		at := 0
		for i, c := range cats {
			if c.ID == l.Category {
				at = i
			}
		}
		if next {
			at = (at + 1) % len(cats)
		} else {
			at = (at + len(cats) - 1) % len(cats)
		}
		return t.SetCategory(line, cats[at].ID)
	}, nil)
}

// --- promo code ---

func (m *Model) codeKey(name, text string) tea.Cmd {
	switch name {
	case "esc":
		m.openCart()
		return nil
	case "enter":
		code := strings.TrimSpace(m.input)
		if code == "" {
			m.openCart()
			return nil
		}
		return m.cartDo(func(t cartTill) error { _, err := t.ApplyCode(code); return err }, func(m *Model, err error) {
			if m.scr != scrCode {
				return // the customer left the code screen meanwhile
			}
			if err != nil {
				m.sayErr(err)
				return
			}
			m.openCart()
			m.say("code.ok", strings.ToUpper(code))
		})
	}
	m.edit(name, text, 32)
	return nil
}

// --- payment ---

// openPay opens the payment. The methods this order may take and what
// each charges with its fees are asked off Update, in the cart's queue
// (they price the cart under the register's lock): the screen says "one
// moment" and Enter does nothing until the answer; only the newest ask's
// answer, on the pay screen, is shown.
func (m *Model) openPay() tea.Cmd {
	m.to(scrPay)
	m.methods, m.free, m.charges = nil, "", nil
	m.payAsked++
	m.payWait = true
	m.say("wait.moment")
	n := m.payAsked
	// filled by the change, read by its answer (which the program gives
	// Update after the change ran)
	var (
		ms      []*pos.PaymentMethod
		msErr   error
		charges = map[string]pos.Money{}
	)
	return m.cartDo(func(t cartTill) error {
		pc, err := t.Priced()
		if err != nil {
			return err
		}
		credit := t.Credit()
		due := pc.Total.Minus(credit.Min(pc.Total))
		if due.Amount <= 0 && !credit.IsZero() {
			return nil // an exchange paid by its credit: confirm
		}
		if ms, msErr = t.PaymentMethods(); msErr != nil || due.Amount <= 0 {
			return nil
		}
		for _, pm := range ms {
			// the method's fees are charged too (PayAtTerminal): say so
			if pm.NeedsReference() {
				if pc, err := t.PricedWith([]string{pm.ID}); err == nil {
					charges[pm.ID] = pc.Total.Minus(credit.Min(pc.Total))
				}
			}
		}
		return nil
	}, func(m *Model, err error) {
		show := func(m *Model) {
			m.payWait = false
			if m.msg == T(m.lang, "wait.moment") {
				m.msg, m.msgErr = "", false // (not a wrong PIN's, said since)
			}
			if err != nil {
				m.sayErr(err)
				return
			}
			m.showMethods(ms, msErr, charges)
		}
		switch {
		case n != m.payAsked:
			// asked again since
		case m.scr == scrPay && m.payWait:
			show(m)
		case (m.scr == scrPin || m.scr == scrStaff) && m.before == scrPay && m.beforePayWait:
			// staff opened the PIN screen over it: the pay screen they
			// go back to shows the methods (else "one moment" for ever)
			m.payKept = show
		}
	})
}

// showMethods offers the methods the register answered (openPay).
func (m *Model) showMethods(ms []*pos.PaymentMethod, err error, charges map[string]pos.Money) {
	if m.due().Amount <= 0 && !m.credit.IsZero() {
		return // an exchange paid by its credit: confirm
	}
	if err != nil {
		m.sayErr(err)
		return
	}
	if m.due().Amount <= 0 {
		// nothing to pay (a gift code took it all): recorded as free /
		// invitation when customers may take it, else at the counter
		for _, pm := range ms {
			if pm.Kind == pos.KindFree {
				m.free = pm.ID
				return
			}
		}
		m.tell(true, "pay.none")
		return
	}
	m.charges = charges
	for _, pm := range ms {
		if pm.NeedsReference() { // the terminal's methods: a card, Postcard, TWINT
			m.methods = append(m.methods, pm)
		}
	}
	if len(m.methods) == 0 {
		m.tell(true, "pay.none")
	}
}

func (m *Model) payKey(name string) tea.Cmd {
	n := max(len(m.methods), 1)
	if m.move(name, n) {
		return nil
	}
	switch name {
	case "esc":
		m.openCart()
	case "enter":
		if m.payWait {
			return nil // the methods are not answered yet
		}
		m.canPrint = m.svc.Printer().CanPrint()
		if !m.canPrint {
			m.sayIn(true, func(l pos.Lang) string { return T(l, "attract.paused") + " " + T(l, "attract.counter") })
			return nil
		}
		till := m.till
		if m.due().Amount <= 0 {
			var tenders []pos.Tender // an exchange's credit pays it all
			if m.credit.IsZero() {
				if m.free == "" {
					m.tell(true, "pay.none")
					return nil
				}
				tenders = []pos.Tender{{Method: m.free}}
			}
			m.scr, m.charging = scrPaying, pos.Money{}
			return safe(func() tea.Msg { s, err := till.Checkout(tenders); return soldMsg{s, err} })
		}
		if m.focus >= len(m.methods) || m.o.Terminal == nil {
			return nil
		}
		method, term := m.methods[m.focus].ID, m.o.Terminal
		m.scr, m.msg = scrPaying, ""
		m.charging = m.due()
		if c, ok := m.charges[method]; ok {
			m.charging = c // its fees included, as the terminal shows it
		}
		return safe(func() tea.Msg {
			p, err := till.PayAtTerminal(context.Background(), term, method)
			return paidMsg{p, err}
		})
	}
	return nil
}

func (m *Model) paid(msg paidMsg) tea.Cmd {
	cut := m.staffLeaveForTheCharge()
	cmd := m.answered(msg)
	m.tellStaff(cut)
	return cmd
}

// answered shows the terminal's answer to the customer.
func (m *Model) answered(msg paidMsg) tea.Cmd {
	touch := m.touch()
	if msg.err != nil {
		m.o.Log.Warn("payment failed", "err", msg.err)
		m.scr = scrPay
		if errors.Is(msg.err, counter.ErrRefundNeeded) {
			// staff find it in their menu (refunds): the customer was sent to them
			m.clearCart()
			m.forgetCart()
			m.tell(true, "pay.refund", msg.p.Ref)
			m.methods = nil
			return touch
		}
		if errors.Is(msg.err, counter.ErrLostApproval) {
			m.tell(true, "pay.lost", msg.p.Ref)
			return touch
		}
		if msg.p.Ref == "" {
			// refused before the terminal was asked (a seat sold
			// meanwhile): nothing was charged, the reason says what to do
			m.sayErr(msg.err)
			return touch
		}
		m.tell(true, "pay.unknown", msg.p.Ref)
		return touch
	}
	if !msg.p.Paid() {
		m.scr = scrPay
		switch msg.p.Result.Outcome {
		case payterm.Cancelled:
			m.tell(true, "pay.cancelled")
		case payterm.TimedOut:
			m.tell(true, "pay.timeout")
		default:
			m.tell(true, "pay.declined")
		}
		m.msgErr = true
		return touch
	}
	return tea.Batch(touch, m.sold(msg.p.Sale, nil))
}

// sold shows the order recorded: the tickets print (or the printer's
// trouble), then each ticket's QR.
func (m *Model) sold(sale counter.Sale, err error) tea.Cmd {
	cut := m.staffLeaveForTheCharge()
	defer m.tellStaff(cut)
	if err != nil {
		m.scr = scrPay
		m.sayErr(err)
		return nil
	}
	var receipt tea.Cmd
	if sale.HasVoucher && sale.Order.Number != "" && !sale.Receipt {
		// the voucher's number prints on the order's receipt (journaled:
		// off Update)
		number := sale.Order.Number
		receipt = m.staffDo(func(t cartTill) func(*Model) {
			err := t.PrintReceipt(number)
			return func(m *Model) {
				if err != nil {
					m.o.Log.Warn("credit voucher's receipt not printed", "order", number, "err", err)
				}
			}
		})
	}
	m.sale = sale
	m.forgetCart()
	if sale.Order.Number != "" {
		m.lastOrder = sale.Order.Number
	}
	m.qrs, m.qrTitles, m.qrAt = nil, nil, 0
	m.to(scrDone)
	if sale.Order.Number != "" && !m.svc.Printer().CanPrint() {
		m.paused = true
		m.to(scrTrouble)
	}
	return receipt
}

// doneKey: Enter shows the tickets on screen (none: it finishes), Esc
// finishes; the customer once had only the idle timeout to leave.
func (m *Model) doneKey(name string) tea.Cmd {
	if name != "enter" && name != "space" && name != "right" && name != "esc" {
		return nil
	}
	if name == "esc" || len(m.sale.Order.Tickets) == 0 {
		m.reset()
		return nil
	}
	m.to(scrQR)
	m.qrAt = 0
	if m.qrs == nil {
		return m.loadQRs()
	}
	return nil
}

// qrsMsg: the QR codes of order's tickets, drawn (loadQRs).
type qrsMsg struct {
	order string
	lines [][]string
	err   error
}

// loadQRs reads the sale's QR codes from the register and draws them off
// Update and View (a journal read, then a QR code drawn per ticket); the
// screen shows the tickets' titles until they come.
func (m *Model) loadQRs() tea.Cmd {
	reads, order := m.reads, m.sale.Order
	return safe(func() tea.Msg {
		qrs, err := reads.TicketQRs(order.Number)
		lines := make([][]string, len(order.Tickets))
		for i, t := range order.Tickets {
			lines[i] = QRLines(qrs[t.Number])
		}
		return qrsMsg{order: order.Number, lines: lines, err: err}
	})
}

func (m *Model) qrKey(name string) tea.Cmd {
	m.msg = "" // said beside the ticket it came on
	switch name {
	case "enter", "space", "right", "down":
		if m.qrAt+1 >= len(m.sale.Order.Tickets) {
			m.reset()
			return nil
		}
		m.qrAt++
	case "left", "up":
		if m.qrAt > 0 {
			m.qrAt--
		}
	case "esc":
		m.reset()
		return nil
	}
	if m.qrs == nil && m.scr == scrQR {
		return m.loadQRs() // they could not be read: read again
	}
	return nil
}

// --- exchange ---

// exMax bounds what is typed on the exchange screen: a ticket's QR code,
// as the scanner types it, is some 170 characters.
const exMax = 400

// exKey: the customer scans each ticket's QR code, one after another (the
// scanner types it like a keyboard, Enter ending it; a phone showing the
// ticket is scanned the same way). Each code is given to the register,
// which adds its ticket to the cart's exchange credit, or refuses it
// saying why and keeps the list. Enter on an empty line goes on to choose the
// new show with the credit; Esc leaves, giving the tickets back.
func (m *Model) exKey(name, text string) tea.Cmd {
	switch name {
	case "esc":
		m.reset()
		return nil
	case "enter":
		in := strings.TrimSpace(m.input)
		m.input = ""
		if in == "" {
			if m.inFlight > 0 {
				// a ticket scanned just before is still being checked:
				// the credit is told once it is in
				return m.cartDo(func(cartTill) error { return nil }, func(m *Model, _ error) {
					if m.scr == scrExScan {
						m.exScanned()
					}
				})
			}
			m.exScanned()
			return nil
		}
		// the register reads the journal and changes the cart's credit:
		// in the cart's queue, off Update
		var number string
		return m.cartDo(func(t cartTill) error {
			if _, err := t.Exchange("", []string{in}); err != nil {
				return err
			}
			if tickets := t.CreditTickets(); len(tickets) > 0 {
				number = tickets[len(tickets)-1].Number
			}
			return nil
		}, func(m *Model, err error) {
			if err != nil {
				m.o.Log.Info("exchange refused", "ticket", in, "err", err)
			}
			if m.scr != scrExScan {
				return // the customer left meanwhile
			}
			if err != nil {
				m.sayErr(err)
				return
			}
			m.say("ex.added", number)
		})
	}
	m.edit(name, text, exMax)
	return nil
}

// exScanned goes on, once the tickets are scanned, to choose the new show
// with their credit: the tickets and credit of the last answer, the scans
// before it answered (the caller waits for them).
func (m *Model) exScanned() {
	if len(m.exTickets) == 0 {
		m.say("ex.first")
		return
	}
	m.openPerfs()
	m.say("ex.ok", len(m.exTickets), m.credit.Format(m.lang))
}

// --- staff ---

func (m *Model) pinKey(name, text string) tea.Cmd {
	switch name {
	case "esc":
		m.back()
		return nil
	case "enter":
		if m.pinChecking {
			return nil // one check at a time: a wrong PIN counts once
		}
		return m.checkPIN()
	}
	if text >= "0" && text <= "9" && len(text) == 1 || name == "backspace" {
		m.edit(name, text, pinMax)
	}
	return nil
}

// staffLeaveForTheCharge gives the customer's screen back when the answer
// to their charge comes while staff opened the PIN screen or their menu
// over it: the answer is the customer's to see, and the till under it must
// not keep the staff's rights (nor the pay screen a PIN's focus). A PIN
// cut short has its next keys let fall: typed on the customer's screen,
// "5" would choose a way to pay and start a new charge. It returns the
// key of the sentence that tells staff ("": they were not there).
func (m *Model) staffLeaveForTheCharge() string {
	if m.before != scrPaying {
		return ""
	}
	switch m.scr {
	case scrPin:
		m.pinCut, m.pinCutAt, m.pinCutMenu = pinMax-len(m.input)+1, time.Now(), false // the digits left and Enter
		if m.pinChecking {
			// its Enter typed: an Enter again, as the check takes its
			// time, would start a new charge
			m.pinCut, m.pinCutMenu = 1, true
		}
		m.back()
		return "staff.pincut"
	case scrStaff:
		// the staff's Enter on their menu, come as it closed, would
		// start a new charge or go on to the QR codes
		m.pinCut, m.pinCutAt, m.pinCutMenu = 1, time.Now(), true
		m.back()
		return "staff.menucut"
	}
	return ""
}

// tellStaff adds to the customer's message the sentence that tells staff
// their PIN screen or menu closed, or what it did not do (in the screen's
// language, the one the PIN screen was in: F2 says both again).
func (m *Model) tellStaff(key string, args ...any) {
	if key == "" {
		return
	}
	prev, isErr := m.msgIn, m.msgErr
	if m.msg == "" || prev == nil || m.msg != m.msgWas {
		m.tell(false, key, args...)
		return
	}
	// on a line of its own: it is not the customer's
	m.sayIn(isErr, func(l pos.Lang) string { return prev(l) + "\n" + T(l, key, args...) })
}

// pinMax is how many digits a staff PIN can have on the PIN screen.
const pinMax = 12

// pinCutKey lets fall a key of a staff PIN cut short by the charge's
// answer (or the Enter of a staff menu it closed); it reports whether it
// did. A key a PIN does not type, a pause, or the PIN's Enter ends it.
func (m *Model) pinCutKey(name, text string) bool {
	if m.pinCut <= 0 {
		return false
	}
	pin := name == "backspace" || name == "enter" || name == "kpenter" ||
		len(text) == 1 && text >= "0" && text <= "9" ||
		len(name) == 3 && strings.HasPrefix(name, "kp") && name[2] >= '0' && name[2] <= '9'
	if m.pinCutMenu { // the menu's own choosing keys only
		pin = name == "enter" || name == "kpenter" || name == "5" || name == "kp5"
	}
	if !pin || time.Since(m.pinCutAt) > pinPause {
		m.pinCut = 0
		return false
	}
	m.pinCut--
	m.pinCutAt = time.Now()
	if name == "enter" || name == "kpenter" {
		m.pinCut = 0
	}
	return true
}

// pinPause: a key this long after the last of a PIN cut short is the
// customer's, not the PIN's rest.
const pinPause = 3 * time.Second

// back leaves the PIN screen or the staff menu for the customer's screen
// as it was: its cart is theirs (a charge under way records its order).
func (m *Model) back() {
	m.till.CloseStaffMenu()
	m.scr, m.focus, m.offset = m.before, m.beforeFocus, m.beforeOffset
	m.input, m.msg, m.msgErr = m.beforeInput, m.beforeMsg, m.beforeMsgErr
	if m.lang != m.beforeLang && m.beforeLang.Known() {
		// the message restored is in it already (setLang leaves it)
		m.setLang(m.beforeLang)
	}
	if m.scr == scrPay && m.beforePayWait {
		// its methods still asked, or answered while staff were there
		m.payWait = true
		if show := m.payKept; show != nil {
			show(m)
		}
	}
	m.beforePayWait, m.payKept = false, nil
}

const (
	staffReprint = iota
	staffReopen
	staffLeave
	staffBack
	staffItems
)

// with a lost payment to settle
const (
	staffCharged = staffItems + iota
	staffNotCharged
	staffLostItems
)

// staffCount is how many items the staff menu shows.
func (m *Model) staffCount() int {
	n := m.staffRefundItem()
	if len(m.refunds) > 0 {
		n++
	}
	return n
}

// staffRefundItem is the staff menu's item that marks the oldest refund
// owed as refunded, when there is one.
func (m *Model) staffRefundItem() int {
	if m.lost != "" {
		return staffLostItems
	}
	return staffItems
}

// markRefunded records that the staff refunded the oldest refund owed on
// the terminal: journaled with who did it, it is no longer listed.
// The mark is journaled (fsynced) and the list read again off Update.
func (m *Model) markRefunded() tea.Cmd {
	if len(m.refunds) == 0 || m.staffBusy {
		return nil
	}
	m.staffBusy = true // a second Enter meanwhile would mark it again
	ref, read := m.refunds[0].Ref, m.staffReader(false)
	return m.staffDo(func(t cartTill) func(*Model) {
		err := t.MarkRefunded(ref)
		lists := read()
		return func(m *Model) {
			m.staffBusy = false
			m.showLists(lists)
			if err == nil {
				m.o.Log.Info("payment marked refunded on the terminal", "payment", ref)
			}
			if m.scr != scrStaff {
				if err != nil {
					// staff left before it was written (the staff's
					// rights went with the menu): said on the
					// customer's screen, or they would think it marked
					m.o.Log.Warn("payment not marked refunded", "payment", ref, "err", err)
					m.tellStaff("staff.notmarked", ref)
				}
				return
			}
			m.focus = min(m.focus, m.staffCount()-1)
			if err != nil {
				m.sayErr(err)
				return
			}
			m.say("staff.markedrefund", ref)
		}
	})
}

// staffMsg is a staff menu's paper or mark done off Update: what the
// screen does with its answer.
type staffMsg func(m *Model)

// staffDo runs work, which writes the journal, in a tea.Cmd; the function
// it returns is applied in Update.
func (m *Model) staffDo(work func(t cartTill) func(*Model)) tea.Cmd {
	t := m.cart
	return safe(func() tea.Msg { return staffMsg(work(t)) })
}

// settle has the staff's word on the lost payment recorded (the terminal
// is asked first: its answer wins).
func (m *Model) settle(charged bool) tea.Cmd {
	if m.settling || m.lost == "" {
		return nil
	}
	m.settling = true
	m.tell(false, "staff.settling", m.lost)
	till, term, ref, read := m.till, m.o.Terminal, m.lost, m.staffReader(true)
	return safe(func() tea.Msg {
		r, err := till.SettleLost(context.Background(), term, ref, charged)
		return settledMsg{r, err, read()}
	})
}

func (m *Model) settled(msg settledMsg) tea.Cmd {
	m.settling = false
	r := msg.r
	if msg.err != nil {
		m.o.Log.Warn("payment not settled", "payment", r.Ref, "err", msg.err)
	} else {
		m.o.Log.Info("payment settled by staff", "payment", r.Ref, "outcome", r.Outcome, "order", r.Order, "note", r.Note)
		// the start's "still pending" for it is answered now
		m.pending = slices.DeleteFunc(m.pending, func(p counter.Reconciled) bool { return p.Ref == r.Ref })
		if r.Order != "" {
			m.lastOrder = r.Order
		}
	}
	if m.scr != scrStaff {
		return nil
	}
	m.showLists(msg.lists)
	m.focus = min(m.focus, m.staffCount()-1)
	switch {
	case msg.err != nil:
		m.sayErr(msg.err)
	case r.Outcome == "paid":
		m.say("staff.settledorder", r.Ref, r.Order)
	case r.Outcome == "refund":
		m.tell(true, "staff.settledrefund", r.Ref)
	default:
		m.say("staff.settled", r.Ref)
	}
	return nil
}

func (m *Model) staffKey(name string) tea.Cmd {
	if m.move(name, m.staffCount()) {
		return nil
	}
	switch name {
	case "esc":
		m.back()
	case "enter":
		switch m.focus {
		case staffReprint:
			return m.reprint()
		case staffReopen:
			m.canPrint = m.svc.Printer().CanPrint()
			if !m.canPrint {
				m.tell(true, "staff.fixfirst")
				return nil
			}
			if !m.paused {
				m.say("staff.open") // they were: nothing was reopened
				return nil
			}
			m.paused = false
			m.say("staff.reopened")
		case staffLeave:
			m.quit = true
			return tea.Quit
		case staffBack:
			m.back()
		case m.staffRefundItem(): // before staffCharged: it is that item when no payment is lost
			return m.markRefunded()
		case staffCharged:
			return m.settle(true)
		case staffNotCharged:
			return m.settle(false)
		}
	}
	return nil
}

// reprint prints the last order's tickets again, off Update: the order is
// read from the register and each duplicate journaled (fsynced). A ticket
// canceled or exchanged since is not printed again, nor one whose last
// copy still waits in the print queue (paper out during the sale): it
// comes out by itself once the printer can print, and the customer would
// get it twice.
func (m *Model) reprint() tea.Cmd {
	if m.lastOrder == "" && m.lastErr != nil {
		// the journal could not be read: which order is the last is not
		// known, not "none"; it is read again (the menu says how it went)
		m.say("wait.moment")
		read := m.staffReader(false)
		return safe(func() tea.Msg { l := read(); l.again = true; return listsMsg(l) })
	}
	if m.lastOrder == "" {
		m.say("staff.nothingsold") // Enter did nothing: staff pressed it again
		return nil
	}
	if m.staffBusy {
		return nil
	}
	m.staffBusy = true // a second Enter meanwhile would print them twice
	m.lastAsked++
	number, reads, seq := m.lastOrder, m.reads, m.lastAsked
	return m.staffDo(func(t cartTill) func(*Model) {
		reprinted := 0
		var was, now lastOrder
		ov, ok, err := reads.Order(number)
		if err == nil && !ok {
			// a sentence pos.Say translates (fmt.Errorf's was English on
			// a French menu)
			err = pos.Errorf("order %s: %w", number, counter.ErrNotFound)
		}
		if err == nil {
			was = lastOrderOf(ov)
			for _, tk := range ov.Tickets {
				if tk.State != counter.TicketValid || tk.Printed < 1+tk.Reprints {
					continue
				}
				if err = t.Reprint(tk.Number); err != nil {
					break
				}
				reprinted++
			}
			// the menu says the copies now queued
			if ov, ok, rerr := reads.Order(number); rerr == nil && ok {
				now = lastOrderOf(ov)
			}
		}
		return func(m *Model) {
			m.staffBusy = false
			if now.number != "" && m.lastOrder == number && seq >= m.lastShown {
				m.lastShown, m.lastState = seq, now
			}
			if m.scr != scrStaff {
				if err != nil { // as a mark's (markRefunded)
					m.o.Log.Warn("order not reprinted", "order", number, "err", err)
					m.tellStaff("staff.notreprinted", number)
				}
				return
			}
			switch {
			case err != nil:
				m.sayErr(err)
			case was.valid == 0:
				m.tell(true, "staff.novalid", number)
			case reprinted == 0:
				m.tell(true, "staff.stillwaiting", number)
			case was.waiting > 0:
				m.say("staff.reprintedsome", reprinted, number)
			default:
				m.say("staff.reprinted", number)
			}
		}
	})
}

// --- drawing ---

var (
	stTitle  = keep(lipgloss.NewStyle().Bold(true))
	stFocus  = keep(lipgloss.NewStyle().Reverse(true).Bold(true))
	stDim    = keep(lipgloss.NewStyle().Faint(true))
	stErr    = keep(lipgloss.NewStyle().Bold(true))
	stBig    = keep(lipgloss.NewStyle().Bold(true).Padding(0, 2))
	stBanner = keep(lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1))
)

// keptStyle is a style that keeps what it rendered: a frame draws the same
// titles, help lines and focused items as the frame before, and lipgloss
// lays each out anew (a fifth of a key's work on the show list). It keeps
// at most 128 texts, then starts over.
type keptStyle struct {
	st   lipgloss.Style
	mu   sync.Mutex
	kept map[string]string
}

func keep(st lipgloss.Style) *keptStyle { return &keptStyle{st: st} }

// Render is the style's lipgloss.Style.Render of s.
func (k *keptStyle) Render(s string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	if r, ok := k.kept[s]; ok {
		return r
	}
	if len(k.kept) >= 128 || k.kept == nil {
		k.kept = make(map[string]string, 16)
	}
	r := k.st.Render(s)
	k.kept[s] = r
	return r
}

// View draws the screen in front. A panic while drawing shows the
// friendly screen.
func (m *Model) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			m.o.Log.Error("panic while drawing", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			m.scr = scrOops
			v = m.frame(T(m.lang, "oops.title") + "\n\n" + T(m.lang, "oops.again"))
		}
	}()
	m.hits = m.hits[:0]
	body := m.fit(m.body())
	v = m.frame(body)
	return v
}

// fit cuts, with "…", a line wider than the window (a show's long name in
// a list, a title): the terminal would cut it without a mark, or wrap it
// and push the screen's last lines off. Lines that fit are not copied.
func (m *Model) fit(body string) string {
	if m.w <= 0 {
		return body
	}
	wide := false
	for rest := body; rest != "" && !wide; {
		l, after, _ := strings.Cut(rest, "\n")
		wide, rest = len(l) > m.w && ansi.StringWidth(l) > m.w, after
	}
	if !wide {
		return body
	}
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > m.w {
			lines[i] = ansi.Truncate(l, m.w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) frame(body string) tea.View {
	s := body
	m.screenText.Store(&s)
	v := tea.NewView(body)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.cat.Organiser.Name
	return v
}

func (m *Model) header(title string) []string {
	m.hits = append(m.hits, hit{y: 0, item: -1})
	if w := fmt.Sprint(m.w); m.head[0] != string(m.lang) || m.head[1] != w {
		left := " " + m.cat.Organiser.Name
		right := T(m.lang, "lang.other") + " "
		// the banner's padding counts in the width: 2 cells more and the
		// terminal cuts the line
		gap := max(m.w-lipgloss.Width(left)-lipgloss.Width(right)-stBanner.st.GetHorizontalFrameSize(), 1)
		m.head = [3]string{string(m.lang), w, stBanner.Render(left + strings.Repeat(" ", gap) + right)}
	}
	out := []string{m.head[2], ""}
	if title != "" {
		out = append(out, stTitle.Render("  "+strings.ToUpper(title)), "")
	}
	return out
}

// list draws items with the focused one large and marked; it records
// where each is for clicks.
func (m *Model) list(lines []string, items []string, room int) []string {
	return m.listOf(lines, len(items), func(i int) string { return items[i] }, room)
}

// listOf is list of n items, item(i) formatting the i-th: only those that
// show are formatted.
func (m *Model) listOf(lines []string, n int, item func(int) string, room int) []string {
	room = max(room, 1)
	if m.focus < m.offset {
		m.offset = m.focus
	}
	if m.focus >= m.offset+room {
		m.offset = m.focus - room + 1
	}
	for i := m.offset; i < n && i < m.offset+room; i++ {
		m.hits = append(m.hits, hit{y: len(lines), item: i})
		if i == m.focus {
			lines = append(lines, " ▶ "+stFocus.Render(" "+item(i)+" "))
		} else {
			lines = append(lines, "    "+item(i))
		}
	}
	return lines
}

// message is the message line wrapped to the screen (a refusal says what
// to do at its end: cut at the edge, the customer would not read it), at
// most three lines; kept until the message or the width changes (View is
// drawn at every frame).
func (m *Model) message() string {
	if m.msg == "" {
		return ""
	}
	key := fmt.Sprint(m.w, m.msgErr, "\x00", m.msg)
	if m.msgKept[0] == key {
		return m.msgKept[1]
	}
	prefix := "  "
	if m.msgErr {
		prefix = "  ! "
	}
	w := max(m.w-len(prefix)-1, 20)
	ws := strings.Split(ansi.Wrap(m.msg, w, " "), "\n")
	if len(ws) > 3 {
		ws = ws[:3]
		ws[2] = ansi.Truncate(strings.TrimRight(ws[2], " ")+" …", w, "…")
	}
	for i, l := range ws {
		p := strings.Repeat(" ", len(prefix))
		if i == 0 {
			p = prefix
		}
		ws[i] = p + strings.TrimRight(l, " ")
		if m.msgErr {
			ws[i] = stErr.Render(ws[i])
		}
	}
	m.msgKept = [2]string{key, strings.Join(ws, "\n")}
	return m.msgKept[1]
}

// wrapped is a sentence of the screen in lines that fit its width, each
// starting with indent; kept until the width or the sentence changes (View
// is drawn at every frame). The lines are the caller's to append, not to
// change.
func (m *Model) wrapped(text, indent string) []string {
	key := fmt.Sprint(m.w, "\x00", indent, "\x00", text)
	if m.wrapKept.key == key {
		return m.wrapKept.lines
	}
	ls := strings.Split(ansi.Wrap(text, max(m.w-len(indent)-1, 20), " "), "\n")
	for i, l := range ls {
		ls[i] = indent + strings.TrimRight(l, " ")
	}
	m.wrapKept.key, m.wrapKept.lines = key, ls
	return ls
}

func (m *Model) footer(lines []string, help string) string {
	return m.footerSaying(lines, m.message(), help)
}

// footerSaying is footer with msg as its message line.
func (m *Model) footerSaying(lines []string, msg, help string) string {
	room := m.h - 1 - max(1, strings.Count(msg, "\n")+1)
	for len(lines) < room {
		lines = append(lines, "")
	}
	if len(lines) > room {
		lines = lines[:room]
	}
	return strings.Join(lines, "\n") + "\n" + msg + "\n" + stDim.Render("  "+help)
}

func (m *Model) body() string {
	if m.counting > 0 {
		l := m.header("")
		l = append(l, "", stBig.Render(T(m.lang, "idle.ask")), "", "  "+T(m.lang, "idle.count", m.counting))
		// the message of the screen under the question is not about it:
		// it comes back with that screen
		return m.footerSaying(l, "", "")
	}
	switch m.scr {
	case scrAttract:
		return m.attractView()
	case scrPerfs:
		return m.perfsView()
	case scrZones:
		return m.zonesView()
	case scrSeats:
		return m.seatsView()
	case scrQty:
		return m.qtyView()
	case scrCart:
		return m.cartView()
	case scrCode:
		return m.inputView(T(m.lang, "code.title"), T(m.lang, "code.help"), m.input)
	case scrPay:
		return m.payView()
	case scrPaying:
		l := m.header(T(m.lang, "pay.title"))
		amount := m.due()
		if !m.charging.IsZero() {
			amount = m.charging
		}
		l = append(l, stBig.Render(T(m.lang, "pay.wait")), "", "  "+T(m.lang, "pay.amount", amount.Format(m.lang)))
		return m.footer(l, "")
	case scrDone:
		return m.doneView()
	case scrQR:
		return m.qrView()
	case scrTrouble:
		l := m.header("")
		l = append(l, stBig.Render(T(m.lang, "trouble.title")), "",
			stBig.Render(T(m.lang, "trouble.safe", m.sale.Order.Number)), "", "  "+T(m.lang, "trouble.ask"))
		return m.footer(l, "")
	case scrOops:
		l := m.header("")
		l = append(l, stBig.Render(T(m.lang, "oops.title")), "", "  "+T(m.lang, "oops.again"))
		return m.footer(l, "")
	case scrExScan:
		return m.exView()
	case scrPin:
		return m.inputView(T(m.lang, "staff.title"), T(m.lang, "staff.pin"), strings.Repeat("•", len(m.input)))
	case scrStaff:
		return m.staffView()
	}
	return ""
}

func (m *Model) attractView() string {
	l := m.header("")
	l = append(l, stBig.Render(m.cat.Organiser.Name), "")
	if !m.sellable() {
		l = append(l, stErr.Render("  "+T(m.lang, "attract.paused")), "  "+T(m.lang, "attract.counter"))
		return m.footer(l, "")
	}
	l = append(l, stBig.Render(T(m.lang, "attract.press")), "")
	shown := 0
	for _, p := range m.upcoming() {
		if shown >= max(m.h-14, 2) {
			break
		}
		l = append(l, "    "+m.perfRow(p)) // the show list's line: dates in one column
		shown++
	}
	l = append(l, "")
	l = m.list(l, []string{T(m.lang, "attract.buy"), T(m.lang, "attract.swap")}, 2)
	return m.footer(l, "")
}

func (m *Model) perfsView() string {
	l := m.header(T(m.lang, "perf.title"))
	if m.search != "" {
		l = append(l[:len(l)-1], "  "+T(m.lang, "perf.search", m.search))
	}
	if len(m.perfs) == 0 {
		l = append(l, "  "+T(m.lang, "perf.none"))
	}
	// only the rows that show are formatted
	l = m.listOf(l, len(m.perfs), func(i int) string { return m.perfRow(m.perfs[i]) }, m.h-len(l)-2)
	return m.footer(l, T(m.lang, "keys.choose")+" · "+T(m.lang, "back"))
}

// perfRow is a performance's line on the show list, formatted once per
// language (a key on the list redraws only what moved).
func (m *Model) perfRow(p *pos.Performance) string {
	if m.rows == nil {
		m.rows = map[*pos.Performance]string{}
		m.whenW = m.whenWidth()
	}
	r, ok := m.rows[p]
	if !ok {
		r = fmt.Sprintf("%-*s %s", m.whenW, m.when(p), m.perfName(p))
		m.rows[p] = r
	}
	return r
}

func (m *Model) zonesView() string {
	l := m.header(T(m.lang, "zone.title"))
	l = append(l[:len(l)-1], "  "+m.when(m.perf)+" · "+m.perfName(m.perf), "")
	items := make([]string, len(m.zones))
	for i, z := range m.zones {
		left := T(m.lang, "zone.left", z.Available)
		if z.Available <= 0 {
			left = T(m.lang, "perf.soldout")
		}
		if z.InCart > 0 {
			left += " · " + T(m.lang, "zone.yours", z.InCart)
		}
		items[i] = fmt.Sprintf("%-24s %s", z.Name.In(m.lang), left)
	}
	l = m.list(l, items, m.h-len(l)-2)
	return m.footer(l, T(m.lang, "keys.choose")+" · "+T(m.lang, "back"))
}

func (m *Model) seatsView() string {
	l := m.header("")
	l = l[:1]
	l = append(l, stTitle.Render("  "+strings.ToUpper(T(m.lang, "seat.title")))+"  "+m.perfName(m.perf)+" · "+m.zone.Name.In(m.lang),
		"  "+T(m.lang, "seat.legend")+"   "+m.cartSummary())
	top := len(l)
	plan := m.seats.render(m.h-top-3, T(m.lang, "continue"))
	l = append(l, plan...)
	m.seats.top = top
	return m.footer(l, T(m.lang, "seat.help")+" "+T(m.lang, "back"))
}

// cartSummary is the cart as last answered (View asks the till nothing).
func (m *Model) cartSummary() string {
	if m.priced.Tickets == 0 {
		return ""
	}
	return "· " + T(m.lang, "cart.tickets", m.priced.Tickets) + " · " + m.priced.Total.Format(m.lang)
}

func (m *Model) qtyView() string {
	l := m.header(T(m.lang, "qty.title"))
	l = append(l[:len(l)-1], "  "+m.when(m.perf)+" · "+m.perfName(m.perf)+" · "+m.zone.Name.In(m.lang), "")
	items := make([]string, 0, len(m.cats)+1)
	for _, c := range m.cats {
		price, _ := m.cat.PriceFor(m.perf.PriceList, c.ID, m.zone.ID)
		q := m.qtyShown(c.ID)
		items = append(items, fmt.Sprintf("%-20s %12s    −  %2d  +", c.Name.In(m.lang), price.Format(m.lang), q))
	}
	items = append(items, T(m.lang, "continue")+"  "+m.cartSummary())
	l = m.list(l, items, m.h-len(l)-2)
	return m.footer(l, T(m.lang, "qty.help")+" "+T(m.lang, "back"))
}

func (m *Model) cartView() string {
	l := m.header(T(m.lang, "cart.title"))
	items := make([]string, 0, len(m.priced.Lines)+cartItems)
	items = append(items, m.orderLines()...)
	due := m.due()
	pay := T(m.lang, "cart.pay", due.Format(m.lang))
	if due.Amount <= 0 && !m.credit.IsZero() {
		pay = T(m.lang, "cart.confirm")
	}
	cancel := T(m.lang, "cart.cancel")
	if m.askCancel {
		cancel = T(m.lang, "cart.ask")
	}
	items = append(items, T(m.lang, "cart.code"), T(m.lang, "cart.more"), pay, cancel)
	l = m.list(l, items, m.h-len(l)-5)
	l = append(l, "")
	if o := m.priced.Offer; o != nil && o.Code != "" {
		l = append(l, "    "+T(m.lang, "cart.offer", o.Code))
	}
	if !m.credit.IsZero() {
		l = append(l, "    "+T(m.lang, "cart.credit", "−"+m.credit.Min(m.priced.Total).Format(m.lang)))
	}
	l = append(l, stTitle.Render("    "+T(m.lang, "cart.total", due.Format(m.lang))))
	if m.askCancel {
		return m.footer(l, T(m.lang, "cart.help")) // Esc keeps the order: the question says so
	}
	return m.footer(l, T(m.lang, "cart.help")+" "+T(m.lang, "back"))
}

// orderLines are the order's lines (cartLine). Its tickets say their seat
// in one form: at 80 columns a ticket whose description fit said "Row A,
// seat 2" above one cut short saying "A-2", and the customer read two
// kinds of ticket; if one ticket needs the short form, all take it.
func (m *Model) orderLines() []string {
	short := false
	for _, pl := range m.priced.Lines {
		if left, _, room, isTicket := m.cartParts(pl); isTicket && lipgloss.Width(left) > room {
			short = true
			break
		}
	}
	lines := make([]string, 0, len(m.priced.Lines))
	for _, pl := range m.priced.Lines {
		lines = append(lines, m.cartLine(pl, short))
	}
	return lines
}

// cartParts are a line of the order's description in full, what is on its
// right (a ticket's tariff, the price) and the room the description has.
func (m *Model) cartParts(pl pos.PricedLine) (left, right string, room int, isTicket bool) {
	// prices right-aligned in a column as wide as "CHF 100.00": a price
	// shorter than its neighbours' moved the tariff's arrows a column
	right = pl.Charged.Format(m.lang)
	right = strings.Repeat(" ", max(10-lipgloss.Width(right), 0)) + right
	c, isTicket := m.cat.CategoryByID(pl.Category)
	isTicket = isTicket && pl.Kind == pos.LineTicket
	name := pl.Name
	if isTicket {
		right = "◀ " + c.Name.In(m.lang) + " ▶  " + right
		// the ticket's name is its show's: the tariff selector says the
		// tariff, and a description saying it again ("Hamlet · Adult")
		// only where it fits made the lines of one order differ
		if perf, ok := m.cat.PerformanceByID(pl.Performance); ok {
			name = m.perfName(perf)
		}
	}
	left = fmt.Sprintf("%d × %s", pl.Quantity, name)
	if pl.Detail != "" {
		left += " · " + pl.Detail
	}
	// the list's marker and padding take 4 columns on the left and 1 on
	// the right; 2 between the description and the tariff. In a wide
	// window the prices stay within 100 columns, near what they price.
	w := min(m.w, 100)
	if w <= 0 {
		w = 100 // no size yet
	}
	room = max(w-5-2-lipgloss.Width(right), 12)
	return left, right, room, isTicket
}

// cartLine is a line of the order as wide as the window: what is bought on
// the left, its tariff (the arrows change it) and price on the right, in
// one column. short (orderLines: when a ticket's whole description does not
// fit; at 80 columns it pushed the tariff and the price off the screen), a
// ticket says its date, zone and seat in short ("Hamlet · mer. 2 déc.
// 20:00 · Parterre · A-2"), its show's name cut first, then its end.
func (m *Model) cartLine(pl pos.PricedLine, short bool) string {
	left, right, room, isTicket := m.cartParts(pl)
	if short && isTicket {
		if perf, ok := m.cat.PerformanceByID(pl.Performance); ok {
			head, name := fmt.Sprintf("%d × ", pl.Quantity), m.perfName(perf)
			tail := " · " + pos.FormatDateTime(perf.Start.In(m.cat.Location()), m.lang)
			if z, ok := m.cat.ZoneOf(perf, pl.Zone); ok {
				tail += " · " + z.Name.In(m.lang)
			}
			if pl.Seat != "" {
				tail += " · " + pl.Seat
			}
			// still too long: the show's name is cut rather than the
			// seat at the end, which tells the lines of one show apart
			if nameRoom := room - lipgloss.Width(head) - lipgloss.Width(tail); nameRoom >= 5 {
				name = ansi.Truncate(name, nameRoom, "…")
			}
			left = head + name + tail
		}
	}
	left = ansi.Truncate(left, room, "…")
	return left + strings.Repeat(" ", room-lipgloss.Width(left)+2) + right
}

// exView is the exchange screen: what to do, the tickets the register
// took so far (each with its show and seat) and their value, then the
// line the scanner types on.
func (m *Model) exView() string {
	l := m.header(T(m.lang, "ex.title"))
	l = append(append(l, m.wrapped(T(m.lang, "ex.scan"), "  ")...), "")
	tickets := m.exTickets // as last answered
	if len(tickets) == 0 {
		l = append(l, "  "+T(m.lang, "ex.none"))
	} else {
		l = append(l, "  "+T(m.lang, "ex.list"))
		room := max(m.h-len(l)-9, 1)
		if len(tickets) > room {
			l = append(l, "    …")
			tickets = tickets[len(tickets)-room+1:]
		}
		for _, tk := range tickets {
			l = append(l, "    "+ansi.Truncate(m.ticketLine(tk), max(m.w-5, 20), "…"))
		}
		l = append(l, "", "  "+T(m.lang, "ex.credit", m.credit.Format(m.lang)))
	}
	value := []rune(m.input)
	if len(value) > 40 {
		value = append([]rune("…"), value[len(value)-39:]...)
	}
	l = append(l, "", " ▶ "+stFocus.Render(" "+string(value)+"_ "), "")
	if len(tickets) > 0 {
		m.hits = append(m.hits, hit{y: len(l), item: 0}) // a tap goes on
		l = append(l, "    "+T(m.lang, "continue"))
	}
	return m.footer(l, T(m.lang, "ex.scanhelp")+" "+T(m.lang, "back"))
}

// ticketLine says which ticket an exchange takes back: its number, its
// show, date, zone and seat (a pass: its name).
func (m *Model) ticketLine(tk pos.Ticket) string {
	parts := []string{tk.Number}
	if perf, ok := m.cat.PerformanceByID(tk.Performance); ok {
		parts = append(parts, m.perfName(perf), m.when(perf))
		if z, ok := m.cat.ZoneOf(perf, tk.Zone); ok {
			parts = append(parts, z.Name.In(m.lang))
		}
	} else if p, ok := m.cat.PassByID(tk.Item); ok {
		parts = append(parts, p.Name.In(m.lang))
	}
	if tk.Seat != "" {
		parts = append(parts, tk.Seat)
	}
	return strings.Join(parts, " · ")
}

func (m *Model) inputView(title, label, value string) string {
	l := m.header(title)
	l = append(l, "  "+label, "", " ▶ "+stFocus.Render(" "+value+"_ "), "")
	return m.footer(l, T(m.lang, "ex.help")+" "+T(m.lang, "back"))
}

func (m *Model) payView() string {
	l := m.header(T(m.lang, "pay.title"))
	l = append(l[:len(l)-1], "  "+T(m.lang, "pay.due", m.due().Format(m.lang)), "")
	var items []string
	switch {
	case m.due().Amount > 0:
	case !m.credit.IsZero() && len(m.priced.Lines)+m.cartLines > 0:
		items = []string{T(m.lang, "cart.confirm")}
	case m.free != "":
		items = []string{T(m.lang, "cart.free")}
	}
	due := m.due()
	for _, pm := range m.methods {
		item := pm.Name.In(m.lang)
		if c, ok := m.charges[pm.ID]; ok && c != due {
			item += "  " + c.Format(m.lang) + " " + T(m.lang, "pay.fees", c.Minus(due).Format(m.lang))
		}
		items = append(items, item)
	}
	l = m.list(l, items, m.h-len(l)-2)
	return m.footer(l, T(m.lang, "keys.choose")+" · "+T(m.lang, "back"))
}

func (m *Model) doneView() string {
	l := m.header("")
	l = append(l, stBig.Render(T(m.lang, "done.thanks")), "")
	if m.sale.Order.Number != "" {
		l = append(l, stBig.Render(T(m.lang, "done.order", m.sale.Order.Number)), "  "+T(m.lang, "done.printing"))
	}
	if m.sale.HasVoucher {
		l = append(l, "", stBig.Render(T(m.lang, "done.voucher", m.sale.Voucher.Number, m.sale.Voucher.Balance.Format(m.lang))))
	}
	l = append(l, "")
	help := T(m.lang, "done.end")
	if len(m.sale.Order.Tickets) > 0 {
		help = T(m.lang, "done.qr") + " · " + T(m.lang, "done.esc")
	}
	l = append(l, "  "+help)
	return m.footer(l, "")
}

// qrView shows one ticket's QR alone on the screen, its words beside it.
func (m *Model) qrView() string {
	o := m.sale.Order
	if m.qrTitles == nil {
		// beside the code: the show, when, and the ticket's number and
		// seat, each on its line (the column is 33 wide at 80 columns)
		m.qrTitles = make([][]string, len(o.Tickets))
		for i, t := range o.Tickets {
			var lines []string
			if p, ok := m.cat.PerformanceByID(t.Performance); ok {
				lines = append(lines, m.perfName(p), m.when(p))
			}
			what := t.Number
			if t.Seat != "" {
				what += " · " + t.Seat
			}
			m.qrTitles[i] = append(lines, what)
		}
	}
	var code []string // none until loadQRs' answer
	if m.qrAt < len(m.qrs) {
		code = m.qrs[m.qrAt]
	}
	side := append([]string{"", stTitle.Render(T(m.lang, "qr.ticket", m.qrAt+1, len(o.Tickets)))}, m.qrTitles[m.qrAt]...)
	side = append(side, "", o.Number, "")
	if m.qrAt+1 < len(o.Tickets) {
		side = append(side, T(m.lang, "qr.next"))
	} else {
		side = append(side, T(m.lang, "qr.last"))
	}
	side = append(side, "", T(m.lang, "lang.other"))
	if m.msg != "" { // a wrong staff PIN, say: beside the code, in its column
		w := 20
		if len(code) > 0 {
			w = max(m.w-lipgloss.Width(code[0])-3, 20)
		}
		side = append(side, "")
		for _, l := range strings.Split(ansi.Wrap(m.msg, w, " "), "\n") {
			l = strings.TrimRight(l, " ")
			if m.msgErr {
				l = stErr.Render(l)
			}
			side = append(side, l)
		}
	}
	out := make([]string, max(len(code), len(side)))
	for i := range out {
		c := ""
		if i < len(code) {
			c = code[i]
		}
		s := ""
		if i < len(side) {
			s = side[i]
		}
		out[i] = c + "  " + s
	}
	return strings.Join(out, "\n")
}

func (m *Model) staffView() string {
	l := m.header(T(m.lang, "staff.title"))
	l = append(append(l[:len(l)-1], staffPrinter(m.lang, m.svc.Printer(), m.w)...), "  "+staffSales(m.lang, m.paused, m.canPrint), "")
	if len(m.pending) > 0 || len(m.refunds) > 0 {
		// in the staff's words ("refund" and a pending one's empty
		// outcome showed the register's codes), wrapped: several are cut
		// at the edge
		var refs []string
		for _, r := range m.pending {
			refs = append(refs, T(m.lang, "staff.unanswered", r.Ref))
		}
		for _, r := range m.refunds {
			refs = append(refs, T(m.lang, "staff.torefund", r.Ref))
		}
		for _, w := range strings.Split(ansi.Wrap(T(m.lang, "staff.pending", strings.Join(refs, ", ")), max(m.w-5, 20), " "), "\n") {
			l = append(l, "  "+strings.TrimRight(w, " "))
		}
		l = append(l, "")
	}
	items := []string{m.reprintItem(), T(m.lang, "staff.reopen"), T(m.lang, "staff.leave"), T(m.lang, "staff.back")}
	if m.lost != "" {
		items = append(items, T(m.lang, "staff.charged", m.lost), T(m.lang, "staff.notcharged", m.lost))
	}
	if len(m.refunds) > 0 {
		items = append(items, T(m.lang, "staff.refunded", m.refunds[0].Ref))
	}
	l = m.list(l, items, m.staffCount())
	return m.footer(l, T(m.lang, "keys.choose"))
}

// lastMsg is the last order read again while the staff menu said its
// tickets wait to print.
type lastMsg struct {
	l   lastOrder
	seq uint64
	err error // the journal could not be read: the menu says so
}

// lastRead reads the last order again off Update; only its state: the
// menu's other lists are read with what changes them (a mark, a
// settling), and a read begun before a mark, answered after it, would
// list its refund again.
func (m *Model) lastRead() tea.Cmd {
	m.lastAsked++
	number, reads, seq := m.lastOrder, m.reads, m.lastAsked
	return safe(func() tea.Msg {
		ov, ok, err := reads.Order(number)
		if err != nil {
			return lastMsg{seq: seq, err: err}
		}
		if !ok {
			return nil // not the register's (cannot be): the menu keeps what it said
		}
		return lastMsg{lastOrderOf(ov), seq, nil}
	})
}

// reprintItem is the staff menu's reprint as the last order stands: a
// canceled order is said canceled before staff choose it, and tickets
// still waiting to print are said waiting. An older order is not offered
// instead: sales stop when a sale's tickets cannot print, so the last
// order is the one whose customer came for their tickets; an older one's
// tickets, valid at the door, would go to whoever stands at the kiosk.
func (m *Model) reprintItem() string {
	l := m.lastState
	switch {
	case m.lastOrder == "" && m.lastErr != nil:
		return T(m.lang, "staff.lastunread")
	case m.lastOrder == "":
		return T(m.lang, "staff.noreprint")
	case l.number != m.lastOrder: // not read yet: a sale of this run
	case l.valid == 0 && l.canceled:
		return T(m.lang, "staff.lastcanceled", l.number)
	case l.valid == 0:
		return T(m.lang, "staff.lastnovalid", l.number)
	case l.waiting == l.valid:
		return T(m.lang, "staff.lastwaiting", l.number)
	case l.waiting > 0:
		return T(m.lang, "staff.reprintsome", l.valid-l.waiting, l.number)
	}
	return T(m.lang, "staff.reprint", m.lastOrder)
}

// staffSales is the staff menu's line on sales: open; paused since a
// sale could not print, which staff reopen (the printer fixed, "Back to
// the customer" left them paused, and the menu never said so); or paused
// while the printer cannot print, which reopen by themselves.
func staffSales(lang pos.Lang, paused, canPrint bool) string {
	switch {
	case paused && canPrint:
		return T(lang, "staff.sales.reopen")
	case paused:
		return T(lang, "staff.sales.fixfirst")
	case !canPrint:
		return T(lang, "staff.sales.printer")
	}
	return T(lang, "staff.sales.open")
}

// staffPrinter are the staff menu's lines on the printer, to fit width:
// whether it can print; the jobs waiting to print (they come out by
// themselves once it can: staff who knew nothing of them would reprint
// the last order, and the customer get every ticket twice); the jobs that
// printed but whose record the journal refused so far (the register tries
// again by itself; staff who knew nothing of them might print the tickets
// again); and the last job's failure, in their language, as the till's
// status line says it (a printer "ready" whose tickets fail to print, a
// file or a layout it cannot take, said nothing else; the error's own
// words are in the event log). The customer is not told: their tickets
// are out or safe.
func staffPrinter(lang pos.Lang, p counter.PrinterState, width int) []string {
	state := T(lang, "staff.ok")
	switch {
	case p.CanPrint():
	case p.Problem != "":
		state = counter.PrinterProblemWords(p.Problem, lang) // what it needs: "capot ouvert : fermez-le"
	case p.Detail != "":
		state = T(lang, "staff.notok", p.Detail) // the printer's own words
	default:
		state = counter.PrinterProblemWords(counter.PrinterOffline, lang)
	}
	l := []string{"  " + T(lang, "staff.printer", state)}
	if p.Pending > 0 {
		l = append(l, "  "+T(lang, "staff.waiting", p.Pending))
	}
	if p.Unrecorded > 0 {
		l = append(l, "  "+T(lang, "staff.unrecorded", p.Unrecorded))
	}
	if f := counter.FailureWords(p.Failure, lang); f != "" {
		// the job as staff find it, what happened and why, in their
		// language: wrapped, not cut at the edge
		for _, w := range strings.Split(ansi.Wrap(T(lang, "staff.failed", f), max(width-5, 20), " "), "\n") {
			l = append(l, "  "+strings.TrimRight(w, " "))
		}
	}
	return l
}

// Left says whether the kiosk was left by a member of staff (the program
// then ends for good; anything else restarts it).
func (m *Model) Left() bool { return m.quit }
