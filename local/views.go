package local

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Views, each a top-level bucket viewPrefix + name.
const (
	vOrders     = "orders"      // order number -> orderRec (JSON), its tickets' ticket.issued entries included
	vOrderIndex = "order_index" // order number -> "state|customer id", for orders of a customer and pending ones
	vByCustomer = "by_customer" // customer id -> orders placed (not canceled)
	vSeats      = "seats"       // perf \x00 zone \x00 seat -> ticket number
	vSold       = "sold"        // perf \x00 zone, or "pass" \x00 id -> tickets sold (pending included)
	vGrants     = "grants"      // perf \x00 zone -> grant
	vPromo      = "promo_usage" // "offer" \x00 id -> tickets; "code" \x00 code -> orders; "placed" \x00 code -> orders ever
	vShifts     = "shifts"      // open shift id -> Report (running totals); shift id \x00 "sales" -> "orders tickets"
	vOpenShifts = "open_shifts" // staff id -> shift id
	vCustomers  = "customers"   // customer id -> pos.Customer
	vPrintQueue = "print_queue" // job seq (8 bytes) -> ticket.issued seq (8 bytes) + "d" for a duplicate; "R" + order; "K" + order
	vVouchers   = "vouchers"    // voucher number -> voucherRec
	vCounters   = "counters"    // orders, shifts, customers, credits -> last number used
	vKey        = "key"         // "register.key" -> seq of the register.key entry (8 bytes)
)

// Views kept by codes.go's promo codes.
const (
	vCodes      = "codes"       // code -> pos.Code added at the register
	vCodeFlags  = "code_flags"  // code -> "disabled" | "deleted" (any code, the catalog's included)
	vPromoItems = "promo_items" // offer \x00 scope item key -> tickets that benefited (orders not canceled)
)

