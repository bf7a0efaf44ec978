package server

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"guichet/local"
)

// What Rebuild rebuilds and what it keeps. Every table's origin:
//
// Rebuilt, from the stored entries alone (the rows Push derives from them,
// projector.add):
//   - shifts      shift.opened, shift.closed
//   - orders      order.placed; its state after order.canceled, order.lapsed,
//     payment.validated; mail_state, customer and deadline likewise, and
//     order.customer
//   - tickets     order.placed; their states after cancels, lapses and
//     exchange.made (but not sig: see below)
//   - payments    payment.captured, payment.validated, the refunds of
//     order.canceled
//   - customers   customer.saved (the latest a customer id)
//
// Kept, because they are not derived from the entries (or not only):
//   - entries     the journals themselves, what everything is rebuilt from;
//     registers: names, token hashes, enrolled keys, revocations, and where
//     each journal ends (last_seq, last_hash: the entries are not changed)
//   - tickets.sig each ticket's signature is pushed beside the journal, not
//     in it (006_ticket_sigs.sql): copied from the ticket's row before the
//     rebuild; ticket_codes (005, no longer written) likewise kept
//   - orders.mail_state NULL: orders stored before 005_email.sql, which the
//     server does not e-mail, stay so (mail_state, customer, deadline as
//     they were), or the rebuild would start e-mailing old orders
//   - customers of one id saved by several registers: which register's
//     entry the server keeps depends on which pushed last, which no journal
//     says: the register it had is kept (with that register's latest entry)
//   - grants, capacities, grant_requests: escrow state; the server grants
//     and reclaims without any entry, and a capacity.returned entry was
//     counted in grants once, when it was stored: applying it again would
//     count it twice
//   - outbox      the server's sending state (claims, attempts, sent,
//     replies) and the messages it schedules itself; email.queued, sent and
//     failed entries only seeded it, when they were stored
//   - catalogs, catalog_state, codes, code_changes: loaded and changed
//     centrally (code_changes: who changed each code, guichetd codes --staff)
//   - schema_version
var rebuiltTables = []struct{ name, key string }{
	{"shifts", "(x.register, x.shift)"},
	{"orders", "x.number"},
	{"tickets", "x.number"},
	{"payments", "(x.register, x.seq, x.idx)"},
	{"customers", "x.id"},
}

// RebuildReport is what Rebuild did, or would do (DryRun).
type RebuildReport struct {
	DryRun    bool
	Registers int
	Entries   int
	Tables    []RebuiltTable
}

// RebuiltTable is one rebuilt table: its rows before and after, and the
// rows the rebuild added, removed and changed (compared by primary key).
type RebuiltTable struct {
	Name                    string
	Before, After           int
	Added, Removed, Changed int
}

// Changed is the rows added, removed or changed, all tables.
func (r RebuildReport) Changed() int {
	n := 0
	for _, t := range r.Tables {
		n += t.Added + t.Removed + t.Changed
	}
	return n
}

// rebuildChunk is how many entries are projected and sent at once.
const rebuildChunk = 1000

