package counter

import (
	"context"
	"strconv"
	"strings"
	"time"

	"guichet/pos"
)

// seatsElsewhere marks, in escrow and offline, the seats this register
// does not hold: only those it holds can sell until it is back online.
// Online, a free seat it does not hold is asked for when picked (AddSeats).
func (s *Service) seatsElsewhere(perf, zone string, m map[string]SeatState) error {
	if s.escrow == nil || s.escrowOnline() {
		return nil
	}
	p, ok := s.Catalog().PerformanceByID(perf)
	if !ok {
		return nil
	}
	z, ok := s.Catalog().ZoneOf(p, zone)
	if !ok {
		return nil
	}
	held, err := s.reg.HeldSeats(perf, zone)
	if err != nil {
		return err
	}
	for _, row := range z.Rows {
		for _, n := range row.SeatNumbers() {
			if id := pos.SeatID(row.Name, n); m[id] == 0 && !held[id] {
				m[id] = SeatElsewhere
			}
		}
	}
	return nil
}

// AddSeats adds seats to the cart as local's AddSeats does. In escrow,
// seats this register does not hold are asked for first, with a block of
// free seats beside them in their row (the seller's next pick is likely
// there); offline, or refused, the cart says which seat another register
// holds.
func (t *Till) AddSeats(perf, zone, category string, seats ...string) error {
	if t.s.escrow != nil && t.s.escrowOnline() {
		t.s.askSeats(perf, zone, seats)
	}
	return t.Till.AddSeats(perf, zone, category, seats...)
}

// ToggleSeat takes a seat into the cart or gives it back, as local's
// ToggleSeat does; in escrow, a seat taken is asked for first as in
// AddSeats (one the register holds already, such as a seat in the cart,
// is not).
func (t *Till) ToggleSeat(perf, zone, category, seat string) (bool, error) {
	if t.s.escrow != nil && t.s.escrowOnline() {
		t.s.askSeats(perf, zone, []string{seat})
	}
	return t.Till.ToggleSeat(perf, zone, category, seat)
}

// escrowOnline: the escrow's last request and the pusher's last exchange
// (every few seconds) both reached the server.
func (s *Service) escrowOnline() bool { return s.escrow.Online() && s.Sync().Online }

// seatBlock is how many seats on each side of a picked one are asked for.
const seatBlock = 2

func (s *Service) askSeats(perf, zone string, seats []string) {
	held, err := s.reg.HeldSeats(perf, zone)
	if err != nil {
		return
	}
	taken, err := s.reg.SeatMap(perf, zone, nil)
	if err != nil {
		return
	}
	var want []string
	seen := map[string]bool{}
	for _, id := range seats {
		if held[id] {
			continue
		}
		row, n := splitSeat(id)
		for d := -seatBlock; d <= seatBlock; d++ {
			x := id
			if d != 0 {
				if n+d < 1 {
					continue
				}
				x = pos.SeatID(row, n+d)
				if taken[x] != 0 || held[x] {
					continue
				}
			}
			if !seen[x] {
				seen[x] = true
				want = append(want, x)
			}
		}
	}
	if len(want) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, _ = s.escrow.AskSeats(ctx, perf, zone, want) // offline or refused: the cart says why
}

// renewCartSeats asks again for the seats of cart whose lease is over,
// before the sale, online: a cart holds its seats longer (local's HoldFor,
// 20 minutes) than a grant lasts (guichetd's --grant-ttl, 10), and a seat
// picked early, or granted with an earlier pick beside it, was refused at
// the payment as if the register were offline. A seat nobody else took is
// granted again; offline or refused, the sale says why.
func (s *Service) renewCartSeats(cart pos.Cart) {
	type zone struct{ perf, zone string }
	var zones []zone
	seats := map[zone][]string{}
	for _, l := range cart.Lines {
		if l.Kind != pos.LineTicket || l.Seat == "" {
			continue
		}
		z := zone{l.Performance, l.Zone}
		if seats[z] == nil {
			zones = append(zones, z)
		}
		seats[z] = append(seats[z], l.Seat)
	}
	for _, z := range zones {
		held, err := s.reg.HeldSeats(z.perf, z.zone)
		if err != nil {
			return
		}
		var over []string
		for _, id := range seats[z] {
			if !held[id] {
				over = append(over, id)
			}
		}
		if len(over) == 0 {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, _ = s.escrow.AskSeats(ctx, z.perf, z.zone, over)
		cancel()
	}
}

// splitSeat is a seat id's row and number ("C-12": "C", 12).
func splitSeat(id string) (string, int) {
	i := strings.LastIndex(id, "-")
	if i < 0 {
		return id, 0
	}
	n, _ := strconv.Atoi(id[i+1:])
	return id[:i], n
}
