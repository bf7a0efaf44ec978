package local

import (
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Till is one staff member's screen: the local console is one, each SSH
// session another. Its cart lives in memory (nothing is journaled before
// Checkout); the seats and quota in it are held register-wide until
// HoldFor after the last change or key (KeepHolds), so no other till can
// take them.
type Till struct {
	r     *Register
	staff *pos.Staff // as unlocked; its ID names the till's shift and entries
	// who is the member of staff and what they may sell now: a catalog
	// swap changes their role or profile (SetCatalog) under a till that
	// stays open.
	who atomic.Pointer[tillWho]

	// Guarded by r.mu.
	cart      pos.Cart
	cartVer   uint64
	holdUntil time.Time
	keep      time.Duration // longer than HoldFor: how long the cart holds (KeepHolds)
	priced    *pricedCache
	credit    *exchangeCredit
	// closed is set under r.mu (Close, a catalog that drops the staff
	// member) and read there too, except by the commands' transactions,
	// which the committer runs without r.mu (shiftFor): hence atomic.
	closed atomic.Bool
	lang   pos.Lang // the staff member's language; "" is the catalog's first

	lastVoucher  CreditVoucher // made by the last Checkout
	lastCanceled Cancellation  // given back by the last CancelPart

	// selling is the cart whose sale is being committed (nil: none): it
	// keeps holding its seats and places, whatever the till does meanwhile,
	// until the sale is durable and they are sold in the file. soldIn is
	// the commit attempt (committer.attempt) whose transaction holds the
	// sale: the writes after it in that transaction see it sold, not held.
	selling      *pos.Cart
	sellingHolds bool // its hold ran when Checkout began (else it holds nothing)
	soldIn       uint64
}

type tillWho struct {
	staff  *pos.Staff
	seller pos.Seller
}

func newTill(r *Register, s *pos.Staff, seller pos.Seller) *Till {
	t := &Till{r: r, staff: s}
	t.who.Store(&tillWho{s, seller})
	return t
}

type pricedCache struct {
	ver uint64
	pc  pos.PricedCart
	err error
}

// givingBack is what the till's exchange credit gives back when its sale
// is recorded: the seats (seat key -> the ticket that holds it) and the
// places by sold key. Called with r.mu held; nil maps without a credit
// (a sale's checks allocate nothing for it).
func (t *Till) givingBack() (seats map[string]string, places map[string]int) {
	if t == nil || t.credit == nil {
		return nil, nil
	}
	seats, places = map[string]string{}, map[string]int{}
	for _, tk := range t.credit.tickets {
		switch tk.Kind {
		case pos.LineTicket:
			places[string(key(tk.Performance, tk.Zone))]++
			if tk.Seat != "" {
				seats[string(key(tk.Performance, tk.Zone, tk.Seat))] = tk.Number
			}
		case pos.LinePass:
			places[string(key("pass", tk.Item))]++
		}
	}
	return seats, places
}

// exchangeCredit is returned tickets waiting to pay the till's next order.
type exchangeCredit struct {
	ref     string // the order number or e-mail typed ("": every ticket scanned)
	tickets []pos.Ticket
	// given is how each ticket was given: its number, or the code
	// scanned from it (a payment request replays them as given)
	given  []string
	amount pos.Money // what the tickets were paid, less the fee
	fee    pos.Money // exchange fees kept
}

// Unlock opens a till for a member of staff (UnlockAt the register
// itself).
func (r *Register) Unlock(staffID, pin string) (*Till, error) {
	return r.UnlockAt(staffID, pin, "")
}

// UnlockAt opens a till for a member of staff at a named till (the
// register's id and its session, journaled with a wrong PIN). Too many
// wrong PINs in a row give a *PINWaitError (pins.go). A refusal is also
// written in the event log.
func (r *Register) UnlockAt(staffID, pin, till string) (*Till, error) {
	s, err := r.checkPINLogged(staffID, pin, till)
	if err != nil {
		return nil, err
	}
	seller, _ := r.cat().SellerFor(staffID)
	t := newTill(r, s, seller)
	r.mu.Lock()
	r.tills[t] = struct{}{}
	r.mu.Unlock()
	return t, nil
}

// CheckPINAt checks a member of staff's PIN as UnlockAt does (wrong PINs
// in a row journaled, and after PINTries the next try waits: a
// *PINWaitError), without opening a till: the PIN that resumes a till
// locked while it stayed open (an idle SSH session).
func (r *Register) CheckPINAt(staffID, pin, till string) error {
	_, err := r.checkPINLogged(staffID, pin, till)
	return err
}

// checkPINLogged is checkPIN, a refusal also logged as a failed unlock.
func (r *Register) checkPINLogged(staffID, pin, till string) (*pos.Staff, error) {
	s, err := r.checkPIN(staffID, pin, till)
	if err != nil {
		r.logPINRefused(staffID, err)
		return nil, err
	}
	return s, nil
}

// RecordRefusedUnlock records a command-line tool's refused unlock as a
// till's is (a wrong PIN counted in the journal and in the event log, a
// wait in the event log) and nothing else: the tool found the refusal on
// the file read-only, and a register.started and register.stopped around
// it read as a session to an auditor; a start's entries (the catalog's
// capacity granted, the days' closures) wait for the register's next
// start. A pin.failed after midnight closes the days before it, as any
// entry does. It returns the refusal (nil if the
// PIN is right after all). The file is opened for writing meanwhile: a
// register that holds it gives a *LockedError.
func RecordRefusedUnlock(o Options, staffID, pin string) error {
	o.ReadOnly, o.noSession = false, true
	r, err := Open(o)
	if err != nil {
		return err
	}
	defer r.Close()
	t, err := r.Unlock(staffID, pin)
	if err == nil {
		t.Close()
	}
	return err
}

// logPINRefused writes a wrong PIN or a wait in the event log.
func (r *Register) logPINRefused(staffID string, err error) {
	var wait *PINWaitError
	if (errors.Is(err, ErrWrongPIN) || errors.As(err, &wait)) && !r.readOnly {
		_ = r.write(func(tx *bolt.Tx) error {
			return logEventAs(tx, r.id, staffID, r.now(), EventUnlockFailed, eventPayload{Detail: err.Error()})
		})
	}
}

// Close locks the till: its cart is dropped and its holds released.
func (t *Till) Close() {
	t.r.mu.Lock()
	if t.selling == nil {
		delete(t.r.tills, t)
	} // else its sale keeps its holds until committed, then Checkout forgets the till
	t.closed.Store(true)
	t.cart, t.credit = pos.Cart{}, nil
	t.r.mu.Unlock()
	t.r.changed()
}

// Staff is who is selling at this till.
func (t *Till) Staff() *pos.Staff { return t.who.Load().staff }

// Seller is the staff member with their profile, as pricing sees them.
func (t *Till) Seller() pos.Seller { return t.who.Load().seller }

// Shift is the staff member's open shift: it outlives the till, so
// unlocking again (or from another screen) finds it.
// ok is false when the staff member has no open shift.
func (t *Till) Shift() (sh Shift, ok bool, err error) {
	err = t.r.read(func(tx *bolt.Tx) error {
		sh, ok, err = openShift(tx, t.staff.ID)
		return err
	})
	return sh, ok, err
}

func openShift(tx *bolt.Tx, staff string) (Shift, bool, error) {
	id := view(tx, vOpenShifts).Get([]byte(staff))
	if id == nil {
		return Shift{}, false, nil
	}
	rep, err := reportRef(tx, string(id))
	found := rep != nil
	if err == nil && !found {
		err = &DamagedViewError{Key: string(id), Err: fmt.Errorf("%s's open shift has no report", staff)}
	}
	if err != nil {
		return Shift{}, false, err
	}
	return Shift{ID: rep.Shift, Staff: rep.Staff, Opened: rep.Opened, Float: rep.Float}, true, nil
}

// OpenShift starts the staff member's shift with the float in the drawer
// (shift.opened). Durable when it returns.
func (t *Till) OpenShift(float pos.Money) (Shift, error) {
	if float.Currency == "" {
		float.Currency = t.r.cat().Currency()
	}
	if float.Currency != t.r.cat().Currency() || float.IsNegative() {
		return Shift{}, pos.Errorf("the float is an amount in %s, zero or more", t.r.cat().Currency())
	}
	if err := pos.CheckCoins(float); err != nil {
		return Shift{}, err
	}
	var sh Shift
	now := t.r.now()
	err := t.r.update(now, "", t.staff.ID, func(w *writer) error {
		cur, ok, err := openShift(w.tx, t.staff.ID)
		if err != nil {
			return err
		}
		if ok {
			return pos.Errorf("your shift %s is already open since %s: close it (Z) before opening another", cur.ID, cur.Opened.In(t.r.cat().Location()).Format("15:04"))
		}
		id := fmt.Sprintf("%s-S%04d", t.r.id, nextNumber(w.tx, "shifts"))
		w.shift = id
		if _, err := w.append(TypeShiftOpened, shiftOpened{Shift: id, Staff: t.staff.ID, Float: float}); err != nil {
			return err
		}
		sh = Shift{ID: id, Staff: t.staff.ID, Opened: now.UTC(), Float: float}
		return nil
	})
	return sh, err
}

// --- the cart ---

// Cart is a copy of the till's cart.
func (t *Till) Cart() pos.Cart {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	return copyCart(t.cart)
}

func copyCart(c pos.Cart) pos.Cart {
	c.Lines = append([]pos.CartLine(nil), c.Lines...)
	c.Methods = append([]string(nil), c.Methods...)
	return c
}

// CreditVoucher is a credit voucher an exchange left: the value of the
// returned tickets that the new order did not use, to pay a later one.
type CreditVoucher struct {
	Number  string    // "K01-A0001": what the customer keeps
	Balance pos.Money // what it may pay
}

// LastCreditVoucher is the credit voucher the till's last successful
// Checkout made of an exchange credit's remainder; ok is false when that
// Checkout made none. Checkout's order does not name it (an order pays
// with a credit, it does not issue one), so the done screen asks here.
func (t *Till) LastCreditVoucher() (v CreditVoucher, ok bool) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	return t.lastVoucher, t.lastVoucher.Number != ""
}

