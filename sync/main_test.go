package sync_test

import (
	"context"
	"flag"
	"net"
	"net/http"
	"os"
	"path/filepath"
	gosync "sync"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync/server"
	"guichet/sync/server/pgtest"
)

var pg *pgtest.Server

func TestMain(m *testing.M) {
	if cfg := os.Getenv(fleetChildEnv); cfg != "" {
		os.Exit(runFleetChild(cfg)) // a register of the fleet simulation (fleet_test.go)
	}
	// Each property case creates a database: 20 cases unless asked for more.
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set {
		flag.Set("rapid.checks", "20")
	}
	os.Exit(pgtest.Run(m, &pg))
}

var testToday = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

// central is a guichetd: a fresh database and the API on 127.0.0.1.
type central struct {
	store *server.Store
	addr  string
}

func (c *central) URL() string { return "http://" + c.addr }

func newCentral(t testing.TB) *central {
	t.Helper()
	url, err := newMigratedDB()
	if err != nil {
		t.Fatal(err)
	}
	return newCentralAt(t, url)
}

// newMigratedDB is a new database as the migrations leave it: a copy of
// one database migrated once (a database from template1, migrated at each
// server.Open, cost the test server three times the CPU time, and most of
// a test's). server.Open finds every migration applied. The copy was made
// while the test before ran (pg.Migrated): waiting for it took a test
// 300 ms or more.
func newMigratedDB() (string, error) { return migrated()() }

// migrated makes the copies; made by the first newCentral of the package,
// once pg is started.
var migrated = gosync.OnceValue(func() func() (string, error) { return pg.MigratedCentral() })

// newCentralSchema is newCentral in a schema of its own rather than a
// database (half a second less: for property tests, a central per case),
// closed and its schema dropped by cl (a case's *rapid.T).
func newCentralSchema(t testing.TB, cl cleaner) *central {
	t.Helper()
	url, err := pg.NewSchema()
	if err != nil {
		t.Fatal(err)
	}
	cl.Cleanup(func() { _ = pg.DropSchema(url) })
	return newCentralIn(t, cl, url)
}

func newCentralAt(t testing.TB, url string) *central {
	t.Helper()
	return newCentralIn(t, t, url)
}

// cleaner is where a helper registers what to close when done: a test
// (testing.TB), or one case of a property test (*rapid.T), whose servers
// and files must close as the case ends, not all at the test's end (a
// connection pool per case: PostgreSQL refused more clients after a few
// hundred cases).
type cleaner interface{ Cleanup(func()) }

// newCentralIn is newCentralAt closed by cl.
func newCentralIn(t testing.TB, cl cleaner, url string) *central {
	t.Helper()
	store, err := server.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: server.NewAPI(store, nil)}
	go srv.Serve(ln)
	cl.Cleanup(func() {
		srv.Close()
		store.Close()
	})
	return &central{store: store, addr: ln.Addr().String()}
}

func demoCatalog(t testing.TB) *pos.Catalog {
	t.Helper()
	c, err := fixtures.DemoCatalog(testToday)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// register is a real register file, enrolled with the central server.
type register struct {
	*local.Register
	path  string
	token string
	till  *local.Till
}

func newRegister(t testing.TB, c *central, name string) *register {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".db")
	r, err := local.Open(local.Options{Path: path, Register: name, Catalog: demoCatalog(t), Now: func() time.Time { return testToday }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	token, err := c.store.AddRegister(context.Background(), name, r.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	return &register{Register: r, path: path, token: token}
}

// sell sells n orders of one adult ticket paid in cash (opening claire's
// shift first if needed).
func (r *register) sell(t testing.TB, n int) {
	t.Helper()
	if r.till == nil {
		till, err := r.Unlock("claire", "1234")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := till.Shift(); !ok {
			if _, err := till.OpenShift(pos.M(20000, "CHF")); err != nil {
				t.Fatal(err)
			}
		}
		r.till = till
	}
	for range n {
		if err := r.till.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
			t.Fatal(err)
		}
		if _, err := r.till.Checkout([]pos.Tender{{Method: "cash"}}); err != nil {
			t.Fatal(err)
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
