package sync

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	gosync "sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"guichet/local"
	"guichet/sync/api"
)

// Holder is what the escrow reads and writes of a register: *local.Register.
type Holder interface {
	Holdings() ([]local.Holding, error)
	RecordLeases(sent time.Time, leases []local.Lease) error
	Return(want map[string]int, expired bool) (map[string]int, error)
	SeatsUsed(perf, zone string, seats []string) (map[string]int, error)
	LeasesAndAllotments(resources []string) (map[string]int64, map[string]int, error)
}

// EscrowOptions configure an Escrow. Central and Token as the pusher's.
type EscrowOptions struct {
	Central  string
	Token    string
	Low      int           // ask for more of a resource when less than this is left (default 5)
	Batch    int           // how much to ask for (default 20); more than 2×Batch+Low left is returned down to Batch
	Interval time.Duration // between looks at the holdings (default 2 s)
	Client   *http.Client  // default: 10 s timeout
}

// Escrow keeps a register supplied with capacity from the central server:
// it asks for more of a resource when little is left (the low watermark),
// renews leases before they end, gives back a surplus, and, when the
// server cannot be reached, gives back what is left of leases that ended
// (journaled: the server grants it again once the entry reaches it).
type Escrow struct {
	h Holder
	o EscrowOptions

	// ask is one request at a time, so answers journal in order: a
	// channel, not a mutex, so that a till's ask waiting behind the
	// refill's (which may hang the client's 10 s on a network that
	// swallows packets) gives up at its own deadline; the refill's
	// request, and its pending ID, stay the refill's to finish.
	ask chan struct{}
	// spend is held while a till asks for what its cart lacks and adds it
	// (AskFor), and by Refill from its look at the holdings to its return
	// of a surplus: what was just granted for a cart is never given back
	// as surplus before the cart holds it. Taken before ask, never after.
	// A till waiting for it behind another till's ask and add gives up at
	// its own deadline (lockSpend).
	spend       gosync.Mutex
	pending     *api.GrantRequest // asked, answer not heard: asked again with the same ID; guarded by ask
	pendingSent time.Time         // when it was first sent: its leases run from then
	// unconfirmed: the resources the register gave back (what the server
	// asked back, or a surplus), and has not said so since (no request
	// naming them, with what the journal holds, has reached the server):
	// until it does, the server counts those places as held here and asks
	// the other registers to give them back too. confirm says it; what it
	// could not say (the server unreachable, a till's deadline, the
	// journal unreadable) waits for the next ask or look. Guarded by ask.
	unconfirmed map[string]bool
	maxAsks     int // resources in one request at most: api.MaxBatch (tests lower it)

	mu      gosync.Mutex
	free    map[string]int // what the box office had not granted, by resource, at the last answer
	online  bool
	lastErr string
	ttl     time.Duration // of the last answer
	expired int           // holdings whose lease ended, at the last look (Status)
	// gaveBack: the resources Refill gave back a surplus of (under spend,
	// not ask) and has not moved to unconfirmed yet: moved (takeGaveBack)
	// under ask with no request pending, as a request is sent anew or a
	// confirmation starts. Never while one is pending: its Held was read
	// before the give-back, and its answer would pass for saying it.
	gaveBack map[string]bool

	// renewAll makes the next Refill renew every holding, and renew wakes
	// Run for it (RenewNow): a new catalog may have lowered a capacity,
	// which the server answers with what to give back (and what is left
	// to grant) only when asked.
	renewAll atomic.Bool
	renew    chan struct{}
}

// NewEscrow makes an escrow for a register; nothing happens until Run or Refill.
func NewEscrow(h Holder, o EscrowOptions) *Escrow {
	if o.Low <= 0 {
		o.Low = 5
	}
	if o.Batch <= 0 {
		o.Batch = 20
	}
	if o.Interval <= 0 {
		o.Interval = 2 * time.Second
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 10 * time.Second}
	}
	o.Central = strings.TrimRight(o.Central, "/")
	return &Escrow{h: h, o: o, free: map[string]int{}, gaveBack: map[string]bool{}, unconfirmed: map[string]bool{}, maxAsks: api.MaxBatch,
		ask: make(chan struct{}, 1), renew: make(chan struct{}, 1)}
}

