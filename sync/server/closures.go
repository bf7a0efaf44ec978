package server

import (
	"context"
	"encoding/json"
	"fmt"

	"guichet/local"
	"guichet/sync/api"
)

// LastClosures are the last closure.made entries of each kind (day, month,
// year) stored for register name, newest first (none: it pushed no
// closure). They are read back from the entries as the register pushed
// them, hash checked.
func (s *Store) LastClosures(ctx context.Context, name string) ([]api.StoredClosure, error) {
	rows, err := s.pool.Query(ctx, `SELECT data FROM entries WHERE register = $1 AND type = $2 ORDER BY seq DESC`, name, local.TypeClosureMade)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	out := []api.StoredClosure{}
	for rows.Next() && len(seen) < 3 {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		e, err := local.DecodeEntry(data)
		if err != nil {
			return nil, fmt.Errorf("register %s: %w", name, err)
		}
		var c struct {
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(e.Payload, &c); err != nil {
			return nil, fmt.Errorf("register %s, entry %d: %w", name, e.Seq, err)
		}
		if seen[c.Kind] {
			continue
		}
		seen[c.Kind] = true
		out = append(out, api.StoredClosure{Seq: e.Seq, Payload: e.Payload})
	}
	rows.Close()
	return out, rows.Err()
}
