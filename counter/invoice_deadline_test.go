package counter

import (
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// TestAnInvoiceIsPayableUntilTheEndOfItsLastDay: the invoice, the
// receipt and the desk say "to pay by" a day, so the invoice may be paid
// all that day in the organiser's time zone, whatever the hour of the sale:
// an invoice sold at 11:00 with 10 days to pay is validated at 16:00 on its
// tenth day, and another lapses only once that day is over. Reminders go
// from the start of their day.
func TestAnInvoiceIsPayableUntilTheEndOfItsLastDay(t *testing.T) {
	r := newMailRig(t, nil, nil) // invoice: 10 days to pay
	loc := r.cat.Location()
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	other := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	sold := r.clk.Now().In(loc)
	y, m, d := sold.Date()
	lastDay := time.Date(y, m, d+10, 0, 0, 0, 0, loc)
	p, err := r.svc.EmailPreview(pos.EmailInvoice, o.Number)
	if err != nil {
		t.Fatal(err)
	}
	if want := pos.FormatDate(lastDay, "fr"); !strings.Contains(p.Text, want) {
		t.Fatalf("the invoice does not say %q:\n%s", want, p.Text)
	}

	// the reminder 2 days before goes from the start of that day (the
	// customer has the two days), not at its last second
	if got := ReminderDue(r.cat, o, lastDay.AddDate(0, 0, -2).Add(time.Minute)); got != 2 {
		t.Fatalf("reminder due at 00:01 two days before the last day: %d", got)
	}
	if got := ReminderDue(r.cat, o, lastDay.AddDate(0, 0, -2).Add(-time.Minute)); got != 5 {
		t.Fatalf("reminder due the evening before: %d", got)
	}

	r.clk.Set(lastDay.Add(16 * time.Hour)) // after the sale's hour, that day
	if err := r.till.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatalf("paying on the last day at 16:00: %v", err)
	}
	if ov, _, _ := r.svc.Order(other.Number); ov.Order.State != pos.OrderPending {
		t.Fatalf("the other invoice is %s on its last day", ov.Order.State)
	}
	r.clk.Set(lastDay.AddDate(0, 0, 1).Add(time.Second)) // the next day
	if n, err := r.svc.Register().LapseDue(); err != nil || n != 1 {
		t.Fatalf("the next day: %d lapsed, %v", n, err)
	}
}

// TestTheReceiptOfALapsedInvoiceSaysSo: the receipt of an invoice that
// lapsed unpaid was titled "Reçu" and ended "Merci !", as a sale paid:
// only a note under it said the invoice was not paid. A canceled order's
// receipt is titled "COMMANDE ANNULÉE" without thanks; a lapsed one's is
// titled "COMMANDE ÉCHUE" the same way, on paper and in its preview.
func TestTheReceiptOfALapsedInvoiceSaysSo(t *testing.T) {
	r := newMailRig(t, nil, nil) // invoice: 10 days to pay
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	r.clk.Set(r.clk.Now().AddDate(0, 0, 12))
	if n, err := r.svc.Register().LapseDue(); err != nil || n != 1 {
		t.Fatalf("%d lapsed, %v", n, err)
	}
	ov, _, err := r.svc.Order(o.Number)
	if err != nil || ov.Order.State != pos.OrderLapsed {
		t.Fatalf("the order is %s (%v)", ov.Order.State, err)
	}
	preview, err := r.svc.ReceiptPreview(ov.Order, pos.French)
	if err != nil {
		t.Fatal(err)
	}
	inv, _, err := r.svc.Invoice(o.Number, pos.French)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{preview, inv.Text} {
		if !strings.Contains(text, "COMMANDE ÉCHUE") || strings.Contains(text, "Merci") {
			t.Errorf("the receipt of a lapsed invoice reads:\n%s", text)
		}
	}
}
