package kiosk

import (
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
)

// Screen draws the kiosk's frames itself, right after the message that
// changed them, and nothing when nothing changed. Bubble Tea's renderer
// wakes on a fixed frame rate (30 a second at the counter) even when idle;
// a kiosk waits most of the day on one screen, on a board where those
// wake-ups are most of its idle CPU. The program then runs with
// tea.WithoutRenderer at 1 fps (its ticker has nothing to draw), and
// Screen does what the renderer did for the kiosk: raw mode, the alternate
// screen, mouse reports, the window's size, and a diff of each frame
// against the last (ultraviolet's terminal renderer, Bubble Tea's own).
type Screen struct {
	m   *Model
	out io.Writer
	scr *uv.TerminalRenderer
	buf uv.ScreenBuffer

	last  string
	lines []string // the last frame's lines as drawn
	on    bool

	// FirstFrame, when set, is called once the first frame is on the
	// terminal (the start-up benchmark).
	FirstFrame func()
	// Left, when set, is called once a member of staff has left the kiosk
	// (its program then ends).
	Left func()
}

// NewScreen wraps the kiosk for a program without a renderer writing to
// out (the terminal), in an environment env (TERM).
//
// Cells are measured as the kiosk's layout measures them (lipgloss: grapheme
// clusters), not by wcwidth, uv's default: its wcwidth goes through
// go-runewidth, which fills a 2.2 MB table on the first rune above U+02FF
// (a box-drawing line, a QR block), 9% of the kiosk's 25 MB budget on a
// board. For the text a kiosk shows (Latin scripts, box drawing, block
// elements) both measures agree; where they differ (emoji sequences) the
// frame now agrees with the layout that padded it.
func NewScreen(m *Model, out io.Writer, env []string) *Screen {
	r := uv.NewTerminalRenderer(out, env)
	r.SetWidthMethod(ansi.GraphemeWidth)
	buf := uv.NewScreenBuffer(80, 24)
	buf.Method = ansi.GraphemeWidth
	return &Screen{m: m, out: out, scr: r, buf: buf}
}

// Terminal puts a terminal in raw mode for the kiosk and gives the
// function that restores it; it reports the terminal's size to the program
// (now and on every resize) once p runs.
func Terminal(in, out *os.File, p *tea.Program) (restore func(), err error) {
	state, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return nil, err
	}
	winch := make(chan os.Signal, 1)
	signal.Notify(winch, syscall.SIGWINCH)
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

// Init starts the kiosk.
func (s *Screen) Init() tea.Cmd { return s.m.Init() }

// Update passes the message to the kiosk and draws the frame if it changed.
func (s *Screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		if ws.Width <= 0 || ws.Height <= 0 {
			return s, nil // a program without a renderer knows no size: Terminal sends it
		}
		s.resize(ws.Width, ws.Height)
	}
	_, cmd := s.m.Update(msg)
	s.draw()
	if f := s.Left; f != nil && s.m.Left() {
		s.Left = nil
		f()
	}
	return s, cmd
}

// View is empty: the program has no renderer.
func (s *Screen) View() tea.View { return tea.View{} }

func (s *Screen) resize(w, h int) {
	if !s.on {
		// the first size: the alternate screen, no cursor, clicks reported
		_, _ = io.WriteString(s.out, ansi.SetModeAltScreenSaveCursor+ansi.ResetModeTextCursorEnable+
			ansi.SetModeMouseButtonEvent+ansi.SetModeMouseExtSgr+ansi.SetWindowTitle(s.m.cat.Organiser.Name))
		s.scr.SetFullscreen(true)
		s.scr.SetRelativeCursor(false)
		s.on = true
	}
	s.scr.Resize(w, h)
	s.buf.Resize(w, h)
	s.buf.Clear()
	s.scr.Erase()
	s.last, s.lines = "\x00", nil // draw it all again
}

func (s *Screen) draw() {
	if !s.on {
		return
	}
	frame := s.m.View().Content
	if frame == s.last {
		return
	}
	s.last = frame
	// Only the lines that changed are drawn again: the renderer compares
	// the lines touched, and a key changes two or three of them.
	lines := strings.Split(frame, "\n")
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
	s.scr.Render(s.buf.RenderBuffer)
	_ = s.scr.Flush()
	if f := s.FirstFrame; f != nil {
		s.FirstFrame = nil
		f()
	}
}

// Stop gives the terminal back as it was: mouse reports off, the cursor
// shown, the main screen.
func (s *Screen) Stop() {
	if !s.on {
		return
	}
	_, _ = io.WriteString(s.out, ansi.ResetModeMouseButtonEvent+ansi.ResetModeMouseExtSgr+
		ansi.SetModeTextCursorEnable+ansi.ResetModeAltScreenSaveCursor)
	s.on = false
}
