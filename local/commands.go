package local

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Every command below validates with pos, appends its entries in one bbolt
// transaction and returns only after that transaction committed with the
// file synced: when it returns nil, all its entries and their effect on the
// views are durable; when it returns an error, nothing of it was written.

// shiftFor is the till's open shift, required by every command that moves
// money or sells: its ID and Staff only, read from open_shifts without
// decoding the shift's report (the commands need no more).
func (t *Till) shiftFor(tx *bolt.Tx) (Shift, error) {
	if t.closed.Load() {
		return Shift{}, ErrTillClosed
	}
	return t.shiftOf(tx)
}

// shiftOf is shiftFor without the till's closed check: the shift of a sale
// that began before its till closed (a connection that dropped while the
// sale waited for the disk), which is recorded as confirmed.
func (t *Till) shiftOf(tx *bolt.Tx) (Shift, error) {
	id := view(tx, vOpenShifts).Get([]byte(t.staff.ID))
	if id == nil && t.r.trial {
		return Shift{Staff: t.staff.ID}, nil // the tool opens it (Options.Trial)
	}
	if id == nil {
		return Shift{}, ErrNoShift
	}
	return Shift{ID: string(id), Staff: t.staff.ID}, nil
}

// Checkout places the cart as an order paid by tenders: order.placed,
// payment.captured for each payment taken, ticket.issued for each ticket
// (which queues it for printing; its QR is derived when asked), and exchange.made when an exchange credit
// pays part of it — all in ONE transaction, after re-checking inside it that
// every seat and quota is still free. When it returns, the sale is durable
// and the cart is empty. A cart with only an exchange credit and no lines
// turns the credit into a credit voucher and returns an order with no
// number. A credit voucher made of what the new order did not use is then
// the till's LastCreditVoucher.
//
// Several tills' checkouts share one commit (commit.go): the seats and
// places of the cart stay held while its sale waits for the disk, and no
// lock is held meanwhile, so the other tills keep pricing and looking. The
// till's own cart cannot change until Checkout returns (ErrSelling).
//
// also queues the new order's receipt and a kick of the cash drawer in the
// same transaction (receipt.queued, drawer.queued), so neither is lost to
// a crash between the sale and the printer; none is queued for a cart
// that makes no order.
func (t *Till) Checkout(tenders []pos.Tender, also ...PrintAlso) (pos.Order, error) {
	var print PrintAlso
	for _, a := range also {
		print.Receipt = print.Receipt || a.Receipt
		print.Drawer = print.Drawer || a.Drawer
	}
	r := t.r
	r.mu.Lock()
	if t.closed.Load() {
		r.mu.Unlock()
		return pos.Order{}, ErrTillClosed
	}
	if t.selling != nil {
		r.mu.Unlock()
		return pos.Order{}, ErrSelling
	}
	cart := copyCart(t.cart)
	credit := t.credit
	if len(cart.Lines) == 0 && credit == nil {
		r.mu.Unlock()
		return pos.Order{}, pos.Errorf("the cart is empty")
	}
	// The cart keeps its holds while its sale is committed, whatever the
	// till does meanwhile; r.mu is not held while the sale waits for the
	// disk (commit.go), so other tills price, look and commit meanwhile.
	now := r.now()
	selling := copyCart(t.cart)
	t.selling, t.sellingHolds = &selling, t.holding(now)
	r.mu.Unlock()
	methods := make([]string, len(tenders))
	for i, td := range tenders {
		methods[i] = td.Method
	}
	cart.Methods = methodsOf(methods) // as PricedWith showed them
	var order pos.Order
	var voucher CreditVoucher
	// priced checks the sale in tx against the file and, under r.mu, the
	// other tills' holds: it may run more than once (commit.go), so it
	// changes nothing but its results and the till's soldIn mark.
	priced := func(tx *bolt.Tx) (pos.Sale, Shift, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		// a till closed since Checkout began (Close) still records the
		// sale its cashier confirmed: its holds were kept for it
		sh, err := t.shiftOf(tx)
		if err != nil {
			return pos.Sale{}, sh, err
		}
		var creditAmount *pos.Money
		if credit != nil {
			creditAmount = &credit.amount
		}
		ctx, err := t.pricingContext(tx, cart)
		if err != nil {
			return pos.Sale{}, sh, err
		}
		balances, failed := r.voucherBalances(tx)
		sale, err := pos.Checkout(r.cat(), cart, ctx, creditAmount, tenders, balances)
		if lerr := promoErr(ctx.Promo); lerr != nil {
			return pos.Sale{}, sh, lerr // a damaged view, not what pricing made of it
		}
		if ferr := failed(); ferr != nil {
			return pos.Sale{}, sh, ferr
		}
		if err != nil {
			return pos.Sale{}, sh, err
		}
		if len(cart.Lines) > 0 {
			if err := r.checkHolds(tx, t, cart, now); err != nil {
				return pos.Sale{}, sh, err
			}
		}
		// the writes after this one in tx see these seats sold, not held
		t.soldIn = r.attemptOf(tx)
		return sale, sh, nil
	}
	done := func() { // under r.mu, once the sale is durable
		t.selling = nil
		t.cart, t.credit = pos.Cart{}, nil
		t.lastVoucher = voucher
		t.cartVer++
	}
	err := r.commitBy(func(tx *bolt.Tx) error {
		order, voucher = pos.Order{}, CreditVoucher{}
		// Invoices past their deadline give their seats back first.
		if _, err := r.lapseIn(tx, now); err != nil {
			return err
		}
		sale, sh, err := priced(tx)
		if err != nil {
			return err
		}
		w := r.newWriter(tx, now, sh.ID, t.staff.ID)
		var ex *exchangeMade
		if c := sale.Credit; c != nil {
			// a ticket let in at the door, canceled or exchanged at another
			// till since it was put in the cart stays as it is: its seat is
			// taken, or given back already, and its value paid once
			for _, tk := range credit.tickets {
				if err := t.stillExchangeable(tx, tk.Number); err != nil {
					return err
				}
			}
			ex = &exchangeMade{Ref: credit.ref, Tickets: credit.tickets, Credit: c.Amount, Used: c.Used, Remainder: c.Left, Fee: credit.fee}
			if !ex.Remainder.IsZero() {
				ex.Voucher = fmt.Sprintf("%s-A%04d", r.id, nextNumber(tx, "credits")) // as creditFor's
				voucher = CreditVoucher{Number: ex.Voucher, Balance: ex.Remainder}
			}
		}
		if len(cart.Lines) > 0 {
			number := pos.OrderNumber(r.id, nextNumber(tx, "orders"))
			order = pos.NewOrder(number, r.id, t.staff.ID, cart.Customer, sale.Cart, sale.Settlement, now)
			if ex != nil {
				ex.Order = number
			}
		}
		// The exchange first: the returned seats are free before the new
		// order takes its own.
		if ex != nil {
			if _, err := w.append(TypeExchangeMade, ex); err != nil {
				return err
			}
		}
		if order.Number == "" {
			return nil
		}
		if _, err := w.append(TypeOrderPlaced, &orderPlaced{Order: order, Catalog: r.cat().Digest()}); err != nil {
			return err
		}
		for _, p := range order.Payments {
			if !p.Pending {
				if _, err := w.append(TypePaymentCaptured, &paymentCaptured{Order: order.Number, Payment: p}); err != nil {
					return err
				}
			}
		}
		// Tickets carry their fields, not their QR: the payload is derived
		// with the register's key when asked (signing four tickets here
		// was about 120 µs of a sale). Only check that the fields fit in one.
		for _, tk := range order.Tickets {
			if _, err := claimOf(tk).fields(); err != nil {
				return err
			}
			if _, err := w.append(TypeTicketIssued, &ticketIssued{Order: order.Number, Ticket: tk}); err != nil {
				return err
			}
		}
		r.warmQRs(order.Tickets)
		if print.Receipt {
			if _, err := w.append(TypeReceiptQueued, receiptQueued{Order: order.Number}); err != nil {
				return err
			}
		}
		if print.Drawer {
			if _, err := w.append(TypeDrawerQueued, drawerQueued{Order: order.Number}); err != nil {
				return err
			}
		}
		return nil
	}, done, 0, t)
	r.mu.Lock()
	t.selling = nil // done already, unless the sale failed
	held := t.sellingHolds
	if t.closed.Load() {
		delete(r.tills, t) // closed while selling (Close)
	}
	r.mu.Unlock()
	if err != nil {
		if held {
			// what the sale held is free again when its till closed, or
			// its cart's hold ran out, meanwhile: the other tills are told
			r.changed()
		}
		return pos.Order{}, err
	}
	r.changed()
	return order, nil
}

