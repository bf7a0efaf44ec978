// Package api is the wire format between a register (package sync) and
// guichetd (package sync/server): paths, bodies and headers of /v1.
package api

import "guichet/local"

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
type PushRequest struct {
	Entries [][]byte `json:"entries"`
}

// PushResult is an accepted batch (and GET /v1/journal): Next and Hash
// are where the server's copy of the register's journal ends now.
type PushResult struct {
	Stored     int          `json:"stored"`
	Duplicates int          `json:"duplicates"`
	Next       uint64       `json:"next_seq"`
	Hash       local.Digest `json:"last_hash"`
}

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
