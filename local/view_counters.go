package local

import (
	bolt "go.etcd.io/bbolt"
)

// --- counters: the last order, shift, customer and credit number used;
// the papers of each shift's Z queued (a second one is a duplicate); the
// kiosk's last order ---

// kioskLastKey holds the number of the newest order the kiosk placed
// (LastKioskOrder): on a file shared with counter tills, finding it among
// the orders read every counter sale's order.placed since the kiosk's.
var kioskLastKey = []byte("kiosk.last")

// zPapersKey counts the papers of a shift's Z closure queued.
func zPapersKey(shift string) []byte { return key(shift, "zpapers") }

func applyCounters(tx *bolt.Tx, e Entry) error {
	b := view(tx, vCounters)
	switch e.Type {
	case TypeOrderPlaced:
		if e.Staff == KioskStaffID {
			p, err := payloadOf[orderPlaced](e)
			if err != nil {
				return err
			}
			// order numbers only grow: the newest is the last placed
			if err := b.Put(kioskLastKey, []byte(p.Order.Number)); err != nil {
				return err
			}
		}
		return addInt(b, []byte("orders"), 1)
	case TypeJournalRestarted:
		var p journalRestarted
		if err := e.decode(&p); err != nil {
			return err
		}
		for name, after := range map[string]uint64{"orders": p.AfterOrder, "credits": p.AfterCredit, "shifts": p.AfterShift, "customers": p.AfterCustomer} {
			if n := getInt(b, []byte(name)); uint64(n) < after {
				if err := addInt(b, []byte(name), int(after)-n); err != nil {
					return err
				}
			}
		}
	case TypeShiftOpened:
		return addInt(b, []byte("shifts"), 1)
	case TypeReceiptQueued:
		p, err := payloadOf[receiptQueued](e)
		if err != nil {
			return err
		}
		// A Z's papers count as they are queued, not as they print: the
		// count numbers the next one (QueueShiftReport, DUPLICATA n),
		// and an original never printed cannot make it a duplicate. A
		// Z's paper leaves the print queue only by receipt.printed,
		// which the spooler records once the printer confirmed it: the
		// spooler gives up only drawer kicks (print.dropped; Wanted in
		// counter/printing.go, a training till's in counter/training.go),
		// DropPrintJob refuses a Z's paper, and one waiting for a
		// printer (out of paper, off, none until the register starts
		// with one) waits in the journal, across restarts. The spooler
		// prints a shift's papers in the order they were queued (their
		// order is the shift), so the paper numbered n prints after the
		// original and the n-1 before it. Counting papers printed
		// instead would number a second paper queued while the first
		// waits an original too: two originals of one Z.
		// TestAZPaperIsNeverDropped, and counter's
		// TestAZWaitingForPaperPrintsAsTheOriginal.
		if p.Shift != "" && p.Z {
			return addInt(b, zPapersKey(p.Shift), 1)
		}
	case TypeCustomerSaved:
		var p customerSaved
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.New {
			return addInt(b, []byte("customers"), 1)
		}
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Voucher != "" {
			return addInt(b, []byte("credits"), 1)
		}
	case TypeOrderCanceled, TypeOrderLapsed:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.NewCredit {
			return addInt(b, []byte("credits"), 1)
		}
	}
	return nil
}

func nextNumber(tx *bolt.Tx, counter string) uint64 {
	return uint64(getInt(view(tx, vCounters), []byte(counter))) + 1
}
