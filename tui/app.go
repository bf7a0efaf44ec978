package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// Options configures the counter screens: the register service they sell
// through, the language, the clock.
type Options struct {
	Service *counter.Service
	Lang    pos.Lang         // the staff may switch on the unlock screen
	Now     func() time.Time // the register's clock (tests pass a fixed one)
	// Poll is how often the register's version is checked to refresh
	// availability (default 1 s). Negative: never; the caller sends
	// ChangedMsg when the service changed (SSH sessions are told, none
	// polls).
	Poll time.Duration
	// Unlock, when set as "staff:pin", unlocks at start (benchmarks, kiosk tests).
	Unlock string
	// Staff, when set, is the only member of staff who may unlock this
	// app: an SSH session's key proved who is at the keyboard, so the
	// unlock screen names them and asks their PIN only.
	Staff string
	// KeyUnlocks, with Staff, says whether that member of staff unlocks
	// with their SSH key alone now (its staff_keys line says no-pin): Enter
	// on the unlock screen then opens the till without the PIN, after a
	// lock or an idle release as at the session's start. Nil: the PIN.
	KeyUnlocks func() bool
	// Till names this app's till in the journal when a PIN is wrong
	// ("K01/ssh-3", as its SSH session is journaled; empty: the register's id).
	Till string
	// QuitStops names the other tills that quitting this one ends: the
	// SSH tills of `guichet ssh --console`, whose console stops the server
	// when it quits. Asked at ctrl+c, so the question names them and is
	// asked even with nothing of this till's own to lose. Nil: none.
	QuitStops func() []string
	// ExitAfterFirstFrame quits once the first sales screen is drawn
	// (start-up benchmarks).
	ExitAfterFirstFrame bool
}

// App is the root model: it holds the stack of screens and routes messages.
// Esc pops a screen; nothing else knows about the stack.
type App struct {
	c        *common
	stack    []screen
	help     help.Model
	showHelp bool
	flash    string
	flashErr bool
	poll     time.Duration
	opts     Options
	keys     struct{ help, helpF1, quit, quitYes, stay key.Binding }
	keysLang pos.Lang // the language keys were named in (setKeys)
	quitting bool     // ctrl+c asked whether to quit
	// left is the payments CloseTill journaled as left with no order
	left []pos.Tender
	// fitted keeps the help and status lines as last drawn: they change
	// far less often than a key is pressed, and drawing the help line
	// was a third of a key's View on the sales list.
	fitted fitted
}

// New builds the counter app on a register.
func New(o Options) *App {
	if o.Now == nil {
		o.Now = time.Now
	}
	if !o.Lang.Known() {
		o.Lang = pos.French
	}
	if o.Poll == 0 {
		o.Poll = time.Second
	}
	c := &common{svc: o.Service, real: o.Service, cat: o.Service.Catalog(), lang: o.Lang, now: o.Now, st: newStyles(), w: 80, h: 24, sale: &sale{}, tillName: o.Till}
	if o.Staff != "" {
		c.onlyStaff, c.keyUnlocks = o.Staff, o.KeyUnlocks
	}
	a := &App{c: c, poll: o.Poll, opts: o}
	a.help = help.New()
	a.help.Styles = help.Styles{
		ShortKey: c.st.key, FullKey: c.st.key, ShortDesc: lipgloss.NewStyle(), FullDesc: lipgloss.NewStyle(),
		ShortSeparator: c.st.dim, FullSeparator: c.st.dim, Ellipsis: c.st.dim,
	}
	a.setKeys()
	a.stack = []screen{newUnlock(c)}
	a.resize()
	return a
}

func (a *App) setKeys() {
	a.keysLang = a.c.lang
	a.keys.help = a.c.key(keyHelp)
	a.keys.helpF1 = a.c.key(keyHelpF1)
	a.keys.quit = a.c.key(keyQuit)
	a.keys.quitYes, a.keys.stay = a.c.key(keyQuitYes), a.c.key(keyCancelQuit)
}

