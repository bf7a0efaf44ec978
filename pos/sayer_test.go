package pos

import "testing"

// throttled is an error that says itself in each language.
type throttled struct{}

func (throttled) Error() string { return "wait 30 s" }
func (throttled) Say(lang Lang) string {
	if lang == French {
		return "attendez 30 s"
	}
	return "wait 30 s"
}

// TestAnErrorThatSaysItselfIsSaidInTheSellersLanguage: errors with their
// own Say (a damaged register's file, a throttled PIN) reached the screens,
// which write errors with Say, in English; inside a Problem too. Say asks
// them.
func TestAnErrorThatSaysItselfIsSaidInTheSellersLanguage(t *testing.T) {
	if got := Say(throttled{}, French); got != "attendez 30 s" {
		t.Errorf("Say = %q", got)
	}
	if got := Say(Errorf("%s: %w", "K01-000001", throttled{}), French); got != "K01-000001 : attendez 30 s" {
		t.Errorf("inside a sentence: %q", got)
	}
	if got := Say(throttled{}, English); got != "wait 30 s" {
		t.Errorf("in English: %q", got)
	}
}
