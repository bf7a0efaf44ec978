package remote

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/x/ansi"

	"guichet/pos"
	"guichet/tui"
)

// Messages the server sends a session's program.
type (
	stopMsg struct{} // the server is stopping: end the session
	// idleMsg: an idle limit may have been reached; at is when its wait
	// ended, on the idle clock (tillModel.tickAt)
	idleMsg   struct{ at time.Time }
	panicMsg  struct{} // a command of the session panicked
	changeMsg struct{} // the register changed (another till, most often)
	printMsg  struct{} // the printer's state changed (a job printing or done)
	// resultMsg is a till call's answer: counted as under way until the
	// screen has it, so stopping waits for it.
	resultMsg struct{ msg tea.Msg }
)

// tillModel runs one session's screens (inner) and keeps what the server
// adds around them: the key is checked again at every key (a revoked
// key's session ends at its next action), idle limits, stopping, and a
// panic ending this session only.
type tillModel struct {
	srv   *Server
	info  Session
	seq   int // the order sessions connected in (info.ID's number)
	key   ssh.PublicKey
	inner tea.Model
	done  func()
	prog  *tea.Program
	// remote: an SSH session (keys checked, idle limits); false: the
	// console.
	remote bool

	changed     <-chan struct{} // the register's changes, pushed
	unsubscribe func()
	// printer is the printer's state changes, pushed.
	printer            <-chan struct{}
	unsubscribePrinter func()

	// The session's till calls, counted in srv.calls from the Update that
	// asks for one until the Update that has its answer: a call asked by
	// an answer (the done screen after a checkout) is counted before that
	// answer stops counting, so stopping never sees a gap between them.
	callMu  sync.Mutex
	open    int  // calls asked and not yet answered on the screen
	running int  // of which running now
	gone    bool // the program ended: nothing more reaches the screen

	last time.Time // the last key
	// tickAt is when the soonest idle wait pending ends, on the idle
	// clock (zero: none)
	tickAt   time.Time
	locked   bool // idle: the screen is hidden until the PIN is typed
	released bool // idle longer: the till was closed
	// seatsHeld: the cart held something when the till locked (its screen
	// says until when; an empty cart's says nothing of it)
	seatsHeld bool
	pin       []rune
	pinErr    bool
	pinWait   string // too many wrong PINs: when to try again
	// quitAsked: ctrl+c on the locked screen asked whether to quit (the
	// screens' question, shown in place of the PIN); the next key answers
	// it
	quitAsked bool
	noPIN     bool // the key's line says no-pin (as last read: info.NoPIN at login)
	w, h      int
	reason    string // why the session ends ("" still running, or quit)
	refusal   string // reason "refused": the sentence (a door that may not open)
}

func (m *tillModel) Init() tea.Cmd {
	var cmd tea.Cmd
	if m.guard("init", func() { cmd = m.inner.Init() }) != nil {
		m.reason = "panic"
		return tea.Quit
	}
	return tea.Batch(m.wrap(cmd), m.idleTick(), m.waitChange(), m.waitPrinter())
}

// waitPrinter waits for the next change of the printer's state pushed.
func (m *tillModel) waitPrinter() tea.Cmd {
	ch := m.printer
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		if _, open := <-ch; !open {
			return nil
		}
		return printMsg{}
	}
}

// waitChange waits for the next change pushed (a goroutine blocked on a
// channel: nothing polls).
func (m *tillModel) waitChange() tea.Cmd {
	ch := m.changed
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		if _, open := <-ch; !open {
			return nil
		}
		return changeMsg{}
	}
}

// answered is told a till call's answer reached the screen. What the call
// changed (holds, a sale) the register tells every till itself.
func (m *tillModel) answered() {
	m.callMu.Lock()
	if !m.gone && m.open > 0 {
		m.open--
		m.srv.calls.leave()
	}
	m.callMu.Unlock()
}

// stopCalls ends the session's count of calls once its program ended.
func (m *tillModel) stopCalls() {
	// Calls that will never run or whose answer will never be shown stop
	// counting; those running count until they return.
	m.callMu.Lock()
	m.gone = true
	for ; m.open > m.running; m.open-- {
		m.srv.calls.leave()
	}
	m.callMu.Unlock()
}

func (m *tillModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	if m.guard("update", func() { cmd = m.update(msg) }) != nil {
		m.reason = "panic"
		return m, tea.Quit
	}
	return m, cmd
}

