package remote

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"
)

// faulty is a till's screens with a bug: "!" panics in Update, "?" in a
// command.
type faulty struct{}

func (faulty) Init() tea.Cmd { return nil }
func (faulty) View() tea.View {
	v := tea.NewView("faulty till")
	v.AltScreen = true
	return v
}

func (f faulty) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "!":
			panic("a bug in Update")
		case "?":
			return f, func() tea.Msg { panic("a bug in a command") }
		}
	}
	return f, nil
}

// A panic in one session's screens ends that session only, logged with
// its stack; the other tills go on.
func TestPanicEndsOneSession(t *testing.T) {
	claire, claireLine := newKey(t, "claire")
	marc, marcLine := newKey(t, "marc")
	b := startBox(t, []string{claireLine, marcLine}, func(o *Options) {
		sells := o.NewTill
		o.NewTill = func(s Session) (tea.Model, func()) {
			if s.Staff == "marc" {
				return faulty{}, nil
			}
			return sells(s)
		}
	})
	good := b.connect(claire, 80, 24)
	good.unlock()
	for _, key := range []string{"!", "?"} {
		bad := b.connect(marc, 80, 24)
		bad.waitFor("faulty till")
		bad.keys(key)
		out := bad.waitEnd()
		if !strings.Contains(out, "this till hit an internal error") {
			t.Fatalf("%s: the session was not told: %q", key, out[max(0, len(out)-300):])
		}
		if code := exitStatus(bad.exitErr); code != 1 {
			t.Errorf("%s: exit status %d", key, code)
		}
	}
	log := b.log.String()
	for _, want := range []string{"panic=\"a bug in Update\"", "panic=\"a bug in a command\"", "stack=\"goroutine", "reason=panic"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s:\n%s", want, log)
		}
	}
	good.keys("j", "enter") // Claire's till goes on
	good.waitFor("Stalls — ")
}

func exitStatus(err error) int {
	if e, ok := err.(*gossh.ExitError); ok {
		return e.ExitStatus()
	}
	if err != nil {
		return -1
	}
	return 0
}

// Colours follow each client's terminal, never the server's: the server
// runs with NO_COLOR and TERM=dumb, a client with a colour terminal gets
// colours, one that asks for none gets none.
func TestColoursAreTheClients(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	t.Setenv("TERM", "dumb")
	claire, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	colour := b.connect(claire, 80, 24)
	colour.waitFor("Who is selling?")
	conn, err := b.dialAuth(gossh.PublicKeys(claire))
	if err != nil {
		t.Fatal(err)
	}
	plain := b.sessionEnv(conn, 80, 24, "xterm", map[string]string{"NO_COLOR": "1"})
	plain.waitFor("Who is selling?")
	header := "\x1b[30;46;1m" // black on cyan, bold: the header line
	if !strings.Contains(colour.rawString(), header) {
		t.Errorf("the colour client got no colours: %q", colour.rawString()[:min(400, len(colour.rawString()))])
	}
	if strings.Contains(plain.rawString(), "46;") || strings.Contains(plain.rawString(), "46m") {
		t.Errorf("the client that asked for no colours got some: %q", plain.rawString()[:min(400, len(plain.rawString()))])
	}
}

// A client whose terminal takes no style (TERM=dumb) still sees the seat
// plan's cursor: brackets around its seat, where a terminal with styles
// gets it in reverse video and no brackets. Before, the dumb terminal
// showed "A > # o x x o o" whatever seat the cursor was on: the cashier
// read it only on the line under the plan.
func TestADumbTerminalSeesTheSeatCursor(t *testing.T) {
	claire, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	conn, err := b.dialAuth(gossh.PublicKeys(claire))
	if err != nil {
		t.Fatal(err)
	}
	dumb := b.sessionEnv(conn, 80, 24, "dumb", nil)
	dumb.unlock()
	dumb.toStallsSeatA2()
	dumb.waitFor("A > #[o]o o")
	dumb.keys("right", "right")
	dumb.waitFor("Row A, seat 4 · ", "A > # o o[o]o")
	if strings.Contains(dumb.rawString(), "\x1b[7m") || strings.Contains(dumb.rawString(), ";7m") {
		t.Errorf("the dumb terminal was sent reverse video")
	}

	colour := b.connect(claire, 80, 24)
	colour.unlock()
	colour.toStallsSeatA2()
	colour.waitFor("A > # o o o o")
	if strings.Contains(colour.screen(), "[o]") {
		t.Errorf("a colour terminal got brackets around the cursor:\n%s", colour.screen())
	}
}
