package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"guichet/pos"
)

// ErrNoCatalog: nothing was loaded yet.
var ErrNoCatalog = errors.New("no catalog was loaded")

// LoadCatalog validates a catalog file as a register does (pos.ParseCatalog)
// and makes it the one registers pull. The codes its offers define join
// the server's codes (a code already there keeps its state and uses; one
// deleted comes back, as the catalog defines it); a
// code an earlier catalog defined takes this one's quantity allowed and
// offer, as at a register alone (guichetd has no other way to change
// them), and one it no longer defines is deleted; a code made on the
// server for another offer refuses the load. It is LoadCatalogBy with no
// one named.
func (s *Store) LoadCatalog(ctx context.Context, name string, data []byte) (int64, error) {
	return s.LoadCatalogBy(ctx, "", name, data)
}

// LoadCatalogBy is LoadCatalog recording who loaded it (staff, as given;
// "": no one named): each code the load creates, changes or deletes is
// recorded in code_changes in the load's transaction, with the version it
// returns and the file's name (013_catalog_code_changes.sql), so guichetd
// codes history says when and why a catalog's code stopped working.
func (s *Store) LoadCatalogBy(ctx context.Context, staff, name string, data []byte) (int64, error) {
	v, _, err := s.LoadCatalogChanged(ctx, staff, name, data)
	return v, err
}

// LoadCatalogChanged is LoadCatalogBy saying whether the load changed
// anything. A file with the same bytes as the catalog loaded last, whose
// codes are all as it defines them, changes nothing: no new version, so
// registers do not fetch and apply the same catalog again (a load run
// again by hand or by a script); the version is the one registers have.
func (s *Store) LoadCatalogChanged(ctx context.Context, staff, name string, data []byte) (version int64, changed bool, err error) {
	cat, err := pos.ParseCatalog(name, data, s.now())
	if err != nil {
		return 0, false, err
	}
	staff = strings.TrimSpace(staff)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// As guichetd codes does (addCodes): the codes as they were before
		// the load are what its changes are told from, and no other change
		// of the codes comes in between.
		if _, err := tx.Exec(ctx, `LOCK TABLE codes IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		var last string // the digest of the catalog loaded last ("" none)
		err := tx.QueryRow(ctx, `SELECT coalesce((SELECT digest FROM catalogs ORDER BY version DESC LIMIT 1), ''), version FROM catalog_state`).Scan(&last, &version)
		if err != nil {
			return err
		}
		defined := []string{}
		for _, o := range cat.Offers {
			for _, k := range o.Codes {
				defined = append(defined, k.Code)
			}
		}
		type was struct {
			offer   string
			maxUses int
			deleted bool
		}
		before := map[string]was{}
		rows, err := tx.Query(ctx, `SELECT code, offer, max_uses, deleted FROM codes WHERE code = ANY($1)`, defined)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			var w was
			if err := rows.Scan(&k, &w.offer, &w.maxUses, &w.deleted); err != nil {
				rows.Close()
				return err
			}
			before[k] = w
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var changes []catalogChange
		for _, o := range cat.Offers {
			for _, k := range o.Codes {
				tag, err := tx.Exec(ctx, `INSERT INTO codes (code, offer, max_uses, disabled, source) VALUES ($1, $2, $3, $4, 'catalog')
					ON CONFLICT (code) DO UPDATE SET max_uses = EXCLUDED.max_uses, offer = EXCLUDED.offer, source = EXCLUDED.source,
					disabled = CASE WHEN codes.deleted THEN EXCLUDED.disabled ELSE codes.disabled END, deleted = false
					WHERE codes.deleted OR codes.source = 'catalog'`,
					k.Code, o.ID, k.MaxUses, k.Disabled)
				if err != nil {
					return err
				}
				if tag.RowsAffected() > 0 {
					now := pos.Code{Code: k.Code, Offer: o.ID, MaxUses: max(k.MaxUses, 0)}
					switch w, ok := before[k.Code]; {
					case !ok || w.deleted:
						changes = append(changes, catalogChange{"created", now})
					case w.offer != o.ID || w.maxUses != k.MaxUses:
						changes = append(changes, catalogChange{"changed", now})
					}
					continue
				}
				// A code made on the server (guichetd codes add, generate,
				// import) keeps its state; one code, one offer, as a
				// register checks a catalog: of another offer, registers
				// would go on applying that offer for it.
				var other string
				if err := tx.QueryRow(ctx, `SELECT offer FROM codes WHERE code = $1`, k.Code).Scan(&other); err != nil {
					return err
				}
				if other != o.ID {
					return pos.Errorf("offer %q of the catalog has code %s, which is already a code of offer %q made on the server: rename it in the catalog, or delete it on the server if no order used it (guichetd codes delete %s)", o.ID, k.Code, other, k.Code)
				}
			}
		}
		// A code an earlier catalog defined and this one does not is no
		// longer a code, as at a register alone: deleted (kept, listed
		// with its uses once an order used it, as codes delete does).
		rows, err = tx.Query(ctx, `UPDATE codes SET deleted = true WHERE source = 'catalog' AND NOT deleted AND NOT (code = ANY($1)) RETURNING code, offer`, defined)
		if err != nil {
			return err
		}
		gone, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (catalogChange, error) {
			c := catalogChange{what: "deleted"}
			err := r.Scan(&c.code.Code, &c.code.Offer)
			return c, err
		})
		if err != nil {
			return err
		}
		changes = append(changes, gone...)
		if last == cat.Digest() && len(changes) == 0 {
			return errUnchanged // rolled back: nothing to record
		}
		changed = true
		if _, err := tx.Exec(ctx, `INSERT INTO catalogs (data, digest) VALUES ($1, $2)`, data, cat.Digest()); err != nil {
			return err
		}
		if version, err = bumpCatalog(ctx, tx); err != nil {
			return err
		}
		for _, c := range changes {
			var maxUses *int
			var source *string
			if c.what != "deleted" {
				maxUses = &c.code.MaxUses
			}
			if c.what == "created" {
				src := "catalog"
				source = &src
			}
			if _, err := tx.Exec(ctx, `INSERT INTO code_changes (code, offer, what, max_uses, source, staff, catalog, catalog_file) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				c.code.Code, c.code.Offer, c.what, maxUses, source, staff, version, name); err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, errUnchanged):
		return version, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("store the catalog: %w", err)
	}
	return version, changed, nil
}

