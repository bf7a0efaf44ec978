package counter

import (
	"strings"
	"testing"

	"guichet/printers"
)

// papers splits what printed at its cuts, each paper as its lines' text.
func papers(doc printers.Document) [][]string {
	var out [][]string
	var cur []string
	for _, it := range doc.Items {
		switch it.Kind {
		case printers.ItemLine:
			var b strings.Builder
			for _, sp := range it.Spans {
				b.WriteString(sp.Text)
			}
			cur = append(cur, words(b.String()))
		case printers.ItemCut:
			out, cur = append(out, cur), nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// TestTheCreditVoucherSlipNamesItsTillAndCashier: the slip of a credit
// voucher (an exchange with no new order, or a cancellation giving an
// exchange credit back) printed an empty line under its date, where a
// receipt and a refund slip name the till and who served. It names the
// till and the cashier that made the voucher now, read off the printed
// bytes.
func TestTheCreditVoucherSlipNamesItsTillAndCashier(t *testing.T) {
	for _, tc := range []struct {
		name, staff, pin, who string
		cancel                bool // the credit goes back to a voucher by a cancellation
	}{
		{"an exchange into a voucher, by Claire", "claire", "1234", "Claire Dubois", false},
		{"an exchange into a voucher, by Léa", "lea", "2468", "Léa Favre", false},
		{"a cancellation giving the credit back, by Léa", "lea", "2468", "Léa Favre", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, ReceiptsAsk)
			till := r.till
			if tc.staff != "claire" {
				till = unlockOpen(t, r.svc, tc.staff, tc.pin)
			}
			first := sellSeat(t, till, "carmen-03", "parterre", "cash", "C-1", "C-2")
			r.printed()
			if _, err := till.Exchange(first, []string{first + "-01", first + "-02"}); err != nil {
				t.Fatal(err)
			}
			if tc.cancel {
				second := sellSeat(t, till, "carmen-03", "parterre", "cash", "D-1", "D-2", "D-3")
				r.printed()
				if err := till.Cancel(second, "date changée"); err != nil {
					t.Fatal(err)
				}
			} else if sale, err := till.Checkout(nil); err != nil || !sale.HasVoucher {
				t.Fatalf("the exchange into a voucher: %+v, %v", sale, err)
			}
			var slip []string
			for _, p := range papers(r.printed()) {
				if len(p) > 1 && p[1] == "Avoir d'échange" { // under the box office's name
					slip = p
				}
			}
			if slip == nil {
				t.Fatal("no credit voucher slip printed")
			}
			got := strings.Join(slip, "\n")
			if want := "Caisse K01 Servi par " + tc.who; !strings.Contains(got, want) {
				t.Errorf("the slip does not say %q:\n%s", want, got)
			}
		})
	}
}
