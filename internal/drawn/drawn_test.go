package drawn

import (
	"bytes"
	"image/color"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"guichet/internal/vterm"
)

// model shows the view it is given (a setView message) and counts the
// messages it gets.
type model struct {
	v    tea.View
	msgs []tea.Msg
}

type setView func(*tea.View)

func (m *model) Init() tea.Cmd { return nil }
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.msgs = append(m.msgs, msg)
	if f, ok := msg.(setView); ok {
		f(&m.v)
	}
	return m, nil
}
func (m *model) View() tea.View { return m.v }

var env = []string{"TERM=xterm-256color"}

// start is a screen of w x h drawing a model's first view v.
func start(t *testing.T, v tea.View, w, h int) (*Screen, *model, *bytes.Buffer) {
	t.Helper()
	m := &model{v: v}
	var out bytes.Buffer
	s := New(m, &out, env)
	s.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return s, m, &out
}

func altView(content string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	return v
}

func TestFirstFrameSetsTheViewsModes(t *testing.T) {
	v := altView("Hello\nWorld")
	v.WindowTitle = "Guichet K01"
	v.MouseMode = tea.MouseModeCellMotion
	_, _, out := start(t, v, 20, 5)
	got := out.String()
	for _, want := range []string{ansi.SetModeAltScreenSaveCursor, ansi.SetWindowTitle("Guichet K01"),
		ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr, ansi.SetModeBracketedPaste,
		ansi.ResetModeTextCursorEnable, ansi.PushKittyKeyboard(1)} {
		if !strings.Contains(got, want) {
			t.Errorf("the first frame does not write %q: %q", want, got)
		}
	}
	if i, j := strings.Index(got, ansi.SetModeAltScreenSaveCursor), strings.Index(got, "Hello"); i > j {
		t.Errorf("the frame is drawn before the alternate screen is entered: %q", got)
	}
	vt := vterm.New(20, 5)
	vt.Write(out.Bytes())
	if s := vt.Screen(); s != "Hello\nWorld\n\n\n" {
		t.Errorf("screen = %q", s)
	}
}

func TestNothingIsDrawnBeforeTheSizeIsKnown(t *testing.T) {
	m := &model{v: altView("Hello")}
	var out bytes.Buffer
	s := New(m, &out, env)
	s.Init()
	s.Update(setView(func(v *tea.View) { v.Content = "Bonjour" }))
	// a program without a renderer sends a size of zero: it is not the terminal's
	s.Update(tea.WindowSizeMsg{})
	if out.Len() != 0 {
		t.Errorf("written before any size: %q", out.String())
	}
	for _, msg := range m.msgs {
		if _, ok := msg.(tea.WindowSizeMsg); ok {
			t.Errorf("the model was given the zero size")
		}
	}
}

