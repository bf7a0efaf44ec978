package server

import (
	"context"
	"fmt"
	"time"
)

// Report dimensions (guichetd report sales --by).
var ReportBy = []string{"method", "register", "performance", "category", "offer"}

// SalesRow is one line of a sales report: what the key took.
type SalesRow struct {
	Key      string `json:"key"`
	Currency string `json:"currency"`
	Count    int    `json:"count"`             // payments by method/register; tickets otherwise
	Refunds  int    `json:"refunds,omitempty"` // refunds by method/register, apart from the payments
	Amount   int64  `json:"amount"`            // minor units: payments minus refunds; ticket prices otherwise
}

// SalesReport adds up the registers' sales from since (inclusive) to
// until (exclusive; zero: no bound). By method or register it adds
// payments minus refunds as the Z reports' methods do, and counts the
// payments and apart the refunds; by performance or category (a pass
// under "pass:ID") or offer (its id; "" for tickets no offer changed) it adds the
// tickets and passes sold (canceled ones included, as the Z reports count
// them) at their price: the tickets and passes it counts, not the gift
// vouchers.
type SalesReport struct {
	Since    time.Time  `json:"since,omitzero"`
	Until    time.Time  `json:"until,omitzero"`
	By       string     `json:"by"`
	Orders   int        `json:"orders"`   // placed
	Tickets  int        `json:"tickets"`  // tickets placed (of a performance)
	Passes   int        `json:"passes"`   // passes placed, apart as the Z reports count them
	Canceled int        `json:"canceled"` // orders canceled since (whole orders)
	Lapsed   int        `json:"lapsed"`   // invoices whose deadline passed unpaid
	Rows     []SalesRow `json:"rows"`
}

// Sales computes a sales report.
func (s *Store) Sales(ctx context.Context, since, until time.Time, by string) (SalesReport, error) {
	if by == "" {
		by = "method"
	}
	rep := SalesReport{Since: since, Until: until, By: by}
	if until.IsZero() {
		until = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	// An order's count (orders.tickets) is of its tickets and passes
	// together, as a Z report's; the passes are counted apart from the
	// tickets, as the register's reports say them (counter.TicketsAndPasses).
	err := s.pool.QueryRow(ctx, `SELECT count(*), coalesce(sum(tickets), 0), count(*) FILTER (WHERE state = 'canceled'),
		count(*) FILTER (WHERE state = 'lapsed'),
		(SELECT count(*) FROM tickets t JOIN orders o ON o.number = t.order_number
			WHERE o.placed >= $1 AND o.placed < $2 AND t.kind = 'pass')
		FROM orders WHERE placed >= $1 AND placed < $2`, since, until).Scan(&rep.Orders, &rep.Tickets, &rep.Canceled, &rep.Lapsed, &rep.Passes)
	if err != nil {
		return rep, fmt.Errorf("sales report: %w", err)
	}
	rep.Tickets -= rep.Passes
	var q string
	switch by {
	case "method", "register":
		// a refund is a negative row: counted apart, as the Z reports do
		q = `SELECT ` + by + `, currency, count(*) FILTER (WHERE amount >= 0), count(*) FILTER (WHERE amount < 0), sum(amount)
			FROM payments WHERE at >= $1 AND at < $2 GROUP BY 1, 2 ORDER BY 1, 2`
	case "performance", "category", "offer":
		// A pass has no performance nor ticket category: it counts
		// under "pass:ID", as the Z reports' categories count it.
		key := "CASE WHEN t.kind = 'pass' THEN 'pass:' || t.item ELSE t." + by + " END"
		if by == "offer" {
			// The offer's id, as the Z reports count offers: a ticket
			// names its offer in the language of the till that sold it.
			key = "CASE WHEN t.offer <> '' THEN o.offer ELSE '' END"
		}
		q = `SELECT ` + key + `, t.currency, count(*), 0, sum(t.price) FROM tickets t JOIN orders o ON o.number = t.order_number
			WHERE o.placed >= $1 AND o.placed < $2 AND t.kind IN ('ticket', 'pass') GROUP BY 1, 2 ORDER BY 1, 2`
	default:
		return rep, fmt.Errorf("report by %q: choose one of %v", by, ReportBy)
	}
	rows, err := s.pool.Query(ctx, q, since, until)
	if err != nil {
		return rep, fmt.Errorf("sales report: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r SalesRow
		if err := rows.Scan(&r.Key, &r.Currency, &r.Count, &r.Refunds, &r.Amount); err != nil {
			return rep, err
		}
		rep.Rows = append(rep.Rows, r)
	}
	return rep, rows.Err()
}