// ErrSelling refuses a change to a till's cart while its sale is being
// recorded: Checkout has not returned yet.
var ErrSelling = errors.New("the sale is being recorded: wait until it is done")

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// voucherIn finds a gift voucher or credit voucher in tx, by its number
// typed in any case (like promo codes): the register's own id keeps its
// case, the rest is upper case as issued ("K01-A0001").
func (r *Register) voucherIn(tx *bolt.Tx, typed string) (pos.Voucher, bool, error) {
	typed = strings.TrimSpace(typed)
	number := r.AsIssued(typed)
	var v voucherRec
	for _, n := range []string{number, typed} {
		if n == "" {
			continue
		}
		ok, err := getJSON(view(tx, vVouchers), []byte(n), &v)
		if err != nil {
			return pos.Voucher{}, false, err
		}
		if ok {
			pv := pos.Voucher{Number: n, Kind: v.Kind, Balance: v.Balance, Expires: v.Expires, Order: v.Order}
			if v.Kind == pos.KindVoucher && v.Order != "" {
				// sold on an invoice not paid yet: it pays nothing until then
				state, _ := splitIndex(view(tx, vOrderIndex).Get([]byte(v.Order)))
				pv.Unpaid = state == pos.OrderPending
			}
			return pv, true, nil
		}
	}
	return pos.Voucher{}, false, nil
}

// AsIssued is a number typed in any case as the register issued it: its
// own id keeps its case, the rest is upper case ("K01-A0001",
// "K01-000123-02").
func (r *Register) AsIssued(typed string) string {
	number := strings.ToUpper(strings.TrimSpace(typed))
	if id := strings.ToUpper(r.id); strings.HasPrefix(number, id+"-") {
		number = r.id + number[len(id):]
	}
	return number
}

// typedOrderNumber is an order number typed by hand: "K01-000012", or
// without the register or the zeros ("12", "000012", "k01-12").
var typedOrderNumber = regexp.MustCompile(`^(?:([A-Za-z0-9]+)-)?([0-9]{1,9})$`)

// typedOrder reads an order number typed at the exchange as the door reads
// a ticket's (typedNumber): the register left out is this one. Another
// register's number is only put in upper case.
func (r *Register) typedOrder(typed string) string {
	number := r.AsIssued(typed)
	if m := typedOrderNumber.FindStringSubmatch(number); m != nil && (m[1] == "" || strings.EqualFold(m[1], r.id)) {
		seq, _ := strconv.ParseUint(m[2], 10, 64)
		return pos.OrderNumber(r.id, seq)
	}
	return number
}

// TypedTicket reads a ticket number typed at the exchange as the door
// does: "K01-000012-01", or "12-1", "000012-01" for this register's.
func (r *Register) TypedTicket(typed string) string {
	number := r.AsIssued(typed)
	if m := typedNumber.FindStringSubmatch(number); m != nil && (m[1] == "" || strings.EqualFold(m[1], r.id)) {
		seq, _ := strconv.ParseUint(m[2], 10, 64)
		n, _ := strconv.Atoi(m[3])
		return pos.TicketNumber(pos.OrderNumber(r.id, seq), n)
	}
	return number
}

// voucherBalances reads vouchers in tx for pos.Checkout. pos.Balances has
// no error to return: a voucher whose record cannot be read is not found
// there, and failed() is that error, which the caller returns instead of
// whatever checkout made of it.
func (r *Register) voucherBalances(tx *bolt.Tx) (balances pos.Balances, failed func() error) {
	var first error
	return func(typed string) (pos.Voucher, bool) {
		v, ok, err := r.voucherIn(tx, typed)
		if err != nil && first == nil {
			first = err
		}
		return v, ok
	}, func() error { return first }
}

// Voucher finds a gift voucher or credit voucher by its number typed in
// any case, with what it may still pay (ok false: no such voucher).
func (r *Register) Voucher(number string) (v pos.Voucher, ok bool, err error) {
	err = r.read(func(tx *bolt.Tx) error {
		v, ok, err = r.voucherIn(tx, number)
		return err
	})
	return v, ok, err
}

// VoucherBalance is what a gift voucher or credit voucher may still pay
// (ok false: no such voucher).
func (r *Register) VoucherBalance(number string) (pos.Money, bool, error) {
	v, ok, err := r.Voucher(number)
	return v.Balance, ok, err
}

// SaveCustomer records a customer (customer.saved); an empty ID gets a new
// one. Durable when it returns. A new customer, or one whose e-mail
// changes, with the e-mail of another customer is not recorded: the error
// (*EmailInUseError) names that customer, to be chosen instead (the CSV
// import takes the e-mail for a customer's identity, and orders counted
// under two records lose the "previous buyer" offers), or recorded
// anyway with SaveCustomerSharingEmail (a family sharing one address).
func (r *Register) SaveCustomer(staff string, c pos.Customer) (pos.Customer, error) {
	return r.saveCustomer(staff, c, false)
}

// SaveCustomerSharingEmail is SaveCustomer for a customer who shares an
// e-mail with another, as the staff member chose after being told.
func (r *Register) SaveCustomerSharingEmail(staff string, c pos.Customer) (pos.Customer, error) {
	return r.saveCustomer(staff, c, true)
}

// EmailInUseError is a customer not recorded because Existing has the
// same e-mail: choose Existing, or record them sharing it.
type EmailInUseError struct{ Existing pos.Customer }

func (e *EmailInUseError) Error() string { return pos.Say(e.problem(), pos.English) }

func (e *EmailInUseError) problem() error {
	return pos.Errorf("customer %s (%s) already has the e-mail %s: choose them, or record this customer as sharing it", e.Existing.Name, e.Existing.ID, e.Existing.Email)
}

// Say is the question in the staff member's language.
func (e *EmailInUseError) Say(lang pos.Lang) string { return pos.Say(e.problem(), lang) }

func (r *Register) saveCustomer(staff string, c pos.Customer, sharing bool) (pos.Customer, error) {
	c, err := c.Normalize()
	if err != nil {
		return c, err
	}
	now := r.now()
	err = r.update(now, "", staff, func(w *writer) error {
		if c.Email != "" && !sharing {
			if other, found, err := emailTaken(w.tx, c); err != nil {
				return err
			} else if found {
				return &EmailInUseError{Existing: other}
			}
		}
		sh, ok, err := openShift(w.tx, staff)
		if err != nil {
			return err
		}
		if ok {
			w.shift = sh.ID
		}
		p := customerSaved{Customer: c}
		if c.ID == "" {
			p.New = true
			p.Customer.ID = fmt.Sprintf("%s-C%05d", r.id, nextNumber(w.tx, "customers"))
		} else {
			var old pos.Customer
			found, err := getJSON(view(w.tx, vCustomers), []byte(c.ID), &old)
			if err != nil {
				return err
			}
			if found && c.Created.IsZero() {
				p.Customer.Created = old.Created
			}
			if found && old.Newsletter && c.Newsletter {
				p.Customer.NewsletterSince = old.NewsletterSince // consent kept: its date too
			}
		}
		if p.Customer.Newsletter && p.Customer.NewsletterSince.IsZero() {
			p.Customer.NewsletterSince = now.UTC() // the day consent was given
		}
		if p.Customer.Created.IsZero() {
			p.Customer.Created = now.UTC()
		}
		c = p.Customer
		_, err = w.append(TypeCustomerSaved, p)
		return err
	})
	return c, err
}

