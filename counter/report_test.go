package counter

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// TestTheReportsListsAreColumns: each list of the X report lines its
// counts and amounts up under each other whatever the names' lengths, and
// its words agree with their numbers ("1 code utilisé", "2 codes
// utilisés"); the shift is a "service", as on the screens.
// countRe finds a row's count: the number before its (negative) amount.
var countRe = regexp.MustCompile(` (\d+) +CHF -`)

func TestTheReportsListsAreColumns(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	chf := func(c int64) pos.Money { return pos.M(c, "CHF") }
	d := &ReportDetail{
		Sales: []local.SalesTotal{
			{Performance: "hamlet-00", Category: "adult", Tickets: 12, Amount: chf(54000)},
			{Performance: "hamlet-00", Category: "child", Tickets: 3, Amount: chf(6000)},
		},
		Offers: []local.OfferTotal{
			{Offer: "bienvenue", Tickets: 2, Discount: chf(1000), CodeUses: 1},
			{Offer: "amis", Tickets: 10, Discount: chf(12500), CodeUses: 2},
			{Offer: "semaine", Tickets: 1, Discount: chf(500)},
		},
		Refunds: 1, RefundsAmount: chf(4500),
		VouchersSold: 12, VouchersSoldValue: chf(60000),
	}
	for _, lang := range []pos.Lang{pos.French, pos.English} {
		lines := ReportDetailLines(cat, d, lang)
		text := strings.Join(lines, "\n")
		// the rows of a list: the amount ends in one column, and so does the count
		list := func(title string, n int) []string {
			for i, l := range lines {
				if strings.HasPrefix(l, title) {
					return lines[i+1 : i+1+n]
				}
			}
			t.Fatalf("%s: no list %q in\n%s", lang, title, text)
			return nil
		}
		ends := func(rows []string, what string) {
			t.Helper()
			at := -1
			for _, r := range rows {
				i := strings.Index(r, what)
				if i < 0 {
					t.Fatalf("%s: row %q has no %q", lang, r, what)
				}
				end := len([]rune(r[:i+len(what)]))
				if at >= 0 && end != at {
					t.Fatalf("%s: the list's %q do not line up:\n%s", lang, what, strings.Join(rows, "\n"))
				}
				at = end
			}
		}
		sales := list(rw("sales", lang), 2)
		ends(sales, ".00") // the amounts
		offers := list(rw("offers", lang), 3)
		ends(offers, ".00")
		countEnd := -1
		for i, count := range []string{"2", "10", "1"} {
			m := countRe.FindStringSubmatchIndex(offers[i])
			if m == nil || offers[i][m[2]:m[3]] != count {
				t.Fatalf("%s: offer row %q has not its count %s before the amount", lang, offers[i], count)
			}
			if end := len([]rune(offers[i][:m[3]])); countEnd >= 0 && end != countEnd {
				t.Fatalf("%s: the offers' counts do not line up:\n%s", lang, strings.Join(offers, "\n"))
			} else {
				countEnd = end
			}
		}
		for _, r := range slices.Concat(sales, offers) {
			if !strings.HasPrefix(r, "  ") || strings.HasPrefix(r, "   ") {
				t.Fatalf("%s: a row is indented by two: %q", lang, r)
			}
		}
		one, two := "(1 code utilisé)", "(2 codes utilisés)"
		if lang == pos.English {
			one, two = "(1 code use)", "(2 code uses)"
		}
		if !strings.Contains(offers[0], one) || !strings.Contains(offers[1], two) || strings.Contains(offers[2], "(") {
			t.Fatalf("%s: code uses:\n%s", lang, strings.Join(offers, "\n"))
		}
		if strings.Contains(text, "1 codes") || strings.Contains(text, "1 code uses") {
			t.Fatalf("%s: a plural after 1:\n%s", lang, text)
		}
	}
	x := ReportText(cat, Report{Shift: "K01-S0001", Detail: d}, pos.French)
	if !strings.HasPrefix(x, "Rapport X — service K01-S0001\n") {
		t.Fatalf("the X report's first line: %q", strings.SplitN(x, "\n", 2)[0])
	}
}

