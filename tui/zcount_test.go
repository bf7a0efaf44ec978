package tui

import (
	"strings"
	"testing"

	"guichet/pos"
)

// TestAZCountSeesASaleBetweenItsLastReadingAndEnter: Claire counts her
// drawer for the Z (CHF 200.00 = even, "Enter to close the shift") and her
// other till of the shift records a cash sale before the screen reads the
// register again (no change is told here: the window between its last
// reading and her Enter). Her Enter closes nothing: the screen says what
// changed, shows the difference against the drawer as it is, and asks her
// to count again; counted again, the Z closes even. Before, that Enter
// closed the Z short by the sale, recorded for good in the journal.
func TestAZCountSeesASaleBetweenItsLastReadingAndEnter(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 80, 24)
	d.unlock("200")
	d.keys("z")
	d.expect(tr("en", "report.x", "K01-S0001"))
	d.keys("z")
	d.typ("200")
	d.keys("enter")
	d.expect("CHF 0.00 = even")
	d.expect(tr("en", "report.confirm"))

	other, err := r.Unlock("claire", "1234") // her shift, at her other till
	if err != nil {
		t.Fatal(err)
	}
	o := sellAt(t, other, "hamlet-00", "galerie", "adult", 1, pos.Tender{Method: "cash"})
	other.Close()
	now := chf(20000).Plus(o.Total)

	d.keys("enter")
	if s := d.screen(); strings.Contains(s, tr("en", "report.closed")) {
		t.Fatalf("the Z closed against the cash expected before the sale:\n%s", s)
	}
	d.expect("The cash expected changed (CHF 200.00 → " + now.Format("en") + ")")
	d.expect(o.Total.Neg().Format("en") + " ▼ short")
	if s := d.screen(); strings.Contains(s, tr("en", "report.confirm")) {
		t.Fatalf("the refused count still closes at Enter:\n%s", s)
	}
	x, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := x.XReport(); err != nil || rep.Z {
		t.Fatalf("after the refusal her shift: %+v %v, want it open", rep, err)
	}
	x.Close()

	d.keys("backspace", "backspace", "backspace")
	d.typ(strings.TrimPrefix(now.Format("en"), "CHF "))
	d.keys("enter")
	d.expect("CHF 0.00 = even")
	d.keys("enter")
	d.expect(tr("en", "report.closed"))
	if s := d.screen(); strings.Contains(s, "short") {
		t.Fatalf("the Z counted again is not even:\n%s", s)
	}
}