func (m *tillModel) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case stopMsg:
		m.reason = "stopping"
		return tea.Quit
	case panicMsg:
		m.reason = "panic"
		return tea.Quit
	case idleMsg:
		if msg.at.Equal(m.tickAt) {
			m.tickAt = time.Time{}
		}
		return m.idle()
	case changeMsg:
		changed := m.srv.opts.Changed
		if m.info.Door {
			changed = m.srv.opts.DoorChanged
		}
		if changed == nil {
			return m.waitChange()
		}
		return tea.Batch(m.forward(changed), m.waitChange())
	case printMsg:
		if m.srv.opts.PrinterChanged == nil {
			return m.waitPrinter()
		}
		return tea.Batch(m.forward(m.srv.opts.PrinterChanged), m.waitPrinter())
	case resultMsg:
		cmd := m.update(msg.msg)
		m.answered()
		return cmd
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyPressMsg, tea.PasteMsg:
		if m.srv.stopping.Load() {
			return nil // stopping: nothing new starts
		}
		if !m.remote {
			break
		}
		sk, ok := m.srv.keys.lookup(m.key)
		if !ok || sk.Staff != m.info.Staff {
			m.srv.log.Info("revoked", m.srv.attrs(m.info)...)
			m.reason = "revoked"
			return tea.Quit // the key that was pressed does nothing
		}
		m.noPIN = sk.NoPIN // its line as it is now: no-pin taken off asks the PIN
		m.last = m.srv.opts.Now()
		m.released = false
		m.keepHolds()
		cmd := m.idleTick()
		if m.locked {
			if quit, ok := m.quitLocked(msg); ok {
				return tea.Batch(quit, cmd)
			}
			m.typePIN(msg)
			return cmd
		}
		return tea.Batch(m.forward(msg), cmd)
	}
	return m.forward(msg)
}

func (m *tillModel) forward(msg tea.Msg) tea.Cmd {
	next, cmd := m.inner.Update(msg)
	m.inner = next
	return m.wrap(cmd)
}

// unlocked says whether the screens have a till open (nothing to lock or
// release otherwise).
func (m *tillModel) unlocked() bool {
	a, ok := m.inner.(interface{ Till() tui.Till })
	return ok && a.Till() != nil
}

// cartHasLines says whether the till's cart holds something (its seats
// run out while the till is locked, when no release closes it first).
func (m *tillModel) cartHasLines() bool {
	a, ok := m.inner.(interface{ Till() tui.Till })
	if !ok || a.Till() == nil {
		return false
	}
	return len(a.Till().Cart().Lines) > 0
}

// keepHolds tells the register, at a key, that the till's cart keeps its
// seats and places until the till is released for idleness: the time its
// locked screen shows. Without a release (ReleaseAfter 0) they are kept
// the register's HoldFor after the last key.
func (m *tillModel) keepHolds() {
	if a, ok := m.inner.(interface{ Till() tui.Till }); ok {
		if t := a.Till(); t != nil {
			t.KeepHolds(m.srv.opts.ReleaseAfter)
		}
	}
}

// idle applies the idle limits reached, and waits for the next one.
func (m *tillModel) idle() tea.Cmd {
	o := m.srv.opts
	if !m.remote || m.info.Door {
		return nil
	}
	idle := o.Now().Sub(m.last)
	switch {
	case o.EndAfter > 0 && idle >= o.EndAfter:
		m.reason = "idle"
		return tea.Quit
	case o.ReleaseAfter > 0 && idle >= o.ReleaseAfter && !m.released:
		m.released = true
		if m.unlocked() {
			m.locked = false
			m.srv.log.Info("idle: till closed, cart released", m.srv.attrs(m.info)...)
			return tea.Batch(m.forward(o.Lock), m.idleTick())
		}
	case o.LockAfter > 0 && idle >= o.LockAfter && !m.locked && !m.released && m.unlocked():
		m.locked, m.pin, m.pinErr, m.pinWait, m.quitAsked = true, nil, false, "", false
		m.seatsHeld = m.cartHasLines()
		m.srv.log.Info("idle: till locked", m.srv.attrs(m.info)...)
	}
	return m.idleTick()
}

// idleTick waits until the next idle limit, unless a wait pending ends
// first (a key moves the limits later: the wait that fires early waits
// again). A till resumed from its lock had a wait pending for its release
// only: it takes another for the lock, which came that much late.
func (m *tillModel) idleTick() tea.Cmd {
	if !m.remote || m.info.Door {
		return nil // the console, a door: no idle limit
	}
	o := m.srv.opts
	now := o.Now()
	var next time.Duration
	for _, d := range []time.Duration{o.LockAfter, o.ReleaseAfter, o.EndAfter} {
		if d <= 0 {
			continue
		}
		left := m.last.Add(d).Sub(now)
		if left <= 0 {
			continue // passed: idle() has applied it
		}
		if next == 0 || left < next {
			next = left
		}
	}
	if next == 0 {
		if o.EndAfter <= 0 {
			return nil
		}
		next = m.last.Add(o.EndAfter).Sub(now)
	}
	next = max(next, time.Millisecond)
	at := now.Add(next)
	if !m.tickAt.IsZero() && !at.Before(m.tickAt) {
		return nil // the wait pending ends first: it waits again if need be
	}
	m.tickAt = at
	return tea.Tick(next, func(time.Time) tea.Msg { return idleMsg{at: at} })
}

