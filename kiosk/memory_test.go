package kiosk

import (
	"context"
	"fmt"
	"testing"

	"guichet/payterm"
	"guichet/pos"
)

// approving is a payment terminal that approves every charge and keeps
// nothing (the simulator keeps every charge: its memory is not the
// kiosk's).
type approving struct{}

func (approving) Charge(_ context.Context, amount pos.Money, ref string) (payterm.Result, error) {
	return payterm.Result{Ref: ref, Outcome: payterm.Approved, TerminalRef: "T-" + ref, Approval: "123456", Brand: "VISA", Last4: "4242", Amount: amount}, nil
}

func (approving) Status(_ context.Context, ref string) (payterm.Result, error) {
	return payterm.Result{Ref: ref, Outcome: payterm.Approved}, nil
}

// TestKioskSalesDoNotGrowTheHeap: a kiosk sells all day in one process,
// so what a sale leaves in memory adds up. After 250 sales to warm up
// (caches at their bound: the ticket QRs keep at most 256), 250 more
// sales may leave at most 64 kB more on the heap after a collection, a
// quarter of a kilobyte a sale: the journal's file grows with each sale,
// and bbolt's free-page list with it. (The QR cache kept every ticket up
// to 16,384: 2.8 kB a sale.)
func TestKioskSalesDoNotGrowTheHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("500 sales")
	}
	r := newSalesRig(t, approving{})
	const warm, n, bound = 250, 250, 64 << 10
	for i := range warm {
		r.sell(t, i)
	}
	before := r.settle(t)
	for i := range n {
		r.sell(t, warm+i)
	}
	after := r.settle(t)
	growth := int64(after) - int64(before)
	t.Logf("heap after %d sales: %d kB; after %d more: %d kB (%+d B a sale)", warm, before>>10, n, after>>10, growth/n)
	if growth > bound {
		t.Errorf("the heap grew by %s over %d sales (%d B a sale), more than %s", kB(growth), n, growth/n, kB(bound))
	}
}

func kB(n int64) string { return fmt.Sprintf("%d kB", n>>10) }