// TestChanges: after the first frame, each message writes what its view
// changed and nothing else.
func TestChanges(t *testing.T) {
	first := func() tea.View {
		v := altView("Search: ham\nHamlet\nHamlet (matinée)")
		v.WindowTitle = "Guichet"
		return v
	}
	for _, tc := range []struct {
		name      string
		change    func(*tea.View)
		want      []string // written
		not       []string // not written
		screen    string   // the screen after, if not ""
		cursor    *tea.Position
		nothing   bool
		hasCursor bool
	}{
		{name: "nothing changed", change: func(*tea.View) {}, nothing: true},
		{name: "the same content again", change: func(v *tea.View) { v.Content = "Search: ham\nHamlet\nHamlet (matinée)" }, nothing: true},
		{name: "a letter typed", change: func(v *tea.View) { v.Content = "Search: hamx\nHamlet\nHamlet (matinée)" },
			want: []string{"x"}, not: []string{"Hamlet", ansi.SetWindowTitle("Guichet")},
			screen: "Search: hamx\nHamlet\nHamlet (matinée)\n"},
		{name: "a line gone", change: func(v *tea.View) { v.Content = "Search: hamx\nHamlet" },
			screen: "Search: hamx\nHamlet\n\n"},
		{name: "the cursor where one types", change: func(v *tea.View) {
			v.Cursor = tea.NewCursor(11, 0)
		}, want: []string{ansi.SetModeTextCursorEnable}, cursor: &tea.Position{X: 11, Y: 0}, hasCursor: true},
		{name: "a cursor with a shape and a colour", change: func(v *tea.View) {
			v.Cursor = tea.NewCursor(2, 1)
			v.Cursor.Shape, v.Cursor.Blink = tea.CursorBar, false
			v.Cursor.Color = color.RGBA{R: 0xff, A: 0xff}
		}, want: []string{ansi.SetCursorStyle(6), ansi.SetCursorColor("#ff0000"), ansi.SetModeTextCursorEnable},
			cursor: &tea.Position{X: 2, Y: 1}, hasCursor: true},
		{name: "the title", change: func(v *tea.View) { v.WindowTitle = "Guichet K02" },
			want: []string{ansi.SetWindowTitle("Guichet K02")}, not: []string{"Hamlet"}},
		{name: "mouse and focus reports", change: func(v *tea.View) { v.MouseMode, v.ReportFocus = tea.MouseModeAllMotion, true },
			want: []string{ansi.SetModeMouseAnyEvent, ansi.SetModeFocusEvent}},
		{name: "no bracketed paste", change: func(v *tea.View) { v.DisableBracketedPasteMode = true },
			want: []string{ansi.ResetModeBracketedPaste}},
		{name: "the main screen", change: func(v *tea.View) { v.AltScreen = false },
			want: []string{ansi.ResetModeAltScreenSaveCursor, "Hamlet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, out := start(t, first(), 30, 4)
			vt := vterm.New(30, 4)
			vt.Write(out.Bytes())
			out.Reset()
			s.Update(setView(tc.change))
			got := out.String()
			vt.Write(out.Bytes())
			if tc.nothing {
				if got != "" {
					t.Fatalf("written for a view that did not change: %q", got)
				}
				return
			}
			if got == "" {
				t.Fatal("nothing written")
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q not written: %q", w, got)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("%q written again: %q", w, got)
				}
			}
			if tc.screen != "" && vt.Screen() != tc.screen {
				t.Errorf("screen = %q, want %q", vt.Screen(), tc.screen)
			}
			if tc.cursor != nil {
				if x, y := vt.Cursor(); x != tc.cursor.X || y != tc.cursor.Y {
					t.Errorf("cursor at %d,%d, want %d,%d", x, y, tc.cursor.X, tc.cursor.Y)
				}
				// typing moves it: only the move and the letter are written
				out.Reset()
				s.Update(setView(func(v *tea.View) { v.Cursor.X++ }))
				vt.Write(out.Bytes())
				if x, _ := vt.Cursor(); x != tc.cursor.X+1 {
					t.Errorf("cursor at column %d after a move, want %d (%q)", x, tc.cursor.X+1, out.String())
				}
				if !strings.HasSuffix(out.String(), ansi.SetModeTextCursorEnable) {
					t.Errorf("the cursor is not shown again after the move: %q", out.String())
				}
				// and a view without a cursor hides it
				out.Reset()
				s.Update(setView(func(v *tea.View) { v.Cursor = nil }))
				if !strings.Contains(out.String(), ansi.ResetModeTextCursorEnable) || strings.Contains(out.String(), ansi.SetModeTextCursorEnable) {
					t.Errorf("the cursor is not hidden: %q", out.String())
				}
			}
		})
	}
}

func TestResizeDrawsTheWholeFrame(t *testing.T) {
	s, _, out := start(t, altView("one\ntwo\nthree"), 20, 5)
	out.Reset()
	s.Update(tea.WindowSizeMsg{Width: 30, Height: 6})
	vt := vterm.New(30, 6)
	vt.Write(out.Bytes()) // what was drawn after the resize, alone
	if got := vt.Screen(); got != "one\ntwo\nthree\n\n\n" {
		t.Errorf("after a resize the screen shows %q", got)
	}
}

