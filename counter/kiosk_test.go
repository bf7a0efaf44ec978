package counter

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/payterm"
	"guichet/pos"
)

type kioskRig struct {
	t    *testing.T
	path string
	cat  *pos.Catalog
	svc  *Service
	till *Till
	sim  *payterm.Simulator
	term *payterm.TCP
}

func newKioskRig(t *testing.T) *kioskRig {
	t.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := payterm.Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	sim.TimeoutAfter = 10 * time.Millisecond
	t.Cleanup(func() { sim.Close() })
	term, _ := payterm.Open(sim.Spec())
	k := &kioskRig{t: t, path: filepath.Join(t.TempDir(), "guichet.db"), cat: cat, sim: sim, term: term}
	k.open()
	return k
}

func (k *kioskRig) open() {
	k.t.Helper()
	svc, err := Open(Options{Path: k.path, Register: "K01", Catalog: k.cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		k.t.Fatal(err)
	}
	k.t.Cleanup(func() { svc.Close() })
	till, err := svc.UnlockKiosk()
	if err != nil {
		k.t.Fatal(err)
	}
	k.svc, k.till = svc, till
}

// restart closes the register as a power cut would leave it (the till's
// cart is lost) and opens it again.
func (k *kioskRig) restart() {
	k.t.Helper()
	if err := k.svc.Close(); err != nil {
		k.t.Fatal(err)
	}
	k.open()
}

func (k *kioskRig) fill() {
	k.t.Helper()
	if err := k.till.AddSeats("hamlet-00", "parterre", "adult", "F-9", "F-10"); err != nil {
		k.t.Fatal(err)
	}
}

func (k *kioskRig) orders() int {
	k.t.Helper()
	st, err := k.svc.Register().Stats()
	if err != nil {
		k.t.Fatal(err)
	}
	return st.Orders
}

func (k *kioskRig) pending() int {
	p, err := k.svc.Register().PendingPayments()
	if err != nil {
		k.t.Fatal(err)
	}
	return len(p)
}

func TestKioskPaysAtTheTerminalAndRecordsOnlyApprovals(t *testing.T) {
	k := newKioskRig(t)
	ctx := context.Background()
	k.fill()
	for _, o := range []payterm.Outcome{payterm.Declined, payterm.Cancelled, payterm.TimedOut} {
		must(t, k.sim.SetNext(o))
		p, err := k.till.PayAtTerminal(ctx, k.term, "card")
		if err != nil || p.Paid() || p.Result.Outcome != o {
			t.Fatalf("%s: paid %v, outcome %s, err %v", o, p.Paid(), p.Result.Outcome, err)
		}
		if k.orders() != 0 || len(k.till.Cart().Lines) != 2 {
			t.Fatalf("%s: %d orders, cart %+v: a refused payment records nothing and keeps the cart", o, k.orders(), k.till.Cart())
		}
	}
	p, err := k.till.PayAtTerminal(ctx, k.term, "card")
	must(t, err)
	if !p.Paid() || p.Sale.Order.Number == "" || p.Sale.Tickets != 2 {
		t.Fatalf("approved: %+v", p)
	}
	pay := p.Sale.Order.Payments[0]
	if pay.Card == nil || pay.Card.Terminal != p.Result.TerminalRef || pay.Card.Last4 != "4242" || pay.Card.Approval == "" {
		t.Fatalf("the order's card payment %+v does not carry the terminal's approval %+v", pay, p.Result)
	}
	if k.pending() != 0 || k.sim.Approvals() != 1 {
		t.Fatalf("%d pending, %d approvals", k.pending(), k.sim.Approvals())
	}
}

func TestKioskAnApprovalWhoseAnswerIsLostIsFoundByItsReference(t *testing.T) {
	k := newKioskRig(t)
	k.fill()
	must(t, k.sim.SetNext(payterm.Lost))
	p, err := k.till.PayAtTerminal(context.Background(), k.term, "card")
	must(t, err)
	if !p.Paid() || k.orders() != 1 || k.pending() != 0 {
		t.Fatalf("paid %v, %d orders, %d pending", p.Paid(), k.orders(), k.pending())
	}
}

func TestKioskReconcilesAtStartWhatACrashLeftUnanswered(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		before func(k *kioskRig, req local.PaymentRequest)
		next   payterm.Outcome
		want   string
		orders int
	}{
		{"approved, the register stopped before the answer", func(k *kioskRig, req local.PaymentRequest) {
			if _, err := k.term.Charge(ctx, req.Amount, req.Ref); err != nil {
				k.t.Fatal(err)
			}
		}, payterm.Approved, local.PaymentPaid, 1},
		{"approved and recorded, the register stopped before the resolution", func(k *kioskRig, req local.PaymentRequest) {
			res, err := k.term.Charge(ctx, req.Amount, req.Ref)
			if err != nil {
				k.t.Fatal(err)
			}
			if _, err := k.till.Checkout([]pos.Tender{{Method: "card", Card: res.Card()}}); err != nil {
				k.t.Fatal(err)
			}
		}, payterm.Approved, local.PaymentPaid, 1},
		{"declined, the register stopped before the answer", func(k *kioskRig, req local.PaymentRequest) {
			_, _ = k.term.Charge(ctx, req.Amount, req.Ref)
		}, payterm.Declined, local.PaymentDeclined, 0},
		{"the terminal never got the charge", func(*kioskRig, local.PaymentRequest) {}, payterm.Approved, local.PaymentAbandoned, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k := newKioskRig(t)
			k.fill()
			pc, err := k.till.PricedWith([]string{"card"})
			must(t, err)
			req, err := k.till.RequestPayment("card", pc.Total)
			must(t, err)
			must(t, k.sim.SetNext(tc.next))
			tc.before(k, req)
			k.restart()
			got, err := k.till.Reconcile(ctx, k.term)
			must(t, err)
			if len(got) != 1 || got[0].Outcome != tc.want || got[0].Ref != req.Ref {
				t.Fatalf("reconciled %+v, want %s", got, tc.want)
			}
			if k.orders() != tc.orders || k.pending() != 0 {
				t.Fatalf("%d orders (want %d), %d pending", k.orders(), tc.orders, k.pending())
			}
			if tc.orders == 1 {
				ov, ok, _ := k.svc.Order(got[0].Order)
				if !ok || len(ov.Tickets) != 2 || ov.Order.Payments[0].Card == nil {
					t.Fatalf("order %s: %+v", got[0].Order, ov)
				}
				q, err := k.svc.Register().PrintQueue()
				must(t, err)
				if len(q) != 2 {
					t.Fatalf("%d tickets in the print queue, want 2: no ticket lost", len(q))
				}
			}
			// a second start finds nothing to do, and charges nothing
			k.restart()
			again, err := k.till.Reconcile(ctx, k.term)
			must(t, err)
			if len(again) != 0 || k.orders() != tc.orders || k.sim.Approvals() > 1 {
				t.Fatalf("second reconcile %+v, %d orders, %d approvals", again, k.orders(), k.sim.Approvals())
			}
		})
	}
}