// quitAsker is the screens' quit question (tui.App.QuitAsked).
type quitAsker interface{ QuitAsked() string }

// quitLocked is ctrl+c on the locked screen: it did nothing there, and
// now does what it does on the till's other screens, which answer it. They
// ask first what quitting leaves (the cart emptied, its seats released;
// the shift left open), shown here in place of the PIN, and the next key
// answers: ctrl+c or Enter ends the session (its till closed, its cart
// released, as the idle release would), another key stays locked. Quitting
// needs no PIN, as closing the terminal does not. ok says the key was
// taken; otherwise it is the PIN's.
func (m *tillModel) quitLocked(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		return nil, false
	}
	asker, _ := m.inner.(quitAsker)
	asking := asker != nil && asker.QuitAsked() != ""
	switch {
	case m.quitAsked && asking:
		m.quitAsked = false
		return m.forward(k), true // quit, or stay: the screens' question answered
	case k.String() != "ctrl+c":
		m.quitAsked = false
		return nil, false
	case asking:
		// asked before the till locked and left unanswered: shown now,
		// not answered by this first ctrl+c unseen
		m.quitAsked = true
		return nil, true
	}
	cmd = m.forward(k)
	m.quitAsked = asker != nil && asker.QuitAsked() != ""
	return cmd, true
}

// typePIN is the locked screen's keys: digits, backspace, enter.
func (m *tillModel) typePIN(msg tea.Msg) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return
	}
	switch k.String() {
	case "enter":
		m.pinErr, m.pinWait = false, ""
		if err := m.checkPIN(string(m.pin)); err == nil {
			m.locked = false
		} else if wait := sayer(nil); errors.As(err, &wait) {
			// too many wrong PINs (counter.PINWaitError): when to try again
			m.pinWait = wait.Say(m.lang())
		} else {
			m.pinErr = true
		}
		m.pin = nil
	case "backspace":
		if len(m.pin) > 0 {
			m.pin = m.pin[:len(m.pin)-1]
		}
	default:
		if len(m.pin) < 12 && k.Text != "" && strings.Trim(k.Text, "0123456789") == "" {
			m.pin = append(m.pin, []rune(k.Text)...)
		}
	}
}

// checkPIN checks the PIN typed on the locked screen (by the register
// when it is told how: wrong PINs counted there).
func (m *tillModel) checkPIN(pin string) error {
	if m.noPIN {
		if _, ok := m.srv.opts.Catalog().StaffByID(m.info.Staff); ok {
			return nil
		}
		return errWrongPIN
	}
	if check := m.srv.opts.CheckPIN; check != nil {
		return check(m.info, pin)
	}
	if st, ok := m.srv.opts.Catalog().StaffByID(m.info.Staff); ok && st.CheckPIN(pin) {
		return nil
	}
	return errWrongPIN
}

var errWrongPIN = errors.New("wrong PIN")

// sayer is an error that says itself in a language.
type sayer interface {
	error
	Say(pos.Lang) string
}

func (m *tillModel) View() tea.View {
	var v tea.View
	if m.guard("view", func() {
		if m.locked {
			v = m.lockedView()
			return
		}
		v = m.inner.View()
	}) != nil {
		m.reason = "panic"
		go m.prog.Quit()
		return tea.NewView("")
	}
	return v
}