// emailTaken is another customer with c's e-mail, when c is new or its
// e-mail changes (a record that had it already keeps it unasked).
func emailTaken(tx *bolt.Tx, c pos.Customer) (pos.Customer, bool, error) {
	b := view(tx, vCustomers)
	if c.ID != "" {
		var old pos.Customer
		if found, err := getJSON(b, []byte(c.ID), &old); err != nil || found && old.Email == c.Email {
			return pos.Customer{}, false, err
		}
	}
	// Only the customers whose search text holds the address folded are
	// read (the same address folds the same): saving a customer decoded
	// every record, 20,000 on a box office's newsletter file.
	var other pos.Customer
	found := false
	err := customersMatching(tx, pos.Fold(c.Email), func(k []byte) error {
		var o pos.Customer
		if _, err := getJSON(b, k, &o); err != nil {
			return err
		}
		if o.ID != c.ID && o.Email == c.Email {
			other, found = o, true
			return errStop
		}
		return nil
	})
	return other, found, err
}

// SearchCustomers finds customers by name or e-mail (every word, ignoring
// case and accents), in the order of their ids. It reads their search
// text (customersMatching) and decodes the records of those it finds only.
func (r *Register) SearchCustomers(query string, limit int) ([]pos.Customer, error) {
	var out []pos.Customer
	err := r.read(func(tx *bolt.Tx) error {
		return customersMatching(tx, pos.Fold(query), func(id []byte) error {
			c, err := searchedCustomer(tx, id)
			if err != nil {
				return err
			}
			out = append(out, c)
			if limit > 0 && len(out) == limit {
				return errStop
			}
			return nil
		})
	})
	return out, err
}

// ValidatePayment records that a pending invoice was paid
// (payment.validated, counted in this till's shift), and how: how.Method
// empty or the invoice's own method is a bank transfer (how.Reference its
// reference); another method is the money taken at the counter (cash,
// which goes into this shift's drawer, or a card with its terminal
// reference), settled by pos's rules. Durable when it returns.
func (t *Till) ValidatePayment(number string, how pos.Tender) error {
	return t.command(func(w *writer) error {
		// An invoice past its deadline lapsed, noticed or not yet.
		if _, err := t.r.lapseIn(w.tx, w.now); err != nil {
			return err
		}
		ov, ok, err := getOrder(w.tx, number)
		if err != nil {
			return err
		}
		if !ok {
			return pos.Errorf("order %s: %w", number, ErrNotFound)
		}
		if ov.Order.State != pos.OrderPending {
			return pos.Errorf("order %s is %s, not waiting for an invoice payment", number, orderStateText(ov.Order.State))
		}
		for _, p := range ov.Order.Payments {
			if !p.Pending {
				continue
			}
			paid := p
			paid.Pending = false
			paid.Reference = strings.TrimSpace(pos.Clean(how.Reference, false))
			if (how.Method == "" || how.Method == p.Method) && paid.Reference == "" {
				// the transfer's reference is how the payment is found again
				return pos.Errorf("type the bank transfer's reference to validate order %s: it is how its payment is found again", number)
			}
			if how.Method != "" && how.Method != p.Method {
				m, ok := t.r.cat().PaymentMethodByID(how.Method)
				if !ok {
					return pos.Errorf("unknown payment method %q", how.Method)
				}
				switch m.Kind {
				case pos.KindInvoice, pos.KindFree, pos.KindVoucher, pos.KindCredit:
					return pos.Errorf("an invoice is paid with money: choose cash, a card, or the invoice itself for a bank transfer, not %s", m.Name)
				}
				how.Amount = p.Amount
				st, err := t.r.cat().Settle(t.Seller(), p.Amount, []pos.Tender{how}, nil, w.now)
				if err != nil {
					return err
				}
				paid = st.Payments[0]
				paid.Reference = strings.TrimSpace(pos.Clean(how.Reference, false))
			}
			_, err := w.append(TypePaymentValidated, paymentValidated{Order: number, Payment: paid})
			return err
		}
		return pos.Errorf("order %s has no pending payment", number)
	})
}

// command runs fn in a write transaction in the till's shift.
func (t *Till) command(fn func(w *writer) error) error {
	now := t.r.now()
	return t.r.update(now, "", t.staff.ID, func(w *writer) error {
		sh, err := t.shiftFor(w.tx)
		if err != nil {
			return err
		}
		w.shift = sh.ID
		return fn(w)
	})
}

// Cancel cancels an order (order.canceled): its tickets' seats and quota
// are released, its payments are given back from this till (cash from the
// drawer), and its offer and code usage are returned. Durable when it
// returns.
func (t *Till) Cancel(number, reason string) error {
	return t.CancelPart(number, reason, CancelOptions{})
}

// CancelOptions say what part of an order a cancellation takes back and
// how it is refunded.
type CancelOptions struct {
	// Tickets are the ticket numbers canceled; none: the whole order.
	Tickets []string
	// Refund is the payment method the money goes back by, within what
	// the order was paid by it; "": as it was paid.
	Refund string
	// Slip queues the cancellation's refund slip in the same commit,
	// when money goes back (a printer waits for it): the slip cannot be
	// lost between the refund and its paper.
	Slip bool
	// SlipCashOnly narrows Slip to a refund with cash in it (a till that
	// prints the receipts of cash sales only): a card's refund has the
	// terminal's own slip.
	SlipCashOnly bool
	// Drawer queues the drawer's kick in the same commit, when cash goes
	// back: it opens before the slip prints, never after it.
	Drawer bool
}

// CancelPart cancels an order, or some of its tickets (order.canceled,
// partial): what they cost is refunded by the method chosen, within what
// was paid by it. A refund in cash comes out of this till's drawer: one
// beyond the cash the drawer should hold is refused, naming another way
// to refund. Tickets exchanged or gift vouchers spent stay out of a
// partial cancellation, and keep a whole one from happening. Durable when
// it returns.
func (t *Till) CancelPart(number, reason string, opt CancelOptions) error {
	reason = strings.TrimSpace(pos.Clean(reason, false))
	if reason == "" {
		return pos.Errorf("type why the order is canceled")
	}
	var done orderCanceled // the last run of fn is the one committed
	var entry uint64       // its order.canceled entry
	var slip bool          // its refund slip queued with it
	err := t.command(func(w *writer) error {
		p, err := t.cancellation(w.tx, w.now, number, reason, opt)
		if err != nil {
			return err
		}
		if err := t.drawerCovers(w, p.Refunds); err != nil {
			return err
		}
		done = p
		e, err := w.append(TypeOrderCanceled, p)
		if err != nil {
			return err
		}
		entry = e.Seq
		cash := slices.ContainsFunc(p.Refunds, func(r pos.Payment) bool { return r.Kind == pos.KindCash })
		if opt.Drawer && cash {
			if _, err := w.append(TypeDrawerQueued, drawerQueued{}); err != nil {
				return err
			}
		}
		slip = opt.Slip && len(p.Refunds) > 0 && (cash || !opt.SlipCashOnly)
		if slip {
			_, err = w.append(TypeReceiptQueued, receiptQueued{Order: number, Refund: e.Seq})
		}
		return err
	})
	if err == nil {
		t.r.mu.Lock()
		t.lastCanceled = Cancellation{Refunds: done.Refunds, Credit: done.Credit, Entry: entry, Slip: slip}
		t.r.mu.Unlock()
	}
	return err
}

// Cancellation is what a cancellation gave back: its refunds, and the
// credit voucher an exchange credit went back to ("": none).
type Cancellation struct {
	Refunds []pos.Payment
	Credit  string
	Entry   uint64 // its order.canceled entry (RefundOf, QueueRefundSlip)
	Slip    bool   // its refund slip was queued with it (CancelOptions.Slip)
}

