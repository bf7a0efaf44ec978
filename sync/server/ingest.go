package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"guichet/local"
	"guichet/pos"
	"guichet/sync/api"
)

// PushResult is what a stored batch did.
type PushResult = api.PushResult

// RefusedError is a batch the server did not store. Expected/Hash say
// where the server's copy ends, so the register resends from there.
type RefusedError struct {
	Code     string       // "gap", "chain", "tampered", "key", "register", "malformed"
	Seq      uint64       // the entry at fault, when one is
	Reason   string       // a sentence
	Expected uint64       // the next sequence the server stores
	Hash     local.Digest // the hash that entry must chain to
}

func (e *RefusedError) Error() string { return e.Reason }

// Push stores a batch of the register's journal entries (stored form:
// canonical encoding then hash) in one transaction, with the projections
// they change. It is idempotent: an entry already stored (same sequence,
// same hash) is counted as a duplicate and ignored. Entries are verified
// before anything is stored: each hash, the register's name, the chain
// from the last stored entry without a gap, and a register.key entry
// against the key pinned at enrolment. A refused batch stores nothing.
func (s *Store) Push(ctx context.Context, reg Register, raw [][]byte) (PushResult, error) {
	entries := make([]local.Entry, 0, len(raw))
	stored := make(map[uint64][]byte, len(raw)) // seq -> the bytes as pushed (and checked)
	for i, v := range raw {
		e, err := local.DecodeEntry(v)
		if err != nil {
			return PushResult{}, &RefusedError{Code: "tampered", Seq: e.Seq, Reason: fmt.Sprintf("entry %d of the batch: %v", i+1, err)}
		}
		if e.Register != reg.Name {
			return PushResult{}, &RefusedError{Code: "register", Seq: e.Seq, Reason: fmt.Sprintf("entry %d belongs to register %q: a register pushes only its own journal (%s)", e.Seq, e.Register, reg.Name)}
		}
		entries = append(entries, e)
		stored[e.Seq] = v
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Seq < entries[j].Seq })
	// The same entry twice in one batch is one entry; two different ones
	// under one sequence are not the register's journal.
	uniq := entries[:0]
	for _, e := range entries {
		if n := len(uniq); n > 0 && uniq[n-1].Seq == e.Seq {
			if uniq[n-1].Hash != e.Hash {
				return PushResult{}, &RefusedError{Code: "tampered", Seq: e.Seq, Reason: fmt.Sprintf("the batch holds two different entries %d", e.Seq)}
			}
			continue
		}
		uniq = append(uniq, e)
	}
	entries = uniq

	var res PushResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var lastSeq uint64
		var lastHash []byte
		// NO KEY UPDATE: pushes of one register still wait on each other,
		// but a grant to it (whose row in grants references this one) does
		// not wait on a push that is waiting on the grant.
		if err := tx.QueryRow(ctx, `SELECT last_seq, last_hash FROM registers WHERE name = $1 AND revoked IS NULL FOR NO KEY UPDATE`, reg.Name).Scan(&lastSeq, &lastHash); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return ErrUnauthorized
			}
			return err
		}
		var prev local.Digest
		copy(prev[:], lastHash)
		refuse := func(code string, seq uint64, format string, args ...any) error {
			return &RefusedError{Code: code, Seq: seq, Reason: fmt.Sprintf(format, args...), Expected: lastSeq + 1, Hash: prev}
		}
		// Entries the server has: the same bytes, or a refusal.
		var dups []local.Entry
		for len(entries) > 0 && entries[0].Seq <= lastSeq {
			dups = append(dups, entries[0])
			entries = entries[1:]
		}
		if len(dups) > 0 {
			seqs := make([]int64, len(dups))
			for i, e := range dups {
				seqs[i] = int64(e.Seq)
			}
			rows, err := tx.Query(ctx, `SELECT seq, hash FROM entries WHERE register = $1 AND seq = ANY($2)`, reg.Name, seqs)
			if err != nil {
				return err
			}
			have := map[uint64][]byte{}
			for rows.Next() {
				var seq uint64
				var h []byte
				if err := rows.Scan(&seq, &h); err != nil {
					rows.Close()
					return err
				}
				have[seq] = h
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, e := range dups {
				if !bytes.Equal(have[e.Seq], e.Hash[:]) {
					return refuse("tampered", e.Seq, "entry %d differs from the entry %d the server stored: this journal was changed after it was pushed", e.Seq, e.Seq)
				}
			}
			res.Duplicates = len(dups)
		}
		var p projector
		p.register = reg.Name
		next := lastSeq + 1
		for _, e := range entries {
			if e.Seq != next {
				return refuse("gap", next, "the batch leaves a gap: the server has entries up to %d and the batch goes on at %d; send from %d", lastSeq, e.Seq, lastSeq+1)
			}
			if e.Prev != prev {
				return refuse("chain", e.Seq, "entry %d does not continue the chain the server stored (its previous hash differs): the journal was changed", e.Seq)
			}
			if e.Type == local.TypeRegisterKey {
				var k struct {
					PublicKey string `json:"public_key"`
				}
				pub, err := base64.RawURLEncoding.DecodeString(func() string { _ = json.Unmarshal(e.Payload, &k); return k.PublicKey }())
				if err != nil || !ed25519.PublicKey(pub).Equal(reg.PublicKey) {
					return refuse("key", e.Seq, "entry %d records a signing key that is not the one enrolled for register %s", e.Seq, reg.Name)
				}
			}
			if err := p.add(e, stored[e.Seq]); err != nil {
				return refuse("malformed", e.Seq, "entry %d: %v", e.Seq, err)
			}
			prev = e.Hash
			next++
		}
		res.Stored = len(entries)
		res.Next = next
		res.Hash = prev
		if len(entries) == 0 {
			_, err := tx.Exec(ctx, `UPDATE registers SET last_push = $2 WHERE name = $1`, reg.Name, s.now())
			return err
		}
		if err := p.flush(ctx, tx); err != nil {
			var pe *pgconn.PgError
			if errors.As(err, &pe) && pe.Code == "23505" {
				return refuse("tampered", 0, "an entry of the batch repeats an entry id or order the server stored already: %s", pe.Detail)
			}
			return err
		}
		last := entries[len(entries)-1]
		_, err := tx.Exec(ctx, `UPDATE registers SET last_seq = $2, last_hash = $3, last_time = $4, last_push = $5 WHERE name = $1`,
			reg.Name, int64(last.Seq), last.Hash[:], last.Time, s.now())
		return err
	})
	if err != nil {
		return PushResult{}, err
	}
	return res, nil
}