// viewTable is every view, in the order each entry is folded into them
// (one per file, view_*.go), with the entry types its applier folds. The
// order matters where an applier reads another view: orders before
// print_queue and promo_usage (they look tickets and offers up there),
// order_index before by_customer. A view added here is created, and every
// view rebuilt, at the next Open. An applier sees only entries of its
// types (a sale then neither calls nor opens the views it cannot change);
// it must ignore every other type, which the tests check by folding the
// journal again with every applier seeing every entry (foldEveryEntry).
func viewTable() []viewDef {
	return []viewDef{
		{vCodes, applyCodes, []string{TypeCodesAdded, TypeCodeChanged, TypeCodeDeleted}},
		{vCodeFlags, applyCodeFlags, []string{TypeCodeDisabled, TypeCodeEnabled, TypeCodeDeleted, TypeCodesAdded}},
		{vPromoItems, applyPromoItems, []string{TypeOrderPlaced, TypeOrderCanceled, TypeExchangeMade, TypeOrderLapsed}},
		{vCounters, applyCounters, []string{TypeOrderPlaced, TypeShiftOpened, TypeReceiptQueued, TypeCustomerSaved, TypeExchangeMade, TypeJournalRestarted,
			TypeOrderCanceled, TypeOrderLapsed}},
		{vOrders, applyOrders, []string{TypeOrderPlaced, TypeTicketIssued, TypePaymentValidated, TypeOrderCanceled, TypeOrderCustomer,
			TypeExchangeMade, TypeTicketReprinted, TypeTicketPrinted, TypeOrderLapsed, TypeReceiptQueued}},
		{vOrderIndex, applyOrderIndex, []string{TypeOrderPlaced, TypePaymentValidated, TypeOrderCanceled, TypeOrderLapsed, TypeOrderCustomer}},
		{vByCustomer, applyByCustomer, []string{TypeOrderPlaced, TypeOrderCanceled, TypeOrderLapsed, TypeOrderCustomer}},
		{vSeats, applySeats, []string{TypeOrderPlaced, TypeOrderCanceled, TypeExchangeMade, TypeOrderLapsed}},
		{vSold, applySold, []string{TypeOrderPlaced, TypeOrderCanceled, TypeExchangeMade, TypeOrderLapsed}},
		{vGrants, applyGrants, []string{TypeCapacityGranted}},
		{vAllot, applyAllot, []string{TypeCapacityGranted, TypeCapacityReturned}},
		{vPromo, applyPromo, []string{TypeOrderPlaced, TypeOrderCanceled, TypeExchangeMade, TypeOrderLapsed}},
		{vShifts, applyShifts, []string{TypeShiftOpened, TypeCashMoved, TypeOrderPlaced, TypePaymentCaptured,
			TypePaymentValidated, TypeOrderCanceled, TypeOrderLapsed, TypeShiftClosed, TypeTillSession}},
		{vShiftsDone, applyShiftsClosed, []string{TypeShiftClosed}},
		{vOpenShifts, applyOpenShifts, []string{TypeShiftOpened, TypeShiftClosed}},
		{vShiftDetail, applyShiftDetail, []string{TypeOrderPlaced, TypePaymentCaptured, TypePaymentValidated,
			TypeOrderCanceled, TypeOrderLapsed, TypeExchangeMade}},
		{vDetailDone, applyShiftDetailClosed, []string{TypeShiftClosed}},
		{vCustomers, applyCustomers, []string{TypeCustomerSaved}},
		{vCustomerSearch, applyCustomerSearch, []string{TypeCustomerSaved}},
		{vPrintQueue, applyPrintQueue, []string{TypeTicketIssued, TypeTicketReprinted, TypeTicketPrinted,
			TypeOrderCanceled, TypeExchangeMade, TypeReceiptQueued, TypeDrawerQueued, TypeReceiptPrinted,
			TypeDrawerOpened, TypePrintDropped, TypeOrderLapsed}},
		{vDeadlines, applyDeadlines, []string{TypeOrderPlaced, TypePaymentValidated, TypeOrderCanceled, TypeOrderLapsed}},
		{vVouchers, applyVouchers, []string{TypeTicketIssued, TypePaymentCaptured, TypeOrderCanceled, TypeExchangeMade, TypeOrderLapsed}},
		{vKey, applyKey, []string{TypeRegisterKey}},
		{vPINFailures, applyPINFailures, []string{TypePINFailed, TypePINCleared}},
		{vOffers, applyOffers, []string{TypeOfferSaved}},                                          // offers.go
		{vKioskPayments, applyKioskPayments, []string{TypePaymentRequested, TypePaymentResolved}}, // kiosk.go
		{vKioskRefunds, applyKioskRefunds, []string{TypePaymentResolved, TypePaymentRefunded}},    // kiosk.go
		{vFiscal, applyFiscal, []string{TypeClosureMade, TypeJournalRestarted}},
		{vAdmissions, applyAdmissions, []string{TypeTicketAdmitted}}, // admission.go
		{vOutbox, applyOutbox, outboxTypes},                          // view_outbox.go
		{vLeftToTell, applyLeftToTell, []string{TypeTillSession}},    // payments_left.go
	}
}

// viewDef is a row of viewTable: a view's name (its bucket is viewPrefix +
// name), its applier and the entry types the applier folds (none: every
// type). An applier folds one entry into its view. It runs in the
// transaction that appends the entry, and again for every entry when views
// are rebuilt, so it must depend on nothing but the entry and the views
// (no clock, no catalog, no map order).
type viewDef struct {
	name  string
	apply func(tx *bolt.Tx, e Entry) error
	types []string
}

// applier is a viewDef ready to fold: its types as a set (nil: every type).
type applier struct {
	name  string
	apply func(tx *bolt.Tx, e Entry) error
	types map[string]bool
}

// appliers is viewTable, in its order, and viewBuckets maps a view's name
// to its bucket's name; both are set once, at init, read-only after. (A
// package-level initializer would be an initialization cycle: appliers
// use view, which reads viewBuckets.)
var (
	appliers    []applier
	viewBuckets = map[string][]byte{}
)