// LastCancellation is what the till's last successful CancelPart gave
// back: the drawer opens for cash, a credit voucher's slip prints.
func (t *Till) LastCancellation() Cancellation {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	return t.lastCanceled
}

// Refunds is what CancelPart would give back, and how, as the file is now:
// the question a screen asks before the cancellation is confirmed. It
// writes nothing.
func (t *Till) Refunds(number string, opt CancelOptions) ([]pos.Payment, error) {
	var p orderCanceled
	err := t.r.read(func(tx *bolt.Tx) error {
		var err error
		p, err = t.cancellation(tx, t.r.now(), number, "", opt)
		return err
	})
	return p.Refunds, err
}

// cancellation is the order.canceled that cancels opt's part of order
// number in tx: its tickets, its refunds.
func (t *Till) cancellation(tx *bolt.Tx, now time.Time, number, reason string, opt CancelOptions) (orderCanceled, error) {
	ov, ok, err := getOrder(tx, number)
	if err != nil {
		return orderCanceled{}, err
	}
	if !ok {
		return orderCanceled{}, pos.Errorf("order %s: %w", number, ErrNotFound)
	}
	switch ov.Order.State {
	case pos.OrderCanceled:
		return orderCanceled{}, pos.Errorf("order %s is already canceled", number)
	case pos.OrderLapsed:
		return orderCanceled{}, pos.Errorf("order %s lapsed at its deadline: its tickets were already released", number)
	}
	p := orderCanceled{Order: number, Reason: reason}
	chosen, pick := map[string]bool{}, map[string]bool{} // pick: not found yet
	for _, n := range opt.Tickets {
		n = strings.ToUpper(strings.TrimSpace(n))
		chosen[n], pick[n] = true, true
	}
	valid := 0
	for _, tk := range ov.Tickets {
		if tk.State == TicketValid {
			valid++
		}
	}
	for _, tk := range ov.Tickets {
		if len(chosen) > 0 && !chosen[tk.Number] {
			continue
		}
		delete(pick, tk.Number)
		if tk.State == TicketExchanged && len(opt.Tickets) == 0 {
			return orderCanceled{}, pos.Errorf("ticket %s of order %s was exchanged: cancel the order it went to, or exchange the others", tk.Number, number)
		}
		if tk.State != TicketValid {
			if len(opt.Tickets) > 0 {
				return orderCanceled{}, pos.Errorf("ticket %s is already %s", tk.Number, ticketStateText(tk.State))
			}
			continue
		}
		if tk.Kind == pos.LineVoucher {
			var v voucherRec
			found, err := getJSON(view(tx, vVouchers), []byte(tk.Number), &v)
			if err != nil {
				return orderCanceled{}, err
			}
			if found && v.Balance != v.Value {
				if len(opt.Tickets) == 0 && valid > 1 {
					// the others may still go back: say so
					return orderCanceled{}, pos.Errorf("gift voucher %s was already spent: it can no longer be canceled; cancel the order's other tickets alone", tk.Number)
				}
				return orderCanceled{}, pos.Errorf("gift voucher %s was already spent: it can no longer be canceled", tk.Number)
			}
		}
		if door, at, in, err := letIn(tx, t.r.cat(), tk.Number); err != nil {
			return orderCanceled{}, err
		} else if in {
			if len(opt.Tickets) == 0 && valid > 1 {
				// the others may still go back: say so
				return orderCanceled{}, pos.Errorf("ticket %[1]s was let in at %[3]s (door: %[2]s): it was used, it can no longer be canceled; cancel the order's other tickets alone", tk.Number, door, at)
			}
			return orderCanceled{}, pos.Errorf("ticket %[1]s was let in at %[3]s (door: %[2]s): it was used, it can no longer be canceled", tk.Number, door, at)
		}
		p.Tickets = append(p.Tickets, tk.Ticket)
	}
	for n := range pick {
		return orderCanceled{}, pos.Errorf("ticket %s is not in order %s", n, number)
	}
	p.Partial = len(opt.Tickets) > 0 && len(p.Tickets) < valid
	if p.Partial && ov.Order.State == pos.OrderPending {
		// its invoice would still ask the whole amount, and its validation
		// record it: the customer paid for tickets given back
		return orderCanceled{}, pos.Errorf("order %s waits for its invoice's payment: cancel the whole order, or validate its payment first and then cancel tickets", number)
	}
	if o := ov.Order.Offer; o != nil {
		p.Offer = o.ID
		if !p.Partial {
			p.Code = o.Code
		}
	}
	// a paid order gives back what it cost; an invoice not paid yet,
	// canceled whole, what was paid beside it (a deposit, a voucher)
	if ov.Order.State == pos.OrderPaid || ov.Order.State == pos.OrderPending {
		if p.Refunds, err = refunds(t.r.cat(), ov, p, opt.Refund); err != nil {
			return orderCanceled{}, err
		}
		if p.Refunds, err = t.r.expiredToCredit(tx, now, p.Refunds); err != nil {
			return orderCanceled{}, err
		}
		if err := t.r.creditFor(tx, &p); err != nil {
			return orderCanceled{}, err
		}
	}
	return p, nil
}

// creditFor names the credit voucher the refunds of p give an exchange
// credit back to, when one of them does (p.Credit): the order's own (the
// remainder of the exchange that paid it), or a new one. Before, that
// money went nowhere: the customer lost the credit.
func (r *Register) creditFor(tx *bolt.Tx, p *orderCanceled) error {
	if !slices.ContainsFunc(p.Refunds, func(rf pos.Payment) bool { return rf.Voucher == pos.ExchangeVoucher }) {
		return nil
	}
	number, _, ok, err := creditVoucherIn(tx, p.Order)
	if err != nil {
		return err
	}
	if !ok {
		number, p.NewCredit = fmt.Sprintf("%s-A%04d", r.id, nextNumber(tx, "credits")), true
	}
	p.Credit = number
	return nil
}

// expiredToCredit turns the refunds to gift vouchers that expired by now
// into credit (the credit method, as an exchange credit given back:
// creditFor names its voucher): money given back to an expired voucher
// could no longer be spent. The voucher keeps what it held. Without a
// credit method in the catalog, the refunds stay as they are.
func (r *Register) expiredToCredit(tx *bolt.Tx, now time.Time, rs []pos.Payment) ([]pos.Payment, error) {
	m := r.cat().MethodOfKind(pos.KindCredit)
	if m == nil {
		return rs, nil
	}
	for i, rf := range rs {
		if rf.Kind != pos.KindVoucher || rf.Voucher == "" {
			continue
		}
		v, ok, err := r.voucherIn(tx, rf.Voucher)
		if err != nil {
			return nil, err
		}
		if ok && pos.VoucherExpired(v.Expires, now, r.cat().Location()) {
			rs[i] = pos.Payment{Method: m.ID, Kind: pos.KindCredit, Amount: rf.Amount, Voucher: pos.ExchangeVoucher}
		}
	}
	return rs, nil
}

