// Package pgtest gives tests a real PostgreSQL: the one GUICHET_TEST_DB
// names, or else a throwaway server started from Debian's postgresql
// package (initdb into a temporary directory as the postgres user, a free
// port on 127.0.0.1), stopped by the returned function. A missing
// PostgreSQL is an error, never a skip: the tests that need it must run.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"guichet/sync/server"
)

// Server is a PostgreSQL the tests may create databases in.
type Server struct {
	admin string // connection string of the maintenance database
	data  string // the throwaway server's data directory ("": GUICHET_TEST_DB)
	stop  func()
	n     atomic.Int64

	schemasMu gosync.Mutex
	schemas   string // the database NewSchema makes schemas in ("": none yet)

	copyMu   gosync.Mutex
	copyConn *pgx.Conn // CopyDB's connection to the maintenance database, kept
	copyHow  string    // " STRATEGY FILE_COPY" where the server has it
	stopped  bool      // Stop was called: CopyDB copies nothing more
}

// Run is a test package's TestMain with a server: it starts one, sets
// *pg to it, runs the tests and stops it, and returns the status for
// os.Exit. A server that does not start is said on stderr and fails the
// package (status 1) without running a test.
func Run(m *testing.M, pg **Server) int {
	s, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	*pg = s
	defer s.Stop()
	return m.Run()
}

// Start starts (or finds) the server. Call it once per test package, in
// TestMain, and Stop it when the tests are done.
func Start() (*Server, error) {
	if url := os.Getenv("GUICHET_TEST_DB"); url != "" {
		return &Server{admin: url, stop: func() {}}, nil
	}
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgtest: no postgres system user (install Debian's postgresql package, .ci/tools.sh does): %w", err)
	}
	dir, err := os.MkdirTemp("", "guichet-pg-")
	if err != nil {
		return nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		cleanup()
		return nil, err
	}
	data := filepath.Join(dir, "data")
	as := func(name string, args ...string) *exec.Cmd {
		if os.Getuid() == 0 {
			args = append([]string{"-u", "postgres", "--", filepath.Join(bin, name)}, args...)
			return exec.Command("runuser", args...)
		}
		return exec.Command(filepath.Join(bin, name), args...)
	}
	if out, err := as("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		cleanup()
		return nil, fmt.Errorf("pgtest: initdb: %v: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		cleanup()
		return nil, err
	}
	opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if out, err := as("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		cleanup()
		return nil, fmt.Errorf("pgtest: pg_ctl start: %v: %s\n%s", err, out, log)
	}
	s := &Server{admin: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port), data: data}
	s.stop = func() {
		_ = as("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop").Run()
		cleanup()
	}
	return s, nil
}

// PID is the throwaway server's postmaster (benchmarks add up the CPU time
// its processes use); 0 for the server GUICHET_TEST_DB names.
func (s *Server) PID() int {
	if s.data == "" {
		return 0
	}
	b, err := os.ReadFile(filepath.Join(s.data, "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	return pid
}

// Stop stops a server Start started (and drops the database of the
// schemas NewSchema made).
func (s *Server) Stop() {
	s.copyMu.Lock() // a copy being made (by a test's goroutine) ends first
	s.stopped = true
	if s.copyConn != nil {
		_ = s.copyConn.Close(context.Background())
	}
	s.copyMu.Unlock()
	if s.schemas != "" {
		_ = s.DropDB(s.schemas)
	}
	s.stop()
}

// NewDB creates an empty database and returns its connection string.
func (s *Server) NewDB() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.admin)
	if err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("guichet_test_%d_%d", os.Getpid(), s.n.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("pgtest: create database: %w", err)
	}
	cfg, err := pgx.ParseConfig(s.admin)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name), nil
}

// CopyDB creates a database as a copy of template (a database NewDB made,
// that nobody is connected to any more: a test package's database with
// the migrations applied once) and returns its connection string. The
// copy is made file by file where the server can (STRATEGY FILE_COPY,
// PostgreSQL 15 and later): a small database copied through the WAL, the
// default, took the test server twice the CPU time (200 ms) and migrations
// applied again 100 ms more. One connection to the maintenance database
// serves every copy (a connection costs the server 40 ms of CPU), one copy
// at a time.
func (s *Server) CopyDB(template string) (string, error) {
	tcfg, err := pgx.ParseConfig(template)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s.copyMu.Lock()
	defer s.copyMu.Unlock()
	if s.stopped {
		return "", fmt.Errorf("pgtest: the server is stopped")
	}
	if s.copyConn == nil || s.copyConn.IsClosed() {
		conn, err := pgx.Connect(ctx, s.admin)
		if err != nil {
			return "", fmt.Errorf("pgtest: %w", err)
		}
		var version int
		if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err != nil {
			conn.Close(ctx)
			return "", fmt.Errorf("pgtest: %w", err)
		}
		s.copyConn, s.copyHow = conn, ""
		if version >= 150000 {
			s.copyHow = " STRATEGY FILE_COPY"
		}
	}
	name := fmt.Sprintf("guichet_test_%d_%d", os.Getpid(), s.n.Add(1))
	if _, err := s.copyConn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+pgx.Identifier{tcfg.Database}.Sanitize()+s.copyHow); err != nil {
		return "", fmt.Errorf("pgtest: copy database %s: %w", tcfg.Database, err)
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", tcfg.User, tcfg.Host, tcfg.Port, name), nil
}

