package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"guichet/pos"
)

// words is text with every run of spaces and line breaks made one space:
// a sentence wrapped over lines reads as the sentence.
func words(text string) string { return strings.Join(strings.Fields(text), " ") }

// TestARefusalIsReadWhole: the register's refusals are sentences that end
// with what to do; at 80 columns one longer than the line is wrapped, not
// cut (the exchange screen cut "… et les numéros des billets à échanger"
// after "à échang").
func TestARefusalIsReadWhole(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.unlock("100")
	s.keys("x")
	s.waitFor(s.tr("exchange.title"))
	s.typ("ABC")
	s.keys("enter", "enter")
	want := "et les numéros des billets à échanger"
	if !s.wait(func() bool { return strings.Contains(words(s.screen()), want) }) {
		t.Fatalf("the refusal does not end with %q on the screen:\n%s", want, s.screen())
	}
	fitsIn80(t, s.screen())
}

// fitsIn80 fails t for each line of screen wider than 80 cells.
func fitsIn80(t *testing.T, screen string) {
	t.Helper()
	for i, l := range strings.Split(screen, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line %d is %d cells wide: %q", i+1, ansi.StringWidth(l), l)
		}
	}
}

// TestATillJoinsTheShiftOpenedAtAnotherTill: two tills of one member of
// staff at the float screen at once (two SSH sessions of hers): the one
// that confirms second does not open a second shift, it joins the first
// one and says so, whole, and the float typed there is not recorded.
func TestATillJoinsTheShiftOpenedAtAnotherTill(t *testing.T) {
	r, s := startCounter(t, "en")
	s.waitFor(s.tr("unlock.pin"))
	s.typ("1234")
	s.keys("enter")
	s.waitFor(s.tr("float.prompt"))
	till, err := r.Unlock("claire", "1234") // her other till opens her shift meanwhile
	if err != nil {
		t.Fatal(err)
	}
	sh, err := till.OpenShift(pos.M(5000, "CHF"))
	if err != nil {
		t.Fatal(err)
	}
	s.typ("70")
	s.keys("enter")
	note := words(s.tr("float.joined", sh.ID, "10:00"))
	if !s.wait(func() bool {
		return strings.Contains(words(s.screen()), note) && strings.Contains(s.screen(), "Hamlet")
	}) {
		t.Fatalf("the second till did not join the shift, saying so whole:\n%s", s.screen())
	}
	if !strings.Contains(s.screen(), s.tr("status.shift", sh.ID)) {
		t.Fatalf("the status line does not name the shift joined:\n%s", s.screen())
	}
	if got, ok, err := till.Shift(); err != nil || !ok || got.ID != sh.ID || got.Float != pos.M(5000, "CHF") {
		t.Fatalf("the shift after the second till joined it: %+v %v %v", got, ok, err)
	}
}

// TestARefusalOnTheFlashLineIsReadWhole: a refusal told on the flash line
// (a cart the register would not price) takes the lines it needs, up to
// three, over the last lines of the screen: the header, the help and the
// status line stay where they are; a longer one ends with "…".
func TestARefusalOnTheFlashLineIsReadWhole(t *testing.T) {
	_, s := startCounter(t, "en")
	s.unlock("100")
	long := "seat F-9 of Hamlet on Thursday 3 December at 20:00 was sold at another till while it was in your cart: choose another seat or take it out of the cart"
	s.tm.Send(flashMsg{text: long, err: true})
	if !s.wait(func() bool { return strings.Contains(words(s.screen()), long) }) {
		t.Fatalf("the refusal is not on the screen whole:\n%s", s.screen())
	}
	checkFrame := func() {
		t.Helper()
		fitsIn80(t, s.screen())
		ls := strings.Split(s.screen(), "\n")
		if len(ls) < 24 || !strings.Contains(ls[0], "Théâtre du Lac") || !strings.Contains(ls[23], "Claire Dubois") || !strings.Contains(ls[22], "help") {
			t.Fatalf("the frame moved:\n%s", s.screen())
		}
	}
	checkFrame()
	longer := strings.Repeat(long+" ", 3)
	s.tm.Send(flashMsg{text: longer, err: true})
	if !s.wait(func() bool {
		return strings.Contains(s.screen(), "…") && !strings.Contains(words(s.screen()), words(longer))
	}) {
		t.Fatalf("a refusal of more than three lines:\n%s", s.screen())
	}
	checkFrame()
}

// TestThePassHolderLineIsReadWhole: on a pass's printed text, the line
// under an e-mail typed says what Enter does and what u does; at 80
// columns it was cut ("… u sur le pani"), and the holder's suggestion lost
// its "Échap : non".
func TestThePassHolderLineIsReadWhole(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 80, 24)
	d.unlock("")
	d.keys("tab", "down", "down", "down", "enter") // the 3-day festival pass
	d.expect("panier : 1 pass")
	d.keys("c", "t")
	d.expect("Texte imprimé sur le billet")
	d.typ("zoe@exemple.ch")
	d.keys("enter")
	want := tr("fr", "text.noholder", "zoe@exemple.ch")
	scr := d.screen()
	if !strings.Contains(words(scr), want) {
		t.Fatalf("the screen does not say %q whole:\n%s", want, scr)
	}
	fitsIn80(t, scr)
}