// Credit is the exchange credit waiting in the cart (zero: none).
func (t *Till) Credit() pos.Money {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.credit == nil {
		return pos.Zero(t.r.cat().Currency())
	}
	return t.credit.amount
}

// SetLang sets the till's language ("fr", "en"): every pricing the till
// does (Priced, PricedWith, ApplyCode, Checkout) names lines, details and
// offers in it. A language the box office does not offer falls back to the
// catalog's first (Catalog.Lang).
func (t *Till) SetLang(lang pos.Lang) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if lang = t.r.cat().Lang(lang); lang != t.lang {
		t.lang = lang
		t.cartVer++ // the cached pricing named things in the old language
		// priced again now, as SetCustomer does: the cart still counts
		// against the offers' quotas at the other tills (promoStateFor)
		// before this till asks for its price again
		t.pricedLocked()
		t.r.changed()
	}
}

// Lang is the till's language (the catalog's first until SetLang).
func (t *Till) Lang() pos.Lang {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	return t.r.cat().Lang(t.lang)
}

// Priced prices the current cart (cached per cart version).
func (t *Till) Priced() (pos.PricedCart, error) {
	pc, _, err := t.pricedNow()
	return pc, err
}

// pricedLocked is pricedNow for a caller that holds r.mu: a change of the
// cart prices it at once, in the same hold of r.mu, so that it counts
// against the offers' quotas at the other tills (promoStateFor) from the
// change on. Its read waits under r.mu; Priced does not.
func (t *Till) pricedLocked() (pos.PricedCart, error) {
	if t.priced != nil && t.priced.ver == t.cartVer {
		return t.priced.pc, t.priced.err
	}
	var pc pos.PricedCart
	var err error
	if verr := t.r.read(func(tx *bolt.Tx) error {
		pc, err = t.priceIn(tx, t.cart)
		return nil
	}); verr != nil {
		return pc, verr // not cached: the next look tries again
	}
	t.priced = &pricedCache{t.cartVer, pc, err}
	return pc, err
}