// Migrated is a maker of databases as migrate leaves a new one: the
// first call makes a database (NewDB), migrates it and closes every
// connection to it; each call gives a copy of it (CopyDB), made in the
// background while the caller's test before ran (a copy waits for two
// checkpoints: 300 ms and more of a test's wall time), and starts the
// next. For tests that need a migrated database and do not test the
// migrations: a database from template1 migrated again cost the test
// server two to three times the CPU time. At most one copy is left over
// when the tests are done; Stop ends the copying.
func (s *Server) Migrated(migrate func(url string) error) func() (string, error) {
	template := gosync.OnceValues(func() (string, error) {
		url, err := s.NewDB()
		if err != nil {
			return "", err
		}
		if err := migrate(url); err != nil {
			return "", fmt.Errorf("pgtest: migrate the template database: %w", err)
		}
		return url, nil
	})
	return madeAhead(func() (string, error) {
		url, err := template()
		if err != nil {
			return "", err
		}
		return s.CopyDB(url)
	})
}

// MigratedCentral is Migrated with the central server's migrations, as
// server.Open applies them: the database every central of a test
// starts from.
func (s *Server) MigratedCentral() func() (string, error) {
	return s.Migrated(func(url string) error {
		store, err := server.Open(context.Background(), url)
		if err != nil {
			return err
		}
		store.Close()
		return nil
	})
}

// madeAhead is mk called in the background, one result ahead: each call
// takes the one made while its caller's test before ran, and the next is
// made. Once the tests are done, the last one made waits for nobody.
func madeAhead(mk func() (string, error)) func() (string, error) {
	type made struct {
		url string
		err error
	}
	var start gosync.Once
	next := make(chan made, 1)
	return func() (string, error) {
		start.Do(func() {
			go func() {
				for {
					var m made
					m.url, m.err = mk()
					next <- m
				}
			}()
		})
		m := <-next
		return m.url, m.err
	}
}

// NewSchema creates an empty schema in one database that every NewSchema
// of this server shares, and returns a connection string whose search_path
// is that schema alone: what is created without naming a schema goes there.
// A database is a copy of template1 (half a second or more on a busy
// machine); a schema takes a millisecond: for tests that make many (the
// fleet simulation, seed after seed). Tables, indexes and sequences are as
// separate as in their own database; advisory locks are the database's,
// shared.
func (s *Server) NewSchema() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := s.schemasDB(ctx)
	if err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("guichet_test_%d", s.n.Add(1))
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		return "", fmt.Errorf("pgtest: create schema: %w", err)
	}
	return db + "&search_path=" + name, nil
}

// DropSchema drops a schema NewSchema made, with all it holds.
func (s *Server) DropSchema(url string) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return err
	}
	name := cfg.RuntimeParams["search_path"]
	delete(cfg.RuntimeParams, "search_path")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
		return fmt.Errorf("pgtest: drop schema: %w", err)
	}
	return nil
}

// schemasDB is the database NewSchema makes schemas in, created the first
// time; Stop drops it.
func (s *Server) schemasDB(ctx context.Context) (string, error) {
	s.schemasMu.Lock()
	defer s.schemasMu.Unlock()
	if s.schemas != "" {
		return s.schemas, nil
	}
	url, err := s.NewDB()
	if err != nil {
		return "", err
	}
	s.schemas = url
	return url, nil
}

// DropDB drops a database NewDB made (a soak run makes thousands); every
// connection to it must be closed first, or it is forced closed.
func (s *Server) DropDB(url string) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.admin)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{cfg.Database}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("pgtest: drop database: %w", err)
	}
	return nil
}

// binDir is the newest /usr/lib/postgresql/*/bin with initdb, or the
// directory of an initdb on PATH.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("pgtest: PostgreSQL is not installed (no initdb): run .ci/tools.sh, or set GUICHET_TEST_DB")
}

func version(dir string) int {
	n, _ := strconv.Atoi(strings.Split(strings.TrimPrefix(dir, "/usr/lib/postgresql/"), "/")[0])
	return n
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