// projector turns entries into rows: inserted with COPY, then the
// updates (cancellations, exchanges, closures) in order.
type projector struct {
	register string
	entries  [][]any
	shifts   [][]any
	orders   [][]any
	tickets  [][]any
	payments [][]any
	updates  pgx.Batch
}

// The payloads as the journal writes them (local/views.go): a type is
// never renamed and a payload only gains fields, so reading the fields the
// reports need is safe.
type (
	orderPlaced struct {
		Order pos.Order `json:"order"`
	}
	paymentCaptured struct {
		Order   string      `json:"order"`
		Payment pos.Payment `json:"payment"`
	}
	orderCanceled struct {
		Order   string        `json:"order"`
		Tickets []pos.Ticket  `json:"tickets"`
		Refunds []pos.Payment `json:"refunds"`
	}
	exchangeMade struct {
		Tickets []pos.Ticket `json:"tickets"`
	}
	capacityReturned struct {
		Resources []struct {
			Resource string `json:"resource"`
			Count    int    `json:"count"`
			Reason   string `json:"reason"`
			Lease    int64  `json:"lease"`
		} `json:"resources"`
	}
	shiftOpened struct {
		Shift string `json:"shift"`
		Staff string `json:"staff"`
	}
)

func (p *projector) add(e local.Entry, data []byte) error {
	p.entries = append(p.entries, []any{p.register, int64(e.Seq), e.ID, e.Time, e.Type, e.Shift, e.Hash[:], data})
	switch e.Type {
	case local.TypeShiftOpened:
		var v shiftOpened
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		p.shifts = append(p.shifts, []any{p.register, v.Shift, v.Staff, e.Time})
	case local.TypeShiftClosed:
		p.updates.Queue(`UPDATE shifts SET closed = $3 WHERE register = $1 AND shift = $2`, p.register, e.Shift, e.Time)
	case local.TypeOrderPlaced:
		var v orderPlaced
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		o := v.Order
		var offer, code string
		if o.Offer != nil {
			offer, code = o.Offer.ID, o.Offer.Code
		}
		n := 0
		for _, t := range o.Tickets {
			if t.Kind == pos.LineTicket || t.Kind == pos.LinePass {
				n++
			}
			p.tickets = append(p.tickets, []any{t.Number, o.Number, p.register, t.Kind, t.Performance, t.Zone, t.Seat, t.Category, t.Item, t.Offer,
				t.Price.Amount, string(t.Price.Currency), local.TicketValid})
		}
		p.orders = append(p.orders, []any{o.Number, p.register, int64(e.Seq), e.Shift, e.Staff, e.Time, o.State, o.Total.Amount, string(o.Total.Currency), offer, code, n})
	case local.TypePaymentCaptured, local.TypePaymentValidated:
		var v paymentCaptured
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		p.payment(e, 0, v.Order, v.Payment, 1)
	case local.TypeOrderCanceled:
		var v orderCanceled
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		for i, r := range v.Refunds {
			p.payment(e, i, v.Order, r, -1)
		}
		p.updates.Queue(`UPDATE orders SET state = $2 WHERE number = $1`, v.Order, pos.OrderCanceled)
		p.ticketStates(v.Tickets, local.TicketCanceled)
	case local.TypeCapacityReturned:
		// Granted again only now that the entry is stored (same transaction).
		var v capacityReturned
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		for _, r := range v.Resources {
			switch r.Reason {
			case "reclaimed":
				// The register records what the server took back: done.
			case "expired":
				// Not again if the server took this lease back itself.
				p.updates.Queue(`UPDATE grants SET allot = allot - $3 WHERE register = $1 AND resource = $2 AND reclaimed IS DISTINCT FROM $4`,
					p.register, r.Resource, r.Count, time.UnixMicro(r.Lease).UTC())
			default:
				p.updates.Queue(`UPDATE grants SET allot = allot - $3 WHERE register = $1 AND resource = $2`, p.register, r.Resource, r.Count)
			}
		}
	case local.TypeExchangeMade:
		var v exchangeMade
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		p.ticketStates(v.Tickets, local.TicketExchanged)
	}
	return nil
}

