// Package drawn draws a Bubble Tea model's frames on a terminal itself,
// right after the message that changed them, and nothing when nothing
// changed.
//
// Bubble Tea's renderer wakes on a fixed frame rate (30 a second at the
// counter) even when nothing changes: on an idle register those wake-ups are
// all of its CPU. A program run with tea.WithoutRenderer and its slowest
// ticker (tea.WithFPS(1), which then has nothing to draw) and a model wrapped
// in a Screen wakes only for a message. The Screen then does what the renderer
// did: it diffs each frame against the last with ultraviolet's terminal
// renderer (Bubble Tea's own) and applies what the model's tea.View asks for:
// the alternate screen, the cursor (position, shape, colour), mouse and focus
// reports, bracketed paste, the keyboard enhancements, the window title, the
// terminal's colours, the progress bar and the program status. Terminal puts
// the terminal in raw mode and reports its size, which a program without a
// renderer does not do.
//
// What it does not do: Bubble Tea's inline mode (a View without AltScreen is
// drawn over the whole window of the main screen, not as a frame as tall as
// its content below the prompt), tea.Println above the frame, synchronized
// output (mode 2026: nothing asks the terminal), and tea.Suspend (the
// terminal stays raw).
package drawn

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"os"
	"os/signal"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
)

// Screen wraps a model for a program without a renderer and draws its View
// after every message that changed it. The program's Update loop is the only
// caller of its methods but Stop (after the program ended).
type Screen struct {
	m   tea.Model
	out io.Writer
	scr *uv.TerminalRenderer
	// the colours the terminal shows (NO_COLOR: none)
	profile colorprofile.Profile
	buf     uv.ScreenBuffer
	pre     bytes.Buffer // the modes that go before a frame
	frm     bytes.Buffer // the frame, as the terminal renderer writes it

	view  *tea.View // the last view drawn, without its content (its modes are on the terminal); nil before the first
	last  string    // its content
	lines []string  // its lines as drawn
	on    bool      // the terminal's size is known: frames are drawn
	tabs  bool      // the cursor moves by hard tabs (set every 8 columns)
	bs    bool      // and by backspaces
	dirty bool      // the next frame is drawn whole (a new size)

	// FirstFrame, when set, is called once the first frame is on the
	// terminal (the start-up benchmark).
	FirstFrame func()
	// Updated, when set, is called after each message, once its frame is
	// drawn.
	Updated func()
}

// New wraps m for a program without a renderer writing to out (the
// terminal), in an environment env (TERM, NO_COLOR, COLORTERM: the colours
// are brought down to what it says the terminal shows).
//
// Cells are measured as lipgloss measures them when it lays out the frames
// (grapheme clusters), not by wcwidth, uv's default: its wcwidth goes
// through go-runewidth, which fills a 2.2 MB table on the first rune above
// U+02FF (a box-drawing line, a QR block). For Latin scripts, box drawing
// and block elements both measures agree; where they differ (emoji
// sequences) the frame agrees with the layout that padded it.
func New(m tea.Model, out io.Writer, env []string) *Screen {
	s := &Screen{m: m, out: out}
	s.scr = uv.NewTerminalRenderer(&s.frm, env)
	s.profile = colorprofile.Detect(out, env) // the terminal's, not the buffer's
	s.scr.SetColorProfile(s.profile)
	s.scr.SetWidthMethod(ansi.GraphemeWidth)
	s.scr.SetFullscreen(true)
	s.scr.SetRelativeCursor(false)
	// No hard-scroll optimisation, unlike Bubble Tea's renderer: it hashes
	// every line of every frame to find lines that moved, 16 % of a search
	// letter's CPU at the counter (perf, real process). It saves bytes (a
	// search letter 662 -> 204), which cost little on the machine's own
	// terminal, the only one drawn here; SSH sessions keep Bubble Tea's.
	s.scr.SetScrollOptim(false)
	s.buf = uv.NewScreenBuffer(80, 24)
	s.buf.Method = ansi.GraphemeWidth
	return s
}

// Model is the model as its last Update returned it.
func (s *Screen) Model() tea.Model { return s.m }

// Init starts the model.
func (s *Screen) Init() tea.Cmd { return s.m.Init() }

