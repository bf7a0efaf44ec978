package tui

import "testing"

// Till calls run one after the other in the order Update asked them, but
// each answer reaches Update from its own goroutine: under load the answer
// of the first can arrive after the second's. The older cart must not
// replace the newer one (a golden sale once ended showing 1 seat of the 2
// the till held).
func TestAnOlderCartAnswerArrivingLastIsIgnored(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 100, 30)
	d.unlock("0")
	first := d.app.c.tillDo("", func(t Till) error {
		_, err := t.ToggleSeat("hamlet-00", "parterre", "adult", "F-9")
		return err
	})
	second := d.app.c.tillDo("", func(t Till) error {
		_, err := t.ToggleSeat("hamlet-00", "parterre", "adult", "F-10")
		return err
	})
	older := first() // the calls run in the order asked...
	newer := second()
	d.send(newer) // ...their answers arrive the other way round
	d.send(older)
	if n := len(d.app.c.sale.priced.Lines); n != 2 {
		t.Fatalf("the screens show %d seats in the cart, the till holds 2", n)
	}
	if d.app.flashErr {
		t.Fatalf("flash %q", d.app.flash)
	}
}