func TestKioskATerminalThatDoesNotAnswerLeavesThePaymentPending(t *testing.T) {
	k := newKioskRig(t)
	k.fill()
	dead, _ := payterm.Open("tcp://127.0.0.1:1") // nothing listens there
	_, err := k.till.PayAtTerminal(context.Background(), dead, "card")
	var un *payterm.ErrUnreachable
	if !errors.As(err, &un) {
		t.Fatalf("err %v, want the terminal unreachable", err)
	}
	if k.pending() != 1 || k.orders() != 0 || len(k.till.Cart().Lines) != 2 {
		t.Fatalf("%d pending, %d orders", k.pending(), k.orders())
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestKioskAnExchangeChargesOnlyTheDifference(t *testing.T) {
	k := newKioskRig(t)
	claire, err := k.svc.Unlock("claire", "1234")
	must(t, err)
	_, err = claire.OpenShift(pos.M(0, "CHF"))
	must(t, err)
	must(t, claire.AddTickets("hamlet-00", "galerie", "adult", 1))
	sale, err := claire.Checkout([]pos.Tender{{Method: "card", Card: &pos.CardRef{Terminal: "T1"}}})
	must(t, err)
	// at the kiosk the customer scans the ticket's code
	credit, err := k.till.Exchange("", []string{k.code(sale.Order.Number, 0)})
	must(t, err)
	must(t, k.till.AddSeats("hamlet-00", "parterre", "adult", "F-9"))
	pc, err := k.till.PricedWith([]string{"card"})
	must(t, err)
	p, err := k.till.PayAtTerminal(context.Background(), k.term, "card")
	must(t, err)
	want := pc.Total.Minus(credit)
	if !p.Paid() || p.Result.Amount != want || p.Sale.Order.Payments[len(p.Sale.Order.Payments)-1].Amount != want {
		t.Fatalf("charged %s, want the difference %s (total %s, credit %s): %+v", p.Result.Amount, want, pc.Total, credit, p.Sale.Order.Payments)
	}
}

// downTerminal is a terminal whose status answers can be cut, counting the
// charges asked of it.
type downTerminal struct {
	payterm.Terminal
	statusDown bool
	charges    int
}

func (d *downTerminal) Charge(ctx context.Context, amount pos.Money, ref string) (payterm.Result, error) {
	d.charges++
	return d.Terminal.Charge(ctx, amount, ref)
}

func (d *downTerminal) Status(ctx context.Context, ref string) (payterm.Result, error) {
	if d.statusDown {
		return payterm.Result{}, &payterm.ErrUnreachable{Err: errors.New("cable out")}
	}
	return d.Terminal.Status(ctx, ref)
}

// TestKioskACustomerWhoTriesAgainIsNotChargedTwice: a charge is approved
// but its answer is lost and the terminal then says nothing; the customer
// presses pay again: no second charge is made while the first is unknown,
// and once the terminal answers, the first approval becomes the order. If
// the cart changed meanwhile, nothing is charged and staff are asked for.
func TestKioskACustomerWhoTriesAgainIsNotChargedTwice(t *testing.T) {
	for _, changed := range []bool{false, true} {
		k := newKioskRig(t)
		term := &downTerminal{Terminal: k.term, statusDown: true}
		k.fill()
		must(t, k.sim.SetNext(payterm.Lost))
		first, err := k.till.PayAtTerminal(context.Background(), term, "card")
		if err == nil || k.pending() != 1 || k.sim.Approvals() != 1 {
			t.Fatalf("lost answer: err %v, %d pending, %d approvals", err, k.pending(), k.sim.Approvals())
		}
		again, err := k.till.PayAtTerminal(context.Background(), term, "card")
		if err == nil || again.Ref != first.Ref || term.charges != 1 || k.orders() != 0 {
			t.Fatalf("tried again while unknown: err %v, ref %s (first %s), %d charges, %d orders", err, again.Ref, first.Ref, term.charges, k.orders())
		}
		if changed {
			must(t, k.till.AddSeats("hamlet-00", "parterre", "adult", "F-11"))
		}
		term.statusDown = false
		p, err := k.till.PayAtTerminal(context.Background(), term, "card")
		if changed {
			if !errors.Is(err, ErrLostApproval) || term.charges != 1 || k.orders() != 0 || k.pending() != 1 {
				t.Fatalf("cart changed: err %v, %d charges, %d orders, %d pending", err, term.charges, k.orders(), k.pending())
			}
			continue
		}
		if err != nil || !p.Paid() || p.Ref != first.Ref || p.Sale.Tickets != 2 {
			t.Fatalf("terminal back: paid %v, ref %s, err %v", p.Paid(), p.Ref, err)
		}
		if term.charges != 1 || k.sim.Approvals() != 1 || k.orders() != 1 || k.pending() != 0 {
			t.Fatalf("%d charges, %d approvals, %d orders, %d pending: want one of each, none pending", term.charges, k.sim.Approvals(), k.orders(), k.pending())
		}
	}
}

// TestKioskReconcilesAnExchangeWhoseAnswerWasLost: a customer exchanges a
// ticket at the kiosk and pays the rest by card; the register stops before
// the terminal's approval is recorded. At the next start the approval
// becomes the exchange's order (the returned ticket's credit counted), not
// a refund.
func TestKioskReconcilesAnExchangeWhoseAnswerWasLost(t *testing.T) {
	ctx := context.Background()
	k := newKioskRig(t)
	k.fill()
	p, err := k.till.PayAtTerminal(ctx, k.term, "card")
	must(t, err)
	ov, _, err := k.svc.Order(p.Sale.Order.Number)
	must(t, err)
	credit, err := k.till.Exchange("", []string{ov.Tickets[0].QR}) // scanned
	must(t, err)
	if credit.IsZero() {
		t.Fatal("the exchange gives no credit")
	}
	if err := k.till.AddSeats("hamlet-00", "parterre", "adult", "G-9", "G-10"); err != nil {
		t.Fatal(err)
	}
	pc, err := k.till.PricedWith([]string{"card"})
	must(t, err)
	due := pc.Total.Minus(credit.Min(pc.Total))
	req, err := k.till.RequestPayment("card", due)
	must(t, err)
	must(t, k.sim.SetNext(payterm.Approved))
	if _, err := k.term.Charge(ctx, req.Amount, req.Ref); err != nil {
		t.Fatal(err)
	}
	k.restart()
	got, err := k.till.Reconcile(ctx, k.term)
	must(t, err)
	if len(got) != 1 || got[0].Outcome != local.PaymentPaid {
		t.Fatalf("reconciled %+v, want the exchange's order paid", got)
	}
	if k.orders() != 2 || k.pending() != 0 {
		t.Fatalf("%d orders (want 2), %d pending", k.orders(), k.pending())
	}
	nov, ok, _ := k.svc.Order(got[0].Order)
	if !ok || len(nov.Tickets) != 2 {
		t.Fatalf("order %s: %+v", got[0].Order, nov)
	}
	old, _, err := k.svc.Order(p.Sale.Order.Number)
	must(t, err)
	if old.Tickets[0].State == old.Tickets[1].State {
		t.Fatalf("the returned ticket %s is still %s, as the one kept", old.Tickets[0].Number, old.Tickets[0].State)
	}
}

// TestKioskStaffSettleALostPaymentWithoutARestart: a charge is approved,
// its answer lost, and the customer walks away; the next customer is
// refused (no second charge while the first is unsettled). Staff, from the
// staff menu, say what the terminal shows: the terminal's answer wins
// (staff who contradict it are refused), an approval becomes its order
// once, the resolution names who settled it, and the next customer pays
// with no restart and nobody charged twice.
func TestKioskStaffSettleALostPaymentWithoutARestart(t *testing.T) {
	cases := []struct {
		name       string
		lost       payterm.Outcome // what the first charge did
		statusDown bool            // the terminal says nothing about it
		charged    bool            // what staff say
		refused    bool            // staff contradict the terminal
		want       string
		orders     int // orders once settled, before the next customer pays
	}{
		{"approved, staff say charged", payterm.Lost, false, true, false, local.PaymentPaid, 1},
		{"approved, staff say not charged", payterm.Lost, false, false, true, "", 0},
		{"never reached the terminal, staff say not charged", "", false, false, false, local.PaymentAbandoned, 0},
		{"never reached the terminal, staff say charged", "", false, true, true, "", 0},
		{"the terminal is silent, staff say not charged", payterm.Lost, true, false, false, local.PaymentDeclined, 0},
		{"the terminal is silent, staff say charged", payterm.Lost, true, true, false, local.PaymentRefund, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			k := newKioskRig(t)
			term := &downTerminal{Terminal: k.term}
			k.fill()
			var ref string
			if tc.lost == "" {
				pc, err := k.till.PricedWith([]string{"card"})
				must(t, err)
				req, err := k.till.RequestPayment("card", pc.Total)
				must(t, err)
				ref = req.Ref
			} else {
				must(t, k.sim.SetNext(tc.lost))
				term.statusDown = true
				p, err := k.till.PayAtTerminal(ctx, term, "card")
				if err == nil {
					t.Fatal("the lost answer was not lost")
				}
				ref = p.Ref
				term.statusDown = false
			}
			// the customer walked away; the next one chooses other seats
			must(t, k.till.ClearCart())
			must(t, k.till.AddSeats("hamlet-00", "parterre", "adult", "F-11"))
			if tc.lost == payterm.Lost {
				if _, err := k.till.PayAtTerminal(ctx, term, "card"); !errors.Is(err, ErrLostApproval) {
					t.Fatalf("next customer: err %v, want refused for the lost approval", err)
				}
			}
			term.statusDown = tc.statusDown
			if _, err := k.till.SettleLost(ctx, term, ref, tc.charged); !errors.Is(err, ErrStaffMenuClosed) {
				t.Fatalf("settled with the staff menu closed: err %v", err)
			}
			must(t, k.till.OpenStaffMenu("1234", ""))
			rc, err := k.till.SettleLost(ctx, term, ref, tc.charged)
			k.till.CloseStaffMenu()
			if tc.refused {
				if err == nil || k.pending() != 1 || k.orders() != 0 {
					t.Fatalf("staff contradicted the terminal: %+v, err %v, %d pending, %d orders", rc, err, k.pending(), k.orders())
				}
				return
			}
			must(t, err)
			if rc.Outcome != tc.want || k.pending() != 0 || k.orders() != tc.orders {
				t.Fatalf("settled %+v (want %s), %d pending, %d orders (want %d)", rc, tc.want, k.pending(), k.orders(), tc.orders)
			}
			if !strings.Contains(resolutionNote(t, k, ref), "by claire") {
				t.Fatalf("the resolution of %s does not say who settled it: %q", ref, resolutionNote(t, k, ref))
			}
			if len(k.till.Cart().Lines) != 1 {
				t.Fatalf("the next customer's cart %+v was touched", k.till.Cart())
			}
			approvals := k.sim.Approvals()
			term.statusDown = false
			p, err := k.till.PayAtTerminal(ctx, term, "card")
			must(t, err)
			if !p.Paid() || p.Sale.Tickets != 1 || k.sim.Approvals() != approvals+1 || k.orders() != tc.orders+1 {
				t.Fatalf("next customer: %+v, %d approvals (was %d), %d orders", p, k.sim.Approvals(), approvals, k.orders())
			}
			if again, err := k.till.Reconcile(ctx, term); err != nil || len(again) != 0 {
				t.Fatalf("a later start reconciles %+v, err %v: nothing is left", again, err)
			}
		})
	}
}

// resolutionNote is the note journaled with ref's resolution.
func resolutionNote(t *testing.T, k *kioskRig, ref string) string {
	t.Helper()
	var note string
	raw, err := k.svc.Register().Entries(1, 1<<20)
	must(t, err)
	for _, v := range raw {
		e, err := local.DecodeEntry(v)
		must(t, err)
		if e.Type != local.TypePaymentResolved {
			continue
		}
		var p struct{ Ref, Note string }
		must(t, json.Unmarshal(e.Payload, &p))
		if p.Ref == ref {
			note = p.Note
		}
	}
	return note
}

// TestKioskAMethodNoLongerAvailableIsRefusedBeforeTheCharge: the card may
// be chosen until the end of today (available_until); a customer opened
// the payment screen before midnight and pays just after. The terminal
// must not be asked: the order would be refused after the approval and
// the customer charged for a refund. Nothing is charged, the kiosk says
// why.
func TestKioskAMethodNoLongerAvailableIsRefusedBeforeTheCharge(t *testing.T) {
	card := []byte("\"id\": \"card\",\n   \"kind\": \"card\",\n")
	if bytes.Count(fixtures.Demo, card) != 1 {
		t.Fatal("the demo's card is no longer where the test looks for it")
	}
	data := bytes.Replace(fixtures.Demo, card, append(card, []byte("   \"available_until\": \"2026-11-23\",\n")...), 1)
	cat, err := pos.ParseCatalog("demo, card until tonight", data, saleDay)
	must(t, err)
	sim, err := payterm.Listen("127.0.0.1:0", nil)
	must(t, err)
	defer sim.Close()
	term, _ := payterm.Open(sim.Spec())
	now := time.Date(2026, 11, 23, 22, 58, 0, 0, time.UTC) // 23:58 in Zurich
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: func() time.Time { return now }})
	must(t, err)
	defer svc.Close()
	till, err := svc.UnlockKiosk()
	must(t, err)
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	ms, err := till.PaymentMethods()
	must(t, err)
	if !slices.ContainsFunc(ms, func(m *pos.PaymentMethod) bool { return m.ID == "card" }) {
		t.Fatal("the card is not offered before midnight")
	}
	now = now.Add(3 * time.Minute) // 00:01: the card may no longer be chosen
	p, err := till.PayAtTerminal(context.Background(), term, "card")
	if err == nil || errors.Is(err, ErrRefundNeeded) || p.Ref != "" || sim.Approvals() != 0 {
		t.Fatalf("paid with a method no longer available: ref %q, err %v, %d approvals: want refused before the terminal is asked", p.Ref, err, sim.Approvals())
	}
	if got := pos.Say(err, pos.English); !strings.Contains(got, "no longer be chosen") {
		t.Fatalf("the refusal says %q", got)
	}
}

