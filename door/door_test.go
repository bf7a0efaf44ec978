package door

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

var fixedNow = time.Date(2026, 11, 23, 10, 0, 0, 0, zurich())

func zurich() *time.Location {
	loc, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		panic(err)
	}
	return loc
}

// box is a register with tonight's Hamlet sold: order 1 (two tickets in
// the standing gallery) and order 2 (one ticket, cancelled).
type box struct {
	path     string
	svc      *counter.Service
	tickets  []local.TicketView // order 1's
	canceled local.TicketView   // order 2's
}

func newBox(t *testing.T) *box {
	t.Helper()
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	b := &box{path: filepath.Join(t.TempDir(), "guichet.db")}
	b.svc, err = counter.Open(counter.Options{Path: b.path, Register: "K01", Catalog: cat, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.svc.Close() })
	till, err := b.svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
		t.Fatal(err)
	}
	sell := func(n int) []local.TicketView {
		if err := till.AddTickets("hamlet-00", "galerie", "adult", n); err != nil {
			t.Fatal(err)
		}
		sale, err := till.Checkout([]pos.Tender{{Method: "cash"}})
		if err != nil {
			t.Fatal(err)
		}
		ov, _, err := b.svc.Order(sale.Order.Number)
		if err != nil {
			t.Fatal(err)
		}
		return ov.Tickets
	}
	b.tickets = sell(2)
	b.canceled = sell(1)[0]
	if err := till.Cancel(pos.OrderOfTicket(b.canceled.Number), "customer ill"); err != nil {
		t.Fatal(err)
	}
	return b
}

// screen runs the door screen under teatest and reads it through vterm.
type screen struct {
	t  *testing.T
	tm *teatest.TestModel
	vt *vterm
}

func (b *box) open(t *testing.T, door string, lang pos.Lang) *screen {
	t.Helper()
	m, err := New(Options{Service: b.svc, Door: door, Performance: "hamlet-00", Lang: lang,
		Now: func() time.Time { return fixedNow }, Show: -1})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithFPS(120), tea.WithEnvironment([]string{"NO_COLOR=1", "TERM=xterm-256color"})))
	s := &screen{t: t, tm: tm, vt: newVterm(80, 24)}
	t.Cleanup(s.quit)
	changed, stopTelling := b.svc.Changes() // as guichet door does
	t.Cleanup(stopTelling)
	go func() {
		for range changed {
			tm.Send(ChangedMsg())
		}
	}()
	return s
}

// scan types what a keyboard-wedge scanner types: the code, then Enter.
func (s *screen) scan(code string) {
	s.tm.Type(code)
	s.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
}

// waitFor waits until the screen shows every one of want (5 s at most).
func (s *screen) waitFor(want ...string) {
	s.t.Helper()
	fed := 0
	ok := func(b []byte) bool {
		s.vt.Write(b[fed:])
		fed = len(b)
		scr := s.vt.Screen()
		for _, w := range want {
			if !strings.Contains(scr, w) {
				return false
			}
		}
		return true
	}
	defer func() {
		if v := recover(); v != nil {
			if _, timeout := v.(waitTimeout); !timeout {
				panic(v)
			}
			s.t.Fatalf("the screen never showed %q:\n%s", want, s.vt.Screen())
		}
	}()
	teatest.WaitFor(quietTB{s.t}, s.tm.Output(), ok, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(2*time.Millisecond))
}

func (s *screen) quit() {
	_ = s.tm.Quit()
	s.tm.WaitFinished(s.t, teatest.WithFinalTimeout(5*time.Second))
}

// quietTB turns WaitFor's timeout into a panic waitFor recovers from, to
// show the screen instead of the raw output.
type quietTB struct{ testing.TB }

type waitTimeout struct{}

func (quietTB) Fatal(...any) { panic(waitTimeout{}) }

// big is the middle row of text in big type, as the screen draws it.
func big(text string) string { return strings.TrimSpace(bigWord(text)[2]) }

