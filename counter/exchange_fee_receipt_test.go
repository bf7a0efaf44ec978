package counter

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// TestTheExchangeReceiptSaysTheFeeKept: two Carmen tickets (CHF 2.00
// kept a ticket) exchanged into a new order: the new order's receipt
// showed the exchange credit as a payment, net of the fee, with nothing
// saying CHF 4.00 was kept of the tickets' value. It says so now, from
// what exchange.made recorded; a sale without an exchange says nothing.
func TestTheExchangeReceiptSaysTheFeeKept(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	till := unlockOpen(t, svc, "claire", "1234")
	first := sellSeat(t, till, "carmen-03", "parterre", "cash", "C-1", "C-2")
	if _, err := till.Exchange(first, []string{first + "-01", first + "-02"}); err != nil {
		t.Fatal(err)
	}
	second := sellSeat(t, till, "carmen-03", "parterre", "cash", "D-1", "D-2", "D-3")
	want := map[pos.Lang]string{
		pos.French:  "Frais d'échange retenus : " + pos.M(400, "CHF").Format(pos.French),
		pos.English: "Exchange fee kept: " + pos.M(400, "CHF").Format(pos.English),
	}
	for _, n := range []string{first, second} {
		ov, ok, err := svc.Order(n)
		if err != nil || !ok {
			t.Fatalf("order %s: %v, %v", n, ok, err)
		}
		for lang, note := range want {
			paper, err := svc.ReceiptPreview(ov.Order, lang)
			if err != nil {
				t.Fatal(err)
			}
			// the note wraps on 58 mm paper: read it as words
			if got := strings.Contains(strings.Join(strings.Fields(paper), " "), note); got != (n == second) {
				t.Errorf("%s, receipt of %s: %q there %v, want %v:\n%s", lang, n, note, got, n == second, paper)
			}
		}
	}
}

// TestThePrintedExchangeReceiptSaysTheFeeKept: the receipt the printer
// gets after an exchange into a new order says the fee kept, as the
// preview does.
func TestThePrintedExchangeReceiptSaysTheFeeKept(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	first := sellSeat(t, r.till, "carmen-03", "parterre", "cash", "C-1", "C-2")
	if got := strings.Join(strings.Fields(text(r.printed())), " "); strings.Contains(got, "Frais d'échange") {
		t.Fatalf("a sale without an exchange speaks of an exchange fee:\n%s", got)
	}
	if _, err := r.till.Exchange(first, []string{first + "-01", first + "-02"}); err != nil {
		t.Fatal(err)
	}
	sellSeat(t, r.till, "carmen-03", "parterre", "cash", "D-1", "D-2", "D-3")
	want := "Frais d'échange retenus : " + pos.M(400, "CHF").Format(pos.French)
	if got := strings.Join(strings.Fields(text(r.printed())), " "); !strings.Contains(got, want) {
		t.Fatalf("the printed receipt does not say %q:\n%s", want, got)
	}
}

// TestTheCreditVoucherSlipSaysTheFeeKept: two Carmen tickets exchanged
// into a credit voucher, no new order: the slip is the only paper the
// customer takes away, and it read CHF 86.00 for CHF 90.00 of tickets
// with nothing saying CHF 4.00 was kept. It says so now, in the slip's
// language.
func TestTheCreditVoucherSlipSaysTheFeeKept(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	first := sellSeat(t, r.till, "carmen-03", "parterre", "cash", "C-1", "C-2")
	r.printed()
	if _, err := r.till.Exchange(first, []string{first + "-01", first + "-02"}); err != nil {
		t.Fatal(err)
	}
	sale, err := r.till.Checkout(nil)
	if err != nil || !sale.HasVoucher || sale.Order.Number != "" {
		t.Fatalf("the exchange into a voucher: %+v, %v", sale, err)
	}
	want := "Frais d'échange retenus : " + pos.M(400, "CHF").Format(pos.French)
	if got := strings.Join(strings.Fields(r.printed().Plain()), " "); !strings.Contains(got, want) {
		t.Fatalf("the slip printed does not say %q:\n%s", want, got)
	}
	v, ok, err := r.svc.Register().VoucherInfo(sale.Voucher.Number)
	if err != nil || !ok {
		t.Fatalf("voucher %s: %v, %v", sale.Voucher.Number, ok, err)
	}
	for lang, note := range map[pos.Lang]string{
		pos.French:  want,
		pos.English: "Exchange fee kept: " + pos.M(400, "CHF").Format(pos.English),
	} {
		text, err := receiptLayoutText(VoucherSlip(r.svc.Catalog(), v, "K01", "claire", lang, saleDay))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(strings.Fields(text), " "); !strings.Contains(got, note) {
			t.Errorf("%s: the slip does not say %q:\n%s", lang, note, text)
		}
	}
}
