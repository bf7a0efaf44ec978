package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"guichet/pos"
	"guichet/sync/api"
)

// DefaultGrantTTL is how long a grant lasts when the server is not told.
const DefaultGrantTTL = 10 * time.Minute

// DefaultGrantMargin is how long after a grant's end the server waits
// before taking it back: more than any register's clock may be off.
const DefaultGrantMargin = 2 * time.Minute

// DefaultGrantAnswersKept is how long the server keeps a register's
// answered grant requests besides its last (Grant says why): longer than
// a copy of a request is sent again late (guichetd serve gives a request
// 60 s to arrive; a balancer retries within its own timeout).
const DefaultGrantAnswersKept = 2 * time.Minute

// SetGrantAnswersKept changes how long answered grant requests are kept
// besides each register's last (tests shorten it).
func (s *Store) SetGrantAnswersKept(d time.Duration) { s.grantAnswersKept = d }

// SetGrantTTL changes how long grants last (guichetd serve --grant-ttl;
// tests shorten it).
func (s *Store) SetGrantTTL(d time.Duration) { s.grantTTL = d }

// SetGrantMargin changes the margin after a grant's end (guichetd serve
// --grant-margin): it must exceed the clock drift allowed to registers.
func (s *Store) SetGrantMargin(d time.Duration) { s.grantMargin = d }

// Grant answers a register's request for capacity in one transaction.
// Each resource's row in capacities is locked first (in resource order, so
// two requests never wait on each other), then the register's allotment
// grows by at most what no register holds: sum(allot) <= capacity. Sales a
// register made before it held anything (Ask.Sold at its first ask of a
// resource) are added first: they happened. The answer is stored under the
// request's ID: asked again, the same answer, nothing granted twice (the
// register's last request only, see below).
func (s *Store) Grant(ctx context.Context, reg Register, req api.GrantRequest) (api.GrantAnswer, error) {
	if len(req.ID) != 36 {
		return api.GrantAnswer{}, &RefusedError{Code: "malformed", Reason: "a grant request needs its id (a UUID)"}
	}
	asks := append([]api.Ask(nil), req.Asks...)
	sort.Slice(asks, func(i, j int) bool { return asks[i].Resource < asks[j].Resource })
	ttl := s.grantTTL
	if ttl <= 0 {
		ttl = DefaultGrantTTL
	}
	ans := api.GrantAnswer{TTLMillis: ttl.Milliseconds()}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var old []byte
		err := tx.QueryRow(ctx, `SELECT answer FROM grant_requests WHERE register = $1 AND id = $2`, reg.Name, req.ID).Scan(&old)
		if err == nil {
			return json.Unmarshal(old, &ans)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		cat, err := s.cachedCatalog(ctx, tx)
		if err != nil {
			return err
		}
		expires := s.now().Add(ttl)
		for i, a := range asks {
			if i > 0 && a.Resource == asks[i-1].Resource {
				continue
			}
			g, err := s.grantOne(ctx, tx, cat, reg.Name, a, req.NamesLeases, expires)
			if errors.Is(err, errLeaseUnknown) {
				continue // nothing said of it: the register sells on from its lease
			}
			if err != nil {
				return fmt.Errorf("grant %s: %w", a.Resource, err)
			}
			ans.Grants = append(ans.Grants, g)
		}
		data, err := json.Marshal(ans)
		if err != nil {
			return err
		}
		if _, err = tx.Exec(ctx, `INSERT INTO grant_requests (register, id, answer) VALUES ($1, $2, $3)`, reg.Name, req.ID, data); err != nil {
			return err
		}
		// What is kept: the register's last answer, for as long as it is
		// its last (a register sends a new request only once the answer
		// to its previous one is journaled, or refused whole, so its own
		// retries never ask for an older one), and every answer younger
		// than grantAnswersKept, for a copy of an older request arriving
		// late (a proxy or balancer sending it again): granted anew, it
		// would be counted for a register that never learns of it, for
		// as long as it renews its lease. The rest goes: a register low on
		// a sold-out resource asks at every look, and the table grew
		// without end.
		keep := s.grantAnswersKept
		if keep <= 0 {
			keep = DefaultGrantAnswersKept
		}
		_, err = tx.Exec(ctx, `DELETE FROM grant_requests WHERE register = $1 AND id <> $2 AND at < now() - make_interval(secs => $3)`,
			reg.Name, req.ID, keep.Seconds())
		return err
	})
	return ans, err
}

