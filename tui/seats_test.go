package tui

import (
	"strings"
	"testing"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/pos"
)

// stallsPlan is the seat plan of tonight's Hamlet in the stalls (A-1 and
// A-24 blocked in the hall, B-12 and B-13 for this performance), at 80x20,
// before its seat map came.
func stallsPlan(t *testing.T) *seatScreen {
	t.Helper()
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := cat.PerformanceByID("hamlet-00")
	z, ok := cat.ZoneOf(p, "parterre")
	if !ok {
		t.Fatal("no stalls for hamlet-00")
	}
	s := newSeats(&common{cat: cat, lang: "en", st: newStyles(), sale: &sale{}}, p, z)
	s.SetSize(80, 20)
	return s
}

// TestSeatCursorStartsOnTheFirstFreeSeat: the plan opens with the cursor on
// the first seat that can be chosen, row by row and left to right: not on
// a blocked seat before the seat map comes, and not on a sold or held one
// once it came.
func TestSeatCursorStartsOnTheFirstFreeSeat(t *testing.T) {
	sold := func(seats ...string) seatMapMsg {
		m := seatMapMsg{}
		for _, id := range seats {
			m[id] = SeatSold
		}
		return m
	}
	rowA := sold()
	for n := 2; n <= 23; n++ {
		rowA[pos.SeatID("A", n)] = SeatHeldByOther
	}
	for _, tc := range []struct {
		name string
		msg  seatMapMsg // nil: no seat map yet
		want string
	}{
		{"before the seat map: A-1 is blocked", nil, "A-2"},
		{"nothing taken", seatMapMsg{}, "A-2"},
		{"sold, held, elsewhere", seatMapMsg{"A-2": SeatSold, "A-3": SeatHeldByOther, "A-4": SeatElsewhere, "A-5": SeatHeldByMe}, "A-6"},
		{"row A taken: row B from its left", rowA, "B-1"},
	} {
		s := stallsPlan(t)
		if tc.msg != nil {
			s.Update(tc.msg)
		}
		if got := s.seat(); got != tc.want {
			t.Errorf("%s: the cursor starts on %s, want %s", tc.name, got, tc.want)
		}
		if st := s.eff[s.seat()]; st != SeatFree {
			t.Errorf("%s: the cursor starts on %s, which is %s", tc.name, s.seat(), s.stateName(st))
		}
		if view := s.View(); !strings.Contains(view, pos.SeatLabel(tc.want, "en")+" · free") {
			t.Errorf("%s: the plan does not say the cursor is on %s, free:\n%s", tc.name, tc.want, view)
		}
	}
}

// TestSeatCursorStaysWhereTheSellerPutIt: only the first seat map places
// the cursor, and not after a key: a seat taken later, or a map that comes
// after the seller moved, does not move it under the seller's hand.
func TestSeatCursorStaysWhereTheSellerPutIt(t *testing.T) {
	s := stallsPlan(t)
	s.key(keyMsg("right")) // A-3, typed before the seat map came
	s.Update(seatMapMsg{"A-2": SeatSold})
	if got := s.seat(); got != "A-3" {
		t.Fatalf("a seat map that came after a key moved the cursor to %s, want A-3", got)
	}

	s = stallsPlan(t)
	s.Update(seatMapMsg{"A-2": SeatSold})
	s.Update(seatMapMsg{"A-2": SeatSold, "A-3": SeatHeldByOther})
	if got := s.seat(); got != "A-3" {
		t.Fatalf("a second seat map moved the cursor to %s, want A-3 (where the first put it)", got)
	}
}

// TestSeatCursorOnAFullPlanStaysOnTheFirstSeat: with no seat free the
// cursor starts on the plan's first seat, as it always did.
func TestSeatCursorOnAFullPlanStaysOnTheFirstSeat(t *testing.T) {
	cat, p, z := hallOf(t, []any{map[string]any{"name": "A", "seats": 3, "blocked": []int{1}}, map[string]any{"name": "B", "seats": 2}})
	s := newSeats(&common{cat: cat, lang: "en", st: newStyles(), sale: &sale{}}, p, z)
	s.SetSize(80, 20)
	s.Update(seatMapMsg{"A-2": counter.SeatSold, "A-3": counter.SeatHeldByOther, "B-1": counter.SeatSold, "B-2": counter.SeatElsewhere})
	if got := s.seat(); got != "A-1" {
		t.Fatalf("on a full plan the cursor starts on %s, want A-1", got)
	}
	if view := s.View(); !strings.Contains(view, "Row A, seat 1 · not for sale") {
		t.Fatalf("the full plan:\n%s", view)
	}
}

// TestTheCounterOpensThePlanOnTheFirstFreeSeat: through the register, seats
// another till holds are passed over.
func TestTheCounterOpensThePlanOnTheFirstFreeSeat(t *testing.T) {
	r := openRegister(t)
	other, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := other.AddSeats("hamlet-00", "parterre", "adult", "A-2", "A-3"); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, newTestApp(r, "en"), 100, 30)
	d.unlock("")
	d.keys("down", "enter", "enter") // tonight's Hamlet, the stalls
	d.expect("Row A, seat 4 · free")
	d.keys("space")
	if pc, err := d.app.Till().Priced(); err != nil || len(pc.Lines) != 1 || pc.Lines[0].Seat != "A-4" {
		t.Fatalf("the seat key on the plan as it opened took %+v (%v), want A-4", pc.Lines, err)
	}
}

// TestThePlanForgetsASeatTakenOffInTheCart: a seat taken on the plan,
// then removed in the cart, still showed as in the cart back on the plan
// ("@", "1 seat in the cart") until the next key there: the plan reads
// the cart again when it is in front again.
func TestThePlanForgetsASeatTakenOffInTheCart(t *testing.T) {
	r := openRegister(t)
	d := newDriver(t, newTestApp(r, "en"), 100, 30)
	d.unlock("")
	d.keys("down", "enter", "enter") // tonight's Hamlet, the stalls
	d.expect("Row A, seat 2 · free")
	d.keys("space")
	d.expect("1 seat in the cart")
	d.keys("c")
	d.expect("Row A, seat 2")
	d.keys("x")
	d.expect("The cart is empty.")
	d.keys("esc")
	d.expect("Row A, seat 2 · free")
	if s := d.screen(); !strings.Contains(s, "0 seats in the cart") {
		t.Fatalf("back on the plan after the seat was taken off in the cart:\n%s", s)
	}
}
