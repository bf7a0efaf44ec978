package counter

import (
	"context"
	"strconv"
	"strings"
	"time"

	"guichet/local"
	"guichet/pos"
	"guichet/sync/api"
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

// AddTickets adds general-admission places as local's AddTickets does. In
// escrow and online, what the register lacks of them is asked for first
// (askFor): the background refill keeps about a batch (20), and a party of
// 30 standing places was refused though the box office had hundreds.
// Offline it sells what it holds, and the refusal says how many are left.
func (t *Till) AddTickets(perf, zone, category string, qty int) error {
	return t.askFor(t.s.placesResource(perf, zone), qty, func() error {
		return t.Till.AddTickets(perf, zone, category, qty)
	})
}

// AddTicketCounts adds places of several categories as local's
// AddTicketCounts does, asked for first in escrow as AddTickets.
func (t *Till) AddTicketCounts(perf, zone string, counts []local.TicketCount) error {
	n := 0
	for _, c := range counts {
		n += max(c.Quantity, 0)
	}
	return t.askFor(t.s.placesResource(perf, zone), n, func() error {
		return t.Till.AddTicketCounts(perf, zone, counts)
	})
}

// AddItem adds a pass, a gift voucher or a product as local's AddItem
// does; a pass of limited capacity is asked for first in escrow as
// places are (AddTickets).
func (t *Till) AddItem(kind, item string, qty int) error {
	res := ""
	if kind == pos.LinePass {
		res = t.s.passResource(item)
	}
	return t.askFor(res, qty, func() error { return t.Till.AddItem(kind, item, qty) })
}

// SetQuantity changes a line's quantity as local's SetQuantity does; more
// places or passes than the line had are asked for first in escrow as
// AddTickets does.
func (t *Till) SetQuantity(line, qty int) error {
	res, more := "", 0
	if c := t.Till.Cart(); line >= 0 && line < len(c.Lines) {
		l := c.Lines[line]
		switch {
		case l.Kind == pos.LineTicket && l.Seat == "":
			res = t.s.placesResource(l.Performance, l.Zone)
		case l.Kind == pos.LinePass:
			res = t.s.passResource(l.Item)
		}
		more = qty - l.Quantity
	}
	return t.askFor(res, more, func() error { return t.Till.SetQuantity(line, qty) })
}

// askFor runs add, the cart's change taking n more of resource res (""
// none the server grants); in escrow and online, when the register holds
// fewer than n beside the carts, it asks the server for the rest first:
// granted, the change goes through; refused or unanswered, the change's
// own refusal says what is left.
func (t *Till) askFor(res string, n int, add func() error) error {
	s := t.s
	if res == "" || n <= 0 || s.escrow == nil || !s.escrowOnline() {
		return add()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.escrow.AskFor(ctx, func() []api.Ask {
		h, err := s.reg.Holding(res)
		if err != nil || h.Left >= n {
			return nil
		}
		return []api.Ask{{Resource: res, Want: n - h.Left, Sold: h.Used}}
	}, add)
}

// placesResource is the escrow's name of a free-placement zone's places
// ("" for a seated zone, asked for seat by seat, or one not in the
// catalog).
func (s *Service) placesResource(perf, zone string) string {
	p, ok := s.Catalog().PerformanceByID(perf)
	if !ok {
		return ""
	}
	z, ok := s.Catalog().ZoneOf(p, zone)
	if !ok || z.Seated() {
		return ""
	}
	return local.ZoneResource(perf, zone)
}

// passResource is the escrow's name of a pass of limited capacity ("" for
// one without a limit).
func (s *Service) passResource(pass string) string {
	if p, ok := s.Catalog().PassByID(pass); ok && p.Capacity > 0 {
		return local.PassResource(pass)
	}
	return ""
}

// SetCart replaces the cart as a whole as local's SetCart does (a cart a
// script sends: `guichet order place`; a kiosk's charge settled). In
// escrow and online, what the new cart needs beyond what the register
// holds is asked for first: each free-placement zone's places and limited
// pass beside the current cart's (which the new cart replaces), and its
// seats the register does not hold. A script's order of 30 standing places
// was refused at the refill's 20 though the box office had hundreds.
// Offline, refused or unanswered, SetCart's own refusal says what is left.
func (t *Till) SetCart(c pos.Cart) error {
	s := t.s
	if s.escrow == nil || !s.escrowOnline() {
		return t.Till.SetCart(c)
	}
	s.renewCartSeats(c) // a seat the register holds is not asked for
	res, want := s.cartNeeds(c)
	_, had := s.cartNeeds(t.Till.Cart())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	// every resource the cart lacks in one request, as askFor asks one
	return s.escrow.AskFor(ctx, func() []api.Ask {
		var asks []api.Ask
		for _, r := range res {
			h, err := s.reg.Holding(r)
			if err != nil {
				continue
			}
			if more := want[r] - had[r] - h.Left; more > 0 {
				asks = append(asks, api.Ask{Resource: r, Want: more, Sold: h.Used})
			}
		}
		return asks
	}, func() error { return t.Till.SetCart(c) })
}

// cartNeeds counts, per escrow resource, the zone places (without a seat)
// and limited passes cart holds; res lists them in the cart's order.
func (s *Service) cartNeeds(c pos.Cart) (res []string, n map[string]int) {
	n = map[string]int{}
	for _, l := range c.Lines {
		r := ""
		switch {
		case l.Kind == pos.LineTicket && l.Seat == "":
			r = s.placesResource(l.Performance, l.Zone)
		case l.Kind == pos.LinePass:
			r = s.passResource(l.Item)
		}
		if r == "" || l.Quantity <= 0 {
			continue
		}
		if _, ok := n[r]; !ok {
			res = append(res, r)
		}
		n[r] += l.Quantity
	}
	return res, n
}
