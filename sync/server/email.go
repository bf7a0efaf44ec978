package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"guichet/local"
	"guichet/pos"
)

// The central outbox (004_email.sql). Registers of a central server only
// queue: their email.queued entries arrive by push and go in the outbox;
// the server's own schedule (invoice reminders, the e-mail before the
// show) queues beside them. A sender (package sync/centralmail) claims a
// message due, hands it to the mail server, and records what happened.

// Outbox states: a register's (local.EmailWaiting, EmailSent,
// EmailRefused), and sending while a sender holds the message's claim.
const MailSending = "sending"

// MailMessage is a message of the central outbox.
type MailMessage struct {
	local.OutboxMessage
	// Register is the register that queued it; "": the server's schedule.
	Register string `json:"register,omitempty"`
}

// QueueMail puts a message the server scheduled in the outbox, once: a
// message with that id already there is left as it is (queued false).
func (s *Store) QueueMail(ctx context.Context, m local.OutboxMessage, now time.Time) (queued bool, err error) {
	m.Queued, m.State = now, local.EmailWaiting
	msg, err := json.Marshal(m)
	if err != nil {
		return false, err
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO outbox (id, register, order_number, kind, msg, queued, next) VALUES ($1, '', $2, $3, $4, $5, $5)
		ON CONFLICT (id) DO NOTHING`, m.ID, m.Order, m.Kind, string(msg), now)
	if err != nil {
		return false, fmt.Errorf("queue e-mail %s: %w", m.ID, err)
	}
	return tag.RowsAffected() == 1, nil
}

const mailColumns = `id, register, msg, queued, state, attempts, next, last_error, sent, reply`

func scanMail(row pgx.Row) (MailMessage, error) {
	var m MailMessage
	var msg []byte
	var sent *time.Time
	var state, lastError, reply string
	var attempts int
	var queued, next time.Time
	if err := row.Scan(&m.ID, &m.Register, &msg, &queued, &state, &attempts, &next, &lastError, &sent, &reply); err != nil {
		return m, err
	}
	if err := json.Unmarshal(msg, &m.OutboxMessage); err != nil {
		return m, fmt.Errorf("e-mail %s: its record is damaged: %w", m.ID, err)
	}
	m.Queued, m.State, m.Attempts, m.Next, m.LastError, m.Reply = queued, state, attempts, next, lastError, reply
	m.Seq = 0
	if sent != nil {
		m.Sent = *sent
	}
	if state == local.EmailSent || state == local.EmailRefused {
		m.Next = time.Time{}
	}
	return m, nil
}

// ClaimMail takes the oldest message due at now (waiting and its next try
// come, or sending under a claim that ran out: its sender died) for the
// sender by, until now+lease: in one transaction that locks the row
// (SKIP LOCKED: two servers never take the same message), so only one
// sender holds a message at a time. ok is false when nothing is due.
func (s *Store) ClaimMail(ctx context.Context, by string, now time.Time, lease time.Duration) (m MailMessage, ok bool, err error) {
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		row := tx.QueryRow(ctx, `SELECT `+mailColumns+` FROM outbox
			WHERE (state = 'waiting' AND next <= $1) OR (state = 'sending' AND claimed_until <= $1)
			ORDER BY next, id LIMIT 1 FOR UPDATE SKIP LOCKED`, now)
		var err error
		m, err = scanMail(row)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		_, err = tx.Exec(ctx, `UPDATE outbox SET state = 'sending', claimed_by = $2, claimed_until = $3 WHERE id = $1`, m.ID, by, now.Add(lease))
		return err
	})
	if err != nil {
		return MailMessage{}, false, fmt.Errorf("claim an e-mail: %w", err)
	}
	return m, ok, nil
}

// ErrMailClaimLost: the message's claim is no longer this sender's.
var ErrMailClaimLost = errors.New("the e-mail's claim ran out and another sender took it")

// MailSent records that the mail server took a message the sender by
// holds: final, never sent again.
func (s *Store) MailSent(ctx context.Context, id, by, reply string, now time.Time) error {
	return s.mailDone(ctx, `UPDATE outbox SET state = 'sent', sent = $3, reply = $4, claimed_until = NULL
		WHERE id = $1 AND state = 'sending' AND claimed_by = $2`, id, by, now, pos.Clean(reply, false))
}

// MailFailed records a failed try of a message the sender by holds:
// refused for good when permanent (a 5xx, or nothing left to send), else
// waiting again until next.
func (s *Store) MailFailed(ctx context.Context, id, by, reason string, permanent bool, next time.Time) error {
	state := local.EmailWaiting
	if permanent {
		state = local.EmailRefused
	}
	return s.mailDone(ctx, `UPDATE outbox SET state = $3, attempts = attempts + 1, last_error = $4, next = $5, claimed_until = NULL
		WHERE id = $1 AND state = 'sending' AND claimed_by = $2`, id, by, state, pos.Clean(reason, false), next)
}

func (s *Store) mailDone(ctx context.Context, sql string, args ...any) error {
	tag, err := s.pool.Exec(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("record e-mail %s: %w", args[0], err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("e-mail %s: %w", args[0], ErrMailClaimLost)
	}
	return nil
}

// MailOutbox lists the outbox, oldest first: every message (register ""),
// or those of one register's orders and those it queued; state "" all;
// ids, when given, are the only messages asked about.
func (s *Store) MailOutbox(ctx context.Context, register, state string, ids ...string) ([]MailMessage, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+mailColumns+` FROM outbox o
		WHERE ($1 = '' OR o.register = $1 OR EXISTS (SELECT 1 FROM orders r WHERE r.number = o.order_number AND r.register = $1))
		AND ($2 = '' OR o.state = $2) AND ($3::text[] IS NULL OR o.id = ANY($3))
		ORDER BY queued, id`, register, state, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MailMessage
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MailOrder is an order as its e-mails need it: as placed, with its state
// and customer now, and each ticket's state and signed code (rebuilt from
// the ticket's fields and the signature its register pushed, and checked
// against the register's enrolled key; "" when its register did not push
// one or it does not verify). ok is false for an order the server has not
// received.
func (s *Store) MailOrder(ctx context.Context, number string) (ov local.OrderView, ok bool, err error) {
	var register, state, customer string
	var seq uint64
	var data []byte
	err = s.pool.QueryRow(ctx, `SELECT m.register, m.seq, m.state, m.customer, e.data FROM mail_orders m
		JOIN entries e ON e.register = m.register AND e.seq = m.seq WHERE m.number = $1`, number).Scan(&register, &seq, &state, &customer, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return ov, false, nil
	}
	if err != nil {
		return ov, false, fmt.Errorf("order %s: %w", number, err)
	}
	var p struct {
		Order pos.Order `json:"order"`
	}
	if err := decodeStored(data, &p); err != nil {
		return ov, false, fmt.Errorf("order %s (entry %d of register %s): %w", number, seq, register, err)
	}
	o := p.Order
	o.State, o.Customer = state, customer
	ov.Order = o
	// A ticket's signature (006_ticket_sigs.sql), or the code stored whole
	// before it (ticket_codes, 005: no longer written).
	rows, err := s.pool.Query(ctx, `SELECT t.number, t.state, t.sig, coalesce(c.qr, '') FROM tickets t LEFT JOIN ticket_codes c ON c.number = t.number
		WHERE t.order_number = $1`, number)
	if err != nil {
		return ov, false, err
	}
	type ticket struct {
		state, qr string
		sig       []byte
	}
	have := map[string]ticket{}
	for rows.Next() {
		var n string
		var t ticket
		if err := rows.Scan(&n, &t.state, &t.sig, &t.qr); err != nil {
			rows.Close()
			return ov, false, err
		}
		have[n] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ov, false, err
	}
	var pub []byte
	if err := s.pool.QueryRow(ctx, `SELECT public_key FROM registers WHERE name = $1`, register).Scan(&pub); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return ov, false, err
	}
	for _, t := range o.Tickets {
		tv := local.TicketView{Ticket: t, State: local.TicketCanceled}
		if h, ok := have[t.Number]; ok {
			tv.State, tv.QR = h.state, h.qr
			if h.sig != nil {
				// The code as the register printed it: its fields are the
				// ticket's, the signature is the one pushed.
				tv.QR, _ = local.TicketCode(t, h.sig)
			}
			if tv.QR != "" && local.VerifyIssued(pub, t, tv.QR) != nil {
				tv.QR = "" // not the register's signature of this ticket: never sent
			}
		}
		if o.State == pos.OrderCanceled || o.State == pos.OrderLapsed {
			tv.State = local.TicketCanceled
		}
		ov.Tickets = append(ov.Tickets, tv)
	}
	if customer != "" {
		err := s.pool.QueryRow(ctx, `SELECT e.data FROM customers c JOIN entries e ON e.register = c.register AND e.seq = c.seq
			WHERE c.id = $1`, customer).Scan(&data)
		switch {
		case errors.Is(err, pgx.ErrNoRows): // not pushed yet: no address
		case err != nil:
			return ov, false, err
		default:
			var c struct {
				Customer pos.Customer `json:"customer"`
			}
			if err := decodeStored(data, &c); err != nil {
				return ov, false, fmt.Errorf("customer %s: %w", customer, err)
			}
			ov.Customer = &c.Customer
		}
	}
	return ov, true, nil
}

// decodeStored reads the payload of an entry in stored form.
func decodeStored(data []byte, v any) error {
	e, err := local.DecodeEntry(data)
	if err != nil {
		return err
	}
	return json.Unmarshal(e.Payload, v)
}

// PendingInvoices lists the orders waiting for their invoice to be paid
// whose deadline is after now.
func (s *Store) PendingInvoices(ctx context.Context, now time.Time) ([]string, error) {
	return s.strings(ctx, `SELECT number FROM mail_orders WHERE state = $1 AND deadline > $2 ORDER BY number`, pos.OrderPending, now)
}

// OrdersFor lists the orders with a valid ticket for a performance whose
// message, the order's number followed by suffix, is not in the outbox yet
// (the schedule looks every pass: an order once queued costs nothing).
func (s *Store) OrdersFor(ctx context.Context, perf, suffix string) ([]string, error) {
	return s.strings(ctx, `SELECT DISTINCT t.order_number FROM tickets t WHERE t.performance = $1 AND t.state = $2
		AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id = t.order_number || $3) ORDER BY 1`, perf, local.TicketValid, suffix)
}

// EmailedTickets counts, for each ticket of an order, the messages sent
// with it (a later one says "copy").
func (s *Store) EmailedTickets(ctx context.Context, order string) (map[string]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT t, count(*) FROM outbox, jsonb_array_elements_text(coalesce(msg->'tickets', '[]')) AS t
		WHERE order_number = $1 AND state = 'sent' GROUP BY t`, order)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, rows.Err()
}

func (s *Store) strings(ctx context.Context, sql string, args ...any) ([]string, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
