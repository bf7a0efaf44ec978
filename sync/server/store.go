// Package server is the central server's heart: the PostgreSQL store
// (registers, their journals byte for byte, the projections reports read,
// the organiser's catalog and codes) and the HTTP API registers talk to.
// It keeps no state of its own between requests, so several guichetd run
// behind a load balancer on one database.
package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	gosync "sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"guichet/local"
	"guichet/pos"
)

// Store is the central database.
type Store struct {
	pool        *pgxpool.Pool
	now         func() time.Time
	grantTTL    time.Duration
	grantMargin time.Duration

	grantAnswersKept time.Duration // answered grant requests kept besides each register's last

	catMu  gosync.Mutex // the catalog grants read, parsed once per version
	cat    *pos.Catalog
	catVer int64

	servedMu gosync.Mutex // the catalog registers pull, built once per version
	served   ServedDoc
}

// Open connects to PostgreSQL (url: a libpq connection string or URL) and
// applies the migrations not applied yet.
func Open(ctx context.Context, url string) (*Store, error) { return open(ctx, url, migrate) }

// OpenReadOnly connects to PostgreSQL without applying any migration, for
// the commands that only read (reports, lists, exports): a newer guichetd
// run for a report does not change the live database's schema, and a
// database user that may only read can run them. It refuses a database
// whose schema is not the one this guichetd expects, saying which side to
// bring up to date.
func OpenReadOnly(ctx context.Context, url string) (*Store, error) {
	return open(ctx, url, checkSchema)
}

// open connects, then readies the schema (migrate) or checks it.
func open(ctx context.Context, url string, schema func(context.Context, *pgxpool.Pool) error) (*Store, error) {
	pool, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := schema(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool, now: time.Now}, nil
}

func connect(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("the database address is not valid: %w", err)
	}
	if cfg.MaxConns < 16 {
		cfg.MaxConns = 16
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	return pool, nil
}

// Close closes the connections.
func (s *Store) Close() { s.pool.Close() }

// Pool is the connection pool (benchmarks and tests compare with raw SQL).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Errors a command tells apart.
var (
	ErrUnknownRegister = errors.New("no such register")
	ErrRegisterExists  = errors.New("this register is already enrolled")
	ErrUnauthorized    = errors.New("unknown or revoked token")
)

var registerName = regexp.MustCompile(`^[A-Za-z0-9]{1,32}$`)

// tokenPrefix marks a register's token, so one found in a file is known.
const tokenPrefix = "gct_"

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// AddRegister enrols a register with the Ed25519 public key its journal
// records (register.key, <db>.pub) and returns its token: the only time it
// is shown; the server keeps its hash.
func (s *Store) AddRegister(ctx context.Context, name string, pub ed25519.PublicKey) (string, error) {
	if !registerName.MatchString(name) {
		return "", fmt.Errorf("register name %q: use letters and digits only (K01), as the register's --register", name)
	}
	if len(pub) != ed25519.PublicKeySize {
		return "", errors.New("the register's public key is missing or not an Ed25519 key")
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	_, err := s.pool.Exec(ctx, `INSERT INTO registers (name, token_hash, public_key) VALUES ($1, $2, $3)`, name, hashToken(token), []byte(pub))
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		// The name stays with its stored journal, revoked or not: a new
		// token is renew's, a retired name is never enrolled again.
		if at, ok, rerr := s.Retired(ctx, name); rerr == nil && ok {
			return "", fmt.Errorf("register %s: %w: it was retired (written off) on %s and its name stays with its stored journal; enrol this machine under a new name",
				name, ErrRegisterExists, at.UTC().Format("2006-01-02 15:04 UTC"))
		}
		return "", fmt.Errorf("register %s: %w (its journal is kept under its name, revoked or not): guichetd register renew %s gives it a new token", name, ErrRegisterExists, name)
	}
	if err != nil {
		return "", fmt.Errorf("enrol register %s: %w", name, err)
	}
	return token, nil
}

