package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"guichet/pos"
)

// The codes of the organiser's offers live on the server: guichetd codes
// changes them with guichet codes' rules (pos), every change moves the
// catalog's version, and registers get them at their next pull. A code's
// uses are the orders that used it on every register and were neither
// canceled nor lapsed (a partial cancel keeps the use, as at the register);
// a code any order was placed with, canceled since or not, cannot be deleted.
// Each change is recorded in code_changes with who made it (staff: the
// name guichetd codes --staff gave, 012_code_changes.sql), as are those a
// catalog load makes (LoadCatalogBy, 013_catalog_code_changes.sql):
// CodeHistory.

// ErrNoStaff: a change of the codes names no one to record it under.
var ErrNoStaff = errors.New("say who changes the codes: their name is recorded with each change")

// needStaff refuses a change with no one to record it under.
func needStaff(staff string) error {
	if strings.TrimSpace(staff) == "" {
		return ErrNoStaff
	}
	return nil
}

// recordChange records a code's change in tx: what (created, disabled,
// enabled, deleted), by staff; k's quantity allowed and source for one
// created.
func recordChange(ctx context.Context, tx pgx.Tx, staff, what string, k pos.Code, source string) error {
	var maxUses *int
	var src *string
	if what == "created" {
		n := max(k.MaxUses, 0)
		maxUses, src = &n, &source
	}
	_, err := tx.Exec(ctx, `INSERT INTO code_changes (code, offer, what, max_uses, source, staff) VALUES ($1, $2, $3, $4, $5, $6)`,
		k.Code, k.Offer, what, maxUses, src, strings.TrimSpace(staff))
	return err
}

