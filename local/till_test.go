package local

import (
	"errors"
	"testing"
)

// A till closed while its reports are being read (another goroutine: the
// desk's X report runs in a tea.Cmd while the idle lock closes the till)
// answers ErrTillClosed from then on; under -race, Close and the read
// transaction's check do not race.
func TestTillClosedWhileItsReportIsRead(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	done := make(chan error, 1)
	go func() {
		var err error
		for range 200 {
			if _, err = a.XReport(); err != nil {
				break
			}
		}
		done <- err
	}()
	a.Close()
	if err := <-done; err != nil && !errors.Is(err, ErrTillClosed) {
		t.Fatalf("X report while the till closes: %v", err)
	}
	if _, err := a.XReport(); !errors.Is(err, ErrTillClosed) {
		t.Fatalf("X report of a closed till: %v, want ErrTillClosed", err)
	}
}
