package pos

import (
	"strings"
	"testing"
)

// TestMatchWordsFindsWordsThatBeginWithTheTyping: what is typed in a
// search begins a word of the title, the venue, the date or the id.
func TestMatchWordsFindsWordsThatBeginWithTheTyping(t *testing.T) {
	for _, tc := range []struct {
		text, typed string
		found       bool
	}{
		{"hamlet theatre du lac", "h", true},
		{"a trip to the moon cinema lux", "h", false}, // "the" holds an h, no word begins with one
		{"a trip to the moon cinema lux", "moo", true},
		{"a trip to the moon cinema lux", "oon", false},
		{"reves d'ete cinema lux", "ete", true}, // after the apostrophe
		{"hamlet hamlet-03 jeu. 3 dec. 2026", "03", true},
		{"hamlet hamlet-03 jeu. 3 dec. 2026", "hamlet-03", true},
		{"hamlet hamlet-03 jeu. 3 dec. 2026", "12", false},
		{"hamlet sam. 12 dec. 2026", "12 dec", true},
		{"hamlet sam. 12 dec.", "2", false},      // "12" does not count from its middle
		{"carmen — opera", "opera carmen", true}, // each word, in any order
		{"carmen — opera", "opera hamlet", false},
		{"haha", "ha", true}, // the first occurrence is a word's start
		{"aha ha", "ha", true},
		{"aha", "ha", false},
		{"anything", "", true},
	} {
		if got := MatchWords(tc.text, strings.Fields(tc.typed)); got != tc.found {
			t.Errorf("%q typed, in %q: found %v, want %v", tc.typed, tc.text, got, tc.found)
		}
	}
}
