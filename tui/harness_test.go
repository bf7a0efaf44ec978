package tui

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// fixedNow is a Monday morning in Zurich: the demo catalog is dated relative
// to it, so screens and goldens do not move with the calendar.
var fixedNow = time.Date(2026, 11, 23, 10, 0, 0, 0, mustZurich())

func mustZurich() *time.Location {
	l, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		panic(err)
	}
	return l
}

// openRegister opens a real register on a bbolt file in a temp dir, with
// the demo box office dated from fixedNow.
func openRegister(tb testing.TB) *local.Register {
	tb.Helper()
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		tb.Fatal(err)
	}
	return openRegisterWith(tb, cat)
}

func openRegisterWith(tb testing.TB, cat *pos.Catalog) *local.Register {
	tb.Helper()
	return openRegisterAt(tb, filepath.Join(tb.TempDir(), "guichet.db"), cat)
}

// openRegisterAt opens the register file path (its signing key, when one
// is wanted, already written beside it).
func openRegisterAt(tb testing.TB, path string, cat *pos.Catalog) *local.Register {
	tb.Helper()
	r, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat,
		Now: func() time.Time { return fixedNow }})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { closeServices(r); r.Close() })
	return r
}

// newTestApp runs the counter screens on r through a register service
// whose printer is the preview (it prints in memory, at once).
func newTestApp(r *local.Register, lang pos.Lang) *App {
	return New(Options{Service: newTestService(r, printers.NewPreview()), Lang: lang, Now: func() time.Time { return fixedNow },
		Poll: time.Hour})
}

// newTestService serves r with printer (nil: none), printing in French.
func newTestService(r *local.Register, printer printers.Transport) *counter.Service {
	o := counter.Options{PrintInterval: 20 * time.Millisecond}
	if printer != nil {
		o.Printer = printer
	}
	return newTestServiceWith(r, o)
}

// newTestServiceWith serves r with o, on the tests' clock, printing in
// French.
func newTestServiceWith(r *local.Register, o counter.Options) *counter.Service {
	o.Now, o.Lang = func() time.Time { return fixedNow }, "fr"
	svc, err := counter.New(r, o)
	if err != nil {
		panic(err)
	}
	servicesMu.Lock()
	services[r] = append(services[r], svc)
	servicesMu.Unlock()
	return svc
}

// services are the register services of each test register, stopped
// before their register closes.
var (
	servicesMu sync.Mutex
	services   = map[*local.Register][]*counter.Service{}
)

func closeServices(r *local.Register) {
	servicesMu.Lock()
	list := services[r]
	delete(services, r)
	servicesMu.Unlock()
	for _, s := range list {
		s.Close()
	}
}

// printerIdle says whether the service's printer has nothing left to do:
// a status line drawn now says "ready".
func printerIdle(svc *counter.Service) bool {
	q, err := svc.Register().PrintQueue()
	p := svc.Printer()
	return err == nil && len(q) == 0 && p.Pending == 0 && !p.Printing
}

// driver runs an App without a terminal: each message goes through Update
// and the commands it returns run at once (a tick that would sleep is
// dropped), so a test reads the screen after every key.
type driver struct {
	tb  testing.TB
	app *App
}

func newDriver(tb testing.TB, app *App, w, h int) *driver {
	d := &driver{tb: tb, app: app}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

func (d *driver) send(msg tea.Msg) {
	_, cmd := d.app.Update(msg)
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(300 * time.Millisecond):
		return // a tick: nothing to wait for in a test
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			d.run(c)
		}
		return
	}
	if msg != nil {
		d.send(msg)
	}
}

// unlock types Claire's PIN and opens her shift with float ("": none).
func (d *driver) unlock(float string) {
	d.typ("1234")
	d.keys("enter")
	d.typ(float)
	d.keys("enter")
}

// keys sends key presses: named keys in angle brackets, others as text.
func (d *driver) keys(seq ...string) {
	for _, k := range seq {
		d.send(keyMsg(k))
	}
}

func (d *driver) typ(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+x":
		return tea.KeyPressMsg{Code: 'x', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "ctrl+t":
		return tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen is the frame as plain text, without colour or attributes.
func (d *driver) screen() string {
	return ansi.Strip(d.app.View().Content)
}

func (d *driver) expect(want string) {
	d.tb.Helper()
	if s := d.screen(); !strings.Contains(s, want) {
		d.tb.Fatalf("the screen does not show %q:\n%s", want, s)
	}
}