// errLeaseUnknown: the register journaled a lease of the resource the
// server has no record of (its database was restored from a backup taken
// before it granted it). Its allotment on the server is the backup's: an
// answer would say less than the register holds, which it would take for
// a taking back and give up, sold or not. Nothing is granted of it until
// the register's journal, pushed again, brings the lease (ingest.go).
var errLeaseUnknown = errors.New("the register's lease is unknown to the server")

func (s *Store) grantOne(ctx context.Context, tx pgx.Tx, cat *pos.Catalog, register string, a api.Ask, namesLeases bool, expires time.Time) (api.Granted, error) {
	g := api.Granted{Resource: a.Resource}
	capacity, limited, err := capacityOf(ctx, tx, cat, a.Resource)
	if err != nil {
		return g, err
	}
	if !limited {
		g.Add, g.Unlimited = max(a.Want, 0), true
		return g, nil
	}
	// The row lock every grant of this resource waits on.
	if _, err := tx.Exec(ctx, `INSERT INTO capacities (resource, capacity) VALUES ($1, $2)
		ON CONFLICT (resource) DO UPDATE SET capacity = EXCLUDED.capacity`, a.Resource, capacity); err != nil {
		return g, err
	}
	if err := s.reclaim(ctx, tx, register, a.Resource); err != nil {
		return g, fmt.Errorf("take back ended grants: %w", err)
	}
	// ownRows: how many grant rows of the resource are this register's (0:
	// it never held it); not grants.held, what its journal holds
	var total, own, ownRows, lastAdd, othersGave int
	var known, lastLease, reclaimed *time.Time // the register's last lease on the server, the last answer's, the one taken back
	if err := tx.QueryRow(ctx, `SELECT coalesce(sum(allot), 0), coalesce(sum(allot) FILTER (WHERE register = $2), 0),
		count(*) FILTER (WHERE register = $2), max(expires) FILTER (WHERE register = $2),
		coalesce(max(last_add) FILTER (WHERE register = $2), 0), max(last_lease) FILTER (WHERE register = $2),
		max(reclaimed) FILTER (WHERE register = $2),
		coalesce(sum(greatest(allot - held, 0)) FILTER (WHERE register <> $2 AND held IS NOT NULL), 0)
		FROM grants WHERE resource = $1`,
		a.Resource, register).Scan(&total, &own, &ownRows, &known, &lastAdd, &lastLease, &reclaimed, &othersGave); err != nil {
		return g, err
	}
	// Leases end later and later (grants.expires only grows): one the
	// register journaled after the server's last is one the server lost.
	if a.Lease != 0 && (known == nil || known.UnixMicro() < a.Lease) {
		return g, errLeaseUnknown
	}
	// The register journals every answer that adds before it asks anew:
	// this newer request, naming an older lease than the one the last
	// answer added under, shows it was killed before it journaled that
	// answer. It never sells from it; counted still, and renewed, those
	// places went unsold until the register was retired. They come back
	// now, in the same transaction as this grant. A copy of the lost
	// request still gets its stored answer, which grants nothing. Not when
	// the server took that lease back itself already (reclaim: its allot
	// is then what the register sold).
	lost := 0
	if namesLeases && lastAdd > 0 && lastLease != nil && lastLease.UnixMicro() > a.Lease &&
		(reclaimed == nil || reclaimed.Before(*lastLease)) {
		lost = min(lastAdd, own)
		own -= lost
		total -= lost
	}
	// What it sold before it held any (a register joining with earlier
	// sales) counts once, at its first ask. Once it holds the resource it
	// sells only from its grant: a Sold above it is a count read before a
	// cancel the server has since stored and taken back (a request resent
	// after a partition), and granting it would be granting a place twice.
	sold := 0
	if ownRows == 0 {
		sold = max(a.Sold, 0)
	}
	free := capacity - total - sold
	add := min(max(a.Want, 0), max(free, 0))
	g.Add = sold + add
	g.Allot = own + g.Add
	g.Free = max(free-add, 0)
	// What its journal holds, as it says (Ask.Held): what the server
	// counts above that, it gave back (journaled, not pushed yet) and
	// never sells again. Not said (an older register): all it is counted.
	holds, gave := own, 0
	var heldAfter *int
	if a.Held != nil {
		holds = min(own, max(*a.Held, 0))
		gave = own - holds
		h := holds + g.Add
		heldAfter = &h
	}
	// The registers hold more than there is (the capacity was lowered
	// since they were granted it): this one is asked to give back what it
	// has not sold. Its grant shrinks only when its return is stored: it
	// may sell from it until it journals the return, and a count taken off
	// now would be granted again under a sale it made meanwhile. What the
	// registers said they gave back and the server has not stored yet
	// (grants.held; this one's, gave) is not asked again: asked the whole
	// excess each, registers renewing before the first one's return was
	// stored gave back more than it together, places the box office still
	// had. Only what a register said it journaled counts, never what it
	// was asked: one asked more than it can give (places in a cart, sold
	// meanwhile) sells the rest, which the others are then asked.
	if over := total - othersGave - gave - capacity; over > 0 && holds > 0 {
		g.Back = min(over, max(holds-max(a.Sold, 0), 0))
	}
	// This answer is the last: what it adds (not the sales from before)
	// is taken back if a newer request shows it was never journaled.
	var lease time.Time
	// held: what its journal holds once it journals this answer (before
	// it gives back what it is asked: it says so at its next ask).
	err = tx.QueryRow(ctx, `INSERT INTO grants (register, resource, allot, expires, last_add, last_lease, held) VALUES ($1, $2, $3, $4, $6, $4, $8)
		ON CONFLICT (register, resource) DO UPDATE SET allot = grants.allot - $7 + $5, expires = greatest(grants.expires, EXCLUDED.expires),
		last_add = $6, last_lease = greatest(grants.expires, EXCLUDED.expires), held = $8
		RETURNING expires`,
		register, a.Resource, g.Allot, expires, g.Add, add, lost, heldAfter).Scan(&lease)
	g.Lease = lease.UnixMicro()
	return g, err
}

