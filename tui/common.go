package tui

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// styles uses only the 16 basic colours plus attributes, so a Linux console
// shows it as designed, and every state also has a glyph or a word, so it
// reads with NO_COLOR. Nothing here asks the terminal for its background:
// a console that does not answer would stall start-up.
type styles struct {
	title, header, dim, sel, err, ok, key, struck, bold lipgloss.Style
	free, mine, sold, held, blocked, cursor             lipgloss.Style
	qr, qrEdge                                          lipgloss.Style // see qrCode
}

func newStyles() styles {
	s := lipgloss.NewStyle()
	return styles{
		title:   s.Bold(true),
		header:  s.Bold(true).Foreground(lipgloss.Black).Background(lipgloss.Cyan),
		dim:     s.Faint(true),
		sel:     s.Reverse(true),
		err:     s.Bold(true).Foreground(lipgloss.Red),
		ok:      s.Foreground(lipgloss.Green),
		key:     s.Bold(true),
		struck:  s.Strikethrough(true).Faint(true),
		bold:    s.Bold(true),
		free:    s.Foreground(lipgloss.Green),
		mine:    s.Bold(true).Foreground(lipgloss.Cyan),
		sold:    s.Foreground(lipgloss.Red),
		held:    s.Foreground(lipgloss.Yellow),
		blocked: s.Foreground(lipgloss.BrightBlack),
		cursor:  s.Reverse(true).Bold(true),
		qr:      s.Foreground(lipgloss.BrightWhite).Background(lipgloss.Black),
		qrEdge:  s.Foreground(lipgloss.BrightWhite),
	}
}

// common is what every screen shares: the register service, the till of
// the member of staff who unlocked it, language, clock, styles and the
// window size (the keymap is keymap.go). The sale in progress is apart, in
// sale: it starts anew with each sale.
type common struct {
	svc  *counter.Service // the service the screens sell through: real's training service in training mode
	real *counter.Service // the register's own service
	// training is asked on the unlock screen: the till unlocked next sells
	// in training (counter.Service.Training).
	training bool
	cat      *pos.Catalog
	till     Till
	seller   pos.Seller
	tillName string // names this till in the journal when a PIN is wrong (Options.Till)
	lang     pos.Lang
	now      func() time.Time
	st       styles
	// plain: the terminal takes no style at all (TERM=dumb: tea's
	// ColorProfileMsg says NoTTY), so what a style alone shows (the seat
	// plan's cursor) is drawn with characters.
	plain bool
	w, h  int
	sale  *sale

	shift   Shift
	hasShft bool
	version uint64
	nav     []tea.Msg // screen changes asked during this Update
	asking  screen    // the screen whose Update or Init is running
	queue   tillQueue // till calls run in the order asked
	cartSeq uint64    // the newest tillDo answer applied (cartMsg.seq)

	// onlyStaff is the only member of staff who may unlock ("" anyone):
	// an SSH session's key proved who is at the keyboard.
	onlyStaff string
	// keyUnlocks says whether onlyStaff's key alone unlocks now (no-pin).
	keyUnlocks func() bool

	// wrapped keeps the refusals and questions as wrapped (refusal,
	// question): a screen showing one draws it at every frame.
	wrapped fitted
}

// sale is the sale in progress at this till, as the register last answered:
// the screens show it, the register decides it. A new sale (or a lock)
// replaces it whole.
type sale struct {
	priced   pos.PricedCart // the cart as last priced by the till (setPriced)
	items    int            // what priced holds, tickets and all else (the header counts it)
	head     string         // the header's right side: "cart: 2 tickets · CHF 65.00 "
	cartErr  string
	customer pos.Customer // attached to the cart, shown on the cart screen
	credit   pos.Money    // exchange credit in the cart: it pays first
	// tenders are the payments taken for this sale and not recorded yet:
	// back at the cart (Esc) they stay, and the payment shows them again.
	tenders []pos.Tender
}

