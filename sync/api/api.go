// Package api is the wire format between a register (package sync) and
// guichetd (package sync/server): paths, bodies and headers of /v1.
package api

import (
	"encoding/json"
	"time"

	"guichet/local"
)

// The API's limits: a push body and the entries in one batch.
const (
	MaxBodyBytes = 16 << 20
	MaxBatch     = 2000
)

// SignatureHeader carries a push body's Ed25519 signature with the
// register's key (base64url, no padding).
const SignatureHeader = "Guichet-Signature"

// PushRequest is POST /v1/push: entries in stored form (canonical
// encoding then hash), base64 (standard, padded) in JSON.
//
// Tickets are the signatures of the tickets the batch's ticket.issued
// entries issue (64 bytes each, base64): the journal does not store the
// tickets' QR codes (the register derives them with its key when asked),
// and the central server, which has no key, needs them to e-mail tickets.
// A code is the ticket's fields, which the server has, plus that
// signature: the server rebuilds it (local.TicketCode) when it sends the
// ticket, and sends it only if it verifies against the register's
// enrolled key. A signature that is not 64 bytes refuses the batch; each
// is stored once, with its ticket. Registers before this pushed the whole
// code (SignedTicket.QR): its signature is taken from it.
type PushRequest struct {
	Entries [][]byte             `json:"entries"`
	Tickets []local.SignedTicket `json:"tickets,omitempty"`
}

// PushResult is an accepted batch (and GET /v1/journal): Next and Hash
// are where the server's copy of the register's journal ends now.
type PushResult struct {
	Stored     int          `json:"stored"`
	Duplicates int          `json:"duplicates"`
	Next       uint64       `json:"next_seq"`
	Hash       local.Digest `json:"last_hash"`
}

// TokenRefused is guichetd's refusal of a token it does not know or that
// was revoked (401): the register's status line shows it as a refusal, in
// the till's language (sync/token_fr.go), since no network fault explains it.
const TokenRefused = "this token is unknown or was revoked: on the server, guichetd register renew NAME gives an enrolled register a new token (guichetd register add enrols a new one); put it in the register's token file (--token-file) and start the register again"

// ErrorBody is every refusal: a sentence, a code, and for a refused batch
// where the server's copy ends (expected_seq, expected_hash). Codes of a
// refused push: gap (409: resend from expected_seq), chain, tampered, key,
// register, malformed (422: the journal itself is refused).
type ErrorBody struct {
	Error        string `json:"error"`
	Code         string `json:"code"`
	Seq          uint64 `json:"seq,omitempty"`
	ExpectedSeq  uint64 `json:"expected_seq,omitempty"`
	ExpectedHash string `json:"expected_hash,omitempty"`
}

// GrantRequest is POST /v1/grants: a register asks for capacity. ID makes
// it idempotent: the same ID again (a retry after a lost answer, a
// duplicated request) gets the first answer and is granted once.
type GrantRequest struct {
	ID   string `json:"id"` // a UUID the register chose
	Asks []Ask  `json:"asks"`
	// NamesLeases: every ask's Lease is the last lease of it the register
	// journaled, 0 for none, and the register asked nothing new before it
	// journaled its last answer (registers older than this field may send
	// 0 for "not said"). The server then takes back what its last answer
	// added under a later lease: the register was killed before it
	// journaled that answer and never sells from it.
	NamesLeases bool `json:"names_leases,omitempty"`
}

// Ask is one resource (local.ZoneResource...): Want more of it (0: renew
// the lease and see what is left), and what the register Sold of it so
// far (pending included), so sales it made before it joined count: the
// server reads Sold at a register's first ask of a resource only (later,
// a Sold read before a cancel could reach it after the cancel).
// Lease is the last lease of it the register journaled (Granted.Lease; 0:
// none): a server that does not know it (its database restored from a
// backup older than the grant) grants nothing of the resource until the
// register's journal, pushed again, tells it what it granted.
//
// Held is what the register's journal holds of it as it asks (granted
// less returned, sold or not), nil from registers older than this field.
// What the server counts for it above that, the register gave back and
// never sells again, though its pushed journal does not show it yet: the
// server asks no other register to give it back too (Granted.Back).
type Ask struct {
	Resource string `json:"resource"`
	Want     int    `json:"want"`
	Sold     int    `json:"sold"`
	Lease    int64  `json:"lease,omitempty"`
	Held     *int   `json:"held,omitempty"`
}

// GrantAnswer says, per resource asked, what was added to the register's
// allotment, its allotment now on the server, and what the box office has
// not granted to any register (Free, after this grant). TTLMillis is how
// long the leases last from when the request was sent.
type GrantAnswer struct {
	Grants    []Granted `json:"grants"`
	TTLMillis int64     `json:"ttl_ms"`
}

// Granted is one resource of a GrantAnswer. Unlimited: the resource has
// no limit on the server (nothing to hold).
type Granted struct {
	Resource  string `json:"resource"`
	Add       int    `json:"add"`
	Allot     int    `json:"allot"`
	Free      int    `json:"free"`
	Unlimited bool   `json:"unlimited,omitempty"`
	// Lease names the lease (its end on the server, Unix microseconds):
	// a register returning what is left of it once it ran out names it,
	// so the server does not count it twice when it took it back itself.
	Lease int64 `json:"lease"`
	// Back is what the register is asked to give back of what it has not
	// sold: the registers hold more than the resource's capacity (a new
	// catalog lowered it, a seat was blocked). The register returns at
	// most what it can (capacity.returned), counted once stored. Having
	// given back, it asks again at once (Want 0, Held): the server then
	// knows what it gave and asks only the rest of the others.
	Back int `json:"back,omitempty"`
}

// MailState is what became of an e-mail of the central outbox: GET
// /v1/outbox?id=...&id=... answers a list of them (the messages of the
// register's orders; all of them without ids). State is waiting, sending,
// sent or refused.
type MailState struct {
	ID        string    `json:"id"`
	State     string    `json:"state"`
	Reply     string    `json:"reply,omitempty"`      // sent: the mail server's answer
	Sent      time.Time `json:"sent,omitzero"`        // sent: when
	LastError string    `json:"last_error,omitempty"` // refused, or the last failed try
	Attempts  int       `json:"attempts,omitempty"`
}

// MaxMailStates is how many ids one GET /v1/outbox may ask about.
const MaxMailStates = 200

// LastClosures is GET /v1/closures: the last closure.made of each kind
// (day, month, year) the server stored for the register, newest first, as
// the register wrote them (the payload, signed with its key). A register
// whose journal was lost starts its new one from them (guichet
// --new-journal), so its perpetual grand total and closure numbers go on.
type LastClosures struct {
	Register string          `json:"register"`
	Closures []StoredClosure `json:"closures"`
}

// StoredClosure is one closure.made entry: its place in the journal and
// its payload (local.Closure).
type StoredClosure struct {
	Seq     uint64          `json:"seq"`
	Payload json.RawMessage `json:"payload"`
}
