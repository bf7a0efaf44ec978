package counter

import (
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
	"guichet/printers"
	"guichet/printers/printertest"
)

// TestTheCreditVoucherSlipSaysWhenTheVoucherWasMade: the slip of a credit
// voucher printed the time it came out of the printer, where a receipt
// prints its sale's and a refund slip its cancellation's: a slip printed
// an hour later (the printer off) said the wrong time. It says the time
// of the entry that queued it, read off the printed bytes.
func TestTheCreditVoucherSlipSaysWhenTheVoucherWasMade(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	var now atomic.Int64
	now.Store(saleDay.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	fake := printertest.New(t)
	prof, _ := printers.LookupProfile("tm-t20")
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: clock, Lang: "fr", Printer: fake.Open(), Profile: &prof, Receipts: ReceiptsAsk,
		PrintInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	till := unlockOpen(t, svc, "claire", "1234")
	r := &rig{t: t, svc: svc, till: till, printer: fake}
	first := sellSeat(t, till, "carmen-03", "parterre", "cash", "C-1", "C-2")
	r.printed()

	fake.Off() // the slip waits
	if _, err := till.Exchange(first, []string{first + "-01", first + "-02"}); err != nil {
		t.Fatal(err)
	}
	made := clock()
	if sale, err := till.Checkout(nil); err != nil || !sale.HasVoucher {
		t.Fatalf("the exchange into a voucher: %+v, %v", sale, err)
	}
	later := made.Add(time.Hour + 7*time.Minute)
	now.Store(later.UnixNano())
	fake.On()

	var slip []string
	for _, p := range papers(r.printed()) {
		if len(p) > 1 && p[1] == "Avoir d'échange" {
			slip = p
		}
	}
	if slip == nil {
		t.Fatal("no credit voucher slip printed")
	}
	got := strings.Join(slip, "\n")
	loc := cat.Location()
	if want := words(pos.FormatDateTime(made.In(loc), "fr")); !strings.Contains(got, want) {
		t.Errorf("the slip does not say when the voucher was made (%q):\n%s", want, got)
	}
	if wrong := words(pos.FormatDateTime(later.In(loc), "fr")); strings.Contains(got, wrong) {
		t.Errorf("the slip says when it printed (%q):\n%s", wrong, got)
	}
}
