package tui

import (
	"strings"
	"testing"
)

// TestTheHelpKeyIsNamedInTheLanguageChosenAtUnlock: tab on the unlock
// screen switches to English; the screen's own keys followed, but the
// app's (? for the help) kept the French they were named in at start:
// the footer read "? aide" under "Language: English" until a member of
// staff unlocked. They are named again once the language changes.
func TestTheHelpKeyIsNamedInTheLanguageChosenAtUnlock(t *testing.T) {
	_, s := startCounter(t, "fr")
	s.waitFor("Langue : Français", "? aide")
	s.keys("tab")
	s.waitFor("Language: English", "? help")
	if sc := s.screen(); strings.Contains(sc, "aide") {
		t.Fatalf("the footer still names the help in French:\n%s", sc)
	}
	s.keys("tab")
	s.waitFor("Langue : Français", "? aide")
}