// quitQuestion is what ctrl+c asks when quitting would lose something: a
// cart (its seats are released), an open shift (it stays open), or the
// other tills that close with this one (the SSH tills of a server's
// console); "" when there is nothing to lose.
func (a *App) quitQuestion() string {
	c := a.c
	var what []string
	if c.till != nil {
		what = c.closingWords()
		if c.hasShft {
			what = append(what, c.T("app.quitshift"))
		}
	}
	if a.opts.QuitStops != nil {
		switch others := a.opts.QuitStops(); {
		case len(others) == 1:
			what = append(what, c.T("app.quitstops1", others[0]))
		case len(others) > 1:
			what = append(what, c.T("app.quitstops", len(others), strings.Join(others, ", ")))
		}
	}
	if len(what) == 0 {
		return ""
	}
	return c.T("app.quitask", strings.Join(what, " "))
}

// closingWords say what closing the till (quitting, locking) does to the
// sale: the cart emptied, and the payments already taken for it left
// with no order (journaled, said again at her next unlock): the card was
// charged, the customer is still at the counter to be given it back.
func (c *common) closingWords() []string {
	var what []string
	if len(c.sale.priced.Lines) > 0 || !c.sale.credit.IsZero() {
		what = append(what, c.T("app.quitcart"))
	}
	if len(c.sale.tenders) > 0 {
		what = append(what, c.T("app.quitpaid", tendersWords(c, c.sale.tenders)))
	}
	return what
}

func (a *App) top() screen { return a.stack[len(a.stack)-1] }

// Init starts the version poll and the first screen.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.top().Init(), a.tick()}
	if a.opts.Unlock != "" {
		staff, pin, _ := strings.Cut(a.opts.Unlock, ":")
		if u, ok := a.top().(*unlockScreen); ok {
			u.working = true // an Enter meanwhile opens no second till
		}
		cmds = append(cmds, unlockCmd(a.c, staff, pin))
	}
	return tea.Batch(cmds...)
}

func (a *App) tick() tea.Cmd {
	svc := a.c.svc
	if a.poll < 0 {
		return nil // the caller sends ChangedMsg
	}
	return tea.Tick(a.poll, func(time.Time) tea.Msg { return versionMsg(svc.Version()) })
}

// body height: header line, flash line, help line, status line.
func (a *App) resize() {
	a.help.SetWidth(a.c.w)
	for _, s := range a.stack {
		s.SetSize(a.c.w, a.bodyHeight())
	}
}

// grows is a screen that has more to read when its body grew (the sales
// list: the availability of the rows that came into view).
type grows interface{ grown() tea.Cmd }

// resized is resize, then what the screen in front reads for its new size.
func (a *App) resized() tea.Cmd {
	a.resize()
	if g, ok := a.top().(grows); ok {
		return g.grown()
	}
	return nil
}

// flashLines is the most lines a refusal or a note on the flash line takes.
const flashLines = 3

func (a *App) bodyHeight() int {
	helpLines := 1
	if a.showHelp {
		helpLines = strings.Count(a.fullHelp(), "\n") + 1
	}
	return max(a.c.h-3-helpLines, 3)
}

