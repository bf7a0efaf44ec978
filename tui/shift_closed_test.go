package tui

import (
	"strings"
	"testing"

	"guichet/local"
)

// zAtHerOtherTill closes claire's shift (a Z, the cash as expected) at
// another till of hers.
func zAtHerOtherTill(t *testing.T, r *local.Register) {
	t.Helper()
	other, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	x, err := other.XReport()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.CloseShift(x.Expected); err != nil {
		t.Fatal(err)
	}
	other.Close()
}

// TestAShiftClosedAtAnotherTillAsksTheFloatAtTheDesk: with two tills of
// hers open, the Z made at one closes her shift under the other. There a
// cash movement, or the X report, was refused with "No open shift: open
// your shift with a float first", and nothing on the screen opened one
// (the float is asked at the unlock, and `l` releases the cart). As at
// the payment, the till now asks a new shift's float at once, then comes
// back: the cash movement is recorded in the new shift; the X report
// shows the new shift.
func TestAShiftClosedAtAnotherTillAsksTheFloatAtTheDesk(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("200")
	zOther := func() { zAtHerOtherTill(t, r) }
	zOther()
	s.keys("m")
	s.waitFor(s.tr("cash.title"))
	s.typ("30")
	s.keys("enter")
	s.typ("change")
	s.keys("enter")
	s.waitFor(s.tr("cash.in.confirm", "CHF 30.00"))
	s.keys("enter")
	s.waitFor(s.tr("float.prompt"), "Your shift was closed (Z) at another till")
	if strings.Contains(s.screen(), "open your shift with a float first") {
		t.Fatalf("the refusal stays beside the float asked:\n%s", s.screen())
	}
	s.typ("100")
	s.keys("enter")
	s.waitFor(s.tr("cash.in.confirm", "CHF 30.00"))
	s.keys("enter")
	s.waitFor(s.tr("cash.in.done", "CHF 30.00"))
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	x, err := till.XReport()
	if err != nil || x.Shift != "K01-S0002" || x.CashIn != chf(3000) || x.Float != chf(10000) {
		t.Fatalf("her new shift's X report: %+v %v; want K01-S0002, float CHF 100, CHF 30 put in", x, err)
	}
	till.Close()

	zOther()
	s.keys("z")
	s.waitFor(s.tr("float.prompt"), "Your shift was closed (Z) at another till")
	s.typ("50")
	s.keys("enter")
	s.waitFor(s.tr("report.x", "K01-S0003"), "CHF 50.00")
}

// TestAShiftClosedAtAnotherTillAsksTheFloatToValidate: the same for an
// invoice's payment validated at the order: the float of a new shift,
// then the validation asked again, recorded in the new shift.
func TestAShiftClosedAtAnotherTillAsksTheFloatToValidate(t *testing.T) {
	r, s := startCounter(t, "fr")
	s.unlock("0")
	s.invoiceSeats("K01-000001")
	zAtHerOtherTill(t, r)
	s.keys("o")
	s.waitFor("… K01-000001  à payer")
	s.keys("enter")
	s.waitFor("(à payer)")
	s.keys("v")
	s.waitFor("Payée par : [Virement]")
	s.typ("VIR-1")
	s.keys("enter")
	s.waitFor(s.tr("float.prompt"), "Votre service a été clôturé (Z) à une autre caisse")
	s.typ("0")
	s.keys("enter")
	s.waitFor("Service K01-S0002 ouvert", "Payée par : [Virement]")
	s.keys("enter")
	s.waitFor("Paiement de la commande K01-000001 validé.")
}

// TestAZOfAShiftClosedAtAnotherTillSaysSo: she counts the drawer for the
// Z while her other till made it already: the closure was refused with
// "No open shift: open your shift with a float first", which would have
// her open a shift and close it again on the same cash. The till says the
// shift was closed at another till, and asks no float.
func TestAZOfAShiftClosedAtAnotherTillSaysSo(t *testing.T) {
	r, s := startCounter(t, "en")
	s.unlock("200")
	s.keys("z")
	s.waitFor(s.tr("report.x", "K01-S0001"))
	s.keys("z")
	s.waitFor(s.tr("report.count"))
	zAtHerOtherTill(t, r)
	s.typ("200")
	s.keys("enter")
	s.waitFor(s.tr("report.confirm"))
	s.keys("enter")
	s.waitFor("was closed (Z) at another till")
	if strings.Contains(s.screen(), "open your shift with a float") || strings.Contains(s.screen(), s.tr("float.prompt")) {
		t.Fatalf("the Z of a shift closed elsewhere asks a float:\n%s", s.screen())
	}
}