// unlockedTries bounds how many times Priced (or SeatMap) reads the file
// without r.mu when the register changed under each read (sales
// committing at every till): then it reads under r.mu, as a change of the
// cart does.
const unlockedTries = 3

// pricedNow is the current cart priced (the cache, else priced and
// cached) and the exchange credit it has then (nil: none).
//
// The file is read outside r.mu (issue 14: pricing never waits behind a
// disk write): a read transaction may wait for bbolt to remap the file
// (a commit that grows it waits for every open reader, a snapshot being
// sent too), and every till's screen would wait behind it for r.mu. What
// pricing takes from memory is copied under r.mu first; the price is kept
// only if, under r.mu again, neither it nor the file changed meanwhile
// (no commit), so a price read from stock or carts that moved is never
// served as the cart's.
func (t *Till) pricedNow() (pos.PricedCart, *pos.Money, error) {
	var pc pos.PricedCart
	var err error
	var credit *pos.Money
	for try := 0; try < unlockedTries; try++ {
		t.r.mu.Lock()
		credit = t.creditLocked()
		if t.priced != nil && t.priced.ver == t.cartVer {
			pc, err = t.priced.pc, t.priced.err
			t.r.mu.Unlock()
			return pc, credit, err
		}
		snap := t.pricingSnapLocked(t.cart)
		t.r.mu.Unlock()

		var verr error
		pc, err, verr = t.priceSnap(snap)
		if verr != nil {
			return pc, credit, verr // not cached: the next look tries again
		}

		t.r.mu.Lock()
		if t.stillLocked(snap) {
			t.priced = &pricedCache{snap.ver, pc, err}
			credit = t.creditLocked()
			t.r.mu.Unlock()
			return pc, credit, err
		}
		t.r.mu.Unlock()
	}
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	pc, err = t.pricedLocked()
	return pc, t.creditLocked(), err
}

// creditLocked is the amount of the till's exchange credit (nil: none).
// The caller holds r.mu.
func (t *Till) creditLocked() *pos.Money {
	if t.credit == nil {
		return nil
	}
	a := t.credit.amount
	return &a
}

// pricingSnap is what pricing a cart takes from memory, copied under r.mu
// so that the file is read without it (pricedNow).
type pricingSnap struct {
	ver     uint64 // the till's cart version
	cart    pos.Cart
	cat     *pos.Catalog
	who     *tillWho
	p       pricingFacts
	commits uint64 // the register's commits then
}

// pricingFacts is what pricing takes from memory besides the cart: the
// till's language and seller, the time, and the offers' tickets the
// other tills' carts hold (promoStateFor).
type pricingFacts struct {
	now    time.Time
	lang   pos.Lang
	seller pos.Seller
	held   map[[2]string]int
}

// pricingFactsLocked is the till's pricing facts now, for a transaction
// of commit attempt attempt (0: a reader). The caller holds r.mu.
func (t *Till) pricingFactsLocked(attempt uint64) pricingFacts {
	now := t.r.now()
	return pricingFacts{now: now, lang: t.lang, seller: t.Seller(), held: t.r.offerTicketsHeld(t, now, attempt)}
}

// pricingSnapLocked copies what pricing cart needs. The caller holds r.mu.
func (t *Till) pricingSnapLocked(cart pos.Cart) pricingSnap {
	// the commits are counted first: a commit after this shows at the
	// check, whether or not the read saw it
	commits := t.r.committer.commits.Load()
	return pricingSnap{ver: t.cartVer, cart: copyCart(cart), cat: t.r.cat(), who: t.who.Load(),
		p: t.pricingFactsLocked(0), commits: commits}
}

// priceSnap prices the snapshot's cart in a read transaction of its own,
// without r.mu: err is pricing's, verr the file's (nothing priced).
func (t *Till) priceSnap(s pricingSnap) (pc pos.PricedCart, err, verr error) {
	verr = t.r.read(func(tx *bolt.Tx) error {
		if h := t.r.unlockedReadHook; h != nil {
			h()
		}
		pc, err = t.r.priceWith(tx, s.cart, s.p)
		return nil
	})
	return pc, err, verr
}

// stillLocked says whether a price of snapshot s is the till's cart's
// now: the same cart, catalog and seller, no commit since (the stock and
// codes the read saw are the file's), and the other tills' carts holding
// the same offer tickets. The caller holds r.mu.
func (t *Till) stillLocked(s pricingSnap) bool {
	return t.cartVer == s.ver && t.r.cat() == s.cat && t.who.Load() == s.who &&
		t.r.committer.commits.Load() == s.commits &&
		maps.Equal(t.r.offerTicketsHeld(t, t.r.now(), 0), s.p.held)
}

// PricedWith prices the current cart as Checkout will with tenders of
// these payment methods: their fees (an invoice's, say) are in Fees and
// Total, so the payment screen shows what the customer will be charged.
// A method listed twice counts once, as in Checkout. The cart is unchanged.
// The file is read outside r.mu, as Priced does.
func (t *Till) PricedWith(methods []string) (pos.PricedCart, error) {
	for try := 0; try < unlockedTries; try++ {
		t.r.mu.Lock()
		cart := copyCart(t.cart)
		cart.Methods = methodsOf(methods)
		snap := t.pricingSnapLocked(cart)
		t.r.mu.Unlock()
		pc, err, verr := t.priceSnap(snap)
		if verr != nil {
			return pc, verr
		}
		t.r.mu.Lock()
		still := t.stillLocked(snap)
		t.r.mu.Unlock()
		if still {
			return pc, err
		}
	}
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	cart := copyCart(t.cart)
	cart.Methods = methodsOf(methods)
	var pc pos.PricedCart
	err := t.r.read(func(tx *bolt.Tx) error {
		var err error
		pc, err = t.priceIn(tx, cart)
		return err
	})
	return pc, err
}

