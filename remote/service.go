package remote

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"guichet/pos"
	"guichet/tui"
)

// ErrStopping refuses a write asked after the server began to stop: the
// commits under way finish, nothing new starts.
var ErrStopping = errors.New("the register is stopping: this was not recorded; do it again once the register is back")

// Shared is the register's service as every till of the process sees it
// (each SSH session and the console): it pushes every change to the open
// tills (tui.Changes) so a seat taken in one shows as held in the others
// at once, with no till polling; and on Stop it lets the commits under
// way finish and refuses new ones.
//
// It wraps any tui.Service; the register service (counter) is where this
// belongs in the end.
type Shared struct {
	tui.Service
	holdFor time.Duration

	expired atomic.Uint64 // holds that ran out: Version moves for them too
	last    atomic.Uint64 // the Version last pushed

	mu   sync.Mutex
	subs map[chan struct{}]struct{}

	gate     sync.Mutex
	inflight int
	stopping bool
	drained  chan struct{} // closed when stopping and nothing is in flight
}

// NewShared wraps the process's one service. holdFor is how long a cart
// holds its seats after its last change (the register's HoldFor): the
// tills are told when a hold runs out.
func NewShared(svc tui.Service, holdFor time.Duration) *Shared {
	return &Shared{Service: svc, holdFor: holdFor, subs: map[chan struct{}]struct{}{}}
}

// Changes subscribes to the service's changes (see tui.Changes). The
// channel holds one pending signal at most: a slow till misses nothing, it
// reads the newest state once.
func (s *Shared) Changes() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.subs, ch)
			s.mu.Unlock()
			close(ch)
		})
	}
}

// Version moves on every commit and change of holds, and when a hold runs out.
func (s *Shared) Version() uint64 { return s.Service.Version() + s.expired.Load() }

// changed tells every subscriber when the version moved since last told.
func (s *Shared) changed() {
	v := s.Version()
	if s.last.Swap(v) == v {
		return
	}
	s.push()
}

func (s *Shared) push() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default: // one is pending: the till will read the newest state
		}
	}
}

// enter admits a write unless the service is stopping.
func (s *Shared) enter() error {
	s.gate.Lock()
	defer s.gate.Unlock()
	if s.stopping {
		return ErrStopping
	}
	s.inflight++
	return nil
}

func (s *Shared) leave() {
	s.gate.Lock()
	s.inflight--
	if s.stopping && s.inflight == 0 {
		close(s.drained)
	}
	s.gate.Unlock()
	s.changed()
}