// TestKioskAnExchangeWhoseAnswerWasLostKeepsItsCustomer: the order an
// exchange makes at the kiosk is the returned tickets' customer's (found
// by name, its e-mails sent), at the customer's price (an offer for
// previous buyers), also when the card's answer was lost and the order is
// recorded later from the journaled request: at the next start
// (Reconcile) or by staff from the staff menu (SettleLost), not refunded
// for costing more than the terminal charged.
func TestKioskAnExchangeWhoseAnswerWasLostKeepsItsCustomer(t *testing.T) {
	for _, tc := range []struct {
		name   string
		settle func(t *testing.T, k *kioskRig, ref string) string // the order recorded
	}{
		{"answered at once", nil},
		{"reconciled at start", func(t *testing.T, k *kioskRig, ref string) string {
			k.restart()
			got, err := k.till.Reconcile(context.Background(), k.term)
			must(t, err)
			if len(got) != 1 || got[0].Outcome != local.PaymentPaid {
				t.Fatalf("reconciled %+v, want the exchange's order paid", got)
			}
			return got[0].Order
		}},
		{"settled from the staff menu", func(t *testing.T, k *kioskRig, ref string) string {
			must(t, k.till.OpenStaffMenu("1234", ""))
			rc, err := k.till.SettleLost(context.Background(), k.term, ref, true)
			must(t, err)
			if rc.Outcome != local.PaymentPaid {
				t.Fatalf("settled %+v, want the exchange's order paid", rc)
			}
			return rc.Order
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			k := newKioskRig(t)
			c, err := k.svc.SaveCustomer("claire", pos.Customer{Name: "Zoé Favre", Email: "zoe@example.ch"})
			must(t, err)
			k.fill()
			must(t, k.till.SetCustomer(c.ID))
			p, err := k.till.PayAtTerminal(ctx, k.term, "card")
			must(t, err)
			ov, _, err := k.svc.Order(p.Sale.Order.Number)
			must(t, err)
			// the customer's price: 10 % off for those who bought before
			loyal := pos.Offer{ID: "fideles", Name: pos.Text{"fr": "Fidèles", "en": "Loyal"}, Description: pos.Text{"fr": "10 %", "en": "10%"},
				Effect: pos.EffectPercent, PercentBP: 1000, Automatic: true, Customers: pos.CustomerTarget{PreviousBuyers: true}}
			if _, err := k.svc.Register().SaveOffer("claire", loyal); err != nil {
				t.Fatal(err)
			}
			if _, err := k.till.Exchange("", []string{k.code(ov.Order.Number, 0)}); err != nil { // scanned, as the kiosk takes it
				t.Fatal(err)
			}
			if err := k.till.AddSeats("hamlet-00", "parterre", "adult", "G-9", "G-10"); err != nil {
				t.Fatal(err)
			}
			var order string
			if tc.settle == nil {
				p, err := k.till.PayAtTerminal(ctx, k.term, "card")
				must(t, err)
				order = p.Sale.Order.Number
			} else {
				pc, err := k.till.PricedWith([]string{"card"})
				must(t, err)
				due := pc.Total.Minus(k.till.Credit().Min(pc.Total))
				req, err := k.till.RequestPayment("card", due)
				must(t, err)
				must(t, k.sim.SetNext(payterm.Approved))
				if _, err := k.term.Charge(ctx, req.Amount, req.Ref); err != nil {
					t.Fatal(err)
				}
				if tc.name != "reconciled at start" {
					k.till.ClearCart() // the customer walked away
				}
				order = tc.settle(t, k, req.Ref)
			}
			nov, ok, err := k.svc.Order(order)
			must(t, err)
			if !ok || len(nov.Tickets) != 2 {
				t.Fatalf("order %q: %+v", order, nov)
			}
			if nov.Order.Offer == nil || nov.Order.Offer.ID != "fideles" {
				t.Errorf("the exchange's order %s has offer %+v, want the customer's (fideles)", order, nov.Order.Offer)
			}
			if nov.Order.Customer != c.ID {
				t.Errorf("the exchange's order %s is for customer %q, want %q (the returned tickets')", order, nov.Order.Customer, c.ID)
			}
		})
	}
}

