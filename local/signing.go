package local

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base32"
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

// loadKey reads <db>.key. When it is missing it creates one only if
// mayCreate (the journal is still empty): a journal that already has
// entries was signed with a key that must be restored, not replaced.
func loadKey(db string, mayCreate bool) (ed25519.PrivateKey, error) {
	path := db + ".key"
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if !mayCreate {
			return nil, fmt.Errorf("the signing key %s %w, but this register's journal already has entries: restore the original key file from a backup (a new key would sign tickets the door rejects)", path, ErrKeyMissing)
		}
		return createKey(db)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the signing key %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("cannot read the signing key %s: %w", path, err)
	} else if err := checkKeyFile(path, fi); err != nil {
		return nil, err
	}
	s, ok := strings.CutPrefix(strings.TrimSpace(string(data)), seedPrefix)
	seed, err := b64.DecodeString(s)
	if !ok || err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("the signing key %s is damaged: restore it from a backup (tickets signed with it cannot be verified otherwise)", path)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// createKey writes a new <db>.key whole or not at all (a temporary file,
// synced, then renamed; Open holds the file's lock, so no other register
// creates it meanwhile) and syncs the directory, so the key is on disk
// before the journal records its public key: a power cut never leaves a
// journal whose key was not written.
func createKey(db string) (ed25519.PrivateKey, error) {
	path := db + ".key"
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	tmp, err := writeTemp(path, []byte(seedPrefix+b64.EncodeToString(priv.Seed())+"\n"), 0o600)
	if err == nil {
		err = publish(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("cannot write the signing key %s: %w", path, err)
	}
	writePub(db, priv.Public().(ed25519.PublicKey))
	return priv, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
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

// The QR payload is "G2:" + base32(fields + signature), upper case without
// padding, where fields are number|performance|zone|seat|category|item and
// the signature is Ed25519 (64 bytes, last) over "guichet ticket v1\n" +
// fields. Every character is in the QR code's alphanumeric set, which packs
// 5.5 bits a character instead of 8: a typical ticket is a version 6 or 7
// code at level L, small enough to print sharp and to fit a 24-line
// terminal. Tickets of older registers carry "G1." + base64url(fields) + "."
// + base64url(signature): same fields, same signature, still verified.
const (
	qrPrefix   = "G2:"
	qrPrefixV1 = "G1."
	qrContext  = "guichet ticket v1\n"
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func (c TicketClaim) fields() (string, error) {
	fs := []string{c.Number, c.Performance, c.Zone, c.Seat, c.Category, c.Item}
	for _, f := range fs {
		if strings.Contains(f, "|") {
			return "", fmt.Errorf("ticket %s: %q cannot go in a QR code (it contains |)", c.Number, f)
		}
	}
	return strings.Join(fs, "|"), nil
}

// claimOf is what a ticket's QR code says of it.
func claimOf(t pos.Ticket) TicketClaim {
	return TicketClaim{Number: t.Number, Performance: t.Performance, Zone: t.Zone, Seat: t.Seat, Category: t.Category, Item: t.Item}
}

// SignTicket makes a ticket's QR payload. Ed25519 signatures are
// deterministic (RFC 8032): the same ticket and key give the same payload
// every time, so the register derives it when asked instead of storing it.
func SignTicket(key ed25519.PrivateKey, t pos.Ticket) (string, error) {
	f, err := claimOf(t).fields()
	if err != nil {
		return "", err
	}
	return signFields(key, f), nil
}

func signFields(key ed25519.PrivateKey, fields string) string {
	return encodeCode(fields, ed25519.Sign(key, []byte(qrContext+fields)))
}

// encodeCode is the one spelling of a QR payload: SignTicket and
// TicketCode both write it here, so a code rebuilt from a signature is the
// code the register printed, byte for byte.
func encodeCode(fields string, sig []byte) string {
	return qrPrefix + b32.EncodeToString(append([]byte(fields), sig...))
}

// TicketCode rebuilds t's QR payload from its signature alone: the fields
// are the ticket's, so the central server, which has the ticket but not
// the key, stores 64 bytes a ticket instead of its code. The signature is
// not checked here (VerifyIssued checks the result).
func TicketCode(t pos.Ticket, sig []byte) (string, error) {
	if len(sig) != ed25519.SignatureSize {
		return "", fmt.Errorf("the signature of ticket %s is damaged (%d bytes, not %d)", t.Number, len(sig), ed25519.SignatureSize)
	}
	f, err := claimOf(t).fields()
	if err != nil {
		return "", err
	}
	return encodeCode(f, sig), nil
}

// CodeSignature is the signature a QR payload (either form) carries, not
// checked: with TicketCode, what a ticket's code needs beside the ticket.
func CodeSignature(payload string) ([]byte, error) {
	_, sig, err := splitPayload(strings.TrimSpace(payload))
	return sig, err
}

// ErrBadSignature: the QR payload was not signed by this register's key
// (forged, altered, or from another register).
var ErrBadSignature = errors.New("the signature does not match: this ticket was not issued by this register, or it was altered")

// VerifyTicket checks a QR payload offline against a register's public key.
func VerifyTicket(pub ed25519.PublicKey, payload string) (TicketClaim, error) {
	c, f, sig, err := readPayload(payload)
	if err != nil {
		return TicketClaim{}, err
	}
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, []byte(qrContext+string(f)), sig) {
		return c, ErrBadSignature
	}
	return c, nil
}

// readPayload is what a QR payload says, its signed fields and signature,
// the signature not checked.
func readPayload(payload string) (c TicketClaim, fields, sig []byte, err error) {
	f, sig, err := splitPayload(strings.TrimSpace(payload))
	if err != nil {
		return c, nil, nil, err
	}
	fs := strings.Split(string(f), "|")
	if len(fs) != 6 {
		return c, nil, nil, errors.New("the ticket code is damaged (wrong number of fields)")
	}
	c = TicketClaim{Number: fs[0], Performance: fs[1], Zone: fs[2], Seat: fs[3], Category: fs[4], Item: fs[5]}
	return c, f, sig, nil
}

// splitPayload decodes either form of a ticket code into its fields and
// signature. A code must be spelled exactly as the register writes it (no
// slack in padding bits, upper case only), so one ticket has one valid code.
func splitPayload(payload string) (fields, sig []byte, err error) {
	damaged := errors.New("the ticket code is damaged (bad encoding)")
	if rest, ok := strings.CutPrefix(payload, qrPrefix); ok {
		raw, err := b32.DecodeString(rest)
		if err != nil || len(raw) <= ed25519.SignatureSize || b32.EncodeToString(raw) != rest {
			return nil, nil, damaged
		}
		n := len(raw) - ed25519.SignatureSize
		return raw[:n], raw[n:], nil
	}
	rest, ok := strings.CutPrefix(payload, qrPrefixV1)
	parts := strings.Split(rest, ".")
	if !ok || len(parts) != 2 {
		return nil, nil, errors.New("this is not a guichet ticket code (G2:…)")
	}
	f, err1 := b64.DecodeString(parts[0])
	s, err2 := b64.DecodeString(parts[1])
	if err1 != nil || err2 != nil || len(s) != ed25519.SignatureSize {
		return nil, nil, damaged
	}
	return f, s, nil
}

// SignedTicket is a ticket's signature as a push carries it beside the
// entries (issue 18): the central server cannot sign, and the code is
// derived, not journaled, so the register sends, with the ticket.issued
// entry it belongs to, the 64 bytes of the code the server does not have
// (its fields are the ticket's: TicketCode rebuilds it). Sig is base64 in
// JSON. QR is the whole code, as registers before the signature alone
// pushed it: the server takes its signature (CodeSignature).
type SignedTicket struct {
	Number string `json:"number"`
	Sig    []byte `json:"sig,omitempty"`
	QR     string `json:"qr,omitempty"`
}

// VerifyIssued checks that payload is t's QR code signed with pub: the
// signature verifies and the code says what the ticket says.
func VerifyIssued(pub ed25519.PublicKey, t pos.Ticket, payload string) error {
	c, err := VerifyTicket(pub, payload)
	if err != nil {
		return err
	}
	if c != claimOf(t) {
		return fmt.Errorf("the code of ticket %s is signed for another ticket (%s)", t.Number, c.Number)
	}
	return nil
}

// IssuedTicket reads a ticket.issued entry: its ticket and the QR it
// stored (older journals; "" when derived). ok is false for another type.
func IssuedTicket(e Entry) (t pos.Ticket, qr string, ok bool, err error) {
	if e.Type != TypeTicketIssued {
		return pos.Ticket{}, "", false, nil
	}
	var p ticketIssued
	if err := e.decode(&p); err != nil {
		return pos.Ticket{}, "", true, err
	}
	return p.Ticket, p.QR, true, nil
}

// signedTickets are the signatures of the tickets raw (entries in stored
// form) issues without storing their QR, signed by sign.
func signedTickets(raw [][]byte, sign func(ticketIssued) (string, error)) ([]SignedTicket, error) {
	var out []SignedTicket
	for _, v := range raw {
		e, _, err := decodeEntry(v)
		if err != nil {
			return nil, err
		}
		t, qr, ok, err := IssuedTicket(e)
		if !ok || qr != "" {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", e.Seq, err)
		}
		s, err := sign(ticketIssued{Ticket: t})
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", e.Seq, err)
		}
		sig, err := CodeSignature(s)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", e.Seq, err)
		}
		out = append(out, SignedTicket{Number: t.Number, Sig: sig})
	}
	return out, nil
}

// SignedTickets are the signatures of the tickets the entries (stored
// form) issue, for a push to carry beside them.
func (r *Register) SignedTickets(raw [][]byte) ([]SignedTicket, error) {
	return signedTickets(raw, r.ticketQR)
}

// SignedTickets are the signatures of the tickets the entries (stored
// form) issue, for a push to carry beside them.
func (f *PushFile) SignedTickets(raw [][]byte) ([]SignedTicket, error) {
	return signedTickets(raw, func(p ticketIssued) (string, error) { return SignTicket(f.key, p.Ticket) })
}