// RenewNow asks the server about every holding at the next look, and
// makes Run look now: the register applied a new catalog. A capacity it
// lowered leaves the registers holding more than there is; the server
// asks each to give back what it has not sold, but only when it asks,
// which an idle register with a fresh lease does half a lease later (5
// minutes by default), selling from the old grant meanwhile.
func (e *Escrow) RenewNow() {
	e.renewAll.Store(true)
	select {
	case e.renew <- struct{}{}:
	default: // a look is due already: it renews them all
	}
}

// lockSpend takes spend, or gives up when ctx ends first. A mutex, not a
// channel as ask is: a channel hands the lock to the refill waiting at
// each till's unlock, where a mutex lets a till that asks again at once
// go first, as it did when no one gave up.
func (e *Escrow) lockSpend(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.spend.TryLock() {
		return nil
	}
	if ctx.Done() == nil { // never ends: no goroutine needed
		e.spend.Lock()
		return nil
	}
	locked := make(chan struct{})
	go func() { e.spend.Lock(); close(locked) }()
	select {
	case <-locked:
		return nil
	case <-ctx.Done():
		// the lock, once it comes, is let go at once
		go func() { <-locked; e.spend.Unlock() }()
		return ctx.Err()
	}
}

func (e *Escrow) unlockSpend() { e.spend.Unlock() }

// Run refills until ctx ends.
func (e *Escrow) Run(ctx context.Context) error {
	failures := 0
	for {
		wait := e.o.Interval
		if err := e.Refill(ctx); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failures++
			wait = backoff(failures, e.o.Interval, 4*e.o.Interval)
		} else {
			failures = 0
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		case <-e.renew:
			t.Stop()
		}
	}
}

// EscrowStatus is the escrow as a status line tells it.
type EscrowStatus struct {
	Online  bool
	Error   string
	Expired int // resources whose lease ended: nothing new sells from them
}

// Status is the escrow as of its last look at the holdings (each Refill):
// it reads nothing of the register's file, so a status line drawn on every
// frame may ask.
func (e *Escrow) Status() EscrowStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	return EscrowStatus{Online: e.online, Error: e.lastErr, Expired: e.expired}
}

// keepExpired counts the holdings whose lease ended, for Status.
func (e *Escrow) keepExpired(hs []local.Holding) {
	n := 0
	for _, h := range hs {
		if h.Expired {
			n++
		}
	}
	e.mu.Lock()
	e.expired = n
	e.mu.Unlock()
}

// Online reports whether the last request reached the server.
func (e *Escrow) Online() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.online
}

// Free is what the box office has not granted to any register of a
// resource, as the server said last; ok is false when it never said.
func (e *Escrow) Free(resource string) (n int, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok = e.free[resource]
	return n, ok
}

// Refill looks at the holdings once: asks for what runs low or ends soon,
// returns a surplus; offline, returns what is left of ended leases.
//
// The surplus is given back under spend, its disk write too: written
// after spend is let go, it could land between a till's grant journaled
// and its add (the register counts the grant free until the cart holds
// it), or between a till's look at the holdings and its add. It is said
// to the server as a give-back it asked is (confirm): by this look's
// requests, or its confirmation when it asks nothing; until then the
// server counts those places as held here.
func (e *Escrow) Refill(ctx context.Context) error {
	if err := e.lockSpend(ctx); err != nil {
		return err
	}
	hs, err := e.h.Holdings()
	if err != nil {
		e.unlockSpend()
		return err
	}
	e.keepExpired(hs)
	e.mu.Lock()
	ttl := e.ttl
	e.mu.Unlock()
	all := e.renewAll.Swap(false)
	var asks []api.Ask
	surplus := map[string]int{}
	for _, h := range hs {
		switch {
		case h.Left < e.o.Low:
			asks = append(asks, api.Ask{Resource: h.Resource, Want: e.o.Batch, Sold: h.Used})
		case all || h.Expired || ttl == 0 || h.Remaining < ttl/2:
			asks = append(asks, api.Ask{Resource: h.Resource, Sold: h.Used})
		}
		if h.Left > 2*e.o.Batch+e.o.Low && !h.Expired {
			surplus[h.Resource] = h.Left - e.o.Batch
		}
	}
	if len(surplus) > 0 {
		gave, err := e.h.Return(surplus, false)
		if err != nil {
			e.unlockSpend()
			return err
		}
		e.noteGaveBack(gave)
	}
	e.unlockSpend()
	if len(asks) == 0 {
		return e.confirmLeft(ctx)
	}
	// A request asks for at most api.MaxBatch resources (a box office
	// with thousands of single-use codes has more): the rest go in the
	// next ones.
	for len(asks) > 0 {
		n := min(len(asks), e.maxAsks)
		if _, err := e.askNow(ctx, asks[:n]); err != nil {
			if all { // still owed: the next look that reaches the server renews them all
				e.renewAll.Store(true)
			}
			if _, rerr := e.h.Return(nil, true); rerr != nil {
				return rerr
			}
			return err
		}
		asks = asks[n:]
	}
	// Leases renewed: what Status says of them follows now, not a round later.
	if hs, err := e.h.Holdings(); err == nil {
		e.keepExpired(hs)
	}
	return nil
}

