package local

import (
	"crypto/ed25519"
	"strings"
	"testing"

	"pgregory.net/rapid"

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

// A ticket's code rebuilt from the ticket and its signature alone (as the
// central server does before it e-mails a ticket) is the code SignTicket
// writes, byte for byte, whichever form the signature was taken from; a
// signature of another ticket rebuilds a code that does not verify.
func TestTicketCodeRebuiltFromItsSignature(t *testing.T) {
	rapidChecksAsUnit(t) // cheap: the cases of the unit run
	pub, key, _ := ed25519.GenerateKey(nil)
	field := rapid.StringMatching(`[A-Za-z0-9 éàü_.:-]{0,12}`)
	rapid.Check(t, func(t *rapid.T) {
		tk := pos.Ticket{Number: rapid.StringMatching(`K[0-9]{2}-[0-9]{6}-[0-9]{2}`).Draw(t, "number"),
			Performance: field.Draw(t, "performance"), Zone: field.Draw(t, "zone"), Seat: field.Draw(t, "seat"),
			Category: field.Draw(t, "category"), Item: field.Draw(t, "item")}
		code, err := SignTicket(key, tk)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := CodeSignature(code)
		if err != nil || len(sig) != ed25519.SignatureSize {
			t.Fatalf("signature of %q: %x %v", code, sig, err)
		}
		f, _ := claimOf(tk).fields()
		g1 := qrPrefixV1 + b64.EncodeToString([]byte(f)) + "." + b64.EncodeToString(sig)
		sig1, err := CodeSignature(g1)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range [][]byte{sig, sig1} {
			if again, err := TicketCode(tk, s); err != nil || again != code {
				t.Fatalf("rebuilt %q (%v), signed %q", again, err, code)
			}
		}
		other := tk
		other.Seat += "X"
		if c, err := TicketCode(other, sig); err != nil || VerifyIssued(pub, other, c) == nil {
			t.Fatalf("the signature of %+v rebuilt for %+v verifies (%v)", tk, other, err)
		}
		if _, err := TicketCode(tk, sig[:63]); err == nil {
			t.Fatal("a 63-byte signature rebuilt a code")
		}
	})
}
