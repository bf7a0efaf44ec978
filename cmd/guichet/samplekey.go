package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"guichet/local"
	"guichet/pos"
)

// The key files' format is local's (signing.go): one line, a prefix and
// the raw base64url of the seed or of the public key. local exports no
// reader of private keys, so print-test reads and writes them here and
// checks each against local.LoadPublicKey, which would refuse a file in
// another format.
const (
	keySeedPrefix = "guichet-ed25519-seed:"
	keyPubPrefix  = "guichet-ed25519-public:"
)

var keyB64 = base64.RawURLEncoding.Strict()

// readSigningKey reads a register's key file (FILE.key) without writing
// anything.
func readSigningKey(path string) (ed25519.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, pos.Errorf("cannot read the signing key %s: %w", path, err) // print-test asks whether it is not there
	}
	s, ok := strings.CutPrefix(strings.TrimSpace(string(data)), keySeedPrefix)
	seed, err := keyB64.DecodeString(s)
	if !ok || err != nil || len(seed) != ed25519.SeedSize {
		return nil, pos.Errorf("%s is not a guichet signing key: check that it is the .key file beside a register's file", path)
	}
	key := ed25519.NewKeyFromSeed(seed)
	pub, err := local.LoadPublicKey(path)
	if err != nil || !bytes.Equal(pub, key.Public().(ed25519.PublicKey)) {
		return nil, pos.Errorf("%s is not a guichet signing key: check that it is the .key file beside a register's file", path)
	}
	return key, nil
}

// sampleKey returns the sample signing key dir/sample.key, creating it and
// dir/sample.pub when they do not exist yet (so that successive print-tests
// sign with the same key). created says whether it did.
func sampleKey(dir string) (key ed25519.PrivateKey, created bool, err error) {
	path := filepath.Join(dir, "sample.key")
	key, err = readSigningKey(path)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		return key, false, err
	}
	_, key, err = ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, err
	}
	seed := fmt.Sprintf("%s%s\n", keySeedPrefix, keyB64.EncodeToString(key.Seed()))
	if err := os.WriteFile(path, []byte(seed), 0o600); err != nil {
		return nil, false, fmt.Errorf("cannot write the sample signing key: %w", err)
	}
	pub := fmt.Sprintf("%s%s\n", keyPubPrefix, keyB64.EncodeToString(key.Public().(ed25519.PublicKey)))
	if err := os.WriteFile(filepath.Join(dir, "sample.pub"), []byte(pub), 0o644); err != nil {
		return nil, false, fmt.Errorf("cannot write the sample public key: %w", err)
	}
	return key, true, nil
}

// sampleClaim is what the sample ticket's QR code says: a ticket of no
// real performance, so that even signed with a register's key no door
// takes it for a sold seat.
var sampleClaim = pos.Ticket{Number: "SAMPLE-01", Performance: "print-test", Zone: "Parterre", Seat: "C-14", Category: "Adulte"}
