package sync_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
	"guichet/sync/server"
)

// Every table of the central database, and the projections among them.
var (
	allTables = []string{"registers", "entries", "shifts", "orders", "tickets", "payments", "customers", "outbox",
		"grants", "capacities", "grant_requests", "catalogs", "catalog_state", "codes", "ticket_codes", "schema_version"}
	projectionTables = []string{"shifts", "orders", "tickets", "payments", "customers"}
)

// tableDigests is each table's rows (count and digest), less the columns
// drop names ("tickets.sig").
func tableDigests(t testing.TB, s *server.Store, tables []string, drop ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range tables {
		row := "to_jsonb(x)"
		for _, d := range drop {
			if tb, col, _ := cut(d); tb == table {
				row += " - '" + col + "'"
			}
		}
		var n int
		var d string
		q := fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg((%[1]s)::text, '|' ORDER BY (%[1]s)::text)), '') FROM %[2]s x`, row, table)
		must(t, s.Pool().QueryRow(context.Background(), q).Scan(&n, &d))
		out[table] = fmt.Sprintf("%d rows %s", n, d)
	}
	return out
}

func cut(s string) (string, string, bool) {
	for i := range s {
		if s[i] == '.' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func sameTables(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for table, w := range want {
		if got[table] != w {
			t.Errorf("%s: table %s: %s, want %s", what, table, got[table], w)
		}
	}
}

// TestRebuildGivesWhatAFreshPushGives: journals of real registers (sales,
// a partial and a whole cancel, an invoice paid, one lapsed, an exchange,
// a customer) pushed, then projection rows damaged by hand (an order's
// state, a deleted ticket, a payment's amount, a shift's close, an order
// no entry placed). A dry run says what would change and changes nothing;
// the rebuild makes every projection what a fresh push of the same
// journals into a new schema makes, keeps what no entry says (tickets'
// signatures, grants, the outbox, registers...), and a second rebuild
// finds nothing to change.
func TestRebuildGivesWhatAFreshPushGives(t *testing.T) {
	ctx := context.Background()
	cen := newCentral(t)
	if _, err := cen.store.LoadCatalog(ctx, "demo.json", fixtures.Demo); err != nil {
		t.Fatal(err)
	}
	clk := fakeclock.New(testToday)
	type reg struct {
		name  string
		r     *local.Register
		till  *local.Till
		push  *sync.Pusher
		pub   []byte
		order []pos.Order
	}
	open := func(name string) *reg {
		r, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), name+".db"), Register: name, Catalog: demoCatalog(t), Now: clk.Now})
		must(t, err)
		t.Cleanup(func() { r.Close() })
		token, err := cen.store.AddRegister(ctx, name, r.PublicKey())
		must(t, err)
		till, err := r.Unlock("claire", "1234")
		must(t, err)
		_, err = till.OpenShift(pos.M(20000, "CHF"))
		must(t, err)
		return &reg{name: name, r: r, till: till, pub: r.PublicKey(),
			push: sync.New(r, sync.Options{Central: cen.URL(), Token: token, Now: clk.Now})}
	}
	sell := func(g *reg, perf, method string, n int) pos.Order {
		t.Helper()
		must(t, g.till.AddTickets(perf, "galerie", "adult", n))
		o, err := g.till.Checkout([]pos.Tender{{Method: method}})
		must(t, err)
		g.order = append(g.order, o)
		return o
	}
	a, b := open("R01"), open("R02")

	partial := sell(a, "hamlet-04", "cash", 3)
	must(t, a.till.CancelPart(partial.Number, "one cannot come", local.CancelOptions{Tickets: []string{partial.Tickets[0].Number}}))
	whole := sell(a, "hamlet-04", "cash", 2)
	must(t, a.till.Cancel(whole.Number, "changed plans"))
	paid := sell(a, "hamlet-04", "invoice", 4)
	must(t, a.till.ValidatePayment(paid.Number, pos.Tender{Reference: "VIR-1"}))
	c, err := a.r.SaveCustomer("claire", pos.Customer{Name: "Ada Martin", Email: "ada@example.org"})
	must(t, err)
	must(t, a.till.SetOrderCustomer(paid.Number, c.ID))
	lapsed := sell(b, "hamlet-04", "invoice", 4)
	exchanged := sell(b, "hamlet-04", "cash", 2)
	_, err = b.till.Exchange(exchanged.Number, []string{exchanged.Tickets[0].Number})
	must(t, err)
	sell(b, "hamlet-05", "cash", 1)
	clk.Set(lapsed.Deadline.Add(time.Minute))
	if n, err := b.r.LapseDue(); err != nil || n != 1 {
		t.Fatalf("invoices lapsed: %d, %v; want 1", n, err)
	}
	_, err = b.till.CloseShift(pos.M(20000, "CHF"))
	must(t, err)
	for _, g := range []*reg{a, b} {
		must(t, g.push.CatchUp(ctx))
	}
	gal := local.ZoneResource("hamlet-06", "galerie")
	_, err = cen.store.Grant(ctx, server.Register{Name: "R01", PublicKey: a.pub}, api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: gal, Want: 5}}})
	must(t, err)

	// The premise: the states a rebuild must get right were met, and the
	// tickets have their signatures.
	sigs := map[string][]byte{}
	rows, err := cen.store.Pool().Query(ctx, `SELECT number, sig FROM tickets WHERE sig IS NOT NULL`)
	must(t, err)
	for rows.Next() {
		var n string
		var s []byte
		must(t, rows.Scan(&n, &s))
		sigs[n] = s
	}
	must(t, rows.Err())
	var states, grants int
	must(t, cen.store.Pool().QueryRow(ctx, `SELECT count(DISTINCT state) FROM orders`).Scan(&states))
	must(t, cen.store.Pool().QueryRow(ctx, `SELECT count(*) FROM grants`).Scan(&grants))
	if len(sigs) < 10 || states < 3 || grants == 0 {
		t.Fatalf("premise: %d tickets signed, %d order states, %d grants", len(sigs), states, grants)
	}
	pushed := tableDigests(t, cen.store, allTables)
	pushedSigless := tableDigests(t, cen.store, []string{"tickets"}, "tickets.sig")

	// Damage: what a wrong projection rule (or a hand) leaves behind.
	deleted := exchanged.Tickets[1].Number
	for _, q := range []string{
		`UPDATE orders SET state = 'canceled' WHERE number = '` + partial.Number + `'`,
		`UPDATE orders SET state = 'pending_payment', mail_state = 'pending_payment' WHERE number = '` + lapsed.Number + `'`,
		`UPDATE tickets SET state = 'valid' WHERE number = '` + exchanged.Tickets[0].Number + `'`,
		`DELETE FROM tickets WHERE number = '` + deleted + `'`,
		`UPDATE payments SET amount = amount + 100 WHERE order_number = '` + paid.Number + `'`,
		`UPDATE shifts SET closed = NULL WHERE register = 'R02'`,
		`DELETE FROM customers`,
		`INSERT INTO orders (number, register, seq, shift, staff, placed, state, total, currency, tickets) VALUES ('GHOST', 'R01', 999, 's', 'x', now(), 'paid', 1, 'CHF', 0)`,
	} {
		if _, err := cen.store.Pool().Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	damaged := tableDigests(t, cen.store, allTables)

	// A dry run says what it would change and changes nothing.
	dry, err := cen.store.Rebuild(ctx, true)
	must(t, err)
	sameTables(t, "after a dry run", tableDigests(t, cen.store, allTables), damaged)
	if !dry.DryRun || dry.Registers != 2 || dry.Changed() < 8 {
		t.Errorf("dry run: %+v, %d changes; want 2 registers, 8 or more changes", dry, dry.Changed())
	}

	rep, err := cen.store.Rebuild(ctx, false)
	must(t, err)
	if rep.DryRun || rep.Registers != dry.Registers || rep.Entries != dry.Entries || fmt.Sprint(rep.Tables) != fmt.Sprint(dry.Tables) {
		t.Errorf("the rebuild did %+v, its dry run said %+v", rep, dry)
	}
	byName := map[string]server.RebuiltTable{}
	for _, tb := range rep.Tables {
		byName[tb.Name] = tb
	}
	if o := byName["orders"]; o.Removed != 1 || o.Changed != 2 || o.Added != 0 {
		t.Errorf("orders: %+v; want 1 removed (GHOST), 2 changed", o)
	}
	if tk := byName["tickets"]; tk.Added != 1 || tk.Changed != 1 || tk.Removed != 0 {
		t.Errorf("tickets: %+v; want 1 added, 1 changed", tk)
	}

	// Every projection is what a fresh push of the journals makes...
	// (a ticket's signature is pushed beside the journal: not in a fresh push of it)
	sameTables(t, "rebuilt vs a fresh push", tableDigests(t, cen.store, projectionTables, "tickets.sig"),
		freshPush(t, cen.store, map[string][]byte{a.name: a.pub, b.name: b.pub}))
	// ... and what the pushes made: every table but the tickets' signatures
	// as pushed, and those the same but for the ticket deleted (its
	// signature went with its row).
	want := pushed
	want["tickets"] = pushedSigless["tickets"]
	sameTables(t, "rebuilt vs pushed", tableDigests(t, cen.store, allTables, "tickets.sig"), want)
	delete(sigs, deleted)
	rows, err = cen.store.Pool().Query(ctx, `SELECT number, sig FROM tickets WHERE sig IS NOT NULL`)
	must(t, err)
	kept := 0
	for rows.Next() {
		var n string
		var s []byte
		must(t, rows.Scan(&n, &s))
		if !bytes.Equal(sigs[n], s) {
			t.Errorf("ticket %s: signature %x after the rebuild, %x before", n, s, sigs[n])
		}
		kept++
	}
	must(t, rows.Err())
	if kept != len(sigs) {
		t.Errorf("%d tickets signed after the rebuild, %d before", kept, len(sigs))
	}
	rebuilt := tableDigests(t, cen.store, allTables)

	// Nothing left to change.
	again, err := cen.store.Rebuild(ctx, false)
	must(t, err)
	if again.Changed() != 0 {
		t.Errorf("a second rebuild changed %d rows: %+v", again.Changed(), again.Tables)
	}
	sameTables(t, "after a second rebuild", tableDigests(t, cen.store, allTables), rebuilt)
}

// freshPush pushes the journals s stores of regs (name: public key) into
// a new schema and gives its projection tables' digests, less the tickets'
// signatures (pushed beside the journal, not in it).
func freshPush(t *testing.T, s *server.Store, regs map[string][]byte) map[string]string {
	t.Helper()
	ctx := context.Background()
	url, err := pg.NewSchema()
	must(t, err)
	defer pg.DropSchema(url)
	fresh, err := server.Open(ctx, url)
	must(t, err)
	defer fresh.Close()
	names := slices.Sorted(maps.Keys(regs))
	for _, name := range names {
		_, err := fresh.AddRegister(ctx, name, regs[name])
		must(t, err)
		rows, err := s.Pool().Query(ctx, `SELECT data FROM entries WHERE register = $1 ORDER BY seq`, name)
		must(t, err)
		var all [][]byte
		for rows.Next() {
			var d []byte
			must(t, rows.Scan(&d))
			all = append(all, d)
		}
		must(t, rows.Err())
		_, err = fresh.Push(ctx, server.Register{Name: name, PublicKey: regs[name]}, all)
		must(t, err)
	}
	return tableDigests(t, fresh, projectionTables, "tickets.sig")
}

// TestRebuildBesidePushes: rebuilds run one after another while a register
// sells and pushes (the pushes wait for each rebuild): none fails, no push
// is refused or lost, and the projections are at the end what a fresh
// push of the stored journal makes.
func TestRebuildBesidePushes(t *testing.T) {
	ctx := context.Background()
	cen := newCentral(t)
	clk := fakeclock.New(testToday)
	r, token, till := enrolledTill(t, cen, clk)
	pusher := sync.New(r, sync.Options{Central: cen.URL(), Token: token, Now: clk.Now})

	done := make(chan error, 1)
	go func() {
		defer close(done)
		for i := range 30 {
			if err := till.AddTickets("hamlet-04", "galerie", "adult", 1); err != nil {
				done <- err
				return
			}
			o, err := till.Checkout([]pos.Tender{{Method: "cash"}})
			if err != nil {
				done <- err
				return
			}
			if i%3 == 0 {
				if err := till.Cancel(o.Number, "changed plans"); err != nil {
					done <- err
					return
				}
			}
			if err := pusher.CatchUp(ctx); err != nil {
				done <- fmt.Errorf("push %d: %w", i, err)
				return
			}
		}
	}()
	rebuilds := 0
	for running := true; running; {
		select {
		case err, ok := <-done:
			must(t, err)
			running = ok
		default:
		}
		if _, err := cen.store.Rebuild(ctx, false); err != nil {
			t.Fatalf("rebuild %d beside the pushes: %v", rebuilds+1, err)
		}
		rebuilds++
	}
	var orders int
	must(t, cen.store.Pool().QueryRow(ctx, `SELECT count(*) FROM orders`).Scan(&orders))
	if orders != 30 || rebuilds < 2 {
		t.Fatalf("%d orders stored, %d rebuilds; want 30 orders, 2 rebuilds or more", orders, rebuilds)
	}
	sameTables(t, "rebuilt beside pushes vs a fresh push", tableDigests(t, cen.store, projectionTables, "tickets.sig"),
		freshPush(t, cen.store, map[string][]byte{"R01": r.PublicKey()}))
	t.Logf("%d rebuilds beside 30 sales pushed", rebuilds)
}
