package server

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultRetireIdle is how long a register must have been silent (no push,
// no request at all) before it may be retired without --force.
const DefaultRetireIdle = time.Hour

// RetireOptions say how careful RetireRegister is.
type RetireOptions struct {
	// Idle: a push, or any request with the register's token (its last
	// contact), more recent than this refuses (default DefaultRetireIdle).
	Idle time.Duration
	// Force retires even when the register may still be selling (it
	// pushed or reached the server lately, a grant has not ended, or its stored journal stops
	// before its grants ended): the operator says its machine is gone.
	Force bool
}

// RetiredGrant is one grant of a retired register: it held Held, its
// stored journal sold Sold of it, and Returned went back to the pool.
type RetiredGrant struct {
	Resource string `json:"resource"`
	Held     int    `json:"held"`
	Sold     int    `json:"sold"`
	Returned int    `json:"returned"`
}

// RetireReport is what a retirement did.
type RetireReport struct {
	Register string         `json:"register"`
	Grants   []RetiredGrant `json:"grants"`
	Overrode []string       `json:"overrode,omitempty"` // the reasons to wait that Force set aside
}

// RetireRefusedError says why a register was not retired: it may still be
// selling from its grants.
type RetireRefusedError struct {
	Register string
	Reasons  []string
}

func (e *RetireRefusedError) Error() string {
	return fmt.Sprintf("register %s was not retired: %s. A register that is only offline may still sell from its grants; "+
		"if its machine is gone for good, retire it anyway with --force (whatever it sold and never pushed would then be sold a second time)",
		e.Register, strings.Join(e.Reasons, "; "))
}

// RetiredError is a retired register's token or push: refused for good.
type RetiredError struct {
	Register string
	At       time.Time
}

func (e *RetiredError) Error() string {
	return fmt.Sprintf("register %s was retired (written off) on %s: the box office took back what it had not sold, so the server refuses its pushes and grant requests; enrol this machine as a new register to sell with it again",
		e.Register, e.At.UTC().Format("2006-01-02 15:04 UTC"))
}

// RetireRegister writes a register off for good, in one transaction: it
// is revoked, and each of its grants shrinks to what its stored journal
// sold of it (the rest goes back to the pool, grantable to others at
// once). It refuses, unless o.Force, while the register may still be
// selling from them: it pushed or reached the server (its last contact:
// a register with nothing to push still pulls the catalog) less than
// o.Idle ago, a grant has not
// ended plus the margin (an offline register sells from it by its own
// clock until then), or its stored journal ends before a grant did (what
// it sold after its last push is not known). Its stored entries stay.
//
// Locks as Grant takes them: the resources' rows in capacities in order,
// then the register's row (FOR NO KEY UPDATE, after any push of it), then
// the grants' rows; so it never waits in a circle with a grant or a push.
// A grant of another resource that reaches the register while it is being
// retired (authenticated just before) stays counted for it: capacity
// lost, never sold twice.
func (s *Store) RetireRegister(ctx context.Context, name string, o RetireOptions) (RetireReport, error) {
	if o.Idle <= 0 {
		o.Idle = DefaultRetireIdle
	}
	margin := s.grantMargin
	if margin <= 0 {
		margin = DefaultGrantMargin
	}
	rep := RetireReport{Register: name}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rep.Grants, rep.Overrode = nil, nil
		rows, err := tx.Query(ctx, `SELECT resource FROM grants WHERE register = $1 ORDER BY resource`, name)
		if err != nil {
			return err
		}
		resources, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, res := range resources {
			if _, err := tx.Exec(ctx, `SELECT 1 FROM capacities WHERE resource = $1 FOR UPDATE`, res); err != nil {
				return err
			}
		}
		var lastPush, lastTime, retired, lastContact *time.Time
		err = tx.QueryRow(ctx, `SELECT last_push, last_time, retired, (SELECT at FROM register_contacts WHERE register = name)
			FROM registers WHERE name = $1 FOR NO KEY UPDATE`, name).Scan(&lastPush, &lastTime, &retired, &lastContact)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("register %s: %w", name, ErrUnknownRegister)
		}
		if err != nil {
			return err
		}
		if retired != nil {
			return &RetiredError{Register: name, At: *retired}
		}
		now := s.now()
		var reasons []string
		// A register running with nothing to push pushes nothing but
		// still reaches the server (its catalog pull, every round): its
		// last contact counts as a push does.
		switch {
		case lastPush != nil && now.Sub(*lastPush) < o.Idle:
			reasons = append(reasons, fmt.Sprintf("it pushed %s ago (less than %s)", roundDur(now.Sub(*lastPush)), o.Idle))
		case lastContact != nil && now.Sub(*lastContact) < o.Idle:
			reasons = append(reasons, fmt.Sprintf("it reached the server %s ago (less than %s), though it pushed nothing since %s: it is running",
				roundDur(now.Sub(*lastContact)), o.Idle, pushedWhen(lastPush)))
		}
		var running, uncovered time.Time // the latest end of a grant still running / not covered by the stored journal
		for _, res := range resources {
			var allot int
			var expires time.Time
			if err := tx.QueryRow(ctx, `SELECT allot, expires FROM grants WHERE register = $1 AND resource = $2`, name, res).Scan(&allot, &expires); err != nil {
				return err
			}
			sold, err := soldBy(ctx, tx, name, res)
			if err != nil {
				return err
			}
			g := RetiredGrant{Resource: res, Held: allot, Sold: sold, Returned: max(allot-sold, 0)}
			rep.Grants = append(rep.Grants, g)
			if g.Returned == 0 {
				continue
			}
			if end := expires.Add(margin); end.After(now) && end.After(running) {
				running = end
			}
			if lastTime == nil || !lastTime.After(expires.Add(margin)) {
				if expires.After(uncovered) {
					uncovered = expires
				}
			}
		}
		if !running.IsZero() {
			reasons = append(reasons, fmt.Sprintf("its grants run until %s (their end plus the %s margin for clocks)", running.UTC().Format("15:04:05 UTC"), margin))
		}
		if !uncovered.IsZero() {
			stored := "it never pushed an entry"
			if lastTime != nil {
				stored = "its stored journal ends at " + lastTime.UTC().Format("2006-01-02 15:04:05 UTC")
			}
			reasons = append(reasons, fmt.Sprintf("%s, before its grants ended (%s): what it sold after its last push is not known",
				stored, uncovered.UTC().Format("2006-01-02 15:04:05 UTC")))
		}
		if len(reasons) > 0 && !o.Force {
			return &RetireRefusedError{Register: name, Reasons: reasons}
		}
		rep.Overrode = reasons
		for _, g := range rep.Grants {
			if g.Returned == 0 {
				// What it said it gave back (grants.held) no longer counts
				// for the others (Grant): it pushes nothing more.
				if _, err := tx.Exec(ctx, `UPDATE grants SET held = NULL WHERE register = $1 AND resource = $2 AND held IS NOT NULL`, name, g.Resource); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE grants SET allot = $3, reclaimed = expires, held = NULL WHERE register = $1 AND resource = $2`, name, g.Resource, g.Sold); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE registers SET revoked = coalesce(revoked, $2), retired = $2 WHERE name = $1`, name, now)
		return err
	})
	if err != nil {
		return RetireReport{}, err
	}
	return rep, nil
}

// pushedWhen is when a register last pushed, for a sentence.
func pushedWhen(lastPush *time.Time) string {
	if lastPush == nil {
		return "it was enrolled"
	}
	return lastPush.UTC().Format("2006-01-02 15:04:05 UTC")
}

// roundDur is a duration as people read it: "3m20s", "2h5m".
func roundDur(d time.Duration) time.Duration {
	if d >= time.Hour {
		return d.Round(time.Minute)
	}
	return d.Round(time.Second)
}
