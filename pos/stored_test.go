package pos

import (
	"errors"
	"testing"
)

// TestAStoredSentenceSaysItsWrappedReasonInTheLanguage: a sentence kept as
// text (a message's reason in the journal) whose format wraps an error
// (%w) is said in lang with what it wraps said in lang too, whole or
// itself a stored sentence.
func TestAStoredSentenceSaysItsWrappedReasonInTheLanguage(t *testing.T) {
	AddSentences("xx", map[string]string{"not found": "pas là"})
	AddStoredSentences("xx", map[string]string{
		"order %s: %w":       "commande %s : %s",
		"ticket %q is in %w": "le billet %s est dans %s",
	})
	for text, want := range map[string]string{
		"order K01-000001: not found":                                                "commande K01-000001 : pas là",
		"order K01-000001: the printer is out":                                       "commande K01-000001 : the printer is out",
		`order K01-000001: ticket "K01-000001-01" is in order K02-000002: not found`: "commande K01-000001 : le billet K01-000001-01 est dans commande K02-000002 : pas là",
	} {
		if got := Say(errors.New(text), "xx"); got != want {
			t.Errorf("%q:\n got %q\nwant %q", text, got, want)
		}
	}
}