// setPriced keeps the cart as the till priced it, what it holds, and the
// header's words for it (said once here, not at every frame).
func (c *common) setPriced(p pos.PricedCart) {
	s := c.sale
	s.priced, s.items = p, 0
	// each kind by its word ("2 billets, 1 pass"): a pass counted as a
	// ticket read "3 billets", a gift voucher alone "1 article"
	kinds := []struct{ kind, words string }{
		{pos.LineTicket, "status.ntickets"}, {pos.LinePass, "status.npasses"},
		{pos.LineVoucher, "status.nvouchers"}, {pos.LineProduct, "status.nproducts"},
	}
	n := make([]int, len(kinds))
	known := 0
	for _, l := range p.Lines {
		s.items += l.Quantity
		for i, k := range kinds {
			if l.Kind == k.kind {
				n[i] += l.Quantity
				known += l.Quantity
			}
		}
	}
	var said []string
	first := 0 // of the first kind said
	for i, k := range kinds {
		if n[i] > 0 {
			if said == nil {
				first = n[i]
			}
			said = append(said, c.T(k.words, n[i]))
		}
	}
	if len(said) > 2 {
		// more than two kinds, said one by one, would push the title
		// out at 80 columns: the first, and how many others
		said = []string{said[0], c.T("status.nothers", known-first)}
	}
	switch {
	case len(said) == 0 || known != s.items:
		s.head = c.T("status.cartitems", s.items, c.money(p.Total)) + " "
	case len(said) == 1 && n[0] > 0:
		s.head = c.T("status.cart", n[0], c.money(p.Total)) + " " // tickets alone, the usual cart
	default:
		s.head = c.T("status.cartof", strings.Join(said, ", "), c.money(p.Total)) + " "
	}
}

// queryFailed is a query's error on the flash line: the journal could not
// be read (a damaged view says to rebuild it). It runs off the Update
// goroutine, so the caller gives the language.
func queryFailed(lang pos.Lang, err error) tea.Msg {
	return flashMsg{sentence(pos.Say(err, lang)), true}
}

func (c *common) T(k string, args ...any) string { return tr(c.lang, k, args...) }

func (c *common) money(m pos.Money) string { return m.Format(c.lang) }

// Err is an error from the register or pos as a sentence in the screen's
// language (pos.Say): every error a screen shows goes through it.
func (c *common) Err(err error) string { return sentence(pos.Say(err, c.lang)) }

// sentence starts a message shown alone with a capital, as a sentence
// does (pos writes its reasons to be quoted inside others).
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Messages between screens and the root: screens never reach into each other.
type (
	pushMsg  struct{ s screen }
	backMsg  struct{}
	homeMsg  struct{} // back to the performance list (next sale)
	flashMsg struct {
		text string
		err  bool
	}
	// cartMsg carries the cart as priced after a till call, and that call's error.
	cartMsg struct {
		priced pos.PricedCart
		err    error
		note   string
		credit pos.Money // exchange credit waiting in the cart
		by     screen    // the screen that asked: only it acts on the answer
		// seq numbers the till calls (tillDo) in the order they ran: their
		// answers reach Update from separate goroutines, so an older one
		// can arrive after a newer one, whose cart it must not replace.
		seq uint64
	}
	unlockedMsg struct {
		till  Till
		shift Shift
		open  bool
		svc   *counter.Service       // the service the till was unlocked on (training or real)
		left  []counter.LeftPayments // what her tills left with no order, to tell her now
	}
	shiftMsg struct {
		shift  Shift
		err    error
		joined bool // the shift was opened at another till meanwhile: this one joins it
	}
	versionMsg uint64
	orderMsg   struct {
		sale counter.Sale
		err  error
	}
)

// push, back and home change screens at once, inside the Update that asked:
// a key typed right after Enter reaches the new screen, never the old one.
func (c *common) push(s screen) tea.Cmd { c.nav = append(c.nav, pushMsg{s}); return nil }
func (c *common) back() tea.Cmd         { c.nav = append(c.nav, backMsg{}); return nil }
func (c *common) home() tea.Cmd         { c.nav = append(c.nav, homeMsg{}); return nil }
func flash(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return flashMsg{text, isErr} }
}

