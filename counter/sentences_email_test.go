package counter

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"guichet/pos"
)

// TestAMessageRefusedForATicketCodeSpeaksFrench: a message guichetd
// refuses because a ticket's signed code did not reach it (or does not
// verify) is refused with a sentence naming the ticket, kept in English in
// the journal; the French desk shows it in French.
func TestAMessageRefusedForATicketCodeSpeaksFrench(t *testing.T) {
	reason := fmt.Sprintf(noTicketCode, "K01-000042-01")
	fr := pos.Say(errors.New(reason), pos.French)
	if !strings.HasPrefix(fr, "le billet K01-000042-01 ") || !strings.Contains(fr, "depuis la caisse") {
		t.Fatalf("the French desk says %q", fr)
	}
}
