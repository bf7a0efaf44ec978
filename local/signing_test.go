package local

import (
	"crypto/ed25519"
	"strings"
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

// Tickets printed before the compact code ("G1." base64url fields "."
// base64url signature) still open the door.
func TestOlderTicketCodesStillVerify(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(nil)
	tk := pos.Ticket{Number: "K01-000001-01", Performance: "hamlet-01", Zone: "parterre", Seat: "F-10", Category: "adult"}
	f, err := claimOf(tk).fields()
	if err != nil {
		t.Fatal(err)
	}
	sig := ed25519.Sign(key, []byte(qrContext+f))
	g1 := qrPrefixV1 + b64.EncodeToString([]byte(f)) + "." + b64.EncodeToString(sig)
	c, err := VerifyTicket(pub, g1)
	if err != nil || c.Seat != "F-10" {
		t.Fatalf("G1 code: %+v, %v", c, err)
	}
	g2, _ := SignTicket(key, tk)
	if !strings.HasPrefix(g2, "G2:") || strings.ToUpper(g2) != g2 {
		t.Errorf("new codes are upper-case G2: %q", g2)
	}
	if _, err := VerifyTicket(pub, strings.ToLower(g2)); err == nil {
		t.Error("a lower-cased code must not verify: one ticket, one code")
	}
}
