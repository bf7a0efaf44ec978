package local

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Screens read the views below: each is a lookup or a scan of one view,
// never a replay of the journal.

// Order is an order with its current state, its tickets' states and QR
// payloads, and its customer. ok is false when there is no such order; an
// error says the file could not be read (a damaged view: see
// DamagedViewError), never that the order is missing.
func (r *Register) Order(number string) (ov OrderView, ok bool, err error) {
	return r.order(number, true)
}

// OrderForReceipt is Order without its tickets' QR payloads (each read
// from its ticket.issued entry and signed): what a receipt prints.
func (r *Register) OrderForReceipt(number string) (OrderView, bool, error) {
	return r.order(number, false)
}

func (r *Register) order(number string, qrs bool) (ov OrderView, ok bool, err error) {
	if _, err := r.LapseDue(); err != nil {
		return OrderView{}, false, err
	}
	err = r.read(func(tx *bolt.Tx) error {
		ov, ok, err = orderIn(tx, number)
		if !ok || err != nil || !qrs {
			return err
		}
		for i := range ov.Tickets {
			t := &ov.Tickets[i]
			if err := admissionsOf(tx, t.Number, func(a Admitted) bool { t.LetIn = &a; return false }); err != nil {
				return err
			}
		}
		return r.withQRs(tx, &ov)
	})
	if err != nil {
		return OrderView{}, false, fmt.Errorf("order %s: %w", number, err)
	}
	return ov, ok, nil
}

// customerOf is a customer by id (nil: none, or no id).
func customerOf(tx *bolt.Tx, id string) (*pos.Customer, error) {
	if id == "" {
		return nil, nil
	}
	var c pos.Customer
	if ok, err := getJSON(view(tx, vCustomers), []byte(id), &c); !ok || err != nil {
		return nil, err
	}
	return &c, nil
}

// FindOrders finds orders by order number (or its start), or by the
// customer's name or e-mail. A ticket's number or QR payload (a gift
// voucher's number is its ticket's), and an order's digits without the
// register's prefix ("1", "000001", "000001-03": what a customer reads
// out or the cashier reads off a ticket), find the order they name, first
// in the list. Then pending invoices come first, then the newest.
// Its tickets carry no QR payload (a list would sign every ticket of every
// order found): Order gives them. A customer is found by their search
// text (customer_search, customersMatching): a query reads a few bytes a
// customer, whatever it is, and decodes only the records of the orders
// it lists and of their customers.
func (r *Register) FindOrders(query string, limit int) ([]OrderView, error) {
	return r.FindOrdersWhere(query, limit, nil)
}

