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

// TestAMessageThatCouldNotBeWrittenWaitsWithAFrenchReason: a message that
// could not be written (its order not found) waits with the reason kept
// in English in the journal ("order …: not found"), which the French desk
// showed in English. It shows it in French.
func TestAMessageThatCouldNotBeWrittenWaitsWithAFrenchReason(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	_, _, err := r.svc.compose(OutboxMessage{ID: "m1", Order: "K01-999999", Kind: pos.EmailTickets}, saleDay)
	if err == nil {
		t.Fatal("a message for an order not there was written")
	}
	stored := err.Error() // as SendMail keeps it (EmailFailed)
	if stored != "order K01-999999: not found" {
		t.Fatalf("the reason kept: %q", stored)
	}
	if got, want := pos.Say(errors.New(stored), pos.French), "commande K01-999999 : introuvable"; got != want {
		t.Errorf("the French desk says %q, want %q", got, want)
	}
}