// TestTheZTextSaysTheCountAndTheDifference: guichet report z, read from
// the file after the closure, says the cash counted and the difference
// with expected, each in the register's currency, a drawer found empty
// or exactly right included (the journal keeps no zero amount); the
// difference says which way it goes, as the till's screen does ("CHF
// -5.00" alone left the reader to guess).
func TestTheZTextSaysTheCountAndTheDifference(t *testing.T) {
	for _, tc := range []struct {
		counted int64
		want    []string // French, then English
	}{
		{0, []string{"Espèces comptées\u202f: CHF 0.00\nÉcart\u202f: CHF -255.00 (manque)\n", "Cash counted: CHF 0.00\nDifference: CHF -255.00 (short)\n"}},
		{25500, []string{"Espèces comptées\u202f: CHF 255.00\nÉcart\u202f: CHF 0.00 (juste)\n", "Cash counted: CHF 255.00\nDifference: CHF 0.00 (even)\n"}},
		{25000, []string{"Espèces comptées\u202f: CHF 250.00\nÉcart\u202f: CHF -5.00 (manque)\n", "Cash counted: CHF 250.00\nDifference: CHF -5.00 (short)\n"}},
		{26000, []string{"Espèces comptées\u202f: CHF 260.00\nÉcart\u202f: CHF 5.00 (excédent)\n", "Cash counted: CHF 260.00\nDifference: CHF 5.00 (over)\n"}},
	} {
		r := newRig(t, ReceiptsAlways)
		r.sell(cash(10000)) // CHF 55 in cash on a CHF 200 float
		if _, err := r.till.CloseShift(pos.M(tc.counted, "CHF")); err != nil {
			t.Fatal(err)
		}
		rep, ok, err := r.svc.ShiftReport("")
		if err != nil || !ok || !rep.Z {
			t.Fatalf("the Z read back: %v, %v, %+v", ok, err, rep)
		}
		for i, lang := range []pos.Lang{pos.French, pos.English} {
			if text := ReportText(r.svc.Catalog(), rep, lang); !strings.Contains(text, tc.want[i]) {
				t.Errorf("counted %d, %s: want %q in\n%s", tc.counted, lang, tc.want[i], text)
			}
		}
	}
}