// Update passes the message to the model and draws the frame if it changed.
func (s *Screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if msg.Width <= 0 || msg.Height <= 0 {
			return s, nil // a program without a renderer knows no size: Terminal sends it
		}
		s.resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		// the program's (tea.WithColorProfile, or what it detected)
		if msg.Profile != s.profile {
			s.profile = msg.Profile
			s.scr.SetColorProfile(msg.Profile)
			s.scr.Erase()
			s.dirty = true // drawn again in the new colours
		}
	case tea.MouseClickMsg, tea.MouseReleaseMsg, tea.MouseWheelMsg, tea.MouseMotionMsg:
		// what the renderer does with the view's OnMouse
		if s.view != nil && s.view.OnMouse != nil {
			cmds = append(cmds, s.view.OnMouse(msg.(tea.MouseMsg)))
		}
	}
	m, cmd := s.m.Update(msg)
	s.m = m
	s.draw()
	if f := s.Updated; f != nil {
		f()
	}
	if len(cmds) == 0 {
		return s, cmd
	}
	return s, tea.Batch(append(cmds, cmd)...)
}

// View is empty: the program has no renderer.
func (s *Screen) View() tea.View { return tea.View{} }

func (s *Screen) resize(w, h int) {
	s.on = true
	s.scr.Resize(w, h)
	s.buf.Resize(w, h)
	s.buf.Clear()
	s.scr.Erase()
	s.dirty = true // draw it all again
}

func (s *Screen) draw() {
	if !s.on {
		return
	}
	v := s.m.View()
	last := s.view
	if last != nil && !s.dirty && v.Content == s.last && same(last, &v) {
		return
	}
	s.modes(last, &v)

	// Only the lines that changed are drawn again: the renderer compares
	// the lines touched, and a key changes two or three of them.
	if last == nil || s.dirty || v.Content != s.last {
		if s.dirty {
			s.lines = s.lines[:0]
		}
		s.dirty = false
		lines := strings.Split(v.Content, "\n")
		w, h := s.buf.Width(), s.buf.Height()
		for y := 0; y < h; y++ {
			l := ""
			if y < len(lines) {
				l = lines[y]
			}
			if y < len(s.lines) && s.lines[y] == l {
				continue
			}
			uv.NewStyledString(l).Draw(s.buf, uv.Rect(0, y, w, 1)) // clears the row first
		}
		s.lines = append(s.lines[:0], lines...)
		s.last = v.Content
	}
	s.scr.Render(s.buf.RenderBuffer)
	if c := v.Cursor; c != nil {
		s.scr.MoveTo(c.X, c.Y) // after Render, which moves it
	}
	_ = s.scr.Flush()

	// One write: the modes, then the frame; a visible cursor is hidden
	// while the frame is drawn (it would fly over the screen) and shown at
	// its place after.
	// Some terminals keep the cursor's visibility per screen: it is set
	// again on a change of screen.
	shown, show := last != nil && last.Cursor != nil, v.Cursor != nil
	set := last == nil || shown != show || last.AltScreen != v.AltScreen
	var out bytes.Buffer
	out.Grow(s.pre.Len() + s.frm.Len() + 16)
	out.Write(s.pre.Bytes())
	if (set && !show) || (show && shown && s.frm.Len() > 0) {
		out.WriteString(ansi.ResetModeTextCursorEnable)
	}
	out.Write(s.frm.Bytes())
	if show && (set || s.frm.Len() > 0) {
		out.WriteString(ansi.SetModeTextCursorEnable)
	}
	s.pre.Reset()
	s.frm.Reset()
	if out.Len() > 0 {
		_, _ = s.out.Write(out.Bytes())
	}
	v.Content = "" // in last
	// its own copies: a model may change its cursor in place
	if c := v.Cursor; c != nil {
		cc := *c
		v.Cursor = &cc
	}
	if b := v.ProgressBar; b != nil {
		bb := *b
		v.ProgressBar = &bb
	}
	if st := v.ProgramStatus; st != nil {
		ss := *st
		v.ProgramStatus = &ss
	}
	s.view = &v
	if f := s.FirstFrame; f != nil {
		s.FirstFrame = nil
		f()
	}
}