// inOrder makes a till call that runs off the Update goroutine, but after
// every till call asked before it: two seats taken in a row reach the cart
// in that order, whatever the goroutines' scheduling. The turn is taken
// now, in Update.
func (c *common) inOrder(f func() tea.Msg) tea.Cmd {
	q := &c.queue
	q.mu.Lock()
	if q.cond == nil {
		q.cond = sync.NewCond(&q.mu)
	}
	n := q.next
	q.next++
	q.mu.Unlock()
	return func() tea.Msg {
		q.mu.Lock()
		for q.turn != n {
			q.cond.Wait()
		}
		q.mu.Unlock()
		defer func() {
			q.mu.Lock()
			q.turn++
			q.cond.Broadcast()
			q.mu.Unlock()
		}()
		return f()
	}
}

// tillQueue numbers the till calls in the order Update asked them.
type tillQueue struct {
	mu         sync.Mutex
	cond       *sync.Cond
	next, turn uint64
}

// tillDo runs a till call off the Update goroutine, in order, and reports
// the cart priced afterwards.
func (c *common) tillDo(note string, f func(t Till) error) tea.Cmd {
	t, by := c.till, c.asking
	q := &c.queue
	return c.inOrder(func() tea.Msg {
		err := f(t)
		pc, perr := t.Priced()
		if err == nil && perr != nil {
			err = perr
		}
		q.mu.Lock()
		seq := q.turn + 1 // this call's place in the order the calls ran
		q.mu.Unlock()
		return cartMsg{priced: pc, err: err, note: note, credit: t.Credit(), by: by, seq: seq}
	})
}

// screen is one step of a sale. Each has its key map, so `?` always shows
// the keys of the screen in front; SetSize is called on every resize.
type screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	Title() string
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	SetSize(w, h int)
	// Typing reports whether letters go into a text field (so `?` and
	// letter shortcuts are typed, not obeyed).
	Typing() bool
}

// keyNames spells the keys of a help entry ("home/end") as the keyboard
// says them in lang ("début/fin", "entrée", "échap").
func keyNames(lang pos.Lang, helpKey string) string {
	parts := strings.Split(helpKey, "/")
	for i, p := range parts {
		if _, ok := en["keyname."+p]; ok {
			parts[i] = tr(lang, "keyname."+p)
		}
	}
	return strings.Join(parts, "/")
}

// fit cuts or pads a string to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}

// fitted remembers what fit and a style made of the lines of the last
// frames. A key on a list moves its cursor and draws the same rows again:
// measuring each row's cells (grapheme by grapheme) and styling its date
// headers was most of a key's View (profile of BenchmarkPerformanceListKeypress:
// ansi.StringWidth 55 % of the key, lipgloss Render 19 %). Bounded: it
// starts again past 2,048 lines.
type fitted map[fitKey]string

type fitKey struct {
	s     string
	w     int
	style int // 0: fit alone; else which style rendered the clipped text
}

func (f *fitted) get(k fitKey, make func() string) string {
	if v, ok := (*f)[k]; ok {
		return v
	}
	if *f == nil || len(*f) >= 2048 {
		*f = fitted{}
	}
	v := make()
	(*f)[k] = v
	return v
}

// fit is fit(s, w), remembered.
func (f *fitted) fit(s string, w int) string {
	return f.get(fitKey{s, w, 0}, func() string { return fit(s, w) })
}

// label is a label w cells wide before a value: at least one space stays
// between them, so a long label never runs into its amount.
func label(s string, w int) string { return fit(s, w-1) + " " }

// fitWords is fit for a sentence: cut at a word's end, never inside one.
func fitWords(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return fit(s, w)
	}
	cut := ansi.Truncate(s, max(w-1, 0), "")
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = strings.TrimRight(cut[:i], " ·,")
	}
	return fit(cut+"…", w)
}

// refusal renders a refusal (an error sentence) in the error style,
// wrapped to w cells, each line after the first starting with indent (the
// caller writes the first line's): the register's sentences end with what
// to do, so they are wrapped, never cut.
func (c *common) refusal(msg string, w int, indent string) string {
	return c.wrapIn(c.st.err, wrappedErr, msg, w, indent)
}

// question renders a question asked before an action (Enter: yes, Esc:
// correct) as refusal renders a refusal, in bold.
func (c *common) question(msg string, w int, indent string) string {
	return c.wrapIn(c.st.bold, wrappedBold, msg, w, indent)
}

// The styles c.wrapped keeps sentences in (fitKey.style).
const (
	wrappedErr = iota + 1
	wrappedBold
)