// lockedView hides the till (its cart kept) until its staff's PIN.
func (m *tillModel) lockedView() tea.View {
	name := m.info.Staff
	if st, ok := m.srv.opts.Catalog().StaffByID(m.info.Staff); ok {
		name = st.Name
	}
	// in the language the till's screens speak (the staff's choice at
	// the unlock screen): a French till read English beside its French
	lang := m.lang()
	var b strings.Builder
	b.WriteString("\n  Guichet · " + name + "\n\n")
	b.WriteString("  " + say(lang, "locked.title") + "\n\n")
	var question string
	if a, ok := m.inner.(quitAsker); ok && m.quitAsked {
		question = a.QuitAsked()
	}
	if question != "" {
		// the screens' question, whole, with its keys: any key answers it
		w := m.width()
		if w <= 0 {
			w = 80
		}
		b.WriteString("  " + strings.ReplaceAll(ansi.Wrap(question, max(w-4, 20), " "), "\n", "\n  ") + "\n")
	} else if m.noPIN {
		b.WriteString("  " + say(lang, "locked.resume") + "\n")
	} else {
		b.WriteString("  " + say(lang, "locked.pin") + strings.Repeat("•", len(m.pin)) + "\n")
		if m.pinErr {
			b.WriteString("\n  " + say(lang, "locked.wrongpin") + "\n")
		}
		if m.pinWait != "" {
			b.WriteString("\n  ! " + m.pinWait + "\n")
		}
	}
	switch o := m.srv.opts; {
	case question != "":
		// the question says what quitting does to the cart: "kept until"
		// beside it read as a contradiction
	case o.ReleaseAfter > 0 && m.seatsHeld:
		// the box office's time, as every time on the till, not the
		// server's (a service often runs in UTC)
		at := m.last.Add(o.ReleaseAfter).In(o.Catalog().Location()).Format("15:04")
		b.WriteString("\n  " + say(lang, "locked.cartkept", at) + "\n")
	case o.HoldFor > 0 && m.seatsHeld:
		// no release closes the till: its cart stays, but its seats go
		// back on sale HoldFor after the last key, as any cart's
		at := m.last.Add(o.HoldFor).In(o.Catalog().Location()).Format("15:04")
		b.WriteString("\n  " + say(lang, "locked.seatsheld", at) + "\n")
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

// wrap runs a command of the session (a till call) so that stopping
// waits for it and its answer, and its panic ends this session only,
// logged with its stack.
func (m *tillModel) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	m.callMu.Lock()
	counted := !m.gone
	if counted {
		m.open++
		m.srv.calls.enter()
	}
	m.callMu.Unlock()
	return func() (msg tea.Msg) {
		m.callMu.Lock()
		counted = counted && !m.gone // not run before the program ended: released
		if counted {
			m.running++
		}
		m.callMu.Unlock()
		deliver := false
		defer func() {
			if r := recover(); r != nil {
				m.srv.logPanic(m.info, "command", r)
				msg, deliver = panicMsg{}, false
			}
			m.callMu.Lock()
			defer m.callMu.Unlock()
			if !counted {
				return
			}
			m.running--
			switch {
			case m.gone: // its answer will not be shown
				m.open--
				m.srv.calls.leave()
			case deliver:
				msg = resultMsg{msg} // counted until answered
			default:
				m.open--
				m.srv.calls.leave()
			}
		}()
		msg = cmd()
		switch b := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for i := range b {
				b[i] = m.wrap(b[i]) // counted before this one stops counting
			}
		default:
			// Bubble Tea's own messages (quit, batch, sequence...) go to
			// the program as they are.
			deliver = reflect.TypeOf(msg).PkgPath() != teaPkg
		}
		return msg
	}
}

var teaPkg = reflect.TypeOf(tea.QuitMsg{}).PkgPath()

// guard runs fn, turning its panic into an error logged with its stack.
func (m *tillModel) guard(where string, fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			m.srv.logPanic(m.info, where, r)
			err = fmt.Errorf("panic in %s: %v", where, r)
		}
	}()
	fn()
	return nil
}

// width is the client's terminal width as last told (resized or not).
func (m *tillModel) width() int {
	if m.w > 0 {
		return m.w
	}
	return m.info.Width
}

// farewell is the line the client reads once the screens are gone, in
// the language they spoke.
func (m *tillModel) farewell() string {
	lang := m.lang()
	var line string
	switch m.reason {
	case "stopping":
		line = say(lang, "bye.stopping")
		if m.info.Door { // a door sells nothing: what it said is admissions
			line = say(lang, "bye.stopping.door")
		}
	case "idle":
		line = say(lang, "bye.idle", span(m.srv.opts.EndAfter))
	case "revoked":
		line = say(lang, "bye.revoked")
	case "panic":
		line = say(lang, "bye.panic")
	case "refused":
		return say(lang, "refused", m.refusal)
	default:
		return "" // quit (its question said what it leaves) or gone
	}
	// payments typed for the sale under way, left with no order as the
	// till closed (journaled): the card was charged, the customer waits
	if l, ok := m.inner.(interface{ PaymentsLeft() string }); ok {
		var left string
		if m.guard("payments left", func() { left = l.PaymentsLeft() }) == nil && left != "" {
			line += " " + say(lang, "bye.paymentsleft", left)
		}
	}
	return line
}

// lang is the language the session's screens speak (the staff may have
// switched it); the register's before they started, or if they do not
// say. Asked once the program ended, or from its Update.
func (m *tillModel) lang() pos.Lang {
	if l, ok := m.inner.(interface{ Lang() pos.Lang }); ok {
		var lang pos.Lang
		if m.guard("lang", func() { lang = l.Lang() }) == nil && lang.Known() {
			return lang
		}
	}
	return m.srv.lang()
}
