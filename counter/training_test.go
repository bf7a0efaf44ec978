package counter

import (
	"os"
	"strings"
	"testing"
	"time"

	"guichet/pos"
	"guichet/printers/printertest"
)

// TestATrainingSaleIsNotReal: a sale on the training service prints its
// tickets and receipt marked as training on the real printer, and leaves
// the real register untouched: its seats, its code uses, its shift's
// totals; the real till then sells the very same seats.
func TestATrainingSaleIsNotReal(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	training, err := r.svc.Training()
	if err != nil {
		t.Fatal(err)
	}
	if !training.IsTraining() || r.svc.IsTraining() {
		t.Fatal("IsTraining is wrong")
	}
	if again, _ := r.svc.Training(); again != training {
		t.Fatal("a second training service was opened")
	}
	if _, err := os.Stat(TrainingPath(r.svc.Register().Path())); err != nil {
		t.Fatalf("no training file beside the register: %v", err)
	}
	trainee, err := training.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := trainee.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	real := r.till
	r.till = trainee
	sale := r.sell(cash(10000))
	r.till = real
	if sale.Order.Number == "" || sale.Drawer {
		t.Fatalf("training sale %+v: no order, or the drawer opened", sale)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		q, err := training.Register().PrintQueue()
		if err == nil && len(q) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the training jobs never printed: %+v (%v)", q, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	doc := r.printed()
	text := doc.Plain()
	if n := strings.Count(text, "FORMATION - NON VALABLE"); n < 4 {
		t.Fatalf("the training tickets and receipt say FORMATION - NON VALABLE %d times, want at least 4 (two tickets, a receipt top and end):\n%s", n, text)
	}
	if seq := printertest.Sequence(doc); strings.Contains(seq, "drawer") || !strings.Contains(seq, "receipt") {
		t.Fatalf("training printed %q: the drawer opened, or no receipt", seq)
	}
	preview, err := training.ReceiptPreview(sale.Order, "en")
	if err != nil || !strings.Contains(preview, "TRAINING - NOT VALID") {
		t.Fatalf("the training receipt's preview does not say TRAINING:\n%s (%v)", preview, err)
	}

	// The real register saw nothing of it.
	seats, err := r.svc.SeatMap("hamlet-00", "parterre", nil)
	if err != nil || seats["F-9"] != SeatFree || seats["F-10"] != SeatFree {
		t.Fatalf("real seats after a training sale: F-9 %v, F-10 %v (%v)", seats["F-9"], seats["F-10"], err)
	}
	codes, err := r.svc.Register().Codes("bienvenue")
	if err != nil || len(codes) != 1 || codes[0].Uses != 0 {
		t.Fatalf("real code uses after a training sale: %+v (%v)", codes, err)
	}
	rep, err := real.XReport()
	if err != nil || rep.Orders != 0 || !rep.CashSales.IsZero() || len(rep.ByMethod) != 0 {
		t.Fatalf("the real shift after a training sale: %+v (%v)", rep, err)
	}
	if found, _ := r.svc.FindOrders(sale.Order.Number, 5); len(found) != 0 {
		t.Fatalf("the real register finds the training order: %+v", found)
	}
	// The real till sells the same seats, with the same code.
	realSale := r.sell(cash(10000))
	if realSale.Order.Number == "" || strings.HasPrefix(realSale.Order.Number, "K01T") || !strings.HasPrefix(sale.Order.Number, "K01T") {
		t.Fatalf("real order %q, training order %q", realSale.Order.Number, sale.Order.Number)
	}
	if text := r.printed().Plain(); strings.Contains(text, "FORMATION") {
		t.Fatalf("a real sale printed as training:\n%s", text)
	}
}

// TestTrainingChangesAreTold: the screens subscribe to the real service's
// Changes; a hold taken at a training till tells them as a real one does.
func TestTrainingChangesAreTold(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	training, err := r.svc.Training()
	if err != nil {
		t.Fatal(err)
	}
	told, stop := r.svc.Changes()
	defer stop()
	trainee, err := training.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	for len(told) > 0 { // what unlocking told
		<-told
	}
	if err := trainee.AddTickets("hamlet-00", "galerie", "adult", 1); err != nil {
		t.Fatal(err)
	}
	select {
	case <-told:
	case <-time.After(10 * time.Second):
		t.Fatal("a hold at the training till told nothing to the screens")
	}
}
