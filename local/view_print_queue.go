package local

import (
	"encoding/binary"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// --- print queue: tickets (ticket.issued and ticket.reprinted without
// ticket.printed), receipts (receipt.queued without receipt.printed) and
// drawer kicks (drawer.queued without drawer.opened), unless dropped ---

// A print job's key is the sequence number of the entry that queued it
// (ticket.issued, ticket.reprinted, receipt.queued, drawer.queued). A
// ticket's value is the sequence number of its ticket.issued entry (8
// bytes, the first one zero), followed by "d" for a duplicate: the ticket
// is read from that entry (its QR is derived). A receipt's value is "R"
// and the order number; a drawer kick's "K" and the order, if any; a
// credit voucher's slip "V" and its number; a card refund's slip "P" and
// the payment's reference; a shift's X or Z report "S" and the shift.
func jobKey(seq uint64) []byte { return seqKey(seq) }

func jobID(k []byte) string { return strconv.FormatUint(binary.BigEndian.Uint64(k), 10) }

func jobValue(issued uint64, duplicate bool) []byte {
	v := seqKey(issued)
	if duplicate {
		v = append(v, 'd')
	}
	return v
}

// Print job kinds (PrintJob.Kind).
const (
	JobTicket  = "ticket"
	JobReceipt = "receipt"
	JobDrawer  = "drawer"
	JobVoucher = "voucher" // a credit voucher's slip: PrintJob.Order holds its number
	// JobPaymentRefund is the refund slip of a kiosk's card approval
	// refunded on the terminal: PrintJob.Order holds the payment's
	// reference (TerminalRefundOf reads it).
	JobPaymentRefund = "payment-refund"
	// JobReport is a shift's X report or Z closure on paper:
	// PrintJob.Order holds the shift's id.
	JobReport = "report"
)

// parseJob reads a ticket's print job value: the ticket.issued entry and
// whether it is a duplicate (ok false: not a ticket's).
func parseJob(v []byte) (issued uint64, duplicate, ok bool) {
	if len(v) != 8 && len(v) != 9 || v[0] != 0 {
		return 0, false, false
	}
	return binary.BigEndian.Uint64(v), len(v) == 9, true
}

// jobKindOf is the kind of a print job's value, and its order (receipts
// and drawer kicks; a ticket's is read from its entry).
func jobKindOf(v []byte) (kind, order string, ok bool) {
	switch {
	case len(v) > 0 && v[0] == 'R':
		return JobReceipt, string(v[1:]), len(v) > 1
	case len(v) > 0 && v[0] == 'K':
		return JobDrawer, string(v[1:]), true
	case len(v) > 0 && v[0] == 'V':
		return JobVoucher, string(v[1:]), len(v) > 1 // the voucher's number in place of an order
	case len(v) > 0 && v[0] == 'P':
		return JobPaymentRefund, string(v[1:]), len(v) > 1 // the payment's reference
	case len(v) > 0 && v[0] == 'S':
		return JobReport, string(v[1:]), len(v) > 1 // the shift's id
	}
	_, _, ok = parseJob(v)
	return JobTicket, "", ok
}

// jobSeq reads a print job's id (the sequence number of the entry that queued it).
func jobSeq(id string) (uint64, bool) {
	n, err := strconv.ParseUint(id, 10, 64)
	return n, err == nil && n > 0
}

func applyPrintQueue(tx *bolt.Tx, e Entry) error {
	b := view(tx, vPrintQueue)
	b.FillPercent = 1 // jobs are journal sequence numbers: they only grow
	switch e.Type {
	case TypeTicketIssued:
		// A ticket's job key and value are the same bytes (its own
		// ticket.issued entry): one slice, bbolt only reads them.
		k := jobKey(e.Seq)
		return b.Put(k, k)
	case TypeTicketReprinted:
		p, err := payloadOf[ticketReprinted](e)
		if err != nil {
			return err
		}
		issued, ok, err := issuedSeq(tx, p.Ticket)
		if err != nil {
			return err
		}
		if !ok || pos.OrderOfTicket(p.Ticket) != p.Order {
			return fmt.Errorf("entry %d: no ticket %s in order %s", e.Seq, p.Ticket, p.Order)
		}
		return b.Put(jobKey(e.Seq), jobValue(issued, true))
	case TypeTicketPrinted:
		// The payloads are read as append built them or applyAll decoded
		// them (payloadOf), not copied: a copy escaped to the heap at
		// each ticket printed.
		p, err := payloadOf[ticketPrinted](e)
		if err != nil {
			return err
		}
		n, err := strconv.ParseUint(p.Job, 10, 64)
		if err != nil {
			return fmt.Errorf("entry %d: print job %q: %w", e.Seq, p.Job, err)
		}
		return b.Delete(jobKey(n))
	case TypeReceiptQueued:
		p, err := payloadOf[receiptQueued](e)
		if err != nil {
			return err
		}
		if p.Voucher != "" {
			return b.Put(jobKey(e.Seq), append([]byte{'V'}, p.Voucher...))
		}
		if p.Payment != "" {
			return b.Put(jobKey(e.Seq), append([]byte{'P'}, p.Payment...))
		}
		if p.Shift != "" {
			return b.Put(jobKey(e.Seq), append([]byte{'S'}, p.Shift...))
		}
		return b.Put(jobKey(e.Seq), append([]byte{'R'}, p.Order...))
	case TypeDrawerQueued:
		p, err := payloadOf[drawerQueued](e)
		if err != nil {
			return err
		}
		return b.Put(jobKey(e.Seq), append([]byte{'K'}, p.Order...))
	case TypeReceiptPrinted, TypeDrawerOpened, TypePrintDropped:
		p, err := payloadOf[jobDone](e)
		if err != nil {
			return err
		}
		n, ok := jobSeq(p.Job)
		if !ok {
			return fmt.Errorf("entry %d: print job %q is not a job number", e.Seq, p.Job)
		}
		return b.Delete(jobKey(n))
	case TypeOrderCanceled, TypeOrderLapsed, TypeExchangeMade:
		// Tickets given back are no longer printed.
		_, ts, _, err := ticketsMoved(e)
		if err != nil {
			return err
		}
		gone := map[uint64]bool{}
		for _, t := range ts {
			issued, ok, err := issuedSeq(tx, t.Number)
			if err != nil {
				return err
			}
			if ok {
				gone[issued] = true
			}
		}
		var drop [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if issued, _, ok := parseJob(v); ok && gone[issued] {
				drop = append(drop, append([]byte(nil), k...))
			}
		}
		for _, k := range drop {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}