// codePlaced counts the orders ever placed with a code on every register,
// canceled and lapsed ones too: such a code was used, and cannot be
// deleted (pos.CheckDelete).
func codePlaced(ctx context.Context, q pgx.Tx, code string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM orders WHERE code = $1`, code).Scan(&n)
	return n, err
}

func (s *Store) needOffer(ctx context.Context, offer string) error {
	cat, err := s.Catalog(ctx)
	if err != nil {
		return err
	}
	if _, ok := cat.OfferByID(offer); !ok {
		return pos.Errorf("there is no offer %q in the catalog", offer)
	}
	return nil
}

// codesHeld are the codes the server has (not deleted), each with the
// offer that holds it: a code refused for existing names it, as a
// register's refusal does.
func codesHeld(ctx context.Context, tx pgx.Tx) (pos.CodeHolder, error) {
	held := map[string]string{}
	rows, err := tx.Query(ctx, `SELECT code, offer FROM codes WHERE NOT deleted`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, offer string
		if err := rows.Scan(&k, &offer); err != nil {
			return nil, err
		}
		held[k] = offer
	}
	return func(k string) (string, bool) { offer, ok := held[k]; return offer, ok }, rows.Err()
}

// taken is a CodeHolder as a yes or no (a new random code avoids them).
func taken(held pos.CodeHolder) func(string) bool {
	return func(k string) bool { _, ok := held(k); return ok }
}

// AddCodes adds custom codes to an offer (all or none), recorded as
// staff's.
func (s *Store) AddCodes(ctx context.Context, staff, offer string, codes []pos.Code) error {
	return s.addCodes(ctx, staff, offer, "custom", func(held pos.CodeHolder) ([]pos.Code, error) {
		for i := range codes {
			codes[i].Code = pos.NormalizeCode(codes[i].Code)
			codes[i].Offer = offer
		}
		// As a register checks them: each valid, none twice, none there
		// (named with the offer that holds it).
		if err := pos.CheckNewCodesAgainst(codes, held); err != nil {
			return nil, err
		}
		return codes, nil
	})
}

// GenerateCodes adds n random codes to an offer and returns them,
// recorded as staff's.
func (s *Store) GenerateCodes(ctx context.Context, staff, offer string, n, length, maxUses int) ([]pos.Code, error) {
	var out []pos.Code
	err := s.addCodes(ctx, staff, offer, "random", func(held pos.CodeHolder) ([]pos.Code, error) {
		ks, err := pos.GenerateCodes(n, length, taken(held), rand.Reader)
		if err != nil {
			return nil, err
		}
		for _, k := range ks {
			out = append(out, pos.Code{Code: k, MaxUses: maxUses})
		}
		return out, nil
	})
	return out, err
}

// ImportCodes adds the codes of a CSV file (pos.ParseCodesCSV) to an
// offer, recorded as staff's.
func (s *Store) ImportCodes(ctx context.Context, staff, offer string, data []byte) ([]pos.Code, error) {
	var out []pos.Code
	err := s.addCodes(ctx, staff, offer, "import", func(held pos.CodeHolder) ([]pos.Code, error) {
		var err error
		out, err = pos.ParseCodesCSVAgainst(data, offer, held)
		return out, err
	})
	return out, err
}

func (s *Store) addCodes(ctx context.Context, staff, offer, source string, make func(held pos.CodeHolder) ([]pos.Code, error)) error {
	if err := needStaff(staff); err != nil {
		return err
	}
	cat, err := s.Catalog(ctx)
	if err != nil {
		return err
	}
	o, ok := cat.OfferByID(offer)
	if !ok {
		return pos.Errorf("there is no offer %q in the catalog", offer)
	}
	if o.Automatic {
		// As a register refuses it: served with codes, the offer would
		// make every register refuse the catalog.
		return pos.Errorf("offer %q is automatic: it applies without a code", offer)
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE codes IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		held, err := codesHeld(ctx, tx)
		if err != nil {
			return err
		}
		codes, err := make(held)
		if err != nil {
			return err
		}
		for _, k := range codes {
			// A deleted code's text may be used again: its row takes the new code.
			tag, err := tx.Exec(ctx, `INSERT INTO codes (code, offer, max_uses, disabled, source) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (code) DO UPDATE SET offer = EXCLUDED.offer, max_uses = EXCLUDED.max_uses, disabled = EXCLUDED.disabled,
				source = EXCLUDED.source, deleted = false WHERE codes.deleted`, k.Code, offer, max(k.MaxUses, 0), k.Disabled, source)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 1 {
				if in, ok := held(k.Code); ok {
					return pos.Errorf("code %s already exists, in offer %s", k.Code, in)
				}
				return pos.Errorf("code %s already exists", k.Code)
			}
			k.Offer = offer
			if err := recordChange(ctx, tx, staff, "created", k, source); err != nil {
				return err
			}
		}
		_, err = bumpCatalog(ctx, tx)
		return err
	})
}

// SetCodeDisabled disables or enables a code, recorded as staff's.
func (s *Store) SetCodeDisabled(ctx context.Context, staff, code string, disabled bool) error {
	if err := needStaff(staff); err != nil {
		return err
	}
	code = pos.NormalizeCode(code)
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		k := pos.Code{Code: code}
		err := tx.QueryRow(ctx, `UPDATE codes SET disabled = $2 WHERE code = $1 AND NOT deleted RETURNING offer`, code, disabled).Scan(&k.Offer)
		if errors.Is(err, pgx.ErrNoRows) {
			return pos.Errorf("there is no code %s", code)
		}
		if err != nil {
			return err
		}
		what := "enabled"
		if disabled {
			what = "disabled"
		}
		if err := recordChange(ctx, tx, staff, what, k, ""); err != nil {
			return err
		}
		_, err = bumpCatalog(ctx, tx)
		return err
	})
}

// DeleteCode deletes a code no order used on any register, canceled ones
// included (pos.CheckDelete), recorded as staff's.
// Its row stays, marked deleted (008_deleted_codes.sql): a register offline
// may have used it already, and that use, once pushed, is listed with it.
func (s *Store) DeleteCode(ctx context.Context, staff, code string) error {
	if err := needStaff(staff); err != nil {
		return err
	}
	code = pos.NormalizeCode(code)
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var k pos.Code
		err := tx.QueryRow(ctx, `SELECT code, offer, max_uses, disabled FROM codes WHERE code = $1 AND NOT deleted FOR UPDATE`, code).Scan(&k.Code, &k.Offer, &k.MaxUses, &k.Disabled)
		if errors.Is(err, pgx.ErrNoRows) {
			return pos.Errorf("there is no code %s", code)
		}
		if err != nil {
			return err
		}
		placed, err := codePlaced(ctx, tx, code)
		if err != nil {
			return err
		}
		if err := pos.CheckDelete(k, placed); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE codes SET deleted = true WHERE code = $1`, code); err != nil {
			return err
		}
		if err := recordChange(ctx, tx, staff, "deleted", k, ""); err != nil {
			return err
		}
		_, err = bumpCatalog(ctx, tx)
		return err
	})
}