// TestTheXReportNamesItsExchanges: the tickets a shift's exchanges took
// back and the credit they gave are a line of the X report, beside the
// fee kept; before, an exchange showed only as "Exchange credit" among
// the payment methods, and the tickets it took back nowhere.
func TestTheXReportNamesItsExchanges(t *testing.T) {
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
	order := sellSeat(t, till, "carmen-03", "parterre", "cash", "C-1", "C-2") // Carmen keeps CHF 2.00 a ticket
	credit, err := till.Exchange(order, []string{order + "-01", order + "-02"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.Checkout(nil); err != nil { // a credit voucher
		t.Fatal(err)
	}
	rep, err := till.XReport()
	if err != nil {
		t.Fatal(err)
	}
	if d := rep.Detail; d == nil || d.Exchanged != 2 || d.ExchangeCredit != credit || d.ExchangeFees != pos.M(400, "CHF") {
		t.Fatalf("the X report's exchanges: %+v; want 2 tickets, a credit of %s, CHF 4.00 kept", rep.Detail, credit)
	}
	text := strings.Join(ReportDetailLines(cat, rep.Detail, pos.English), "\n")
	if !regexp.MustCompile(`Tickets exchanged \(credit\): +2 +CHF ` + regexp.QuoteMeta(credit.Format(pos.English)[4:])).MatchString(text) {
		t.Fatalf("the X report's detail has no line for its exchanges:\n%s", text)
	}
}

// TestTheReportTextExplainsTheCash: guichet report x|z says how the cash
// expected comes about, as the till's screen does: the float, cash sales,
// cash refunds, cash put in and taken out, then the cash expected.
func TestTheReportTextExplainsTheCash(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	r.sell(cash(10000)) // CHF 55 in cash on a CHF 200 float
	if err := r.till.CashMove(pos.M(5000, "CHF"), "change from the bank"); err != nil {
		t.Fatal(err)
	}
	if err := r.till.CashMove(pos.M(-2000, "CHF"), "to the safe"); err != nil {
		t.Fatal(err)
	}
	rep, err := r.till.XReport()
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[pos.Lang]string{
		pos.English: "Float: CHF 200.00\nCash sales: CHF 55.00\nCash refunds: CHF 0.00\nCash put in: CHF 50.00\nCash taken out: CHF -20.00\nCash expected: CHF 285.00\n",
		pos.French:  "Fond de caisse\u202f: CHF 200.00\nVentes en espèces\u202f: CHF 55.00\nRemboursements en espèces\u202f: CHF 0.00\nApports d'espèces\u202f: CHF 50.00\nRetraits d'espèces\u202f: CHF -20.00\nEspèces attendues\u202f: CHF 285.00\n",
	} {
		if text := ReportText(r.svc.Catalog(), rep, lang); !strings.Contains(text, want) {
			t.Errorf("%s: want\n%s\nin\n%s", lang, want, text)
		}
	}
}

// TestTheReportTextSaysTheCashRounding: a CHF 12.33 order paid in cash
// put CHF 12.35 in the drawer; guichet report x said "Cash sales: CHF
// 12.35" and, by payment method, "Cash 1 CHF 12.33" with nothing between
// them. The list by method ends with the cash rounding, so its cash and
// rounding add up to the cash sales.
func TestTheReportTextSaysTheCashRounding(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	chf := func(c int64) pos.Money { return pos.M(c, "CHF") }
	rep := Report{Shift: "K01-S0001", Float: chf(0), CashSales: chf(1235), CashRefunds: chf(0), Expected: chf(1235),
		ByMethod:     []local.MethodTotal{{Method: "cash", Kind: pos.KindCash, Count: 1, Amount: chf(1233)}},
		CashRounding: chf(2)}
	for lang, want := range map[pos.Lang]string{
		pos.English: "Cash rounding",
		pos.French:  "Arrondi espèces",
	} {
		text := ReportText(cat, rep, lang)
		var cash, rounding string
		for _, l := range strings.Split(text, "\n") {
			switch {
			case strings.HasPrefix(l, "  "+want):
				rounding = l
			case strings.HasSuffix(l, "12.33"):
				cash = l
			}
		}
		if !strings.HasSuffix(rounding, "CHF 0.02") || len([]rune(rounding)) != len([]rune(cash)) {
			t.Errorf("%s: want a row %q ending in CHF 0.02 under the cash's amount in\n%s", lang, want, text)
		}
	}
	rep.CashRounding = pos.Money{}
	if text := ReportText(cat, rep, pos.English); strings.Contains(text, "rounding") {
		t.Errorf("a shift without rounding says one:\n%s", text)
	}
}

// TestTheReportTextSaysAMethodsRefundsApart: a cash sale and its cash
// refund read "Cash 2 CHF 0.00" (the refund counted like a payment).
// The row counts the payment and says the refund beside the amount.
func TestTheReportTextSaysAMethodsRefundsApart(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	chf := func(c int64) pos.Money { return pos.M(c, "CHF") }
	rep := Report{Shift: "K01-S0001", Float: chf(0), CashSales: chf(4000), CashRefunds: chf(4000), Expected: chf(0),
		ByMethod: []local.MethodTotal{{Method: "cash", Kind: pos.KindCash, Count: 1, Refunds: 1, Amount: chf(0)}}}
	for lang, want := range map[pos.Lang]string{
		pos.English: "1  CHF 0.00  refunds: 1",
		pos.French:  "1  CHF 0.00  remboursements : 1",
	} {
		if text := ReportText(cat, rep, lang); !strings.Contains(text, want) {
			t.Errorf("%s: want %q in\n%s", lang, want, text)
		}
	}
}

// TestTheReportTextListsAPassByItsName: a day pass sold is listed in the
// report's sales under its name, not as an empty performance.
func TestTheReportTextListsAPassByItsName(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	d := &ReportDetail{Sales: []local.SalesTotal{{Category: "pass:festival-jour-1", Tickets: 1, Amount: pos.M(5500, "CHF")}}}
	for lang, want := range map[pos.Lang]string{
		pos.English: "  Festival pass — day 1  1  CHF 55.00",
		pos.French:  "  Pass festival — jour 1  1  CHF 55.00",
	} {
		if text := strings.Join(ReportDetailLines(cat, d, lang), "\n"); !strings.Contains(text, want) {
			t.Errorf("%s: want %q in\n%s", lang, want, text)
		}
	}
}

// TestTheReportTextSaysThePaymentsLeft: the payments a till took for a
// sale it never recorded are listed under their heading, by method,
// after the drawer's figures (which they are not in).
func TestTheReportTextSaysThePaymentsLeft(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	chf := func(c int64) pos.Money { return pos.M(c, "CHF") }
	rep := Report{Shift: "K01-S0001", Float: chf(0), CashSales: chf(0), CashRefunds: chf(0), Expected: chf(0),
		Left: []local.MethodTotal{{Method: "cash", Count: 2, Amount: chf(3000)}}}
	for lang, want := range map[pos.Lang][]string{
		pos.English: {"Taken for sales not recorded (to give back):", "Cash  2  CHF 30.00"},
		pos.French:  {"Encaissé pour des ventes non enregistrées (à rendre)\u202f:", "Espèces  2  CHF 30.00"},
	} {
		text := ReportText(cat, rep, lang)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: want %q in\n%s", lang, w, text)
			}
		}
	}
	rep.Left = nil
	if text := ReportText(cat, rep, pos.English); strings.Contains(text, "not recorded") {
		t.Errorf("a shift without payments left speaks of them:\n%s", text)
	}
}

