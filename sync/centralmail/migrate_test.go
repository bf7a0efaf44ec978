package centralmail_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"guichet/sync/server"
)

// TestMailOrdersMoveIntoOrders: a database written before
// 007_mail_orders_in_orders.sql keeps, once the server opens it, what its
// e-mails need of each order (state, customer, deadline, now in the
// order's row), and an order stored before 005_email.sql is still not one
// the server e-mails.
func TestMailOrdersMoveIntoOrders(t *testing.T) {
	ctx := context.Background()
	url, err := pg.NewSchema()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.DropSchema(url) })
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	files, _ := filepath.Glob("../server/migrations/*.sql")
	if len(files) < 7 {
		t.Fatalf("migrations: %v", files)
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := conn.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(`CREATE TABLE schema_version (version int PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`)
	order := `INSERT INTO orders (number, register, seq, shift, staff, placed, state, total, currency, tickets) VALUES ($1, 'K01', $2, 'S1', 'claire', now(), $3, 100, 'CHF', 1)`
	for i, f := range files[:6] { // 001 to 006
		sql, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		exec(string(sql))
		exec(`INSERT INTO schema_version (version, name) VALUES ($1, $2)`, i+1, filepath.Base(f))
		if i == 3 {
			exec(order, "K01-000001", 1, "paid") // before 005: no e-mail row
		}
	}
	deadline := time.Date(2026, 12, 20, 23, 59, 59, 0, time.UTC)
	exec(order, "K01-000002", 2, "pending_payment")
	exec(`INSERT INTO mail_orders (number, register, seq, state, customer, deadline) VALUES ('K01-000002', 'K01', 2, 'paid', 'C-7', $1)`, deadline)

	store, err := server.Open(ctx, url) // applies 007
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var state, customer string
	var at time.Time
	if err := conn.QueryRow(ctx, `SELECT state, customer, deadline FROM mail_orders WHERE number = 'K01-000002'`).Scan(&state, &customer, &at); err != nil || state != "paid" || customer != "C-7" || !at.Equal(deadline) {
		t.Fatalf("the e-mail row after 007: %q %q %v %v", state, customer, at, err)
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM mail_orders WHERE number = 'K01-000001'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("an order stored before 005 has an e-mail row after 007: %d %v", n, err)
	}
	if _, ok, err := store.MailOrder(ctx, "K01-000001"); ok || err != nil {
		t.Fatalf("an order stored before 005 is one to e-mail: %v %v", ok, err)
	}
	// Updated through the view, as the ingest does.
	exec(`UPDATE mail_orders SET state = 'canceled' WHERE number = 'K01-000002'`)
	if err := conn.QueryRow(ctx, `SELECT mail_state FROM orders WHERE number = 'K01-000002'`).Scan(&state); err != nil || state != "canceled" {
		t.Fatalf("orders.mail_state after an update of mail_orders: %q %v", state, err)
	}
}
