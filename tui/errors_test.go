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
// cut (the float screen cut "close it (Z) before opening another" after
// "close it").
func TestARefusalIsReadWhole(t *testing.T) {
	r, s := startCounter(t, "en")
	s.waitFor(s.tr("unlock.pin"))
	s.typ("1234")
	s.keys("enter")
	s.waitFor(s.tr("float.prompt"))
	till, err := r.Unlock("claire", "1234") // her shift opened at another till meanwhile
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.OpenShift(pos.M(5000, "CHF")); err != nil {
		t.Fatal(err)
	}
	s.typ("50")
	s.keys("enter")
	want := "close it (Z) before opening another"
	if !s.wait(func() bool { return strings.Contains(words(s.screen()), want) }) {
		t.Fatalf("the refusal does not end with %q on the screen:\n%s", want, s.screen())
	}
	for i, l := range strings.Split(s.screen(), "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line %d is %d cells wide: %q", i+1, ansi.StringWidth(l), l)
		}
	}
}
