package server

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

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
	return s.PushTickets(ctx, reg, raw, nil)
}

// PushTickets is Push with the signatures of the tickets the batch issues
// (api.PushRequest.Tickets). The signature of a ticket a ticket.issued
// entry of the batch issues is stored with that ticket's row (tickets.sig),
// once, as the entry is: one that is not 64 bytes refuses the batch (code
// "ticket"); one for an entry already stored is not looked at again; one
// for a ticket the batch does not issue is ignored. The signature itself
// is checked when the ticket is to be e-mailed (Store.MailOrder), against
// the code rebuilt from the ticket's fields: the push is signed as a whole
// with the same key (http.go), and a verification a ticket (about 50 µs)
// would cost the ingest a third of its rate. A ticket pushed without its
// signature (an older register) is stored without one: the server cannot
// e-mail it.
func (s *Store) PushTickets(ctx context.Context, reg Register, raw [][]byte, tickets []local.SignedTicket) (PushResult, error) {
	codes := make(map[string][]byte, len(tickets))
	for _, t := range tickets {
		sig := t.Sig
		if sig == nil && t.QR != "" {
			// A register before signatures alone pushed the whole code.
			if sig, _ = local.CodeSignature(t.QR); sig == nil {
				sig = []byte{} // damaged: refused with its entry
			}
		}
		codes[t.Number] = sig
	}
	entries := make([]local.Entry, 0, len(raw))
	stored := make(map[uint64][]byte, len(raw)) // seq -> the bytes as pushed (and checked)
	for i, v := range raw {
		e, err := local.DecodeEntry(v)
		if err != nil {
			return PushResult{}, &RefusedError{Code: "tampered", Seq: e.Seq, Reason: fmt.Sprintf("entry %d of the batch cannot be read (%v): check the register's journal with guichet journal verify; if it is intact, call for help and give them this sentence", i+1, err)}
		}
		if e.Register != reg.Name {
			// Most often a register started without --register (K01)
			// and enrolled under the name meant for it.
			return PushResult{}, &RefusedError{Code: "register", Seq: e.Seq, Reason: fmt.Sprintf("entry %d belongs to register %q, and this token is register %s's: a register pushes only its own journal. "+
				"Enrol this machine under its journal's name (guichetd register add %s --key <its db>.pub) and give it that token; if %s is another machine, start this one on a new file with --register NAME and enrol it under that name",
				e.Seq, e.Register, reg.Name, e.Register, e.Register)}
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

	// The rows are prepared before anything is sent to the database
	// (parsing payloads is most of the work).
	p, perr := project(reg, entries, stored, codes, reg.stored)
	var res PushResult
	if perr == nil && p.updates.Len() == 0 && len(entries) > 0 && entries[0].Seq > reg.stored &&
		chain(reg, entries, reg.stored, reg.storedHash) == nil {
		// The batch continues the journal where it ended at
		// authentication: stored in one statement, which stores nothing
		// if another push moved the end meanwhile (then checked again
		// below, under a lock).
		last := entries[len(entries)-1]
		applied, err := s.storeContinuing(ctx, p, reg.stored, last)
		if err != nil {
			return PushResult{}, duplicateKey(err)
		}
		if applied {
			return PushResult{Stored: len(entries), Next: last.Seq + 1, Hash: last.Hash}, nil
		}
	}

	err := s.inTx(ctx, reg.Name, func(conn *pgxpool.Conn, lastSeq uint64, lastHash []byte) (*pgx.Batch, error) {
		var prev local.Digest
		copy(prev[:], lastHash)
		refuse := func(code string, seq uint64, format string, args ...any) error {
			return &RefusedError{Code: code, Seq: seq, Reason: fmt.Sprintf(format, args...), Expected: lastSeq + 1, Hash: prev}
		}
		if lastSeq != reg.stored {
			p, perr = project(reg, entries, stored, codes, lastSeq) // another push moved the end
		}
		// Entries the server has: the same bytes, or a refusal.
		restarted := slices.ContainsFunc(entries, func(e local.Entry) bool { return e.Type == local.TypeJournalRestarted })
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
			rows, err := conn.Query(ctx, `SELECT seq, hash FROM entries WHERE register = $1 AND seq = ANY($2)`, reg.Name, seqs)
			if err != nil {
				return nil, err
			}
			have := map[uint64][]byte{}
			for rows.Next() {
				var seq uint64
				var h []byte
				if err := rows.Scan(&seq, &h); err != nil {
					rows.Close()
					return nil, err
				}
				have[seq] = h
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
			for _, e := range dups {
				if bytes.Equal(have[e.Seq], e.Hash[:]) {
					continue
				}
				if e.Seq == 1 || restarted {
					// Another journal from its start: a register whose
					// journal was lost, started again under its name
					// (guichet --new-journal). Entries are keyed by name
					// and sequence: it can never push under this name.
					return nil, refuse("tampered", e.Seq, "entry %d differs from the entry %d the server stored under register %s: this is a new journal under the name of one the server keeps (a register started again with --new-journal, or on a new file), and it cannot be pushed under that name. "+
						"Sell from this register under a new name: on the server, guichetd register retire %s (the old journal stays stored and in the reports), then start the register on a new file with a new name (--register) and enrol it with guichetd register add",
						e.Seq, e.Seq, reg.Name, reg.Name)
				}
				return nil, refuse("tampered", e.Seq, "entry %d differs from the entry %d the server stored: this journal was changed after it was pushed", e.Seq, e.Seq)
			}
			res.Duplicates = len(dups)
		}
		if err := chain(reg, entries, lastSeq, prev); err != nil {
			return nil, err
		}
		if perr != nil {
			// the detail is the payload check's, in English: the sentence
			// ends with what to do, which the register says in its language
			return nil, refuse(cmp.Or(perr.code, "malformed"), perr.seq, "entry %d cannot be taken by the server (%v): update guichetd to the register's version or a newer one; if it is, call for help and give them this sentence", perr.seq, perr.err)
		}
		res.Stored = len(entries)
		res.Next = lastSeq + 1 + uint64(len(entries))
		res.Hash = prev
		if len(entries) > 0 {
			res.Hash = entries[len(entries)-1].Hash
		}
		if len(entries) == 0 {
			b := &pgx.Batch{}
			b.Queue(`UPDATE registers SET last_push = $2 WHERE name = $1`, reg.Name, s.now())
			return b, nil
		}
		return p.batch(entries[len(entries)-1], s.now()), nil
	})
	if err != nil {
		return PushResult{}, duplicateKey(err)
	}
	return res, nil
}

// duplicateKey is a batch that would store an entry id or an order the
// server has already (under another sequence) refused as a changed journal.
func duplicateKey(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return &RefusedError{Code: "tampered", Reason: fmt.Sprintf("an entry of the batch repeats an entry id or order the server stored already: %s", pe.Detail)}
	}
	return err
}

// chain checks that entries, sorted and after lastSeq, continue the
// journal stored up to lastSeq (whose last hash is prev) without a gap,
// and that a register.key entry records the key pinned at enrolment.
func chain(reg Register, entries []local.Entry, lastSeq uint64, prev local.Digest) error {
	refuse := func(code string, seq uint64, format string, args ...any) error {
		return &RefusedError{Code: code, Seq: seq, Reason: fmt.Sprintf(format, args...), Expected: lastSeq + 1, Hash: prev}
	}
	hash := prev
	next := lastSeq + 1
	for _, e := range entries {
		if e.Seq != next {
			return refuse("gap", next, "the batch leaves a gap: the server has entries up to %d and the batch goes on at %d; send from %d", lastSeq, e.Seq, lastSeq+1)
		}
		if e.Prev != hash {
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
		hash = e.Hash
		next++
	}
	return nil
}

// inTx runs a push's transaction in two round trips: BEGIN with the
// register's row locked and read, then, after check has looked at it, the
// statements it returns and COMMIT in one pipeline. Anything that fails
// rolls back (a refusal, a duplicate key).
func (s *Store) inTx(ctx context.Context, reg string, check func(conn *pgxpool.Conn, lastSeq uint64, lastHash []byte) (*pgx.Batch, error)) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release() // a connection left in a transaction is closed, not reused
	committed := false
	defer func() {
		if !committed {
			_, _ = conn.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	// NO KEY UPDATE: pushes of one register still wait on each other, but
	// a grant to it (whose row in grants references this one) does not
	// wait on a push that is waiting on the grant.
	b.Queue(`SELECT last_seq, last_hash FROM registers WHERE name = $1 AND revoked IS NULL FOR NO KEY UPDATE`, reg)
	br := conn.SendBatch(ctx, b)
	var lastSeq uint64
	var lastHash []byte
	_, err = br.Exec()
	if err == nil {
		err = br.QueryRow().Scan(&lastSeq, &lastHash)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrUnauthorized
	}
	if err != nil {
		return err
	}
	stmts, err := check(conn, lastSeq, lastHash)
	if err != nil {
		return err
	}
	stmts.Queue("COMMIT")
	if err := conn.SendBatch(ctx, stmts).Close(); err != nil {
		return fmt.Errorf("store the batch: %w", err)
	}
	committed = true
	return nil
}

// projectErr is an entry whose payload the projections cannot read.
type projectErr struct {
	seq  uint64
	err  error
	code string // "" malformed; "ticket": a ticket's signature that cannot be one
}

// ticketCodeError is a ticket's pushed signature that cannot be one.
type ticketCodeError struct{ err error }

func (e ticketCodeError) Error() string { return e.err.Error() }

// project prepares the rows of the entries after seq.
func project(reg Register, entries []local.Entry, data map[uint64][]byte, codes map[string][]byte, after uint64) (*projector, *projectErr) {
	p := newProjector(reg.Name, codes, len(entries))
	for _, e := range entries {
		if e.Seq <= after {
			continue
		}
		if err := p.add(e, data[e.Seq]); err != nil {
			pe := &projectErr{seq: e.Seq, err: err}
			if errors.As(err, new(ticketCodeError)) {
				pe.code = "ticket"
			}
			return p, pe
		}
	}
	return p, nil
}

// newProjector is a projector for n entries of register.
func newProjector(register string, codes map[string][]byte, n int) *projector {
	p := &projector{register: register, codes: codes}
	en := &p.entries
	en.seq, en.id, en.at = make([]int64, 0, n), make([][16]byte, 0, n), make([]time.Time, 0, n)
	en.typ, en.shift, en.hash, en.data = make([]string, 0, n), make([]string, 0, n), make([][]byte, 0, n), make([][]byte, 0, n)
	return p
}

// projector turns entries into rows, one column at a time: each table's
// rows go in with one INSERT ... SELECT FROM unnest (storeContinuing: all
// in one statement; batch: the inserts, then the updates in order, then
// the register's new end, sent at once in a pipeline).
type projector struct {
	register string
	// replay: the entries are stored already and their rows are rebuilt
	// (Store.Rebuild): the entries table, the outbox and the grants are
	// left as they are (see rebuild.go for why).
	replay  bool
	codes   map[string][]byte // ticket number -> its signature, as pushed
	entries struct {
		seq        []int64
		id         [][16]byte
		typ, shift []string
		at         []time.Time
		hash, data [][]byte
	}
	shifts struct {
		shift, staff []string
		opened       []time.Time
	}
	orders struct {
		number, shift, staff, state, currency, offer, code []string
		seq, total                                         []int64
		placed                                             []time.Time
		tickets                                            []int32
		// E-mail (007_mail_orders_in_orders.sql): the state as e-mails
		// see it, the customer, an invoice's deadline.
		mailState, customer []string
		deadline            []*time.Time
	}
	tickets struct {
		number, order, kind, performance, zone, seat, category, item, offer, offerItem, currency, state []string
		price                                                                                           []int64

		sig [][]byte       // nil: none (NULL)
		at  map[string]int // number -> its row
	}
	payments struct {
		seq, amount                          []int64
		idx                                  []int32
		order, shift, method, kind, currency []string
		at                                   []time.Time
	}
	// E-mail (005_email.sql, 006_ticket_sigs.sql): what composing and
	// scheduling need. lateSigs are the signatures of tickets stored by an
	// earlier push (their order.placed entry): set on their rows.
	lateSigs struct {
		number []string
		sig    [][]byte
	}
	customers struct {
		id  []string
		seq []int64
		at  map[string]int // id -> its row: one row an id a statement
	}
	outbox struct {
		id, order, kind []string
		msg             []string
		queued          []time.Time
	}
	updates pgx.Batch
}

// The payloads as the journal writes them (local/views.go): a type is
// never renamed and a payload only gains fields, so reading the fields the
// reports need is safe.
type (
	// orderPlaced reads only what the projections keep of the order: its lines,
	// payments, fees and VAT are skipped, not decoded.
	orderPlaced struct {
		Order struct {
			Number   string        `json:"number"`
			State    string        `json:"state"`
			Total    pos.Money     `json:"total"`
			Customer string        `json:"customer"`
			Deadline time.Time     `json:"deadline"`
			Offer    *orderOffer   `json:"offer"`
			Lines    []orderLine   `json:"lines"`
			Tickets  []orderTicket `json:"tickets"`
		} `json:"order"`
	}
	orderOffer struct {
		ID   string `json:"id"`
		Code string `json:"code"`
	}
	orderLine struct {
		OfferItem string `json:"offer_item"`
	}
	orderTicket struct {
		Number      string    `json:"number"`
		Kind        string    `json:"kind"`
		Line        int       `json:"line"`
		Performance string    `json:"performance"`
		Zone        string    `json:"zone"`
		Seat        string    `json:"seat"`
		Category    string    `json:"category"`
		Item        string    `json:"item"`
		Offer       string    `json:"offer"`
		Price       pos.Money `json:"price"`
	}
	paymentCaptured struct {
		Order   string      `json:"order"`
		Payment pos.Payment `json:"payment"`
	}
	orderCanceled struct {
		Order   string        `json:"order"`
		Tickets []pos.Ticket  `json:"tickets"`
		Refunds []pos.Payment `json:"refunds"`
		Partial bool          `json:"partial"`
	}
	orderCustomer struct {
		Order    string `json:"order"`
		Customer string `json:"customer"`
	}
	customerSaved struct {
		Customer struct {
			ID string `json:"id"`
		} `json:"customer"`
	}
	emailDone struct {
		ID        string `json:"id"`
		Reply     string `json:"reply"`
		Reason    string `json:"reason"`
		Permanent bool   `json:"permanent"`
	}
	exchangeMade struct {
		Tickets []pos.Ticket `json:"tickets"`
	}
	capacityGranted struct {
		Central []struct {
			Resource string `json:"resource"`
			Add      int    `json:"add"`
			Lease    int64  `json:"lease"`
		} `json:"central"`
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
	// ticketIssued reads the ticket's number and, in older journals, its code.
	ticketIssued struct {
		Ticket struct {
			Number string `json:"number"`
		} `json:"ticket"`
		QR string `json:"qr"`
	}
)

func (p *projector) add(e local.Entry, data []byte) error {
	if !p.replay {
		en := &p.entries
		en.seq = append(en.seq, int64(e.Seq))
		en.id = append(en.id, e.ID)
		en.at = append(en.at, e.Time)
		en.typ = append(en.typ, e.Type)
		en.shift = append(en.shift, e.Shift)
		en.hash = append(en.hash, e.Hash[:])
		en.data = append(en.data, data)
	}
	switch e.Type {
	case local.TypeShiftOpened:
		var v shiftOpened
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		p.shifts.shift = append(p.shifts.shift, v.Shift)
		p.shifts.staff = append(p.shifts.staff, v.Staff)
		p.shifts.opened = append(p.shifts.opened, e.Time)
	case local.TypeShiftClosed:
		p.updates.Queue(`UPDATE shifts SET closed = $3 WHERE register = $1 AND shift = $2`, p.register, e.Shift, e.Time)
	case local.TypeOrderPlaced:
		var v orderPlaced
		if err := decodePayload(e.Payload, &v, readOrderPlaced); err != nil {
			return err
		}
		o := v.Order
		var offer, code string
		if o.Offer != nil {
			offer, code = o.Offer.ID, o.Offer.Code
		}
		n := 0
		ts := &p.tickets
		for _, t := range o.Tickets {
			if t.Kind == pos.LineTicket || t.Kind == pos.LinePass {
				n++
			}
			ts.number = append(ts.number, t.Number)
			ts.order = append(ts.order, o.Number)
			ts.kind = append(ts.kind, t.Kind)
			ts.performance = append(ts.performance, t.Performance)
			ts.zone = append(ts.zone, t.Zone)
			ts.seat = append(ts.seat, t.Seat)
			ts.category = append(ts.category, t.Category)
			ts.item = append(ts.item, t.Item)
			ts.offer = append(ts.offer, t.Offer)
			// The scope item it counted under, as the register counts it
			// (local's promo_items view).
			item := ""
			if t.Offer != "" && (t.Kind == pos.LineTicket || t.Kind == pos.LinePass) && t.Line >= 0 && t.Line < len(o.Lines) {
				item = o.Lines[t.Line].OfferItem
			}
			ts.offerItem = append(ts.offerItem, item)
			ts.price = append(ts.price, t.Price.Amount)
			ts.currency = append(ts.currency, string(t.Price.Currency))
			ts.state = append(ts.state, local.TicketValid)
			ts.sig = append(ts.sig, nil)
			if ts.at == nil {
				ts.at = map[string]int{}
			}
			ts.at[t.Number] = len(ts.number) - 1
		}
		ord := &p.orders
		ord.number = append(ord.number, o.Number)
		ord.seq = append(ord.seq, int64(e.Seq))
		ord.shift = append(ord.shift, e.Shift)
		ord.staff = append(ord.staff, e.Staff)
		ord.placed = append(ord.placed, e.Time)
		ord.state = append(ord.state, o.State)
		ord.total = append(ord.total, o.Total.Amount)
		ord.currency = append(ord.currency, string(o.Total.Currency))
		ord.offer = append(ord.offer, offer)
		ord.code = append(ord.code, code)
		ord.tickets = append(ord.tickets, int32(n))
		ord.mailState = append(ord.mailState, o.State)
		ord.customer = append(ord.customer, o.Customer)
		var deadline *time.Time
		if o.State == pos.OrderPending && !o.Deadline.IsZero() {
			deadline = &o.Deadline
		}
		ord.deadline = append(ord.deadline, deadline)
	case local.TypePaymentCaptured, local.TypePaymentValidated:
		var v paymentCaptured
		if err := decodePayload(e.Payload, &v, readPaymentCaptured); err != nil {
			return err
		}
		p.payment(e, 0, v.Order, v.Payment, 1)
		if e.Type == local.TypePaymentValidated {
			p.orderState(v.Order, pos.OrderPaid)
		}
	case local.TypeOrderLapsed:
		// As the register's views: the order lapsed, its tickets are
		// released (seats, places, offer quota) and so is its code's use.
		var v orderCanceled
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		for i, r := range v.Refunds { // a voucher that paid beside the invoice
			p.payment(e, i, v.Order, r, -1)
		}
		p.orderState(v.Order, pos.OrderLapsed)
		p.ticketStates(v.Tickets, local.TicketCanceled)
	case local.TypeOrderCustomer:
		var v orderCustomer
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		p.updates.Queue(`UPDATE mail_orders SET customer = $2 WHERE number = $1`, v.Order, v.Customer)
	case local.TypeCustomerSaved:
		var v customerSaved
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		c := &p.customers
		if c.at == nil {
			c.at = map[string]int{}
		}
		if i, ok := c.at[v.Customer.ID]; ok {
			c.seq[i] = int64(e.Seq)
		} else {
			c.at[v.Customer.ID] = len(c.id)
			c.id = append(c.id, v.Customer.ID)
			c.seq = append(c.seq, int64(e.Seq))
		}
	case local.TypeTicketIssued:
		// Only the ticket's number is read: the signature goes with the
		// ticket's row, whose fields came with its order.placed entry.
		var v ticketIssued
		if err := decodePayload(e.Payload, &v, readTicketIssued); err != nil {
			return err
		}
		num := v.Ticket.Number
		var sig []byte
		if v.QR != "" {
			// An older journal stored the code itself: its signature is kept
			// (a damaged code is not: that ticket cannot be e-mailed).
			if sig, _ = local.CodeSignature(v.QR); sig == nil {
				return nil
			}
		} else if c, ok := p.codes[num]; !ok {
			return nil // pushed without its signature: it cannot be e-mailed from here
		} else if len(c) != ed25519.SignatureSize {
			return ticketCodeError{fmt.Errorf("the signature pushed for ticket %s is not an Ed25519 signature (%d bytes, not %d) (register %s)", num, len(c), ed25519.SignatureSize, p.register)}
		} else {
			sig = c
		}
		if i, ok := p.tickets.at[num]; ok {
			p.tickets.sig[i] = sig
		} else {
			p.lateSigs.number = append(p.lateSigs.number, num)
			p.lateSigs.sig = append(p.lateSigs.sig, sig)
		}
	case local.TypeEmailQueued:
		if p.replay {
			return nil // the outbox is the server's sending state: kept
		}
		var v local.OutboxMessage
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		ob := &p.outbox
		ob.id = append(ob.id, v.ID)
		ob.order = append(ob.order, v.Order)
		ob.kind = append(ob.kind, v.Kind)
		ob.msg = append(ob.msg, string(e.Payload))
		ob.queued = append(ob.queued, e.Time)
	case local.TypeEmailSent, local.TypeEmailFailed:
		// The register sent it itself (it ran alone when it did): the
		// server does not send it again.
		if p.replay {
			return nil
		}
		var v emailDone
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		switch {
		case e.Type == local.TypeEmailSent:
			p.updates.Queue(`UPDATE outbox SET state = 'sent', sent = $2, reply = $3 WHERE id = $1 AND state <> 'sent'`, v.ID, e.Time, v.Reply)
		case v.Permanent:
			p.updates.Queue(`UPDATE outbox SET state = 'refused', last_error = $2 WHERE id = $1 AND state = 'waiting'`, v.ID, v.Reason)
		}
	case local.TypeOrderCanceled:
		var v orderCanceled
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		for i, r := range v.Refunds {
			p.payment(e, i, v.Order, r, -1)
		}
		if !v.Partial {
			// A partial cancel leaves the order standing, as at the
			// register: its code stays used (soldBy, codeUses).
			p.orderState(v.Order, pos.OrderCanceled)
		}
		p.ticketStates(v.Tickets, local.TicketCanceled)
	case local.TypeCapacityGranted:
		// The server granted it: counted then, in grants, whose expires
		// names the register's last lease. A lease the server has no
		// record of (its database restored from an older backup) was
		// granted all the same and the register sells from it: counted
		// now, once (its expires moves to it), before the returns that
		// follow it in the journal are taken off; what the register said
		// it held (grants.held) grows as much, or the server would take
		// the lease for places given back (Grant). With no row of it (the
		// backup was taken before the register held any), held is the
		// lease's add, as the lost row said (what the journal holds once
		// the answer is journaled: nothing before it), not NULL, which
		// says the register never told.
		if p.replay {
			return nil // grants are kept
		}
		var v capacityGranted
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		for _, l := range v.Central {
			if l.Lease == 0 {
				continue
			}
			p.updates.Queue(`INSERT INTO grants (register, resource, allot, expires, held) VALUES ($1, $2, $3, $4, $3)
				ON CONFLICT (register, resource) DO UPDATE SET allot = grants.allot + EXCLUDED.allot, expires = EXCLUDED.expires,
					held = grants.held + EXCLUDED.allot
				WHERE grants.expires < EXCLUDED.expires`,
				p.register, l.Resource, l.Add, time.UnixMicro(l.Lease).UTC())
			// Journaled: never taken back as a lost answer (Grant), even by
			// a register whose journal was put back to an older copy.
			p.updates.Queue(`UPDATE grants SET last_add = 0 WHERE register = $1 AND resource = $2 AND last_lease <= $3 AND last_add > 0`,
				p.register, l.Resource, time.UnixMicro(l.Lease).UTC())
		}
	case local.TypeCapacityReturned:
		// Granted again only now that the entry is stored (same transaction).
		if p.replay {
			return nil // counted once, when it was stored: grants are kept
		}
		var v capacityReturned
		if err := json.Unmarshal(e.Payload, &v); err != nil {
			return err
		}
		for _, r := range v.Resources {
			switch r.Reason {
			case "reclaimed":
				// The register records what the server took back: done.
			case "expired":
				// Not again if the server took this lease back itself, or a
				// later one: a register that never recorded its last renewal
				// (the answer lost) returns under an older lease what the
				// server's taking back of the later one already took.
				p.updates.Queue(`UPDATE grants SET allot = allot - $3 WHERE register = $1 AND resource = $2 AND (reclaimed IS NULL OR reclaimed < $4)`,
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
	ps := &p.payments
	ps.seq = append(ps.seq, int64(e.Seq))
	ps.idx = append(ps.idx, int32(i))
	ps.order = append(ps.order, order)
	ps.shift = append(ps.shift, e.Shift)
	ps.at = append(ps.at, e.Time)
	ps.method = append(ps.method, pay.Method)
	ps.kind = append(ps.kind, pay.Kind)
	ps.amount = append(ps.amount, sign*pay.Amount.Amount)
	ps.currency = append(ps.currency, string(pay.Amount.Currency))
}

// orderState is an order's state as the register's views have it after
// the entry: the reports' state and, for orders stored since migration
// 007, what e-mails follow (mail_state, NULL before).
func (p *projector) orderState(order, state string) {
	p.updates.Queue(`UPDATE orders SET state = $2, mail_state = CASE WHEN mail_state IS NULL THEN NULL ELSE $2 END WHERE number = $1`, order, state)
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

// table is one table's rows as columns, for INSERT ... SELECT FROM unnest.
type table struct {
	name   string
	cols   []string // after register
	types  []string // the columns' types
	vals   []any    // one slice a column
	suffix string   // after the insert (ON CONFLICT ...)
}

func (p *projector) tables() []table {
	en, sh, o, t, ps := &p.entries, &p.shifts, &p.orders, &p.tickets, &p.payments
	all := []table{
		{"entries", []string{"seq", "id", "at", "type", "shift", "hash", "data"},
			[]string{"bigint", "uuid", "timestamptz", "text", "text", "bytea", "bytea"},
			[]any{en.seq, en.id, en.at, en.typ, en.shift, en.hash, en.data}, ""},
		{"shifts", []string{"shift", "staff", "opened"}, []string{"text", "text", "timestamptz"}, []any{sh.shift, sh.staff, sh.opened}, ""},
		{"orders", []string{"number", "seq", "shift", "staff", "placed", "state", "total", "currency", "offer", "code", "tickets", "mail_state", "customer", "deadline"},
			[]string{"text", "bigint", "text", "text", "timestamptz", "text", "bigint", "text", "text", "text", "int", "text", "text", "timestamptz"},
			[]any{o.number, o.seq, o.shift, o.staff, o.placed, o.state, o.total, o.currency, o.offer, o.code, o.tickets, o.mailState, o.customer, o.deadline}, ""},
		{"tickets", []string{"number", "order_number", "kind", "performance", "zone", "seat", "category", "item", "offer", "offer_item", "price", "currency", "state", "sig"},
			[]string{"text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "bigint", "text", "text", "bytea"},
			[]any{t.number, t.order, t.kind, t.performance, t.zone, t.seat, t.category, t.item, t.offer, t.offerItem, t.price, t.currency, t.state, t.sig}, ""},
		{"payments", []string{"seq", "idx", "order_number", "shift", "at", "method", "kind", "amount", "currency"},
			[]string{"bigint", "int", "text", "text", "timestamptz", "text", "text", "bigint", "text"},
			[]any{ps.seq, ps.idx, ps.order, ps.shift, ps.at, ps.method, ps.kind, ps.amount, ps.currency}, ""},
		{"customers", []string{"id", "seq"}, []string{"text", "bigint"}, []any{p.customers.id, p.customers.seq},
			" ON CONFLICT (id) DO UPDATE SET register = EXCLUDED.register, seq = EXCLUDED.seq"},
		// A message already in the outbox (queued by a register that ran
		// alone, then joined) is not queued twice.
		{"outbox", []string{"id", "order_number", "kind", "msg", "queued", "next"}, []string{"text", "text", "text", "jsonb", "timestamptz", "timestamptz"},
			[]any{p.outbox.id, p.outbox.order, p.outbox.kind, p.outbox.msg, p.outbox.queued, p.outbox.queued}, " ON CONFLICT (id) DO NOTHING"},
	}
	out := all[:0]
	for _, tb := range all {
		if reflect.ValueOf(tb.vals[0]).Len() > 0 {
			out = append(out, tb)
		}
	}
	return out
}

// insert is the INSERT of tb's rows with the register from reg (an
// expression) and its columns as parameters numbered after args, which it
// extends; from joins a table before the rows ("g, ": only if g has a row).
func (tb table) insert(reg, from string, args *[]any) string {
	var q strings.Builder
	fmt.Fprintf(&q, "INSERT INTO %s (register, %s) SELECT %s, u.* FROM %sunnest(", tb.name, strings.Join(tb.cols, ", "), reg, from)
	for i, typ := range tb.types {
		if i > 0 {
			q.WriteString(", ")
		}
		*args = append(*args, tb.vals[i])
		fmt.Fprintf(&q, "$%d::%s[]", len(*args), typ)
	}
	q.WriteString(") AS u")
	q.WriteString(tb.suffix)
	return q.String()
}

// setLateSigs is the UPDATE that sets the signatures of tickets an
// earlier push stored (lateSigs) on their rows, the register's own only,
// with the register from reg and parameters numbered after args; from as
// for insert. "" when there are none.
func (p *projector) setLateSigs(reg, from string, args *[]any) string {
	if len(p.lateSigs.number) == 0 {
		return ""
	}
	*args = append(*args, p.lateSigs.number, p.lateSigs.sig)
	return fmt.Sprintf(`UPDATE tickets t SET sig = u.sig FROM %sunnest($%d::text[], $%d::bytea[]) AS u(number, sig)
		WHERE t.number = u.number AND t.register = %s`, from, len(*args)-1, len(*args), reg)
}

// batch is the statements that store the rows and updates, then move the
// register's end to last.
func (p *projector) batch(last local.Entry, pushed time.Time) *pgx.Batch {
	b := &pgx.Batch{}
	for _, tb := range p.tables() {
		args := []any{p.register}
		b.Queue(tb.insert("$1", "", &args), args...)
	}
	args := []any{p.register}
	if q := p.setLateSigs("$1", "", &args); q != "" {
		b.Queue(q, args...)
	}
	b.QueuedQueries = append(b.QueuedQueries, p.updates.QueuedQueries...)
	b.Queue(`UPDATE registers SET last_seq = $2, last_hash = $3, last_time = $4, last_push = $5 WHERE name = $1`,
		p.register, int64(last.Seq), last.Hash[:], last.Time, pushed)
	return b
}

// storeContinuing stores a batch that continues the register's journal
// stored up to after (with no updates to make) in one statement and one
// round trip: the register's end moves from after to last only if it is
// still at after, and the rows go in only if it moved. applied is false
// when another push moved the end first: nothing was stored.
// With the token's, a batch costs two statements and two round trips,
// where a transaction of BEGIN, lock, inserts, update and COMMIT took
// eight; a connection is held for one of them.
func (s *Store) storeContinuing(ctx context.Context, p *projector, after uint64, last local.Entry) (applied bool, err error) {
	args := []any{p.register, int64(after), int64(last.Seq), last.Hash[:], last.Time, s.now()}
	var q strings.Builder
	q.WriteString(`WITH g AS (UPDATE registers SET last_seq = $3, last_hash = $4, last_time = $5, last_push = $6
		WHERE name = $1 AND last_seq = $2 AND revoked IS NULL RETURNING name)`)
	for i, tb := range p.tables() {
		fmt.Fprintf(&q, ",\n i%d AS (%s)", i, tb.insert("g.name", "g, ", &args))
	}
	if u := p.setLateSigs("g.name", "g, ", &args); u != "" {
		fmt.Fprintf(&q, ",\n s AS (%s)", u)
	}
	q.WriteString("\nSELECT count(*) FROM g")
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Release()
	// Prepared once a connection (the statement's text is the same for
	// every push that writes the same tables), its parameters encoded
	// here (pgbinary.go).
	sql := q.String()
	sd, err := conn.Conn().Prepare(ctx, sql, sql)
	if err != nil {
		return false, fmt.Errorf("store the batch: %w", err)
	}
	if len(sd.ParamOIDs) != len(args) {
		return false, fmt.Errorf("store the batch: the statement takes %d parameters, not %d", len(sd.ParamOIDs), len(args))
	}
	params := make([][]byte, len(args))
	for i, a := range args {
		if params[i], err = binParam(a, sd.ParamOIDs[i]); err != nil {
			return false, fmt.Errorf("store the batch: parameter %d: %w", i+1, err)
		}
	}
	res := conn.Conn().PgConn().ExecStatement(ctx, sd, params, []int16{1}, nil).Read()
	if res.Err != nil {
		return false, fmt.Errorf("store the batch: %w", res.Err)
	}
	if len(res.Rows) != 1 || len(res.Rows[0]) != 1 {
		return false, fmt.Errorf("store the batch: the statement answered %d rows", len(res.Rows))
	}
	return string(res.Rows[0][0]) == "1", nil
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