// CodeView is a code with its uses across every register.
type CodeView struct {
	pos.Code
	Uses    int  `json:"uses"`
	Deleted bool `json:"deleted,omitempty"` // deleted, then used by a register that had not heard of it
}

// Codes lists an offer's codes with their uses, by code: a deleted code
// only once an order was placed with it, canceled since or not (a register
// offline that had not heard of the delete). An offer the catalog does not have and the server has no
// code of (a mistyped id) is an error, not an empty list; the codes of an
// offer a newer catalog took out are still listed, with their uses.
func (s *Store) Codes(ctx context.Context, offer string) (out []CodeView, err error) {
	defer func() {
		if err == nil && len(out) == 0 {
			err = s.needOffer(ctx, offer)
		}
	}()
	// A deleted code stays listed once any order was placed with it,
	// canceled since or not (as codes delete counts, codePlaced): the
	// orders name it.
	rows, err := s.pool.Query(ctx, `SELECT code, offer, max_uses, disabled, uses, deleted FROM (
		SELECT c.code, c.offer, c.max_uses, c.disabled, c.deleted,
		(SELECT count(*) FROM orders o WHERE o.code = c.code AND o.state NOT IN ('canceled', 'lapsed')) AS uses,
		EXISTS (SELECT 1 FROM orders o WHERE o.code = c.code) AS placed
		FROM codes c WHERE c.offer = $1) k WHERE NOT deleted OR placed ORDER BY code`, offer)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v CodeView
		if err := rows.Scan(&v.Code.Code, &v.Offer, &v.MaxUses, &v.Disabled, &v.Uses, &v.Deleted); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ExportCodes writes an offer's codes as CSV (pos.WriteCodesCSV) with
// their uses across every register.
func (s *Store) ExportCodes(ctx context.Context, offer string, w io.Writer) error {
	vs, err := s.Codes(ctx, offer)
	if err != nil {
		return err
	}
	codes := make([]pos.Code, len(vs))
	uses := map[string]int{}
	for i, v := range vs {
		codes[i] = v.Code
		codes[i].Disabled = v.Disabled || v.Deleted // not usable: imported again, it stays so
		uses[v.Code.Code] = v.Uses
	}
	if err := pos.WriteCodesCSV(w, codes, func(k string) int { return uses[k] }); err != nil {
		return fmt.Errorf("export codes: %w", err)
	}
	return nil
}

// CodeChange is one change of a code on the server: what (created,
// changed, disabled, enabled, deleted), by whom, when; for one created or
// changed, its offer's quantity allowed (0: unlimited) and, created, how
// (custom, random, import, or catalog). A change a catalog load made has
// the catalog's version that load printed and the file's name; Staff is
// then who loaded it, "" when catalog load named no one.
type CodeChange struct {
	Code        string    `json:"code"`
	Offer       string    `json:"offer"`
	What        string    `json:"what"`
	MaxUses     int       `json:"max_uses,omitempty"`
	Source      string    `json:"source,omitempty"`
	Staff       string    `json:"staff"`
	Catalog     int64     `json:"catalog,omitempty"`
	CatalogFile string    `json:"catalog_file,omitempty"`
	At          time.Time `json:"at"`
}

// CodeHistory lists a code's changes on the server, oldest first: who
// made, disabled, enabled or deleted it (guichetd codes --staff), and
// which catalog load created, changed or deleted it. A code the server
// never had is an error; one changed before 012_code_changes.sql (by a
// catalog load, before 013_catalog_code_changes.sql) has none.
func (s *Store) CodeHistory(ctx context.Context, code string) ([]CodeChange, error) {
	code = pos.NormalizeCode(code)
	rows, err := s.pool.Query(ctx, `SELECT code, offer, what, coalesce(max_uses, 0), coalesce(source, ''), staff, coalesce(catalog, 0), coalesce(catalog_file, ''), at
		FROM code_changes WHERE code = $1 ORDER BY id`, code)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (CodeChange, error) {
		var c CodeChange
		err := r.Scan(&c.Code, &c.Offer, &c.What, &c.MaxUses, &c.Source, &c.Staff, &c.Catalog, &c.CatalogFile, &c.At)
		return c, err
	})
	if err != nil || len(out) > 0 {
		return out, err
	}
	var known bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM codes WHERE code = $1)`, code).Scan(&known); err != nil {
		return nil, err
	}
	if !known {
		return nil, pos.Errorf("there is no code %s", code)
	}
	return nil, nil
}
