package tui

import (
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/pos"
)

// TestTheReportScreenPrintsTheXAndTheZ: a cashier closing the day saw the
// X and the Z on the screen and no key printed them: she had no paper for
// the cash bag. p (in the help line) now queues the report on the till's
// printer, through the spooler as a receipt: the X while the shift is
// open, the Z once closed, and again as DUPLICATA 1. The paper's figures
// are the screen's to the cent, in the till's language. The test failed
// before: p did nothing on the report screen and nothing printed.
func TestTheReportScreenPrintsTheXAndTheZ(t *testing.T) {
	p := newPrintRig(t, counter.Options{})
	d := newDriver(t, p.app("fr"), 120, 40)
	d.unlock("200")
	d.expect("Représentations")
	p.printed("drawer")
	d.sellGalleryCash(2, false)
	p.printed("ticket ticket drawer")
	d.keys("n", "z")
	d.expect("Rapport X")
	d.expect("p " + tr("fr", "key.printreport"))
	x, err := d.app.c.till.XReport()
	if err != nil {
		t.Fatal(err)
	}
	fr := func(m pos.Money) string { return m.Format(pos.French) }
	for _, w := range []string{fr(x.Float), fr(x.CashSales), fr(x.Expected)} {
		d.expect(w) // the screen's figures, which the paper must repeat
	}
	d.keys("p")
	d.expect(tr("fr", "report.xsent", x.Shift))
	got := words(p.printed("report").Plain())
	for _, w := range []string{"Rapport X", "Service : " + x.Shift, "Caissier :", "Caisse K01",
		"Fond de caisse " + fr(x.Float), "Ventes en espèces " + fr(x.CashSales),
		"Espèces attendues " + fr(x.Expected), "1 x Espèces " + fr(x.ByMethod[0].Amount)} {
		if !strings.Contains(got, w) {
			t.Errorf("the X printed does not say %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "Clôture Z") || strings.Contains(got, "DUPLICATA") {
		t.Errorf("the X printed reads as a Z or a copy:\n%s", got)
	}
	counted := x.Expected.Minus(pos.M(500, "CHF"))
	d.keys("z")
	p.printed("drawer") // the count opens the drawer
	d.typ(strings.TrimPrefix(counted.Format(pos.English), "CHF "))
	d.keys("enter", "enter")
	d.expect(tr("fr", "report.closed"))
	d.expect("p " + tr("fr", "key.printreport"))
	for copy := range 2 {
		d.keys("p")
		d.expect(tr("fr", "report.zsent", x.Shift))
		got := words(p.printed("report").Plain())
		for _, w := range []string{"Clôture Z", "Service : " + x.Shift, "Clôture :", "Espèces attendues " + fr(x.Expected),
			"Espèces comptées " + fr(counted), "Écart (manque) " + fr(pos.M(-500, "CHF"))} {
			if !strings.Contains(got, w) {
				t.Errorf("Z paper %d does not say %q:\n%s", copy, w, got)
			}
		}
		if strings.Contains(got, "DUPLICATA 1") != (copy == 1) {
			t.Errorf("Z paper %d: DUPLICATA 1 is said %v:\n%s", copy, copy != 1, got)
		}
	}
}

// TestNoReportKeyWithoutAPrinter: a register with no printer does not
// offer p on the report screen, and p does nothing.
func TestNoReportKeyWithoutAPrinter(t *testing.T) {
	r := openRegister(t)
	app := New(Options{Service: newTestService(r, nil), Lang: "en", Now: func() time.Time { return fixedNow }, Poll: time.Hour})
	d := newDriver(t, app, 120, 40)
	d.unlock("")
	d.keys("z")
	d.expect("X report")
	if strings.Contains(d.screen(), tr("en", "key.printreport")) {
		t.Fatalf("the report screen offers to print with no printer:\n%s", d.screen())
	}
	d.keys("p") // must not panic
	d.expect("X report")
}