// reclaim takes back, from the other registers, what they did not sell of
// a resource whose grant ended more than the margin ago, once the server
// has their journal past that moment: an entry they wrote after the end
// plus the margin (by their clock, off by less than the margin) was
// written after they stopped selling from the grant, so every sale made
// from it is stored. What they sold stays theirs. A register that has not
// pushed since keeps its grant counted: an unpushed sale cannot be told
// from an unused place. The register's own "expired" return of that lease,
// arriving later, is then not counted again (grants.reclaimed).
func (s *Store) reclaim(ctx context.Context, tx pgx.Tx, register, res string) error {
	margin := s.grantMargin
	if margin <= 0 {
		margin = DefaultGrantMargin
	}
	rows, err := tx.Query(ctx, `SELECT g.register, g.allot, g.expires FROM grants g JOIN registers r ON r.name = g.register
		WHERE g.resource = $1 AND g.register <> $2 AND g.allot > 0 AND g.expires + $3 < $4
		AND r.last_time > g.expires + $3 AND g.reclaimed IS DISTINCT FROM g.expires`,
		res, register, margin, s.now())
	if err != nil {
		return err
	}
	type ended struct {
		register string
		allot    int
		expires  time.Time
	}
	var all []ended
	for rows.Next() {
		var e ended
		if err := rows.Scan(&e.register, &e.allot, &e.expires); err != nil {
			rows.Close()
			return err
		}
		all = append(all, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range all {
		sold, err := soldBy(ctx, tx, e.register, res)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE grants SET allot = least(allot, $3), reclaimed = expires, held = NULL WHERE register = $1 AND resource = $2`,
			e.register, res, sold); err != nil {
			return err
		}
	}
	return nil
}

// soldBy is what a register's stored journal sold of a resource (orders
// neither canceled nor lapsed, pending included; tickets still valid),
// from the projections: what the register's own views count, so a reclaim
// never takes back what it still uses.
func soldBy(ctx context.Context, tx pgx.Tx, register, res string) (int, error) {
	kind, rest, _ := strings.Cut(res, "/")
	var q string
	var args []any
	switch kind {
	case "zone":
		perf, zone, _ := strings.Cut(rest, "/")
		q, args = `SELECT count(*) FROM tickets WHERE register = $1 AND kind = 'ticket' AND performance = $2 AND zone = $3 AND state = 'valid'`, []any{register, perf, zone}
	case "seat":
		p := strings.SplitN(rest, "/", 3)
		if len(p) != 3 {
			return 0, nil
		}
		q, args = `SELECT count(*) FROM tickets WHERE register = $1 AND kind = 'ticket' AND performance = $2 AND zone = $3 AND seat = $4 AND state = 'valid'`, []any{register, p[0], p[1], p[2]}
	case "pass":
		q, args = `SELECT count(*) FROM tickets WHERE register = $1 AND kind = 'pass' AND item = $2 AND state = 'valid'`, []any{register, rest}
	case "offer":
		q, args = `SELECT count(*) FROM tickets t JOIN orders o ON o.number = t.order_number
			WHERE t.register = $1 AND o.offer = $2 AND t.offer <> '' AND t.kind IN ('ticket', 'pass') AND t.state = 'valid'`, []any{register, rest}
	case "offeritem":
		offer, item, _ := strings.Cut(rest, "/")
		q, args = `SELECT count(*) FROM tickets t JOIN orders o ON o.number = t.order_number
			WHERE t.register = $1 AND o.offer = $2 AND t.offer_item = $3 AND t.offer <> '' AND t.kind IN ('ticket', 'pass') AND t.state = 'valid'`, []any{register, offer, item}
	case "code":
		q, args = `SELECT count(*) FROM orders WHERE register = $1 AND code = $2 AND state NOT IN ('canceled', 'lapsed')`, []any{register, rest}
	default:
		return 0, nil
	}
	var n int
	err := tx.QueryRow(ctx, q, args...).Scan(&n)
	return n, err
}

// capacityOf is a resource's capacity: a zone's places, a pass's, an
// offer's quota (total or a scope item's) from the catalog, a code's uses
// from the server's codes.
// limited is false for what has no limit (a pass or offer without one).
func capacityOf(ctx context.Context, tx pgx.Tx, cat *pos.Catalog, res string) (n int, limited bool, err error) {
	kind, rest, _ := strings.Cut(res, "/")
	switch kind {
	case "zone":
		perf, zone, _ := strings.Cut(rest, "/")
		if _, ok := cat.PerformanceByID(perf); !ok {
			return 0, true, nil
		}
		return cat.Capacity(perf, zone), true, nil
	case "seat":
		parts := strings.SplitN(rest, "/", 3)
		if len(parts) != 3 {
			return 0, true, nil
		}
		p, ok := cat.PerformanceByID(parts[0])
		if !ok {
			return 0, true, nil
		}
		z, ok := cat.ZoneOf(p, parts[1])
		if !ok || !z.Seated() || cat.SeatBlocked(parts[0], parts[1], parts[2]) || !seatExists(z, parts[2]) {
			return 0, true, nil
		}
		return 1, true, nil
	case "pass":
		p, ok := cat.PassByID(rest)
		if !ok {
			return 0, true, nil
		}
		return p.Capacity, p.Capacity > 0, nil
	case "offer":
		o, ok := cat.OfferByID(rest)
		if !ok {
			return 0, true, nil
		}
		return o.MaxTickets, o.MaxTickets > 0, nil
	case "offeritem":
		id, key, _ := strings.Cut(rest, "/")
		o, ok := cat.OfferByID(id)
		if !ok {
			return 0, true, nil
		}
		it, ok := o.ScopeItemByKey(key)
		if !ok {
			return 0, true, nil
		}
		return it.Quota, it.Quota > 0, nil
	case "code":
		var maxUses int
		var disabled bool
		err := tx.QueryRow(ctx, `SELECT max_uses, disabled FROM codes WHERE code = $1 AND NOT deleted`, rest).Scan(&maxUses, &disabled)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, true, nil
		}
		return maxUses, maxUses > 0, err
	}
	return 0, true, nil
}

// cachedCatalog is the newest catalog, parsed once per version.
func (s *Store) cachedCatalog(ctx context.Context, tx pgx.Tx) (*pos.Catalog, error) {
	var v int64
	err := tx.QueryRow(ctx, `SELECT version FROM catalogs ORDER BY version DESC LIMIT 1`).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNoCatalog
	}
	if err != nil {
		return nil, err
	}
	s.catMu.Lock()
	defer s.catMu.Unlock()
	if s.cat != nil && s.catVer == v {
		return s.cat, nil
	}
	var data []byte
	if err := tx.QueryRow(ctx, `SELECT data FROM catalogs WHERE version = $1`, v).Scan(&data); err != nil {
		return nil, err
	}
	cat, err := pos.ParseCatalog("catalog", data, s.now())
	if err != nil {
		return nil, err
	}
	s.cat, s.catVer = cat, v
	return cat, nil
}

// GrantRow is a register's allotment of a resource on the server.
type GrantRow struct {
	Register  string    `json:"register"`
	Resource  string    `json:"resource"`
	Allot     int       `json:"allot"`
	Expires   time.Time `json:"expires"`
	Capacity  int       `json:"capacity"`            // in the catalog loaded now (codes: their quantity allowed now)
	Unlimited bool      `json:"unlimited,omitempty"` // no longer limited (a pass or offer without one now)
}

// Grants lists every allotment, by resource then register, with each
// resource's capacity as the catalog and codes loaded now say (capacities
// holds it as of the last ask, which a catalog lowered since contradicts).
// It only reads.
func (s *Store) Grants(ctx context.Context) ([]GrantRow, error) {
	var out []GrantRow
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT register, resource, allot, expires FROM grants ORDER BY resource, register`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var g GrantRow
			if err := rows.Scan(&g.Register, &g.Resource, &g.Allot, &g.Expires); err != nil {
				rows.Close()
				return err
			}
			out = append(out, g)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(out) == 0 {
			return err
		}
		cat, err := s.cachedCatalog(ctx, tx)
		if err != nil {
			return err
		}
		for i := range out {
			if i > 0 && out[i].Resource == out[i-1].Resource {
				out[i].Capacity, out[i].Unlimited = out[i-1].Capacity, out[i-1].Unlimited
				continue
			}
			n, limited, err := capacityOf(ctx, tx, cat, out[i].Resource)
			if err != nil {
				return err
			}
			out[i].Capacity, out[i].Unlimited = n, !limited
		}
		return nil
	})
	return out, err
}

func seatExists(z *pos.Zone, seat string) bool {
	for _, row := range z.Rows {
		for _, n := range row.SeatNumbers() {
			if pos.SeatID(row.Name, n) == seat {
				return true
			}
		}
	}
	return false
}
