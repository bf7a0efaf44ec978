package sync_test

import (
	"context"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
)

// Three registers sell; one is cut off from the server for a while and
// catches up; the server's sales report is the sum of their Z reports. A
// code the server disables is refused at the registers after their next
// pull.
func TestThreeRegistersCatchUpAndTheReportAddsTheirZReports(t *testing.T) {
	c := newCentral(t)
	ctx := context.Background()
	if _, err := c.store.LoadCatalog(ctx, "demo.json", fixtures.Demo); err != nil {
		t.Fatal(err)
	}
	proxy := newFaultProxy(t, c.addr, 1)
	var regs []*register
	var pushers []*sync.Pusher
	var applied []chan *pos.Catalog
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{}, 3)
	for i, name := range []string{"K01", "K02", "K03"} {
		r := newRegister(t, c, name)
		url := c.URL()
		if i == 2 {
			url = proxy.URL() // the one that goes offline
		}
		ch := make(chan *pos.Catalog, 8)
		p := sync.New(r, sync.Options{Central: url, Token: r.token, Batch: 7, Interval: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
			Now:       func() time.Time { return testToday },
			OnCatalog: func(cat *pos.Catalog) error { ch <- cat; return nil }})
		go func() { p.Run(runCtx); done <- struct{}{} }()
		regs, pushers, applied = append(regs, r), append(pushers, p), append(applied, ch)
	}
	proxy.partition(true)
	for i, r := range regs {
		r.sell(t, 4+i)
	}
	// The first two catch up while the third is offline and says so.
	waitFor(t, "K01 and K02 to catch up and K03 to be offline", func() bool {
		s3 := pushers[2].Status()
		return pushers[0].Status().Unpushed == 0 && pushers[1].Status().Unpushed == 0 && !s3.Online && s3.Unpushed > 0 && s3.LastError != ""
	})
	for i, r := range regs {
		r.sell(t, 3)
		if i == 1 {
			// A code used at K02 counts on the server.
			must(t, r.till.AddTickets("hamlet-00", "galerie", "adult", 2))
			if _, err := r.till.ApplyCode("AMIS"); err != nil {
				t.Fatal(err)
			}
			if _, err := r.till.Checkout([]pos.Tender{{Method: "cash"}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var zs []local.Report
	for _, r := range regs {
		z, err := r.till.CloseShift(pos.M(0, "CHF"))
		must(t, err)
		zs = append(zs, z)
	}
	proxy.partition(false)
	waitFor(t, "every register to catch up", func() bool {
		for _, p := range pushers {
			if s := p.Status(); s.Unpushed != 0 || !s.Online {
				return false
			}
		}
		return true
	})
	rep, err := c.store.Sales(ctx, time.Time{}, time.Time{}, "method")
	must(t, err)
	var orders, tickets, passes int
	byMethod := map[string]int64{}
	counted := map[string]int{}
	for _, z := range zs {
		zt, zp, _ := counter.TicketsAndPasses(z)
		orders += z.Orders
		tickets += zt
		passes += zp
		for _, m := range z.ByMethod {
			byMethod[m.Method] += m.Amount.Amount
			counted[m.Method] += m.Count
		}
	}
	if rep.Orders != orders || rep.Tickets != tickets || rep.Passes != passes || len(rep.Rows) != len(byMethod) {
		t.Fatalf("server: %d orders, %d tickets, %d passes, %v; Z reports: %d orders, %d tickets, %d passes, %v", rep.Orders, rep.Tickets, rep.Passes, rep.Rows, orders, tickets, passes, byMethod)
	}
	for _, row := range rep.Rows {
		if row.Amount != byMethod[row.Key] || row.Count != counted[row.Key] {
			t.Fatalf("method %s: server %d (%d payments), Z reports %d (%d)", row.Key, row.Amount, row.Count, byMethod[row.Key], counted[row.Key])
		}
	}
	if orders != 4+5+6+9+1 {
		t.Fatalf("Z reports count %d orders", orders)
	}
	amis, err := c.store.Codes(ctx, "amis")
	if err != nil || len(amis) != 1 || amis[0].Uses != 1 {
		t.Fatalf("AMIS on the server: %+v %v", amis, err)
	}

	// Disabled on the server: the registers get it at their next pull and
	// a register started on that catalog refuses the code.
	for _, ch := range applied {
		drain(ch)
	}
	must(t, c.store.SetCodeDisabled(ctx, "admin", "amis", true))
	for i, ch := range applied {
		var cat *pos.Catalog
		select {
		case cat = <-ch:
		case <-time.After(10 * time.Second):
			t.Fatalf("register %d never pulled the changed catalog", i+1)
		}
		if i > 0 {
			continue
		}
		// K01 applies it between sales: closed and opened on it.
		r := regs[0]
		r.till.Close()
		must(t, r.Close())
		r2, err := local.Open(local.Options{Path: r.path, Catalog: cat, Now: func() time.Time { return testToday }})
		must(t, err)
		defer r2.Close()
		till, err := r2.Unlock("claire", "1234")
		must(t, err)
		_, err = till.OpenShift(pos.M(0, "CHF"))
		must(t, err)
		must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
		if _, err := till.ApplyCode("AMIS"); err == nil {
			t.Fatal("a code disabled on the server was accepted after the pull")
		} else {
			t.Logf("refused: %v", err)
		}
	}
	stop()
	for range pushers {
		<-done
	}
}

func drain(ch chan *pos.Catalog) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func waitFor(t testing.TB, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