// modes writes what changed from last to v but the frame and the cursor's
// visibility: the screen, reports, title, colours, cursor style.
func (s *Screen) modes(last, v *tea.View) {
	p := &s.pre
	first := last == nil
	if first {
		last = &tea.View{}
		if s.tabs {
			p.WriteString(ansi.SetTabEvery8Columns)
		}
	}
	if first || last.AltScreen != v.AltScreen {
		if !first {
			p.WriteString(ansi.ResetModifyOtherKeys + ansi.PopKittyKeyboard(1)) // each screen has its own
		}
		if v.AltScreen {
			p.WriteString(ansi.SetModeAltScreenSaveCursor)
		} else if !first {
			p.WriteString(ansi.ResetModeAltScreenSaveCursor)
		}
		s.scr.Erase()
	}
	if first || last.DisableBracketedPasteMode != v.DisableBracketedPasteMode {
		if !v.DisableBracketedPasteMode {
			p.WriteString(ansi.SetModeBracketedPaste)
		} else if !first {
			p.WriteString(ansi.ResetModeBracketedPaste)
		}
	}
	if last.ReportFocus != v.ReportFocus {
		if v.ReportFocus {
			p.WriteString(ansi.SetModeFocusEvent)
		} else {
			p.WriteString(ansi.ResetModeFocusEvent)
		}
	}
	if last.MouseMode != v.MouseMode {
		p.WriteString(mouseOff(last.MouseMode))
		switch v.MouseMode {
		case tea.MouseModeCellMotion:
			p.WriteString(ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr)
		case tea.MouseModeAllMotion:
			p.WriteString(ansi.SetModeMouseAnyEvent + ansi.SetModeMouseExtSgr)
		}
	}
	if last.WindowTitle != v.WindowTitle {
		p.WriteString(ansi.SetWindowTitle(v.WindowTitle))
	}
	if first || last.KeyboardEnhancements != v.KeyboardEnhancements || last.AltScreen != v.AltScreen {
		// as Bubble Tea asks: keys disambiguated (kitty's flag 1) and
		// modifyOtherKeys; the answer comes as a tea.KeyboardEnhancementsMsg
		p.WriteString(ansi.SetModifyOtherKeys2)
		if first || last.AltScreen != v.AltScreen {
			p.WriteString(ansi.PushKittyKeyboard(kittyFlags(v.KeyboardEnhancements)))
		} else {
			p.WriteString(ansi.KittyKeyboard(kittyFlags(v.KeyboardEnhancements), 1))
		}
		p.WriteString(ansi.RequestKittyKeyboard)
	}
	var lc, vc color.Color
	if last.Cursor != nil {
		lc = last.Cursor.Color
	}
	if v.Cursor != nil {
		vc = v.Cursor.Color
	}
	setColor(p, lc, vc, ansi.SetCursorColor, ansi.ResetCursorColor)
	setColor(p, last.ForegroundColor, v.ForegroundColor, ansi.SetForegroundColor, ansi.ResetForegroundColor)
	setColor(p, last.BackgroundColor, v.BackgroundColor, ansi.SetBackgroundColor, ansi.ResetBackgroundColor)
	if ls, vs := cursorStyle(last.Cursor), cursorStyle(v.Cursor); ls != vs {
		p.WriteString(ansi.SetCursorStyle(vs))
	}
	if !sameProgress(last.ProgressBar, v.ProgressBar) {
		p.WriteString(progress(v.ProgressBar))
	}
	if !sameStatus(last.ProgramStatus, v.ProgramStatus) {
		if l := last.ProgramStatus; l != nil && (v.ProgramStatus == nil || v.ProgramStatus.ID != l.ID) {
			p.WriteString(ansi.ClearProgramStatusID(l.ID))
		}
		if v.ProgramStatus != nil {
			p.WriteString(ansi.SetProgramStatus(*v.ProgramStatus))
		}
	}
}

// Stop gives the terminal back as it was before the first frame: reports
// off, the cursor shown and as it was, the colours and title reset, the main
// screen. The program status stays (a done or failed report outlives the
// program, as with Bubble Tea).
func (s *Screen) Stop() {
	v := s.view
	if v == nil {
		return
	}
	s.view = nil
	var p strings.Builder
	p.WriteString(ansi.ResetModifyOtherKeys + ansi.PopKittyKeyboard(1))
	if !v.DisableBracketedPasteMode {
		p.WriteString(ansi.ResetModeBracketedPaste)
	}
	if v.ReportFocus {
		p.WriteString(ansi.ResetModeFocusEvent)
	}
	p.WriteString(mouseOff(v.MouseMode))
	if v.WindowTitle != "" {
		p.WriteString(ansi.SetWindowTitle(""))
	}
	if c := v.Cursor; c != nil {
		if c.Color != nil {
			p.WriteString(ansi.ResetCursorColor)
		}
		if cursorStyle(c) != 0 {
			p.WriteString(ansi.SetCursorStyle(0))
		}
	}
	if v.ForegroundColor != nil {
		p.WriteString(ansi.ResetForegroundColor)
	}
	if v.BackgroundColor != nil {
		p.WriteString(ansi.ResetBackgroundColor)
	}
	if v.ProgressBar != nil && v.ProgressBar.State != tea.ProgressBarNone {
		p.WriteString(ansi.ResetProgressBar)
	}
	p.WriteString(ansi.SetModeTextCursorEnable)
	if v.AltScreen {
		p.WriteString(ansi.ResetModeAltScreenSaveCursor)
	} else {
		p.WriteString(ansi.CursorPosition(1, s.buf.Height()) + "\r\n")
	}
	_, _ = io.WriteString(s.out, p.String())
}