// refunds are the payments a cancellation gives back. A whole order with
// no method chosen gets back what is left of each payment, as taken. A
// part, or a method chosen, gets back what its tickets cost (the whole
// order: what is left of it), by that method or else the order's payments
// in turn, each within what it paid less what it gave back before. Each
// source of money is refunded apart: two gift vouchers that paid an order
// each get back their own (the first got both before), two cards theirs.
// An invoice not paid yet gives nothing back; what was paid beside it (a
// deposit, a voucher) does.
func refunds(cat *pos.Catalog, ov OrderView, p orderCanceled, method string) ([]pos.Payment, error) {
	cur := ov.Order.Total.Currency
	type source struct {
		pay  pos.Payment // its first payment: method, voucher, card
		paid pos.Money   // by all its payments
		left pos.Money   // paid less refunded
		// cash: what went into the drawer (its rounding included), and
		// what came out of it for the refunds before
		cashIn, cashOut pos.Money
	}
	var sources []*source
	byKey := map[string]*source{}
	for _, pay := range ov.Order.Payments {
		if pay.Pending {
			continue
		}
		k := refundKey(pay)
		if byKey[k] == nil {
			byKey[k] = &source{pay: pay, paid: pos.Zero(cur), left: pos.Zero(cur), cashIn: pos.Zero(cur), cashOut: pos.Zero(cur)}
			sources = append(sources, byKey[k])
		}
		byKey[k].paid = byKey[k].paid.Plus(pay.Amount)
		byKey[k].left = byKey[k].left.Plus(pay.Amount)
		byKey[k].cashIn = byKey[k].cashIn.Plus(pay.Cash())
	}
	for _, r := range ov.Refunds {
		if src := byKey[refundKey(r)]; src != nil {
			src.left = src.left.Minus(r.Amount)
			src.cashOut = src.cashOut.Plus(r.Cash())
		}
	}
	amount := pos.Zero(cur)
	if p.Partial {
		for _, tk := range p.Tickets {
			amount = amount.Plus(tk.Price)
		}
	} else {
		for _, src := range sources {
			amount = amount.Plus(src.left)
		}
		// what exchanged tickets were worth paid another order already
		for _, tk := range ov.Tickets {
			if tk.State == TicketExchanged {
				amount = amount.Minus(tk.Price.Min(amount))
			}
		}
	}
	if method != "" {
		m, ok := cat.PaymentMethodByID(method)
		if !ok {
			return nil, pos.Errorf("unknown payment method %q", method)
		}
		sources = slices.DeleteFunc(sources, func(src *source) bool { return src.pay.Method != m.ID })
		if len(sources) == 0 {
			return nil, pos.Errorf("order %s was not paid by %s: refund it by a method it was paid with", ov.Order.Number, m.Name)
		}
		left := pos.Zero(cur)
		for _, src := range sources {
			left = left.Plus(src.left)
		}
		if amount.Cmp(left) > 0 {
			// one refund goes back by one method or as paid, never split
			// over two chosen (the cancel screen cannot): say what can be done
			return nil, pos.Errorf("%s paid %s of order %s that can still be refunded, not %s: refund it as paid, or by a method that can still give back that much, or cancel fewer tickets", m.Name, left, ov.Order.Number, amount)
		}
	}
	var out []pos.Payment
	for _, src := range sources {
		if amount.IsZero() {
			break
		}
		a := src.left.Min(amount)
		if a.IsZero() || a.IsNegative() {
			continue
		}
		r := pos.Payment{Method: src.pay.Method, Kind: src.pay.Kind, Amount: a, Voucher: src.pay.Voucher, Card: src.pay.Card, Reference: src.pay.Reference}
		if src.pay.Kind == pos.KindCash {
			// Cash goes back in coins (no CHF coin under 0.05): what the
			// drawer gives is rounded on what was refunded so far, so the
			// refunds of an order add up to what it took (CHF 38.33 +
			// 38.33 + 38.34 go back as 38.35 + 38.30 + 38.35), and the
			// last gives back exactly what is left of what it took.
			refunded := src.paid.Minus(src.left).Plus(a)
			handed := refunded.CashRounded()
			if a == src.left {
				handed = src.cashIn
			}
			r.Rounding = handed.Minus(src.cashOut).Minus(a)
		}
		out = append(out, r)
		amount = amount.Minus(a)
	}
	return out, nil
}

// refundKey is the source of money a payment or a refund is: its method,
// and the voucher or the card it was.
func refundKey(p pos.Payment) string {
	k := p.Method + "\x00" + p.Voucher
	if c := p.Card; c != nil {
		k += "\x00" + c.Terminal + "\x00" + c.Approval + "\x00" + c.Last4
	}
	return k
}

// drawerCovers refuses refunds whose cash the till's drawer should not
// hold (issue 10: the same rule as taking cash out).
func (t *Till) drawerCovers(w *writer, refunds []pos.Payment) error {
	cash := pos.Zero(t.r.cat().Currency())
	for _, r := range refunds {
		cash = cash.Plus(r.Cash())
	}
	if cash.IsZero() {
		return nil
	}
	rep, err := t.r.report(w.tx, w.shift, w.now)
	if err != nil {
		return err
	}
	if cash.Cmp(rep.Expected) > 0 {
		return pos.Errorf("the drawer should hold only %s, not the %s this refund gives back in cash: refund by another method, or put cash in first", rep.Expected, cash)
	}
	return nil
}

// Exchange takes back tickets, found by their order number or the
// customer's e-mail, and puts their value as a credit in the till's cart;
// it returns the cart's credit. A ticket may also be given by its QR code,
// scanned (ScannedTicket: it must be this register's, as issued): the code
// proves the ticket, from whatever order, and when every ticket is given
// so, ref may be "". A cart holds one exchange: more tickets of the same
// order (or e-mail, or scanned) join its credit, another's are refused.
// Nothing is written yet: Checkout records exchange.made in the same
// transaction as the new order (the seats are released then), and leaves
// any unused remainder as a credit voucher.
func (t *Till) Exchange(ref string, tickets []string) (pos.Money, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" && !AllScanned(tickets) || len(tickets) == 0 {
		return pos.Money{}, pos.Errorf("type the order number or e-mail, and the ticket numbers to exchange")
	}
	r := t.r
	if ref != "" && !strings.Contains(ref, "@") {
		ref = r.typedOrder(ref) // an order number typed in any case, or short
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waitCatalog()
	if t.closed.Load() {
		return pos.Money{}, ErrTillClosed
	}
	if t.selling != nil {
		return pos.Money{}, ErrSelling
	}
	credit := exchangeCredit{ref: ref, amount: pos.Zero(r.cat().Currency()), fee: pos.Zero(r.cat().Currency())}
	seen := map[string]bool{}
	if c := t.credit; c != nil {
		// one exchange per cart: replaced, the first one's tickets (handed
		// over at the desk) would stay valid, their value paid again. More
		// tickets of the same order (or e-mail) join its credit.
		if !strings.EqualFold(c.ref, ref) {
			return pos.Money{}, pos.Errorf("the cart already holds the exchange credit of %s: record its sale or clear the cart first (a customer's tickets from several orders are exchanged together, by their e-mail)", c.ref)
		}
		credit = *c
		credit.tickets, credit.given = slices.Clone(c.tickets), slices.Clone(c.given)
		for _, tk := range c.tickets {
			seen[tk.Number] = true
		}
	}
	now := r.now()
	customers := map[string]bool{} // of the orders the tickets come from
	err := r.read(func(tx *bolt.Tx) error {
		if _, err := t.shiftFor(tx); err != nil {
			return err
		}
		byEmail := strings.Contains(ref, "@")
		for _, number := range tickets {
			given, scanned := ScannedCode(number)
			if scanned {
				tk, code, err := r.scannedIn(tx, given)
				if err != nil {
					return err
				}
				number, given = tk.Number, code
			} else {
				number = r.TypedTicket(number) // typed in any case, as a voucher's, or short as at the door
				given = number
			}
			if seen[number] {
				return pos.Errorf("ticket %s is listed twice", number)
			}
			seen[number] = true
			orderNo := pos.OrderOfTicket(number)
			ov, ok, err := getOrder(tx, orderNo)
			if err != nil {
				return err
			}
			if !ok {
				return pos.Errorf("ticket %s: %w", number, ErrNotFound)
			}
			if scanned {
				// its code proves it: from whatever order
			} else if byEmail {
				var c pos.Customer
				found := false
				if ov.Order.Customer != "" {
					if found, err = getJSON(view(tx, vCustomers), []byte(ov.Order.Customer), &c); err != nil {
						return err
					}
				}
				if !found || c.Email != strings.ToLower(ref) {
					return pos.Errorf("ticket %s was not bought by %s", number, ref)
				}
			} else if orderNo != ref {
				return pos.Errorf("ticket %s is not in order %s", number, ref)
			}
			if ov.Order.State != pos.OrderPaid {
				return pos.Errorf("order %s is %s: only paid tickets can be exchanged", orderNo, orderStateText(ov.Order.State))
			}
			customers[ov.Order.Customer] = true
			var tk *TicketView
			for i := range ov.Tickets {
				if ov.Tickets[i].Number == number {
					tk = &ov.Tickets[i]
				}
			}
			switch {
			case tk == nil:
				return pos.Errorf("ticket %s: %w", number, ErrNotFound)
			case tk.State != TicketValid:
				return pos.Errorf("ticket %s is already %s", number, ticketStateText(tk.State))
			case tk.Kind != pos.LineTicket && tk.Kind != pos.LinePass:
				return pos.Errorf("%s is not a ticket or pass: it cannot be exchanged", number)
			}
			if err := t.notLetIn(tx, tk.Number); err != nil {
				return err
			}
			value := tk.Price
			var fee pos.Money
			if tk.Kind == pos.LineTicket {
				if err := r.cat().CanExchange(tk.Performance, now); err != nil {
					return pos.Errorf("ticket %s: %w", number, err)
				}
				fee = r.cat().ExchangeFee(tk.Performance)
			} else {
				if err := r.cat().CanExchangePass(tk.Item, now); err != nil {
					return pos.Errorf("pass %s: %w", number, err)
				}
				fee = r.cat().ExchangePassFee()
			}
			// the fee is kept from the ticket's own value, never more
			fee = fee.Min(value)
			credit.fee = credit.fee.Plus(fee)
			value = value.Minus(fee)
			credit.tickets = append(credit.tickets, tk.Ticket)
			credit.given = append(credit.given, given)
			credit.amount = credit.amount.Plus(value)
		}
		return nil
	})
	if err != nil {
		return pos.Money{}, err
	}
	t.credit = &credit
	// the new order is the same customer's (found later by name, its
	// e-mails sent): when the cart names nobody and the tickets one
	if len(customers) == 1 && t.cart.Customer == "" {
		for c := range customers {
			t.cart.Customer = c
		}
	}
	t.cartVer++
	// priced again now, as SetCustomer does: the cart still counts against
	// the offers' quotas at the other tills (promoStateFor), with the
	// customer it may have just taken
	t.pricedLocked()
	r.changed()
	return credit.amount, nil
}