func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var left tea.Cmd // payments a cart emptied gave up, journaled
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.w, a.c.h = msg.Width, msg.Height
		return a, a.resized()
	case tea.ColorProfileMsg:
		if plain := msg.Profile == colorprofile.NoTTY; plain != a.c.plain {
			a.c.plain = plain
			for _, s := range a.stack {
				if s, ok := s.(*seatScreen); ok {
					clear(s.cache) // rows drawn for the other terminal
				}
			}
		}
		return a, nil
	case tea.KeyPressMsg:
		a.inUse()
		if a.quitting {
			// the question asked by ctrl+c: quit, or stay where we were
			a.quitting, a.flash = false, ""
			if key.Matches(msg, a.keys.quit) || msg.String() == "enter" {
				return a, tea.Quit
			}
			return a, nil
		}
		if key.Matches(msg, a.keys.quit) {
			if q := a.quitQuestion(); q != "" {
				a.quitting, a.flash, a.flashErr = true, q, true
				return a, nil
			}
			return a, tea.Quit // the till is closed by the caller after Run returns
		}
		a.flash = ""
		if key.Matches(msg, a.keys.helpF1) || !a.top().Typing() && key.Matches(msg, a.keys.help) {
			a.showHelp = !a.showHelp
			return a, a.resized()
		}
		if a.showHelp && msg.String() == "esc" {
			a.showHelp = false // Esc closes the help first
			return a, a.resized()
		}
	case tea.PasteMsg:
		a.inUse()
		a.flash = ""
	case orderMsg:
		if msg.err == nil {
			a.c.sale = &sale{}
		}
	case flashMsg:
		a.flash, a.flashErr = msg.text, msg.err // and the screen in front hears it (unlock: try again)
	case printerMsg:
		return a, nil // drawn anew: the status line reads the printer's state
	case changedMsg:
		// told, not polled: a hold that ran out moves no version, so the
		// screen reads again whatever the version says
		a.c.version = a.c.svc.Version()
		if cmd := a.freshCatalog(); cmd != nil {
			return a, cmd
		}
		return a, a.top().Update(versionMsg(a.c.version))
	case versionMsg:
		cmds := []tea.Cmd{a.tick()}
		if uint64(msg) != a.c.version {
			a.c.version = uint64(msg)
			if cmd := a.freshCatalog(); cmd != nil {
				return a, tea.Batch(append(cmds, cmd)...)
			}
			cmds = append(cmds, a.top().Update(msg))
		}
		return a, tea.Batch(cmds...)
	case unlockedMsg:
		a.c.till, a.c.shift, a.c.hasShft = msg.till, msg.shift, msg.open
		if msg.svc != nil {
			a.c.svc = msg.svc
		}
		a.c.seller = msg.till.Seller()
		a.c.sale = &sale{}
		a.setKeys()
		if left := msg.left; len(left) > 0 {
			// taken at a till of hers that closed before its sale was
			// recorded: she must sell it again, or give the money back
			a.flash, a.flashErr = a.paymentsLeftSentence(left), true
		}
		if !msg.open && a.opts.ExitAfterFirstFrame {
			// start-up benchmark: open the shift with no float and go on to the list
			t := msg.till
			return a, func() tea.Msg { sh, err := t.OpenShift(pos.Money{}); return shiftMsg{shift: sh, err: err} }
		}
		if !msg.open {
			return a, a.navigate(pushMsg{newFloat(a.c)})
		}
		return a, a.navigate(pushMsg{newPick(a.c)})
	case shiftMsg:
		if msg.err == nil {
			a.c.shift, a.c.hasShft = msg.shift, true
			var cmd tea.Cmd
			if f, ok := a.top().(*floatScreen); ok {
				a.stack = a.stack[:len(a.stack)-1]
				if f.here { // back to the action it interrupted
					a.flash, a.flashErr = a.c.T("float.opened", msg.shift.ID), false
					cmd = f.then
				} else if f.resume { // back to the sale it interrupted
					a.flash, a.flashErr = a.c.T("float.resumed", msg.shift.ID), false
				} else {
					cmd = a.navigate(pushMsg{newPick(a.c)})
				}
			}
			if msg.joined {
				a.flash, a.flashErr = a.c.T("float.joined", msg.shift.ID, msg.shift.Opened.In(a.c.cat.Location()).Format("15:04")), false
			}
			return a, cmd
		}
	case lockMsg:
		t, svc, left := a.c.till, a.c.svc, a.paymentsTaken()
		if msg.idle && t != nil && a.c.sale.items > 0 {
			// its locked screen said "cart kept until": now it is not
			a.flash, a.flashErr = a.c.T("app.idlereleased"), true
		}
		a.c.till, a.c.hasShft, a.c.sale = nil, false, &sale{}
		a.c.svc, a.c.training = a.c.real, false
		a.stack = []screen{newUnlock(a.c)}
		a.showHelp = false
		a.resize()
		if t == nil {
			return a, a.top().Init()
		}
		staff := t.Staff().ID
		var kept *counter.LeftNote
		if len(left) > 0 && svc != nil {
			// kept now, journaled by the command: an unlock typed before
			// it ran hears of them
			kept = svc.RememberPaymentsLeft(staff, left)
		}
		return a, tea.Batch(a.top().Init(), func() tea.Msg {
			if kept != nil {
				_ = svc.JournalRemembered(kept)
			}
			_ = t.Close()
			return nil
		})
	case cartMsg:
		left = a.applyCart(msg)
		if msg.by != nil && msg.by != a.top() {
			// an answer to a screen no longer in front (a re-price asked
			// as the sale ended, say) must not move the one in front
			return a, left
		}
	case exchangeMsg:
		left = a.applyCart(msg.cartMsg)
	}
	a.c.asking = a.top()
	cmd := a.top().Update(msg)
	if a.c.lang != a.keysLang {
		a.setKeys() // the language changed (unlock's tab): the help names the keys in it
	}
	nav := a.c.nav
	a.c.nav = nil
	cmds := []tea.Cmd{cmd, left}
	for _, op := range nav {
		cmds = append(cmds, a.navigate(op))
	}
	return a, tea.Batch(cmds...)
}

