package local

import (
	"crypto/ed25519"
	"testing"

	"guichet/pos"
)

// Any change to any character of a ticket's code makes it invalid: one
// ticket has exactly one valid spelling, so a door scanner cannot be shown
// a variant of a code it has already let in.
func TestTicketCodeHasExactlyOneValidSpelling(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(nil)
	payload, err := SignTicket(key, pos.Ticket{Number: "K01-000001-01", Performance: "hamlet-01", Zone: "parterre", Seat: "F-10", Category: "adult"})
	if err != nil {
		t.Fatal(err)
	}
	claim, err := VerifyTicket(pub, payload)
	if err != nil || claim.Seat != "F-10" || claim.Number != "K01-000001-01" {
		t.Fatalf("claim %+v, %v", claim, err)
	}
	const alphabet = "ABCDQRSTabcdwxyz0189-_."
	for i := range payload {
		for _, r := range alphabet {
			if byte(r) == payload[i] {
				continue
			}
			altered := payload[:i] + string(r) + payload[i+1:]
			if _, err := VerifyTicket(pub, altered); err == nil {
				t.Fatalf("altered code %q (position %d) verified", altered, i)
			}
		}
	}
}