// Terminal puts a terminal in raw mode for the screen and gives the
// function that restores it; it reports the terminal's size to the program
// (now and on every resize) once p runs. The cursor moves by tabs and
// backspaces where the terminal's settings keep them as they are (Bubble
// Tea's renderer does the same).
func (s *Screen) Terminal(in, out *os.File, p *tea.Program) (restore func(), err error) {
	state, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return nil, fmt.Errorf("cannot put the terminal in raw mode: %w", err)
	}
	s.tabs, s.bs = movements(in)
	if s.tabs {
		s.scr.SetTabStops(s.buf.Width())
	}
	s.scr.SetBackspace(s.bs)
	winch := make(chan os.Signal, 1)
	notifyResize(winch)
	done := make(chan struct{})
	size := func() {
		w, h, err := term.GetSize(int(out.Fd()))
		if err != nil || w <= 0 || h <= 0 {
			w, h = 80, 24 // a terminal that says no size (a pty nobody sized)
		}
		p.Send(tea.WindowSizeMsg{Width: w, Height: h})
	}
	go func() {
		size()
		for {
			select {
			case <-winch:
				size()
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(winch)
		close(done)
		_ = term.Restore(int(in.Fd()), state)
	}, nil
}

// same reports whether a and b ask the terminal for the same modes.
func same(a, b *tea.View) bool {
	return a.AltScreen == b.AltScreen && a.DisableBracketedPasteMode == b.DisableBracketedPasteMode &&
		a.ReportFocus == b.ReportFocus && a.MouseMode == b.MouseMode && a.WindowTitle == b.WindowTitle &&
		a.ForegroundColor == b.ForegroundColor && a.BackgroundColor == b.BackgroundColor &&
		a.KeyboardEnhancements == b.KeyboardEnhancements && sameCursor(a.Cursor, b.Cursor) &&
		sameProgress(a.ProgressBar, b.ProgressBar) && sameStatus(a.ProgramStatus, b.ProgramStatus)
}

func sameCursor(a, b *tea.Cursor) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Position == b.Position && a.Shape == b.Shape && a.Blink == b.Blink && a.Color == b.Color
}

func sameProgress(a, b *tea.ProgressBar) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sameStatus(a, b *tea.ProgramStatus) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func mouseOff(m tea.MouseMode) string {
	if m == tea.MouseModeNone {
		return ""
	}
	return ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr
}

// cursorStyle is DECSCUSR's number for the cursor's shape (0: the
// terminal's default, a blinking block).
func cursorStyle(c *tea.Cursor) int {
	if c == nil {
		return 0
	}
	n := int(c.Shape)*2 + 1
	if !c.Blink {
		n++
	}
	if n == 1 {
		return 0
	}
	return n
}

func kittyFlags(k tea.KeyboardEnhancements) int {
	f := ansi.KittyDisambiguateEscapeCodes
	if k.ReportEventTypes {
		f |= ansi.KittyReportEventTypes
	}
	if k.ReportAlternateKeys {
		f |= ansi.KittyReportAlternateKeys
	}
	if k.ReportAllKeysAsEscapeCodes {
		f |= ansi.KittyReportAllKeysAsEscapeCodes
	}
	if k.ReportAssociatedText {
		f |= ansi.KittyReportAssociatedKeys
	}
	return f
}

func setColor(p *bytes.Buffer, last, c color.Color, set func(string) string, reset string) {
	if last == c {
		return
	}
	if c == nil {
		p.WriteString(reset)
		return
	}
	r, g, b, a := c.RGBA()
	if a == 0 {
		return
	}
	// un-premultiplied, 8 bits a channel
	p.WriteString(set(fmt.Sprintf("#%02x%02x%02x", r*0xffff/a>>8, g*0xffff/a>>8, b*0xffff/a>>8)))
}

func progress(b *tea.ProgressBar) string {
	if b == nil {
		return ansi.ResetProgressBar
	}
	switch b.State {
	case tea.ProgressBarDefault:
		return ansi.SetProgressBar(b.Value)
	case tea.ProgressBarError:
		return ansi.SetErrorProgressBar(b.Value)
	case tea.ProgressBarIndeterminate:
		return ansi.SetIndeterminateProgressBar
	case tea.ProgressBarWarning:
		return ansi.SetWarningProgressBar(b.Value)
	}
	return ansi.ResetProgressBar
}
