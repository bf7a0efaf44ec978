package local

import (
	"bytes"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// LapseReason is the reason an order.lapsed entry gives.
const LapseReason = "invoice unpaid at its deadline"

// dueLapses lists the pending orders whose deadline passed by now and
// whose invoice method does not keep them after it, in number order.
func (r *Register) dueLapses(tx *bolt.Tx, now time.Time) ([]OrderView, error) {
	due, err := dueDeadlines(tx, now)
	if err != nil || len(due) == 0 {
		return nil, err
	}
	var out []OrderView
	orders, cat := view(tx, vOrders), r.cat()
	for _, n := range due {
		rec := orders.Get([]byte(n))
		if r.keptInvoices.has(n, rec, cat) {
			continue
		}
		ov, ok, err := getOrder(tx, n)
		if err != nil {
			return nil, err
		}
		if !ok || ov.Order.State != pos.OrderPending {
			continue
		}
		if r.keepsAfterDeadline(ov.Order) {
			if !tx.Writable() { // committed: a write's record may yet roll back
				r.keptInvoices.keep(n, rec, cat)
			}
			continue
		}
		out = append(out, ov)
	}
	return out, nil
}

// keptInvoices remembers the invoices past their deadline that their
// method keeps: they stay due in the deadlines view for good, and every
// cart change and checkout decoded each of them again to find it kept
// (50 of them: 11,000 allocations and 1.1 MB a sale). An invoice is kept
// for its pending payments' methods (its order.placed entry: they never
// change) under a catalog; its record in the orders view changes with
// anything else that could (validated, canceled, lapsed), and names the
// journal entry that placed it. So a remembered answer holds while the
// catalog and the record's bytes are the same. Only committed records are
// remembered (read transactions'); a commit's lapseIn finds them there.
type keptInvoices struct {
	mu     sync.Mutex
	cat    *pos.Catalog
	orders map[string][]byte // order number -> its record's bytes when found kept
}

// maxKept bounds the invoices remembered (beyond: forgotten, decoded again).
const maxKept = 4096

func (k *keptInvoices) has(number string, rec []byte, cat *pos.Catalog) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	was, ok := k.orders[number]
	return ok && k.cat == cat && rec != nil && bytes.Equal(was, rec)
}

func (k *keptInvoices) keep(number string, rec []byte, cat *pos.Catalog) {
	if rec == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cat != cat || k.orders == nil || len(k.orders) >= maxKept {
		k.cat, k.orders = cat, map[string][]byte{}
	}
	k.orders[number] = bytes.Clone(rec)
}

// keepsAfterDeadline: the order's invoice method says its tickets stay
// after the deadline.
func (r *Register) keepsAfterDeadline(o pos.Order) bool {
	for _, p := range o.Payments {
		if p.Pending {
			if m, ok := r.cat().PaymentMethodByID(p.Method); ok && m.KeepAfterDeadline {
				return true
			}
		}
	}
	return false
}

// lapseIn writes order.lapsed for every order due in tx (no shift, no
// staff: the register noticed), releasing its seats, quota, offer and code
// usage, voiding the gift vouchers it sold, and giving what was paid beside
// the invoice back as credit. It appends nothing when
// none is due, so calling it again is harmless.
func (r *Register) lapseIn(tx *bolt.Tx, now time.Time) (int, error) {
	due, err := r.dueLapses(tx, now)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	w := r.newWriter(tx, now, "", "")
	for _, ov := range due {
		p := orderCanceled{Order: ov.Order.Number, Reason: LapseReason}
		for _, tk := range ov.Tickets {
			if tk.State == TicketValid {
				p.Tickets = append(p.Tickets, tk.Ticket)
			}
		}
		if o := ov.Order.Offer; o != nil {
			p.Offer, p.Code = o.ID, o.Code
		}
		// a gift voucher or a credit that paid beside the invoice gets its
		// money back; a cash or card deposit, which nobody is at a till to
		// hand back, becomes the customer's credit: a credit voucher, as
		// an exchange credit given back (creditFor). The deposit stays in
		// the drawer and in its method's takings, the credit method gives
		// it back: the lapsed order's payments add up to nothing.
		rs, err := refunds(r.cat(), ov, p, "")
		if err != nil {
			return 0, err
		}
		if rs, err = r.expiredToCredit(tx, now, rs); err != nil {
			return 0, err
		}
		var deposit pos.Money
		for _, rf := range rs {
			if rf.Kind == pos.KindVoucher || rf.Kind == pos.KindCredit {
				p.Refunds = append(p.Refunds, rf)
			} else {
				deposit = deposit.Plus(rf.Amount)
			}
		}
		if m := r.cat().MethodOfKind(pos.KindCredit); deposit.Amount > 0 && m != nil {
			p.Refunds = append(p.Refunds, pos.Payment{Method: m.ID, Kind: pos.KindCredit, Amount: deposit, Voucher: pos.ExchangeVoucher})
		}
		if err := r.creditFor(tx, &p); err != nil {
			return 0, err
		}
		if _, err := w.append(TypeOrderLapsed, p); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

// LapseDue releases the pending invoices whose deadline passed (see
// lapseIn) and reports how many lapsed. The register calls it itself
// before what needs the seats (a cart, a checkout); screens that list
// orders call it so a lapsed order shows as lapsed. A read-only register
// lapses nothing. Durable when it returns.
func (r *Register) LapseDue() (int, error) {
	if r.readOnly {
		return 0, nil
	}
	now := r.now()
	if h := r.lapses.Load(); h != nil && (h.none || now.Before(h.first)) {
		return 0, nil // no deadline has passed: nothing to read
	}
	due := false
	if err := r.read(func(tx *bolt.Tx) error {
		ds, err := r.dueLapses(tx, now)
		due = len(ds) > 0
		return err
	}); err != nil || !due {
		return 0, err
	}
	var n int
	err := r.write(func(tx *bolt.Tx) error {
		var err error
		n, err = r.lapseIn(tx, now)
		return err
	})
	if err == nil && n > 0 {
		r.changed()
	}
	return n, err
}

// lapseHint is what a commit left in the deadlines view: no pending
// invoice's deadline before first, or (none) no deadline at all. A till
// asked the file at each change of its cart whether an invoice had lapsed
// (a read transaction of its own, most often to find none); the committer
// keeps this after each commit, and LapseDue reads the file only once
// first passed. A commit that writes a deadline replaces it before any of
// its callers returns, so a till never misses one it could have seen.
type lapseHint struct {
	first time.Time
	none  bool
}

// lapseHintIn is the deadlines view's earliest deadline in tx; nil when it
// does not read (LapseDue then reads the file and says what is wrong).
func lapseHintIn(tx *bolt.Tx) *lapseHint {
	b := view(tx, vDeadlines)
	if b == nil {
		return nil
	}
	k, _ := b.Cursor().Seek([]byte{deadlineByTime})
	switch {
	case len(k) == 0 || k[0] != deadlineByTime:
		return &lapseHint{none: true}
	case len(k) < 1+12:
		return nil
	}
	return &lapseHint{first: deadlineOf(k[1:13])}
}