// methodsOf is the cart's payment methods for tenders of these methods:
// each once, in the order first given (fees are per method, not per tender).
func methodsOf(methods []string) []string {
	var out []string
	for _, m := range methods {
		if !contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

func (t *Till) pricingContext(tx *bolt.Tx, cart pos.Cart) (pos.PricingContext, error) {
	return t.r.pricingContext(tx, cart, t.pricingFactsLocked(t.r.attemptOf(tx)))
}

// pricingContext is pricing's context for cart in tx with the facts p
// (taken from memory under r.mu).
func (r *Register) pricingContext(tx *bolt.Tx, cart pos.Cart, p pricingFacts) (pos.PricingContext, error) {
	st := r.codesIn(tx)
	st.held = p.held
	ctx := pos.PricingContext{Now: p.now, Lang: p.lang, Seller: p.seller, Promo: st}
	if cart.Customer != "" {
		var c pos.Customer
		found, err := getJSON(view(tx, vCustomers), []byte(cart.Customer), &c)
		if err != nil {
			return ctx, err
		}
		if found {
			ctx.Customer = &pos.CustomerFacts{ID: c.ID, Newsletter: c.Newsletter,
				PreviousBuyer: getInt(view(tx, vByCustomer), []byte(c.ID)) > 0}
		}
	}
	return ctx, nil
}

// priceIn prices cart for the till in tx. A view that could not be read
// while pricing (a damaged code) is the error, rather than a code "not
// found" or whatever pricing made of it. The caller holds r.mu.
func (t *Till) priceIn(tx *bolt.Tx, cart pos.Cart) (pos.PricedCart, error) {
	return t.r.priceWith(tx, cart, t.pricingFactsLocked(t.r.attemptOf(tx)))
}

// priceWith prices cart in tx with the facts p, as priceIn does.
func (r *Register) priceWith(tx *bolt.Tx, cart pos.Cart, p pricingFacts) (pos.PricedCart, error) {
	ctx, err := r.pricingContext(tx, cart, p)
	if err != nil {
		return pos.PricedCart{}, err
	}
	pc, err := pos.Price(r.cat(), cart, ctx)
	if lerr := promoErr(ctx.Promo); lerr != nil {
		return pos.PricedCart{}, lerr
	}
	return pc, err
}

// setCart validates a new cart with pos (a missing form answer may wait
// for checkout), holds what it needs, and makes it the till's cart.
//
// Called with r.mu held, after waitCatalog: the caller lapsed the invoices
// due (lapseFirst) before it took r.mu, as nothing waits for a commit under
// r.mu. Its read of the file stays under r.mu, unlike Priced's: checking
// what is free (the file's sold seats and places less the other tills'
// holds) and holding it must be one step, or two tills could both take
// the last seat (TestReadersDoNotWaitForACommit: a seat being sold cannot
// be taken).
func (t *Till) setCart(next pos.Cart) error {
	if t.closed.Load() {
		return ErrTillClosed
	}
	if t.selling != nil {
		return ErrSelling
	}
	now := t.r.now()
	var pc pos.PricedCart
	var perr error
	err := t.r.read(func(tx *bolt.Tx) error {
		if pc, perr = t.priceIn(tx, next); perr != nil && !errors.Is(perr, pos.ErrAnswerRequired) {
			return perr
		}
		return t.r.checkHolds(tx, t, next, now)
	})
	if err != nil {
		return err
	}
	t.cart = next
	t.cartVer++
	// the cart as just priced is what it counts against the offers' quotas
	// at the other tills (promoStateFor) from now, not from the next time
	// this till asks for its price (a script's SetCart never does)
	t.priced = &pricedCache{t.cartVer, pc, perr}
	t.holdUntil = now.Add(t.holdsFor())
	t.r.armExpiry(now, t.holdUntil)
	t.r.changed()
	return nil
}

func (t *Till) edit(fn func(c *pos.Cart) error) error {
	lines, err := t.editLines(fn)
	var le *pos.LineError
	if errors.As(err, &le) && le.Line > lines {
		// a line being added, which the seller never saw numbered: its
		// refusal alone ("line 2: ..." named a line the cart does not show)
		return le.Err
	}
	return err
}

// editLines changes the cart with fn, checked and held as a whole (nothing
// changes when it is refused); lines is how many lines the cart had
// before, so a refusal's line number tells a line added from one there.
func (t *Till) editLines(fn func(c *pos.Cart) error) (lines int, err error) {
	if _, err := t.r.LapseDue(); err != nil { // their seats first
		return 0, err
	}
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	t.r.waitCatalog()
	lines = len(t.cart.Lines)
	next := copyCart(t.cart)
	if err := fn(&next); err != nil {
		return lines, err
	}
	return lines, t.setCart(next)
}

func (t *Till) line(c *pos.Cart, line int) (*pos.CartLine, error) {
	if line < 0 || line >= len(c.Lines) {
		return nil, pos.Errorf("the cart has no line %d", line+1)
	}
	return &c.Lines[line], nil
}

// AddSeats adds one ticket per seat of a seated zone and holds the seats:
// all of them or none; the error names a seat that is taken.
func (t *Till) AddSeats(perf, zone, category string, seats ...string) error {
	if len(seats) == 0 {
		return pos.Errorf("choose at least one seat")
	}
	return t.edit(func(c *pos.Cart) error {
		for _, s := range seats {
			c.Lines = append(c.Lines, pos.CartLine{Kind: pos.LineTicket, Performance: perf, Zone: zone, Category: category, Seat: s, Quantity: 1})
		}
		return nil
	})
}

// ToggleSeat takes a seat into the cart at category, or gives it back when
// the cart has it already; added says which. The seat plan calls it for
// every press of its key: decided on the cart as it is when the call runs,
// not as a screen last drew it, so keys typed ahead of the answers still
// toggle the seat under the cursor.
func (t *Till) ToggleSeat(perf, zone, category, seat string) (added bool, err error) {
	err = t.edit(func(c *pos.Cart) error {
		for i, l := range c.Lines {
			if l.Kind == pos.LineTicket && l.Performance == perf && l.Zone == zone && l.Seat == seat {
				c.Lines = append(c.Lines[:i], c.Lines[i+1:]...)
				return nil
			}
		}
		c.Lines = append(c.Lines, pos.CartLine{Kind: pos.LineTicket, Performance: perf, Zone: zone, Category: category, Seat: seat, Quantity: 1})
		added = true
		return nil
	})
	return added, err
}

// AddTickets adds general-admission tickets and holds them; when there are
// not enough, the error says how many are left.
func (t *Till) AddTickets(perf, zone, category string, qty int) error {
	if qty < 1 {
		return pos.ErrBadQuantity
	}
	var at, had int
	lines, err := t.editLines(func(c *pos.Cart) error {
		at, had = addPlaces(c, perf, zone, category, qty)
		return nil
	})
	var le *pos.LineError
	if errors.As(err, &le) && le.Line == at+1 && had > 0 && errors.Is(le.Err, pos.ErrTooMany) {
		return t.r.tooManyBeside(le.Err, perf, zone, had, qty)
	}
	if errors.As(err, &le) && le.Line > lines {
		return le.Err // as edit: a line the seller never saw numbered
	}
	return err
}

// addPlaces adds qty general-admission tickets of a category to the cart:
// to its line of them without answers or text, else on a new line. It
// returns the line's index and how many it held before (0: a new line).
func addPlaces(c *pos.Cart, perf, zone, category string, qty int) (line, had int) {
	for i := range c.Lines {
		l := &c.Lines[i]
		if l.Kind == pos.LineTicket && l.Performance == perf && l.Zone == zone && l.Category == category && l.Seat == "" && len(l.Answers) == 0 && l.CustomText == "" {
			had = l.Quantity
			l.Quantity += qty
			return i, had
		}
	}
	c.Lines = append(c.Lines, pos.CartLine{Kind: pos.LineTicket, Performance: perf, Zone: zone, Category: category, Quantity: qty})
	return len(c.Lines) - 1, 0
}

// tooManyBeside is the refusal of places added to a cart line holding had
// already that pos refused as more than one line may hold: pos counts the
// line's total ("quantity 61", the cart's 5 in it), a number the cashier
// never typed; this says what was asked, what the zone has and what the
// line holds. Any other refusal is err as it is.
func (r *Register) tooManyBeside(err error, perf, zone string, had, asked int) error {
	if had == 0 || !errors.Is(err, pos.ErrTooMany) {
		return err
	}
	if n := r.cat().Capacity(perf, zone); n <= pos.MaxQuantity {
		return pos.Errorf("%s has %d places: %d asked beside the %d already on the line", r.zoneName(perf, zone), n, asked, had)
	}
	return pos.Errorf("a line holds at most %d tickets: %d asked beside the %d already on it", pos.MaxQuantity, asked, had)
}

// TicketCount is how many tickets of one price category a sale adds.
type TicketCount struct {
	Category string
	Quantity int
}

// AddTicketCounts adds general-admission tickets of several price
// categories of one zone (2 adults and 3 children) and holds them: all of
// them or none, so the cart never takes the adults and leaves the
// children out. A refusal names the category refused, or, when the zone
// has too few places for them together, what was asked; with several
// categories it says nothing was added.
func (t *Till) AddTicketCounts(perf, zone string, counts []TicketCount) error {
	if len(counts) == 0 {
		return pos.ErrBadQuantity
	}
	for _, w := range counts {
		if w.Quantity < 1 {
			return pos.Errorf("%s: %w", t.r.categoryName(w.Category), pos.ErrBadQuantity)
		}
	}
	var lineOf map[int]TicketCount // cart line (from 1) -> the count added on it
	var had map[int]int            // cart line (from 1) -> what it held before
	_, err := t.editLines(func(c *pos.Cart) error {
		lineOf, had = map[int]TicketCount{}, map[int]int{}
		for _, w := range counts {
			i, n := addPlaces(c, perf, zone, w.Category, w.Quantity)
			lineOf[i+1], had[i+1] = w, n
		}
		return nil
	})
	if err == nil {
		return nil
	}
	var le *pos.LineError
	var p *pos.Problem
	switch {
	case errors.As(err, &le):
		w, ok := lineOf[le.Line]
		if !ok {
			return err // a line of the cart this call did not touch
		}
		refused := t.r.tooManyBeside(le.Err, perf, zone, had[le.Line], w.Quantity)
		if len(counts) == 1 {
			return pos.Errorf("%s: %w", t.r.categoryName(w.Category), refused)
		}
		return pos.Errorf("%s: %w — nothing was added", t.r.categoryName(w.Category), refused)
	case len(counts) > 1 && errors.As(err, &p):
		// the zone's places, counted for the categories together: beside
		// places the cart holds, the register's refusal says what may go
		// beside them and how many were asked (checkHolds), and the
		// categories follow
		if cartCounts(t.Cart())[string(key(perf, zone))] > 0 {
			return pos.Errorf("%w (%s) — nothing was added", err, t.r.countsText(counts))
		}
		return pos.Errorf("%w — nothing was added (asked: %s)", err, t.r.countsText(counts))
	}
	return err
}

// categoryName is a price category's name in every language (its id when
// the catalog has none).
func (r *Register) categoryName(id string) pos.Text {
	if c, ok := r.cat().CategoryByID(id); ok && len(c.Name) > 0 {
		return c.Name
	}
	return pos.Text{"en": id}
}

// countsText is "2 Adult, 3 Child" in each language the names have.
func (r *Register) countsText(counts []TicketCount) pos.Text {
	out := pos.Text{}
	names := make([]pos.Text, len(counts))
	for i, w := range counts {
		names[i] = r.categoryName(w.Category)
		for lang := range names[i] {
			out[lang] = ""
		}
	}
	for lang := range out {
		parts := make([]string, len(counts))
		for i, w := range counts {
			parts[i] = strconv.Itoa(w.Quantity) + " " + names[i].In(pos.Lang(lang))
		}
		out[lang] = strings.Join(parts, ", ")
	}
	return out
}

// AddItem adds a pass, a gift voucher or a product.
func (t *Till) AddItem(kind, item string, qty int) error {
	if qty < 1 {
		return pos.ErrBadQuantity
	}
	if kind != pos.LinePass && kind != pos.LineVoucher && kind != pos.LineProduct {
		return fmt.Errorf("AddItem sells passes, gift vouchers and products, not %q", kind)
	}
	return t.edit(func(c *pos.Cart) error {
		for i := range c.Lines {
			if c.Lines[i].Kind == kind && c.Lines[i].Item == item {
				c.Lines[i].Quantity += qty
				return nil
			}
		}
		c.Lines = append(c.Lines, pos.CartLine{Kind: kind, Item: item, Quantity: qty})
		return nil
	})
}

// SetQuantity changes a line's quantity (lines count from 0); 0 removes it.
func (t *Till) SetQuantity(line, qty int) error {
	if qty == 0 {
		return t.RemoveLine(line)
	}
	return t.edit(func(c *pos.Cart) error {
		l, err := t.line(c, line)
		if err == nil {
			l.Quantity = qty
		}
		return err
	})
}

// SetCategory changes a line's price category.
func (t *Till) SetCategory(line int, category string) error {
	return t.edit(func(c *pos.Cart) error {
		l, err := t.line(c, line)
		if err == nil {
			l.Category = category
		}
		return err
	})
}

// RemoveLine removes a line and releases what it held.
func (t *Till) RemoveLine(line int) error {
	return t.edit(func(c *pos.Cart) error {
		if _, err := t.line(c, line); err != nil {
			return err
		}
		c.Lines = append(c.Lines[:line], c.Lines[line+1:]...)
		return nil
	})
}

// SetAnswers sets the per-price form answers of a line.
func (t *Till) SetAnswers(line int, answers map[string]string) error {
	return t.edit(func(c *pos.Cart) error {
		l, err := t.line(c, line)
		if err == nil {
			l.Answers = answers
		}
		return err
	})
}

// SetCustomText sets the text printed on a line's tickets.
func (t *Till) SetCustomText(line int, text string) error {
	return t.edit(func(c *pos.Cart) error {
		l, err := t.line(c, line)
		if err == nil {
			l.CustomText = text
		}
		return err
	})
}

// ApplyCode prices the cart with a promo code. A refused code leaves the
// cart as it was and returns an error whose message is pos's reason.
func (t *Till) ApplyCode(code string) (pos.PricedCart, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return pos.PricedCart{}, pos.Errorf("type a code")
	}
	if _, err := t.r.LapseDue(); err != nil {
		return pos.PricedCart{}, err
	}
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	t.r.waitCatalog()
	old := t.cart.Code
	next := copyCart(t.cart)
	next.Code = code
	if err := t.setCart(next); err != nil {
		return pos.PricedCart{}, err
	}
	pc, err := t.pricedLocked()
	if err == nil && pc.CodeRefused != "" {
		err = pc.CodeError() // a *pos.CodeRefusal: screens read its Reason
	}
	if err != nil && !errors.Is(err, pos.ErrAnswerRequired) {
		t.cart.Code = old
		t.cartVer++
		// priced again as it is: what it counts against the offers'
		// quotas at the other tills (promoStateFor) is its price's
		t.pricedLocked()
		return pc, err
	}
	return pc, nil
}

// RemoveCode takes the promo code off the cart. A cart holding a category
// only the code offers (a price-list code) could not be priced without it:
// that is refused, naming the line to take out first, and the cart keeps
// its code.
func (t *Till) RemoveCode() error {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	t.r.waitCatalog()
	if t.cart.Code == "" {
		return nil
	}
	code := t.cart.Code
	next := copyCart(t.cart)
	next.Code = ""
	if err := t.setCart(next); err != nil {
		if errors.Is(err, pos.ErrNotOnSale) {
			return pos.Errorf("the code %s cannot be removed: %w without it: remove that line first, or keep the code", code, err)
		}
		return err
	}
	return nil
}

// SetCustomer attaches a customer to the cart ("" detaches).
func (t *Till) SetCustomer(id string) error {
	if id != "" {
		found := false
		if err := t.r.read(func(tx *bolt.Tx) error {
			found = view(tx, vCustomers).Get([]byte(id)) != nil
			return nil
		}); err != nil {
			return err
		}
		if !found {
			return pos.Errorf("customer %s: %w", id, ErrNotFound)
		}
	}
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	if t.selling != nil {
		return ErrSelling
	}
	t.cart.Customer = id
	t.cartVer++
	// priced again now, with the customer, as setCart does: the cart
	// still counts against the offers' quotas at the other tills
	// (promoStateFor) before this till asks for its price, if it ever does
	// before its checkout (`guichet order place`)
	t.pricedLocked()
	t.r.changed()
	return nil
}

// ClearCart empties the cart, releases its holds and drops a pending
// exchange credit.
func (t *Till) ClearCart() {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	t.cart, t.credit = pos.Cart{}, nil
	t.cartVer++
	t.r.changed()
}

// PaymentMethods lists the methods this seller may take for what is left
// to pay on this cart (after an exchange credit). None: the error says
// why when it is something to act on (pos.Catalog.NoMethod).
func (t *Till) PaymentMethods() ([]*pos.PaymentMethod, error) {
	pc, credit, err := t.pricedNow()
	if err != nil {
		return nil, err
	}
	due := pc.Total
	if credit != nil {
		due = due.Minus(credit.Min(due))
	}
	ms := t.r.cat().MethodsFor(t.Seller(), due, t.r.now())
	if len(ms) == 0 {
		// none: say why when there is something to do about it
		return nil, t.r.cat().NoMethod(t.Seller(), due, t.r.now())
	}
	return ms, nil
}

// --- holds ---

// holding reports whether a till's cart still holds what is in it.
func (t *Till) holding(now time.Time) bool { return !t.closed.Load() && now.Before(t.holdUntil) }

// held is what a till holds now: the cart whose sale is being committed,
// else its cart while its hold runs (a sale whose hold had lapsed when it
// began holds nothing: it takes what is free when it commits). attempt is the commit attempt whose
// write transaction asks (0: a reader): a sale already written in it holds
// nothing more, its seats are sold there.
func (t *Till) held(now time.Time, attempt uint64) ([]pos.CartLine, bool) {
	if t.selling != nil {
		if !t.sellingHolds || attempt != 0 && t.soldIn == attempt {
			return nil, false
		}
		return t.selling.Lines, true
	}
	if t.holding(now) {
		return t.cart.Lines, true
	}
	return nil, false
}

// KeepHolds tells the register the till is in use (a key was pressed):
// while its cart holds its seats and places, it keeps them HoldFor from
// now, so a cashier working on a long sale (names, answers, payments)
// without changing the cart does not lose them. keep, when longer than
// HoldFor, is how long the till's cart holds from now and after each
// change from then on (the longest asked): an SSH till that locks when idle keeps its cart
// until the time its locked screen shows, when it is released. A hold
// that ran out already is not taken again here: the next change of the
// cart, or the payment (HoldAgain), takes what is still free.
func (t *Till) KeepHolds(keep time.Duration) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	t.keep = max(t.keep, keep)
	now := t.r.now()
	if t.selling != nil || len(t.cart.Lines) == 0 || !t.holding(now) {
		return
	}
	if until := now.Add(t.holdsFor()); until.After(t.holdUntil) {
		t.holdUntil = until
		t.r.armExpiry(now, until)
	}
}