// Reprint queues a duplicate of a ticket (ticket.reprinted). Durable when
// it returns; the print queue then holds it.
func (t *Till) Reprint(ticket string) error {
	return t.command(func(w *writer) error {
		number := pos.OrderOfTicket(ticket)
		ov, ok, err := getOrder(w.tx, number)
		if err != nil {
			return err
		}
		if !ok {
			return pos.Errorf("ticket %s: %w", ticket, ErrNotFound)
		}
		for _, tk := range ov.Tickets {
			if tk.Number == ticket {
				if tk.State != TicketValid {
					return pos.Errorf("ticket %s is %s: it cannot be printed again", ticket, ticketStateText(tk.State))
				}
				_, err := w.append(TypeTicketReprinted, ticketReprinted{Order: number, Ticket: ticket, Copy: tk.Reprints + 1})
				return err
			}
		}
		return pos.Errorf("ticket %s: %w", ticket, ErrNotFound)
	})
}

// CashMove records cash put in (+) or taken out (-) of the drawer
// (cash.moved). Durable when it returns.
func (t *Till) CashMove(amount pos.Money, reason string) error {
	reason = strings.TrimSpace(pos.Clean(reason, false))
	switch {
	case amount.IsZero():
		return pos.Errorf("type an amount: positive to put cash in, negative to take it out")
	case amount.Currency != t.r.cat().Currency():
		return pos.Errorf("the drawer holds %s", t.r.cat().Currency())
	case reason == "":
		return pos.Errorf("type the reason for the cash movement")
	}
	if err := pos.CheckCoins(amount); err != nil {
		return err
	}
	return t.command(func(w *writer) error {
		if amount.IsNegative() {
			rep, err := t.r.report(w.tx, w.shift, w.now)
			if err != nil {
				return err
			}
			if amount.Neg().Cmp(rep.Expected) > 0 {
				return pos.Errorf("the drawer should hold only %s", rep.Expected)
			}
		}
		_, err := w.append(TypeCashMoved, cashMoved{Amount: amount, Reason: reason})
		return err
	})
}

// XReport is the shift's figures now; it writes nothing.
func (t *Till) XReport() (Report, error) {
	var rep Report
	err := t.r.read(func(tx *bolt.Tx) error {
		sh, err := t.shiftFor(tx)
		if err != nil {
			return err
		}
		rep, err = t.r.report(tx, sh.ID, t.r.now())
		return err
	})
	return rep, err
}

func (r *Register) report(tx *bolt.Tx, shift string, now time.Time) (Report, error) {
	rep, found, err := loadReport(tx, shift)
	if err == nil && !found {
		err = &DamagedViewError{Key: shift, Err: errors.New("the open shift has no report")}
	}
	if err != nil {
		return Report{}, err
	}
	rep.Orders, rep.Tickets = shiftSales(tx, shift)
	if !rep.Z || rep.Detail == nil {
		d, err := detailRef(tx, shift, rep.Float.Currency)
		if err != nil {
			return Report{}, err
		}
		cp := d.clone()
		rep.Detail = &cp
	}
	if !rep.Z {
		rep.At = now.UTC()
	} else {
		// shift.closed keeps no zero count or difference (omitzero): a
		// drawer found empty, or exactly right, reads back without its
		// currency
		if rep.Counted.Currency == "" {
			rep.Counted = pos.Zero(rep.Float.Currency)
		}
		if rep.Difference.Currency == "" {
			rep.Difference = pos.Zero(rep.Float.Currency)
		}
	}
	// Methods in catalog order, as the counter knows them.
	order := map[string]int{}
	for i, m := range r.cat().PaymentMethods {
		order[m.ID] = i + 1
	}
	byM := rep.ByMethod
	for i := 1; i < len(byM); i++ {
		for j := i; j > 0 && order[byM[j].Method] < order[byM[j-1].Method]; j-- {
			byM[j], byM[j-1] = byM[j-1], byM[j]
		}
	}
	return rep, nil
}

// CloseShift is the Z closure: it records shift.closed with the expected
// cash, the cash counted, the difference and the totals by method, and
// closes the shift. Durable when it returns. The count is taken against
// the cash expected at the close, whatever it is: for a caller that showed
// none (a script, a test); a screen that showed one closes with
// CloseShiftAgainst.
func (t *Till) CloseShift(counted pos.Money) (Report, error) {
	return t.closeShift(counted, nil)
}

// CloseShiftAgainst is CloseShift for a count the staff confirmed against
// the cash expected they read (expected): when the drawer's is no longer
// it (a sale or cash movement at another till of the same shift since the
// screen read it), nothing is written and the error wraps
// ErrExpectedChanged. It is checked in the commit that closes the shift,
// so no sale can come between the check and the Z.
func (t *Till) CloseShiftAgainst(counted, expected pos.Money) (Report, error) {
	return t.closeShift(counted, &expected)
}

