package local

import (
	"path/filepath"
	"testing"

	"guichet/pos"
)

// The payments left to tell are the journal's: a payments.left to tell
// stays until a payments.told of the same staff member takes it, one
// said at once (Tell false) is never kept, and the view a rebuild makes
// from the journal is the one kept as it was written.
func TestPaymentsLeftToTellFollowTheJournal(t *testing.T) {
	r, _ := openTest(t, filepath.Join(t.TempDir(), "guichet.db"))
	card := []pos.Tender{{Method: "card", Amount: chf(2000), Card: &pos.CardRef{Terminal: "T-77"}}}
	must(t, r.RecordSession(TillSession{Event: EventPaymentsLeft, Staff: "claire", Payments: card, Tell: true}))
	must(t, r.RecordSession(TillSession{Event: EventPaymentsLeft, Staff: "claire", Payments: card})) // said at once
	must(t, r.RecordSession(TillSession{Event: EventPaymentsLeft, Staff: "marc", Payments: card, Tell: true}))
	checkJournal(t, r)

	got, err := r.PaymentsLeftToTell("claire")
	must(t, err)
	if len(got) != 1 || got[0].Payments[0].Card.Terminal != "T-77" {
		t.Fatalf("claire is told %+v, want the one card payment to tell", got)
	}
	checkJournal(t, r)
	if got, err := r.PaymentsLeftToTell("claire"); err != nil || len(got) != 0 {
		t.Fatalf("claire told again: %+v %v", got, err)
	}
	if got, err := r.PaymentsLeftToTell("marc"); err != nil || len(got) != 1 {
		t.Fatalf("marc's, after claire was told: %+v %v, want his one", got, err)
	}
	checkJournal(t, r)
}