// applyCart keeps the cart as the till last priced it, and says what
// happened on the flash line. A cart emptied while payments taken for it
// are kept with the sale gives them up: the command journals them with no
// order, and the flash line says to give them back (carried on, the next
// customer's payment would count them as paid).
func (a *App) applyCart(msg cartMsg) tea.Cmd {
	if msg.seq != 0 {
		if msg.seq < a.c.cartSeq {
			// a later call's answer came first: its cart is the newer one
			if msg.err != nil {
				a.flash, a.flashErr = a.c.Err(msg.err), true
			}
			return nil
		}
		a.c.cartSeq = msg.seq
	}
	a.c.sale.credit = msg.credit
	if msg.err == nil {
		was := a.c.sale.priced.Refusal
		a.c.setPriced(msg.priced)
		a.c.sale.cartErr = ""
		if msg.note != "" {
			a.flash, a.flashErr = msg.note, false
			if ref := msg.priced.Refusal; ref != nil && (was == nil || was.Reason != ref.Reason) {
				// what was added took the code off (a gift voucher): the
				// total in the corner rose, and this says why, where the
				// cashier is looking, not only on the cart's screen
				a.flash, a.flashErr = a.c.T("cart.codedropped", msg.note, ref.Code, ref.Message), true
			}
		}
		return a.paymentsOfAnEmptyCart()
	}
	if len(msg.priced.Lines) > 0 || msg.priced.Currency != "" {
		a.c.setPriced(msg.priced)
	}
	if _, own := msg.by.(saysItsRefusal); own && msg.by == a.top() {
		return nil // said under what was typed: not twice
	}
	a.flash, a.flashErr = a.c.Err(msg.err), true
	return nil
}

// saysItsRefusal is a screen that says the till's refusal of what was
// typed on it under its field (a prompt): the flash line does not say it
// again.
type saysItsRefusal interface{ saysItsRefusal() }

// paymentsOfAnEmptyCart gives up the payments kept with a sale whose cart
// is now empty (not while its payment screen is open: it holds them).
func (a *App) paymentsOfAnEmptyCart() tea.Cmd {
	t, left := a.c.till, a.c.sale.tenders
	if t == nil || len(left) == 0 || len(a.c.sale.priced.Lines) > 0 {
		return nil
	}
	for _, s := range a.stack {
		if _, ok := s.(*paymentScreen); ok {
			return nil
		}
	}
	a.c.sale.tenders = nil
	a.flash, a.flashErr = a.c.T("cart.paidleft", tendersWords(a.c, left)), true
	svc, lang := a.c.svc, a.c.lang
	return func() tea.Msg {
		if err := svc.JournalPaymentsLeft(t.Staff().ID, left); err != nil {
			return queryFailed(lang, err)
		}
		return nil
	}
}

// navigate applies one screen change and starts the screen now in front.
func (a *App) navigate(op tea.Msg) tea.Cmd {
	a.showHelp = false
	switch op := op.(type) {
	case pushMsg:
		a.stack = append(a.stack, op.s)
		op.s.SetSize(a.c.w, a.bodyHeight())
		a.c.asking = op.s
		cmd := op.s.Init()
		if a.opts.ExitAfterFirstFrame && a.c.till != nil {
			return tea.Sequence(cmd, tea.Quit)
		}
		return cmd
	case backMsg:
		if len(a.stack) <= 1 {
			return nil
		}
		a.stack = a.stack[:len(a.stack)-1]
	case homeMsg:
		for len(a.stack) > 2 {
			a.stack = a.stack[:len(a.stack)-1]
		}
		if cmd := a.freshCatalog(); cmd != nil {
			return cmd // the sale is over: the list is built from the newer catalog
		}
		if p, ok := a.top().(*pickScreen); ok {
			p.newSale()
		}
	}
	a.resize()
	a.c.asking = a.top()
	return a.top().Init()
}