// Rebuild recomputes every projection derived from the entries (shifts,
// orders, tickets, payments, customers) from the stored entries alone,
// register by register (in the order they were enrolled) in journal
// order, with the projector Push uses: a projection rule fixed since the
// rows were stored is applied to them. What is not derived from the
// entries is kept (see rebuiltTables). Each stored journal is checked as
// a push is (hashes, chain, register, keys): one that does not check
// fails the rebuild.
//
// It runs in one transaction: the projections are all rebuilt or nothing
// changed. The transaction takes the registers table in EXCLUSIVE mode
// first, so pushes and grants (which lock a register's row) wait until
// it ends, then the rebuilt tables; reports and e-mails read the rows as
// they were until it commits. A dry run does all of it and rolls back:
// pushes wait during a dry run too.
func (s *Store) Rebuild(ctx context.Context, dryRun bool) (RebuildReport, error) {
	rep := RebuildReport{DryRun: dryRun}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return rep, fmt.Errorf("connect to the database: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `LOCK TABLE registers IN EXCLUSIVE MODE`); err != nil {
		return rep, fmt.Errorf("lock the registers: %w", err)
	}
	for _, t := range rebuiltTables {
		if _, err := tx.Exec(ctx, fmt.Sprintf(`LOCK TABLE %s IN EXCLUSIVE MODE`, t.name)); err != nil {
			return rep, fmt.Errorf("lock %s: %w", t.name, err)
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(`CREATE TEMP TABLE rebuild_before_%s ON COMMIT DROP AS SELECT * FROM %s`, t.name, t.name)); err != nil {
			return rep, fmt.Errorf("keep %s as it was: %w", t.name, err)
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(`DELETE FROM %s`, t.name)); err != nil {
			return rep, fmt.Errorf("empty %s: %w", t.name, err)
		}
	}

	type register struct {
		name string
		pub  ed25519.PublicKey
	}
	var regs []register
	rows, err := tx.Query(ctx, `SELECT name, public_key FROM registers ORDER BY enrolled, name`)
	if err != nil {
		return rep, fmt.Errorf("read the registers: %w", err)
	}
	for rows.Next() {
		var r register
		if err := rows.Scan(&r.name, &r.pub); err != nil {
			rows.Close()
			return rep, err
		}
		regs = append(regs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("read the registers: %w", err)
	}

	saved := map[string]map[string]int64{} // customer id -> register -> its latest customer.saved
	for _, r := range regs {
		n, err := s.replay(ctx, tx, Register{Name: r.name, PublicKey: r.pub}, saved)
		if err != nil {
			return rep, err
		}
		rep.Registers++
		rep.Entries += n
	}
	var total int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM entries`).Scan(&total); err != nil {
		return rep, err
	}
	if total != rep.Entries {
		return rep, fmt.Errorf("the entries table holds %d entries but the enrolled registers' journals %d: entries of a register the server does not know", total, rep.Entries)
	}

	if err := keepWhatEntriesDoNotSay(ctx, tx, saved); err != nil {
		return rep, err
	}
	for _, t := range rebuiltTables {
		rt := RebuiltTable{Name: t.name}
		q := fmt.Sprintf(`SELECT (SELECT count(*) FROM rebuild_before_%[1]s), (SELECT count(*) FROM %[1]s),
			count(*) FILTER (WHERE b.j IS NULL), count(*) FILTER (WHERE a.j IS NULL), count(*) FILTER (WHERE a.j <> b.j)
			FROM (SELECT %[2]s AS k, to_jsonb(x) AS j FROM rebuild_before_%[1]s x) b
			FULL JOIN (SELECT %[2]s AS k, to_jsonb(x) AS j FROM %[1]s x) a ON a.k = b.k`, t.name, t.key)
		if err := tx.QueryRow(ctx, q).Scan(&rt.Before, &rt.After, &rt.Added, &rt.Removed, &rt.Changed); err != nil {
			return rep, fmt.Errorf("compare %s with what it was: %w", t.name, err)
		}
		rep.Tables = append(rep.Tables, rt)
	}
	if dryRun {
		return rep, nil // rolled back
	}
	if err := tx.Commit(ctx); err != nil {
		return rep, fmt.Errorf("store the rebuilt projections: %w", err)
	}
	return rep, nil
}

// replay projects the stored journal of reg into the emptied tables, in
// chunks, checking it as Push checks a batch, and notes in saved the
// latest customer.saved entry of each customer id it saves. It gives the
// number of entries.
func (s *Store) replay(ctx context.Context, tx pgx.Tx, reg Register, saved map[string]map[string]int64) (int, error) {
	var last uint64
	var prev local.Digest
	n := 0
	for {
		rows, err := tx.Query(ctx, `SELECT seq, data FROM entries WHERE register = $1 AND seq > $2 ORDER BY seq LIMIT $3`, reg.Name, int64(last), rebuildChunk)
		if err != nil {
			return n, fmt.Errorf("read the journal of %s: %w", reg.Name, err)
		}
		var entries []local.Entry
		for rows.Next() {
			var seq uint64
			var data []byte
			if err := rows.Scan(&seq, &data); err != nil {
				rows.Close()
				return n, err
			}
			e, err := local.DecodeEntry(data)
			if err == nil && e.Seq != seq {
				err = fmt.Errorf("it is stored as entry %d but says %d", seq, e.Seq)
			}
			if err == nil && e.Register != reg.Name {
				err = fmt.Errorf("it belongs to register %q", e.Register)
			}
			if err != nil {
				rows.Close()
				return n, fmt.Errorf("entry %d of %s as stored: %w", seq, reg.Name, err)
			}
			entries = append(entries, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, fmt.Errorf("read the journal of %s: %w", reg.Name, err)
		}
		if len(entries) == 0 {
			return n, nil
		}
		if err := chain(reg, entries, last, prev); err != nil {
			return n, fmt.Errorf("the stored journal of %s: %w", reg.Name, err)
		}
		p := newProjector(reg.Name, nil, 0)
		p.replay = true
		for _, e := range entries {
			if err := p.add(e, nil); err != nil {
				return n, fmt.Errorf("entry %d of %s: %w", e.Seq, reg.Name, err)
			}
		}
		if err := tx.SendBatch(ctx, p.replayBatch()).Close(); err != nil {
			return n, fmt.Errorf("store the rows of %s's entries %d-%d: %w", reg.Name, entries[0].Seq, entries[len(entries)-1].Seq, err)
		}
		for i, id := range p.customers.id {
			if saved[id] == nil {
				saved[id] = map[string]int64{}
			}
			saved[id][reg.Name] = p.customers.seq[i]
		}
		n += len(entries)
		last, prev = entries[len(entries)-1].Seq, entries[len(entries)-1].Hash
	}
}

// replayBatch is batch without the register's end (the entries are
// stored already).
func (p *projector) replayBatch() *pgx.Batch {
	b := &pgx.Batch{}
	for _, tb := range p.tables() {
		if tb.name == "entries" || tb.name == "outbox" {
			continue // kept (add leaves them empty in a replay)
		}
		args := []any{p.register}
		b.Queue(tb.insert("$1", "", &args), args...)
	}
	args := []any{p.register}
	if q := p.setLateSigs("$1", "", &args); q != "" {
		b.Queue(q, args...)
	}
	b.QueuedQueries = append(b.QueuedQueries, p.updates.QueuedQueries...)
	return b
}

// keepWhatEntriesDoNotSay puts back, in the rebuilt rows, what their rows
// held that the entries do not say (see rebuiltTables).
func keepWhatEntriesDoNotSay(ctx context.Context, tx pgx.Tx, saved map[string]map[string]int64) error {
	if _, err := tx.Exec(ctx, `UPDATE tickets t SET sig = b.sig FROM rebuild_before_tickets b
		WHERE b.number = t.number AND b.sig IS NOT NULL AND t.sig IS DISTINCT FROM b.sig`); err != nil {
		return fmt.Errorf("keep the tickets' signatures: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE orders o SET mail_state = NULL, customer = b.customer, deadline = b.deadline
		FROM rebuild_before_orders b WHERE b.number = o.number AND b.mail_state IS NULL`); err != nil {
		return fmt.Errorf("keep the orders stored before e-mail: %w", err)
	}
	var ids, regs []string
	var seqs []int64
	for id, by := range saved {
		if len(by) < 2 {
			continue
		}
		var had string
		err := tx.QueryRow(ctx, `SELECT register FROM rebuild_before_customers WHERE id = $1`, id).Scan(&had)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("keep customer %s: %w", id, err)
		}
		if seq, ok := by[had]; ok {
			ids, regs, seqs = append(ids, id), append(regs, had), append(seqs, seq)
		}
	}
	if len(ids) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE customers c SET register = u.register, seq = u.seq
			FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(id, register, seq) WHERE c.id = u.id`, ids, regs, seqs); err != nil {
			return fmt.Errorf("keep the customers saved by several registers: %w", err)
		}
	}
	return nil
}