// holdsFor is how long the till's cart holds from its last change or key:
// HoldFor, or longer as KeepHolds said. The caller holds r.mu.
func (t *Till) holdsFor() time.Duration { return max(t.keep, t.r.holdFor) }

// HoldAgain holds the till's cart HoldFor from now, as a change of it
// would, checking it as a change does: what its hold no longer covers (it
// ran out) is taken again if it is still free, else the error names it.
// Asked before a payment is taken (the counter's payment screen, the
// kiosk's RequestPayment): what another till took meanwhile is said before
// any money is, not at checkout once the card was charged; so is the
// cart's promo code when it can no longer be used (a single-use code
// another till sold with meanwhile), and a ticket of its exchange credit
// exchanged, canceled or let in at the door since.
func (t *Till) HoldAgain() error {
	if _, err := t.r.LapseDue(); err != nil { // their seats first
		return err
	}
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	t.r.waitCatalog()
	if t.closed.Load() {
		return ErrTillClosed
	}
	if t.selling != nil {
		return ErrSelling
	}
	if len(t.cart.Lines) == 0 {
		return nil
	}
	now := t.r.now()
	var pc pos.PricedCart
	var perr error
	if err := t.r.read(func(tx *bolt.Tx) error {
		pc, perr = t.priceIn(tx, t.cart)
		if err := t.r.checkHolds(tx, t, t.cart, now); err != nil {
			return err
		}
		// a ticket of the exchange credit exchanged, canceled or let in
		// since (at another till whose cart held it too): the checkout
		// refuses it, so it is said before the rest is paid
		if c := t.credit; c != nil {
			for _, tk := range c.tickets {
				if err := t.stillExchangeable(tx, tk.Number); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	// priced again too: a single-use code another till sold with since
	// the cart was last priced is refused at checkout, so it is said now,
	// and the payment is taken on the price the checkout will record
	t.priced = &pricedCache{t.cartVer, pc, perr}
	if perr == nil && t.cart.Code != "" && pc.CodeRefused != "" {
		return pos.Errorf("code %s: %w — remove it to sell without it", t.cart.Code, pc.CodeError())
	}
	ran := !t.holding(now)
	t.holdUntil = now.Add(t.holdsFor())
	t.r.armExpiry(now, t.holdUntil)
	if ran {
		t.r.changed() // held again: the other tills show it
	}
	return nil
}

// heldByOthers counts what other tills' carts hold: tickets of a zone (or
// a pass, zone == "" and perf = pass id), and whether one holds seat.
func (r *Register) heldByOthers(me *Till, now time.Time, k string, attempt uint64) int {
	n := 0
	for o := range r.tills {
		if o == me {
			continue
		}
		if lines, ok := o.held(now, attempt); ok {
			n += cartCounts(pos.Cart{Lines: lines})[k]
		}
	}
	return n
}

func (r *Register) seatHolder(perf, zone, seat string, now time.Time, attempt uint64) *Till {
	for o := range r.tills {
		lines, ok := o.held(now, attempt)
		if !ok {
			continue
		}
		for _, l := range lines {
			if l.Kind == pos.LineTicket && l.Seat == seat && l.Performance == perf && l.Zone == zone {
				return o
			}
		}
	}
	return nil
}

// attemptOf is the commit attempt of a write transaction of the committer
// (0 for a read transaction): see Till.held.
func (r *Register) attemptOf(tx *bolt.Tx) uint64 {
	if tx.Writable() {
		return r.committer.attempt
	}
	return 0
}

// cartCounts is what a cart counts against capacity, by sold key.
func cartCounts(c pos.Cart) map[string]int {
	m := map[string]int{}
	for _, l := range c.Lines {
		switch l.Kind {
		case pos.LineTicket:
			m[string(key(l.Performance, l.Zone))] += l.Quantity
		case pos.LinePass:
			m[string(key("pass", l.Item))] += l.Quantity
		}
	}
	return m
}

// checkHolds says whether cart can be held (or sold) by till me now: its
// seats are neither sold nor held by another till, and every zone and
// limited pass has room for it beside what is sold and held elsewhere.
// Called with r.mu held, in a read or write transaction.
func (r *Register) checkHolds(tx *bolt.Tx, me *Till, cart pos.Cart, now time.Time) error {
	seats := lazyView(tx, vSeats) // a cart without seats leaves the view unopened
	attempt := r.attemptOf(tx)
	// what the till's exchange credit gives back is free for its cart: the
	// exchange is recorded before the new order, in the same commit (a
	// customer keeps their seat and changes its category or its day)
	givenSeats, given := me.givingBack()
	for _, l := range cart.Lines {
		if l.Kind != pos.LineTicket || l.Seat == "" {
			continue
		}
		k := key(l.Performance, l.Zone, l.Seat)
		if sold := seats().Get(k); sold != nil && string(sold) != givenSeats[string(k)] {
			return pos.Errorf("%s: already sold, choose another seat", seatText(l.Seat))
		}
		if h := r.seatHolder(l.Performance, l.Zone, l.Seat, now, attempt); h != nil && h != me {
			return pos.Errorf("%s: in another till's cart, choose another seat", seatText(l.Seat))
		}
		if r.escrow {
			n, expired, err := r.allotment(tx, SeatResource(l.Performance, l.Zone, l.Seat))
			if err != nil {
				return err
			}
			if n < 1 {
				if expired {
					return pos.Errorf("%s: this register's hold on it ran out while offline; it sells it again once back online", seatText(l.Seat))
				}
				return pos.Errorf("%s: held by another register, choose another seat", seatText(l.Seat))
			}
		}
	}
	for k, want := range cartCounts(cart) {
		kb := []byte(k)
		var capacity int
		var what pos.Text
		if p, ok := strings.CutPrefix(k, "pass\x00"); ok {
			pass, found := r.cat().PassByID(p)
			if !found || pass.Capacity == 0 {
				continue
			}
			capacity, what = pass.Capacity, pass.Name
			if r.escrow {
				var err error
				if capacity, err = r.escrowCapacity(tx, PassResource(p), what); err != nil {
					return err
				}
			}
		} else if r.escrow {
			perf, zone, _ := strings.Cut(k, "\x00")
			if p, ok := r.cat().PerformanceByID(perf); ok {
				if z, ok := r.cat().ZoneOf(p, zone); ok && z.Seated() {
					continue // held seat by seat, above
				}
			}
			what = r.zoneName(perf, zone)
			var err error
			if capacity, err = r.escrowCapacity(tx, ZoneResource(perf, zone), what); err != nil {
				return err
			}
		} else {
			var g grant
			found, err := getJSON(view(tx, vGrants), kb, &g)
			if err != nil {
				return err
			}
			if !found {
				perf, zone, _ := strings.Cut(k, "\x00")
				return pos.Errorf("%s, %s: this register may not sell this zone", perf, r.zoneName(perf, zone))
			}
			capacity, what = g.Capacity, r.zoneName(g.Performance, g.Zone)
		}
		others := r.heldByOthers(me, now, k, attempt)
		left := capacity - getInt(view(tx, vSold), kb) - others + given[k]
		if want > left {
			// what the till's cart holds now, before this change: a
			// change adding places beside them is told what may go beside
			// them, not what the whole cart may hold (the cashier had to
			// subtract)
			if me != nil {
				if have := keptCounts(me.cart, cart)[k]; have > 0 && want > have {
					return shortBeside(what, left, have, want-have, others)
				}
			}
			// places in another till's cart may come back on sale when
			// its hold runs out or its cashier removes them: "sold out"
			// would have the customer turned away (as a seat held so
			// says it is in another till's cart)
			switch {
			case others > 0 && left <= 0:
				return pos.Errorf("%s: the places left are in another till's cart, they may come back on sale in a few minutes", what)
			case others > 0:
				return pos.Errorf("%s: only %d left, %d more in another till's cart", what, left, others)
			case left <= 0:
				return pos.Errorf("%s: sold out", what)
			}
			return pos.Errorf("%s: only %d left", what, left)
		}
	}
	return nil
}

// keptCounts is cartCounts of the lines of old that next keeps: the places
// a refusal may say more go "beside". An edit keeps every line or raises
// one; a cart set as a whole (SetCart) keeps only the lines it repeats,
// and places it drops are no longer "in the cart" beside the ones asked.
func keptCounts(old, next pos.Cart) map[string]int {
	type line struct{ kind, perf, zone, category, seat, item string }
	id := func(l pos.CartLine) line { return line{l.Kind, l.Performance, l.Zone, l.Category, l.Seat, l.Item} }
	had := map[line]int{}
	for _, l := range old.Lines {
		had[id(l)] += l.Quantity
	}
	var kept pos.Cart
	for _, l := range next.Lines {
		if n := min(had[id(l)], l.Quantity); n > 0 {
			had[id(l)] -= n
			l.Quantity = n
			kept.Lines = append(kept.Lines, l)
		}
	}
	return cartCounts(kept)
}

// shortBeside is the refusal of places added beside the inCart a till's
// cart holds already, when only left fit with them: what may be added
// beside them, which is what the free-placement screen and the kiosk show
// ("3 left beside the 2 in the cart, 4 asked"), not a count with the
// cart's own places in it. When the cart holds more than is left (its
// hold ran out and another till took some), it says so: the cart must be
// lowered before anything is added.
func shortBeside(what pos.Text, left, inCart, asked, others int) error {
	switch {
	case left < inCart:
		return pos.Errorf("%s: only %d left, fewer than the %d in the cart", what, max(left, 0), inCart)
	case others > 0:
		return pos.Errorf("%s: %d left beside the %d in the cart, %d asked, %d more in another till's cart", what, left-inCart, inCart, asked, others)
	}
	return pos.Errorf("%s: %d left beside the %d in the cart, %d asked", what, left-inCart, inCart, asked)
}

// SetCart replaces the till's cart with c as a whole (a cart a script sends:
// `guichet order place`), with the same checks and holds as adding its
// lines one by one. The code is left out: ApplyCode gives a refused code's
// reason.
func (t *Till) SetCart(c pos.Cart) error {
	return t.edit(func(cur *pos.Cart) error {
		next := copyCart(c)
		next.Code, next.Customer = "", ""
		*cur = next
		return nil
	})
}

// StaffNeeded is UnlockAdmin's refusal on catalog c: nil when it lists
// no staff (a command-line tool says it before it makes a file).
func StaffNeeded(c *pos.Catalog) error {
	if len(c.Staff) > 0 {
		return pos.Errorf("this box office has a staff list: name the member of staff and give their PIN")
	}
	return nil
}

// UnlockAdmin opens a till as the administrator of a box office whose
// catalog lists no staff (a command-line tool on a register without a
// staff list). With a staff list, a member of staff and their PIN are
// needed.
func (r *Register) UnlockAdmin() (*Till, error) {
	if err := StaffNeeded(r.cat()); err != nil {
		return nil, err
	}
	s := &pos.Staff{ID: "admin", Name: "Administrator", Role: pos.RoleAdmin}
	t := newTill(r, s, pos.Seller{Staff: s})
	r.mu.Lock()
	r.tills[t] = struct{}{}
	r.mu.Unlock()
	return t, nil
}