// bothAsk is a terminal whose Status answers once two callers asked it
// (the start-up's Reconcile and the staff menu asking about the same
// charge while the terminal was slow to answer).
type bothAsk struct {
	payterm.Terminal
	mu    sync.Mutex
	asked int
	both  chan struct{}
}

func (b *bothAsk) Status(ctx context.Context, ref string) (payterm.Result, error) {
	b.mu.Lock()
	if b.asked++; b.asked == 2 {
		close(b.both)
	}
	b.mu.Unlock()
	select {
	case <-b.both:
	case <-time.After(2 * time.Second):
	}
	return b.Terminal.Status(ctx, ref)
}

// TestKioskALostApprovalSettledTwiceAtOnceMakesOneOrder: after a restart,
// the kiosk's Reconcile and the staff menu's "charged" handle the same
// lost approval at once (the terminal was slow to answer both): one order
// is recorded for it, no refund is owed, nothing stays pending, and what
// each says agrees with the journal.
func TestKioskALostApprovalSettledTwiceAtOnceMakesOneOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		fill func(k *kioskRig)
	}{
		{"seats", (*kioskRig).fill},
		{"places", func(k *kioskRig) { must(k.t, k.till.AddTickets("hamlet-00", "galerie", "adult", 2)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := range 3 {
				k := newKioskRig(t)
				down := &downTerminal{Terminal: k.term, statusDown: true}
				tc.fill(k)
				must(t, k.sim.SetNext(payterm.Lost))
				first, err := k.till.PayAtTerminal(context.Background(), down, "card")
				if err == nil || k.pending() != 1 {
					t.Fatalf("lost answer: err %v, %d pending", err, k.pending())
				}
				k.restart()
				must(t, k.till.OpenStaffMenu("1234", ""))
				other, err := k.svc.UnlockKiosk()
				must(t, err)
				term := &bothAsk{Terminal: k.term, both: make(chan struct{})}
				var wg sync.WaitGroup
				var rec []Reconciled
				var recErr error
				wg.Add(1)
				go func() {
					defer wg.Done()
					rec, recErr = other.Reconcile(context.Background(), term)
				}()
				settled, setErr := k.till.SettleLost(context.Background(), term, first.Ref, true)
				wg.Wait()
				owed, err := k.svc.RefundsOwed()
				must(t, err)
				if k.orders() != 1 || k.pending() != 0 || len(owed) != 0 {
					t.Fatalf("try %d: %d orders (want 1), %d pending, refunds owed %+v; reconciled %+v (%v), settled %+v (%v)",
						i, k.orders(), k.pending(), owed, rec, recErr, settled, setErr)
				}
				for _, r := range append(rec, settled) {
					if r.Outcome == local.PaymentRefund {
						t.Fatalf("try %d: %+v says to refund an approval whose order is recorded", i, r)
					}
				}
			}
		})
	}
}

