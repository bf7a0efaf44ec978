package sync_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/payterm"
	"guichet/pos"
)

// TestASeatInACartOutlivingItsLeaseSellsOnline: a seat the register was
// granted when the seller picked it (or a neighbour of it, granted with
// it) is held for the grant's time (10 minutes by default), but a cart
// holds its seats longer (20 minutes): a customer who takes their time
// reached the payment with the seat's lease over, online, and the sale was
// refused as if the register were offline ("this register's hold on it ran
// out while offline"). Online, the register asks for the cart's seats
// again before the sale: the server, where nobody else took the seat,
// grants it again, and the sale goes through; where the server took the
// ended grant back and another register holds the seat now, the sale says
// so.
//
// The four cases run side by side (each its own server, database, files
// and ports): each mostly waits for its lease to end.
func TestASeatInACartOutlivingItsLeaseSellsOnline(t *testing.T) {
	for _, c := range []struct {
		name            string
		taken, terminal bool
	}{
		{"nobody else took it", false, false},
		{"another register took it", true, false},
		{"nobody else took it, paid at the terminal", false, true},
		{"another register took it, paid at the terminal", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			seatOutlivingItsLease(t, c.taken, c.terminal)
		})
	}
}

// approving is a payment terminal that approves every charge, counting them.
type approving struct{ charges int }

func (a *approving) Charge(ctx context.Context, amount pos.Money, ref string) (payterm.Result, error) {
	a.charges++
	return payterm.Result{Ref: ref, Outcome: payterm.Approved, TerminalRef: "T-" + ref, Approval: "1", Brand: "VISA", Last4: "4242", Amount: amount}, nil
}

func (a *approving) Status(ctx context.Context, ref string) (payterm.Result, error) {
	return payterm.Result{Ref: ref, Outcome: payterm.Unknown}, nil
}

// seatOutlivingItsLease sells the seat by cash (Checkout), or at the
// payment terminal (PayAtTerminal, which holds the cart again before the
// charge): the same answer, and nothing charged when the seat is gone.
func seatOutlivingItsLease(t *testing.T, taken, terminal bool) {
	// on the real clock: the server compares the register's entries' times
	// with the end of its grant before it takes it back
	const ttl = 1500 * time.Millisecond
	c, cat, _, _ := realClockPair(t, ttl, 200*time.Millisecond)
	path := filepath.Join(t.TempDir(), "K09.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K09", Catalog: cat, Now: time.Now, Escrow: true})
	must(t, err)
	token, err := c.store.AddRegister(context.Background(), "K09", reg.PublicKey())
	must(t, err)
	svc, err := counter.New(reg, counter.Options{Now: time.Now,
		Central: counter.Central{URL: c.URL(), Token: token, Escrow: true, Interval: 20 * time.Millisecond}})
	must(t, err)
	defer func() { svc.Close(); reg.Close() }()
	waitFor(t, "the escrow and the push to reach the server", func() bool { return svc.Escrow().Online() && svc.Sync().Online })
	till, err := svc.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	must(t, till.AddSeats("hamlet-01", "parterre", "adult", "D-10"))
	// the customer takes their time: the seat's lease ends, the cart's hold
	// does not
	time.Sleep(ttl + 300*time.Millisecond)
	if held, err := reg.HeldSeats("hamlet-01", "parterre"); err != nil || held["D-10"] {
		t.Fatalf("the premise: the lease of D-10 is over (held %v, %v)", held, err)
	}
	if !svc.Sync().Online || !svc.Escrow().Online() {
		t.Fatal("the premise: the register is online")
	}
	if taken {
		other := openEscrowAt(t, c, cat, "K03", true, time.Now)
		// K09's journal goes past the end of its grant and the margin (its
		// escrow journals renewals of its zones, pushed at once)
		waitFor(t, "K03 to be granted D-10", func() bool {
			got, err := other.e.AskSeats(context.Background(), "hamlet-01", "parterre", []string{"D-10"})
			must(t, err)
			return got["D-10"]
		})
		if terminal {
			term := &approving{}
			_, err := till.PayAtTerminal(context.Background(), term, "card")
			if err == nil || !strings.Contains(err.Error(), "held by another register") || term.charges != 0 {
				t.Fatalf("K03 holds D-10: K09's payment says %v, %d charges", err, term.charges)
			}
			return
		}
		_, err := till.Checkout([]pos.Tender{{Method: "cash"}})
		if err == nil || !strings.Contains(err.Error(), "held by another register") {
			t.Fatalf("K03 holds D-10: K09's sale says %v", err)
		}
		return
	}
	var sale counter.Sale
	if terminal {
		var p counter.TerminalPayment
		p, err = till.PayAtTerminal(context.Background(), &approving{}, "card")
		sale = p.Sale
	} else {
		sale, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	}
	if err != nil {
		t.Fatalf("online, the seat in the cart did not sell: %v", err)
	}
	if len(sale.Order.Tickets) != 1 || sale.Order.Tickets[0].Seat != "D-10" {
		t.Fatalf("sold %+v", sale.Order.Tickets)
	}
}
