package local

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"guichet/pos"
)

// BenchmarkFindOrders is the desk's search (o) on a register of 20,000
// paid 2-ticket orders, one customer's every fiftieth (400 customers): by
// an order number, by a ticket's number, by an order's digits without the
// register's prefix, by a ticket's QR payload, and by a customer's name.
// Every query reads every customer's search text (customer_search: name
// and e-mail folded, no record decoded) and, when a name matches, the
// order index, then looks its numbers up: a ticket or digits adds a few
// lookups, never a scan of the orders.
func BenchmarkFindOrders(b *testing.B) {
	benchFindOrders(b, 0)
}

// BenchmarkFindOrdersNewsletterFile is BenchmarkFindOrders on the same
// orders and 400 buyers, with a box office's customer file imported as
// well: 20,000 newsletter subscribers (ImportCustomers, four files of
// 5,000, the most one takes), with accents, phones, addresses and notes,
// who bought nothing at this register. The same queries, and a surname
// that a hundred of them share, typed without its accent.
func BenchmarkFindOrdersNewsletterFile(b *testing.B) {
	benchFindOrders(b, 20_000)
}

func benchFindOrders(b *testing.B, subscribers int) {
	r, err := Open(Options{Path: filepath.Join(b.TempDir(), "guichet.db"), Register: "K01", Catalog: bigLawnCatalog(b), Now: func() time.Time { return testToday }})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	r.db.NoSync = true // the setup only: the same commits, without waiting for the disk
	for from := 0; from < subscribers; from += pos.MaxCustomersPerImport {
		if _, err := r.ImportCustomers("claire", subscribersCSV(b, from, min(subscribers, from+pos.MaxCustomersPerImport))); err != nil {
			b.Fatal(err)
		}
	}
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
	if s, err := r.Stats(); err != nil || s.Customers != subscribers+orders/50 {
		b.Fatalf("stats: %+v, %v; want %d customers", s, err, subscribers+orders/50)
	}
	ov, ok, err := r.Order("K01-012345")
	if !ok || err != nil {
		b.Fatalf("order K01-012345: %v %v", ok, err)
	}
	queries := []struct {
		name, query string
		found       int
	}{
		{"order", "K01-012345", 1},
		{"ticket", "K01-012345-02", 1},
		{"digits", "12345", 1},
		{"qr", ov.Tickets[1].QR, 1},
		{"name", "Client 12300", 1},
	}
	if subscribers > 0 {
		// a subscriber of every 200 is a Müller (subscribersCSV): found,
		// with no order
		queries = append(queries, struct {
			name, query string
			found       int
		}{"surname", "muller", 0})
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				found, err := r.FindOrders(q.query, 200)
				if err != nil {
					b.Fatal(err)
				}
				if len(found) != q.found {
					b.Fatalf("FindOrders(%q): %d orders, want %d", q.query, len(found), q.found)
				}
			}
		})
	}
}

// subscribersCSV is a customers file (guichet customers import) of the
// subscribers from to to-1: names with accents (a Müller every 200th),
// e-mails, phones, addresses, consent and, every tenth, a note.
func subscribersCSV(b testing.TB, from, to int) []byte {
	firsts := []string{"Zoé", "François", "Léa", "Jürg", "Anaïs", "Björn", "Chloé", "Noël", "Hélène", "Luca"}
	lasts := []string{"Dubois", "Favre", "Rochat", "Perret", "Girardet", "Schär", "Bühler", "Cuénod", "Pittet", "Mégroz"}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	write := func(row ...string) {
		if err := w.Write(row); err != nil {
			b.Fatal(err)
		}
	}
	write("civility", "first_name", "last_name", "email", "phone", "address", "lang", "newsletter", "notes")
	for i := from; i < to; i++ {
		last := lasts[i/10%len(lasts)]
		if i%200 == 7 {
			last = "Müller"
		}
		civility, lang, note := "Mme", "fr", ""
		if i%2 == 1 {
			civility = "M."
		}
		if i%5 == 0 {
			lang = "en"
		}
		if i%10 == 3 {
			note = "abonnée depuis 2019, préfère le parterre"
		}
		write(civility, firsts[i%len(firsts)], last, fmt.Sprintf("abo%05d@example.ch", i),
			fmt.Sprintf("+41 79 %03d %02d %02d", i/10000, i/100%100, i%100), fmt.Sprintf("Rue du Lac %d\n%d Vevey", i%90+1, 1800+i%9),
			lang, "yes", note)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}
