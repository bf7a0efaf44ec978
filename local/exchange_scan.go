package local

import (
	"errors"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// A ticket's QR code scanned at an exchange proves the ticket is in the
// hands of who exchanges it: at the kiosk, where no one sees the customer,
// an order number (they run in sequence) proves nothing. A scanner types
// the code like a keyboard, Enter ending it; a phone showing the e-mailed
// ticket is scanned the same way.

// ScannedCode is a QR payload as scanned ("G2:…" or an older register's
// "G1.…"), spelled as the register wrote it: a code typed in lower case (a
// scanner with caps lock or on another keyboard layout) is read in upper
// case, as the door reads it. ok is false for anything else, such as a
// ticket number typed by hand.
func ScannedCode(scanned string) (code string, ok bool) {
	s := strings.TrimSpace(scanned)
	if up := strings.ToUpper(s); strings.HasPrefix(up, qrPrefix) {
		s = up
	}
	return s, strings.HasPrefix(s, qrPrefix) || strings.HasPrefix(s, qrPrefixV1)
}

// ScannedTicket is the ticket this register issued that the QR code
// scanned proves (VerifyIssued's rule): the code must be signed with this
// register's key and say what the journal issued under its number. A code
// refused says which it is: unreadable, another register's, forged or
// altered, or signed for another ticket than the one issued.
func (r *Register) ScannedTicket(scanned string) (pos.Ticket, error) {
	var tk pos.Ticket
	err := r.read(func(tx *bolt.Tx) error {
		var err error
		tk, _, err = r.scannedIn(tx, scanned)
		return err
	})
	return tk, err
}

// scannedIn is ScannedTicket read in tx, with the code as read.
func (r *Register) scannedIn(tx *bolt.Tx, scanned string) (pos.Ticket, string, error) {
	code, ok := ScannedCode(scanned)
	if !ok {
		return pos.Ticket{}, "", pos.Errorf("this is not a ticket's QR code: scan the code printed on the ticket, or shown on the phone")
	}
	c, err := VerifyTicket(r.pub, code)
	switch {
	case errors.Is(err, ErrBadSignature):
		// what the code says is not to be trusted: it is named only when
		// it reads as a ticket number (an altered code may say anything)
		m := typedNumber.FindStringSubmatch(c.Number)
		switch {
		case m != nil && m[1] != "" && !strings.EqualFold(m[1], r.id):
			// signed with another register's key: what is known is that
			// this register did not issue it, not that it is forged
			return pos.Ticket{}, "", pos.Errorf("ticket %s was sold by register %s, not %s: its code is signed with that register's key, exchange it there or at the box office", strings.ToUpper(c.Number), strings.ToUpper(m[1]), r.id)
		case m != nil:
			return pos.Ticket{}, "", pos.Errorf("the code of ticket %s is not signed by this register: it was altered or forged, and cannot be exchanged", c.Number)
		}
		return pos.Ticket{}, "", pos.Errorf("the code scanned is not signed by this register: it was altered or forged, and cannot be exchanged")
	case err != nil:
		return pos.Ticket{}, "", pos.Errorf("the code scanned is damaged: scan it again, or ask at the box office")
	}
	p, _, found, err := issuedEntry(tx, c.Number)
	if err != nil {
		return pos.Ticket{}, "", err
	}
	if !found {
		return pos.Ticket{}, "", pos.Errorf("ticket %s: %w", c.Number, ErrNotFound)
	}
	if claimOf(p.Ticket) != c {
		return pos.Ticket{}, "", pos.Errorf("the code scanned is signed for another ticket than %s as this register issued it (another show, seat or price category): it cannot be exchanged", c.Number)
	}
	return p.Ticket, code, nil
}

// AllScanned reports whether every one of tickets is a QR code scanned
// (ScannedCode), and there is at least one.
func AllScanned(tickets []string) bool {
	for _, tk := range tickets {
		if _, ok := ScannedCode(tk); !ok {
			return false
		}
	}
	return len(tickets) > 0
}

// CreditTickets are the tickets the exchange credit waiting in the cart
// takes back, in the order given (none: no credit).
func (t *Till) CreditTickets() []pos.Ticket {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.credit == nil {
		return nil
	}
	return slices.Clone(t.credit.tickets)
}
