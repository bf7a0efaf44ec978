package main

import (
	"path/filepath"
	"testing"
)

// TestCounterInTmux drives the real binary in a real terminal (tmux) through
// one whole sale by keyboard, then reads the journal it wrote.
func TestCounterInTmux(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	term := startTmux(t, "counter", 80, 24, "env NO_COLOR=1 "+guichetBin+" --db "+db+" --lang en --printer file:"+filepath.Join(dir, "print.bin"))
	waitFor, keys := term.waitFor, term.keys

	waitFor("Who is selling?")
	keys("1234", "Enter")
	waitFor("Cash float")
	keys("200", "Enter")
	waitFor("Hamlet")
	// the first Hamlet still on sale (tonight's closes at 20:00)
	keys("/", "hamlet", "Enter", "Enter")
	term.sellTwoInGallery()
	keys("C-c")
	waitFor("The shift stays open") // an open shift: ctrl+c asks first
	keys("C-c")
	waitStopped(db)

	r := reopenDemo(t, db)
	ov, ok, _ := r.Order("K01-000001")
	if !ok {
		t.Fatal("the journal has no order K01-000001")
	}
	if len(ov.Order.Tickets) != 2 || ov.Order.Payments[0].Change.Amount != 1000 {
		t.Fatalf("order = %+v", ov.Order)
	}
}
