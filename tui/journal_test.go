package tui

import (
	"bytes"
	"encoding/json"
	"testing"

	"guichet/local"
	"guichet/pos"
)

// entry is a journal entry as `guichet journal export` writes it.
type entry struct {
	Seq     uint64          `json:"seq"`
	Shift   string          `json:"shift"`
	Staff   string          `json:"staff"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
}

// journal stops the program, closes the register and reads its journal
// back from the file, as `guichet journal export` does.
func journal(t *testing.T, s *session, r *local.Register) []entry {
	t.Helper()
	s.quit()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := local.Export(r.Path(), 1, &buf); err != nil {
		t.Fatal(err)
	}
	var out []entry
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var e entry
		if err := dec.Decode(&e); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// ofType is the entries of one type, their payloads decoded into T.
func ofType[T any](t *testing.T, es []entry, typ string) []T {
	t.Helper()
	var out []T
	for _, e := range es {
		if e.Type != typ {
			continue
		}
		var v T
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			t.Fatalf("%s #%d: %v", typ, e.Seq, err)
		}
		out = append(out, v)
	}
	return out
}

// Payload shapes the tests read (the journal's JSON, see local/views.go).
type (
	jOrder struct {
		Order pos.Order `json:"order"`
	}
	jPayment struct {
		Order   string      `json:"order"`
		Payment pos.Payment `json:"payment"`
	}
	jTicket struct {
		Order  string     `json:"order"`
		Ticket pos.Ticket `json:"ticket"`
	}
	jCash struct {
		Amount pos.Money `json:"amount"`
		Reason string    `json:"reason"`
	}
	jCanceled struct {
		Order   string        `json:"order"`
		Reason  string        `json:"reason"`
		Refunds []pos.Payment `json:"refunds"`
	}
	jReprint struct {
		Order  string `json:"order"`
		Ticket string `json:"ticket"`
	}
	jExchange struct {
		Ref       string       `json:"ref"`
		Tickets   []pos.Ticket `json:"tickets"`
		Credit    pos.Money    `json:"credit"`
		Order     string       `json:"order"`
		Used      pos.Money    `json:"used"`
		Voucher   string       `json:"voucher"`
		Remainder pos.Money    `json:"remainder"`
	}
	jClosed struct {
		Report local.Report `json:"report"`
	}
)

func chf(minor int64) pos.Money { return pos.M(minor, "CHF") }
