// Package door is the scanning screen at the entrance: a Bubble Tea model
// on the register service. A barcode scanner in keyboard mode types a
// ticket's code then Enter (or a person types the number printed under
// it); the screen shows the verdict across the whole window in big type
// and colour, with a glyph that reads without colour (✔ admit, ! already
// admitted, ✖ refused), and the performance's admitted and sold counts.
// The service decides; the screen only shows.
package door

import (
	"strings"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/pos"
)

// Options configures the door screen.
type Options struct {
	Service     *counter.Service
	Door        string // its name, journaled with each admission ("porte 2")
	Performance string // the performance it lets in
	Lang        pos.Lang
	Now         func() time.Time // the register's clock (default time.Now)
	// Show is how long a verdict stays before the screen says it is ready
	// for the next ticket (default 6 s; negative: until the next scan).
	Show time.Duration
}

// Model is the door screen.
type Model struct {
	svc  *counter.Service
	door *counter.Door
	cat  *pos.Catalog
	lang pos.Lang
	opts Options
	w, h int

	input   []rune
	queue   []string // scans typed while one is being checked, in order
	busy    bool
	shown   *counter.Admission // nil: ready for the next ticket
	shownID int                // which verdict a clear tick is for
	counts  counter.DoorCounts
	err     string // the journal could not be read or written
}

// maxInput bounds what is kept of a scan: a ticket's code is about 150
// characters; a scanner stuck on repeat must not fill the memory.
const maxInput = 1000

// New opens a door of the service and builds its screen.
func New(o Options) (*Model, error) {
	d, err := o.Service.OpenDoor(o.Door, o.Performance)
	if err != nil {
		return nil, err
	}
	if !o.Lang.Known() {
		o.Lang = pos.French
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Show == 0 {
		o.Show = 6 * time.Second
	}
	return &Model{svc: o.Service, door: d, cat: o.Service.Catalog(), lang: o.Lang, opts: o, w: 80, h: 24}, nil
}

// Messages of the door screen.
type (
	scannedMsg struct {
		a   counter.Admission
		err error
	}
	countsMsg struct {
		c   counter.DoorCounts
		err error
	}
	clearMsg   int
	changedMsg struct{}
)

// ChangedMsg tells the door that the service changed (another door let a
// ticket in, a till sold or cancelled): it reads its counts again. The
// caller sends it on each of the service's Changes, so an idle door polls
// nothing.
func ChangedMsg() tea.Msg { return changedMsg{} }

func (m *Model) T(k string, args ...any) string { return tr(m.lang, k, args...) }

// Init reads the counts.
func (m *Model) Init() tea.Cmd { return m.countsCmd() }

func (m *Model) countsCmd() tea.Cmd {
	d := m.door
	return func() tea.Msg { c, err := d.Counts(); return countsMsg{c, err} }
}

// scanCmd checks one scan off the Update goroutine (it writes the journal).
func (m *Model) scanCmd(input string) tea.Cmd {
	d := m.door
	m.busy = true
	return func() tea.Msg { a, err := d.Scan(input); return scannedMsg{a, err} }
}

// submit checks a scan now, or after the one being checked: scans are
// judged in the order they were made.
func (m *Model) submit(input string) tea.Cmd {
	input = strings.TrimSpace(input)
	if input == "" {
		return nil
	}
	if m.busy {
		m.queue = append(m.queue, input)
		return nil
	}
	return m.scanCmd(input)
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		switch msg.String() {
		case "ctrl+c":
			return m, tea.Quit
		case "enter":
			in := string(m.input)
			m.input = m.input[:0]
			return m, m.submit(in)
		case "esc":
			m.input = m.input[:0]
		case "backspace":
			if len(m.input) > 0 {
				m.input = m.input[:len(m.input)-1]
			}
		default:
			m.typed(msg.Text)
		}
	case tea.PasteMsg:
		// a scanner may come as a paste: each line is a scan
		var cmds []tea.Cmd
		text := strings.ReplaceAll(msg.Content, "\r", "\n")
		for {
			line, rest, more := strings.Cut(text, "\n")
			m.typed(line)
			if !more {
				break
			}
			in := string(m.input)
			m.input = m.input[:0]
			cmds = append(cmds, m.submit(in))
			text = rest
		}
		return m, tea.Batch(cmds...)
	case scannedMsg:
		m.busy = false
		var cmds []tea.Cmd
		if msg.err != nil {
			m.err, m.shown = pos.Say(msg.err, m.lang), nil
		} else {
			m.err = ""
			m.shown = &msg.a
			m.shownID++
			if m.opts.Show > 0 {
				id := m.shownID
				cmds = append(cmds, tea.Tick(m.opts.Show, func(time.Time) tea.Msg { return clearMsg(id) }))
			}
			if msg.a.Admitted() {
				cmds = append(cmds, m.countsCmd())
			}
		}
		if len(m.queue) > 0 {
			next := m.queue[0]
			m.queue = m.queue[1:]
			cmds = append(cmds, m.scanCmd(next))
		}
		return m, tea.Batch(cmds...)
	case countsMsg:
		if msg.err != nil {
			m.err = pos.Say(msg.err, m.lang)
		} else {
			m.counts = msg.c
		}
	case changedMsg:
		return m, m.countsCmd()
	case clearMsg:
		if int(msg) == m.shownID {
			m.shown = nil
		}
	}
	return m, nil
}