// TestTheReportTextSaysTheTicketsAndTheCancellations: the till's X/Z
// screen says the shift's orders, tickets and cancellations; guichet
// report x|z said the orders only, so an invoice canceled before it was
// paid (no refund, its tickets still under the sales) showed nowhere in
// the text. It says the tickets and the cancellations too.
func TestTheReportTextSaysTheTicketsAndTheCancellations(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	r.sell(cash(10000)) // two tickets
	must(t, r.till.AddTickets("hamlet-00", "galerie", "adult", 3))
	o := r.sell1(pos.Tender{Method: "invoice"})
	must(t, r.till.CancelPart(o.Number, "plus besoin", CancelOptions{}))
	rep, err := r.till.XReport()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Orders != 2 || rep.Tickets != 5 || rep.Canceled != 1 {
		t.Fatalf("the report counts %d orders, %d tickets, %d canceled", rep.Orders, rep.Tickets, rep.Canceled)
	}
	for lang, want := range map[pos.Lang][]string{
		pos.French:  {"Commandes\u202f: 2\n", "Billets\u202f: 5\n", "Annulations\u202f: 1\n"},
		pos.English: {"Orders: 2\n", "Tickets: 5\n", "Cancellations: 1\n"},
	} {
		text := ReportText(r.svc.Catalog(), rep, lang)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: want %q in\n%s", lang, w, text)
			}
		}
	}
}

// TestTheReportNamesCreditVouchersAndInvoicesCanceledUnpaid: the detail's
// totals name the credit vouchers exchanges left and the invoices canceled
// before they were paid, with their counts and amounts.
func TestTheReportNamesCreditVouchersAndInvoicesCanceledUnpaid(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	chf := func(c int64) pos.Money { return pos.M(c, "CHF") }
	d := &ReportDetail{Exchanged: 1, ExchangeCredit: chf(6100), CreditVouchers: 1, CreditVouchersAmount: chf(1500),
		InvoicesCanceled: 2, CanceledAmount: chf(13500)}
	for lang, want := range map[pos.Lang][]string{
		pos.English: {`Credit vouchers issued: +1 +CHF 15\.00`, `Invoices canceled unpaid: +2 +CHF 135\.00`},
		pos.French:  {`Bons d'avoir émis\x{202f}: +1 +CHF 15\.00`, `Factures annulées impayées\x{202f}: +2 +CHF 135\.00`},
	} {
		text := strings.Join(ReportDetailLines(cat, d, lang), "\n")
		for _, w := range want {
			if !regexp.MustCompile(w).MatchString(text) {
				t.Errorf("%s: no %q in\n%s", lang, w, text)
			}
		}
	}
}

// TestTheReportCountsPartialCancellations: some tickets of an order
// canceled (their refund in the detail) is a cancellation the X/Z says,
// apart from the orders canceled whole: before, "Cancellations: 0" stood
// beside a refund.
func TestTheReportCountsPartialCancellations(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	must(t, r.till.AddTickets("hamlet-00", "galerie", "adult", 3))
	o := r.sell1(cash(20000))
	must(t, r.till.CancelPart(o.Number, "one cannot come", CancelOptions{Tickets: []string{o.Tickets[0].Number}}))
	must(t, r.till.CancelPart(o.Number, "another cannot", CancelOptions{Tickets: []string{o.Tickets[1].Number}}))
	must(t, r.till.AddTickets("hamlet-00", "galerie", "adult", 2))
	o2 := r.sell1(cash(20000))
	must(t, r.till.Cancel(o2.Number, "wrong date"))
	rep, err := r.till.XReport()
	must(t, err)
	if rep.Canceled != 1 || rep.PartCanceled != 2 || rep.Detail.Refunds != 3 {
		t.Fatalf("the report counts %d canceled, %d partly, %d refunds; want 1, 2, 3", rep.Canceled, rep.PartCanceled, rep.Detail.Refunds)
	}
	for lang, want := range map[pos.Lang]string{
		pos.French:  "Annulations\u202f: 3 (dont 2 partielles)\n",
		pos.English: "Cancellations: 3 (2 partial)\n",
	} {
		if text := ReportText(r.svc.Catalog(), rep, lang); !strings.Contains(text, want) {
			t.Errorf("%s: want %q in\n%s", lang, want, text)
		}
	}
}

