package counter

import (
	"strings"
	"testing"

	"guichet/pos"
	"guichet/printers"
)

// text is the printed lines of a decoded document.
func text(doc printers.Document) string {
	var b strings.Builder
	for _, it := range doc.Items {
		if it.Kind != printers.ItemLine {
			continue
		}
		for _, sp := range it.Spans {
			b.WriteString(sp.Text)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// An exchange whose credit is larger than the new order leaves a credit
// voucher: the new order's receipt prints by itself and names it.
func TestTheCreditVoucherAnExchangeLeavesPrintsOnTheReceipt(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	sale := r.sell(cash(10000))
	r.printed()
	if _, err := r.till.Exchange(sale.Order.Number, []string{sale.Order.Tickets[0].Number}); err != nil {
		t.Fatal(err)
	}
	if err := r.till.AddItem("product", "programme", 1); err != nil {
		t.Fatal(err)
	}
	s2, err := r.till.Checkout(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s2.HasVoucher || !s2.Receipt {
		t.Fatalf("sale %+v: no voucher or no receipt", s2)
	}
	got := text(r.printed())
	if !strings.Contains(got, "Avoir restant : bon "+s2.Voucher.Number) || !strings.Contains(got, s2.Voucher.Balance.Format("fr")) {
		t.Fatalf("the receipt does not name the credit voucher %s:\n%s", s2.Voucher.Number, got)
	}
}

// A gift voucher that pays part of an order: the receipt tells the customer
// what it still holds (a CHF 50 voucher paying a CHF 12 programme leaves
// CHF 38), and a voucher used up says so (CHF 0.00), in the receipt's
// language.
func TestTheReceiptSaysWhatAGiftVoucherStillHolds(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	if err := r.till.AddItem("gift_voucher", "bon-50", 1); err != nil {
		t.Fatal(err)
	}
	bought, err := r.till.Checkout([]pos.Tender{cash(5000)})
	if err != nil {
		t.Fatal(err)
	}
	r.printed()
	gift := bought.Order.Tickets[0].Number
	if err := r.till.AddItem("product", "programme", 1); err != nil {
		t.Fatal(err)
	}
	paid, err := r.till.Checkout([]pos.Tender{{Method: "gift", Voucher: gift}})
	if err != nil {
		t.Fatal(err)
	}
	left := pos.M(5000, "CHF").Minus(paid.Order.Total)
	if got := text(r.printed()); !strings.Contains(got, "Reste sur le bon "+gift+" : "+left.Format("fr")) {
		t.Fatalf("the receipt does not say %s is left on %s:\n%s", left.Format("fr"), gift, got)
	}
	preview, err := r.svc.ReceiptPreview(paid.Order, "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(preview), " "), "Left on voucher "+gift+": "+left.Format("en")) { // 58 mm paper wraps it
		t.Fatalf("the English preview does not say what is left:\n%s", preview)
	}
	// a sale the voucher pays whole leaves it empty, and says so
	for range 10 { // CHF 50 of programmes for the CHF 45 left
		if err := r.till.AddItem("product", "programme", 1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.till.Checkout([]pos.Tender{{Method: "gift", Voucher: gift}, cash(10000)}); err != nil {
		t.Fatal(err)
	}
	if got := text(r.printed()); !strings.Contains(got, "Reste sur le bon "+gift+" : CHF 0.00") {
		t.Fatalf("the receipt of the sale that used the voucher up:\n%s", got)
	}
}

// A gift voucher is printed as one: its number under "Bon cadeau", not
// "Billet" (it lets nobody in), and its QR code is that number, the one the
// payment screen takes.
func TestAGiftVoucherPrintsItsNumberAsAVouchers(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	if err := r.till.AddItem("gift_voucher", "bon-50", 1); err != nil {
		t.Fatal(err)
	}
	sale, err := r.till.Checkout([]pos.Tender{card()})
	if err != nil {
		t.Fatal(err)
	}
	number := sale.Order.Tickets[0].Number
	doc := r.printed()
	got := text(doc)
	if !strings.Contains(got, "Bon cadeau "+number) || strings.Contains(got, "Billet") {
		t.Fatalf("the voucher's number is not printed as a voucher's:\n%s", got)
	}
	var qrs []string
	for _, it := range doc.Items {
		if it.Kind == printers.ItemQR {
			qrs = append(qrs, it.Text)
		}
	}
	if len(qrs) != 1 || qrs[0] != number {
		t.Fatalf("the voucher's QR codes %q, want its number %s", qrs, number)
	}
	// the done screen's QR code is the printed one
	if shown, err := r.svc.TicketQRs(sale.Order.Number); err != nil || shown[number] != number {
		t.Fatalf("the screen's QR of the voucher: %q (%v), want %s", shown[number], err, number)
	}
}

// An order paid by an exchange credit, canceled: the credit goes back to a
// credit voucher, and its slip prints (the customer takes its number away).
func TestACreditGivenBackByACancellationPrintsItsSlip(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	sale := r.sell(cash(10000))
	r.printed()
	if _, err := r.till.Exchange(sale.Order.Number, []string{sale.Order.Tickets[0].Number}); err != nil {
		t.Fatal(err)
	}
	if err := r.till.AddSeats("hamlet-00", "parterre", "adult", "G-1"); err != nil {
		t.Fatal(err)
	}
	paid, err := r.till.Checkout([]pos.Tender{cash(10000)}) // the credit first, cash for the rest
	if err != nil {
		t.Fatal(err)
	}
	r.printed()
	if err := r.till.Cancel(paid.Order.Number, "changed their mind"); err != nil {
		t.Fatal(err)
	}
	v, ok, err := r.svc.CreditVoucherOf(paid.Order.Number)
	if err != nil || !ok {
		t.Fatalf("no credit voucher after the cancellation: %v", err)
	}
	got := text(r.printed())
	if !strings.Contains(got, v.Number) || !strings.Contains(got, v.Balance.Format("fr")) {
		t.Fatalf("the slip of %s (%s) did not print:\n%s", v.Number, v.Balance.Format("fr"), got)
	}
	if strings.Contains(got, "Commande "+v.Number) {
		t.Fatalf("the slip calls the voucher an order:\n%s", got)
	}
}

// A gift voucher pays an order, then the order is canceled and the voucher
// gets its money back: the receipt printed again says what the voucher
// holds after the refund (CHF 50 again), not what the sale had left on it
// (CHF 38), next to the refund line that gave it back.
func TestAReprintAfterARefundToAGiftVoucherSaysWhatItHoldsAgain(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	if err := r.till.AddItem("gift_voucher", "bon-50", 1); err != nil {
		t.Fatal(err)
	}
	bought, err := r.till.Checkout([]pos.Tender{cash(5000)})
	if err != nil {
		t.Fatal(err)
	}
	r.printed()
	gift := bought.Order.Tickets[0].Number
	if err := r.till.AddItem("product", "programme", 1); err != nil {
		t.Fatal(err)
	}
	paid, err := r.till.Checkout([]pos.Tender{{Method: "gift", Voucher: gift}})
	if err != nil {
		t.Fatal(err)
	}
	r.printed()
	if err := r.till.Cancel(paid.Order.Number, "changed their mind"); err != nil {
		t.Fatal(err)
	}
	if b, ok, err := r.svc.VoucherBalance(gift); err != nil || !ok || b != pos.M(5000, "CHF") {
		t.Fatalf("the voucher holds %s after the refund (%v %v), want CHF 50.00", b.Format("fr"), ok, err)
	}
	ov, _, err := r.svc.Order(paid.Order.Number)
	if err != nil {
		t.Fatal(err)
	}
	preview, err := r.svc.ReceiptPreview(ov.Order, "fr")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(preview), " ")
	stale := pos.M(5000, "CHF").Minus(paid.Order.Total).Format("fr")
	if strings.Contains(flat, "Reste sur le bon "+gift+" : "+stale) || !strings.Contains(flat, "Reste sur le bon "+gift+" : CHF 50.00") {
		t.Fatalf("the receipt after the refund does not say the voucher holds CHF 50.00 again:\n%s", preview)
	}
}