// typed adds printable text to the scan being typed.
func (m *Model) typed(text string) {
	for _, r := range text {
		if unicode.IsPrint(r) && len(m.input) < maxInput {
			m.input = append(m.input, r)
		}
	}
}

// tone is how a verdict looks: its glyph (read without colour) and band.
type tone int

const (
	toneReady tone = iota
	toneAdmit
	toneAlready
	toneRefuse
)

func toneOf(a *counter.Admission) tone {
	switch {
	case a == nil:
		return toneReady
	case a.Verdict == counter.VerdictAdmit:
		return toneAdmit
	case a.Verdict == counter.VerdictAlreadyAdmitted, a.Verdict == counter.VerdictLostJournal:
		return toneAlready
	}
	return toneRefuse
}

var glyphs = map[tone]string{toneReady: "●", toneAdmit: "✔", toneAlready: "!", toneRefuse: "✖"}

// band is a verdict's colours: the 16 basic ones, so a Linux console
// shows them as designed.
func band(t tone) lipgloss.Style {
	s := lipgloss.NewStyle().Bold(true)
	switch t {
	case toneAdmit:
		return s.Foreground(lipgloss.Black).Background(lipgloss.Green)
	case toneAlready:
		return s.Foreground(lipgloss.Black).Background(lipgloss.Yellow)
	case toneRefuse:
		return s.Foreground(lipgloss.BrightWhite).Background(lipgloss.Red)
	}
	return s
}

// View draws the header (door, performance, counts), the verdict filling
// the window, the verdict's sentence, the scan being typed and the keys.
func (m *Model) View() tea.View {
	w, h := max(m.w, 20), max(m.h, 8)
	t := toneOf(m.shown)
	var b strings.Builder

	head := " " + m.door.Name() + " · " + m.performanceWords(m.door.Performance())
	counts := m.T("counts", m.counts.Admitted, m.counts.Sold)
	if m.counts.Passes > 0 {
		counts += m.T("counts.passes", m.counts.Passes)
	}
	counts += " "
	head = fit(head, w-ansi.StringWidth(counts)) + counts
	b.WriteString(lipgloss.NewStyle().Bold(true).Reverse(true).Render(fit(head, w)))
	b.WriteByte('\n')

	// the verdict: every line but header, sentence (two lines), input and keys
	bandH := h - 5
	word := glyphs[t] + " " + m.T("verdict."+m.verdictKey())
	lines, ok := bigText(word, w-2, bandH-2)
	if !ok {
		lines = []string{strings.ToUpper(word)}
	}
	top := (bandH - len(lines)) / 2
	st := band(t)
	for y := range bandH {
		line := ""
		if i := y - top; i >= 0 && i < len(lines) {
			line = lines[i]
		}
		b.WriteString(st.Render(center(line, w)))
		b.WriteByte('\n')
	}

	detail := m.detail()
	if m.err != "" {
		detail = m.T("error", m.err)
	}
	said := strings.Split(ansi.Wrap(glyphs[t]+" "+detail, w-2, " "), "\n")
	for i := range 2 {
		line := ""
		if i < len(said) {
			line = said[i]
		}
		b.WriteString(lipgloss.NewStyle().Bold(true).Render(center(line, w)))
		b.WriteByte('\n')
	}

	prompt := m.T("prompt")
	in := string(m.input)
	if m.busy {
		in += " " + m.T("busy")
	}
	// the end of a long code is what is being typed: show that
	if room := w - 1 - ansi.StringWidth(prompt); ansi.StringWidth(in) > room {
		in = "…" + ansi.TruncateLeft(in, ansi.StringWidth(in)-room+1, "")
	}
	b.WriteString(prompt + in + "▏")
	b.WriteByte('\n')
	b.WriteString(lipgloss.NewStyle().Faint(true).Render(fit(" "+m.svc.ID()+" · "+m.T("keys"), w)))

	v := tea.NewView(b.String())
	v.AltScreen = true
	v.WindowTitle = m.T("title") + " " + m.door.Name()
	return v
}