// wrapIn is wrapIn kept in c.wrapped: a screen draws its sentence at
// every frame.
func (c *common) wrapIn(st lipgloss.Style, style int, msg string, w int, indent string) string {
	return c.wrapped.get(fitKey{indent + "\x00" + msg, w, style}, func() string { return wrapIn(st, msg, w, indent, 0) })
}

// wrapIn renders msg in st wrapped to w cells, each line after the first
// starting with indent, in at most most lines (0: any), the last one cut
// with "…" when it needs more.
func wrapIn(st lipgloss.Style, msg string, w int, indent string, most int) string {
	ls := strings.Split(ansi.Wrap(frenchHeld.Replace(msg), max(w-ansi.StringWidth(indent), 20), " "), "\n")
	if most > 0 && len(ls) > most {
		ls = ls[:most]
		ls[most-1] = ansi.Truncate(strings.TrimRight(ls[most-1], " ")+" …", max(w-ansi.StringWidth(indent), 20), "…")
	}
	for i, l := range ls {
		ls[i] = st.Render(strings.ReplaceAll(strings.TrimRight(l, " "), "\u00a0", " "))
	}
	return strings.Join(ls, "\n"+indent)
}

// frenchHeld holds French's space before ":", "?", "!" and ";" to the word
// before it while a sentence is wrapped (a no-break space, given back as a
// space after): no line starts with ": non".
var frenchHeld = strings.NewReplacer(" :", "\u00a0:", " ?", "\u00a0?", " !", "\u00a0!", " ;", "\u00a0;")

// clip cuts a string to at most w cells.
func clip(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, max(w, 0), "…")
	}
	return s
}

// lines keeps at most h lines of s.
func lines(s string, h int) string {
	if h <= 0 {
		return ""
	}
	ls := strings.Split(s, "\n")
	if len(ls) > h {
		ls = ls[:h]
	}
	return strings.Join(ls, "\n")
}

// field is a one-line text entry. It has no blinking cursor (no timer, so
// nothing redraws on a slow link while the counter is idle).
type field struct {
	val   []rune
	pos   int
	mask  bool
	limit int
}

func (f *field) Value() string { return string(f.val) }
func (f *field) Set(s string)  { f.val = []rune(s); f.pos = len(f.val) }
func (f *field) Reset()        { f.val, f.pos = nil, 0 }

// key edits the field; it reports whether the key was used.
func (f *field) key(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "backspace":
		if f.pos > 0 {
			f.val = append(f.val[:f.pos-1], f.val[f.pos:]...)
			f.pos--
		}
		return true
	case "delete":
		if f.pos < len(f.val) {
			f.val = append(f.val[:f.pos], f.val[f.pos+1:]...)
		}
		return true
	case "left":
		f.pos = max(0, f.pos-1)
		return true
	case "right":
		f.pos = min(len(f.val), f.pos+1)
		return true
	case "home", "ctrl+a":
		f.pos = 0
		return true
	case "end", "ctrl+e":
		f.pos = len(f.val)
		return true
	case "ctrl+u":
		f.Reset()
		return true
	}
	if k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
		f.insert(k.Text)
		return true
	}
	return false
}

func (f *field) insert(s string) {
	s = pos.Clean(s, false)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		if f.limit > 0 && len(f.val) >= f.limit {
			return
		}
		f.val = append(f.val[:f.pos], append([]rune{r}, f.val[f.pos:]...)...)
		f.pos++
	}
}

// view draws the field; the cursor is a reverse-video cell when focused,
// and an underscore shows where it is without colour.
// A value of several lines (a customer's address or notes, kept as they
// were recorded) stays on the field's row: each line break shows as ↵,
// one cell for one rune, and is kept in the value.
func (f *field) view(st styles, focused bool, w int) string {
	v := f.val
	if f.mask {
		v = []rune(strings.Repeat("•", len(v)))
	} else if slices.Contains(v, '\n') {
		v = slices.Clone(v)
		for i, r := range v {
			if r == '\n' {
				v[i] = '↵'
			}
		}
	}
	if !focused {
		return clip(string(v), w)
	}
	before, at, after := string(v[:f.pos]), "_", ""
	if f.pos < len(v) {
		at, after = string(v[f.pos]), string(v[f.pos+1:])
	}
	return clip(before+st.cursor.Render(at)+after, w)
}