// TestTheReportDetailListsProducts: the X/Z detail's text (the till's
// screen, guichet report x|z) lists the products sold by name, with the
// quantity and the amount, under their own heading.
func TestTheReportDetailListsProducts(t *testing.T) {
	cat, err := fixtures.DemoCatalog(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d := &ReportDetail{Products: []local.ProductTotal{{Item: "programme", Quantity: 2, Amount: pos.M(1000, "CHF")}}}
	for lang, want := range map[pos.Lang]string{
		pos.French:  `(?m)^Articles\x{202f}:\n  Programme de salle +2 +CHF 10\.00$`,
		pos.English: `(?m)^Products:\n  Programme +2 +CHF 10\.00$`,
	} {
		text := strings.Join(ReportDetailLines(cat, d, lang), "\n")
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("%s: the detail does not list the programmes:\n%s", lang, text)
		}
	}
}

// TestTheReportDetailListsPaymentFees: the X/Z detail's text lists the
// payment methods' fees by method, with the orders that paid them and
// their amount, under their own heading: the detail adds up to the
// takings by method (an invoice's fees were nowhere in it).
func TestTheReportDetailListsPaymentFees(t *testing.T) {
	cat, err := fixtures.DemoCatalog(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d := &ReportDetail{Fees: []local.FeeTotal{{Method: "invoice", Orders: 2, Amount: pos.M(480, "CHF")}}}
	inv, _ := cat.PaymentMethodByID("invoice")
	for lang, want := range map[pos.Lang]string{
		pos.French:  `(?m)^Frais de paiement\x{202f}:\n  ` + regexp.QuoteMeta(inv.Name.In(pos.French)) + ` +2 +CHF 4\.80$`,
		pos.English: `(?m)^Payment fees:\n  ` + regexp.QuoteMeta(inv.Name.In(pos.English)) + ` +2 +CHF 4\.80$`,
	} {
		text := strings.Join(ReportDetailLines(cat, d, lang), "\n")
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("%s: the detail does not list the fees:\n%s", lang, text)
		}
	}
}

// TestTheReportDetailDoesNotCallADayPassASubscription: the French heading
// over the tickets and passes sold said "abonnements" (subscriptions) over
// a festival day pass; it says "abonnements et pass", as the sale screen's
// tab does, and the English "passes".
func TestTheReportDetailDoesNotCallADayPassASubscription(t *testing.T) {
	cat, err := fixtures.DemoCatalog(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d := &ReportDetail{Sales: []local.SalesTotal{{Category: "pass:festival-jour-1", Tickets: 1, Amount: pos.M(5500, "CHF")}}}
	for lang, want := range map[pos.Lang]string{
		pos.French:  "Billets par représentation et catégorie, abonnements et pass\u202f:\n  Pass festival — jour 1",
		pos.English: "Tickets by performance and category, passes:\n  Festival pass — day 1",
	} {
		text := strings.Join(ReportDetailLines(cat, d, lang), "\n")
		if !strings.Contains(text, want) {
			t.Errorf("%s: the detail says\n%s\nwant\n%s", lang, text, want)
		}
	}
}

// TestTheReportTextSaysWhoseShiftAndWhen: guichet report z read from the
// file said the shift's number and its figures, but neither its cashier
// nor when it opened and closed, which its paper says; a Z filed from the
// command line could not be told from another day's.
func TestTheReportTextSaysWhoseShiftAndWhen(t *testing.T) {
	r := newRig(t, ReceiptsAlways)
	r.sell(cash(10000))
	x, err := r.till.XReport()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.till.CloseShift(pos.M(25500, "CHF")); err != nil {
		t.Fatal(err)
	}
	z, ok, err := r.svc.ShiftReport("")
	if err != nil || !ok || !z.Z {
		t.Fatalf("the Z read back: %v, %v, %+v", ok, err, z)
	}
	for _, tc := range []struct {
		rep  Report
		lang pos.Lang
		want string
	}{
		{x, pos.French, "Rapport X — service K01-S0001\nCaissier\u202f: Claire Dubois\nOuverture\u202f: lun. 23 nov. 11:00\nRelevé à\u202f: lun. 23 nov. 11:00\n"},
		{z, pos.French, "Clôture Z — service K01-S0001\nCaissier\u202f: Claire Dubois\nOuverture\u202f: lun. 23 nov. 11:00\nClôture\u202f: lun. 23 nov. 11:00\n"},
		{z, pos.English, "Z closure — shift K01-S0001\nCashier: Claire Dubois\nOpened: Mon 23 Nov 11:00\nClosed: Mon 23 Nov 11:00\n"},
	} {
		if text := ReportText(r.svc.Catalog(), tc.rep, tc.lang); !strings.HasPrefix(text, tc.want) {
			t.Errorf("%s: want the text to begin\n%s\ngot\n%s", tc.lang, tc.want, text)
		}
	}
}
