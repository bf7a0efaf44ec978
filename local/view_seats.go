package local

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// seats: every seat sold, with its ticket number.
func seatKeyOf(t pos.Ticket) []byte { return key(t.Performance, t.Zone, t.Seat) }

func applySeats(tx *bolt.Tx, e Entry) error {
	b := lazyView(tx, vSeats)
	_, ts, d, err := ticketsMoved(e)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Kind != pos.LineTicket || t.Seat == "" {
			continue
		}
		if d < 0 {
			err = b().Delete(seatKeyOf(t))
		} else if prev := b().Get(seatKeyOf(t)); prev != nil {
			err = fmt.Errorf("entry %d: seat %s of %s sold twice (%s and %s)", e.Seq, t.Seat, t.Performance, prev, t.Number)
		} else {
			err = b().Put(seatKeyOf(t), []byte(t.Number))
		}
		if err != nil {
			return err
		}
	}
	return nil
}
