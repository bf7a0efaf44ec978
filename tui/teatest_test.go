package tui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aymanbagabas/go-udiff"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"guichet/counter"
	"guichet/local"
	"guichet/pos"
)

// session runs the counter as a real Bubble Tea program under teatest: keys
// go in with tm.Send/tm.Type, and every check waits (teatest.WaitFor) until
// the terminal built from the program's output shows the words expected.
type session struct {
	tb   testing.TB
	lang pos.Lang
	cat  *pos.Catalog
	tm   *teatest.TestModel
	vt   *vterm
	svc  *counter.Service
}

func startSession(tb testing.TB, app *App, w, h int) *session {
	tb.Helper()
	tm := teatest.NewTestModel(tb, app, teatest.WithInitialTermSize(w, h),
		// the terminal its environment says (styles, no colours), not the
		// one its output is (no terminal: no style at all, the seat
		// plan's cursor then drawn with brackets)
		teatest.WithProgramOptions(tea.WithFPS(120), tea.WithEnvironment([]string{"NO_COLOR=1", "TERM=xterm-256color"}),
			tea.WithColorProfile(colorprofile.Ascii)))
	s := &session{tb: tb, lang: app.c.lang, cat: app.c.cat, tm: tm, vt: newVterm(w, h), svc: app.c.svc}
	tb.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(tb, teatest.WithFinalTimeout(5*time.Second))
	})
	return s
}

// startCounter opens a register and runs the counter on it in lang at
// 80x24, the size every screen must work at.
func startCounter(t *testing.T, lang pos.Lang) (*local.Register, *session) {
	r := openRegister(t)
	return r, startSession(t, newTestApp(r, lang), 80, 24)
}

// keys sends named keys ("enter", "esc", "down"...) or single characters.
func (s *session) keys(seq ...string) {
	for _, k := range seq {
		s.tm.Send(keyMsg(k))
	}
}

func (s *session) typ(text string) { s.tm.Type(text) }

// waitFor reads the program's output until the screen shows every one of
// want; after 5 s it fails the test and shows the screen.
func (s *session) waitFor(want ...string) {
	s.tb.Helper()
	ok := func() bool {
		scr := s.vt.Screen()
		for _, w := range want {
			if !strings.Contains(scr, w) {
				return false
			}
		}
		return true
	}
	if !s.wait(ok) {
		s.tb.Fatalf("the screen never showed %q:\n%s", want, s.screen())
	}
}

// wait feeds the program's output to the terminal until cond holds, with
// teatest.WaitFor; it reports false after 5 s.
func (s *session) wait(cond func() bool) (met bool) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(waitTimeout); !ok {
				panic(v)
			}
			met = false
		}
	}()
	fed := 0
	teatest.WaitFor(quietTB{s.tb}, s.tm.Output(), func(b []byte) bool {
		s.vt.Write(b[fed:])
		fed = len(b)
		return cond()
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(2*time.Millisecond))
	return true
}

// screen is the terminal now (after the last waitFor).
func (s *session) screen() string { return s.vt.Screen() }

// quit stops the program and waits for it to end.
func (s *session) quit() {
	_ = s.tm.Quit()
	s.tm.WaitFinished(s.tb, teatest.WithFinalTimeout(5*time.Second))
}

// golden waits until the screen is the golden file testdata/<test>.golden
// (the screen settles: prices and seat maps arrive after the keys), and
// fails with the difference after 5 s. With -update it waits until the
// output stops changing and writes the file.
func (s *session) golden(t *testing.T) {
	t.Helper()
	path := filepath.Join("testdata", t.Name()+".golden")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" { // golden's own -update flag
		quiet, last := 0, -1
		settle := func() {
			quiet, last = 0, -1 // each WaitFor reads from where the last one stopped
			teatest.WaitFor(t, s.tm.Output(), func(b []byte) bool {
				s.vt.Write(b[max(last, 0):])
				if len(b) == last {
					quiet++
				} else {
					quiet, last = 0, len(b)
				}
				return quiet >= 25
			}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(2*time.Millisecond))
		}
		// The status line says what the printer does: once the screen has
		// settled (a sale was recorded and its printing started), wait for
		// the printer to be idle and have the screen drawn again.
		settle()
		for deadline := time.Now().Add(5 * time.Second); !printerIdle(s.svc) && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
		s.tm.Send(windowSize(s.vt))
		settle()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(s.screen()+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	nudged := time.Now()
	if !s.wait(func() bool {
		if s.screen()+"\n" == string(want) {
			return true
		}
		// The status line says what the printer does: once it is idle,
		// have the screen drawn again (nothing else redraws it).
		if time.Since(nudged) > 50*time.Millisecond && printerIdle(s.svc) {
			s.tm.Send(windowSize(s.vt))
			nudged = time.Now()
		}
		return false
	}) {
		q, qerr := s.svc.Register().PrintQueue()
		t.Logf("printer %+v, queue %d %v", s.svc.Printer(), len(q), qerr)
		t.Fatalf("the screen is not %s:\n%s", path, udiff.Unified("golden", "screen", string(want), s.screen()+"\n"))
	}
}

// quietTB turns WaitFor's timeout into a panic golden recovers from, to
// show a diff instead of the raw output.
type quietTB struct{ testing.TB }

type waitTimeout struct{}

func (quietTB) Fatal(...any) { panic(waitTimeout{}) }

// invoiceCustomer chooses the invoice under the cursor: the screen asks
// for the customer an invoice is made out to; one is created with name,
// and the invoice's fields open.
func (s *session) invoiceCustomer(name string) {
	s.tb.Helper()
	s.keys("enter")
	s.waitFor(s.tr("pay.invoicecustomer"))
	s.tm.Send(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
	s.typ(name)
	s.keys("enter")
	s.waitFor(s.tr("cust.saved", name))
	s.keys("enter")
}
