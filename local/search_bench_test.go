package local

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"guichet/pos"
)

// BenchmarkFindOrders is the desk's search (o) on a register of 20,000
// paid 2-ticket orders, one customer's every fiftieth: by an order number,
// by a ticket's number, by an order's digits without the register's
// prefix, by a ticket's QR payload, and by a customer's name. Every query
// reads the customers and the order index (a name may match), then looks
// its numbers up: a ticket or digits adds a few lookups, never a scan of
// the orders.
func BenchmarkFindOrders(b *testing.B) {
	r, err := Open(Options{Path: filepath.Join(b.TempDir(), "guichet.db"), Register: "K01", Catalog: bigLawnCatalog(b), Now: func() time.Time { return testToday }})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	r.db.NoSync = true // the setup only: the same commits, without waiting for the disk
	till := openTill(b, r, "claire", "1234")
	const orders = 20_000
	for i := range orders {
		if i%50 == 0 {
			c, err := r.SaveCustomer("claire", pos.Customer{Name: fmt.Sprintf("Client %d", i), Email: fmt.Sprintf("c%d@example.ch", i)})
			if err != nil {
				b.Fatal(err)
			}
			if err := till.SetCustomer(c.ID); err != nil {
				b.Fatal(err)
			}
		}
		if err := till.AddTickets("festival-j1", "pelouse", "adult", 2); err != nil {
			b.Fatal(err)
		}
		if _, err := till.Checkout(cash()); err != nil {
			b.Fatal(err)
		}
	}
	r.db.NoSync = false
	ov, ok, err := r.Order("K01-012345")
	if !ok || err != nil {
		b.Fatalf("order K01-012345: %v %v", ok, err)
	}
	for _, q := range []struct{ name, query string }{
		{"order", "K01-012345"},
		{"ticket", "K01-012345-02"},
		{"digits", "12345"},
		{"qr", ov.Tickets[1].QR},
		{"name", "Client 12300"},
	} {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				found, err := r.FindOrders(q.query, 200)
				if err != nil {
					b.Fatal(err)
				}
				_ = found
			}
		})
	}
}
