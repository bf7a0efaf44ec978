package sync_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"guichet/pos"
	"guichet/sync"
	"guichet/sync/server"
)

// restorableCentral is a guichetd whose database can be backed up and
// later restored from that backup (a copy of the database, as pg_dump and
// pg_restore would leave it), behind the same address.
type restorableCentral struct {
	*central
	url     string
	handler atomic.Pointer[http.Handler]
}

func newRestorableCentral(t *testing.T) *restorableCentral {
	t.Helper()
	url, err := newMigratedDB()
	must(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	c := &restorableCentral{central: &central{addr: ln.Addr().String()}}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*c.handler.Load()).ServeHTTP(w, r) })}
	go srv.Serve(ln)
	c.open(t, url)
	t.Cleanup(func() {
		srv.Close()
		c.store.Close()
	})
	return c
}

func (c *restorableCentral) open(t *testing.T, url string) {
	t.Helper()
	store, err := server.Open(context.Background(), url)
	must(t, err)
	var h http.Handler = server.NewAPI(store, nil)
	c.store, c.url = store, url
	c.handler.Store(&h)
}

// copyDB copies database from into a new database named to (the server's
// connections to it closed first, as CREATE DATABASE ... TEMPLATE needs).
func (c *restorableCentral) copyDB(t *testing.T, from, to string) {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(c.url)
	must(t, err)
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://%s@%s:%d/postgres?sslmode=disable", cfg.User, cfg.Host, cfg.Port))
	must(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{to}.Sanitize()+" TEMPLATE "+pgx.Identifier{from}.Sanitize())
	must(t, err)
}

// backup copies the database as it is now; it returns the copy's name.
func (c *restorableCentral) backup(t *testing.T) string {
	t.Helper()
	cfg, err := pgx.ParseConfig(c.url)
	must(t, err)
	c.store.Close()
	name := cfg.Database + "_backup"
	c.copyDB(t, cfg.Database, name)
	c.open(t, c.url)
	return name
}

// restore serves a copy of the backup from now on, as a server restored
// from it.
func (c *restorableCentral) restore(t *testing.T, backup string) {
	t.Helper()
	cfg, err := pgx.ParseConfig(c.url)
	must(t, err)
	c.store.Close()
	name := cfg.Database + "_restored"
	c.copyDB(t, backup, name)
	c.open(t, fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name))
}

// TestACentralRestoredFromABackupCountsWhatItGrantedSince: guichetd's
// database is restored from a backup taken before register A was granted
// more places and sold them. The server's grants say A holds what it held
// at the backup; A's journal says what it was granted since (its
// capacity.granted entries, pushed again from where the backup ends).
// The server counted none of it: pushed, A's grants were never read, and
// asked to renew before its journal was pushed again, the server answered
// the allotment of the backup, which A took for a taking back and gave up
// ("reclaimed") although it had sold more than that. Either way register
// B was then granted places A had sold: the galerie oversold. Now the
// server counts a pushed grant it does not know, and grants nothing of a
// resource to a register whose journal names a lease it does not know
// until that journal is pushed. What A said its journal held (grants.held)
// grows as much: left at the backup's, the grant above it passed for
// places A gave back, and a galerie lowered below what the registers hold
// had its excess asked of B less those. A backup taken before A held any
// of the galerie has no row of A's grant: the one the push makes said
// nothing of what A held (grants.held NULL, as for a register too old to
// say), where the lost row said all of it.
func TestACentralRestoredFromABackupCountsWhatItGrantedSince(t *testing.T) {
	for _, tc := range []struct {
		renewFirst bool
		first      int // A's grant before the backup (0: the backup has no row of it)
	}{{false, 4}, {true, 4}, {false, 0}, {true, 0}} {
		renewFirst := tc.renewFirst
		t.Run(fmt.Sprintf("renew first %v, %d granted before the backup", renewFirst, tc.first), func(t *testing.T) {
			ctx := context.Background()
			c := newRestorableCentral(t)
			data := fleetCatalog(t)
			_, err := c.store.LoadCatalog(ctx, "fleet.json", data)
			must(t, err)
			cat, err := pos.ParseCatalog("fleet", data, testToday)
			must(t, err)
			a := openEscrow(t, c.central, cat, "A", true)
			b := openEscrow(t, c.central, cat, "B", true)
			push := func(r *escrowRegister) {
				t.Helper()
				must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))
			}
			if tc.first > 0 {
				if n, err := a.e.Ask(ctx, gallery1, tc.first, 0); err != nil || n != tc.first {
					t.Fatalf("A's first grant: %d, %v", n, err)
				}
			}
			push(a)
			bk := c.backup(t)
			if n, err := a.e.Ask(ctx, gallery1, 10-tc.first, 0); err != nil || n != 10-tc.first {
				t.Fatalf("A's grant after the backup: %d, %v", n, err)
			}
			must(t, a.sellGallery(9))
			c.restore(t, bk)

			if renewFirst {
				_, err := a.e.Ask(ctx, gallery1, 0, 9)
				must(t, err)
			}
			push(a)
			if h := a.holding(t, gallery1); h.Allotted < h.Used {
				t.Errorf("A holds %d of the galerie and sold %d of it", h.Allotted, h.Used)
			}
			n, err := b.e.Ask(ctx, gallery1, fleetGallery, 0)
			must(t, err)
			if n > fleetGallery-10 {
				t.Errorf("B was granted %d of the galerie's %d places; A holds 10 and sold 9 of them", n, fleetGallery)
			}
			if allot, held := grantHeld(t, c.central, "A", gallery1); allot != 10 || held == nil || *held != 10 {
				t.Fatalf("A's journal pushed again: the server counts %d for A, held %s; want 10 and 10", allot, heldString(held))
			}
			const lowered = 30
			_, err = c.store.LoadCatalog(ctx, "fleet-lowered.json", lowerGallery(t, lowered))
			must(t, err)
			_, err = b.e.Ask(ctx, gallery1, 0, 0)
			must(t, err)
			if h := b.holding(t, gallery1); h.Allotted != lowered-10 {
				t.Fatalf("B, asked back the excess of a galerie lowered to %d (A holds 10 and gave nothing back), holds %d of its %d; want %d",
					lowered, h.Allotted, n, lowered-10)
			}
			// A sells on from what it holds and asks again: all of it counted
			// once, and nothing of it asked back (B gave back the excess).
			_, err = a.e.Ask(ctx, gallery1, 0, 9)
			must(t, err)
			if h := a.holding(t, gallery1); h.Allotted != 10 || h.Used != 9 {
				t.Errorf("A after its journal reached the server: %+v, want 10 held and 9 sold", h)
			}
		})
	}
}
