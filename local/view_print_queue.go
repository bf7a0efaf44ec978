package local

import (
	"encoding/binary"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// --- print queue: ticket.issued and ticket.reprinted without ticket.printed ---

// A print job's key is the sequence number of the entry that queued it
// (ticket.issued or ticket.reprinted); its value is the sequence number
// of the ticket's ticket.issued entry (8 bytes), followed by "d" for a
// duplicate. The ticket is read from that entry (its QR is derived).
func jobKey(seq uint64) []byte { return seqKey(seq) }

func jobID(k []byte) string { return strconv.FormatUint(binary.BigEndian.Uint64(k), 10) }

func jobValue(issued uint64, duplicate bool) []byte {
	v := seqKey(issued)
	if duplicate {
		v = append(v, 'd')
	}
	return v
}

// parseJob reads a print job's value: the ticket.issued entry and whether
// it is a duplicate.
func parseJob(v []byte) (issued uint64, duplicate, ok bool) {
	if len(v) != 8 && len(v) != 9 {
		return 0, false, false
	}
	return binary.BigEndian.Uint64(v), len(v) == 9, true
}

func applyPrintQueue(tx *bolt.Tx, e Entry) error {
	b := view(tx, vPrintQueue)
	b.FillPercent = 1 // jobs are journal sequence numbers: they only grow
	switch e.Type {
	case TypeTicketIssued:
		return b.Put(jobKey(e.Seq), jobValue(e.Seq, false))
	case TypeTicketReprinted:
		var p ticketReprinted
		if err := e.decode(&p); err != nil {
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
		var p ticketPrinted
		if err := e.decode(&p); err != nil {
			return err
		}
		n, err := strconv.ParseUint(p.Job, 10, 64)
		if err != nil {
			return fmt.Errorf("entry %d: print job %q: %w", e.Seq, p.Job, err)
		}
		return b.Delete(jobKey(n))
	case TypeOrderCanceled, TypeExchangeMade:
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
