package main

import (
	"crypto/ed25519"
	"os"
	"strings"
	"testing"

	"guichet/local"
)

// TestTicketVerifyChecksThePubAgainstTheJournal: ticket verify --db reads
// the key pinned in the journal; a <db>.pub that differs (swapped for
// another register's) is refused rather than trusted, and a missing one
// is written again from the journal.
func TestTicketVerifyChecksThePubAgainstTheJournal(t *testing.T) {
	db, qr := sellOne(t)
	genuine := mustRead(t, db+".pub")
	journal := string(mustRead(t, db))
	defer func() {
		if string(mustRead(t, db)) != journal {
			t.Error("ticket verify changed the register's file")
		}
	}()

	other, _, _ := ed25519.GenerateKey(nil)
	if err := local.WritePublicKey(db, other); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runGuichet(t, "", "", "ticket", "verify", qr, "--db", db)
	if code != 1 || !strings.Contains(stderr, db+".pub is not the key pinned in the journal") || strings.Contains(out, "valid") {
		t.Fatalf("a swapped .pub: exit %d\n%s%s", code, out, stderr)
	}

	if err := os.Remove(db + ".pub"); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = runGuichet(t, "", "", "ticket", "verify", qr, "--db", db)
	if code != 0 || !strings.HasPrefix(out, "valid: ticket K01-000001-01") || !strings.Contains(stderr, "written again") {
		t.Fatalf("a missing .pub: exit %d\n%s%s", code, out, stderr)
	}
	if got := mustRead(t, db+".pub"); string(got) != string(genuine) {
		t.Fatalf(".pub written again: %q, want %q", got, genuine)
	}
}