// Stop refuses new writes and waits until the ones under way are durable
// (or ctx ends).
func (s *Shared) Stop(ctx context.Context) error {
	s.gate.Lock()
	if !s.stopping {
		s.stopping = true
		s.drained = make(chan struct{})
		if s.inflight == 0 {
			close(s.drained)
		}
	}
	drained := s.drained
	s.gate.Unlock()
	select {
	case <-drained:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Unlock opens a till whose every change is pushed to the others.
func (s *Shared) Unlock(staffID, pin string) (tui.Till, error) {
	t, err := s.Service.Unlock(staffID, pin)
	if err != nil {
		return nil, err
	}
	return &sharedTill{Till: t, s: s}, nil
}

// SeatMap asks the service with its own till, not the wrapper.
func (s *Shared) SeatMap(perf, zone string, t tui.Till) map[string]tui.SeatState {
	if st, ok := t.(*sharedTill); ok {
		t = st.Till
	}
	return s.Service.SeatMap(perf, zone, t)
}

func (s *Shared) SaveCustomer(staffID string, c pos.Customer) (pos.Customer, error) {
	if err := s.enter(); err != nil {
		return pos.Customer{}, err
	}
	defer s.leave()
	return s.Service.SaveCustomer(staffID, c)
}

// TicketQRs passes on the service's signed payloads, when it has them.
func (s *Shared) TicketQRs(order string) map[string]string {
	if src, ok := s.Service.(interface {
		TicketQRs(string) map[string]string
	}); ok {
		return src.TicketQRs(order)
	}
	return nil
}

// sharedTill is a till of the shared service: every change it makes is
// pushed to the other tills, and when its holds run out (holdFor after its
// last change) the others are told too.
type sharedTill struct {
	tui.Till
	s *Shared

	mu     sync.Mutex
	expiry *time.Timer
}

// held is called after every call that may change what the till holds.
func (t *sharedTill) held() {
	t.mu.Lock()
	if t.expiry == nil {
		t.expiry = time.AfterFunc(t.s.holdFor+time.Second, func() {
			t.s.expired.Add(1)
			t.s.changed()
		})
	} else {
		t.expiry.Reset(t.s.holdFor + time.Second)
	}
	t.mu.Unlock()
	t.s.changed()
}

func (t *sharedTill) Close() error {
	t.mu.Lock()
	if t.expiry != nil {
		t.expiry.Stop()
	}
	t.mu.Unlock()
	err := t.Till.Close()
	t.s.changed()
	return err
}

func (t *sharedTill) AddSeats(perf, zone, category string, seats ...string) error {
	defer t.held()
	return t.Till.AddSeats(perf, zone, category, seats...)
}

func (t *sharedTill) AddTickets(perf, zone, category string, qty int) error {
	defer t.held()
	return t.Till.AddTickets(perf, zone, category, qty)
}

func (t *sharedTill) AddItem(kind, item string, qty int) error {
	defer t.held()
	return t.Till.AddItem(kind, item, qty)
}

func (t *sharedTill) SetQuantity(line, qty int) error {
	defer t.held()
	return t.Till.SetQuantity(line, qty)
}

func (t *sharedTill) SetCategory(line int, category string) error {
	defer t.held()
	return t.Till.SetCategory(line, category)
}

func (t *sharedTill) RemoveLine(line int) error {
	defer t.held()
	return t.Till.RemoveLine(line)
}

func (t *sharedTill) SetAnswers(line int, answers map[string]string) error {
	defer t.held()
	return t.Till.SetAnswers(line, answers)
}

func (t *sharedTill) SetCustomText(line int, text string) error {
	defer t.held()
	return t.Till.SetCustomText(line, text)
}

func (t *sharedTill) ApplyCode(code string) (pos.PricedCart, error) {
	defer t.held()
	return t.Till.ApplyCode(code)
}

func (t *sharedTill) RemoveCode() error {
	defer t.held()
	return t.Till.RemoveCode()
}

func (t *sharedTill) SetCustomer(id string) error {
	defer t.held()
	return t.Till.SetCustomer(id)
}

func (t *sharedTill) ClearCart() error {
	defer t.held()
	return t.Till.ClearCart()
}

// The writes: admitted unless stopping, and waited for by Stop.

func (t *sharedTill) OpenShift(float pos.Money) (tui.Shift, error) {
	if err := t.s.enter(); err != nil {
		return tui.Shift{}, err
	}
	defer t.s.leave()
	return t.Till.OpenShift(float)
}

func (t *sharedTill) Checkout(tenders []pos.Tender) (pos.Order, error) {
	if err := t.s.enter(); err != nil {
		return pos.Order{}, err
	}
	defer t.s.leave()
	return t.Till.Checkout(tenders)
}

func (t *sharedTill) ValidatePayment(order string) error {
	if err := t.s.enter(); err != nil {
		return err
	}
	defer t.s.leave()
	return t.Till.ValidatePayment(order)
}

func (t *sharedTill) Cancel(order, reason string) error {
	if err := t.s.enter(); err != nil {
		return err
	}
	defer t.s.leave()
	return t.Till.Cancel(order, reason)
}

func (t *sharedTill) Reprint(ticket string) error {
	if err := t.s.enter(); err != nil {
		return err
	}
	defer t.s.leave()
	return t.Till.Reprint(ticket)
}

func (t *sharedTill) Exchange(ref string, tickets []string) (pos.Money, error) {
	if err := t.s.enter(); err != nil {
		return pos.Money{}, err
	}
	defer t.s.leave()
	return t.Till.Exchange(ref, tickets)
}

func (t *sharedTill) CashMove(amount pos.Money, reason string) error {
	if err := t.s.enter(); err != nil {
		return err
	}
	defer t.s.leave()
	return t.Till.CashMove(amount, reason)
}

func (t *sharedTill) CloseShift(counted pos.Money) (tui.Report, error) {
	if err := t.s.enter(); err != nil {
		return tui.Report{}, err
	}
	defer t.s.leave()
	return t.Till.CloseShift(counted)
}