func (p *projector) payment(e local.Entry, i int, order string, pay pos.Payment, sign int64) {
	p.payments = append(p.payments, []any{p.register, int64(e.Seq), i, order, e.Shift, e.Time, pay.Method, pay.Kind, sign * pay.Amount.Amount, string(pay.Amount.Currency)})
}

func (p *projector) ticketStates(ts []pos.Ticket, state string) {
	if len(ts) == 0 {
		return
	}
	nums := make([]string, len(ts))
	for i, t := range ts {
		nums[i] = t.Number
	}
	p.updates.Queue(`UPDATE tickets SET state = $2 WHERE number = ANY($1)`, nums, state)
}

func (p *projector) flush(ctx context.Context, tx pgx.Tx) error {
	copies := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"entries", []string{"register", "seq", "id", "at", "type", "shift", "hash", "data"}, p.entries},
		{"shifts", []string{"register", "shift", "staff", "opened"}, p.shifts},
		{"orders", []string{"number", "register", "seq", "shift", "staff", "placed", "state", "total", "currency", "offer", "code", "tickets"}, p.orders},
		{"tickets", []string{"number", "order_number", "register", "kind", "performance", "zone", "seat", "category", "item", "offer", "price", "currency", "state"}, p.tickets},
		{"payments", []string{"register", "seq", "idx", "order_number", "shift", "at", "method", "kind", "amount", "currency"}, p.payments},
	}
	for _, c := range copies {
		if len(c.rows) == 0 {
			continue
		}
		if len(c.rows) < 8 {
			// A few rows go faster as one INSERT than as a COPY round trip.
			if err := insertRows(ctx, tx, c.table, c.cols, c.rows); err != nil {
				return fmt.Errorf("store %s: %w", c.table, err)
			}
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
			return fmt.Errorf("store %s: %w", c.table, err)
		}
	}
	if p.updates.Len() > 0 {
		if err := tx.SendBatch(ctx, &p.updates).Close(); err != nil {
			return fmt.Errorf("update projections: %w", err)
		}
	}
	return nil
}

func insertRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "INSERT INTO %s (", table)
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c)
	}
	b.WriteString(") VALUES ")
	args := make([]any, 0, len(rows)*len(cols))
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j := range r {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", len(args)+1)
			args = append(args, r[j])
		}
		b.WriteString(")")
	}
	_, err := tx.Exec(ctx, b.String(), args...)
	return err
}

// Where is where the server's copy of a register's journal ends.
func (s *Store) Where(ctx context.Context, name string) (uint64, local.Digest, error) {
	var seq uint64
	var h []byte
	var d local.Digest
	err := s.pool.QueryRow(ctx, `SELECT last_seq, last_hash FROM registers WHERE name = $1`, name).Scan(&seq, &h)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, d, fmt.Errorf("register %s: %w", name, ErrUnknownRegister)
	}
	copy(d[:], h)
	return seq, d, err
}
