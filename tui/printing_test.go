package tui

import (
	"strings"
	"testing"
	"time"

	"guichet/local"
	"guichet/pos"
)

// printerHooks records what the screens ask of the printer, and checks at
// each call that what it prints for is already durable.
type printerHooks struct {
	t      *testing.T
	r      *local.Register
	events []string
	orders []pos.Order
	after  AfterSale // what OnSale answers
}

func (h *printerHooks) app(lang string) *App {
	return New(Options{Service: FromLocal(h.r), Lang: lang, Now: func() time.Time { return fixedNow },
		Printer: func() PrinterState { return PrinterState{Online: true} }, Poll: time.Hour,
		OnSale: func(o pos.Order) AfterSale {
			if _, ok, _ := h.r.Order(o.Number); !ok {
				h.t.Errorf("OnSale was told of %s before it was in the journal", o.Number)
			}
			h.events = append(h.events, "sale "+o.Number)
			h.orders = append(h.orders, o)
			return h.after
		},
		PrintReceipt: func(o pos.Order) {
			if _, ok, _ := h.r.Order(o.Number); !ok {
				h.t.Errorf("a receipt of %q was asked before it was in the journal", o.Number)
			}
			h.events = append(h.events, "receipt "+o.Number)
		},
		OpenDrawer: func() { h.events = append(h.events, "drawer") },
		PrintQueued: func() {
			q, err := h.r.PrintQueue()
			if err != nil || len(q) == 0 || !q[len(q)-1].Duplicate {
				h.t.Errorf("the printer was woken before the duplicate was queued: %+v, %v", q, err)
			}
			h.events = append(h.events, "queued")
		},
	})
}

func (h *printerHooks) want(events ...string) {
	h.t.Helper()
	if got, want := strings.Join(h.events, ", "), strings.Join(events, ", "); got != want {
		h.t.Fatalf("the printer was asked: %s\nwant: %s", got, want)
	}
}

// sellGalleryCash sells n standing places for Hamlet tonight for cash,
// exact money (the list's cursor on the first performance, or on Hamlet
// after a sale).
func (d *driver) sellGalleryCash(n int, again bool) {
	lang := d.app.c.lang
	if !again {
		d.keys("down")
	}
	d.keys("enter")
	d.expect(tr(lang, "zone.title"))
	d.keys("down", "enter")
	d.expect(tr(lang, "ga.title"))
	for range n {
		d.keys("+")
	}
	d.keys("enter", "c", "enter")
	cash, _ := d.app.c.cat.PaymentMethodByID("cash")
	d.expect(cash.Name.In(lang))
	d.keys("enter", "enter")
	d.expect(tr(lang, "done.order", "K01-"))
}

// TestTheDoneScreenPrintsTheReceiptOnItsKey: the float opens the drawer;
// the sale is told to the printer once durable; the done screen offers r
// (in its footer), says when the receipt prints by itself, and r prints
// the order's receipt, again on each press.
func TestTheDoneScreenPrintsTheReceiptOnItsKey(t *testing.T) {
	h := &printerHooks{t: t, r: openRegister(t), after: AfterSale{Drawer: true}}
	d := newDriver(t, h.app("fr"), 120, 40)
	d.unlock("200")
	d.expect("Représentations")
	h.want("drawer") // the float went in
	d.sellGalleryCash(2, false)
	h.want("drawer", "sale K01-000001")
	d.expect("r " + tr("fr", "key.printreceipt"))
	if strings.Contains(d.screen(), tr("fr", "done.receiptprinting")) {
		t.Fatal("the done screen says the receipt prints though nobody asked")
	}
	d.keys("r")
	h.want("drawer", "sale K01-000001", "receipt K01-000001")
	d.expect(tr("fr", "done.receiptsent", "K01-000001"))
	d.expect(tr("fr", "done.receiptprinting"))
	d.keys("r")
	h.want("drawer", "sale K01-000001", "receipt K01-000001", "receipt K01-000001")
	if o := h.orders[0]; len(o.Payments) != 1 || o.Payments[0].Kind != pos.KindCash || len(o.Tickets) != 2 {
		t.Fatalf("OnSale got %+v", o)
	}

	// --receipts always/cash: OnSale printed it; the screen says so
	h.after = AfterSale{Receipt: true, Drawer: true}
	d.keys("n")
	d.sellGalleryCash(1, true)
	d.expect(tr("fr", "done.receiptprinting"))
}

// TestACashMoveOpensTheDrawerOnceRecorded: the drawer opens after the cash
// in/out is in the journal, not when the amount is typed; counting the cash
// for a Z closure opens it too.
func TestACashMoveOpensTheDrawerOnceRecorded(t *testing.T) {
	h := &printerHooks{t: t, r: openRegister(t)}
	d := newDriver(t, h.app("fr"), 80, 24)
	d.unlock("") // no float: the drawer stays shut
	d.expect("Représentations")
	h.want()
	d.keys("m")
	d.typ("+50")
	d.keys("enter")
	h.want()
	d.typ("monnaie")
	d.keys("enter")
	d.expect("Entrée de CHF 50.00 enregistrée.")
	h.want("drawer")
	if rep, err := h.r.Unlock("claire", "1234"); err != nil {
		t.Fatal(err)
	} else if x, err := rep.XReport(); err != nil || x.CashIn != pos.M(5000, "CHF") {
		t.Fatalf("X report after the move: %+v, %v", x, err)
	}
	d.keys("z")
	d.expect("Rapport X")
	d.keys("z")
	h.want("drawer", "drawer")
}

// TestNoReceiptKeyWithoutAPrinter: without PrintReceipt the done screen
// does not offer r, and r does nothing.
func TestNoReceiptKeyWithoutAPrinter(t *testing.T) {
	r := openRegister(t)
	app := newTestApp(r, "en")
	app.c.printReceipt = nil
	d := newDriver(t, app, 120, 40)
	d.unlock("")
	d.sellGalleryCash(1, false)
	d.expect("Order K01-000001")
	if strings.Contains(d.screen(), tr("en", "key.printreceipt")) {
		t.Fatalf("the done screen offers a receipt with no printer:\n%s", d.screen())
	}
	d.keys("r") // must not panic
}

// TestAReprintWakesThePrinter: a duplicate asked at the desk prints at
// once, not at the spooler's next look.
func TestAReprintWakesThePrinter(t *testing.T) {
	h := &printerHooks{t: t, r: openRegister(t)}
	d := newDriver(t, h.app("fr"), 120, 40)
	d.unlock("")
	d.sellGalleryCash(1, false)
	d.keys("n", "o")
	d.expect("K01-000001")
	d.keys("enter")
	d.expect("Claire Dubois") // who sold, by name
	d.keys("r")
	d.expect(tr("fr", "order.reprinted", "K01-000001-01"))
	h.want("sale K01-000001", "queued")
}