// FindOrdersWhere is FindOrders keeping only the orders keep accepts (nil:
// all), before the limit is counted: a reseller's list is full of his own.
func (r *Register) FindOrdersWhere(query string, limit int, keep func(*pos.Order) bool) ([]OrderView, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, nil
	}
	if _, err := r.LapseDue(); err != nil {
		return nil, err
	}
	type hit struct {
		number  string
		pending bool
		named   bool // the query names it whole (orderNamed): first
	}
	var hits []hit
	var out []OrderView
	err := r.read(func(tx *bolt.Tx) error {
		upper := strings.ToUpper(query)
		q := pos.Fold(query)
		index := view(tx, vOrderIndex) // orders of a customer, and pending ones
		if number, ok, err := r.orderNamed(tx, query); err != nil {
			return err
		} else if ok {
			state, _ := splitIndex(index.Get([]byte(number)))
			hits = append(hits, hit{number, state == pos.OrderPending, true})
		}
		customers := map[string]bool{}
		if err := customersMatching(tx, q, func(id []byte) error {
			customers[string(id)] = true
			return nil
		}); err != nil {
			return err
		}
		if len(customers) > 0 {
			// every order with a customer, and every pending one: each
			// entry's customer compared in place (a map lookup by the
			// bytes allocates nothing), so an order of someone else costs
			// no allocation and no record is decoded; the orders listed
			// alone take their number
			pending := []byte(pos.OrderPending + "|")
			if err := index.ForEach(func(k, v []byte) error {
				i := bytes.IndexByte(v, '|')
				if i >= 0 && customers[string(v[i+1:])] {
					hits = append(hits, hit{string(k), bytes.HasPrefix(v, pending), false})
				}
				return nil
			}); err != nil {
				return err
			}
		}
		// Orders whose number starts with the query, or, for digits
		// alone, whose number's digits do ("00001" while "000012" is
		// typed): their keys in "orders".
		prefixes := [][]byte{[]byte(upper)}
		if isDigits(upper) {
			prefixes = append(prefixes, []byte(r.id+"-"+upper))
		}
		c := view(tx, vOrders).Cursor()
		for _, prefix := range prefixes {
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				state, _ := splitIndex(index.Get(k))
				hits = append(hits, hit{string(k), state == pos.OrderPending, false})
			}
		}
		sort.SliceStable(hits, func(i, j int) bool {
			if hits[i].named != hits[j].named {
				return hits[i].named
			}
			if hits[i].pending != hits[j].pending {
				return hits[i].pending
			}
			return hits[i].number > hits[j].number
		})
		seen := make(map[string]bool, len(hits)) // a customer's order found by its number too
		for _, h := range hits {
			if limit > 0 && len(out) == limit {
				break
			}
			if seen[h.number] {
				continue
			}
			seen[h.number] = true
			ov, ok, err := getOrder(tx, h.number)
			if err != nil {
				return err
			}
			if ok && (keep == nil || keep(&ov.Order)) {
				if ov.Customer, err = customerOf(tx, ov.Order.Customer); err != nil {
					return err
				}
				out = append(out, ov)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// orderNamed is the order a search names whole, if it is in the file: by
// its number, by a ticket's number or QR payload (the signature is not
// checked: the code only says which order to show, as its number typed
// would), or by its digits without the register's prefix, with or without
// a ticket's ("1", "000001", "000001-03"). A ticket's number names its
// order only if the order has that ticket. A few lookups: no scan.
func (r *Register) orderNamed(tx *bolt.Tx, query string) (string, bool, error) {
	if claim, _, _, err := readPayload(query); err == nil {
		query = claim.Number
	}
	number := strings.ToUpper(query)
	b := view(tx, vOrders)
	named := func(number string) (string, bool, error) {
		if b.Get([]byte(number)) != nil {
			return number, true, nil
		}
		order := pos.OrderOfTicket(number)
		i, ok := ticketIndex(number)
		if order == number || !ok {
			return "", false, nil
		}
		rec, found, err := getRec(b, order)
		return order, found && i < len(rec.Tickets), err
	}
	if order, ok, err := named(number); ok || err != nil {
		return order, ok, err
	}
	digits, ticket, isTicket := strings.Cut(number, "-")
	if !isDigits(digits) || isTicket && !isDigits(ticket) {
		return "", false, nil
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return "", false, nil // more digits than an order has
	}
	number = pos.OrderNumber(r.id, n) // as OrderNumber writes it: "1" is 000001
	if isTicket {
		number += "-" + ticket
	}
	return named(number)
}

// isDigits says s is one or more ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Availability is, per zone of a performance, what this register may sell
// (Capacity), what is sold (pending invoices included), what carts hold,
// and what is left.
func (r *Register) Availability(perf string) ([]ZoneAvailability, error) {
	return r.AvailabilityFor(perf, nil)
}

// AvailabilityFor is Availability as till t may add to its cart (nil: as
// any till): Held counts the places its own cart takes, held or not (a
// cart whose hold ran out takes them again at its next change, as
// checkHolds counts it), InCart says how many those are, and places its
// exchange credit gives back are free for it. Available is then what t's
// next AddTickets may add, no more no less.
func (r *Register) AvailabilityFor(perf string, t *Till) ([]ZoneAvailability, error) {
	if _, err := r.LapseDue(); err != nil {
		return nil, err
	}
	p, ok := r.cat().PerformanceByID(perf)
	if !ok {
		return nil, nil
	}
	var out []ZoneAvailability
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	var mine map[string]int
	var given map[string]int
	if t != nil {
		mine = cartCounts(t.cart)
		_, given = t.givingBack()
	}
	err := r.read(func(tx *bolt.Tx) error {
		for _, z := range r.cat().ZonesOf(p) {
			k := key(perf, z.ID)
			var g grant
			if _, err := getJSON(view(tx, vGrants), k, &g); err != nil {
				return err
			}
			sold := getInt(view(tx, vSold), k)
			switch {
			case r.escrow && z.Seated():
				// Held seat by seat: what it sold, and the seats it holds
				// unsold. Online the service counts the whole zone (a seat
				// picked is asked for then).
				free, err := r.heldUnsoldSeats(tx, perf, z.ID)
				if err != nil {
					return err
				}
				g.Capacity = sold + free
			case r.escrow:
				n, _, err := r.allotment(tx, ZoneResource(perf, z.ID))
				if err != nil {
					return err
				}
				g.Capacity = n
			}
			a := ZoneAvailability{Zone: z.ID, Name: z.Name, Seated: z.Seated(), Capacity: g.Capacity,
				Sold: sold, Held: r.heldByOthers(nil, now, string(k), 0)}
			a.Available = pos.Available(a.Capacity, a.Sold, a.Held)
			if t != nil {
				a.InCart, a.GivenBack = mine[string(k)], given[string(k)]
				a.Held = r.heldByOthers(t, now, string(k), 0) + a.InCart
				a.Available = pos.Available(a.Capacity+a.GivenBack, a.Sold, a.Held)
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SeatMap lists the seats of a zone that t cannot take now: sold, held by
// another till, in t's own cart, or never for sale. Free seats are absent.
func (r *Register) SeatMap(perf, zone string, t *Till) (map[string]SeatState, error) {
	if _, err := r.LapseDue(); err != nil {
		return nil, err
	}
	p, ok := r.cat().PerformanceByID(perf)
	if !ok {
		return nil, nil
	}
	z, ok := r.cat().ZoneOf(p, zone)
	if !ok {
		return nil, nil
	}
	out := map[string]SeatState{}
	for _, row := range z.Rows {
		for _, n := range row.SeatNumbers() {
			if s := pos.SeatID(row.Name, n); r.cat().SeatBlocked(perf, zone, s) {
				out[s] = SeatBlocked
			}
		}
	}
	// The sold seats are read without r.mu, as Priced reads (a reader may
	// wait for bbolt to remap the file), then taken with the holds under
	// r.mu if no commit came between: a seat sold meanwhile would show
	// neither sold (the read was before) nor held (its sale's holds gone).
	for try := 0; try < unlockedTries; try++ {
		r.mu.Lock()
		// a seat t's exchange credit gives back is free for t (checkHolds)
		givenBack, _ := t.givingBack()
		commits := r.committer.commits.Load()
		r.mu.Unlock()
		sold, err := r.soldSeats(perf, zone, givenBack, true)
		if err != nil {
			return nil, err
		}
		r.mu.Lock()
		still, _ := t.givingBack()
		if r.committer.commits.Load() == commits && maps.Equal(still, givenBack) {
			r.seatsHeld(out, sold, perf, zone, t)
			r.mu.Unlock()
			return out, nil
		}
		r.mu.Unlock()
	}
	// the file changed under every read: read it under r.mu
	r.mu.Lock()
	defer r.mu.Unlock()
	givenBack, _ := t.givingBack()
	sold, err := r.soldSeats(perf, zone, givenBack, false)
	if err != nil {
		return nil, err
	}
	r.seatsHeld(out, sold, perf, zone, t)
	return out, nil
}

// soldSeats is the seats of a zone sold in the file, but those in
// givenBack (seat key -> the ticket that holds it). unlocked: read
// without r.mu (the test hook runs in the read).
func (r *Register) soldSeats(perf, zone string, givenBack map[string]string, unlocked bool) ([]string, error) {
	var sold []string
	err := r.read(func(tx *bolt.Tx) error {
		if h := r.unlockedReadHook; h != nil && unlocked {
			h()
		}
		prefix := key(perf, zone, "")
		c := view(tx, vSeats).Cursor()
		for k, v := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, v = c.Next() {
			if ticket, ok := givenBack[string(k)]; !ok || ticket != string(v) {
				sold = append(sold, string(k[len(prefix):]))
			}
		}
		return nil
	})
	return sold, err
}

// seatsHeld marks in out the seats sold, then those the tills hold (t's
// as its own). The caller holds r.mu.
func (r *Register) seatsHeld(out map[string]SeatState, sold []string, perf, zone string, t *Till) {
	for _, s := range sold {
		out[s] = SeatSold
	}
	now := r.now()
	for o := range r.tills {
		lines, ok := o.held(now, 0)
		if !ok {
			continue
		}
		for _, l := range lines {
			if l.Kind == pos.LineTicket && l.Seat != "" && l.Performance == perf && l.Zone == zone && out[l.Seat] == 0 {
				if o == t {
					out[l.Seat] = SeatHeldByMe
				} else {
					out[l.Seat] = SeatHeldByOther
				}
			}
		}
	}
}

// PrintQueue lists the print jobs waiting, oldest first: tickets (issued
// or reprinted, not yet printed) with what a ticket layout needs, receipts
// and drawer kicks. It survives restarts: it is a view of the journal.
func (r *Register) PrintQueue() ([]PrintJob, error) { return r.PrintQueueFirst(0) }

// PrintQueueFirst is PrintQueue's first n jobs (n <= 0: all of them), and
// every drawer kick of no sale and voucher slip waiting behind them (they
// go ahead of the tickets: the staff is at the drawer now). A spooler
// reads what it can print next, not a backlog of hundreds of tickets
// signed and laid out again at each look (a printer out in a rush).
func (r *Register) PrintQueueFirst(n int) ([]PrintJob, error) {
	var out []PrintJob
	err := r.read(func(tx *bolt.Tx) (err error) {
		out, err = r.printQueueIn(tx, n)
		return err
	})
	return out, err
}

// ReceiptOrder is what a receipt of the print queue is laid out from: its
// order as OrderForReceipt gives it, and the order's credit voucher, if
// any, as CreditVoucherOf gives it.
type ReceiptOrder struct {
	OrderView
	Credit    VoucherView
	HasCredit bool
	// Refund is, for a refund slip's job (PrintJob.Refund), the
	// cancellation it prints (RefundOf); nil for an order's receipt.
	Refund *RefundRecord
}

// RefundRecord is one cancellation of an order as its order.canceled
// entry recorded it: what its refund slip prints.
type RefundRecord struct {
	Order    string
	Entry    uint64    // the order.canceled entry
	Time     time.Time // when it was recorded
	Register string
	Staff    string        // who canceled (a staff id)
	Reason   string        // why, as typed
	Partial  bool          // some tickets; the order stands
	Tickets  []pos.Ticket  // the tickets canceled, as sold
	Refunds  []pos.Payment // given back, by method, as taken
	// Credit is the credit voucher an exchange credit went back to ("":
	// none), the code the customer pays with later.
	Credit string
}

// RefundOf is the cancellation of order recorded at journal entry entry
// (ok false: there is none).
func (r *Register) RefundOf(order string, entry uint64) (rf RefundRecord, ok bool, err error) {
	err = r.read(func(tx *bolt.Tx) error {
		rf, ok, err = refundIn(tx, order, entry)
		return err
	})
	return rf, ok, err
}

// refundIn is RefundOf in tx.
func refundIn(tx *bolt.Tx, order string, entry uint64) (RefundRecord, bool, error) {
	if entry == 0 || tx.Bucket(bucketJournal).Get(seqKey(entry)) == nil {
		return RefundRecord{}, false, nil
	}
	e, err := entryAt(tx, entry)
	if err != nil {
		return RefundRecord{}, false, err
	}
	if e.Type != TypeOrderCanceled {
		return RefundRecord{}, false, nil
	}
	var p orderCanceled
	if err := e.decode(&p); err != nil {
		return RefundRecord{}, false, fmt.Errorf("journal entry %d: %w", entry, err)
	}
	if p.Order != order {
		return RefundRecord{}, false, nil
	}
	return RefundRecord{Order: p.Order, Entry: entry, Time: e.Time, Register: e.Register, Staff: e.Staff,
		Reason: p.Reason, Partial: p.Partial, Tickets: p.Tickets, Refunds: p.Refunds, Credit: p.Credit}, true, nil
}

// PrintWindow is PrintQueueFirst(n) with what a spooler lays the jobs out
// from, read in the same transaction: each receipt job's order and credit
// voucher (receipts, by job id; a receipt whose order is not in the
// journal has none) and the journal's head (Head). As OrderForReceipt
// does, pending invoices whose deadline passed lapse before a receipt's
// order is read (LapseDue): the queue is then the one read before, the
// orders and the head are read again after. One read transaction where
// reading the queue, each receipt's order, its credit voucher and the head
// took one each.
func (r *Register) PrintWindow(n int) (jobs []PrintJob, receipts map[string]ReceiptOrder, headSeq uint64, headHash string, err error) {
	now := r.now()
	receiptsIn := func(tx *bolt.Tx) error {
		receipts = nil
		for _, j := range jobs {
			if j.Kind != JobReceipt {
				continue
			}
			ov, ok, err := orderIn(tx, j.Order)
			if err != nil {
				return fmt.Errorf("order %s: %w", j.Order, err)
			}
			if !ok {
				continue
			}
			ro := ReceiptOrder{OrderView: ov}
			if j.Refund != 0 {
				rf, found, err := refundIn(tx, ov.Order.Number, j.Refund)
				if err != nil {
					return fmt.Errorf("print job %s: %w", j.ID, err)
				}
				if found {
					ro.Refund = &rf
				}
			}
			if ov.Order.Number != "" {
				number, v, found, err := creditVoucherIn(tx, ov.Order.Number)
				if err != nil {
					return err
				}
				if found {
					ro.Credit, ro.HasCredit = voucherViewOf(number, v, now, r.cat().Location()), true
				}
			}
			if receipts == nil {
				receipts = map[string]ReceiptOrder{}
			}
			receipts[j.ID] = ro
		}
		if s, h, ok, err := readHead(tx); ok && err == nil {
			headSeq, headHash = s, h.String()
		}
		return nil
	}
	lapse := false
	err = r.read(func(tx *bolt.Tx) error {
		var err error
		if jobs, err = r.printQueueIn(tx, n); err != nil {
			return err
		}
		for _, j := range jobs {
			if j.Kind == JobReceipt && !r.readOnly {
				ds, err := r.dueLapses(tx, now)
				if err != nil {
					return err
				}
				if lapse = len(ds) > 0; lapse {
					return nil // the orders are read once they lapsed
				}
				break
			}
		}
		return receiptsIn(tx)
	})
	if err != nil || !lapse {
		return jobs, receipts, headSeq, headHash, err
	}
	if _, err := r.LapseDue(); err != nil {
		return nil, nil, 0, "", err
	}
	err = r.read(receiptsIn)
	return jobs, receipts, headSeq, headHash, err
}

// orderIn is an order as OrderForReceipt reads it, in tx: its view and
// its customer.
func orderIn(tx *bolt.Tx, number string) (ov OrderView, ok bool, err error) {
	ov, ok, err = getOrder(tx, strings.TrimSpace(number))
	if !ok || err != nil {
		return ov, ok, err
	}
	ov.Customer, err = customerOf(tx, ov.Order.Customer)
	return ov, ok, err
}

// printQueueIn is PrintQueueFirst(n) read in tx.
func (r *Register) printQueueIn(tx *bolt.Tx, n int) ([]PrintJob, error) {
	// The jobs read, first: the list is then made once, at its length (a
	// job is half a kilobyte; appended one by one, a sale's six were
	// copied into lists of 1, 2, 4 and 8).
	var queued [][2][]byte
	taken := 0
	err := view(tx, vPrintQueue).ForEach(func(k, v []byte) error {
		if n > 0 && taken >= n {
			// Past the window only what jumps the queue is read.
			if kind, order, _ := jobKindOf(v); kind != JobVoucher && (kind != JobDrawer || order != "") {
				return nil
			}
		} else {
			taken++
		}
		queued = append(queued, [2][]byte{k, v})
		return nil
	})
	if err != nil || len(queued) == 0 {
		return nil, err
	}
	out := make([]PrintJob, 0, len(queued))
	journal := journalCursorIn(tx)
	orders := view(tx, vOrders)
	customers := map[string]string{} // by order: its tickets are queued together
	for _, kv := range queued {
		job, err := printJobAt(journal, kv[0], kv[1])
		if err != nil {
			return nil, err
		}
		if job.Kind != JobTicket {
			out = append(out, job)
			continue
		}
		name, seen := customers[job.Order]
		if !seen {
			id, ok, err := customerIDIn(orders, journal, job.Order)
			if err != nil {
				return nil, fmt.Errorf("print job %s: %w", job.ID, err)
			}
			if ok {
				c, err := customerOf(tx, id)
				if err != nil {
					return nil, fmt.Errorf("print job %s: %w", job.ID, err)
				}
				if c != nil {
					name = c.Name
				}
			}
			customers[job.Order] = name
		}
		job.Customer = name
		if job.QR, err = r.ticketQR(ticketIssued{Order: job.Order, Ticket: job.Ticket, QR: job.QR}); err != nil {
			return nil, fmt.Errorf("print job %s: %w", job.ID, err)
		}
		r.describe(&job)
		out = append(out, job)
	}
	return out, nil
}

// journalCursor looks entries up through one cursor: in a read-only
// transaction bbolt opens the journal's bucket anew at each tx.Bucket,
// and each Get allocates a cursor and grows its stack, some six
// allocations a lookup where a print window looks up an entry or two a
// job. Only Seek is used: it finds its key again after a write in the
// same transaction.
type journalCursor struct{ c *bolt.Cursor }

func journalCursorIn(tx *bolt.Tx) journalCursor {
	return journalCursor{tx.Bucket(bucketJournal).Cursor()}
}

// get is the stored value of entry seq (nil: none).
func (j journalCursor) get(seq uint64) []byte {
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], seq)
	k, v := j.c.Seek(key[:])
	if !bytes.Equal(k, key[:]) {
		return nil
	}
	return v
}

// PrintJobWaiting reports whether print job id is still in the queue: a
// spooler asks just before it sends a job it read with others, whose
// ticket may have been canceled since. One look-up in the queue's view.
func (r *Register) PrintJobWaiting(id string) (bool, error) {
	n, ok := jobSeq(id)
	if !ok {
		return false, nil
	}
	waiting := false
	err := r.read(func(tx *bolt.Tx) error {
		waiting = view(tx, vPrintQueue).Get(jobKey(n)) != nil
		return nil
	})
	return waiting, err
}

// PrintQueueLen is how many print jobs wait, counted without reading them.
func (r *Register) PrintQueueLen() (int, error) {
	n := 0
	err := r.read(func(tx *bolt.Tx) error {
		n = view(tx, vPrintQueue).Stats().KeyN
		return nil
	})
	return n, err
}

// customerIDIn is an order's customer id now ("": none), as getOrder's
// view says, without decoding the whole order as placed: its record in
// orders says when the customer changed since, else only the order's
// number and customer are read from its order.placed entry.
func customerIDIn(orders *bolt.Bucket, journal journalCursor, number string) (id string, ok bool, err error) {
	rec, ok, err := getRec(orders, number)
	if !ok || err != nil {
		return "", false, err
	}
	if rec.Customer != nil {
		return *rec.Customer, true, nil
	}
	v := journal.get(rec.Placed)
	if c, ok := customerMemo.get(v); ok {
		if c.number != number {
			return "", false, &DamagedViewError{Key: number, Err: fmt.Errorf("journal entry %d is order %s, not order %s", rec.Placed, c.number, number)}
		}
		return c.customer, true, nil
	}
	e, err := entryOf(v, rec.Placed)
	var p struct {
		Order struct {
			Number   string `json:"number"`
			Customer string `json:"customer"`
		} `json:"order"`
	}
	if err == nil && e.Type != TypeOrderPlaced {
		err = fmt.Errorf("journal entry %d is a %s, not an order.placed", e.Seq, e.Type)
	}
	if err == nil {
		err = e.decode(&p)
	}
	if err == nil && p.Order.Number != number {
		err = fmt.Errorf("journal entry %d is order %s, not order %s", e.Seq, p.Order.Number, number)
	}
	if err != nil {
		return "", false, &DamagedViewError{Key: number, Err: err}
	}
	return p.Order.Customer, true, nil
}

// printJobAt reads the print job stored under k with value v: the ticket
// (and the QR older journals stored) from its ticket.issued entry, the
// time from the entry that queued it. PrintQueue derives the QR.
func printJobAt(journal journalCursor, k, v []byte) (PrintJob, error) {
	kind, order, ok := jobKindOf(v)
	if !ok || len(k) != 8 {
		return PrintJob{}, fmt.Errorf("print job %x is damaged: rebuild the views (guichet journal rebuild)", k)
	}
	if kind != JobTicket {
		q, err := entryOf(journal.get(binary.BigEndian.Uint64(k)), binary.BigEndian.Uint64(k))
		if err != nil {
			return PrintJob{}, fmt.Errorf("print job %s: %w", jobID(k), err)
		}
		job := PrintJob{ID: jobID(k), Kind: kind, Queued: q.Time, Order: order, Register: q.Register, Staff: q.Staff}
		if (kind == JobReceipt || kind == JobReport) && q.Type == TypeReceiptQueued {
			var rq receiptQueued
			if err := q.decode(&rq); err != nil {
				return PrintJob{}, fmt.Errorf("print job %s: %w", jobID(k), err)
			}
			job.Copy, job.Duplicate, job.Refund, job.Z = rq.Copy, rq.Copy > 0, rq.Refund, rq.Z
		}
		return job, nil
	}
	issued, dup, _ := parseJob(v)
	p, e, err := issuedOf(journal.get(issued), issued)
	if err != nil {
		return PrintJob{}, fmt.Errorf("print job %s: %w", jobID(k), err)
	}
	job := PrintJob{ID: jobID(k), Kind: JobTicket, Queued: e.Time, Order: p.Order, Ticket: p.Ticket, Duplicate: dup, QR: p.QR}
	if seq := binary.BigEndian.Uint64(k); seq != issued {
		q, err := entryOf(journal.get(seq), seq)
		if err != nil {
			return PrintJob{}, fmt.Errorf("print job %s: %w", jobID(k), err)
		}
		job.Queued = q.Time
		if q.Type == TypeTicketReprinted {
			var rp ticketReprinted
			if err := q.decode(&rp); err != nil {
				return PrintJob{}, err
			}
			job.Copy = rp.Copy
		}
	}
	return job, nil
}

// describe adds the catalog's names to a print job.
func (r *Register) describe(j *PrintJob) {
	t := j.Ticket
	if p, ok := r.cat().PerformanceByID(t.Performance); ok {
		j.Start = p.Start
		if ev, ok := r.cat().EventByID(p.Event); ok {
			j.Event, j.Format = ev.Name, ev.Format
			if j.Format == "" {
				j.Format = pos.FormatSpectacle
			}
			if v, ok := r.cat().VenueByID(ev.Venue); ok {
				j.Venue = v.Name
			}
		}
		if z, ok := r.cat().ZoneOf(p, t.Zone); ok {
			j.ZoneName = z.Name
		}
	}
	if c, ok := r.cat().CategoryByID(t.Category); ok {
		j.CategoryName = c.Name
	}
	switch t.Kind {
	case pos.LinePass:
		if p, ok := r.cat().PassByID(t.Item); ok {
			j.ItemName = p.Name
		}
	case pos.LineVoucher:
		if g, ok := r.cat().GiftVoucherByID(t.Item); ok {
			j.ItemName = g.Name
		}
	}
}

// Stats describe the file: entries, last sequence, size, print queue.
func (r *Register) Stats() (Stats, error) {
	var s Stats
	err := r.read(func(tx *bolt.Tx) error {
		s = statsTx(tx)
		return nil
	})
	if fi, err := os.Stat(r.path); err == nil {
		s.Size = fi.Size()
	}
	if fi, err := os.Stat(flatPath(r.path)); err == nil {
		s.FlatSize = fi.Size()
	}
	return s, err
}

func statsTx(tx *bolt.Tx) Stats {
	var s Stats
	if k, _ := tx.Bucket(bucketJournal).Cursor().Last(); k != nil {
		s.LastSeq = binary.BigEndian.Uint64(k)
	}
	s.Entries = s.LastSeq             // gapless from 1 (journal verify checks it)
	if view(tx, vPrintQueue) != nil { // absent in a file of an older layout not yet rebuilt
		s.PrintQueue = view(tx, vPrintQueue).Stats().KeyN
		// every order.placed of this journal (the orders counter starts
		// after a lost journal's orders: journal.restarted)
		s.Orders = view(tx, vOrders).Stats().KeyN
		s.Customers = view(tx, vCustomers).Stats().KeyN
	}
	s.Size = tx.Size()
	return s
}