// View draws header, the screen in front, help and the status line. Screens
// cache what is expensive, so a frame is a few string joins.
func (a *App) View() tea.View {
	c := a.c
	s := a.top()
	if f, ok := s.(fullScreen); ok && !c.svc.IsTraining() { // in training, the banner stays, even over a QR code
		if body, on := f.FullView(c.w, c.h); on {
			return a.frame(body)
		}
	}
	var b strings.Builder
	head := " " + c.cat.Organiser.Name + " · " + s.Title()
	if right := c.sale.head; c.till != nil && len(c.sale.priced.Lines) > 0 {
		head = fit(head, c.w-len([]rune(right))-1) + " " + right // a title cut keeps a space before the cart
	}
	if c.svc.IsTraining() || (c.till == nil && c.training) {
		// every screen says so, in place of the header: nothing sold here is real
		head = " " + c.T("training.banner") + " · " + s.Title()
		if right := c.sale.head; c.till != nil && len(c.sale.priced.Lines) > 0 {
			// the cart's count and total, as outside training: the
			// banner's first words stay ("FORMATION — NON VALABLE"), its
			// explanation gives way (the status line says it too)
			short, _, _ := strings.Cut(c.T("training.banner"), " · ")
			head = fit(" "+short+" · "+s.Title(), c.w-len([]rune(right))-1) + " " + right
		}
		b.WriteString(c.st.err.Reverse(true).Render(fit(head, c.w)))
	} else {
		b.WriteString(c.st.header.Render(fit(head, c.w)))
	}
	b.WriteByte('\n')
	// The flash line: a refusal (it ends with what to do) or a note takes
	// up to flashLines lines, over the last lines of the screen.
	var flash string
	switch {
	case a.quitting:
	case a.flash != "" && a.flashErr:
		flash = a.fitted.get(fitKey{a.flash, c.w, 5}, func() string { return wrapIn(c.st.err, "! "+a.flash, c.w, "  ", flashLines) })
	case a.flash != "":
		flash = a.fitted.get(fitKey{a.flash, c.w, 6}, func() string { return wrapIn(c.st.ok, a.flash, c.w, "", flashLines) })
	}
	bodyH := a.bodyHeight() - strings.Count(flash, "\n")
	var body string
	if a.quitting {
		// the question, whole, in place of the screen: it must be read
		body = "\n" + c.st.err.Render(ansi.Wrap(a.flash, max(c.w-4, 20), " ")) + "\n"
	} else {
		body = lines(s.View(), bodyH)
	}
	b.WriteString(body)
	for n := strings.Count(body, "\n") + 1; n < bodyH; n++ {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(flash)
	b.WriteByte('\n')
	if a.showHelp {
		b.WriteString(a.fullHelp())
	} else {
		helpKey := a.keys.help
		if s.Typing() {
			helpKey = a.keys.helpF1 // ? is typed into the field here
		}
		keys := append(s.ShortHelp(), helpKey)
		if a.quitting {
			// the question's keys: any other key stays, ? with them
			keys = []key.Binding{a.keys.quitYes, a.keys.stay}
		}
		b.WriteString(a.fitted.get(fitKey{helpSpelled(keys), a.help.Width(), 2}, func() string { return a.shortHelp(keys) }))
	}
	b.WriteByte('\n')
	st := a.status()
	b.WriteString(a.fitted.get(fitKey{st, c.w, 3}, func() string { return c.st.dim.Render(fitWords(st, c.w)) }))
	return a.frame(b.String())
}

func (a *App) frame(content string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = a.c.T("app.title") + " " + a.c.svc.ID()
	return v
}

// fullScreen is a screen that may take the whole window (the done screen's
// QR, which needs every line of an 80x24 terminal): while FullView says so,
// no header, help or status line is drawn. The screen still gets every key.
type fullScreen interface {
	FullView(w, h int) (string, bool)
}

// fullHelp is the screen's keys and the app's, in columns as wide as the
// window allows and then in more rows of columns: bubbles' FullHelpView
// cuts the columns past the width ("…"), which at 80 columns hid the seat
// map's space, c (cart) and esc.
func (a *App) fullHelp() string {
	app := []key.Binding{a.keys.help, a.keys.helpF1, a.keys.quit}
	if a.top().Typing() {
		app = app[1:] // ? is typed into the field here, as the help line says
	}
	groups := append(a.top().FullHelp(), app)
	var spelled strings.Builder
	for _, g := range groups {
		spelled.WriteString(helpSpelled(g) + "\x1d")
	}
	return a.fitted.get(fitKey{spelled.String(), a.c.w, 4}, func() string {
		whole := a.help
		whole.SetWidth(0) // to measure a row uncut; a column alone wider than the window is still cut
		var rows []string
		var row [][]key.Binding
		for _, g := range groups {
			if !slices.ContainsFunc(g, key.Binding.Enabled) {
				continue
			}
			if len(row) > 0 && lipgloss.Width(whole.FullHelpView(append(row, g))) > a.c.w {
				rows = append(rows, a.help.FullHelpView(row))
				row = nil
			}
			row = append(row, g)
		}
		if len(row) > 0 {
			rows = append(rows, a.help.FullHelpView(row))
		}
		return strings.Join(rows, "\n")
	})
}

// shortHelp is the help line of keys, whose last is the help key: cut
// with "…" where the line is too narrow for them all, but never the help
// key itself (at 80 columns, over SSH, it was the key cut first, and with
// it the way to see the others).
func (a *App) shortHelp(keys []key.Binding) string {
	h := a.help
	w := h.Width()
	whole := h
	whole.SetWidth(0)
	line := whole.ShortHelpView(keys)
	if w == 0 || len(keys) < 2 || lipgloss.Width(line) <= w {
		return line
	}
	// bubbles' own cut drops the last keys first, the help key with them,
	// and lets an item run past the edge when its "…" would not fit.
	sep := h.Styles.ShortSeparator.Inline(true).Render(h.ShortSeparator)
	end := " " + h.Styles.Ellipsis.Inline(true).Render(h.Ellipsis) + sep + whole.ShortHelpView(keys[len(keys)-1:])
	var b strings.Builder
	room := w - lipgloss.Width(end)
	for _, k := range keys[:len(keys)-1] {
		if !k.Enabled() {
			continue
		}
		item := whole.ShortHelpView([]key.Binding{k})
		if b.Len() > 0 {
			item = sep + item
		}
		iw := lipgloss.Width(item)
		if iw > room {
			break
		}
		room -= iw
		b.WriteString(item)
	}
	return b.String() + end
}

// helpSpelled is what a help line of keys says: the keys enabled, their
// names and what they do.
func helpSpelled(keys []key.Binding) string {
	var b strings.Builder
	for _, k := range keys {
		if k.Enabled() {
			h := k.Help()
			b.WriteString(h.Key + "\x1f" + h.Desc + "\x1e")
		}
	}
	return b.String()
}

// status is the line every screen ends with: register, staff, shift,
// printer, central server; what asks to act, then a central server not
// online, come right after the register, where an 80-column line does
// not cut them.
func (a *App) status() string {
	c := a.c
	parts := []string{c.svc.ID()}
	if c.svc.IsTraining() {
		parts = append(parts, "! "+c.T("status.training"))
	}
	alertAt, alerts := len(parts), 0
	if c.till == nil {
		parts = append(parts, c.T("status.locked"))
	} else {
		parts = append(parts, c.till.Staff().Name)
		if c.hasShft {
			parts = append(parts, c.T("status.shift", c.shift.ID))
		} else {
			parts = append(parts, c.T("status.noshift"))
		}
	}
	if p := c.svc.Printer(); !p.None {
		printer := c.T("status.printer", printerWords(c, p))
		if printerAlert(p) {
			// said before the staff and the shift, which the cashier
			// knows: an 80-column line cut the job that failed
			parts = slices.Insert(parts, alertAt, printer)
			alerts++
		} else {
			parts = append(parts, printer)
		}
	}
	if sy := c.svc.Sync(); sy.On {
		central := c.T("status.central", centralWords(c, sy))
		switch {
		case sy.Alert:
			// someone must act: said before the parts that are well,
			// which an 80-column line cuts first
			parts = slices.Insert(parts, alertAt, central)
		case !sy.Online:
			// no alert yet (the till sells on, its journal waits), but
			// what changed: said after the alerts and before the staff
			// and the shift, which the cashier knows, and the printer
			// when it is well. Last, an 80-column line read "central :
			// hors…"
			parts = slices.Insert(parts, alertAt+alerts, central)
		default:
			parts = append(parts, central)
		}
	}
	return " " + strings.Join(parts, " · ")
}

// inUse tells the register that the till is in use (a key): its cart
// keeps its seats and places while the cashier works on the sale, however
// long it takes without a change of the cart (Till.KeepHolds).
func (a *App) inUse() {
	if a.c.till != nil {
		a.c.till.KeepHolds(0)
	}
}

// QuitAsked is the question ctrl+c asked, while it waits for its answer
// ("" none): an SSH till locked for idleness, whose screen hides these,
// shows it in their place and gives them the key that answers it.
func (a *App) QuitAsked() string {
	if !a.quitting {
		return ""
	}
	return a.flash
}

// Till is the till unlocked in this app, if any (closed by the caller).
func (a *App) Till() Till { return a.c.till }

// Lang is the language the screens speak now (the staff may have switched
// it on the unlock screen): what an SSH session says as it ends. Asked
// from the program's Update, or once it ended.
func (a *App) Lang() pos.Lang { return a.c.lang }

// CloseTill closes the till once the session's program ended (its cart
// released): payments typed for a sale it had not recorded are journaled
// first, and told to the staff at their next unlock.
func (a *App) CloseTill() {
	t := a.c.till
	if t == nil {
		return
	}
	a.left = a.paymentsTaken()
	leavePayments(a.c.svc, t, a.left)
	_ = t.Close()
}

// PaymentsLeft says the payments CloseTill left with no order, in the
// screens' language ("Credit card CHF 50.00 (ref. T-9001)"); "" none. The
// line an SSH session's client reads as it ends says them: the customer
// is at the counter now, the next unlock may be after the restart or
// never (a key revoked).
func (a *App) PaymentsLeft() string {
	if len(a.left) == 0 {
		return ""
	}
	return tendersWords(a.c, a.left)
}

// paymentsTaken is the payments typed on the sale's payment screen that no
// order recorded yet, as the till closes. While its checkout is under way
// it records them, or leaves them itself if it fails (checkoutRun): nil,
// unless it failed already with its answer not shown.
func (a *App) paymentsTaken() []pos.Tender {
	for _, s := range a.stack {
		if p, ok := s.(*paymentScreen); ok && p.working {
			if p.run == nil {
				return nil
			}
			return p.run.abandon()
		}
	}
	return append([]pos.Tender(nil), a.c.sale.tenders...)
}

// leavePayments journals payments taken at till t for a sale it closes
// without recording (counter.Service.LeavePayments).
func leavePayments(svc *counter.Service, t Till, left []pos.Tender) {
	if len(left) > 0 && svc != nil {
		_ = svc.LeavePayments(t.Staff().ID, left) // kept to tell her even when the journal refused it
	}
}

// paymentsLeftSentence tells the staff of payments taken at a till of
// theirs that closed before recording its sale.
func (a *App) paymentsLeftSentence(left []counter.LeftPayments) string {
	c := a.c
	var out []string
	for _, l := range left {
		out = append(out, c.T("pay.left", l.At.In(c.cat.Location()).Format("15:04"), tendersWords(c, l.Payments)))
	}
	return strings.Join(out, " ")
}

// ChangedMsg tells the app that the service changed (a commit, a hold
// taken or run out): the screen in front reads availability again.
func ChangedMsg() tea.Msg { return changedMsg{} }

type changedMsg struct{}

// PrinterMsg tells the app that the printer's state changed (a job
// printing or done, the jobs waiting, online or not): the status line,
// drawn from the service's memory, shows it; nothing is read again.
func PrinterMsg() tea.Msg { return printerMsg{} }

type printerMsg struct{}

// LockMsg locks the till as the desk's lock key does: its cart is
// released and the unlock screen shown (an SSH session idle too long).
func LockMsg() tea.Msg { return lockMsg{idle: true} }

// printerWords is the printer part of the status line; "!" marks a
// problem without colour. A job's failure is said in the till's language,
// naming the job as the cashier finds it (counter.FailureWords); when it
// is what stops the printer (a write refused, the printer unreachable)
// it is said in place of the printer's state, as its cause is in it.
func printerWords(c *common, p PrinterState) string {
	failure := counter.FailureWords(p.Failure, c.lang)
	explains := failure != "" && !p.Online && p.Problem != "" && counter.PrinterProblemOf(p.Failure.Problem) == p.Problem
	var out string
	switch {
	case explains:
		f := p.Failure
		f.Again = f.Again && p.Pending == 0 // "1 waiting" says it stays
		out = "! " + counter.FailureWords(f, c.lang)
	case p.Printing:
		out = c.T("printer.printing")
	case p.Online:
		out = c.T("printer.ready")
	case p.CanPrint():
		// not looked at yet (the spooler's first pass, at start): no
		// alarm, as the done screen counts its tickets sent
		out = c.T("printer.looking")
	default:
		out = "! " + counter.PrinterProblemWords(counter.PrinterOffline, c.lang)
	}
	switch {
	case explains:
	case p.Problem != "" && p.Online:
		out += " (" + counter.PrinterProblemWords(p.Problem, c.lang) + ")"
	case p.Problem != "":
		out = "! " + counter.PrinterProblemWords(p.Problem, c.lang)
	case p.Detail != "" && !p.Online:
		out = "! " + p.Detail
	}
	if p.Pending > 0 {
		out += ", " + c.T("printer.waiting", p.Pending)
	}
	if p.Unrecorded > 0 {
		// before the failure's own words, which an 80-column line cuts
		// first
		out += " · ! " + c.T("printer.unrecorded", p.Unrecorded)
	}
	if failure != "" && !explains {
		out += " · ! " + failure
	}
	return out
}

// printerAlert says whether the printer part of the status line asks
// the cashier to act: a problem (not a low roll), a job that failed, jobs
// whose record waits.
func printerAlert(p PrinterState) bool {
	return p.Problem != "" && p.Problem != counter.PrinterPaperLow || p.Detail != "" && !p.Online ||
		p.Failed != "" || p.Unrecorded > 0
}

// centralWords is the central server part of the status line: up to date,
// or how many entries wait to be sent and for how long; "!" marks an
// alert (entries waiting too long, or the journal refused).
func centralWords(c *common, sy counter.SyncState) string {
	if sy.Refused != "" {
		// kept as the text the server or the pusher wrote, in English:
		// said in the till's language where it is one of ours
		return "! " + c.T("central.refused", pos.Say(errors.New(sy.Refused), c.lang))
	}
	if sy.CatalogRefused != "" {
		// The refusal's sentence, with its two ways out, is longer than
		// an 80-column status line: it says where to read it whole (the
		// service wrote it to the event log).
		return "! " + c.T("central.catalogrefused")
	}
	out := c.T("central.online")
	away := c.T("central.offline")
	if sy.Checking {
		away = c.T("central.checking") // its first round has not ended: not known yet
	}
	if !sy.Online {
		out = away
	}
	if sy.Unpushed > 0 {
		out = c.T("central.waiting", int(sy.Unpushed))
		if !sy.Online {
			out = away + ", " + out
		}
		if sy.Oldest >= time.Minute {
			out += " " + c.T("central.since", ageWords(sy.Oldest))
		}
	}
	if sy.Expired > 0 {
		out += ", " + c.T("central.expired", sy.Expired)
	}
	if sy.Catalog {
		out += ", " + c.T("central.catalogwaits")
	}
	if sy.Alert {
		out = "! " + out
	}
	return out
}

// ageWords is a wait as a person says it: "20 min", "2 h 05".
func ageWords(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d", m/60, m%60)
}