// AskSeats asks for seats of a seated zone now (the seller picked one, or
// looks at a block): the answer says which the server granted.
func (e *Escrow) AskSeats(ctx context.Context, perf, zone string, seats []string) (map[string]bool, error) {
	sold, err := e.h.SeatsUsed(perf, zone, seats)
	if err != nil {
		return nil, err
	}
	asks := make([]api.Ask, len(seats))
	for i, s := range seats {
		asks[i] = api.Ask{Resource: local.SeatResource(perf, zone, s), Want: 1, Sold: sold[s]}
	}
	ans, err := e.askNow(ctx, asks)
	if err != nil {
		return nil, err
	}
	got := map[string]bool{}
	for _, g := range ans.Grants {
		if g.Allot > 0 {
			got[g.Resource[len(local.SeatResource(perf, zone, "")):]] = true
		}
	}
	return got, nil
}

// Ask asks for want more of one resource now (a sale that needs more than
// the register holds): it returns what was added.
func (e *Escrow) Ask(ctx context.Context, resource string, want, sold int) (int, error) {
	ans, err := e.askNow(ctx, []api.Ask{{Resource: resource, Want: want, Sold: sold}})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, g := range ans.Grants {
		n += g.Add
	}
	return n, nil
}

// AskFor is, for a till adding to its cart more than the register
// holds (a party of 30 standing places, the background refill keeping
// 20 at most), one request for what need says it lacks, followed by add,
// which changes the cart; need reads the register's holdings and add
// changes the cart under the lock the refill's surplus return takes, so
// nothing is given back in between. Offline or refused, add runs all the
// same and its refusal says what is left; the error returned is add's.
// Another till's ask and add still under way at ctx's deadline (a network
// that swallows its answer), this till asks nothing and adds as offline,
// without the lock: it may take places the other's ask added, whose add
// then says what is left, as a till's does offline.
func (e *Escrow) AskFor(ctx context.Context, need func() []api.Ask, add func() error) error {
	if err := e.lockSpend(ctx); err != nil {
		return add()
	}
	defer e.unlockSpend()
	if asks := need(); len(asks) > 0 {
		_, _ = e.askNow(ctx, asks)
	}
	return add()
}

// askNow sends a grant request and journals the answer. A request whose
// answer was lost is sent again, with its ID, before any other: the
// server answers it without granting twice.
func (e *Escrow) askNow(ctx context.Context, asks []api.Ask) (api.GrantAnswer, error) {
	select {
	case e.ask <- struct{}{}:
	case <-ctx.Done():
		// Another request is still out (the refill's): nothing was sent
		// for this one, and the other keeps its pending ID.
		return api.GrantAnswer{}, fmt.Errorf("the central server has not answered the register's last request yet: %w", ctx.Err())
	}
	defer func() { <-e.ask }()
	if err := ctx.Err(); err != nil {
		// the lock came free as the deadline passed (select picks either):
		// a request sent now would fail at once and say the server is down
		return api.GrantAnswer{}, err
	}
	if e.pending != nil {
		if _, err := e.send(ctx, *e.pending, e.pendingSent); err != nil {
			return api.GrantAnswer{}, err
		}
	}
	ans, err := e.sendNew(ctx, asks)
	if err != nil {
		return ans, err
	}
	// Its failure is not this ask's: what is left to say waits for the
	// next (a request it left pending goes first then).
	_ = e.confirm(ctx)
	return ans, nil
}