func (t *Till) closeShift(counted pos.Money, expected *pos.Money) (Report, error) {
	if counted.Currency == "" {
		counted.Currency = t.r.cat().Currency()
	}
	if counted.Currency != t.r.cat().Currency() || counted.IsNegative() {
		return Report{}, pos.Errorf("the cash counted is an amount in %s, zero or more", t.r.cat().Currency())
	}
	// counted cash is coins: CHF 209.73 is a slip of the keys
	if err := pos.CheckCoins(counted); err != nil {
		return Report{}, err
	}
	var rep Report
	err := t.command(func(w *writer) error {
		var err error
		if rep, err = t.r.report(w.tx, w.shift, w.now); err != nil {
			return err
		}
		if expected != nil && expected.Amount != rep.Expected.Amount {
			// confirmed "even" against 200, the drawer now holds 250: a Z
			// here would record a difference the staff never read
			return pos.Errorf("%w (%s → %s): a sale or a cash movement at another till of this shift; count the drawer again, then close", ErrExpectedChanged, *expected, rep.Expected)
		}
		rep.Z, rep.At, rep.Counted = true, w.now.UTC(), counted
		rep.Difference = counted.Minus(rep.Expected)
		if _, err = w.append(TypeShiftClosed, shiftClosed{Report: rep}); err != nil {
			return err
		}
		return w.closeDayAtZ()
	})
	if err != nil {
		return Report{}, err
	}
	return rep, nil
}

// PrintAlso is what a sale queues besides its tickets, in its own
// transaction: its receipt, and a kick of the cash drawer.
type PrintAlso struct{ Receipt, Drawer bool }

// MarkPrinted records that print jobs came out of the printer
// (ticket.printed, receipt.printed, drawer.opened), all in ONE commit: a
// sale's tickets printed together cost one fsync, not one each. The jobs
// leave the queue. A job that is not waiting makes the whole call fail
// (wrapping ErrNotFound), recording none, except a ticket's job that left
// the queue because its ticket was given back (canceled, lapsed,
// exchanged) while the printer had it: that paper exists, so it is
// recorded printed (printJobs.givenBack). Durable when it returns.
func (r *Register) MarkPrinted(ids ...string) error { return r.markPrinted(false, ids) }

// MarkPrintedShared is MarkPrinted for the printer's spooler, which no
// screen waits for: it waits a little (commitPatient, 3 ms at most) for a
// till's write to share its commit, so that a sale and the confirmations
// of the sale before it cost one fsync. Durable when it returns.
func (r *Register) MarkPrintedShared(ids ...string) error { return r.markPrinted(true, ids) }

