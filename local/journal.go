package local

import "errors"

// Top-level buckets of the file. The journal is the source of truth; meta
// holds the register's identity. Each view is a top-level bucket of its
// own, named viewPrefix + its name, derived from the journal and rebuilt
// from it when needed: not nested under one "views" bucket, whose page a
// sale would otherwise write once more.
var (
	bucketJournal = []byte("journal")
	bucketMeta    = []byte("meta")
)

// viewPrefix starts the bucket name of every view.
const viewPrefix = "v."

// legacyViews is the bucket that held every view up to views format 4; it
// is dropped when the views are rebuilt.
var legacyViews = []byte("views")

// Journal entry types. Payloads are the JSON of the Go structs in
// payloads.go; a type is never renamed, a payload only gains fields.
const (
	TypeRegisterKey      = "register.key"
	TypeCapacityGranted  = "capacity.granted"
	TypeShiftOpened      = "shift.opened"
	TypeCashMoved        = "cash.moved"
	TypeOrderPlaced      = "order.placed"
	TypePaymentCaptured  = "payment.captured"
	TypePaymentValidated = "payment.validated"
	TypeOrderCanceled    = "order.canceled"
	// order.lapsed: a pending invoice's deadline passed unpaid; written by
	// the register when it first notices (no shift), its payload is an
	// order.canceled's with no refunds.
	TypeOrderLapsed     = "order.lapsed"
	TypeTicketIssued    = "ticket.issued"
	TypeTicketPrinted   = "ticket.printed"
	TypeTicketReprinted = "ticket.reprinted"
	TypeExchangeMade    = "exchange.made"
	TypeCustomerSaved   = "customer.saved"
	TypeShiftClosed     = "shift.closed"

	// Print jobs other than tickets: a receipt or a cash-drawer kick is
	// queued in the journal like a ticket (a restart does not forget it),
	// printed (receipt.printed, drawer.opened) or dropped (print.dropped:
	// a drawer kick too old to open the drawer by then).
	TypeReceiptQueued  = "receipt.queued"
	TypeDrawerQueued   = "drawer.queued"
	TypeReceiptPrinted = "receipt.printed"
	TypeDrawerOpened   = "drawer.opened"
	TypePrintDropped   = "print.dropped"
)

var errStop = errors.New("stop")