// errUnchanged rolls back a catalog load that changes nothing.
var errUnchanged = errors.New("the catalog loaded already, its codes as it defines them")

// catalogChange is what a catalog load did to a code: created (or brought
// back), changed (its quantity allowed or offer) or deleted.
type catalogChange struct {
	what string
	code pos.Code
}

// bumpCatalog moves the version registers compare their ETag with.
func bumpCatalog(ctx context.Context, tx pgx.Tx) (int64, error) {
	var v int64
	err := tx.QueryRow(ctx, `UPDATE catalog_state SET version = version + 1 RETURNING version`).Scan(&v)
	return v, err
}

// Catalog is the newest catalog as loaded, parsed.
func (s *Store) Catalog(ctx context.Context) (*pos.Catalog, error) {
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT data FROM catalogs ORDER BY version DESC LIMIT 1`).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNoCatalog
	}
	if err != nil {
		return nil, err
	}
	return pos.ParseCatalog("catalog", data, s.now())
}

// ServedDoc is the catalog registers pull, and its version (the ETag).
type ServedDoc struct {
	Version int64
	Data    []byte
}

// ServedCatalog is the newest catalog with each offer's codes replaced by
// the server's codes of that offer (their disabled flags included): what
// a register applies between sales.
//
// Every change of the catalog or of a code moves the version
// (bumpCatalog), so the document is built once per version and kept.
func (s *Store) ServedCatalog(ctx context.Context) (ServedDoc, error) {
	var doc ServedDoc
	var data []byte
	codes := map[string][]pos.Code{}
	cached := false
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT version FROM catalog_state`).Scan(&doc.Version); err != nil {
			return err
		}
		s.servedMu.Lock()
		if s.served.Version == doc.Version && doc.Version > 0 {
			doc, cached = s.served, true
		}
		s.servedMu.Unlock()
		if cached {
			return nil
		}
		if err := tx.QueryRow(ctx, `SELECT data FROM catalogs ORDER BY version DESC LIMIT 1`).Scan(&data); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT code, offer, max_uses, disabled FROM codes WHERE NOT deleted ORDER BY code`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k pos.Code
			var offer string
			if err := rows.Scan(&k.Code, &offer, &k.MaxUses, &k.Disabled); err != nil {
				return err
			}
			codes[offer] = append(codes[offer], k)
		}
		return rows.Err()
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return doc, ErrNoCatalog
	}
	if err != nil {
		return doc, err
	}
	if cached {
		return doc, nil
	}
	if doc.Data, err = withCodes(data, codes); err != nil {
		return doc, err
	}
	s.servedMu.Lock()
	if doc.Version > s.served.Version {
		s.served = doc
	}
	s.servedMu.Unlock()
	return doc, nil
}

// CatalogVersion is the version of the catalog registers pull (0: none
// loaded): a register that has it is answered without building it.
func (s *Store) CatalogVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.pool.QueryRow(ctx, `SELECT version FROM catalog_state`).Scan(&v)
	return v, err
}

// withCodes rewrites a catalog file's offers' "codes", leaving every other
// byte's meaning alone (numbers are kept as written).
func withCodes(data []byte, codes map[string][]pos.Code) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var offers []map[string]json.RawMessage
	if raw, ok := doc["offers"]; ok {
		if err := json.Unmarshal(raw, &offers); err != nil {
			return nil, err
		}
	}
	for _, o := range offers {
		var id string
		var automatic bool
		_ = json.Unmarshal(o["id"], &id)
		_ = json.Unmarshal(o["automatic"], &automatic)
		ks := codes[id]
		// An automatic offer takes no code (a register refuses a catalog
		// that gives it one): the codes the server kept for an offer a
		// newer catalog made automatic are not served.
		if len(ks) == 0 || automatic {
			delete(o, "codes")
			continue
		}
		b, err := json.Marshal(ks)
		if err != nil {
			return nil, err
		}
		o["codes"] = b
	}
	if offers != nil {
		b, err := json.Marshal(offers)
		if err != nil {
			return nil, err
		}
		doc["offers"] = b
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