func TestStopGivesTheTerminalBack(t *testing.T) {
	v := altView("Hello")
	v.WindowTitle = "Guichet"
	v.MouseMode = tea.MouseModeCellMotion
	v.Cursor = tea.NewCursor(0, 0)
	v.Cursor.Shape = tea.CursorUnderline
	s, _, out := start(t, v, 20, 5)
	out.Reset()
	s.Stop()
	got := out.String()
	for _, want := range []string{ansi.ResetModeAltScreenSaveCursor, ansi.SetModeTextCursorEnable, ansi.ResetModeMouseButtonEvent,
		ansi.ResetModeBracketedPaste, ansi.SetWindowTitle(""), ansi.SetCursorStyle(0), ansi.PopKittyKeyboard(1)} {
		if !strings.Contains(got, want) {
			t.Errorf("Stop does not write %q: %q", want, got)
		}
	}
	if !strings.HasSuffix(got, ansi.ResetModeAltScreenSaveCursor) {
		t.Errorf("Stop does not leave the alternate screen last: %q", got)
	}
	out.Reset()
	s.Stop()
	if out.Len() != 0 {
		t.Errorf("a second Stop writes %q", out.String())
	}
}

type clicked struct{}

func TestOnMouse(t *testing.T) {
	v := altView("[ OK ]")
	v.MouseMode = tea.MouseModeCellMotion
	var at tea.Mouse
	v.OnMouse = func(msg tea.MouseMsg) tea.Cmd {
		at = msg.Mouse()
		return func() tea.Msg { return clicked{} }
	}
	s, m, _ := start(t, v, 20, 5)
	_, cmd := s.Update(tea.MouseClickMsg{X: 2, Y: 0, Button: tea.MouseLeft})
	if at.X != 2 || cmd == nil {
		t.Fatalf("OnMouse saw %+v, cmd %v", at, cmd)
	}
	if _, ok := cmd().(clicked); !ok {
		t.Errorf("the command is not OnMouse's")
	}
	if _, ok := m.msgs[len(m.msgs)-1].(tea.MouseClickMsg); !ok {
		t.Errorf("the model did not get the click")
	}
}

func TestCellsAreGraphemeClusters(t *testing.T) {
	// a family emoji is one cluster of width 2: the text after it starts at column 2
	s, _, out := start(t, altView("👨‍👩‍👧x"), 10, 2)
	_ = s
	if !strings.Contains(out.String(), "x") {
		t.Fatalf("not drawn: %q", out.String())
	}
	if s.buf.CellAt(2, 0) == nil || s.buf.CellAt(2, 0).Content != "x" {
		t.Errorf("cell 2 = %+v, want x", s.buf.CellAt(2, 0))
	}
}

func TestColoursAreTheTerminals(t *testing.T) {
	bold := "\x1b[1;31mSold\x1b[m out"
	// the output here is no terminal: no styles, until the program says
	// what the terminal shows (a ColorProfileMsg); then the frame is drawn
	// again in its colours
	s, _, out := start(t, altView(bold), 20, 3)
	if strings.Contains(out.String(), "\x1b[1") || strings.Contains(out.String(), "31m") {
		t.Fatalf("styles written to what is not a terminal: %q", out.String())
	}
	for _, tc := range []struct {
		profile colorprofile.Profile
		want    []string
		not     []string
	}{
		{colorprofile.ANSI256, []string{"1", "31", "Sold"}, nil},
		{colorprofile.Ascii, []string{"1", "Sold"}, []string{"31"}}, // NO_COLOR: bold, no colour
	} {
		out.Reset()
		s.Update(tea.ColorProfileMsg{Profile: tc.profile})
		got := out.String()
		sgr := strings.Join(regexp.MustCompile(`\x1b\[([0-9;]*)m`).FindAllString(got, -1), "")
		for _, w := range tc.want {
			if !strings.Contains(got, w) || (w != "Sold" && !strings.Contains(sgr, w)) {
				t.Errorf("%v: %q not written: %q", tc.profile, w, got)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(sgr, w) {
				t.Errorf("%v: %q written: %q", tc.profile, w, got)
			}
		}
	}
}
