package tui

import (
	"strings"
	"testing"
)

// TestTrainingBannerOnEveryScreen: ctrl+t on the unlock screen unlocks the
// till in training; every screen then carries the banner and the status
// line says TRAINING; locking goes back to the real register.
func TestTrainingBannerOnEveryScreen(t *testing.T) {
	r := openRegister(t)
	app := newTestApp(r, "en")
	d := newDriver(t, app, 80, 24)
	d.keys("ctrl+t")
	d.expect("Training mode: sales go to a practice register")
	d.expect("TRAINING — NOT VALID")
	d.unlock("100")
	if !app.c.svc.IsTraining() || app.c.real.IsTraining() {
		t.Fatal("the till was not unlocked on the training service")
	}
	for _, k := range []string{"", "o", "esc"} { // the performances, the orders, back
		if k != "" {
			d.keys(k)
		}
		s := d.screen()
		if first := strings.SplitN(s, "\n", 2)[0]; !strings.Contains(first, "TRAINING — NOT VALID") {
			t.Fatalf("a screen without the training banner:\n%s", s)
		}
		if !strings.Contains(s, "! TRAINING") {
			t.Fatalf("the status line does not say TRAINING:\n%s", s)
		}
	}
	d.send(LockMsg())
	if app.c.svc.IsTraining() {
		t.Fatal("locking left the screens on the training service")
	}
	if s := d.screen(); strings.Contains(s, "TRAINING") {
		t.Fatalf("the unlock screen still says TRAINING after locking:\n%s", s)
	}
}

// TestTheTrainingLineSaysHowToLeaveAt80Columns: the unlock screen's
// training line ends with the key that leaves training; in French at 80
// columns it was cut at "(ctrl+t pour en so".
func TestTheTrainingLineSaysHowToLeaveAt80Columns(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "fr"), 80, 24)
	d.keys("ctrl+t")
	scr := d.screen()
	if want := tr("fr", "training.unlock"); !strings.Contains(words(scr), want) {
		t.Fatalf("the screen does not say %q whole:\n%s", want, scr)
	}
	fitsIn80(t, scr)
}