// confirmLeft says, at a look with nothing to ask, what the register gave
// back and could not say yet (confirm): a register with fresh leases and
// enough left asks nothing for half a lease (5 minutes by default), and
// the others would be asked those places meanwhile. A request under way
// (a till's) confirms after it.
func (e *Escrow) confirmLeft(ctx context.Context) error {
	select {
	case e.ask <- struct{}{}:
	default:
		return nil
	}
	defer func() { <-e.ask }()
	if len(e.unconfirmed) == 0 && !e.hasGaveBack() {
		return nil
	}
	if e.pending != nil {
		if _, err := e.send(ctx, *e.pending, e.pendingSent); err != nil {
			return err
		}
	}
	return e.confirm(ctx)
}

// noteGaveBack keeps the resources Refill gave back a surplus of (gave:
// what went back, by resource), to be said (gaveBack).
func (e *Escrow) noteGaveBack(gave map[string]int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for res, n := range gave {
		if n > 0 {
			e.gaveBack[res] = true
		}
	}
}

func (e *Escrow) hasGaveBack() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.gaveBack) > 0
}

// takeGaveBack moves the surplus given back into unconfirmed, to be said
// with the give-backs the server asked. The caller holds e.ask; nothing
// moves while a request is pending (gaveBack).
func (e *Escrow) takeGaveBack() {
	if e.pending != nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for res := range e.gaveBack {
		e.unconfirmed[res] = true
	}
	clear(e.gaveBack)
}

// sendNew sends asks as a new request; the caller holds e.ask and no
// request is pending. Each ask names the last lease journaled of its
// resource: a server restored from an older backup waits for the journal
// before it answers an allotment the register would take for a taking
// back. It says what the journal holds of it (Held): what the server
// counts above that, the register gave back.
func (e *Escrow) sendNew(ctx context.Context, asks []api.Ask) (api.GrantAnswer, error) {
	// A surplus given back before the journal is read below: this request
	// says it of the resources it asks, confirm of the others.
	e.takeGaveBack()
	names := make([]string, len(asks))
	for i, a := range asks {
		names[i] = a.Resource
	}
	// one read of the register's file for both
	leases, held, err := e.h.LeasesAndAllotments(names)
	if err != nil {
		return api.GrantAnswer{}, err
	}
	asks = append([]api.Ask(nil), asks...)
	for i := range asks {
		asks[i].Lease = leases[asks[i].Resource]
		n := held[asks[i].Resource]
		asks[i].Held = &n
	}
	// NamesLeases: this ask is sent only now that the answer to the last
	// is journaled (or refused whole); a lease the server answered since
	// the one named was never journaled (the register was killed first),
	// and the server takes back what it added.
	req := api.GrantRequest{ID: uuid.NewString(), Asks: asks, NamesLeases: true}
	e.pending, e.pendingSent = &req, time.Now()
	return e.send(ctx, req, e.pendingSent)
}

// confirm tells the server at once what the register gave back of what
// it asked back, or as a surplus (e.unconfirmed, e.gaveBack): a renewal of
// those resources, saying what the journal holds now, in requests of at
// most api.MaxBatch. Until the return is pushed, the server knows only
// what it asked, not what the register could give (places in a cart or
// sold meanwhile stay), and nothing of a surplus; told, it asks the other
// registers for the rest of the excess only, not the whole of it again. The renewal may ask back more (places a cart let go since):
// given back, it is said again, a few rounds at most (each gives back at
// least a place). What is not said (the last round's, or a request that
// failed) is said at the next ask or look, never forgotten: the others
// meanwhile are asked too much at most, never too little. The caller
// holds e.ask.
func (e *Escrow) confirm(ctx context.Context) error {
	for range 3 {
		e.takeGaveBack()
		if len(e.unconfirmed) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		hs, err := e.h.Holdings()
		if err != nil {
			return err
		}
		var asks []api.Ask
		asked := map[string]bool{}
		for _, h := range hs {
			if e.unconfirmed[h.Resource] {
				asks = append(asks, api.Ask{Resource: h.Resource, Sold: h.Used})
				asked[h.Resource] = true
			}
		}
		for res := range e.unconfirmed {
			if !asked[res] {
				delete(e.unconfirmed, res) // no longer the register's to hold (gone from the catalog)
			}
		}
		for len(asks) > 0 {
			n := min(len(asks), e.maxAsks)
			if _, err := e.sendNew(ctx, asks[:n]); err != nil {
				return err
			}
			asks = asks[n:]
		}
	}
	return nil
}

