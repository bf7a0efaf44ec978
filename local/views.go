package local

import (
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Payloads of journal entries. Each is self-contained: a view never needs
// another view or the catalog to fold an entry.

// registerKey pins the register's signing key to its journal: written
// once, at the first start (or the first start after an upgrade), and
// compared with <db>.key at every Open.
type registerKey struct {
	PublicKey string `json:"public_key"` // base64url (no padding) of the Ed25519 public key, as in <db>.pub
}

type capacityGranted struct {
	Grants []grant `json:"grants"`
}

// grant is the capacity this register may sell in a zone of a performance:
// a count, and for seated zones every seat that is not blocked (a central
// server will later grant named seats).
type grant struct {
	Performance string `json:"performance"`
	Zone        string `json:"zone"`
	Capacity    int    `json:"capacity"`
	AllSeats    bool   `json:"all_seats,omitempty"`
}

type shiftOpened struct {
	Shift string    `json:"shift"`
	Staff string    `json:"staff"`
	Float pos.Money `json:"float"`
}

type cashMoved struct {
	Amount pos.Money `json:"amount"` // + in, - out
	Reason string    `json:"reason"`
}

type orderPlaced struct {
	Order   pos.Order `json:"order"`
	Catalog string    `json:"catalog"` // digest of the catalog it was priced with
}

type paymentCaptured struct {
	Order   string      `json:"order"`
	Payment pos.Payment `json:"payment"`
}

// paymentValidated has the shape of paymentCaptured: the shift counts both alike.
type paymentValidated = paymentCaptured

type orderCanceled struct {
	Order   string        `json:"order"`
	Reason  string        `json:"reason"`
	Tickets []pos.Ticket  `json:"tickets"` // released: seats, quota, offer usage
	Refunds []pos.Payment `json:"refunds"` // the payments given back, as they were taken
	Offer   string        `json:"offer,omitempty"`
	Code    string        `json:"code,omitempty"`
}

// ticketIssued carries the ticket's fields; its QR payload is derived from
// them with the register's key when asked (Register.ticketQR). Entries
// written before the key was pinned in the journal also carry the QR.
type ticketIssued struct {
	Order  string     `json:"order"`
	Ticket pos.Ticket `json:"ticket"`
	QR     string     `json:"qr,omitempty"`
}

type ticketReprinted struct {
	Order  string `json:"order"`
	Ticket string `json:"ticket"`
}

type ticketPrinted struct {
	Job    string `json:"job"`
	Ticket string `json:"ticket"`
}

type exchangeMade struct {
	Ref       string       `json:"ref"`
	Tickets   []pos.Ticket `json:"tickets"` // returned: released like a cancellation
	Credit    pos.Money    `json:"credit"`
	Order     string       `json:"order,omitempty"` // the new order the credit paid
	Used      pos.Money    `json:"used"`
	Voucher   string       `json:"voucher,omitempty"` // credit voucher for the remainder
	Remainder pos.Money    `json:"remainder"`
}

type customerSaved struct {
	Customer pos.Customer `json:"customer"`
	New      bool         `json:"new,omitempty"`
}

type shiftClosed struct {
	Report Report `json:"report"`
}

// Views kept by this file.
const (
	vOrders     = "orders"      // order number -> orderRec (JSON), its tickets' ticket.issued entries included
	vOrderIndex = "order_index" // order number -> "state|customer id", for orders of a customer and pending ones
	vByCustomer = "by_customer" // customer id -> orders placed (not canceled)
	vSeats      = "seats"       // perf \x00 zone \x00 seat -> ticket number
	vSold       = "sold"        // perf \x00 zone, or "pass" \x00 id -> tickets sold (pending included)
	vGrants     = "grants"      // perf \x00 zone -> grant
	vPromo      = "promo_usage" // "offer" \x00 id -> tickets; "code" \x00 code -> orders
	vShifts     = "shifts"      // shift id -> Report (running totals); shift id \x00 "sales" -> "orders tickets"
	vOpenShifts = "open_shifts" // staff id -> shift id
	vCustomers  = "customers"   // customer id -> pos.Customer
	vPrintQueue = "print_queue" // job seq (8 bytes) -> ticket.issued seq (8 bytes) + "d" for a duplicate
	vVouchers   = "vouchers"    // voucher number -> voucherRec
	vCounters   = "counters"    // orders, shifts, customers, credits -> last number used
	vKey        = "key"         // "register.key" -> seq of the register.key entry (8 bytes)
)

func init() {
	// Each view with the entry types its applier folds.
	registerView(vCounters, applyCounters, TypeOrderPlaced, TypeShiftOpened, TypeCustomerSaved, TypeExchangeMade, TypeJournalRestarted)
	registerView(vOrders, applyOrders, TypeOrderPlaced, TypeTicketIssued, TypePaymentValidated, TypeOrderCanceled,
		TypeExchangeMade, TypeTicketReprinted, TypeTicketPrinted)
	registerView(vOrderIndex, applyOrderIndex, TypeOrderPlaced, TypePaymentValidated, TypeOrderCanceled)
	registerView(vByCustomer, applyByCustomer, TypeOrderPlaced, TypeOrderCanceled)
	registerView(vSeats, applySeats, TypeOrderPlaced, TypeOrderCanceled, TypeExchangeMade)
	registerView(vSold, applySold, TypeOrderPlaced, TypeOrderCanceled, TypeExchangeMade)
	registerView(vGrants, applyGrants, TypeCapacityGranted)
	registerView(vPromo, applyPromo, TypeOrderPlaced, TypeOrderCanceled, TypeExchangeMade)
	registerView(vShifts, applyShifts, TypeShiftOpened, TypeCashMoved, TypeOrderPlaced, TypePaymentCaptured,
		TypePaymentValidated, TypeOrderCanceled, TypeShiftClosed)
	registerView(vOpenShifts, applyOpenShifts, TypeShiftOpened, TypeShiftClosed)
	registerView(vCustomers, applyCustomers, TypeCustomerSaved)
	registerView(vPrintQueue, applyPrintQueue, TypeTicketIssued, TypeTicketReprinted, TypeTicketPrinted,
		TypeOrderCanceled, TypeExchangeMade)
	registerView(vVouchers, applyVouchers, TypeTicketIssued, TypePaymentCaptured, TypeOrderCanceled, TypeExchangeMade)
	registerView(vKey, applyKey, TypeRegisterKey)
}

// --- the register's signing key, as its journal recorded it ---

var keyRecorded = []byte(TypeRegisterKey)

func applyKey(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeRegisterKey {
		return nil
	}
	return view(tx, vKey).Put(keyRecorded, seqKey(e.Seq))
}

// recordedKey is the public key the journal recorded (register.key), and
// whether it has one.
func recordedKey(tx *bolt.Tx) (ed25519.PublicKey, bool, error) {
	v := view(tx, vKey).Get(keyRecorded)
	if v == nil {
		return nil, false, nil
	}
	if len(v) != 8 {
		return nil, false, fmt.Errorf("the view of the register's key is damaged: rebuild the views (guichet journal rebuild)")
	}
	e, err := entryAt(tx, binary.BigEndian.Uint64(v))
	var p registerKey
	if err == nil && e.Type != TypeRegisterKey {
		err = fmt.Errorf("journal entry %d is a %s, not a register.key", e.Seq, e.Type)
	}
	if err == nil {
		err = e.decode(&p)
	}
	if err != nil {
		return nil, false, err
	}
	pub, err := b64.DecodeString(p.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, false, fmt.Errorf("journal entry %d: the register's public key is not an Ed25519 key", e.Seq)
	}
	return ed25519.PublicKey(pub), true, nil
}

// --- small helpers over view buckets ---

func key(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	return b
}

func getInt(b *bolt.Bucket, k []byte) int {
	n, _ := strconv.Atoi(string(b.Get(k)))
	return n
}

func addInt(b *bolt.Bucket, k []byte, d int) error {
	n := getInt(b, k) + d
	if n == 0 {
		return b.Delete(k)
	}
	return b.Put(k, []byte(strconv.Itoa(n)))
}

func getJSON(b *bolt.Bucket, k []byte, v any) bool {
	data := b.Get(k)
	if data == nil {
		return false
	}
	return json.Unmarshal(data, v) == nil
}

func putJSON(b *bolt.Bucket, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}

// --- counters: the last order, shift, customer and credit number used ---

func applyCounters(tx *bolt.Tx, e Entry) error {
	b := view(tx, vCounters)
	switch e.Type {
	case TypeOrderPlaced:
		return addInt(b, []byte("orders"), 1)
	case TypeJournalRestarted:
		var p journalRestarted
		if err := e.decode(&p); err != nil {
			return err
		}
		if n := getInt(b, []byte("orders")); uint64(n) < p.AfterOrder {
			return addInt(b, []byte("orders"), int(p.AfterOrder)-n)
		}
	case TypeShiftOpened:
		return addInt(b, []byte("shifts"), 1)
	case TypeCustomerSaved:
		var p customerSaved
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.New {
			return addInt(b, []byte("customers"), 1)
		}
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Voucher != "" {
			return addInt(b, []byte("credits"), 1)
		}
	}
	return nil
}

func nextNumber(tx *bolt.Tx, counter string) uint64 {
	return uint64(getInt(view(tx, vCounters), []byte(counter))) + 1
}

// --- orders ---

// orderRec is how "orders" stores an order: where the order as placed is
// (its order.placed entry: the order is stored once, in the journal, and a
// sale's record is a tenth of the order's size), its state now and, for
// each of its tickets in order, where its ticket.issued entry is and what
// happened to it since. A sale writes this one small value: the order's
// depth in the tree stays low (a sale writes a branch page fewer).
type orderRec struct {
	Placed        uint64      `json:"placed"` // seq of its order.placed entry
	State         string      `json:"state"`
	Tickets       []ticketRec `json:"tickets"`
	CancelReason  string      `json:"cancel_reason,omitempty"`
	Validated     time.Time   `json:"validated,omitzero"` // its pending payments were paid then
	ExchangedInto string      `json:"exchanged_into,omitempty"`
}

type ticketRec struct {
	State    string `json:"state,omitempty"`  // empty: valid
	Issued   uint64 `json:"issued,omitempty"` // seq of its ticket.issued entry
	Printed  int    `json:"printed,omitempty"`
	Reprints int    `json:"reprints,omitempty"`
}

// state is the ticket's state, read from the record.
func (t ticketRec) state() string {
	if t.State == "" {
		return TicketValid
	}
	return t.State
}

// ticketIndex is where a ticket number is in its order's tickets:
// pos.NewOrder numbers them 01, 02... in order. Readers check the number
// against the ticket.issued entry found there.
func ticketIndex(ticket string) (int, bool) {
	order := pos.OrderOfTicket(ticket)
	if len(order) >= len(ticket) {
		return 0, false
	}
	n, err := strconv.Atoi(ticket[len(order)+1:])
	return n - 1, err == nil && n >= 1
}

// view is the order now: as placed (read from the journal), with the
// record's state, validation, cancellation and tickets' states.
func (rec *orderRec) view(tx *bolt.Tx, number string) (OrderView, bool) {
	e, err := entryAt(tx, rec.Placed)
	var p orderPlaced
	if err != nil || e.Type != TypeOrderPlaced || e.decode(&p) != nil || p.Order.Number != number || len(rec.Tickets) != len(p.Order.Tickets) {
		return OrderView{}, false
	}
	o := p.Order
	o.State = rec.State
	if !rec.Validated.IsZero() {
		for i := range o.Payments {
			o.Payments[i].Pending = false
		}
	}
	ov := OrderView{Order: o, CancelReason: rec.CancelReason, Validated: rec.Validated, ExchangedInto: rec.ExchangedInto}
	ov.Tickets = make([]TicketView, len(rec.Tickets))
	for i, t := range rec.Tickets {
		ov.Tickets[i] = TicketView{Ticket: o.Tickets[i], State: t.state(), Printed: t.Printed, Reprints: t.Reprints}
	}
	return ov, true
}

// recOf is the record of an order view, whose order.placed entry and
// tickets' ticket.issued entries were was.
func recOf(ov OrderView, was orderRec) orderRec {
	rec := orderRec{Placed: was.Placed, State: ov.Order.State, CancelReason: ov.CancelReason, Validated: ov.Validated, ExchangedInto: ov.ExchangedInto}
	rec.Tickets = make([]ticketRec, len(ov.Tickets))
	for i, t := range ov.Tickets {
		rec.Tickets[i] = ticketRec{State: t.State, Issued: was.Tickets[i].Issued, Printed: t.Printed, Reprints: t.Reprints}
		if t.State == TicketValid {
			rec.Tickets[i].State = ""
		}
	}
	return rec
}

func getOrderIn(tx *bolt.Tx, b *bolt.Bucket, number string) (OrderView, orderRec, bool) {
	var rec orderRec
	if !getJSON(b, []byte(number), &rec) {
		return OrderView{}, rec, false
	}
	ov, ok := rec.view(tx, number)
	return ov, rec, ok
}

func getOrder(tx *bolt.Tx, number string) (OrderView, bool) {
	ov, _, ok := getOrderIn(tx, view(tx, vOrders), number)
	return ov, ok
}

func applyOrders(tx *bolt.Tx, e Entry) error {
	b := view(tx, vOrders)
	b.FillPercent = 1 // order numbers only grow: fill each page
	update := func(number string, fn func(*OrderView)) error {
		ov, rec, ok := getOrderIn(tx, b, number)
		if !ok {
			return fmt.Errorf("entry %d: order %s is not in the journal", e.Seq, number)
		}
		fn(&ov)
		return putJSON(b, []byte(number), recOf(ov, rec))
	}
	ticketsDo := func(ov *OrderView, numbers map[string]bool, fn func(*TicketView)) {
		for i := range ov.Tickets {
			if numbers[ov.Tickets[i].Number] {
				fn(&ov.Tickets[i])
			}
		}
	}
	switch e.Type {
	case TypeOrderPlaced:
		var p orderPlaced
		if err := e.decode(&p); err != nil {
			return err
		}
		rec := orderRec{Placed: e.Seq, State: p.Order.State, Tickets: make([]ticketRec, len(p.Order.Tickets))}
		return putJSON(b, []byte(p.Order.Number), rec)
	case TypeTicketIssued:
		var p ticketIssued
		if err := e.decode(&p); err != nil {
			return err
		}
		// The record only: the order as placed is not read.
		var rec orderRec
		i, ok := ticketIndex(p.Ticket.Number)
		if !ok || pos.OrderOfTicket(p.Ticket.Number) != p.Order || !getJSON(b, []byte(p.Order), &rec) || i >= len(rec.Tickets) {
			return fmt.Errorf("entry %d: ticket %s is not one of order %s", e.Seq, p.Ticket.Number, p.Order)
		}
		rec.Tickets[i].Issued = e.Seq
		return putJSON(b, []byte(p.Order), rec)
	case TypePaymentValidated:
		var p paymentValidated
		if err := e.decode(&p); err != nil {
			return err
		}
		return update(p.Order, func(ov *OrderView) {
			ov.Order.State, ov.Validated = pos.OrderPaid, e.Time
			for i := range ov.Order.Payments {
				if ov.Order.Payments[i].Pending {
					ov.Order.Payments[i].Pending = false
				}
			}
		})
	case TypeOrderCanceled:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		return update(p.Order, func(ov *OrderView) {
			ov.Order.State, ov.CancelReason = pos.OrderCanceled, p.Reason
			ticketsDo(ov, ticketSet(p.Tickets), func(t *TicketView) { t.State = TicketCanceled })
		})
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		byOrder := map[string]map[string]bool{}
		for _, t := range p.Tickets {
			o := pos.OrderOfTicket(t.Number)
			if byOrder[o] == nil {
				byOrder[o] = map[string]bool{}
			}
			byOrder[o][t.Number] = true
		}
		for _, o := range sortedKeys(byOrder) {
			if err := update(o, func(ov *OrderView) {
				ticketsDo(ov, byOrder[o], func(t *TicketView) { t.State = TicketExchanged })
				ov.ExchangedInto = p.Order
				if p.Order == "" {
					ov.ExchangedInto = p.Voucher
				}
			}); err != nil {
				return err
			}
		}
	case TypeTicketReprinted:
		var p ticketReprinted
		if err := e.decode(&p); err != nil {
			return err
		}
		return update(p.Order, func(ov *OrderView) {
			ticketsDo(ov, map[string]bool{p.Ticket: true}, func(t *TicketView) { t.Reprints++ })
		})
	case TypeTicketPrinted:
		var p ticketPrinted
		if err := e.decode(&p); err != nil {
			return err
		}
		return update(pos.OrderOfTicket(p.Ticket), func(ov *OrderView) {
			ticketsDo(ov, map[string]bool{p.Ticket: true}, func(t *TicketView) { t.Printed++ })
		})
	}
	return nil
}

func ticketSet(ts []pos.Ticket) map[string]bool {
	m := make(map[string]bool, len(ts))
	for _, t := range ts {
		m[t.Number] = true
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// order_index: what FindOrders cannot tell from an order's number alone,
// without decoding whole orders: the orders of a customer and the pending
// ones. An anonymous paid order, most sales, has no entry (a sale writes
// two pages fewer); FindOrders finds it by its number in "orders".
func applyOrderIndex(tx *bolt.Tx, e Entry) error {
	b := view(tx, vOrderIndex)
	b.FillPercent = 1 // order numbers only grow
	set := func(number, state, customer string) error {
		if customer == "" && state != pos.OrderPending {
			return b.Delete([]byte(number))
		}
		return b.Put([]byte(number), []byte(state+"|"+customer))
	}
	switch e.Type {
	case TypeOrderPlaced:
		var p orderPlaced
		if err := e.decode(&p); err != nil {
			return err
		}
		return set(p.Order.Number, p.Order.State, p.Order.Customer)
	case TypePaymentValidated:
		var p paymentValidated
		if err := e.decode(&p); err != nil {
			return err
		}
		_, customer := splitIndex(b.Get([]byte(p.Order)))
		return set(p.Order, pos.OrderPaid, customer)
	case TypeOrderCanceled:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		_, customer := splitIndex(b.Get([]byte(p.Order)))
		return set(p.Order, pos.OrderCanceled, customer)
	}
	return nil
}

func splitIndex(v []byte) (state, customer string) {
	for i, c := range v {
		if c == '|' {
			return string(v[:i]), string(v[i+1:])
		}
	}
	return string(v), ""
}

// by_customer: how many orders (not canceled) a customer has, for offers
// that target previous buyers.
func applyByCustomer(tx *bolt.Tx, e Entry) error {
	b := view(tx, vByCustomer)
	switch e.Type {
	case TypeOrderPlaced:
		var p orderPlaced
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Order.Customer != "" {
			return addInt(b, []byte(p.Order.Customer), 1)
		}
	case TypeOrderCanceled:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		_, customer := splitIndex(view(tx, vOrderIndex).Get([]byte(p.Order)))
		if customer != "" {
			return addInt(b, []byte(customer), -1)
		}
	}
	return nil
}

// --- seats, quota sold and capacity granted ---

func seatKeyOf(t pos.Ticket) []byte { return key(t.Performance, t.Zone, t.Seat) }

// soldKeyOf is what a ticket counts against: a zone of a performance, or a pass.
func soldKeyOf(t pos.Ticket) []byte {
	switch t.Kind {
	case pos.LineTicket:
		return key(t.Performance, t.Zone)
	case pos.LinePass:
		return key("pass", t.Item)
	}
	return nil
}

// ticketsMoved lists the tickets an entry sells (order.placed: d is +1,
// and order is the order placed) or gives back (cancellation, exchange:
// d is -1); none for other entries.
func ticketsMoved(e Entry) (order *pos.Order, ts []pos.Ticket, d int, err error) {
	switch e.Type {
	case TypeOrderPlaced:
		var p orderPlaced
		err = e.decode(&p)
		return &p.Order, p.Order.Tickets, 1, err
	case TypeOrderCanceled:
		var p orderCanceled
		err = e.decode(&p)
		return nil, p.Tickets, -1, err
	case TypeExchangeMade:
		var p exchangeMade
		err = e.decode(&p)
		return nil, p.Tickets, -1, err
	}
	return nil, nil, 0, nil
}

func applySeats(tx *bolt.Tx, e Entry) error {
	b := view(tx, vSeats)
	_, ts, d, err := ticketsMoved(e)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Kind != pos.LineTicket || t.Seat == "" {
			continue
		}
		if d < 0 {
			err = b.Delete(seatKeyOf(t))
		} else if prev := b.Get(seatKeyOf(t)); prev != nil {
			err = fmt.Errorf("entry %d: seat %s of %s sold twice (%s and %s)", e.Seq, t.Seat, t.Performance, prev, t.Number)
		} else {
			err = b.Put(seatKeyOf(t), []byte(t.Number))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func applySold(tx *bolt.Tx, e Entry) error {
	b := view(tx, vSold)
	_, ts, d, err := ticketsMoved(e)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if k := soldKeyOf(t); k != nil {
			if err := addInt(b, k, d); err != nil {
				return err
			}
		}
	}
	return nil
}

func applyGrants(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeCapacityGranted {
		return nil
	}
	var p capacityGranted
	if err := e.decode(&p); err != nil {
		return err
	}
	b := view(tx, vGrants)
	for _, g := range p.Grants {
		if err := putJSON(b, key(g.Performance, g.Zone), g); err != nil {
			return err
		}
	}
	return nil
}

// --- promo usage: tickets that benefited from each offer (orders not
// canceled), orders that used each code ---

func applyPromo(tx *bolt.Tx, e Entry) error {
	b := view(tx, vPromo)
	benefited := func(ts []pos.Ticket) int {
		n := 0
		for _, t := range ts {
			if t.Offer != "" && (t.Kind == pos.LineTicket || t.Kind == pos.LinePass) {
				n++
			}
		}
		return n
	}
	switch e.Type {
	case TypeOrderPlaced:
		var p orderPlaced
		if err := e.decode(&p); err != nil {
			return err
		}
		if o := p.Order.Offer; o != nil {
			if err := addInt(b, key("offer", o.ID), benefited(p.Order.Tickets)); err != nil {
				return err
			}
			if o.Code != "" {
				return addInt(b, key("code", o.Code), 1)
			}
		}
	case TypeOrderCanceled:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Offer != "" {
			if err := addInt(b, key("offer", p.Offer), -benefited(p.Tickets)); err != nil {
				return err
			}
		}
		if p.Code != "" {
			return addInt(b, key("code", p.Code), -1)
		}
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		// Returned tickets no longer benefit; the code's order still counts.
		byOffer := map[string]int{}
		for _, t := range p.Tickets {
			if ov, ok := getOrder(tx, pos.OrderOfTicket(t.Number)); ok && ov.Order.Offer != nil {
				byOffer[ov.Order.Offer.ID] += benefited([]pos.Ticket{t})
			}
		}
		for _, id := range sortedKeys(byOffer) {
			if err := addInt(b, key("offer", id), -byOffer[id]); err != nil {
				return err
			}
		}
	}
	return nil
}

// OfferUsage is how many tickets benefited from an offer (orders not
// canceled, exchanged tickets given back), read in tx.
func offerUsage(tx *bolt.Tx, offer string) int { return getInt(view(tx, vPromo), key("offer", offer)) }

// codeUsage is how many orders used a code (not canceled), read in tx.
func codeUsage(tx *bolt.Tx, code string) int { return getInt(view(tx, vPromo), key("code", code)) }

// --- cash drawer per shift ---

// A shift's orders and tickets sold are counted under a key of their own
// beside its report, so a sale's order.placed changes two small numbers
// instead of decoding and encoding the whole report (report() adds them).
func salesKey(shift string) []byte { return key(shift, "sales") }

// shiftSales is a shift's orders and tickets sold so far.
func shiftSales(b *bolt.Bucket, shift string) (orders, tickets int) {
	_, _ = fmt.Sscan(string(b.Get(salesKey(shift))), &orders, &tickets)
	return orders, tickets
}

func applyShifts(tx *bolt.Tx, e Entry) error {
	b := view(tx, vShifts)
	if e.Type == TypeShiftOpened {
		var p shiftOpened
		if err := e.decode(&p); err != nil {
			return err
		}
		z := pos.Zero(p.Float.Currency)
		rep := Report{Shift: p.Shift, Staff: p.Staff, Opened: e.Time, Float: p.Float,
			CashIn: z, CashOut: z, CashSales: z, CashRefunds: z, Expected: p.Float}
		return putJSON(b, []byte(p.Shift), rep)
	}
	switch e.Type {
	case TypeCashMoved, TypeOrderPlaced, TypePaymentCaptured, TypePaymentValidated, TypeOrderCanceled, TypeShiftClosed:
	default:
		return nil // read the shift's report only for what changes it
	}
	if e.Shift == "" {
		return nil
	}
	if e.Type == TypeOrderPlaced {
		if b.Get([]byte(e.Shift)) == nil {
			return nil
		}
		var p orderPlaced
		if err := e.decode(&p); err != nil {
			return err
		}
		orders, tickets := shiftSales(b, e.Shift)
		orders++
		for _, t := range p.Order.Tickets {
			if t.Kind == pos.LineTicket || t.Kind == pos.LinePass {
				tickets++
			}
		}
		return b.Put(salesKey(e.Shift), []byte(strconv.Itoa(orders)+" "+strconv.Itoa(tickets)))
	}
	var rep Report
	if !getJSON(b, []byte(e.Shift), &rep) {
		return fmt.Errorf("entry %d: shift %s was never opened", e.Seq, e.Shift)
	}
	method := func(p pos.Payment, sign int) {
		for i := range rep.ByMethod {
			if rep.ByMethod[i].Method == p.Method {
				rep.ByMethod[i].Count++
				rep.ByMethod[i].Amount = rep.ByMethod[i].Amount.Plus(p.Amount.Times(sign))
				return
			}
		}
		rep.ByMethod = append(rep.ByMethod, MethodTotal{Method: p.Method, Kind: p.Kind, Count: 1, Amount: p.Amount.Times(sign)})
		sort.Slice(rep.ByMethod, func(i, j int) bool { return rep.ByMethod[i].Method < rep.ByMethod[j].Method })
	}
	switch e.Type {
	case TypeCashMoved:
		var p cashMoved
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Amount.IsNegative() {
			rep.CashOut = rep.CashOut.Plus(p.Amount.Neg())
		} else {
			rep.CashIn = rep.CashIn.Plus(p.Amount)
		}
	case TypePaymentCaptured, TypePaymentValidated:
		var p paymentCaptured
		if err := e.decode(&p); err != nil {
			return err
		}
		method(p.Payment, 1)
		rep.CashSales = rep.CashSales.Plus(p.Payment.Cash())
	case TypeOrderCanceled:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		rep.Canceled++
		for _, r := range p.Refunds {
			method(r, -1)
			rep.CashRefunds = rep.CashRefunds.Plus(r.Cash())
		}
	case TypeShiftClosed:
		var p shiftClosed
		if err := e.decode(&p); err != nil {
			return err
		}
		rep.Z, rep.At, rep.Counted, rep.Difference = true, e.Time, p.Report.Counted, p.Report.Difference
	default:
		return nil
	}
	rep.Expected = rep.Float.Plus(rep.CashIn).Minus(rep.CashOut).Plus(rep.CashSales).Minus(rep.CashRefunds)
	return putJSON(b, []byte(e.Shift), rep)
}

func applyOpenShifts(tx *bolt.Tx, e Entry) error {
	b := view(tx, vOpenShifts)
	switch e.Type {
	case TypeShiftOpened:
		var p shiftOpened
		if err := e.decode(&p); err != nil {
			return err
		}
		return b.Put([]byte(p.Staff), []byte(p.Shift))
	case TypeShiftClosed:
		var p shiftClosed
		if err := e.decode(&p); err != nil {
			return err
		}
		return b.Delete([]byte(p.Report.Staff))
	}
	return nil
}

// --- customers ---

func applyCustomers(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeCustomerSaved {
		return nil
	}
	var p customerSaved
	if err := e.decode(&p); err != nil {
		return err
	}
	return putJSON(view(tx, vCustomers), []byte(p.Customer.ID), p.Customer)
}

// --- issued tickets: where each ticket's ticket.issued entry is ---

// An order's record in the orders view holds, for each of its tickets, the
// sequence number of its ticket.issued entry (the ticket and, in older
// journals, its QR).

// issuedSeq is the sequence number of a ticket's ticket.issued entry, as
// its order's record says (0, false: none).
func issuedSeq(tx *bolt.Tx, ticket string) (uint64, bool) {
	var rec orderRec
	i, ok := ticketIndex(ticket)
	if !ok || !getJSON(view(tx, vOrders), []byte(pos.OrderOfTicket(ticket)), &rec) || i >= len(rec.Tickets) || rec.Tickets[i].Issued == 0 {
		return 0, false
	}
	return rec.Tickets[i].Issued, true
}

// issuedEntry is the ticket.issued entry of a ticket.
func issuedEntry(tx *bolt.Tx, ticket string) (ticketIssued, uint64, bool) {
	seq, ok := issuedSeq(tx, ticket)
	if !ok {
		return ticketIssued{}, 0, false
	}
	p, _, err := issuedAt(tx, seq)
	return p, seq, err == nil && p.Ticket.Number == ticket
}

// issuedAt reads the ticket.issued entry seq.
func issuedAt(tx *bolt.Tx, seq uint64) (ticketIssued, Entry, error) {
	var p ticketIssued
	e, err := entryAt(tx, seq)
	if err == nil && e.Type != TypeTicketIssued {
		err = fmt.Errorf("journal entry %d is a %s, not a ticket.issued", seq, e.Type)
	}
	if err == nil {
		err = e.decode(&p)
	}
	return p, e, err
}

// withQRs fills in the QR payload of each ticket of an order view: the one
// its ticket.issued entry stored, or derived with the register's key.
func (r *Register) withQRs(tx *bolt.Tx, ov *OrderView) {
	for i := range ov.Tickets {
		if p, _, ok := issuedEntry(tx, ov.Tickets[i].Number); ok {
			ov.Tickets[i].QR, _ = r.ticketQR(p) // no QR rather than no order
		}
	}
}

// --- print queue: ticket.issued and ticket.reprinted without ticket.printed ---

// A print job's key is the sequence number of the entry that queued it
// (ticket.issued or ticket.reprinted); its value is the sequence number
// of the ticket's ticket.issued entry (8 bytes), followed by "d" for a
// duplicate. The ticket is read from that entry (its QR is derived).
func jobKey(seq uint64) []byte { return seqKey(seq) }

func jobID(k []byte) string { return strconv.FormatUint(binary.BigEndian.Uint64(k), 10) }

func jobValue(issued uint64, duplicate bool) []byte {
	v := seqKey(issued)
	if duplicate {
		v = append(v, 'd')
	}
	return v
}

// parseJob reads a print job's value: the ticket.issued entry and whether
// it is a duplicate.
func parseJob(v []byte) (issued uint64, duplicate, ok bool) {
	if len(v) != 8 && len(v) != 9 {
		return 0, false, false
	}
	return binary.BigEndian.Uint64(v), len(v) == 9, true
}

func applyPrintQueue(tx *bolt.Tx, e Entry) error {
	b := view(tx, vPrintQueue)
	b.FillPercent = 1 // jobs are journal sequence numbers: they only grow
	switch e.Type {
	case TypeTicketIssued:
		return b.Put(jobKey(e.Seq), jobValue(e.Seq, false))
	case TypeTicketReprinted:
		var p ticketReprinted
		if err := e.decode(&p); err != nil {
			return err
		}
		issued, ok := issuedSeq(tx, p.Ticket)
		if !ok || pos.OrderOfTicket(p.Ticket) != p.Order {
			return fmt.Errorf("entry %d: no ticket %s in order %s", e.Seq, p.Ticket, p.Order)
		}
		return b.Put(jobKey(e.Seq), jobValue(issued, true))
	case TypeTicketPrinted:
		var p ticketPrinted
		if err := e.decode(&p); err != nil {
			return err
		}
		n, err := strconv.ParseUint(p.Job, 10, 64)
		if err != nil {
			return fmt.Errorf("entry %d: print job %q: %w", e.Seq, p.Job, err)
		}
		return b.Delete(jobKey(n))
	case TypeOrderCanceled, TypeExchangeMade:
		// Tickets given back are no longer printed.
		_, ts, _, err := ticketsMoved(e)
		if err != nil {
			return err
		}
		gone := map[uint64]bool{}
		for _, t := range ts {
			if issued, ok := issuedSeq(tx, t.Number); ok {
				gone[issued] = true
			}
		}
		var drop [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if issued, _, ok := parseJob(v); ok && gone[issued] {
				drop = append(drop, append([]byte(nil), k...))
			}
		}
		for _, k := range drop {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// --- gift vouchers and exchange credits ---

type voucherRec struct {
	Kind    string    `json:"kind"` // pos.KindVoucher (gift) or pos.KindCredit
	Order   string    `json:"order"`
	Value   pos.Money `json:"value"`
	Balance pos.Money `json:"balance"`
	Void    bool      `json:"void,omitempty"` // its order was canceled
}

func applyVouchers(tx *bolt.Tx, e Entry) error {
	b := view(tx, vVouchers)
	spend := func(p pos.Payment, sign int) error {
		if p.Kind != pos.KindVoucher && p.Kind != pos.KindCredit || p.Voucher == "" {
			return nil
		}
		var v voucherRec
		if !getJSON(b, []byte(p.Voucher), &v) {
			return nil // exchange credit used directly by the new order
		}
		v.Balance = v.Balance.Minus(p.Amount.Times(sign))
		return putJSON(b, []byte(p.Voucher), v)
	}
	switch e.Type {
	case TypeTicketIssued:
		var p ticketIssued
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Ticket.Kind == pos.LineVoucher {
			return putJSON(b, []byte(p.Ticket.Number), voucherRec{Kind: pos.KindVoucher, Order: p.Order, Value: p.Ticket.Regular, Balance: p.Ticket.Regular})
		}
	case TypePaymentCaptured:
		var p paymentCaptured
		if err := e.decode(&p); err != nil {
			return err
		}
		return spend(p.Payment, 1)
	case TypeOrderCanceled:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		for _, r := range p.Refunds {
			if err := spend(r, -1); err != nil {
				return err
			}
		}
		for _, t := range p.Tickets {
			var v voucherRec
			if t.Kind == pos.LineVoucher && getJSON(b, []byte(t.Number), &v) {
				v.Void, v.Balance = true, pos.Zero(v.Balance.Currency)
				if err := putJSON(b, []byte(t.Number), v); err != nil {
					return err
				}
			}
		}
	case TypeExchangeMade:
		var p exchangeMade
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Voucher != "" {
			return putJSON(b, []byte(p.Voucher), voucherRec{Kind: pos.KindCredit, Order: p.Order, Value: p.Remainder, Balance: p.Remainder})
		}
	}
	return nil
}
