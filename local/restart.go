package local

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// TypeJournalRestarted starts a journal that replaces a lost one under the
// same key (Options.NewJournalAfter): orders are numbered after the last
// one the lost journal sold, so no ticket is ever signed twice; credit
// vouchers, shifts and customers after that number too, so a credit slip
// of the lost journal does not name a new voucher. Their own last numbers
// are lost with the journal; a box office makes fewer of them than
// orders (a credit comes from an exchange or a cancellation, a shift from
// a day at a till, a customer mostly from a sale).
const TypeJournalRestarted = "journal.restarted"

// journalRestarted is the payload of journal.restarted. Journals restarted
// before the other counters were carried have only after_order.
type journalRestarted struct {
	AfterOrder    uint64 `json:"after_order"`              // the last order number of the lost journal
	AfterCredit   uint64 `json:"after_credit,omitempty"`   // credit vouchers are numbered after it
	AfterShift    uint64 `json:"after_shift,omitempty"`    // shifts are numbered after it
	AfterCustomer uint64 `json:"after_customer,omitempty"` // customers are numbered after it
	PublicKey     string `json:"public_key"`               // the key kept (base64url, as in register.key)
}

func init() { registerPayload[journalRestarted](TypeJournalRestarted) }

// restartJournal records that this journal replaces a lost one and goes
// on numbering orders after the given one.
func (r *Register) restartJournal(tx *bolt.Tx, after uint64) error {
	if _, err := r.newWriter(tx, r.now(), "", "").append(TypeJournalRestarted, journalRestarted{AfterOrder: after, AfterCredit: after, AfterShift: after, AfterCustomer: after, PublicKey: b64.EncodeToString(r.pub)}); err != nil {
		return err
	}
	return logEventTx(tx, r.id, r.now(), EventRestored, fmt.Sprintf("a new journal replaces a lost one, orders, credit vouchers, shifts and customers numbered after %d", after))
}