// RevokeRegister refuses the register's token from now on; its journal
// stays. Enrolling it again (AddRegister after a revoke) is refused while
// its journal is kept: renew gives a revoked register a new token.
func (s *Store) RevokeRegister(ctx context.Context, name string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE registers SET revoked = now() WHERE name = $1 AND revoked IS NULL`, name)
	if err != nil {
		return fmt.Errorf("revoke register %s: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("register %s: %w (or already revoked)", name, ErrUnknownRegister)
	}
	return nil
}

// RenewRegister gives an enrolled register a new token (and un-revokes
// it); the old token stops working.
func (s *Store) RenewRegister(ctx context.Context, name string) (string, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	if at, ok, err := s.Retired(ctx, name); err != nil {
		return "", err
	} else if ok {
		return "", &RetiredError{Register: name, At: at}
	}
	tag, err := s.pool.Exec(ctx, `UPDATE registers SET token_hash = $2, revoked = NULL WHERE name = $1 AND retired IS NULL`, name, hashToken(token))
	if err != nil {
		return "", fmt.Errorf("renew register %s: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return "", fmt.Errorf("register %s: %w", name, ErrUnknownRegister)
	}
	return token, nil
}

// Register is an enrolled register as a request sees it.
type Register struct {
	Name      string
	PublicKey ed25519.PublicKey
	// stored and storedHash are where its journal ended on the server
	// when it was authenticated: Push stores a batch that continues it in
	// one statement, and checks again under a lock when another push moved
	// the end meanwhile.
	stored     uint64
	storedHash local.Digest
}

// Authenticate finds the register a token belongs to.
func (s *Store) Authenticate(ctx context.Context, token string) (Register, error) {
	var r Register
	var pub []byte
	var h []byte
	var revoked bool
	var retired *time.Time
	err := s.pool.QueryRow(ctx, `SELECT name, public_key, last_seq, last_hash, revoked IS NOT NULL, retired FROM registers WHERE token_hash = $1`,
		hashToken(token)).Scan(&r.Name, &pub, &r.stored, &h, &revoked, &retired)
	copy(r.storedHash[:], h)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return r, ErrUnauthorized
	case err != nil:
		return r, err
	case retired != nil:
		return r, &RetiredError{Register: r.Name, At: *retired}
	case revoked:
		return r, ErrUnauthorized
	}
	r.PublicKey = pub
	return r, nil
}

// Retired is when a register was retired (ok false: it was not).
func (s *Store) Retired(ctx context.Context, name string) (at time.Time, ok bool, err error) {
	var retired *time.Time
	err = s.pool.QueryRow(ctx, `SELECT retired FROM registers WHERE name = $1`, name).Scan(&retired)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && retired == nil) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	return *retired, true, nil
}

// RegisterInfo is a register's standing on the server.
type RegisterInfo struct {
	Name     string    `json:"name"`
	Enrolled time.Time `json:"enrolled"`
	Revoked  time.Time `json:"revoked,omitzero"`
	Retired  time.Time `json:"retired,omitzero"`
	LastSeq  uint64    `json:"last_seq"`
	LastHash string    `json:"last_hash"`
	LastTime time.Time `json:"last_entry_time,omitzero"`
	LastPush time.Time `json:"last_push,omitzero"`
	// LastContact is when it last reached the server with its token, for
	// whatever (a push, a catalog pull, a grant request): a register
	// running with nothing to push keeps it recent, an offline one not.
	LastContact time.Time `json:"last_contact,omitzero"`
}

// contactEvery is how often a register's contact is written at most: a
// push, a catalog pull and a grant request of the same second write once.
const contactEvery = time.Second

// Contacted records that a register reached the server now.
func (s *Store) Contacted(ctx context.Context, register string) error {
	now := s.now()
	_, err := s.pool.Exec(ctx, `INSERT INTO register_contacts (register, at) VALUES ($1, $2)
		ON CONFLICT (register) DO UPDATE SET at = EXCLUDED.at WHERE register_contacts.at < $3`,
		register, now, now.Add(-contactEvery))
	return err
}

// Registers lists the enrolled registers by name.
func (s *Store) Registers(ctx context.Context) ([]RegisterInfo, error) {
	rows, err := s.pool.Query(ctx, `SELECT name, enrolled, revoked, retired, last_seq, last_hash, last_time, last_push, c.at
		FROM registers LEFT JOIN register_contacts c ON c.register = name ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RegisterInfo
	for rows.Next() {
		var ri RegisterInfo
		var revoked, retired, lt, lp, lc *time.Time
		var h []byte
		if err := rows.Scan(&ri.Name, &ri.Enrolled, &revoked, &retired, &ri.LastSeq, &h, &lt, &lp, &lc); err != nil {
			return nil, err
		}
		ri.LastHash = fmt.Sprintf("%x", h)
		if revoked != nil {
			ri.Revoked = *revoked
		}
		if retired != nil {
			ri.Retired = *retired
		}
		if lt != nil {
			ri.LastTime = *lt
		}
		if lp != nil {
			ri.LastPush = *lp
		}
		if lc != nil {
			ri.LastContact = *lc
		}
		out = append(out, ri)
	}
	return out, rows.Err()
}
