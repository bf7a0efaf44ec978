package local

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// TypeJournalRestarted starts a journal that replaces a lost one under the
// same key (Options.NewJournalAfter): orders are numbered after the last
// one the lost journal sold, so no ticket is ever signed twice.
const TypeJournalRestarted = "journal.restarted"

// journalRestarted is the payload of journal.restarted.
type journalRestarted struct {
	AfterOrder uint64 `json:"after_order"` // the last order number of the lost journal
	PublicKey  string `json:"public_key"`  // the key kept (base64url, as in register.key)
}

func init() { registerPayload[journalRestarted](TypeJournalRestarted) }

// restartJournal records that this journal replaces a lost one and goes
// on numbering orders after the given one.
func (r *Register) restartJournal(tx *bolt.Tx, after uint64) error {
	if _, err := r.newWriter(tx, r.now(), "", "").append(TypeJournalRestarted, journalRestarted{AfterOrder: after, PublicKey: b64.EncodeToString(r.pub)}); err != nil {
		return err
	}
	return logEventTx(tx, r.id, r.now(), EventRestored, fmt.Sprintf("a new journal replaces a lost one, orders numbered after %d", after))
}