func (m *Model) verdictKey() string {
	if m.shown == nil {
		return "ready"
	}
	return string(m.shown.Verdict)
}

// detail is the verdict in a sentence: which ticket, where it sits, or why
// it is refused.
func (m *Model) detail() string {
	a := m.shown
	if a == nil {
		return m.T("detail.ready")
	}
	n := a.Ticket.Number
	switch a.Verdict {
	case counter.VerdictAdmit:
		return m.ticketWords(a.Ticket)
	case counter.VerdictAlreadyAdmitted:
		return m.T("detail.already", n, m.when(a.At), a.Door)
	case counter.VerdictCanceled:
		return m.T("detail.canceled", n)
	case counter.VerdictExchanged:
		return m.T("detail.exchanged", n)
	case counter.VerdictWrongPerformance:
		what := a.Ticket.Performance
		if p, ok := m.cat.PerformanceByID(a.Ticket.Performance); ok {
			what = m.performanceWords(p)
		} else if ps, ok := m.cat.PassByID(a.Ticket.Item); ok {
			what = ps.Name.In(m.lang)
		}
		return m.T("detail.wrong", n, what)
	case counter.VerdictForged:
		return m.T("detail.forged")
	case counter.VerdictUnknown:
		if a.Reason != "" {
			return m.T("detail.unknownother", n, m.svc.ID())
		}
		return m.T("detail.unknown", m.svc.ID(), n)
	case counter.VerdictNotATicket:
		return m.T("detail.notticket", n)
	case counter.VerdictUnpaid:
		return m.T("detail.unpaid", n)
	case counter.VerdictLostJournal:
		return m.T("detail.lostjournal", n, m.svc.ID())
	}
	return m.T("detail.unreadable")
}

// ticketWords is an admitted ticket as the person at the door says it:
// number, zone and seat, category; or the pass's name.
func (m *Model) ticketWords(t pos.Ticket) string {
	parts := []string{t.Number}
	if t.Kind == pos.LinePass {
		if ps, ok := m.cat.PassByID(t.Item); ok {
			parts = append(parts, ps.Name.In(m.lang))
		}
		return strings.Join(parts, " · ")
	}
	if z, ok := m.cat.ZoneOf(m.door.Performance(), t.Zone); ok {
		zone := z.Name.In(m.lang)
		if t.Seat != "" {
			zone += " " + t.Seat
		}
		parts = append(parts, zone)
	}
	if c, ok := m.cat.CategoryByID(t.Category); ok {
		parts = append(parts, c.Name.In(m.lang))
	}
	return strings.Join(parts, " · ")
}

// performanceWords is "Hamlet · lun. 23 nov. 20:00".
func (m *Model) performanceWords(p *pos.Performance) string {
	name := p.ID
	if ev, ok := m.cat.EventByID(p.Event); ok {
		name = ev.Name.In(m.lang)
	}
	return name + " · " + pos.FormatDateTime(p.Start.In(m.cat.Location()), m.lang)
}

// when is an admission's time: the hour, with the date when not today.
func (m *Model) when(at time.Time) string {
	at = at.In(m.cat.Location())
	now := m.opts.Now().In(m.cat.Location())
	if y, mo, d := at.Date(); y != now.Year() || mo != now.Month() || d != now.Day() {
		return pos.FormatDateTime(at, m.lang)
	}
	return at.Format("15:04")
}

// fit cuts s to w columns, or pads it with spaces to w.
func fit(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-ansi.StringWidth(s))
}

// center puts s in the middle of w columns.
func center(s string, w int) string {
	n := ansi.StringWidth(s)
	if n >= w {
		return fit(s, w)
	}
	left := (w - n) / 2
	return fit(strings.Repeat(" ", left)+s, w)
}