func (r *Register) markPrinted(patient bool, ids []string) error {
	if r.readOnly {
		return ErrReadOnly
	}
	now := r.now()
	commit := func(fn func(tx *bolt.Tx) error) error { return r.commit(fn, nil) }
	if patient {
		commit = r.commitPatient
	}
	err := commit(func(tx *bolt.Tx) error {
		w := r.newWriter(tx, now, "", "")
		jobs := jobsIn(tx)
		for _, id := range ids {
			job, err := jobs.waiting(id)
			if errors.Is(err, ErrNotFound) {
				if gone, ok, gerr := jobs.givenBack(tx, id); gerr != nil {
					return gerr
				} else if ok {
					job, err = gone, nil
				}
			}
			if err != nil {
				return err
			}
			switch job.kind {
			case JobTicket:
				_, err = w.append(TypeTicketPrinted, ticketPrinted{Job: id, Ticket: job.ticket})
			case JobReceipt, JobVoucher, JobPaymentRefund, JobReport:
				_, err = w.append(TypeReceiptPrinted, jobDone{Job: id, Order: job.order})
			case JobDrawer:
				_, err = w.append(TypeDrawerOpened, jobDone{Job: id, Order: job.order})
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		r.changed()
	}
	return err
}

// jobRef is what recording a print job's outcome needs of it: its kind,
// its order (a voucher slip's: the voucher's number) and, for a ticket,
// its number.
type jobRef struct{ kind, order, ticket string }

// printJobs looks jobs of the print queue up in a transaction through one
// cursor on the queue and one on the journal (journalCursor): a sale's
// confirmation looks up each of its five jobs and their entries.
type printJobs struct {
	queue   *bolt.Cursor
	journal journalCursor
}

func jobsIn(tx *bolt.Tx) printJobs {
	return printJobs{view(tx, vPrintQueue).Cursor(), journalCursorIn(tx)}
}

// waiting is the print job id of the queue (an error wrapping
// ErrNotFound: it is not waiting). A ticket's number and order are read
// off its ticket.issued entry, not the whole ticket (printJobAt).
func (jobs printJobs) waiting(id string) (jobRef, error) {
	n, ok := jobSeq(id)
	if !ok {
		return jobRef{}, fmt.Errorf("print job %q: %w", id, ErrNotFound)
	}
	k := jobKey(n)
	var v []byte
	if at, value := jobs.queue.Seek(k); bytes.Equal(at, k) {
		v = value
	}
	if v == nil {
		return jobRef{}, fmt.Errorf("print job %s is not waiting (already printed?): %w", id, ErrNotFound)
	}
	kind, order, ok := jobKindOf(v)
	if !ok {
		return jobRef{}, fmt.Errorf("print job %x is damaged: rebuild the views (guichet journal rebuild)", k)
	}
	if kind != JobTicket {
		return jobRef{kind: kind, order: order}, nil
	}
	issued, _, _ := parseJob(v)
	order, ticket, err := issuedRefOf(jobs.journal.get(issued), issued)
	if err != nil {
		return jobRef{}, fmt.Errorf("print job %s: %w", id, err)
	}
	return jobRef{kind: kind, order: order, ticket: ticket}, nil
}

// queuedAsZ says whether report job id (waiting) was queued as its
// shift's Z closure (receipt.queued's z), not as its X.
func (jobs printJobs) queuedAsZ(id string) (bool, error) {
	n, _ := jobSeq(id)
	q, err := entryOf(jobs.journal.get(n), n)
	if err != nil {
		return false, fmt.Errorf("print job %s: %w", id, err)
	}
	if q.Type != TypeReceiptQueued {
		return false, nil
	}
	p, err := payloadOf[receiptQueued](q)
	if err != nil {
		return false, fmt.Errorf("print job %s: %w", id, err)
	}
	return p.Z, nil
}

// givenBack is a ticket's print job (ticket.issued or ticket.reprinted)
// that is not waiting because its ticket was canceled or exchanged after
// the spooler read the queue: the spooler printed it all the same (it was
// being sent, or the sale's other jobs were), and the cancellation's
// commit took it off the queue before the sale's jobs were recorded
// together (or its record failed, retried later, even at the next start).
// ok false: not such a job, or it is recorded printed already, so a job is
// never recorded twice. It reads the job's entry and its order's record,
// however long the journal after them.
func (jobs printJobs) givenBack(tx *bolt.Tx, id string) (jobRef, bool, error) {
	n, ok := jobSeq(id)
	if !ok {
		return jobRef{}, false, nil
	}
	v := jobs.journal.get(n)
	if v == nil {
		return jobRef{}, false, nil
	}
	e, err := entryOf(v, n)
	if err != nil {
		return jobRef{}, false, err
	}
	var order, ticket string
	switch e.Type {
	case TypeTicketIssued:
		if order, ticket, err = issuedRefOf(v, n); err != nil {
			return jobRef{}, false, err
		}
	case TypeTicketReprinted:
		p, err := payloadOf[ticketReprinted](e)
		if err != nil {
			return jobRef{}, false, err
		}
		order, ticket = p.Order, p.Ticket
	default:
		return jobRef{}, false, nil
	}
	i, ok := ticketIndex(ticket)
	if !ok {
		return jobRef{}, false, nil
	}
	rec, found, err := getRec(view(tx, vOrders), order)
	if err != nil || !found || i >= len(rec.Tickets) {
		return jobRef{}, false, err
	}
	t := rec.Tickets[i]
	if st := t.state(); st != TicketCanceled && st != TicketExchanged || t.Printed >= 1+t.Reprints {
		return jobRef{}, false, nil
	}
	given := jobRef{kind: JobTicket, order: order, ticket: ticket}
	switch {
	case t.Printed == 0:
		return given, true, nil // none of its jobs is recorded: this one is not
	case t.Reprints > 0 && len(t.PrintedJobs) == t.Printed:
		// the record lists the jobs recorded (never reprinted: Printed
		// is 0 or was enough above)
		return given, !slices.Contains(t.PrintedJobs, n), nil
	}
	// A record that cannot tell (written otherwise than by applyOrders'
	// ticket.printed): the journal after the job says. Never in a file
	// whose views are of this format.
	recorded, err := recordedAfter(tx, n, id)
	if err != nil || recorded {
		return jobRef{}, false, err
	}
	return given, true, nil
}

// recordedAfter says whether a ticket.printed after entry n names job id:
// a read of the journal from n to its end, which printJobs.givenBack needs
// only for an order's record that does not list its ticket's printed jobs.
// A variable for the tests, which count its calls.
var recordedAfter = func(tx *bolt.Tx, n uint64, id string) (bool, error) {
	recorded := errors.New("recorded")
	err := forEachEntry(tx, n+1, func(e Entry) error {
		if e.Type != TypeTicketPrinted {
			return nil
		}
		p, err := payloadOf[ticketPrinted](e)
		if err == nil && p.Job == id {
			return recorded
		}
		return err
	})
	if errors.Is(err, recorded) {
		return true, nil
	}
	return false, err
}

// DropPrintJob records that a print job was given up (print.dropped, with
// why): a drawer kick queued too long ago to open the drawer now, say. The
// job leaves the queue. Durable when it returns.
//
// A paper of a shift's Z closure is never given up (refused, nothing
// written): the Z's papers are numbered when they are queued, from those
// queued before (QueueShiftReport, zpapers in the counters view), so the
// one after a Z dropped unprinted would say DUPLICATA 1 with no original
// ever printed. It waits for the printer, as a sale's tickets do.
func (r *Register) DropPrintJob(id, reason string) error {
	reason = strings.TrimSpace(pos.Clean(reason, false))
	if reason == "" {
		return pos.Errorf("say why print job %s is dropped", id)
	}
	return r.update(r.now(), "", "", func(w *writer) error {
		jobs := jobsIn(w.tx)
		job, err := jobs.waiting(id)
		if err != nil {
			return err
		}
		if job.kind == JobReport {
			z, err := jobs.queuedAsZ(id)
			if err != nil {
				return err
			}
			if z {
				return pos.Errorf("print job %s is a paper of shift %s's Z closure: it is never dropped (the next paper of the Z is numbered DUPLICATA after it); it prints once the printer is back", id, job.order)
			}
		}
		_, err = w.append(TypePrintDropped, jobDone{Job: id, Order: job.order, Reason: reason})
		return err
	})
}

// QueueReceipt queues the receipt of a recorded order (receipt.queued),
// asked for after the sale. Durable when it returns; the print queue then
// holds it.
func (t *Till) QueueReceipt(order string) error {
	return t.queue(func(w *writer) error {
		rec, ok, err := getRec(view(w.tx, vOrders), order)
		if err != nil {
			return err
		}
		if !ok {
			return pos.Errorf("order %s: %w", order, ErrNotFound)
		}
		// a receipt already queued for the order makes this one a
		// duplicate, numbered and printed so (DUPLICATA 1)
		_, err = w.append(TypeReceiptQueued, receiptQueued{Order: order, Copy: rec.Receipts})
		return err
	})
}

// QueueShiftReport queues a shift's report on paper (receipt.queued with
// the shift): its Z closure once it is closed, numbered from the Z's
// papers queued before (DUPLICATA 1), else its X, which prints the figures
// as they are when it prints. Whose shift it may be is the caller's to
// check. Durable when it returns.
func (t *Till) QueueShiftReport(shift string) error {
	return t.queue(func(w *writer) error {
		exists, closed := shiftWhere(w.tx, shift)
		if !exists {
			return pos.Errorf("shift %s: %w", shift, ErrNotFound)
		}
		p := receiptQueued{Shift: shift, Z: closed}
		if closed {
			p.Copy = getInt(view(w.tx, vCounters), zPapersKey(shift))
		}
		_, err := w.append(TypeReceiptQueued, p)
		return err
	})
}

// QueueRefundSlip queues again the refund slip of an order's
// cancellation (its order.canceled entry): a duplicate, numbered from
// the slips queued for that cancellation before (DUPLICATA 1), as an
// order's receipt printed again is. The first slip is queued with the
// cancellation itself (CancelOptions.Slip); a cancellation queued none
// (no printer then) gets its original here. Durable when it returns.
func (t *Till) QueueRefundSlip(order string, entry uint64) error {
	return t.queue(func(w *writer) error {
		rec, ok, err := getRec(view(w.tx, vOrders), order)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(rec.Cancellations, func(c CancelRef) bool { return c.Entry == entry })
		if !ok || i < 0 {
			return pos.Errorf("order %s has no cancellation recorded at journal entry %d: %w", order, entry, ErrNotFound)
		}
		_, err = w.append(TypeReceiptQueued, receiptQueued{Order: order, Refund: entry, Copy: rec.Cancellations[i].Slips})
		return err
	})
}

// QueueVoucherSlip queues the slip of a credit voucher (its number, its
// balance): what an exchange leaves when no new order takes the credit,
// which the customer must keep. Durable when it returns.
func (t *Till) QueueVoucherSlip(number string) error {
	return t.queue(func(w *writer) error {
		if v, ok, err := t.r.voucherIn(w.tx, number); err != nil || !ok || v.Kind != pos.KindCredit {
			if err == nil {
				err = pos.Errorf("credit voucher %s: %w", number, ErrNotFound)
			}
			return err
		}
		_, err := w.append(TypeReceiptQueued, receiptQueued{Voucher: number})
		return err
	})
}

// QueueDrawer queues a kick of the cash drawer (drawer.queued): cash in or
// out, the float, the Z count. Durable when it returns.
func (t *Till) QueueDrawer() error {
	return t.queue(func(w *writer) error {
		_, err := w.append(TypeDrawerQueued, drawerQueued{})
		return err
	})
}

// queue runs fn in a write transaction for the till's staff, in their
// shift if one is open (a print job needs none: the drawer opens for the
// Z count too).
func (t *Till) queue(fn func(w *writer) error) error {
	t.r.mu.Lock()
	closed := t.closed.Load()
	t.r.mu.Unlock()
	if closed {
		return ErrTillClosed
	}
	return t.r.update(t.r.now(), "", t.staff.ID, func(w *writer) error {
		sh, ok, err := openShift(w.tx, t.staff.ID)
		if err != nil {
			return err
		}
		if ok {
			w.shift = sh.ID
		}
		return fn(w)
	})
}

// stillExchangeable refuses, as the exchange is recorded, a ticket of the
// till's exchange credit that is no longer what Exchange found: its order
// canceled or lapsed, the ticket canceled or exchanged (at another till,
// whose cart held it too), or let in at the door.
func (t *Till) stillExchangeable(tx *bolt.Tx, ticket string) error {
	number := pos.OrderOfTicket(ticket)
	ov, ok, err := getOrder(tx, number)
	if err != nil {
		return err
	}
	if !ok {
		return pos.Errorf("ticket %s: %w", ticket, ErrNotFound)
	}
	if ov.Order.State != pos.OrderPaid {
		return pos.Errorf("order %s was %s since its ticket %s was put in the cart to exchange: clear the cart and exchange the others again", number, orderStateText(ov.Order.State), ticket)
	}
	for _, tk := range ov.Tickets {
		if tk.Number == ticket && tk.State != TicketValid {
			return pos.Errorf("ticket %s was %s since it was put in the cart to exchange: clear the cart and exchange the others again", ticket, ticketStateText(tk.State))
		}
	}
	return t.notLetIn(tx, ticket)
}

// notLetIn refuses to exchange a ticket let in at the door (letIn).
func (t *Till) notLetIn(tx *bolt.Tx, ticket string) error {
	door, at, in, err := letIn(tx, t.r.cat(), ticket)
	if err != nil {
		return err
	}
	if in {
		return pos.Errorf("ticket %[1]s was let in at %[3]s (door: %[2]s): it was used, it can no longer be exchanged", ticket, door, at)
	}
	return nil
}