// TestDoorFlow is a door's evening: a ticket admitted, its photocopy
// refused as already admitted (by which door, when), a cancelled ticket
// and a forged one refused; only the admission is journaled, and the
// journal verifies.
func TestDoorFlow(t *testing.T) {
	b := newBox(t)
	s := b.open(t, "porte 2", pos.English)
	s.waitFor("porte 2 · Hamlet · Mon 23 Nov 20:00", "admitted 0 / 2 sold", big("READY"))

	s.scan(b.tickets[0].QR)
	s.waitFor(big("ADMIT"), "✔ "+b.tickets[0].Number+" · Standing gallery · Adult", "admitted 1 / 2 sold")

	s.scan(b.tickets[0].QR) // the photocopy: the same code
	s.waitFor(big("ALREADY"), big("ADMITTED"), "! Ticket "+b.tickets[0].Number+" already admitted at 10:00 by porte 2")

	s.scan(b.canceled.QR)
	s.waitFor(big("CANCELLED"), "✖ Ticket "+b.canceled.Number+" was cancelled")

	_, other, _ := ed25519.GenerateKey(rand.Reader)
	forged, err := local.SignTicket(other, b.tickets[1].Ticket)
	if err != nil {
		t.Fatal(err)
	}
	s.scan(forged)
	s.waitFor(big("FORGED"), "✖ The signature does not match")

	// a real ticket of register K02, signed with K02's key: not forged,
	// unknown here
	k02 := b.tickets[1].Ticket
	k02.Number = "K02-000007-01"
	fromK02, err := local.SignTicket(other, k02)
	if err != nil {
		t.Fatal(err)
	}
	s.scan(fromK02)
	s.waitFor(big("UNKNOWN"), "✖ K02-000007-01: a ticket of another register, unknown to register K01")

	// the second ticket, typed by hand, still goes in
	s.scan(strings.ToLower(b.tickets[1].Number))
	s.waitFor(big("ADMIT"), "✔ "+b.tickets[1].Number, "admitted 2 / 2 sold")
	s.quit()
	if err := b.svc.Close(); err != nil {
		t.Fatal(err)
	}

	if _, err := local.Verify(b.path); err != nil {
		t.Fatalf("the journal does not verify: %v", err)
	}
	var out bytes.Buffer
	if _, err := local.Export(b.path, 1, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), `"type":"ticket.admitted"`); n != 2 {
		t.Errorf("%d ticket.admitted entries, want 2:\n%s", n, out.String())
	}
}

// TestTwoDoorsOneTicket: a ticket let in at one door is refused at the
// other, which names the first; both doors' counts follow.
func TestTwoDoorsOneTicket(t *testing.T) {
	b := newBox(t)
	one := b.open(t, "porte 1", pos.French)
	two := b.open(t, "porte 2", pos.French)
	one.waitFor("entrés 0 / 2 vendus", big("PRÊT"))
	two.waitFor("entrés 0 / 2 vendus")
	one.scan(b.tickets[0].QR)
	one.waitFor(big("ENTRÉE"), "entrés 1 / 2 vendus")
	two.waitFor("entrés 1 / 2 vendus") // told: the other door's admission
	two.scan(b.tickets[0].QR)
	two.waitFor(big("DÉJÀ"), "déjà entré à 10:00 par porte 1")
}

// TestVerdictsFitTheScreen: every verdict, in both languages, is drawn in
// big type at 80x24, the smallest screen the door must work on.
func TestVerdictsFitTheScreen(t *testing.T) {
	for lang := range messages {
		for k, v := range messages[lang] {
			if !strings.HasPrefix(k, "verdict.") {
				continue
			}
			if _, ok := bigText("✖ "+v, 78, 24-5-2); !ok {
				t.Errorf("%s %s: %q does not fit in big type at 80x24", lang, k, v)
			}
		}
	}
}

// TestMessagesHaveTheSameKeys: no language lacks a sentence.
func TestMessagesHaveTheSameKeys(t *testing.T) {
	for k := range fr {
		if _, ok := en[k]; !ok {
			t.Errorf("%q has no English", k)
		}
	}
	for k := range en {
		if _, ok := fr[k]; !ok {
			t.Errorf("%q has no French", k)
		}
	}
}

// TestATicketOfALostJournalIsToBeChecked: the register's journal lost and
// replaced (NewJournalAfter), a genuine ticket it sold is not "unknown":
// the door says it is genuine, that this journal cannot tell whether it
// was cancelled or let in, and to ask the box office; no one is admitted.
func TestATicketOfALostJournalIsToBeChecked(t *testing.T) {
	b := newBox(t)
	if err := b.svc.Close(); err != nil {
		t.Fatal(err)
	}
	os.Remove(b.path + ".journal")
	if err := os.Remove(b.path); err != nil {
		t.Fatal(err)
	}
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	b.svc, err = counter.Open(counter.Options{Path: b.path, Register: "K01", Catalog: cat, Now: func() time.Time { return fixedNow }, NewJournalAfter: 2, NewJournalFrom: local.GivenFigures(local.JournalFigures{Perpetual: pos.Zero("CHF")})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.svc.Close() })
	s := b.open(t, "porte 1", pos.English)
	s.waitFor(big("READY"))
	s.scan(b.tickets[0].QR)
	s.waitFor(big("CHECK"), "! "+b.tickets[0].Number+" is genuine, sold before register K01's journal was lost", "admitted 0 / 0 sold")
}
