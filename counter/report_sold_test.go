package counter

import (
	"strings"
	"testing"

	"guichet/pos"
)

// soldAndRefunded sells two seats and a day pass in one order, cancels
// one seat with a cash refund, and returns the shift's X.
func soldAndRefunded(t *testing.T) (*rig, Report) {
	t.Helper()
	r := newRig(t, ReceiptsAsk)
	if err := r.till.AddItem(pos.LinePass, "festival-jour-1", 1); err != nil {
		t.Fatal(err)
	}
	o := r.sell(cash(30000)).Order
	r.printed()
	seat := ""
	for _, tk := range o.Tickets {
		if tk.Kind == pos.LineTicket && seat == "" {
			seat = tk.Number
		}
	}
	if err := r.till.CancelPart(o.Number, "malade", CancelOptions{Tickets: []string{seat}}); err != nil {
		t.Fatal(err)
	}
	r.printed()
	x, err := r.till.XReport()
	if err != nil {
		t.Fatal(err)
	}
	if x.Tickets != 3 || x.CashRefunds.IsZero() {
		t.Fatalf("the X counts %d places and refunds %s: want 3 and a cash refund", x.Tickets, x.CashRefunds.Format("en"))
	}
	return r, x
}

// paperLines are a report's paper lines as words: "1 x Name CHF 5.00".
func paperLines(cat *pos.Catalog, x Report, lang pos.Lang) string {
	var lines []string
	for _, l := range ReportLayout(cat, x, "K01", lang).Lines {
		line := l.Text + " " + l.Amount
		if l.Qty > 0 {
			line = "1 x " + line
		}
		lines = append(lines, words(line))
	}
	return strings.Join(lines, "\n")
}

// TestTheReportSaysTicketsAndPassesApart: two seats and a day pass sold
// in one order. The X said "Billets : 3" where the sale's done screen had
// said two tickets and a pass. guichet report x and the paper now count
// "Billets : 2" and "Pass : 1", in French and in English; a report with
// no detail (a Z recorded before it was kept) "Billets et pass : 3". The
// test failed before: the text and the paper said "Billets : 3".
func TestTheReportSaysTicketsAndPassesApart(t *testing.T) {
	r, x := soldAndRefunded(t)
	cat := r.svc.Catalog()
	for _, tc := range []struct {
		lang            pos.Lang
		want, wantPaper []string
		notWant         string
	}{
		{pos.French, []string{"Billets\u202f: 2\n", "Pass\u202f: 1\n"}, []string{"Billets : 2", "Pass : 1"}, "Billets\u202f: 3"},
		{pos.English, []string{"Tickets: 2\n", "Passes: 1\n"}, []string{"Tickets: 2", "Passes: 1"}, "Tickets: 3"},
	} {
		text := ReportText(cat, x, tc.lang)
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the X does not say %q:\n%s", tc.lang, w, text)
			}
		}
		if strings.Contains(text, tc.notWant) {
			t.Errorf("%s: the X counts the pass as a ticket:\n%s", tc.lang, text)
		}
		got := paperLines(cat, x, tc.lang)
		for _, w := range tc.wantPaper {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the paper does not say %q:\n%s", tc.lang, w, got)
			}
		}
	}
	old := x
	old.Detail = nil
	for lang, want := range map[pos.Lang]string{pos.French: "Billets et pass\u202f: 3\n", pos.English: "Tickets and passes: 3\n"} {
		if text := ReportText(cat, old, lang); !strings.Contains(text, want) {
			t.Errorf("%s: a report with no detail does not say %q:\n%s", lang, want, text)
		}
	}
}

// TestTheReportsRefundsAreMoneyOut: the X listed the refunds as "CHF
// 40.00" under the drawer's cash refunds "CHF -40.00", as if money had
// come in; guichet report x and the paper alike. The refunds carry the
// drawer's minus, in French and in English, on the paper as in the text.
// The test failed before: "Remboursements : 1 CHF 40.00".
func TestTheReportsRefundsAreMoneyOut(t *testing.T) {
	r, x := soldAndRefunded(t)
	cat := r.svc.Catalog()
	for _, lang := range []pos.Lang{pos.French, pos.English} {
		out := x.CashRefunds.Neg().Format(lang) // as the drawer's row says it
		var drawer, refunds string
		for _, l := range strings.Split(ReportText(cat, x, lang), "\n") {
			if strings.HasPrefix(l, rw("cashrefs", lang)) {
				drawer = l
			}
			if strings.HasPrefix(l, rw("refunds", lang)) {
				refunds = l
			}
		}
		if !strings.HasSuffix(drawer, " "+out) || !strings.HasSuffix(refunds, " "+out) {
			t.Errorf("%s: the drawer's refunds %q and the refunds %q do not both say %s", lang, drawer, refunds, out)
		}
		got := paperLines(cat, x, lang)
		for _, w := range []string{"1 x " + rw("refunds", lang) + " " + out, rw("cashrefs", lang) + " " + out} {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the paper does not say %q:\n%s", lang, w, got)
			}
		}
	}
}