// TestKioskALostApprovalPaysItsCartWhateverMethodIsChosenNext: a card
// charge is approved but its answer lost; the customer, told nothing,
// chooses TWINT (which has a fee) for the same cart. The card's approval
// is this cart's: it becomes its order, at the card's price, and nothing
// more is charged (not "approved for another cart", the kiosk stopped for
// staff).
func TestKioskALostApprovalPaysItsCartWhateverMethodIsChosenNext(t *testing.T) {
	k := newKioskRig(t)
	for i := range k.cat.PaymentMethods {
		if m := &k.cat.PaymentMethods[i]; m.ID == "twint" {
			m.FeePerOrder = pos.M(50, "CHF")
		}
	}
	k.restart()
	term := &downTerminal{Terminal: k.term, statusDown: true}
	k.fill()
	must(t, k.sim.SetNext(payterm.Lost))
	first, err := k.till.PayAtTerminal(context.Background(), term, "card")
	if err == nil || k.pending() != 1 || k.sim.Approvals() != 1 {
		t.Fatalf("lost answer: err %v, %d pending, %d approvals", err, k.pending(), k.sim.Approvals())
	}
	term.statusDown = false
	p, err := k.till.PayAtTerminal(context.Background(), term, "twint")
	if err != nil || !p.Paid() || p.Ref != first.Ref || p.Sale.Tickets != 2 {
		t.Fatalf("the same cart by TWINT: paid %v, ref %s (first %s), err %v", p.Paid(), p.Ref, first.Ref, err)
	}
	if term.charges != 1 || k.sim.Approvals() != 1 || k.orders() != 1 || k.pending() != 0 {
		t.Fatalf("%d charges, %d approvals, %d orders, %d pending: want one of each, none pending", term.charges, k.sim.Approvals(), k.orders(), k.pending())
	}
	if pay := p.Sale.Order.Payments; len(pay) != 1 || pay[0].Method != "card" || len(p.Sale.Order.Fees) != 0 {
		t.Fatalf("the order is paid %+v with fees %+v: want the card's charge, no TWINT fee", pay, p.Sale.Order.Fees)
	}
}
