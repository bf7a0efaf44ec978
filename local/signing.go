package local

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"

	"guichet/pos"
)

// The register's signing key lives beside its file: <db>.key (0600) holds
// the private seed, <db>.pub the public key to give to door scanners.
const (
	seedPrefix = "guichet-ed25519-seed:"
	pubPrefix  = "guichet-ed25519-public:"
)

var b64 = base64.RawURLEncoding.Strict() // Strict: one payload, one spelling (no slack in the padding bits)

// loadOrCreateKey reads <db>.key, or creates it on first start.
func loadOrCreateKey(db string) (ed25519.PrivateKey, error) {
	path := db + ".key"
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("cannot create the signing key %s: %w", path, err)
		}
		_, err = fmt.Fprintf(f, "%s%s\n", seedPrefix, b64.EncodeToString(priv.Seed()))
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("cannot write the signing key %s: %w", path, err)
		}
		pub := fmt.Sprintf("%s%s\n", pubPrefix, b64.EncodeToString(priv.Public().(ed25519.PublicKey)))
		_ = os.WriteFile(db+".pub", []byte(pub), 0o644)
		return priv, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the signing key %s: %w", path, err)
	}
	s, ok := strings.CutPrefix(strings.TrimSpace(string(data)), seedPrefix)
	seed, err := b64.DecodeString(s)
	if !ok || err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("the signing key %s is damaged: restore it from a backup (tickets signed with it cannot be verified otherwise)", path)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// LoadPublicKey reads a public key from a .pub file, or derives it from a
// .key file.
func LoadPublicKey(path string) (ed25519.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the key: %w", err)
	}
	text := strings.TrimSpace(string(data))
	if s, ok := strings.CutPrefix(text, pubPrefix); ok {
		if pub, err := b64.DecodeString(s); err == nil && len(pub) == ed25519.PublicKeySize {
			return ed25519.PublicKey(pub), nil
		}
	}
	if s, ok := strings.CutPrefix(text, seedPrefix); ok {
		if seed, err := b64.DecodeString(s); err == nil && len(seed) == ed25519.SeedSize {
			return ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey), nil
		}
	}
	return nil, fmt.Errorf("%s is not a guichet key file (.pub or .key)", path)
}

// TicketClaim is what a ticket's QR code says.
type TicketClaim struct {
	Number      string `json:"number"`
	Performance string `json:"performance,omitempty"`
	Zone        string `json:"zone,omitempty"`
	Seat        string `json:"seat,omitempty"`
	Category    string `json:"category,omitempty"`
	Item        string `json:"item,omitempty"` // pass or gift voucher
}

// The QR payload is "G1." + base64url(fields) + "." + base64url(signature),
// where fields are number|performance|zone|seat|category|item and the
// signature is Ed25519 over "guichet ticket v1\n" + fields. About 150
// characters: a version-8 QR code.
const (
	qrPrefix  = "G1."
	qrContext = "guichet ticket v1\n"
)

func (c TicketClaim) fields() (string, error) {
	fs := []string{c.Number, c.Performance, c.Zone, c.Seat, c.Category, c.Item}
	for _, f := range fs {
		if strings.Contains(f, "|") {
			return "", fmt.Errorf("ticket %s: %q cannot go in a QR code (it contains |)", c.Number, f)
		}
	}
	return strings.Join(fs, "|"), nil
}

// SignTicket makes a ticket's QR payload.
func SignTicket(key ed25519.PrivateKey, t pos.Ticket) (string, error) {
	c := TicketClaim{Number: t.Number, Performance: t.Performance, Zone: t.Zone, Seat: t.Seat, Category: t.Category, Item: t.Item}
	f, err := c.fields()
	if err != nil {
		return "", err
	}
	sig := ed25519.Sign(key, []byte(qrContext+f))
	return qrPrefix + b64.EncodeToString([]byte(f)) + "." + b64.EncodeToString(sig), nil
}

// ErrBadSignature: the QR payload was not signed by this register's key
// (forged, altered, or from another register).
var ErrBadSignature = errors.New("the signature does not match: this ticket was not issued by this register, or it was altered")

// VerifyTicket checks a QR payload offline against a register's public key.
func VerifyTicket(pub ed25519.PublicKey, payload string) (TicketClaim, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(payload), qrPrefix)
	parts := strings.Split(rest, ".")
	if !ok || len(parts) != 2 {
		return TicketClaim{}, errors.New("this is not a guichet ticket code (G1.…)")
	}
	f, err1 := b64.DecodeString(parts[0])
	sig, err2 := b64.DecodeString(parts[1])
	if err1 != nil || err2 != nil || len(sig) != ed25519.SignatureSize {
		return TicketClaim{}, errors.New("the ticket code is damaged (bad encoding)")
	}
	fs := strings.Split(string(f), "|")
	if len(fs) != 6 {
		return TicketClaim{}, errors.New("the ticket code is damaged (wrong number of fields)")
	}
	c := TicketClaim{Number: fs[0], Performance: fs[1], Zone: fs[2], Seat: fs[3], Category: fs[4], Item: fs[5]}
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, []byte(qrContext+string(f)), sig) {
		return c, ErrBadSignature
	}
	return c, nil
}