func init() {
	for _, d := range viewTable() {
		if viewBuckets[d.name] != nil {
			panic("local: view listed twice: " + d.name)
		}
		var set map[string]bool
		if len(d.types) > 0 {
			set = map[string]bool{}
			for _, t := range d.types {
				set[t] = true
			}
		}
		appliers = append(appliers, applier{d.name, d.apply, set})
		viewBuckets[d.name] = []byte(viewPrefix + d.name)
	}
	for _, a := range appliers {
		if a.types == nil {
			everyType = append(everyType, a)
		}
		for t := range a.types {
			foldersOf[t] = nil
		}
	}
	for t := range foldersOf {
		for _, a := range appliers {
			if a.types == nil || a.types[t] {
				foldersOf[t] = append(foldersOf[t], a)
			}
		}
	}
}

// foldersOf lists, for each entry type some applier registered, the
// appliers that fold it, in viewTable's order; everyType are the appliers
// of every type (the folders of a type none registered). Set at init.
var (
	foldersOf = map[string][]applier{}
	everyType []applier
)

// view is a view's bucket in tx.
func view(tx *bolt.Tx, name string) *bolt.Bucket {
	return tx.Bucket(viewBuckets[name])
}

// lazyView is a view's bucket in tx, opened at its first call: an applier
// with nothing to change for an entry (a sale with no seat, offer, voucher
// or customer) leaves the view unopened. In a write transaction bbolt
// keeps each bucket opened until the commit and visits it there; a sale
// opened ten views it did not change.
func lazyView(tx *bolt.Tx, name string) func() *bolt.Bucket {
	var b *bolt.Bucket
	return func() *bolt.Bucket {
		if b == nil {
			b = view(tx, name)
		}
		return b
	}
}

// applyAll folds one entry into every view, its payload decoded once from
// the stored JSON unless append handed it the payload as built.
func applyAll(tx *bolt.Tx, e Entry) error {
	if newPayload, ok := payloadTypes[e.Type]; ok && e.decoded == nil {
		p := newPayload()
		if err := json.Unmarshal(e.Payload, p); err != nil {
			return fmt.Errorf("entry %d (%s): payload: %w", e.Seq, e.Type, err)
		}
		e.decoded = p
	}
	folders, ok := foldersOf[e.Type]
	if !ok {
		folders = everyType
	}
	if foldEveryEntry {
		folders = appliers
	}
	for _, a := range folders {
		if err := a.apply(tx, e); err != nil {
			return fmt.Errorf("view %s: %w", a.name, err)
		}
	}
	return nil
}

// foldEveryEntry makes applyAll hand every entry to every applier, whatever
// types it registered: tests set it to check those types miss nothing.
var foldEveryEntry bool

// viewsCurrent says whether tx holds every registered view, in this
// version's layout: else Open rebuilds them all (setUp), and a reader
// that may not write cannot use them.
func viewsCurrent(tx *bolt.Tx) bool {
	meta := tx.Bucket(bucketMeta)
	if meta == nil || string(meta.Get([]byte("views_format"))) != viewsFormat {
		return false
	}
	for _, a := range appliers {
		if tx.Bucket(viewBuckets[a.name]) == nil {
			return false
		}
	}
	return true
}

// ensureViews creates every registered view's bucket. It reports whether
// any was missing (then the views must be rebuilt).
func ensureViews(tx *bolt.Tx) (missing bool, err error) {
	for _, a := range appliers {
		if tx.Bucket(viewBuckets[a.name]) == nil {
			missing = true
			if _, err := tx.CreateBucket(viewBuckets[a.name]); err != nil {
				return false, err
			}
		}
	}
	return missing, nil
}

// viewBucketNames lists the file's view buckets (registered or not), in
// key order.
func viewBucketNames(tx *bolt.Tx) [][]byte {
	var names [][]byte
	c := tx.Cursor()
	for k, _ := c.Seek([]byte(viewPrefix)); k != nil && bytes.HasPrefix(k, []byte(viewPrefix)); k, _ = c.Next() {
		names = append(names, append([]byte(nil), k...))
	}
	return names
}

