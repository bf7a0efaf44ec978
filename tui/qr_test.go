package tui

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"rsc.io/qr"

	"guichet/fixtures"
	"guichet/local"
)

// openSignedRegister opens a register whose signing key is fixed, so its
// tickets' QR payloads (Ed25519 signs deterministically) are the same on
// every run and a golden file can hold their codes.
func openSignedRegister(tb testing.TB) *local.Register {
	tb.Helper()
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := local.Open(local.Options{Path: filepath.Join(tb.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return fixedNow }, Key: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { closeServices(r); r.Close() })
	return r
}

// readQR finds a QR drawn with half blocks on a screen (its top edge is a
// run of ▄: the lower halves are the quiet zone) and reads it back into
// modules, true for dark. A block is drawn in the light colour: █ is two
// light modules, ▀ light over dark, ▄ dark over light, a space two dark
// ones. The result holds the quiet zone.
func readQR(screen string) ([][]bool, error) {
	lines := strings.Split(screen, "\n")
	for y, l := range lines {
		r := []rune(l)
		x0 := strings.Index(l, strings.Repeat("▄", 21)) // the smallest code's width
		if x0 < 0 {
			continue
		}
		x0 = len([]rune(l[:x0]))
		w := 0
		for x0+w < len(r) && r[x0+w] == '▄' {
			w++
		}
		// w = size + 2 modules; the lines hold the top quiet zone's
		// lower halves, then the size+1 other rows two by two
		n := 1 + (w-1)/2
		if y+n > len(lines) {
			return nil, fmt.Errorf("the code at line %d runs off the screen", y+1)
		}
		var grid [][]bool
		for i := range n {
			row := []rune(lines[y+i])
			if len(row) < x0+w {
				return nil, fmt.Errorf("line %d of the code is cut: %q", y+i+1, lines[y+i])
			}
			top, bot := make([]bool, w), make([]bool, w)
			for x := range w {
				switch row[x0+x] {
				case '█':
				case '▀':
					bot[x] = true
				case '▄':
					top[x] = true
				case ' ':
					top[x], bot[x] = true, true
				default:
					return nil, fmt.Errorf("line %d, column %d of the code holds %q", y+i+1, x0+x+1, row[x0+x])
				}
			}
			if i > 0 {
				grid = append(grid, top) // line 0's upper halves lie outside the code
			}
			grid = append(grid, bot)
		}
		return grid, nil
	}
	return nil, fmt.Errorf("no QR code on the screen")
}

// sameCode says where the modules read off a screen differ from the
// encoder's for payload: the border must be a light quiet zone one module
// wide, the inside the code module for module.
func sameCode(t *testing.T, grid [][]bool, payload string) {
	t.Helper()
	code, err := qr.Encode(payload, qr.L)
	if err != nil {
		t.Fatal(err)
	}
	n := code.Size + 2
	if len(grid) != n || len(grid[0]) != n {
		t.Fatalf("the screen holds a %dx%d code with its quiet zone, the payload makes %dx%d", len(grid[0]), len(grid), n, n)
	}
	bad := 0
	for y := range n {
		for x := range n {
			want := code.Black(x-1, y-1) // false in the quiet zone
			if grid[y][x] != want {
				if bad++; bad <= 5 {
					t.Errorf("module (%d,%d) is dark=%v on screen, dark=%v in the code", x-1, y-1, grid[y][x], want)
				}
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%d of %d modules differ", bad, n*n)
	}
}

// TestTicketQRFillsAn80x24Terminal: at 80x24 the done screen has no room
// for the QR beside the order and says which key shows it; q draws the
// ticket's signed payload alone on the whole window (the modules read back
// off the terminal are the encoder's, quiet zone included), and any key,
// ? too, goes back to the order.
func TestTicketQRFillsAn80x24Terminal(t *testing.T) {
	r := openSignedRegister(t)
	s := startSession(t, newTestApp(r, "fr"), 80, 24)
	s.unlock("0")
	s.twoSeatsInCart()
	s.payCashExact("K01-000001")
	s.waitFor("q l'affiche en plein écran, tab le reçu.", "q QR plein écran")

	ov, _, _ := r.Order("K01-000001")
	payload := ov.Tickets[0].QR
	if !strings.HasPrefix(payload, "G2:") {
		t.Fatalf("ticket K01-000001-01 has no signed payload: %q", payload)
	}
	if code, _ := qr.Encode(payload, qr.L); code.Size > 45 {
		t.Fatalf("a %d-character payload makes a %d-module code: version 7 (45) at most fits 24 lines", len(payload), code.Size)
	}
	s.keys("q")
	t.Run("fullqr", func(t *testing.T) { s.golden(t) })
	scr := s.screen()
	if strings.Contains(scr, "Théâtre") || strings.Contains(scr, "K01 ·") || strings.Contains(scr, "aide") {
		t.Fatalf("the header, help or status line is drawn with the QR:\n%s", scr)
	}
	grid, err := readQR(scr)
	if err != nil {
		t.Fatalf("%v:\n%s", err, scr)
	}
	sameCode(t, grid, payload)

	s.keys("?")
	s.waitFor("Commande K01-000001", "q QR plein écran • r imprimer le reçu • ? aide")

	// the other ticket's code, after →
	s.keys("right", "q")
	s.wait(func() bool { return !strings.Contains(s.screen(), "Commande") })
	if grid, err = readQR(s.screen()); err != nil {
		t.Fatal(err)
	}
	sameCode(t, grid, ov.Tickets[1].QR)
}

// TestTicketQRBesideTheOrderInALargerWindow: with room for it the QR is
// drawn beside the order, and reads back as the ticket's payload. The
// full-screen QR says when even the whole window is too small, draws the
// code when it grows, and Enter there only closes it.
func TestTicketQRBesideTheOrderInALargerWindow(t *testing.T) {
	r := openSignedRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 82, 29)
	d.unlock("0")
	d.keys("down", "enter", "down", "enter", "+", "enter", "c", "enter", "enter", "enter")
	d.expect("Order K01-000001")
	if strings.Contains(d.screen(), "No room for the QR") {
		t.Fatalf("at 82x29 the QR should fit beside the order:\n%s", d.screen())
	}
	grid, err := readQR(d.screen())
	if err != nil {
		t.Fatalf("%v:\n%s", err, d.screen())
	}
	ov, _, _ := r.Order("K01-000001")
	sameCode(t, grid, ov.Tickets[0].QR)

	// at 80x24 there is no room beside the order: the window is offered instead
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.expect("No room for the QR here:")

	// the full-screen QR says when even the whole window is too small, and
	// draws the code once the window grows
	d.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	d.keys("q")
	d.expect("Window too small for the QR (needs 43x22).\nAny key to go back.")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if grid, err = readQR(d.screen()); err != nil {
		t.Fatalf("%v:\n%s", err, d.screen())
	}
	sameCode(t, grid, ov.Tickets[0].QR)
	d.keys("enter") // closes the QR, does not start the next sale
	d.expect("Order K01-000001")
}

// TestTheDoneScreensTicketsMoveWithTheArrowsDownTheList: the sale's
// tickets are a list down the left with a cursor; at 80x24, where the QR
// (not the receipt) is beside them, ↓ and ↑ move the cursor and the QR
// named follows, as ←/→ do.
func TestTheDoneScreensTicketsMoveWithTheArrowsDownTheList(t *testing.T) {
	_, s := startCounter(t, "en")
	s.unlock("100")
	s.twoSeatsInCart()
	s.payCashExact("K01-000001")
	s.waitFor(">K01-000001-01", "QR of ticket K01-000001-01")
	s.keys("down")
	s.waitFor(">K01-000001-02", "QR of ticket K01-000001-02")
	s.keys("down") // the last: it stays
	s.keys("up")
	s.waitFor(">K01-000001-01", "QR of ticket K01-000001-01")
	s.keys("tab") // the receipt instead of the QR: ↓ scrolls it, as before
	s.waitFor(s.tr("done.receipt"))
	s.keys("down")
	s.keys("tab")
	s.waitFor(">K01-000001-01", "QR of ticket K01-000001-01")
}