// send posts req, first sent at sent (the leases' deadlines start then,
// before the server's), and records the answer; the caller holds e.ask.
// The server now knows what the journal held of each resource asked; what
// it asks back is given back at once, and is to be said (e.unconfirmed).
func (e *Escrow) send(ctx context.Context, req api.GrantRequest, sent time.Time) (api.GrantAnswer, error) {
	ans, back, err := e.post(ctx, req, sent)
	if err != nil {
		return ans, err
	}
	for _, a := range req.Asks {
		delete(e.unconfirmed, a.Resource)
	}
	if len(back) == 0 {
		return ans, nil
	}
	gave, err := e.h.Return(back, false)
	if err != nil {
		return ans, fmt.Errorf("give back what the central server asked back: %w", err)
	}
	for res, n := range gave {
		if n > 0 {
			e.unconfirmed[res] = true
		}
	}
	return ans, nil
}

// post posts req and records the answer: what the server asks back is
// returned as back.
func (e *Escrow) post(ctx context.Context, req api.GrantRequest, sent time.Time) (api.GrantAnswer, map[string]int, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return api.GrantAnswer{}, nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, e.o.Central+"/v1/grants", bytes.NewReader(body))
	if err != nil {
		return api.GrantAnswer{}, nil, err
	}
	hr.Header.Set("Authorization", "Bearer "+e.o.Token)
	hr.Header.Set("Content-Type", "application/json")
	fail := func(err error) (api.GrantAnswer, map[string]int, error) {
		if ctx.Err() != nil {
			// the asker's own deadline (a till's 2 s), not the server's
			// silence: the register stays online for the other tills, and
			// the request, pending, is sent again first at the next ask
			return api.GrantAnswer{}, nil, err
		}
		e.mu.Lock()
		e.online, e.lastErr = false, err.Error()
		e.mu.Unlock()
		return api.GrantAnswer{}, nil, err
	}
	resp, err := e.o.Client.Do(hr)
	if err != nil {
		return fail(fmt.Errorf("the central server does not answer: %w", err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fail(fmt.Errorf("the central server's answer was cut: %w", err))
	}
	if resp.StatusCode != http.StatusOK {
		var eb api.ErrorBody
		msg := resp.Status
		if json.Unmarshal(data, &eb) == nil && eb.Error != "" {
			msg = eb.Error
		}
		if resp.StatusCode == http.StatusBadRequest {
			e.pending = nil // refused whole: nothing was granted
			// nor would the same be, asked again: what it was to say of a
			// give-back, the server learns from the push
			for _, a := range req.Asks {
				delete(e.unconfirmed, a.Resource)
			}
		}
		return fail(errors.New("the central server granted nothing: " + msg))
	}
	var ans api.GrantAnswer
	if err := json.Unmarshal(data, &ans); err != nil {
		return fail(fmt.Errorf("the central server's answer is not a grant"))
	}
	ttl := time.Duration(ans.TTLMillis) * time.Millisecond
	leases := make([]local.Lease, 0, len(ans.Grants))
	for _, g := range ans.Grants {
		if g.Unlimited {
			continue
		}
		leases = append(leases, local.Lease{Resource: g.Resource, Add: g.Add, TTL: ttl, Allot: g.Allot, ID: g.Lease})
	}
	if err := e.h.RecordLeases(sent, leases); err != nil {
		// Not journaled: the server counts it for this register, which
		// never sells it (safe); asked again, the same answer is journaled.
		// Killed before, the register's next request names its older
		// lease, and the server takes back what this answer added.
		return api.GrantAnswer{}, nil, fmt.Errorf("record the grant: %w", err)
	}
	e.pending = nil
	e.mu.Lock()
	for _, g := range ans.Grants {
		if !g.Unlimited {
			e.free[g.Resource] = g.Free
		}
	}
	e.online, e.lastErr, e.ttl = true, "", ttl
	e.mu.Unlock()
	// What the server asks back (the box office lowered a capacity below
	// what it granted) goes back now (send), at most what is not sold or
	// in a cart: the server counts it once the return is pushed.
	back := map[string]int{}
	for _, g := range ans.Grants {
		if g.Back > 0 && !g.Unlimited {
			back[g.Resource] = g.Back
		}
	}
	return ans, back, nil
}