// rebuildViews drops every view (and the older layout's "views" bucket)
// and folds the whole journal into fresh ones. It returns the number of
// entries replayed.
func rebuildViews(tx *bolt.Tx) (uint64, error) {
	for _, name := range append(viewBucketNames(tx), legacyViews) {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return 0, err
			}
		}
	}
	if _, err := ensureViews(tx); err != nil {
		return 0, err
	}
	var n uint64
	err := forEachEntry(tx, 1, func(e Entry) error {
		n++
		return applyAll(tx, e)
	})
	return n, err
}

// viewsDigest is a SHA-256 over every key and value of every view, in key
// order: two files with the same digest have byte-identical views.
func viewsDigest(tx *bolt.Tx) Digest {
	h := sha256.New()
	var walk func(b *bolt.Bucket, depth int)
	walk = func(b *bolt.Bucket, depth int) {
		_ = b.ForEach(func(k, v []byte) error {
			var hdr [9]byte
			hdr[0] = byte(depth)
			binary.BigEndian.PutUint32(hdr[1:], uint32(len(k)))
			binary.BigEndian.PutUint32(hdr[5:], uint32(len(v)))
			if v == nil {
				hdr[0] |= 0x80
			}
			h.Write(hdr[:])
			h.Write(k)
			h.Write(v)
			if v == nil {
				walk(b.Bucket(k), depth+1)
			}
			return nil
		})
	}
	for _, name := range viewBucketNames(tx) {
		var hdr [9]byte
		hdr[0] = 0x80
		binary.BigEndian.PutUint32(hdr[1:], uint32(len(name)))
		h.Write(hdr[:])
		h.Write(name)
		walk(tx.Bucket(name), 1)
	}
	var d Digest
	copy(d[:], h.Sum(nil))
	return d
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
	n, _ := strconv.Atoi(string(get(b, k)))
	return n
}

// get is b.Get(k). In the committer's transaction it looks k up through
// a cursor the transaction keeps for b: a Get makes a cursor and grows
// its stack (an allocation a level: three in the journal or the orders
// view), and a printed sale's commits look up its order's record, its
// tickets' entries and the counts some thirty times. Seek finds what the
// transaction wrote since the cursor was made; like Get, it gives no
// value for a nested bucket's key.
func get(b *bolt.Bucket, k []byte) []byte {
	c := cacheOf(b.Tx())
	if c == nil {
		return b.Get(k)
	}
	cur := c.cursors[b]
	if cur == nil {
		if c.cursors == nil {
			c.cursors = map[*bolt.Bucket]*bolt.Cursor{}
		}
		cur = b.Cursor()
		c.cursors[b] = cur
	}
	if key, v := cur.Seek(k); bytes.Equal(key, k) {
		return v
	}
	return nil
}

func addInt(b *bolt.Bucket, k []byte, d int) error {
	n := getInt(b, k) + d
	if n == 0 {
		return b.Delete(k)
	}
	return b.Put(k, []byte(strconv.Itoa(n)))
}

// getJSON reads the JSON value under k into v: found is false when there
// is none. A value that does not decode is an error, not "not found": the
// views are damaged and a rebuild makes them again from the journal.
func getJSON(b *bolt.Bucket, k []byte, v any) (found bool, err error) {
	data := get(b, k)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, &DamagedViewError{Key: string(k), Err: err}
	}
	return true, nil
}

// DamagedViewError is a view's value that does not read back: the file's
// views are damaged (the journal may be intact). guichet journal rebuild
// makes them again from the journal.
type DamagedViewError struct {
	Key string // the value's key in its view
	Err error
}

func (e *DamagedViewError) Error() string {
	return fmt.Sprintf("the register's views are damaged (%q: %v): rebuild them from the journal (guichet journal rebuild)", e.Key, e.Err)
}

func (e *DamagedViewError) Unwrap() error { return e.Err }

func putJSON(b *bolt.Bucket, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}

// d is -1); none for other entries.
func ticketsMoved(e Entry) (order *pos.Order, ts []pos.Ticket, d int, err error) {
	switch e.Type {
	case TypeOrderPlaced:
		p, err := payloadOf[orderPlaced](e)
		if err != nil {
			return nil, nil, 0, err
		}
		return &p.Order, p.Order.Tickets, 1, nil
	case TypeOrderCanceled, TypeOrderLapsed:
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
