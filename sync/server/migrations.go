package server

import (
	"context"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate applies the embedded migrations not applied yet, in order, each
// in its own transaction with its row in schema_version, so a failed one
// leaves the schema as the one before. Several servers starting at once
// take an advisory lock: one applies, the others find it done.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	names, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return err
	}
	sort.Slice(names, func(i, j int) bool { return names[i].Name() < names[j].Name() })
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("connect to the database: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7416)`); err != nil {
		return err
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock(7416)`)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("schema_version: %w", err)
	}
	for _, f := range names {
		v, err := strconv.Atoi(strings.SplitN(f.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: the name must start with its number", f.Name())
		}
		var done bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_version WHERE version = $1)`, v).Scan(&done); err != nil {
			return err
		}
		if done {
			continue
		}
		sql, err := migrationFiles.ReadFile("migrations/" + f.Name())
		if err != nil {
			return err
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, string(sql)); err != nil {
			tx.Rollback(ctx)
			return fmt.Errorf("migration %s: %w", f.Name(), err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version, name) VALUES ($1, $2)`, v, f.Name()); err != nil {
			tx.Rollback(ctx)
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("migration %s: %w", f.Name(), err)
		}
	}
	return nil
}

// checkSchema reads which migrations the database has, changing nothing,
// and says so when it is not the schema this binary's migrations make: an
// older one (guichetd serve of this version applies the rest), or a newer
// one (a guichetd at least as new as the database is needed).
func checkSchema(ctx context.Context, pool *pgxpool.Pool) error {
	names, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return err
	}
	want := 0
	for _, f := range names {
		v, err := strconv.Atoi(strings.SplitN(f.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: the name must start with its number", f.Name())
		}
		want = max(want, v)
	}
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass('schema_version') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("connect to the database: %w", err)
	}
	if !exists {
		return fmt.Errorf("this database has no guichet schema yet (this guichetd expects version %d): start guichetd serve on it once, or check --db names the server's database", want)
	}
	var have, count int
	if err := pool.QueryRow(ctx, `SELECT coalesce(max(version), 0), count(*) FROM schema_version`).Scan(&have, &count); err != nil {
		return fmt.Errorf("read the database's schema version: %w", err)
	}
	switch {
	case have > want:
		return fmt.Errorf("the database's schema (version %d) is newer than this guichetd knows (version %d): use a guichetd at least as new as the one serving it", have, want)
	case have < want || count < len(names):
		return fmt.Errorf("the database's schema (version %d) is older than this guichetd expects (version %d): upgrade the server first (guichetd serve of this version applies the migrations), or use the guichetd that serves it", have, want)
	}
	return nil
}
